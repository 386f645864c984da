//! Losses by layer (issue 4): who bore each wei of the cascade, and that the layers add up.
//! The identities between layers are also checked after every block of every preset by
//! `invariants::check` (see `cascade.rs`); these tests pin each layer to its definition.

mod common;

use restake_engine::lending::LendingMarket;
use restake_engine::units::{mul_div, WAD};
use restake_engine::{presets, BlockMetrics, Sim};

fn run_scenario(s: restake_engine::Scenario, blocks: u64) -> Sim {
    let mut sim = Sim::new(s, 42).unwrap();
    for _ in 0..blocks {
        sim.step();
        restake_engine::invariants::check(sim.world()).unwrap();
    }
    sim
}

/// The slashed layers add up to the slashed totals, and the bad-debt layer is the markets'.
fn assert_layers_add_up(m: &BlockMetrics) {
    let l = &m.losses;
    assert_eq!(
        l.slashed_native_wei + l.slashed_lrt_wei + l.eth_penalties_wei,
        m.slashed_wei + m.beacon_penalties_wei,
        "slashed layers"
    );
    assert_eq!(
        l.slashed_lrt_wei,
        m.lrts.iter().map(|x| x.slashed_wei).sum::<u128>()
    );
    assert_eq!(l.lender_bad_debt_wei, m.bad_debt_wei);
    assert_eq!(
        l.lender_bad_debt_wei,
        m.markets.iter().map(|x| x.bad_debt_wei).sum::<u128>()
    );
    assert_eq!(
        l.looper_liquidation_loss_wei,
        m.markets
            .iter()
            .map(|x| x.liquidation_loss_wei)
            .sum::<u128>()
    );
    assert_eq!(
        l.holder_depeg_loss_wei,
        m.lrts.iter().map(|x| x.depeg_loss_wei).sum::<u128>()
    );
    assert_eq!(l.insurance_paid_wei, m.insurance_paid_wei);
}

#[test]
fn a_calm_run_has_no_losses() {
    let sim = common::run_checked("oracle-cascade", 42, 250);
    let m = sim.latest();
    assert_eq!(
        m.losses,
        Default::default(),
        "nothing happened before block 300"
    );
}

#[test]
fn the_oracle_cascade_puts_each_loss_on_its_layer() {
    let sim = common::run_checked("oracle-cascade", 42, 6_000);
    let m = sim.latest();
    assert_layers_add_up(m);
    let l = &m.losses;
    // Shared operators carry native restakers and the LRT alike.
    assert!(l.slashed_native_wei > 0 && l.slashed_lrt_wei > 0, "{l:?}");
    assert!(
        l.slashed_lrt_wei > l.slashed_native_wei,
        "the LRT holds 80%"
    );
    // Without a cover pool the LRT's whole slash is its holders' NAV loss.
    assert_eq!(
        l.lrt_nav_loss_wei,
        l.slashed_lrt_wei + m.lrts[0].eth_penalties_wei
    );
    // NAV fell by that loss over the supply (about; supply changes with redemptions).
    assert!(m.lrt_nav < 1.0);
    assert!(l.holder_depeg_loss_wei > 0, "panic sellers sold below NAV");
    assert!(l.looper_liquidation_loss_wei > 0 && m.liquidations > 0);
    // Slashed stake waits 50,400 blocks before it is burned.
    assert_eq!(l.slash_burned_wei + l.avs_redistributed_wei, 0);
}

/// Each liquidation takes `repaid * incentive` of collateral at the oracle price, so the loopers'
/// loss is `repaid * (incentive - 1)` up to rounding (a few wei per call).
fn assert_loss_is_the_incentive(
    market: &LendingMarket,
    m: &restake_engine::metrics::MarketMetrics,
) {
    let expected = mul_div(m.repaid_wei, market.incentive_factor() - WAD, WAD);
    let slack = 4 * m.liquidations as u128 + 1;
    assert!(
        m.liquidation_loss_wei.abs_diff(expected) <= slack,
        "{}: loss {} vs repaid * (incentive - 1) = {expected}",
        market.name,
        m.liquidation_loss_wei
    );
}

#[test]
fn the_loopers_liquidation_loss_is_the_incentive_on_what_was_repaid() {
    // Aave v3 (7.5% bonus, protocol fee inside the seizure) and Morpho Blue (two LLTVs).
    for (name, blocks) in [("oracle-cascade", 4_000), ("ezeth-2024", 1_500)] {
        let sim = common::run_checked(name, 42, blocks);
        let m = sim.latest();
        assert_layers_add_up(m);
        assert!(m.liquidations > 0, "{name}");
        for (market, mm) in sim.world().markets.iter().zip(&m.markets) {
            assert_loss_is_the_incentive(market, mm);
        }
    }
}

