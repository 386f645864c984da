//! `restake run`: one scenario, one record per block (JSON lines or CSV), then the final state
//! hash.

use std::io::{self, BufWriter, Write};

use clap::{Args, ValueEnum};
use restake_cli::input::load_scenario;
use restake_engine::metrics::{cells, column_names, Cell};
use restake_engine::{BlockMetrics, MemoryLimit, Sim};

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

/// The fixed fields of a JSON record, in order; every further column of
/// [`restake_engine::metrics::for_each_column`] (per LRT `lrt{i}_…`, per market `market{i}_…`,
/// loss by layer `loss_…`, the staker paths `path_…`) follows under the same name as in the CSV
/// header, in the order of the names (as a sorted JSON map wrote them). Amounts in wei
/// (`*_wei`) are decimal strings (they pass 2^53), other numbers are numbers, booleans are
/// booleans, and a missing or unbounded value (`loop_leverage`, `network_slack`,
/// `min_health_factor`) is null.
const FIXED: [&str; 22] = [
    "block",
    "lrt_price",
    "lrt_nav",
    "discount",
    "slashed_wei",
    "liquidated_wei",
    "liquidations",
    "bad_debt_wei",
    "pool_eth_wei",
    "pool_lrt_wei",
    "panic_sold_lrt_wei",
    "queue_lrt_wei",
    "pending_slashes",
    "insecure_avss",
    "beacon_penalties_wei",
    "hidden_leverage",
    "loop_leverage",
    "insurance_paid_wei",
    "insurance_shortfall_wei",
    "finalizing",
    "network_secure",
    "network_slack",
];

/// How a JSON record writes one column's cell.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// `*_wei`: the cell's text as a JSON string.
    Text,
    /// A fixed field: integers and booleans as they are, a float as serde_json writes an `f64`
    /// (null when not finite).
    Exact,
    /// A further column: as [`Kind::Exact`], except that a whole, non-negative float below
    /// 2^64 is written as an integer and an integer past a `u64` as a float (as the CSV text
    /// these columns once were was read back).
    Loose,
}

/// The JSON record's layout, worked out once per number of LRTs and markets (which fix the
/// columns): each value's key (with the `{` or `,` before it), column and kind.
#[derive(Default)]
struct Layout {
    /// The numbers of LRTs and markets the layout is for.
    shape: Option<(usize, usize)>,
    /// The keys, one after another: `{"block":`, `,"lrt_price":`, …
    keys: Vec<u8>,
    /// Per value, in the record's order: the end of its key in `keys`, its column in
    /// `metrics::for_each_column`'s order, and how it is written.
    values: Vec<(usize, usize, Kind)>,
}

impl Layout {
    /// The layout of `m`'s columns, reusing this one when the shape is the same.
    fn update(&mut self, m: &BlockMetrics) {
        let shape = (m.lrts.len(), m.markets.len());
        if self.shape == Some(shape) {
            return;
        }
        self.shape = Some(shape);
        let names = column_names(m);
        let column = |name: &str| names.iter().position(|n| n == name);
        let mut order: Vec<(usize, Kind)> = FIXED
            .iter()
            .map(|f| (column(f).expect("a fixed field is a column"), Kind::Exact))
            .collect();
        let mut extra: Vec<usize> = (0..names.len())
            .filter(|&i| !FIXED.contains(&names[i].as_str()))
            .collect();
        // The names are unique (tested in the engine), so sorting keeps every one.
        extra.sort_by(|&a, &b| names[a].cmp(&names[b]));
        order.extend(extra.into_iter().map(|i| (i, Kind::Loose)));
        self.keys.clear();
        self.values.clear();
        for (k, (i, kind)) in order.into_iter().enumerate() {
            self.keys.push(if k == 0 { b'{' } else { b',' });
            serde_json::to_writer(&mut self.keys, &names[i]).expect("writing to a Vec");
            self.keys.push(b':');
            let kind = if names[i].ends_with("_wei") {
                Kind::Text
            } else {
                kind
            };
            self.values.push((self.keys.len(), i, kind));
        }
    }

    /// One block's record (a JSON object and a newline) from its cells, appended to `out`.
    fn write(&self, cells: &[Cell], out: &mut Vec<u8>) {
        let mut from = 0;
        for &(to, i, kind) in &self.values {
            out.extend_from_slice(&self.keys[from..to]);
            from = to;
            write_cell(out, kind, cells[i]);
        }
        out.extend_from_slice(b"}\n");
    }
}

/// Writes `cell` into a JSON record as `kind` says, byte for byte as serde_json writes the
/// value (a `u64`, an `f64`, a `bool`, null, or a string).
fn write_cell(out: &mut Vec<u8>, kind: Kind, cell: Cell) {
    use serde_json::ser::{CompactFormatter, Formatter};
    let mut f = CompactFormatter;
    let x = match (kind, cell) {
        (Kind::Text, Cell::Int(n)) => {
            out.push(b'"');
            f.write_u128(out, n).expect("writing to a Vec");
            out.push(b'"');
            return;
        }
        // No other cell's text has a character JSON escapes (digits, `.`, `-`, `inf`, `NaN`,
        // `true`, `false`, nothing).
        (Kind::Text, _) => {
            write!(out, "\"{cell}\"").expect("writing to a Vec");
            return;
        }
        (_, Cell::Bool(b)) => return f.write_bool(out, b).expect("writing to a Vec"),
        (_, Cell::Missing) => return f.write_null(out).expect("writing to a Vec"),
        (Kind::Exact, Cell::Int(n)) => return f.write_u128(out, n).expect("writing to a Vec"),
        (_, Cell::Int(n)) => match u64::try_from(n) {
            Ok(n) => return f.write_u64(out, n).expect("writing to a Vec"),
            Err(_) => n as f64,
        },
        (_, Cell::Float(x)) => x,
    };
    // A whole, non-negative float below 2^64 was printed as digits only.
    let result = if kind == Kind::Loose
        && x.fract() == 0.0
        && !x.is_sign_negative()
        && x < 18_446_744_073_709_551_616.0
    {
        f.write_u64(out, x as u64)
    } else if x.is_finite() {
        f.write_f64(out, x)
    } else {
        f.write_null(out)
    };
    result.expect("writing to a Vec");
}

