//! The metric readouts: one labelled box per number, with its unit. The element carrying a
//! `data-testid` holds only the number, so a test can `parseFloat` it; labels, units and
//! explanations are siblings.

use leptos::prelude::*;

use crate::data::format::{eth_plain, sim_time};
use crate::state::Published;
use crate::views::bridge_readouts::BridgeReadouts;
use crate::views::channel_readouts::ChannelReadouts;
use crate::views::security_readouts::{EthereumReadout, NetworkSlack};

/// One box: a label, the number, its unit and a small note under it.
#[component]
fn Readout(
    label: &'static str,
    testid: &'static str,
    unit: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into, optional)] note: Option<Signal<String>>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        <div class=format!("readout {class}")>
            <div class="readout-label">{label}</div>
            <div class="readout-value">
                <span class=move || if value.with(|v| v.len() > 6) { "number long" } else { "number" } data-testid=testid>{value}</span>
                " "
                <span class="unit">{unit}</span>
            </div>
            {note.map(|n| view! { <div class="readout-note">{n}</div> })}
        </div>
    }
}

#[component]
pub fn Readouts() -> impl IntoView {
    let published = expect_context::<Published>();
    let m = published.metrics;
    // Derived signals, not memos: each is read by one text node, so caching would not pay.
    let block = Signal::derive(move || m.with(|m| m.block.to_string()));
    let time = Signal::derive(move || m.with(|m| format!("time: {}", sim_time(m.block))));
    let price = Signal::derive(move || m.with(|m| format!("{:.4}", m.lrt_price)));
    let discount = Signal::derive(move || {
        m.with(|m| match m.discount {
            d if d > 0.0005 => format!("{:.2}% below NAV", d * 100.0),
            d if d < -0.0005 => format!("{:.2}% above NAV", -d * 100.0),
            _ => "pool price at NAV".to_string(),
        })
    });
    let nav = Signal::derive(move || m.with(|m| format!("{:.4}", m.lrt_nav)));
    let slashed = Signal::derive(move || m.with(|m| eth_plain(m.slashed_wei, 0)));
    let liquidations = Signal::derive(move || m.with(|m| m.liquidations.to_string()));
    let liquidated = Signal::derive(move || {
        m.with(|m| format!("{} ETH repaid", eth_plain(m.liquidated_wei, 0)))
    });
    let bad_debt = Signal::derive(move || m.with(|m| eth_plain(m.bad_debt_wei, 2)));
    let pending = Signal::derive(move || {
        m.with(|m| match m.pending_slashes {
            0 => "no slash pending".to_string(),
            n => format!("{n} slash(es) in veto window"),
        })
    });

    view! {
        <section class="readouts" aria-label="Metrics">
            <Readout label="Block" testid="block-number" unit="" value=block note=time class="readout-block" />
            <div class="readout">
                <div class="readout-label">{move || format!("{} price", published.lrt_symbol.get())}</div>
                <div class="readout-value">
                    <span class=move || if price.with(|v| v.len() > 6) { "number long" } else { "number" } data-testid="metric-lrt-price">{price}</span>
                    " "
                    <span class="unit">"ETH"</span>
                </div>
                <div class="readout-note">{discount}</div>
            </div>
            <div class="readout">
                <div class="readout-label">{move || format!("{} NAV", published.lrt_symbol.get())}</div>
                <div class="readout-value">
                    <span class=move || if nav.with(|v| v.len() > 6) { "number long" } else { "number" } data-testid="metric-nav">{nav}</span>
                    " "
                    <span class="unit">"ETH"</span>
                </div>
                <div class="readout-note">"backing per token"</div>
            </div>
            <Readout label="Total slashed" testid="metric-slashed" unit="ETH" value=slashed note=pending />
            <Readout label="Liquidations" testid="metric-liquidations" unit="loans" value=liquidations note=liquidated />
            <Readout label="Bad debt" testid="metric-bad-debt" unit="ETH" value=bad_debt note=Signal::stored("loans left unbacked".to_string()) />
            <NetworkSlack/>
            <EthereumReadout/>
            <ChannelReadouts/>
            <BridgeReadouts/>
        </section>
    }
}

/// The state hash, one line under the title: it names the exact state of the run rather than
/// measuring it, and the metrics row needs its width for the network readouts.
#[component]
pub fn StateHash() -> impl IntoView {
    let published = expect_context::<Published>();
    view! {
        <p class="state-hash" title="A hash of the whole simulated world. The CLI prints the same hash for the same preset, seed, faults and block.">
            <span class="state-hash-label">"State hash"</span>
            <code class="hash" data-testid="state-hash">{move || published.state_hash.get()}</code>
            <span class="state-hash-note wide-only">"equal runs → equal hash"</span>
        </p>
    }
}
