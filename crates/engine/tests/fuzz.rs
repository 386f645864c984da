//! Fuzzing on stable Rust (cargo-fuzz needs nightly): three seeded generators whose executions
//! are counted and reproducible.
//!
//! * `parse` ([`fuzz_scenario_parse_and_validate`]): parse and validate only, no run, about
//!   10,000 executions a second per core: the JSON of every preset, every small one with all
//!   channels on and the imported networks of `tests/corpus/` (written by `restake import` from
//!   the CLI's import fixtures), mutated structurally (keys and array elements deleted,
//!   duplicated, emptied, values replaced by wrong types and extreme numbers) and at the token
//!   and byte level. It counts the distinct field paths refused (the coverage proxy).
//! * `json`: preset JSON text (every preset, and every small one with all channels on) mutated
//!   at the byte and token level (flips, cuts, duplicated spans, numbers replaced by 0, -1,
//!   1e40, 2^64, NaN-like tokens, wrong types) fed to `Scenario::from_json`; whatever parses
//!   runs for 40 blocks.
//! * `engine`: `arbitrary` over seeded random bytes builds a case: a preset or an imported
//!   network of `tests/corpus/` (half the time with every channel switched on,
//!   `common::with_channels`), any leaf of its JSON set to a full-range value (u64, u32, f64,
//!   bool), and faults of every family with full-range sizes at random blocks, scheduled in the
//!   file or injected with `Sim::inject`, over 20-200 blocks.
//!
//! Every execution must end in a refusal that names a field, or in a run whose invariants hold
//! after every block; a panic or a broken invariant is a crash. Crashes are written to
//! `tests/regressions/found/` as replayable cases (see `tests/regressions/README.md`) and fail
//! the test. `FUZZ_EXECS` (default 1,500: `json` runs that many, `engine` a third) and
//! `FUZZ_SEED` (default 0) set the run; `FUZZ_PARSE_EXECS` (default 20,000 per thread),
//! `FUZZ_THREADS` (parse only) and `FUZZ_ENGINE_EXECS` override a target's count:
//! `FUZZ_ENGINE_EXECS=50000 FUZZ_SEED=21 cargo test -p restake-engine --test fuzz fuzz_engine -- --nocapture`
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

/// Executions of one target: `FUZZ_<TARGET>_EXECS`, else `default`.
fn target_execs(target: &str, default: u64) -> u64 {
    std::env::var(format!("FUZZ_{}_EXECS", target.to_uppercase()))
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn base_seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The committed seed corpus (`tests/corpus/*.json`): scenarios written by `restake import`
/// from the fixtures in `crates/cli/tests/fixtures/import/`, as (file name, text).
fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
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
    walk(v, here, out, false)
}

