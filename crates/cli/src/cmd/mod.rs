//! The subcommands of `restake`, one module each: its clap arguments (`#[derive(Args)]`) and
//! the `exec` that runs it. `main.rs` only lists them and dispatches; the work itself is in the
//! library (`restake_cli::{sweep, compare, sensitivity, position, bench, import}`) and the
//! engine. Errors are returned as the message `main` prints after `error: ` (exit status 1).

pub mod bench;
pub mod compare;
pub mod import;
pub mod position;
pub mod presets;
pub mod run;
pub mod sensitivity;
pub mod sweep;

use std::io::{self, Write};

use clap::builder::RangedU64ValueParser;
use clap::ValueEnum;

/// Longest run, blocks: the engine's 10-year bound on delays (26,298,000 blocks of 12 s).
const MAX_BLOCKS: u64 = restake_engine::scenario::MAX_DELAY_BLOCKS;
/// Most worker threads.
const MAX_THREADS: u64 = 1024;

/// `--blocks`: 0 to [`MAX_BLOCKS`], refused by clap (exit status 2) beyond.
fn blocks_parser() -> RangedU64ValueParser<u64> {
    RangedU64ValueParser::new().range(0..=MAX_BLOCKS)
}

/// `--threads`: 1 to [`MAX_THREADS`].
fn threads_parser() -> RangedU64ValueParser<usize> {
    RangedU64ValueParser::new().range(1..=MAX_THREADS)
}

/// Output of the commands that print a report: a text table or pretty JSON.
#[derive(Clone, Copy, ValueEnum)]
pub enum CompareFormat {
    Text,
    Json,
}

/// Writes `bytes` to `path`, or to stdout for `None`.
///
/// # Errors
/// The file or stdout cannot be written (the message names the file).
fn write_output(path: Option<&str>, bytes: &[u8]) -> Result<(), String> {
    match path {
        Some(p) => std::fs::write(p, bytes).map_err(|e| format!("cannot write '{p}': {e}")),
        None => {
            let mut out = io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .map_err(|e| format!("cannot write output: {e}"))
        }
    }
}
