//! The scenario bar under the controls: the scenario library and editor, scenario import and
//! export, the share link, data exports, presenter mode and the shortcut help; and the side
//! drawer the library and the editor open in.

use leptos::prelude::*;
use restake_engine::Scenario;
use wasm_bindgen::JsCast;

use crate::exports::{self, file_stem};
use crate::state::view::{Drawer, ViewSettings};
use crate::state::AppState;
use crate::views::editor::ScenarioEditor;
use crate::views::library::ScenarioLibrary;
use crate::views::position_form::PositionForm;

/// The page's address without its hash: share links are this plus `#` and the fragment.
fn page_base() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// Takes the focus off the clicked button, so that Space then plays or pauses (a focused
/// button would take Space as a click on itself).
fn blur_focus() {
    if let Some(el) = document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.blur();
    }
}

/// `restake-<scenario>-seed<seed>-block<block>` for the run as it is now.
fn run_stem(state: AppState) -> String {
    state.with_sim(|s| file_stem(&s.scenario().name, s.seed(), s.block()))
}

/// Reads the file chosen in `input` as text and hands `then` its name and text; a file that
/// cannot be read as text goes to the error banner. The input is cleared, so that the same file
/// can be chosen again after a fix.
pub fn read_chosen_file(
    state: AppState,
    input: web_sys::HtmlInputElement,
    then: impl FnOnce(String, String) + 'static,
) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    let name = file.name();
    input.set_value("");
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|v| v.as_string());
        match text {
            Some(text) => then(name, text),
            None => state
                .run
                .error
                .set(Some(format!("Cannot read \"{name}\" as text."))),
        }
    });
}

/// Reads the chosen file and loads it as a scenario; a bad file leaves the run as it is.
fn import(state: AppState, input: web_sys::HtmlInputElement) {
    read_chosen_file(state, input, move |name, text| {
        let result = Scenario::from_json(&text).and_then(|scenario| {
            state.load_scenario(scenario, state.run.seed.get_untracked(), None)
        });
        match result {
            Ok(()) => state.run.notice.set(Some(format!("Imported \"{name}\"."))),
            Err(e) => state.run.error.set(Some(format!(
                "Cannot import \"{name}\": {e}. The last good scenario stays loaded."
            ))),
        }
    });
}

fn report(state: AppState, result: Result<(), String>) {
    if let Err(e) = result {
        state
            .run
            .error
            .set(Some(format!("The download failed: {e}")));
    }
}

/// Downloads the scenario as JSON (the format `restake scenario` prints), named for block 0.
fn export_scenario(state: AppState) {
    let (stem, json) = state.with_sim(|s| {
        (
            file_stem(&s.scenario().name, s.seed(), 0),
            s.scenario().to_json(),
        )
    });
    report(
        state,
        exports::download_text(&format!("{stem}.json"), "application/json", &json),
    );
}

/// Downloads every block's metrics as CSV.
fn export_csv(state: AppState) {
    let csv = state.with_sim(|s| exports::history_csv(s.history()));
    let result = csv.and_then(|csv| {
        exports::download_text(&format!("{}.csv", run_stem(state)), "text/csv", &csv)
    });
    report(state, result);
}

/// Downloads every block's metrics as JSON.
fn export_json(state: AppState) {
    let json = state.with_sim(|s| exports::history_json(s.history()));
    report(
        state,
        exports::download_text(
            &format!("{}-metrics.json", run_stem(state)),
            "application/json",
            &json,
        ),
    );
}

/// Selects the share link and copies it to the clipboard.
fn copy_share_url(state: AppState) {
    let Some(input) = document()
        .query_selector("[data-testid=share-url]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    input.select();
    let clipboard = window().navigator().clipboard();
    let _ = clipboard.write_text(&input.value());
    state.run.notice.set(Some(
        "Link copied: it replays this run to this block.".into(),
    ));
}

/// The scenario's name, the library and editor buttons, scenario import and export.
#[component]
fn ScenarioGroup() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = expect_context::<ViewSettings>();
    let name = move || {
        state.run.scenario_version.track();
        state.with_sim(|s| s.scenario().name.clone())
    };
    view! {
        <div class="control-group scenario-group">
            <span class="scenario-name">
                <span class="field-label">"Scenario "</span>
                <span data-testid="scenario-name">{name}</span>
                <Show when=move || state.run.custom.get()>
                    <span class="badge badge-edited" data-testid="scenario-custom" title="Edited, imported or from a link: not a preset as it ships">"edited"</span>
                </Show>
            </span>
            <button class="btn" data-testid="open-library" aria-pressed=move || (ui.drawer.get() == Some(Drawer::Library)).to_string()
                on:click=move |_| ui.toggle_drawer(Drawer::Library)>"Library"</button>
            <button class="btn" data-testid="open-editor" aria-pressed=move || (ui.drawer.get() == Some(Drawer::Editor)).to_string()
                on:click=move |_| ui.toggle_drawer(Drawer::Editor)>"Edit"</button>
            <label class="btn file-btn" title="Load a scenario JSON file (as `restake scenario NAME` writes)">
                "Import"
                <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="import-scenario"
                    on:change=move |ev| {
                        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            import(state, input);
                        }
                    }/>
            </label>
            <button class="btn" data-testid="export-scenario" title="Download this scenario as JSON" on:click=move |_| export_scenario(state)>"Export"</button>
        </div>
    }
}

