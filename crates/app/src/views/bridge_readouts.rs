//! Readouts of a bridge exploit (fault `bridge_exploit`, [`restake_engine::bridge`]): the LRT
//! minted with no ETH behind it and what became of it, and the lenders' loss (realised bad
//! debt plus insolvent debt of open loans) in ETH and, for a replay whose day has a stated ETH
//! price, in dollars. Two boxes beside the network totals, shown only while the scenario has a
//! bridge exploit scheduled or under way, so other scenarios look as before.
//!
//! Same markup as the other readouts (the channel readouts' box, class `readout-bridge`, which
//! lays the row out in two rows in web/style.css): an element with a `data-testid` holds only
//! a number. The totals are the engine's readout ([`restake_engine::bridge_totals`]);
//! this module formats them.

use leptos::prelude::*;
pub use restake_engine::bridge_totals::{of, BridgeTotals, Phase};
use restake_engine::units::WEI_PER_ETH;

use crate::data::format::{eth_plain, grouped, grouped_eth};
use crate::state::{Published, RunState};
use crate::views::channel_readouts::ChannelBox;

/// The ETH price of a replay's day, whole US dollars per ETH, with its source; `None` for
/// presets that are not replays of a dated event with a stated price.
///
/// `rseth-2026`: $2,358 on 18 April 2026 (Binance Square ETH market analysis of that day,
/// price at writing 2,358.24; the price docs/REPLAYS.md converts the published bad-debt
/// estimates at). The engine keeps no dollar price; this is the app's conversion only.
pub fn eth_price_usd(preset: &str) -> Option<(u128, &'static str)> {
    match preset {
        "rseth-2026" => Some((
            2_358,
            "ETH at $2,358 on 18 April 2026 (Binance Square; docs/REPLAYS.md)",
        )),
        _ => None,
    }
}

/// `wei` of ETH in whole dollars at `usd_per_eth` (integer, rounded down).
pub fn usd(wei: u128, usd_per_eth: u128) -> u128 {
    wei.saturating_mul(usd_per_eth) / WEI_PER_ETH
}

/// Dollars as millions with one decimal: "$196.0M".
pub fn usd_millions(dollars: u128) -> String {
    let tenths = (dollars + 50_000) / 100_000;
    format!("${}.{}M", grouped((tenths / 10) as u64), tenths % 10)
}

/// The first words of the exploit's box note: where it stands.
pub fn phase_note(t: &BridgeTotals) -> String {
    match t.phase {
        None => String::new(),
        Some(Phase::Scheduled(at)) => format!("at block {}", grouped(at)),
        Some(Phase::Borrowing) => format!("{} of {} loans open", t.opened, t.positions),
        Some(Phase::Frozen) => "frozen, loss not booked".into(),
        Some(Phase::WrittenDown) => "written down".into(),
        Some(Phase::Socialised) => format!("NAV −{:.1}%", t.nav_drop * 100.0),
    }
}

/// The exploit's story in full sentences, for the box's tooltip.
pub fn exploit_help(t: &BridgeTotals, symbol: &str) -> String {
    let lrt = |wei: u128| format!("{} {symbol}", grouped_eth(wei));
    let mut s = String::from(
        "Bridge exploit: a forged bridge message releases LRT with no ETH behind it; the \
         attacker posts it on an Aave v3 market at health factors just above 1 and borrows ETH \
         until the guardian freezes the market; the LRT's exchange rate does not see the \
         unbacked supply until the protocol books the loss, isolated to the bridged supply \
         (its loans become bad debt) or socialised over every holder (NAV falls). \
         Source: Kelp rsETH, 18 April 2026.",
    );
    match t.phase {
        None | Some(Phase::Scheduled(_)) => {}
        Some(_) => {
            s.push_str(&format!(
                " Now: {} minted ({:.1}% of the supply), {} ETH borrowed in {} of {} loans",
                lrt(t.minted_wei),
                t.supply_share * 100.0,
                grouped_eth(t.borrowed_wei),
                t.opened,
                t.positions
            ));
            if let Some(b) = t.full_utilisation_at {
                s.push_str(&format!(
                    "; the market's utilisation reached 100% at block {}",
                    grouped(b)
                ));
            }
            s.push_str(&format!("; {}.", phase_note(t)));
        }
    }
    s
}

/// The lenders' loss in words, for the box's tooltip and the note.
pub fn loss_help(t: &BridgeTotals, price: Option<(u128, &str)>) -> String {
    let mut s = format!(
        "Lenders' loss: realised bad debt {} ETH plus insolvent debt of open loans {} ETH \
         (debt their collateral does not cover at the oracle price).",
        grouped_eth(t.realised_wei),
        grouped_eth(t.insolvent_wei)
    );
    if let Some((p, source)) = price {
        s.push_str(&format!(
            " {} in all at {source}; published estimates $177-196M (range $124-230M).",
            usd_millions(usd(t.lender_loss_wei(), p))
        ));
    }
    s
}

