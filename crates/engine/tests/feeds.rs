//! Step 1 of the oracle cascade is emergent (issue 15): who signs an outlier follows from the
//! operators' feed configurations and the outlier's size, who is flagged from the AVS's
//! tolerance band, and how much is slashed from its slashing terms.

use restake_engine::scenario::{FeedDrawParams, FeedParams};
use restake_engine::{presets, Fault, Scenario, Sim};

const FAULT_BLOCK: u64 = 300;
/// Past the 12-hour veto window of the PriceFeed Oracle.
const AFTER_VETO: u64 = FAULT_BLOCK + 3_600 + 10;

fn with_outlier(mut s: Scenario, deviation_bps: u32) -> Scenario {
    s.faults[0].fault = Fault::OracleOutlier {
        avs: "PriceFeed Oracle".into(),
        deviation_bps,
    };
    s
}

/// Names of the operators with a slash request right after the fault, and the ETH requested.
fn flagged(s: &Scenario, seed: u64) -> (Vec<String>, f64) {
    let mut sim = Sim::new(s.clone(), seed).unwrap();
    sim.run(FAULT_BLOCK + 1);
    let w = sim.world();
    let mut names: Vec<String> = w
        .slash_requests
        .iter()
        .map(|r| w.operators[r.operator].name.clone())
        .collect();
    names.sort();
    let eth: f64 = w
        .slash_requests
        .iter()
        .map(|r| {
            let stake = w.operators[r.operator].slashable_stake(&w.ledger, r.avs, w.model) as f64;
            stake * r.wad as f64 / 1e18 / 1e18
        })
        .sum();
    (names, eth)
}

/// ETH slashed from every operator once the veto window has passed.
fn slashed_eth(s: &Scenario, seed: u64) -> f64 {
    let mut sim = Sim::new(s.clone(), seed).unwrap();
    sim.run(AFTER_VETO);
    sim.world()
        .operators
        .iter()
        .map(|o| o.slashed_wei as f64 / 1e18)
        .sum()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[test]
fn the_outlier_size_decides_who_signs_and_who_is_slashed() {
    let base = presets::oracle_cascade();
    let names = |d: u32| flagged(&with_outlier(base.clone(), d), 42).0;
    // 1%: only the single-source nodes move past the 0.5% band (the two-source median moves
    // 0.5%, the three-source mean 0.33%).
    assert_eq!(names(100), ["Borealis Nodes", "Iris Nodes"]);
    // 15%: the preset's four signers.
    assert_eq!(
        names(1_500),
        [
            "Borealis Nodes",
            "Ember Infra",
            "Iris Nodes",
            "Meridian Nodes"
        ]
    );
    // 40%: Iris's node refuses a move above its 30% sanity bound.
    assert_eq!(
        names(4_000),
        ["Borealis Nodes", "Ember Infra", "Meridian Nodes"]
    );
    // And everything after step 1 follows: over seeds, more is slashed at 15% than at 1%.
    let seeds = 0..7u64;
    let small = median(
        seeds
            .clone()
            .map(|k| slashed_eth(&with_outlier(base.clone(), 100), k))
            .collect(),
    );
    let large = median(
        seeds
            .map(|k| slashed_eth(&with_outlier(base.clone(), 1_500), k))
            .collect(),
    );
    eprintln!("median ETH slashed over seeds 0..7: 1% outlier {small:.0}, 15% outlier {large:.0}");
    assert!(small > 0.0, "the 1% outlier is still slashed: {small}");
    assert!(
        large > small * 1.5,
        "15%: {large} ETH against 1%: {small} ETH"
    );
}

#[test]
fn more_diverse_feeds_mean_fewer_signers_and_less_slashed() {
    let drawn = |sources_max: u32| {
        let mut s = presets::oracle_cascade();
        for o in &mut s.operators {
            o.feed = None;
        }
        s.oracle_feeds = Some(FeedDrawParams {
            faulty_source_share: 0.6,
            sources_min: 1,
            sources_max,
            mean_client_share: 0.3,
            max_move_bps_min: 10_000,
            max_move_bps_max: 10_000,
        });
        s
    };
    let (uniform, diverse) = (drawn(1), drawn(5));
    let mut fewer = 0;
    let (mut u_eth, mut d_eth) = (Vec::new(), Vec::new());
    for seed in 0..10u64 {
        let (u, ue) = flagged(&uniform, seed);
        let (d, de) = flagged(&diverse, seed);
        // The same operators draw the faulty source in both (same stream, same draw order);
        // more sources can only shrink or keep the set that signs.
        assert!(
            d.iter().all(|n| u.contains(n)),
            "seed {seed}: {d:?} not within {u:?}"
        );
        fewer += usize::from(d.len() < u.len());
        u_eth.push(ue);
        d_eth.push(de);
    }
    eprintln!("ETH requested, one source vs 1-5 sources: {u_eth:.0?} vs {d_eth:.0?}; fewer signers in {fewer} of 10 seeds");
    assert!(
        fewer >= 5,
        "diverse feeds flag fewer operators in only {fewer} of 10 seeds"
    );
    assert!(
        median(d_eth.clone()) < median(u_eth.clone()),
        "{d_eth:?} vs {u_eth:?}"
    );
    // The draw is part of the run: another seed, other signers.
    let sets: Vec<Vec<String>> = (0..10).map(|k| flagged(&uniform, k).0).collect();
    assert!(sets.iter().any(|x| x != &sets[0]));
}

#[test]
fn a_tolerance_band_and_deviation_scaled_terms_change_the_slash() {
    let base = presets::oracle_cascade();
    // A 10% band: at 15% the two-source median (7.5%) and three-source mean (5%) are inside it.
    let mut banded = base.clone();
    banded.avss[0].deviation_tolerance_bps = 1_000;
    assert_eq!(flagged(&banded, 1).0, ["Borealis Nodes", "Iris Nodes"]);
    // Terms that take the full 10% only at a 20% deviation: the same four, less ETH, and a
    // bigger outlier asks for more.
    let mut scaled = base.clone();
    scaled.avss[0].slash_full_at_deviation_bps = Some(2_000);
    let (flat_names, flat) = flagged(&base, 1);
    let (names, at_15) = flagged(&scaled, 1);
    let (_, at_5) = flagged(&with_outlier(scaled.clone(), 500), 1);
    eprintln!("ETH requested: flat {flat:.0}, scaled at 15% {at_15:.0}, scaled at 5% {at_5:.0}");
    assert_eq!(names, flat_names);
    assert!(
        at_15 < flat && at_5 < at_15,
        "flat {flat}, 15%: {at_15}, 5%: {at_5}"
    );
}

#[test]
fn the_deprecated_flag_still_loads_and_is_refused_beside_a_feed() {
    let mut s = presets::oracle_cascade();
    for o in &mut s.operators {
        o.follows_faulty_feed = o
            .feed
            .as_ref()
            .is_some_and(|f| f.sources == 1 && f.reads_faulty_source);
        o.feed = None;
    }
    assert_eq!(flagged(&s, 3).0, ["Borealis Nodes", "Iris Nodes"]);
    s.operators[0].feed = Some(FeedParams::unexposed());
    s.operators[0].follows_faulty_feed = true;
    let e = Sim::new(s, 3).err().unwrap().to_string();
    assert!(e.contains("operators[0].follows_faulty_feed"), "{e}");
}
