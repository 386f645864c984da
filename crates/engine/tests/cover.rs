//! Cover pools that run out in a correlated slash (issue 4; MODEL.md section 14, "insurance that
//! cannot cover correlated losses"): the `cover-run-out` preset against the same scenario with
//! ample capital and with unique stake. Every run checks the invariants after each block
//! (`Sim::step` under debug assertions), conservation of the pools' capital included.

mod common;

use restake_engine::metrics::LrtMetrics;
use restake_engine::scenario::SlashingModel;
use restake_engine::units::{mul_div, BPS, WAD};
use restake_engine::{presets, Scenario, Sim};

/// Blocks to run: the oracle outlier at 300, its slashes after the 3,600-block veto window.
const BLOCKS: u64 = 6_000;

fn run(s: &Scenario) -> Sim {
    let mut sim = Sim::new(s.clone(), 42).expect("valid scenario");
    sim.run(BLOCKS);
    sim
}

/// `cover-run-out` with each cover pool's capital set to `capital_eth[i]` (LRT `i`).
fn with_capital(capital_eth: [u64; 2]) -> Scenario {
    let mut s = presets::cover_run_out();
    s.insurance.as_mut().unwrap().capital_eth = capital_eth[0];
    s.extra_lrts[0].insurance.as_mut().unwrap().capital_eth = capital_eth[1];
    s
}

/// Covered share of LRT `i`'s cover pool, basis points.
fn covered_bps(s: &Scenario, i: usize) -> u128 {
    let specs = s.lrt_specs();
    specs[i].insurance.expect("a cover pool").covered_bps as u128
}

/// Backing LRT `i` lost to slashes and penalties so far, wei.
fn lost(l: &LrtMetrics) -> u128 {
    l.slashed_wei + l.eth_penalties_wei
}

fn eth(wei: u128) -> f64 {
    wei as f64 / WAD as f64
}

#[test]
fn each_cover_pool_pays_its_capital_and_the_shortfall_lands_on_holders() {
    let s = presets::cover_run_out();
    let sim = run(&s);
    let h = sim.history();
    for (i, capital) in [4_000 * WAD, 1_500 * WAD].into_iter().enumerate() {
        // The correlated slash: the first block in which LRT i lost backing.
        let hit = h
            .iter()
            .position(|m| lost(&m.lrts[i]) > 0)
            .expect("slashed");
        let (before, at) = (&h[hit - 1].lrts[i], &h[hit].lrts[i]);
        assert!(h[hit].block > 3_000, "after the veto window");
        // Premiums were collected while nothing happened, into the pool's capital.
        assert!(before.insurance_premiums_wei > 0, "{before:?}");
        assert_eq!(before.insurance_paid_wei, 0);
        assert_eq!(
            before.insurance_capital_wei,
            capital + before.insurance_premiums_wei
        );
        // The claim empties the pool: it pays exactly what it held, capacity hits 0.
        assert_eq!(at.insurance_capital_wei, 0, "lrt{i} exhausted");
        assert_eq!(at.insurance_paid_wei, capital + at.insurance_premiums_wei);
        assert!(at.insurance_shortfall_wei > 0);
        // Paid plus shortfall is the covered share of the loss (to a wei per claim).
        let covered = mul_div(lost(at), covered_bps(&s, i), BPS);
        let claimed = at.insurance_paid_wei + at.insurance_shortfall_wei;
        assert!(covered.abs_diff(claimed) <= 16, "{covered} vs {claimed}");
        // What the pool did not pay is the holders' NAV loss.
        assert_eq!(at.nav_loss_wei, lost(at) - at.insurance_paid_wei);
        eprintln!(
            "cover-run-out lrt{i}: lost {:.1} ETH, premiums {:.2}, paid {:.1}, shortfall {:.1}, NAV loss {:.1}, NAV {:.5} -> {:.5}",
            eth(lost(at)),
            eth(at.insurance_premiums_wei),
            eth(at.insurance_paid_wei),
            eth(at.insurance_shortfall_wei),
            eth(at.nav_loss_wei),
            before.nav,
            at.nav
        );
    }
    // Full cover on rsLRT: its holders bear exactly the shortfall.
    let l = &sim.latest().lrts[0];
    assert_eq!(l.nav_loss_wei, l.insurance_shortfall_wei);
    common::assert_exhausted_once(&sim, &["rsLRT", "xLRT"]);
}

