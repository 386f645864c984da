use super::*;
use restake_engine::Sim;

fn names(sim: &Sim) -> (Vec<String>, Vec<String>) {
    (sim.lrt_symbols(), sim.market_names())
}

fn oracle_cascade_with_fault(blocks: u64) -> Sim {
    let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
    let fault = sim
        .fault_menu()
        .into_iter()
        .next()
        .expect("an oracle fault");
    sim.inject(fault).expect("inject");
    sim.run(blocks);
    sim
}

#[test]
fn losses_stack_the_layers_without_double_counting() {
    let sim = oracle_cascade_with_fault(4_500);
    let last = sim.latest();
    let p = losses_by_layer(sim.history());
    let panel = &p.panels[0];
    assert!(panel.stacked && panel.from_zero);
    assert!(!panel.lines.is_empty(), "the oracle fault causes losses");
    let total: u128 = LOSS_LAYERS.iter().map(|(_, f)| f(last)).sum();
    assert!(total > 0);
    let top = panel.lines.last().unwrap().points.last().unwrap();
    assert_eq!(top.0, last.block as f64);
    assert!((top.1 - eth(total)).abs() <= 1e-9 * eth(total).max(1.0));
    // Every band's top is at or above the one below it.
    for w in panel.lines.windows(2) {
        for (a, b) in w[0].points.iter().zip(&w[1].points) {
            assert!(b.1 >= a.1);
        }
    }
    // Slashes and Ethereum penalties are counted once: restakers' own, plus the LRTs' NAV
    // loss and what cover pools paid back into them.
    let l = &last.losses;
    assert_eq!(
        direct_restaker_loss(last) + l.lrt_nav_loss_wei + l.insurance_paid_wei,
        last.slashed_wei + last.beacon_penalties_wei
    );
    let styles: Vec<_> = panel
        .lines
        .iter()
        .map(|l| (l.style.dash, l.style.marker))
        .collect();
    for (i, a) in styles.iter().enumerate() {
        assert!(
            !styles[i + 1..].contains(a),
            "layers differ by more than colour"
        );
    }
}

#[test]
fn yield_vs_loss_has_two_lines_per_path_with_stake() {
    let sim = oracle_cascade_with_fault(4_500);
    let last = sim.latest();
    let p = yield_vs_loss(sim.history());
    let panel = &p.panels[0];
    let with_stake: Vec<&str> = STAKER_PATHS
        .iter()
        .filter(|(_, f)| sim.history().iter().any(|m| f(m).stake_wei > 0))
        .map(|(l, _)| *l)
        .collect();
    assert_eq!(panel.lines.len(), 2 * with_stake.len());
    for (pair, label) in panel.lines.chunks(2).zip(&with_stake) {
        assert!(pair[0].label.starts_with(label) && pair[0].label.contains("yield"));
        assert_eq!(pair[0].style.dash, Dash::Solid);
        assert_eq!(pair[1].style.dash, Dash::Dashed);
    }
    if panel.y_desc.starts_with("ETH") {
        let lrt = &last.paths.lrt;
        let line = panel
            .lines
            .iter()
            .find(|l| l.label.starts_with("LRT: loss, now "))
            .unwrap();
        assert_eq!(line.points.last().unwrap().1, eth(lrt.loss_wei));
    }
    // A path with zero stake is left out.
    let mut h = sim.history().to_vec();
    for m in &mut h {
        m.paths.native = Default::default();
    }
    let q = yield_vs_loss(&h);
    assert!(q.panels[0]
        .lines
        .iter()
        .all(|l| !l.label.starts_with("Native")));
    let others = with_stake
        .iter()
        .filter(|l| !l.starts_with("Native"))
        .count();
    assert_eq!(q.panels[0].lines.len(), 2 * others);
}

#[test]
fn downsampling_keeps_the_last_record_and_the_bound() {
    let mut sim = Sim::preset("oracle-cascade", 1).expect("preset");
    sim.run(1_500);
    let d = downsample(sim.history());
    assert!(d.len() <= MAX_POINTS);
    assert_eq!(d.last().map(|m| m.block), Some(1_500));
    assert_eq!(d[0].block, 0);
}

#[test]
fn every_lrt_and_every_market_gets_its_own_distinguishable_lines() {
    let mut sim = Sim::preset("ezeth-2024", 42).expect("preset");
    sim.run(400);
    let (lrts, markets) = names(&sim);
    assert_eq!(markets.len(), 2, "ezeth-2024 has two markets");

    let p = price_nav(sim.history(), &lrts);
    assert_eq!(p.panels[0].lines.len(), 2 * lrts.len());
    let last = sim.latest();
    assert_eq!(
        p.panels[0].lines[0].points.last(),
        Some(&(400.0, last.lrts[0].price))
    );
    assert_eq!(
        p.panels[1].lines[0].points.last(),
        Some(&(400.0, last.liquidations as f64))
    );

    let m = market_losses(sim.history(), &markets);
    for panel in &m.panels {
        assert_eq!(panel.lines.len(), 2);
        let (a, b) = (panel.lines[0].style, panel.lines[1].style);
        assert!(a.dash != b.dash && a.marker != b.marker && a.colour != b.colour);
        assert!(panel.from_zero);
    }
    assert_eq!(m.panels.len(), 3);
    for (k, mm) in last.markets.iter().enumerate() {
        assert_eq!(
            m.panels[2].lines[k].points.last(),
            Some(&(400.0, eth(mm.insolvent_debt_wei)))
        );
    }
    let liq: f64 = m.panels[0]
        .lines
        .iter()
        .map(|l| l.points.last().unwrap().1)
        .sum();
    assert_eq!(liq, last.liquidations as f64, "markets add up to the total");
}

#[test]
fn avs_bars_state_security_in_words() {
    let mut sim = Sim::preset("rational-attack-cascade", 42).expect("preset");
    sim.run(100);
    let avss = sim.avs_security();
    let b = avs_security(&avss);
    assert_eq!(b.categories.len(), avss.len());
    assert_eq!(b.series[0].fill, Fill::Solid);
    assert_eq!(b.series[1].fill, Fill::Outline);
    for (a, note) in avss.iter().zip(&b.notes) {
        assert_eq!(note.contains("insecure"), !a.secure);
    }
    assert_eq!(b.series[0].values[0], eth(avss[0].cost_of_corruption_wei));
}

#[test]
fn health_factor_bars_count_every_open_loan() {
    let sim = Sim::preset("ezeth-2024", 42).expect("preset");
    let (_, markets) = names(&sim);
    let b = hf_distribution(sim.latest(), &markets);
    assert_eq!(b.categories.len(), 6);
    assert_eq!(b.categories[0], "< 1.00");
    assert_eq!(b.categories[5], "≥ 1.50");
    for (s, m) in b.series.iter().zip(&sim.latest().markets) {
        assert_eq!(s.values.iter().sum::<f64>(), m.open_loans as f64);
    }
    assert_ne!(b.series[0].fill, b.series[1].fill);
    assert!(!b.is_empty());
    assert!(hf_distribution(sim.latest(), &[]).is_empty());
}
