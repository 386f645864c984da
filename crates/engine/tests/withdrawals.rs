//! Redemptions wait for the 14-day withdrawal delay, then for the beacon exit queue: the exit
//! churn (256 ETH per epoch at T = 34M ETH) bounds how fast restaked ETH can leave (MODEL.md
//! sections 3 and 6).

use restake_engine::beacon::{
    exit_churn_limit, MAX_SEED_LOOKAHEAD, MIN_VALIDATOR_WITHDRAWABILITY_DELAY,
};
use restake_engine::events::EventLog;
use restake_engine::ledger::Asset;
use restake_engine::units::{eth, BLOCKS_PER_EPOCH};
use restake_engine::world::World;
use restake_engine::{pipeline, presets};

#[test]
fn a_large_redemption_waits_for_the_exit_churn() {
    let s = presets::get("oracle-cascade").unwrap();
    let mut w = World::build(&s, 1).unwrap();
    w.faults.clear();
    let mut log = EventLog::default();
    pipeline::step(&mut w, &mut log);
    let holder = w.passive_holders;
    let shares = eth(20_000);
    w.lrts[0]
        .request_redemption(&mut w.ledger, holder, shares, w.block)
        .unwrap();
    let due = w.block + w.lrts[0].withdrawal_delay_blocks;
    let buffer = w.ledger.balance(w.lrts[0].buffer, Asset::ETH);
    while w.block < due {
        pipeline::step(&mut w, &mut log);
    }
    assert_eq!(
        w.ledger.balance(holder, Asset::ETH),
        0,
        "not paid at the end of the delay: validators must exit first"
    );
    assert_eq!(w.lrts[0].queue.len(), 1);
    let ready = w.lrts[0].queue[0]
        .exit_ready_at
        .expect("exit queued when due");
    // ~20,000 ETH less the 4,000 ETH buffer (plus NAV growth) at 256 ETH per epoch.
    let t = w
        .beacon
        .total_active_balance(&w.operators, due / BLOCKS_PER_EPOCH);
    let churn_eth = exit_churn_limit(t) / 1_000_000_000;
    assert_eq!(churn_eth, 256);
    let need_eth = (shares - buffer) / eth(1);
    let epochs = (need_eth as u64).div_ceil(churn_eth)
        + 1
        + MAX_SEED_LOOKAHEAD
        + MIN_VALIDATOR_WITHDRAWABILITY_DELAY;
    let expected = (due / BLOCKS_PER_EPOCH + epochs) * BLOCKS_PER_EPOCH;
    assert!(
        ready.abs_diff(expected) <= 2 * BLOCKS_PER_EPOCH,
        "ready at {ready}, expected about {expected}"
    );
    while w.block < ready {
        pipeline::step(&mut w, &mut log);
    }
    let paid = w.ledger.balance(holder, Asset::ETH);
    assert!(
        paid >= shares,
        "paid {paid} for {shares} shares at a NAV above 1"
    );
    assert!(w.lrts[0].queue.is_empty());
    restake_engine::invariants::check(&w).unwrap();
}
