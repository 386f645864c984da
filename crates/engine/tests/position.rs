//! The user's own position: placement exactly as given, validation with field paths, loss by
//! channel against reference values, the yield stack, alerts, limits and the mock exit
//! (`crates/engine/src/{position,outcome,alerts,exit}.rs`, docs/PLAYBOOK.md).

use restake_engine::alerts::AlertKind;
use restake_engine::outcome::{PositionOutcome, PositionTracker};
use restake_engine::position::PositionParams;
use restake_engine::restaking::Delegator;
use restake_engine::units::{eth, WAD};
use restake_engine::{invariants, presets, Scenario, ScenarioError, Sim};

fn with_position(preset: &str, json: &str) -> Scenario {
    let mut s = presets::get(preset).unwrap();
    s.position = Some(PositionParams::from_json(json).unwrap());
    s
}

/// Runs `s` with `seed` for `blocks` blocks, checking every invariant after each block, and
/// returns the sim and what happened to the position.
fn check(s: Scenario, seed: u64, blocks: u64) -> (Sim, PositionOutcome) {
    let mut sim = Sim::new(s, seed).unwrap();
    invariants::check(sim.world()).unwrap();
    let mut t = PositionTracker::new(&sim).unwrap();
    for _ in 0..blocks {
        sim.step();
        invariants::check(sim.world()).unwrap_or_else(|e| panic!("block {}: {e}", sim.block()));
        t.observe(&sim);
    }
    let out = t.finish(&sim);
    (sim, out)
}

fn invalid(s: &Scenario) -> (String, String) {
    match s
        .validate()
        .and_then(|_| Sim::new(s.clone(), 1).map(|_| ()))
    {
        Err(ScenarioError::Invalid { path, reason }) => (path, reason),
        other => panic!("expected an invalid position, got {other:?}"),
    }
}

const EVERYTHING: &str = r#"{
  "liquid_eth": 50,
  "native": [{"eth": 320, "operator": "Borealis Nodes"}],
  "lsts": [{"symbol": "stLST", "eth": 160, "operator": "Atlas Staking", "fee_bps": 1000}],
  "lrts": [{"symbol": "rsLRT", "amount": 500}],
  "loops": [{"market": "rsLRT lending market", "collateral_lrt": 300, "health_factor": 1.06}],
  "lending_supply": [{"market": "rsLRT lending market", "eth": 200}],
  "insurance": {"cover_eth": 100, "covered_bps": 8000, "premium_apr_bps": 200,
                "provider_capital_eth": 40, "other_cover_eth": 2000}
}"#;

#[test]
fn a_position_is_placed_exactly_as_given_and_conserves_every_wei() {
    let s = with_position("oracle-cascade", EVERYTHING);
    let sim = Sim::new(s, 7).unwrap();
    let w = sim.world();
    let st = w.position.as_ref().unwrap();
    assert_eq!(
        w.ledger
            .balance(st.holder, restake_engine::ledger::Asset::ETH),
        eth(50)
    );
    assert_eq!(st.stake_of(w, 0), eth(320));
    assert_eq!(st.stake_of(w, 1), eth(160));
    assert_eq!(st.lrt_units(w, 0), eth(800), "500 held + 300 posted");
    let borealis = w
        .operators
        .iter()
        .find(|o| o.name == "Borealis Nodes")
        .unwrap();
    assert_eq!(
        borealis.delegated_by(&w.ledger, Delegator::Position(0)),
        eth(320)
    );
    // The LRT's supply and NAV are unchanged: the position's LRT came from outside holders.
    let plain = Sim::preset("oracle-cascade", 7).unwrap();
    assert_eq!(w.nav(0), plain.world().nav(0));
    assert_eq!(
        w.ledger.outstanding(w.lrts[0].asset),
        plain
            .world()
            .ledger
            .outstanding(plain.world().lrts[0].asset)
    );
    // The loan starts at the health factor given.
    let (m, p) = st.loans[0];
    let hf = w.markets[m].health_factor(&w.markets[m].positions[p]);
    assert!((hf as f64 / WAD as f64 - 1.06).abs() < 1e-9, "hf {hf}");
    // The whole cascade keeps every invariant, with the position inside.
    let (_, out) = check(with_position("oracle-cascade", EVERYTHING), 7, 6_000);
    // Value at block 0: 50 + 320 + 160 + 500 + (300 - debt) + 200.
    let debt = 300.0 * 0.78 / 1.06;
    let want = 50.0 + 320.0 + 160.0 + 500.0 + 300.0 - debt + 200.0;
    assert!((out.start_value_wei as f64 / 1e18 - want).abs() < 1e-6);
}

