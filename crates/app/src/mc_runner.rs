//! Runs a [`MonteCarlo`] in web workers, off the page's main thread: a pool of
//! `min(navigator.hardwareConcurrency, runs)` workers (at least one), each with its own engine
//! instance (`web/mc-worker.js` loads the worker's own WebAssembly module there, crate
//! `restake-worker`, built with the engine at opt-level 3 while the page's module is built for
//! size; it is downloaded when the first runs start), each given one seed at a time; the runs are the same as on the page and in the CLI, and
//! are shown in seed order. Shared by the loss-distribution panel
//! ([`crate::views::monte_carlo_view`]) and the position's Monte Carlo ([`crate::views::position_mc_view`]).
//! Messages from the workers are recorded as they come and published to the signals at most
//! once per animation frame, so the page keeps its frame rate. Cancel terminates the workers
//! at once; the finished runs stay. No `SharedArrayBuffer`: the site needs no special headers.

use std::collections::BTreeMap;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::data::monte_carlo::{Follow, MonteCarlo};
use crate::state::AppState;
use restake_worker::{parse_result, Job, Kind};

/// The worker's files, as `(data attribute of the boot tag, name without the content hash)`:
/// the worker script (`web/mc-worker.js`), the wasm-bindgen glue of the worker's module (crate
/// `restake-worker`) and that module. trunk writes the attributes (`Trunk.toml`'s
/// `pattern_script`) and `scripts/hash-worker.sh` gives the files content-hashed names, so a
/// deploy never leaves a stale worker in a browser's cache; the plain names are the fallback.
const WORKER_SCRIPT: (&str, &str) = ("data-worker-script", "mc-worker.js");
const WORKER_GLUE: (&str, &str) = ("data-worker-glue", "restake-worker.js");
const WORKER_WASM: (&str, &str) = ("data-worker-wasm", "restake-worker_bg.wasm");

/// The pool at work: what each worker is on and the runs finished so far.
struct Pool<O> {
    generation: u32,
    workers: Vec<Option<web_sys::Worker>>,
    /// Per worker: the run it is on and the last block it reported.
    on: Vec<Option<(u32, u64)>>,
    /// Next run to hand out.
    next: u32,
    runs: u32,
    base_seed: u64,
    to_block: u64,
    done: BTreeMap<u32, O>,
    /// Runs finished since the signals were last published.
    fresh: bool,
    refused: Option<String>,
    error: Option<String>,
}

impl<O> Pool<O> {
    fn terminate(&mut self) {
        for w in self.workers.iter_mut().filter_map(Option::take) {
            w.terminate();
        }
        self.on.iter_mut().for_each(|o| *o = None);
    }

    fn progress(&self) -> f64 {
        let total = self.runs as f64 * self.to_block.max(1) as f64;
        let partial: u64 = self.on.iter().flatten().map(|(_, b)| *b).sum();
        (self.done.len() as f64 * self.to_block as f64 + partial as f64) / total
    }

    fn finished(&self) -> bool {
        self.done.len() as u32 >= self.runs || self.error.is_some()
    }

    /// Hands worker `i` the next run, or stops it when none is left.
    fn feed(&mut self, i: usize) {
        let Some(Some(w)) = self.workers.get(i) else {
            return;
        };
        if self.next >= self.runs {
            w.terminate();
            self.workers[i] = None;
            self.on[i] = None;
            return;
        }
        let index = self.next;
        self.next += 1;
        self.on[i] = Some((index, 0));
        let msg = object(&[
            ("type", "run".into()),
            ("index", index.into()),
            ("seed", (self.base_seed + index as u64).to_string().into()),
        ]);
        if let Err(e) = w.post_message(&msg) {
            self.error = Some(format!("a worker refused its seed: {e:?}"));
        }
    }
}

/// Runs in progress or done, and what the views read of them. `Copy` (arena handles).
pub struct McRunner<T: Follow + 'static> {
    pool: StoredValue<Option<Pool<T::Out>>, LocalStorage>,
    generation: StoredValue<u32>,
    pub running: RwSignal<bool>,
    /// Share of the work done, 0 to 1.
    pub progress: RwSignal<f64>,
    /// Finished runs, in seed order (refreshed as runs finish, at most once a frame).
    pub outcomes: RwSignal<Vec<T::Out>>,
    /// Runs asked for by the last start.
    pub total: RwSignal<u32>,
    /// Web workers of the last start.
    pub workers: RwSignal<u32>,
    /// What the results are of, set by the caller at start.
    pub about: RwSignal<String>,
    /// "Running…", "Done: 20 runs in 9.8 s on 2 web workers.", a cancellation or an error.
    pub status: RwSignal<String>,
    /// Wall time of the last finished set of runs, s.
    pub seconds: RwSignal<Option<f64>>,
    started_ms: StoredValue<f64>,
}

