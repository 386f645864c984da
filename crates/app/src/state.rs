//! The app's state: one [`Sim`] in a [`StoredValue`] plus the signals the views read.
//!
//! The simulation is large and not cheap to clone, so it lives outside the reactive graph and
//! views never touch it directly. After every change (a block run, a command) [`AppState::publish`]
//! copies the few things the views show into signals: the latest metrics, the network, the tail
//! of the event log. Views read only those signals. The world changes only through the engine's
//! own commands (`step`, `inject`, `Sim::preset`).

use leptos::prelude::*;
use restake_engine::channel_totals::{self, ChannelTotals};
use restake_engine::inspect::NodeDetail;
use restake_engine::outcome::PositionTracker;
use restake_engine::position::PositionParams;
use restake_engine::redflags::{self, RedFlag};
use restake_engine::sim::{AvsSecurity, Checkpoint};
use restake_engine::{
    presets, BlockMetrics, CascadeStep, Event, Fault, Network, NodeRef, Scenario, ScenarioError,
    Sim,
};

use restake_engine::units::BLOCKS_PER_EPOCH;

use crate::format::parse_seed;
use crate::node_history::NodeHistory;
use crate::pacing::Countdown;
use crate::playbook_data::PositionReport;
use crate::share::{self, RunLink, SharedFault};
use crate::story::{Milestone, Story, StoryRow};

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

/// Blocks between two checkpoints of the run (see [`rewind_to`]): going back replays at most
/// this many blocks. A checkpoint is one copy of the world (about 200 KB as JSON for the
/// presets), so a 30-day run keeps about 108 of them.
pub const CHECKPOINT_EVERY: u64 = 2_000;

/// Events shown under each cascade step in the timeline.
pub const TIMELINE_PER_STEP: usize = 12;
/// Operators shown one by one before the smaller ones are grouped into one node, when a
/// scenario has more than [`GROUP_ABOVE`].
pub const KEEP_OPERATORS: usize = 10;
pub const GROUP_ABOVE: usize = 12;

/// The events of one cascade step (or of none, `step: None`) for the timeline: how many, and
/// the first [`TIMELINE_PER_STEP`].
#[derive(Clone, Debug, PartialEq)]
pub struct StepGroup {
    pub step: Option<CascadeStep>,
    pub count: usize,
    pub entries: Vec<LogEntry>,
}

/// The events of `events` grouped under the six steps in order, then the notes without a step;
/// `generation` goes into each entry's key.
pub fn group_by_step(events: &[Event], generation: u32) -> Vec<StepGroup> {
    let slots = CascadeStep::ALL.map(Some).into_iter().chain([None]);
    slots
        .map(|step| {
            let mut count = 0;
            let mut entries = Vec::new();
            for (i, e) in events.iter().enumerate().filter(|(_, e)| e.step == step) {
                count += 1;
                if entries.len() < TIMELINE_PER_STEP {
                    entries.push(LogEntry {
                        key: (generation, i),
                        event: e.clone(),
                    });
                }
            }
            StepGroup {
                step,
                count,
                entries,
            }
        })
        .collect()
}

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

/// Operators beyond the [`KEEP_OPERATORS`] largest (by value), when `g` has more than
/// [`GROUP_ABOVE`]; else none. Ties keep graph order.
pub fn small_operators(g: &Network) -> Vec<NodeRef> {
    let mut ops: Vec<(usize, u128, NodeRef)> = g
        .node_weights()
        .enumerate()
        .filter(|(_, n)| matches!(n.node, NodeRef::Operator(_)))
        .map(|(i, n)| (i, n.value_wei, n.node))
        .collect();
    if ops.len() <= GROUP_ABOVE {
        return Vec::new();
    }
    ops.sort_by_key(|(i, v, _)| (std::cmp::Reverse(*v), *i));
    let mut small: Vec<(usize, NodeRef)> = ops[KEEP_OPERATORS..]
        .iter()
        .map(|(i, _, n)| (*i, *n))
        .collect();
    small.sort_by_key(|(i, _)| *i);
    small.into_iter().map(|(_, n)| n).collect()
}

