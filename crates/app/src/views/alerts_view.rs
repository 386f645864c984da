//! The alerts of the position on a timeline: a strip from block 0 to now with a marker where
//! each alert fired (and one at the shock), and the list: when (block and simulated time), what
//! triggered it (the block's first narrated event), its condition, and what leaving then would
//! have saved against holding to now. A block button goes back to that block.

use leptos::prelude::*;

use crate::data::format::grouped;
use crate::data::playbook_data::{alert_rows, eth_text, AlertRow};
use crate::state::Published;
use crate::views::timeline::JumpButton;

/// The strip's coordinate system (the SVG keeps this aspect and scales to the card's width):
/// the axis near the bottom, markers stacked upward from it.
const STRIP_W: f64 = 400.0;
const STRIP_H: f64 = 92.0;
const AXIS_Y: f64 = 74.0;

/// The marker letter of an alert.
fn letter(label: &str) -> &'static str {
    match label {
        "slashing event" => "S",
        "price gap" => "P",
        "oracle deviation" => "O",
        _ => "G",
    }
}

/// The strip: the run so far, the shock, and one marker per fired alert (stacked when they
/// would overlap).
fn strip(rows: &[AlertRow], now: u64, shock: Option<u64>) -> impl IntoView {
    let end = rows
        .iter()
        .filter_map(|a| a.block)
        .chain([now, 1])
        .max()
        .unwrap_or(1) as f64;
    let x = move |b: u64| 20.0 + (STRIP_W - 40.0) * b as f64 / end;
    let mut seen: Vec<f64> = Vec::new();
    let markers = rows
        .iter()
        .filter_map(|a| a.block.map(|b| (a.label, b)))
        .map(|(label, b)| {
            let level = seen.iter().filter(|s| (**s - x(b)).abs() < 16.0).count() as f64;
            seen.push(x(b));
            let (cx, cy) = (x(b), AXIS_Y - 13.0 - 17.0 * level);
            view! {
                <g class="pb-marker" data-testid="alert-marker" data-block=b.to_string()>
                    <title>{format!("{label} at block {}", grouped(b))}</title>
                    <circle cx=cx cy=cy r="8"></circle>
                    <text x=cx y=cy + 4.0 text-anchor="middle">{letter(label)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="pb-strip" viewBox=format!("0 0 {STRIP_W} {STRIP_H}") role="img"
            aria-label="Timeline of the run: where the shock came and where each alert fired">
            <line class="pb-axis" x1="20" y1=AXIS_Y x2=x(now) y2=AXIS_Y></line>
            {shock.map(|b| view! {
                <g class="pb-shock"><title>{format!("first fault at block {}", grouped(b))}</title>
                    <path d=format!("M{} {AXIS_Y} l-6 10 h12 z", x(b))></path></g>
            })}
            {markers}
            <text class="pb-tick" x="20" y=STRIP_H - 2.0>"block 0"</text>
            <text class="pb-tick" x=STRIP_W - 20.0 y=STRIP_H - 2.0 text-anchor="end">{format!("block {}", grouped(end as u64))}</text>
        </svg>
    }
}

#[component]
pub fn AlertsCard() -> impl IntoView {
    let published = expect_context::<Published>();
    view! {
        <div class="pb-card" data-testid="alerts">
            <h3>"Alerts"<span class="hint">" first block each condition held · saved = leaving then vs holding to now (ETH)"</span></h3>
            {move || published.position.get().map(|r| {
                let rows = alert_rows(&r);
                let now = r.outcome.blocks;
                view! {
                    {strip(&rows, now, r.outcome.shock_block)}
                    <p class="pb-legend">"▲ first fault · S slashing event · P price gap · O oracle deviation · G governance change"</p>
                    <ol class="pb-alerts">
                        {rows.into_iter().map(|a| {
                            let fired = a.block.is_some();
                            let saved_class = if a.saved_eth > 0.0 { "pb-saved" } else { "pb-cost" };
                            view! {
                                <li class=if fired { "pb-alert fired" } else { "pb-alert" } data-testid="alert-row"
                                    data-kind=a.label data-block=a.block.map(|b| b.to_string()).unwrap_or_default()
                                    data-saved=a.saved_eth.to_string()>
                                    <div class="pb-alert-head">
                                        <b>{a.label}</b>" "
                                        {match a.block {
                                            Some(b) => view! { <JumpButton block=b/><span class="hint">{format!(" {}", a.time.clone().unwrap_or_default())}</span> }.into_any(),
                                            None => view! { <span class="hint">"not fired yet"</span> }.into_any(),
                                        }}
                                    </div>
                                    {fired.then(|| view! {
                                        <div class="pb-alert-saved">
                                            {format!("Leaving then fetches {} ETH; holding to now {} ETH: ", eth_text(a.exit_eth), eth_text(a.hold_eth))}
                                            <b class=saved_class>
                                                {if a.saved_eth >= 0.0 { format!("saved {} ETH", eth_text(a.saved_eth)) } else { format!("cost {} ETH", eth_text(-a.saved_eth)) }}
                                            </b>
                                        </div>
                                    })}
                                    {a.trigger.map(|t| view! { <div class="pb-alert-trigger">"Triggered by: "{t}</div> })}
                                    <div class="pb-alert-condition">"Fires on "{a.condition}"."</div>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }
            })}
        </div>
    }
}
