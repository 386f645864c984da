// The wasm32 global allocator: dlmalloc growing the memory in large steps (crates/wasm-alloc).
use restake_wasm_alloc as _;

fn main() {
    restake_app::panic_panel::install();
    leptos::mount::mount_to_body(restake_app::App);
}
