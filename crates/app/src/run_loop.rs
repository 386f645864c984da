//! The animation loop: while playing, runs `speed` blocks per second of wall time, spread over
//! animation frames, within a time budget per frame.
//!
//! Each frame adds `speed * elapsed` to a fractional block count and runs its whole part, but
//! stops after [`BUDGET_MS`] so that the page stays responsive; blocks not run are carried to
//! the next frame (up to one second's worth, so a slow machine plays slower instead of piling
//! up a backlog). After running blocks it publishes once, so views and the chart update at most
//! once per frame; the state hash (which serialises the world) only every [`HASH_EVERY`] frames,
//! or less often when hashing is slow (large worlds: see [`hash_due`]).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::data::pacing::{self, Pace};
use crate::data::story::{self, Milestone};
use crate::state::AppState;

/// Wall time the loop may spend running blocks in one frame, ms.
pub const BUDGET_MS: f64 = 4.0;
/// While playing, the state hash refreshes every this many frames.
pub const HASH_EVERY: u64 = 30;
/// Largest share of playing time the state hash may take (see [`hash_due`]).
const HASH_SHARE: f64 = 0.05;
/// One frame at 60 Hz, ms.
const FRAME_MS: f64 = 1000.0 / 60.0;

/// Whether the state hash is due while playing, `frames` frames after the last one, which
/// took `last_ms` (with the publish around it): every [`HASH_EVERY`] frames, and no more often
/// than keeps hashing under [`HASH_SHARE`] of the time. For the default preset (about 1 ms)
/// that is every 30 frames; for `mainnet-scale` (about 280 ms) every 336 frames, about 5.6 s.
/// Pausing always refreshes the hash.
pub fn hash_due(frames: u64, last_ms: f64) -> bool {
    let spacing = (last_ms / (FRAME_MS * HASH_SHARE)).ceil();
    let spacing = if spacing.is_finite() {
        spacing as u64
    } else {
        u64::MAX
    };
    frames >= HASH_EVERY.max(spacing)
}

/// Wall time a frame may spend replaying a shared run, ms: longer than while playing (the run
/// is not being watched yet) but short enough that the page stays responsive.
pub const REPLAY_BUDGET_MS: f64 = 50.0;
/// Longest frame gap counted, s (a background tab resumes without a burst).
const MAX_GAP_S: f64 = 0.1;

/// Timing kept between frames.
#[derive(Clone, Copy, Default)]
struct Clock {
    last_ms: Option<f64>,
    carry: f64,
    frames: u64,
    /// Frames since the state hash was last refreshed, and what that refresh cost, ms.
    since_hash: u64,
    hash_ms: f64,
    /// The run holds still until this time, ms ([`pacing::HOLD_MS`] after a milestone).
    hold_until: f64,
    /// The milestone it holds at.
    holding: Option<Milestone>,
}

pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Starts the loop; it runs for the page's lifetime.
pub fn start(state: AppState) {
    let clock = StoredValue::new(Clock::default());
    request_animation_frame(move || frame(state, clock));
}

/// If the page defined an array `window.__restakeWork` (the benchmark does), appends this
/// frame's `[blocks ms, publish ms, blocks run, hashed]` to it; otherwise does nothing.
fn report_work(blocks_ms: f64, publish_ms: f64, ran: u32, hashed: bool) {
    use wasm_bindgen::JsValue;
    let Some(w) = web_sys::window() else { return };
    let Ok(v) = js_sys::Reflect::get(&w, &JsValue::from_str("__restakeWork")) else {
        return;
    };
    if let Some(a) = v.dyn_ref::<js_sys::Array>() {
        let entry = js_sys::Array::of4(
            &blocks_ms.into(),
            &publish_ms.into(),
            &ran.into(),
            &hashed.into(),
        );
        a.push(&entry);
    }
}

/// Sets the pacing note when it changed.
fn set_note(state: AppState, note: Option<String>) {
    if state.run.pace_note.with_untracked(|n| *n != note) {
        state.run.pace_note.set(note);
    }
}

