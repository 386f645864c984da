//! One node and one edge of the SVG: shapes, labels and the flow animation, with the node's
//! click, tap and key handlers.

use leptos::prelude::*;

use super::keyboard::{arrow_step, focus_neighbour};
use super::{state_slug, status_lines, EdgePos, EdgeView, NodePos, NodeView};
use crate::state::AppState;
use crate::views::avs_gauge::{avs_lines, SecurityBars};

#[component]
pub(super) fn Edge(pos: EdgePos, view: RwSignal<EdgeView>) -> impl IntoView {
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
                crate::data::format::grouped(e.exposure_eth),
                if e.flowing { format!("; {} ETH moved in the last {} blocks", crate::data::format::grouped(e.flow_eth), crate::data::node_history::SAMPLE_EVERY as usize * crate::data::node_history::FLOW_WINDOW) } else { String::new() }
            ))}</title>
        </path>
    }
}

/// The node's tooltip: label, kind, status, an AVS's security and what a click does.
fn node_title(n: &NodeView) -> String {
    let hint = if n.group {
        "\nClick to show each operator."
    } else {
        "\nClick to inspect, aim a fault or pull a mitigation."
    };
    let security = n
        .security
        .as_ref()
        .map(|g| format!("\n{}", g.detail()))
        .unwrap_or_default();
    format!(
        "{} ({})\nStatus: {}\n{}{security}{hint}",
        n.label,
        n.kind,
        n.state.label(),
        n.status
    )
}

/// Enter activates the focused node; inside the graph the arrows move between nodes (not the
/// run's step key).
fn node_keydown(ev: leptos::ev::KeyboardEvent, activate: impl Fn()) {
    let key = ev.key();
    if key == "Enter" {
        ev.prevent_default();
        activate();
    } else if let Some(step) = arrow_step(&key) {
        ev.prevent_default();
        ev.stop_propagation();
        focus_neighbour(&ev, step);
    }
}

/// The node's circle (a group: a stack of three) and its state symbol, centred at `x`, `y`.
#[component]
fn NodeShape(x: f64, y: f64, view: RwSignal<NodeView>) -> impl IntoView {
    let r = move || view.with(|n| n.r);
    view! {
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
    }
}

/// The node's label and, below nodes not in the operators' column, its status lines.
#[component]
fn NodeLabels(pos: NodePos, view: RwSignal<NodeView>) -> impl IntoView {
    let r = move || view.with(|n| n.r);
    // Operators are many and close together: their labels go to the right. Elsewhere the label
    // and a status line go below the node.
    let side_label = pos.column == 1;
    let (x, y) = (pos.x, pos.y);
    let label_x = move || if side_label { x + r() + 6.0 } else { x };
    let label_y = move || if side_label { y + 5.0 } else { y + r() + 17.0 };
    view! {
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
    }
}

#[component]
pub(super) fn Node(pos: NodePos, view: RwSignal<NodeView>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let zoom = expect_context::<super::zoom::ZoomState>();
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
    let selected = move || {
        state
            .view
            .selected
            .with(|s| *s == Some(view.with(|n| n.node)))
    };
    let (x, y) = (pos.x, pos.y);
    let gauge = pos.column == 0 && view.with_untracked(|n| n.security.is_some());
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
            on:keydown=move |ev: leptos::ev::KeyboardEvent| node_keydown(ev, activate)
        >
            <title>{move || view.with(node_title)}</title>
            {gauge.then(|| view! { <SecurityBars x y view /> })}
            <NodeShape x y view/>
            <NodeLabels pos=pos.clone() view/>
        </g>
    }
}
