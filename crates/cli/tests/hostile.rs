//! Hostile scenario files: the CLI exits with status 1 and names the field (or the file's
//! problem), never panics, and refuses enormous files without reading them.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::{assert_refused, restake_bounded};

fn restake(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_restake"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("restake-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn preset_json() -> serde_json::Value {
    preset_json_of("oracle-cascade")
}

fn preset_json_of(name: &str) -> serde_json::Value {
    serde_json::to_value(restake_engine::presets::get(name).unwrap()).unwrap()
}

/// Writes `content` to a file named `name` and runs it for a few blocks.
fn run_file(name: &str, content: &[u8]) -> Output {
    let f = dir().join(name);
    std::fs::write(&f, content).unwrap();
    restake(&["run", "--scenario", f.to_str().unwrap(), "--blocks", "20"])
}

/// Asserts a clean refusal: status 1, no panic, and every `want` in stderr.
fn refused(o: &Output, case: &str, wants: &[&str]) {
    assert_refused(o, 1, case, wants);
}

/// The preset with `path` (dot-separated, numeric segments index lists) set to `v`.
fn with(path: &str, v: serde_json::Value) -> Vec<u8> {
    with_in("oracle-cascade", path, v)
}

/// Preset `preset` with `path` set to `v`, as JSON.
fn with_in(preset: &str, path: &str, v: serde_json::Value) -> Vec<u8> {
    let mut j = preset_json_of(preset);
    let mut at = &mut j;
    for seg in path.split('.') {
        at = match seg.parse::<usize>() {
            Ok(i) => &mut at[i],
            Err(_) => &mut at[seg],
        };
    }
    *at = v;
    serde_json::to_vec(&j).unwrap()
}

#[test]
fn malformed_and_truncated_json() {
    let full = serde_json::to_string_pretty(&preset_json()).unwrap();
    for cut in [0, 1, 10, full.len() / 3, full.len() / 2, full.len() - 2] {
        let o = run_file(&format!("cut{cut}.json"), &full.as_bytes()[..cut]);
        refused(
            &o,
            &format!("truncated at {cut}"),
            &["invalid scenario", "EOF"],
        );
    }
    let o = run_file("garbage.json", b"{\"name\": \"x\",, }");
    refused(&o, "garbage", &["invalid scenario"]);
    let o = run_file("null.json", b"null");
    refused(&o, "null", &["(top level)"]);
    let o = run_file("list.json", b"[1,2,3]");
    // serde reads a list as the struct's fields in order: the first is `name`, a string.
    refused(&o, "list", &["[0]", "expected a string"]);
    let deep = "[".repeat(100_000);
    let o = run_file("deep.json", deep.as_bytes());
    refused(&o, "deeply nested", &["invalid scenario"]);
    let o = run_file("binary.json", &[0xff, 0xfe, 0x00, 0x7b]);
    refused(&o, "not UTF-8", &["not UTF-8"]);
}

#[test]
fn wrong_types_unknown_fields_and_bad_enums_name_the_field() {
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "string for a number",
            with("pool.amp", "fifty".into()),
            vec!["pool.amp", "invalid type"],
        ),
        (
            "float for an integer",
            with("lending.ltv_bps", 75.5.into()),
            vec!["lending.ltv_bps"],
        ),
        (
            "bool for a list",
            with("operators", true.into()),
            vec!["operators", "invalid type"],
        ),
        (
            "unknown variant",
            with("slashing_model", "none".into()),
            vec!["slashing_model", "unknown variant"],
        ),
        (
            "unknown field",
            with("lending.interest_rate", 5.into()),
            vec!["lending", "unknown field `interest_rate`"],
        ),
        (
            "unknown top-level field",
            with("oracle", 1.into()),
            vec!["unknown field `oracle`"],
        ),
        (
            "missing field",
            {
                let mut j = preset_json();
                j["pool"].as_object_mut().unwrap().remove("amp");
                serde_json::to_vec(&j).unwrap()
            },
            vec!["pool", "missing field `amp`"],
        ),
        (
            "unknown fault kind",
            with("faults.0.fault.kind", "meteor".into()),
            vec!["faults[0].fault", "unknown variant `meteor`"],
        ),
    ];
    for (case, bytes, wants) in cases {
        let o = run_file("types.json", &bytes);
        refused(&o, case, &wants);
    }
}

