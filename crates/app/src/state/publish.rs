//! Copying what the views show out of the simulation into the signals, after every block run
//! or command, and the folded narration beside it.

use leptos::prelude::*;
use restake_engine::channel_totals::{self, RiskChannelTotals};
use restake_engine::inspect::NodeDetail;
use restake_engine::redflags;
use restake_engine::sim::AvsSecurity;
use restake_engine::{BlockMetrics, Event, Fault, Network};

use super::{group_by_step, small_operators, AppState, LogEntry, Published, StepGroup, LOG_LIMIT};
use crate::data::pacing::Countdown;
use crate::data::playbook_data::PositionReport;
use crate::data::share::{self, SharedFault};
use crate::data::story::Milestone;

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
    position: Option<PositionReport>,
    channels: RiskChannelTotals,
    /// Milestones reached by events folded now; `None` when no event was new.
    reached: Option<Vec<Milestone>>,
    countdown: Option<Countdown>,
}

/// The log tail, and the (step slot, block) of each event not seen before.
type NewEvents = (Vec<LogEntry>, Vec<(usize, u64)>);

/// Rows of the folded log kept for the view.
pub const STORY_ROWS: usize = 150;

impl AppState {
    /// Copies what the views show from the simulation into the signals. Hashing serialises the
    /// whole world, so the caller says when the state hash is worth refreshing.
    ///
    /// The copies are taken first ([`Self::snapshot`]) and the signals set after, so that no
    /// subscriber runs while the simulation is borrowed.
    pub fn publish(&self, with_hash: bool) {
        let mut snap = self.snapshot(with_hash);
        self.story
            .publish(snap.reached.take(), snap.countdown.take());
        let block = snap.metrics.block;
        let injected = std::mem::take(&mut snap.injected);
        self.published.set(snap);
        self.publish_share(block, &injected);
    }

    /// Copies what [`Self::publish`] shows out of the simulation, in one borrow; folds the
    /// events not folded yet into the story on the way.
    fn snapshot(&self, with_hash: bool) -> Snapshot {
        let generation = self.run.generation.get_value();
        let shown = self
            .published
            .log
            .with_untracked(|l| l.last().map(|e| e.key.1 + 1).unwrap_or(0));
        let selected = self.view.selected.get_untracked();
        let (history, tracker, story) = (self.replay.history, self.replay.tracker, self.story);
        self.run.sim.with_value(|sim| {
            let events = sim.events();
            let network = sim.network();
            let new_events = new_events(events, shown, generation);
            Snapshot {
                metrics: sim.latest().clone(),
                detail: selected.and_then(|n| sim.node_detail(n)),
                flows: history.with_value(|h| h.flows(&network)),
                network,
                timeline: new_events
                    .is_some()
                    .then(|| group_by_step(events, generation)),
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
                position: tracker.with_value(|t| {
                    t.as_ref()
                        .map(|t| PositionReport::new(t.clone().finish(sim), sim))
                }),
                channels: channel_totals::of(sim),
                reached: story.fold(sim),
                countdown: crate::data::pacing::countdown(sim),
            }
        })
    }

    /// Refreshes the share link for the run at `block` with its `injected` faults.
    fn publish_share(&self, block: u64, injected: &[SharedFault]) {
        let share = self.run.scenario_blob.with_value(|blob| {
            let preset = self.run.preset.get_untracked();
            let source = match blob {
                Some(b) => Err(b.as_str()),
                None => Ok(preset.as_str()),
            };
            share::encode(source, self.run.seed.get_untracked(), block, injected)
        });
        set_if_changed(self.run.share, share);
    }

    /// Forgets the folded log (a new run, or a jump back that rewrote the events) and the
    /// pacing that followed it.
    pub(super) fn reset_story(&self) {
        self.story.reset();
        self.run.seeking.set(None);
        self.run.pace_note.set(None);
    }

    /// The milestones reached since the last call (the run loop holds or ends a search).
    pub fn take_reached(&self) -> Vec<Milestone> {
        self.story.take_reached()
    }

    /// Copies the scenario's fixed texts and the operator grouping (run after a reset).
    pub(super) fn publish_scenario(&self) {
        let (symbol, description, small, flags) = self.run.sim.with_value(|sim| {
            (
                sim.scenario().lrt.symbol.clone(),
                sim.scenario().description.clone(),
                small_operators(&sim.network()),
                redflags::evaluate(sim.scenario()),
            )
        });
        self.published.red_flags.set(flags);
        self.published.lrt_symbol.set(symbol);
        self.published.description.set(description);
        self.view.groupable.set(small.clone());
        self.view.grouped.set(small);
        self.view.selected.set(None);
        self.published.detail.set(None);
    }
}

/// The log tail and the first events per step, when `events` holds events the log (which
/// shows `shown` of them) has not; keys carry `generation`.
fn new_events(events: &[Event], shown: usize, generation: u32) -> Option<NewEvents> {
    (events.len() != shown).then(|| {
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
    })
}

/// Sets `signal` to `value` only when it differs, so that its subscribers do not rerun for
/// nothing.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

impl Published {
    /// Sets the signals from a snapshot (all but its story parts and injected faults, which
    /// [`AppState::publish`] takes out first).
    fn set(&self, snap: Snapshot) {
        self.metrics.set(snap.metrics);
        self.network.set(snap.network);
        self.history_version.update(|v| *v += 1);
        if let Some((tail, firsts)) = snap.new_events {
            self.log.set(tail);
            let mut progress = self.progress.get_untracked();
            for (slot, block) in firsts {
                progress[slot].get_or_insert(block);
            }
            set_if_changed(self.progress, progress);
        }
        set_if_changed(self.scheduled, snap.scheduled);
        set_if_changed(self.oracle_fault, snap.oracle_fault);
        set_if_changed(self.fault_menu, snap.fault_menu);
        set_if_changed(self.avs_security, snap.avs_security);
        if let Some(hash) = snap.hash {
            self.state_hash.set(hash);
        }
        set_if_changed(self.detail, snap.detail);
        self.flows.set(snap.flows);
        if let Some(t) = snap.timeline {
            self.timeline.set(t);
        }
        set_if_changed(self.position, snap.position);
        set_if_changed(self.channel_totals, snap.channels);
    }
}
