//! # restake-app
//!
//! The browser app of restake-sim: a Leptos client-side app that runs the engine in WASM and
//! shows one oracle fault spreading through restaking. Built by trunk from the root `index.html`.
//!
//! * [`state`]: the one `Sim` and the signals the views read; every command the UI can give.
//! * [`run_loop`]: the `requestAnimationFrame` loop that plays the run.
//! * One module per view: [`controls`], [`fault_menu`], [`readouts`], [`security_readouts`],
//!   [`bridge_readouts`] (a bridge exploit's unbacked LRT and the lenders' loss in ETH and USD),
//!   [`graph_view`] (with [`avs_gauge`] on its AVSs and [`zoom`] around it), [`inspector`],
//!   [`chart_tabs`] (the chart panel's tabs; [`chart`] draws a tab's chart with [`plot`],
//!   [`monte_carlo_view`] is the Monte Carlo tab), [`event_log`], [`timeline`], [`compare`],
//!   [`toolbar`] (scenario bar and drawer), [`library`], [`editor`], [`shortcuts`] (with its
//!   overlay); [`mini_chart`] draws the small charts; [`canvas`] is the plotters backend they
//!   all draw on (text measured without page layouts).
//! * The playbook (`docs/PLAYBOOK.md`): [`position_form`] (the "My position" drawer) and
//!   [`playbook`] (in place of the graph) with its cards [`position_outcome_view`],
//!   [`alerts_view`], [`exit_view`] and [`redflags_view`]; the position is followed by the
//!   engine's `PositionTracker` in [`state`].
//! * [`ui`]: view state that is not the run (presenter mode, overlay, drawer).
//! * Plain data and functions, tested natively: [`format`], [`view_graph`] (grouping and
//!   flows), [`node_history`], [`aim`] (aimed faults and mitigations), [`share`] (share links),
//!   [`editor_fields`] (parameter descriptions, applying an edit), [`exports`] (CSV, JSON),
//!   [`chart_data`] and [`chart_data_risk`] (what each chart shows), [`monte_carlo`] (runs over seeds, histogram,
//!   quantiles), [`position_draft`] (the position form's text and its checks),
//!   [`playbook_data`] (the rows of the playbook's cards), [`story`] (the narration folded,
//!   its milestones pinned), [`pacing`] (holds at milestones, fast-forward with a countdown),
//!   [`lesson_data`] (the lesson chapters, their levers, questions and explanations).
//! * Lessons: [`lesson`] (a chapter's run to the moment that answers it) and [`lesson_view`]
//!   (the panel).
//! * [`panic_panel`]: the panic hook's error panel.

pub mod aim;
pub mod alerts_view;
pub mod avs_gauge;
pub mod bridge_readouts;
pub mod canvas;
pub mod channel_readouts;
pub mod chart;
pub mod chart_data;
pub mod chart_data_risk;
pub mod chart_tabs;
pub mod compare;
pub mod controls;
pub mod editor;
pub mod editor_fields;
pub mod event_log;
pub mod exit_view;
pub mod exports;
pub mod fault_menu;
pub mod format;
pub mod graph_view;
pub mod import_network;
pub mod inspector;
pub mod lesson;
pub mod lesson_data;
pub mod lesson_view;
pub mod library;
pub mod mc_runner;
pub mod mc_worker;
pub mod mini_chart;
pub mod monte_carlo;
pub mod monte_carlo_view;
pub mod node_history;
pub mod pacing;
pub mod panic_panel;
pub mod playbook;
pub mod playbook_data;
pub mod plot;
pub mod position_draft;
pub mod position_form;
pub mod position_mc;
pub mod position_mc_view;
pub mod position_outcome_view;
pub mod readouts;
pub mod redflags_view;
pub mod run_loop;
pub mod security_readouts;
pub mod share;
pub mod shortcuts;
pub mod state;
pub mod story;
pub mod timeline;
pub mod toolbar;
pub mod ui;
pub mod view_graph;
pub mod zoom;