/// What [`AppState::publish`] copies out of the simulation in one borrow.
struct Snapshot {
    metrics: BlockMetrics,
    network: Network,
    /// Present when the log grew.
    new_events: Option<NewEvents>,
    scheduled: Vec<(u64, Fault)>,
    oracle_fault: Option<Fault>,
    fault_menu: Vec<Fault>,
    avs_security: Vec<AvsSecurity>,
    hash: Option<String>,
    detail: Option<NodeDetail>,
    flows: Vec<f64>,
    timeline: Option<Vec<StepGroup>>,
    injected: Vec<SharedFault>,
    metrics_block: u64,
    position: Option<PositionReport>,
    channels: ChannelTotals,
    /// Milestones reached by events folded now; `None` when no event was new.
    reached: Option<Vec<Milestone>>,
    countdown: Option<Countdown>,
}

/// The log tail, and the (step slot, block) of each event not seen before.
type NewEvents = (Vec<LogEntry>, Vec<(usize, u64)>);

/// A shared run being replayed: the block to reach and the faults still to inject.
#[derive(Clone, Debug, Default)]
struct Replay {
    target: u64,
    faults: std::collections::VecDeque<SharedFault>,
    /// Frames spent so far: the views are refreshed every few frames only.
    frames: u32,
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
    /// The share link's fragment for the run as it is now (see [`crate::share`]).
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
    /// What the run did to the position so far ([`crate::playbook_data`]); `None` without one.
    pub position: RwSignal<Option<PositionReport>>,
    /// The scenario's red flags ([`redflags::evaluate`]), computed once per scenario.
    pub red_flags: RwSignal<Vec<RedFlag>>,
    /// Totals of the optional risk channels (slashing ambiguity, MEV, mercenary capital);
    /// `None` for a channel the scenario does not turn on.
    pub channel_totals: RwSignal<ChannelTotals>,
    /// The folded narration ([`crate::story`]), kept up to date by [`Self::publish`].
    story: StoredValue<Story>,
    /// The folded log's latest [`STORY_ROWS`] rows, oldest first.
    pub story_rows: RwSignal<Vec<StoryRow>>,
    /// The milestone rows reached so far, in order (pinned above the log).
    pub milestones: RwSignal<Vec<StoryRow>>,
    /// Milestones reached since the run loop last asked ([`Self::take_reached`]).
    reached: StoredValue<Vec<Milestone>>,
    /// The nearest pending deadline ([`crate::pacing::countdown`]).
    pub countdown: RwSignal<Option<Countdown>>,
    /// Automatic pacing: hold at milestones, fast-forward through waits ([`crate::pacing`]).
    pub auto_pace: RwSignal<bool>,
    /// What the pacing does now, in words ("holding at: Slash executed"); `None` at the
    /// chosen speed.
    pub pace_note: RwSignal<Option<String>>,
    /// "Next event": the block the search started from, while the run loop searches.
    pub seeking: RwSignal<Option<u64>>,
}

/// Rows of the folded log kept for the view.
pub const STORY_ROWS: usize = 150;

/// What is kept beside the run after every block; `Copy` (arena handles).
#[derive(Clone, Copy)]
struct Recorder {
    history: StoredValue<NodeHistory>,
    checkpoints: StoredValue<Vec<(Checkpoint, Option<PositionTracker>)>, LocalStorage>,
    tracker: StoredValue<Option<PositionTracker>, LocalStorage>,
}