#[test]
fn out_of_range_and_absurd_values_name_the_field() {
    let big: serde_json::Value = serde_json::from_str("1e40").unwrap();
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "1e40 ETH",
            with("pool.eth_liquidity_eth", big.clone()),
            vec!["pool.eth_liquidity_eth"],
        ),
        (
            "1e40 delegation",
            with("operators.0.lrt_delegation_eth", big),
            vec!["operators[0].lrt_delegation_eth"],
        ),
        (
            "u64 overflow",
            with(
                "arbitrageurs.capital_eth",
                serde_json::from_str("18446744073709551616").unwrap(),
            ),
            vec!["arbitrageurs.capital_eth"],
        ),
        (
            "negative amount",
            with("stakers.total_lrt", (-5).into()),
            vec!["stakers.total_lrt", "-5"],
        ),
        (
            "negative fraction",
            with("stakers.sell_fraction", (-0.5).into()),
            vec!["stakers.sell_fraction", "[0, 1]"],
        ),
        (
            "zero liquidity",
            with("pool.eth_liquidity_eth", 0.into()),
            vec!["pool", "liquidity"],
        ),
        (
            "LTV above threshold",
            with("lending.ltv_bps", 9_000.into()),
            vec![
                "lending.ltv_bps",
                "must not exceed liquidation_threshold_bps",
            ],
        ),
        (
            "bps above 100%",
            with("avss.0.slash_bps", 20_000.into()),
            vec!["avss[0].slash_bps", "10000"],
        ),
        (
            "absurd amp",
            with("pool.amp", 4_000_000_000u64.into()),
            vec!["pool.amp"],
        ),
        ("zero amp", with("pool.amp", 0.into()), vec!["pool.amp"]),
        (
            "absurd network",
            with(
                "operators.0.native_delegation_eth",
                9_000_000_000_000u64.into(),
            ),
            vec!["operators", "not a plausible network"],
        ),
        (
            "too many holders",
            with("stakers.count", 4_000_000_000u64.into()),
            vec!["stakers.count"],
        ),
        (
            "hf below 1",
            with("loopers.hf_min", 0.5.into()),
            vec!["loopers.hf_min"],
        ),
        (
            "fault on no AVS",
            with("faults.0.fault.avs", "Nowhere".into()),
            vec!["faults[0].fault.avs", "Nowhere"],
        ),
        // Internally tagged enums (`kind`) are buffered by serde: the path stops at the fault.
        (
            "u32 overflow in a fault",
            with("faults.0.fault.deviation_bps", 5_000_000_000u64.into()),
            vec!["faults[0].fault", "5000000000", "expected u32"],
        ),
    ];
    for (case, bytes, wants) in cases {
        let o = run_file("range.json", &bytes);
        refused(&o, case, &wants);
    }
}

#[test]
fn an_enormous_file_is_refused_without_reading_it() {
    let f = dir().join("huge.json");
    let file = std::fs::File::create(&f).unwrap();
    // Sparse: 200 MB of size on disk costs nothing.
    file.set_len(200 * 1024 * 1024).unwrap();
    drop(file);
    let start = std::time::Instant::now();
    let o = restake(&["run", "--scenario", f.to_str().unwrap(), "--blocks", "1"]);
    refused(
        &o,
        "200 MB file",
        &["209715200 bytes", "limited to 16777216 bytes"],
    );
    assert!(
        start.elapsed().as_secs_f64() < 5.0,
        "the refusal must not read the file"
    );
    std::fs::remove_file(&f).unwrap();
    // Not a regular file, and a directory.
    let o = restake(&[
        "run",
        "--scenario",
        dir().to_str().unwrap(),
        "--blocks",
        "1",
    ]);
    refused(&o, "directory", &["directory"]);
    let o = restake(&["run", "--scenario", "/no/such/file.json", "--blocks", "1"]);
    refused(&o, "missing", &["cannot read scenario file"]);
}

#[test]
fn sweep_and_compare_refuse_hostile_files_too() {
    let f = dir().join("sweep-bad.json");
    std::fs::write(&f, with("lending.ltv_bps", 9_000.into())).unwrap();
    let o = restake(&[
        "sweep",
        "--scenario",
        f.to_str().unwrap(),
        "--blocks",
        "1",
        "--seeds",
        "0",
    ]);
    refused(&o, "sweep", &["lending.ltv_bps"]);
    let o = restake(&[
        "compare",
        f.to_str().unwrap(),
        "oracle-cascade",
        "--seeds",
        "0",
    ]);
    refused(&o, "compare", &["lending.ltv_bps"]);
}

