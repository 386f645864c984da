//! Copying what the views show out of the simulation into the signals, after every block run
//! or command, and the folded narration beside it.

use leptos::prelude::*;
use restake_engine::channel_totals::{self, ChannelTotals};
use restake_engine::inspect::NodeDetail;
use restake_engine::redflags;
use restake_engine::sim::AvsSecurity;
use restake_engine::{BlockMetrics, Fault, Network};

use super::{group_by_step, small_operators, AppState, LogEntry, StepGroup, LOG_LIMIT};
use crate::data::pacing::Countdown;
use crate::data::playbook_data::PositionReport;
use crate::data::share::{self, SharedFault};
use crate::data::story::{Milestone, Story};

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

/// Rows of the folded log kept for the view.
pub const STORY_ROWS: usize = 150;

impl AppState {
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
                countdown: crate::data::pacing::countdown(sim.world()),
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
                (
                    s.rows[from..].to_vec(),
                    crate::data::story::milestones(&s.rows),
                )
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
    pub(super) fn reset_story(&self) {
        self.story.set_value(Story::default());
        self.story_rows.set(Vec::new());
        self.milestones.set(Vec::new());
        self.reached.set_value(Vec::new());
        self.seeking.set(None);
        self.pace_note.set(None);
    }

    /// Copies the scenario's fixed texts and the operator grouping (run after a reset).
    pub(super) fn publish_scenario(&self) {
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
}
