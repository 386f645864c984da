//! `restake import`: a scenario from Dune EigenLayer exports (CSV or JSON).
//!
//! * The **operator-to-AVS mapping** (`avs_contract_address, avs_name, avs_website,
//!   operator_contract_address, operator_name, operator_website, registered_time`; only the two
//!   addresses are required, names fall back to them) gives the operators, the AVSs and every
//!   registration.
//! * The optional **AVS metrics** (`name, contract address, total_TVL, num_stakers,
//!   num_operators` and one `*_TVL` column per strategy, e.g. `stETH_TVL`,
//!   `beacon_chain_ETH_TVL`) give each AVS's restaked TVL and its native (beacon chain) share.
//!
//! Columns are matched by name, case-insensitively, in any order (`contract address` and
//! `contract_address` are the same). Rows that cannot be used are reported with file, line and
//! reason; the import fails when no registration is left. What the exports do not carry comes
//! from a template scenario, and [`Import::provenance`] says which field came from where.
//!
//! Operator stake is not in these exports; it is synthesised (and said to be): an AVS's TVL is
//! split equally over its operators in the mapping, and an operator's stake is the largest of
//! its shares (the same restaked ETH counts in the TVL of every AVS it secures).

use std::collections::BTreeMap;
use std::path::Path;

use restake_engine::Scenario;
use serde_json::Value;

use crate::input;

/// Largest export file read, bytes (a mapping of every EigenLayer registration is a few MB).
pub const MAX_EXPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Unit of the TVL columns.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TvlUnit {
    Eth,
    /// US dollars, converted at this ETH price (USD per ETH).
    Usd(f64),
}

/// One table row: the file, its line (CSV, header = line 1) or row number (JSON, from 1), and
/// its cells by normalised column name.
#[derive(Clone, Debug)]
pub struct Row {
    pub file: String,
    pub line: usize,
    pub cells: BTreeMap<String, String>,
}

impl Row {
    fn get(&self, col: &str) -> &str {
        self.cells.get(col).map_or("", |s| s.trim())
    }
    fn at(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// A column name as matched: trimmed, lower case, spaces and dashes as `_`.
pub fn normalise(col: &str) -> String {
    col.trim().to_lowercase().replace([' ', '-'], "_")
}

/// Reads a CSV file, or a JSON file (a list of objects, or Dune's `{"result": {"rows": [...]}}`)
/// when it ends in `.json` or starts with `[` or `{`. Returns the normalised header and rows.
pub fn read_table(path: &str) -> Result<(Vec<String>, Vec<Row>), String> {
    let text = input::read_limited(Path::new(path), MAX_EXPORT_BYTES)
        .map_err(|e| format!("cannot read '{path}': {e}"))?;
    let first = text.trim_start().chars().next();
    if path.ends_with(".json") || matches!(first, Some('[') | Some('{')) {
        read_json(path, &text)
    } else {
        read_csv(path, &text)
    }
}

fn read_csv(path: &str, text: &str) -> Result<(Vec<String>, Vec<Row>), String> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map_err(|e| format!("'{path}': {e}"))?
        .iter()
        .map(normalise)
        .collect();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("'{path}': {e}"))?;
        // Counted from the byte offset: csv's own line count differs with CRLF line ends.
        let line = rec.position().map_or(0, |p| {
            let bytes = text.as_bytes();
            let mut at = (p.byte() as usize).min(bytes.len());
            // With CRLF the record starts at the previous line's '\n'.
            while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
                at += 1;
            }
            bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
        });
        let cells = header
            .iter()
            .cloned()
            .zip(rec.iter().map(str::to_string))
            .collect();
        rows.push(Row {
            file: path.to_string(),
            line,
            cells,
        });
    }
    Ok((header, rows))
}

fn read_json(path: &str, text: &str) -> Result<(Vec<String>, Vec<Row>), String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("'{path}': {e}"))?;
    let list = match &v {
        Value::Array(a) => a,
        Value::Object(_) => v
            .pointer("/result/rows")
            .or_else(|| v.get("rows"))
            .and_then(Value::as_array)
            .ok_or_else(|| {
                format!("'{path}': expected a list of rows or {{\"result\": {{\"rows\": [...]}}}}")
            })?,
        _ => return Err(format!("'{path}': expected a list of rows")),
    };
    let mut header: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let obj = item
            .as_object()
            .ok_or_else(|| format!("'{path}': row {} is not an object", i + 1))?;
        let mut cells = BTreeMap::new();
        for (k, val) in obj {
            let k = normalise(k);
            if !header.contains(&k) {
                header.push(k.clone());
            }
            let s = match val {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            cells.insert(k, s);
        }
        rows.push(Row {
            file: path.to_string(),
            line: i + 1,
            cells,
        });
    }
    Ok((header, rows))
}

