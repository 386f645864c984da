//! The app's state: one [`Sim`] in a [`StoredValue`] plus the signals the views read.
//!
//! The simulation is large and not cheap to clone, so it lives outside the reactive graph and
//! views never touch it directly. After every change (a block run, a command) [`AppState::publish`]
//! copies the few things the views show into signals: the latest metrics, the network, the tail
//! of the event log. Views read only those signals. The world changes only through the engine's
//! own commands (`step`, `inject`, `Sim::preset`).
//!
//! The store is split by concern, each file one `impl AppState` block: this file holds the
//! constants, the fields and [`AppState::new`]; `playback` plays, pauses, steps and seeks the
//! next event (for the run loop); `publish` copies the simulation into the signals after
//! every change; `history` keeps the node history and checkpoints beside the run and goes
//! back to a block; `shared_run` replays a share link's run to its block; `load` loads
//! presets and scenarios and the position, injects faults and selects a node; `grouping`
//! holds the plain functions that group the timeline and the small operators.

mod grouping;
mod history;
pub mod lesson;
mod load;
mod playback;
mod publish;
mod shared_run;
#[cfg(test)]
mod tests;
pub mod ui;

pub use grouping::{
    group_by_step, small_operators, StepGroup, GROUP_ABOVE, KEEP_OPERATORS, TIMELINE_PER_STEP,
};
pub use history::{replay, rewind_to, CHECKPOINT_EVERY};
pub use publish::STORY_ROWS;
use shared_run::Replay;

use leptos::prelude::*;
use restake_engine::channel_totals::ChannelTotals;
use restake_engine::inspect::NodeDetail;
use restake_engine::outcome::PositionTracker;
use restake_engine::redflags::RedFlag;
use restake_engine::sim::{AvsSecurity, Checkpoint};
use restake_engine::{BlockMetrics, Event, Fault, Network, NodeRef, Sim};

use crate::data::node_history::NodeHistory;
use crate::data::pacing::Countdown;
use crate::data::playbook_data::PositionReport;
use crate::data::story::{Milestone, Story, StoryRow};

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

/// Everything the views read and the commands they call. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Local storage (the browser has one thread): the engine may keep caches in `Cell`s, which
    /// are not `Sync`.
    sim: StoredValue<Sim, LocalStorage>,
    /// Reset count, part of every log key.
    generation: StoredValue<u32>,
    pub playing: RwSignal<bool>,
    /// Blocks per second.
    pub speed: RwSignal<u32>,
    /// The preset the scenario came from (the last one picked).
    pub preset: RwSignal<String>,
    /// True when the scenario is not that preset as it ships: edited, imported or from a link.
    pub custom: RwSignal<bool>,
    /// Bumped whenever a scenario is loaded (the editor rebuilds its fields from it).
    pub scenario_version: RwSignal<u64>,
    /// The packed scenario for share links while `custom`, computed once per scenario.
    scenario_blob: StoredValue<Option<String>>,
    /// The share link's fragment for the run as it is now (see [`crate::data::share`]).
    pub share: RwSignal<String>,
    /// A shared run being replayed by the run loop; commands wait until it is done.
    replay: StoredValue<Option<Replay>>,
    pub replaying: RwSignal<bool>,
    pub seed: RwSignal<u64>,
    pub metrics: RwSignal<BlockMetrics>,
    pub network: RwSignal<Network>,
    /// The last [`LOG_LIMIT`] events, oldest first.
    pub log: RwSignal<Vec<LogEntry>>,
    /// Block of the first event of each cascade step, in [`restake_engine::CascadeStep::ALL`] order.
    pub progress: RwSignal<[Option<u64>; 6]>,
    pub scheduled: RwSignal<Vec<(u64, Fault)>>,
    /// What the "Oracle fault" button injects now; `None` without an oracle AVS.
    pub oracle_fault: RwSignal<Option<Fault>>,
    /// One ready-to-inject fault per family ([`Sim::fault_menu`]). Its targets follow the run
    /// (the largest operator can change after a slash), so it is refreshed with everything else.
    pub fault_menu: RwSignal<Vec<Fault>>,
    /// Cost versus profit of corruption of each AVS, in the engine's AVS order.
    pub avs_security: RwSignal<Vec<AvsSecurity>>,
    pub state_hash: RwSignal<String>,
    /// Bumped whenever the metric history changed, so the chart knows when to redraw.
    pub history_version: RwSignal<u64>,
    /// LRT symbol of the current scenario, for labels ("ETH per rsLRT").
    pub lrt_symbol: RwSignal<String>,
    /// Scenario description, shown in the event log until the first event.
    pub description: RwSignal<String>,
    /// A message for the error banner; `None` hides it.
    pub error: RwSignal<Option<String>>,
    /// A short notice that is not an error (e.g. the run stopped at its limit).
    pub notice: RwSignal<Option<String>>,
    /// Per-node samples for the inspector's chart and the loss flows.
    history: StoredValue<NodeHistory>,
    /// The node the inspector shows; `None` closes it.
    pub selected: RwSignal<Option<NodeRef>>,
    /// The selected node's detail, refreshed with everything else.
    pub detail: RwSignal<Option<NodeDetail>>,
    /// How far each edge's exposure moved in the last blocks, ETH, in graph edge order.
    pub flows: RwSignal<Vec<f64>>,
    /// Operators drawn as one group node (empty when expanded or the network is small).
    pub grouped: RwSignal<Vec<NodeRef>>,
    /// The operators that would be grouped for this scenario.
    pub groupable: RwSignal<Vec<NodeRef>>,
    /// The event log grouped under the cascade steps.
    pub timeline: RwSignal<Vec<StepGroup>>,
    /// Checkpoints of the run every [`CHECKPOINT_EVERY`] blocks, block 0 first, each with a
    /// copy of the position tracker as it was then.
    checkpoints: StoredValue<Vec<(Checkpoint, Option<PositionTracker>)>, LocalStorage>,
    /// Follows the scenario's position (if it places one) block by block.
    tracker: StoredValue<Option<PositionTracker>, LocalStorage>,
    /// What the run did to the position so far ([`crate::data::playbook_data`]); `None` without one.
    pub position: RwSignal<Option<PositionReport>>,
    /// The scenario's red flags ([`redflags::evaluate`]), computed once per scenario.
    pub red_flags: RwSignal<Vec<RedFlag>>,
    /// Totals of the optional risk channels (slashing ambiguity, MEV, mercenary capital);
    /// `None` for a channel the scenario does not turn on.
    pub channel_totals: RwSignal<ChannelTotals>,
    /// The folded narration ([`crate::data::story`]), kept up to date by [`Self::publish`].
    story: StoredValue<Story>,
    /// The folded log's latest [`STORY_ROWS`] rows, oldest first.
    pub story_rows: RwSignal<Vec<StoryRow>>,
    /// The milestone rows reached so far, in order (pinned above the log).
    pub milestones: RwSignal<Vec<StoryRow>>,
    /// Milestones reached since the run loop last asked ([`Self::take_reached`]).
    reached: StoredValue<Vec<Milestone>>,
    /// The nearest pending deadline ([`crate::data::pacing::countdown`]).
    pub countdown: RwSignal<Option<Countdown>>,
    /// Automatic pacing: hold at milestones, fast-forward through waits ([`crate::data::pacing`]).
    pub auto_pace: RwSignal<bool>,
    /// What the pacing does now, in words ("holding at: Slash executed"); `None` at the
    /// chosen speed.
    pub pace_note: RwSignal<Option<String>>,
    /// "Next event": the block the search started from, while the run loop searches.
    pub seeking: RwSignal<Option<u64>>,
}

