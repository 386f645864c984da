//! Commands that start a run over (a preset, a scenario, a seed, the position), inject faults
//! into it, or select a node to inspect.

use leptos::prelude::*;
use restake_engine::position::PositionParams;
use restake_engine::{presets, Fault, NodeRef, Scenario, Sim};

use super::AppState;
use crate::data::format::parse_seed;
use crate::data::share;

impl AppState {
    /// Opens the inspector on `node` (or closes it with `None`).
    pub fn select(&self, node: Option<NodeRef>) {
        self.view.selected.set(node);
        let detail = node.and_then(|n| self.with_sim(|sim| sim.node_detail(n)));
        self.published.detail.set(detail);
    }

    /// Starts over with the current scenario and seed, paused at block 0.
    pub fn reset(&self) {
        self.restart(self.run.seed.get_untracked());
    }

    /// Starts over with the current scenario (preset or not) and `seed`.
    fn restart(&self, seed: u64) {
        let scenario = self.with_sim(|s| s.scenario().clone());
        let preset = (!self.run.custom.get_untracked()).then(|| self.run.preset.get_untracked());
        if let Err(e) = self.load_scenario(scenario, seed, preset.as_deref()) {
            self.run.error.set(Some(format!("Cannot restart: {e}")));
        }
    }

    /// Starts over with `preset` and `seed`; on error shows the banner and keeps the old run.
    pub fn load(&self, preset: &str, seed: u64) {
        let result = presets::get(preset)
            .and_then(|scenario| self.load_scenario(scenario, seed, Some(preset)));
        if let Err(e) = result {
            self.run
                .error
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
        self.run.playing.set(false);
        self.replay.replay.set_value(None);
        self.replay.replaying.set(false);
        self.run.sim.set_value(sim);
        self.run.scenario_blob.set_value(blob);
        self.run.generation.update_value(|g| *g += 1);
        if let Some(p) = preset {
            self.run.preset.set(p.to_string());
        }
        self.run.custom.set(preset.is_none());
        self.run.scenario_version.update(|v| *v += 1);
        self.run.seed.set(seed);
        self.published.log.set(Vec::new());
        self.published.progress.set([None; 6]);
        self.reset_story();
        self.run.error.set(None);
        self.run.notice.set(None);
        self.replay.clear();
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
        self.load_scenario(scenario, self.run.seed.get_untracked(), None)
    }

    /// The seed field changed: reset with the new seed, or explain why not.
    pub fn set_seed_text(&self, text: &str) {
        match parse_seed(text) {
            Ok(seed) => self.restart(seed),
            Err(msg) => self.run.error.set(Some(msg)),
        }
    }

    /// The preset select changed.
    pub fn set_preset(&self, name: &str) {
        if presets::NAMES.contains(&name) {
            self.load(name, self.run.seed.get_untracked());
        } else {
            self.run
                .error
                .set(Some(format!("Unknown preset \"{name}\".")));
        }
    }

    /// Injects `fault` into the next block; an error from the engine goes to the banner.
    pub fn inject(&self, fault: Option<Fault>) {
        let Some(fault) = fault else {
            self.run
                .error
                .set(Some("This scenario has no oracle AVS to disturb.".into()));
            return;
        };
        if self.busy_replaying() {
            return;
        }
        let result = self.run.sim.try_update_value(|sim| sim.inject(fault));
        match result {
            Some(Ok(())) => self.publish(!self.run.playing.get_untracked()),
            Some(Err(e)) => self
                .run
                .error
                .set(Some(format!("The fault was refused: {e}"))),
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
            None => self.run.error.set(Some(format!(
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
