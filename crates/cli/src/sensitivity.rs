//! `restake sensitivity`: every lever of compare mode and the scenario library applied to one
//! scenario, the median of six outcomes over the seeds, and the direction each outcome should
//! move with its reason (docs/SENSITIVITY.md is this command's output).

use restake_engine::batch::{self, Outcome};
use restake_engine::{Fault, Scenario};
use serde_json::{json, Value};

use crate::sweep::fmt_num;

/// Outcomes in the table, by index into [`Outcome::metrics`], with their column names.
pub const COLUMNS: [(usize, &str); 6] = [
    (5, "min price"),
    (6, "max discount"),
    (2, "liquidations"),
    (3, "realised bad debt ETH"),
    (4, "insolvent debt ETH"),
    (0, "slashed ETH"),
];

/// Expected move of one outcome when a lever is applied, compared with the baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// Rises or stays.
    Up,
    /// Falls or stays.
    Down,
    /// Stays (within the tolerance).
    Same,
    /// No documented direction.
    Any,
}

impl Dir {
    fn symbol(self) -> &'static str {
        match self {
            Dir::Up => "↑",
            Dir::Down => "↓",
            Dir::Same => "=",
            Dir::Any => "·",
        }
    }

    /// True if moving from `base` to `value` agrees with the direction, within a tolerance of
    /// 1% of the larger magnitude plus `abs_tol` (medians of integer counts and of amounts
    /// that differ by timing alone).
    pub fn holds(self, base: f64, value: f64, abs_tol: f64) -> bool {
        let tol = 0.01 * base.abs().max(value.abs()) + abs_tol;
        match self {
            Dir::Up => value >= base - tol,
            Dir::Down => value <= base + tol,
            Dir::Same => (value - base).abs() <= tol,
            Dir::Any => true,
        }
    }
}

/// One lever: its settings, the expected direction of each column of [`COLUMNS`], and why.
pub struct Lever {
    pub name: &'static str,
    pub settings: Vec<(String, Value)>,
    pub dirs: [Dir; 6],
    pub why: &'static str,
    /// Columns that are known to move against their direction (open defects, listed in the
    /// output; the check skips them).
    pub known_wrong: &'static [usize],
}

fn set(path: &str, v: Value) -> (String, Value) {
    (path.to_string(), v)
}

/// Pool `base`'s two sides scaled by `scale`.
fn pool_depth(base: &Scenario, scale: f64) -> Vec<(String, Value)> {
    vec![
        set(
            "pool.eth_liquidity_eth",
            json!((base.pool.eth_liquidity_eth as f64 * scale) as u64),
        ),
        set(
            "pool.lrt_liquidity",
            json!((base.pool.lrt_liquidity as f64 * scale) as u64),
        ),
    ]
}

/// `base`'s arbitrage capital scaled by `scale`.
fn arbitrage_capital(base: &Scenario, scale: f64) -> Vec<(String, Value)> {
    vec![set(
        "arbitrageurs.capital_eth",
        json!((base.arbitrageurs.capital_eth as f64 * scale) as u64),
    )]
}

/// `base`'s first oracle outlier fault set to `bps` (nothing when it has none).
fn outlier(base: &Scenario, bps: u32) -> Vec<(String, Value)> {
    base.faults
        .iter()
        .position(|f| matches!(f.fault, Fault::OracleOutlier { .. }))
        .map(|i| set(&format!("faults.{i}.fault.deviation_bps"), json!(bps)))
        .into_iter()
        .collect()
}

/// `base`'s holders' panic thresholds scaled by `scale` (the upper one at most 1).
fn panic_thresholds(base: &Scenario, scale: f64) -> Vec<(String, Value)> {
    vec![
        set(
            "stakers.panic_threshold_min",
            json!(base.stakers.panic_threshold_min * scale),
        ),
        set(
            "stakers.panic_threshold_max",
            json!((base.stakers.panic_threshold_max * scale).min(1.0)),
        ),
    ]
}

/// `base`'s holders' largest accepted discounts scaled by `scale` (at most 1).
fn discount_tolerance(base: &Scenario, scale: f64) -> Vec<(String, Value)> {
    vec![
        set(
            "stakers.max_discount_min",
            json!((base.stakers.max_discount_min * scale).min(1.0)),
        ),
        set(
            "stakers.max_discount_max",
            json!((base.stakers.max_discount_max * scale).min(1.0)),
        ),
    ]
}

/// The levers applied to `base` (pool depth scaled from its own pool, arbitrage capital from
/// its own arbitrageurs), in the order of the table: markets, protocol, agents.
pub fn levers(base: &Scenario) -> Vec<Lever> {
    let mut all = market_levers(base);
    all.extend(protocol_levers(base));
    all.extend(agent_levers(base));
    all
}

