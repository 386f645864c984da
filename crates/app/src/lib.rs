//! # restake-app
//!
//! The browser app of restake-sim: a Leptos client-side app that runs the engine in WASM and
//! shows one oracle fault spreading through restaking. Built by trunk from the root `index.html`.
//!
//! * [`state`]: the one `Sim` and the signals the views read; every command the UI can give.
//! * [`run_loop`]: the `requestAnimationFrame` loop that plays the run.
//! * One module per view: [`controls`], [`fault_menu`], [`readouts`], [`security_readouts`],
//!   [`graph_view`] (with [`avs_gauge`] on its AVSs), [`chart`], [`event_log`].
//! * [`format`]: plain text formatting, tested natively.

pub mod avs_gauge;
pub mod chart;
pub mod controls;
pub mod event_log;
pub mod fault_menu;
pub mod format;
pub mod graph_view;
pub mod readouts;
pub mod run_loop;
pub mod security_readouts;
pub mod state;

use leptos::prelude::*;

use crate::chart::Chart;
use crate::controls::{Controls, FaultControl};
use crate::event_log::{CascadeProgress, EventLog};
use crate::fault_menu::FaultMenu;
use crate::graph_view::{GraphLegend, GraphView};
use crate::readouts::{Readouts, StateHash};
use crate::state::AppState;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    run_loop::start(state);
    keyboard_shortcuts(state);

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
            <main class="panels">
                <section class="panel panel-graph" aria-labelledby="graph-title">
                    <h2 id="graph-title">"Restaking network" <span class="hint">"losses travel left to right"</span></h2>
                    <div class="graph-box">
                        <GraphView/>
                    </div>
                    <GraphLegend/>
                </section>
                <div class="side">
                    <section class="panel panel-chart" aria-labelledby="chart-title">
                        <h2 id="chart-title">"LRT price vs NAV" <span class="hint">{move || format!("ETH per {}", state.lrt_symbol.get())}</span></h2>
                        <div class="chart-box">
                            <Chart/>
                        </div>
                    </section>
                    <section class="panel panel-log" aria-labelledby="log-title">
                        <h2 id="log-title">"What happened" <span class="hint">"newest first"</span></h2>
                        <EventLog/>
                    </section>
                </div>
            </main>
        </div>
    }
}

/// Space plays or pauses, the right arrow steps one block, F injects the oracle fault: a
/// teacher at a projector can drive the run without aiming the mouse. Keys typed into a field,
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
