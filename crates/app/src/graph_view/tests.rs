use restake_engine::{EdgeInfo, NodeRef};

use super::model::{self, ViewGraph};
use super::*;
use restake_engine::{EdgeKind, Sim};

#[test]
fn flows_widen_and_speed_up_edges() {
    let e = EdgeInfo {
        kind: EdgeKind::Secures,
        exposure_wei: 10_000 * 10u128.pow(18),
        stressed: false,
    };
    assert!(!is_flowing(&e, 0.5));
    assert!(!is_flowing(&e, 15.0), "below 0.2% of the exposure");
    assert!(is_flowing(&e, 25.0));
    assert_eq!(flow_width(&e, 0.0), edge_width(&e));
    assert!(flow_width(&e, 5_000.0) > flow_width(&e, 50.0));
    assert!(flow_width(&e, 1e12) <= edge_width(&e) + 7.0);
    assert!(flow_seconds(100_000.0) < flow_seconds(10.0));
}

fn drawn(sim: &Sim, small: &[NodeRef]) -> ViewGraph {
    let g = sim.network();
    model::build(&g, &vec![0.0; g.edge_count()], small)
}

#[test]
fn layout_depends_only_on_structure() {
    let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
    // The grouping is chosen once per scenario, at block 0.
    let small = crate::state::small_operators(&sim.network());
    let before = layout(&drawn(&sim, &small));
    sim.run(50);
    assert_eq!(layout(&drawn(&sim, &small)), before);
    // Through the cascade, nodes stay where they are (edges whose exposure is gone vanish).
    sim.inject(sim.default_oracle_fault().unwrap()).unwrap();
    sim.run(4_000);
    assert_eq!(layout(&drawn(&sim, &small)).nodes, before.nodes);
    assert!(before
        .nodes
        .iter()
        .all(|n| n.x > 0.0 && n.x < WIDTH && n.y > 0.0 && n.y < HEIGHT));
}

#[test]
fn long_statuses_fit_in_two_lines() {
    assert_eq!(
        status_lines("97,112 ETH restaked", 2),
        vec!["97,112 ETH restaked"]
    );
    assert_eq!(
        status_lines("NAV 0.9714, price 0.9547", 2),
        vec!["NAV 0.9714", "price 0.9547"]
    );
    assert_eq!(
        status_lines("2,239 ETH / 39,215 LRT", 3),
        vec!["2,239 ETH", "39,215 LRT"]
    );
    assert_eq!(
        status_lines("45,937 ETH free capital", 4),
        vec!["45,937 ETH", "free capital"]
    );
    assert_eq!(
        status_lines("secured by 472,866 ETH", 0),
        vec!["secured by 472,866 ETH"]
    );
    assert_eq!(
        status_lines("insecure: cost < profit of corruption", 0),
        vec!["insecure"]
    );
    assert!(status_lines(&"x".repeat(40), 3)[0].ends_with('…'));
}
