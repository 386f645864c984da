//! `restake sweep`, `merge` and `compare`: output independent of the thread count, shards that
//! merge to the whole sweep byte for byte, errors for bad parameter paths, and the shape of a
//! comparison.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::{assert_refused, restake_bounded};

use restake_cli::sweep::{self, Plan};
use restake_engine::presets;

fn restake(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_restake"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("restake-batch-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Blocks that reach past the oracle fault at block 300 so that slashing requests exist.
const BLOCKS: &str = "400";

fn sweep_args<'a>(out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "sweep",
        "--scenario",
        "oracle-cascade",
        "--param",
        "lending.liquidation_threshold_bps=7600,7800",
        "--param",
        "stakers.sell_fraction=0.2,0.6",
        "--seeds",
        "0..3",
        "--blocks",
        BLOCKS,
        "-o",
        out,
    ];
    v.extend_from_slice(extra);
    v
}

#[test]
fn one_thread_and_four_threads_give_the_same_rows() {
    let base = presets::get("oracle-cascade").unwrap();
    let specs = [
        "lending.liquidation_threshold_bps=7600,7800",
        "pool.amp=20,50,100",
    ]
    .map(|p| sweep::parse_param(p, &base).unwrap());
    let plan = Plan::new(&base, &specs, vec![0, 1, 2], 350, None).unwrap();
    assert_eq!(plan.len(), 18);
    let all = plan.indices(None);
    let one = sweep::execute(&plan, &all, Some(1), false).unwrap();
    let four = sweep::execute(&plan, &all, Some(4), false).unwrap();
    assert_eq!(one, four);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    sweep::write_csv(&plan, &one, &mut a).unwrap();
    sweep::write_csv(&plan, &four, &mut b).unwrap();
    assert_eq!(a, b);
    // Rows are in run order, and the runs differ (the seeds and the amp matter).
    assert!(one.iter().enumerate().all(|(i, r)| r.run == i));
    let hashes: std::collections::BTreeSet<_> =
        one.iter().map(|r| r.outcome.state_hash.clone()).collect();
    assert_eq!(hashes.len(), 18, "every run has its own final state");
}

#[test]
fn shards_merge_to_the_whole_sweep_byte_for_byte() {
    let dir = tmp_dir("shards");
    let whole = dir.join("whole.csv");
    let o = restake(&sweep_args(whole.to_str().unwrap(), &["--threads", "2"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let whole_bytes = std::fs::read(&whole).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&whole_bytes).lines().count(),
        1 + 2 * 2 * 3
    );
    let mut shards = Vec::new();
    // Shards in a scrambled order, each on one thread.
    for i in [2, 0, 1] {
        let f = dir.join(format!("shard{i}.csv"));
        let shard = format!("{i}/3");
        let o = restake(&sweep_args(
            f.to_str().unwrap(),
            &["--shard", &shard, "--threads", "1"],
        ));
        assert!(o.status.success(), "{}", stderr(&o));
        shards.push(f.to_str().unwrap().to_string());
    }
    let merged = dir.join("merged.csv");
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    args.extend(["-o", merged.to_str().unwrap()]);
    let o = restake(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&merged).unwrap(), whole_bytes);
    assert!(
        stderr(&o).contains("losses_eth"),
        "merge prints the summary"
    );
    assert!(!stderr(&o).contains("missing"));

    // A shard left out (1/3: runs 1, 4, 7, 10) is an error naming the runs, and nothing is
    // written; with --allow-missing the rest is merged with a warning.
    let partial = dir.join("partial.csv");
    let o = restake(&[
        "merge",
        &shards[0],
        &shards[1],
        "-o",
        partial.to_str().unwrap(),
    ]);
    assert_refused(
        &o,
        1,
        "missing shard",
        &[
            "4 runs below run 11 are missing (runs 1, 4, 7, 10;",
            "--allow-missing",
        ],
    );
    assert!(!partial.exists(), "nothing written on refusal");
    let o = restake(&[
        "merge",
        &shards[0],
        &shards[1],
        "--allow-missing",
        "-o",
        partial.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: 4 runs below run 11 are missing"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&partial).unwrap().lines().count(),
        1 + 8
    );
    let o = restake(&["merge", &shards[0], &shards[0]]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("appears twice"), "{}", stderr(&o));
}

#[test]
fn sweep_prints_quantiles_per_metric() {
    let dir = tmp_dir("summary");
    let out = dir.join("runs.csv");
    let o = restake(&sweep_args(out.to_str().unwrap(), &[]));
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8(o.stdout).unwrap();
    let header = table.lines().next().unwrap();
    for col in ["mean", "p5", "p50", "p95"] {
        assert!(header.contains(col), "{header}");
    }
    for m in restake_engine::batch::METRICS {
        assert!(table.contains(m), "summary lacks {m}");
    }
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with(
        "run,point,seed,lending.liquidation_threshold_bps,stakers.sell_fraction,slashed_eth,"
    ));
}