/// Paths in a scenario's JSON: of the numbers and booleans, or (`all_nodes`) of every node.
fn walk(v: &Value, here: String, out: &mut Vec<String>, all_nodes: bool) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if here.is_empty() {
                    k.clone()
                } else {
                    format!("{here}.{k}")
                };
                walk(x, p, out, all_nodes);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(x, format!("{here}[{i}]"), out, all_nodes);
            }
        }
        Value::Number(_) | Value::Bool(_) if !all_nodes => out.push(here.clone()),
        _ => {}
    }
    if all_nodes && !here.is_empty() {
        out.push(here);
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
    let imported = corpus();
    let k = input.preset as usize % (small + imported.len());
    let mut base = if k < small {
        presets::get(presets::NAMES[k]).unwrap()
    } else {
        Scenario::from_json(&imported[k - small].1).unwrap()
    };
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
    // Short runs (20-200 blocks) so that 10^5 executions fit in a campaign.
    let blocks = (input.blocks % 181) as u64 + 20;
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
        for _ in 0..target_execs("engine", execs() / 3) {
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

/// A structure-aware mutation of a parsed scenario: walk from the root to a random node and
/// delete it (object key or array element), duplicate it (array element), empty it (array), or
/// replace it with a token of [`TOKENS`] (a wrong type, an extreme number, `null`).
fn mutate_tree(v: &mut Value, rng: &mut ChaCha8Rng) {
    match v {
        Value::Object(m) if !m.is_empty() && rng.random_range(0..5) != 0 => {
            let key = m.keys().nth(rng.random_range(0..m.len())).unwrap().clone();
            if rng.random_range(0..8) == 0 {
                m.remove(&key);
            } else {
                mutate_tree(m.get_mut(&key).unwrap(), rng);
            }
        }
        Value::Array(a) if !a.is_empty() && rng.random_range(0..5) != 0 => {
            let i = rng.random_range(0..a.len());
            match rng.random_range(0..10) {
                0 => {
                    let x = a[i].clone();
                    a.push(x);
                }
                1 => {
                    a.remove(i);
                }
                2 => a.clear(),
                _ => mutate_tree(&mut a[i], rng),
            }
        }
        _ => {
            let tok = TOKENS[rng.random_range(0..TOKENS.len())];
            *v = serde_json::from_str(tok).unwrap_or_else(|_| Value::String(tok.into()));
        }
    }
}

/// What the parse-and-validate target reached: every refusal's field path with array indices
/// dropped (`operators[].stake`), and the pair (path, rule) with digits dropped from the rule.
#[derive(Default)]
struct Reach {
    paths: std::collections::BTreeSet<String>,
    rules: std::collections::BTreeSet<(String, String)>,
}

/// One parse thread's (accepted, refused, reach, distinct crashes as (message, input)).
type ThreadTally = (u64, u64, Reach, Vec<(String, String)>);

fn strip_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_idx = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_idx = true;
                out.push_str("[]");
            }
            ']' => in_idx = false,
            _ if !in_idx => out.push(c),
            _ => {}
        }
    }
    out
}

/// One parse-and-validate execution: `Ok(true)` accepted, `Ok(false)` refused with a field
/// path and a reason, `Err` a refusal naming no field or a panic.
fn parse_once(text: &str, reach: &mut Reach) -> Result<bool, String> {
    match panic::catch_unwind(AssertUnwindSafe(|| Scenario::from_json(text))) {
        Ok(Ok(_)) => Ok(true),
        // The path is empty only when the offending key itself is `""` (serde's path is the key).
        Ok(Err(restake_engine::ScenarioError::Invalid { path, reason }))
            if !reason.is_empty()
                && (!path.is_empty() || reason.starts_with("unknown field ``")) =>
        {
            let p = strip_indices(&path);
            if !reach.paths.contains(&p) {
                reach.paths.insert(p.clone());
            }
            let rule: String = reason
                .chars()
                .filter(|c| !c.is_ascii_digit())
                .take(60)
                .collect();
            reach.rules.insert((p, rule));
            Ok(false)
        }
        Ok(Err(e)) => Err(format!("refused without a field: {e}")),
        Err(payload) => Err(payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())),
    }
}

