//! The `mainnet-scale` preset: its sizes and proportions (MODEL.md section 10,
//! docs/MAINNET_SCALE.md), conservation and the other invariants after each of 200 blocks, and
//! determinism. Speed and memory are benchmarks (BENCHMARKS.md), not tests.

mod common;

use restake_engine::{batch, presets, Scenario, Sim};

fn scenario() -> Scenario {
    presets::get("mainnet-scale").expect("listed preset")
}

/// Whole ETH delegated to each operator, by operator index.
fn operator_totals(s: &Scenario) -> Vec<u64> {
    s.operators
        .iter()
        .map(|o| {
            o.lrt_delegation_eth
                + o.native_delegation_eth
                + s.extra_lrts
                    .iter()
                    .flat_map(|x| x.delegations.iter())
                    .filter(|d| d.operator == o.name)
                    .map(|d| d.eth)
                    .sum::<u64>()
        })
        .collect()
}

#[test]
fn is_valid_listed_last_and_round_trips_through_json() {
    let s = scenario();
    s.validate().unwrap();
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    // The proptest and fuzz suites skip the large presets by listing them last.
    assert!(presets::NAMES.ends_with(&presets::LARGE));
}

#[test]
fn sizes_and_proportions_follow_model_section_10() {
    let s = scenario();
    assert_eq!(s.operators.len(), 1_900);
    assert_eq!(s.avss.len(), 30);
    assert_eq!(s.lrt_specs().len(), 10);
    let holders: u64 = s.lrt_specs().iter().map(|l| l.stakers.count as u64).sum();
    assert_eq!(holders, 160_000);
    let loopers: u64 = s
        .market_specs()
        .iter()
        .map(|m| m.loopers.count as u64)
        .sum();
    assert_eq!(loopers, 7_500);
    assert_eq!(s.market_specs().len(), 6);
    assert_eq!(batch::agent_count(&s), 160_000 + 7_500 + 30 + 10);

    let mut totals = operator_totals(&s);
    let restaked: u64 = totals.iter().sum();
    assert!((4_450_000..=4_500_000).contains(&restaked), "{restaked}");
    totals.sort_unstable_by(|a, b| b.cmp(a));
    let share = |n: usize| totals[..n].iter().sum::<u64>() as f64 / restaked as f64;
    // "7 operators handled ~75%", "10 entities held ~80%" (Feb 2025).
    assert!((0.74..0.76).contains(&share(7)), "top 7: {}", share(7));
    assert!((0.78..0.81).contains(&share(10)), "top 10: {}", share(10));

    // LRTs hold ~80% of restaked ETH; eETH, pufETH and ezETH have their Sept 2024 supplies.
    let lrt_total: u64 = s
        .operators
        .iter()
        .map(|o| o.lrt_delegation_eth)
        .sum::<u64>()
        + s.extra_lrts
            .iter()
            .flat_map(|x| x.delegations.iter())
            .map(|d| d.eth)
            .sum::<u64>();
    let lrt_share = lrt_total as f64 / restaked as f64;
    assert!((0.79..0.81).contains(&lrt_share), "{lrt_share}");
    let first: u64 = s.operators.iter().map(|o| o.lrt_delegation_eth).sum();
    assert!((1_950_000..=1_960_000).contains(&first), "eETH {first}");

    // The four AVSs with published operator counts.
    for (avs, count) in [(0, 258), (1, 103), (2, 74), (3, 61)] {
        let name = &s.avss[avs].name;
        let members = s
            .operators
            .iter()
            .filter(|o| o.allocations.iter().any(|a| &a.avs == name))
            .count();
        assert_eq!(members, count, "{name}");
    }
}

#[test]
fn invariants_hold_after_each_of_200_blocks_and_the_run_is_deterministic() {
    let a = common::run_checked("mainnet-scale", 42, 200);
    let mut b = Sim::preset("mainnet-scale", 42).unwrap();
    b.run(200);
    assert_eq!(a.state_hash(), b.state_hash());
    assert_eq!(a.history(), b.history());
}

#[test]
fn the_oracle_fault_slashes_and_the_lrts_fall_below_nav() {
    // The slashes execute after the 3,600-block veto window (block 3,900).
    let mut sim = Sim::preset("mainnet-scale", 42).unwrap();
    sim.run(4_000);
    let m = sim.history().last().unwrap();
    assert!(m.slashed_wei > 50_000 * 10u128.pow(18), "{}", m.slashed_wei);
    assert!(m.lrt_nav < 0.99, "NAV {}", m.lrt_nav);
    // Most LRTs trade below NAV, the largest first; a few small pools may still price an LRT
    // above its freshly slashed NAV for a while (liquidators keep seized LRT to redeem rather
    // than dump it, so nothing pushes those pools down; mint-and-sell arbitrage follows).
    assert!(m.lrts[0].price < m.lrts[0].nav, "{:?}", m.lrts[0]);
    let below = m.lrts.iter().filter(|l| l.price < l.nav).count();
    assert!(
        below * 10 >= m.lrts.len() * 7,
        "{below} of {}: {:?}",
        m.lrts.len(),
        m.lrts
    );
    assert!(m.liquidations > 0);
}