#[test]
fn a_slash_of_your_operator_costs_its_share_and_is_attributed_to_its_avs() {
    // Borealis Nodes signs the outlier; PriceFeed Oracle slashes it 10% of its whole stake
    // (shared security) after the 3,600-block veto window.
    let s = with_position(
        "oracle-cascade",
        r#"{"native": [{"eth": 1000, "operator": "Borealis Nodes", "avss": ["PriceFeed Oracle"]}]}"#,
    );
    let (sim, out) = check(s, 3, 4_200);
    assert_eq!(out.channels.slashing_by_avs.len(), 1);
    assert_eq!(out.channels.slashing_by_avs[0].0, "PriceFeed Oracle");
    let stake_before_slash = 1000.0 + out.yield_stack.base_staking as f64 / 1e18;
    let lost = out.channels.slashing as f64 / 1e18;
    // 10% of the stake it held then (rewards after the slash are on the smaller stake).
    assert!(
        (lost / stake_before_slash - 0.10).abs() < 2e-4,
        "lost {lost}"
    );
    assert_eq!(out.channels.correlation_penalty, 0);
    assert_eq!(out.channels.depeg, 0, "no LRT held");
    // The books close: only rounding is left unexplained.
    assert!(
        out.other_wei.unsigned_abs() < 1_000_000,
        "other {}",
        out.other_wei
    );
    let st = sim.world().position.as_ref().unwrap();
    assert_eq!(
        st.slashed_by_avs.iter().sum::<u128>(),
        out.channels.slashing
    );
}

#[test]
fn stake_not_restaked_earns_the_staking_rate_and_nothing_from_avss() {
    let s = with_position(
        "region-outage",
        r#"{"native": [{"eth": 3200, "region": "Bare metal eu"}]}"#,
    );
    let (_, out) = check(s, 1, 7_200);
    // 3% a year for one day (225 epochs; rewards are paid per epoch, rounded down), no AVS.
    let want = 3200.0 * 0.03 * (225.0 * 384.0) / 31_557_600.0;
    let got = out.yield_stack.base_staking as f64 / 1e18;
    assert!((got - want).abs() / want < 1e-3, "got {got}, want {want}");
    assert_eq!(out.yield_stack.avs_rewards, 0);
    assert_eq!(
        out.net_loss_wei, 0,
        "its region stayed online and nothing slashes it"
    );
}

#[test]
fn a_client_bug_costs_the_correlation_penalty_to_native_stake_on_that_client() {
    let s = with_position(
        "client-bug-double-sign",
        r#"{"native": [{"eth": 3200, "client": "Lighthouse"}]}"#,
    );
    // Up to block 301, before the next epoch's penalties of the slashed validators.
    let (_, out) = check(s, 1, 301);
    // 30% of its 100 validators are slashed at block 300: initial penalty 1/4096 of 32 ETH each.
    let initial = 30.0 * 32.0 / 4096.0;
    let got = out.channels.correlation_penalty as f64 / 1e18;
    assert!((got - initial).abs() < 1e-6, "got {got}, want {initial}");
}

#[test]
fn the_lrt_holder_is_alerted_at_the_slash_request_and_leaving_then_saves() {
    let s = with_position(
        "oracle-cascade",
        r#"{"lrts": [{"symbol": "rsLRT", "amount": 1000}]}"#,
    );
    let (_, out) = check(s, 11, 6_000);
    let slash = out
        .alerts
        .iter()
        .find(|a| a.kind == AlertKind::SlashingEvent)
        .unwrap();
    // The oracle fault is at block 300; the request is filed then and executes 3,600 blocks later.
    assert_eq!(slash.block, Some(300));
    assert!(
        slash.saved_wei > 0,
        "selling at the request beats holding: {slash:?}"
    );
    let gap = out
        .alerts
        .iter()
        .find(|a| a.kind == AlertKind::PriceGap)
        .unwrap();
    assert!(gap.block.unwrap() > 300);
    assert!(out.channels.slashing > 0 && out.channels.depeg > 0);
}

