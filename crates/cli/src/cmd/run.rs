//! `restake run`: one scenario, one record per block (JSON lines or CSV), then the final state
//! hash.

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};

use clap::{Args, ValueEnum};
use restake_cli::input::load_scenario;
use restake_engine::metrics::{cells, column_names, Cell};
use restake_engine::{BlockMetrics, MemoryLimit, Sim};
use serde::Serialize;

use super::blocks_parser;

/// Arguments of `restake run`.
#[derive(Args)]
pub struct RunArgs {
    /// A preset name (see `restake presets`) or a path to a scenario JSON file.
    #[arg(long, default_value = "oracle-cascade")]
    scenario: String,
    /// Number of blocks (12 s each) to run; at most 26,298,000 (10 years, the engine's
    /// longest delay).
    #[arg(long, default_value_t = 7_200, value_parser = blocks_parser())]
    blocks: u64,
    /// Seed of every random stream.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Print the narrated events to stderr as they happen.
    #[arg(long)]
    events: bool,
    /// Inject the scenario's default oracle fault (the app's "Oracle fault" button) after
    /// this many blocks; refused when the scenario has no oracle AVS.
    #[arg(long)]
    fault_at: Option<u64>,
}

/// Output format of `run`.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Csv,
}

/// One output record: the fixed fields below, then every further column of
/// [`restake_engine::metrics::columns`] (per LRT `lrt{i}_…`, per market `market{i}_…`, loss by
/// layer `loss_…`, the staker paths `path_…`) under the same names as the CSV header. Amounts in
/// wei are decimal strings (they pass 2^53), other numbers are numbers, booleans are booleans,
/// and a missing or unbounded value is null. The further columns come in the order of their
/// names (as a sorted JSON map wrote them).
#[derive(Serialize)]
struct Record<'a> {
    block: u64,
    lrt_price: f64,
    lrt_nav: f64,
    discount: f64,
    slashed_wei: String,
    liquidated_wei: String,
    liquidations: u64,
    bad_debt_wei: String,
    pool_eth_wei: String,
    pool_lrt_wei: String,
    panic_sold_lrt_wei: String,
    queue_lrt_wei: String,
    pending_slashes: u32,
    insecure_avss: u32,
    beacon_penalties_wei: String,
    hidden_leverage: f64,
    loop_leverage: Option<f64>,
    insurance_paid_wei: String,
    insurance_shortfall_wei: String,
    finalizing: bool,
    network_secure: bool,
    /// Durvasula-Roughgarden slack; empty (CSV) or null (JSON) when no coalition can attack.
    network_slack: Option<f64>,
    /// The remaining columns of `metrics::columns`, by name.
    #[serde(flatten)]
    more: Extras<'a>,
}

/// A cell of `metrics::columns` as a JSON value: `*_wei` are decimal strings, booleans are
/// booleans, a missing or unbounded value is null, the rest numbers (an integer when the value
/// is a whole number that fits a u64, as the CSV text it replaces was read back).
struct JsonCell<'a>(&'a str, Cell);

impl Serialize for JsonCell<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let JsonCell(name, cell) = *self;
        if name.ends_with("_wei") {
            return s.collect_str(&cell);
        }
        let x = match cell {
            Cell::Bool(b) => return s.serialize_bool(b),
            Cell::Missing => return s.serialize_unit(),
            Cell::Int(n) => match u64::try_from(n) {
                Ok(n) => return s.serialize_u64(n),
                Err(_) => n as f64,
            },
            Cell::Float(x) => x,
        };
        // A whole, non-negative float below 2^64 was printed as digits only.
        if x.fract() == 0.0 && !x.is_sign_negative() && x < 18_446_744_073_709_551_616.0 {
            s.serialize_u64(x as u64)
        } else if x.is_finite() {
            s.serialize_f64(x)
        } else {
            s.serialize_unit()
        }
    }
}

/// The columns of `metrics::columns` that are not fixed fields of [`Record`], in the order of
/// their names: worked out once per number of LRTs and markets, which fix the columns.
#[derive(Default)]
struct Layout {
    /// The numbers of LRTs and markets the layout is for.
    shape: Option<(usize, usize)>,
    /// Every column's name, in `metrics::columns`' order.
    names: Vec<String>,
    /// Indices into the columns of the further ones, sorted by name.
    extra: Vec<usize>,
}

