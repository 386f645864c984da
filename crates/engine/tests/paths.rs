//! The staker paths of the seed's comparison table under the same shock, and the red flags
//! (`crates/engine/src/{paths,redflags}.rs`, docs/PLAYBOOK.md).

use restake_engine::outcome::{run_position, summarize_runs, PositionSummary};
use restake_engine::redflags::{evaluate, Flag};
use restake_engine::{presets, Scenario};

/// Past the slash (block 3,900) and into the depeg it starts.
const BLOCKS: u64 = 4_500;

fn runs(name: &str) -> PositionSummary {
    runs_of(name, presets::get(name).unwrap())
}

/// Four seeds of scenario `s` (called `name` in messages), to [`BLOCKS`].
fn runs_of(name: &str, s: Scenario) -> PositionSummary {
    let runs: Vec<_> = (0..4)
        .map(|seed| run_position(s.clone(), seed, BLOCKS).unwrap())
        .collect();
    for r in &runs {
        assert!(
            r.other_wei.unsigned_abs() < 1_000_000,
            "{name}: books close, other {}",
            r.other_wei
        );
    }
    summarize_runs(&runs)
}

fn channel(s: &PositionSummary, name: &str) -> f64 {
    s.channels.iter().find(|c| c.0 == name).unwrap().1.p95
}

/// The ordering the model gives for 1,000 ETH whose operator signs the outlier:
/// * slashing: native = LST (same operator, same stake: 10% of it) > LRT (the slashed
///   operators carry 29% of the LRT's stake: ~2.9%);
/// * tail loss at market prices: the LRT adds a depeg that native and LST restaking do not
///   have, and whether it outweighs the diversification depends on arbitrage capital. With the
///   preset's slow-moving capital the discount closes to the arbitrageurs' required return
///   (~3%), so the LRT's tail (~60 ETH) stays under native's 100; with half of that capital it
///   runs out, the discount holds at the holders' floor and the LRT's tail passes native's
///   (limits of arbitrage, docs/BEHAVIOUR.md; docs/PLAYBOOK.md);
/// * staking yield: LST < native (the LST's 10% fee).
#[test]
fn slashing_orders_native_above_the_lrt_and_the_lrt_tail_follows_arbitrage_capital() {
    let native = runs("path-native-restaking");
    let lst = runs("path-lst-restaking");
    let lrt = runs("path-lrt");
    let (sn, sl, sr) = (
        channel(&native, "slashing"),
        channel(&lst, "slashing"),
        channel(&lrt, "slashing"),
    );
    assert!(
        (sn - 100.0).abs() < 0.1 && (sl - sn).abs() < 0.01,
        "native {sn}, LST {sl}"
    );
    assert!(sr > 20.0 && sr < 40.0, "LRT slashing {sr}");
    assert!(channel(&lrt, "depeg") > 10.0, "LRT depeg {:?}", lrt);
    assert!(
        lrt.net_loss_eth.p95 < native.net_loss_eth.p95,
        "{:?} vs {:?}",
        lrt.net_loss_eth,
        native.net_loss_eth
    );
    let mut scarce = presets::get("path-lrt").unwrap();
    scarce.arbitrageurs.capital_eth /= 2;
    let scarce = runs_of("path-lrt, half the arbitrage capital", scarce);
    assert!(
        scarce.net_loss_eth.p95 > native.net_loss_eth.p95 + 20.0,
        "half the arbitrage capital: {:?} vs native {:?}",
        scarce.net_loss_eth,
        native.net_loss_eth
    );
    assert!((native.net_loss_eth.p95 - lst.net_loss_eth.p95).abs() < 0.01);
    assert_eq!(channel(&native, "depeg"), 0.0);
    assert!(lst.base_staking_eth.median < native.base_staking_eth.median * 0.95);
    // Leaving at the slash request saves nothing for restaked stake (it stays slashable for the
    // 14-day withdrawal delay) but most of the loss for the LRT holder (sold before the depeg).
    let saved = |s: &PositionSummary| {
        s.alerts
            .iter()
            .find(|a| a.kind == restake_engine::alerts::AlertKind::SlashingEvent)
            .unwrap()
            .saved_eth
            .median
    };
    assert_eq!(saved(&native), 0.0);
    // "Most": more than half of the LRT holder's median net loss, and more than the slash
    // took from its NAV (the depeg's depth, and so the amount, follows the arbitrage capital:
    // docs/BEHAVIOUR.md).
    assert!(
        saved(&lrt) > 0.5 * lrt.net_loss_eth.median && saved(&lrt) > sr,
        "saved {} of a median net loss of {}",
        saved(&lrt),
        lrt.net_loss_eth.median
    );
}

fn raised(s: &Scenario, flag: Flag) -> bool {
    let f = evaluate(s).into_iter().find(|f| f.flag == flag).unwrap();
    assert!(!f.finding.is_empty() && !f.explanation.is_empty());
    f.raised
}

#[test]
fn each_red_flag_is_raised_by_one_scenario_and_not_by_another() {
    let native = presets::get("path-native-restaking").unwrap();
    let lrt = presets::get("path-lrt").unwrap();
    let plain = presets::get("oracle-cascade").unwrap();
    // Event Oracle slashes the majority's deviators; the LRT's operators serve it, Borealis not.
    assert!(raised(&lrt, Flag::VagueSlashingScope));
    assert!(!raised(&native, Flag::VagueSlashingScope));
    // rsLRT pays points only; a token yield clears it.
    assert!(raised(&lrt, Flag::PointsOnlyIncentives));
    let mut paid = lrt.clone();
    paid.incentives[0].token_apr_bps = 200;
    assert!(!raised(&paid, Flag::PointsOnlyIncentives));
    assert!(!raised(&native, Flag::PointsOnlyIncentives));
    // One operator holds all of the native path's stake; the LRT's largest holds 18%.
    assert!(raised(&native, Flag::OperatorConcentration));
    assert!(!raised(&lrt, Flag::OperatorConcentration));
    // Upgrade keys with no timelock (slashing-upgrade) against none at all.
    assert!(raised(
        &presets::get("slashing-upgrade").unwrap(),
        Flag::UpgradeKeysWithoutTimelock
    ));
    assert!(!raised(&plain, Flag::UpgradeKeysWithoutTimelock));
    let mut slow = presets::get("slashing-upgrade").unwrap();
    for a in &mut slow.avss {
        a.upgrade_timelock_blocks = a.upgrade_timelock_blocks.map(|_| 100_800);
    }
    assert!(!raised(&slow, Flag::UpgradeKeysWithoutTimelock));
    // A 20k/20k pool for a ~400k supply is shallow; a 200k/200k one is not.
    assert!(raised(&plain, Flag::ShallowExitLiquidity));
    let mut deep = plain.clone();
    deep.pool.eth_liquidity_eth = 200_000;
    deep.pool.lrt_liquidity = 100_000;
    deep.stakers.total_lrt = 200_000;
    assert!(!raised(&deep, Flag::ShallowExitLiquidity));
    // RSG governs rsLRT and the PriceFeed Oracle: both in the LRT path's stack, one in native's.
    assert!(raised(&lrt, Flag::IntertwinedGovernance));
    assert!(!raised(&native, Flag::IntertwinedGovernance));
}
