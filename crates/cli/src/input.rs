//! Reading scenarios and command-line values: presets or files (with a size limit), seed lists.

use std::io::Read;

use restake_engine::{presets, Scenario};

/// Largest scenario file read, bytes. The presets are about 10 KB; a scenario with the engine's
/// maximum of 100,000 holders is still a few KB because agents are counts, so 16 MiB only
/// refuses files that are not scenarios.
pub const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;

/// A preset name or a path to a scenario JSON file, parsed and validated. Errors name the file
/// and the field path.
pub fn load_scenario(arg: &str) -> Result<Scenario, String> {
    if presets::NAMES.contains(&arg) {
        return presets::get(arg).map_err(|e| e.to_string());
    }
    let path = std::path::Path::new(arg);
    if arg.ends_with(".json") || path.exists() {
        let text = read_limited(path, MAX_SCENARIO_BYTES)
            .map_err(|e| format!("cannot read scenario file '{arg}': {e}"))?;
        return restake_engine::Scenario::from_json(&text)
            .map_err(|e| format!("invalid scenario '{arg}': {e}"));
    }
    Err(format!(
        "'{arg}' is neither a preset ({}) nor a scenario file",
        presets::NAMES.join(", ")
    ))
}

/// Most seeds one `--seeds` may list (sweep, compare, position): a million runs of even 100
/// blocks take hours, and the count is checked before any list is built.
pub const MAX_SEEDS: u64 = 1_000_000;

/// Most runs (scenario x seed) of one command: `sweep` (points x seeds), `compare` (2 x
/// seeds), `sensitivity` (baseline and levers x seeds). Their outcomes are held in memory
/// (about 200 bytes a run), and a million runs of even 100 blocks take hours.
pub const MAX_RUNS: u64 = 1_000_000;

/// Refuses `scenarios x seeds` runs above [`MAX_RUNS`] before any is started; `what` says
/// what the scenarios are (e.g. "2 scenarios (A and B)"). Errors name `--seeds` and the limit.
pub fn check_seed_runs(seeds: usize, scenarios: usize, what: &str) -> Result<(), String> {
    let runs = (seeds as u128) * (scenarios as u128);
    if runs > MAX_RUNS as u128 {
        return Err(format!(
            "--seeds: {seeds} seeds x {what} = {runs} runs; at most {MAX_RUNS} runs per command \
             (at most {} seeds here)",
            MAX_RUNS / scenarios.max(1) as u64
        ));
    }
    Ok(())
}

/// Opens a regular file of at most `limit` bytes for reading: refuses what is not a regular
/// file (a named pipe, socket or device: checked with `stat` before opening, and the file is
/// opened non-blocking so that a pipe swapped in meanwhile cannot block) and larger files
/// before reading them. The reader stops at `limit + 1` bytes, so a caller that reads more
/// than `limit` knows the file grew while it was read.
pub fn open_limited(
    path: &std::path::Path,
    limit: u64,
) -> Result<std::io::Take<std::fs::File>, String> {
    check_regular(&std::fs::metadata(path).map_err(|e| e.to_string())?)?;
    let file = open_nonblocking(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    check_regular(&meta)?;
    if meta.len() > limit {
        return Err(too_big(meta.len(), limit));
    }
    Ok(file.take(limit + 1))
}

/// The refusal of a file of `size` bytes above `limit`.
pub fn too_big(size: u64, limit: u64) -> String {
    format!(
        "the file is {} bytes ({:.1} MiB); files here are limited to {} bytes ({} MiB)",
        size,
        size as f64 / 1048576.0,
        limit,
        limit / 1048576
    )
}

/// Reads a UTF-8 text file of at most `limit` bytes, opened by [`open_limited`] (so never a
/// named pipe or device), stopping at `limit + 1` bytes for files whose size changes while
/// read.
pub fn read_limited(path: &std::path::Path, limit: u64) -> Result<String, String> {
    let mut bytes = Vec::new();
    open_limited(path, limit)?
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64, limit));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn check_regular(meta: &std::fs::Metadata) -> Result<(), String> {
    if meta.is_dir() {
        return Err("it is a directory".into());
    }
    if !meta.is_file() {
        return Err(
            "not a regular file (a named pipe, socket or device); only regular files are read"
                .into(),
        );
    }
    Ok(())
}

