//! `restake`: run restake-sim scenarios headless.
//!
//! * `restake run --scenario <preset | file.json> --blocks N --seed S [--format json|csv]`
//!   prints one record per block, then the final state hash (JSON: a last line
//!   `{"final_block":N,"state_hash":"..."}`; CSV: `# state_hash=...` on stderr).
//! * `restake scenario <preset>` prints a preset as scenario JSON.
//! * `restake presets` lists the presets.
//!
//! Errors go to stderr with the reason and exit with status 1 (2 for bad arguments).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use restake_engine::{presets, BlockMetrics, Scenario, Sim};
use serde::Serialize;

#[derive(Parser)]
#[command(
    name = "restake",
    version,
    about = "Restaking contagion simulator (headless)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario and print one record per block and the final state hash.
    Run {
        /// A preset name (see `restake presets`) or a path to a scenario JSON file.
        #[arg(long, default_value = "oracle-cascade")]
        scenario: String,
        /// Number of blocks (12 s each) to run.
        #[arg(long, default_value_t = 7_200)]
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
    },
    /// Print a preset as a scenario JSON file that `run --scenario file.json` accepts.
    Scenario {
        /// Preset name.
        name: String,
    },
    /// List the presets with their descriptions.
    Presets,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Csv,
}

/// One output record; amounts in wei as decimal strings in CSV and numbers in JSON.
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
}

impl From<&BlockMetrics> for Record {
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
        }
    }
}

fn load_scenario(arg: &str) -> Result<Scenario, String> {
    if presets::NAMES.contains(&arg) {
        return presets::get(arg).map_err(|e| e.to_string());
    }
    if arg.ends_with(".json") || std::path::Path::new(arg).exists() {
        let text = std::fs::read_to_string(arg)
            .map_err(|e| format!("cannot read scenario file '{arg}': {e}"))?;
        return Scenario::from_json(&text).map_err(|e| format!("invalid scenario '{arg}': {e}"));
    }
    Err(format!(
        "'{arg}' is neither a preset ({}) nor a scenario file",
        presets::NAMES.join(", ")
    ))
}

fn run(scenario: &str, blocks: u64, seed: u64, format: Format, events: bool) -> Result<(), String> {
    let scenario = load_scenario(scenario)?;
    let mut sim = Sim::new(scenario, seed).map_err(|e| format!("invalid scenario: {e}"))?;
    let out = io::stdout();
    let mut out = BufWriter::new(out.lock());
    let io_err = |e: io::Error| format!("cannot write output: {e}");
    let mut csv = match format {
        Format::Csv => Some(csv::Writer::from_writer(io::stdout())),
        Format::Json => None,
    };
    let mut seen_events = 0;
    for _ in 0..blocks {
        let record = Record::from(sim.step());
        match &mut csv {
            Some(w) => {
                w.serialize(&record)
                    .map_err(|e| format!("cannot write output: {e}"))?;
            }
            None => {
                serde_json::to_writer(&mut out, &record).map_err(|e| e.to_string())?;
                out.write_all(b"\n").map_err(io_err)?;
            }
        }
        if events {
            for e in &sim.events()[seen_events..] {
                let step = e.step.map_or(String::from("-"), |s| {
                    format!("{} {}", s.number(), s.title())
                });
                eprintln!("[block {:>6}] [{step}] {}", e.block, e.text);
            }
            seen_events = sim.events().len();
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run {
            scenario,
            blocks,
            seed,
            format,
            events,
        } => run(&scenario, blocks, seed, format, events),
        Command::Scenario { name } => presets::get(&name)
            .map(|s| println!("{}", s.to_json()))
            .map_err(|e| e.to_string()),
        Command::Presets => {
            for name in presets::NAMES {
                let s = presets::get(name).expect("listed preset exists");
                println!("{name}\n    {}\n", s.description);
            }
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}
