//! AVSs' response to slashes of their operators elsewhere, and operators' response to an AVS
//! that slashes (issue 15, contagion through the AVS side; `avss[].slashed_elsewhere_keep`,
//! `operators[].leave_at_slashed_share`, docs/MODEL.md "AVS responses").

use restake_engine::restaking::DEALLOCATION_DELAY_BLOCKS;
use restake_engine::scenario::SlashingModel;
use restake_engine::{presets, Scenario, Sim};

/// `oracle-cascade` with every AVS answering slashes elsewhere by keeping `keep` of the
/// operator's magnitude (`None`: no response, the preset as shipped).
fn cascade(keep: Option<f64>) -> Scenario {
    let mut s = presets::get("oracle-cascade").unwrap();
    for a in &mut s.avss {
        a.slashed_elsewhere_keep = keep;
    }
    s
}

/// (operator, AVS) pairs registered now, in order.
fn registrations(sim: &Sim) -> Vec<(usize, usize)> {
    let w = sim.world();
    let mut v = Vec::new();
    for (o, op) in w.operators.iter().enumerate() {
        for a in &op.allocations {
            v.push((o, a.avs));
        }
    }
    v
}

/// Runs until the first block with an executed slash; returns the block.
fn until_first_slash(sim: &mut Sim) -> u64 {
    while sim.latest().slashed_wei == 0 {
        sim.run(1);
        assert!(sim.block() < 20_000, "no slash in oracle-cascade");
    }
    sim.block()
}

#[test]
fn ejection_waits_the_deallocation_delay_then_the_operator_leaves_the_other_sets() {
    let mut calm = Sim::new(cascade(None), 0).unwrap();
    let mut eject = Sim::new(cascade(Some(0.0)), 0).unwrap();
    let at = until_first_slash(&mut eject);
    calm.run(at);
    let slashed: Vec<usize> = (0..eject.world().operators.len())
        .filter(|&o| eject.world().operators[o].slashed_wei > 0)
        .collect();
    assert!(!slashed.is_empty());
    // Scheduled, not yet effective: the same registrations as without a response.
    assert_eq!(registrations(&eject), registrations(&calm));
    let scheduled: usize = slashed
        .iter()
        .map(|&o| eject.world().operators[o].pending_deregistrations.len())
        .sum();
    assert!(scheduled > 0, "no AVS ejected a slashed operator");
    for &o in &slashed {
        for &(when, _) in &eject.world().operators[o].pending_deregistrations {
            assert_eq!(when, at + DEALLOCATION_DELAY_BLOCKS);
        }
    }
    // One block before the delay ends the operator is still in every set (and slashable there).
    let before = registrations(&eject);
    eject.run(DEALLOCATION_DELAY_BLOCKS - 1);
    assert_eq!(registrations(&eject), before);
    eject.run(1);
    let after = registrations(&eject);
    assert_eq!(
        after.len() + scheduled,
        before.len(),
        "{after:?} vs {before:?}"
    );
    for &o in &slashed {
        assert!(eject.world().operators[o]
            .pending_deregistrations
            .is_empty());
    }
}

#[test]
fn cutting_allocations_lowers_the_other_services_slashable_stake() {
    let mut s = cascade(Some(0.5));
    s.slashing_model = SlashingModel::UniqueStake;
    let mut none = s.clone();
    for a in &mut none.avss {
        a.slashed_elsewhere_keep = None;
    }
    let mut cut = Sim::new(s, 0).unwrap();
    let at = until_first_slash(&mut cut);
    let blocks = at + DEALLOCATION_DELAY_BLOCKS + 1;
    cut.run(blocks - cut.block());
    let mut keep = Sim::new(none, 0).unwrap();
    keep.run(blocks);
    let magnitudes = |sim: &Sim| -> Vec<u128> {
        let w = sim.world();
        w.operators
            .iter()
            .flat_map(|op| op.allocations.iter().map(|a| a.magnitude))
            .collect()
    };
    let (m_cut, m_keep) = (magnitudes(&cut), magnitudes(&keep));
    assert_eq!(m_cut.len(), m_keep.len());
    let halved = m_cut.iter().zip(&m_keep).filter(|(c, k)| c < k).count();
    assert!(halved > 0, "no allocation was cut");
    assert!(m_cut.iter().zip(&m_keep).all(|(c, k)| c <= k));
    assert!(m_cut.iter().sum::<u128>() < m_keep.iter().sum::<u128>());
}

/// `oracle-cascade` with every operator leaving an AVS once it has slashed `share` of its
/// operators (`operators[].leave_at_slashed_share`).
fn cautious_operators(share: Option<f64>) -> Scenario {
    let mut s = presets::get("oracle-cascade").unwrap();
    for o in &mut s.operators {
        o.leave_at_slashed_share = share;
    }
    s
}

#[test]
fn operators_leave_an_avs_that_slashed_more_of_its_set_than_they_accept() {
    // PriceFeed Oracle slashes 4 of the 9 operators registered with it: operators that accept
    // at most 20% leave it after the deallocation delay, operators that accept 90% stay, and
    // nobody leaves any other AVS.
    let mut stay = Sim::new(cautious_operators(Some(0.9)), 0).unwrap();
    let mut leave = Sim::new(cautious_operators(Some(0.2)), 0).unwrap();
    let at = until_first_slash(&mut leave);
    stay.run(at);
    let w = leave.world();
    let oracle = w
        .avss
        .iter()
        .position(|a| a.name == "PriceFeed Oracle")
        .unwrap();
    let hit = &w.avss[oracle].slashed_operators;
    let set = (0..w.operators.len())
        .filter(|&k| w.operators[k].is_registered(oracle))
        .count();
    eprintln!(
        "PriceFeed Oracle slashed {} of the {set} operators registered with it",
        hit.len()
    );
    assert!(hit.len() as f64 / set as f64 >= 0.2, "{hit:?} of {set}");
    let pending: Vec<(usize, u64, usize)> = (0..w.operators.len())
        .flat_map(|k| {
            w.operators[k]
                .pending_deregistrations
                .iter()
                .map(move |&(when, a)| (k, when, a))
        })
        .collect();
    assert_eq!(
        pending.len(),
        set,
        "every member of the set leaves: {pending:?}"
    );
    assert!(pending
        .iter()
        .all(|&(_, when, a)| a == oracle && when == at + DEALLOCATION_DELAY_BLOCKS));
    assert!(stay
        .world()
        .operators
        .iter()
        .all(|o| o.pending_deregistrations.is_empty()));
    // Slashable until the delay ends, gone after it.
    leave.run(DEALLOCATION_DELAY_BLOCKS - 1);
    assert!(leave
        .world()
        .operators
        .iter()
        .any(|o| o.is_registered(oracle)));
    leave.run(1);
    assert!(!leave
        .world()
        .operators
        .iter()
        .any(|o| o.is_registered(oracle)));
    assert_eq!(
        registrations(&leave).len() + set,
        registrations(&stay).len()
    );
}
