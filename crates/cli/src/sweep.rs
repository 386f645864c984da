//! `restake sweep` and `restake merge`: parameter grids or random samples times seeds, run in
//! parallel, one CSV row per run sorted by run index, and quantiles per metric.
//!
//! Run `k` of a plan is point `k / seeds` with seed number `k % seeds`; a shard `i/n` runs the
//! indices `k` with `k % n == i`. Each run depends only on its scenario and seed, and rows are
//! written in run order, so the CSV is the same byte for byte for any thread count, and
//! merging the shards of a plan gives the CSV of the whole plan.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
pub use restake_engine::batch::fmt_num;
use restake_engine::batch::{self, Outcome, ParamRange, METRICS};
use restake_engine::Scenario;
use serde_json::Value;

use crate::input;

/// One `--param path=...` as given: a list of values (grid) or a range `lo..hi` (sampling).
#[derive(Clone, Debug, PartialEq)]
pub enum ParamSpec {
    Grid { path: String, values: Vec<Value> },
    Range { path: String, range: ParamRange },
}

impl ParamSpec {
    pub fn path(&self) -> &str {
        match self {
            ParamSpec::Grid { path, .. } | ParamSpec::Range { path, .. } => path,
        }
    }
}

/// Parses `path=v1,v2,...` or `path=lo..hi`; checks that the path names a field of `base`.
pub fn parse_param(s: &str, base: &Scenario) -> Result<ParamSpec, String> {
    let (path, rhs) = input::split_assignment(s).map_err(|e| format!("--param {e}"))?;
    let current = batch::get_param(base, &path).map_err(|e| e.to_string())?;
    if let Some((lo, hi)) = rhs.split_once("..") {
        let num = |t: &str| {
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    format!("parameter path '{path}': range bound '{t}' is not a number")
                })
        };
        let (lo_v, hi_v) = (num(lo)?, num(hi)?);
        if lo_v >= hi_v {
            return Err(format!(
                "parameter path '{path}': empty range {lo}..{hi} (need lo < hi)"
            ));
        }
        let integer = current.is_u64() || current.is_i64();
        return Ok(ParamSpec::Range {
            path,
            range: ParamRange {
                lo: lo_v,
                hi: hi_v,
                integer,
            },
        });
    }
    let values: Vec<Value> = input::split_values(&rhs)
        .iter()
        .map(|v| input::parse_value(v))
        .collect();
    Ok(ParamSpec::Grid { path, values })
}

/// Most parameter points of one sweep (grid combinations or `--sample N`). Each point is
/// validated up front and kept as its values only (its scenario is rebuilt when it runs), so
/// memory grows with points x parameters, not with the scenario's size.
pub const MAX_POINTS: u64 = 100_000;
/// Most runs (points x seeds) of one sweep, sharded or not: the row indices and results are
/// held in memory (about 200 bytes a run). The same bound as every command's
/// ([`input::MAX_RUNS`]).
pub const MAX_RUNS: u64 = input::MAX_RUNS;

/// A sweep: parameter points times seeds.
pub struct Plan {
    /// The parameter paths, one CSV column each.
    pub columns: Vec<String>,
    /// Values of each point, in `columns` order.
    pub points: Vec<Vec<Value>>,
    /// The scenario the points modify.
    pub base: Scenario,
    pub seeds: Vec<u64>,
    pub blocks: u64,
}

/// Number of grid points (the product of the value counts), refused above [`MAX_POINTS`]
/// before any point is built; `Err` names the counts and the limit.
pub fn grid_size(params: &[ParamSpec]) -> Result<u64, String> {
    let mut n: u64 = 1;
    let mut counts = Vec::new();
    for p in params {
        if let ParamSpec::Grid { values, .. } = p {
            counts.push(values.len().to_string());
            n = n.saturating_mul(values.len() as u64);
        }
    }
    if n > MAX_POINTS {
        return Err(format!(
            "--param: a grid of {} = {} points; at most {MAX_POINTS} points per sweep",
            counts.join(" x "),
            if n == u64::MAX {
                "more than 2^64".to_string()
            } else {
                n.to_string()
            }
        ));
    }
    Ok(n)
}

/// Refuses `points x seeds` above [`MAX_RUNS`], naming both counts and the limit.
pub fn check_runs(points: u64, seeds: u64) -> Result<(), String> {
    let runs = points.saturating_mul(seeds);
    if runs > MAX_RUNS {
        return Err(format!(
            "--param/--sample and --seeds: {points} points x {seeds} seeds = {runs} runs; \
             at most {MAX_RUNS} runs per sweep (split it into several sweeps)"
        ));
    }
    Ok(())
}

