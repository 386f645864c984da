//! # restake-worker
//!
//! The Monte Carlo runs of the browser app, as a web worker runs them: one whole run of a
//! scenario per seed, followed by a [`Follow`]er (the engine's [`OutcomeTracker`], the numbers
//! `restake sweep` writes, or its [`PositionTracker`], what `restake position` summarises), so a
//! run here and the CLI's with the same scenario and seed agree bit for bit.
//!
//! The page (crate `restake-app`, `mc_runner`) and the worker exchange JSON: the [`Job`]
//! (scenario, injected faults, last block) one way and each seed's [`RunResult`] the other;
//! serde_json's `float_roundtrip` reads every float back to the same bits. The worker's own
//! module is this crate's binary (`src/main.rs`), built apart from the page's so that the engine
//! runs there at opt-level 3 while the page is built for size (`Cargo.toml`'s `wasm-worker`
//! profile). Plain Rust, tested natively.

use restake_engine::batch::{Outcome, OutcomeTracker};
use restake_engine::outcome::{PositionOutcome, PositionTracker};
use restake_engine::sim::Injected;
use restake_engine::{MemoryLimit, Scenario, ScenarioError, Sim};
use serde::{Deserialize, Serialize};

/// What follows one run block by block and says what the run did at its end.
pub trait Follow: Sized {
    /// The result of one run. Serialised to send it from the web worker that ran it to the
    /// page; serde_json's `float_roundtrip` keeps every float bit for bit.
    type Out: Clone + Send + Sync + Serialize + serde::de::DeserializeOwned + 'static;
    /// A follower for `sim` at block 0; `None` when the scenario has nothing to follow.
    fn start(sim: &Sim) -> Option<Self>;
    /// Reads the block `sim` just ran.
    fn observe(&mut self, sim: &Sim);
    fn finish(self, sim: &Sim) -> Self::Out;
}

/// The network's losses ([`restake_engine::batch::run_outcome`] follows a run the same way).
impl Follow for OutcomeTracker {
    type Out = Outcome;
    fn start(sim: &Sim) -> Option<Self> {
        Some(OutcomeTracker::new(sim.latest()))
    }
    fn observe(&mut self, sim: &Sim) {
        OutcomeTracker::observe(self, sim.latest());
    }
    fn finish(self, sim: &Sim) -> Outcome {
        OutcomeTracker::finish(&self, sim)
    }
}

/// The scenario's position ([`restake_engine::outcome::run_position`], which `restake position`
/// runs, follows a run the same way).
impl Follow for PositionTracker {
    type Out = PositionOutcome;
    fn start(sim: &Sim) -> Option<Self> {
        PositionTracker::new(sim)
    }
    fn observe(&mut self, sim: &Sim) {
        PositionTracker::observe(self, sim);
    }
    fn finish(self, sim: &Sim) -> PositionOutcome {
        PositionTracker::finish(self, sim)
    }
}

/// One run in progress: the sim, its follower and the next injected fault due.
pub struct Run<T> {
    pub sim: Sim,
    pub tracker: T,
    /// Index of the next fault (of the sorted list given to [`Run::advance`]) to inject.
    next_fault: usize,
}

impl<T: Follow> Run<T> {
    /// Run `seed` of `scenario` at block 0, keeping only 64 recent blocks and events (outcomes
    /// need no stored history). Panics if the scenario is invalid or has nothing for `T` to
    /// follow: callers check both first (the app's `MonteCarlo::new`).
    pub fn start(scenario: &Scenario, seed: u64) -> Run<T> {
        let mut sim = Sim::new(scenario.clone(), seed).expect("the scenario was checked");
        sim.set_memory_limit(Some(MemoryLimit {
            recent_blocks: 64,
            events: 64,
        }));
        let tracker = T::start(&sim).expect("the scenario was checked for this follower");
        Run {
            sim,
            tracker,
            next_fault: 0,
        }
    }

    /// Injects the `faults` (sorted by block) due at this block, then runs one block. A fault
    /// the engine refuses is skipped and its error kept in `refused`.
    pub fn advance(&mut self, faults: &[Injected], refused: &mut Option<ScenarioError>) {
        while let Some(f) = faults.get(self.next_fault) {
            if f.block != self.sim.block() {
                break;
            }
            if let Err(e) = self.sim.inject(f.fault.clone()) {
                *refused = Some(e);
            }
            self.next_fault += 1;
        }
        self.sim.step();
        self.tracker.observe(&self.sim);
    }