/// Runs this frame's blocks at `speed`; with automatic pacing, stops at a milestone that holds
/// and starts the hold.
fn play_frame(state: AppState, c: &mut Clock, now: f64, speed: u32, auto: bool) {
    let gap = c.last_ms.map_or(1.0 / 60.0, |last| {
        ((now - last) / 1000.0).clamp(0.0, MAX_GAP_S)
    });
    let speed = speed as f64;
    c.carry = (c.carry + speed * gap).min(speed.max(1.0));
    let want = c.carry.floor() as u32;
    let stop = |e: &restake_engine::Event| auto && story::kind(e).is_some_and(Milestone::dwells);
    let ran = state.advance_until(want, now_ms, BUDGET_MS, stop);
    let ran_at = now_ms();
    c.carry -= ran as f64;
    c.frames += 1;
    c.last_ms = Some(now);
    c.since_hash += 1;
    let hash = ran > 0 && hash_due(c.since_hash, c.hash_ms);
    if ran > 0 {
        state.publish(hash);
    }
    let published_ms = now_ms() - ran_at;
    if hash {
        c.since_hash = 0;
        c.hash_ms = published_ms;
    }
    report_work(ran_at - now, published_ms, ran, hash);
    let reached = state.take_reached();
    if auto && pacing::holds(&reached) {
        c.hold_until = now_ms() + pacing::HOLD_MS;
        c.holding = reached.into_iter().rev().find(|m| m.dwells());
        c.carry = 0.0;
    }
    if state.at_limit() {
        state.stop_at_limit();
    }
}

/// One frame of a "next event" search: runs blocks for [`SEEK_BUDGET_MS`], stopping at the
/// first milestone; pauses there, or after [`pacing::SEEK_LIMIT_BLOCKS`] without one.
fn seek_frame(state: AppState) {
    let Some(from) = state.run.seeking.get_untracked() else {
        return;
    };
    let stop = |e: &restake_engine::Event| story::kind(e).is_some();
    state.advance_until(u32::MAX, now_ms, SEEK_BUDGET_MS, stop);
    state.publish(false);
    let found = !state.take_reached().is_empty();
    let block = state.with_sim(|s| s.block());
    if found || block >= from + pacing::SEEK_LIMIT_BLOCKS || state.at_limit() {
        state.end_seek(found);
    }
}

/// Wall time a frame of a "next event" search may run blocks, ms.
pub const SEEK_BUDGET_MS: f64 = 12.0;

fn frame(state: AppState, clock: StoredValue<Clock>) {
    // The app's owner is gone (page torn down): stop.
    let Some(mut c) = clock.try_get_value() else {
        return;
    };
    let now = now_ms();
    if state.replay.replaying.get_untracked() {
        state.replay_frame(now_ms, REPLAY_BUDGET_MS);
        c = Clock::default();
    } else if state.run.seeking.get_untracked().is_some() {
        seek_frame(state);
        c = Clock::default();
    } else if state.run.playing.get_untracked() {
        let auto = state.run.auto_pace.get_untracked();
        let waiting = state.story.countdown.with_untracked(Option::is_some);
        let chosen = state.run.speed.get_untracked();
        match pacing::pace(auto, chosen, now, c.hold_until, waiting) {
            Pace::Hold(until) => {
                let left = ((until - now) / 1000.0).ceil();
                let what = c.holding.map_or("a milestone", Milestone::title);
                set_note(state, Some(format!("⏸ {what}: the run waits {left:.0} s")));
                c.last_ms = Some(now);
                c.carry = 0.0;
            }
            Pace::Play(speed) => {
                set_note(
                    state,
                    (speed > chosen).then(|| {
                        format!("⏩ fast-forward ×{} while waiting", speed / chosen.max(1))
                    }),
                );
                play_frame(state, &mut c, now, speed, auto);
            }
        }
    } else {
        state.take_reached();
        set_note(state, None);
        c = Clock::default();
    }
    clock.set_value(c);
    request_animation_frame(move || frame(state, clock));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_refreshes_every_30_frames_unless_it_is_slow() {
        assert!(!hash_due(29, 1.2));
        assert!(hash_due(30, 1.2));
        // 280 ms (mainnet-scale): at most 5% of the time, so every 336 frames.
        assert!(!hash_due(335, 280.0));
        assert!(hash_due(336, 280.0));
        assert!(hash_due(30, 0.0));
        assert!(!hash_due(1_000_000, f64::INFINITY));
    }
}
