use restake_engine::{CascadeStep, Fault, NodeRef, Sim};

use super::*;

#[test]
fn a_replay_reaches_the_same_state_as_the_run_it_replays() {
    let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
    sim.run(5);
    sim.inject(sim.default_oracle_fault().expect("oracle"))
        .expect("inject");
    sim.run(10);
    let at_15 = sim.state_hash();
    sim.inject(Fault::LiquidityWithdrawal {
        share_bps: 5_000,
        lrt_symbol: None,
    })
    .expect("inject");
    sim.run(20);

    let mut seen = 0;
    let back = replay(&sim, 15, |_| seen += 1).expect("replay");
    assert_eq!(back.block(), 15);
    assert_eq!(seen, 16);
    assert_eq!(back.state_hash(), at_15);
    assert_eq!(back.injected().len(), 1, "the later fault is dropped");
    let forward = replay(&sim, 35, |_| {}).expect("replay");
    assert_eq!(forward.state_hash(), sim.state_hash());
}

#[test]
fn going_back_from_a_checkpoint_equals_a_replay_from_block_zero() {
    let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
    sim.run(500);
    let cp = sim.checkpoint();
    sim.run(100);
    sim.inject(sim.default_oracle_fault().expect("oracle"))
        .expect("inject");
    sim.run(3_500);
    sim.inject(Fault::LiquidityWithdrawal {
        share_bps: 5_000,
        lrt_symbol: None,
    })
    .expect("inject");
    sim.run(100);
    let reference = replay(&sim, 4_000, |_| {}).expect("replay");

    let mut seen = 0;
    rewind_to(&mut sim, &cp, 4_000, |_| seen += 1).expect("rewind");
    assert_eq!(seen, 3_500);
    assert_eq!(sim.block(), 4_000);
    assert_eq!(sim.state_hash(), reference.state_hash());
    assert_eq!(sim.injected(), reference.injected());
    assert_eq!(sim.events(), reference.events());
    assert_eq!(sim.history(), reference.history());
    // A checkpoint after the target is refused and changes nothing.
    let late = sim.checkpoint();
    assert!(rewind_to(&mut sim, &late, 3_000, |_| {}).is_err());
    assert_eq!(sim.block(), 4_000);
}

#[test]
fn a_frame_runs_at_most_one_epoch_boundary_and_starts_with_it() {
    let state = AppState::new();
    assert_eq!(state.advance(100, || 0.0, f64::INFINITY), 31);
    assert_eq!(state.advance(100, || 0.0, f64::INFINITY), 32);
    assert_eq!(state.with_sim(|s| s.block()), 63);
    // The budget stops it after the first block when time is up.
    let clock = std::cell::Cell::new(0.0);
    let ran = state.advance(
        100,
        || {
            clock.set(clock.get() + 10.0);
            clock.get()
        },
        4.0,
    );
    assert_eq!(ran, 1);
    assert_eq!(
        state.published.metrics.get_untracked().block,
        0,
        "published only on request"
    );
    state.publish(false);
    assert_eq!(state.published.metrics.get_untracked().block, 64);
}

#[test]
fn events_group_under_their_steps_in_order() {
    let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
    sim.run(4_500);
    let groups = group_by_step(sim.events(), 3);
    assert_eq!(groups.len(), 7);
    assert_eq!(
        groups.iter().map(|g| g.count).sum::<usize>(),
        sim.events().len()
    );
    for (g, step) in groups.iter().zip(CascadeStep::ALL) {
        assert_eq!(g.step, Some(step));
        assert!(g.entries.iter().all(|e| e.event.step == Some(step)));
        assert!(g.entries.len() <= TIMELINE_PER_STEP);
    }
    assert!(groups[0].count > 0 && groups[1].count > 0);
}

#[test]
fn only_networks_with_many_operators_group_the_small_ones() {
    let sim = Sim::preset("oracle-cascade", 42).expect("preset");
    let g = sim.network();
    let ops = g
        .node_weights()
        .filter(|n| matches!(n.node, NodeRef::Operator(_)))
        .count();
    let small = small_operators(&g);
    if ops > GROUP_ABOVE {
        assert_eq!(small.len(), ops - KEEP_OPERATORS);
        let value = |r: &NodeRef| g.node_weights().find(|n| n.node == *r).unwrap().value_wei;
        let kept_min = g
            .node_weights()
            .filter(|n| matches!(n.node, NodeRef::Operator(_)) && !small.contains(&n.node))
            .map(|n| n.value_wei)
            .min()
            .unwrap();
        assert!(small.iter().all(|r| value(r) <= kept_min));
    } else {
        assert!(small.is_empty());
    }
}
