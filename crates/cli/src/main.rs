//! `restake`: run restake-sim scenarios headless.
//!
//! * `restake run --scenario <preset | file.json> --blocks N --seed S [--format json|csv]`
//!   prints one record per block, then the final state hash (JSON: a last line
//!   `{"final_block":N,"state_hash":"..."}`; CSV: `# state_hash=...` on stderr).
//! * `restake scenario <preset>` prints a preset as scenario JSON.
//! * `restake presets` lists the presets.
//! * `restake sweep` runs a parameter grid or sample times seeds in parallel to a CSV plus
//!   quantiles; `restake merge` joins the shards of a sweep.
//! * `restake compare A B --seeds 0..50` reports the difference in losses.
//! * `restake position --scenario S --position p.json --seeds 0..100` runs your own position:
//!   loss by channel, yield, alerts, mock exit, red flags.
//! * `restake bench` times whole preset runs (blocks/s, agent-updates/s, peak memory).
//!
//! Errors go to stderr with the reason and exit with status 1 (2 for bad arguments).

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cmd::{bench, compare, import, position, presets, run, sensitivity, sweep};

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

/// The subcommands; each one's arguments and `exec` are in its module of `cmd/`.
#[derive(Subcommand)]
enum Command {
    /// Run a scenario and print one record per block and the final state hash.
    Run(run::RunArgs),
    /// Print a preset as a scenario JSON file that `run --scenario file.json` accepts.
    Scenario(presets::ScenarioArgs),
    /// List the presets with their descriptions.
    Presets,
    /// Build a scenario from Dune EigenLayer exports (CSV or JSON): the operator-to-AVS mapping
    /// and, optionally, the AVS metrics (TVL per AVS and per strategy). Columns are matched by
    /// name in any order and case; unusable rows and where each field came from go to stderr.
    Import(import::ImportArgs),
    /// Run a grid (`--param path=v1,v2`) or a random sample (`--param path=lo..hi --sample N`)
    /// of parameters times seeds in parallel; one CSV row per run, sorted by run index, and the
    /// quantiles of each outcome metric.
    Sweep(sweep::SweepArgs),
    /// Merge the CSV shards of one sweep into the CSV the whole sweep writes, sorted by run.
    Merge(sweep::MergeArgs),
    /// Run two scenarios over the same seeds and report the difference in losses (B - A).
    Compare(compare::CompareArgs),
    /// Apply every lever of compare mode and the library (pool depth, LTV/LT, lending oracle,
    /// shared vs unique stake, veto, arbitrage capital, panic thresholds) to one scenario and
    /// print the median outcomes with the direction each should move (docs/SENSITIVITY.md).
    Sensitivity(sensitivity::SensitivityArgs),
    /// Run your own position inside a scenario over many seeds: loss by channel (median, p95,
    /// worst), yield earned, limits, alerts and what leaving then saved, the mock exit, and the
    /// scenario's red flags.
    Position(position::PositionArgs),
    /// Time whole runs of presets (a calm one, oracle-cascade, the largest, and the cascade with
    /// 2x/4x/8x agents): blocks/s, agent-updates/s and peak memory, as a Markdown table.
    Bench(bench::BenchArgs),
    /// One benchmark case in this process (used by `bench`); prints one JSON object.
    #[command(hide = true)]
    BenchOne(bench::BenchOneArgs),
}

/// Output piped into a reader that stops early (`restake presets | head`) ends the process
/// quietly, as for other Unix tools, instead of a "Broken pipe" panic: Rust ignores SIGPIPE
/// by default, so it is set back to its default action.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first in main, before any thread exists; only changes a signal disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    let result = match Cli::parse().command {
        Command::Run(a) => a.exec(),
        Command::Scenario(a) => a.exec(),
        Command::Presets => {
            presets::list();
            Ok(())
        }
        Command::Import(a) => a.exec(),
        Command::Sweep(a) => a.exec(),
        Command::Merge(a) => a.exec(),
        Command::Compare(a) => a.exec(),
        Command::Sensitivity(a) => a.exec(),
        Command::Position(a) => a.exec(),
        Command::Bench(a) => a.exec(),
        Command::BenchOne(a) => a.exec(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}