/// Values the engine's validation lets through today but whose arithmetic overflows (fuzz finds
/// in tests/regressions/open/): the CLI refuses them with the field path.
#[test]
fn values_that_overflow_in_the_engine_are_refused_by_the_cli() {
    let mut modify = preset_json();
    modify["faults"] = serde_json::json!([{"at_block": 5, "fault": {"kind": "modify_allocation",
        "operator": modify["operators"][0]["name"], "avs": modify["operators"][0]["allocations"][0]["avs"],
        "magnitude_bps": 4294967295u64}}]);
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "20e9 ETH chain",
            with(
                "consensus.total_active_balance_eth",
                20_000_000_000u64.into(),
            ),
            vec!["consensus.total_active_balance_eth"],
        ),
        (
            "u32::MAX share",
            with(
                "consensus.regions.0.network_share_bps",
                4_294_967_295u64.into(),
            ),
            vec!["consensus.regions[0].network_share_bps"],
        ),
        (
            "u32::MAX magnitude",
            serde_json::to_vec(&modify).unwrap(),
            vec!["faults[0].fault.magnitude_bps"],
        ),
        (
            "1e9 arbitrageurs",
            with("arbitrageurs.count", 1_000_000_000u64.into()),
            vec!["arbitrageurs.count", "at most 100000"],
        ),
        (
            "1e9 liquidators",
            with("liquidators.count", 1_000_000_000u64.into()),
            vec!["liquidators.count"],
        ),
        (
            "4e9 veto members",
            {
                let mut j = preset_json();
                let i = j["avss"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .position(|a| !a["veto"].is_null())
                    .unwrap();
                j["avss"][i]["veto"]["members"] = 4_000_000_000u64.into();
                j["avss"][i]["veto"]["quorum"] = 1.into();
                serde_json::to_vec(&j).unwrap()
            },
            vec!["veto.members"],
        ),
    ];
    for (case, bytes, wants) in cases {
        let o = run_file("overflow.json", &bytes);
        refused(&o, case, &wants);
    }
}

/// The preset as pretty JSON with the value at `path` replaced by the raw text `raw` (which
/// need not be JSON, e.g. `NaN`).
fn with_raw(path: &str, raw: &str) -> Vec<u8> {
    const MARK: f64 = 987_654.321;
    let text = String::from_utf8(with(path, MARK.into())).unwrap();
    assert_eq!(text.matches("987654.321").count(), 1);
    text.replace("987654.321", raw).into_bytes()
}

/// JSON has no NaN or Infinity; JavaScript and Python write them anyway. The error names the
/// field and its rule, not serde's `expected value`.
#[test]
fn nan_and_infinity_name_the_field_and_its_rule() {
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            "stakers.sell_fraction",
            "NaN",
            &["stakers.sell_fraction: NaN is not a number", "[0, 1]"],
        ),
        (
            "arbitrageurs.required_return_apr",
            "Infinity",
            &["arbitrageurs.required_return_apr: Infinity", "non-negative"],
        ),
        (
            "loopers.hf_min",
            "-Infinity",
            &["loopers.hf_min: -Infinity is not a number"],
        ),
        (
            "lending.ltv_bps",
            "NaN",
            &["lending.ltv_bps: NaN", "must be a whole number (u32)"],
        ),
        (
            "avss.0.corruption_threshold",
            "-NaN",
            &["avss[0].corruption_threshold: -NaN", "(0, 1]"],
        ),
        (
            "operators.0.lrt_delegation_eth",
            "Infinity",
            &["operators[0].lrt_delegation_eth: Infinity", "whole number"],
        ),
    ];
    for (path, raw, wants) in cases {
        let f = dir().join("nan.json");
        std::fs::write(&f, with_raw(path, raw)).unwrap();
        let o = restake_bounded(&["run", "--scenario", f.to_str().unwrap(), "--blocks", "1"]);
        assert_refused(&o, 1, &format!("{raw} in {path}"), wants);
        assert!(
            !String::from_utf8_lossy(&o.stderr).contains("expected value"),
            "{path}"
        );
    }
}

