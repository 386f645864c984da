// Starts the app without an inline script, so that the page's Content-Security-Policy needs no
// 'unsafe-inline' or per-build hash: trunk's `pattern_script` (Trunk.toml) writes this tag with
// the hashed names of the wasm-bindgen glue and the wasm module in its data attributes.
const tag = document.getElementById('restake-boot');
try {
  const glue = await import(tag.dataset.js);
  await glue.default({ module_or_path: tag.dataset.wasm });
} catch (e) {
  // A panic shows its own panel (crates/app/src/panic_panel.rs); anything else that stops the
  // start (no WebAssembly, a missing file) is said in words rather than as a blank page.
  if (!document.querySelector('[data-testid=panic-panel]')) {
    const p = document.createElement('p');
    p.className = 'boot-error';
    p.setAttribute('role', 'alert');
    p.textContent = `restake-sim could not start: ${e}`;
    document.body.append(p);
  }
}
