//! Readouts for the security of the whole network: the slack gamma of the restaking graph
//! (N. Durvasula and T. Roughgarden, "Robust Restaking Networks", arXiv 2407.21785), and
//! Ethereum itself: whether it finalizes, and the penalties restaked validators paid for missed
//! attestations and the inactivity leak.
//!
//! Same markup as the other readouts: the element with the `data-testid` holds only the value.

use leptos::prelude::*;

use crate::data::format::{penalty_eth, slack_percent};
use crate::state::{Published, StoryState};

/// What gamma means, for the tooltip.
const SLACK_HELP: &str = "Network slack γ (Durvasula and Roughgarden): the largest γ with \
(1 + γ) × profit ≤ stake lost, for every coalition of operators that could corrupt a set of \
AVSs. Below 0 some attack pays; ∞ when no coalition can attack at all.";

/// The readouts' number class: long numbers get smaller type.
fn number_class(text: &str) -> &'static str {
    if text.chars().count() > 6 {
        "number long"
    } else {
        "number"
    }
}

/// The network slack gamma, as a percentage.
#[component]
pub fn NetworkSlack() -> impl IntoView {
    let published = expect_context::<Published>();
    let story = expect_context::<StoryState>();
    let m = published.metrics;
    // Derived signals, not memos: each is read in one place.
    let value = move || m.with(|m| slack_percent(m.network_slack));
    // Before anything has happened (no milestone yet) the slack is the network's standing
    // margin, not an alarm: shown calm, with its meaning in words.
    let calm = move || story.milestones.with(Vec::is_empty);
    let insecure = move || !calm() && m.with(|m| !m.network_secure || m.network_slack < 0.0);
    let finite = move || m.with(|m| m.network_slack.is_finite());
    // The help line: what the sign means. Small screens keep its first words.
    let note = move || {
        let calm = calm();
        m.with(|m| match m.network_slack {
            s if s == f64::INFINITY => ("no attack", " possible"),
            s if calm && s < 0.0 => (
                "margin < 0",
                ": a coalition could profit; no one attacks yet",
            ),
            _ if calm => ("margin", ": attacks cost more than they pay"),
            _ if !m.network_secure || m.network_slack < 0.0 => ("insecure", ": an attack pays"),
            _ => ("secure", ": no attack pays"),
        })
    };
    view! {
        <div class=move || match (insecure(), calm()) {
            (true, _) => "readout readout-slack insecure",
            (false, true) => "readout readout-slack calm",
            _ => "readout readout-slack",
        } data-calm=move || calm().to_string() title=SLACK_HELP>
            <div class="readout-label"><span class="wide-only">"Network "</span>"slack "<span class="greek">"γ"</span></div>
            <div class="readout-value">
                <span class=move || number_class(&value()) data-testid="metric-network-slack">{value}</span>
                " "
                <span class="unit">{move || if finite() { "%" } else { "" }}</span>
            </div>
            <div class="readout-note">{move || note().0}<span class="wide-only">{move || note().1}</span></div>
        </div>
    }
}

/// Ethereum penalties in ETH with the finality indicator under them.
#[component]
pub fn EthereumReadout() -> impl IntoView {
    let m = expect_context::<Published>().metrics;
    let penalties = move || m.with(|m| penalty_eth(m.beacon_penalties_wei));
    let finalizing = move || m.with(|m| m.finalizing);
    view! {
        <div
            class="readout readout-ethereum"
            title="Ethereum penalties paid by restaked validators for missed attestations and the inactivity leak. Without finality (more than 1/3 of stake offline) the leak starts after 4 epochs."
        >
            <div class="readout-label">"Eth"<span class="wide-only">"ereum"</span>" penalties"</div>
            <div class="readout-value">
                <span class=move || number_class(&penalties()) data-testid="metric-beacon-penalties">{penalties}</span>
                " "
                <span class="unit">"ETH"</span>
            </div>
            <div class="readout-note">
                <span class=move || if finalizing() { "finality ok" } else { "finality stalled" }>
                    <span aria-hidden="true">{move || if finalizing() { "✓ " } else { "✗ " }}</span>
                    <span data-testid="metric-finality">{move || if finalizing() { "finalizing" } else { "no finality" }}</span>
                </span>
            </div>
        </div>
    }
}
