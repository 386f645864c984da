//! # restake-app
//!
//! The browser app of restake-sim: a Leptos client-side app that runs the engine in WASM and
//! shows one oracle fault spreading through restaking. Built by trunk from the root `index.html`.
//!
//! * [`state`]: the one `Sim` and the signals the views read; every command the UI can give.
//! * [`run_loop`]: the `requestAnimationFrame` loop that plays the run.
//! * One module per view: [`controls`], [`fault_menu`], [`readouts`], [`security_readouts`],
//!   [`graph_view`] (with [`avs_gauge`] on its AVSs and [`zoom`] around it), [`inspector`],
//!   [`chart`], [`event_log`], [`timeline`], [`compare`]; [`mini_chart`] draws the small charts.
//! * Plain data and functions, tested natively: [`format`], [`view_graph`] (grouping and
//!   flows), [`node_history`], [`aim`] (aimed faults and mitigations).

pub mod aim;
pub mod avs_gauge;
pub mod chart;
pub mod compare;
pub mod controls;
pub mod event_log;
pub mod fault_menu;
pub mod format;
pub mod graph_view;
pub mod inspector;
pub mod mini_chart;
pub mod node_history;
pub mod readouts;
pub mod run_loop;
pub mod security_readouts;
pub mod state;
pub mod timeline;
pub mod view_graph;
pub mod zoom;

use leptos::prelude::*;

use crate::chart::Chart;
use crate::compare::{Compare, CompareState};
use crate::controls::{Controls, FaultControl};
use crate::event_log::CascadeProgress;
use crate::fault_menu::FaultMenu;
use crate::graph_view::{GraphLegend, GraphToolbar, GraphView};
use crate::inspector::Inspector;
use crate::readouts::{Readouts, StateHash};
use crate::state::AppState;
use crate::timeline::LogPanel;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    run_loop::start(state);
    keyboard_shortcuts(state);
    provide_context(zoom::ZoomState::new());
    let compare = CompareState::new();
    provide_context(compare);
    compare::start_loop(compare, state);
    let open_compare = move |_| {
        state.pause();
        compare.open.set(true);
        compare.rebuild(&state);
    };

    view! {
        <div class="app">
            <header class="masthead">
                <div class="titles">
                    <h1>"restake-sim"</h1>
                    <p class="subtitle">"How one oracle fault spreads through restaking"</p>
                    <StateHash/>
                </div>
                <div class="fault-area">
                    <FaultControl/>
                    <FaultMenu/>
                </div>
            </header>
            <Banners/>
            <Controls/>
            <Readouts/>
            <CascadeProgress/>
            <Show when=move || compare.open.get()>
                <Compare/>
            </Show>
            <main class=move || if compare.open.get() { "panels hidden" } else { "panels" }>
                <section class="panel panel-graph" aria-labelledby="graph-title">
                    <div class="panel-title">
                        <h2 id="graph-title" title="Losses travel left to right">"Restaking network"</h2>
                        <GraphToolbar/>
                        <button class="btn btn-small" data-testid="compare-open" title="Play two runs side by side that differ in one lever" on:click=open_compare>"⇄ Compare"</button>
                    </div>
                    <div class="graph-box">
                        <GraphView/>
                    </div>
                    <GraphLegend/>
                </section>
                <div class="side">
                    <Inspector/>
                    <section class="panel panel-chart" aria-labelledby="chart-title">
                        <h2 id="chart-title">"LRT price vs NAV" <span class="hint">{move || format!("ETH per {}", state.lrt_symbol.get())}</span></h2>
                        <div class="chart-box">
                            <Chart/>
                        </div>
                    </section>
                    <LogPanel/>
                </div>
            </main>
        </div>
    }
}

/// Space plays or pauses, the right arrow steps one block, F injects the oracle fault, Escape
/// closes the inspector: a teacher at a projector can drive the run without aiming the mouse.
/// Keys typed into a field,
/// or pressed on a focused button (which has its own Space), are left alone.
fn keyboard_shortcuts(state: AppState) {
    use wasm_bindgen::JsCast;
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let tag = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|e| e.tag_name())
            .unwrap_or_default();
        if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON") {
            return;
        }
        match ev.key().as_str() {
            " " => state.toggle_play(),
            "ArrowRight" => state.step_once(),
            "f" | "F" => state.fault_default(),
            "Escape" => state.select(None),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
}

/// The error banner (bad input, refused command) and the notice line; each can be dismissed.
#[component]
fn Banners() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        {move || state.error.get().map(|msg| view! {
            <div class="banner banner-error" role="alert" data-testid="error">
                <span>{msg}</span>
                <button class="banner-close" aria-label="Dismiss" on:click=move |_| state.error.set(None)>"×"</button>
            </div>
        })}
        {move || state.notice.get().map(|msg| view! {
            <div class="banner banner-notice" role="status" data-testid="notice">
                <span>{msg}</span>
                <button class="banner-close" aria-label="Dismiss" on:click=move |_| state.notice.set(None)>"×"</button>
            </div>
        })}
    }
}
