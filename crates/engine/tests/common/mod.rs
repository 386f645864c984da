//! Shared helpers for the engine's integration tests.

#[allow(dead_code, reason = "only the fuzz and regression tests use it")]
pub mod fuzz;

use restake_engine::{invariants, presets, Sim};

/// Runs preset `name` with `seed` for `blocks` blocks, checking every invariant after each
/// block, and returns the simulation.
#[allow(dead_code, reason = "each test binary uses a subset of the helpers")]
pub fn run_checked(name: &str, seed: u64, blocks: u64) -> Sim {
    let mut sim = Sim::preset(name, seed).expect("preset exists");
    invariants::check(sim.world()).unwrap_or_else(|e| panic!("{name} at block 0: {e}"));
    for _ in 0..blocks {
        sim.step();
        invariants::check(sim.world())
            .unwrap_or_else(|e| panic!("{name} seed {seed} at block {}: {e}", sim.block()));
    }
    sim
}

/// Every preset name but the large ones (`presets::LARGE`, tested in `mainnet_scale.rs`).
#[allow(dead_code, reason = "each test binary uses a subset of the helpers")]
pub fn all_presets() -> impl Iterator<Item = &'static str> {
    presets::NAMES
        .iter()
        .copied()
        .filter(|n| !presets::LARGE.contains(n))
}

/// Preset `name` with a second LRT, `xLRT`: the first LRT's parameters, pool and holders, and the
/// same delegation to every operator (so a slash hits both).
#[allow(dead_code, reason = "each test binary uses a subset of the helpers")]
pub fn two_lrts(name: &str) -> restake_engine::Scenario {
    use restake_engine::scenario::{DelegationParams, ExtraLrtParams};
    let mut s = presets::get(name).expect("preset exists");
    let mut lrt = s.lrt.clone();
    lrt.symbol = "xLRT".into();
    s.extra_lrts.push(ExtraLrtParams {
        lrt,
        pool: s.pool.clone(),
        stakers: s.stakers.clone(),
        delegations: s
            .operators
            .iter()
            .map(|o| DelegationParams {
                operator: o.name.clone(),
                eth: o.lrt_delegation_eth,
            })
            .collect(),
        insurance: None,
    });
    s
}

/// Asserts that the run narrated exactly once that each of `symbols`' cover pools is exhausted
/// (the event is told the first time a claim exceeds the capital, not at every later claim).
#[allow(dead_code, reason = "each test binary uses a subset of the helpers")]
pub fn assert_exhausted_once(sim: &Sim, symbols: &[&str]) {
    for symbol in symbols {
        let exhausted = format!("The {symbol} cover pool is exhausted");
        let n = sim
            .events()
            .iter()
            .filter(|e| e.text.starts_with(&exhausted))
            .count();
        assert_eq!(n, 1, "{symbol}: narrated once");
    }
}

/// `s` with every channel of MODEL.md section 14 beyond the cascade switched on at moderate
/// values, so that the fuzz and property tests find its fields to perturb: slashing ambiguity
/// and MEV on the first AVS, a cover pool on every LRT without one, and (when there is none) a
/// programme on the first LRT that pays a priced incentive and has mercenary capital.
#[allow(dead_code, reason = "each test binary uses a subset of the helpers")]
pub fn with_channels(mut s: restake_engine::Scenario) -> restake_engine::Scenario {
    use restake_engine::redflags::IncentiveParams;
    use restake_engine::scenario::{InsuranceParams, MevParams};
    let cover = InsuranceParams {
        capital_eth: 5_000,
        covered_bps: 5_000,
        premium_apr_bps: 200,
    };
    if let Some(a) = s.avss.first_mut() {
        a.over_slashing_rate = 0.01;
        a.under_slashing_rate = 0.25;
        a.mev = Some(MevParams {
            opportunity_gwei_per_block: 1_000_000_000,
            detection_probability: 0.01,
            propensity: 0.5,
        });
    }
    s.insurance.get_or_insert(cover.clone());
    for x in &mut s.extra_lrts {
        x.insurance.get_or_insert(cover.clone());
    }
    if s.incentives.is_empty() {
        s.incentives.push(IncentiveParams {
            token_apr_bps: 300,
            ends_at_block: Some(100),
            mercenary_lrt: 100,
            mercenary_pool_bps: 2_000,
            mercenary_exit_blocks: 50,
            ..IncentiveParams::new(&s.lrt.symbol)
        });
    }
    s
}