impl Plan {
    /// Builds a grid (every combination of the listed values) or, with `sample = Some((n,
    /// seed))`, `n` random points from the ranges. The number of points and of runs is
    /// checked against [`MAX_POINTS`] and [`MAX_RUNS`] before any point is built; every point
    /// is validated before anything runs, and the first invalid one is reported with its path
    /// and reason.
    pub fn new(
        base: &Scenario,
        params: &[ParamSpec],
        seeds: Vec<u64>,
        blocks: u64,
        sample: Option<(usize, u64)>,
    ) -> Result<Plan, String> {
        let columns: Vec<String> = params.iter().map(|p| p.path().to_string()).collect();
        for (i, c) in columns.iter().enumerate() {
            if columns[..i].contains(c) {
                return Err(format!("parameter path '{c}': given twice"));
            }
        }
        let points: Vec<Vec<Value>> = match sample {
            Some((n, seed)) => {
                let ranges = params
                    .iter()
                    .map(|p| match p {
                        ParamSpec::Range { range, .. } => Ok(range.clone()),
                        ParamSpec::Grid { path, .. } => Err(format!(
                            "parameter path '{path}': --sample draws from ranges; give lo..hi"
                        )),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if n as u64 > MAX_POINTS {
                    return Err(format!(
                        "--sample {n}: at most {MAX_POINTS} points per sweep"
                    ));
                }
                check_runs(n as u64, seeds.len() as u64)?;
                batch::sample_points(&ranges, n, seed)
            }
            None => {
                if let Some(ParamSpec::Range { path, .. }) =
                    params.iter().find(|p| matches!(p, ParamSpec::Range { .. }))
                {
                    return Err(format!(
                        "parameter path '{path}': a range lo..hi needs --sample N"
                    ));
                }
                check_runs(grid_size(params)?, seeds.len() as u64)?;
                grid_points(params)
            }
        };
        let plan = Plan {
            columns,
            points,
            base: base.clone(),
            seeds,
            blocks,
        };
        for k in 0..plan.points.len() {
            plan.scenario(k)?;
        }
        Ok(plan)
    }

    /// The validated scenario of point `k`: the base with the point's values set.
    pub fn scenario(&self, k: usize) -> Result<Scenario, String> {
        let settings: Vec<(String, Value)> = self
            .columns
            .iter()
            .cloned()
            .zip(self.points[k].iter().cloned())
            .collect();
        batch::set_params(&self.base, &settings).map_err(|e| e.to_string())
    }

    /// Number of runs of the whole plan.
    pub fn len(&self) -> usize {
        self.points.len() * self.seeds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Run indices of shard `i` of `n` (every n-th run from `i`); the whole plan for `None`.
    pub fn indices(&self, shard: Option<(usize, usize)>) -> Vec<usize> {
        let (i, n) = shard.unwrap_or((0, 1));
        (i..self.len()).step_by(n).collect()
    }
}

/// Every combination of the grid's values, the last parameter varying fastest.
fn grid_points(params: &[ParamSpec]) -> Vec<Vec<Value>> {
    let mut points = vec![Vec::new()];
    for p in params {
        if let ParamSpec::Grid { values, .. } = p {
            points = points
                .into_iter()
                .flat_map(|pt| {
                    values.iter().map(move |v| {
                        let mut q = pt.clone();
                        q.push(v.clone());
                        q
                    })
                })
                .collect();
        }
    }
    points
}

/// `i/n` with `0 <= i < n`.
pub fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("--shard '{s}': expected i/n with 0 <= i < n, e.g. 0/4");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (i, n) = (
        i.trim().parse::<usize>().map_err(|_| bad())?,
        n.trim().parse::<usize>().map_err(|_| bad())?,
    );
    if n == 0 || i >= n {
        return Err(bad());
    }
    Ok((i, n))
}

/// One finished run.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub run: usize,
    pub point: usize,
    pub outcome: Outcome,
}

/// Runs `indices` of `plan` on `threads` threads (all cores for `None`), with a progress bar on
/// stderr when it is a terminal. Rows come back in the order of `indices`.
pub fn execute(
    plan: &Plan,
    indices: &[usize],
    threads: Option<usize>,
    progress: bool,
) -> Result<Vec<Row>, String> {
    let bar = ProgressBar::with_draw_target(
        Some(indices.len() as u64),
        if progress && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} runs, {elapsed} elapsed, eta {eta}")
            .expect("valid template"),
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| format!("cannot start threads: {e}"))?;
    let nseeds = plan.seeds.len();
    let rows = pool.install(|| {
        indices
            .par_iter()
            .map(|&run| {
                let point = run / nseeds;
                let seed = plan.seeds[run % nseeds];
                let outcome = plan
                    .scenario(point)
                    .and_then(|s| {
                        batch::run_outcome(s, seed, plan.blocks).map_err(|e| e.to_string())
                    })
                    .map_err(|e| format!("run {run}: {e}"));
                bar.inc(1);
                outcome.map(|outcome| Row {
                    run,
                    point,
                    outcome,
                })
            })
            .collect::<Result<Vec<_>, _>>()
    });
    bar.finish_and_clear();
    rows
}

