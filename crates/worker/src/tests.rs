//! The worker's runs against the CLI's (`restake sweep`, `restake position`) and the job's JSON.

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
        let back: Scenario = serde_json::from_str(&Job::scenario_json(&scenario)).expect("parses");
        assert!(back == scenario, "{name} changed on its way to the worker");
    }
}

#[test]
fn a_worker_s_outcome_equals_restake_sweep_s_run_bit_for_bit() {
    let j = job(Kind::Outcome, "oracle-cascade", &[], 600);
    let mut calls = 0;
    let json = run_json(&j, 3, |_| calls += 1);
    assert_eq!(calls, 600 / PROGRESS_BLOCKS);
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
