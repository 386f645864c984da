//! Fuzzing on stable Rust (cargo-fuzz needs nightly): two seeded generators whose executions
//! are counted and reproducible.
//!
//! * `json`: preset JSON text (every preset, and every small one with all channels on) mutated at the byte and token level (flips, cuts, duplicated
//!   spans, numbers replaced by 0, -1, 1e40, 2^64, NaN-like tokens, wrong types) fed to
//!   `Scenario::from_json`; whatever parses runs for 40 blocks.
//! * `engine`: `arbitrary` over seeded random bytes builds a case: a preset (half the time with
//!   every channel switched on, `common::with_channels`), any leaf of its JSON set to a
//!   full-range value (u64, u32, f64, bool), and faults of every family with full-range sizes at
//!   random blocks, scheduled in the file or injected with `Sim::inject`.
//!
//! Every execution must end in a refusal that names a field, or in a run whose invariants hold
//! after every block; a panic or a broken invariant is a crash. Crashes are written to
//! `tests/regressions/found/` as replayable cases (see `tests/regressions/README.md`) and fail
//! the test. `FUZZ_EXECS` (per target, default 1,500) and `FUZZ_SEED` (default 0) set the run:
//! `FUZZ_EXECS=200000 FUZZ_SEED=7 cargo test -p restake-engine --test fuzz -- --nocapture`
//! (the test profile: optimised, with overflow checks, which `--release` would turn off).

mod common;

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;

use arbitrary::{Arbitrary, Unstructured};
use common::fuzz::{run_case, Case, Verdict};
use common::with_channels;
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use restake_engine::scenario::FeedFault;
use restake_engine::{presets, Fault, Scenario};
use serde_json::Value;

fn execs() -> u64 {
    std::env::var("FUZZ_EXECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_500)
}

fn base_seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn found_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/regressions/found")
}

/// Tallies of one fuzz run.
#[derive(Default, Debug)]
struct Tally {
    execs: u64,
    refused: u64,
    ran: u64,
    crashes: Vec<String>,
}

/// Runs `case` catching panics; a crash is saved (once per distinct message) and tallied.
fn execute(target: &str, case: &Case, tally: &mut Tally) {
    tally.execs += 1;
    if tally.execs.is_multiple_of(5_000) {
        eprintln!(
            "fuzz {target}: {} executions, {} crashes so far",
            tally.execs,
            tally.crashes.len()
        );
    }
    let result = panic::catch_unwind(AssertUnwindSafe(|| run_case(case)));
    let crash = match result {
        Ok(Ok(Verdict::Refused)) => {
            tally.refused += 1;
            return;
        }
        Ok(Ok(Verdict::Ran(_))) => {
            tally.ran += 1;
            return;
        }
        Ok(Err(msg)) => msg,
        Err(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into()),
    };
    // One file per distinct message (numbers stripped), so a long run does not flood the folder.
    let key: String = crash.chars().filter(|c| !c.is_ascii_digit()).collect();
    if tally.crashes.iter().any(|c| {
        c.chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
            == key
    }) {
        return;
    }
    let dir = found_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{target}-{}.json", tally.crashes.len()));
    let mut saved = case.clone();
    saved.note = format!("found by fuzz target {target}: {crash}");
    std::fs::write(&file, serde_json::to_string_pretty(&saved).unwrap()).unwrap();
    tally.crashes.push(crash);
}

fn report(target: &str, tally: &Tally) {
    eprintln!(
        "fuzz {target}: {} executions ({} refused with a path, {} ran), {} distinct crashes",
        tally.execs,
        tally.refused,
        tally.ran,
        tally.crashes.len()
    );
    assert!(
        tally.crashes.is_empty(),
        "fuzz {target} crashed (cases in tests/regressions/found/): {:#?}",
        tally.crashes
    );
}

/// Silences the default panic message while fuzzing (crashes are reported at the end).
fn quiet<T>(f: impl FnOnce() -> T) -> T {
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let out = f();
    panic::set_hook(hook);
    out
}

const TOKENS: &[&str] = &[
    "0",
    "-1",
    "1",
    "1e40",
    "-1e40",
    "18446744073709551616",
    "18446744073709551615",
    "4294967295",
    "4294967296",
    "1e-320",
    "0.5",
    "2.5",
    "null",
    "true",
    "\"\"",
    "\"x\"",
    "[]",
    "{}",
    "[1]",
    "NaN",
    "Infinity",
    "\"oracle\"",
    "{\"kind\":\"legacy\"}",
    "100000",
    "1000000000",
];

