//! The consensus-layer channels (MODEL.md section 3): offline is cheap under 1/3 of stake,
//! finality loss starts the inactivity leak, and double-signing costs about 3x its share through
//! the Electra correlation penalty.

mod common;

use restake_engine::beacon;
use restake_engine::ledger::Asset;
use restake_engine::restaking::Delegator;
use restake_engine::Sim;

/// ETH lost by restaked operators in region `region` (index), as a fraction of their start stake.
fn region_loss(start: &Sim, end: &Sim, region: u16) -> f64 {
    let stake = |s: &Sim| -> u128 {
        s.world()
            .operators
            .iter()
            .flat_map(|o| o.delegations.iter())
            .filter(|d| d.validators.region == region)
            .map(|d| s.world().ledger.balance(d.account, Asset::ETH))
            .sum()
    };
    1.0 - stake(end) as f64 / stake(start) as f64
}

#[test]
fn an_outage_under_a_third_costs_only_small_penalties() {
    let start = Sim::preset("region-outage", 1).unwrap();
    let end = common::run_checked("region-outage", 1, 15_000);
    assert!(
        end.history().iter().all(|m| m.finalizing),
        "20% offline keeps finality"
    );
    let loss = region_loss(&start, &end, 0);
    // 450 epochs x 6,940 gwei per 32-ETH validator = 0.0031 ETH = 0.0098%, minus 2 days of yield.
    assert!(loss < 0.0002, "loss {loss}");
    assert!(end.latest().beacon_penalties_wei > 0);
    assert_eq!(
        end.latest().slashed_wei,
        0,
        "being offline is not slashable"
    );
}

#[test]
fn an_outage_over_a_third_stops_finality_and_leaks() {
    let small = common::run_checked("region-outage", 1, 15_000);
    let big = common::run_checked("region-outage-finality", 1, 15_000);
    assert!(
        big.history().iter().any(|m| !m.finalizing),
        "35% offline stops finality"
    );
    assert!(big.latest().finalizing, "finality returns after the outage");
    let (a, b) = (
        small.latest().beacon_penalties_wei,
        big.latest().beacon_penalties_wei,
    );
    // Two regions are ~1.75x the validators; the leak adds a quadratic term on top.
    assert!(b > 5 * a, "leak {b} vs plain outage {a}");
    let start = Sim::preset("region-outage-finality", 1).unwrap();
    let loss = region_loss(&start, &big, 0);
    // Leak over ~445 epochs: sum 32 ETH * 4k / 2^26 ~ 0.59% of balance, plus attestation penalties.
    assert!((0.004..0.009).contains(&loss), "leak loss {loss}");
}

/// A group's balance on the beacon chain, wei: its delegator's ETH plus what the DA Layer's
/// mirrored EigenLayer slash took from the delegator, which stays in the validators.
fn beacon_balance(s: &Sim, d: &restake_engine::restaking::Delegation) -> u128 {
    s.world().ledger.balance(d.account, Asset::ETH) + d.validators.restaking_slashed_wei
}

#[test]
fn double_signing_costs_about_three_times_its_share() {
    let mut sim = Sim::preset("client-bug-double-sign", 1).unwrap();
    sim.run(300);
    let slashed_groups = |s: &Sim| -> Vec<(u128, u64)> {
        s.world()
            .operators
            .iter()
            .flat_map(|o| o.delegations.iter())
            .filter(|d| d.validators.slashed_epoch.is_some() && d.delegator == Delegator::Native)
            .map(|d| (beacon_balance(s, d), d.validators.count))
            .collect()
    };
    let after_initial = slashed_groups(&sim);
    assert!(
        !after_initial.is_empty(),
        "Lighthouse operators have slashed validators"
    );
    // The initial penalty is eb // 4096 = 7,812,500 gwei per 32-ETH validator.
    for (bal, count) in &after_initial {
        let per = bal / *count as u128;
        assert!(
            per <= 32 * 10u128.pow(18) + 10u128.pow(18),
            "initial penalty applied: {per}"
        );
    }
    let window = sim.world().beacon.slashings_in_window(300 / 32);
    let t = sim
        .world()
        .beacon
        .total_active_balance(&sim.world().operators, 300 / 32);
    let share = window as f64 / (t + window) as f64;
    assert!(
        (0.09..0.11).contains(&share),
        "about 10% of stake slashed, got {share}"
    );
    // Run to just before the correlation penalty (4,096 epochs after the slashing epoch 9), so
    // the comparison excludes the mirrored EigenLayer slash and the attestation penalties.
    sim.run((9 + 4_096) * 32 - 300 - 1);
    let before: Vec<(u128, u64, u64)> = sim
        .world()
        .operators
        .iter()
        .flat_map(|o| o.delegations.iter())
        .filter(|d| d.validators.slashed_epoch.is_some() && d.delegator == Delegator::Native)
        .map(|d| {
            (
                beacon_balance(&sim, d),
                d.validators.count,
                d.validators.effective_balance,
            )
        })
        .collect();
    let epoch = (9 + 4_096) as u64;
    let t = sim
        .world()
        .beacon
        .total_active_balance(&sim.world().operators, epoch);
    sim.run(2);
    assert!(
        sim.events()
            .iter()
            .any(|e| e.text.starts_with("Correlation penalty")),
        "the penalty is narrated"
    );
    let after = slashed_groups(&sim);
    assert_eq!(before.len(), after.len());
    for ((b0, c, eb), (b1, _)) in before.iter().zip(after.iter()) {
        let lost = ((b0 - b1) / 1_000_000_000 / *c as u128) as u64;
        let expected = beacon::correlation_penalty(*eb, window, t);
        // Exactly the spec's penalty plus that epoch's missed-attestation penalty (slashed
        // validators stay eligible for penalties), up to per-validator rounding in the group.
        let attest = beacon::missed_attestation_penalty(*eb, t);
        assert!(
            lost.abs_diff(expected + attest) <= 2,
            "lost {lost} gwei per validator, spec says {expected} + {attest}"
        );
        // 3 x (slashed / T): about 3 x 11% once the slashed validators have left T.
        let ratio = expected as f64 / *eb as f64;
        assert!(
            (0.30..0.34).contains(&ratio),
            "about 3x the ~10% share slashed: {ratio}"
        );
    }
}

#[test]
fn slashed_validators_are_withdrawable_8192_epochs_later() {
    let sim = common::run_checked("client-bug-double-sign", 1, 301);
    let slashed: Vec<_> = sim
        .world()
        .operators
        .iter()
        .flat_map(|o| o.delegations.iter())
        .filter(|d| d.validators.slashed_epoch.is_some())
        .collect();
    assert!(!slashed.is_empty());
    for d in slashed {
        let v = &d.validators;
        assert_eq!(
            v.withdrawable_epoch(),
            Some(v.slashed_epoch.unwrap() + 8_192)
        );
        assert!(
            v.exit_epoch.unwrap() > v.slashed_epoch.unwrap(),
            "exits through the churn queue"
        );
    }
}
