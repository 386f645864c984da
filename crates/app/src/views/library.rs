//! The scenario library: every preset with what it teaches and a lever to try. Picking one
//! rebuilds the run at block 0 with the current seed.

use leptos::prelude::*;
use restake_engine::presets;

use crate::state::view::ViewSettings;
use crate::state::AppState;

/// A change to try with `preset`, in the editor or by loading a sibling preset.
pub fn lever(preset: &str) -> &'static str {
    match preset {
        "oracle-cascade" => "Load oracle-cascade-unique-stake, or set Lending → Price oracle to exchange_rate in the editor: the cascade stops earlier.",
        "oracle-cascade-unique-stake" => "Compare Total slashed with oracle-cascade; in the editor raise an operator's magnitude on PriceFeed Oracle and the slash grows.",
        "oracle-cascade-ng-ema" => "Set Lending → Price oracle back to market_price and count the extra liquidations.",
        "oracle-data-integrity" => "Set the oracle's veto P(veto | unjustified) to 0, or remove its veto committee: the honest minority is slashed.",
        "rational-attack-cascade" => "Lower the Fast Bridge's profit from corruption, or raise its corruption threshold: the network stays secure and nobody attacks.",
        "client-bug-double-sign" => "Move operators off Lighthouse (Operators → Client), or turn off Mirrors Ethereum slashing on the AVS that has it.",
        "region-outage" => "Compare with region-outage-finality: past 1/3 of stake offline, finality stops and the inactivity leak begins.",
        "region-outage-finality" => "Shorten the outage (Faults → Duration) or move operators to other regions (Operators → Region).",
        "operator-key-compromise" => "Set Slashing model to unique_stake: each AVS can take only its own allocation.",
        "avs-exploit" => "Load avs-exploit-guarded, or add a veto committee and an emergency pause to the Fast Bridge in the editor.",
        "avs-exploit-guarded" => "Make the emergency pause slower than the veto window (Council delay), or the veto quorum larger: the guard fails.",
        "governance-capture" => "Set Slashing model to unique_stake: the captured AVS can take only what was allocated to it.",
        "slashing-upgrade" => "Give the AVS an upgrade timelock longer than the LRT's withdrawal delay: holders can leave before the new terms apply.",
        "whale-exit" => "Deepen the pool (Pool → ETH side, Amplification A) or price the lender by exchange_rate.",
        "lp-flight" => "Lower the LPs' withdrawal (Faults → Share), or raise the pool's A, and compare how far the price falls.",
        "lending-oracle-manipulation" => "Set Lending → Price oracle to exchange_rate, or raise Loopers → Health factor, lowest: fewer loans sit near the threshold.",
        "steth-2022" => "Change how far LPs go (Pool → LPs stop at) or the whale's size (Faults → LRT sold) and watch the discount.",
        "ezeth-2024" => "Set Lending → Price oracle to exchange_rate in both markets: no liquidations. Or turn LRT → Withdrawals enabled on: arbitrageurs redeem the discount and the pool refills.",
        "rseth-2026" => "Set Faults → Loss borne by to socialised: Aave's bad debt shrinks and every rsETH holder's NAV falls 18%, liquidating the E-mode loops. Or set Freeze after to 100 blocks: the attacker opens three loans, not eight.",
        "path-native-restaking" => "Set Your position → Delegated to Atlas Staking (it does not sign the outlier), or the slashing model to unique_stake, and compare the loss; `restake position` gives the tails.",
        "path-lst-restaking" => "Set Your position → LST fee to 0 and compare the yield with path-native-restaking: the slashing loss is the same.",
        "path-lrt" => "Halve Arbitrageurs → Capital each: the arbitrage capital runs out, the discount holds at the holders' floor and the depeg part of the loss grows about five-fold (31 to 147 ETH over 20 seeds), past native restaking's whole loss; the slashing part stays.",
        "slashing-ambiguity" => "Set the Event Oracle's Over-slashing rate to 0, or give it a veto committee: honest operators keep their stake. Set the Fast Bridge's Under-slashing rate to 0 and the insecure AVS count drops.",
        "mev-censorship" => "Raise the Rollup Sequencer's Detection chance, or its Slash size: the expected slash passes the gain and nobody censors. Set Slashing model to unique_stake and watch more operators find it worth it.",
        "points-exit" => "Set Incentives → Mercenary pool share to 0 and compare how far the whale's sale moves the price; or move Programme ends at past the sale.",
        "cover-run-out" => "Raise Insurance → Capital to 20,000 ETH: every claim is paid and rsLRT's NAV holds. Or set Slashing model to unique_stake: the slash shrinks to the oracle's allocation and the 4,000 ETH cover it.",
        "lrt-contagion" => "Set cLRT's Contagion weight to 0 (More LRTs → cLRT's holders): it holds its peg, since nothing it holds was slashed. Or set Slashing model to unique_stake: rsLRT's run is smaller and so is the panic cLRT's holders read.",
        "mainnet-scale" => "Set Slashing model to unique_stake: each AVS can take only its allocation, and the 52 operators that signed the outlier lose a fraction of what they lose now.",
        _ => "",
    }
}

