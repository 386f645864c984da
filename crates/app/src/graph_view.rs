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
use restake_engine::sim::AvsSecurity;
use restake_engine::{EdgeInfo, NodeInfo, NodeRef, NodeState};

use crate::avs_gauge::{avs_lines, Gauge, SecurityBars, SecurityKey};
use crate::state::AppState;
use crate::view_graph::{self, ViewGraph};
use crate::zoom::{ZoomControls, ZoomLayer};

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
/// only notifies when the structure changes (a new preset, grouping switched), not every frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub nodes: Vec<NodePos>,
    pub edges: Vec<EdgePos>,
}

fn column_of(n: &NodeInfo) -> usize {
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

/// Sets each signal whose view changed; unchanged nodes do not re-render.
fn update<T: PartialEq + Send + Sync + 'static>(signals: &[RwSignal<T>], views: Vec<T>) {
    for (s, v) in signals.iter().zip(views) {
        if s.with_untracked(|old| *old != v) {
            s.set(v);
        }
    }
}

/// The drawn graph of the current state: the network, grouped and with flows.
fn view_graph(state: &AppState) -> ViewGraph {
    state.grouped.with(|group| {
        state
            .flows
            .with(|flows| state.network.with(|g| view_graph::build(g, flows, group)))
    })
}

/// The zoom buttons and the grouping switch, for the graph panel's title bar.
#[component]
pub fn GraphToolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="graph-toolbar">
            <ZoomControls/>
            <Show when=move || state.groupable.with(|g| !g.is_empty())>
                <button
                    class="btn btn-small"
                    data-testid="graph-group-toggle"
                    title="Show every operator, or group the smaller ones into one node"
                    on:click=move |_| state.toggle_grouping()
                >
                    {move || if state.grouped.with(Vec::is_empty) { "Group small operators" } else { "Show all operators" }}
                </button>
            </Show>
        </div>
    }
}