impl<T: Follow + 'static> Clone for McRunner<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Follow + 'static> Copy for McRunner<T> {}

impl<T: Follow + 'static> McRunner<T> {
    pub fn new() -> Self {
        McRunner {
            pool: StoredValue::new_local(None),
            generation: StoredValue::new(0),
            running: RwSignal::new(false),
            progress: RwSignal::new(0.0),
            outcomes: RwSignal::new(Vec::new()),
            total: RwSignal::new(0),
            workers: RwSignal::new(0),
            about: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
            seconds: RwSignal::new(None),
            started_ms: StoredValue::new(0.0),
        }
    }

    /// Starts `mc`'s runs in a pool of web workers following `kind` (replacing any runs in
    /// progress); `about` says what it runs.
    pub fn begin(&self, mc: MonteCarlo<T>, kind: Kind, about: String) {
        self.stop();
        let config = mc.config().clone();
        let generation = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(generation);
        self.total.set(config.runs);
        self.about.set(about);
        self.outcomes.set(Vec::new());
        self.progress.set(0.0);
        self.seconds.set(None);
        let n = pool_size(config.runs);
        let init = object(&[
            ("type", "init".into()),
            ("kind", kind.id().into()),
            ("scenario", Job::scenario_json(mc.scenario()).into()),
            ("faults", Job::faults_json(mc.faults()).into()),
            ("toBlock", (config.to_block as f64).into()),
        ]);
        let files = resolve(WORKER_GLUE).and_then(|g| Ok((g, resolve(WORKER_WASM)?)));
        let (glue, wasm) = match files {
            Ok(f) => f,
            Err(e) => return self.status.set(format!("Cannot start web workers: {e:?}")),
        };
        let _ = js_sys::Reflect::set(&init, &"glue".into(), &glue.into());
        let _ = js_sys::Reflect::set(&init, &"wasm".into(), &wasm.into());
        let mut pool = Pool {
            generation,
            workers: Vec::new(),
            on: vec![None; n as usize],
            next: 0,
            runs: config.runs,
            base_seed: config.base_seed,
            to_block: config.to_block,
            done: BTreeMap::new(),
            fresh: false,
            refused: None,
            error: None,
        };
        let started = (0..n as usize).try_for_each(|i| {
            let w = self.spawn(i, generation)?;
            w.post_message(&init)?;
            pool.workers.push(Some(w));
            pool.feed(i);
            Ok::<(), JsValue>(())
        });
        if let Err(e) = started {
            pool.terminate();
            self.status.set(format!("Cannot start web workers: {e:?}"));
            return;
        }
        self.workers.set(n);
        self.pool.set_value(Some(pool));
        self.status.set(format!("Running on {n} web worker(s)…"));
        self.started_ms.set_value(crate::run_loop::now_ms());
        self.running.set(true);
    }

    /// A worker for slot `i` of pool `generation`, its messages wired to this runner.
    fn spawn(&self, i: usize, generation: u32) -> Result<web_sys::Worker, JsValue> {
        let opts = web_sys::WorkerOptions::new();
        opts.set_type(web_sys::WorkerType::Module);
        let w = web_sys::Worker::new_with_options(&resolve(WORKER_SCRIPT)?, &opts)?;
        let me = *self;
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                me.message(i, generation, &ev.data());
            });
        w.set_onmessage(Some(on_message.into_js_value().unchecked_ref()));
        let on_error =
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
                me.with_pool(generation, |p| {
                    p.error = Some(format!("a web worker failed: {}", ev.message()));
                    p.terminate();
                });
            });
        w.set_onerror(Some(on_error.into_js_value().unchecked_ref()));
        Ok(w)
    }

    /// Applies `f` to the pool if it is still pool `generation` (a cancelled pool's late
    /// messages are dropped).
    fn with_pool(&self, generation: u32, f: impl FnOnce(&mut Pool<T::Out>)) {
        let _ = self.pool.try_update_value(|p| {
            if let Some(p) = p.as_mut().filter(|p| p.generation == generation) {
                f(p);
            }
        });
    }

    /// A message from worker `i`: progress, a finished run (the worker gets the next seed), or
    /// an error (the pool stops).
    fn message(&self, i: usize, generation: u32, data: &JsValue) {
        let get = |k: &str| js_sys::Reflect::get(data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let index = get("index").as_f64().unwrap_or(-1.0) as u32;
        self.with_pool(generation, |p| match get("type").as_string().as_deref() {
            Some("progress") => {
                let block = get("block").as_f64().unwrap_or(0.0) as u64;
                if let Some(on) = p.on.get_mut(i).and_then(Option::as_mut) {
                    on.1 = block;
                }
            }
            Some("done") => {
                match parse_result::<T::Out>(&get("result").as_string().unwrap_or_default()) {
                    Ok(r) => {
                        p.done.insert(index, r.out);
                        p.refused = r.refused.or(p.refused.take());
                        p.fresh = true;
                        p.feed(i);
                    }
                    Err(e) => p.error = Some(e),
                }
                if p.error.is_some() {
                    p.terminate();
                }
            }
            _ => {
                p.error = Some(get("message").as_string().unwrap_or_default());
                p.terminate();
            }
        });
    }

    /// Publishes the pool's state to the signals (once per animation frame).
    fn publish(&self) {
        let read = self.pool.try_update_value(|p| {
            p.as_mut().map(|p| {
                let fresh = std::mem::take(&mut p.fresh);
                let outcomes = fresh.then(|| p.done.values().cloned().collect::<Vec<_>>());
                (
                    p.progress(),
                    outcomes,
                    p.finished(),
                    p.refused.clone(),
                    p.error.clone(),
                )
            })
        });
        let Some(Some((progress, outcomes, finished, refused, error))) = read else {
            return;
        };
        if self.progress.get_untracked() != progress {
            self.progress.set(progress);
        }
        if let Some(o) = outcomes {
            self.outcomes.set(o);
        }
        if let Some(e) = &refused {
            let note = format!("A fault was refused in a run and skipped: {e}");
            if self.status.with_untracked(|s| *s != note) {
                self.status.set(note);
            }
        }
        if !finished {
            return;
        }
        self.stop();
        self.running.set(false);
        if let Some(e) = error {
            let n = self.outcomes.with_untracked(Vec::len);
            self.status.set(format!("Stopped after {n} runs: {e}"));
            return;
        }
        let s = (crate::run_loop::now_ms() - self.started_ms.get_value()) / 1000.0;
        self.seconds.set(Some(s));
        self.status.set(format!(
            "Done: {} runs in {s:.1} s on {} web worker(s).",
            self.outcomes.with_untracked(Vec::len),
            self.workers.get_untracked()
        ));
    }

    /// Terminates the pool's workers and drops it, keeping its finished runs shown.
    fn stop(&self) {
        let done = self.pool.try_update_value(|p| {
            p.take().map(|mut p| {
                p.terminate();
                p.done.into_values().collect::<Vec<_>>()
            })
        });
        if let Some(Some(done)) = done {
            self.outcomes.set(done);
        }
    }

    /// Stops the runs at once (the workers are terminated); the finished ones stay shown.
    pub fn cancel(&self) {
        self.stop();
        self.running.set(false);
        let n = self.outcomes.with_untracked(Vec::len);
        self.status.set(format!(
            "Cancelled after {n} of {} runs; the results show the finished ones.",
            self.total.get_untracked()
        ));
    }

    /// The frame loop that publishes the workers' progress: one check a frame.
    pub fn start_loop(self, _app: AppState) {
        fn frame<T: Follow + 'static>(r: McRunner<T>) {
            let Some(running) = r.running.try_get_untracked() else {
                return;
            };
            if running {
                r.publish();
            }
            request_animation_frame(move || frame(r));
        }
        request_animation_frame(move || frame(self));
    }
}

