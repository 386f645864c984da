//! A share link's run replayed to its block by the run loop, a few blocks per frame, with its
//! faults injected at their blocks; other commands wait until it is done.

use leptos::prelude::*;

use super::history::record_block;
use super::AppState;
use crate::data::share::{RunLink, SharedFault};

/// A shared run being replayed: the block to reach and the faults still to inject.
#[derive(Clone, Debug, Default)]
pub(super) struct Replay {
    target: u64,
    faults: std::collections::VecDeque<SharedFault>,
    /// Frames spent so far: the views are refreshed every few frames only.
    frames: u32,
}

impl AppState {
    /// Loads a shared run and lets the run loop replay it to its block (see [`Self::replay_frame`]).
    pub fn start_replay(&self, link: RunLink) {
        let RunLink {
            preset,
            scenario,
            seed,
            block,
            faults,
        } = link;
        if let Err(e) = self.load_scenario(scenario, seed, preset.as_deref()) {
            self.run
                .error
                .set(Some(format!("The shared run cannot be loaded: {e}")));
            return;
        }
        self.replay.replay.set_value(Some(Replay {
            target: block,
            faults: faults.into(),
            frames: 0,
        }));
        self.replay.replaying.set(true);
        self.run.notice.set(Some(replay_notice(0, block)));
    }

    /// Runs the shared run on for at most `budget_ms` (measured by `now`); called by the run
    /// loop each frame while [`Self::replaying`]. Injects each fault at the block it was
    /// injected at, and stops at the target block.
    pub fn replay_frame(&self, now: impl Fn() -> f64, budget_ms: f64) {
        let Some(mut replay) = self.replay.replay.get_value() else {
            return;
        };
        let start = now();
        let rec = self.replay;
        let mut refused = None;
        let mut done = false;
        self.run.sim.update_value(|sim| loop {
            while replay
                .faults
                .front()
                .is_some_and(|f| f.block == sim.block())
            {
                let f = replay.faults.pop_front().expect("front exists");
                if let Err(e) = sim.inject(f.fault) {
                    refused = Some(e);
                }
            }
            if sim.block() >= replay.target || refused.is_some() {
                done = true;
                break;
            }
            sim.step();
            record_block(sim, rec);
            if now() - start > budget_ms {
                break;
            }
        });
        if done {
            self.replay.replay.set_value(None);
            self.replay.replaying.set(false);
            self.publish(true);
            match refused {
                Some(e) => self.run.error.set(Some(format!(
                    "The shared run stopped: a fault was refused: {e}"
                ))),
                None => self.run.notice.set(Some(format!(
                    "Replayed the shared run to block {}.",
                    crate::data::format::grouped(replay.target)
                ))),
            }
        } else {
            replay.frames += 1;
            // The progress every few frames: publishing reads the whole network.
            if replay.frames % 4 == 0 {
                let block = self.with_sim(|s| s.block());
                self.run
                    .notice
                    .set(Some(replay_notice(block, replay.target)));
                self.publish(false);
            }
            self.replay.replay.set_value(Some(replay));
        }
    }

    /// True (and says so) while a shared run is being replayed.
    pub(super) fn busy_replaying(&self) -> bool {
        let busy = self.replay.replaying.get_untracked();
        if busy {
            self.run.notice.set(Some(
                "Wait a moment: the shared run is still replaying.".into(),
            ));
        }
        busy
    }
}

fn replay_notice(block: u64, target: u64) -> String {
    format!(
        "Replaying the shared run: block {} of {}…",
        crate::data::format::grouped(block),
        crate::data::format::grouped(target)
    )
}
