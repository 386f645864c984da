fn main() {
    restake_app::panic_panel::install();
    leptos::mount::mount_to_body(restake_app::App);
}
