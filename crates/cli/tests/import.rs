//! `restake import` on fixture exports (crates/cli/tests/fixtures/import/): the valid mapping
//! in CSV and JSON, reordered and re-cased columns, missing columns, duplicate rows and names,
//! an AVS with no operators, TVL in USD with and without a price. Every import is run with
//! `restake run`, and imports of the same data give the same state hash.

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

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn out_file(name: &str) -> String {
    let d = std::env::temp_dir().join(format!("restake-import-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name).to_str().unwrap().to_string()
}

/// Imports with `args`, asserts success, and returns (scenario JSON, stderr).
fn import_ok(name: &str, args: &[&str]) -> (serde_json::Value, String) {
    let out = out_file(name);
    let mut v = vec!["import"];
    v.extend_from_slice(args);
    v.extend(["-o", &out]);
    let o = restake(&v);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{args:?}: {err}");
    let j = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    (j, err)
}

/// Runs the imported file for 400 blocks (past the template's oracle fault at block 300) and
/// returns the final state hash.
fn run_hash(name: &str) -> String {
    let o = restake(&["run", "--scenario", &out_file(name), "--blocks", "400"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["final_block"], 400);
    last["state_hash"].as_str().unwrap().to_string()
}

#[test]
fn a_valid_mapping_with_metrics_imports_and_runs() {
    let (j, err) = import_ok(
        "valid.json",
        &[
            "--mapping",
            &fixture("mapping.csv"),
            "--avs-metrics",
            &fixture("avs_metrics.csv"),
        ],
    );
    assert_eq!(names(&j, "operators"), OPERATORS);
    assert_eq!(names(&j, "avss"), AVSS);
    // Alpha: max(300,000 / 3, 120,000 / 2) = 100,000 ETH in all, split over two AVSs.
    let alpha = &j["operators"][0];
    let total: u64 = [
        "lrt_delegation_eth",
        "native_delegation_eth",
        "lst_delegation_eth",
    ]
    .iter()
    .map(|k| alpha[k].as_u64().unwrap())
    .sum();
    assert_eq!(total, 100_000);
    assert_eq!(alpha["allocations"][0]["magnitude_bps"], 5000);
    assert_eq!(alpha["allocations"][1]["avs"], "Data Availability AVS");
    // The template's oracle fault now hits the imported AVS in its place.
    assert_eq!(j["faults"][0]["fault"]["avs"], "Price Oracle AVS");
    // Unused rows with file, line and reason; provenance of the fields.
    assert!(
        err.contains("avs_metrics.csv:5: skipped: AVS 'Lonely AVS' has no operators"),
        "{err}"
    );
    assert!(
        err.contains("avs_metrics.csv:6: skipped: total_TVL 'lots'"),
        "{err}"
    );
    assert!(err.contains("<- template 'oracle-cascade'"), "{err}");
    assert!(err.contains("synthesised"), "{err}");
    run_hash("valid.json");
}

#[test]
fn reordered_columns_json_and_usd_give_the_same_scenario_and_hash() {
    let metrics = fixture("avs_metrics.csv");
    let (a, _) = import_ok(
        "a.json",
        &[
            "--mapping",
            &fixture("mapping.csv"),
            "--avs-metrics",
            &metrics,
        ],
    );
    let (b, _) = import_ok(
        "b.json",
        &[
            "--mapping",
            &fixture("mapping_reordered.csv"),
            "--avs-metrics",
            &metrics,
        ],
    );
    let (c, _) = import_ok(
        "c.json",
        &[
            "--mapping",
            &fixture("mapping.json"),
            "--avs-metrics",
            &metrics,
        ],
    );
    let (d, _) = import_ok(
        "d.json",
        &[
            "--mapping",
            &fixture("mapping.csv"),
            "--avs-metrics",
            &fixture("avs_metrics_usd.json"),
            "--tvl-unit",
            "usd",
            "--eth-price",
            "2500",
        ],
    );
    for (other, what) in [(&b, "reordered"), (&c, "JSON"), (&d, "USD")] {
        assert_eq!(a["operators"], other["operators"], "{what}");
        assert_eq!(a["avss"], other["avss"], "{what}");
    }
    let h = run_hash("a.json");
    assert_eq!(h, run_hash("b.json"));
    assert_eq!(h, run_hash("d.json"));
}

#[test]
fn missing_columns_and_usd_without_a_price_are_refused() {
    let o = restake_bounded(&[
        "import",
        "--mapping",
        &fixture("mapping_missing_columns.csv"),
    ]);
    assert_refused(&o, 1, "missing columns", &["mapping_missing_columns.csv", "missing column avs_contract_address (found: avs_name, operator_contract_address, operator_name)"]);
    let o = restake_bounded(&[
        "import",
        "--mapping",
        &fixture("mapping.csv"),
        "--avs-metrics",
        &fixture("avs_metrics_usd.json"),
        "--tvl-unit",
        "usd",
    ]);
    assert_refused(&o, 2, "USD without a price", &["--eth-price"]);
    let o = restake_bounded(&[
        "import",
        "--mapping",
        &fixture("mapping.csv"),
        "--tvl-unit",
        "usd",
        "--eth-price=-3",
    ]);
    assert_refused(&o, 2, "negative price", &["--eth-price", "positive"]);
}

#[test]
fn duplicates_are_reported_and_names_kept_unique() {
    let (j, err) = import_ok(
        "dup.json",
        &["--mapping", &fixture("mapping_duplicates.csv")],
    );
    assert!(err.contains("mapping_duplicates.csv:9: skipped: operator 'Alpha Nodes' is already registered with AVS 'Price Oracle AVS'"), "{err}");
    assert!(
        err.contains("mapping_duplicates.csv:10: note: operator name 'Alpha Nodes' is also used"),
        "{err}"
    );
    assert!(
        err.contains("mapping_duplicates.csv:11: skipped: empty operator_contract_address"),
        "{err}"
    );
    let ops = j["operators"].as_array().unwrap();
    assert_eq!(ops.len(), 6);
    assert_eq!(
        ops[5]["name"],
        "Alpha Nodes (0x0000000000000000000000000000000000000b99)"
    );
    // Without metrics the stake is the template's mean, said so.
    assert!(err.contains("template mean operator stake"), "{err}");
    run_hash("dup.json");
}

/// The operators of the fixture network (mapping.csv and eigenexplorer/operators.json).
const OPERATORS: [&str; 5] = [
    "Alpha Nodes",
    "Beta Staking",
    "Gamma Ops",
    "Delta Validators",
    "0x0000000000000000000000000000000000000b05",
];
/// Its AVSs (avs_metrics.csv and eigenexplorer/avs.json).
const AVSS: [&str; 3] = ["Price Oracle AVS", "Data Availability AVS", "Bridge AVS"];

/// The names of the `what` ("operators" or "avss") of an imported scenario, in order.
fn names<'a>(j: &'a serde_json::Value, what: &str) -> Vec<&'a str> {
    j[what]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect()
}

fn ee(name: &str) -> String {
    fixture(&format!("eigenexplorer/{name}"))
}

/// Total stake of operator `i` of an imported scenario, ETH.
fn stake(j: &serde_json::Value, i: usize) -> u64 {
    [
        "lrt_delegation_eth",
        "native_delegation_eth",
        "lst_delegation_eth",
    ]
    .iter()
    .map(|k| j["operators"][i][k].as_u64().unwrap())
    .sum()
}

/// Runs the imported file twice and asserts the same state hash; returns it.
fn run_twice(name: &str) -> String {
    let h = run_hash(name);
    assert_eq!(h, run_hash(name), "{name}: two runs differ");
    eprintln!("{name}: state hash after 400 blocks {h}");
    h
}

#[test]
fn eigenexplorer_operators_and_avss_import_with_operator_tvl() {
    let (j, err) = import_ok(
        "ee.json",
        &[
            "--eigenexplorer-operators",
            &ee("operators.json"),
            "--eigenexplorer-avss",
            &ee("avs.json"),
        ],
    );
    assert_eq!(names(&j, "operators"), OPERATORS);
    assert_eq!(names(&j, "avss"), AVSS);
    // Operator stake is the operator's own tvl.tvl (ETH); Delta has none: 230,000 / 2.
    assert_eq!(stake(&j, 0), 150_000);
    assert_eq!(stake(&j, 1), 80_000);
    assert_eq!(stake(&j, 2), 40_001);
    assert_eq!(stake(&j, 3), 115_000);
    assert_eq!(stake(&j, 4), 20_000);
    // Beta's inactive registration with the DA AVS is not an allocation.
    assert_eq!(
        j["operators"][1]["allocations"].as_array().unwrap().len(),
        2
    );
    for want in [
        "operators.json:row 2 avsRegistrations[2]: skipped: registration with AVS 0xa000000000000000000000000000000000000002 is not active",
        "operators.json:row 7: skipped: operator without an address",
        "operators.json:row 6: skipped: operator 'Retired Ops' has no active AVS registration",
        "avs.json:row 4: skipped: AVS 'Lonely AVS' has no operators",
        "avs.json:row 5: skipped: AVS 'No TVL AVS' has no operators",
        "4 operators: their own TVL in the exports; 1 synthesised",
    ] {
        assert!(err.contains(want), "'{want}' not in {err}");
    }
    run_twice("ee.json");
}

#[test]
fn an_avs_operators_response_takes_its_avs_from_the_file_name() {
    let per_avs = ee("avs-0xa000000000000000000000000000000000000001-operators.json");
    let (j, err) = import_ok(
        "ee-avs.json",
        &["--file", &per_avs, "--file", &ee("avs.json")],
    );
    assert_eq!(j["avss"][0]["name"], "Price Oracle AVS");
    assert_eq!(j["operators"].as_array().unwrap().len(), 3);
    assert_eq!(j["operators"][0]["name"], "Alpha Nodes", "re-cased keys");
    // No operator TVL in this response: 270,000 / 3 = 90,000 each, raised to the template's
    // LRT delegations spread over them (396,000 / 3), which must stay backed.
    assert!(err.contains("3 synthesised"), "{err}");
    assert_eq!(stake(&j, 0), 132_000);
    assert!(
        err.contains("avs.json:row 2: skipped: AVS 'Data Availability AVS' has no operators"),
        "{err}"
    );
    // With the operators response too, its registrations with AVS 1 are duplicates.
    let (_, err) = import_ok(
        "ee-both.json",
        &["--file", &ee("operators.json"), "--file", &per_avs],
    );
    assert!(
        err.contains(
            "-operators.json:row 1: skipped: operator 'Alpha Nodes' is already registered"
        ),
        "{err}"
    );
    run_twice("ee-avs.json");
    // Without an AVS address anywhere the file is refused, naming it.
    let dir = std::env::temp_dir().join(format!("restake-import-{}", std::process::id()));
    let bare = dir.join("operators-of-some-avs.json");
    std::fs::copy(&per_avs, &bare).unwrap();
    let o = restake_bounded(&[
        "import",
        "--eigenexplorer-avs-operators",
        bare.to_str().unwrap(),
    ]);
    assert_refused(
        &o,
        1,
        "no AVS address",
        &["operators-of-some-avs.json", "avsAddress"],
    );
}

/// Every fixture import that succeeds, run twice: the same state hash both times (printed
/// with `--nocapture`, so that a change of the imported networks shows in the log).
#[test]
fn every_fixture_import_runs_twice_with_the_same_hash() {
    let (m, a) = (fixture("mapping.csv"), fixture("avs_metrics.csv"));
    let cases: [(&str, Vec<String>); 5] = [
        (
            "operator-metrics.json",
            vec![
                "--mapping".into(),
                m.clone(),
                "--avs-metrics".into(),
                a.clone(),
                "--operator-metrics".into(),
                fixture("operator_metrics.csv"),
            ],
        ),
        (
            "json-mapping.json",
            vec![
                "--file".into(),
                fixture("mapping.json"),
                "--file".into(),
                a.clone(),
            ],
        ),
        (
            "reordered.json",
            vec!["--mapping".into(), fixture("mapping_reordered.csv")],
        ),
        (
            "detected.json",
            vec!["--file".into(), m.clone(), "--file".into(), a.clone()],
        ),
        (
            "ee-all.json",
            vec![
                "--file".into(),
                ee("operators.json"),
                "--file".into(),
                ee("avs.json"),
                "--file".into(),
                ee("avs-0xa000000000000000000000000000000000000001-operators.json"),
            ],
        ),
    ];
    for (out, args) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (j, err) = import_ok(out, &args);
        if *out == "operator-metrics.json" {
            // Alpha and Gamma from their own TVL; Beta's empty total_TVL is reported and its
            // stake synthesised (max(300,000 / 3, 90,000 / 2)).
            assert_eq!(stake(&j, 0), 250_000);
            assert_eq!(stake(&j, 2), 40_000);
            assert_eq!(stake(&j, 1), 100_000);
            for want in [
                "operator_metrics.csv:4: skipped: operator 'Unknown Operator' has no AVS registration",
                "operator_metrics.csv:5: skipped: total_TVL '' is not a non-negative number",
                "2 operators: their own TVL in the exports; 3 synthesised",
            ] {
                assert!(err.contains(want), "'{want}' not in {err}");
            }
        }
        run_twice(out);
    }
}