/// Levers on the pool and the lending market.
fn market_levers(base: &Scenario) -> Vec<Lever> {
    use Dir::*;
    vec![
        Lever {
            name: "pool depth x2",
            settings: pool_depth(base, 2.0),
            dirs: [Up, Down, Down, Down, Down, Same],
            why: "the same sales move a deeper stableswap pool less (Curve StableSwap invariant, MODEL.md §7); slashing does not depend on the pool",
            known_wrong: &[],
        },
        Lever {
            name: "pool depth x0.5",
            settings: pool_depth(base, 0.5),
            dirs: [Down, Up, Up, Up, Up, Same],
            why: "the same sales move a shallower pool more (MODEL.md §7); a market-price oracle then passes more loans below health factor 1 (MODEL.md §8)",
            known_wrong: &[],
        },
        Lever {
            name: "LT 70% / LTV 68%",
            settings: vec![
                set("lending.liquidation_threshold_bps", json!(7_000)),
                set("lending.ltv_bps", json!(6_800)),
            ],
            dirs: [Any, Any, Any, Down, Down, Same],
            why: "loopers loop their equity to their target health factor, so less LTV means less collateral and debt (Aave v3 LTV/LT, MODEL.md §8); the same health factors fall below 1 at the same price, so which loans are liquidated does not change, only how much debt they carry",
            known_wrong: &[],
        },
        Lever {
            name: "lending oracle exchange_rate",
            settings: vec![set("lending.oracle", json!("exchange_rate"))],
            dirs: [Any, Any, Down, Down, Down, Same],
            why: "an exchange-rate oracle reads the NAV, not the pool, so a depeg alone liquidates nobody (Aave's capped LST/LRT adapters, MODEL.md §8)",
            known_wrong: &[],
        },
    ]
}

/// Levers on the restaking protocol: the slashing model and the veto committees.
fn protocol_levers(base: &Scenario) -> Vec<Lever> {
    use Dir::*;
    vec![
        Lever {
            name: "unique stake",
            settings: vec![set("slashing_model", json!("unique_stake"))],
            dirs: [Up, Down, Down, Down, Down, Down],
            why: "a unique-stake slash takes only the stake allocated to the faulty AVS (ELIP-002, MODEL.md §4), so the NAV falls less",
            known_wrong: &[],
        },
        Lever {
            name: "veto off",
            settings: (0..base.avss.len())
                .map(|i| set(&format!("avss.{i}.veto"), Value::Null))
                .collect(),
            dirs: [Any, Any, Any, Up, Up, Up],
            why: "without a committee no slash request can be cancelled (EigenLayer whitepaper's veto committee, Symbiotic VetoSlasher, MODEL.md §13), so as much or more is slashed; a committee that upholds a justified slash (p = 0.05 per member, P(veto) ≈ 3e-5 at 5 of 9) only delays it by its window, and a slash 12 hours earlier moves the price path in no documented direction",
            known_wrong: &[],
        },
        Lever {
            name: "veto lenient on feed faults",
            settings: base
                .avss
                .iter()
                .enumerate()
                .filter_map(|(i, a)| {
                    let mut veto = a.veto.clone()?;
                    veto.feed_fault_leniency = 1.0;
                    Some(set(&format!("avss.{i}.veto"), json!(veto)))
                })
                .collect(),
            dirs: [Up, Down, Down, Down, Down, Down],
            why: "a committee that reads an outlier traced to a data source as an honest feed fault votes as if the rule misfired (p = 0.85 per member, P(veto) ≈ 0.99 at 5 of 9; EigenLayer whitepaper's committee vetoes unjustified slashing, docs/BEHAVIOUR.md), so less is slashed and NAV, the price and the loans hold",
            known_wrong: &[],
        },
        Lever {
            name: "oracle outlier 1%",
            settings: outlier(base, 100),
            dirs: [Up, Down, Down, Down, Down, Down],
            why: "a 1% outlier moves only the nodes that read the faulty source alone: a median of three or more sources ignores one bad source, and two sources move by half, inside the AVS's 0.5% band (docs/BEHAVIOUR.md feeds; crates/engine/tests/feeds.rs), so fewer operators sign it and less is slashed",
            known_wrong: &[],
        },
        Lever {
            name: "oracle outlier 40%",
            settings: outlier(base, 4_000),
            dirs: [Up, Down, Down, Down, Down, Down],
            why: "nodes whose sanity bound is below 40% refuse the move and sign the last good value, so the larger outlier is signed by fewer operators than the 15% one: step 1 is not monotone in the outlier's size, it follows the feeds' configuration (docs/BEHAVIOUR.md feeds; crates/engine/tests/feeds.rs)",
            known_wrong: &[],
        },
    ]
}

