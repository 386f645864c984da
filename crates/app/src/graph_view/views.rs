//! What each node and edge of the drawn graph shows: status lines, state, sizes and labels, as
//! plain data the components compare before re-rendering.

use restake_engine::sim::AvsSecurity;
use restake_engine::{NodeRef, NodeState};

use super::model::ViewGraph;
use super::{flow_seconds, flow_width, is_flowing, radius};
use crate::views::avs_gauge::Gauge;

/// A node's status as at most two short lines under its label. A long status breaks at its
/// first ", ", ": " or " / ", else at the space nearest its middle. AVSs sit close together, so
/// they keep one line, the part before a colon (the tooltip has the whole text).
pub fn status_lines(status: &str, column: u8) -> Vec<String> {
    let fits = if column == 0 { 24 } else { 20 };
    let clip = |s: &str, max: usize| {
        if s.chars().count() <= max {
            s.to_string()
        } else {
            format!(
                "{}…",
                s.chars().take(max - 1).collect::<String>().trim_end()
            )
        }
    };
    if status.chars().count() <= fits {
        return vec![status.to_string()];
    }
    if column == 0 {
        return vec![clip(status.split(':').next().unwrap_or(status), fits)];
    }
    let middle = status.len() / 2;
    let at_space = status
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(middle))
        .map(|i| (&status[..i], &status[i + 1..]));
    match [", ", ": ", " / "]
        .iter()
        .find_map(|sep| status.split_once(sep))
        .or(at_space)
    {
        Some((a, b)) => vec![clip(a, fits + 4), clip(b, fits + 4)],
        None => vec![clip(status, fits)],
    }
}

/// The value of `data-node-state` for a state.
pub fn state_slug(s: NodeState) -> &'static str {
    match s {
        NodeState::Healthy => "healthy",
        NodeState::AtRisk => "at-risk",
        NodeState::Slashed => "slashed",
        NodeState::Failed => "failed",
    }
}

/// What one node shows, rounded so that equal-looking frames compare equal.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub node: NodeRef,
    pub state: NodeState,
    pub label: String,
    pub kind: String,
    pub status: String,
    /// Radius, SVG units, one decimal.
    pub r: f64,
    /// A group of smaller operators (a click expands it).
    pub group: bool,
    /// Cost versus profit of corruption, on AVS nodes.
    pub security: Option<Gauge>,
}

/// What one edge shows.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeView {
    pub stressed: bool,
    pub flowing: bool,
    /// Stroke width, SVG units, two decimals.
    pub width: f64,
    /// Dash cycle, seconds, one decimal (flowing edges).
    pub seconds: f64,
    /// Exposure and recent flow, whole ETH, for the tooltip.
    pub exposure_eth: u64,
    pub flow_eth: u64,
}

/// The views of every node, in drawing order; `security` is [`restake_engine::Sim::avs_security`]
/// (in AVS order).
pub fn node_views(g: &ViewGraph, security: &[AvsSecurity]) -> Vec<NodeView> {
    g.nodes
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let n = &v.info;
            let security = match n.node {
                NodeRef::Avs(a) => security.get(a as usize).map(Gauge::of),
                _ => None,
            };
            NodeView {
                node: n.node,
                state: n.state,
                label: n.label.clone(),
                kind: n.kind.clone(),
                status: n.status.clone(),
                r: (radius(g, i) * 10.0).round() / 10.0,
                group: v.is_group(),
                security,
            }
        })
        .collect()
}

/// The views of every edge, in drawing order.
pub fn edge_views(g: &ViewGraph) -> Vec<EdgeView> {
    g.edges
        .iter()
        .map(|e| {
            let flowing = is_flowing(&e.info, e.flow_eth);
            EdgeView {
                stressed: e.info.stressed,
                flowing,
                width: (flow_width(&e.info, e.flow_eth) * 100.0).round() / 100.0,
                seconds: if flowing {
                    (flow_seconds(e.flow_eth) * 10.0).round() / 10.0
                } else {
                    0.0
                },
                exposure_eth: (e.info.exposure_wei / 10u128.pow(18)) as u64,
                flow_eth: e.flow_eth.round() as u64,
            }
        })
        .collect()
}
