//! The fault menu beside the oracle fault button: one ready-made fault per family of the
//! engine's fault model ([`restake_engine::Sim::fault_menu`]), each in one sentence, injected
//! into the next block by "Inject".

use leptos::prelude::*;

use crate::format::fault_sentence;
use crate::state::AppState;

/// The family the select shows: `choice` while the menu offers it, else the menu's first entry.
fn shown_family(menu: &[restake_engine::Fault], choice: &str) -> Option<&'static str> {
    menu.iter()
        .find(|f| f.family() == choice)
        .or(menu.first())
        .map(|f| f.family())
}

#[component]
pub fn FaultMenu() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The chosen family rather than the fault itself: a family stays meaningful when the menu
    // is rebuilt for another preset or its target changes during the run (the largest operator
    // after a slash). Empty until the user picks one.
    let choice = RwSignal::new(String::new());
    // A memo: read by every option and by the title, and it changes far less often than the
    // menu is published.
    let shown = Memo::new(move |_| {
        state
            .fault_menu
            .with(|m| choice.with(|c| shown_family(m, c)))
    });
    // The menu's entries as (family, sentence). Rebuilt when the menu or the LRT changes, which
    // happens on a preset change and rarely during a run; unchanged menus are not republished.
    let entries = move || {
        let symbol = state.lrt_symbol.get();
        state.fault_menu.with(|m| {
            m.iter()
                .map(|f| (f.family(), fault_sentence(f, &symbol)))
                .collect::<Vec<_>>()
        })
    };
    let title = move || {
        let symbol = state.lrt_symbol.get();
        state.fault_menu.with(|m| {
            let family = shown.get();
            m.iter()
                .find(|f| Some(f.family()) == family)
                .map(|f| format!("{}: {}", f.family(), fault_sentence(f, &symbol)))
                .unwrap_or_else(|| "This scenario offers no faults to inject.".to_string())
        })
    };
    let inject = move |_| match shown.get_untracked() {
        Some(family) => state.inject_family(family),
        None => state
            .error
            .set(Some("This scenario offers no faults to inject.".into())),
    };

    view! {
        <div class="fault-menu">
            // No visible label: each entry names its family, and "Inject" beside it says what
            // the select is for.
            <select
                data-testid="fault-menu"
                aria-label="Fault to inject"
                title=title
                on:change=move |ev| choice.set(event_target_value(&ev))
            >
                    {move || {
                        entries()
                            .into_iter()
                            .map(|(family, sentence)| view! {
                                <option value=family title=family prop:selected=move || shown.get() == Some(family)>
                                    {sentence}
                                </option>
                            })
                            .collect_view()
                    }}
            </select>
            <button
                class="btn btn-inject"
                data-testid="fault-inject"
                title="Inject the chosen fault into the next block"
                disabled=move || state.fault_menu.with(Vec::is_empty)
                on:click=inject
            >
                "Inject"
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::Sim;

    #[test]
    fn the_choice_survives_a_new_menu_or_falls_back_to_the_first_entry() {
        let menu = Sim::preset("oracle-cascade", 42)
            .expect("preset")
            .fault_menu();
        assert_eq!(shown_family(&menu, "region outage"), Some("region outage"));
        assert_eq!(shown_family(&menu, ""), Some(menu[0].family()));
        assert_eq!(
            shown_family(&menu, "no such family"),
            Some(menu[0].family())
        );
        assert_eq!(shown_family(&[], "region outage"), None);
    }
}
