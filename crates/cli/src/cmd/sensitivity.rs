//! `restake sensitivity`: every lever applied to one scenario, the median outcomes against
//! their expected directions ([`restake_cli::sensitivity`] does the work; docs/SENSITIVITY.md).

use clap::Args;
use restake_cli::input::{self, load_scenario};
use restake_cli::sensitivity;

use super::{blocks_parser, threads_parser, CompareFormat};

/// Arguments of `restake sensitivity`.
#[derive(Args)]
pub struct SensitivityArgs {
    /// Preset or file.
    #[arg(default_value = "oracle-cascade")]
    scenario: String,
    /// Seeds: `0..20`, `0..=19`, or `1,2,3`; the baseline and each lever run every seed,
    /// at most 1,000,000 runs in all.
    #[arg(long, default_value = "0..20")]
    seeds: String,
    /// Blocks per run (at most 26,298,000, 10 years).
    #[arg(long, default_value_t = 7_200, value_parser = blocks_parser())]
    blocks: u64,
    #[arg(long, value_parser = threads_parser())]
    threads: Option<usize>,
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    format: CompareFormat,
    /// Exit with an error when an outcome moves against its direction (known open defects
    /// excepted).
    #[arg(long)]
    check: bool,
}

impl SensitivityArgs {
    /// Runs the baseline and every lever over the seeds and prints the table.
    ///
    /// # Errors
    /// A scenario that cannot be loaded, bad `--seeds`, too many runs, a failed run, or with
    /// `--check` an outcome that moved against its direction (listed).
    pub fn exec(self) -> Result<(), String> {
        let base = load_scenario(&self.scenario)?;
        let seeds = input::parse_seeds(&self.seeds)?;
        let table = sensitivity::run(&self.scenario, &base, &seeds, self.blocks, self.threads)?;
        match self.format {
            CompareFormat::Text => print!("{}", table.to_markdown()),
            CompareFormat::Json => println!(
                "{}",
                serde_json::to_string_pretty(&table.to_json()).expect("json")
            ),
        }
        let flips = table.flips();
        if self.check && !flips.is_empty() {
            let list: Vec<String> = flips.iter().map(|(l, c)| format!("{l}: {c}")).collect();
            return Err(format!(
                "outcomes moved against their direction: {}",
                list.join("; ")
            ));
        }
        Ok(())
    }
}