/// CSV header of a plan's rows.
pub fn header(columns: &[String]) -> Vec<String> {
    let mut h: Vec<String> = ["run", "point", "seed"].map(String::from).to_vec();
    h.extend(columns.iter().cloned());
    h.extend(METRICS.iter().map(|m| m.to_string()));
    h.extend(["final_block", "state_hash"].map(String::from));
    h
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Writes the header and one record per row.
pub fn write_csv(plan: &Plan, rows: &[Row], out: impl Write) -> Result<(), String> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| format!("cannot write CSV: {e}");
    w.write_record(header(&plan.columns)).map_err(err)?;
    for r in rows {
        let mut rec = vec![
            r.run.to_string(),
            r.point.to_string(),
            r.outcome.seed.to_string(),
        ];
        rec.extend(plan.points[r.point].iter().map(value_text));
        rec.extend(r.outcome.metrics().iter().map(|x| x.to_string()));
        rec.push(r.outcome.blocks.to_string());
        rec.push(r.outcome.state_hash.clone());
        w.write_record(&rec).map_err(err)?;
    }
    w.flush().map_err(|e| format!("cannot write CSV: {e}"))
}

/// Quantiles of every metric as an aligned text table.
pub fn summary_table(metrics: &[[f64; batch::N_METRICS]]) -> String {
    let mut s = format!(
        "{:<22}{:>8}{:>16}{:>16}{:>16}{:>16}\n",
        "metric", "runs", "mean", "p5", "p50", "p95"
    );
    for (k, name) in METRICS.iter().enumerate() {
        let col: Vec<f64> = metrics.iter().map(|m| m[k]).collect();
        let q = batch::summarize(&col);
        s += &format!(
            "{:<22}{:>8}{:>16}{:>16}{:>16}{:>16}\n",
            name,
            q.n,
            fmt_num(q.mean),
            fmt_num(q.p5),
            fmt_num(q.p50),
            fmt_num(q.p95)
        );
    }
    s
}

/// The metric columns of a CSV produced by [`write_csv`] (for the merge summary).
fn metrics_of(
    header: &csv::StringRecord,
    rows: &[csv::StringRecord],
) -> Vec<[f64; batch::N_METRICS]> {
    let cols: Vec<Option<usize>> = METRICS
        .iter()
        .map(|m| header.iter().position(|h| h == *m))
        .collect();
    rows.iter()
        .map(|r| {
            let mut m = [f64::NAN; batch::N_METRICS];
            for (k, c) in cols.iter().enumerate() {
                if let Some(v) = c.and_then(|c| r.get(c)).and_then(|t| t.parse().ok()) {
                    m[k] = v;
                }
            }
            m
        })
        .collect()
}

