//! Bridge exploit (fault `bridge_exploit`, `src/bridge.rs`) and the `rseth-2026` replay
//! against its published bands (MODEL.md section 9; docs/REPLAYS.md).

mod common;

use restake_engine::presets;
use restake_engine::scenario::{BridgeLoss, Fault};
use restake_engine::units::WEI_PER_ETH;
use restake_engine::{Scenario, Sim};

/// ETH price on 18 April 2026, USD: $2,358 (Binance Square ETH market analysis of 18 April
/// 2026, price at writing 2,358.24; consistent with $292M / 116,500 rsETH = $2,506 per rsETH
/// at an rsETH rate of ~1.06).
const ETH_USD: f64 = 2_358.0;

/// Blocks run: the exploit at block 100, the loss booked a day later (7,300), two hours more
/// for liquidations.
const BLOCKS: u64 = 8_000;

fn scenario(loss: BridgeLoss) -> Scenario {
    let mut s = presets::get("rseth-2026").unwrap();
    if let Fault::BridgeExploit(b) = &mut s.faults[0].fault {
        b.loss = loss;
    }
    s
}

/// Realised plus insolvent debt over every market at the end, ETH.
fn bad_debt_eth(sim: &Sim) -> f64 {
    let end = sim.latest();
    let wei: u128 = end
        .markets
        .iter()
        .map(|m| m.bad_debt_wei + m.insolvent_debt_wei)
        .sum();
    wei as f64 / WEI_PER_ETH as f64
}

fn run(s: Scenario, seed: u64) -> Sim {
    let mut sim = Sim::new(s, seed).unwrap();
    sim.run(BLOCKS);
    sim
}

fn quantiles(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    (q(0.05), q(0.5), q(0.95))
}

/// DoD (issue 15): over 20 seeds, realised plus insolvent debt in ETH lies within the published
/// range of estimates ($124-230M at $2,358: 52,587-97,540 ETH). The narrower $177-196M band
/// (75,064-83,121 ETH) is reported in docs/REPLAYS.md with the gap.
#[test]
fn rseth_2026_bad_debt_within_the_published_range() {
    let (lo, hi) = (124e6 / ETH_USD, 230e6 / ETH_USD);
    let mut debts = Vec::new();
    for seed in 0..20 {
        let sim = run(scenario(BridgeLoss::Isolated), seed);
        let x = &sim.world().bridge_exploits[0];
        // Published: 82,650 WETH + 821 wstETH (~1,000 ETH) borrowed; 89,567 rsETH at HF
        // 1.01-1.03, LT 95% and at most LTV 93% at an exchange rate of 1 give 83,150 ETH.
        let borrowed = x.borrowed as f64 / WEI_PER_ETH as f64;
        assert!(
            (82_500.0..84_000.0).contains(&borrowed),
            "borrowed {borrowed}"
        );
        assert_eq!(x.opened, 8, "all eight positions open before the freeze");
        let d = bad_debt_eth(&sim);
        assert!((lo..=hi).contains(&d), "seed {seed}: {d} ETH");
        debts.push(d);
    }
    let (p5, p50, p95) = quantiles(debts);
    eprintln!("rseth-2026 isolated: bad debt ETH p5 {p5:.0} median {p50:.0} p95 {p95:.0}; USD median {:.0}M", p50 * ETH_USD / 1e6);
}