    /// The run's result at the block it reached.
    pub fn finish(self) -> T::Out {
        self.tracker.finish(&self.sim)
    }
}

/// One whole run of `scenario` with `seed` to block `to_block`, the `faults` (sorted by block)
/// injected at their blocks: what a web worker runs for each seed it is given.
/// `progress(block)` is called every [`PROGRESS_BLOCKS`] blocks. Returns the outcome and the
/// last fault the engine refused, if any. The scenario must be valid and have something for
/// `T` to follow (else this panics).
pub fn run_seed<T: Follow>(
    scenario: &Scenario,
    faults: &[Injected],
    seed: u64,
    to_block: u64,
    mut progress: impl FnMut(u64),
) -> (T::Out, Option<ScenarioError>) {
    let mut run = Run::<T>::start(scenario, seed);
    let mut refused = None;
    while run.sim.block() < to_block {
        run.advance(faults, &mut refused);
        if run.sim.block().is_multiple_of(PROGRESS_BLOCKS) {
            progress(run.sim.block());
        }
    }
    (run.finish(), refused)
}

/// Blocks between two progress calls of [`run_seed`].
pub const PROGRESS_BLOCKS: u64 = 64;

/// What a run follows: the network's losses ([`OutcomeTracker`], the Monte Carlo tab) or the
/// scenario's position ([`PositionTracker`], the playbook's Monte Carlo).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Outcome,
    Position,
}

impl Kind {
    /// The id sent to the worker: "outcome" or "position".
    pub fn id(self) -> &'static str {
        match self {
            Kind::Outcome => "outcome",
            Kind::Position => "position",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        [Kind::Outcome, Kind::Position]
            .into_iter()
            .find(|k| k.id() == id)
    }
}

/// The runs a worker is given: the scenario (checked on the page), the faults to inject sorted
/// by block, the last block.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub kind: Kind,
    pub scenario: Scenario,
    pub faults: Vec<Injected>,
    pub to_block: u64,
}

/// One run's answer as sent back to the page: the outcome, and the last injected fault the
/// engine refused (the run went on without it).
#[derive(Debug, Serialize, Deserialize)]
pub struct RunResult<O> {
    pub out: O,
    pub refused: Option<String>,
}

impl Job {
    /// The job from the JSON the page sends ([`Job::scenario_json`], [`Job::faults_json`]).
    /// Errors name the part that could not be read ("scenario: ...", "faults: ...").
    pub fn from_json(
        kind: &str,
        scenario: &str,
        faults: &str,
        to_block: u64,
    ) -> Result<Job, String> {
        Ok(Job {
            kind: Kind::from_id(kind).ok_or_else(|| format!("unknown kind {kind:?}"))?,
            // The page checked both with field paths (`Scenario::from_json`'s
            // serde_path_to_error); here plain serde_json keeps the worker's module small.
            scenario: serde_json::from_str::<Scenario>(scenario)
                .map_err(|e| e.to_string())
                .and_then(|s| s.validate().map(|()| s).map_err(|e| e.to_string()))
                .map_err(|e| format!("scenario: {e}"))?,
            faults: serde_json::from_str(faults).map_err(|e| format!("faults: {e}"))?,
            to_block,
        })
    }

    pub fn scenario_json(scenario: &Scenario) -> String {
        serde_json::to_string(scenario).expect("a scenario serialises")
    }

    pub fn faults_json(faults: &[Injected]) -> String {
        serde_json::to_string(faults).expect("faults serialise")
    }
}

/// Runs `seed` of `job` and returns its [`RunResult`] as JSON.
pub fn run_json(job: &Job, seed: u64, progress: impl FnMut(u64)) -> String {
    fn run<T: Follow>(job: &Job, seed: u64, progress: impl FnMut(u64)) -> String {
        let (out, refused) =
            run_seed::<T>(&job.scenario, &job.faults, seed, job.to_block, progress);
        let r = RunResult {
            out,
            refused: refused.map(|e| e.to_string()),
        };
        serde_json::to_string(&r).expect("an outcome serialises")
    }
    match job.kind {
        Kind::Outcome => run::<OutcomeTracker>(job, seed, progress),
        Kind::Position => run::<PositionTracker>(job, seed, progress),
    }
}

/// A [`RunResult`] read back on the page. Errors say the result could not be read.
pub fn parse_result<O: serde::de::DeserializeOwned>(json: &str) -> Result<RunResult<O>, String> {
    serde_json::from_str(json).map_err(|e| format!("a worker's result: {e}"))
}

#[cfg(test)]
mod tests;
