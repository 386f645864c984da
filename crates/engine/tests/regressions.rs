//! Replays every crash the fuzz harness found (`tests/regressions/`, see its README).
//!
//! * `tests/regressions/*.json`: fixed; each must be refused with a field path or run with the
//!   invariants holding after every block.
//! * `tests/regressions/open/*.json`: reported, waiting for a fix in an engine module; each must
//!   still fail, so that the fix makes this test fail until the file moves up one folder.
//!
//! `REGRESSION_BACKTRACE=1 RUST_BACKTRACE=1 cargo test -p restake-engine --test regressions`
//! shows where each open case panics.

mod common;

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use common::fuzz::{run_case, Case, Verdict};

fn cases(dir: &Path) -> Vec<(PathBuf, Case)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let case: Case = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not a fuzz case: {e}", p.display()));
            (p, case)
        })
        .collect()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/regressions")
}

/// `REGRESSION_BACKTRACE=1` lets panics through (with `RUST_BACKTRACE=1`: where it crashed).
fn outcome(case: &Case) -> Result<Verdict, String> {
    if std::env::var_os("REGRESSION_BACKTRACE").is_some() {
        return run_case(case);
    }
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let r = panic::catch_unwind(AssertUnwindSafe(|| run_case(case)));
    panic::set_hook(hook);
    match r {
        Ok(v) => v,
        Err(p) => Err(p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())),
    }
}

#[test]
fn fixed_crashes_stay_fixed() {
    for (path, case) in cases(&root()) {
        if let Err(e) = outcome(&case) {
            panic!("{}: {e}\n({})", path.display(), case.note);
        }
    }
}

#[test]
fn open_crashes_still_fail_until_fixed() {
    for (path, case) in cases(&root().join("open")) {
        assert!(
            outcome(&case).is_err(),
            "{} no longer fails: the fix landed; move it to tests/regressions/",
            path.display()
        );
    }
}

/// The seed corpus of the fuzz targets (`crates/engine/tests/corpus/`, scenarios written by
/// `restake import` from the CLI's import fixtures) parses, validates and runs 50 blocks with
/// the invariants holding after each.
#[test]
fn the_fuzz_seed_corpus_runs_clean() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let case = Case {
            note: String::new(),
            preset: String::new(),
            scenario_text: Some(std::fs::read_to_string(&p).unwrap()),
            seed: 1,
            blocks: 50,
            inject: Vec::new(),
        };
        match outcome(&case) {
            Ok(Verdict::Ran(_)) => n += 1,
            other => panic!("{}: {other:?}", p.display()),
        }
    }
    assert!(n >= 3, "the corpus holds the imported networks");
}
