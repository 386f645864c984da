//! Monte Carlo over seeds, for the app's panels: N runs of one scenario (with the faults the
//! user injected, at their blocks) to a chosen block, seed `base + i` for run `i`, stepped a
//! few blocks at a time so the caller can spread the work over animation frames. What a run
//! yields is its [`Follow`]er's: the engine's [`Outcome`] (the numbers `restake sweep` writes)
//! for the loss-distribution panel, the engine's [`restake_engine::outcome::PositionOutcome`]
//! (what `restake position` summarises) for the position's Monte Carlo. The followers and the
//! run are crate `restake-worker`'s ([`Follow`], [`Run`]), which the page's web workers run
//! ([`crate::mc_runner`]), so a run here, in a worker and in the CLI with the same scenario and
//! seed agree.
//!
//! Plain Rust, tested natively; [`crate::views::monte_carlo_view`] and [`crate::views::position_mc_view`]
//! drive it from the page (the page itself checks the runs with [`MonteCarlo::new`] and hands
//! them to the workers; [`MonteCarlo::work`] runs them in place, in the tests).

use restake_engine::batch::{summarize, Outcome, OutcomeTracker, Summary};
use restake_engine::sim::Injected;
use restake_engine::{Scenario, ScenarioError, Sim};
use restake_worker::Run;

pub use restake_worker::Follow;

/// Run counts the panel offers, and its default.
pub const RUN_CHOICES: [u32; 5] = [10, 25, 50, 100, 200];
pub const DEFAULT_RUNS: u32 = 50;
/// Horizons the panel offers, blocks (6 h, 12 h, 1 day, 2 days), and its default.
pub const BLOCK_CHOICES: [u64; 4] = [1_800, 3_600, 7_200, 14_400];
pub const DEFAULT_BLOCKS: u64 = 7_200;
/// Histogram bins.
pub const BINS: usize = 12;

/// The loss metric whose distribution the panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossMetric {
    BadDebt,
    Slashed,
    MinPrice,
    Liquidations,
}

impl LossMetric {
    pub const ALL: [LossMetric; 4] = [
        LossMetric::BadDebt,
        LossMetric::Slashed,
        LossMetric::MinPrice,
        LossMetric::Liquidations,
    ];

    /// Stable id (the select's option value).
    pub fn id(self) -> &'static str {
        match self {
            LossMetric::BadDebt => "bad-debt",
            LossMetric::Slashed => "slashed",
            LossMetric::MinPrice => "min-price",
            LossMetric::Liquidations => "liquidations",
        }
    }

    pub fn from_id(id: &str) -> Option<LossMetric> {
        LossMetric::ALL.into_iter().find(|m| m.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            LossMetric::BadDebt => "Bad debt",
            LossMetric::Slashed => "Total slashed",
            LossMetric::MinPrice => "Lowest LRT price",
            LossMetric::Liquidations => "Liquidations",
        }
    }

    /// The unit of [`Self::value`].
    pub fn unit(self) -> &'static str {
        match self {
            LossMetric::BadDebt | LossMetric::Slashed => "ETH",
            LossMetric::MinPrice => "ETH per LRT",
            LossMetric::Liquidations => "calls",
        }
    }

    /// True when a lower value is the worse one (a price), false for losses and counts.
    pub fn lower_is_worse(self) -> bool {
        self == LossMetric::MinPrice
    }

    /// This metric of `o`, in [`Self::unit`].
    pub fn value(self, o: &Outcome) -> f64 {
        let m = o.metrics();
        match self {
            LossMetric::BadDebt => m[3],
            LossMetric::Slashed => m[0],
            LossMetric::MinPrice => m[5],
            LossMetric::Liquidations => m[2],
        }
    }

    /// `v` formatted for the text and the axis.
    pub fn format(self, v: f64) -> String {
        match self {
            LossMetric::MinPrice => format!("{v:.4}"),
            LossMetric::Liquidations => format!("{v:.0}"),
            _ if v.abs() >= 100.0 => crate::data::format::grouped(v.round() as u64),
            _ => format!("{v:.2}"),
        }
    }
}

/// What to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub runs: u32,
    /// Each run stops after this block.
    pub to_block: u64,
    pub base_seed: u64,
}

/// N runs in progress or done, each followed by a `T` (the network's losses by default).
pub struct MonteCarlo<T: Follow = OutcomeTracker> {
    scenario: Scenario,
    faults: Vec<Injected>,
    config: Config,
    current: Option<Run<T>>,
    outcomes: Vec<T::Out>,
}

