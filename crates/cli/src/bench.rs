//! `restake bench`: whole runs of presets, timed natively, each in its own process so that its
//! peak memory (the process's maximum resident set, `getrusage` `ru_maxrss`, read after the
//! run and its state hash) is its own.

use std::time::Instant;

use restake_engine::{batch, presets, MemoryLimit, Sim};
use serde::{Deserialize, Serialize};

use crate::input;

/// One timed run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BenchResult {
    pub label: String,
    pub scenario: String,
    pub scale: u32,
    pub agents: u64,
    pub blocks: u64,
    pub seconds: f64,
    pub blocks_per_s: f64,
    /// Blocks times agents (holders, loopers, arbitrageurs, liquidators) per second.
    pub agent_updates_per_s: f64,
    /// CPU time of the run (user + system, this thread), seconds; on a shared machine the
    /// wall time `seconds` also counts time spent waiting for a core (None off Linux).
    #[serde(default)]
    pub cpu_seconds: Option<f64>,
    /// Peak resident memory of the whole process, KiB, read last (after the run and the state
    /// hash, whose serialised world is the largest allocation of a big scenario): the number
    /// `/usr/bin/time -v` reports as "Maximum resident set size". None off Unix.
    pub peak_kib: Option<u64>,
    pub state_hash: String,
}

/// Peak resident set of this process so far, KiB: `getrusage(RUSAGE_SELF)` `ru_maxrss` (KiB on
/// Linux, bytes on macOS); `None` off Unix or if the call fails.
pub fn peak_rss_kib() -> Option<u64> {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return None;
        }
        let max = u64::try_from(usage.ru_maxrss).ok()?;
        Some(if cfg!(target_os = "macos") {
            max / 1024
        } else {
            max
        })
    }
    #[cfg(not(unix))]
    None
}

/// `VmRSS` (current resident set) of this process, KiB.
pub fn rss_kib() -> Option<u64> {
    proc_status_kib("VmRSS:")
}

/// User plus system CPU time of this thread, seconds (fields 14 and 15 of
/// /proc/thread-self/stat, in clock ticks of 1/100 s); `None` where /proc is missing.
pub fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The command name (field 2) may contain spaces; the fields after it are plain numbers.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

fn proc_status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Runs one case in this process: `scenario` (preset or file) with its holder and looper
/// counts times `scale`, for `blocks` blocks, with the memory limit `restake run` uses.
pub fn run_one(
    label: &str,
    scenario: &str,
    scale: u32,
    blocks: u64,
) -> Result<BenchResult, String> {
    let s = batch::scale_agents(&input::load_scenario(scenario)?, scale);
    let agents = batch::agent_count(&s);
    let mut sim = Sim::new(s, 42).map_err(|e| format!("invalid scenario: {e}"))?;
    sim.set_memory_limit(Some(MemoryLimit::default()));
    let (start, cpu_start) = (Instant::now(), thread_cpu_seconds());
    sim.run(blocks);
    let seconds = start.elapsed().as_secs_f64();
    let cpu_seconds = thread_cpu_seconds().zip(cpu_start).map(|(b, a)| b - a);
    let state_hash = sim.state_hash();
    drop(sim);
    Ok(BenchResult {
        label: label.to_string(),
        scenario: scenario.to_string(),
        scale,
        agents,
        blocks,
        seconds,
        blocks_per_s: blocks as f64 / seconds,
        agent_updates_per_s: (blocks * agents) as f64 / seconds,
        cpu_seconds,
        // Read last: the peak of everything before, the state hash included.
        peak_kib: peak_rss_kib(),
        state_hash,
    })
}

/// The preset with the most agents (ties: the first listed).
pub fn largest_preset() -> &'static str {
    presets::NAMES
        .iter()
        .copied()
        .max_by_key(|n| {
            let s = presets::get(n).expect("listed preset");
            (batch::agent_count(&s), std::cmp::Reverse(*n))
        })
        .expect("presets exist")
}