impl Layout {
    /// The layout of `m`'s columns, reusing this one when the shape is the same.
    fn update(&mut self, m: &BlockMetrics, fixed: &Record) {
        let shape = (m.lrts.len(), m.markets.len());
        if self.shape == Some(shape) {
            return;
        }
        self.shape = Some(shape);
        let fixed = serde_json::to_value(fixed).expect("record serialises");
        let names = column_names(m);
        self.extra = (0..names.len())
            .filter(|&i| fixed.get(&names[i]).is_none())
            .collect();
        // The names are unique (tested in the engine), so sorting keeps every one.
        self.extra.sort_by(|&a, &b| names[a].cmp(&names[b]));
        self.names = names;
    }
}

/// The further columns of one block, as map entries.
#[derive(Default)]
struct Extras<'a> {
    names: &'a [String],
    cells: &'a [Cell],
    order: &'a [usize],
}

impl Serialize for Extras<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.order.len()))?;
        for &i in self.order {
            let name = &self.names[i];
            map.serialize_entry(name, &JsonCell(name, self.cells[i]))?;
        }
        map.end()
    }
}

impl From<&BlockMetrics> for Record<'_> {
    fn from(m: &BlockMetrics) -> Self {
        Record {
            block: m.block,
            lrt_price: m.lrt_price,
            lrt_nav: m.lrt_nav,
            discount: m.discount,
            slashed_wei: m.slashed_wei.to_string(),
            liquidated_wei: m.liquidated_wei.to_string(),
            liquidations: m.liquidations,
            bad_debt_wei: m.bad_debt_wei.to_string(),
            pool_eth_wei: m.pool_eth_wei.to_string(),
            pool_lrt_wei: m.pool_lrt_wei.to_string(),
            panic_sold_lrt_wei: m.panic_sold_lrt_wei.to_string(),
            queue_lrt_wei: m.queue_lrt_wei.to_string(),
            pending_slashes: m.pending_slashes,
            insecure_avss: m.insecure_avss,
            beacon_penalties_wei: m.beacon_penalties_wei.to_string(),
            hidden_leverage: m.hidden_leverage,
            loop_leverage: m.loop_leverage.is_finite().then_some(m.loop_leverage),
            insurance_paid_wei: m.insurance_paid_wei.to_string(),
            insurance_shortfall_wei: m.insurance_shortfall_wei.to_string(),
            finalizing: m.finalizing,
            network_secure: m.network_secure,
            network_slack: m.network_slack.is_finite().then_some(m.network_slack),
            more: Extras::default(),
        }
    }
}