#[test]
fn random_samples_are_reproducible() {
    let dir = tmp_dir("sample");
    let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
    for (f, threads) in [(&a, "1"), (&b, "3")] {
        let o = restake(&[
            "sweep",
            "--param",
            "pool.amp=10..200",
            "--param",
            "stakers.attention_per_block=0.01..0.5",
            "--sample",
            "4",
            "--sample-seed",
            "9",
            "--seeds",
            "0..2",
            "--blocks",
            "50",
            "--threads",
            threads,
            "-o",
            f.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text, std::fs::read_to_string(&b).unwrap());
    let amps: Vec<u64> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(3).unwrap().parse().unwrap())
        .collect();
    assert_eq!(amps.len(), 8);
    assert!(amps.iter().all(|a| (10..200).contains(a)), "{amps:?}");
}

#[test]
fn bad_param_paths_name_the_path_and_the_reason() {
    let cases: [(&str, &[&str]); 9] = [
        (
            "lending.nope=1",
            &["lending.nope", "no field 'nope'", "ltv_bps"],
        ),
        ("lendng.ltv_bps=1", &["lendng.ltv_bps", "no field 'lendng'"]),
        (
            "operators[99].name=x",
            &[
                "operators[99].name",
                "index 99 is out of range",
                "14 entries",
            ],
        ),
        (
            "operators[x].name=x",
            &["operators[x].name", "'x' is not an index"],
        ),
        ("lending..ltv_bps=1", &["lending..ltv_bps", "empty segment"]),
        (
            "insurance.capital_eth=1",
            &["insurance.capital_eth", "is null"],
        ),
        ("lending.ltv_bps", &["lending.ltv_bps", "path=value"]),
        (
            "lending.ltv_bps=9900",
            &[
                "lending.ltv_bps",
                "must not exceed liquidation_threshold_bps",
            ],
        ),
        ("pool.amp=fast", &["pool.amp", "invalid type"]),
    ];
    for (param, wants) in cases {
        let o = restake(&["sweep", "--param", param, "--seeds", "0", "--blocks", "1"]);
        assert_eq!(o.status.code(), Some(1), "{param}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{param}: {err}");
        for w in wants {
            assert!(err.contains(w), "{param}: '{w}' not in: {err}");
        }
    }
    for (args, want, code) in [
        (&["--shard", "3/3"][..], "--shard '3/3'", 1),
        (&["--seeds", "5..5"][..], "empty", 1),
        (&["--param", "pool.amp=1..100"][..], "needs --sample", 1),
        (&["--threads", "0"][..], "--threads", 2),
        (&["--threads", "100000"][..], "1..=1024", 2),
    ] {
        let mut v = vec!["sweep", "--blocks", "1"];
        v.extend_from_slice(args);
        let o = restake(&v);
        assert_eq!(o.status.code(), Some(code), "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn compare_reports_the_loss_difference_per_seed_and_a_sentence() {
    let o = restake(&[
        "compare",
        "oracle-cascade",
        "oracle-cascade-unique-stake",
        "--seeds",
        "0..4",
        "--blocks",
        "4000",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["blocks"], 4000);
    assert_eq!(v["seeds"].as_array().unwrap().len(), 4);
    assert_eq!(v["a"]["scenario"], "oracle-cascade");
    let diffs = v["per_seed_losses_eth_difference"].as_array().unwrap();
    assert_eq!(diffs.len(), 4);
    let d = &v["losses_eth_difference"];
    for k in ["mean", "p5", "p50", "p95", "min", "max"] {
        assert!(d[k].is_number(), "{k} missing");
    }
    assert!(d["p5"].as_f64() <= d["p50"].as_f64() && d["p50"].as_f64() <= d["p95"].as_f64());
    for side in ["a", "b"] {
        for m in restake_engine::batch::METRICS {
            assert!(v[side]["metrics"][m]["p50"].is_number(), "{side} {m}");
        }
    }
    // Unique stake slashes less than shared security in the cascade, on every seed.
    assert!(diffs.iter().all(|x| x.as_f64().unwrap() < 0.0), "{diffs:?}");
    let sentence = v["summary"].as_str().unwrap();
    assert!(sentence.starts_with("Over 4 seeds and 4000 blocks, oracle-cascade-unique-stake loses"));
    assert!(sentence.contains("less than oracle-cascade"), "{sentence}");
    assert_eq!(
        sentence.matches(". ").count(),
        0,
        "one sentence: {sentence}"
    );
}

#[test]
fn compare_with_a_lever_and_in_text() {
    let o = restake(&[
        "compare",
        "oracle-cascade",
        "--lever",
        "lending.oracle=exchange_rate",
        "--seeds",
        "0..2",
        "--blocks",
        "600",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("B = oracle-cascade with lending.oracle=exchange_rate"));
    assert!(text.contains("losses_eth B - A: mean"));
    assert!(text.trim_end().ends_with("seeds."), "{text}");
    let o = restake(&["compare", "oracle-cascade"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--lever"));
    let o = restake(&[
        "compare",
        "oracle-cascade",
        "--lever",
        "lending.oracle=magic",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("lending.oracle"), "{}", stderr(&o));
}

/// Seed ranges, samples and grids are counted before anything is built: refused at once,
/// under 100 MiB of address space, with the argument and the limit named. (Before: a
/// "capacity overflow" panic for `0..18446744073709551615`, 766 MiB allocated for
/// `0..100000000`, SIGABRT for `0..2000000000`, out-of-memory aborts for `--sample 100000000`
/// and a 10^4 x 10^4 grid.)
#[test]
fn huge_seed_ranges_samples_and_grids_are_refused_before_allocating() {
    for seeds in [
        "0..18446744073709551615",
        "0..=18446744073709551615",
        "0..100000000",
        "0..2000000000",
        "7..1000008",
    ] {
        for cmd in [
            &["sweep"][..],
            &["compare", "oracle-cascade", "oracle-cascade"],
            &["position"],
        ] {
            let mut args = cmd.to_vec();
            args.extend(["--seeds", seeds, "--blocks", "1"]);
            let o = restake_bounded(&args);
            assert_refused(
                &o,
                1,
                &args.join(" "),
                &["--seeds", seeds, "at most 1000000 seeds"],
            );
        }
    }
    let o = restake_bounded(&[
        "sweep",
        "--param",
        "pool.amp=1..100",
        "--sample",
        "100000000",
    ]);
    assert_refused(
        &o,
        2,
        "--sample 1e8",
        &["--sample", "100000000", "1..=100000"],
    );
    let o = restake_bounded(&[
        "sweep",
        "--param",
        "pool.amp=1..100",
        "--sample",
        "100000",
        "--seeds",
        "0..100",
    ]);
    assert_refused(
        &o,
        1,
        "1e7 sampled runs",
        &[
            "100000 points x 100 seeds = 10000000 runs",
            "at most 1000000 runs",
        ],
    );
    let values: Vec<String> = (1..=10_000).map(|v| v.to_string()).collect();
    let (amp, count) = (
        format!("pool.amp={}", values.join(",")),
        format!("stakers.count={}", values.join(",")),
    );
    let o = restake_bounded(&["sweep", "--param", &amp, "--param", &count, "--blocks", "1"]);
    assert_refused(
        &o,
        1,
        "1e4 x 1e4 grid",
        &[
            "--param",
            "10000 x 10000 = 100000000 points",
            "at most 100000 points",
        ],
    );
    let o = restake_bounded(&[
        "sweep", "--param", &amp, "--seeds", "0..101", "--blocks", "1",
    ]);
    assert_refused(&o, 1, "1e4 points x 101 seeds", &["= 1010000 runs"]);
}

/// `merge` counts the rows of every shard in constant memory before keeping any: more than
/// 1,000,000 runs (a sweep's most) are refused under 100 MiB, in one file or across several
/// (keeping a million rows first took 190 MiB).
#[test]
fn merge_refuses_more_runs_than_a_sweep_has_before_keeping_them() {
    let d = tmp_dir("merge-rows");
    let rows = |range: std::ops::Range<u32>| {
        let mut t = String::from("run\n");
        for k in range {
            t += &format!("{k}\n");
        }
        t
    };
    let (one, a, b) = (d.join("one.csv"), d.join("a.csv"), d.join("b.csv"));
    std::fs::write(&one, rows(0..1_000_001)).unwrap();
    std::fs::write(&a, rows(0..600_000)).unwrap();
    std::fs::write(&b, rows(600_000..1_200_000)).unwrap();
    let (one, a, b) = (
        one.to_str().unwrap(),
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    );
    let o = restake_bounded(&["merge", one]);
    assert_refused(&o, 1, "one file", &[one, "more than 1000000 runs"]);
    let o = restake_bounded(&["merge", a, b]);
    assert_refused(&o, 1, "two files", &[b, "more than 1000000 runs"]);
    std::fs::remove_dir_all(&d).unwrap();
}

/// `compare` runs 2 scenarios and `sensitivity` the baseline and each lever per seed: the
/// runs, not only the seeds, are capped at 1,000,000, refused before any run starts (a
/// million seeds of `sensitivity` used to start 13 million runs).
#[test]
fn runs_of_compare_and_sensitivity_are_capped_before_running() {
    let o = restake_bounded(&[
        "compare",
        "oracle-cascade",
        "oracle-cascade",
        "--seeds",
        "0..500001",
        "--blocks",
        "1",
    ]);
    assert_refused(
        &o,
        1,
        "compare 500,001 seeds",
        &[
            "--seeds: 500001 seeds x 2 scenarios",
            "= 1000002 runs",
            "at most 1000000 runs",
        ],
    );
    let levers = restake_cli::sensitivity::levers(&presets::get("oracle-cascade").unwrap());
    let n = levers.len() + 1;
    let seeds = format!("0..{}", 1_000_000 / n + 1);
    let o = restake_bounded(&["sensitivity", "--seeds", &seeds, "--blocks", "1"]);
    assert_refused(
        &o,
        1,
        "sensitivity",
        &[
            &format!("x {n} scenarios (the baseline and each lever)"),
            "at most 1000000 runs",
            &format!("at most {} seeds here", 1_000_000 / n),
        ],
    );
    let o = restake_bounded(&["sensitivity", "--seeds", "0..1000000", "--blocks", "1"]);
    assert_refused(&o, 1, "sensitivity 1e6 seeds", &["at most 1000000 runs"]);
}

#[test]
fn plan_limits_hold_for_library_callers_too() {
    let base = presets::get("oracle-cascade").unwrap();
    let spec = sweep::parse_param("pool.amp=1..100", &base).unwrap();
    let e = Plan::new(
        &base,
        std::slice::from_ref(&spec),
        vec![0],
        1,
        Some((200_000, 0)),
    )
    .err()
    .unwrap();
    assert!(e.contains("--sample 200000") && e.contains("100000"), "{e}");
    let e = Plan::new(&base, &[spec], (0..20).collect(), 1, Some((60_000, 0)))
        .err()
        .unwrap();
    assert!(e.contains("1200000 runs"), "{e}");
    // The grid size saturates instead of overflowing.
    let many =
        sweep::parse_param(&format!("pool.amp={}", vec!["5"; 70_000].join(",")), &base).unwrap();
    let e = sweep::grid_size(&[many.clone(), many.clone(), many.clone(), many]).unwrap_err();
    assert!(e.contains("more than 2^64"), "{e}");
}