#[test]
fn with_ample_capital_every_claim_is_paid_and_nav_falls_less() {
    let mut none = presets::cover_run_out();
    none.insurance = None;
    none.extra_lrts[0].insurance = None;
    let none = run(&none);
    let scarce = run(&presets::cover_run_out());
    let ample = run(&with_capital([20_000, 10_000]));
    let (n, a, b) = (none.latest(), scarce.latest(), ample.latest());
    for i in 0..2 {
        let (w, x, y) = (&n.lrts[i], &a.lrts[i], &b.lrts[i]);
        // Without cover the holders bear the whole loss; scarce cover pays some of it.
        assert_eq!(w.nav_loss_wei, lost(w));
        assert!(x.nav_loss_wei < w.nav_loss_wei && x.nav > w.nav, "lrt{i}");
        assert_eq!(lost(x), lost(y), "the same slash");
        assert_eq!(y.insurance_shortfall_wei, 0, "lrt{i}");
        assert!(y.insurance_capital_wei > 0);
        assert!(y.nav_loss_wei < x.nav_loss_wei, "lrt{i}");
        assert!(y.nav > x.nav, "lrt{i}: {} vs {}", y.nav, x.nav);
        eprintln!(
            "lrt{i}: NAV {:.5} without cover, {:.5} with 4,000/1,500 ETH of cover capital, {:.5} with 20,000/10,000; NAV loss {:.1}, {:.1}, {:.1} ETH",
            w.nav,
            x.nav,
            y.nav,
            eth(w.nav_loss_wei),
            eth(x.nav_loss_wei),
            eth(y.nav_loss_wei)
        );
    }
    // Full cover that pays everything leaves rsLRT's holders no NAV loss at all.
    assert_eq!(b.lrts[0].nav_loss_wei, 0);
    assert_eq!(b.insurance_shortfall_wei, 0);
}

#[test]
fn under_unique_stake_the_same_capital_covers_the_smaller_slash() {
    let mut s = presets::cover_run_out();
    s.slashing_model = SlashingModel::UniqueStake;
    let unique = run(&s);
    let shared = run(&presets::cover_run_out());
    let (u, sh) = (&unique.latest().lrts[0], &shared.latest().lrts[0]);
    assert!(lost(u) > 0 && lost(u) < lost(sh) / 2, "{u:?}");
    assert_eq!(u.insurance_shortfall_wei, 0);
    assert_eq!(u.nav_loss_wei, 0, "full cover, fully paid");
    eprintln!(
        "unique stake: rsLRT lost {:.1} ETH (shared: {:.1}), cover paid {:.1}, capital left {:.1}",
        eth(lost(u)),
        eth(lost(sh)),
        eth(u.insurance_paid_wei),
        eth(u.insurance_capital_wei)
    );
}

/// The refusal of `s`, which must name `path`.
fn refused_at(s: &Scenario, path: &str) {
    match Sim::new(s.clone(), 1) {
        Err(restake_engine::ScenarioError::Invalid { path: p, reason }) => {
            assert_eq!(p, path, "refused for another field: {reason}")
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("accepted a bad {path}"),
    }
}

#[test]
fn cover_capital_and_block_delays_are_bounded_by_field() {
    let mut s = presets::cover_run_out();
    s.extra_lrts[0].insurance.as_mut().unwrap().capital_eth = u64::MAX;
    refused_at(&s, "extra_lrts[0].insurance.capital_eth");
    let mut s = with_capital([1_000_000_000, 1]);
    assert!(Sim::new(s.clone(), 1).is_ok(), "1e9 ETH is the bound");
    s.insurance.as_mut().unwrap().capital_eth += 1;
    refused_at(&s, "insurance.capital_eth");
    // Delays are added to the current block: bounded (fuzz regressions in tests/regressions/).
    let mut s = presets::cover_run_out();
    s.extra_lrts[0].lrt.withdrawal_delay_blocks = u64::MAX;
    refused_at(&s, "extra_lrts[0].lrt.withdrawal_delay_blocks");
    let mut s = presets::oracle_cascade();
    s.avss[0].veto.as_mut().unwrap().window_blocks = u64::MAX;
    refused_at(&s, "avss[0].veto.window_blocks");
    let mut s = presets::get("whale-exit").unwrap();
    if let restake_engine::Fault::WithdrawalPause {
        duration_blocks, ..
    } = &mut s.faults[1].fault
    {
        *duration_blocks = u64::MAX;
    }
    refused_at(&s, "faults[1].fault.duration_blocks");
}