impl<T: Follow> MonteCarlo<T> {
    /// N runs of `scenario` with the `faults` injected at their blocks (those at or after
    /// `config.to_block` never happen). Errors when the scenario is invalid, or (`path`
    /// `position`) when it has nothing for `T` to follow.
    pub fn new(
        scenario: Scenario,
        faults: &[Injected],
        config: Config,
    ) -> Result<MonteCarlo<T>, ScenarioError> {
        // Checked once here, so that each run's `Sim::new` and `T::start` cannot fail later.
        let sim = Sim::new(scenario.clone(), config.base_seed)?;
        if T::start(&sim).is_none() {
            return Err(ScenarioError::Invalid {
                path: "position".into(),
                reason: "the scenario places no position".into(),
            });
        }
        let mut faults: Vec<Injected> = faults
            .iter()
            .filter(|f| f.block < config.to_block)
            .cloned()
            .collect();
        faults.sort_by_key(|f| f.block);
        Ok(MonteCarlo {
            scenario,
            faults,
            config,
            current: None,
            outcomes: Vec::new(),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The faults the runs inject, sorted by block, all before [`Config::to_block`].
    pub fn faults(&self) -> &[Injected] {
        &self.faults
    }

    /// Runs finished so far, in seed order.
    pub fn outcomes(&self) -> &[T::Out] {
        &self.outcomes
    }

    pub fn done(&self) -> bool {
        self.outcomes.len() as u32 >= self.config.runs
    }

    /// Share of the work done, 0 to 1 (blocks run over blocks to run).
    pub fn progress(&self) -> f64 {
        let total = self.config.runs as f64 * self.config.to_block.max(1) as f64;
        let partial = self.current.as_ref().map_or(0, |c| c.sim.block());
        (self.outcomes.len() as f64 * self.config.to_block as f64 + partial as f64) / total
    }

    /// Runs blocks until `until()` says stop (checked after every block) or every run is
    /// done; returns the blocks run. A fault the engine refuses stops that run's injections
    /// and the error is returned (the runs go on without it).
    pub fn work(&mut self, mut until: impl FnMut() -> bool) -> (u64, Option<ScenarioError>) {
        let mut ran = 0;
        let mut refused = None;
        while !self.done() {
            let cur = match &mut self.current {
                Some(c) => c,
                None => {
                    let seed = self.config.base_seed + self.outcomes.len() as u64;
                    self.current.insert(Run::start(&self.scenario, seed))
                }
            };
            if cur.sim.block() >= self.config.to_block {
                let c = self.current.take().expect("current run");
                self.outcomes.push(c.finish());
                continue;
            }
            cur.advance(&self.faults, &mut refused);
            ran += 1;
            if until() {
                break;
            }
        }
        (ran, refused)
    }
}

/// What runs of `config` are of, in words: "path-lrt: seeds 42–61, each run to block 7,200."
/// With `faults` injected faults, `note` says what becomes of them.
pub fn about(name: &str, config: &Config, faults: usize, note: &str) -> String {
    let last = config.base_seed + (config.runs as u64).max(1) - 1;
    let injected = match faults {
        0 => String::new(),
        n => format!(", with the {n} fault(s) {note}"),
    };
    format!(
        "{name}: seeds {}–{last}, each run to block {}{injected}.",
        config.base_seed,
        crate::data::format::grouped(config.to_block)
    )
}

/// One histogram bin: `[lo, hi)` (the last one closed) and its count.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bin {
    pub lo: f64,
    pub hi: f64,
    pub count: u32,
}

/// `values` in `bins` equal bins from the smallest to the largest; one bin when all are equal.
pub fn histogram(values: &[f64], bins: usize) -> Vec<Bin> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let Some(lo) = finite.iter().copied().reduce(f64::min) else {
        return Vec::new();
    };
    let hi = finite.iter().copied().fold(lo, f64::max);
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        return vec![Bin {
            lo,
            hi,
            count: finite.len() as u32,
        }];
    }
    let width = (hi - lo) / bins as f64;
    let mut out: Vec<Bin> = (0..bins)
        .map(|i| Bin {
            lo: lo + width * i as f64,
            hi: if i + 1 == bins {
                hi
            } else {
                lo + width * (i + 1) as f64
            },
            count: 0,
        })
        .collect();
    for v in finite {
        let i = (((v - lo) / width) as usize).min(bins - 1);
        out[i].count += 1;
    }
    out
}

/// The median, the 95th percentile on the bad side (p95 of a loss, p5 of a price) and the
/// worst run of `metric` over `outcomes`.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantiles {
    pub n: usize,
    pub median: f64,
    pub p95: f64,
    pub worst: f64,
    /// Seed of the worst run.
    pub worst_seed: u64,
}

pub fn quantiles(outcomes: &[Outcome], metric: LossMetric) -> Option<Quantiles> {
    let values: Vec<f64> = outcomes.iter().map(|o| metric.value(o)).collect();
    let s: Summary = summarize(&values);
    if s.n == 0 {
        return None;
    }
    let worse = |a: f64, b: f64| {
        if metric.lower_is_worse() {
            a < b
        } else {
            a > b
        }
    };
    let (worst_i, worst) =
        values
            .iter()
            .copied()
            .enumerate()
            .fold(
                (0, values[0]),
                |(bi, bv), (i, v)| {
                    if worse(v, bv) {
                        (i, v)
                    } else {
                        (bi, bv)
                    }
                },
            );
    Some(Quantiles {
        n: s.n,
        median: s.p50,
        p95: if metric.lower_is_worse() { s.p5 } else { s.p95 },
        worst,
        worst_seed: outcomes[worst_i].seed,
    })
}

