//! # restake-app
//!
//! The browser app of restake-sim: a Leptos client-side app that runs the engine in WASM and
//! shows one oracle fault spreading through restaking. Built by trunk from the root `index.html`.
//!
//! * [`state`]: the store split by concern ([`state::RunState`] the one `Sim`, playing and speed;
//!   [`state::ReplayState`] checkpoints and replays; [`state::Published`] the readouts the views
//!   read; [`state::StoryState`] the folded narration; [`state::ViewSettings`] layout, drawers
//!   and selection), each provided as its own context, and [`state::AppState`] holding them with
//!   every command the UI can give; [`state::lesson`] (a lesson chapter's run to the moment that
//!   answers it).
//! * [`run_loop`]: the `requestAnimationFrame` loop that plays the run.
//! * [`views`]: one module per panel or card (controls, readouts, inspector, charts, log,
//!   toolbar, library, editor, compare, playbook cards, lesson panel).
//! * [`graph_view`]: the network as an SVG, with [`graph_view::model`] (the graph as drawn:
//!   grouping and flows, plain data) and [`graph_view::zoom`].
//! * [`plot`]: the charts' drawing, on [`plot::canvas`] (the plotters backend, text measured
//!   without page layouts).
//! * [`data`]: plain data and functions, tested natively (formatting, chart data, node
//!   history, share links, Monte Carlo, the position form, playbook rows, story, pacing,
//!   lesson chapters).
//! * Browser glue: [`exports`] (CSV, JSON, PNG downloads), [`mc_runner`] (Monte Carlo in web
//!   workers, which run crate `restake-worker`'s own module), [`panic_panel`] (the panic hook's error panel).

pub mod data;
pub mod exports;
pub mod graph_view;
pub mod import_network;
pub mod mc_runner;
pub mod panic_panel;
pub mod plot;
pub mod run_loop;
pub mod state;
pub mod views;

use leptos::prelude::*;

use crate::graph_view::{GraphLegend, GraphToolbar, GraphView};
use crate::state::lesson::LessonState;
use crate::state::{AppState, RunState, ViewSettings, DEFAULT_PRESET, DEFAULT_SEED};
use crate::views::chart_tabs::ChartPanel;
use crate::views::compare::{Compare, CompareState};
use crate::views::controls::{Controls, FaultControl};
use crate::views::event_log::CascadeProgress;
use crate::views::fault_menu::FaultMenu;
use crate::views::inspector::Inspector;
use crate::views::lesson_view::LessonPanel;
use crate::views::playbook::Playbook;
use crate::views::readouts::{Readouts, StateHash};
use crate::views::shortcuts::ShortcutsHelp;
use crate::views::timeline::LogPanel;
use crate::views::toolbar::{DrawerPanel, ScenarioBar};

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    let ui = state.view;
    state.provide();
    let lesson = LessonState::new();
    provide_context(lesson);
    lesson.start_watch(state);
    run_loop::start(state);
    keyboard_shortcuts(state, ui);
    follow_location_hash(state, lesson);
    provide_context(graph_view::zoom::ZoomState::new());
    let compare = CompareState::new();
    provide_context(compare);
    views::compare::start_loop(compare, state);
    let monte_carlo = views::monte_carlo_view::McState::new();
    provide_context(monte_carlo);
    monte_carlo.run.start_loop(state);
    let position_mc = views::position_mc_view::PositionMcState::new();
    provide_context(position_mc);
    position_mc.run.start_loop(state);

    view! {
        <div class=move || {
            let mut class = String::from("app");
            if ui.presenter.get() { class.push_str(" presenter"); }
            if lesson.open.get() { class.push_str(" with-lesson"); }
            class
        }>
            <Show when=move || lesson.open.get()>
                <LessonPanel/>
            </Show>
            <Masthead/>
            <Banners/>
            <div class="bars">
                <Controls/>
                <ScenarioBar/>
            </div>
            <Readouts/>
            <CascadeProgress/>
            <Show when=move || compare.open.get()>
                <Compare/>
            </Show>
            <main class=move || if compare.open.get() { "panels hidden" } else { "panels" }>
                <Show when=move || ui.playbook.get()>
                    <Playbook/>
                </Show>
                <NetworkPanel/>
                <div class="side">
                    <Inspector/>
                    <ChartPanel/>
                    <LogPanel/>
                </div>
            </main>
            <DrawerPanel/>
            <ShortcutsHelp/>
        </div>
    }
}

