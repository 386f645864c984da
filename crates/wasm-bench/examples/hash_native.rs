//! The state hash's times natively, as `scripts/wasm-bench.mjs` takes them in WebAssembly:
//! `cargo run --release -p restake-wasm-bench --example hash_native [blocks] [preset]`
//! (default 7,200 blocks of mainnet-scale). Prints one JSON line, times in ms: the first hash
//! after building, the first after the blocks, the median of five repeated hashes, and the
//! median of five (three) hashes each after 1 (150) more blocks.

use std::time::Instant;

use restake_engine::{MemoryLimit, Sim};

/// Milliseconds `f` takes.
fn ms(f: impl FnOnce()) -> f64 {
    let t0 = Instant::now();
    f();
    t0.elapsed().as_secs_f64() * 1e3
}

/// The median of `n` times of `sim`'s state hash, each after `blocks` more blocks.
fn median(sim: &mut Sim, n: usize, blocks: u64) -> f64 {
    let mut times: Vec<f64> = (0..n)
        .map(|_| {
            sim.run(blocks);
            ms(|| drop(sim.state_hash()))
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[(n - 1) / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let blocks: u64 = args.next().map_or(7_200, |b| b.parse().expect("blocks"));
    let preset = args.next().unwrap_or_else(|| "mainnet-scale".into());
    let build = || {
        let mut sim = Sim::preset(&preset, 42).expect("a preset");
        sim.set_memory_limit(Some(MemoryLimit::default()));
        sim
    };
    let fresh = build();
    let first_hash_ms = ms(|| drop(fresh.state_hash()));
    let mut sim = build();
    let seconds = ms(|| sim.run(blocks)) / 1e3;
    let mut hash = String::new();
    let hash_after_run_ms = ms(|| hash = sim.state_hash());
    let hash_ms = median(&mut sim, 5, 0);
    let hash_after_1_ms = median(&mut sim, 5, 1);
    let hash_after_150_ms = median(&mut sim, 3, 150);
    println!(
        "{{\"preset\":\"{preset}\",\"blocks\":{blocks},\"seconds\":{seconds},\"hash_prefix\":\"{}\",\
         \"hash_ms\":{hash_ms},\"first_hash_ms\":{first_hash_ms},\"hash_after_run_ms\":{hash_after_run_ms},\
         \"hash_after_1_ms\":{hash_after_1_ms},\"hash_after_150_ms\":{hash_after_150_ms}}}",
        &hash[..16]
    );
}
