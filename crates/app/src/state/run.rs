//! The run: the one [`Sim`] (outside the reactive graph), which scenario and seed it is, whether
//! and how fast it plays, the pacing, and the messages the commands leave for the banners.

use leptos::prelude::*;
use restake_engine::Sim;

use super::{DEFAULT_PRESET, DEFAULT_SEED, DEFAULT_SPEED};

/// The simulation and how it is played. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct RunState {
    /// Local storage (the browser has one thread): the engine may keep caches in `Cell`s, which
    /// are not `Sync`.
    pub(super) sim: StoredValue<Sim, LocalStorage>,
    /// Reset count, part of every log key.
    pub(super) generation: StoredValue<u32>,
    pub playing: RwSignal<bool>,
    /// Blocks per second.
    pub speed: RwSignal<u32>,
    pub seed: RwSignal<u64>,
    /// The preset the scenario came from (the last one picked).
    pub preset: RwSignal<String>,
    /// True when the scenario is not that preset as it ships: edited, imported or from a link.
    pub custom: RwSignal<bool>,
    /// Bumped whenever a scenario is loaded (the editor rebuilds its fields from it).
    pub scenario_version: RwSignal<u64>,
    /// The packed scenario for share links while `custom`, computed once per scenario.
    pub(super) scenario_blob: StoredValue<Option<String>>,
    /// The share link's fragment for the run as it is now (see [`crate::data::share`]).
    pub share: RwSignal<String>,
    /// Automatic pacing: hold at milestones, fast-forward through waits ([`crate::data::pacing`]).
    pub auto_pace: RwSignal<bool>,
    /// What the pacing does now, in words ("holding at: Slash executed"); `None` at the
    /// chosen speed.
    pub pace_note: RwSignal<Option<String>>,
    /// "Next event": the block the search started from, while the run loop searches.
    pub seeking: RwSignal<Option<u64>>,
    /// A message for the error banner; `None` hides it.
    pub error: RwSignal<Option<String>>,
    /// A short notice that is not an error (e.g. the run stopped at its limit).
    pub notice: RwSignal<Option<String>>,
}

impl RunState {
    /// `sim` paused at the default speed, as the default preset and seed.
    pub(super) fn new(sim: Sim) -> RunState {
        RunState {
            sim: StoredValue::new_local(sim),
            generation: StoredValue::new(0),
            playing: RwSignal::new(false),
            speed: RwSignal::new(DEFAULT_SPEED),
            seed: RwSignal::new(DEFAULT_SEED),
            preset: RwSignal::new(DEFAULT_PRESET.to_string()),
            custom: RwSignal::new(false),
            scenario_version: RwSignal::new(0),
            scenario_blob: StoredValue::new(None),
            share: RwSignal::new(String::new()),
            auto_pace: RwSignal::new(true),
            pace_note: RwSignal::new(None),
            seeking: RwSignal::new(None),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
        }
    }

    /// Reads the simulation (never clones it).
    pub fn with_sim<R>(&self, f: impl FnOnce(&Sim) -> R) -> R {
        self.sim.with_value(f)
    }
}
