//! The restaking network as an SVG: AVSs on the left, then operators, restaked ETH, markets and
//! the agents that hold positions, with losses flowing left to right along the edges.
//!
//! The layout is a fixed layering by [`NodeInfo::column`]: positions depend only on the graph's
//! structure (which nodes, in which column, in graph order), never on values, so nothing moves
//! while the run plays. Sizes, colours, symbols and edge widths follow the values every frame.

use leptos::prelude::*;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use restake_engine::{EdgeInfo, Network, NodeInfo, NodeState};

use crate::state::AppState;

/// SVG user-space size; the element scales to its box.
pub const WIDTH: f64 = 1000.0;
pub const HEIGHT: f64 = 640.0;
/// Space above the first node (for the column headings) and below the last (for labels).
const TOP: f64 = 56.0;
const BOTTOM: f64 = 24.0;
/// Column centres, left to right (0 = AVSs ... 4 = agents).
const COLUMN_X: [f64; 5] = [100.0, 330.0, 575.0, 770.0, 915.0];
const COLUMN_TITLES: [&str; 5] = ["AVSs", "Operators", "Restaked ETH", "Markets", "Holders & agents"];

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
/// only notifies when the structure changes (a new preset), not every frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub nodes: Vec<NodePos>,
    pub edges: Vec<EdgePos>,
}

/// Lays out `g`: each column's nodes are spread evenly from top to bottom in graph order.
pub fn layout(g: &Network) -> Layout {
    let column_of = |n: &NodeInfo| (n.column as usize).min(COLUMN_X.len() - 1);
    let mut counts = [0usize; 5];
    for n in g.node_weights() {
        counts[column_of(n)] += 1;
    }
    let mut seen = [0usize; 5];
    let nodes: Vec<NodePos> = g
        .node_indices()
        .map(|i| {
            let col = column_of(&g[i]);
            let k = seen[col];
            seen[col] += 1;
            let band = (HEIGHT - TOP - BOTTOM) / counts[col] as f64;
            NodePos { index: i.index(), column: col as u8, x: COLUMN_X[col], y: TOP + band * (k as f64 + 0.5) }
        })
        .collect();
    let edges = g
        .edge_references()
        .map(|e| {
            let (a, b) = (&nodes[e.source().index()], &nodes[e.target().index()]);
            let bend = (b.x - a.x) / 2.0;
            EdgePos {
                index: e.id().index(),
                path: format!("M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", a.x, a.y, a.x + bend, a.y, b.x - bend, b.y, b.x, b.y),
            }
        })
        .collect();
    Layout { nodes, edges }
}

/// Radius of a node: the square root of its value, scaled within its column to a range that
/// stays readable (operators are many, so smaller).
pub fn radius(g: &Network, node: NodeIndex) -> f64 {
    let info = &g[node];
    let (lo, hi) = if info.column == 1 { (10.0, 19.0) } else { (13.0, 30.0) };
    let max = g.node_weights().filter(|n| n.column == info.column).map(|n| n.value_wei).max().unwrap_or(0);
    if max == 0 {
        return lo;
    }
    lo + (hi - lo) * (info.value_wei as f64 / max as f64).sqrt()
}

/// Stroke width of an edge: grows with the log of its exposure in ETH.
pub fn edge_width(e: &EdgeInfo) -> f64 {
    let eth = e.exposure_wei as f64 / 1e18;
    (0.8 + 0.55 * (1.0 + eth).log10()).clamp(0.8, 4.5)
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

/// The network panel.
#[component]
pub fn GraphView() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A memo: the layout is recomputed every frame but compares equal, so the SVG's elements
    // are built once per structure and only their attributes follow the values.
    let layout = Memo::new(move |_| state.network.with(layout));

    view! {
        <svg
            class="graph"
            data-testid="graph"
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            preserveAspectRatio="xMidYMid meet"
            role="img"
            aria-label="Restaking network: AVSs, operators, the LRT, markets and holders"
        >
            {COLUMN_TITLES
                .iter()
                .zip(COLUMN_X)
                .map(|(t, x)| view! { <text class="column-title" x=x y="26" text-anchor="middle">{*t}</text> })
                .collect_view()}
            {move || {
                let l = layout.get();
                view! {
                    <g class="edges">
                        {l.edges.into_iter().map(|e| view! { <Edge pos=e /> }).collect_view()}
                    </g>
                    <g class="nodes">
                        {l.nodes.into_iter().map(|n| view! { <Node pos=n /> }).collect_view()}
                    </g>
                }
            }}
        </svg>
    }
}