/// Levers on the agents: arbitrage capital, holders' panic and discount tolerance.
fn agent_levers(base: &Scenario) -> Vec<Lever> {
    use Dir::*;
    vec![
        Lever {
            name: "arbitrage capital x2",
            settings: arbitrage_capital(base, 2.0),
            dirs: [Up, Down, Down, Down, Down, Same],
            why: "more capital buys more of the discount before it pays too little (limits to arbitrage: Shleifer and Vishny 1997; MODEL.md §7)",
            known_wrong: &[],
        },
        Lever {
            name: "arbitrage capital x0.5",
            settings: arbitrage_capital(base, 0.5),
            dirs: [Down, Up, Up, Up, Up, Same],
            why: "less capital leaves more of the selling unabsorbed (Shleifer and Vishny 1997; MODEL.md §7)",
            known_wrong: &[],
        },
        Lever {
            name: "panic thresholds x0.5",
            settings: panic_thresholds(base, 0.5),
            dirs: [Any, Any, Any, Up, Up, Same],
            why: "holders who panic at smaller losses sell more, and sooner: half the pending slash's expected loss is enough for them, so they run inside the veto window (Diamond and Dybvig 1983; docs/BEHAVIOUR.md holders; tested in crates/engine/tests/behaviour_levers.rs: median LRT sold 146,753 -> 175,677, of it 0 -> 175,662 before the slash executes). The price has two sides: the same run spread over the 12-hour window, while slow arbitrage capital arrives, moves the pool less than a run after a surprise (sunshine trading, Admati and Pfleiderer 1991, RFS 4(3); Duffie 2010), and where capital runs out first it falls deeper (3 of 20 seeds)",
            known_wrong: &[],
        },
        Lever {
            name: "panic thresholds x2",
            settings: panic_thresholds(base, 2.0),
            dirs: [Up, Down, Down, Down, Down, Same],
            why: "holders who tolerate larger losses sell less (docs/BEHAVIOUR.md holders)",
            known_wrong: &[],
        },
        Lever {
            name: "holders' max discount x2",
            settings: discount_tolerance(base, 2.0),
            dirs: [Down, Up, Up, Up, Up, Same],
            why: "holders who accept a deeper discount keep selling into the pool where others would queue for redemption (docs/BEHAVIOUR.md holders), so once arbitrage capital is spent the price falls further",
            known_wrong: &[],
        },
        Lever {
            name: "holders' max discount x0.5",
            settings: discount_tolerance(base, 0.5),
            dirs: [Up, Down, Down, Down, Down, Same],
            why: "holders who refuse a smaller discount queue for redemption instead of selling (docs/BEHAVIOUR.md holders)",
            known_wrong: &[],
        },
    ]
}

/// Medians of the [`COLUMNS`] over `outs`.
fn medians(outs: &[Outcome]) -> [f64; 6] {
    COLUMNS.map(|(k, _)| {
        batch::summarize(&outs.iter().map(|o| o.metrics()[k]).collect::<Vec<_>>()).p50
    })
}

/// One lever's result.
pub struct Row {
    pub name: &'static str,
    pub medians: [f64; 6],
    pub dirs: [Dir; 6],
    pub holds: [bool; 6],
    pub known_wrong: &'static [usize],
    pub why: &'static str,
}

/// The whole table.
pub struct Table {
    pub scenario: String,
    pub seeds: Vec<u64>,
    pub blocks: u64,
    pub baseline: [f64; 6],
    pub rows: Vec<Row>,
}

fn outcomes(s: &Scenario, seeds: &[u64], blocks: u64) -> Result<Vec<Outcome>, String> {
    use rayon::prelude::*;
    seeds
        .par_iter()
        .map(|&seed| batch::run_outcome(s.clone(), seed, blocks).map_err(|e| e.to_string()))
        .collect()
}

