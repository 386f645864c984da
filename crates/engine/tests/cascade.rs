//! The oracle cascade end to end: conservation after every block of every preset,
//! determinism, the six steps of MODEL.md section 1, and the shared versus unique-stake lever.

mod common;

use restake_engine::{CascadeStep, Sim};

/// Blocks that cover the fault (300), the veto window (3,600) and the market's reaction.
const CASCADE_BLOCKS: u64 = 6_000;

#[test]
fn conservation_and_invariants_hold_after_every_block_of_every_preset() {
    for name in common::all_presets() {
        let sim = common::run_checked(name, 42, CASCADE_BLOCKS);
        assert_eq!(sim.block(), CASCADE_BLOCKS);
    }
}

#[test]
fn same_seed_same_trajectory_and_hash() {
    let a = common::run_checked("oracle-cascade", 7, 4_500);
    let mut b = Sim::preset("oracle-cascade", 7).unwrap();
    b.run(4_500);
    assert_eq!(a.state_hash(), b.state_hash());
    assert_eq!(a.history(), b.history());
    let mut c = Sim::preset("oracle-cascade", 8).unwrap();
    c.run(4_500);
    assert_ne!(
        a.state_hash(),
        c.state_hash(),
        "a different seed must change the run"
    );
}

#[test]
fn oracle_cascade_shows_the_first_four_steps_in_order() {
    let sim = Sim::preset("oracle-cascade", 42).map(|mut s| {
        s.run(CASCADE_BLOCKS);
        s
    });
    let sim = sim.unwrap();
    let first = |step: CascadeStep| {
        sim.events()
            .iter()
            .find(|e| e.step == Some(step))
            .map(|e| e.block)
    };
    let b1 = first(CascadeStep::OracleDisturbance).expect("step 1 narrated");
    let b2 = first(CascadeStep::SlashingWave).expect("step 2 narrated");
    let b3 = first(CascadeStep::LiquidityFlight).expect("step 3 narrated");
    let b4 = first(CascadeStep::FeedbackLoop).expect("step 4 narrated");
    assert_eq!(b1, 300, "the preset's fault is at block 300");
    assert!(
        b1 <= b2 && b2 <= b3 && b3 <= b4,
        "steps out of order: {b1} {b2} {b3} {b4}"
    );
    assert!(
        first(CascadeStep::GovernanceScramble).is_some(),
        "the veto vote is narrated"
    );
    let last = sim.latest();
    assert!(last.slashed_wei > 0);
    assert!(last.liquidations > 0);
    let min_price = sim
        .history()
        .iter()
        .map(|m| m.lrt_price)
        .fold(f64::INFINITY, f64::min);
    assert!(
        min_price < 0.95 * last.lrt_nav,
        "the LRT depegs: min price {min_price}, NAV {}",
        last.lrt_nav
    );
}

#[test]
fn unique_stake_slashes_less_and_keeps_the_peg_closer() {
    let mut shared = Sim::preset("oracle-cascade", 42).unwrap();
    let mut unique = Sim::preset("oracle-cascade-unique-stake", 42).unwrap();
    shared.run(CASCADE_BLOCKS);
    unique.run(CASCADE_BLOCKS);
    let (s, u) = (shared.latest(), unique.latest());
    assert!(
        u.slashed_wei * 3 < s.slashed_wei,
        "unique {} vs shared {}",
        u.slashed_wei,
        s.slashed_wei
    );
    assert!(u.lrt_nav > s.lrt_nav);
    assert!(u.liquidations <= s.liquidations);
}

