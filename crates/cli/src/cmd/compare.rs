//! `restake compare`: two scenarios over the same seeds, the difference in losses (B - A)
//! ([`restake_cli::compare`] does the work).

use clap::Args;
use restake_cli::compare;
use restake_cli::input::{self, load_scenario};
use restake_engine::batch;

use super::{blocks_parser, threads_parser, CompareFormat};

/// Arguments of `restake compare`.
#[derive(Args)]
pub struct CompareArgs {
    /// Scenario A: preset or file.
    a: String,
    /// Scenario B: preset or file; default A (then give --lever).
    b: Option<String>,
    /// `path=value` applied to B (repeatable), e.g. `--lever lending.oracle=exchange_rate`.
    #[arg(long = "lever")]
    levers: Vec<String>,
    /// Seeds: `0..50`, `0..=49`, or `1,2,3`; at most 500,000 (2 runs each, 1,000,000 runs).
    #[arg(long, default_value = "0..50")]
    seeds: String,
    /// Blocks per run (at most 26,298,000, 10 years).
    #[arg(long, default_value_t = 7_200, value_parser = blocks_parser())]
    blocks: u64,
    #[arg(long, value_parser = threads_parser())]
    threads: Option<usize>,
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    format: CompareFormat,
}

impl CompareArgs {
    /// Runs A and B (B with its levers applied) over the seeds and prints the comparison.
    ///
    /// # Errors
    /// No B and no lever, a scenario that cannot be loaded, a bad `--lever` or `--seeds`, too
    /// many runs, or a failed run.
    pub fn exec(self) -> Result<(), String> {
        let a = self.a.as_str();
        let sa = load_scenario(a)?;
        let b_arg = self.b.as_deref().unwrap_or(a);
        if self.b.is_none() && self.levers.is_empty() {
            return Err("compare needs a scenario B or at least one --lever path=value".into());
        }
        let mut settings = Vec::new();
        for l in &self.levers {
            let (path, v) = input::split_assignment(l).map_err(|e| format!("--lever {e}"))?;
            settings.push((path, input::parse_value(&v)));
        }
        let sb = batch::set_params(&load_scenario(b_arg)?, &settings).map_err(|e| e.to_string())?;
        let b_name = if self.levers.is_empty() {
            b_arg.to_string()
        } else {
            format!("{b_arg} with {}", self.levers.join(", "))
        };
        let seeds = input::parse_seeds(&self.seeds)?;
        let c = compare::run((a, &sa), (&b_name, &sb), &seeds, self.blocks, self.threads)?;
        match self.format {
            CompareFormat::Text => print!("{}", c.to_text()),
            CompareFormat::Json => println!(
                "{}",
                serde_json::to_string_pretty(&c.to_json()).expect("json")
            ),
        }
        Ok(())
    }
}
