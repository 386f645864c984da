//! Replay and checkpoints: what is kept beside the run to go back in it (checkpoints with the
//! position tracker, the per-node history) and a share link's run being replayed.

use leptos::prelude::*;
use restake_engine::outcome::PositionTracker;
use restake_engine::sim::Checkpoint;

use super::shared_run::Replay;
use crate::data::node_history::NodeHistory;

/// Checkpoints, node history and the shared-run replay. `Copy` (arena handles).
#[derive(Clone, Copy)]
pub struct ReplayState {
    /// A shared run being replayed by the run loop; commands wait until it is done.
    pub(super) replay: StoredValue<Option<Replay>>,
    pub replaying: RwSignal<bool>,
    /// Checkpoints of the run every [`super::CHECKPOINT_EVERY`] blocks, block 0 first, each
    /// with a copy of the position tracker as it was then.
    pub(super) checkpoints: StoredValue<Vec<(Checkpoint, Option<PositionTracker>)>, LocalStorage>,
    /// Follows the scenario's position (if it places one) block by block.
    pub(super) tracker: StoredValue<Option<PositionTracker>, LocalStorage>,
    /// Per-node samples for the inspector's chart and the loss flows.
    pub(super) history: StoredValue<NodeHistory>,
}

impl ReplayState {
    pub(super) fn new() -> ReplayState {
        ReplayState {
            replay: StoredValue::new(None),
            replaying: RwSignal::new(false),
            checkpoints: StoredValue::new_local(Vec::new()),
            tracker: StoredValue::new_local(None),
            history: StoredValue::new(NodeHistory::default()),
        }
    }

    /// Reads the per-node history.
    pub fn with_history<R>(&self, f: impl FnOnce(&NodeHistory) -> R) -> R {
        self.history.with_value(f)
    }

    /// Forgets everything kept beside the run (a new run starts).
    pub(super) fn clear(&self) {
        self.history.set_value(NodeHistory::default());
        self.checkpoints.set_value(Vec::new());
        self.tracker.set_value(None);
    }
}