#[test]
fn injecting_the_fault_brings_the_scheduled_one_forward() {
    let mut sim = Sim::preset("oracle-cascade", 42).unwrap();
    sim.run(10);
    let fault = sim
        .default_oracle_fault()
        .expect("the preset has an oracle AVS");
    sim.inject(fault).unwrap();
    assert!(
        sim.scheduled_faults().iter().all(|(b, _)| *b == 11),
        "the block-300 fault moved to block 11"
    );
    sim.run(1);
    assert_eq!(sim.events()[0].block, 11);
    assert_eq!(sim.events()[0].step, Some(CascadeStep::OracleDisturbance));
    sim.run(400);
    let disturbances = sim
        .events()
        .iter()
        .filter(|e| e.step == Some(CascadeStep::OracleDisturbance))
        .count();
    assert_eq!(disturbances, 1, "the fault happens once");
}

#[test]
fn the_fault_menu_offers_every_family_and_each_entry_runs() {
    let sim = Sim::preset("oracle-cascade", 42).unwrap();
    let menu = sim.fault_menu();
    assert_eq!(
        menu.len(),
        13,
        "one fault per family: {:?}",
        menu.iter().map(|f| f.family()).collect::<Vec<_>>()
    );
    for f in menu {
        let mut s = Sim::preset("oracle-cascade", 42).unwrap();
        s.inject(f.clone()).unwrap();
        s.run(50);
        restake_engine::invariants::check(s.world())
            .unwrap_or_else(|e| panic!("{}: {e}", f.family()));
        assert!(
            s.events().iter().any(|e| e.block == 1),
            "{} is narrated when it happens",
            f.family()
        );
    }
}

#[test]
fn avs_security_reports_cost_and_profit_of_corruption() {
    let mut sim = Sim::preset("oracle-cascade", 42).unwrap();
    let before = sim.avs_security();
    assert_eq!(before.len(), 6);
    let bridge = before.iter().find(|a| a.name == "Fast Bridge").unwrap();
    assert!(bridge.secure, "secure before the fault");
    sim.run(4_000);
    let bridge = sim
        .avs_security()
        .into_iter()
        .find(|a| a.name == "Fast Bridge")
        .unwrap();
    assert!(
        !bridge.secure && bridge.cost_of_corruption_wei < bridge.profit_from_corruption_wei,
        "the slash made the bridge insecure"
    );
}

#[test]
fn arbitrageurs_mint_at_nav_and_sell_the_premium_after_a_slash() {
    let mut sim = Sim::preset("oracle-cascade", 42).unwrap();
    sim.run(3_900);
    let slash = sim.latest().clone();
    assert!(
        slash.lrt_price > slash.lrt_nav * 1.02,
        "right after the slash the pool still prices the old NAV"
    );
    sim.run(10);
    let after = sim.latest();
    assert!(
        (after.lrt_price / after.lrt_nav - 1.0).abs() < 0.005,
        "price {} follows NAV {}",
        after.lrt_price,
        after.lrt_nav
    );
    assert!(sim.world().totals.minted_and_sold_lrt > 0);
}

#[test]
fn hidden_leverage_is_the_avs_count_under_shared_security_and_at_most_one_under_unique_stake() {
    let shared = Sim::preset("oracle-cascade", 42).unwrap();
    let unique = Sim::preset("oracle-cascade-unique-stake", 42).unwrap();
    // Registrations in the preset: 5+4+4+3+4+3+3+2+3+2+2+1+2+2 over 14 operators, stake-weighted
    // by 18,14,11,10,8,7,7,5,5,4,4,3,2,2 %: (90+56+44+30+32+21+21+10+15+8+8+3+4+4)/100 = 3.46.
    let h = shared.latest().hidden_leverage;
    assert!((h - 3.46).abs() < 0.001, "shared hidden leverage {h}");
    let u = unique.latest().hidden_leverage;
    assert!(
        u <= 1.0 && u > 0.5,
        "unique stake can at most allocate everything once: {u}"
    );
    // Loops at health factors 1.04-1.5 with LT 78%: leverage between 1/(1-0.78/1.04)=4 and 2.1.
    let l = shared.latest().loop_leverage;
    assert!((2.1..4.0).contains(&l), "loop leverage {l}");
}
