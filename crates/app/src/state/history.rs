//! What is kept beside the run (node history, checkpoints with the position tracker) and going
//! back to a block: from the last checkpoint at or before it, never from block 0.

use leptos::prelude::*;
use restake_engine::outcome::PositionTracker;
use restake_engine::sim::Checkpoint;
use restake_engine::{ScenarioError, Sim};

use super::{AppState, ReplayState};

/// Blocks between two checkpoints of the run (see [`rewind_to`]): going back replays at most
/// this many blocks. A checkpoint is one copy of the world (about 200 KB as JSON for the
/// presets), so a 30-day run keeps about 108 of them.
pub const CHECKPOINT_EVERY: u64 = 2_000;

/// A fresh run of `sim`'s scenario and seed up to `to_block`, with the faults `sim` had
/// injected before that block injected at the same blocks: the same state `sim` was in at the
/// end of `to_block` (the engine is deterministic). Faults injected at or after `to_block` are
/// left out. `each` sees the replay after every block (and at block 0).
pub fn replay(sim: &Sim, to_block: u64, mut each: impl FnMut(&Sim)) -> Result<Sim, ScenarioError> {
    let mut r = Sim::new(sim.scenario().clone(), sim.seed())?;
    let injected = sim.injected();
    let mut k = 0;
    each(&r);
    while r.block() < to_block {
        while k < injected.len() && injected[k].block == r.block() {
            r.inject(injected[k].fault.clone())?;
            k += 1;
        }
        r.step();
        each(&r);
    }
    Ok(r)
}

/// Takes `sim` back to `cp` (a checkpoint of this run at or before `to_block`) and forward to
/// `to_block`, injecting the faults it had injected in between at the same blocks: the same
/// state as [`replay`] reaches, without running from block 0. `each` sees every block run.
/// Errors (changing nothing) when `cp` is ahead of `sim` or after `to_block`.
pub fn rewind_to(
    sim: &mut Sim,
    cp: &Checkpoint,
    to_block: u64,
    mut each: impl FnMut(&Sim),
) -> Result<(), ScenarioError> {
    let behind = |reason: &str| ScenarioError::Invalid {
        path: "checkpoint".into(),
        reason: reason.into(),
    };
    if cp.block() > to_block {
        return Err(behind("the checkpoint is after the block to go back to"));
    }
    let again = sim
        .rewind(cp)
        .ok_or_else(|| behind("the checkpoint is ahead of the run"))?;
    let mut k = 0;
    while sim.block() < to_block {
        while k < again.len() && again[k].block == sim.block() {
            sim.inject(again[k].fault.clone())?;
            k += 1;
        }
        sim.step();
        each(sim);
    }
    Ok(())
}

/// After a block: samples it into the node history (when due), lets the position tracker read
/// it (a new tracker at block 0) and takes a checkpoint (every [`CHECKPOINT_EVERY`] blocks,
/// once).
pub(super) fn record_block(sim: &Sim, rec: ReplayState) {
    rec.history.update_value(|h| h.record(sim));
    rec.tracker.update_value(|t| match t {
        _ if sim.block() == 0 => *t = PositionTracker::new(sim),
        Some(t) => t.observe(sim),
        None => {}
    });
    if sim.block().is_multiple_of(CHECKPOINT_EVERY)
        && rec
            .checkpoints
            .with_value(|c| c.last().map(|(cp, _)| cp.block()))
            != Some(sim.block())
    {
        let tracker = rec.tracker.get_value();
        rec.checkpoints
            .update_value(|c| c.push((sim.checkpoint(), tracker)));
    }
}

impl AppState {
    /// Samples the current block into the node history (when due) and takes a checkpoint
    /// (when due and not taken yet).
    pub(super) fn record_history(&self) {
        let rec = self.replay;
        self.run.sim.with_value(|sim| record_block(sim, rec));
    }

    /// Goes back to the end of `block`, paused: from the last checkpoint at or before it, the
    /// run is stepped forward with the same injected faults (see [`rewind_to`]; the state equals
    /// a replay from block 0). Says how long it took.
    pub fn jump_to(&self, block: u64) {
        self.run.playing.set(false);
        let start = crate::run_loop::now_ms();
        let (history, checkpoints) = (self.replay.history, self.replay.checkpoints);
        let from = checkpoints.with_value(|c| {
            c.iter()
                .rposition(|(cp, _)| cp.block() <= block)
                .map(|i| (i, c[i].0.block()))
        });
        let Some((i, from_block)) = from else {
            return self
                .run
                .error
                .set(Some("No checkpoint to go back from.".into()));
        };
        history.update_value(|h| h.truncate_after(from_block));
        // The position tracker goes back with the run: its copy at the checkpoint reads the
        // blocks replayed from there.
        let mut tracker = checkpoints.with_value(|c| c[i].1.clone());
        let result = self
            .run
            .sim
            .try_update_value(|sim| {
                checkpoints.with_value(|c| {
                    history.try_update_value(|h| {
                        rewind_to(sim, &c[i].0, block, |s| {
                            h.record(s);
                            if let Some(t) = tracker.as_mut() {
                                t.observe(s);
                            }
                        })
                    })
                })
            })
            .flatten()
            .unwrap_or(Ok(()));
        match result {
            Ok(()) => {
                self.replay.tracker.set_value(tracker);
                checkpoints.update_value(|c| c.truncate(i + 1));
                self.run.generation.update_value(|g| *g += 1);
                self.published.log.set(Vec::new());
                self.published.progress.set([None; 6]);
                self.reset_story();
                self.publish(true);
                let ms = crate::run_loop::now_ms() - start;
                self.run.notice.set(Some(format!(
                    "Back at block {}: replayed from the checkpoint at block {} with the same faults in {ms:.0} ms. Faults injected later were dropped.",
                    crate::data::format::grouped(block),
                    crate::data::format::grouped(from_block)
                )));
            }
            Err(e) => self.run.error.set(Some(format!("Cannot go back: {e}"))),
        }
    }
}
