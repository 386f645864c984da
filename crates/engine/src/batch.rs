//! Plain functions for many runs at once (sweeps, comparisons, benchmarks, property tests): a
//! run's outcome in a few numbers, quantiles, and the perturbations applied to a scenario.
//!
//! Every perturbation of a scenario goes through [`set_param`] (a value at a path of the
//! scenario's JSON) or [`scale_agents`]; they are the only places that know the scenario's
//! shape.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use thiserror::Error;

use crate::base::units::WAD;
use crate::input::scenario::{Scenario, ScenarioError};
use crate::readouts::metrics::BlockMetrics;
use crate::sim::Sim;

/// What one run came to. Amounts are cumulative wei at the last block.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    pub seed: u64,
    /// Last block run.
    pub blocks: u64,
    /// Stake removed by slashing (EigenLayer slashes and Ethereum slashing penalties).
    pub slashed_wei: u128,
    /// Ethereum penalties for missed attestations and the inactivity leak.
    pub beacon_penalties_wei: u128,
    /// Liquidation calls.
    pub liquidations: u64,
    /// Debt left without collateral (realised bad debt).
    pub bad_debt_wei: u128,
    /// Debt of open loans their collateral does not cover at the oracle price, at the last
    /// block ([`crate::model::lending::solvency`]).
    pub insolvent_debt_wei: u128,
    /// Lowest pool price of the LRT over the run, ETH per LRT.
    pub min_price: f64,
    /// Largest discount of price to NAV over the run, fraction.
    pub max_discount: f64,
    /// ETH lost for good: `slashed + beacon penalties + bad debt`.
    pub losses_wei: u128,
    /// [`Sim::state_hash`] after the last block.
    pub state_hash: String,
}

/// Number of numeric outcome metrics ([`METRICS`]).
pub const N_METRICS: usize = 8;

/// Names of the numeric outcome metrics, in the order of [`Outcome::metrics`].
pub const METRICS: [&str; N_METRICS] = [
    "slashed_eth",
    "beacon_penalties_eth",
    "liquidations",
    "bad_debt_eth",
    "insolvent_debt_eth",
    "min_price",
    "max_discount",
    "losses_eth",
];

impl Outcome {
    /// The numeric metrics named in [`METRICS`] (amounts in ETH).
    pub fn metrics(&self) -> [f64; N_METRICS] {
        [
            wei_to_eth(self.slashed_wei),
            wei_to_eth(self.beacon_penalties_wei),
            self.liquidations as f64,
            wei_to_eth(self.bad_debt_wei),
            wei_to_eth(self.insolvent_debt_wei),
            self.min_price,
            self.max_discount,
            wei_to_eth(self.losses_wei),
        ]
    }
}

/// Wei as ETH (display and statistics only).
pub fn wei_to_eth(wei: u128) -> f64 {
    wei as f64 / WAD as f64
}

/// A number as the CLI prints it (and the app beside it): about six significant digits, at
/// most nine decimals, none for 100,000 and above; "NaN" and "inf" as Rust spells them.
pub fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let digits = if x == 0.0 {
        0
    } else {
        (5 - x.abs().log10().floor() as i32).clamp(0, 9) as usize
    };
    format!("{x:.digits$}")
}

/// Running extremes over the blocks of a run, so a run needs no stored history.
#[derive(Clone, Debug)]
pub struct OutcomeTracker {
    min_price: f64,
    max_discount: f64,
}

impl OutcomeTracker {
    /// Starts at the metrics of block 0.
    pub fn new(first: &BlockMetrics) -> Self {
        OutcomeTracker {
            min_price: first.lrt_price,
            max_discount: first.discount,
        }
    }

    pub fn observe(&mut self, m: &BlockMetrics) {
        self.min_price = self.min_price.min(m.lrt_price);
        self.max_discount = self.max_discount.max(m.discount);
    }

    /// The outcome of `sim` as it is now.
    pub fn finish(&self, sim: &Sim) -> Outcome {
        let m = sim.latest();
        Outcome {
            seed: sim.seed(),
            blocks: sim.block(),
            slashed_wei: m.slashed_wei,
            beacon_penalties_wei: m.beacon_penalties_wei,
            liquidations: m.liquidations,
            bad_debt_wei: m.bad_debt_wei,
            insolvent_debt_wei: m.insolvent_debt_wei,
            min_price: self.min_price,
            max_discount: self.max_discount,
            losses_wei: m
                .slashed_wei
                .saturating_add(m.beacon_penalties_wei)
                .saturating_add(m.bad_debt_wei),
            state_hash: sim.state_hash(),
        }
    }
}

