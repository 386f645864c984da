//! `restake position`: the user's own position inside a scenario over many seeds
//! ([`restake_cli::position`] does the work).

use clap::Args;
use restake_cli::input::{self, load_scenario};
use restake_cli::position;

use super::{blocks_parser, threads_parser, CompareFormat};

/// Arguments of `restake position`.
#[derive(Args)]
pub struct PositionArgs {
    /// A preset name or a scenario JSON file (with a `position`, unless --position is given).
    #[arg(long, default_value = "path-lrt")]
    scenario: String,
    /// A position JSON file; replaces the scenario's own position.
    #[arg(long)]
    position: Option<String>,
    /// Seeds: `0..100`, `0..=99`, or `1,2,3`; at most 1,000,000.
    #[arg(long, default_value = "0..100")]
    seeds: String,
    /// Blocks per run (at most 26,298,000, 10 years).
    #[arg(long, default_value_t = 7_200, value_parser = blocks_parser())]
    blocks: u64,
    /// Worker threads (default: all cores; at most 1024). The output does not depend on it.
    #[arg(long, value_parser = threads_parser())]
    threads: Option<usize>,
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    format: CompareFormat,
}

impl PositionArgs {
    /// Places the position, runs it over the seeds and prints the report.
    ///
    /// # Errors
    /// A scenario or position file that cannot be loaded or is invalid, a scenario without a
    /// position and no `--position`, bad `--seeds`, or a failed run.
    pub fn exec(self) -> Result<(), String> {
        let scenario = self.scenario.as_str();
        let mut s = load_scenario(scenario)?;
        if let Some(path) = &self.position {
            s.position = Some(position::load_position(path, &s)?);
        }
        if s.position.is_none() {
            return Err(format!(
                "scenario '{scenario}' has no position: give --position <file.json>"
            ));
        }
        if self.threads == Some(0) {
            return Err("--threads must be at least 1".into());
        }
        let seeds = input::parse_seeds(&self.seeds)?;
        let report = position::run(scenario, &s, &seeds, self.blocks, self.threads)?;
        match self.format {
            CompareFormat::Text => print!("{}", report.to_text()),
            CompareFormat::Json => println!("{}", report.to_json()),
        }
        Ok(())
    }
}
