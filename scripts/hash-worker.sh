#!/bin/sh
# trunk's post_build hook (Trunk.toml): gives the Monte Carlo worker's files content-hashed names,
# as trunk gives the page's module, so a browser never runs a stale cached worker after a deploy.
# trunk names a `data-type="worker"` module's files after its binary, unhashed, and copies
# `web/mc-worker.js` as it is. This renames, in trunk's staging folder,
#   mc-worker.js            -> mc-worker-HASH.js
#   restake-worker.js       -> restake-worker-HASH.js
#   restake-worker_bg.wasm  -> restake-worker-HASH_bg.wasm
# (HASH: the first 16 hex digits of the SHA-256 of the three files) and rewrites the boot tag's
# `data-worker-*` attributes in index.html (Trunk.toml's pattern_script), which
# crates/app/src/mc_runner.rs reads.
set -eu
cd "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
h=$(cat mc-worker.js restake-worker.js restake-worker_bg.wasm | sha256sum | cut -c1-16)
mv mc-worker.js "mc-worker-$h.js"
mv restake-worker.js "restake-worker-$h.js"
mv restake-worker_bg.wasm "restake-worker-${h}_bg.wasm"
sed -i -e "s|mc-worker\.js\"|mc-worker-$h.js\"|" \
  -e "s|restake-worker\.js\"|restake-worker-$h.js\"|" \
  -e "s|restake-worker_bg\.wasm\"|restake-worker-${h}_bg.wasm\"|" index.html
grep -q "data-worker-wasm=\"[^\"]*restake-worker-${h}_bg.wasm\"" index.html || {
  echo "hash-worker.sh: index.html has no data-worker-wasm attribute to rewrite" >&2
  exit 1
}
