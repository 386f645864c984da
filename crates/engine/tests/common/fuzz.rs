//! Shared by the fuzz harness and the regression replays: a fuzz case (a scenario as text or a
//! preset, a seed, a block count and faults injected while running) and how to run it.

use restake_engine::{invariants, presets, Fault, Scenario, ScenarioError, Sim};
use serde::{Deserialize, Serialize};

/// One input, as stored in `tests/regressions/*.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What it found, for the reader.
    #[serde(default)]
    pub note: String,
    /// A preset name, used when there is no `scenario_text`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub preset: String,
    /// Scenario JSON text as the parser sees it (possibly broken on purpose).
    #[serde(default)]
    pub scenario_text: Option<String>,
    pub seed: u64,
    pub blocks: u64,
    /// Faults injected with `Sim::inject` before the given block.
    #[serde(default)]
    pub inject: Vec<(u64, Fault)>,
}

/// What a case came to when it did not crash.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// The parser or validation refused it with a field path.
    Refused,
    /// It ran every block with the invariants holding; the final hash.
    Ran(String),
}

/// Runs a case: parse (or take the preset), validate, build, inject and step, checking the
/// invariants after every block. `Err` for a refusal without a path or a broken invariant;
/// a panic propagates.
pub fn run_case(c: &Case) -> Result<Verdict, String> {
    let parse = Scenario::from_json;
    let scenario: Scenario = match &c.scenario_text {
        None => presets::get(&c.preset).map_err(|e| e.to_string())?,
        // A refusal names the field; the path is empty only for a field whose name is empty.
        Some(text) => match parse(text) {
            Ok(s) => s,
            Err(ScenarioError::Invalid { reason, .. }) if !reason.is_empty() => {
                return Ok(Verdict::Refused)
            }
            Err(e) => return Err(format!("refused without a reason: {e}")),
        },
    };
    let mut sim = match Sim::new(scenario, c.seed) {
        Ok(s) => s,
        Err(ScenarioError::Invalid { path, .. }) if !path.is_empty() => {
            return Ok(Verdict::Refused)
        }
        Err(e) => return Err(format!("build refused without a path: {e}")),
    };
    for b in 0..c.blocks {
        for (_, f) in c.inject.iter().filter(|(at, _)| *at == b) {
            if let Err(e) = sim.inject(f.clone()) {
                if !matches!(&e, ScenarioError::Invalid { path, .. } if !path.is_empty()) {
                    return Err(format!("inject refused without a path: {e}"));
                }
            }
        }
        let m = sim.step();
        if !(m.lrt_price.is_finite() && m.lrt_nav.is_finite() && m.discount.is_finite()) {
            return Err(format!(
                "block {}: non-finite price {} NAV {} discount {}",
                m.block, m.lrt_price, m.lrt_nav, m.discount
            ));
        }
        invariants::check(sim.world()).map_err(|e| format!("block {}: {e}", sim.block()))?;
    }
    Ok(Verdict::Ran(sim.state_hash()))
}
