//! Readouts of the optional risk channels, beside the network totals: slashing ambiguity
//! (over-slashing misfires, the ETH they took from honest operators, missed slashes), MEV
//! (captured, and how many of those epochs the AVS caught) and mercenary capital (ETH that
//! left when the incentives ended). Each box shows only when the scenario turns its channel on
//! ([`restake_engine::channel_totals`]), so scenarios without them look as before.
//! Same markup as the other readouts: an element with a `data-testid` holds only a number.

use leptos::prelude::*;
use restake_engine::channel_totals::RiskChannelTotals;

use crate::data::format::eth_plain;
use crate::state::Published;

const AMBIGUITY_HELP: &str = "Slashing ambiguity. Over-slashing: unjustified slash requests \
filed when an AVS's slashing rule misfired on an operator that did nothing, and the stake \
those slashes removed once executed (not vetoed). Missed: real faults an AVS failed to punish \
(under-slashing), which makes corrupting it cheaper in expectation.";
const MEV_HELP: &str = "MEV captured by operators misbehaving on an AVS (censoring, \
reordering) because the gain beat their expected slash, and how many of those epochs the AVS \
caught (each files a slash request).";
const MERCENARY_HELP: &str = "Capital that came only for the incentives and left when they \
ended: ETH the mercenary LPs pulled from the pool plus ETH the mercenary holders got for the \
LRT they sold.";

/// One box: a label, a number with its unit, and a note that may hold more numbers. `class`
/// (default `readout-channel`) picks the row's layout in web/style.css; the bridge readouts
/// use it too.
#[component]
pub(crate) fn ChannelBox(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] help: Signal<String>,
    testid: &'static str,
    #[prop(into)] unit: Signal<String>,
    value: Signal<String>,
    #[prop(default = "readout-channel")] class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class=format!("readout {class}") title=help>
            <div class="readout-label">{label}</div>
            <div class="readout-value">
                <span class=move || if value.with(|v| v.len() > 6) { "number long" } else { "number" } data-testid=testid>{value}</span>
                " "<span class="unit">{unit}</span>
            </div>
            <div class="readout-note">{children()}</div>
        </div>
    }
}

#[component]
pub fn ChannelReadouts() -> impl IntoView {
    let c = expect_context::<Published>().channel_totals;
    // Which boxes show: re-renders only when a channel turns on or off (a new scenario).
    let on = Memo::new(move |_| {
        c.with(|c| {
            (
                c.ambiguity.is_some(),
                c.mev.is_some(),
                c.mercenary.is_some(),
            )
        })
    });
    // Derived signals, not memos: each is read by one text node.
    let text = move |f: fn(&RiskChannelTotals) -> Option<String>| {
        Signal::derive(move || c.with(|c| f(c).unwrap_or_default()))
    };
    view! {
        <Show when=move || on.get().0>
            <ChannelBox label="Over-slashing" help=AMBIGUITY_HELP testid="metric-misfires" unit="misfires"
                value=text(|c| c.ambiguity.as_ref().map(|a| a.misfires.to_string()))>
                <span data-testid="metric-over-slashed">{text(|c| c.ambiguity.as_ref().map(|a| eth_plain(a.over_slashed_wei, 0)))}</span>
                " ETH taken · "
                <span data-testid="metric-missed-slashes">{text(|c| c.ambiguity.as_ref().map(|a| a.missed_slashes.to_string()))}</span>
                " missed"
            </ChannelBox>
        </Show>
        <Show when=move || on.get().1>
            <ChannelBox label="MEV captured" help=MEV_HELP testid="metric-mev-captured" unit="ETH"
                value=text(|c| c.mev.as_ref().map(|m| eth_plain(m.captured_wei, 0)))>
                "caught "<span data-testid="metric-mev-caught">{text(|c| c.mev.as_ref().map(|m| m.caught.to_string()))}</span>
                {text(|c| c.mev.as_ref().map(|m| format!(" of {} epochs", m.misbehaviours)))}
            </ChannelBox>
        </Show>
        <Show when=move || on.get().2>
            <ChannelBox label="Mercenary exit" help=MERCENARY_HELP testid="metric-mercenary-exited" unit="ETH"
                value=text(|c| c.mercenary.as_ref().map(|m| eth_plain(m.exited_eth_wei, 0)))>
                {text(|c| c.mercenary.as_ref().map(|m| format!("{} LRT sold", eth_plain(m.lrt_sold_wei, 0))))}
            </ChannelBox>
        </Show>
    }
}
