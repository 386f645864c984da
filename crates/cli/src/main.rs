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

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::builder::RangedU64ValueParser;
use clap::{Parser, Subcommand, ValueEnum};
use restake_cli::input::{self, load_scenario};
use restake_cli::{bench, compare, sensitivity, sweep};
use restake_engine::{batch, presets, BlockMetrics, MemoryLimit, Sim};
use serde::Serialize;

/// Longest run, blocks: the engine's 10-year bound on delays (26,298,000 blocks of 12 s).
const MAX_BLOCKS: u64 = restake_engine::scenario::MAX_DELAY_BLOCKS;
/// Most worker threads.
const MAX_THREADS: u64 = 1024;

fn blocks_parser() -> RangedU64ValueParser<u64> {
    RangedU64ValueParser::new().range(0..=MAX_BLOCKS)
}

fn threads_parser() -> RangedU64ValueParser<usize> {
    RangedU64ValueParser::new().range(1..=MAX_THREADS)
}

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
    },
    /// Print a preset as a scenario JSON file that `run --scenario file.json` accepts.
    Scenario {
        /// Preset name.
        name: String,
    },
    /// List the presets with their descriptions.
    Presets,
    /// Build a scenario from Dune EigenLayer exports (CSV or JSON) and EigenExplorer API
    /// responses (JSON): registrations from a mapping or operator lists, TVL from metrics.
    /// Columns and keys are matched by name in any order and case; unusable rows and where
    /// each field came from go to stderr.
    Import(restake_cli::import::ImportArgs),
    /// Run a grid (`--param path=v1,v2`) or a random sample (`--param path=lo..hi --sample N`)
    /// of parameters times seeds in parallel; one CSV row per run, sorted by run index, and the
    /// quantiles of each outcome metric.
    Sweep {
        /// A preset name or a scenario JSON file to perturb.
        #[arg(long, default_value = "oracle-cascade")]
        scenario: String,
        /// `path=v1,v2,...` (grid) or `path=lo..hi` (with --sample); paths like
        /// `lending.liquidation_threshold_bps` or `operators[0].lrt_delegation_eth`. Repeatable.
        #[arg(long = "param")]
        params: Vec<String>,
        /// Seeds: `0..100`, `0..=99`, or `1,2,3`; at most 1,000,000.
        #[arg(long, default_value = "0..10")]
        seeds: String,
        /// Blocks per run (at most 26,298,000, 10 years).
        #[arg(long, default_value_t = 7_200, value_parser = blocks_parser())]
        blocks: u64,
        /// Draw N random parameter points from the `lo..hi` ranges instead of a grid
        /// (1 to 100,000; points x seeds at most 1,000,000 runs).
        #[arg(long, value_parser = RangedU64ValueParser::<usize>::new().range(1..=sweep::MAX_POINTS))]
        sample: Option<usize>,
        /// Seed of the random parameter points.
        #[arg(long, default_value_t = 0)]
        sample_seed: u64,
        /// Run only shard i of n: the runs whose index k has k % n == i (e.g. `--shard 0/4`).
        #[arg(long)]
        shard: Option<String>,
        /// Worker threads (default: all cores; at most 1024). The output does not depend on it.
        #[arg(long, value_parser = threads_parser())]
        threads: Option<usize>,
        /// CSV file of the runs (default: stdout; the summary then goes to stderr).
        #[arg(short, long)]
        output: Option<String>,
    },
    /// Merge the CSV shards of one sweep into the CSV the whole sweep writes, sorted by run.
    Merge {
        /// Shard CSV files.
        #[arg(required = true)]
        files: Vec<String>,
        /// Merged CSV file (default: stdout).
        #[arg(short, long)]
        output: Option<String>,
        /// Merge even when runs are missing (a shard not given); without it a missing run is
        /// an error (exit status 1) and nothing is written.
        #[arg(long)]
        allow_missing: bool,
    },
    /// Run two scenarios over the same seeds and report the difference in losses (B - A).
    Compare {
        /// Scenario A: preset or file.
        a: String,
        /// Scenario B: preset or file; default A (then give --lever).
        b: Option<String>,
        /// `path=value` applied to B (repeatable), e.g. `--lever lending.oracle=exchange_rate`.
        #[arg(long = "lever")]
        levers: Vec<String>,
        /// Seeds: `0..50`, `0..=49`, or `1,2,3`; at most 500,000 (2 runs each, 1,000,000 runs).
        #[arg(long, default_value = "0..50")]
        seeds: String,
        /// Blocks per run (at most 26,298,000, 10 years).
        #[arg(long, default_value_t = 7_200, value_parser = blocks_parser())]
        blocks: u64,
        #[arg(long, value_parser = threads_parser())]
        threads: Option<usize>,
        #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
        format: CompareFormat,
    },
    /// Apply every lever of compare mode and the library (pool depth, LTV/LT, lending oracle,
    /// shared vs unique stake, veto, arbitrage capital, panic thresholds) to one scenario and
    /// print the median outcomes with the direction each should move (docs/SENSITIVITY.md).
    Sensitivity {
        /// Preset or file.
        #[arg(default_value = "oracle-cascade")]
        scenario: String,
        /// Seeds: `0..20`, `0..=19`, or `1,2,3`; the baseline and each lever run every seed,
        /// at most 1,000,000 runs in all.
        #[arg(long, default_value = "0..20")]
        seeds: String,
        /// Blocks per run (at most 26,298,000, 10 years).
        #[arg(long, default_value_t = 7_200, value_parser = blocks_parser())]
        blocks: u64,
        #[arg(long, value_parser = threads_parser())]
        threads: Option<usize>,
        #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
        format: CompareFormat,
        /// Exit with an error when an outcome moves against its direction (known open defects
        /// excepted).
        #[arg(long)]
        check: bool,
    },
    /// Run your own position inside a scenario over many seeds: loss by channel (median, p95,
    /// worst), yield earned, limits, alerts and what leaving then saved, the mock exit, and the
    /// scenario's red flags.
    Position {
        /// A preset name or a scenario JSON file (with a `position`, unless --position is given).
        #[arg(long, default_value = "path-lrt")]
        scenario: String,
        /// A position JSON file; replaces the scenario's own position.
        #[arg(long)]
        position: Option<String>,
        /// Seeds: `0..100`, `0..=99`, or `1,2,3`; at most 1,000,000.
        #[arg(long, default_value = "0..100")]
        seeds: String,
        /// Blocks per run (at most 26,298,000, 10 years).
        #[arg(long, default_value_t = 7_200, value_parser = blocks_parser())]
        blocks: u64,
        /// Worker threads (default: all cores; at most 1024). The output does not depend on it.
        #[arg(long, value_parser = threads_parser())]
        threads: Option<usize>,
        #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
        format: CompareFormat,
    },
    /// Time whole runs of presets (a calm one, oracle-cascade, the largest, and the cascade with
    /// 2x/4x/8x agents): blocks/s, agent-updates/s and peak memory, as a Markdown table.
    Bench {
        /// Blocks per run (at most 26,298,000, 10 years).
        #[arg(long, default_value_t = 7_200, value_parser = blocks_parser())]
        blocks: u64,
        /// Instead of the default cases, these presets or files (comma-separated) at scale 1.
        #[arg(long)]
        scenarios: Option<String>,
        /// With `--scenarios`: run each at these agent scales (holders and loopers times k,
        /// comma-separated), e.g. `1,2,4,8` for the cost-versus-agents curve.
        #[arg(long, default_value = "1")]
        scales: String,
        /// Run every case this many times and keep the fastest (1 to 100).
        #[arg(long, default_value_t = 3, value_parser = RangedU64ValueParser::<u32>::new().range(1..=100))]
        repeat: u32,
        /// Print the results as JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One benchmark case in this process (used by `bench`); prints one JSON object.
    #[command(hide = true)]
    BenchOne {
        #[arg(long)]
        label: String,
        #[arg(long)]
        scenario: String,
        #[arg(long, default_value_t = 1)]
        scale: u32,
        /// Blocks per run (at most 26,298,000, 10 years).
        #[arg(long, value_parser = blocks_parser())]
        blocks: u64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum CompareFormat {
    Text,
    Json,
}

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

fn run(
    scenario: &str,
    blocks: u64,
    seed: u64,
    format: Format,
    events: bool,
    fault_at: Option<u64>,
) -> Result<(), String> {
    let scenario = load_scenario(scenario)?;
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

struct SweepArgs {
    scenario: String,
    params: Vec<String>,
    seeds: String,
    blocks: u64,
    sample: Option<(usize, u64)>,
    shard: Option<String>,
    threads: Option<usize>,
    output: Option<String>,
}

fn run_sweep(a: SweepArgs) -> Result<(), String> {
    let base = load_scenario(&a.scenario)?;
    let specs = a
        .params
        .iter()
        .map(|p| sweep::parse_param(p, &base))
        .collect::<Result<Vec<_>, _>>()?;
    let seeds = input::parse_seeds(&a.seeds)?;
    let shard = a.shard.as_deref().map(sweep::parse_shard).transpose()?;
    if a.threads == Some(0) {
        return Err("--threads must be at least 1".into());
    }
    let plan = sweep::Plan::new(&base, &specs, seeds, a.blocks, a.sample)?;
    let indices = plan.indices(shard);
    eprintln!(
        "sweep: {} points x {} seeds = {} runs; this shard runs {}",
        plan.points.len(),
        plan.seeds.len(),
        plan.len(),
        indices.len()
    );
    let rows = sweep::execute(&plan, &indices, a.threads, true)?;
    let mut csv = Vec::new();
    sweep::write_csv(&plan, &rows, &mut csv)?;
    write_output(a.output.as_deref(), &csv)?;
    let metrics: Vec<[f64; batch::N_METRICS]> = rows.iter().map(|r| r.outcome.metrics()).collect();
    let table = sweep::summary_table(&metrics);
    match a.output {
        Some(_) => print!("{table}"),
        None => eprint!("{table}"),
    }
    Ok(())
}

/// Writes `bytes` to `path`, or to stdout for `None`.
fn write_output(path: Option<&str>, bytes: &[u8]) -> Result<(), String> {
    match path {
        Some(p) => std::fs::write(p, bytes).map_err(|e| format!("cannot write '{p}': {e}")),
        None => {
            let mut out = io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .map_err(|e| format!("cannot write output: {e}"))
        }
    }
}

fn run_compare(
    a: &str,
    b: Option<&str>,
    levers: &[String],
    seeds: &str,
    blocks: u64,
    threads: Option<usize>,
    format: CompareFormat,
) -> Result<(), String> {
    let sa = load_scenario(a)?;
    let b_arg = b.unwrap_or(a);
    if b.is_none() && levers.is_empty() {
        return Err("compare needs a scenario B or at least one --lever path=value".into());
    }
    let mut settings = Vec::new();
    for l in levers {
        let (path, v) = input::split_assignment(l).map_err(|e| format!("--lever {e}"))?;
        settings.push((path, input::parse_value(&v)));
    }
    let sb = batch::set_params(&load_scenario(b_arg)?, &settings).map_err(|e| e.to_string())?;
    let b_name = if levers.is_empty() {
        b_arg.to_string()
    } else {
        format!("{b_arg} with {}", levers.join(", "))
    };
    let seeds = input::parse_seeds(seeds)?;
    let c = compare::run((a, &sa), (&b_name, &sb), &seeds, blocks, threads)?;
    match format {
        CompareFormat::Text => print!("{}", c.to_text()),
        CompareFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&c.to_json()).expect("json")
        ),
    }
    Ok(())
}

fn run_sensitivity(
    scenario: &str,
    seeds: &str,
    blocks: u64,
    threads: Option<usize>,
    format: CompareFormat,
    check: bool,
) -> Result<(), String> {
    let base = load_scenario(scenario)?;
    let seeds = input::parse_seeds(seeds)?;
    let table = sensitivity::run(scenario, &base, &seeds, blocks, threads)?;
    match format {
        CompareFormat::Text => print!("{}", table.to_markdown()),
        CompareFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&table.to_json()).expect("json")
        ),
    }
    let flips = table.flips();
    if check && !flips.is_empty() {
        let list: Vec<String> = flips.iter().map(|(l, c)| format!("{l}: {c}")).collect();
        return Err(format!(
            "outcomes moved against their direction: {}",
            list.join("; ")
        ));
    }
    Ok(())
}

