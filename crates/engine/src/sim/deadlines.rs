//! The nearest deadline a run is waiting for (a slash request's veto window, a decided
//! withdrawal pause not in effect yet), for the app's pacing and countdown. Read-only.

use serde::Serialize;

use crate::sim::Sim;

/// What ends at a [`Deadline`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DeadlineKind {
    /// A slash request's veto window closes and the slash executes.
    VetoWindow,
    /// An LRT's decided withdrawal pause takes effect.
    PauseTakesEffect,
}

/// A pending deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// Blocks from the current block to the deadline's block, at least 1.
    pub blocks_left: u64,
}

/// The nearest pending deadline of `sim`: a slash request waiting for its veto window, or a
/// decided withdrawal pause not in effect yet (the earlier of the two; on a tie, the veto
/// window). `None` when nothing is pending.
pub fn next(sim: &Sim) -> Option<Deadline> {
    let w = sim.world();
    let veto = w
        .slash_requests
        .iter()
        .filter(|r| r.execute_at > w.block)
        .map(|r| (DeadlineKind::VetoWindow, r.execute_at));
    let pause = w
        .lrts
        .iter()
        .filter_map(|l| l.pause_at)
        .filter(|&b| b > w.block)
        .map(|b| (DeadlineKind::PauseTakesEffect, b));
    veto.chain(pause)
        .min_by_key(|&(_, b)| b)
        .map(|(kind, b)| Deadline {
            kind,
            blocks_left: b - w.block,
        })
}
