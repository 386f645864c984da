//! Share links: the whole run in the URL's hash, so that opening the link replays the same run
//! to the same block (same state hash).
//!
//! The fragment is a list of `key=value` pairs joined by `&`:
//!
//! * `preset=NAME` for an unchanged preset, or `scenario=BLOB` for an edited or imported
//!   scenario (its compact JSON, deflated and base64url-encoded);
//! * `seed=N` and `block=N` (the block the run had reached);
//! * `faults=BLOB` when faults were injected while running: a JSON list of
//!   `{"block": B, "fault": {...}}`, where `B` is the block the run was at when the fault was
//!   injected (it happens in block `B + 1`), in the order they were injected.
//!
//! A link for a preset without injected faults stays readable:
//! `#preset=oracle-cascade&seed=42&block=3600`.
//!
//! [`PANIC_TEST`] (`#panic-test`) is not a run: the app panics on purpose when it sees it, so
//! that an end-to-end test can check the panic panel.
//!
//! Plain functions, tested natively.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use restake_engine::{presets, Fault, Scenario};
use serde::{Deserialize, Serialize};

use crate::data::format::parse_seed;
use crate::state::MAX_BLOCK;

/// The fragment that makes the app panic on purpose (for the panic panel's end-to-end test).
pub const PANIC_TEST: &str = "panic-test";

/// Largest decompressed blob accepted, bytes (a scenario is about 20 KB).
const MAX_INFLATED: usize = 1 << 20;

/// A fault injected while running, at the block the run was at when it was injected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedFault {
    pub block: u64,
    pub fault: Fault,
}

/// Everything needed to replay a run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunLink {
    /// The preset's name when the scenario is an unchanged preset.
    pub preset: Option<String>,
    /// The scenario (the preset's, or the one carried in the link), validated.
    pub scenario: Scenario,
    pub seed: u64,
    /// Block to replay to.
    pub block: u64,
    /// Injected faults in injection order (blocks never decrease, none past `block`).
    pub faults: Vec<SharedFault>,
}

/// `bytes` deflated and base64url-encoded (no padding).
pub fn pack(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(bytes, 9))
}

/// The inverse of [`pack`], as text; refuses more than [`MAX_INFLATED`] bytes.
pub fn unpack(blob: &str) -> Result<String, String> {
    let deflated = URL_SAFE_NO_PAD
        .decode(blob.trim_end_matches('='))
        .map_err(|e| format!("not base64url: {e}"))?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED)
        .map_err(|e| format!("not deflate data or too large ({:?})", e.status))?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

/// The scenario blob of `scenario` for `scenario=` (computed once per scenario by the app).
pub fn scenario_blob(scenario: &Scenario) -> String {
    pack(
        serde_json::to_string(scenario)
            .expect("scenario serialises")
            .as_bytes(),
    )
}

/// The fragment (without `#`) for a run. `scenario` is `Ok(preset name)` for an unchanged
/// preset, else `Err(scenario blob)` from [`scenario_blob`].
pub fn encode(
    scenario: Result<&str, &str>,
    seed: u64,
    block: u64,
    faults: &[SharedFault],
) -> String {
    let mut out = match scenario {
        Ok(preset) => format!("preset={preset}"),
        Err(blob) => format!("scenario={blob}"),
    };
    out.push_str(&format!("&seed={seed}&block={block}"));
    if !faults.is_empty() {
        let json = serde_json::to_string(faults).expect("faults serialise");
        out.push_str(&format!("&faults={}", pack(json.as_bytes())));
    }
    out
}

/// Reads a fragment (with or without its `#`). `Ok(None)` for an empty fragment; `Err` with a
/// reason a person can act on for anything else that is not a valid run.
pub fn decode(fragment: &str) -> Result<Option<RunLink>, String> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.is_empty() {
        return Ok(None);
    }
    let fields = Fields::split(fragment)?;
    let (preset, scenario) = scenario_of(fields.preset, fields.scenario)?;
    let seed = match fields.seed {
        Some(text) => parse_seed(text).map_err(|e| format!("seed: {e}"))?,
        None => crate::state::DEFAULT_SEED,
    };
    let block = block_of(fields.block)?;
    let faults = faults_of(fields.faults, &scenario, block)?;
    Ok(Some(RunLink {
        preset,
        scenario,
        seed,
        block,
        faults,
    }))
}

