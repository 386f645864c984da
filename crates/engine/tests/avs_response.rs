//! AVSs' response to slashes of their operators elsewhere (issue 15, contagion through the AVS
//! side; `avss[].slashed_elsewhere_keep`, docs/MODEL.md "AVS responses").

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
