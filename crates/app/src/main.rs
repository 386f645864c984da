fn main() {
    // In a web worker (web/mc-worker.js loads this module there to run Monte Carlo seeds) there
    // is no window and nothing to mount: the worker calls `mc_worker_*` (crate::mc_worker).
    if web_sys::window().is_none() {
        console_error_panic_hook::set_once();
        return;
    }
    restake_app::panic_panel::install();
    leptos::mount::mount_to_body(restake_app::App);
}
