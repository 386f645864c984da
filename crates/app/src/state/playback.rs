//! Playing, pausing and stepping the run, and the "next event" search; the run loop calls
//! [`AppState::advance_until`] each frame.

use leptos::prelude::*;
use restake_engine::Event;

use restake_engine::units::BLOCKS_PER_EPOCH;

use super::history::record_block;
use super::{AppState, MAX_BLOCK};

impl AppState {
    /// Runs up to `blocks` blocks, stopping early once `budget_ms` of wall time has passed
    /// (measured by `now`), and before a second epoch boundary. Returns the number of blocks
    /// run. Stops at [`MAX_BLOCK`].
    pub fn advance(&self, blocks: u32, now: impl Fn() -> f64, budget_ms: f64) -> u32 {
        self.advance_until(blocks, now, budget_ms, |_| false)
    }

    /// [`Self::advance`], also stopping after a block that narrated an event for which `stop`
    /// is true (the pacing stops at a milestone's block, not a few blocks later).
    pub fn advance_until(
        &self,
        blocks: u32,
        now: impl Fn() -> f64,
        budget_ms: f64,
        stop: impl Fn(&Event) -> bool,
    ) -> u32 {
        let start = now();
        let mut done = 0;
        let rec = self.replay;
        self.run.sim.update_value(|sim| {
            while done < blocks && sim.block() < MAX_BLOCK {
                // An epoch's first block does the consensus and security work of the
                // epoch and costs about 60 times a plain block: at most one per call, and
                // first, so that the budget check after it still bounds the frame.
                if done > 0 && (sim.block() + 1).is_multiple_of(BLOCKS_PER_EPOCH) {
                    break;
                }
                let before = sim.events().len();
                sim.step();
                record_block(sim, rec);
                done += 1;
                let events = sim.events();
                if now() - start > budget_ms || events[before.min(events.len())..].iter().any(&stop)
                {
                    break;
                }
            }
        });
        done
    }

    /// "Next event": plays on quickly until the next milestone, then pauses there (at most
    /// [`crate::data::pacing::SEEK_LIMIT_BLOCKS`] blocks).
    pub fn next_event(&self) {
        if self.busy_replaying() {
            return;
        }
        if self.at_limit() {
            self.run.notice.set(Some(limit_notice()));
            return;
        }
        self.take_reached();
        self.run.seeking.set(Some(self.with_sim(|s| s.block())));
        self.run.playing.set(true);
    }

    /// Ends a "next event" search, paused; says why when no milestone was found.
    pub fn end_seek(&self, found: bool) {
        let Some(from) = self.run.seeking.get_untracked() else {
            return;
        };
        self.run.seeking.set(None);
        self.pause();
        if !found {
            self.run.notice.set(Some(format!(
                "No new milestone in the {} after block {}.",
                crate::data::pacing::duration(crate::data::pacing::SEEK_LIMIT_BLOCKS),
                crate::data::format::grouped(from)
            )));
        }
    }

    /// Starts or stops playing.
    pub fn toggle_play(&self) {
        if self.busy_replaying() {
            return;
        }
        if self.run.playing.get_untracked() {
            self.pause();
        } else if self.at_limit() {
            self.run.notice.set(Some(limit_notice()));
        } else {
            self.run.playing.set(true);
        }
    }

    /// Stops playing and shows the exact state hash.
    pub fn pause(&self) {
        self.run.playing.set(false);
        self.run.seeking.set(None);
        self.publish(true);
    }

    /// Pauses at [`MAX_BLOCK`] and says why.
    pub fn stop_at_limit(&self) {
        self.pause();
        self.run.notice.set(Some(limit_notice()));
    }

    /// Pauses and runs exactly one block.
    pub fn step_once(&self) {
        if self.busy_replaying() {
            return;
        }
        self.run.playing.set(false);
        if self.at_limit() {
            self.run.notice.set(Some(limit_notice()));
        } else {
            self.run.sim.update_value(|sim| {
                sim.step();
            });
            self.record_history();
        }
        self.publish(true);
    }
}

fn limit_notice() -> String {
    format!(
        "The run stopped at block {} (30 days), the app's limit. Press Reset to start over.",
        crate::data::format::grouped(MAX_BLOCK)
    )
}
