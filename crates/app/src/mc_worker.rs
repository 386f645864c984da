//! The worker's side of the Monte Carlo runs: `web/mc-worker.js` loads this same WebAssembly
//! module in a web worker (the page sends it the compiled module, so nothing is downloaded or
//! compiled again), calls [`mc_worker_init`] once with the job, then [`mc_worker_run`] for each
//! seed the page hands it ([`crate::mc_runner`] keeps the pool). Each worker has its own engine
//! instance; the page and the workers exchange JSON, which serde_json (with `float_roundtrip`)
//! reads back to the same bits, so a run in a worker equals the same run on the page and in
//! `restake sweep` / `restake position`.
//!
//! [`Job`] and [`run_json`] are plain Rust, tested natively.

use std::cell::RefCell;

use restake_engine::batch::OutcomeTracker;
use restake_engine::outcome::PositionTracker;
use restake_engine::sim::Injected;
use restake_engine::Scenario;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::data::monte_carlo::{run_seed, Follow};

/// What a run follows: the network's losses ([`OutcomeTracker`], the Monte Carlo tab) or the
/// scenario's position ([`PositionTracker`], the playbook's Monte Carlo).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Outcome,
    Position,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::Outcome => "outcome",
            Kind::Position => "position",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        [Kind::Outcome, Kind::Position]
            .into_iter()
            .find(|k| k.id() == id)
    }
}

/// The runs a worker is given: the scenario (checked on the page by
/// [`crate::data::monte_carlo::MonteCarlo::new`]), the faults to inject sorted by block, the last block.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub kind: Kind,
    pub scenario: Scenario,
    pub faults: Vec<Injected>,
    pub to_block: u64,
}

/// One run's answer as sent back to the page: the outcome, and the last injected fault the
/// engine refused (the run went on without it).
#[derive(Debug, Serialize, Deserialize)]
pub struct RunResult<O> {
    pub out: O,
    pub refused: Option<String>,
}

impl Job {
    /// The job from the JSON the page sends ([`Job::scenario_json`], [`Job::faults_json`]).
    pub fn from_json(
        kind: &str,
        scenario: &str,
        faults: &str,
        to_block: u64,
    ) -> Result<Job, String> {
        Ok(Job {
            kind: Kind::from_id(kind).ok_or_else(|| format!("unknown kind {kind:?}"))?,
            // Read as the editor and the import read a scenario (through serde_path_to_error),
            // so the module holds one copy of the scenario's and the faults' parsing code.
            scenario: Scenario::from_json(scenario).map_err(|e| format!("scenario: {e}"))?,
            faults: serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(
                faults,
            ))
            .map_err(|e| format!("faults: {e}"))?,
            to_block,
        })
    }

    pub fn scenario_json(scenario: &Scenario) -> String {
        serde_json::to_string(scenario).expect("a scenario serialises")
    }

    pub fn faults_json(faults: &[Injected]) -> String {
        serde_json::to_string(faults).expect("faults serialise")
    }
}

/// Runs `seed` of `job` and returns its [`RunResult`] as JSON.
pub fn run_json(job: &Job, seed: u64, progress: impl FnMut(u64)) -> String {
    fn run<T: Follow>(job: &Job, seed: u64, progress: impl FnMut(u64)) -> String {
        let (out, refused) =
            run_seed::<T>(&job.scenario, &job.faults, seed, job.to_block, progress);
        let r = RunResult {
            out,
            refused: refused.map(|e| e.to_string()),
        };
        serde_json::to_string(&r).expect("an outcome serialises")
    }
    match job.kind {
        Kind::Outcome => run::<OutcomeTracker>(job, seed, progress),
        Kind::Position => run::<PositionTracker>(job, seed, progress),
    }
}

/// A [`RunResult`] read back on the page.
pub fn parse_result<O: serde::de::DeserializeOwned>(json: &str) -> Result<RunResult<O>, String> {
    serde_json::from_str(json).map_err(|e| format!("a worker's result: {e}"))
}

thread_local! {
    static JOB: RefCell<Option<Job>> = const { RefCell::new(None) };
}

