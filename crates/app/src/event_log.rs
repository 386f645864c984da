//! The narrated event log (newest first) and the cascade progress strip: the six steps of
//! MODEL.md section 1, each lit from the block of its first event.

use leptos::prelude::*;
use restake_engine::CascadeStep;

use crate::format::grouped;
use crate::state::{AppState, LogEntry};
use crate::timeline::JumpButton;

/// CSS class of a step's colour ("step-1" ... "step-6"; "step-none" for notes).
fn step_class(step: Option<CascadeStep>) -> String {
    step.map_or("step-none".to_string(), |s| format!("step-{}", s.number()))
}

/// The six cascade steps as a strip of boxes.
#[component]
pub fn CascadeProgress() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ol class="progress" data-testid="cascade-progress" aria-label="Cascade progress">
            {CascadeStep::ALL
                .into_iter()
                .enumerate()
                .map(|(i, step)| {
                    let reached = move || state.progress.with(|p| p[i]);
                    view! {
                        <li
                            class=move || format!("progress-step {} {}", step_class(Some(step)), if reached().is_some() { "reached" } else { "pending" })
                            data-step-reached=move || reached().is_some().to_string()
                        >
                            <span class="progress-number">{step.number()}</span>
                            <span class="progress-text">
                                <span class="progress-title">{step.title()}</span>
                                <span class="progress-block">
                                    {move || reached().map_or("not yet".to_string(), |b| format!("from block {}", grouped(b)))}
                                </span>
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The event log, newest first.
#[component]
pub fn EventLog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let empty = move || state.log.with(Vec::is_empty);
    view! {
        <div class="event-log" data-testid="event-log" aria-live="polite">
            <Show when=empty>
                <div class="log-empty">
                    <p class="log-start">"No events yet. Press " <strong>"⚡ Oracle fault"</strong> ", then " <strong>"▶ Play"</strong> "."</p>
                    <p class="scenario-about">{move || state.description.get()}</p>
                </div>
            </Show>
            <ol class="log-list">
                <For
                    each=move || state.log.get().into_iter().rev()
                    key=|e: &LogEntry| e.key
                    children=move |e: LogEntry| {
                        let badge = e.event.step.map_or("Note".to_string(), |s| format!("Step {} · {}", s.number(), s.title()));
                        view! {
                            <li class=format!("log-entry {}", step_class(e.event.step))>
                                <JumpButton block=e.event.block/>
                                <span class=format!("badge {}", step_class(e.event.step))>{badge}</span>
                                <span class="log-text">{e.event.text}</span>
                            </li>
                        }
                    }
                />
            </ol>
        </div>
    }
}
