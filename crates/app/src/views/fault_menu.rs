//! The fault menu beside the oracle fault button: one ready-made fault per family of the
//! engine's fault model ([`restake_engine::Sim::fault_menu`]), each in one sentence, injected
//! into the next block by "Inject". A family the scenario cannot take (a bridge exploit
//! without an Aave v3 market lending against the LRT) is listed disabled, with the reason.

use leptos::prelude::*;
use restake_engine::scenario::BridgeLoss;
use restake_engine::{Fault, Sim};

use crate::data::format::fault_sentence;
use crate::state::AppState;

/// The family the select shows: `choice` while the menu offers it, else the menu's first entry.
fn shown_family(menu: &[restake_engine::Fault], choice: &str) -> Option<&'static str> {
    menu.iter()
        .find(|f| f.family() == choice)
        .or(menu.first())
        .map(|f| f.family())
}

/// The bridge exploit family's name ([`Fault::family`]).
pub const BRIDGE_FAMILY: &str = "bridge exploit (unbacked LRT minted)";

/// What a family does, for its entry's tooltip, where the one-line sentence is not enough.
pub fn family_help(family: &str) -> Option<&'static str> {
    (family == BRIDGE_FAMILY).then_some(
        "A forged bridge message mints LRT with no ETH behind it. The attacker posts it on an \
         Aave v3 market at health factors just above 1 (the exchange-rate oracle does not see \
         the unbacked supply) and borrows ETH until the guardian freezes the market; suppliers \
         then run for the idle ETH. When the LRT books the loss, the attacker's loans lose \
         their collateral (bad debt), or every holder's NAV falls. Kelp rsETH, 18 April 2026.",
    )
}

/// Why `sim`'s menu has no bridge exploit, in words ("'Morpho ...' is not an Aave v3 style
/// market"); `None` when the menu offers one. The reason is the engine's validation message
/// for the exploit the menu would have offered.
pub fn bridge_unavailable(sim: &Sim) -> Option<String> {
    if sim.fault_menu().iter().any(|f| f.family() == BRIDGE_FAMILY) {
        return None;
    }
    let fault = Fault::BridgeExploit(restake_engine::presets::rseth_2026_exploit(
        BridgeLoss::Isolated,
    ));
    match sim.scenario().validate_fault(&fault, "fault") {
        Err(restake_engine::ScenarioError::Invalid { reason, .. }) => Some(reason),
        Err(e) => Some(e.to_string()),
        Ok(()) => None,
    }
}

/// The select's tooltip: the shown family and its sentence (and help), or that the scenario
/// offers no faults.
fn menu_title(state: AppState, shown: Option<&'static str>) -> String {
    let symbol = state.published.lrt_symbol.get();
    state.published.fault_menu.with(|m| {
        m.iter()
            .find(|f| Some(f.family()) == shown)
            .map(|f| {
                let help = family_help(f.family()).unwrap_or_default();
                format!("{}: {} {help}", f.family(), fault_sentence(f, &symbol))
            })
            .unwrap_or_else(|| "This scenario offers no faults to inject.".to_string())
    })
}

/// The menu's options: one per family offered (its sentence), then the bridge exploit listed
/// disabled with the engine's reason where the scenario cannot take it.
#[component]
fn FaultOptions(shown: Memo<Option<&'static str>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The menu's entries as (family, sentence). Rebuilt when the menu or the LRT changes, which
    // happens on a preset change and rarely during a run; unchanged menus are not republished.
    let entries = move || {
        let symbol = state.published.lrt_symbol.get();
        state.published.fault_menu.with(|m| {
            m.iter()
                .map(|f| (f.family(), fault_sentence(f, &symbol)))
                .collect::<Vec<_>>()
        })
    };
    // Re-read when the menu or the scenario changes; the reason is the engine's, not ours.
    let unavailable = Memo::new(move |_| {
        state.published.fault_menu.track();
        state.run.scenario_version.track();
        state.with_sim(bridge_unavailable)
    });
    view! {
        {move || {
            entries()
                .into_iter()
                .map(|(family, sentence)| view! {
                    <option value=family title=family_help(family).unwrap_or(family) prop:selected=move || shown.get() == Some(family)>
                        {sentence}
                    </option>
                })
                .collect_view()
        }}
        {move || unavailable.get().map(|reason| view! {
            <option value="" disabled=true data-unavailable=BRIDGE_FAMILY title=family_help(BRIDGE_FAMILY)>
                {format!("Bridge exploit: not offered here ({reason})")}
            </option>
        })}
    }
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
            .published
            .fault_menu
            .with(|m| choice.with(|c| shown_family(m, c)))
    });
    let inject = move |_| match shown.get_untracked() {
        Some(family) => state.inject_family(family),
        None => state
            .run
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
                title=move || menu_title(state, shown.get())
                on:change=move |ev| choice.set(event_target_value(&ev))
            >
                <FaultOptions shown/>
            </select>
            <button
                class="btn btn-inject"
                data-testid="fault-inject"
                title="Inject the chosen fault into the next block"
                disabled=move || state.published.fault_menu.with(Vec::is_empty)
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

    #[test]
    fn the_bridge_exploit_is_offered_with_an_aave_market_and_explained_without_one() {
        let rseth = Sim::preset("rseth-2026", 42).expect("preset");
        assert!(rseth
            .fault_menu()
            .iter()
            .any(|f| f.family() == BRIDGE_FAMILY));
        assert_eq!(bridge_unavailable(&rseth), None);
        // oracle-cascade's market is Aave v3 style: the exploit is offered there too.
        let cascade = Sim::preset("oracle-cascade", 42).expect("preset");
        assert_eq!(bridge_unavailable(&cascade), None);
        // ezeth-2024 lends on Morpho Blue only.
        let ezeth = Sim::preset("ezeth-2024", 42).expect("preset");
        let reason = bridge_unavailable(&ezeth).expect("not offered on Morpho");
        assert!(reason.contains("not an Aave v3 style market"), "{reason}");
        assert!(family_help(BRIDGE_FAMILY).unwrap().contains("bad debt"));
        // Every preset either offers it or says why not.
        for name in restake_engine::presets::NAMES {
            if restake_engine::presets::LARGE.contains(&name) {
                continue;
            }
            let sim = Sim::preset(name, 42).expect("preset");
            let offered = sim.fault_menu().iter().any(|f| f.family() == BRIDGE_FAMILY);
            assert_eq!(bridge_unavailable(&sim).is_none(), offered, "{name}");
        }
    }
}