/// The share link and its copy button, then the data exports.
#[component]
fn ShareAndData() -> impl IntoView {
    let state = expect_context::<AppState>();
    let base = page_base();
    let share_url = move || format!("{base}#{}", state.run.share.get());
    view! {
        <div class="control-group share-group">
            <label class="field">
                <span class="field-label">"Share"</span>
                <input class="share-url" data-testid="share-url" readonly prop:value=share_url
                    title="Opening this link replays the run (scenario, seed, injected faults) to this block"/>
            </label>
            <button class="btn" data-testid="copy-share-url" on:click=move |_| copy_share_url(state)>"Copy"</button>
        </div>
        <div class="control-group data-group">
            <span class="field-label">"Data"</span>
            <button class="btn" data-testid="export-csv" title="Every block's metrics as CSV" on:click=move |_| export_csv(state)>"CSV"</button>
            <button class="btn" data-testid="export-json" title="Every block's metrics as JSON" on:click=move |_| export_json(state)>"JSON"</button>
        </div>
    }
}

/// Lessons, presenter mode and the shortcut help.
#[component]
fn ViewGroup() -> impl IntoView {
    let ui = expect_context::<ViewSettings>();
    let lesson = expect_context::<crate::state::lesson::LessonState>();
    view! {
        <div class="control-group view-group">
            <button class="btn" data-testid="open-lesson" aria-pressed=move || lesson.open.get().to_string()
                title="Guided chapters: set one lever, predict, run, see why" on:click=move |_| {
                    if lesson.open.get_untracked() { lesson.open.set(false) } else { lesson.open_chapter(lesson.chapter.get_untracked()) }
                }>"Lessons"</button>
            <button class="btn" data-testid="presenter" aria-pressed=move || ui.presenter.get().to_string()
                title="Large type and high contrast for a projector (P)" on:click=move |_| { blur_focus(); ui.toggle_presenter() }>
                "Presenter"
            </button>
            <button class="btn" data-testid="open-help" title="Keyboard shortcuts (?)" on:click=move |_| { blur_focus(); ui.help.update(|h| *h = !*h) }>"?"</button>
        </div>
    }
}

#[component]
pub fn ScenarioBar() -> impl IntoView {
    view! {
        <div class="scenario-bar" role="toolbar" aria-label="Scenario, sharing and exports">
            <ScenarioGroup/>
            <ShareAndData/>
            <ViewGroup/>
        </div>
    }
}

/// A button that downloads the canvas with `data-testid` `canvas` as `<run>-<name>.png`.
#[component]
pub fn ExportPng(
    canvas: &'static str,
    name: &'static str,
    #[prop(default = "export-png")] testid: &'static str,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let click = move |_| {
        let canvas_el = document()
            .query_selector(&format!("canvas[data-testid={canvas}]"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok());
        let result = match canvas_el {
            Some(c) => exports::download_canvas_png(&c, &format!("{}-{name}.png", run_stem(state))),
            None => Err("the chart is not on the page".into()),
        };
        report(state, result);
    };
    view! {
        <button class="btn btn-small" data-testid=testid title="Download this chart as a PNG picture" on:click=click>"PNG"</button>
    }
}

/// The side drawer with the library or the editor. The keyboard focus moves into it when it
/// opens (to its close button; Escape closes it too).
#[component]
pub fn DrawerPanel() -> impl IntoView {
    let ui = expect_context::<ViewSettings>();
    view! {
        {move || ui.drawer.get().map(|d| {
            let (title, body) = match d {
                Drawer::Library => ("Scenario library", view! { <ScenarioLibrary/> }.into_any()),
                Drawer::Editor => ("Scenario editor", view! { <ScenarioEditor/> }.into_any()),
                Drawer::Position => ("My position", view! { <PositionForm/> }.into_any()),
            };
            let close = NodeRef::<leptos::html::Button>::new();
            Effect::new(move |_| {
                if let Some(button) = close.get() {
                    let _ = button.focus();
                }
            });
            view! {
                <aside class="drawer" role="dialog" aria-label=title>
                    <div class="drawer-head">
                        <h2>{title}</h2>
                        <button class="btn" node_ref=close data-testid="close-drawer" aria-label="Close" on:click=move |_| ui.drawer.set(None)>"×"</button>
                    </div>
                    <div class="drawer-body">{body}</div>
                </aside>
            }
        })}
    }
}