/// Merges shard CSVs into one sorted by run index: the same bytes as the unsharded sweep.
/// Refuses files with different headers and runs that appear twice. Runs missing below the
/// highest run index (see [`missing_runs`]) are an error naming them unless `allow_missing`,
/// in which case they are a warning in the summary. Returns the CSV text and the summary table.
pub fn merge(files: &[String], allow_missing: bool) -> Result<(Vec<u8>, String), String> {
    // The rows are counted first, in constant memory, so that too many are refused before
    // any is kept (a million kept rows take about 190 MiB).
    let mut total = 0u64;
    for f in files {
        total += read_shard(f, None)?.1 as u64;
        if total > MAX_RUNS {
            return Err(format!(
                "'{f}': more than {MAX_RUNS} runs in the shards given; a sweep has at most \
                 {MAX_RUNS} runs"
            ));
        }
    }
    let mut header: Option<csv::StringRecord> = None;
    let mut rows: Vec<(usize, csv::StringRecord)> = Vec::with_capacity(total as usize);
    for f in files {
        let (h, _, file_rows) = read_shard(f, Some(MAX_RUNS as usize - rows.len()))?;
        match &header {
            None => header = Some(h),
            Some(first) if first != &h => {
                return Err(format!(
                    "'{f}': its columns differ from '{}' (shards of different sweeps?)",
                    files[0]
                ))
            }
            Some(_) => {}
        }
        rows.extend(file_rows);
    }
    let header = header.ok_or("no input files")?;
    rows.sort_by_key(|r| r.0);
    if let Some(w) = rows.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(format!(
            "run {} appears twice (the same shard given twice?)",
            w[0].0
        ));
    }
    let missing = missing_runs(&rows);
    if let (Some(m), false) = (&missing, allow_missing) {
        return Err(format!(
            "{m}; give every shard, or --allow-missing to merge anyway"
        ));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).map_err(|e| e.to_string())?;
    for (_, rec) in &rows {
        w.write_record(rec).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    let records: Vec<csv::StringRecord> = rows.into_iter().map(|r| r.1).collect();
    let mut summary = summary_table(&metrics_of(&header, &records));
    if let Some(m) = missing {
        summary += &format!("warning: {m} (merged anyway: --allow-missing)\n");
    }
    Ok((bytes, summary))
}

/// Largest shard CSV read, bytes: a sweep's [`MAX_RUNS`] rows of a few hundred bytes each
/// stay far below it.
pub const MAX_SHARD_BYTES: u64 = 1 << 30;

/// A shard CSV read as a stream: the header, the number of rows, and the `(run, record)` rows
/// when `keep` is `Some(max)`. A file that is not a sweep CSV is refused at its header, and
/// rows past `max` (or past [`MAX_RUNS`] when only counting, in constant memory) at the first
/// one too many, without reading the rest.
type Shard = (csv::StringRecord, usize, Vec<(usize, csv::StringRecord)>);

fn read_shard(f: &str, keep: Option<usize>) -> Result<Shard, String> {
    let file = input::open_limited(std::path::Path::new(f), MAX_SHARD_BYTES)
        .map_err(|e| format!("cannot read '{f}': {e}"))?;
    let mut r = csv::Reader::from_reader(file);
    let h = r.headers().map_err(|e| format!("'{f}': {e}"))?.clone();
    if h.get(0) != Some("run") {
        return Err(format!(
            "'{f}': not a sweep CSV (first column is not 'run')"
        ));
    }
    let max = keep.unwrap_or(MAX_RUNS as usize);
    let (mut count, mut rows, mut rec) = (0, Vec::new(), csv::StringRecord::new());
    while r.read_record(&mut rec).map_err(|e| format!("'{f}': {e}"))? {
        if count == max {
            return Err(format!(
                "'{f}': more than {MAX_RUNS} runs in the shards given; a sweep has at most \
                 {MAX_RUNS} runs"
            ));
        }
        count += 1;
        let run = rec
            .get(0)
            .and_then(|t| t.parse::<usize>().ok())
            .ok_or_else(|| format!("'{f}': a row's run index is not a number"))?;
        if keep.is_some() {
            rows.push((run, rec.clone()));
        }
    }
    if r.position().byte() > MAX_SHARD_BYTES {
        return Err(format!(
            "cannot read '{f}': {}",
            input::too_big(r.position().byte(), MAX_SHARD_BYTES)
        ));
    }
    Ok((h, count, rows))
}

/// Describes the runs missing from sorted, distinct `rows`: indices below the highest one
/// that no row has (counted, the first five listed); `None` when none is. A missing shard
/// `i/n` always leaves such a gap (run `i < n` is missing while a shard with two or more runs
/// has a run at or above `n`), except in plans of at most `n` runs.
fn missing_runs(rows: &[(usize, csv::StringRecord)]) -> Option<String> {
    let last = rows.last()?.0;
    let gaps = last as u128 + 1 - rows.len() as u128;
    if gaps == 0 {
        return None;
    }
    let mut found = Vec::new();
    let mut next = 0;
    for (run, _) in rows {
        found.extend((next..*run).take(5usize.saturating_sub(found.len())));
        next = run + 1;
    }
    let list: Vec<String> = found.iter().map(|r| r.to_string()).collect();
    Some(format!(
        "{gaps} runs below run {last} are missing (runs {}{}; a shard not given?)",
        list.join(", "),
        if gaps > 5 { ", ..." } else { "" }
    ))
}
