//! Solvency of the lending markets (issue 14): realised bad debt and the insolvent debt of open
//! loans, checked against a scan of every loan computed here, in every block of the presets
//! where loans go under, and the one invariant that truly holds for their sum.
//!
//! `realised + insolvent` may fall only when an oracle price rises or a loan is repaid (a
//! liquidation repays; loopers never repay on their own): in a block with no liquidation and no
//! rise of any market's oracle price it never falls. A liquidation never lowers it at the price
//! it happens at (up to 3 wei of rounding per call; tested in `lending::solvency`).

mod common;

use restake_engine::lending::LendingMarket;
use restake_engine::units::{mul_div, WAD};
use restake_engine::{invariants, Sim};

/// Insolvent debt of `m` from its positions, computed here: `sum of max(0, debt - collateral
/// value)` over every loan, and the number of loans with collateral worth less than the debt.
fn scan(m: &LendingMarket) -> (u128, u32) {
    let mut sum = 0;
    let mut count = 0;
    for p in &m.positions {
        let value = mul_div(p.collateral, m.oracle_price, WAD);
        if p.debt > value {
            sum += p.debt - value;
            count += 1;
        }
    }
    (sum, count)
}

/// `realised + insolvent` per market (wei) and the oracle prices (wad) of `sim` now.
fn shortfalls(sim: &Sim) -> (Vec<u128>, Vec<u128>) {
    let w = sim.world();
    (
        w.markets.iter().map(|m| m.bad_debt + scan(m).0).collect(),
        w.markets.iter().map(|m| m.oracle_price).collect(),
    )
}

/// What [`check_run`] saw.
#[derive(Debug, Default)]
struct Seen {
    /// Most insolvent debt at the end of a block, wei.
    max_insolvent: u128,
    /// Blocks where the monotonicity applied (no liquidation, no oracle rise).
    monotone_blocks: u64,
    /// Blocks where `realised + insolvent` fell, and each fell after an oracle rise or a
    /// liquidation.
    falls: u64,
}

/// Runs `sim` for `blocks` blocks; after each block checks the invariants, that every
/// market's recorded insolvent debt equals [`scan`] (so no loan with collateral worth less than
/// its debt is left out, and none is counted that is covered), that the totals add the markets
/// up and the loss layer equals them, and that `realised + insolvent` did not fall in a
/// block with no liquidation and no oracle rise.
fn check_run(mut sim: Sim, blocks: u64) -> Seen {
    let mut seen = Seen::default();
    let name = sim.scenario().name.clone();
    for _ in 0..blocks {
        let (before, prices_before) = shortfalls(&sim);
        let liquidations_before = sim.latest().liquidations;
        let m = sim.step().clone();
        let b = m.block;
        invariants::check(sim.world()).unwrap_or_else(|e| panic!("{name} block {b}: {e}"));
        let w = sim.world();
        let mut total = 0;
        for (k, market) in w.markets.iter().enumerate() {
            let (sum, count) = scan(market);
            assert_eq!(
                m.markets[k].insolvent_debt_wei, sum,
                "{name} block {b} market {k}: recorded insolvent debt against the scan"
            );
            assert_eq!(
                market.insolvent_loans(),
                count,
                "{name} block {b} market {k}"
            );
            total += sum;
        }
        assert_eq!(m.insolvent_debt_wei, total, "{name} block {b}");
        assert_eq!(
            m.losses.lender_insolvent_debt_wei, total,
            "{name} block {b}"
        );
        assert_eq!(
            m.losses.lender_bad_debt_wei, m.bad_debt_wei,
            "{name} block {b}"
        );
        seen.max_insolvent = seen.max_insolvent.max(total);
        let (after, prices_after) = shortfalls(&sim);
        let no_rise = prices_after.iter().zip(&prices_before).all(|(a, b)| a <= b);
        let quiet = m.liquidations == liquidations_before;
        if quiet && no_rise {
            seen.monotone_blocks += 1;
            for k in 0..after.len() {
                assert!(
                    after[k] >= before[k],
                    "{name} block {b} market {k}: realised + insolvent fell from {} to {} with no liquidation and no oracle rise",
                    before[k],
                    after[k]
                );
            }
        } else if after.iter().zip(&before).any(|(a, b)| a < b) {
            seen.falls += 1;
        }
    }
    seen
}

#[test]
fn insolvent_debt_equals_a_scan_of_every_loan_in_every_block_of_the_stress_presets() {
    for (name, blocks) in [
        ("oracle-cascade", 7_200),
        ("whale-exit", 7_200),
        ("avs-exploit", 7_200),
    ] {
        let sim = Sim::preset(name, 42).expect("preset");
        let seen = check_run(sim, blocks);
        assert!(seen.monotone_blocks > 100, "{name}: {seen:?}");
        eprintln!("{name}: {seen:?}");
    }
}

#[test]
fn insolvent_debt_equals_a_scan_in_fuzzed_scenarios() {
    // Presets with every channel on, random seeds, random injected faults: the same checks.
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1414);
    let mut insolvent_somewhere = false;
    for case in 0..12 {
        let name = ["oracle-cascade", "ezeth-2024", "whale-exit", "avs-exploit"][case % 4];
        let mut scenario = common::with_channels(restake_engine::presets::get(name).unwrap());
        // A deeper market: more loops, closer to their threshold.
        scenario.loopers.hf_min = rng.random_range(1.0..1.1);
        scenario.loopers.hf_max = scenario.loopers.hf_min + rng.random_range(0.0..0.5);
        let Ok(mut sim) = Sim::new(scenario, rng.random()) else {
            continue;
        };
        for _ in 0..rng.random_range(0..3) {
            let menu = sim.fault_menu();
            let f = menu[rng.random_range(0..menu.len())].clone();
            let _ = sim.inject(f);
        }
        let seen = check_run(sim, rng.random_range(200..1_200));
        insolvent_somewhere |= seen.max_insolvent > 0;
    }
    assert!(insolvent_somewhere, "some fuzzed run has insolvent loans");
}