/// A 10,000-operator network (40 AVSs, every third operator on two), generated here rather
/// than committed: imported within 20 s and run twice with the same hash.
#[test]
fn ten_thousand_operators_import_and_run() {
    let (n, m) = (10_000usize, 40usize);
    let mut mapping =
        String::from("operator_contract_address,operator_name,avs_contract_address,avs_name\n");
    for i in 0..n {
        let mut avss = vec![i % m];
        if i % 3 == 0 && (i * 7 + 1) % m != i % m {
            avss.push((i * 7 + 1) % m);
        }
        for a in avss {
            mapping += &format!(
                "0x{:040x},Operator {i},0x{:040x},AVS {a}\n",
                0xb00_0000 + i,
                0xa000 + a
            );
        }
    }
    let mut metrics = String::from("name,total_TVL,beacon_chain_ETH_TVL,stETH_TVL\n");
    for a in 0..m {
        let t = 20_000 + 1_000 * a;
        metrics += &format!("AVS {a},{t},{},{}\n", t / 2, t - t / 2);
    }
    let (mp, mt) = (out_file("big_mapping.csv"), out_file("big_metrics.csv"));
    std::fs::write(&mp, &mapping).unwrap();
    std::fs::write(&mt, &metrics).unwrap();
    let start = std::time::Instant::now();
    let (j, _) = import_ok("big.json", &["--mapping", &mp, "--avs-metrics", &mt]);
    let took = start.elapsed();
    eprintln!(
        "10,000 operators, {} mapping rows: imported in {took:?}",
        mapping.lines().count() - 1
    );
    assert!(took.as_secs() < 20, "{took:?}");
    assert_eq!(j["operators"].as_array().unwrap().len(), n);
    assert_eq!(j["avss"].as_array().unwrap().len(), m);
    run_twice("big.json");
}

