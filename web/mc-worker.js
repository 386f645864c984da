// A web worker of the Monte Carlo runs (crates/app/src/mc_runner.rs keeps a pool of them, one per
// core). The page's first message carries the URLs of the worker module's wasm-bindgen glue and
// of its wasm (restake-worker-HASH.js and restake-worker-HASH_bg.wasm, named by
// scripts/hash-worker.sh; crate restake-worker: the engine built for speed, apart from the page's
// module built for size) and the job; each
// following message is one seed to run. Answers: {type:'progress', index, block} at most every
// 100 ms, {type:'done', index, result} with the run's result as JSON (crates/worker/src/lib.rs),
// {type:'error', message}. The page stops the worker with terminate(), at once.
let glue = null;
let ready = null;

self.onmessage = async (e) => {
  const m = e.data;
  if (m.type === 'init') {
    ready = (async () => {
      glue = await import(m.glue);
      await glue.default({ module_or_path: m.wasm });
      glue.mc_worker_init(m.kind, m.scenario, m.faults, m.toBlock);
    })();
    ready.catch((err) => self.postMessage({ type: 'error', message: `worker start: ${err}` }));
    return;
  }
  try {
    await ready;
  } catch {
    return;
  }
  if (m.type !== 'run') return;
  let last = performance.now();
  try {
    const result = glue.mc_worker_run(m.seed, (block) => {
      const now = performance.now();
      if (now - last >= 100) {
        last = now;
        self.postMessage({ type: 'progress', index: m.index, block });
      }
    });
    self.postMessage({ type: 'done', index: m.index, result });
  } catch (err) {
    self.postMessage({ type: 'error', message: `seed ${m.seed}: ${err}` });
  }
};
