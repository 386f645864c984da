//! The `restake` binary: records per block, the final hash, preset export/import, and errors
//! that exit non-zero with a message instead of a panic.

use std::process::{Command, Output};

fn restake(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_restake"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn run_prints_one_json_record_per_block_and_the_hash() {
    let o = restake(&[
        "run",
        "--scenario",
        "oracle-cascade",
        "--blocks",
        "30",
        "--seed",
        "42",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 31);
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    for key in [
        "block",
        "lrt_price",
        "lrt_nav",
        "slashed_wei",
        "liquidated_wei",
        "bad_debt_wei",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["block"], 1);
    let last: serde_json::Value = serde_json::from_str(lines[30]).unwrap();
    assert_eq!(last["final_block"], 30);
    let hash = last["state_hash"].as_str().unwrap();
    assert_eq!(hash.len(), 32);
    // Same hash as the engine's own run.
    let mut sim = restake_engine::Sim::preset("oracle-cascade", 42).unwrap();
    sim.run(30);
    assert_eq!(hash, sim.state_hash());
}

#[test]
fn csv_has_a_header_and_rows() {
    let o = restake(&["run", "--blocks", "5", "--format", "csv"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let mut lines = out.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("block,lrt_price,lrt_nav,discount,slashed_wei"));
    assert_eq!(lines.count(), 5);
    assert!(String::from_utf8_lossy(&o.stderr).contains("state_hash="));
}

#[test]
fn csv_has_columns_per_lrt_and_per_market() {
    let o = restake(&[
        "run",
        "--scenario",
        "ezeth-2024",
        "--blocks",
        "3",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    let header: Vec<&str> = out.lines().next().unwrap().split(',').collect();
    for col in [
        "lrt0_price",
        "lrt0_queue_days",
        "market0_bad_debt_wei",
        "market1_hf_ge_1_50",
    ] {
        assert!(header.contains(&col), "missing {col}");
    }
    assert!(
        !header.contains(&"market2_bad_debt_wei"),
        "ezeth-2024 has two markets"
    );
    for row in out.lines().skip(1) {
        assert_eq!(row.split(',').count(), header.len());
    }
}

#[test]
fn json_records_carry_every_csv_column() {
    let run = |format: &str| {
        let o = restake(&[
            "run",
            "--scenario",
            "ezeth-2024",
            "--blocks",
            "3",
            "--format",
            format,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        stdout(&o)
    };
    let csv = run("csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.nth(2).unwrap().split(',').collect();
    let json = run("json");
    let record: serde_json::Value = serde_json::from_str(json.lines().nth(2).unwrap()).unwrap();
    for (name, cell) in header.iter().zip(&row) {
        let v = record
            .get(*name)
            .unwrap_or_else(|| panic!("JSON record lacks column {name}"));
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        };
        if name.ends_with("_wei") {
            assert_eq!(&text, cell, "{name}: wei kept exact as a string");
        } else if let (Ok(a), Ok(b)) = (text.parse::<f64>(), cell.parse::<f64>()) {
            assert_eq!(a, b, "{name}");
        } else if !(text.is_empty() && *cell == "inf") {
            assert_eq!(&text, cell, "{name}");
        }
    }
    for key in [
        "lrt0_price",
        "market1_bad_debt_wei",
        "loss_lender_bad_debt_wei",
        "path_lrt_avs_yield_wei",
    ] {
        assert!(record.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn fault_at_presses_the_oracle_fault_button_at_that_block() {
    let hash = |extra: &[&str]| {
        let mut args = vec!["run", "--blocks", "40"];
        args.extend_from_slice(extra);
        let o = restake(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let out = stdout(&o);
        let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
        last["state_hash"].as_str().unwrap().to_string()
    };
    let mut sim = restake_engine::Sim::preset("oracle-cascade", 42).unwrap();
    sim.run(10);
    sim.inject(sim.default_oracle_fault().unwrap()).unwrap();
    sim.run(30);
    assert_eq!(hash(&["--fault-at", "10"]), sim.state_hash());
    assert_ne!(hash(&["--fault-at", "10"]), hash(&[]));
}

#[test]
fn exported_preset_runs_to_the_same_hash() {
    let dir = std::env::temp_dir().join(format!("restake-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cascade.json");
    let o = restake(&["scenario", "oracle-cascade"]);
    assert!(o.status.success());
    std::fs::write(&file, &o.stdout).unwrap();
    let from_file = restake(&[
        "run",
        "--scenario",
        file.to_str().unwrap(),
        "--blocks",
        "12",
        "--seed",
        "3",
    ]);
    let from_preset = restake(&[
        "run",
        "--scenario",
        "oracle-cascade",
        "--blocks",
        "12",
        "--seed",
        "3",
    ]);
    assert!(
        from_file.status.success(),
        "{}",
        String::from_utf8_lossy(&from_file.stderr)
    );
    assert_eq!(
        stdout(&from_file).lines().last(),
        stdout(&from_preset).lines().last()
    );
}

#[test]
fn errors_exit_non_zero_with_the_reason() {
    let o = restake(&["run", "--scenario", "no-such-preset"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("neither a preset"));

    let dir = std::env::temp_dir().join(format!("restake-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    let mut v: serde_json::Value =
        serde_json::from_slice(&restake(&["scenario", "oracle-cascade"]).stdout).unwrap();
    v["lending"]["ltv_bps"] = serde_json::json!(9000);
    std::fs::write(&file, v.to_string()).unwrap();
    let o = restake(&["run", "--scenario", file.to_str().unwrap(), "--blocks", "1"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("lending.ltv_bps"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let o = restake(&["scenario", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown preset 'nope'"));
}

/// `bench-one` reports the peak of the whole process: read after the run and the state hash
/// (mainnet-scale, where hashing the serialised world is the largest allocation),
/// it equals (within 2 MiB for printing its line) the maximum resident set the kernel reports
/// to the parent (`wait4`, what `/usr/bin/time -v` prints). It used to be read before the
/// hash, 110 MiB against the process's 189 MiB on mainnet-scale.
#[cfg(target_os = "linux")]
#[test]
// The child is reaped with `libc::wait4` (for its resource usage), not `Child::wait`.
#[allow(clippy::zombie_processes)]
fn bench_peak_memory_is_the_whole_process_peak() {
    use std::os::unix::process::ExitStatusExt;
    let child = Command::new(env!("CARGO_BIN_EXE_restake"))
        .args([
            "bench-one",
            "--label",
            "t",
            "--scenario",
            "mainnet-scale",
            "--blocks",
            "1",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut out = String::new();
    std::io::Read::read_to_string(&mut child.stdout.unwrap(), &mut out).unwrap();
    let mut status = 0;
    // SAFETY: waits for our own child and fills the structs it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::wait4(pid, &mut status, 0, &mut usage) }, pid);
    assert!(std::process::ExitStatus::from_raw(status).success());
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let reported = r["peak_kib"].as_u64().unwrap();
    let kernel = usage.ru_maxrss as u64;
    assert!(
        reported <= kernel && kernel - reported < 2048,
        "bench-one says {reported} KiB, the kernel {kernel} KiB"
    );
    assert_eq!(r["state_hash"].as_str().unwrap().len(), 32);
}