/// One mutation of `text`.
fn mutate(text: &str, rng: &mut ChaCha8Rng) -> String {
    let mut b: Vec<u8> = text.as_bytes().to_vec();
    let n = b.len().max(1);
    match rng.random_range(0..7) {
        // Replace a number (or literal) with a token: the most productive mutation.
        0..=2 => {
            let starts: Vec<usize> = (1..b.len())
                .filter(|&i| {
                    (b[i].is_ascii_digit() || b[i] == b't' || b[i] == b'f' || b[i] == b'n')
                        && matches!(b[i - 1], b' ' | b':' | b'[' | b',')
                })
                .collect();
            if let Some(&s) = starts.get(rng.random_range(0..starts.len().max(1))) {
                let mut e = s;
                while e < b.len() && !matches!(b[e], b',' | b'}' | b']' | b'\n') {
                    e += 1;
                }
                let tok = TOKENS[rng.random_range(0..TOKENS.len())];
                b.splice(s..e, tok.bytes());
            }
        }
        3 => b.truncate(rng.random_range(0..n)),
        4 => {
            let i = rng.random_range(0..n);
            if i < b.len() {
                b[i] ^= 1 << rng.random_range(0..7);
            }
        }
        5 => {
            let s = rng.random_range(0..n);
            let e = (s + rng.random_range(0..200)).min(b.len());
            let span: Vec<u8> = b[s..e].to_vec();
            let at = rng.random_range(0..n).min(b.len());
            b.splice(at..at, span);
        }
        _ => {
            let s = rng.random_range(0..n);
            let e = (s + rng.random_range(0..50)).min(b.len());
            b.drain(s.min(b.len())..e);
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

#[test]
fn fuzz_scenario_json_parser() {
    let mut rng = ChaCha8Rng::seed_from_u64(base_seed());
    // Every preset as it is, and every small one with all channels on (ambiguity, MEV, cover
    // pools, incentives with mercenary capital), so that their fields' numbers are mutated too.
    let texts: Vec<String> = presets::NAMES
        .iter()
        .map(|n| presets::get(n).unwrap().to_json())
        .chain(common::all_presets().map(|n| with_channels(presets::get(n).unwrap()).to_json()))
        .collect();
    let mut tally = Tally::default();
    quiet(|| {
        for _ in 0..execs() {
            let mut text = texts[rng.random_range(0..texts.len())].clone();
            for _ in 0..[1, 1, 1, 2, 3][rng.random_range(0..5)] {
                text = mutate(&text, &mut rng);
            }
            let case = Case {
                note: String::new(),
                preset: String::new(),
                scenario_text: Some(text),
                seed: rng.next_u64(),
                blocks: 40,
                inject: Vec::new(),
            };
            execute("json", &case, &mut tally);
        }
    });
    report("json", &tally);
    assert!(
        tally.ran > 0 && tally.refused > 0,
        "both outcomes are exercised"
    );
}

/// A full-range value for a JSON leaf.
#[derive(Arbitrary, Debug)]
enum RawValue {
    U64(u64),
    U32(u32),
    Small(u16),
    F64(f64),
    Unit(u8),
    Bool(bool),
}

impl RawValue {
    fn json(&self) -> Value {
        match *self {
            RawValue::U64(x) => x.into(),
            RawValue::U32(x) => x.into(),
            RawValue::Small(x) => x.into(),
            RawValue::F64(x) => serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number),
            RawValue::Unit(x) => (x as f64 / 200.0).into(),
            RawValue::Bool(x) => x.into(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct RawFault {
    family: u8,
    target: u8,
    other: u8,
    a: u32,
    b: u64,
    at: u16,
    scheduled: bool,
}

#[derive(Arbitrary, Debug)]
struct EngineInput {
    preset: u8,
    /// Switch every channel on first ([`with_channels`]), so tweaks can reach their fields.
    channels: bool,
    seed: u64,
    blocks: u16,
    tweaks: Vec<(u16, RawValue)>,
    faults: Vec<RawFault>,
}

/// Paths of every number and boolean in the scenario's JSON (`a.b[2].c`).
fn leaves(v: &Value, here: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if here.is_empty() {
                    k.clone()
                } else {
                    format!("{here}.{k}")
                };
                leaves(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{here}[{i}]"), out);
            }
        }
        Value::Number(_) | Value::Bool(_) => out.push(here),
        _ => {}
    }
}

fn pick(names: &[String], i: u8) -> String {
    if i == 255 || names.is_empty() {
        return "no such name".into();
    }
    names[i as usize % names.len()].clone()
}

fn build_fault(s: &Scenario, f: &RawFault) -> Fault {
    let avss: Vec<String> = s.avss.iter().map(|a| a.name.clone()).collect();
    let ops: Vec<String> = s.operators.iter().map(|o| o.name.clone()).collect();
    let clients: Vec<String> = s.consensus.clients.iter().map(|c| c.name.clone()).collect();
    let regions: Vec<String> = s.consensus.regions.iter().map(|c| c.name.clone()).collect();
    let avs = pick(&avss, f.target);
    match f.family % 13 {
        0 => Fault::OracleOutlier {
            avs,
            deviation_bps: f.a,
        },
        1 => Fault::ClientBug {
            client: pick(&clients, f.target),
            share_bps: f.a,
        },
        2 => Fault::RegionOutage {
            region: pick(&regions, f.target),
            duration_blocks: f.b,
        },
        3 => Fault::OracleDataIntegrity { avs },
        4 => Fault::OperatorKeyCompromise {
            operator: pick(&ops, f.target),
        },
        5 => Fault::AvsExploit { avs },
        6 => Fault::GovernanceCapture { avs },
        7 => Fault::SlashingUpgrade {
            avs,
            slash_bps: f.a,
        },
        8 => Fault::WithdrawalPause {
            duration_blocks: f.b,
            lrt_symbol: None,
        },
        9 => Fault::WhaleSale {
            lrt: f.b,
            over_blocks: f.a as u64,
            lrt_symbol: None,
        },
        10 => Fault::LiquidityWithdrawal {
            share_bps: f.a,
            lrt_symbol: None,
        },
        11 => Fault::ModifyAllocation {
            operator: pick(&ops, f.target),
            avs: pick(&avss, f.other),
            magnitude_bps: f.a,
        },
        _ => Fault::LendingOracle {
            mode: if f.b.is_multiple_of(2) {
                FeedFault::Stale
            } else {
                FeedFault::Manipulated
            },
            deviation_bps: f.a,
            duration_blocks: f.b,
            market: None,
        },
    }
}

/// Turns fuzz bytes into a case: tweaks applied to the preset's JSON, faults scheduled in the
/// file or injected.
fn engine_case(input: &EngineInput) -> Case {
    // The large presets (listed last) have their own tests: runs of up to 300 blocks with the
    // invariants after each would dominate the fuzzing time.
    let small = presets::NAMES.len() - presets::LARGE.len();
    let name = presets::NAMES[input.preset as usize % small];
    let mut base = presets::get(name).unwrap();
    if input.channels {
        base = with_channels(base);
    }
    let mut json = serde_json::to_value(&base).unwrap();
    let mut paths = Vec::new();
    leaves(&json, String::new(), &mut paths);
    for (k, v) in input.tweaks.iter().take(6) {
        let path = &paths[*k as usize % paths.len()];
        if let Ok(s) = serde_json::from_value::<Scenario>(json.clone()) {
            if let Ok(next) = restake_engine::batch::set_param(&s, path, &v.json()) {
                json = serde_json::to_value(next).unwrap();
                continue;
            }
        }
        // Keep the invalid value: validation must refuse it with a path.
        let mut at = &mut json;
        for seg in path.split('.') {
            let (field, idx) = match seg.split_once('[') {
                Some((f, i)) => (f, i.trim_end_matches(']').parse::<usize>().ok()),
                None => (seg, None),
            };
            at = &mut at[field];
            if let Some(i) = idx {
                at = &mut at[i];
            }
        }
        *at = v.json();
    }
    let blocks = (input.blocks % 300) as u64 + 1;
    let mut inject = Vec::new();
    let mut scheduled = Vec::new();
    for f in input.faults.iter().take(5) {
        let fault = build_fault(&base, f);
        let at = f.at as u64 % blocks;
        if f.scheduled {
            scheduled.push(serde_json::json!({"at_block": at, "fault": fault}));
        } else {
            inject.push((at, fault));
        }
    }
    if !scheduled.is_empty() {
        json["faults"] = Value::Array(scheduled);
    }
    Case {
        note: String::new(),
        preset: String::new(),
        scenario_text: Some(json.to_string()),
        seed: input.seed,
        blocks,
        inject,
    }
}

#[test]
fn fuzz_engine_with_arbitrary_parameters_and_faults() {
    let mut rng = ChaCha8Rng::seed_from_u64(base_seed() ^ 0x9e37_79b9);
    let mut bytes = vec![0u8; 512];
    let mut tally = Tally::default();
    quiet(|| {
        for _ in 0..execs() / 3 {
            rng.fill_bytes(&mut bytes);
            let mut u = Unstructured::new(&bytes);
            let Ok(input) = EngineInput::arbitrary(&mut u) else {
                continue;
            };
            let case = engine_case(&input);
            execute("engine", &case, &mut tally);
        }
    });
    report("engine", &tally);
    assert!(tally.ran > 0, "some cases run");
}
