//! Mounts the app, once the operator's language is ready (English is built in; another is fetched,
//! usually already asked for by index.html while the wasm downloaded).

fn main() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        switchboard_ui::i18n::start_in_preferred_language().await;
        leptos::mount::mount_to_body(switchboard_ui::App);
    });
}