fn require(path: &str, header: &[String], cols: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = cols
        .iter()
        .copied()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    // The columns found are quoted shortened (60 characters, the first 30 columns), so that a
    // file that is not a table (one 60 MB line) gives a one-line error, not the file echoed.
    let mut found: Vec<String> = header
        .iter()
        .take(30)
        .map(|h| match h.char_indices().nth(60) {
            Some((cut, _)) => format!("{}... ({} bytes)", &h[..cut], h.len()),
            None => h.clone(),
        })
        .collect();
    if header.len() > 30 {
        found.push(format!("and {} more", header.len() - 30));
    }
    Err(format!(
        "'{path}': missing column{} {} (found: {})",
        if missing.len() > 1 { "s" } else { "" },
        missing.join(", "),
        found.join(", ")
    ))
}

/// An imported scenario with what was skipped and where each field came from.
pub struct Import {
    pub scenario: Scenario,
    /// `file:line: reason` for every row not used, and notes on renamed duplicates.
    pub skipped: Vec<String>,
    /// `field <- source` lines.
    pub provenance: Vec<String>,
}

struct Entity {
    address: String,
    name: String,
}

/// TVL of one AVS from the metrics, ETH, and its beacon-chain share (None without strategy
/// columns).
struct AvsTvl {
    eth: f64,
    native_share: Option<f64>,
}

/// Builds the scenario from the `mapping` export, the optional `metrics` export and the
/// `template`. `Err` names a missing column, a file that cannot be read, or an import with no
/// usable registration; an invalid result is reported with its field path.
pub fn import(
    mapping: &str,
    metrics: Option<&str>,
    unit: TvlUnit,
    template_name: &str,
    template: &Scenario,
) -> Result<Import, String> {
    let mut skipped = Vec::new();
    let (header, rows) = read_table(mapping)?;
    require(
        mapping,
        &header,
        &["operator_contract_address", "avs_contract_address"],
    )?;
    let mut avss: Vec<Entity> = Vec::new();
    let mut ops: Vec<Entity> = Vec::new();
    let mut regs: Vec<(usize, usize)> = Vec::new();
    for r in &rows {
        let (oa, aa) = (
            r.get("operator_contract_address").to_lowercase(),
            r.get("avs_contract_address").to_lowercase(),
        );
        if oa.is_empty() || aa.is_empty() {
            let which = if oa.is_empty() {
                "operator_contract_address"
            } else {
                "avs_contract_address"
            };
            skipped.push(format!("{}: skipped: empty {which}", r.at()));
            continue;
        }
        let a = entity(&mut avss, &aa, r.get("avs_name"), r, "AVS", &mut skipped);
        let o = entity(
            &mut ops,
            &oa,
            r.get("operator_name"),
            r,
            "operator",
            &mut skipped,
        );
        if regs.contains(&(o, a)) {
            skipped.push(format!(
                "{}: skipped: operator '{}' is already registered with AVS '{}' (duplicate row)",
                r.at(),
                ops[o].name,
                avss[a].name
            ));
            continue;
        }
        regs.push((o, a));
    }
    if regs.is_empty() {
        return Err(format!(
            "'{mapping}': no usable registration (operator, AVS) row"
        ));
    }
    let tvl = match metrics {
        Some(m) => read_metrics(m, unit, &avss, &mut skipped)?,
        None => BTreeMap::new(),
    };
    let mut provenance = vec![
        format!("operators[].name, avss[].name, operators[].allocations[].avs <- {mapping} (operator_name / avs_name; the contract address where the name is empty)"),
        "operators[].allocations[].magnitude_bps <- synthesised: 10000 / number of AVSs of the operator (equal unique-stake split)".to_string(),
    ];
    let stakes = operator_stakes(&ops, &regs, &tvl, template, metrics, &mut provenance);
    let json = build_json(
        template,
        template_name,
        &ops,
        &avss,
        &regs,
        &stakes,
        mapping,
    );
    provenance.push(format!("avss[i] kind, slashing terms, veto, rewards, profit_from_corruption_eth <- template '{template_name}' avss[i mod {}]", template.avss.len()));
    provenance.push(format!("operators[i] client, region, feed, allocation_delay_blocks <- template '{template_name}' operators[i mod {}]", template.operators.len()));
    provenance.push(format!("slashing_model, lrt, pool, lending, stakers, loopers, arbitrageurs, liquidators, consensus, insurance, faults (names mapped to the imported AVSs and operators at the same index) <- template '{template_name}'"));
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

/// Index of the entity with `address`, added if new. A name already used by another address
/// gets the address appended (names must be unique: allocations refer to them), with a note.
fn entity(
    list: &mut Vec<Entity>,
    address: &str,
    name: &str,
    r: &Row,
    what: &str,
    notes: &mut Vec<String>,
) -> usize {
    if let Some(i) = list.iter().position(|e| e.address == address) {
        return i;
    }
    let mut name = if name.is_empty() {
        address.to_string()
    } else {
        name.to_string()
    };
    if list.iter().any(|e| e.name == name) {
        let renamed = format!("{name} ({address})");
        notes.push(format!(
            "{}: note: {what} name '{name}' is also used by another address; imported as '{renamed}'",
            r.at()
        ));
        name = renamed;
    }
    list.push(Entity {
        address: address.to_string(),
        name,
    });
    list.len() - 1
}

fn read_metrics(
    path: &str,
    unit: TvlUnit,
    avss: &[Entity],
    skipped: &mut Vec<String>,
) -> Result<BTreeMap<usize, AvsTvl>, String> {
    let (header, rows) = read_table(path)?;
    require(path, &header, &["name", "total_tvl"])?;
    let strategies: Vec<&String> = header
        .iter()
        .filter(|h| h.ends_with("_tvl") && *h != "total_tvl")
        .collect();
    let to_eth = |x: f64| match unit {
        TvlUnit::Eth => x,
        TvlUnit::Usd(price) => x / price,
    };
    let mut out = BTreeMap::new();
    for r in &rows {
        let addr = r.get("contract_address").to_lowercase();
        let name = r.get("name");
        let found = avss.iter().position(|a| {
            (!addr.is_empty() && a.address == addr)
                || (!name.is_empty() && a.name.eq_ignore_ascii_case(name))
        });
        let Some(i) = found else {
            skipped.push(format!(
                "{}: skipped: AVS '{name}' has no operators in the mapping (an AVS nobody secures is not simulated)",
                r.at()
            ));
            continue;
        };
        let total = match parse_amount(r.get("total_tvl")) {
            Some(x) => to_eth(x),
            None => {
                skipped.push(format!(
                    "{}: skipped: total_TVL '{}' is not a non-negative number",
                    r.at(),
                    r.get("total_tvl")
                ));
                continue;
            }
        };
        let parts: Vec<(bool, f64)> = strategies
            .iter()
            .filter_map(|s| parse_amount(r.get(s)).map(|x| (s.starts_with("beacon"), x)))
            .collect();
        let sum: f64 = parts.iter().map(|p| p.1).sum();
        let native_share =
            (sum > 0.0).then(|| parts.iter().filter(|p| p.0).map(|p| p.1).sum::<f64>() / sum);
        out.insert(
            i,
            AvsTvl {
                eth: total,
                native_share,
            },
        );
    }
    Ok(out)
}

/// A non-negative finite number (an empty cell is none); thousands separators allowed.
fn parse_amount(s: &str) -> Option<f64> {
    s.replace([',', '_'], "")
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x >= 0.0)
}