/// Runs the baseline and every lever over `seeds` on `threads` threads. Refuses more than
/// [`crate::input::MAX_RUNS`] runs (baseline and levers x seeds) before running any.
pub fn run(
    name: &str,
    base: &Scenario,
    seeds: &[u64],
    blocks: u64,
    threads: Option<usize>,
) -> Result<Table, String> {
    let scenarios = levers(base).len() + 1;
    crate::input::check_seed_runs(
        seeds.len(),
        scenarios,
        &format!("{scenarios} scenarios (the baseline and each lever)"),
    )?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| e.to_string())?;
    pool.install(|| {
        let baseline = medians(&outcomes(base, seeds, blocks)?);
        let mut rows = Vec::new();
        for l in levers(base) {
            let s = batch::set_params(base, &l.settings)
                .map_err(|e| format!("lever {}: {e}", l.name))?;
            let m = medians(&outcomes(&s, seeds, blocks)?);
            let holds = std::array::from_fn(|k| {
                let abs_tol = if COLUMNS[k].0 == 2 { 0.5 } else { 1e-6 };
                l.dirs[k].holds(baseline[k], m[k], abs_tol)
            });
            rows.push(Row {
                name: l.name,
                medians: m,
                dirs: l.dirs,
                holds,
                known_wrong: l.known_wrong,
                why: l.why,
            });
        }
        Ok(Table {
            scenario: name.to_string(),
            seeds: seeds.to_vec(),
            blocks,
            baseline,
            rows,
        })
    })
}

impl Table {
    /// Outcomes that moved against their direction and are not listed as known:
    /// `(lever, column)`.
    pub fn flips(&self) -> Vec<(String, String)> {
        self.rows
            .iter()
            .flat_map(|r| {
                (0..6)
                    .filter(|&k| !r.holds[k] && !r.known_wrong.contains(&k))
                    .map(|k| (r.name.to_string(), COLUMNS[k].1.to_string()))
            })
            .collect()
    }

    /// Outcomes listed as known to move the wrong way that still do.
    pub fn known(&self) -> Vec<(String, String)> {
        self.rows
            .iter()
            .flat_map(|r| {
                (0..6)
                    .filter(|&k| !r.holds[k] && r.known_wrong.contains(&k))
                    .map(|k| (r.name.to_string(), COLUMNS[k].1.to_string()))
            })
            .collect()
    }

    /// The table as Markdown: one row per lever with each median and its expected direction
    /// (✗ where it moved the other way), then each lever's reason.
    pub fn to_markdown(&self) -> String {
        let mut s = format!(
            "Scenario `{}`, medians over {} seeds ({}..{}), {} blocks each. Generated by \
             `restake sensitivity {} --seeds {}..{} --blocks {}`.\n\n\
             Each cell: the median, the direction the lever should move it (↑ rises or stays, \
             ↓ falls or stays, = stays, · no documented direction; tolerance 1% of the value, \
             half a liquidation), and ✗ where it moved the other way.\n\n| lever |",
            self.scenario,
            self.seeds.len(),
            self.seeds.first().copied().unwrap_or(0),
            self.seeds.last().map_or(0, |x| x + 1),
            self.blocks,
            self.scenario,
            self.seeds.first().copied().unwrap_or(0),
            self.seeds.last().map_or(0, |x| x + 1),
            self.blocks
        );
        for (_, c) in COLUMNS {
            s += &format!(" {c} |");
        }
        s += "\n|---|";
        s += &"---:|".repeat(6);
        s += "\n| baseline |";
        for v in self.baseline {
            s += &format!(" {} |", fmt_num(v));
        }
        s += "\n";
        for r in &self.rows {
            s += &format!("| {} |", r.name);
            for k in 0..6 {
                let mark = if r.holds[k] { "" } else { " ✗" };
                s += &format!(" {} {}{mark} |", fmt_num(r.medians[k]), r.dirs[k].symbol());
            }
            s += "\n";
        }
        s += "\n## Why each direction\n\n";
        for r in &self.rows {
            s += &format!("* **{}**: {}.\n", r.name, r.why);
        }
        let known = self.known();
        s += "\n## Open: outcomes that still move the wrong way\n\n";
        if known.is_empty() && self.flips().is_empty() {
            s += "None.\n";
        }
        for (l, c) in known.iter().chain(self.flips().iter()) {
            s += &format!("* {l}: {c}\n");
        }
        s
    }

    /// The table as JSON.
    pub fn to_json(&self) -> Value {
        let cols: Vec<&str> = COLUMNS.iter().map(|c| c.1).collect();
        json!({
            "scenario": self.scenario,
            "seeds": self.seeds,
            "blocks": self.blocks,
            "columns": cols,
            "baseline": self.baseline,
            "levers": self.rows.iter().map(|r| json!({
                "name": r.name,
                "medians": r.medians,
                "directions": r.dirs.iter().map(|d| d.symbol()).collect::<Vec<_>>(),
                "holds": r.holds,
                "why": r.why,
            })).collect::<Vec<_>>(),
            "flips": self.flips(),
            "known_wrong": self.known(),
        })
    }
}