#[test]
fn a_whale_sale_below_nav_is_the_whale_s_loss() {
    let sim = common::run_checked("whale-exit", 42, 3_000);
    let m = sim.latest();
    assert_layers_add_up(m);
    let l = &m.losses;
    // No slashing: the whole loss is the sale below NAV, and it is less than what was sold.
    assert_eq!(l.slashed_lrt_wei + l.slashed_native_wei, 0);
    assert!(l.holder_depeg_loss_wei > 0);
    let w = &sim.world().totals;
    let sold = w.whale_sold_lrt + w.panic_sold_lrt;
    let worst_discount = sim.history().iter().map(|h| h.discount).fold(0.0, f64::max);
    // Each sale loses at most its own discount (after the trade) on what it sold.
    assert!(
        (l.holder_depeg_loss_wei as f64) <= sold as f64 * worst_discount * m.lrt_nav.max(1.0),
        "loss {} vs sold {sold} at worst discount {worst_discount}",
        l.holder_depeg_loss_wei
    );
}

#[test]
fn a_client_bug_is_an_ethereum_penalty_not_an_avs_slash() {
    let sim = common::run_checked("client-bug-double-sign", 42, 1_000);
    let m = sim.latest();
    assert_layers_add_up(m);
    let l = &m.losses;
    // Electra `slash_validator`: an initial penalty of 32 ETH / 4096 per slashed validator; the
    // rest are missed-attestation penalties of the slashed (no longer attesting) validators.
    let slashed_validators: u64 = sim
        .world()
        .operators
        .iter()
        .flat_map(|o| o.delegations.iter())
        .filter(|d| d.validators.slashed_epoch.is_some())
        .map(|d| d.validators.count)
        .sum();
    assert!(slashed_validators > 0);
    let initial = slashed_validators as u128 * 32_000_000_000 / 4_096 * 1_000_000_000;
    assert_eq!(l.eth_penalties_wei - m.beacon_penalties_wei, initial);
}

#[test]
fn slashed_stake_ends_burned_or_redistributed() {
    use restake_engine::restaking::SLASH_RESOLUTION_DELAY_BLOCKS;
    let mut s = presets::get("oracle-cascade").unwrap();
    s.avss[0].redistribute_slashed = true;
    let sim = run_scenario(s, 3_900 + SLASH_RESOLUTION_DELAY_BLOCKS + 1);
    let l = &sim.latest().losses;
    assert!(l.avs_redistributed_wei > 0);
    assert_eq!(
        l.avs_redistributed_wei + l.slash_burned_wei,
        l.slashed_native_wei + l.slashed_lrt_wei,
        "every slashed wei is settled after the delay"
    );
}

/// `name` with LST restakers delegating half as much as the native restakers to each operator.
fn with_lst(name: &str) -> restake_engine::Scenario {
    let mut s = presets::get(name).unwrap();
    for o in &mut s.operators {
        o.lst_delegation_eth = o.native_delegation_eth / 2;
    }
    s
}

/// ETH in the LRTs' buffers, wei.
fn buffers(sim: &Sim) -> u128 {
    let w = sim.world();
    w.lrts
        .iter()
        .map(|l| {
            w.ledger
                .balance(l.buffer, restake_engine::ledger::Asset::ETH)
        })
        .sum()
}

#[test]
fn calm_yield_grows_linearly_on_every_path_with_no_loss() {
    use restake_engine::units::{BLOCKS_PER_EPOCH, SECONDS_PER_BLOCK, SECONDS_PER_YEAR};
    let mut s = with_lst("oracle-cascade");
    s.faults.clear();
    let apr_bps = s.staking_apr_bps as f64;
    // 112 epochs, then 112 more.
    let mut sim = run_scenario(s, 3_584);
    let half = sim.latest().paths.clone();
    sim.run(3_584);
    let full = sim.latest().paths.clone();
    for (name, h, f) in [
        ("native", &half.native, &full.native),
        ("lst", &half.lst, &full.lst),
        ("lrt", &half.lrt, &full.lrt),
    ] {
        assert_eq!(f.loss_wei, 0, "{name}: no loss without a fault");
        let (y1, y2) = (
            (h.staking_yield_wei + h.avs_yield_wei) as f64,
            (f.staking_yield_wei + f.avs_yield_wei) as f64,
        );
        assert!(y1 > 0.0 && f.avs_yield_wei > 0, "{name}");
        // Linear: twice the time, twice the yield (compounding over a day adds ~0.01%).
        assert!((y2 / y1 - 2.0).abs() < 0.002, "{name}: {y1} then {y2}");
        // Staking yield = stake * APR * time (224 epochs of 384 s).
        let epochs = (7_168 / BLOCKS_PER_EPOCH) as f64;
        let years =
            epochs * (BLOCKS_PER_EPOCH * SECONDS_PER_BLOCK) as f64 / SECONDS_PER_YEAR as f64;
        // The LRT's buffer is not staked.
        let staked = match name {
            "lrt" => f.stake_wei - buffers(&sim),
            _ => f.stake_wei,
        };
        let expected = staked as f64 * apr_bps / 1e4 * years;
        let got = f.staking_yield_wei as f64;
        assert!(
            (got / expected - 1.0).abs() < 0.001,
            "{name}: {got} vs {expected}"
        );
    }
    assert!(full.lst.stake_wei > 0);
}