/// Runs `scenario` with `seed` for `blocks` blocks with a bounded history and returns its
/// outcome; `Err` names the field when the scenario is invalid.
pub fn run_outcome(scenario: Scenario, seed: u64, blocks: u64) -> Result<Outcome, ScenarioError> {
    let mut sim = Sim::new(scenario, seed)?;
    sim.set_memory_limit(Some(crate::readouts::history::MemoryLimit {
        recent_blocks: 64,
        events: 64,
    }));
    let mut t = OutcomeTracker::new(sim.latest());
    for _ in 0..blocks {
        t.observe(sim.step());
    }
    Ok(t.finish(&sim))
}

/// Mean and quantiles of one metric over many runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub mean: f64,
    pub min: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    pub max: f64,
}

/// Summary of `values` (quantiles by linear interpolation between order statistics, as
/// numpy's default); all NaN for an empty slice. Non-finite values sort last.
pub fn summarize(values: &[f64]) -> Summary {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    let q = |p: f64| -> f64 {
        if n == 0 {
            return f64::NAN;
        }
        let h = (n - 1) as f64 * p;
        let lo = h.floor() as usize;
        let hi = h.ceil() as usize;
        v[lo] + (h - lo as f64) * (v[hi] - v[lo])
    };
    Summary {
        n,
        mean: if n == 0 {
            f64::NAN
        } else {
            v.iter().sum::<f64>() / n as f64
        },
        min: q(0.0),
        p5: q(0.05),
        p50: q(0.5),
        p95: q(0.95),
        max: q(1.0),
    }
}

/// A parameter that cannot be set: the path as given and why.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ParamError {
    /// The path does not name a field of the scenario.
    #[error("parameter path '{path}': {reason}")]
    Path { path: String, reason: String },
    /// The path exists but the scenario with this value is invalid.
    #[error("parameter {path}={value}: {error}")]
    Value {
        path: String,
        value: String,
        error: ScenarioError,
    },
}

/// One step of a parameter path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    Field(String),
    Index(usize),
}

/// Parses `lending.liquidation_threshold_bps`, `operators[0].lrt_delegation_eth`,
/// `operators.0.lrt_delegation_eth` or a JSON pointer `/lending/ltv_bps`.
pub fn parse_path(path: &str) -> Result<Vec<PathSegment>, ParamError> {
    let err = |reason: String| ParamError::Path {
        path: path.to_string(),
        reason,
    };
    let body = path.strip_prefix('/');
    let parts: Vec<&str> = match body {
        Some(b) => b.split('/').collect(),
        None => path.split('.').collect(),
    };
    let mut out = Vec::new();
    for part in parts {
        if part.is_empty() {
            return Err(err("empty segment (two dots, or a dot at an end)".into()));
        }
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            match name.parse::<usize>() {
                Ok(i) => out.push(PathSegment::Index(i)),
                Err(_) if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                    out.push(PathSegment::Field(name.to_string()))
                }
                Err(_) => return Err(err(format!("'{name}' is not a field name"))),
            }
        }
        while !rest.is_empty() {
            let close = rest
                .find(']')
                .ok_or_else(|| err(format!("unclosed '[' in '{part}'")))?;
            let idx = rest[1..close]
                .parse::<usize>()
                .map_err(|_| err(format!("'{}' is not an index", &rest[1..close])))?;
            out.push(PathSegment::Index(idx));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(err(format!("unexpected '{rest}' after ']'")));
            }
        }
    }
    Ok(out)
}

/// The current value at `path` in `scenario`; `Err` says why the path names nothing.
pub fn get_param(scenario: &Scenario, path: &str) -> Result<Value, ParamError> {
    let json = serde_json::to_value(scenario).expect("scenario serialises");
    let mut tmp = json;
    Ok(locate(&mut tmp, path)?.clone())
}

