//! `restake position`: a position (the scenario's own, or a standalone JSON file) run over many
//! seeds in parallel; the tails of its loss by channel, its yield stack, its limits, when its
//! alerts fired and what leaving then saved, its mock exit, and the scenario's red flags.
//! Each run depends only on its scenario and seed and runs are kept in seed order, so the
//! output is the same for any thread count.

use rayon::prelude::*;
use restake_engine::alerts::LimitReport;
use restake_engine::batch::wei_to_eth;
use restake_engine::exit::ExitPlan;
use restake_engine::outcome::{self, PositionOutcome, PositionSummary, Tail};
use restake_engine::position::PositionParams;
use restake_engine::redflags::{self, RedFlag};
use restake_engine::scenario::ScenarioError;
use restake_engine::Scenario;
use serde::Serialize;

use crate::input::{read_limited, MAX_SCENARIO_BYTES};
use crate::sweep::fmt_num;

/// Reads a standalone position file and checks it against `scenario`; errors name the file and
/// the field path inside it.
pub fn load_position(path: &str, scenario: &Scenario) -> Result<PositionParams, String> {
    let text = read_limited(std::path::Path::new(path), MAX_SCENARIO_BYTES)
        .map_err(|e| format!("cannot read position file '{path}': {e}"))?;
    let check = |p: &PositionParams| p.validate(scenario, "");
    let p = PositionParams::from_json(&text)
        .map_err(|e| ScenarioError::non_finite(&text, check).unwrap_or(e))
        .and_then(|p| check(&p).map(|_| p))
        .map_err(|e| format!("invalid position '{path}': {e}"))?;
    Ok(p)
}

/// Every run of one position.
pub struct Report {
    pub scenario: String,
    pub blocks: u64,
    pub runs: Vec<PositionOutcome>,
    pub summary: PositionSummary,
    pub red_flags: Vec<RedFlag>,
}

/// Runs `scenario` (with its position) for each seed on `threads` threads.
pub fn run(
    name: &str,
    scenario: &Scenario,
    seeds: &[u64],
    blocks: u64,
    threads: Option<usize>,
) -> Result<Report, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| e.to_string())?;
    let runs = pool.install(|| {
        seeds
            .par_iter()
            .map(|&seed| {
                outcome::run_position(scenario.clone(), seed, blocks)
                    .map_err(|e| format!("invalid scenario: {e}"))
            })
            .collect::<Result<Vec<_>, String>>()
    })?;
    Ok(Report {
        scenario: name.to_string(),
        blocks,
        summary: outcome::summarize_runs(&runs),
        red_flags: redflags::evaluate(scenario),
        runs,
    })
}

impl Report {
    /// The summary, the red flags, the first run's limits and calm exit, and every run's
    /// outcome (amounts in wei as JSON numbers, summaries in ETH).
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            scenario: &'a str,
            blocks: u64,
            summary: &'a PositionSummary,
            red_flags: &'a [RedFlag],
            limits: &'a LimitReport,
            exit_normal: &'a ExitPlan,
            runs: &'a [PositionOutcome],
        }
        let first = &self.runs[0];
        serde_json::to_string_pretty(&Out {
            scenario: &self.scenario,
            blocks: self.blocks,
            summary: &self.summary,
            red_flags: &self.red_flags,
            limits: &first.limits,
            exit_normal: &first.exit_normal,
            runs: &self.runs,
        })
        .expect("the report serialises")
    }

    /// A human report: the loss table, the yield earned, the exposure at block 0, the
    /// alerts, the mock exits and the red flags.
    pub fn to_text(&self) -> String {
        let s = &self.summary;
        let mut out = format!(
            "Position in {}: worth {} ETH at block 0; {} seeds x {} blocks\n\n",
            self.scenario,
            fmt_num(s.start_value_eth),
            s.runs,
            self.blocks,
        );
        out += &loss_text(s);
        out += &yield_text(s);
        out += &exposure_text(&self.runs[0].limits);
        out += &alerts_text(s);
        out += &self.exits_text();
        out += &red_flags_text(&self.red_flags);
        out
    }

    /// The mock exit at block 0 and the one of the seed whose fast routes got the least under
    /// stress.
    fn exits_text(&self) -> String {
        let s = &self.summary;
        let mut out = "\nmock exit at block 0 (calm):\n".to_string();
        out += &exit_text(&self.runs[0].exit_normal);
        let worst = self
            .runs
            .iter()
            .min_by_key(|r| r.exit_stress.fast_eth_wei)
            .expect("at least one run");
        out += &format!(
            "mock exit under stress (seed {}, block {}; fast routes over all seeds: median {} ETH, worst {} ETH):\n",
            worst.seed,
            worst.exit_stress.block,
            fmt_num(s.exit_stress_fast_eth.median),
            fmt_num(s.exit_stress_fast_eth.worst)
        );
        out += &exit_text(&worst.exit_stress);
        out
    }
}