impl<T: Follow + 'static> Default for McRunner<T> {
    fn default() -> Self {
        McRunner::new()
    }
}

/// Workers for `runs` runs: one per core the browser reports, at most one per run, at least one.
pub fn pool_size(runs: u32) -> u32 {
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .unwrap_or(1.0);
    workers_for(cores, runs)
}

/// `min(cores, runs)`, at least 1 (`cores` as the browser reports it, possibly 0 or NaN).
pub fn workers_for(cores: f64, runs: u32) -> u32 {
    let cores = if cores.is_finite() && cores >= 1.0 {
        cores.min(256.0) as u32
    } else {
        1
    };
    cores.min(runs).max(1)
}

/// The URL of one of the worker's files: the boot tag's `attribute` (the content-hashed name)
/// or else the `plain` name, resolved against the page's base URL.
fn resolve((attribute, plain): (&str, &str)) -> Result<String, JsValue> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let path = doc
        .get_element_by_id("restake-boot")
        .and_then(|tag| tag.get_attribute(attribute))
        .unwrap_or_else(|| plain.to_string());
    let base = doc.base_uri()?.ok_or("no base URI")?;
    Ok(web_sys::Url::new_with_base(&path, &base)?.href())
}

/// A plain JS object of `fields`.
fn object(fields: &[(&str, JsValue)]) -> js_sys::Object {
    let o = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::workers_for;

    #[test]
    fn one_worker_per_core_at_most_one_per_run_at_least_one() {
        assert_eq!(workers_for(2.0, 50), 2);
        assert_eq!(workers_for(8.0, 5), 5);
        assert_eq!(workers_for(8.0, 1), 1);
        assert_eq!(workers_for(0.0, 50), 1);
        assert_eq!(workers_for(f64::NAN, 50), 1);
        assert_eq!(workers_for(4.0, 0), 1);
    }
}