impl RunArgs {
    /// Runs the scenario and streams its records to stdout, keeping a bounded past in memory.
    ///
    /// # Errors
    /// The scenario cannot be loaded or is invalid, `--fault-at` on a scenario without an oracle
    /// AVS or refused by the engine, or the output cannot be written.
    pub fn exec(self) -> Result<(), String> {
        let RunArgs {
            scenario,
            blocks,
            seed,
            format,
            events,
            fault_at,
        } = self;
        let scenario = load_scenario(&scenario)?;
        let mut sim = Sim::new(scenario, seed).map_err(|e| format!("invalid scenario: {e}"))?;
        // Records are streamed: keep only a bounded past so that long runs stay in constant memory.
        sim.set_memory_limit(Some(MemoryLimit::default()));
        let out = io::stdout();
        let mut out = BufWriter::new(out.lock());
        let io_err = |e: io::Error| format!("cannot write output: {e}");
        let mut csv = match format {
            Format::Csv => Some(csv::Writer::from_writer(io::stdout())),
            Format::Json => None,
        };
        let mut layout = Layout::default();
        let (mut row, mut text) = (Vec::new(), String::new());
        let mut seen_events = 0u64;
        let mut header_due = true;
        let oracle_fault = match fault_at {
            Some(_) => Some(sim.default_oracle_fault().ok_or(
                "--fault-at: this scenario has no oracle AVS, so it has no oracle fault to inject",
            )?),
            None => None,
        };
        for _ in 0..blocks {
            if fault_at == Some(sim.block()) {
                if let Some(f) = oracle_fault.clone() {
                    sim.inject(f).map_err(|e| format!("--fault-at: {e}"))?;
                }
            }
            let m = sim.step();
            cells(m, &mut row);
            match &mut csv {
                Some(w) => {
                    if header_due {
                        header_due = false;
                        w.write_record(column_names(m))
                            .map_err(|e| format!("cannot write output: {e}"))?;
                    }
                    for cell in &row {
                        text.clear();
                        write!(text, "{cell}").expect("writing to a String");
                        w.write_field(&text)
                            .map_err(|e| format!("cannot write output: {e}"))?;
                    }
                    w.write_record(None::<&[u8]>)
                        .map_err(|e| format!("cannot write output: {e}"))?;
                }
                None => {
                    let mut record = Record::from(m);
                    layout.update(m, &record);
                    record.more = Extras {
                        names: &layout.names,
                        cells: &row,
                        order: &layout.extra,
                    };
                    serde_json::to_writer(&mut out, &record).map_err(|e| e.to_string())?;
                    out.write_all(b"\n").map_err(io_err)?;
                }
            }
            if events {
                let from = (seen_events - sim.events_dropped()) as usize;
                for e in &sim.events()[from..] {
                    let step = e.step.map_or(String::from("-"), |s| {
                        format!("{} {}", s.number(), s.title())
                    });
                    eprintln!("[block {:>6}] [{step}] {}", e.block, e.text);
                }
                seen_events = sim.events_dropped() + sim.events().len() as u64;
            }
        }
        let hash = sim.state_hash();
        match format {
            Format::Json => {
                let last = serde_json::json!({ "final_block": sim.block(), "state_hash": hash });
                writeln!(out, "{last}").map_err(io_err)?;
            }
            Format::Csv => {
                if let Some(w) = &mut csv {
                    w.flush().map_err(io_err)?;
                }
                eprintln!("# state_hash={hash} final_block={}", sim.block());
            }
        }
        out.flush().map_err(io_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind of cell becomes the JSON value the record had when it was read back from the
    /// CSV text.
    #[test]
    fn cells_as_json() {
        let json = |name, cell| serde_json::to_string(&JsonCell(name, cell)).unwrap();
        assert_eq!(json("pool_eth_wei", Cell::Int(12)), r#""12""#);
        assert_eq!(
            json("pool_eth_wei", Cell::Int(1 << 100)),
            r#""1267650600228229401496703205376""#
        );
        assert_eq!(json("liquidations", Cell::Int(3)), "3");
        assert_eq!(
            json("liquidations", Cell::Int(1 << 70)),
            "1.1805916207174113e+21"
        );
        assert_eq!(json("lrt0_nav", Cell::Float(1.0)), "1");
        assert_eq!(json("lrt0_nav", Cell::Float(1e20)), "1e+20");
        assert_eq!(json("lrt0_price", Cell::Float(0.25)), "0.25");
        assert_eq!(json("lrt0_price", Cell::Float(-0.0)), "-0.0");
        assert_eq!(json("lrt0_price", Cell::Float(-2.0)), "-2.0");
        assert_eq!(json("min_health_factor", Cell::Missing), "null");
        assert_eq!(json("network_slack", Cell::Float(f64::INFINITY)), "null");
        assert_eq!(json("finalizing", Cell::Bool(true)), "true");
    }

    /// The further columns come sorted by name after the fixed fields, each once.
    #[test]
    fn further_columns_by_name() {
        let m = BlockMetrics::default();
        let mut record = Record::from(&m);
        let mut layout = Layout::default();
        layout.update(&m, &record);
        let mut row = Vec::new();
        cells(&m, &mut row);
        record.more = Extras {
            names: &layout.names,
            cells: &row,
            order: &layout.extra,
        };
        let out: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&record).unwrap()).unwrap();
        let text = serde_json::to_string(&record).unwrap();
        assert!(text.starts_with(r#"{"block":0,"#), "{text}");
        let after: Vec<&String> = layout.extra.iter().map(|&i| &layout.names[i]).collect();
        assert!(after.windows(2).all(|p| p[0] < p[1]), "{after:?}");
        assert!(after.iter().any(|n| n.as_str() == "min_health_factor"));
        assert!(!after.iter().any(|n| n.as_str() == "block"));
        // Every column is in the record once: the fixed fields and the further ones.
        assert_eq!(out.as_object().unwrap().len(), layout.names.len());
    }
}