/// The raw values of a fragment's fields, each given at most once.
#[derive(Default)]
struct Fields<'a> {
    preset: Option<&'a str>,
    scenario: Option<&'a str>,
    seed: Option<&'a str>,
    block: Option<&'a str>,
    faults: Option<&'a str>,
}

impl<'a> Fields<'a> {
    /// Splits `fragment` (without its `#`) into its `key=value` pairs; `Err` for a pair
    /// without `=`, an unknown key or a key given twice.
    fn split(fragment: &'a str) -> Result<Fields<'a>, String> {
        let mut f = Fields::default();
        for pair in fragment.split('&') {
            let Some((key, value)) = pair.split_once('=') else {
                return Err(format!("'{}' is not a key=value pair", clip(pair)));
            };
            let slot = match key {
                "preset" => &mut f.preset,
                "scenario" => &mut f.scenario,
                "seed" => &mut f.seed,
                "block" => &mut f.block,
                "faults" => &mut f.faults,
                _ => return Err(format!("unknown field '{}'", clip(key))),
            };
            if slot.replace(value).is_some() {
                return Err(format!("'{key}' is given twice"));
            }
        }
        Ok(f)
    }
}

/// The scenario a link names: a preset by name (returned with it), or a packed scenario.
fn scenario_of(
    preset: Option<&str>,
    scenario: Option<&str>,
) -> Result<(Option<String>, Scenario), String> {
    match (preset, scenario) {
        (Some(_), Some(_)) => Err("give either preset or scenario, not both".into()),
        (None, None) => Err("no preset or scenario in the link".into()),
        (Some(name), None) => {
            if !presets::NAMES.contains(&name) {
                return Err(format!("unknown preset '{}'", clip(name)));
            }
            let s = presets::get(name).map_err(|e| e.to_string())?;
            Ok((Some(name.to_string()), s))
        }
        (None, Some(blob)) => {
            let json = unpack(blob).map_err(|e| format!("scenario: {e}"))?;
            let s = Scenario::from_json(&json).map_err(|e| format!("scenario: {e}"))?;
            Ok((None, s))
        }
    }
}

/// The link's block (0 when absent), at most [`MAX_BLOCK`].
fn block_of(text: Option<&str>) -> Result<u64, String> {
    let block = match text {
        Some(text) => text
            .parse::<u64>()
            .map_err(|_| format!("block: '{}' is not a whole number", clip(text)))?,
        None => 0,
    };
    if block > MAX_BLOCK {
        return Err(format!(
            "block: {block} is past the app's limit of {MAX_BLOCK} blocks"
        ));
    }
    Ok(block)
}

/// The link's packed faults (none when absent): in block order, none after `block`, each one
/// `scenario` accepts.
fn faults_of(
    blob: Option<&str>,
    scenario: &Scenario,
    block: u64,
) -> Result<Vec<SharedFault>, String> {
    let faults: Vec<SharedFault> = match blob {
        Some(blob) => {
            let json = unpack(blob).map_err(|e| format!("faults: {e}"))?;
            // Through serde_path_to_error, as the scenario's own faults and the Monte Carlo
            // workers' are read: one copy of the faults' parsing code in the module (and the
            // error names the field).
            serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(&json))
                .map_err(|e| format!("faults: {e}"))?
        }
        None => Vec::new(),
    };
    let mut last = 0;
    for (i, f) in faults.iter().enumerate() {
        if f.block < last || f.block > block {
            return Err(format!(
                "faults[{i}].block: {} is out of order or past block {block}",
                f.block
            ));
        }
        last = f.block;
        scenario
            .validate_fault(&f.fault, &format!("faults[{i}].fault"))
            .map_err(|e| format!("faults: {e}"))?;
    }
    Ok(faults)
}