#[test]
fn a_cascade_costs_every_exposed_path_more_than_its_yield() {
    let sim = run_scenario(with_lst("oracle-cascade"), 6_000);
    let p = &sim.latest().paths;
    for (name, x) in [("native", &p.native), ("lst", &p.lst), ("lrt", &p.lrt)] {
        let earned = x.staking_yield_wei + x.avs_yield_wei;
        assert!(
            x.loss_wei > earned,
            "{name}: lost {} earned {earned}",
            x.loss_wei
        );
    }
    // LST and native restakers delegate to the same operators in a 1:2 ratio: same slash share.
    let ratio = p.lst.loss_wei as f64 / p.native.loss_wei as f64;
    assert!((ratio - 0.5).abs() < 0.01, "{ratio}");
}

#[test]
fn lst_restakers_are_slashed_by_avss_but_not_by_the_operators_client_bug() {
    let sim = run_scenario(with_lst("client-bug-double-sign"), 1_000);
    let a = &sim.world().accounting;
    assert!(a.eth_penalties.native > 0 && a.eth_penalties.lrts() > 0);
    assert_eq!(
        a.eth_penalties.lst, 0,
        "the LST's validators are not the operator's"
    );
    // Its rewards keep flowing while the slashed native validators earn nothing.
    assert!(sim.latest().paths.lst.staking_yield_wei > 0);
}

/// `name` with a second LRT (`xLRT`) delegating as much as the first to every operator, and a
/// cover pool of `capital_eth` covering all of each LRT's losses.
fn two_covered_lrts(name: &str, capital_eth: u64) -> restake_engine::Scenario {
    let cover = restake_engine::scenario::InsuranceParams {
        capital_eth,
        covered_bps: 10_000,
        premium_apr_bps: 200,
    };
    let mut s = common::two_lrts(name);
    s.extra_lrts[0].insurance = Some(cover.clone());
    s.insurance = Some(cover);
    s
}

#[test]
fn each_lrt_s_cover_pool_runs_out_when_shared_operators_are_slashed_together() {
    let sim = run_scenario(two_covered_lrts("avs-exploit", 20_000), 1_000);
    let m = sim.latest();
    assert_layers_add_up(m);
    assert_eq!(m.lrts.len(), 2);
    for l in &m.lrts {
        // Full cover: every wei lost is claimed, paid until the capital is gone.
        assert_eq!(
            l.insurance_paid_wei + l.insurance_shortfall_wei,
            l.slashed_wei + l.eth_penalties_wei
        );
        assert!(l.insurance_shortfall_wei > l.insurance_paid_wei, "{l:?}");
        // Capital plus premiums is what it paid and what it holds; what it holds now is only
        // the premiums collected since it ran dry.
        assert_eq!(
            l.insurance_paid_wei + l.insurance_capital_wei,
            20_000 * WAD + l.insurance_premiums_wei,
        );
        assert!(l.insurance_capital_wei < 10 * WAD, "exhausted: {l:?}");
        assert_eq!(l.nav_loss_wei, l.insurance_shortfall_wei);
    }
    assert_eq!(
        m.insurance_shortfall_wei,
        m.lrts
            .iter()
            .map(|l| l.insurance_shortfall_wei)
            .sum::<u128>()
    );
    common::assert_exhausted_once(&sim, &["rsLRT", "xLRT"]);
}

#[test]
fn a_client_bug_s_initial_penalties_are_claimed_too() {
    let sim = run_scenario(two_covered_lrts("client-bug-double-sign", 100_000), 1_000);
    for l in &sim.latest().lrts {
        assert!(l.eth_penalties_wei > 0);
        assert_eq!(
            l.insurance_paid_wei, l.eth_penalties_wei,
            "all covered, all paid"
        );
        assert_eq!(l.nav_loss_wei, 0);
    }
}

#[test]
fn a_bad_cover_on_a_further_lrt_names_its_field() {
    let mut s = two_covered_lrts("oracle-cascade", 1_000);
    s.extra_lrts[0].insurance.as_mut().unwrap().covered_bps = 10_001;
    let e = Sim::new(s, 1).expect_err("refused").to_string();
    assert!(e.starts_with("extra_lrts[0].insurance.covered_bps:"), "{e}");
}