#[component]
pub fn BridgeReadouts() -> impl IntoView {
    let published = expect_context::<Published>();
    let run = expect_context::<RunState>();
    // A memo over the published metrics: the totals are read from the simulation each time the
    // views are refreshed, and the boxes re-render only when they change.
    let totals = Memo::new(move |_| {
        published.metrics.track();
        run.with_sim(of)
    });
    let shown = Memo::new(move |_| totals.with(Option::is_some));
    let price = move || eth_price_usd(&run.preset.get());
    let text = move |f: fn(&BridgeTotals) -> String| {
        Signal::derive(move || totals.with(|t| t.as_ref().map(f).unwrap_or_default()))
    };
    let symbol = published.lrt_symbol;
    let label = Signal::derive(move || format!("Unbacked {}", symbol.get()));
    let help = Signal::derive(move || {
        totals.with(|t| {
            t.as_ref()
                .map(|t| exploit_help(t, &symbol.get()))
                .unwrap_or_default()
        })
    });
    let loss_help = Signal::derive(move || {
        totals.with(|t| {
            t.as_ref()
                .map(|t| loss_help(t, price()))
                .unwrap_or_default()
        })
    });
    let usd_text = Signal::derive(move || {
        totals.with(|t| match (t, price()) {
            (Some(t), Some((p, _))) => usd_millions(usd(t.lender_loss_wei(), p)),
            _ => String::new(),
        })
    });
    view! {
        <Show when=move || shown.get()>
            <ChannelBox class="readout-bridge" label=label help=help testid="metric-bridge-minted" unit=symbol
                value=text(|t| eth_plain(t.minted_wei, 0))>
                <span data-testid="bridge-phase">{text(phase_note)}</span>
                " · "
                <span data-testid="metric-bridge-borrowed">{text(|t| eth_plain(t.borrowed_wei, 0))}</span>
                " ETH borrowed"
            </ChannelBox>
            <ChannelBox class="readout-bridge" label="Lenders' loss" help=loss_help testid="metric-lender-loss" unit="ETH"
                value=text(|t| eth_plain(t.lender_loss_wei(), 0))>
                <Show when=move || price().is_some()>
                    <span data-testid="metric-lender-loss-usd">{usd_text}</span>
                    " · "
                </Show>
                <span data-testid="metric-insolvent-debt">{text(|t| eth_plain(t.insolvent_wei, 0))}</span>
                " insolvent"
            </ChannelBox>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::scenario::BridgeLoss;
    use restake_engine::{Fault, Sim};

    fn run(preset: &str, blocks: u64) -> Sim {
        let mut sim = Sim::preset(preset, 42).expect("preset");
        for _ in 0..blocks {
            sim.step();
        }
        sim
    }

    #[test]
    fn dollars_are_whole_and_millions_round_half_up() {
        assert_eq!(usd(83_126 * WEI_PER_ETH, 2_358), 196_011_108);
        assert_eq!(usd_millions(196_011_108), "$196.0M");
        assert_eq!(usd_millions(196_050_000), "$196.1M");
        assert_eq!(usd_millions(1_234_000_000), "$1,234.0M");
        assert_eq!(eth_price_usd("rseth-2026").map(|p| p.0), Some(2_358));
        assert_eq!(eth_price_usd("oracle-cascade"), None);
    }

    #[test]
    fn rseth_2026_tells_its_story_block_by_block() {
        let mut sim = Sim::preset("rseth-2026", 42).expect("preset");
        assert_eq!(of(&sim).unwrap().phase, Some(Phase::Scheduled(100)));
        let mut seen = Vec::new();
        for _ in 0..7_400 {
            sim.step();
            let t = of(&sim).unwrap();
            if seen.last() != t.phase.as_ref() {
                seen.push(t.phase.unwrap());
            }
        }
        assert_eq!(
            seen,
            [
                Phase::Scheduled(100),
                Phase::Borrowing,
                Phase::Frozen,
                Phase::WrittenDown
            ]
        );
        let t = of(&sim).unwrap();
        assert_eq!(t.minted_wei, 116_500 * WEI_PER_ETH);
        assert!((t.supply_share - 0.18).abs() < 0.001, "{}", t.supply_share);
        assert_eq!((t.opened, t.positions), (8, 8));
        // docs/REPLAYS.md: 83,126 ETH realised, 0 insolvent = $196.0M.
        assert_eq!(eth_plain(t.lender_loss_wei(), 0), "83126");
        assert_eq!(t.lender_loss_wei(), t.realised_wei + t.insolvent_wei);
        assert_eq!(usd_millions(usd(t.lender_loss_wei(), 2_358)), "$196.0M");
        assert!(loss_help(&t, eth_price_usd("rseth-2026")).contains("$196.0M"));
        assert_eq!(phase_note(&t), "written down");
    }

    #[test]
    fn a_socialised_loss_shows_the_nav_drop() {
        let mut s = restake_engine::presets::rseth_2026();
        let Fault::BridgeExploit(b) = &mut s.faults[0].fault else {
            panic!("rseth-2026 schedules a bridge exploit")
        };
        b.loss = BridgeLoss::Socialised;
        let mut sim = Sim::new(s, 42).expect("valid");
        for _ in 0..7_400 {
            sim.step();
        }
        let t = of(&sim).unwrap();
        assert_eq!(t.phase, Some(Phase::Socialised));
        // docs/REPLAYS.md: NAV 0.820, i.e. the 18% of the supply that is unbacked.
        assert!((t.nav_drop - 0.18).abs() < 0.005, "{}", t.nav_drop);
        assert!(phase_note(&t).starts_with("NAV −18."), "{}", phase_note(&t));
    }

    #[test]
    fn scenarios_without_a_bridge_exploit_show_nothing() {
        assert_eq!(of(&run("oracle-cascade", 5)), None);
    }
}