/// The default cases: a calm preset, the oracle cascade, the largest preset, and the calm preset
/// and the cascade with 2x, 4x and 8x holders and loopers. `(label, scenario, scale)`.
pub fn default_cases() -> Vec<(String, String, u32)> {
    let mut v = vec![
        ("small (calm)".to_string(), "region-outage".to_string(), 1),
        ("default".to_string(), "oracle-cascade".to_string(), 1),
        ("largest".to_string(), largest_preset().to_string(), 1),
    ];
    for (name, scenario) in [("calm", "region-outage"), ("cascade", "oracle-cascade")] {
        for k in [2, 4, 8] {
            v.push((format!("{name}, agents x{k}"), scenario.to_string(), k));
        }
    }
    v
}

/// Cases for `--scenarios a,b --scales 1,2`: every scenario at every scale, labelled
/// `a` at scale 1 and `a, agents xk` otherwise. Returns `Err` naming a scale that is not a
/// positive integer.
pub fn cases(scenarios: &str, scales: &str) -> Result<Vec<(String, String, u32)>, String> {
    let scales: Vec<u32> = scales
        .split(',')
        .map(|k| match k.trim().parse::<u32>() {
            Ok(k) if k > 0 => Ok(k),
            _ => Err(format!("--scales: '{k}' is not a positive integer")),
        })
        .collect::<Result<_, _>>()?;
    Ok(scenarios
        .split(',')
        .flat_map(|s| {
            scales.iter().map(move |&k| {
                let label = if k == 1 {
                    s.to_string()
                } else {
                    format!("{s}, agents x{k}")
                };
                (label, s.to_string(), k)
            })
        })
        .collect())
}

/// Runs each case `repeat` times, each in a child process (`restake bench-one ...`), and keeps
/// the fastest run of each (the least disturbed by other load on the machine).
pub fn run_all(
    cases: &[(String, String, u32)],
    blocks: u64,
    repeat: u32,
) -> Result<Vec<BenchResult>, String> {
    let mut best: Vec<BenchResult> = Vec::new();
    for _ in 0..repeat.max(1) {
        for (i, r) in run_once(cases, blocks)?.into_iter().enumerate() {
            match best.get_mut(i) {
                Some(b) if b.seconds <= r.seconds => {}
                Some(b) => *b = r,
                None => best.push(r),
            }
        }
    }
    Ok(best)
}

fn run_once(cases: &[(String, String, u32)], blocks: u64) -> Result<Vec<BenchResult>, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find own binary: {e}"))?;
    let mut out = Vec::new();
    for (label, scenario, scale) in cases {
        let o = std::process::Command::new(&exe)
            .args(["bench-one", "--label", label, "--scenario", scenario])
            .args([
                "--scale",
                &scale.to_string(),
                "--blocks",
                &blocks.to_string(),
            ])
            .output()
            .map_err(|e| format!("cannot run a benchmark process: {e}"))?;
        if !o.status.success() {
            return Err(format!(
                "benchmark '{label}' failed: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            ));
        }
        let r: BenchResult = serde_json::from_slice(&o.stdout)
            .map_err(|e| format!("benchmark '{label}': unreadable result: {e}"))?;
        eprintln!(
            "{label}: {:.0} blocks/s, {:.3e} agent-updates/s",
            r.blocks_per_s, r.agent_updates_per_s
        );
        out.push(r);
    }
    Ok(out)
}

/// Results as a Markdown table.
pub fn table(results: &[BenchResult]) -> String {
    let mut s = String::from(
        "| case | scenario | agents | blocks | seconds | CPU seconds | blocks/s | agent-updates/s | peak RSS (MiB) |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in results {
        s += &format!(
            "| {} | {} | {} | {} | {:.2} | {} | {:.0} | {:.3e} | {} |\n",
            r.label,
            r.scenario,
            r.agents,
            r.blocks,
            r.seconds,
            r.cpu_seconds
                .map_or("n/a".to_string(), |c| format!("{c:.2}")),
            r.blocks_per_s,
            r.agent_updates_per_s,
            r.peak_kib
                .map_or("n/a".to_string(), |k| format!("{:.1}", k as f64 / 1024.0))
        );
    }
    s
}