use leptos::prelude::*;

use crate::chart_tabs::ChartPanel;
use crate::compare::{Compare, CompareState};
use crate::controls::{Controls, FaultControl};
use crate::event_log::CascadeProgress;
use crate::fault_menu::FaultMenu;
use crate::graph_view::{GraphLegend, GraphToolbar, GraphView};
use crate::inspector::Inspector;
use crate::lesson::LessonState;
use crate::lesson_view::LessonPanel;
use crate::playbook::Playbook;
use crate::readouts::{Readouts, StateHash};
use crate::shortcuts::ShortcutsHelp;
use crate::state::{AppState, DEFAULT_PRESET, DEFAULT_SEED};
use crate::timeline::LogPanel;
use crate::toolbar::{DrawerPanel, ScenarioBar};
use crate::ui::UiState;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    let ui = UiState::new();
    provide_context(state);
    provide_context(ui);
    let lesson = LessonState::new();
    provide_context(lesson);
    lesson.start_watch(state);
    run_loop::start(state);
    keyboard_shortcuts(state, ui);
    follow_location_hash(state, lesson);
    provide_context(zoom::ZoomState::new());
    let compare = CompareState::new();
    provide_context(compare);
    compare::start_loop(compare, state);
    let monte_carlo = monte_carlo_view::McState::new();
    provide_context(monte_carlo);
    monte_carlo.run.start_loop(state);
    let position_mc = position_mc_view::PositionMcState::new();
    provide_context(position_mc);
    position_mc.run.start_loop(state);
    let open_compare = move |_| {
        state.pause();
        compare.open.set(true);
        compare.rebuild(&state);
    };

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

/// Loads the run a share link describes, now and whenever the hash changes (a link pasted
/// into an open tab). A link that cannot be read loads the default preset and says why;
/// `#panic-test` panics on purpose (the panic panel's end-to-end test); `#lesson=NAME` opens
/// that lesson chapter.
fn follow_location_hash(state: AppState, lesson: LessonState) {
    let apply = move || {
        let hash = window().location().hash().unwrap_or_default();
        let fragment = hash.trim_start_matches('#');
        if fragment == share::PANIC_TEST {
            panic!("deliberate panic requested by the #panic-test link (tests the panic panel)");
        }
        match lesson_data::from_fragment(fragment) {
            Some(Some(i)) => return lesson.open_chapter(i),
            Some(None) => {
                lesson.open_chapter(0);
                return state.error.set(Some(format!(
                    "No lesson chapter is called \"{}\"; the first chapter is open.",
                    fragment.trim_start_matches("lesson=")
                )));
            }
            None => {}
        }
        match share::decode(fragment) {
            Ok(None) => {}
            Ok(Some(link)) => state.start_replay(link),
            Err(reason) => {
                state.load(DEFAULT_PRESET, DEFAULT_SEED);
                state.error.set(Some(format!(
                    "This share link could not be read ({reason}). The default preset {DEFAULT_PRESET} is loaded instead."
                )));
            }
        }
    };
    apply();
    let handle = window_event_listener(leptos::ev::hashchange, move |_| apply());
    on_cleanup(move || handle.remove());
}

/// The keys of [`shortcuts::SHORTCUTS`] (space plays or pauses, the right arrow steps one block,
/// R resets, F injects the oracle fault, P toggles presenter mode, ? shows the help): a teacher
/// at a projector can drive the run without aiming the mouse. Keys typed into a field are left
/// alone (except Escape), and so is Space on a focused button (which presses the button).
fn keyboard_shortcuts(state: AppState, ui: UiState) {
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
        let Some(action) = shortcuts::action_for(&ev.key()) else {
            return;
        };
        let typing = matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA");
        let button_space = tag == "BUTTON" && action == shortcuts::Action::PlayPause;
        if (typing && action != shortcuts::Action::Close) || button_space {
            return;
        }
        shortcuts::perform(action, state, ui);
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
