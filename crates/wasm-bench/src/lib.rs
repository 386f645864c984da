//! A tiny WebAssembly module for timing the engine outside the browser: build it with
//! `cargo build -p restake-wasm-bench --target wasm32-unknown-unknown --release`
//! and run `node scripts/wasm-bench.mjs` (see BENCHMARKS.md). No wasm-bindgen: exported
//! functions with plain integer arguments.

use std::sync::Mutex;

use restake_engine::{presets, MemoryLimit, Sim};
// The wasm32 global allocator: dlmalloc growing the memory in large steps (crates/wasm-alloc).
use restake_wasm_alloc as _;

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
    run_prepared_faulted(blocks, fault_at)
}

/// Runs the prepared simulation `blocks` blocks with its default oracle fault injected after
/// `fault_at` (none without an oracle AVS); returns the first 8 bytes of the state hash.
#[no_mangle]
pub extern "C" fn run_prepared_faulted(blocks: u32, fault_at: u32) -> u64 {
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

/// Reserves `len` bytes of the module's memory for the script to write a scenario's JSON
/// into (UTF-8); [`prepare_scenario`] takes the pointer and frees it.
#[no_mangle]
pub extern "C" fn alloc(len: u32) -> *mut u8 {
    let mut buf = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len as usize));
    buf.as_mut_ptr()
}

/// Builds the scenario whose JSON the script wrote at `ptr` (`len` bytes, from [`alloc`];
/// freed here) with `seed` and the memory limit `restake run` uses. Returns 1 when built, 0
/// when the JSON is refused (not UTF-8, invalid scenario).
///
/// # Safety
/// `ptr` must come from `alloc(len)` and hold `len` written bytes; it is not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn prepare_scenario(ptr: *mut u8, len: u32, seed: u64) -> u32 {
    // SAFETY: `ptr` was allocated by `alloc(len)` with capacity `len`, and the caller wrote
    // `len` bytes; the Vec takes it back and frees it.
    let bytes = unsafe { Vec::from_raw_parts(ptr, len as usize, len as usize) };
    let built = String::from_utf8(bytes)
        .ok()
        .and_then(|json| restake_engine::Scenario::from_json(&json).ok())
        .and_then(|scenario| Sim::new(scenario, seed).ok());
    match built {
        Some(mut sim) => {
            sim.set_memory_limit(Some(MemoryLimit::default()));
            *PREPARED.lock().expect("single-threaded") = Some(sim);
            1
        }
        None => 0,
    }
}

/// Number of presets, so the script can name them by index.
#[no_mangle]
pub extern "C" fn preset_count() -> u32 {
    presets::NAMES.len() as u32
}