/// The network panel's SVG with its zoom layer (needs a [`crate::zoom::ZoomState`] in context).
#[component]
pub fn GraphView() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A memo: the layout is recomputed every frame but compares equal, so the SVG's elements
    // are built once per structure and only their attributes follow the values.
    let layout = Memo::new(move |_| layout(&view_graph(&state)));

    view! {
        <ZoomLayer>
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
                let vg = untrack(|| view_graph(&state));
                let nodes = node_views(&vg, &security).into_iter().map(RwSignal::new).collect::<Vec<_>>();
                let edges = edge_views(&vg).into_iter().map(RwSignal::new).collect::<Vec<_>>();
                let (n2, e2) = (nodes.clone(), edges.clone());
                Effect::new(move |_| {
                    let vg = view_graph(&state);
                    let nv = state.avs_security.with(|sec| node_views(&vg, sec));
                    update(&n2, nv);
                    update(&e2, edge_views(&vg));
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
        </ZoomLayer>
    }
}

#[component]
fn Edge(pos: EdgePos, view: RwSignal<EdgeView>) -> impl IntoView {
    view! {
        <path
            d=pos.path
            class=move || view.with(|e| match (e.stressed, e.flowing) {
                (_, true) => "edge flowing",
                (true, false) => "edge stressed",
                _ => "edge",
            })
            data-flow-eth=move || view.with(|e| e.flow_eth.to_string())
            stroke-width=move || view.with(|e| e.width)
            style=move || view.with(|e| if e.flowing { format!("animation-duration: {:.1}s", e.seconds) } else { String::new() })
        >
            <title>{move || view.with(|e| format!(
                "exposure {} ETH{}",
                crate::format::grouped(e.exposure_eth),
                if e.flowing { format!("; {} ETH moved in the last {} blocks", crate::format::grouped(e.flow_eth), crate::node_history::SAMPLE_EVERY as usize * crate::node_history::FLOW_WINDOW) } else { String::new() }
            ))}</title>
        </path>
    }
}

/// +1 for the arrows that move to the next node (right, down), -1 for the previous.
fn arrow_step(key: &str) -> Option<i32> {
    match key {
        "ArrowRight" | "ArrowDown" => Some(1),
        "ArrowLeft" | "ArrowUp" => Some(-1),
        _ => None,
    }
}

/// Moves the keyboard focus from the event's node to the next (`step` 1) or previous (-1)
/// node drawn beside it, wrapping around at the ends.
fn focus_neighbour(ev: &leptos::ev::KeyboardEvent, step: i32) {
    use wasm_bindgen::JsCast;
    let Some(current) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let is_node = |e: &web_sys::Element| {
        e.has_attribute("tabindex")
            && e.get_attribute("class")
                .is_some_and(|c| c.split_whitespace().any(|w| w == "node"))
    };
    let sibling = |e: &web_sys::Element| {
        if step > 0 {
            e.next_element_sibling()
        } else {
            e.previous_element_sibling()
        }
    };
    let mut next = sibling(&current);
    while let Some(e) = next.clone().filter(|e| !is_node(e)) {
        next = sibling(&e);
    }
    if next.is_none() {
        // Wrap: the first (or last) node among the siblings.
        let parent = current.parent_element();
        let mut e = parent.and_then(|p| {
            if step > 0 {
                p.first_element_child()
            } else {
                p.last_element_child()
            }
        });
        while let Some(x) = e.clone().filter(|x| !is_node(x)) {
            e = if step > 0 {
                x.next_element_sibling()
            } else {
                x.previous_element_sibling()
            };
        }
        next = e;
    }
    // SVG elements focus like HTML ones (`focus()` is on both).
    if let Some(el) = next {
        let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
    }
}

#[component]
fn Node(pos: NodePos, view: RwSignal<NodeView>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let zoom = expect_context::<crate::zoom::ZoomState>();
    // Shared by a click and the Enter key on the focused node.
    let activate = move || {
        if zoom.was_drag() {
            return;
        }
        let (node, group) = view.with_untracked(|n| (n.node, n.group));
        if group {
            state.toggle_grouping();
        } else {
            state.select(Some(node));
        }
    };
    let r = move || view.with(|n| n.r);
    // Operators are many and close together: their labels go to the right. Elsewhere the label
    // and a status line go below the node.
    let side_label = pos.column == 1;
    let (x, y) = (pos.x, pos.y);
    let label_x = move || if side_label { x + r() + 6.0 } else { x };
    let label_y = move || if side_label { y + 5.0 } else { y + r() + 17.0 };
    let selected = move || state.selected.with(|s| *s == Some(view.with(|n| n.node)));

    view! {
        <g
            class=move || view.with(|n| format!(
                "node clickable state-{}{}{}",
                state_slug(n.state),
                if n.group { " group" } else { "" },
                if selected() { " selected" } else { "" }
            ))
            data-node-state=move || view.with(|n| state_slug(n.state))
            data-node-kind=move || view.with(|n| n.kind.clone())
            data-node-label=move || view.with(|n| n.label.clone())
            data-avs-secure=move || view.with(|n| n.security.as_ref().map(|g| g.secure.to_string()))
            tabindex="0"
            role="button"
            aria-label=move || view.with(|n| format!("{} ({}): {}", n.label, n.kind, n.state.label()))
            on:click=move |_| activate()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                let key = ev.key();
                if key == "Enter" {
                    ev.prevent_default();
                    activate();
                } else if let Some(step) = arrow_step(&key) {
                    // Inside the graph the arrows move between nodes (not the run's step key).
                    ev.prevent_default();
                    ev.stop_propagation();
                    focus_neighbour(&ev, step);
                }
            }
        >
            <title>{move || view.with(|n| {
                let hint = if n.group { "\nClick to show each operator." } else { "\nClick to inspect, aim a fault or pull a mitigation." };
                let security = n.security.as_ref().map(|g| format!("\n{}", g.detail())).unwrap_or_default();
                format!("{} ({})\nStatus: {}\n{}{security}{hint}", n.label, n.kind, n.state.label(), n.status)
            })}</title>
            {(pos.column == 0 && view.with_untracked(|n| n.security.is_some())).then(|| view! { <SecurityBars x y view /> })}
            {move || if view.with(|n| n.group) {
                // A group is drawn as a stack of three circles: readable without colour.
                view! {
                    <g class="stack">
                        <circle cx=x + 6.0 cy=y - 6.0 r=r />
                        <circle cx=x + 3.0 cy=y - 3.0 r=r />
                        <circle cx=x cy=y r=r />
                    </g>
                }.into_any()
            } else {
                view! { <circle cx=x cy=y r=r /> }.into_any()
            }}
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
            <li><span class="line-sample stressed" aria-hidden="true"></span>"loss pending"</li>
            <li><span class="line-sample flowing" aria-hidden="true"></span>"moved in the last 128 blocks (wider, faster = more)"</li>
            <li><span class="stack-sample" aria-hidden="true">"◎"</span>"operator group"</li>
            <li class="legend-note">"circle area ~ stake or value · line width ~ log exposure · click a node to inspect it · wheel/drag to zoom and pan · keys: Space, →, F"</li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
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
        view_graph::build(&g, &vec![0.0; g.edge_count()], small)
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
}
