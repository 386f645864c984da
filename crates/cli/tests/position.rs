//! `restake position`: output independent of the thread count, a position file replacing the
//! scenario's, and errors that name the field.

use std::process::{Command, Output};

fn restake(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_restake"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn file(name: &str, text: &str) -> String {
    let p = std::env::temp_dir().join(format!(
        "restake-position-{name}-{}.json",
        std::process::id()
    ));
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn the_report_is_the_same_on_one_and_two_threads() {
    let args = |t: &'static str| {
        restake(&[
            "position",
            "--scenario",
            "path-lrt",
            "--seeds",
            "0..3",
            "--blocks",
            "400",
            "--format",
            "json",
            "--threads",
            t,
        ])
    };
    let (a, b) = (args("1"), args("2"));
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["runs"].as_array().unwrap().len(), 3);
    assert_eq!(v["red_flags"].as_array().unwrap().len(), 6);
    // The slash request at block 300 fired the slashing alert in every run.
    let slash = &v["summary"]["alerts"][0];
    assert_eq!(slash["kind"], "slashing_event");
    assert_eq!(slash["fired_in"], 3);
}

#[test]
fn a_position_file_replaces_the_scenarios_and_is_reported_in_text() {
    let p = file(
        "ok",
        r#"{"native": [{"eth": 64, "operator": "Lumen Stake"}], "liquid_eth": 10}"#,
    );
    let o = restake(&[
        "position",
        "--scenario",
        "oracle-cascade",
        "--position",
        &p,
        "--seeds",
        "1",
        "--blocks",
        "50",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("worth 74.0000 ETH at block 0"), "{text}");
    assert!(
        text.contains("native stake restaked via Lumen Stake"),
        "{text}"
    );
    assert!(
        text.contains("[RAISED] single-operator concentration"),
        "{text}"
    );
}

#[test]
fn a_bad_position_exits_1_and_names_the_field() {
    let p = file(
        "bad",
        r#"{"lrts": [{"symbol": "rsLRT", "amount": 10}], "loops": [{"market": "nowhere", "collateral_lrt": 1, "health_factor": 1.2}]}"#,
    );
    let o = restake(&[
        "position",
        "--scenario",
        "oracle-cascade",
        "--position",
        &p,
        "--seeds",
        "1",
        "--blocks",
        "10",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("loops[0].market: no lending market named 'nowhere'"),
        "{err}"
    );
    let o = restake(&[
        "position",
        "--scenario",
        "oracle-cascade",
        "--seeds",
        "1",
        "--blocks",
        "10",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("has no position"));
}
