//! `restake run`: one scenario, one record per block (JSON lines or CSV), then the final state
//! hash.

use std::io::{self, BufWriter, Write};

use clap::{Args, ValueEnum};
use restake_cli::input::load_scenario;
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
/// and a missing or unbounded value is null.
#[derive(Serialize)]
struct Record {
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
    /// The remaining columns of `metrics::columns`, in their order.
    #[serde(flatten)]
    more: serde_json::Map<String, serde_json::Value>,
}

/// A CSV cell of `metrics::columns` as a JSON value: `*_wei` stay decimal strings, `true` /
/// `false` become booleans, empty (no value) and `inf` become null, the rest numbers.
fn column_value(name: &str, cell: &str) -> serde_json::Value {
    use serde_json::Value;
    if name.ends_with("_wei") {
        return Value::String(cell.to_string());
    }
    match cell {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => {
            if let Ok(n) = cell.parse::<u64>() {
                Value::from(n)
            } else {
                cell.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
    }
}

impl From<&BlockMetrics> for Record {
    fn from(m: &BlockMetrics) -> Self {
        let mut r = Record {
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
            more: Default::default(),
        };
        let fixed = serde_json::to_value(&r).expect("record serialises");
        for (name, cell) in restake_engine::metrics::columns(m) {
            if fixed.get(&name).is_none() {
                let v = column_value(&name, &cell);
                r.more.insert(name, v);
            }
        }
        r
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
            let record = Record::from(sim.step());
            match &mut csv {
                Some(w) => {
                    let cols = restake_engine::metrics::columns(sim.latest());
                    if header_due {
                        header_due = false;
                        w.write_record(cols.iter().map(|(k, _)| k))
                            .map_err(|e| format!("cannot write output: {e}"))?;
                    }
                    w.write_record(cols.iter().map(|(_, v)| v))
                        .map_err(|e| format!("cannot write output: {e}"))?;
                }
                None => {
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
