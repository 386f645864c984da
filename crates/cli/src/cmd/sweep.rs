//! `restake sweep` and `restake merge`: a parameter grid or sample times seeds in parallel to a
//! CSV plus quantiles, and the shards of one sweep joined ([`restake_cli::sweep`] does the work).

use clap::builder::RangedU64ValueParser;
use clap::Args;
use restake_cli::input::{self, load_scenario};
use restake_cli::sweep;
use restake_engine::batch;

use super::{blocks_parser, threads_parser, write_output};

/// Arguments of `restake sweep`.
#[derive(Args)]
pub struct SweepArgs {
    /// A preset name or a scenario JSON file to perturb.
    #[arg(long, default_value = "oracle-cascade")]
    scenario: String,
    /// `path=v1,v2,...` (grid) or `path=lo..hi` (with --sample); paths like
    /// `lending.liquidation_threshold_bps` or `operators[0].lrt_delegation_eth`. Repeatable.
    #[arg(long = "param")]
    params: Vec<String>,
    /// Seeds: `0..100`, `0..=99`, or `1,2,3`; at most 1,000,000.
    #[arg(long, default_value = "0..10")]
    seeds: String,
    /// Blocks per run (at most 26,298,000, 10 years).
    #[arg(long, default_value_t = 7_200, value_parser = blocks_parser())]
    blocks: u64,
    /// Draw N random parameter points from the `lo..hi` ranges instead of a grid
    /// (1 to 100,000; points x seeds at most 1,000,000 runs).
    #[arg(long, value_parser = RangedU64ValueParser::<usize>::new().range(1..=sweep::MAX_POINTS))]
    sample: Option<usize>,
    /// Seed of the random parameter points.
    #[arg(long, default_value_t = 0)]
    sample_seed: u64,
    /// Run only shard i of n: the runs whose index k has k % n == i (e.g. `--shard 0/4`).
    #[arg(long)]
    shard: Option<String>,
    /// Worker threads (default: all cores; at most 1024). The output does not depend on it.
    #[arg(long, value_parser = threads_parser())]
    threads: Option<usize>,
    /// CSV file of the runs (default: stdout; the summary then goes to stderr).
    #[arg(short, long)]
    output: Option<String>,
}

impl SweepArgs {
    /// Checks the plan (points, seeds, shard) before building it, runs this shard's runs and
    /// writes their CSV and the quantiles of each outcome metric.
    ///
    /// # Errors
    /// A bad scenario, `--param`, `--seeds` or `--shard`, a plan over its limits, a failed run,
    /// or output that cannot be written.
    pub fn exec(self) -> Result<(), String> {
        let base = load_scenario(&self.scenario)?;
        let specs = self
            .params
            .iter()
            .map(|p| sweep::parse_param(p, &base))
            .collect::<Result<Vec<_>, _>>()?;
        let seeds = input::parse_seeds(&self.seeds)?;
        let shard = self.shard.as_deref().map(sweep::parse_shard).transpose()?;
        if self.threads == Some(0) {
            return Err("--threads must be at least 1".into());
        }
        let sample = self.sample.map(|n| (n, self.sample_seed));
        let plan = sweep::Plan::new(&base, &specs, seeds, self.blocks, sample)?;
        let indices = plan.indices(shard);
        eprintln!(
            "sweep: {} points x {} seeds = {} runs; this shard runs {}",
            plan.points.len(),
            plan.seeds.len(),
            plan.len(),
            indices.len()
        );
        let rows = sweep::execute(&plan, &indices, self.threads, true)?;
        let mut csv = Vec::new();
        sweep::write_csv(&plan, &rows, &mut csv)?;
        write_output(self.output.as_deref(), &csv)?;
        let metrics: Vec<[f64; batch::N_METRICS]> =
            rows.iter().map(|r| r.outcome.metrics()).collect();
        let table = sweep::summary_table(&metrics);
        match self.output {
            Some(_) => print!("{table}"),
            None => eprint!("{table}"),
        }
        Ok(())
    }
}

/// Arguments of `restake merge`.
#[derive(Args)]
pub struct MergeArgs {
    /// Shard CSV files.
    #[arg(required = true)]
    files: Vec<String>,
    /// Merged CSV file (default: stdout).
    #[arg(short, long)]
    output: Option<String>,
    /// Merge even when runs are missing (a shard not given); without it a missing run is
    /// an error (exit status 1) and nothing is written.
    #[arg(long)]
    allow_missing: bool,
}

impl MergeArgs {
    /// Merges the shards into the CSV the whole sweep writes and prints its summary on stderr.
    ///
    /// # Errors
    /// A shard cannot be read or belongs to another sweep, a run is duplicated, or one is
    /// missing without `--allow-missing`.
    pub fn exec(self) -> Result<(), String> {
        let (bytes, summary) = sweep::merge(&self.files, self.allow_missing)?;
        write_output(self.output.as_deref(), &bytes)?;
        eprint!("{summary}");
        Ok(())
    }
}
