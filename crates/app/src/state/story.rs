//! The folded narration ([`crate::data::story`]) kept beside the run: its latest rows, the
//! milestones reached, and the nearest pending deadline.

use leptos::prelude::*;

use crate::data::pacing::Countdown;
use crate::data::story::{Milestone, Story, StoryRow};

/// The story the log tells. `Copy` (arena handles).
#[derive(Clone, Copy)]
pub struct StoryState {
    /// The folded narration, kept up to date by [`super::AppState::publish`].
    pub(super) story: StoredValue<Story>,
    /// The folded log's latest [`super::STORY_ROWS`] rows, oldest first.
    pub story_rows: RwSignal<Vec<StoryRow>>,
    /// The milestone rows reached so far, in order (pinned above the log).
    pub milestones: RwSignal<Vec<StoryRow>>,
    /// Milestones reached since the run loop last asked ([`Self::take_reached`]).
    pub(super) reached: StoredValue<Vec<Milestone>>,
    /// The nearest pending deadline ([`crate::data::pacing::countdown`]).
    pub countdown: RwSignal<Option<Countdown>>,
}

impl StoryState {
    pub(super) fn new() -> StoryState {
        StoryState {
            story: StoredValue::new(Story::default()),
            story_rows: RwSignal::new(Vec::new()),
            milestones: RwSignal::new(Vec::new()),
            reached: StoredValue::new(Vec::new()),
            countdown: RwSignal::new(None),
        }
    }

    /// The milestones reached since the last call (the run loop holds or ends a search).
    pub fn take_reached(&self) -> Vec<Milestone> {
        self.reached
            .try_update_value(std::mem::take)
            .unwrap_or_default()
    }

    /// Forgets the folded log (a new run, or a jump back that rewrote the events).
    pub(super) fn reset(&self) {
        self.story.set_value(Story::default());
        self.story_rows.set(Vec::new());
        self.milestones.set(Vec::new());
        self.reached.set_value(Vec::new());
    }

    /// Folds the events of `sim` not folded yet; the milestones they reached, `None` when
    /// there were none new.
    pub(super) fn fold(&self, sim: &restake_engine::Sim) -> Option<Vec<Milestone>> {
        let events = sim.events();
        (self.story.with_value(|s| s.next) != sim.events_dropped() + events.len() as u64)
            .then(|| {
                self.story
                    .try_update_value(|s| s.add(events, sim.events_dropped()))
            })
            .flatten()
    }

    /// Copies the folded log out (when it grew), notes the milestones reached for the run
    /// loop, and sets the countdown.
    pub(super) fn publish(&self, reached: Option<Vec<Milestone>>, countdown: Option<Countdown>) {
        if let Some(reached) = reached {
            let (rows, pinned) = self.story.with_value(|s| {
                let from = s.rows.len().saturating_sub(super::STORY_ROWS);
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
}