/// The bundled snapshot (scenarios/eigenlayer-2025.json, docs/DATA.md) is what its committed
/// inputs import to, and it keeps the published aggregates: per-AVS operator counts and TVL,
/// 7 operators with 75% of the stake, and the hidden leverage they imply (27.0 / 9.6 = 2.81).
#[test]
fn the_bundled_snapshot_keeps_the_published_aggregates() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let input = |f: &str| {
        root.join("eigenlayer-2025")
            .join(f)
            .to_str()
            .unwrap()
            .to_string()
    };
    let (j, _) = import_ok(
        "el.json",
        &[
            "--mapping",
            &input("mapping.csv"),
            "--avs-metrics",
            &input("avs_metrics.csv"),
            "--operator-metrics",
            &input("operator_metrics.csv"),
            "--tvl-unit",
            "usd",
            "--eth-price",
            "2690",
        ],
    );
    let bundled: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("eigenlayer-2025.json")).unwrap())
            .unwrap();
    assert_eq!(
        j["operators"], bundled["operators"],
        "rebuild: scripts/eigenlayer-2025.sh"
    );
    assert_eq!(j["avss"], bundled["avss"]);
    let stakes: Vec<u64> = (0..258).map(|i| stake(&j, i)).collect();
    let total: u64 = stakes.iter().sum();
    let mut sorted = stakes.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let top7 = sorted[..7].iter().sum::<u64>() as f64 / total as f64;
    assert!((top7 - 0.75).abs() < 0.001, "{top7}");
    for (avs, ops, usd) in [
        ("eoracle", 103, 6.0e9),
        ("EigenDA", 258, 9.6e9),
        ("Witness Chain", 74, 6.0e9),
        ("Lagrange", 61, 5.4e9),
    ] {
        let mine: Vec<usize> = (0..258)
            .filter(|&i| {
                j["operators"][i]["allocations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a["avs"] == avs)
            })
            .collect();
        assert_eq!(mine.len(), ops, "{avs}");
        let eth: u64 = mine.iter().map(|&i| stakes[i]).sum();
        let published = usd / 2690.0;
        assert!(
            (eth as f64 / published - 1.0).abs() < 0.005,
            "{avs}: {eth} vs {published}"
        );
    }
    let o = restake(&["run", "--scenario", &out_file("el.json"), "--blocks", "1"]);
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&o.stdout).lines().next().unwrap()).unwrap();
    let h = first["hidden_leverage"].as_f64().unwrap();
    assert!((h - 27.0 / 9.6).abs() < 0.01, "hidden leverage {h}");
    run_twice("el.json");
}