/// Spellings other writers use for non-finite numbers (`inf`, `nan`: Rust's and C's) and
/// numbers beyond the `f64` range (`1e999`, which serde_json calls `number out of range`)
/// also name the field and its rule.
#[test]
fn other_non_finite_spellings_and_huge_exponents_name_the_field_and_its_rule() {
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            "stakers.sell_fraction",
            "inf",
            &["stakers.sell_fraction: inf is not a number", "[0, 1]"],
        ),
        (
            "stakers.sell_fraction",
            "-nan",
            &["stakers.sell_fraction: -nan is not a number", "[0, 1]"],
        ),
        (
            "stakers.sell_fraction",
            "1e999",
            &[
                "stakers.sell_fraction: 1e999 is out of range",
                "largest 64-bit float",
                "[0, 1]",
            ],
        ),
        (
            "arbitrageurs.required_return_apr",
            "-1E+999",
            &[
                "arbitrageurs.required_return_apr: -1E+999 is out of range",
                "non-negative",
            ],
        ),
        (
            "lending.ltv_bps",
            "1e999",
            &[
                "lending.ltv_bps: 1e999 is out of range",
                "whole number (u32)",
            ],
        ),
        (
            "avss.0.corruption_threshold",
            "-infinity",
            &[
                "avss[0].corruption_threshold: -infinity is not a number",
                "(0, 1]",
            ],
        ),
    ];
    for (path, raw, wants) in cases {
        let f = dir().join("huge.json");
        std::fs::write(&f, with_raw(path, raw)).unwrap();
        let o = restake_bounded(&["run", "--scenario", f.to_str().unwrap(), "--blocks", "1"]);
        assert_refused(&o, 1, &format!("{raw} in {path}"), wants);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !err.contains("expected value") && !err.contains("number out of range"),
            "{err}"
        );
    }
}

/// A position file gets the same treatment as a scenario: `NaN` or `1e999` named at its
/// field with the field's rule, not serde's `expected value` / `number out of range`.
#[test]
fn non_finite_numbers_in_a_position_file_name_the_field() {
    let cases = [
        (
            r#"{"liquid_eth": 1e999}"#,
            "liquid_eth: 1e999 is out of range",
        ),
        (
            r#"{"lrts": [{"symbol": "rsLRT", "amount": NaN}]}"#,
            "lrts[0].amount: NaN is not a number",
        ),
    ];
    for (text, want) in cases {
        let f = dir().join("position-nan.json");
        std::fs::write(&f, text).unwrap();
        let o = restake_bounded(&[
            "position",
            "--scenario",
            "path-lrt",
            "--position",
            f.to_str().unwrap(),
            "--seeds",
            "0",
            "--blocks",
            "1",
        ]);
        assert_refused(&o, 1, text, &[want, "must be a whole number (u64)"]);
    }
}

/// Names are checked in ordered indices, not by scanning the lists: 40,000 operators and
/// 100,000 faults naming them (a 15 MB file, under the 16 MiB limit) are validated within the
/// 5 s deadline (the scans took 23 s in release) and the last fault's bad name is found.
#[test]
fn many_operators_and_faults_are_validated_in_linear_time() {
    let mut j = preset_json();
    let template = j["operators"][0].clone();
    let ops = j["operators"].as_array_mut().unwrap();
    for i in 0..40_000 {
        let mut o = template.clone();
        o["name"] = format!("o{i}").into();
        o["allocations"] = serde_json::json!([]);
        o.as_object_mut().unwrap().remove("feed");
        for stake in [
            "lrt_delegation_eth",
            "native_delegation_eth",
            "lst_delegation_eth",
        ] {
            o[stake] = 0.into();
        }
        ops.push(o);
    }
    let fault = |op: &str| serde_json::json!({"at_block": 1, "fault": {"kind": "operator_key_compromise", "operator": op}});
    let mut faults = vec![fault("o39999"); 99_999];
    faults.push(fault("nobody"));
    j["faults"] = faults.into();
    let bytes = serde_json::to_vec(&j).unwrap();
    assert!(bytes.len() < 16 << 20, "{}", bytes.len());
    let f = dir().join("many.json");
    std::fs::write(&f, bytes).unwrap();
    let o = restake_bounded(&["run", "--scenario", f.to_str().unwrap(), "--blocks", "0"]);
    assert_refused(
        &o,
        1,
        "many faults",
        &["faults[99999].fault.operator", "no operator named 'nobody'"],
    );
}

/// An export that is not a table (one 8 MB line) is refused in one short line: the columns
/// found are quoted shortened, not echoed whole.
#[test]
fn an_import_that_is_not_a_table_is_refused_in_one_short_line() {
    let f = dir().join("one-line.csv");
    std::fs::write(&f, "a".repeat(8 << 20)).unwrap();
    let o = restake_bounded(&["import", "--mapping", f.to_str().unwrap()]);
    assert_refused(
        &o,
        1,
        "one-line csv",
        &[
            "missing columns operator_contract_address",
            "(8388608 bytes)",
        ],
    );
    assert!(o.stderr.len() < 1_000, "{} bytes of error", o.stderr.len());
}

