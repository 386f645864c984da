//! The position's outcome so far: its value, loss by channel, the yield stack earned before the
//! shock and over the run, and the net result; the limits it breaks. Rows from
//! [`crate::data::playbook_data`].

use leptos::prelude::*;

use crate::data::format::grouped;
use crate::data::playbook_data::{eth, eth_text, loss_rows, net_result_eth, yield_rows, RowKind};
use crate::state::Published;

#[component]
pub fn PositionOutcomeCard() -> impl IntoView {
    let published = expect_context::<Published>();
    let report = move || published.position.get();
    view! {
        <div class="pb-card" data-testid="position-outcome">
            {move || report().map(|r| {
                let o = r.outcome;
                let net = net_result_eth(&o);
                let shock = o.shock_block.map_or("no fault yet".to_string(), |b| format!("shock at block {}", grouped(b)));
                view! {
                    <h3>"What the run did to you"<span class="hint">{format!(" at block {} · {shock} · ETH", grouped(o.blocks))}</span></h3>
                    <p class="pb-headline">
                        "Worth "<b data-testid="position-start-value">{eth_text(eth(o.start_value_wei))}</b>" ETH at block 0 (NAV), "
                        <b data-testid="position-end-value">{eth_text(eth(o.end_value_wei))}</b>" ETH now at market prices."
                    </p>
                    <table class="pb-table" data-testid="loss-by-channel">
                        <thead><tr><th>"Loss by channel"</th><th class="num">"ETH"</th></tr></thead>
                        <tbody>
                            {loss_rows(&o).into_iter().map(|row| {
                                let class = match row.kind {
                                    RowKind::Loss => "pb-loss",
                                    RowKind::Recovery => "pb-recovery",
                                    RowKind::Detail => "pb-detail",
                                    RowKind::Total => "pb-total",
                                };
                                let channel = row.label.trim().to_string();
                                let sign = if row.kind == RowKind::Recovery && row.eth > 0.0 { "− " } else { "" };
                                view! {
                                    <tr class=class title=row.help data-channel=channel data-eth=row.eth.to_string()>
                                        <td>{row.label}</td>
                                        <td class="num">{format!("{sign}{}", eth_text(row.eth))}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <table class="pb-table" data-testid="yield-stack">
                        <thead><tr><th>"Yield stack"</th><th class="num">"before the shock"</th><th class="num">"over the run"</th></tr></thead>
                        <tbody>
                            {yield_rows(&o).into_iter().map(|y| view! {
                                <tr>
                                    <td>{y.label}</td>
                                    <td class="num">{y.before_shock_eth.map_or(String::new(), |v| format!("{:.4}", v + 0.0))}</td>
                                    <td class="num">{format!("{:.4}", y.run_eth + 0.0)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class=if net < 0.0 { "pb-net pb-net-loss" } else { "pb-net" } data-testid="position-net" data-eth=net.to_string()>
                        "Net result (yield earned less net loss and cover premium): "<b>{format!("{} ETH", eth_text(net))}</b>
                    </p>
                    {(!o.limits.breaches.is_empty()).then(|| view! {
                        <ul class="pb-breaches" data-testid="limit-breaches">
                            {o.limits.breaches.iter().map(|b| view! {
                                <li>"Limit broken: "<code>{b.limit}</code>{format!(" — {} is {:.2}% of your value (limit {:.2}%)", b.subject, b.value_bps as f64 / 100.0, b.limit_bps as f64 / 100.0)}</li>
                            }).collect_view()}
                        </ul>
                    })}
                }
            })}
        </div>
    }
}
