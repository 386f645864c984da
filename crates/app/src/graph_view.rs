//! The restaking network as an SVG: AVSs on the left, then operators, restaked ETH, markets and
//! the agents that hold positions, with losses flowing left to right along the edges.
//!
//! The layout is a fixed layering by [`NodeInfo::column`]: positions depend only on the graph's
//! structure (which nodes, in which column, in graph order), never on values, so nothing moves
//! while the run plays. Sizes, colours, symbols and edge widths follow the values every frame.
//!
//! Each AVS also shows its cost of corruption against its profit from corruption
//! ([`crate::avs_gauge`]).
//!
//! Dashed red edges move only while the run plays: the `playing` class on the SVG switches the
//! CSS animation on, so a paused page costs no main-thread time.

use leptos::prelude::*;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use restake_engine::sim::AvsSecurity;
use restake_engine::{EdgeInfo, Network, NodeInfo, NodeState};

use crate::avs_gauge::{avs_lines, Gauge, SecurityBars, SecurityKey};
use crate::state::AppState;

/// SVG user-space size; the element scales to its box.
pub const WIDTH: f64 = 940.0;
pub const HEIGHT: f64 = 680.0;
/// Space above the first node (for the column headings) and below the last (for labels).
const TOP: f64 = 56.0;
const BOTTOM: f64 = 24.0;
/// Column centres, left to right (0 = AVSs ... 4 = agents). The AVS column sits a little right
/// of the edge to leave room for the security bars.
pub(crate) const COLUMN_X: [f64; 5] = [104.0, 270.0, 500.0, 675.0, 845.0];
/// Largest AVS radius: the bars end this far left of the column centre, whatever the radius.
pub(crate) const AVS_R_MAX: f64 = 24.0;
const COLUMN_TITLES: [&str; 5] = ["AVSs", "Operators", "Restaked ETH", "Markets", "Agents"];

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
            NodePos {
                index: i.index(),
                column: col as u8,
                x: COLUMN_X[col],
                y: TOP + band * (k as f64 + 0.5),
            }
        })
        .collect();
    let edges = g
        .edge_references()
        .map(|e| {
            let (a, b) = (&nodes[e.source().index()], &nodes[e.target().index()]);
            let bend = (b.x - a.x) / 2.0;
            EdgePos {
                index: e.id().index(),
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

/// Radius of a node: the square root of its value, scaled within its column to a range that
/// stays readable (operators are many, so smaller).
pub fn radius(g: &Network, node: NodeIndex) -> f64 {
    let info = &g[node];
    let (lo, hi) = if info.column == 1 {
        (9.0, 16.0)
    } else if info.column == 0 {
        // AVSs carry two or three lines of text (status, security) in their band.
        (12.0, AVS_R_MAX)
    } else {
        (13.0, 30.0)
    };
    let max = g
        .node_weights()
        .filter(|n| n.column == info.column)
        .map(|n| n.value_wei)
        .max()
        .unwrap_or(0);
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
    pub state: NodeState,
    pub label: String,
    pub kind: String,
    pub status: String,
    /// Radius, SVG units, one decimal.
    pub r: f64,
    /// The AVS number when the node is an oracle AVS (a click disturbs it).
    pub oracle_avs: Option<usize>,
    /// Cost versus profit of corruption, on AVS nodes.
    pub security: Option<Gauge>,
}

/// What one edge shows.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeView {
    pub stressed: bool,
    /// Stroke width, SVG units, two decimals.
    pub width: f64,
}

/// The views of every node, in graph order; `security` is [`restake_engine::Sim::avs_security`]
/// (in AVS order).
pub fn node_views(g: &Network, security: &[AvsSecurity]) -> Vec<NodeView> {
    g.node_indices()
        .map(|i| {
            let n = &g[i];
            let oracle_avs = match n.node {
                restake_engine::NodeRef::Avs(a) if n.kind == "oracle AVS" => Some(a as usize),
                _ => None,
            };
            let security = match n.node {
                restake_engine::NodeRef::Avs(a) => security.get(a as usize).map(Gauge::of),
                _ => None,
            };
            NodeView {
                state: n.state,
                label: n.label.clone(),
                kind: n.kind.clone(),
                status: n.status.clone(),
                r: (radius(g, i) * 10.0).round() / 10.0,
                oracle_avs,
                security,
            }
        })
        .collect()
}

/// The views of every edge, in graph order.
pub fn edge_views(g: &Network) -> Vec<EdgeView> {
    g.edge_weights()
        .map(|e| EdgeView {
            stressed: e.stressed,
            width: (edge_width(e) * 100.0).round() / 100.0,
        })
        .collect()
}

/// Sets each signal whose view changed; unchanged nodes do not re-render.
fn update<T: PartialEq + Send + Sync + 'static>(signals: &[RwSignal<T>], views: Vec<T>) {
    for (s, v) in signals.iter().zip(views) {
        if s.with_untracked(|old| *old != v) {
            s.set(v);
        }
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
            class=move || if state.playing.get() { "graph playing" } else { "graph" }
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
            <SecurityKey/>
            {move || {
                let l = layout.get();
                // One signal per node and per edge, fed by a single effect on the network: the
                // network has one subscriber instead of hundreds, and a node re-renders only
                // when what it shows changed. Created here, they are dropped with this layout.
                let security = state.avs_security.get_untracked();
                let (nodes, edges) = state.network.with_untracked(|g| {
                    (
                        node_views(g, &security).into_iter().map(RwSignal::new).collect::<Vec<_>>(),
                        edge_views(g).into_iter().map(RwSignal::new).collect::<Vec<_>>(),
                    )
                });
                let (n2, e2) = (nodes.clone(), edges.clone());
                Effect::new(move |_| {
                    let (nv, ev) = state.avs_security.with(|sec| {
                        state.network.with(|g| (node_views(g, sec), edge_views(g)))
                    });
                    update(&n2, nv);
                    update(&e2, ev);
                });
                view! {
                    <g class="edges">
                        {l.edges.into_iter().zip(edges).map(|(pos, view)| view! { <Edge pos view /> }).collect_view()}
                    </g>
                    <g class="nodes">
                        {l.nodes.into_iter().zip(nodes).map(|(pos, view)| view! { <Node pos view /> }).collect_view()}
                    </g>
                }
            }}
        </svg>
    }
}

#[component]
fn Edge(pos: EdgePos, view: RwSignal<EdgeView>) -> impl IntoView {
    view! {
        <path
            d=pos.path
            class=move || if view.with(|e| e.stressed) { "edge stressed" } else { "edge" }
            stroke-width=move || view.with(|e| e.width)
        />
    }
}

#[component]
fn Node(pos: NodePos, view: RwSignal<NodeView>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let on_click = move |_| {
        if let Some(a) = view.with_untracked(|n| n.oracle_avs) {
            state.fault_on_avs(a);
        }
    };
    let r = move || view.with(|n| n.r);
    // Operators are many and close together: their labels go to the right. Elsewhere the label
    // and a status line go below the node.
    let side_label = pos.column == 1;
    let (x, y) = (pos.x, pos.y);
    let label_x = move || if side_label { x + r() + 6.0 } else { x };
    let label_y = move || if side_label { y + 5.0 } else { y + r() + 17.0 };

    view! {
        <g
            class=move || view.with(|n| format!("node state-{}{}", state_slug(n.state), if n.oracle_avs.is_some() { " clickable" } else { "" }))
            data-node-state=move || view.with(|n| state_slug(n.state))
            data-node-kind=move || view.with(|n| n.kind.clone())
            data-node-label=move || view.with(|n| n.label.clone())
            data-avs-secure=move || view.with(|n| n.security.as_ref().map(|g| g.secure.to_string()))
            on:click=on_click
        >
            <title>{move || view.with(|n| {
                let hint = if n.oracle_avs.is_some() { "\nClick to inject a 15% outlier." } else { "" };
                let security = n.security.as_ref().map(|g| format!("\n{}", g.detail())).unwrap_or_default();
                format!("{} ({})\nStatus: {}\n{}{security}{hint}", n.label, n.kind, n.state.label(), n.status)
            })}</title>
            {(pos.column == 0 && view.with_untracked(|n| n.security.is_some())).then(|| view! { <SecurityBars x y view /> })}
            <circle cx=x cy=y r=r />
            <text class="symbol" x=x y=y dy="0.36em" text-anchor="middle" font-size=move || format!("{:.0}", (r() * 1.1).clamp(12.0, 24.0))>
                {move || view.with(|n| n.state.symbol())}
            </text>
            <text class="label" x=label_x y=label_y text-anchor=if side_label { "start" } else { "middle" }>
                {move || view.with(|n| n.label.clone())}
            </text>
            {(!side_label).then(|| view! {
                <text class="status" x=x y=move || label_y() + 17.0 text-anchor="middle">
                    {move || {
                        view.with(|n| match &n.security {
                            Some(g) => avs_lines(&n.status, g),
                            None => status_lines(&n.status, pos.column).into_iter().map(|l| (l, false)).collect(),
                        })
                            .into_iter()
                            .enumerate()
                            .map(|(i, (line, gauge))| view! {
                                <tspan x=x dy=if i == 0 { "0" } else { "1.15em" } class=if gauge { "gauge-text" } else { "" }>{line}</tspan>
                            })
                            .collect_view()
                    }}
                </text>
            })}
        </g>
    }
}

/// The legend under the graph: state colours and symbols, and what sizes and lines mean.
#[component]
pub fn GraphLegend() -> impl IntoView {
    let states = [
        NodeState::Healthy,
        NodeState::AtRisk,
        NodeState::Slashed,
        NodeState::Failed,
    ];
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
            <li class="legend-note">"circle area ~ stake or value · line width ~ log exposure · click an oracle AVS to disturb it · keys: Space play/pause, → step, F fault"</li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::Sim;

    #[test]
    fn layout_depends_only_on_structure() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        let before = layout(&sim.network());
        sim.run(50);
        assert_eq!(layout(&sim.network()), before);
        let g = sim.network();
        assert_eq!(before.nodes.len(), g.node_count());
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
}
