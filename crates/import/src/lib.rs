//! Real restaking networks into restake-sim scenarios, without I/O: the caller passes file
//! names and contents as strings (the `restake import` command line reads files, the app reads
//! the files picked in the browser) and gets the scenario and a report back.
//!
//! Sources ([`Source`]), each matched by column or key name, case- and order-free:
//! * Dune EigenLayer tables ([`dune`]): the operator-to-AVS mapping, AVS metrics and operator
//!   metrics, as CSV or JSON;
//! * EigenExplorer API responses ([`eigenexplorer`]): operators with TVL, AVSs, and an AVS's
//!   operators.
//!
//! Rows that cannot be used are reported with file, line (CSV) or row (JSON) and reason; the
//! import fails only when no registration is left, a required column is missing or a file is
//! not a table. What the exports do not carry comes from a template scenario, and
//! [`Import::provenance`] says which field came from where. Operator stake is read where the
//! exports give it and otherwise synthesised from AVS TVL (see [`build::operator_stakes`]).

pub mod build;
pub mod dune;
pub mod eigenexplorer;
pub mod network;
pub mod table;

use restake_engine::Scenario;

use network::Network;

/// Unit of the TVL columns of Dune tables (EigenExplorer's TVL is always ETH).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TvlUnit {
    /// Ether.
    Eth,
    /// US dollars, converted at this ETH price (USD per ETH, positive and finite).
    Usd(f64),
}

impl TvlUnit {
    /// `x` in this unit as ETH.
    pub fn to_eth(self, x: f64) -> f64 {
        match self {
            TvlUnit::Eth => x,
            TvlUnit::Usd(price) => x / price,
        }
    }
}

/// What an input file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// Dune operator-to-AVS mapping (registrations).
    DuneMapping,
    /// EigenExplorer `GET /operators` (operators, their registrations and TVL).
    EigenExplorerOperators,
    /// EigenExplorer `GET /avs/{address}/operators` (one AVS's operators).
    EigenExplorerAvsOperators,
    /// EigenExplorer `GET /avs` (AVS names and TVL).
    EigenExplorerAvss,
    /// Dune AVS metrics (TVL per AVS and strategy).
    DuneAvsMetrics,
    /// Dune operator metrics (TVL per operator and strategy).
    DuneOperatorMetrics,
}

impl Source {
    /// True for the sources that carry registrations (at least one is needed).
    pub fn has_registrations(self) -> bool {
        matches!(
            self,
            Source::DuneMapping
                | Source::EigenExplorerOperators
                | Source::EigenExplorerAvsOperators
        )
    }

    /// A short description for reports.
    pub fn describe(self) -> &'static str {
        match self {
            Source::DuneMapping => "Dune operator-to-AVS mapping",
            Source::EigenExplorerOperators => "EigenExplorer operators",
            Source::EigenExplorerAvsOperators => "EigenExplorer operators of one AVS",
            Source::EigenExplorerAvss => "EigenExplorer AVSs",
            Source::DuneAvsMetrics => "Dune AVS metrics",
            Source::DuneOperatorMetrics => "Dune operator metrics",
        }
    }
}

/// What file `name` with contents `text` holds, from its columns or keys: `avsRegistrations`
/// (EigenExplorer operators), `totalOperators` (EigenExplorer AVSs), `address` with
/// `restakedStrategies`, `shares` or `totalStakers` (an AVS's operators), the two mapping
/// addresses (Dune mapping), `name` + `total_TVL` (Dune metrics: operator metrics when the file
/// name has "operator" and not "avs", AVS metrics otherwise). `Err` when none fits.
pub fn detect(name: &str, text: &str) -> Result<Source, String> {
    let header: Vec<String> = if table::is_json(name, text) {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("'{name}': {e}"))?;
        let rows = table::json_rows(name, &v)?;
        let mut keys: Vec<String> = Vec::new();
        for r in rows.iter().take(20).filter_map(|r| r.as_object()) {
            keys.extend(r.keys().map(|k| table::normalise(k)));
        }
        keys
    } else {
        let first = text.lines().next().unwrap_or("");
        let mut r = csv::ReaderBuilder::new().from_reader(first.as_bytes());
        r.headers()
            .map(|h| h.iter().map(table::normalise).collect())
            .unwrap_or_default()
    };
    let has = |k: &str| header.iter().any(|h| h == k);
    let lower = name.to_lowercase();
    if has("avsregistrations") {
        Ok(Source::EigenExplorerOperators)
    } else if has("totaloperators") {
        Ok(Source::EigenExplorerAvss)
    } else if has("address") && (has("restakedstrategies") || has("shares") || has("totalstakers"))
    {
        Ok(Source::EigenExplorerAvsOperators)
    } else if dune::MAPPING_COLUMNS.iter().all(|c| has(c)) {
        Ok(Source::DuneMapping)
    } else if dune::METRICS_COLUMNS.iter().all(|c| has(c)) {
        Ok(if lower.contains("operator") && !lower.contains("avs") {
            Source::DuneOperatorMetrics
        } else {
            Source::DuneAvsMetrics
        })
    } else {
        let mut shown: Vec<String> = header
            .iter()
            .take(12)
            .map(|h| h.chars().take(40).collect())
            .collect();
        shown.dedup();
        Err(format!(
            "'{name}': not a known export (found: {}); expected a Dune mapping (operator_contract_address, avs_contract_address), Dune metrics (name, total_TVL) or an EigenExplorer operators/AVS response",
            shown.join(", ")
        ))
    }
}