/// The title, the state hash and the fault controls.
#[component]
fn Masthead() -> impl IntoView {
    view! {
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
    }
}

/// The network graph's panel (hidden, not removed, while the playbook shows): its toolbar,
/// the buttons to the playbook and compare mode, the graph and its legend.
#[component]
fn NetworkPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.view;
    let compare = expect_context::<CompareState>();
    let open_compare = move |_| {
        state.pause();
        compare.open.set(true);
        compare.rebuild(&state);
    };
    view! {
        <section class=move || if ui.playbook.get() { "panel panel-graph hidden" } else { "panel panel-graph" } aria-labelledby="graph-title">
            <div class="panel-title">
                <h2 id="graph-title" title="Losses travel left to right">"Restaking network"</h2>
                <GraphToolbar/>
                <button class="btn btn-small" data-testid="playbook-open" title="What the run does to your own position: losses, alerts, the mock exit, red flags" on:click=move |_| ui.playbook.set(true)>"⚑ My stack"</button>
                <button class="btn btn-small" data-testid="compare-open" title="Play two runs side by side that differ in one lever" on:click=open_compare>"⇄ Compare"</button>
            </div>
            <div class="graph-box">
                <GraphView/>
            </div>
            <GraphLegend/>
        </section>
    }
}

/// Loads the run a share link describes, now and whenever the hash changes (a link pasted
/// into an open tab). A link that cannot be read loads the default preset and says why;
/// `#panic-test` panics on purpose (the panic panel's end-to-end test); `#lesson=NAME` opens
/// that lesson chapter.
fn follow_location_hash(state: AppState, lesson: LessonState) {
    let apply = move || {
        let hash = window().location().hash().unwrap_or_default();
        let fragment = hash.trim_start_matches('#');
        if fragment == data::share::PANIC_TEST {
            panic!("deliberate panic requested by the #panic-test link (tests the panic panel)");
        }
        match data::lesson_data::from_fragment(fragment) {
            Some(Some(i)) => return lesson.open_chapter(i),
            Some(None) => {
                lesson.open_chapter(0);
                return state.run.error.set(Some(format!(
                    "No lesson chapter is called \"{}\"; the first chapter is open.",
                    fragment.trim_start_matches("lesson=")
                )));
            }
            None => {}
        }
        match data::share::decode(fragment) {
            Ok(None) => {}
            Ok(Some(link)) => state.start_replay(link),
            Err(reason) => {
                state.load(DEFAULT_PRESET, DEFAULT_SEED);
                state.run.error.set(Some(format!(
                    "This share link could not be read ({reason}). The default preset {DEFAULT_PRESET} is loaded instead."
                )));
            }
        }
    };
    apply();
    let handle = window_event_listener(leptos::ev::hashchange, move |_| apply());
    on_cleanup(move || handle.remove());
}

/// The keys of [`views::shortcuts::SHORTCUTS`] (space plays or pauses, the right arrow steps one block,
/// R resets, F injects the oracle fault, P toggles presenter mode, ? shows the help): a teacher
/// at a projector can drive the run without aiming the mouse. Keys typed into a field are left
/// alone (except Escape), and so is Space on a focused button (which presses the button).
fn keyboard_shortcuts(state: AppState, ui: ViewSettings) {
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
        let Some(action) = views::shortcuts::action_for(&ev.key()) else {
            return;
        };
        let typing = matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA");
        let button_space = tag == "BUTTON" && action == views::shortcuts::Action::PlayPause;
        if (typing && action != views::shortcuts::Action::Close) || button_space {
            return;
        }
        views::shortcuts::perform(action, state, ui);
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
}

/// The error banner (bad input, refused command) and the notice line; each can be dismissed.
#[component]
fn Banners() -> impl IntoView {
    let run = expect_context::<RunState>();
    view! {
        {move || run.error.get().map(|msg| view! {
            <div class="banner banner-error" role="alert" data-testid="error">
                <span>{msg}</span>
                <button class="banner-close" aria-label="Dismiss" on:click=move |_| run.error.set(None)>"×"</button>
            </div>
        })}
        {move || run.notice.get().map(|msg| view! {
            <div class="banner banner-notice" role="status" data-testid="notice">
                <span>{msg}</span>
                <button class="banner-close" aria-label="Dismiss" on:click=move |_| run.notice.set(None)>"×"</button>
            </div>
        })}
    }
}