fn locate<'a>(root: &'a mut Value, path: &str) -> Result<&'a mut Value, ParamError> {
    let segs = parse_path(path)?;
    let err = |reason: String| ParamError::Path {
        path: path.to_string(),
        reason,
    };
    let mut at = root;
    let mut here = String::new();
    for seg in segs {
        let shown = if here.is_empty() {
            "the scenario".to_string()
        } else {
            format!("'{here}'")
        };
        at = match (seg, at) {
            (PathSegment::Field(f), Value::Object(map)) => {
                if !map.contains_key(&f) {
                    let known: Vec<&str> = map.keys().map(String::as_str).collect();
                    return Err(err(format!(
                        "{shown} has no field '{f}' (fields: {})",
                        known.join(", ")
                    )));
                }
                here = if here.is_empty() {
                    f.clone()
                } else {
                    format!("{here}.{f}")
                };
                map.get_mut(&f).expect("checked")
            }
            (PathSegment::Index(i), Value::Array(v)) => {
                if i >= v.len() {
                    return Err(err(format!(
                        "index {i} is out of range: {shown} has {} entries",
                        v.len()
                    )));
                }
                here = format!("{here}[{i}]");
                &mut v[i]
            }
            (PathSegment::Field(f), Value::Null) => {
                return Err(err(format!(
                    "{shown} is null, so it has no field '{f}'; set the whole of {shown} instead"
                )))
            }
            (PathSegment::Field(f), _) => {
                return Err(err(format!(
                    "{shown} is not an object, so it has no field '{f}'"
                )))
            }
            (PathSegment::Index(i), _) => {
                return Err(err(format!(
                    "{shown} is not a list, so it has no entry [{i}]"
                )))
            }
        };
    }
    Ok(at)
}

/// `scenario` with the value at `path` replaced by `value`, parsed and validated like a
/// scenario file. `Err` names the path and the reason (no such field, wrong type, out of range).
pub fn set_param(scenario: &Scenario, path: &str, value: &Value) -> Result<Scenario, ParamError> {
    let mut json = serde_json::to_value(scenario).expect("scenario serialises");
    *locate(&mut json, path)? = value.clone();
    from_value(json).map_err(|error| ParamError::Value {
        path: path.to_string(),
        value: value.to_string(),
        error,
    })
}

/// Parses and validates a scenario from a JSON value; errors name the field path like
/// [`Scenario::from_json`] (without a text position, which would point into generated JSON).
fn from_value(json: Value) -> Result<Scenario, ScenarioError> {
    let scenario: Scenario =
        serde_path_to_error::deserialize(json).map_err(ScenarioError::from_parse)?;
    scenario.validate()?;
    Ok(scenario)
}

/// Applies several `(path, value)` settings in order.
pub fn set_params(scenario: &Scenario, params: &[(String, Value)]) -> Result<Scenario, ParamError> {
    let mut json = serde_json::to_value(scenario).expect("scenario serialises");
    for (path, value) in params {
        *locate(&mut json, path)? = value.clone();
    }
    from_value(json).map_err(|error| ParamError::Value {
        path: params
            .iter()
            .map(|p| p.0.as_str())
            .collect::<Vec<_>>()
            .join(","),
        value: params
            .iter()
            .map(|p| p.1.to_string())
            .collect::<Vec<_>>()
            .join(","),
        error,
    })
}

/// Number of agents that decide every block: holders, loopers, arbitrageurs, liquidators.
pub fn agent_count(s: &Scenario) -> u64 {
    s.lrt_specs()
        .iter()
        .map(|l| l.stakers.count as u64)
        .chain(s.market_specs().iter().map(|m| m.loopers.count as u64))
        .sum::<u64>()
        + s.arbitrageurs.count as u64
        + s.liquidators.count as u64
}

/// `scenario` with `factor` times as many holders and loopers holding the same totals (the
/// cost-versus-agents curve of BENCHMARKS.md).
pub fn scale_agents(s: &Scenario, factor: u32) -> Scenario {
    let mut s = s.clone();
    s.stakers.count = s.stakers.count.saturating_mul(factor);
    s.loopers.count = s.loopers.count.saturating_mul(factor);
    for x in &mut s.extra_lrts {
        x.stakers.count = x.stakers.count.saturating_mul(factor);
    }
    for m in &mut s.extra_markets {
        m.loopers.count = m.loopers.count.saturating_mul(factor);
    }
    s
}

/// A half-open range `[lo, hi)` of a parameter for random sampling; integer ranges draw
/// integers.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamRange {
    pub lo: f64,
    pub hi: f64,
    pub integer: bool,
}

/// `n` random points, one value per range, from the ChaCha8 stream of `seed` (the same points
/// on every machine and thread count).
pub fn sample_points(ranges: &[ParamRange], n: usize, seed: u64) -> Vec<Vec<Value>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            ranges
                .iter()
                .map(|r| {
                    let u: f64 = rng.random();
                    let x = r.lo + u * (r.hi - r.lo);
                    if r.integer {
                        Value::from(
                            (x.floor() as i64)
                                .clamp(r.lo as i64, (r.hi as i64 - 1).max(r.lo as i64)),
                        )
                    } else {
                        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
                    }
                })
                .collect()
        })
        .collect()
}