/// `(lrt, native, lst)` whole ETH per operator.
fn operator_stakes(
    ops: &[Entity],
    regs: &[(usize, usize)],
    tvl: &BTreeMap<usize, AvsTvl>,
    template: &Scenario,
    metrics: Option<&str>,
    provenance: &mut Vec<String>,
) -> Vec<(u64, u64, u64)> {
    let t = &template.operators;
    let (lrt, native, lst) = t.iter().fold((0u64, 0u64, 0u64), |s, o| {
        (
            s.0 + o.lrt_delegation_eth,
            s.1 + o.native_delegation_eth,
            s.2 + o.lst_delegation_eth,
        )
    });
    let total = (lrt + native + lst).max(1) as f64;
    let native_default = if native + lst > 0 {
        native as f64 / (native + lst) as f64
    } else {
        0.0
    };
    let mean_stake = total / t.len().max(1) as f64;
    let n_ops = |a: usize| regs.iter().filter(|r| r.1 == a).count().max(1) as f64;
    match metrics {
        Some(m) => provenance.push(format!("operators[] total stake <- synthesised from {m}: max over the operator's AVSs of total_TVL / operators of that AVS in the mapping; the template's mean operator stake ({mean_stake:.0} ETH) where none of its AVSs has metrics")),
        None => provenance.push(format!("operators[] total stake <- template mean operator stake ({mean_stake:.0} ETH): no AVS metrics given")),
    }
    provenance.push(format!("operators[].lrt_delegation_eth <- the template's LRT delegations ({lrt} ETH in all, so that its holders, pool and loans stay backed) spread over the operators in proportion to their total stake; native_delegation_eth / lst_delegation_eth <- the rest of the operator's stake split by the beacon_chain_ETH_TVL share of its AVSs (template: {native_default:.3})"));
    let plan: Vec<(f64, f64)> = (0..ops.len())
        .map(|o| {
            let mine: Vec<(usize, &AvsTvl)> = regs
                .iter()
                .filter(|r| r.0 == o)
                .filter_map(|r| tvl.get(&r.1).map(|t| (r.1, t)))
                .collect();
            let stake = mine
                .iter()
                .map(|(a, t)| t.eth / n_ops(*a))
                .fold(None, |m: Option<f64>, x| {
                    Some(m.map_or(x, |m: f64| m.max(x)))
                })
                .unwrap_or(mean_stake);
            let shares: Vec<f64> = mine.iter().filter_map(|(_, t)| t.native_share).collect();
            let native_share = if shares.is_empty() {
                native_default
            } else {
                shares.iter().sum::<f64>() / shares.len() as f64
            };
            (stake.round().clamp(1.0, 1e9), native_share)
        })
        .collect();
    let lrts = spread(lrt, &plan.iter().map(|p| p.0).collect::<Vec<_>>());
    plan.iter()
        .zip(lrts)
        .map(|(&(stake, native_share), l)| {
            let rest = (stake - l as f64).max(0.0);
            let n = (rest * native_share).round();
            (l, n as u64, (rest - n).max(0.0) as u64)
        })
        .collect()
}