/// The quantiles as one sentence, units stated.
pub fn describe(q: &Quantiles, metric: LossMetric) -> String {
    let unit = metric.unit();
    let bad = if metric.lower_is_worse() {
        "5% of runs went below"
    } else {
        "5% of runs exceeded"
    };
    format!(
        "{} over {} runs: median {} {unit}; p95 {} {unit} ({bad} it); worst {} {unit} (seed {}).",
        metric.label(),
        q.n,
        metric.format(q.median),
        metric.format(q.p95),
        metric.format(q.worst),
        q.worst_seed
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::batch::run_outcome;
    use restake_engine::{presets, Fault};

    fn config(runs: u32, to_block: u64) -> Config {
        Config {
            runs,
            to_block,
            base_seed: 7,
        }
    }

    #[test]
    fn runs_in_slices_equal_whole_runs_with_seed_base_plus_i() {
        let scenario = presets::get("oracle-cascade").expect("preset");
        let mut mc = MonteCarlo::<OutcomeTracker>::new(scenario.clone(), &[], config(3, 400))
            .expect("valid");
        let mut slices = 0;
        while !mc.done() {
            let mut n = 0;
            let (ran, refused) = mc.work(|| {
                n += 1;
                n >= 97
            });
            assert!(ran <= 97 && refused.is_none());
            slices += 1;
        }
        assert!(slices >= 12, "the work was spread over slices: {slices}");
        assert_eq!(mc.progress(), 1.0);
        for (i, o) in mc.outcomes().iter().enumerate() {
            let whole = run_outcome(scenario.clone(), 7 + i as u64, 400).expect("run");
            assert_eq!(*o, whole);
        }
    }

    #[test]
    fn injected_faults_happen_at_their_blocks_in_every_run() {
        let mut sim = Sim::preset("whale-exit", 1).expect("preset");
        sim.run(50);
        sim.inject(Fault::LiquidityWithdrawal {
            share_bps: 6_000,
            lrt_symbol: None,
        })
        .expect("inject");
        sim.run(250);
        let expected = crate::state::replay(&sim, 300, |_| {}).expect("replay");
        let mut mc = MonteCarlo::<OutcomeTracker>::new(
            sim.scenario().clone(),
            sim.injected(),
            Config {
                runs: 2,
                to_block: 300,
                base_seed: 1,
            },
        )
        .expect("valid");
        mc.work(|| false);
        assert!(mc.done());
        assert_eq!(mc.outcomes()[0].state_hash, expected.state_hash());
        assert_ne!(mc.outcomes()[1].state_hash, expected.state_hash());
    }

    #[test]
    fn an_invalid_scenario_is_refused_up_front() {
        let mut scenario = presets::get("oracle-cascade").expect("preset");
        scenario.lending.ltv_bps = 9_999;
        assert!(MonteCarlo::<OutcomeTracker>::new(scenario, &[], config(3, 10)).is_err());
    }

    #[test]
    fn histogram_counts_every_value_once() {
        let v: Vec<f64> = (0..50).map(|i| (i * i) as f64).collect();
        let h = histogram(&v, BINS);
        assert_eq!(h.len(), BINS);
        assert_eq!(h.iter().map(|b| b.count).sum::<u32>(), 50);
        assert_eq!(h[0].lo, 0.0);
        assert_eq!(h[BINS - 1].hi, 49.0 * 49.0);
        assert_eq!(histogram(&[3.0, 3.0], BINS).len(), 1);
        assert!(histogram(&[], BINS).is_empty());
    }

    #[test]
    fn quantiles_take_the_bad_side_of_each_metric() {
        let outcome = |seed: u64, bad_debt_eth: u128, min_price: f64| Outcome {
            seed,
            blocks: 10,
            slashed_wei: 0,
            beacon_penalties_wei: 0,
            liquidations: 0,
            bad_debt_wei: bad_debt_eth * 1_000_000_000_000_000_000,
            insolvent_debt_wei: 0,
            min_price,
            max_discount: 0.0,
            losses_wei: 0,
            state_hash: String::new(),
        };
        let runs: Vec<Outcome> = (0..21)
            .map(|i| outcome(100 + i, i as u128, 1.0 - i as f64 / 100.0))
            .collect();
        let debt = quantiles(&runs, LossMetric::BadDebt).expect("runs");
        assert_eq!((debt.median, debt.p95, debt.worst), (10.0, 19.0, 20.0));
        assert_eq!(debt.worst_seed, 120);
        let price = quantiles(&runs, LossMetric::MinPrice).expect("runs");
        assert!((price.p95 - 0.99).abs() > 0.0 && (price.p95 - 0.81).abs() < 1e-9);
        assert!((price.worst - 0.80).abs() < 1e-9);
        let text = describe(&price, LossMetric::MinPrice);
        assert!(text.contains("median 0.9000 ETH per LRT"), "{text}");
        assert!(text.contains("went below"), "{text}");
        assert!(quantiles(&[], LossMetric::BadDebt).is_none());
    }
}
