//! The control bar: play, step, reset, speed, seed, preset, and the oracle fault button with
//! the fault that is scheduled anyway.

use leptos::prelude::*;
use restake_engine::presets;

use crate::data::format::{describe_fault, grouped};
use crate::state::{AppState, RunState, StoryState, SPEEDS};

#[component]
pub fn Controls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let playing = state.run.playing;

    view! {
        <div class="controls" role="toolbar" aria-label="Simulation controls">
            <div class="control-group">
                <button
                    class=move || if playing.get() { "btn btn-play playing" } else { "btn btn-play" }
                    data-testid=move || if playing.get() { "pause" } else { "play" }
                    on:click=move |_| state.toggle_play()
                >
                    {move || if playing.get() { "❚❚ Pause" } else { "▶ Play" }}
                </button>
                <button class="btn" data-testid="step" title="Run exactly one block (12 s)" on:click=move |_| state.step_once()>
                    "Step"<span class="wide-only">" +1 block"</span>
                </button>
                <button class="btn" data-testid="reset" title="Back to block 0 with this preset and seed" on:click=move |_| state.reset()>
                    "↺ Reset"
                </button>
                <button class="btn" data-testid="next-event" title="Play on quickly to the next milestone of the cascade and pause there (key N)" on:click=move |_| state.next_event()>
                    "» Next event"
                </button>
            </div>
            <PaceGroup/>
            <div class="control-group">
                <label class="field">
                    <span class="field-label">"Speed"</span>
                    <select
                        data-testid="speed"
                        on:change=move |ev| {
                            match event_target_value(&ev).parse::<u32>() {
                                Ok(v) => state.run.speed.set(v),
                                Err(_) => state.run.error.set(Some("Unknown speed.".into())),
                            }
                        }
                    >
                        {SPEEDS
                            .into_iter()
                            .map(|s| view! {
                                <option value=s.to_string() selected=move || state.run.speed.get() == s>{grouped(s as u64)}" blocks/s"</option>
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">"Seed"</span>
                    <input
                        class="seed"
                        data-testid="seed"
                        type="text"
                        inputmode="numeric"
                        prop:value=move || state.run.seed.get().to_string()
                        on:change=move |ev| state.set_seed_text(&event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span class="field-label">"Preset"</span>
                    <select data-testid="preset" on:change=move |ev| state.set_preset(&event_target_value(&ev))>
                        {presets::NAMES
                            .into_iter()
                            .map(|name| view! {
                                <option value=name selected=move || state.run.preset.with(|p| p == name)>{name}</option>
                            })
                            .collect_view()}
                    </select>
                </label>
            </div>
        </div>
    }
}

/// Automatic pacing on or off, what it does now, and the countdown to the next deadline.
#[component]
fn PaceGroup() -> impl IntoView {
    let run = expect_context::<RunState>();
    let story = expect_context::<StoryState>();
    view! {
        <div class="control-group pace-group" aria-live="polite">
            <label class="field" title="Hold 2.5 s at each milestone of the cascade and fast-forward while only a deadline is pending">
                <input type="checkbox" data-testid="auto-pace" prop:checked=move || run.auto_pace.get() on:change=move |ev| run.auto_pace.set(event_target_checked(&ev))/>
                <span class="field-label">"Auto pace"</span>
            </label>
            {move || story.countdown.get().map(|c| view! { <span class="countdown" data-testid="countdown" data-blocks-left=c.blocks_left.to_string()>{c.text()}</span> })}
            {move || run.pace_note.get().map(|n| view! { <span class="pace-note" data-testid="pace-note">{n}</span> })}
        </div>
    }
}

/// The red button and what it will do (in the header, where it cannot be missed).
#[component]
pub fn FaultControl() -> impl IntoView {
    let state = expect_context::<AppState>();
    // What the button will do, and how it relates to the faults the scenario schedules anyway.
    let note = move || {
        let now = state.published.metrics.with(|m| m.block);
        let oracle = state.published.oracle_fault.get();
        state.published.scheduled.with(|scheduled| {
            let Some(fault) = oracle else {
                return "This scenario has no oracle AVS to disturb.".to_string();
            };
            let when = |block: u64| {
                if block <= now + 1 {
                    "in the next block".to_string()
                } else {
                    format!("at block {}", grouped(block))
                }
            };
            if let Some((block, _)) = scheduled.iter().find(|(_, f)| *f == fault) {
                return format!(
                    "Scheduled: {} {}. Pressing the button brings it forward.",
                    describe_fault(&fault),
                    when(*block)
                );
            }
            let mut text = format!("Pressing the button injects: {}.", describe_fault(&fault));
            if let Some((block, other)) = scheduled.first() {
                text.push_str(&format!(
                    " Also scheduled: {} {}.",
                    describe_fault(other),
                    when(*block)
                ));
            }
            text
        })
    };
    view! {
        <div class="fault-group">
            <button
                class="btn btn-fault"
                data-testid="fault-oracle"
                disabled=move || state.published.oracle_fault.with(Option::is_none)
                title="An oracle AVS receives an outlier in the next block"
                on:click=move |_| state.fault_default()
            >
                "⚡ Oracle fault"
            </button>
            <span class="fault-note" data-testid="scheduled-fault">{note}</span>
        </div>
    }
}
