//! Long runs in constant memory: with `Sim::set_memory_limit` the history and the event log
//! stay bounded, the world does not grow, and the state hash is the one of an unbounded run.
//!
//! The million-block check is ignored by default (about a minute on the development machine):
//! `cargo test -p restake-engine --test long_run -- --ignored --nocapture`.

use std::sync::Mutex;

use restake_engine::{MemoryLimit, Sim};

/// Resident memory is per process: the tests of this file take turns.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// `VmRSS` of this process, KiB (Linux); `None` elsewhere.
fn rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let l = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    l[6..].trim().trim_end_matches("kB").trim().parse().ok()
}

const LIMIT: MemoryLimit = MemoryLimit {
    recent_blocks: 2_000,
    events: 500,
};

#[test]
fn bounded_history_keeps_recent_blocks_and_thins_older_ones() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut sim = Sim::preset("oracle-cascade", 42).unwrap();
    sim.set_memory_limit(Some(LIMIT));
    let mut full = Sim::preset("oracle-cascade", 42).unwrap();
    for _ in 0..12_000 {
        sim.step();
        full.step();
    }
    let h = sim.history();
    assert!(
        h.len() <= 2 * LIMIT.recent_blocks + 1,
        "{} entries",
        h.len()
    );
    assert_eq!(h[0].block, 0, "block 0 is kept");
    assert!(h.windows(2).all(|w| w[0].block < w[1].block), "sorted");
    // The last `recent_blocks` blocks are all there, equal to the unbounded run's.
    let tail = &h[h.len() - LIMIT.recent_blocks..];
    assert_eq!(tail, &full.history()[12_001 - LIMIT.recent_blocks..]);
    // Older blocks are evenly thinned, except those added since the last thinning, which
    // run block by block up to the recent window.
    let older: Vec<u64> = h[..h.len() - LIMIT.recent_blocks]
        .iter()
        .map(|m| m.block)
        .collect();
    let stride = older[1] - older[0];
    assert!(stride > 1);
    let k = older
        .iter()
        .position(|b| b % stride != 0)
        .unwrap_or(older.len());
    assert!(
        k > LIMIT.recent_blocks / 8,
        "the thinned part covers the start"
    );
    assert!(older[k..].windows(2).all(|w| w[1] == w[0] + 1), "{older:?}");
    // Events: the most recent ones, and the count of dropped ones adds up.
    assert!(sim.events().len() <= 2 * LIMIT.events);
    assert_eq!(
        sim.events_dropped() as usize + sim.events().len(),
        full.events().len()
    );
    assert_eq!(sim.events().last(), full.events().last());
    // The world, and so the hash, does not depend on what the history keeps.
    assert_eq!(sim.state_hash(), full.state_hash());
}

/// Runs `blocks` blocks with the limit and returns VmRSS (KiB) sampled every `every` blocks.
fn rss_curve(blocks: u64, every: u64) -> Vec<(u64, u64)> {
    let mut sim = Sim::preset("oracle-cascade", 42).unwrap();
    sim.set_memory_limit(Some(MemoryLimit::default()));
    let mut curve = Vec::new();
    for b in 1..=blocks {
        sim.step();
        if b % every == 0 {
            curve.push((b, rss_kib().unwrap_or(0)));
        }
    }
    curve
}

#[test]
fn memory_is_flat_over_a_long_run() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    if rss_kib().is_none() {
        return; // no /proc: nothing to measure
    }
    // After 30,000 blocks the history window (10,000 recent blocks) is full; from there on
    // the resident set must not grow. Without the limit it grows by ~200 bytes a block (+10 MB
    // over the next 50,000 blocks).
    let curve = rss_curve(80_000, 10_000);
    let after_warmup: Vec<u64> = curve
        .iter()
        .filter(|(b, _)| *b >= 30_000)
        .map(|c| c.1)
        .collect();
    let growth = after_warmup.last().unwrap()
        - after_warmup
            .first()
            .unwrap()
            .min(after_warmup.last().unwrap());
    eprintln!("VmRSS KiB by block: {curve:?}");
    assert!(
        growth < 2_048,
        "RSS grew by {growth} KiB from block 30,000 to 80,000: {curve:?}"
    );
}

#[test]
#[ignore = "a million blocks: about a minute; run with --ignored"]
fn a_million_blocks_in_constant_memory() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let start = std::time::Instant::now();
    let curve = rss_curve(1_000_000, 100_000);
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "1,000,000 blocks in {secs:.1} s ({:.0} blocks/s)",
        1e6 / secs
    );
    eprintln!("VmRSS KiB by block: {curve:?}");
    eprintln!(
        "without the limit the history alone would hold {} MB ({} bytes a block)",
        std::mem::size_of::<restake_engine::BlockMetrics>() as u64 * 1_000_000 / 1_000_000,
        std::mem::size_of::<restake_engine::BlockMetrics>()
    );
    let tail: Vec<u64> = curve.iter().skip(1).map(|c| c.1).collect();
    let (lo, hi) = (*tail.iter().min().unwrap(), *tail.iter().max().unwrap());
    assert!(
        hi - lo < 2_048,
        "RSS moved by {} KiB between blocks 200,000 and 1,000,000",
        hi - lo
    );
}
