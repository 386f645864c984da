//! The Monte Carlo worker's WebAssembly module (`dist/restake-worker_bg.wasm`, built by trunk
//! from `index.html`'s `data-type="worker"` link with the `wasm-worker` cargo profile: the
//! engine at opt-level 3). `web/mc-worker.js` loads it in each web worker of the page's pool
//! (the app's `mc_runner`), calls [`mc_worker_init`] once with the job, then [`mc_worker_run`]
//! for each seed the page hands it. Each worker has its own engine instance.

use std::cell::RefCell;

use restake_worker::{run_json, Job};
// The wasm32 global allocator: dlmalloc growing the memory in large steps (crates/wasm-alloc).
use restake_wasm_alloc as _;
use wasm_bindgen::prelude::*;

thread_local! {
    static JOB: RefCell<Option<Job>> = const { RefCell::new(None) };
}

/// Keeps the job (`kind` "outcome" or "position", the scenario and faults as JSON, the last
/// block) for the runs that follow. Errors (as a string) when the job cannot be read.
#[wasm_bindgen]
pub fn mc_worker_init(
    kind: &str,
    scenario: &str,
    faults: &str,
    to_block: f64,
) -> Result<(), JsValue> {
    let job = Job::from_json(kind, scenario, faults, to_block as u64)?;
    JOB.with(|j| *j.borrow_mut() = Some(job));
    Ok(())
}

/// Runs the seed `seed` (decimal) of the job, calling `progress(block)` every
/// [`restake_worker::PROGRESS_BLOCKS`] blocks; returns the [`restake_worker::RunResult`] as
/// JSON. Errors on a bad seed or before [`mc_worker_init`].
#[wasm_bindgen]
pub fn mc_worker_run(seed: &str, progress: &js_sys::Function) -> Result<String, JsValue> {
    let seed: u64 = seed
        .parse()
        .map_err(|_| JsValue::from_str(&format!("bad seed {seed:?}")))?;
    JOB.with(|j| {
        let job = j.borrow();
        let job = job
            .as_ref()
            .ok_or_else(|| JsValue::from_str("no job: mc_worker_init first"))?;
        Ok(run_json(job, seed, |block| {
            let _ = progress.call1(&JsValue::NULL, &JsValue::from_f64(block as f64));
        }))
    })
}

/// Called by wasm-bindgen's start: a panic reaches the console with its message.
fn main() {
    console_error_panic_hook::set_once();
}