fn run_position(
    scenario: &str,
    position: Option<&str>,
    seeds: &str,
    blocks: u64,
    threads: Option<usize>,
    format: CompareFormat,
) -> Result<(), String> {
    let mut s = load_scenario(scenario)?;
    if let Some(path) = position {
        s.position = Some(restake_cli::position::load_position(path, &s)?);
    }
    if s.position.is_none() {
        return Err(format!(
            "scenario '{scenario}' has no position: give --position <file.json>"
        ));
    }
    if threads == Some(0) {
        return Err("--threads must be at least 1".into());
    }
    let seeds = input::parse_seeds(seeds)?;
    let report = restake_cli::position::run(scenario, &s, &seeds, blocks, threads)?;
    match format {
        CompareFormat::Text => print!("{}", report.to_text()),
        CompareFormat::Json => println!("{}", report.to_json()),
    }
    Ok(())
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run {
            scenario,
            blocks,
            seed,
            format,
            events,
            fault_at,
        } => run(&scenario, blocks, seed, format, events, fault_at),
        Command::Scenario { name } => presets::get(&name)
            .map(|s| println!("{}", s.to_json()))
            .map_err(|e| e.to_string()),
        Command::Sweep {
            scenario,
            params,
            seeds,
            blocks,
            sample,
            sample_seed,
            shard,
            threads,
            output,
        } => run_sweep(SweepArgs {
            scenario,
            params,
            seeds,
            blocks,
            sample: sample.map(|n| (n, sample_seed)),
            shard,
            threads,
            output,
        }),
        Command::Merge {
            files,
            output,
            allow_missing,
        } => sweep::merge(&files, allow_missing).and_then(|(bytes, summary)| {
            write_output(output.as_deref(), &bytes)?;
            eprint!("{summary}");
            Ok(())
        }),
        Command::Compare {
            a,
            b,
            levers,
            seeds,
            blocks,
            threads,
            format,
        } => run_compare(&a, b.as_deref(), &levers, &seeds, blocks, threads, format),
        Command::Sensitivity {
            scenario,
            seeds,
            blocks,
            threads,
            format,
            check,
        } => run_sensitivity(&scenario, &seeds, blocks, threads, format, check),
        Command::Position {
            scenario,
            position,
            seeds,
            blocks,
            threads,
            format,
        } => run_position(
            &scenario,
            position.as_deref(),
            &seeds,
            blocks,
            threads,
            format,
        ),
        Command::Bench {
            blocks,
            scenarios,
            scales,
            repeat,
            json,
        } => {
            let cases = match scenarios {
                Some(list) => bench::cases(&list, &scales),
                None => Ok(bench::default_cases()),
            };
            cases
                .and_then(|cases| bench::run_all(&cases, blocks, repeat))
                .map(|results| {
                    if json {
                        for r in &results {
                            println!("{}", serde_json::to_string(r).expect("serialises"));
                        }
                    } else {
                        print!("{}", bench::table(&results));
                    }
                })
        }
        Command::BenchOne {
            label,
            scenario,
            scale,
            blocks,
        } => bench::run_one(&label, &scenario, scale, blocks)
            .map(|r| println!("{}", serde_json::to_string(&r).expect("serialises"))),
        Command::Import(args) => load_scenario(&args.template).and_then(|t| {
            let imp = restake_cli::import::run(args.clone(), &t)?;
            let mut text = imp.scenario.to_json();
            text.push('\n');
            write_output(args.output.as_deref(), text.as_bytes())
        }),
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
