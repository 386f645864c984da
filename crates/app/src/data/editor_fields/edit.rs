//! Applying one edit to the scenario's JSON and reading it back through the engine's own
//! parsing and validation, with the objects an "Add" inserts.

use super::pattern;
use restake_engine::Scenario;
use serde_json::Value;

/// Optional objects and the value an "Add" button inserts (valid in every preset).
pub const OPTIONAL_DEFAULTS: &[(&str, &str)] = &[
    (
        "insurance",
        r#"{"capital_eth":5000,"covered_bps":5000,"premium_apr_bps":200}"#,
    ),
    (
        "pool.lps",
        r#"{"withdraw_at_discount_bps":50,"withdraw_share_bps":1200,"every_blocks":7200,"max_withdrawn_bps":7300}"#,
    ),
    (
        "lending.governance",
        r#"{"trigger_discount_bps":300,"delay_blocks":300,"action":{"kind":"freeze"}}"#,
    ),
    (
        "operators[].feed",
        r#"{"sources":1,"reads_faulty_source":true,"max_move_bps":10000,"client":"median"}"#,
    ),
    (
        "oracle_feeds",
        r#"{"faulty_source_share":0.3,"sources_min":1,"sources_max":5,"mean_client_share":0.2,"max_move_bps_min":1000,"max_move_bps_max":10000}"#,
    ),
    (
        "avss[].veto",
        r#"{"members":9,"quorum":5,"window_blocks":3600,"p_veto_unjustified":0.9,"p_veto_justified":0.05}"#,
    ),
    (
        "avss[].emergency_pause",
        r#"{"trigger_bps":2000,"delay_blocks":300,"duration_blocks":21600}"#,
    ),
    (
        "avss[].mev",
        r#"{"opportunity_gwei_per_block":100000000,"detection_probability":0.05,"propensity":0.5}"#,
    ),
];

/// Tagged choices whose other fields depend on the choice: the object each kind starts from.
pub const VARIANT_DEFAULTS: &[(&str, &str, &str)] = &[
    ("pool.variant.kind", "legacy", r#"{"kind":"legacy"}"#),
    (
        "pool.variant.kind",
        "ng",
        r#"{"kind":"ng","offpeg_fee_multiplier":20000000000,"ma_exp_time_s":866,"rate_oracle":true}"#,
    ),
    (
        "lending.governance.action.kind",
        "freeze",
        r#"{"kind":"freeze"}"#,
    ),
    (
        "lending.governance.action.kind",
        "pause",
        r#"{"kind":"pause"}"#,
    ),
    (
        "lending.governance.action.kind",
        "set_liquidation_threshold",
        r#"{"kind":"set_liquidation_threshold","liquidation_threshold_bps":7000}"#,
    ),
];

/// One edit the user can make.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Text typed into the field (numbers, names, a choice).
    Text(String),
    Bool(bool),
    /// Insert the default object of an optional field.
    Add,
    /// Set an optional field to none, or remove a list item.
    Remove,
}

/// `avss[2].veto` -> ["avss", "2", "veto"].
fn segments(path: &str) -> Vec<String> {
    path.replace('[', ".")
        .replace(']', "")
        .split('.')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The JSON pointer of `path` (`avss[2].veto` -> `/avss/2/veto`).
pub fn pointer(path: &str) -> String {
    segments(path).iter().map(|s| format!("/{s}")).collect()
}

/// `scenario` with `edit` applied to the field at `path`. `Err` says why (prefixed with the
/// field's path) when the input is not a value of the field's type, or when the edited
/// scenario is refused by the engine's parser or validation (which names the field).
pub fn apply(scenario: &Scenario, path: &str, edit: Edit) -> Result<Scenario, String> {
    let mut root = serde_json::to_value(scenario).map_err(|e| e.to_string())?;
    let ptr = pointer(path);
    let current = root
        .pointer(&ptr)
        .cloned()
        .ok_or_else(|| format!("{path}: no such field"))?;
    let new = match edit {
        Edit::Bool(b) => Value::Bool(b),
        Edit::Add => {
            let (_, json) = OPTIONAL_DEFAULTS
                .iter()
                .find(|(p, _)| *p == pattern(path))
                .ok_or_else(|| format!("{path}: cannot be added"))?;
            serde_json::from_str(json).expect("defaults are JSON")
        }
        Edit::Remove => {
            if path.ends_with(']') {
                let (list, index) = path.rsplit_once('[').expect("ends with ]");
                let index: usize = index
                    .trim_end_matches(']')
                    .parse()
                    .map_err(|_| format!("{path}: bad index"))?;
                let items = root
                    .pointer_mut(&pointer(list))
                    .and_then(Value::as_array_mut)
                    .ok_or_else(|| format!("{path}: not a list item"))?;
                items.remove(index);
                return read_back(&root);
            }
            Value::Null
        }
        Edit::Text(text) => {
            let text = text.trim();
            if let Some((_, _, json)) = VARIANT_DEFAULTS
                .iter()
                .find(|(p, kind, _)| *p == pattern(path) && *kind == text)
            {
                let parent = path.rsplit_once('.').map_or("", |(p, _)| p);
                let slot = root
                    .pointer_mut(&pointer(parent))
                    .ok_or_else(|| format!("{path}: no such field"))?;
                *slot = serde_json::from_str(json).expect("defaults are JSON");
                return read_back(&root);
            }
            parse_like(&current, text, path)?
        }
    };
    *root.pointer_mut(&ptr).expect("found above") = new;
    read_back(&root)
}

/// `text` as a value of the same JSON type as `current`.
fn parse_like(current: &Value, text: &str, path: &str) -> Result<Value, String> {
    let whole = |t: &str| {
        t.replace(['_', ','], "")
            .parse::<u64>()
            .map(Value::from)
            .map_err(|_| format!("{path}: '{t}' is not a whole number of 0 or more"))
    };
    match current {
        Value::Number(n) if n.is_u64() => whole(text),
        Value::Number(_) => text
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("{path}: '{text}' is not a number")),
        Value::Bool(_) => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("{path}: '{text}' is not true or false")),
        },
        // An optional field that is none (upgrade keys, an operator's client): empty keeps it
        // none; the unit in the name tells a number from a name.
        Value::Null if text.is_empty() => Ok(Value::Null),
        Value::Null
            if ["_blocks", "_eth", "_bps"]
                .iter()
                .any(|u| path.ends_with(u)) =>
        {
            whole(text)
        }
        Value::Null => Ok(Value::String(text.to_string())),
        _ => Ok(Value::String(text.to_string())),
    }
}

fn read_back(root: &Value) -> Result<Scenario, String> {
    Scenario::from_json(&root.to_string()).map_err(|e| e.to_string())
}