/// After a block: samples it into the node history (when due), lets the position tracker read
/// it (a new tracker at block 0) and takes a checkpoint (every [`CHECKPOINT_EVERY`] blocks,
/// once).
fn record_block(sim: &Sim, rec: Recorder) {
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
        let rec = self.recorder();
        self.sim.update_value(|sim| {
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

    /// Samples the current block into the node history (when due) and takes a checkpoint
    /// (when due and not taken yet).
    fn record_history(&self) {
        let rec = self.recorder();
        self.sim.with_value(|sim| record_block(sim, rec));
    }

    fn recorder(&self) -> Recorder {
        Recorder {
            history: self.history,
            checkpoints: self.checkpoints,
            tracker: self.tracker,
        }
    }

    /// Reads the per-node history.
    pub fn with_history<R>(&self, f: impl FnOnce(&NodeHistory) -> R) -> R {
        self.history.with_value(f)
    }

    /// Whether the run has reached [`MAX_BLOCK`].
    pub fn at_limit(&self) -> bool {
        self.with_sim(|s| s.block() >= MAX_BLOCK)
    }

    /// Copies what the views show from the simulation into the signals. Hashing serialises the
    /// whole world, so the caller says when the state hash is worth refreshing.
    ///
    /// The copies are taken first and the signals set after, so that no subscriber runs while
    /// the simulation is borrowed.
    pub fn publish(&self, with_hash: bool) {
        let generation = self.generation.get_value();
        let shown = self
            .log
            .with_untracked(|l| l.last().map(|e| e.key.1 + 1).unwrap_or(0));
        let selected = self.selected.get_untracked();
        let history = self.history;
        let tracker = self.tracker;
        let story = self.story;
        let mut snap = self.sim.with_value(|sim| {
            let events = sim.events();
            let reached = (story.with_value(|s| s.next)
                != sim.events_dropped() + events.len() as u64)
                .then(|| story.try_update_value(|s| s.add(events, sim.events_dropped())))
                .flatten();
            let network = sim.network();
            let flows = history.with_value(|h| h.flows(&network));
            let new_events = (events.len() != shown).then(|| {
                let from = events.len().saturating_sub(LOG_LIMIT);
                let tail: Vec<LogEntry> = events[from..]
                    .iter()
                    .enumerate()
                    .map(|(i, e)| LogEntry {
                        key: (generation, from + i),
                        event: e.clone(),
                    })
                    .collect();
                let firsts: Vec<(usize, u64)> = events[shown.min(events.len())..]
                    .iter()
                    .filter_map(|e| e.step.map(|s| (s.number() as usize - 1, e.block)))
                    .collect();
                (tail, firsts)
            });
            let timeline = new_events
                .is_some()
                .then(|| group_by_step(events, generation));
            Snapshot {
                metrics: sim.latest().clone(),
                network,
                detail: selected.and_then(|n| restake_engine::inspect::node_detail(sim.world(), n)),
                flows,
                timeline,
                new_events,
                scheduled: sim.scheduled_faults(),
                oracle_fault: sim.default_oracle_fault(),
                fault_menu: sim.fault_menu(),
                avs_security: sim.avs_security(),
                hash: with_hash.then(|| sim.state_hash()),
                injected: sim
                    .injected()
                    .iter()
                    .map(|i| SharedFault {
                        block: i.block,
                        fault: i.fault.clone(),
                    })
                    .collect(),
                metrics_block: 0,
                position: tracker.with_value(|t| {
                    t.as_ref()
                        .map(|t| PositionReport::new(t.clone().finish(sim), sim))
                }),
                channels: channel_totals::of(sim),
                reached,
                countdown: crate::pacing::countdown(sim.world()),
            }
        });
        self.publish_story(snap.reached.take(), snap.countdown.take());

        snap.metrics_block = snap.metrics.block;
        self.metrics.set(snap.metrics);
        self.network.set(snap.network);
        self.history_version.update(|v| *v += 1);
        if let Some((tail, firsts)) = snap.new_events {
            self.log.set(tail);
            let mut progress = self.progress.get_untracked();
            let before = progress;
            for (slot, block) in firsts {
                progress[slot].get_or_insert(block);
            }
            if progress != before {
                self.progress.set(progress);
            }
        }
        if self.scheduled.with_untracked(|s| *s != snap.scheduled) {
            self.scheduled.set(snap.scheduled);
        }
        if self
            .oracle_fault
            .with_untracked(|f| *f != snap.oracle_fault)
        {
            self.oracle_fault.set(snap.oracle_fault);
        }
        if self.fault_menu.with_untracked(|m| *m != snap.fault_menu) {
            self.fault_menu.set(snap.fault_menu);
        }
        if self
            .avs_security
            .with_untracked(|a| *a != snap.avs_security)
        {
            self.avs_security.set(snap.avs_security);
        }
        if let Some(hash) = snap.hash {
            self.state_hash.set(hash);
        }
        if self.detail.with_untracked(|d| *d != snap.detail) {
            self.detail.set(snap.detail);
        }
        self.flows.set(snap.flows);
        if let Some(t) = snap.timeline {
            self.timeline.set(t);
        }
        if self.position.with_untracked(|p| *p != snap.position) {
            self.position.set(snap.position);
        }
        if self.channel_totals.with_untracked(|c| *c != snap.channels) {
            self.channel_totals.set(snap.channels);
        }
        let share = self.scenario_blob.with_value(|blob| {
            let preset = self.preset.get_untracked();
            let source = match blob {
                Some(b) => Err(b.as_str()),
                None => Ok(preset.as_str()),
            };
            share::encode(
                source,
                self.seed.get_untracked(),
                snap.metrics_block,
                &snap.injected,
            )
        });
        if self.share.with_untracked(|s| *s != share) {
            self.share.set(share);
        }
    }

    /// Copies the folded log out (when it grew), notes the milestones reached for the run
    /// loop, and sets the countdown.
    fn publish_story(&self, reached: Option<Vec<Milestone>>, countdown: Option<Countdown>) {
        if let Some(reached) = reached {
            let (rows, pinned) = self.story.with_value(|s| {
                let from = s.rows.len().saturating_sub(STORY_ROWS);
                (s.rows[from..].to_vec(), crate::story::milestones(&s.rows))
            });
            self.story_rows.set(rows);
            if !reached.is_empty() {
                self.milestones.set(pinned);
                self.reached.update_value(|r| r.extend(reached));
            }
        }
        if self.countdown.with_untracked(|c| *c != countdown) {
            self.countdown.set(countdown);
        }
    }

    /// The milestones reached since the last call (the run loop holds or ends a search).
    pub fn take_reached(&self) -> Vec<Milestone> {
        self.reached
            .try_update_value(std::mem::take)
            .unwrap_or_default()
    }

    /// Forgets the folded log (a new run, or a jump back that rewrote the events).
    fn reset_story(&self) {
        self.story.set_value(Story::default());
        self.story_rows.set(Vec::new());
        self.milestones.set(Vec::new());
        self.reached.set_value(Vec::new());
        self.seeking.set(None);
        self.pace_note.set(None);
    }

    /// "Next event": plays on quickly until the next milestone, then pauses there (at most
    /// [`crate::pacing::SEEK_LIMIT_BLOCKS`] blocks).
    pub fn next_event(&self) {
        if self.busy_replaying() {
            return;
        }
        if self.at_limit() {
            self.notice.set(Some(limit_notice()));
            return;
        }
        self.take_reached();
        self.seeking.set(Some(self.with_sim(|s| s.block())));
        self.playing.set(true);
    }

    /// Ends a "next event" search, paused; says why when no milestone was found.
    pub fn end_seek(&self, found: bool) {
        let Some(from) = self.seeking.get_untracked() else {
            return;
        };
        self.seeking.set(None);
        self.pause();
        if !found {
            self.notice.set(Some(format!(
                "No new milestone in the {} after block {}.",
                crate::pacing::duration(crate::pacing::SEEK_LIMIT_BLOCKS),
                crate::format::grouped(from)
            )));
        }
    }

    /// Opens the inspector on `node` (or closes it with `None`).
    pub fn select(&self, node: Option<NodeRef>) {
        self.selected.set(node);
        let detail = node.and_then(|n| {
            self.with_sim(|sim| restake_engine::inspect::node_detail(sim.world(), n))
        });
        self.detail.set(detail);
    }

    /// Shows the small operators one by one, or groups them again.
    pub fn toggle_grouping(&self) {
        if self.grouped.with_untracked(Vec::is_empty) {
            self.grouped.set(self.groupable.get_untracked());
        } else {
            self.grouped.set(Vec::new());
        }
    }

    /// Goes back to the end of `block`, paused: from the last checkpoint at or before it, the
    /// run is stepped forward with the same injected faults (see [`rewind_to`]; the state equals
    /// a replay from block 0). Says how long it took.
    pub fn jump_to(&self, block: u64) {
        self.playing.set(false);
        let start = crate::run_loop::now_ms();
        let (history, checkpoints) = (self.history, self.checkpoints);
        let from = checkpoints.with_value(|c| {
            c.iter()
                .rposition(|(cp, _)| cp.block() <= block)
                .map(|i| (i, c[i].0.block()))
        });
        let Some((i, from_block)) = from else {
            return self
                .error
                .set(Some("No checkpoint to go back from.".into()));
        };
        history.update_value(|h| h.truncate_after(from_block));
        // The position tracker goes back with the run: its copy at the checkpoint reads the
        // blocks replayed from there.
        let mut tracker = checkpoints.with_value(|c| c[i].1.clone());
        let result = self
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
                self.tracker.set_value(tracker);
                checkpoints.update_value(|c| c.truncate(i + 1));
                self.generation.update_value(|g| *g += 1);
                self.log.set(Vec::new());
                self.progress.set([None; 6]);
                self.reset_story();
                self.publish(true);
                let ms = crate::run_loop::now_ms() - start;
                self.notice.set(Some(format!(
                    "Back at block {}: replayed from the checkpoint at block {} with the same faults in {ms:.0} ms. Faults injected later were dropped.",
                    crate::format::grouped(block),
                    crate::format::grouped(from_block)
                )));
            }
            Err(e) => self.error.set(Some(format!("Cannot go back: {e}"))),
        }
    }

    /// Copies the scenario's fixed texts and the operator grouping (run after a reset).
    fn publish_scenario(&self) {
        let (symbol, description, small, flags) = self.sim.with_value(|sim| {
            (
                sim.scenario().lrt.symbol.clone(),
                sim.scenario().description.clone(),
                small_operators(&sim.network()),
                redflags::evaluate(sim.scenario()),
            )
        });
        self.red_flags.set(flags);
        self.lrt_symbol.set(symbol);
        self.description.set(description);
        self.groupable.set(small.clone());
        self.grouped.set(small);
        self.selected.set(None);
        self.detail.set(None);
    }

    /// Starts or stops playing.
    pub fn toggle_play(&self) {
        if self.busy_replaying() {
            return;
        }
        if self.playing.get_untracked() {
            self.pause();
        } else if self.at_limit() {
            self.notice.set(Some(limit_notice()));
        } else {
            self.playing.set(true);
        }
    }

    /// Stops playing and shows the exact state hash.
    pub fn pause(&self) {
        self.playing.set(false);
        self.seeking.set(None);
        self.publish(true);
    }

    /// Pauses at [`MAX_BLOCK`] and says why.
    pub fn stop_at_limit(&self) {
        self.pause();
        self.notice.set(Some(limit_notice()));
    }

    /// Pauses and runs exactly one block.
    pub fn step_once(&self) {
        if self.busy_replaying() {
            return;
        }
        self.playing.set(false);
        if self.at_limit() {
            self.notice.set(Some(limit_notice()));
        } else {
            self.sim.update_value(|sim| {
                sim.step();
            });
            self.record_history();
        }
        self.publish(true);
    }

    /// Starts over with the current scenario and seed, paused at block 0.
    pub fn reset(&self) {
        self.restart(self.seed.get_untracked());
    }

    /// Starts over with the current scenario (preset or not) and `seed`.
    fn restart(&self, seed: u64) {
        let scenario = self.with_sim(|s| s.scenario().clone());
        let preset = (!self.custom.get_untracked()).then(|| self.preset.get_untracked());
        if let Err(e) = self.load_scenario(scenario, seed, preset.as_deref()) {
            self.error.set(Some(format!("Cannot restart: {e}")));
        }
    }

    /// Starts over with `preset` and `seed`; on error shows the banner and keeps the old run.
    pub fn load(&self, preset: &str, seed: u64) {
        let result = presets::get(preset)
            .and_then(|scenario| self.load_scenario(scenario, seed, Some(preset)));
        if let Err(e) = result {
            self.error
                .set(Some(format!("Cannot load preset \"{preset}\": {e}")));
        }
    }

    /// Starts over with `scenario` and `seed`, paused at block 0. `preset` names the preset
    /// when `scenario` is that preset unchanged; `None` marks it custom (edited, imported or
    /// from a link). Returns the engine's error (naming the field) and keeps the old run when
    /// the scenario is invalid.
    pub fn load_scenario(
        &self,
        scenario: Scenario,
        seed: u64,
        preset: Option<&str>,
    ) -> Result<(), restake_engine::ScenarioError> {
        let blob = preset.is_none().then(|| share::scenario_blob(&scenario));
        let sim = Sim::new(scenario, seed)?;
        self.playing.set(false);
        self.replay.set_value(None);
        self.replaying.set(false);
        self.sim.set_value(sim);
        self.scenario_blob.set_value(blob);
        self.generation.update_value(|g| *g += 1);
        if let Some(p) = preset {
            self.preset.set(p.to_string());
        }
        self.custom.set(preset.is_none());
        self.scenario_version.update(|v| *v += 1);
        self.seed.set(seed);
        self.log.set(Vec::new());
        self.progress.set([None; 6]);
        self.reset_story();
        self.error.set(None);
        self.notice.set(None);
        self.history.set_value(NodeHistory::default());
        self.checkpoints.set_value(Vec::new());
        self.tracker.set_value(None);
        self.record_history();
        self.publish_scenario();
        self.publish(true);
        Ok(())
    }

    /// Places `position` into the current scenario (`None` removes it) and starts over at
    /// block 0, like an edit in the editor. Returns the engine's error (naming the field under
    /// `position`) and keeps the last good run when the position does not fit the scenario.
    pub fn set_position(
        &self,
        position: Option<PositionParams>,
    ) -> Result<(), restake_engine::ScenarioError> {
        let mut scenario = self.with_sim(|s| s.scenario().clone());
        scenario.position = position;
        self.load_scenario(scenario, self.seed.get_untracked(), None)
    }

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
            self.error
                .set(Some(format!("The shared run cannot be loaded: {e}")));
            return;
        }
        self.replay.set_value(Some(Replay {
            target: block,
            faults: faults.into(),
            frames: 0,
        }));
        self.replaying.set(true);
        self.notice.set(Some(replay_notice(0, block)));
    }

    /// Runs the shared run on for at most `budget_ms` (measured by `now`); called by the run
    /// loop each frame while [`Self::replaying`]. Injects each fault at the block it was
    /// injected at, and stops at the target block.
    pub fn replay_frame(&self, now: impl Fn() -> f64, budget_ms: f64) {
        let Some(mut replay) = self.replay.get_value() else {
            return;
        };
        let start = now();
        let rec = self.recorder();
        let mut refused = None;
        let mut done = false;
        self.sim.update_value(|sim| loop {
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
            self.replay.set_value(None);
            self.replaying.set(false);
            self.publish(true);
            match refused {
                Some(e) => self.error.set(Some(format!(
                    "The shared run stopped: a fault was refused: {e}"
                ))),
                None => self.notice.set(Some(format!(
                    "Replayed the shared run to block {}.",
                    crate::format::grouped(replay.target)
                ))),
            }
        } else {
            replay.frames += 1;
            // The progress every few frames: publishing reads the whole network.
            if replay.frames % 4 == 0 {
                let block = self.with_sim(|s| s.block());
                self.notice.set(Some(replay_notice(block, replay.target)));
                self.publish(false);
            }
            self.replay.set_value(Some(replay));
        }
    }

    /// True (and says so) while a shared run is being replayed.
    fn busy_replaying(&self) -> bool {
        let busy = self.replaying.get_untracked();
        if busy {
            self.notice.set(Some(
                "Wait a moment: the shared run is still replaying.".into(),
            ));
        }
        busy
    }

    /// The seed field changed: reset with the new seed, or explain why not.
    pub fn set_seed_text(&self, text: &str) {
        match parse_seed(text) {
            Ok(seed) => self.restart(seed),
            Err(msg) => self.error.set(Some(msg)),
        }
    }

    /// The preset select changed.
    pub fn set_preset(&self, name: &str) {
        if presets::NAMES.contains(&name) {
            self.load(name, self.seed.get_untracked());
        } else {
            self.error.set(Some(format!("Unknown preset \"{name}\".")));
        }
    }

    /// Injects `fault` into the next block; an error from the engine goes to the banner.
    pub fn inject(&self, fault: Option<Fault>) {
        let Some(fault) = fault else {
            self.error
                .set(Some("This scenario has no oracle AVS to disturb.".into()));
            return;
        };
        if self.busy_replaying() {
            return;
        }
        let result = self.sim.try_update_value(|sim| sim.inject(fault));
        match result {
            Some(Ok(())) => self.publish(!self.playing.get_untracked()),
            Some(Err(e)) => self.error.set(Some(format!("The fault was refused: {e}"))),
            None => {}
        }
    }

    /// The "Oracle fault" button: the engine's default oracle fault.
    pub fn fault_default(&self) {
        let fault = self.with_sim(|s| s.default_oracle_fault());
        self.inject(fault);
    }

    /// The fault menu's "Inject": the menu's fault of `family` (see [`Fault::family`]).
    pub fn inject_family(&self, family: &str) {
        let fault = self.with_sim(|s| s.fault_menu().into_iter().find(|f| f.family() == family));
        match fault {
            Some(f) => self.inject(Some(f)),
            None => self.error.set(Some(format!(
                "This scenario offers no {family} fault to inject."
            ))),
        }
    }

    /// Injects a fault aimed from the inspector (or a mitigation); says nothing went wrong
    /// only through the log.
    pub fn inject_aimed(&self, fault: Fault) {
        self.inject(Some(fault));
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}

fn replay_notice(block: u64, target: u64) -> String {
    format!(
        "Replaying the shared run: block {} of {}…",
        crate::format::grouped(block),
        crate::format::grouped(target)
    )
}

fn limit_notice() -> String {
    format!(
        "The run stopped at block {} (30 days), the app's limit. Press Reset to start over.",
        crate::format::grouped(MAX_BLOCK)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replay_reaches_the_same_state_as_the_run_it_replays() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        sim.run(5);
        sim.inject(sim.default_oracle_fault().expect("oracle"))
            .expect("inject");
        sim.run(10);
        let at_15 = sim.state_hash();
        sim.inject(Fault::LiquidityWithdrawal {
            share_bps: 5_000,
            lrt_symbol: None,
        })
        .expect("inject");
        sim.run(20);

        let mut seen = 0;
        let back = replay(&sim, 15, |_| seen += 1).expect("replay");
        assert_eq!(back.block(), 15);
        assert_eq!(seen, 16);
        assert_eq!(back.state_hash(), at_15);
        assert_eq!(back.injected().len(), 1, "the later fault is dropped");
        let forward = replay(&sim, 35, |_| {}).expect("replay");
        assert_eq!(forward.state_hash(), sim.state_hash());
    }

    #[test]
    fn going_back_from_a_checkpoint_equals_a_replay_from_block_zero() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        sim.run(500);
        let cp = sim.checkpoint();
        sim.run(100);
        sim.inject(sim.default_oracle_fault().expect("oracle"))
            .expect("inject");
        sim.run(3_500);
        sim.inject(Fault::LiquidityWithdrawal {
            share_bps: 5_000,
            lrt_symbol: None,
        })
        .expect("inject");
        sim.run(100);
        let reference = replay(&sim, 4_000, |_| {}).expect("replay");

        let mut seen = 0;
        rewind_to(&mut sim, &cp, 4_000, |_| seen += 1).expect("rewind");
        assert_eq!(seen, 3_500);
        assert_eq!(sim.block(), 4_000);
        assert_eq!(sim.state_hash(), reference.state_hash());
        assert_eq!(sim.injected(), reference.injected());
        assert_eq!(sim.events(), reference.events());
        assert_eq!(sim.history(), reference.history());
        // A checkpoint after the target is refused and changes nothing.
        let late = sim.checkpoint();
        assert!(rewind_to(&mut sim, &late, 3_000, |_| {}).is_err());
        assert_eq!(sim.block(), 4_000);
    }

    #[test]
    fn a_frame_runs_at_most_one_epoch_boundary_and_starts_with_it() {
        let state = AppState::new();
        assert_eq!(state.advance(100, || 0.0, f64::INFINITY), 31);
        assert_eq!(state.advance(100, || 0.0, f64::INFINITY), 32);
        assert_eq!(state.with_sim(|s| s.block()), 63);
        // The budget stops it after the first block when time is up.
        let clock = std::cell::Cell::new(0.0);
        let ran = state.advance(
            100,
            || {
                clock.set(clock.get() + 10.0);
                clock.get()
            },
            4.0,
        );
        assert_eq!(ran, 1);
        assert_eq!(
            state.metrics.get_untracked().block,
            0,
            "published only on request"
        );
        state.publish(false);
        assert_eq!(state.metrics.get_untracked().block, 64);
    }

    #[test]
    fn events_group_under_their_steps_in_order() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        sim.run(4_500);
        let groups = group_by_step(sim.events(), 3);
        assert_eq!(groups.len(), 7);
        assert_eq!(
            groups.iter().map(|g| g.count).sum::<usize>(),
            sim.events().len()
        );
        for (g, step) in groups.iter().zip(CascadeStep::ALL) {
            assert_eq!(g.step, Some(step));
            assert!(g.entries.iter().all(|e| e.event.step == Some(step)));
            assert!(g.entries.len() <= TIMELINE_PER_STEP);
        }
        assert!(groups[0].count > 0 && groups[1].count > 0);
    }

    #[test]
    fn only_networks_with_many_operators_group_the_small_ones() {
        let sim = Sim::preset("oracle-cascade", 42).expect("preset");
        let g = sim.network();
        let ops = g
            .node_weights()
            .filter(|n| matches!(n.node, NodeRef::Operator(_)))
            .count();
        let small = small_operators(&g);
        if ops > GROUP_ABOVE {
            assert_eq!(small.len(), ops - KEEP_OPERATORS);
            let value = |r: &NodeRef| g.node_weights().find(|n| n.node == *r).unwrap().value_wei;
            let kept_min = g
                .node_weights()
                .filter(|n| matches!(n.node, NodeRef::Operator(_)) && !small.contains(&n.node))
                .map(|n| n.value_wei)
                .min()
                .unwrap();
            assert!(small.iter().all(|r| value(r) <= kept_min));
        } else {
            assert!(small.is_empty());
        }
    }
}