/// Worker side: keeps the job (`kind` "outcome" or "position", the scenario and faults as
/// JSON, the last block) for the runs that follow.
#[wasm_bindgen]
pub fn mc_worker_init(
    kind: &str,
    scenario: &str,
    faults: &str,
    to_block: f64,
) -> Result<(), JsValue> {
    let job = Job::from_json(kind, scenario, faults, to_block as u64)?;
    JOB.with(|j| *j.borrow_mut() = Some(job));
    Ok(())
}

/// Worker side: runs the seed `seed` (decimal) of the job, calling `progress(block)` every
/// [`crate::data::monte_carlo::PROGRESS_BLOCKS`] blocks; returns the [`RunResult`] as JSON.
#[wasm_bindgen]
pub fn mc_worker_run(seed: &str, progress: &js_sys::Function) -> Result<String, JsValue> {
    let seed: u64 = seed
        .parse()
        .map_err(|_| JsValue::from_str(&format!("bad seed {seed:?}")))?;
    JOB.with(|j| {
        let job = j.borrow();
        let job = job
            .as_ref()
            .ok_or_else(|| JsValue::from_str("no job: mc_worker_init first"))?;
        Ok(run_json(job, seed, |block| {
            let _ = progress.call1(&JsValue::NULL, &JsValue::from_f64(block as f64));
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::batch::{run_outcome, Outcome};
    use restake_engine::outcome::{run_position, PositionOutcome};
    use restake_engine::{presets, Fault};

    fn job(kind: Kind, preset: &str, faults: &[Injected], to_block: u64) -> Job {
        let scenario = presets::get(preset).expect("preset");
        Job::from_json(
            kind.id(),
            &Job::scenario_json(&scenario),
            &Job::faults_json(faults),
            to_block,
        )
        .expect("job")
    }

    #[test]
    fn every_preset_reaches_the_worker_unchanged() {
        for name in presets::NAMES {
            let scenario = presets::get(name).expect("preset");
            let back: Scenario =
                serde_json::from_str(&Job::scenario_json(&scenario)).expect("parses");
            assert!(back == scenario, "{name} changed on its way to the worker");
        }
    }

    #[test]
    fn a_worker_s_outcome_equals_restake_sweep_s_run_bit_for_bit() {
        let j = job(Kind::Outcome, "oracle-cascade", &[], 600);
        let mut calls = 0;
        let json = run_json(&j, 3, |_| calls += 1);
        assert_eq!(calls, 600 / crate::data::monte_carlo::PROGRESS_BLOCKS);
        let r: RunResult<Outcome> = parse_result(&json).expect("parses");
        assert!(r.refused.is_none());
        let cli = run_outcome(presets::get("oracle-cascade").unwrap(), 3, 600).expect("run");
        assert_eq!(r.out, cli);
        assert_eq!(r.out.min_price.to_bits(), cli.min_price.to_bits());
    }

    #[test]
    fn a_worker_s_position_outcome_equals_restake_position_s_run() {
        for preset in restake_engine::paths::PATH_NAMES {
            let j = job(Kind::Position, preset, &[], 4_500);
            let r: RunResult<PositionOutcome> =
                parse_result(&run_json(&j, 42, |_| {})).expect("parses");
            let cli = run_position(presets::get(preset).unwrap(), 42, 4_500).expect("run");
            assert_eq!(r.out, cli, "{preset}");
        }
    }

    #[test]
    fn injected_faults_reach_the_worker() {
        let faults = [Injected {
            block: 20,
            fault: Fault::LiquidityWithdrawal {
                share_bps: 6_000,
                lrt_symbol: None,
            },
        }];
        let j = job(Kind::Outcome, "whale-exit", &faults, 120);
        assert_eq!(j.faults, faults);
        let with: RunResult<Outcome> = parse_result(&run_json(&j, 1, |_| {})).expect("parses");
        let without = run_outcome(presets::get("whale-exit").unwrap(), 1, 120).expect("run");
        assert_ne!(with.out.state_hash, without.state_hash);
    }

    #[test]
    fn a_bad_job_is_refused_with_its_part() {
        let e = Job::from_json("nope", "{}", "[]", 1).unwrap_err();
        assert!(e.contains("kind"), "{e}");
        let e = Job::from_json("outcome", "{}", "[]", 1).unwrap_err();
        assert!(e.starts_with("scenario:"), "{e}");
    }
}
