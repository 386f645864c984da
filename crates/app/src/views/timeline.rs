//! The timeline: the narrated events grouped under the six cascade steps of MODEL.md section 1
//! (and the notes without a step), oldest first within each step. Clicking an event's block
//! goes back to that block: the run is replayed from block 0 with the same injected faults
//! ([`AppState::jump_to`]).

use leptos::prelude::*;

use crate::data::format::grouped;
use crate::state::{AppState, Published, StepGroup};
use crate::views::event_log::{EventLog, StoryStrip};

/// The log panel: the newest-first log or the timeline by step, one at a time.
#[component]
pub fn LogPanel() -> impl IntoView {
    let by_step = RwSignal::new(false);
    let tab = move |steps: bool, label: &'static str, testid: &'static str| {
        view! {
            <button
                class=move || if by_step.get() == steps { "tab active" } else { "tab" }
                role="tab"
                aria-selected=move || (by_step.get() == steps).to_string()
                data-testid=testid
                on:click=move |_| by_step.set(steps)
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="panel panel-log" aria-labelledby="log-title">
            <h2 id="log-title">"What happened"
                <span class="tabs" role="tablist">
                    {tab(false, "newest first", "log-tab-latest")}
                    {tab(true, "by cascade step", "log-tab-steps")}
                </span>
                <span class="hint">"click a block to go back to it"</span>
            </h2>
            <StoryStrip/>
            <Show when=move || by_step.get() fallback=|| view! { <EventLog/> }>
                <Timeline/>
            </Show>
        </section>
    }
}

/// A button that jumps back to `block`.
#[component]
pub fn JumpButton(block: u64) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <button
            class="log-block log-jump"
            data-testid="event-jump"
            data-block=block.to_string()
            title="Go back to the end of this block (the run is replayed from block 0 with the same faults)"
            on:click=move |_| state.jump_to(block)
        >
            "block " {grouped(block)}
        </button>
    }
}

#[component]
pub fn Timeline() -> impl IntoView {
    let published = expect_context::<Published>();
    view! {
        <div class="timeline" data-testid="timeline">
            {move || {
                published.timeline.get().into_iter().filter(|g| g.count > 0).map(|g: StepGroup| {
                    let class = g.step.map_or("step-none".to_string(), |s| format!("step-{}", s.number()));
                    let title = g.step.map_or("Notes".to_string(), |s| format!("Step {} · {}", s.number(), s.title()));
                    let more = g.count - g.entries.len();
                    view! {
                        <section class=format!("timeline-step {class}") data-step=g.step.map_or(0, |s| s.number())>
                            <h4><span class=format!("badge {class}")>{title}</span>" "<span class="hint">{format!("{} event{}", g.count, if g.count == 1 { "" } else { "s" })}</span></h4>
                            <ol class="log-list">
                                {g.entries.into_iter().map(|e| view! {
                                    <li class=format!("log-entry {class}")>
                                        <JumpButton block=e.event.block/>
                                        <span class="log-text">{e.event.text}</span>
                                    </li>
                                }).collect_view()}
                            </ol>
                            {(more > 0).then(|| view! { <p class="hint">{format!("… and {more} more (see newest first)")}</p> })}
                        </section>
                    }
                }).collect_view()
            }}
        </div>
    }
}
