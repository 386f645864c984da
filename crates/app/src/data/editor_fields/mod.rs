//! What the scenario editor knows about each parameter (label, unit, range, help) and how an
//! edit is applied: plain data and functions, tested natively.
//!
//! The editor walks the scenario's JSON, so every field the engine serialises gets a control;
//! [`spec`] finds a field's description by its path with the list indices taken out
//! (`avss[2].veto.quorum` -> `avss[].veto.quorum`). A test checks that every field of every
//! preset has one. An edit is applied to the JSON and read back with
//! [`Scenario::from_json`](restake_engine::Scenario::from_json), so the engine's own parsing and
//! validation decide, and a refusal names the field's path.
//!
//! The descriptions are one table per section of the scenario, one file per part of the
//! system (`scenario`, `lrt`, `lending`, `operators`, `avss`, `agents`, `faults`,
//! `position`), joined in reading order into [`SPECS`]; `edit` applies an edit.

mod agents;
mod avss;
mod edit;
mod faults;
mod lending;
mod lrt;
mod operators;
mod position;
mod scenario;
#[cfg(test)]
mod tests;

pub use edit::{apply, pointer, Edit, OPTIONAL_DEFAULTS, VARIANT_DEFAULTS};

/// How one parameter is shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spec {
    pub path: &'static str,
    pub label: &'static str,
    /// Unit shown beside the control ("" for none).
    pub unit: &'static str,
    /// Accepted values in words.
    pub range: &'static str,
    pub help: &'static str,
    /// The allowed strings for a choice (a select); empty for free values.
    pub choices: &'static [&'static str],
}

const fn f(
    path: &'static str,
    label: &'static str,
    unit: &'static str,
    range: &'static str,
    help: &'static str,
) -> Spec {
    Spec {
        path,
        label,
        unit,
        range,
        help,
        choices: &[],
    }
}

const fn choice(
    path: &'static str,
    label: &'static str,
    choices: &'static [&'static str],
    help: &'static str,
) -> Spec {
    Spec {
        path,
        label,
        unit: "",
        range: "one of the list",
        help,
        choices,
    }
}

const BPS: &str = "bps";

const FRAC: &str = "0 to 1";

const BLOCKS: &str = "blocks";

/// Every scenario parameter. Units and meanings follow `crates/engine/src/scenario.rs`. Joined from the sections in reading order.
pub const SPECS: &[Spec] = &join::<{ total(SECTIONS) }>(SECTIONS);

/// The sections of [`SPECS`], in reading order (names first).
const SECTIONS: &[&[Spec]] = &[
    scenario::SCENARIO,
    lrt::LRT,
    lrt::POOL,
    lending::LENDING,
    operators::OPERATORS,
    avss::AVSS,
    agents::AGENTS,
    scenario::MORE,
    lrt::INSURANCE,
    operators::CONSENSUS,
    faults::FAULTS,
    position::POSITION,
    scenario::STACK,
];

/// The number of descriptions in `parts`.
const fn total(parts: &[&[Spec]]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < parts.len() {
        n += parts[i].len();
        i += 1;
    }
    n
}

/// `parts` one after the other; `N` is their [`total`].
const fn join<const N: usize>(parts: &[&[Spec]]) -> [Spec; N] {
    let mut out = [f("", "", "", "", ""); N];
    let (mut i, mut k) = (0, 0);
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[k] = parts[i][j];
            j += 1;
            k += 1;
        }
        i += 1;
    }
    out
}

/// The key of a field's description: `avss[2].veto.quorum` -> `avss[].veto.quorum`. The LRTs
/// and markets after the first share the first one's descriptions:
/// `extra_lrts[1].pool.a` -> `pool.a`, `extra_markets[0].lending.ltv_bps` -> `lending.ltv_bps`.
pub fn pattern(path: &str) -> String {
    let p = indexless(path);
    for (prefix, parts) in [
        (
            "extra_lrts[].",
            &["lrt", "pool", "stakers", "insurance"][..],
        ),
        ("extra_markets[].", &["lending", "loopers"][..]),
    ] {
        if let Some(rest) = p.strip_prefix(prefix) {
            if parts
                .iter()
                .any(|part| rest == *part || rest.starts_with(&format!("{part}.")))
            {
                return rest.to_string();
            }
        }
    }
    p
}

/// `avss[2].veto.quorum` -> `avss[].veto.quorum`.
fn indexless(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// The description of the field at `path` (indices allowed).
pub fn spec(path: &str) -> Option<&'static Spec> {
    let p = pattern(path);
    SPECS.iter().find(|s| s.path == p)
}

/// Where the field at `path` comes in its object: the place of its first description in
/// [`SPECS`] (which lists fields in a reading order: names first), unknown fields last.
/// (`serde_json` maps sort their keys alphabetically.)
pub fn order(path: &str) -> usize {
    let p = pattern(path);
    SPECS
        .iter()
        .position(|s| {
            s.path == p
                || s.path
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
        .unwrap_or(usize::MAX)
}

/// The group a top-level key belongs to, in the order the editor shows them.
pub const GROUPS: &[(&str, &[&str])] = &[
    (
        "Scenario",
        &[
            "name",
            "description",
            "slashing_model",
            "staking_apr_bps",
            "rational_attacks",
        ],
    ),
    ("LRT", &["lrt"]),
    ("Pool", &["pool"]),
    ("Lending", &["lending"]),
    ("Operators", &["operators", "oracle_feeds"]),
    ("AVSs", &["avss"]),
    (
        "Agents",
        &["stakers", "loopers", "arbitrageurs", "liquidators"],
    ),
    ("More LRTs", &["extra_lrts"]),
    ("More lending markets", &["extra_markets"]),
    ("Insurance", &["insurance"]),
    ("Consensus layer", &["consensus"]),
    ("Faults", &["faults"]),
];
