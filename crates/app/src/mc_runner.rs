//! Runs a [`MonteCarlo`] on the page's main thread, a time slice per animation frame
//! ([`SLICE_MS`], less while the main run plays), so the page never freezes; shared by the
//! loss-distribution panel ([`crate::monte_carlo_view`]) and the position's Monte Carlo
//! ([`crate::position_mc_view`]). Its signals say how far the runs are and hold the finished
//! ones; it can be cancelled, and the finished runs stay.

use leptos::prelude::*;

use crate::monte_carlo::{Follow, MonteCarlo};
use crate::state::AppState;

/// Wall time the runs may take per animation frame while the main run is paused, ms.
pub const SLICE_MS: f64 = 10.0;
/// The same while the main run plays: it has the frame's first [`crate::run_loop::BUDGET_MS`].
pub const SLICE_PLAYING_MS: f64 = 4.0;

/// Runs in progress or done, and what the views read of them. `Copy` (arena handles).
pub struct SliceRunner<T: Follow + 'static> {
    runner: StoredValue<Option<MonteCarlo<T>>, LocalStorage>,
    pub running: RwSignal<bool>,
    /// Share of the work done, 0 to 1.
    pub progress: RwSignal<f64>,
    /// Finished runs, in seed order (refreshed as each run finishes).
    pub outcomes: RwSignal<Vec<T::Out>>,
    /// Runs asked for by the last start.
    pub total: RwSignal<u32>,
    /// What the results are of, set by the caller at start.
    pub about: RwSignal<String>,
    /// "Running…", "Done: 20 runs in 9.8 s.", a cancellation or an error note.
    pub status: RwSignal<String>,
    /// Wall time of the last finished set of runs, s.
    pub seconds: RwSignal<Option<f64>>,
    started_ms: StoredValue<f64>,
}

impl<T: Follow + 'static> Clone for SliceRunner<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Follow + 'static> Copy for SliceRunner<T> {}

impl<T: Follow + 'static> SliceRunner<T> {
    pub fn new() -> Self {
        SliceRunner {
            runner: StoredValue::new_local(None),
            running: RwSignal::new(false),
            progress: RwSignal::new(0.0),
            outcomes: RwSignal::new(Vec::new()),
            total: RwSignal::new(0),
            about: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
            seconds: RwSignal::new(None),
            started_ms: StoredValue::new(0.0),
        }
    }

    /// Starts `mc` (replacing any runs in progress); `about` says what it runs.
    pub fn begin(&self, mc: MonteCarlo<T>, about: String) {
        self.total.set(mc.config().runs);
        self.about.set(about);
        self.runner.set_value(Some(mc));
        self.outcomes.set(Vec::new());
        self.progress.set(0.0);
        self.seconds.set(None);
        self.status.set("Running…".into());
        self.started_ms.set_value(crate::run_loop::now_ms());
        self.running.set(true);
    }

    /// Stops the runs; the finished ones stay shown.
    pub fn cancel(&self) {
        self.runner.set_value(None);
        self.running.set(false);
        let n = self.outcomes.with_untracked(Vec::len);
        self.status.set(format!(
            "Cancelled after {n} of {} runs; the results show the finished ones.",
            self.total.get_untracked()
        ));
    }

    /// One frame's slice of work, at most `budget_ms`.
    fn frame(&self, budget_ms: f64) {
        let start = crate::run_loop::now_ms();
        let result = self.runner.try_update_value(|r| {
            r.as_mut().map(|mc| {
                let before = mc.outcomes().len();
                let (_, refused) = mc.work(|| crate::run_loop::now_ms() - start > budget_ms);
                let finished = (mc.outcomes().len() != before).then(|| mc.outcomes().to_vec());
                (mc.progress(), finished, mc.done(), refused)
            })
        });
        let Some(Some((progress, finished, done, refused))) = result else {
            return;
        };
        self.progress.set(progress);
        if let Some(o) = finished {
            self.outcomes.set(o);
        }
        if let Some(e) = refused {
            self.status
                .set(format!("A fault was refused in a run and skipped: {e}"));
        }
        if done {
            self.runner.set_value(None);
            self.running.set(false);
            let s = (crate::run_loop::now_ms() - self.started_ms.get_value()) / 1000.0;
            self.seconds.set(Some(s));
            self.status.set(format!(
                "Done: {} runs in {s:.1} s.",
                self.outcomes.with_untracked(Vec::len)
            ));
        }
    }

    /// The frame loop of the runs: idle (one check a frame) unless runs are in progress.
    pub fn start_loop(self, app: AppState) {
        fn frame<T: Follow + 'static>(r: SliceRunner<T>, app: AppState) {
            let Some(running) = r.running.try_get_untracked() else {
                return;
            };
            if running {
                let budget = if app.playing.get_untracked() {
                    SLICE_PLAYING_MS
                } else {
                    SLICE_MS
                };
                r.frame(budget);
            }
            request_animation_frame(move || frame(r, app));
        }
        request_animation_frame(move || frame(self, app));
    }
}

impl<T: Follow + 'static> Default for SliceRunner<T> {
    fn default() -> Self {
        SliceRunner::new()
    }
}