/// A replay of a dated event: its title, one line on what happened, and tags.
pub struct Replay {
    pub title: &'static str,
    pub summary: &'static str,
    pub tags: &'static [&'static str],
}

/// The replay card of `preset`, for the presets that replay a real event (docs/REPLAYS.md,
/// MODEL.md section 9); `None` for the others.
pub fn replay(preset: &str) -> Option<Replay> {
    let r = |title, summary, tags| {
        Some(Replay {
            title,
            summary,
            tags,
        })
    };
    match preset {
        "steth-2022" => r(
            "stETH discount, June 2022",
            "No withdrawals, a whale exit and LPs leaving Curve: the discount passes 6%.",
            &["replay", "depeg", "Curve pool"],
        ),
        "ezeth-2024" => r(
            "ezETH depeg, 24 April 2024",
            "A dump into a thin pool; two Morpho markets priced from it liquidate loops.",
            &["replay", "depeg", "Morpho Blue", "liquidations"],
        ),
        "rseth-2026" => r(
            "Kelp rsETH bridge exploit, 18 April 2026",
            "116,500 unbacked rsETH borrowed against on Aave: about 83,000 ETH ($196M) of bad debt.",
            &["replay", "bridge exploit", "Aave v3", "bad debt"],
        ),
        _ => None,
    }
}

#[component]
pub fn ScenarioLibrary() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = expect_context::<ViewSettings>();
    let items = presets::NAMES
        .into_iter()
        .map(|name| {
            let description = presets::get(name)
                .map(|s| s.description)
                .unwrap_or_default();
            let current = move || !state.run.custom.get() && state.run.preset.with(|p| p == name);
            view! {
                <li class="library-item" class:current=current data-preset=name>
                    <button
                        class="btn library-pick"
                        data-testid=format!("pick-{name}")
                        aria-current=move || if current() { "true" } else { "false" }
                        on:click=move |_| {
                            state.load(name, state.run.seed.get_untracked());
                            ui.drawer.set(None);
                        }
                    >
                        {name}
                    </button>
                    {replay(name).map(|r| view! {
                        <p class="library-replay" data-testid=format!("replay-{name}")>
                            <strong class="library-title">{r.title}</strong>
                            " "
                            {r.tags.iter().map(|t| view! { <span class="library-tag">{*t}</span> }).collect_view()}
                            <br/>
                            <span class="library-summary">{r.summary}</span>
                        </p>
                    })}
                    <p class="library-description">{description}</p>
                    <p class="library-lever"><strong>"Lever to try: "</strong>{lever(name)}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="drawer-intro">"Each preset is one fault on the same restaking network. Pick one to restart the run at block 0 with the current seed."</p>
        <crate::import_network::ImportNetwork/>
        <ul class="library" data-testid="scenario-picker">{items}</ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_has_a_description_and_a_lever() {
        for name in presets::NAMES {
            assert!(!lever(name).is_empty(), "{name} has no lever hint");
            assert!(presets::get(name).unwrap().description.len() > 40, "{name}");
        }
    }

    #[test]
    fn every_replay_preset_has_a_card_and_one_line() {
        for name in presets::NAMES {
            let is_replay = presets::get(name)
                .unwrap()
                .description
                .starts_with("Replay");
            assert_eq!(replay(name).is_some(), is_replay, "{name}");
            if let Some(r) = replay(name) {
                assert!(r.summary.len() < 100, "{name}: one line");
                assert_eq!(r.tags[0], "replay");
            }
        }
    }
}
