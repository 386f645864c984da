//! The panic panel: a panic anywhere in the app shows a readable message and a reset link
//! instead of a dead page.
//!
//! The hook builds the panel with plain DOM calls, not through leptos: after a panic the WASM
//! instance traps and its reactive state cannot be trusted. The reset is a plain link to the
//! page without its hash (a full reload of the default preset), so it needs no WASM at all.
//! The text is set as text, never as HTML.
//!
//! `#panic-test` in the URL panics on purpose (see [`crate::data::share::PANIC_TEST`]): the
//! end-to-end test of this panel uses it.

use wasm_bindgen::JsCast;

/// Installs the hook: the browser console gets the panic (console_error_panic_hook) and the
/// page gets the panel.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let message = match info.payload().downcast_ref::<&str>() {
            Some(s) => s.to_string(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "unknown panic".into()),
        };
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = show(&message, &place);
    }));
}

fn element(
    doc: &web_sys::Document,
    tag: &str,
    class: &str,
    text: &str,
) -> Option<web_sys::Element> {
    let el = doc.create_element(tag).ok()?;
    el.set_class_name(class);
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    Some(el)
}

/// Adds the panel to the page (once).
fn show(message: &str, place: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    if doc
        .query_selector("[data-testid=panic-panel]")
        .ok()
        .flatten()
        .is_some()
    {
        return Some(());
    }
    let panel = element(&doc, "div", "panic-panel", "")?;
    panel.set_attribute("role", "alert").ok()?;
    panel.set_attribute("data-testid", "panic-panel").ok()?;
    let card = element(&doc, "div", "panic-card", "")?;
    let texts = [
        ("h2", "", "The simulator stopped".to_string()),
        ("p", "", "Something went wrong inside the app and the run cannot go on. Nothing was sent anywhere. Reset loads the default preset.".to_string()),
        ("pre", "panic-message", format!("{message}\n{place}")),
    ];
    for (tag, class, text) in texts {
        let el = element(&doc, tag, class, &text)?;
        card.append_child(&el).ok()?;
    }
    let reset: web_sys::HtmlAnchorElement = element(&doc, "a", "btn panic-reset", "↺ Reset")?
        .dyn_into()
        .ok()?;
    reset.set_href("./");
    reset.set_attribute("data-testid", "panic-reset").ok()?;
    card.append_child(&reset).ok()?;
    panel.append_child(&card).ok()?;
    doc.body()?.append_child(&panel).ok()?;
    Some(())
}