#[component]
fn Edge(pos: EdgePos) -> impl IntoView {
    let state = expect_context::<AppState>();
    let idx = EdgeIndex::new(pos.index);
    // Reads one field of the current network; `None` only during a structure change.
    let info = move |f: fn(&EdgeInfo) -> String| state.network.with(|g| g.edge_weight(idx).map(f).unwrap_or_default());
    view! {
        <path
            d=pos.path
            class=move || info(|e| if e.stressed { "edge stressed".into() } else { "edge".into() })
            stroke-width=move || info(|e| format!("{:.2}", edge_width(e)))
        />
    }
}

#[component]
fn Node(pos: NodePos) -> impl IntoView {
    let state = expect_context::<AppState>();
    let idx = NodeIndex::new(pos.index);
    let info = move |f: &dyn Fn(&NodeInfo) -> String| state.network.with(|g| g.node_weight(idx).map(f).unwrap_or_default());
    let r = move || state.network.with(|g| if idx.index() < g.node_count() { radius(g, idx) } else { 10.0 });
    let is_oracle = move || info(&|n| n.kind.clone()) == "oracle AVS";
    let avs_number = move || state.network.with(|g| match g.node_weight(idx).map(|n| n.node) {
        Some(restake_engine::NodeRef::Avs(a)) => Some(a as usize),
        _ => None,
    });
    let on_click = move |_| {
        if is_oracle() {
            if let Some(a) = avs_number() {
                state.fault_on_avs(a);
            }
        }
    };
    // Operators are many and close together: their labels go to the right. Elsewhere the label
    // and a status line go below the node.
    let side_label = pos.column == 1;
    let (x, y) = (pos.x, pos.y);
    let label_x = move || if side_label { x + r() + 6.0 } else { x };
    let label_y = move || if side_label { y + 5.0 } else { y + r() + 17.0 };

    view! {
        <g
            class=move || format!("node state-{}{}", info(&|n| state_slug(n.state).into()), if is_oracle() { " clickable" } else { "" })
            data-node-state=move || info(&|n| state_slug(n.state).into())
            data-node-kind=move || info(&|n| n.kind.clone())
            data-node-label=move || info(&|n| n.label.clone())
            on:click=on_click
        >
            <title>{move || info(&|n| {
                let hint = if n.kind == "oracle AVS" { "\nClick to inject a 15% outlier." } else { "" };
                format!("{} ({})\nStatus: {}\n{}{hint}", n.label, n.kind, n.state.label(), n.status)
            })}</title>
            <circle cx=x cy=y r=move || format!("{:.1}", r()) />
            <text class="symbol" x=x y=y dy="0.36em" text-anchor="middle" font-size=move || format!("{:.0}", (r() * 1.1).clamp(12.0, 24.0))>
                {move || info(&|n| n.state.symbol().into())}
            </text>
            <text class="label" x=label_x y=label_y text-anchor=if side_label { "start" } else { "middle" }>
                {move || info(&|n| n.label.clone())}
            </text>
            {(!side_label).then(|| view! {
                <text class="status" x=x y=move || label_y() + 17.0 text-anchor="middle">
                    {move || info(&|n| n.status.clone())}
                </text>
            })}
        </g>
    }
}

/// The legend under the graph: state colours and symbols, and what sizes and lines mean.
#[component]
pub fn GraphLegend() -> impl IntoView {
    let states = [NodeState::Healthy, NodeState::AtRisk, NodeState::Slashed, NodeState::Failed];
    view! {
        <ul class="legend" aria-label="Legend">
            {states
                .into_iter()
                .map(|s| view! {
                    <li class=format!("legend-state state-{}", state_slug(s))>
                        <span class="swatch" aria-hidden="true">{s.symbol()}</span>
                        {s.label()}
                    </li>
                })
                .collect_view()}
            <li><span class="line-sample stressed" aria-hidden="true"></span>"loss flowing now"</li>
            <li class="legend-note">"circle area ~ stake or value · line width ~ log exposure · click an oracle AVS to disturb it"</li>
        </ul>
    }
}