/// One input file: its name (as shown in reports) and contents, and what it holds.
#[derive(Clone, Debug)]
pub struct Input {
    pub source: Source,
    pub name: String,
    pub text: String,
}

/// Options of an import.
#[derive(Clone, Debug)]
pub struct Options {
    /// Unit of Dune TVL columns.
    pub unit: TvlUnit,
    /// Name of the template (a preset name or file), for the report.
    pub template_name: String,
}

/// An imported scenario with what was skipped and where each field came from.
#[derive(Clone, Debug)]
pub struct Import {
    pub scenario: Scenario,
    /// `file:line: reason` (CSV) or `file:row N: reason` (JSON) for every row not used, and
    /// notes on renamed duplicates.
    pub skipped: Vec<String>,
    /// `field <- source` lines.
    pub provenance: Vec<String>,
}

/// Builds a scenario from `inputs` over `template`. Files with registrations are read first
/// (in the order given), then AVS names and TVL, then metrics. `Err` names a missing column,
/// a file that is not a table, an import with no usable registration, or a scenario the
/// engine refuses (with its field path).
pub fn import(inputs: &[Input], opts: &Options, template: &Scenario) -> Result<Import, String> {
    if !inputs.iter().any(|i| i.source.has_registrations()) {
        return Err("no file with registrations: give a Dune operator-to-AVS mapping or an EigenExplorer operators response".into());
    }
    let mut order: Vec<&Input> = inputs.iter().collect();
    order.sort_by_key(|i| i.source); // stable: files of one kind keep their order
    let mut net = Network::default();
    let mut skipped = Vec::new();
    for i in &order {
        let (n, t, s) = (i.name.as_str(), i.text.as_str(), &mut skipped);
        match i.source {
            Source::DuneMapping => dune::read_mapping(n, t, &mut net, s)?,
            Source::EigenExplorerOperators => eigenexplorer::read_operators(n, t, &mut net, s)?,
            Source::EigenExplorerAvsOperators => {
                eigenexplorer::read_avs_operators(n, t, &mut net, s)?
            }
            Source::EigenExplorerAvss => eigenexplorer::read_avss(n, t, &mut net, s)?,
            Source::DuneAvsMetrics => {
                dune::read_metrics(n, t, dune::Of::Avss, opts.unit, &mut net, s)?
            }
            Source::DuneOperatorMetrics => {
                dune::read_metrics(n, t, dune::Of::Operators, opts.unit, &mut net, s)?
            }
        }
    }
    net.prune(&mut skipped);
    let files: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
    let label = files.join(", ");
    if net.regs.is_empty() {
        return Err(format!("{label}: no usable registration (operator, AVS)"));
    }
    let op_names = Network::names(&net.ops, "operator", &mut skipped);
    let avs_names = Network::names(&net.avss, "AVS", &mut skipped);
    let reg_files: Vec<&str> = order
        .iter()
        .filter(|i| i.source.has_registrations())
        .map(|i| i.name.as_str())
        .collect();
    let mut provenance = vec![
        format!("operators[].name, avss[].name, operators[].allocations[].avs <- {} (operator_name / avs_name / metadataName; the address where there is no name)", reg_files.join(", ")),
        "operators[].allocations[].magnitude_bps <- synthesised: 10000 / number of AVSs of the operator (equal unique-stake split)".to_string(),
    ];
    let stakes = build::operator_stakes(&net, template, &mut provenance);
    let (tn, t) = (opts.template_name.as_str(), template);
    let json = build::build_json(&build::Parts {
        op_names: &op_names,
        avs_names: &avs_names,
        regs: &net.regs,
        stakes: &stakes,
        template: t,
        template_name: tn,
        label: &label,
    });
    provenance.push(format!("avss[i] kind, slashing terms, veto, rewards, profit_from_corruption_eth <- template '{tn}' avss[i mod {}]", t.avss.len()));
    provenance.push(format!("operators[i] client, region, feed, allocation_delay_blocks <- template '{tn}' operators[i mod {}]", t.operators.len()));
    provenance.push(format!("slashing_model, lrt, pool, lending, stakers, loopers, arbitrageurs, liquidators, consensus, insurance, faults (names mapped to the imported AVSs and operators at the same index) <- template '{tn}'"));
    let scenario = Scenario::from_json(&json.to_string())
        .map_err(|e| format!("the imported scenario is invalid: {e}"))?;
    restake_engine::Sim::new(scenario.clone(), 0)
        .map_err(|e| format!("the imported scenario does not run: {e}"))?;
    Ok(Import {
        scenario,
        skipped,
        provenance,
    })
}