/// The loss table: net loss, each channel (slashing by AVS), net loss less yield.
fn loss_text(s: &PositionSummary) -> String {
    let mut out = format!(
        "{:<30}{:>12}{:>12}{:>12}\n",
        "loss (ETH)", "median", "p95", "worst"
    );
    let row = |label: &str, t: &Tail| {
        format!(
            "{label:<30}{:>12}{:>12}{:>12}\n",
            fmt_num(t.median),
            fmt_num(t.p95),
            fmt_num(t.worst)
        )
    };
    out += &row("net loss", &s.net_loss_eth);
    for (name, t) in &s.channels {
        out += &row(&format!("  {}", name.replace('_', " ")), t);
        if name == "slashing" {
            for (avs, t) in &s.slashing_by_avs {
                out += &row(&format!("    by {avs}"), t);
            }
        }
    }
    out += &row("net loss less yield earned", &s.loss_after_yield_eth);
    out
}

/// The yield stack's medians, and the p95 loss in years of AVS rewards.
fn yield_text(s: &PositionSummary) -> String {
    let mut out = format!(
        "\nyield earned (median ETH): base staking {}, AVS rewards {} ({} a year), LRT incentives {}\n",
        fmt_num(s.base_staking_eth.median),
        fmt_num(s.avs_rewards_eth.median),
        fmt_num(s.avs_rewards_per_year_eth.median),
        fmt_num(s.lrt_incentives_eth.median)
    );
    if let Some(y) = s.years_of_avs_rewards_in_p95 {
        out += &format!("the p95 loss equals {} years of AVS rewards\n", fmt_num(y));
    }
    out
}

/// Exposure to each AVS and LRT at block 0, the ETH liquid within a day, and the limits broken.
fn exposure_text(l: &LimitReport) -> String {
    let mut out = "\nexposure at block 0 (share of the position's value):\n".to_string();
    for e in l.avs_exposure.iter().chain(&l.lrt_exposure) {
        out += &format!("  {:<28}{:>8.2}%\n", e.name, e.bps as f64 / 100.0);
    }
    out += &format!(
        "  {:<28}{:>8.2}%\n",
        "ETH within one day",
        l.liquid_in_a_day.bps as f64 / 100.0
    );
    for b in &l.breaches {
        out += &format!(
            "  LIMIT {}: {} at {:.2}% (limit {:.2}%)\n",
            b.limit,
            b.subject,
            b.value_bps as f64 / 100.0,
            b.limit_bps as f64 / 100.0
        );
    }
    out
}

/// Each alert: in how many runs it fired, its median block, and what leaving then saved.
fn alerts_text(s: &PositionSummary) -> String {
    let mut out =
        "\nalerts: fired in / median block / saved by leaving then (ETH: median, p95, worst)\n"
            .to_string();
    for a in &s.alerts {
        let saved = match a.median_block {
            Some(_) => format!(
                "{} / {} / {}",
                fmt_num(a.saved_eth.median),
                fmt_num(a.saved_eth.p95),
                fmt_num(a.saved_eth.worst)
            ),
            None => "-".into(),
        };
        out += &format!(
            "  {:<20}{:>4}/{:<4}{:>10}   {saved}\n",
            a.kind.label(),
            a.fired_in,
            s.runs,
            a.median_block.map_or("-".into(), |b| format!("{b:.0}")),
        );
    }
    out
}

/// The red flags, raised or not, with their findings and explanations.
fn red_flags_text(flags: &[RedFlag]) -> String {
    let mut out = "\nred flags:\n".to_string();
    for f in flags {
        out += &format!(
            "  [{}] {}: {}\n      {}\n",
            if f.raised { "RAISED" } else { "  ok  " },
            f.flag.label(),
            f.finding,
            f.explanation
        );
    }
    out
}

fn days(d: Option<f64>) -> String {
    d.map_or("blocked".into(), |d| format!("{d:.1} d"))
}

fn exit_text(p: &ExitPlan) -> String {
    let mut s = String::new();
    for leg in &p.legs {
        let r = &leg.fast;
        s += &format!(
            "  {:<40} {:<16}{:>14} ETH {:>10}",
            leg.holding,
            r.how,
            fmt_num(wei_to_eth(r.eth_wei)),
            days(r.days)
        );
        if let Some(x) = r.slippage_bps {
            s += &format!("  ({:.2}% below NAV)", x as f64 / 100.0);
        }
        s += "\n";
        if let Some(q) = &leg.patient {
            s += &format!(
                "  {:<40} {:<16}{:>14} ETH {:>10}  (queue ahead {} ETH, exit queue {:.1} d{})\n",
                "",
                q.how,
                fmt_num(wei_to_eth(q.eth_wei)),
                days(q.days),
                fmt_num(wei_to_eth(q.queue_ahead_wei)),
                q.churn_days,
                if q.paused { ", withdrawals paused" } else { "" }
            );
        }
    }
    s += &format!(
        "  fastest: {} ETH in {}; most ETH: {} ETH in {}\n",
        fmt_num(wei_to_eth(p.fast_eth_wei)),
        days(p.fast_days),
        fmt_num(wei_to_eth(p.best_eth_wei)),
        days(p.best_days)
    );
    s
}