/// Allocations' owners, delegations and faults refer to operators by name, AVSs by name,
/// LRTs by symbol and markets by name: a second entry with the same name is refused at its
/// path, naming the first.
#[test]
fn duplicate_names_that_are_referred_to_are_refused() {
    let j = preset_json();
    let op0 = j["operators"][0]["name"].clone();
    let avs0 = j["avss"][0]["name"].clone();
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "operator",
            with("operators.1.name", op0),
            vec![
                "operators[1].name",
                "duplicate operator name",
                "operators[0].name",
            ],
        ),
        (
            "AVS",
            with("avss.1.name", avs0),
            vec!["avss[1].name", "duplicate AVS name", "avss[0].name"],
        ),
        (
            "LRT",
            with_in("cover-run-out", "extra_lrts.0.lrt.symbol", "rsLRT".into()),
            vec![
                "extra_lrts[0].lrt.symbol",
                "duplicate LRT symbol 'rsLRT'",
                "lrt.symbol",
            ],
        ),
        (
            "market",
            with_in(
                "ezeth-2024",
                "extra_markets.0.lending.name",
                "Morpho ezETH/WETH 86%".into(),
            ),
            vec![
                "extra_markets[0].lending.name",
                "duplicate lending market name 'Morpho ezETH/WETH 86%'",
                "(also lending.name)",
            ],
        ),
        (
            // Two unnamed markets on the same LRT get the same display name.
            "unnamed markets",
            {
                let mut j = preset_json_of("ezeth-2024");
                j["lending"]["name"] = "".into();
                j["extra_markets"][0]["lending"]["name"] = "".into();
                serde_json::to_vec(&j).unwrap()
            },
            vec![
                "extra_markets[0].lending.name",
                "duplicate lending market name 'ezETH lending market'",
            ],
        ),
    ];
    for (case, bytes, wants) in cases {
        let f = dir().join("dup.json");
        std::fs::write(&f, bytes).unwrap();
        let o = restake_bounded(&["run", "--scenario", f.to_str().unwrap(), "--blocks", "1"]);
        assert_refused(&o, 1, case, &wants);
    }
    // Every preset's names are unique (mainnet-scale has 1,900 operators).
    for name in restake_engine::presets::NAMES {
        let s = restake_engine::presets::get(name).unwrap();
        let names: std::collections::BTreeSet<_> = s.operators.iter().map(|o| &o.name).collect();
        assert_eq!(names.len(), s.operators.len(), "{name}");
    }
}

/// A named pipe without a writer used to block `open` forever; it is refused from its
/// metadata, at once, as are other files that are not regular (a character device).
#[cfg(unix)]
#[test]
fn a_named_pipe_or_device_is_refused_without_blocking() {
    let fifo = dir().join("scenario.fifo");
    let _ = std::fs::remove_file(&fifo);
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file system entry.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let f = fifo.to_str().unwrap();
    for args in [
        vec!["run", "--scenario", f, "--blocks", "1"],
        vec!["sweep", "--scenario", f, "--seeds", "0", "--blocks", "1"],
        vec!["position", "--position", f, "--seeds", "0", "--blocks", "1"],
        vec!["merge", f],
        vec!["run", "--scenario", "/dev/zero", "--blocks", "1"],
    ] {
        let o = restake_bounded(&args);
        assert_refused(&o, 1, &args.join(" "), &["not a regular file"]);
    }
    std::fs::remove_file(&fifo).unwrap();
}

/// `--blocks` is capped at the engine's 10-year bound (26,298,000 blocks) by the argument
/// parser: exit status 2, the argument and the range named.
#[test]
fn blocks_beyond_ten_years_are_refused_by_every_command() {
    assert_eq!(restake_engine::scenario::MAX_DELAY_BLOCKS, 26_298_000);
    for cmd in [
        &["run"][..],
        &["sweep"],
        &["compare", "oracle-cascade", "oracle-cascade"],
        &["position"],
        &["bench"],
        &["bench-one", "--label", "x", "--scenario", "oracle-cascade"],
    ] {
        for blocks in ["18446744073709551615", "26298001"] {
            let mut args = cmd.to_vec();
            args.extend(["--blocks", blocks]);
            let o = restake_bounded(&args);
            assert_refused(
                &o,
                2,
                &args.join(" "),
                &["--blocks", blocks, "0..=26298000"],
            );
        }
        let mut args = cmd.to_vec();
        args.push("--blocks=-1");
        let o = restake_bounded(&args);
        assert_refused(&o, 2, &args.join(" "), &["'-1' for '--blocks"]);
    }
    // The bound itself is accepted by the parser (the run is not started here: the scenario
    // is refused first).
    let o = restake_bounded(&["run", "--scenario", "/no/such.json", "--blocks", "26298000"]);
    assert_refused(&o, 1, "at the bound", &["cannot read scenario file"]);
}