impl AppState {
    /// The state for the default preset and seed, at block 0 and paused.
    pub fn new() -> AppState {
        let sim = Sim::preset(DEFAULT_PRESET, DEFAULT_SEED).expect("the default preset is valid");
        let state = AppState {
            metrics: RwSignal::new(sim.latest().clone()),
            network: RwSignal::new(sim.network()),
            sim: StoredValue::new_local(sim),
            generation: StoredValue::new(0),
            playing: RwSignal::new(false),
            speed: RwSignal::new(DEFAULT_SPEED),
            preset: RwSignal::new(DEFAULT_PRESET.to_string()),
            custom: RwSignal::new(false),
            scenario_version: RwSignal::new(0),
            scenario_blob: StoredValue::new(None),
            share: RwSignal::new(String::new()),
            replay: StoredValue::new(None),
            replaying: RwSignal::new(false),
            seed: RwSignal::new(DEFAULT_SEED),
            log: RwSignal::new(Vec::new()),
            progress: RwSignal::new([None; 6]),
            scheduled: RwSignal::new(Vec::new()),
            oracle_fault: RwSignal::new(None),
            fault_menu: RwSignal::new(Vec::new()),
            avs_security: RwSignal::new(Vec::new()),
            state_hash: RwSignal::new(String::new()),
            history_version: RwSignal::new(0),
            lrt_symbol: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            history: StoredValue::new(NodeHistory::default()),
            selected: RwSignal::new(None),
            detail: RwSignal::new(None),
            flows: RwSignal::new(Vec::new()),
            grouped: RwSignal::new(Vec::new()),
            groupable: RwSignal::new(Vec::new()),
            timeline: RwSignal::new(Vec::new()),
            checkpoints: StoredValue::new_local(Vec::new()),
            tracker: StoredValue::new_local(None),
            position: RwSignal::new(None),
            red_flags: RwSignal::new(Vec::new()),
            channel_totals: RwSignal::new(ChannelTotals::default()),
            story: StoredValue::new(Story::default()),
            story_rows: RwSignal::new(Vec::new()),
            milestones: RwSignal::new(Vec::new()),
            reached: StoredValue::new(Vec::new()),
            countdown: RwSignal::new(None),
            auto_pace: RwSignal::new(true),
            pace_note: RwSignal::new(None),
            seeking: RwSignal::new(None),
        };
        state.record_history();
        state.publish_scenario();
        state.publish(true);
        state
    }

    /// Reads the simulation (never clones it).
    pub fn with_sim<R>(&self, f: impl FnOnce(&Sim) -> R) -> R {
        self.sim.with_value(f)
    }

    /// Reads the per-node history.
    pub fn with_history<R>(&self, f: impl FnOnce(&NodeHistory) -> R) -> R {
        self.history.with_value(f)
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
