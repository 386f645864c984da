//! The narrated event log (newest first, repeats folded), the story strip of milestones, and
//! the cascade progress strip: the six steps of MODEL.md section 1, each lit from the block of
//! its first event.

use leptos::prelude::*;
use restake_engine::CascadeStep;

use crate::data::format::grouped;
use crate::data::story::StoryRow;
use crate::state::{Published, StoryState};
use crate::views::timeline::JumpButton;

/// CSS class of a step's colour ("step-1" ... "step-6"; "step-none" for notes).
fn step_class(step: Option<CascadeStep>) -> String {
    step.map_or("step-none".to_string(), |s| format!("step-{}", s.number()))
}

/// The six cascade steps as a strip of boxes.
#[component]
pub fn CascadeProgress() -> impl IntoView {
    let published = expect_context::<Published>();
    view! {
        <ol class="progress" data-testid="cascade-progress" aria-label="Cascade progress">
            {CascadeStep::ALL
                .into_iter()
                .enumerate()
                .map(|(i, step)| {
                    let reached = move || published.progress.with(|p| p[i]);
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

/// The story so far: the milestones reached, in order, one chip each; pinned above the log so
/// that the slash never scrolls away (and kept in presenter mode).
#[component]
pub fn StoryStrip() -> impl IntoView {
    let story = expect_context::<StoryState>();
    view! {
        <Show when=move || story.milestones.with(|m| !m.is_empty())>
            <ol class="story" data-testid="story" aria-label="The story so far">
                <For
                    each=move || story.milestones.get()
                    key=|r: &StoryRow| (r.first, r.milestone)
                    children=move |r: StoryRow| {
                        let m = r.milestone.expect("milestone rows only");
                        view! {
                            <li class=format!("milestone {}", step_class(r.step)) data-milestone=m.slug() data-block=r.first_block.to_string() title=r.text.clone()>
                                <span class="milestone-title">{m.title()}</span>
                                <span class="milestone-block">{grouped(r.first_block)}</span>
                            </li>
                        }
                    }
                />
            </ol>
        </Show>
    }
}

/// The event log, newest first, repeated entries folded into one line ([`crate::data::story`]).
#[component]
pub fn EventLog() -> impl IntoView {
    let published = expect_context::<Published>();
    let story = expect_context::<StoryState>();
    let empty = move || story.story_rows.with(Vec::is_empty);
    view! {
        <div class="event-log" data-testid="event-log" aria-live="polite">
            <Show when=empty>
                <div class="log-empty">
                    <p class="log-start">"No events yet. Press " <strong>"⚡ Oracle fault"</strong> ", then " <strong>"▶ Play"</strong> "."</p>
                    <p class="scenario-about">{move || published.description.get()}</p>
                </div>
            </Show>
            <ol class="log-list">
                <For
                    each=move || story.story_rows.get().into_iter().rev()
                    key=|r: &StoryRow| (r.first, r.last, r.count)
                    children=move |r: StoryRow| {
                        let badge = r.step.map_or("Note".to_string(), |s| format!("Step {} · {}", s.number(), s.title()));
                        let milestone = r.milestone.map(|m| m.slug());
                        let class = format!("log-entry {}{}", step_class(r.step), if milestone.is_some() { " log-milestone" } else { "" });
                        let count = r.count;
                        view! {
                            <li class=class data-milestone=milestone data-count=count.to_string()>
                                <JumpButton block=r.last_block/>
                                <span class=format!("badge {}", step_class(r.step))>{badge}</span>
                                {r.milestone.map(|m| view! { <span class="badge badge-milestone">{m.title()}</span> })}
                                {r.fold_note().map(|note| view! { <span class="log-fold" data-testid="log-fold">{note}</span> })}
                                <span class="log-text">{r.text}</span>
                            </li>
                        }
                    }
                />
            </ol>
        </div>
    }
}
