//! The graph as drawn: the engine's network with the small operators folded into one group
//! node (large networks stay readable), and each edge's recent loss flow attached.
//!
//! Plain data built by [`build`] from the network, the flows of
//! [`crate::data::node_history::NodeHistory::flows`] and the list of grouped operators. The node and
//! edge order follows the network's, with the group node standing where its first member was.

use petgraph::visit::EdgeRef;
use restake_engine::{EdgeInfo, Network, NodeInfo, NodeRef, NodeState};

use crate::data::format::grouped;

/// One drawn node: a network node, or a group of operators (`members` has more than one).
#[derive(Clone, Debug, PartialEq)]
pub struct VNode {
    pub info: NodeInfo,
    pub members: Vec<NodeRef>,
}

impl VNode {
    pub fn is_group(&self) -> bool {
        self.members.len() > 1
    }
}

/// One drawn edge between drawn nodes (indices into [`ViewGraph::nodes`]).
#[derive(Clone, Debug, PartialEq)]
pub struct VEdge {
    pub source: usize,
    pub target: usize,
    pub info: EdgeInfo,
    /// Exposure moved along the edge in the last blocks, ETH.
    pub flow_eth: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewGraph {
    pub nodes: Vec<VNode>,
    pub edges: Vec<VEdge>,
}

/// Kind of the group node, as `data-node-kind`.
pub const GROUP_KIND: &str = "operator group";

/// Builds the drawn graph: the operators in `group` become one node (when there are at least
/// two of them), parallel edges into or out of it merge (exposures and flows add up, stressed
/// if any is).
pub fn build(g: &Network, flows: &[f64], group: &[NodeRef]) -> ViewGraph {
    let fold = group.len() > 1;
    let mut nodes: Vec<VNode> = Vec::new();
    let mut slot = vec![0usize; g.node_count()];
    let mut group_slot: Option<usize> = None;
    for (i, n) in g.node_weights().enumerate() {
        if fold && group.contains(&n.node) {
            match group_slot {
                Some(k) => {
                    let v = &mut nodes[k];
                    v.info.value_wei += n.value_wei;
                    v.info.state = v.info.state.max(n.state);
                    v.members.push(n.node);
                    slot[i] = k;
                }
                None => {
                    nodes.push(VNode {
                        info: n.clone(),
                        members: vec![n.node],
                    });
                    group_slot = Some(nodes.len() - 1);
                    slot[i] = nodes.len() - 1;
                }
            }
        } else {
            nodes.push(VNode {
                info: n.clone(),
                members: vec![n.node],
            });
            slot[i] = nodes.len() - 1;
        }
    }
    if let Some(k) = group_slot {
        let slashed = g
            .node_weights()
            .filter(|n| group.contains(&n.node) && n.state == NodeState::Slashed)
            .count();
        let v = &mut nodes[k];
        v.info.label = format!("{} smaller operators", v.members.len());
        v.info.kind = GROUP_KIND.into();
        v.info.status = if slashed > 0 {
            format!("{slashed} slashed")
        } else {
            format!(
                "{} ETH delegated",
                grouped((v.info.value_wei / 10u128.pow(18)) as u64)
            )
        };
    }

    let mut edges: Vec<VEdge> = Vec::new();
    for e in g.edge_references() {
        let (s, t) = (slot[e.source().index()], slot[e.target().index()]);
        let flow = flows.get(e.id().index()).copied().unwrap_or(0.0);
        let w = e.weight();
        let merge_into = (nodes[s].is_group() || nodes[t].is_group())
            .then(|| {
                edges
                    .iter()
                    .position(|x| x.source == s && x.target == t && x.info.kind == w.kind)
            })
            .flatten();
        match merge_into {
            Some(k) => {
                let x = &mut edges[k];
                x.info.exposure_wei += w.exposure_wei;
                x.info.stressed |= w.stressed;
                x.flow_eth += flow;
            }
            None => edges.push(VEdge {
                source: s,
                target: t,
                info: w.clone(),
                flow_eth: flow,
            }),
        }
    }
    ViewGraph { nodes, edges }
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::Sim;

    #[test]
    fn grouping_folds_operators_and_keeps_totals() {
        let sim = Sim::preset("oracle-cascade", 42).expect("preset");
        let g = sim.network();
        let ops: Vec<NodeRef> = g
            .node_weights()
            .filter(|n| matches!(n.node, NodeRef::Operator(_)))
            .map(|n| n.node)
            .collect();
        let flows = vec![1.0; g.edge_count()];
        let plain = build(&g, &flows, &[]);
        assert_eq!(plain.nodes.len(), g.node_count());
        assert_eq!(plain.edges.len(), g.edge_count());

        let group = &ops[ops.len() - 4..];
        let v = build(&g, &flows, group);
        assert_eq!(v.nodes.len(), g.node_count() - 3);
        let node = v.nodes.iter().find(|n| n.is_group()).expect("group node");
        assert_eq!(node.info.label, "4 smaller operators");
        assert_eq!(node.info.kind, GROUP_KIND);
        let sum: u128 = g
            .node_weights()
            .filter(|n| group.contains(&n.node))
            .map(|n| n.value_wei)
            .sum();
        assert_eq!(node.info.value_wei, sum);
        let total = |e: &[VEdge]| e.iter().map(|x| x.info.exposure_wei).sum::<u128>();
        assert_eq!(total(&v.edges), total(&plain.edges));
        let flow = |e: &[VEdge]| e.iter().map(|x| x.flow_eth).sum::<f64>();
        assert_eq!(flow(&v.edges), flow(&plain.edges));
        assert!(v.edges.len() < plain.edges.len());
        // One operator alone is not a group.
        assert_eq!(build(&g, &flows, &ops[..1]).nodes.len(), g.node_count());
    }
}
