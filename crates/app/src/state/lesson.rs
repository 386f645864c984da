//! The lessons' state and their runs: loads a chapter's preset with the lever the student set,
//! starts it (injecting the oracle fault when the chapter does), plays it with the app's paced
//! run loop (or fast, "skip to the answer"), pauses it at the moment that answers the
//! chapter's question and writes the explanation from that run. The chapters themselves are
//! plain data in [`crate::data::lesson_data`]; the panel is [`crate::views::lesson_view`].

use leptos::prelude::*;
use restake_engine::sim::AvsSecurity;

use crate::data::lesson_data::{self, LessonOutcome, CHAPTERS, LESSON_SEED};
use crate::data::story::{self, Milestone};
use crate::state::AppState;

/// Where a chapter is: reading and predicting, running, or explained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Setup,
    Running,
    Explained,
}

/// Wall time a frame of "skip to the answer" may run blocks, ms.
const SKIP_BUDGET_MS: f64 = 30.0;

#[derive(Clone, Copy)]
pub struct LessonState {
    pub open: RwSignal<bool>,
    pub chapter: RwSignal<usize>,
    /// The lever position chosen for the current chapter.
    pub option: RwSignal<usize>,
    /// The prediction committed to in each chapter (index into its choices).
    pub predictions: RwSignal<Vec<Option<usize>>>,
    pub phase: RwSignal<Phase>,
    /// True while "skip to the answer" runs blocks without pacing.
    pub skipping: RwSignal<bool>,
    /// The explanation's paragraphs, written when the run stopped.
    pub explanation: RwSignal<Vec<String>>,
    /// The AVSs' security at block 0 and the faulted AVS, for [`LessonOutcome::read`].
    before: StoredValue<(Vec<AvsSecurity>, Option<String>)>,
}

impl LessonState {
    pub fn new() -> LessonState {
        LessonState {
            open: RwSignal::new(false),
            chapter: RwSignal::new(0),
            option: RwSignal::new(CHAPTERS[0].default_option()),
            predictions: RwSignal::new(vec![None; CHAPTERS.len()]),
            phase: RwSignal::new(Phase::Setup),
            skipping: RwSignal::new(false),
            explanation: RwSignal::new(Vec::new()),
            before: StoredValue::new((Vec::new(), None)),
        }
    }

    /// Opens chapter `i` at its start (the lever at the preset's position).
    pub fn open_chapter(&self, i: usize) {
        let i = i.min(CHAPTERS.len() - 1);
        self.skipping.set(false);
        self.chapter.set(i);
        self.option.set(CHAPTERS[i].default_option());
        self.phase.set(Phase::Setup);
        self.explanation.set(Vec::new());
        self.open.set(true);
    }

    /// Records the prediction `choice` for the current chapter.
    pub fn predict(&self, choice: usize) {
        let i = self.chapter.get_untracked();
        self.predictions.update(|p| p[i] = Some(choice));
    }

    /// Loads the chapter's run and starts it: paced (`fast` false) or as fast as the page
    /// allows. Needs a prediction first.
    pub fn run(&self, state: AppState, fast: bool) {
        let i = self.chapter.get_untracked();
        let c = &CHAPTERS[i];
        let loaded = c
            .scenario(self.option.get_untracked())
            .and_then(|(s, preset)| state.load_scenario(s, LESSON_SEED, preset));
        if let Err(e) = loaded {
            state
                .run
                .error
                .set(Some(format!("The lesson cannot start: {e}")));
            return;
        }
        self.before
            .set_value(state.with_sim(|s| (s.avs_security(), lesson_data::fault_origin(s))));
        if c.oracle_fault {
            state.fault_default();
        }
        self.explanation.set(Vec::new());
        self.phase.set(Phase::Running);
        if fast {
            self.skip(state);
        } else {
            state.run.playing.set(true);
        }
    }

    /// Plays the rest of the current run without pacing, to its stop.
    pub fn skip(&self, state: AppState) {
        if self.phase.get_untracked() != Phase::Running {
            return;
        }
        state.pause();
        self.skipping.set(true);
        let lesson = *self;
        request_animation_frame(move || skip_frame(lesson, state));
    }

    /// Whether the current run has reached its chapter's stop.
    fn reached(&self, state: AppState) -> bool {
        let c = &CHAPTERS[self.chapter.get_untracked()];
        let block = state.published.metrics.with_untracked(|m| m.block);
        state
            .story
            .milestones
            .with_untracked(|rows| c.done(block, |m| rows.iter().any(|r| r.milestone == Some(m))))
    }

    /// Pauses the run and writes the explanation from its numbers.
    fn finish(&self, state: AppState) {
        self.skipping.set(false);
        state.pause();
        state.take_reached();
        let i = self.chapter.get_untracked();
        let outcome = self.before.with_value(|(before, origin)| {
            state.with_sim(|s| LessonOutcome::read(s, before, origin.as_deref()))
        });
        let prediction = self.predictions.with_untracked(|p| p[i]);
        self.explanation
            .set(CHAPTERS[i].explain(&outcome, prediction));
        self.phase.set(Phase::Explained);
    }

    /// Watches the run: stops it at the chapter's moment.
    pub fn start_watch(&self, state: AppState) {
        let lesson = *self;
        Effect::new(move |_| {
            state.published.metrics.track();
            state.story.milestones.track();
            if lesson.phase.get_untracked() == Phase::Running && lesson.reached(state) {
                lesson.finish(state);
            }
        });
    }
}

impl Default for LessonState {
    fn default() -> Self {
        LessonState::new()
    }
}

/// One frame of "skip to the answer": runs blocks for [`SKIP_BUDGET_MS`], stopping at the
/// chapter's milestones or block.
fn skip_frame(lesson: LessonState, state: AppState) {
    if !lesson.skipping.get_untracked() || lesson.phase.get_untracked() != Phase::Running {
        lesson.skipping.set(false);
        return;
    }
    let c = &CHAPTERS[lesson.chapter.get_untracked()];
    let left = c.stop.block.saturating_sub(state.with_sim(|s| s.block()));
    let stops: &[Milestone] = c.stop.milestones;
    let stop = |e: &restake_engine::Event| story::kind(e).is_some_and(|m| stops.contains(&m));
    state.advance_until(
        left.min(u32::MAX as u64) as u32,
        crate::run_loop::now_ms,
        SKIP_BUDGET_MS,
        stop,
    );
    state.publish(false);
    if lesson.phase.get_untracked() == Phase::Running {
        if lesson.reached(state) || state.at_limit() {
            lesson.finish(state);
        } else {
            request_animation_frame(move || skip_frame(lesson, state));
        }
    }
}
