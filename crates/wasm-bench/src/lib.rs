//! A tiny WebAssembly module for timing the engine outside the browser: build it with
//! `cargo build -p restake-wasm-bench --target wasm32-unknown-unknown --release`
//! and run `node scripts/wasm-bench.mjs` (see BENCHMARKS.md). No wasm-bindgen: exported
//! functions with plain integer arguments.

use std::sync::Mutex;

use restake_engine::{presets, MemoryLimit, Sim};

/// The simulation `prepare` built, which `advance` and `hash` use.
static PREPARED: Mutex<Option<Sim>> = Mutex::new(None);

/// Runs preset number `preset` (index into `presets::NAMES`) with `seed` for `blocks` blocks
/// and returns the first 8 bytes of the state hash, to compare with the native run.
#[no_mangle]
pub extern "C" fn run_preset(preset: u32, seed: u64, blocks: u32) -> u64 {
    prepare(preset, seed);
    advance(blocks);
    hash()
}

/// Builds preset number `preset` with `seed` (with the memory limit `restake run` uses), so
/// that `advance` times the blocks alone, as `restake bench-one` does natively.
#[no_mangle]
pub extern "C" fn prepare(preset: u32, seed: u64) {
    let name = presets::NAMES[preset as usize % presets::NAMES.len()];
    let mut sim = Sim::preset(name, seed).expect("presets are valid");
    sim.set_memory_limit(Some(MemoryLimit::default()));
    *PREPARED.lock().expect("single-threaded") = Some(sim);
}

/// Runs `blocks` blocks of the prepared simulation.
#[no_mangle]
pub extern "C" fn advance(blocks: u32) {
    if let Some(sim) = PREPARED.lock().expect("single-threaded").as_mut() {
        sim.run(blocks as u64);
    }
}

/// The first 8 bytes of the prepared simulation's state hash (0 if none).
#[no_mangle]
pub extern "C" fn hash() -> u64 {
    PREPARED
        .lock()
        .expect("single-threaded")
        .as_ref()
        .map_or(0, |sim| {
            u64::from_str_radix(&sim.state_hash()[..16], 16).expect("hex")
        })
}

/// Like [`run_preset`], with the preset's default oracle fault (the app's button) injected
/// after `fault_at` blocks (`restake run --fault-at`); presets without an oracle AVS run
/// without it. Returns the first 8 bytes of the state hash.
#[no_mangle]
pub extern "C" fn run_preset_faulted(preset: u32, seed: u64, blocks: u32, fault_at: u32) -> u64 {
    prepare(preset, seed);
    advance(fault_at.min(blocks));
    if fault_at < blocks {
        if let Some(sim) = PREPARED.lock().expect("single-threaded").as_mut() {
            if let Some(f) = sim.default_oracle_fault() {
                sim.inject(f).expect("the default fault is valid");
            }
        }
    }
    advance(blocks - fault_at.min(blocks));
    hash()
}

/// Number of presets, so the script can name them by index.
#[no_mangle]
pub extern "C" fn preset_count() -> u32 {
    presets::NAMES.len() as u32
}
