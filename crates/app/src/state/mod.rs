//! The app's state: one [`Sim`] in a [`StoredValue`] plus the signals the views read.
//!
//! The simulation is large and not cheap to clone, so it lives outside the reactive graph and
//! views never touch it directly. After every change (a block run, a command) [`AppState::publish`]
//! copies the few things the views show into signals: the latest metrics, the network, the tail
//! of the event log. Views read only those signals. The world changes only through the engine's
//! own commands (`step`, `inject`, `Sim::preset`).
//!
//! The store is split by concern, one struct a file, each provided as its own context:
//! [`RunState`] (`run.rs`: the simulation, playing, speed, pacing, the banners' messages),
//! [`ReplayState`] (`replay.rs`: checkpoints, node history, a share link's replay),
//! [`Published`] (`published.rs`: the readouts copied out of the run), [`StoryState`]
//! (`story.rs`: the folded narration) and [`ViewSettings`] (`view.rs`: layout, drawers,
//! selection). [`AppState`] holds the five and the commands that change the run, one
//! `impl AppState` block per file: `playback` plays, pauses, steps and seeks the next event
//! (for the run loop); `publish` copies the simulation into the signals after every change;
//! `history` records beside the run and goes back to a block; `shared_run` replays a share
//! link's run to its block; `load` loads presets and scenarios and the position, injects faults
//! and selects a node; `grouping` holds the plain functions that group the timeline and the
//! small operators.

mod grouping;
mod history;
pub mod lesson;
mod load;
mod playback;
mod publish;
pub mod published;
pub mod replay;
pub mod run;
mod shared_run;
pub mod story;
#[cfg(test)]
mod tests;
pub mod view;

pub use grouping::{
    group_by_step, small_operators, StepGroup, GROUP_ABOVE, KEEP_OPERATORS, TIMELINE_PER_STEP,
};
pub use history::{replay, rewind_to, CHECKPOINT_EVERY};
pub use publish::STORY_ROWS;
pub use published::Published;
pub use replay::ReplayState;
pub use run::RunState;
pub use story::StoryState;
pub use view::ViewSettings;

use leptos::prelude::*;
use restake_engine::{Event, Sim};

/// Speeds offered, blocks per second.
pub const SPEEDS: [u32; 5] = [1, 10, 60, 240, 1_200];

/// Speed at start, blocks per second: the slash (about 3,600 blocks after the fault) arrives in
/// about 15 s.
pub const DEFAULT_SPEED: u32 = 240;

pub const DEFAULT_PRESET: &str = "oracle-cascade";

pub const DEFAULT_SEED: u64 = 42;

/// Events kept in the rendered log.
pub const LOG_LIMIT: usize = 200;

/// Playing stops here (30 days): the metric history grows by one record per block and a run
/// left playing through a lesson would otherwise fill the tab's memory.
pub const MAX_BLOCK: u64 = 30 * restake_engine::units::BLOCKS_PER_DAY;

/// One event as the log shows it. `key` is unique across resets, so the keyed list never
/// reuses a row of a previous run.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    pub key: (u32, usize),
    pub event: Event,
}

/// The store, split by concern, and the commands that change the run. `Copy`: every part is
/// a set of arena handles. [`Self::provide`] puts each part into the leptos context on its own,
/// so a view takes only the part it reads (`expect_context::<Published>()`); views that call a
/// command take the whole `AppState`.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The simulation, how it plays, and the banners' messages.
    pub run: RunState,
    /// Checkpoints, the node history and a share link's replay.
    pub replay: ReplayState,
    /// What the views show of the run, copied out of it after every change.
    pub published: Published,
    /// The folded narration and its milestones.
    pub story: StoryState,
    /// Layout, drawers and the selected node.
    pub view: ViewSettings,
}

impl AppState {
    /// The state for the default preset and seed, at block 0 and paused.
    pub fn new() -> AppState {
        let sim = Sim::preset(DEFAULT_PRESET, DEFAULT_SEED).expect("the default preset is valid");
        let state = AppState {
            published: Published::new(&sim),
            run: RunState::new(sim),
            replay: ReplayState::new(),
            story: StoryState::new(),
            view: ViewSettings::new(),
        };
        state.record_history();
        state.publish_scenario();
        state.publish(true);
        state
    }

    /// Provides the whole state and each of its parts as leptos context.
    pub fn provide(self) {
        provide_context(self);
        provide_context(self.run);
        provide_context(self.replay);
        provide_context(self.published);
        provide_context(self.story);
        provide_context(self.view);
    }

    /// Reads the simulation (never clones it).
    pub fn with_sim<R>(&self, f: impl FnOnce(&Sim) -> R) -> R {
        self.run.with_sim(f)
    }

    /// Whether the run has reached [`MAX_BLOCK`].
    pub fn at_limit(&self) -> bool {
        self.with_sim(|s| s.block() >= MAX_BLOCK)
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}