/// At most 40 characters of user text, for error messages.
fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::Sim;

    fn outlier() -> Fault {
        Sim::preset("oracle-cascade", 1)
            .unwrap()
            .default_oracle_fault()
            .unwrap()
    }

    #[test]
    fn a_preset_link_is_readable_and_round_trips() {
        let f = encode(Ok("whale-exit"), 7, 120, &[]);
        assert_eq!(f, "preset=whale-exit&seed=7&block=120");
        let link = decode(&format!("#{f}")).unwrap().unwrap();
        assert_eq!(link.preset.as_deref(), Some("whale-exit"));
        assert_eq!(link.scenario, presets::get("whale-exit").unwrap());
        assert_eq!((link.seed, link.block), (7, 120));
        assert!(link.faults.is_empty());
        assert_eq!(decode("").unwrap(), None);
        assert_eq!(decode("#").unwrap(), None);
    }

    #[test]
    fn an_edited_scenario_and_injected_faults_round_trip() {
        let mut s = presets::get("oracle-cascade").unwrap();
        s.name = "<img src=x onerror=alert(1)>".into();
        s.pool.amp = 77;
        let faults = vec![
            SharedFault {
                block: 3,
                fault: outlier(),
            },
            SharedFault {
                block: 3,
                fault: Fault::WithdrawalPause {
                    duration_blocks: 10,
                    lrt_symbol: None,
                },
            },
        ];
        let f = encode(Err(&scenario_blob(&s)), 42, 9, &faults);
        assert!(f.len() < 6_000, "link of {} characters", f.len());
        let link = decode(&f).unwrap().unwrap();
        assert_eq!(link.preset, None);
        assert_eq!(link.scenario, s);
        assert_eq!(link.faults, faults);
    }

    #[test]
    fn a_replayed_link_gives_the_same_state_hash() {
        // What the app does when it replays a link, against a run driven by hand.
        let mut by_hand = Sim::preset("oracle-cascade", 5).unwrap();
        by_hand.run(4);
        by_hand.inject(outlier()).unwrap();
        by_hand.run(6);
        let faults: Vec<SharedFault> = by_hand
            .injected()
            .iter()
            .map(|i| SharedFault {
                block: i.block,
                fault: i.fault.clone(),
            })
            .collect();
        let link = decode(&encode(Ok("oracle-cascade"), 5, 10, &faults))
            .unwrap()
            .unwrap();
        let mut replay = Sim::new(link.scenario, link.seed).unwrap();
        let mut pending = link.faults.into_iter().peekable();
        loop {
            while let Some(f) = pending.next_if(|f| f.block == replay.block()) {
                replay.inject(f.fault).unwrap();
            }
            if replay.block() >= link.block {
                break;
            }
            replay.step();
        }
        assert_eq!(replay.state_hash(), by_hand.state_hash());
    }

    #[test]
    fn tampered_links_are_refused_with_a_reason() {
        let good = encode(Ok("oracle-cascade"), 1, 2, &[]);
        let bad = |f: &str| decode(f).unwrap_err();
        assert!(bad("preset=nope&seed=1").contains("unknown preset 'nope'"));
        assert!(bad(&format!("{good}&x=1")).contains("unknown field 'x'"));
        assert!(bad("seed=1").contains("no preset or scenario"));
        assert!(bad("preset=oracle-cascade&seed=abc").starts_with("seed:"));
        assert!(bad("preset=oracle-cascade&block=-1").starts_with("block:"));
        assert!(bad("preset=oracle-cascade&block=99999999").contains("limit"));
        assert!(bad("scenario=AAAA").starts_with("scenario:"));
        assert!(bad("scenario=!!!").contains("base64"));
        assert!(bad("preset=oracle-cascade&seed=1&seed=2").contains("twice"));
        assert!(bad("garbage").contains("key=value"));
        // A scenario that parses but is invalid names the field.
        let mut s = presets::get("oracle-cascade").unwrap();
        s.lending.ltv_bps = 9_999;
        let e = bad(&format!("scenario={}", scenario_blob(&s)));
        assert!(e.contains("lending.ltv_bps"), "{e}");
        // Faults past the link's block, or naming nothing in the scenario.
        let late = [SharedFault {
            block: 5,
            fault: outlier(),
        }];
        assert!(bad(&encode(Ok("oracle-cascade"), 1, 2, &late)).contains("faults[0].block"));
        let nowhere = [SharedFault {
            block: 1,
            fault: Fault::AvsExploit { avs: "nope".into() },
        }];
        assert!(bad(&encode(Ok("oracle-cascade"), 1, 2, &nowhere)).contains("faults[0].fault.avs"));
        assert!(unpack(&pack(&vec![b'a'; MAX_INFLATED + 1])).is_err());
    }
}
