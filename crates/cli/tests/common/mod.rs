//! Running `restake` as a hostile user would: under a 100 MiB address-space limit
//! (`ulimit -v`) and a 5-second deadline, so that a refusal which allocates what it refuses, or
//! blocks, fails the test instead of passing slowly.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Address-space limit of the child, KiB (100 MiB): a refusal must come before any allocation
/// that grows with the refused value.
pub const MEMORY_LIMIT_KIB: u64 = 100 * 1024;
/// Deadline of one refusal.
pub const DEADLINE: Duration = Duration::from_secs(5);

/// Runs `restake args` under `ulimit -v` [`MEMORY_LIMIT_KIB`]; panics if it is still running
/// after [`DEADLINE`] (it is killed first).
pub fn restake_bounded(args: &[&str]) -> Output {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_restake"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh runs");
    let start = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed() > DEADLINE {
            child.kill().ok();
            let o = child.wait_with_output().expect("collects");
            panic!(
                "restake {args:?} still running after {DEADLINE:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("collects")
}

/// Asserts that `o` is a refusal with exit status `code` (1: a bad value found by the command,
/// 2: an argument out of its range, found by the parser), no panic or abort, and every `want`
/// in stderr.
pub fn assert_refused(o: &Output, code: i32, case: &str, wants: &[&str]) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{case}: {err}");
    assert!(!err.contains("panicked"), "{case}: {err}");
    assert!(err.starts_with("error: "), "{case}: {err}");
    for w in wants {
        assert!(err.contains(w), "{case}: '{w}' not in {err}");
    }
}
