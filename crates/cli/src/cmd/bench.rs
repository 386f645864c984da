//! `restake bench` and the hidden `restake bench-one` it runs each case in
//! ([`restake_cli::bench`] does the work).

use clap::builder::RangedU64ValueParser;
use clap::Args;
use restake_cli::bench;

use super::blocks_parser;

/// Arguments of `restake bench`.
#[derive(Args)]
pub struct BenchArgs {
    /// Blocks per run (at most 26,298,000, 10 years).
    #[arg(long, default_value_t = 7_200, value_parser = blocks_parser())]
    blocks: u64,
    /// Instead of the default cases, these presets or files (comma-separated) at scale 1.
    #[arg(long)]
    scenarios: Option<String>,
    /// With `--scenarios`: run each at these agent scales (holders and loopers times k,
    /// comma-separated), e.g. `1,2,4,8` for the cost-versus-agents curve.
    #[arg(long, default_value = "1")]
    scales: String,
    /// Run every case this many times and keep the fastest (1 to 100).
    #[arg(long, default_value_t = 3, value_parser = RangedU64ValueParser::<u32>::new().range(1..=100))]
    repeat: u32,
    /// Print the results as JSON lines instead of a table.
    #[arg(long)]
    json: bool,
}

impl BenchArgs {
    /// Runs every case (each in its own process) and prints a Markdown table or JSON lines.
    ///
    /// # Errors
    /// A bad `--scenarios` or `--scales`, or a case that fails.
    pub fn exec(self) -> Result<(), String> {
        let cases = match &self.scenarios {
            Some(list) => bench::cases(list, &self.scales)?,
            None => bench::default_cases(),
        };
        let results = bench::run_all(&cases, self.blocks, self.repeat)?;
        if self.json {
            for r in &results {
                println!("{}", serde_json::to_string(r).expect("serialises"));
            }
        } else {
            print!("{}", bench::table(&results));
        }
        Ok(())
    }
}

/// Arguments of `restake bench-one`.
#[derive(Args)]
pub struct BenchOneArgs {
    #[arg(long)]
    label: String,
    #[arg(long)]
    scenario: String,
    #[arg(long, default_value_t = 1)]
    scale: u32,
    /// Blocks per run (at most 26,298,000, 10 years).
    #[arg(long, value_parser = blocks_parser())]
    blocks: u64,
}

impl BenchOneArgs {
    /// Runs one case in this process and prints it as one JSON object.
    ///
    /// # Errors
    /// The scenario cannot be loaded or the run fails.
    pub fn exec(self) -> Result<(), String> {
        let r = bench::run_one(&self.label, &self.scenario, self.scale, self.blocks)?;
        println!("{}", serde_json::to_string(&r).expect("serialises"));
        Ok(())
    }
}
