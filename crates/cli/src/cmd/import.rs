//! `restake import`: a scenario from Dune EigenLayer exports over a template
//! ([`restake_cli::import`] does the work).

use clap::{Args, ValueEnum};
use restake_cli::import::{self, TvlUnit};
use restake_cli::input::load_scenario;

use super::write_output;

/// Arguments of `restake import`.
#[derive(Args)]
pub struct ImportArgs {
    /// Operator-to-AVS mapping (operator_contract_address, avs_contract_address, and
    /// optionally operator_name, avs_name, ...).
    #[arg(long)]
    mapping: String,
    /// AVS metrics (name, total_TVL, optionally contract address and *_TVL per strategy).
    #[arg(long)]
    avs_metrics: Option<String>,
    /// Unit of the TVL columns.
    #[arg(long, value_enum, default_value_t = TvlUnitArg::Eth)]
    tvl_unit: TvlUnitArg,
    /// ETH price in USD, needed with `--tvl-unit usd`.
    #[arg(long, required_if_eq("tvl_unit", "usd"), value_parser = eth_price)]
    eth_price: Option<f64>,
    /// Preset or scenario file giving everything the exports do not carry.
    #[arg(long, default_value = "oracle-cascade")]
    template: String,
    /// Scenario JSON file to write (default: stdout).
    #[arg(short, long)]
    output: Option<String>,
}

/// Unit of the TVL columns of the AVS metrics.
#[derive(Clone, Copy, ValueEnum)]
enum TvlUnitArg {
    Eth,
    Usd,
}

/// `--eth-price`: a positive, finite number of USD per ETH.
fn eth_price(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if p.is_finite() && p > 0.0 => Ok(p),
        _ => Err("must be a positive number of USD per ETH".into()),
    }
}

impl ImportArgs {
    /// Imports the exports, reports unusable rows and each field's origin on stderr, and writes
    /// the scenario.
    ///
    /// # Errors
    /// The template cannot be loaded, an export cannot be read or mapped, or the output cannot
    /// be written.
    pub fn exec(self) -> Result<(), String> {
        let unit = match (self.tvl_unit, self.eth_price) {
            (TvlUnitArg::Usd, Some(p)) => TvlUnit::Usd(p),
            _ => TvlUnit::Eth,
        };
        let t = load_scenario(&self.template)?;
        let imp = import::import(
            &self.mapping,
            self.avs_metrics.as_deref(),
            unit,
            &self.template,
            &t,
        )?;
        for line in imp.skipped.iter().chain(&imp.provenance) {
            eprintln!("{line}");
        }
        eprintln!(
            "imported {} operators, {} AVSs",
            imp.scenario.operators.len(),
            imp.scenario.avss.len()
        );
        let mut text = imp.scenario.to_json();
        text.push('\n');
        write_output(self.output.as_deref(), text.as_bytes())
    }
}
