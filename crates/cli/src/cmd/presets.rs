//! `restake scenario` and `restake presets`: the built-in presets, as scenario JSON or listed
//! with their descriptions.

use clap::Args;
use restake_engine::presets;

/// Arguments of `restake scenario`.
#[derive(Args)]
pub struct ScenarioArgs {
    /// Preset name.
    name: String,
}

impl ScenarioArgs {
    /// Prints the preset as a scenario JSON file that `run --scenario file.json` accepts.
    ///
    /// # Errors
    /// No preset has that name (the message lists them).
    pub fn exec(self) -> Result<(), String> {
        presets::get(&self.name)
            .map(|s| println!("{}", s.to_json()))
            .map_err(|e| e.to_string())
    }
}

/// Prints every preset's name and description (`restake presets`).
pub fn list() {
    for name in presets::NAMES {
        let s = presets::get(name).expect("listed preset exists");
        println!("{name}\n    {}\n", s.description);
    }
}
