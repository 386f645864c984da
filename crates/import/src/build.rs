//! The scenario built from the network read and a template: operator stakes (read, or
//! synthesised from AVS TVL), allocations, and every other field from the template.

use std::collections::BTreeMap;

use restake_engine::Scenario;
use serde_json::Value;

use crate::network::Network;

/// `(lrt, native, lst)` whole ETH per operator, and provenance lines saying where each
/// operator's stake came from.
///
/// An operator's total stake is, in order of preference: its own TVL (operator metrics,
/// EigenExplorer `tvl.tvl`); else, synthesised, the largest over its AVSs of the AVS's TVL
/// over the operators registered with it (the same restaked ETH counts in the TVL of every
/// AVS it secures); else the template's mean operator stake. The template's LRT delegations
/// are spread over the operators in proportion to their stake (so the template's holders,
/// pool and loans stay backed); the rest is native or LST by the native (beacon chain) share.
pub fn operator_stakes(
    net: &Network,
    template: &Scenario,
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
    let mut counts = [0usize; 3];
    let per_avs = net.operators_per_avs();
    let plan: Vec<(f64, f64)> = net
        .avss_per_operator()
        .iter()
        .enumerate()
        .map(|(o, avss)| {
            let mine: Vec<(usize, f64, Option<f64>)> = avss
                .iter()
                .filter_map(|&a| net.avs_tvl.get(&a).map(|t| (a, t.eth, t.native_share)))
                .collect();
            let avs_native: Vec<f64> = mine.iter().filter_map(|m| m.2).collect();
            let avs_native = (!avs_native.is_empty())
                .then(|| avs_native.iter().sum::<f64>() / avs_native.len() as f64);
            let (stake, share) = if let Some(t) = net.op_tvl.get(&o) {
                counts[0] += 1;
                (t.eth, t.native_share.or(avs_native))
            } else if !mine.is_empty() {
                counts[1] += 1;
                let stake = mine
                    .iter()
                    .map(|(a, eth, _)| eth / per_avs[*a].max(1) as f64)
                    .fold(0.0, f64::max);
                (stake, avs_native)
            } else {
                counts[2] += 1;
                (mean_stake, None)
            };
            (
                stake.round().clamp(1.0, 1e9),
                share.unwrap_or(native_default),
            )
        })
        .collect();
    provenance.push(format!(
        "operators[] total stake <- {} operators: their own TVL in the exports; {} synthesised: max over the operator's AVSs of the AVS's TVL / operators of that AVS; {} the template mean operator stake ({mean_stake:.0} ETH): no TVL for them or their AVSs",
        counts[0], counts[1], counts[2]
    ));
    provenance.push(format!("operators[].lrt_delegation_eth <- the template's LRT delegations ({lrt} ETH in all, so that its holders, pool and loans stay backed) spread over the operators in proportion to their total stake; native_delegation_eth / lst_delegation_eth <- the rest of the operator's stake split by the beacon-chain share of its TVL (or its AVSs'; template: {native_default:.3})"));
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
pub fn spread(total: u64, weights: &[f64]) -> Vec<u64> {
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

/// What the scenario is built from: the network's names, stakes, the template and a label
/// for the name and description.
pub struct Parts<'a> {
    pub op_names: &'a [String],
    pub avs_names: &'a [String],
    pub regs: &'a [(usize, usize)],
    pub stakes: &'a [(u64, u64, u64)],
    pub template: &'a Scenario,
    pub template_name: &'a str,
    pub label: &'a str,
}

/// The scenario JSON: the template with its operators and AVSs replaced by the imported ones
/// (entity `i` takes the template's entity `i mod n` as its parameters), equal magnitudes per
/// operator (10,000 bps over its AVSs), and the template's references to its first entities
/// (faults, extra LRTs, incentives, position) renamed to the imported entity at that index.
pub fn build_json(p: &Parts) -> Value {
    let mut j = serde_json::to_value(p.template).expect("scenario serialises");
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    let t_avss = j["avss"].as_array().cloned().unwrap_or_default();
    let t_ops = j["operators"].as_array().cloned().unwrap_or_default();
    let new_avss: Vec<Value> = p
        .avs_names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut v = t_avss[i % t_avss.len()].clone();
            if i < t_avss.len() {
                rename.insert(v["name"].as_str().unwrap_or("").to_string(), name.clone());
            }
            v["name"] = name.clone().into();
            v
        })
        .collect();
    let mut by_op: Vec<Vec<usize>> = vec![Vec::new(); p.op_names.len()];
    for &(o, a) in p.regs {
        by_op[o].push(a);
    }
    let new_ops: Vec<Value> = p
        .op_names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut v = t_ops[i % t_ops.len()].clone();
            if i < t_ops.len() {
                rename.insert(v["name"].as_str().unwrap_or("").to_string(), name.clone());
            }
            let mine = &by_op[i];
            let mag = 10_000 / mine.len().max(1) as u64;
            v["name"] = name.clone().into();
            v["lrt_delegation_eth"] = p.stakes[i].0.into();
            v["native_delegation_eth"] = p.stakes[i].1.into();
            v["lst_delegation_eth"] = p.stakes[i].2.into();
            v["allocations"] = mine
                .iter()
                .map(|&a| serde_json::json!({"avs": p.avs_names[a], "magnitude_bps": mag}))
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
    j["name"] = format!("imported from {}", p.label).into();
    j["description"] = format!(
        "{} operators and {} AVSs imported from {}; everything else from the template '{}'.",
        p.op_names.len(),
        p.avs_names.len(),
        p.label,
        p.template_name
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
