//! The restaking network as an SVG: AVSs on the left, then operators, restaked ETH, markets and
//! the agents that hold positions, with losses flowing left to right along the edges.
//!
//! The layout is a fixed layering by [`NodeInfo::column`](restake_engine::NodeInfo::column):
//! positions depend only on the graph's structure (which nodes, in which column, in graph
//! order), never on values, so nothing moves while the run plays. Sizes, colours, symbols and
//! edge widths follow the values every frame.
//!
//! Each AVS also shows its cost of corruption against its profit from corruption
//! ([`crate::views::avs_gauge`]).
//!
//! Dashed red edges move only while the run plays: the `playing` class on the SVG switches the
//! CSS animation on, so a paused page costs no main-thread time.
//!
//! This file holds the components (toolbar, graph, legend); `layout` places nodes and sizes
//! them from structure and values, `views` turns the network into what each node and edge
//! shows (plain data, tested natively), `elements` draws one node or edge, and `keyboard`
//! moves the focus between nodes with the arrow keys.

mod elements;
mod keyboard;
mod layout;
pub mod model;
#[cfg(test)]
mod tests;
mod views;
pub mod zoom;

use elements::{Edge, Node};
use layout::COLUMN_TITLES;
pub use layout::{
    edge_width, flow_seconds, flow_width, is_flowing, layout, radius, EdgePos, Layout, NodePos,
    HEIGHT, WIDTH,
};
pub(crate) use layout::{AVS_R_MAX, COLUMN_X};
pub use views::{edge_views, node_views, state_slug, status_lines, EdgeView, NodeView};

use leptos::prelude::*;
use restake_engine::NodeState;

use crate::state::AppState;
use crate::views::avs_gauge::SecurityKey;
use model::ViewGraph;
use zoom::{ZoomControls, ZoomLayer};

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
    state.view.grouped.with(|group| {
        state.published.flows.with(|flows| {
            state
                .published
                .network
                .with(|g| model::build(g, flows, group))
        })
    })
}

/// The zoom buttons and the grouping switch, for the graph panel's title bar.
#[component]
pub fn GraphToolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="graph-toolbar">
            <ZoomControls/>
            <Show when=move || state.view.groupable.with(|g| !g.is_empty())>
                <button
                    class="btn btn-small"
                    data-testid="graph-group-toggle"
                    title="Show every operator, or group the smaller ones into one node"
                    on:click=move |_| state.toggle_grouping()
                >
                    {move || if state.view.grouped.with(Vec::is_empty) { "Group small operators" } else { "Show all operators" }}
                </button>
            </Show>
        </div>
    }
}

/// The network panel's SVG with its zoom layer (needs a [`zoom::ZoomState`] in context).
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
                let security = state.published.avs_security.get_untracked();
                let vg = untrack(|| view_graph(&state));
                let nodes = node_views(&vg, &security).into_iter().map(RwSignal::new).collect::<Vec<_>>();
                let edges = edge_views(&vg).into_iter().map(RwSignal::new).collect::<Vec<_>>();
                let (n2, e2) = (nodes.clone(), edges.clone());
                Effect::new(move |_| {
                    let vg = view_graph(&state);
                    let nv = state.published.avs_security.with(|sec| node_views(&vg, sec));
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
