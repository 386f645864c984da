//! Where each node sits (a fixed layering by column, from structure only) and how large nodes
//! and edges are drawn (from values).

use restake_engine::{EdgeInfo, NodeInfo};

use super::model::ViewGraph;

/// SVG user-space size; the element scales to its box.
pub const WIDTH: f64 = 940.0;

pub const HEIGHT: f64 = 680.0;

/// Space above the first node (for the column headings) and below the last (for labels).
pub(super) const TOP: f64 = 56.0;

pub(super) const BOTTOM: f64 = 24.0;

/// Column centres, left to right (0 = AVSs ... 4 = agents). The AVS column sits a little right
/// of the edge to leave room for the security bars.
pub(crate) const COLUMN_X: [f64; 5] = [104.0, 270.0, 500.0, 675.0, 845.0];

/// Largest AVS radius: the bars end this far left of the column centre, whatever the radius.
pub(crate) const AVS_R_MAX: f64 = 24.0;

pub(super) const COLUMN_TITLES: [&str; 5] =
    ["AVSs", "Operators", "Restaked ETH", "Markets", "Agents"];

/// Where a node sits. Derived from structure only.
#[derive(Clone, Debug, PartialEq)]
pub struct NodePos {
    pub index: usize,
    pub column: u8,
    pub x: f64,
    pub y: f64,
}

/// An edge between two laid-out nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgePos {
    pub index: usize,
    /// SVG path data of the curve.
    pub path: String,
}

/// The positions of every node and the shape of every edge. Compared by value, so a memo of it
/// only notifies when the structure changes (a new preset, grouping switched), not every frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub nodes: Vec<NodePos>,
    pub edges: Vec<EdgePos>,
}

pub(super) fn column_of(n: &NodeInfo) -> usize {
    (n.column as usize).min(COLUMN_X.len() - 1)
}

/// Lays out `g`: each column's nodes are spread evenly from top to bottom in graph order.
pub fn layout(g: &ViewGraph) -> Layout {
    let mut counts = [0usize; 5];
    for n in &g.nodes {
        counts[column_of(&n.info)] += 1;
    }
    let mut seen = [0usize; 5];
    let nodes: Vec<NodePos> = g
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let col = column_of(&n.info);
            let k = seen[col];
            seen[col] += 1;
            let band = (HEIGHT - TOP - BOTTOM) / counts[col] as f64;
            NodePos {
                index: i,
                column: col as u8,
                x: COLUMN_X[col],
                y: TOP + band * (k as f64 + 0.5),
            }
        })
        .collect();
    let edges = g
        .edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (a, b) = (&nodes[e.source], &nodes[e.target]);
            let bend = (b.x - a.x) / 2.0;
            EdgePos {
                index: i,
                path: format!(
                    "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                    a.x,
                    a.y,
                    a.x + bend,
                    a.y,
                    b.x - bend,
                    b.y,
                    b.x,
                    b.y
                ),
            }
        })
        .collect();
    Layout { nodes, edges }
}

/// Radius of node `i`: the square root of its value, scaled within its column to a range that
/// stays readable (operators are many, so smaller; a group of operators a little larger).
pub fn radius(g: &ViewGraph, i: usize) -> f64 {
    let info = &g.nodes[i].info;
    let (lo, hi) = if g.nodes[i].is_group() {
        (12.0, 19.0)
    } else if info.column == 1 {
        (9.0, 16.0)
    } else if info.column == 0 {
        // AVSs carry two or three lines of text (status, security) in their band.
        (12.0, AVS_R_MAX)
    } else {
        (13.0, 30.0)
    };
    let max = g
        .nodes
        .iter()
        .filter(|n| n.info.column == info.column && !n.is_group())
        .map(|n| n.info.value_wei)
        .max()
        .unwrap_or(0);
    if max == 0 {
        return lo;
    }
    lo + (hi - lo) * (info.value_wei as f64 / max as f64).sqrt().min(1.0)
}

/// Stroke width of an edge at rest: grows with the log of its exposure in ETH.
pub fn edge_width(e: &EdgeInfo) -> f64 {
    let eth = e.exposure_wei as f64 / 1e18;
    (0.8 + 0.55 * (1.0 + eth).log10()).clamp(0.8, 4.5)
}

/// Least flow drawn as moving: 1 ETH, and 0.2% of the edge's exposure (staking rewards and
/// arbitrage noise stay still).
pub fn is_flowing(e: &EdgeInfo, flow_eth: f64) -> bool {
    flow_eth >= 1.0 && flow_eth >= 0.002 * e.exposure_wei as f64 / 1e18
}

/// Stroke width of an edge carrying `flow_eth` of recent losses or sales: the width at rest,
/// plus up to 7 units growing with the log of the flow.
pub fn flow_width(e: &EdgeInfo, flow_eth: f64) -> f64 {
    let rest = edge_width(e);
    if !is_flowing(e, flow_eth) {
        return rest;
    }
    (rest + 1.4 * flow_eth.log10().max(0.0)).min(rest + 7.0)
}

/// Seconds per dash cycle of a flowing edge: faster for larger flows (1 ETH: 2.4 s; 100,000
/// ETH: 0.4 s).
pub fn flow_seconds(flow_eth: f64) -> f64 {
    (2.4 - 0.4 * flow_eth.max(1.0).log10()).clamp(0.4, 2.4)
}
