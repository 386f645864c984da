//! Confidence contagion between LRTs (docs/BEHAVIOUR.md, `agents::contagion`): holders of an LRT
//! whose operators were never slashed still sell when another LRT's holders panic, through the
//! floor of the contagion weight; without contagion they do not. Measured over 10 seeds.

use restake_engine::scenario::{DelegationParams, ExtraLrtParams, Scenario};
use restake_engine::{presets, Sim};

const SEEDS: u64 = 10;
const BLOCKS: u64 = 7_200;

/// `oracle-cascade` plus a second LRT, cLRT, delegated only to operators the outlier never
/// gets slashed in any seed, its holders giving contagion `weight` with `floor`.
fn with_clean_lrt(weight: f64, floor: f64) -> Scenario {
    let mut s = presets::get("oracle-cascade").expect("preset");
    let slashed: Vec<bool> = (0..SEEDS).fold(vec![false; s.operators.len()], |mut acc, seed| {
        let mut sim = Sim::new(s.clone(), seed).expect("valid");
        sim.run(BLOCKS);
        for (k, op) in sim.world().operators.iter().enumerate() {
            acc[k] |= op.slashed_wei > 0;
        }
        acc
    });
    let mut lrt = s.lrt.clone();
    lrt.symbol = "cLRT".into();
    let mut stakers = s.stakers.clone();
    stakers.contagion_weight = weight;
    stakers.contagion_floor = floor;
    stakers.count /= 2;
    stakers.total_lrt /= 2;
    let mut pool = s.pool.clone();
    pool.eth_liquidity_eth /= 2;
    pool.lrt_liquidity /= 2;
    let delegations: Vec<DelegationParams> = s
        .operators
        .iter()
        .zip(&slashed)
        .filter(|(o, &hit)| !hit && o.lrt_delegation_eth > 0)
        .map(|(o, _)| DelegationParams {
            operator: o.name.clone(),
            eth: o.lrt_delegation_eth,
        })
        .collect();
    assert!(!delegations.is_empty(), "some operator is never slashed");
    s.extra_lrts.push(ExtraLrtParams {
        lrt,
        pool,
        stakers,
        delegations,
        insurance: None,
    });
    s
}

/// Per seed: cLRT's lowest price / NAV and whether its NAV ever fell below its start.
fn clean_lrt_lows(s: &Scenario) -> Vec<(f64, bool)> {
    (0..SEEDS)
        .map(|seed| {
            let mut sim = Sim::new(s.clone(), seed).expect("valid");
            let nav0 = sim.world().nav(1);
            let (mut low, mut lost) = (f64::MAX, false);
            for _ in 0..BLOCKS {
                sim.step();
                let w = sim.world();
                low = low.min(w.price(1) as f64 / w.nav(1) as f64);
                lost |= w.nav(1) < nav0;
            }
            (low, lost)
        })
        .collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[test]
fn confidence_contagion_hits_an_lrt_that_lost_nothing() {
    let calm = clean_lrt_lows(&with_clean_lrt(0.0, 0.0));
    let scared = clean_lrt_lows(&with_clean_lrt(0.8, 0.5));
    assert!(
        calm.iter().chain(&scared).all(|&(_, lost)| !lost),
        "cLRT's NAV never falls: its operators are never slashed"
    );
    let (calm, scared) = (
        median(calm.iter().map(|x| x.0).collect()),
        median(scared.iter().map(|x| x.0).collect()),
    );
    eprintln!(
        "cLRT median lowest price/NAV: no contagion {calm:.4}, weight 0.8 floor 0.5 {scared:.4}"
    );
    assert!(
        calm > 0.99,
        "without contagion cLRT holds its peg: {calm:.4}"
    );
    assert!(
        scared < calm - 0.02,
        "with contagion (weight 0.8, floor 0.5) cLRT depegs: {scared:.4} vs {calm:.4}"
    );
}

#[test]
fn sharing_the_slashed_operators_spreads_more_fear_than_the_floor() {
    // The same weight with a floor of 0 spreads nothing to an LRT that shares no slashed
    // operator: contagion then travels only through shared operators.
    let none = clean_lrt_lows(&with_clean_lrt(0.8, 0.0));
    let floor = clean_lrt_lows(&with_clean_lrt(0.8, 0.5));
    let (none, floor) = (
        median(none.iter().map(|x| x.0).collect()),
        median(floor.iter().map(|x| x.0).collect()),
    );
    eprintln!("cLRT median lowest price/NAV: floor 0 {none:.4}, floor 0.5 {floor:.4}");
    assert!(
        none > floor + 0.01,
        "floor 0: {none:.4} vs floor 0.5: {floor:.4}"
    );
}

#[test]
fn the_lrt_contagion_preset_depegs_an_lrt_that_lost_nothing_and_reshapes_the_sets() {
    let s = presets::get("lrt-contagion").expect("preset");
    let lows = clean_lrt_lows(&s);
    assert!(
        lows.iter().all(|&(_, lost)| !lost),
        "cLRT's NAV never falls"
    );
    let median_low = median(lows.iter().map(|x| x.0).collect());
    let mut calm = s.clone();
    calm.extra_lrts[0].stakers.contagion_weight = 0.0;
    let calm_low = median(clean_lrt_lows(&calm).iter().map(|x| x.0).collect());
    eprintln!("lrt-contagion: cLRT median lowest price/NAV {median_low:.4}, without contagion {calm_low:.4}");
    assert!(
        median_low < 0.95 && calm_low > 0.99,
        "{median_low} vs {calm_low}"
    );
    // The oracle slash makes every operator of its set leave it, and the other AVSs eject the
    // slashed operators: all scheduled for the deallocation delay.
    let mut sim = Sim::new(s, 0).expect("valid");
    sim.run(BLOCKS);
    let w = sim.world();
    let oracle = w
        .avss
        .iter()
        .position(|a| a.name == "PriceFeed Oracle")
        .unwrap();
    let members: Vec<usize> = (0..w.operators.len())
        .filter(|&k| w.operators[k].is_registered(oracle))
        .collect();
    assert!(!members.is_empty());
    for k in members {
        assert!(
            w.operators[k]
                .pending_deregistrations
                .iter()
                .any(|d| d.1 == oracle),
            "{} stays in the oracle's set",
            w.operators[k].name
        );
    }
}