/// Opens `path` for reading with `O_NONBLOCK` on Unix (opening a named pipe without a writer
/// then returns at once instead of waiting; regular files ignore the flag).
fn open_nonblocking(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    opts.open(path)
}

/// Seeds: `0..100` (half-open), `0..=99`, `7`, or a list `1,5,9`; at most [`MAX_SEEDS`]. The
/// count is computed from the bounds before the list is built, so `0..18446744073709551615`
/// is refused at once. Errors name `--seeds`, the value and the limit.
pub fn parse_seeds(s: &str) -> Result<Vec<u64>, String> {
    let num = |t: &str| {
        t.trim()
            .parse::<u64>()
            .map_err(|_| format!("--seeds '{s}': '{t}' is not a whole number"))
    };
    let too_many =
        |n: u128| format!("--seeds '{s}': {n} seeds; at most {MAX_SEEDS} seeds per command");
    let range = if let Some((a, b)) = s.split_once("..=") {
        let (a, b) = (num(a)?, num(b)?);
        Some((a, b as u128 + 1))
    } else if let Some((a, b)) = s.split_once("..") {
        Some((num(a)?, num(b)? as u128))
    } else {
        None
    };
    let seeds: Vec<u64> = match range {
        Some((a, end)) => {
            let n = end.saturating_sub(a as u128);
            if n == 0 {
                return Err(format!("--seeds '{s}': the range is empty"));
            }
            if n > MAX_SEEDS as u128 {
                return Err(too_many(n));
            }
            // n <= MAX_SEEDS, so a + n - 1 fits in u64 (it is at most the given end).
            (0..n as u64).map(|k| a + k).collect()
        }
        None => {
            let n = s.split(',').count() as u128;
            if n > MAX_SEEDS as u128 {
                return Err(too_many(n));
            }
            s.split(',').map(num).collect::<Result<_, _>>()?
        }
    };
    Ok(seeds)
}

/// Splits `v1,v2,...` at top-level commas (commas inside `{}`, `[]` or quotes stay).
pub fn split_values(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut cur) = (0i32, false, String::new());
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            '{' | '[' if !quoted => depth += 1,
            '}' | ']' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out
}

/// A value as typed: JSON if it parses (`7500`, `true`, `"x"`, `{...}`), else a string.
pub fn parse_value(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|_| serde_json::Value::String(s.to_string()))
}

/// `path=value`, split at the first `=`.
pub fn split_assignment(s: &str) -> Result<(String, String), String> {
    let (p, v) = s
        .split_once('=')
        .ok_or_else(|| format!("'{s}' is not of the form path=value"))?;
    if p.trim().is_empty() || v.is_empty() {
        return Err(format!("'{s}' is not of the form path=value"));
    }
    Ok((p.trim().to_string(), v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_forms() {
        assert_eq!(parse_seeds("0..3").unwrap(), vec![0, 1, 2]);
        assert_eq!(parse_seeds("2..=3").unwrap(), vec![2, 3]);
        assert_eq!(parse_seeds("4,1").unwrap(), vec![4, 1]);
        assert!(parse_seeds("3..3").unwrap_err().contains("empty"));
        assert!(parse_seeds("a..3").unwrap_err().contains("'a'"));
        assert_eq!(
            parse_seeds("18446744073709551614..=18446744073709551615").unwrap(),
            vec![u64::MAX - 1, u64::MAX]
        );
        for big in [
            "0..18446744073709551615",
            "0..=18446744073709551615",
            "0..100000000",
            "5..1000006",
        ] {
            let e = parse_seeds(big).unwrap_err();
            assert!(
                e.contains("--seeds") && e.contains("at most 1000000"),
                "{e}"
            );
        }
        assert_eq!(parse_seeds("5..1000005").unwrap().len(), 1_000_000);
    }

    #[test]
    fn values_split_at_top_level_commas_only() {
        assert_eq!(
            split_values(r#"1,{"a":1,"b":2},"x,y""#),
            vec!["1", r#"{"a":1,"b":2}"#, r#""x,y""#]
        );
    }
}