/// The lever: socialised, every holder's NAV falls by the unbacked share (18%), the attacker's
/// positions keep part of their collateral, and the legitimate E-mode loops go under with them.
#[test]
fn rseth_2026_socialised_loss_lowers_every_holders_nav() {
    let iso = run(scenario(BridgeLoss::Isolated), 1);
    let soc = run(scenario(BridgeLoss::Socialised), 1);
    let nav = |s: &Sim| s.latest().lrt_nav;
    assert!((nav(&iso) - 1.0).abs() < 0.01, "isolated NAV {}", nav(&iso));
    assert!(
        (0.80..0.84).contains(&nav(&soc)),
        "socialised NAV {} (530,000 / 646,500 = 0.82)",
        nav(&soc)
    );
    let loops_liquidated = soc.latest().markets[0].liquidations;
    assert!(loops_liquidated > 0, "socialised: loops are liquidated");
    assert_eq!(iso.latest().markets[0].liquidations, 0);
    let (d_iso, d_soc) = (bad_debt_eth(&iso), bad_debt_eth(&soc));
    eprintln!("bad debt ETH: isolated {d_iso:.0}, socialised {d_soc:.0}");
    assert!(d_soc < d_iso, "socialised {d_soc} vs isolated {d_iso}");
}

/// Before the loss is booked the exchange rate does not see the unbacked supply: no NAV
/// change, no liquidation, and the books say where every unbacked wei is.
#[test]
fn unbacked_mint_is_booked_as_a_liability_until_recognised() {
    let mut sim = Sim::new(scenario(BridgeLoss::Socialised), 3).unwrap();
    sim.run(2_000);
    let w = sim.world();
    let x = &w.bridge_exploits[0];
    assert_eq!(x.minted, 116_500 * WEI_PER_ETH);
    assert_eq!(w.lrts[0].unbacked, x.minted);
    assert!((sim.latest().lrt_nav - 1.0).abs() < 0.001);
    assert!(x.frozen && w.markets[0].frozen);
    // Suppliers ran for the idle WETH: utilisation 100%.
    assert!(x.full_utilisation_at.is_some());
    assert_eq!(
        w.ledger
            .balance(w.markets[0].reserve, restake_engine::ledger::Asset::ETH),
        0
    );
    assert!(x.supplier_unmet > 0);
}

/// The guardian's delay is a lever: a freeze after 100 blocks stops the attacker at three
/// positions (opened at 0, 40 and 80 blocks) and cuts the bad debt to about 3/8.
#[test]
fn an_earlier_freeze_cuts_the_loss() {
    let mut s = scenario(BridgeLoss::Isolated);
    if let Fault::BridgeExploit(b) = &mut s.faults[0].fault {
        b.freeze_after_blocks = 100;
    }
    let early = run(s, 1);
    let full = run(scenario(BridgeLoss::Isolated), 1);
    assert_eq!(early.world().bridge_exploits[0].opened, 3);
    let ratio = bad_debt_eth(&early) / bad_debt_eth(&full);
    assert!((0.3..0.45).contains(&ratio), "ratio {ratio}");
}

/// An edit of a bridge exploit's fields.
type Edit = fn(&mut restake_engine::scenario::BridgeExploitParams);

#[test]
fn bridge_exploit_fields_are_validated_with_their_path() {
    let cases: [(&str, Edit); 5] = [
        ("unbacked_lrt", |b| b.unbacked_lrt = 0),
        ("posted_lrt", |b| b.posted_lrt = b.unbacked_lrt + 1),
        ("hf_min", |b| b.hf_min = 1.0),
        ("market", |b| b.market = Some("nowhere".into())),
        ("freeze_after_blocks", |b| b.freeze_after_blocks = u64::MAX),
    ];
    for (field, edit) in cases {
        let mut s = scenario(BridgeLoss::Isolated);
        if let Fault::BridgeExploit(b) = &mut s.faults[0].fault {
            edit(b);
        }
        let err = s.validate().unwrap_err().to_string();
        assert!(
            err.contains(&format!("faults[0].fault.{field}")),
            "{field}: {err}"
        );
    }
}

/// The invariants (conservation, the unbacked liability) hold after every block in both modes.
#[test]
fn bridge_exploit_keeps_the_invariants() {
    for loss in [BridgeLoss::Isolated, BridgeLoss::Socialised] {
        let mut sim = Sim::new(scenario(loss), 5).unwrap();
        for _ in 0..BLOCKS {
            sim.step();
            restake_engine::invariants::check(sim.world()).unwrap();
        }
    }
}
