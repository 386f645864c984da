//! Dune EigenLayer tables (Dune API `api-reference/eigenlayer`, the "Operator <> AVS
//! Mapping", "AVS Metrics" and "Operator Metrics" endpoints), as CSV or JSON.
//!
//! * Mapping: `avs_contract_address, avs_name, avs_website, operator_contract_address,
//!   operator_name, operator_website, registered_time`; only the two addresses are required.
//! * Metrics (AVS or operator): `name, contract address, total_TVL, num_stakers,
//!   num_operators` and one `*_TVL` column per strategy (`stETH_TVL`, `beacon_chain_ETH_TVL`,
//!   ...); `name` and `total_TVL` are required.

use crate::network::{Network, Tvl};
use crate::table::{parse_amount, read_table, require, Row};
use crate::TvlUnit;

/// Columns that make a table a Dune mapping.
pub const MAPPING_COLUMNS: [&str; 2] = ["operator_contract_address", "avs_contract_address"];
/// Columns that make a table Dune metrics.
pub const METRICS_COLUMNS: [&str; 2] = ["name", "total_tvl"];

/// Adds the registrations of the mapping table `text` (file `name`). Rows with an empty
/// address are reported; `Err` names a missing column or a text that is not a table.
pub fn read_mapping(
    name: &str,
    text: &str,
    net: &mut Network,
    skipped: &mut Vec<String>,
) -> Result<(), String> {
    let (header, rows) = read_table(name, text)?;
    require(name, &header, &MAPPING_COLUMNS)?;
    for r in &rows {
        let (oa, aa) = (
            r.get("operator_contract_address"),
            r.get("avs_contract_address"),
        );
        if oa.is_empty() || aa.is_empty() {
            let which = if oa.is_empty() {
                MAPPING_COLUMNS[0]
            } else {
                MAPPING_COLUMNS[1]
            };
            skipped.push(format!("{}: skipped: empty {which}", r.at()));
            continue;
        }
        let at = r.at();
        let a = net.avs(aa, r.get("avs_name"), &at);
        let o = net.op(oa, r.get("operator_name"), &at);
        net.register(o, a, &at, skipped);
    }
    Ok(())
}

/// Which entities a metrics table describes.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Of {
    Avss,
    Operators,
}

/// Reads a metrics table and records the TVL (in ETH, converted with `unit`) and the native
/// share (`beacon_chain_ETH_TVL` over the sum of the strategy columns) of every AVS or
/// operator already in the network. Rows naming an unknown entity or with an unreadable
/// `total_TVL` are reported.
pub fn read_metrics(
    name: &str,
    text: &str,
    of: Of,
    unit: TvlUnit,
    net: &mut Network,
    skipped: &mut Vec<String>,
) -> Result<(), String> {
    let (header, rows) = read_table(name, text)?;
    require(name, &header, &METRICS_COLUMNS)?;
    let strategies: Vec<&String> = header
        .iter()
        .filter(|h| h.ends_with("_tvl") && *h != "total_tvl")
        .collect();
    for r in &rows {
        let (addr, who) = (r.get("contract_address"), r.get("name"));
        let found = match of {
            Of::Avss => net.find_avs(addr, who),
            Of::Operators => net.find_op(addr, who),
        };
        let Some(i) = found else {
            skipped.push(match of {
                Of::Avss => format!(
                    "{}: skipped: AVS '{who}' has no operators in the mapping (an AVS nobody secures is not simulated)",
                    r.at()
                ),
                Of::Operators => format!(
                    "{}: skipped: operator '{who}' has no AVS registration in the mapping",
                    r.at()
                ),
            });
            continue;
        };
        let Some(total) = parse_amount(r.get("total_tvl")) else {
            skipped.push(format!(
                "{}: skipped: total_TVL '{}' is not a non-negative number",
                r.at(),
                r.get("total_tvl")
            ));
            continue;
        };
        let tvl = Tvl {
            eth: unit.to_eth(total),
            native_share: native_share(r, &strategies),
        };
        match of {
            Of::Avss => net.avs_tvl.insert(i, tvl),
            Of::Operators => net.op_tvl.insert(i, tvl),
        };
    }
    Ok(())
}

/// `beacon_chain_ETH_TVL` over the sum of the strategy columns (none when they sum to 0 or
/// there are none). A share is unit-free, so USD columns need no price here.
fn native_share(r: &Row, strategies: &[&String]) -> Option<f64> {
    let parts: Vec<(bool, f64)> = strategies
        .iter()
        .filter_map(|s| parse_amount(r.get(s)).map(|x| (s.starts_with("beacon"), x)))
        .collect();
    let sum: f64 = parts.iter().map(|p| p.1).sum();
    (sum > 0.0).then(|| parts.iter().filter(|p| p.0).map(|p| p.1).sum::<f64>() / sum)
}
