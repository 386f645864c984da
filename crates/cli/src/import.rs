//! `restake import`: reads the export files (regular files only, size-limited) and hands
//! their names and contents to the pure importer, `restake_import` (shared with the app).

use std::path::Path;

use clap::{Args, ValueEnum};
pub use restake_import::{Import, Input, Options, Source, TvlUnit};

use crate::input;

/// Largest export file read, bytes (a mapping of every EigenLayer registration is a few MB).
pub const MAX_EXPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads `path` as an input of kind `source`; `None` detects the kind from the columns or
/// keys (`restake_import::detect`). `Err` names the file and why it cannot be read.
pub fn read_input(path: &str, source: Option<Source>) -> Result<Input, String> {
    let text = input::read_limited(Path::new(path), MAX_EXPORT_BYTES)
        .map_err(|e| format!("cannot read '{path}': {e}"))?;
    let source = match source {
        Some(s) => s,
        None => restake_import::detect(path, &text)?,
    };
    Ok(Input {
        source,
        name: path.to_string(),
        text,
    })
}

/// Reads every `(path, source)` and imports them over `template`. `Err` as
/// [`read_input`] and `restake_import::import`.
pub fn import_files(
    files: &[(String, Option<Source>)],
    opts: &Options,
    template: &restake_engine::Scenario,
) -> Result<Import, String> {
    let inputs = files
        .iter()
        .map(|(p, s)| read_input(p, *s))
        .collect::<Result<Vec<_>, _>>()?;
    restake_import::import(&inputs, opts, template)
}

/// Unit of the Dune TVL columns, as given on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TvlUnitArg {
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

/// The arguments of `restake import`.
#[derive(Args, Clone, Debug)]
pub struct ImportArgs {
    /// Dune operator-to-AVS mapping (operator_contract_address, avs_contract_address, and
    /// optionally operator_name, avs_name, ...).
    #[arg(long)]
    pub mapping: Option<String>,
    /// Dune AVS metrics (name, total_TVL, optionally contract address and *_TVL per
    /// strategy).
    #[arg(long)]
    pub avs_metrics: Option<String>,
    /// Dune operator metrics (same columns as the AVS metrics, one row per operator).
    #[arg(long)]
    pub operator_metrics: Option<String>,
    /// EigenExplorer `GET /operators?withTvl=true` response (operators, their
    /// avsRegistrations and TVL in ETH).
    #[arg(long)]
    pub eigenexplorer_operators: Option<String>,
    /// EigenExplorer `GET /avs?withTvl=true` response (AVS names and TVL in ETH).
    #[arg(long)]
    pub eigenexplorer_avss: Option<String>,
    /// EigenExplorer `GET /avs/{address}/operators` response; the AVS address is a
    /// top-level `avsAddress` key or in the file name. Repeatable.
    #[arg(long)]
    pub eigenexplorer_avs_operators: Vec<String>,
    /// Any of the above, its kind detected from its columns or keys. Repeatable.
    #[arg(long = "file")]
    pub files: Vec<String>,
    /// Unit of the Dune TVL columns.
    #[arg(long, value_enum, default_value_t = TvlUnitArg::Eth)]
    pub tvl_unit: TvlUnitArg,
    /// ETH price in USD, needed with `--tvl-unit usd`.
    #[arg(long, required_if_eq("tvl_unit", "usd"), value_parser = eth_price)]
    pub eth_price: Option<f64>,
    /// Preset or scenario file giving everything the exports do not carry.
    #[arg(long, default_value = "oracle-cascade")]
    pub template: String,
    /// Name of the scenario written (default: "imported from" and the files).
    #[arg(long)]
    pub name: Option<String>,
    /// Description of the scenario written (default: the counts, files and template).
    #[arg(long)]
    pub description: Option<String>,
    /// Scenario JSON file to write (default: stdout).
    #[arg(short, long)]
    pub output: Option<String>,
}

/// `restake import`: reads the files named by `args`, imports them over `template` (loaded
/// from `args.template`), sets the name and description if given, and prints the unused rows,
/// the provenance and the counts on stderr. `Err` as [`import_files`].
pub fn run(args: ImportArgs, template: &restake_engine::Scenario) -> Result<Import, String> {
    let unit = match (args.tvl_unit, args.eth_price) {
        (TvlUnitArg::Usd, Some(p)) => TvlUnit::Usd(p),
        _ => TvlUnit::Eth,
    };
    let mut inputs: Vec<(String, Option<Source>)> = Vec::new();
    for (path, source) in [
        (args.mapping, Source::DuneMapping),
        (args.avs_metrics, Source::DuneAvsMetrics),
        (args.operator_metrics, Source::DuneOperatorMetrics),
        (args.eigenexplorer_operators, Source::EigenExplorerOperators),
        (args.eigenexplorer_avss, Source::EigenExplorerAvss),
    ] {
        inputs.extend(path.map(|p| (p, Some(source))));
    }
    inputs.extend(
        args.eigenexplorer_avs_operators
            .into_iter()
            .map(|p| (p, Some(Source::EigenExplorerAvsOperators))),
    );
    inputs.extend(args.files.into_iter().map(|p| (p, None)));
    let opts = Options {
        unit,
        template_name: args.template,
    };
    let mut imp = import_files(&inputs, &opts, template)?;
    if let Some(n) = args.name {
        imp.scenario.name = n;
    }
    if let Some(d) = args.description {
        imp.scenario.description = d;
    }
    for line in imp.skipped.iter().chain(&imp.provenance) {
        eprintln!("{line}");
    }
    eprintln!(
        "imported {} operators, {} AVSs",
        imp.scenario.operators.len(),
        imp.scenario.avss.len()
    );
    Ok(imp)
}