/// Parse and validate only (no run), structure-aware, fast enough for 10^7 executions: the JSON
/// of every preset (`mainnet-scale`, 850 kB, one pick in 20,000), every small preset with all
/// channels on, and the imported networks of `tests/corpus/`, mutated by [`mutate_tree`] (half
/// the time) and by [`mutate`] at the token and byte level. Every input must parse or be refused
/// with a field path and a reason. `FUZZ_PARSE_EXECS` (default 20,000) executions per thread,
/// `FUZZ_THREADS` threads (default 1) seeded `FUZZ_SEED * 1000 + thread`.
#[test]
fn fuzz_scenario_parse_and_validate() {
    let small: Vec<(String, String)> = common::all_presets()
        .map(|n| (n.to_string(), presets::get(n).unwrap().to_json()))
        .chain(common::all_presets().map(|n| {
            let s = with_channels(presets::get(n).unwrap());
            (format!("{n}+channels"), s.to_json())
        }))
        .chain(corpus())
        .collect();
    let large: Vec<String> = presets::LARGE
        .iter()
        .map(|n| presets::get(n).unwrap().to_json())
        .collect();
    let trees: Vec<Value> = small
        .iter()
        .map(|(_, t)| serde_json::from_str(t).unwrap())
        .collect();
    // Coverage proxy: the field paths of the unmutated inputs (indices dropped), of which the
    // refusals reached how many (mutated keys make up paths of their own; those are not counted).
    let mut known = std::collections::BTreeSet::new();
    for t in &trees {
        let mut ps = Vec::new();
        walk(t, String::new(), &mut ps, true);
        known.extend(ps.iter().map(|p| strip_indices(p)));
    }
    let per_thread = target_execs("parse", 20_000);
    let threads: u64 = std::env::var("FUZZ_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let started = std::time::Instant::now();
    let results: Vec<ThreadTally> = quiet(|| {
        std::thread::scope(|sc| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let (small, large, trees) = (&small, &large, &trees);
                    sc.spawn(move || {
                        let mut rng = ChaCha8Rng::seed_from_u64(base_seed() * 1000 + t);
                        let (mut accepted, mut refused) = (0u64, 0u64);
                        let mut reach = Reach::default();
                        let mut crashes: Vec<(String, String)> = Vec::new();
                        for i in 0..per_thread {
                            if i > 0 && i % 1_000_000 == 0 {
                                eprintln!(
                                    "fuzz parse thread {t}: {i} executions, {} s",
                                    started.elapsed().as_secs()
                                );
                            }
                            let mut text = if !large.is_empty() && rng.random_range(0..20_000) == 0
                            {
                                large[0].clone()
                            } else {
                                let k = rng.random_range(0..small.len());
                                if rng.random_bool(0.5) {
                                    let mut v = trees[k].clone();
                                    for _ in 0..rng.random_range(1..4) {
                                        mutate_tree(&mut v, &mut rng);
                                    }
                                    v.to_string()
                                } else {
                                    small[k].1.clone()
                                }
                            };
                            for _ in 0..[0, 1, 1, 2][rng.random_range(0..4)] {
                                text = mutate(&text, &mut rng);
                            }
                            match parse_once(&text, &mut reach) {
                                Ok(true) => accepted += 1,
                                Ok(false) => refused += 1,
                                Err(msg) => {
                                    let key: String =
                                        msg.chars().filter(|c| !c.is_ascii_digit()).collect();
                                    if !crashes.iter().any(|(k, _)| *k == key) {
                                        crashes.push((key, text));
                                    }
                                }
                            }
                        }
                        (accepted, refused, reach, crashes)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    });
    let mut reach = Reach::default();
    let (mut accepted, mut refused) = (0, 0);
    let mut crashes: Vec<(String, String)> = Vec::new();
    for (a, r, x, c) in results {
        accepted += a;
        refused += r;
        reach.paths.extend(x.paths);
        reach.rules.extend(x.rules);
        for (key, text) in c {
            if !crashes.iter().any(|(k, _)| *k == key) {
                crashes.push((key, text));
            }
        }
    }
    for (i, (key, text)) in crashes.iter().enumerate() {
        let dir = found_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let case = Case {
            note: format!("found by fuzz target parse: {key}"),
            preset: String::new(),
            scenario_text: Some(text.clone()),
            seed: 0,
            blocks: 0,
            inject: Vec::new(),
        };
        let file = dir.join(format!("parse-{i}.json"));
        std::fs::write(&file, serde_json::to_string_pretty(&case).unwrap()).unwrap();
    }
    eprintln!(
        "fuzz parse: {} executions ({accepted} accepted, {refused} refused with a path) on {threads} \
         thread(s) in {:.1} s, seed {}; {} distinct field paths and {} distinct (path, rule) pairs \
         refused; {} of the {} field paths of the inputs refused at least once; {} distinct crashes",
        per_thread * threads,
        started.elapsed().as_secs_f64(),
        base_seed(),
        reach.paths.len(),
        reach.rules.len(),
        reach.paths.intersection(&known).count(),
        known.len(),
        crashes.len()
    );
    if std::env::var("FUZZ_REACH").is_ok() {
        for p in known.difference(&reach.paths) {
            eprintln!("never refused: {p}");
        }
    }
    assert!(crashes.is_empty(), "fuzz parse crashed: {crashes:#?}");
    assert!(accepted > 0 && refused > 0, "both outcomes are exercised");
}