/// Appends the CSV text of `cell` ([`Cell`]'s `Display`) to `text`; integers without the
/// formatting machinery.
fn csv_text(text: &mut Vec<u8>, cell: Cell) {
    use serde_json::ser::{CompactFormatter, Formatter};
    match cell {
        Cell::Int(n) => CompactFormatter.write_u128(text, n),
        _ => write!(text, "{cell}"),
    }
    .expect("writing to a Vec");
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
        let (mut row, mut text, mut record) = (Vec::new(), Vec::new(), Vec::new());
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
                    for &cell in &row {
                        text.clear();
                        csv_text(&mut text, cell);
                        w.write_field(&text)
                            .map_err(|e| format!("cannot write output: {e}"))?;
                    }
                    w.write_record(None::<&[u8]>)
                        .map_err(|e| format!("cannot write output: {e}"))?;
                }
                None => {
                    layout.update(m);
                    record.clear();
                    layout.write(&row, &mut record);
                    out.write_all(&record).map_err(io_err)?;
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

    fn json(kind: Kind, cell: Cell) -> String {
        let mut out = Vec::new();
        write_cell(&mut out, kind, cell);
        String::from_utf8(out).unwrap()
    }

    /// Each kind of cell becomes the JSON value the record had when it was serialised by serde:
    /// wei as strings, fixed fields as their type, further columns as read back from the CSV
    /// text.
    #[test]
    fn cells_as_json() {
        use Kind::{Exact, Loose, Text};
        assert_eq!(json(Text, Cell::Int(12)), r#""12""#);
        assert_eq!(
            json(Text, Cell::Int(1 << 100)),
            r#""1267650600228229401496703205376""#
        );
        assert_eq!(json(Loose, Cell::Int(3)), "3");
        assert_eq!(json(Loose, Cell::Int(1 << 70)), "1.1805916207174113e+21");
        assert_eq!(json(Loose, Cell::Float(1.0)), "1");
        assert_eq!(json(Loose, Cell::Float(1e20)), "1e+20");
        assert_eq!(json(Loose, Cell::Float(0.25)), "0.25");
        assert_eq!(json(Loose, Cell::Float(-0.0)), "-0.0");
        assert_eq!(json(Loose, Cell::Float(-2.0)), "-2.0");
        assert_eq!(json(Loose, Cell::Missing), "null");
        assert_eq!(json(Loose, Cell::Float(f64::INFINITY)), "null");
        assert_eq!(json(Loose, Cell::Bool(true)), "true");
        // Fixed fields keep their type: a whole float stays a float.
        assert_eq!(json(Exact, Cell::Float(3.0)), "3.0");
        assert_eq!(json(Exact, Cell::Float(f64::NAN)), "null");
        assert_eq!(json(Exact, Cell::Int(7_200)), "7200");
        assert_eq!(json(Exact, Cell::Bool(false)), "false");
    }

    /// The CSV text of every kind of cell is its `Display`.
    #[test]
    fn csv_text_is_display() {
        for cell in [
            Cell::Int(0),
            Cell::Int(u128::MAX),
            Cell::Float(0.1),
            Cell::Float(f64::NEG_INFINITY),
            Cell::Bool(true),
            Cell::Missing,
        ] {
            let mut text = Vec::new();
            csv_text(&mut text, cell);
            assert_eq!(String::from_utf8(text).unwrap(), cell.to_string());
        }
    }

    /// A record of a run: the fixed fields first with the block's values, then the further
    /// columns sorted by name, each column once.
    #[test]
    fn records_of_a_run() {
        let mut sim = Sim::preset("ezeth-2024", 42).expect("preset");
        sim.run(20);
        let m = sim.latest().clone();
        let mut layout = Layout::default();
        layout.update(&m);
        let mut row = Vec::new();
        cells(&m, &mut row);
        let mut out = Vec::new();
        layout.write(&row, &mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(r#"{"block":20,"lrt_price":"#), "{text}");
        assert!(text.ends_with("}\n"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let record = value.as_object().unwrap();
        assert_eq!(record.len(), column_names(&m).len());
        assert_eq!(record["slashed_wei"], m.slashed_wei.to_string());
        assert_eq!(record["pool_eth_wei"], m.pool_eth_wei.to_string());
        assert_eq!(record["hidden_leverage"], m.hidden_leverage);
        assert_eq!(record["lrt_price"], m.lrt_price);
        assert_eq!(record["finalizing"], m.finalizing);
        assert_eq!(record["market1_open_loans"], m.markets[1].open_loans);
        // The keys' order in the text (the parsed map sorts them).
        let names = column_names(&m);
        let mut further: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| !FIXED.contains(n))
            .collect();
        further.sort_unstable();
        assert!(further.contains(&"min_health_factor"));
        let at: Vec<usize> = FIXED
            .iter()
            .chain(&further)
            .map(|n| text.find(&format!("\"{n}\":")).expect("every column"))
            .collect();
        assert!(at.windows(2).all(|p| p[0] < p[1]), "{at:?}");
    }
}