#[test]
fn the_mock_exit_reads_the_delays_the_queue_and_the_pool() {
    let s = with_position(
        "oracle-cascade",
        r#"{"native": [{"eth": 640, "operator": "Atlas Staking"}],
            "lrts": [{"symbol": "rsLRT", "amount": 2000}]}"#,
    );
    let (_, out) = check(s, 5, 4_500);
    let calm = &out.exit_normal;
    let lrt = calm
        .legs
        .iter()
        .find(|l| l.holding == "rsLRT held")
        .unwrap();
    // 2,000 rsLRT into a 20k/20k pool at A = 50: about 0.1% below NAV.
    let slip = lrt.fast.slippage_bps.unwrap();
    assert!((5..=30).contains(&slip), "slippage {slip} bps");
    assert_eq!(lrt.fast.days, Some(0.0));
    let queue = lrt.patient.as_ref().unwrap();
    assert!(
        (queue.days.unwrap() - 14.0).abs() < 0.01,
        "the buffer covers it: 14 days"
    );
    let stake = calm
        .legs
        .iter()
        .find(|l| l.holding.starts_with("native stake"))
        .unwrap();
    assert!((stake.fast.days.unwrap() - 14.0).abs() < 0.01);
    assert_eq!(stake.fast.eth_wei, eth(640));
    // Under stress (after the slash and with withdrawals paused) the pool pays less and the
    // queue has no known end.
    let stress = &out.exit_stress;
    let lrt = stress
        .legs
        .iter()
        .find(|l| l.holding == "rsLRT held")
        .unwrap();
    assert!(lrt.fast.eth_wei < eth(1990), "{}", lrt.fast.eth_wei);
    assert!(stress.fast_eth_wei < calm.fast_eth_wei);
}

#[test]
fn limits_report_exposure_per_avs_and_lrt() {
    let s = with_position(
        "oracle-cascade",
        r#"{"native": [{"eth": 1000, "operator": "Lumen Stake"}], "liquid_eth": 100,
            "limits": {"max_avs_bps": 5000, "liquidity_buffer_bps": 2000}}"#,
    );
    let (_, out) = check(s, 1, 1);
    let l = &out.limits;
    // Lumen Stake serves only the DA Layer: under shared security it can slash all 1,000 ETH.
    assert_eq!(l.avs_exposure.len(), 1);
    assert_eq!(l.avs_exposure[0].name, "DA Layer");
    assert_eq!(l.avs_exposure[0].bps, 9090);
    assert_eq!(l.liquid_in_a_day.bps, 909);
    let limits: Vec<&str> = l.breaches.iter().map(|b| b.limit).collect();
    assert_eq!(
        limits,
        ["limits.max_avs_bps", "limits.liquidity_buffer_bps"]
    );
}

#[test]
fn a_bad_position_names_the_field() {
    let cases = [
        (
            r#"{"native": [{"eth": 32, "operator": "Nobody"}]}"#,
            "position.native[0].operator",
            "no operator named 'Nobody'",
        ),
        (
            r#"{"native": [{"eth": 32, "operator": "Lumen Stake", "avss": ["Fast Bridge"]}]}"#,
            "position.native[0].avss[0]",
            "has not opted into 'Fast Bridge'",
        ),
        (
            r#"{"native": [{"eth": 32, "avss": ["DA Layer"]}]}"#,
            "position.native[0].avss",
            "not restaked",
        ),
        (
            r#"{"lrts": [{"symbol": "xyz", "amount": 1}]}"#,
            "position.lrts[0].symbol",
            "no LRT 'xyz'",
        ),
        (
            r#"{"lrts": [{"symbol": "rsLRT", "amount": 0}]}"#,
            "position.lrts[0].amount",
            "at least 1",
        ),
        (
            r#"{"lrts": [{"symbol": "rsLRT", "amount": 90000}]}"#,
            "position.lrts[0].amount",
            "held outside",
        ),
        (
            r#"{"loops": [{"market": "rsLRT lending market", "collateral_lrt": 10, "health_factor": 1.0}]}"#,
            "position.loops[0].health_factor",
            "LT / LTV",
        ),
        (
            r#"{"loops": [{"market": "Aave", "collateral_lrt": 10, "health_factor": 1.2}]}"#,
            "position.loops[0].market",
            "no lending market named 'Aave'",
        ),
        (
            r#"{"limits": {"max_avs_bps": 20000}, "liquid_eth": 1}"#,
            "position.limits.max_avs_bps",
            "at most 10000",
        ),
        (r#"{}"#, "position.liquid_eth", "holds nothing"),
    ];
    for (json, path, reason) in cases {
        let (p, r) = invalid(&with_position("oracle-cascade", json));
        assert_eq!(p, path, "{json}");
        assert!(r.contains(reason), "{json}: {r}");
    }
    // Unknown fields of a position file are refused with their path.
    let e =
        PositionParams::from_json(r#"{"lrts": [{"symbol": "rsLRT", "amount": 1, "amout": 2}]}"#)
            .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("lrts[0].amout: unknown field `amout`"),
        "{e}"
    );
}