/// `total` split in proportion to `weights`, whole units that add up to `total` exactly (the
/// remainder of the rounding down goes to the largest weight).
fn spread(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    let mut out: Vec<u64> = weights
        .iter()
        .map(|w| (total as f64 * w / sum).floor() as u64)
        .collect();
    let given: u64 = out.iter().sum();
    if let Some(i) =
        (0..weights.len()).max_by(|&a, &b| weights[a].total_cmp(&weights[b]).then(b.cmp(&a)))
    {
        out[i] += total.saturating_sub(given);
    }
    out
}

fn build_json(
    template: &Scenario,
    template_name: &str,
    ops: &[Entity],
    avss: &[Entity],
    regs: &[(usize, usize)],
    stakes: &[(u64, u64, u64)],
    mapping: &str,
) -> Value {
    let mut j = serde_json::to_value(template).expect("scenario serialises");
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    let t_avss = j["avss"].as_array().cloned().unwrap_or_default();
    let t_ops = j["operators"].as_array().cloned().unwrap_or_default();
    let new_avss: Vec<Value> = avss
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut v = t_avss[i % t_avss.len()].clone();
            if i < t_avss.len() {
                rename.insert(v["name"].as_str().unwrap_or("").to_string(), a.name.clone());
            }
            v["name"] = a.name.clone().into();
            v
        })
        .collect();
    let new_ops: Vec<Value> = ops
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut v = t_ops[i % t_ops.len()].clone();
            if i < t_ops.len() {
                rename.insert(v["name"].as_str().unwrap_or("").to_string(), o.name.clone());
            }
            let mine: Vec<usize> = regs.iter().filter(|r| r.0 == i).map(|r| r.1).collect();
            let mag = 10_000 / mine.len().max(1) as u64;
            v["name"] = o.name.clone().into();
            v["lrt_delegation_eth"] = stakes[i].0.into();
            v["native_delegation_eth"] = stakes[i].1.into();
            v["lst_delegation_eth"] = stakes[i].2.into();
            v["allocations"] = mine
                .iter()
                .map(|&a| serde_json::json!({"avs": avss[a].name, "magnitude_bps": mag}))
                .collect();
            v
        })
        .collect();
    j["avss"] = new_avss.into();
    j["operators"] = new_ops.into();
    for key in ["faults", "extra_lrts", "incentives", "position"] {
        if let Some(v) = j.get_mut(key) {
            rename_refs(v, &rename);
        }
    }
    j["name"] = format!("imported from {mapping}").into();
    j["description"] = format!(
        "{} operators and {} AVSs imported from {mapping}; everything else from the template '{template_name}'.",
        ops.len(),
        avss.len()
    )
    .into();
    j
}

/// Replaces the values of `avs` and `operator` keys that name a template entity by the
/// imported entity at the same index.
fn rename_refs(v: &mut Value, rename: &BTreeMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if let (true, Value::String(s)) = (k == "avs" || k == "operator", &*x) {
                    if let Some(new) = rename.get(s) {
                        *x = Value::String(new.clone());
                    }
                } else {
                    rename_refs(x, rename);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rename_refs(x, rename)),
        _ => {}
    }
}
