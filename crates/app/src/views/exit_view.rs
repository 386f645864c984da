//! The mock exit: how long leaving takes and what it fetches, holding by holding and route by
//! route, in calm (block 0) beside under stress (the block after the shock where the fast
//! routes fetch least): withdrawal delay, beacon exit churn, queue ahead, pool slippage,
//! pauses. Rows from [`crate::data::playbook_data::exit_rows`].

use leptos::prelude::*;

use crate::data::format::grouped;
use crate::data::playbook_data::{days_text, eth, eth_text, exit_days, exit_rows, RouteCell};
use crate::state::Published;

/// `days` for a `data-days` attribute: "Infinity" when blocked (JavaScript's `parseFloat`
/// reads it), so a test can compare calm and stress.
fn days_attr(days: Option<f64>) -> String {
    days.map_or("Infinity".into(), |d| d.to_string())
}

fn route_cell(c: Option<RouteCell>) -> impl IntoView {
    match c {
        None => view! { <td class="pb-gone" colspan="2">"—"</td> }.into_any(),
        Some(c) => view! {
            <td class="num">{eth_text(c.eth)}</td>
            <td title=c.detail.clone()>{days_text(c.days)}<div class="pb-detail-text">{c.detail.clone()}</div></td>
        }
        .into_any(),
    }
}

#[component]
pub fn ExitCard() -> impl IntoView {
    let published = expect_context::<Published>();
    view! {
        <div class="pb-card pb-exit-card" data-testid="mock-exit">
            {move || published.position.get().map(|r| {
                let o = r.outcome;
                let (calm, stress) = exit_days(&o);
                let stress_at = o.exit_stress.block;
                view! {
                    <h3>"Mock exit"<span class="hint">{format!(" calm at block 0 · stress at block {} (where the fast routes fetch least)", grouped(stress_at))}</span></h3>
                    <p class="pb-headline">
                        "Leaving everything by the route that fetches most: calm "
                        <b data-testid="exit-days-normal" data-days=days_attr(calm)>{days_text(calm)}</b>
                        {format!(" for {} ETH; under stress ", eth_text(eth(o.exit_normal.best_eth_wei)))}
                        <b data-testid="exit-days-stress" data-days=days_attr(stress)>{days_text(stress)}</b>
                        {format!(" for {} ETH. Fastest now: {} ETH calm, {} ETH under stress.",
                            eth_text(eth(o.exit_stress.best_eth_wei)),
                            eth_text(eth(o.exit_normal.fast_eth_wei)),
                            eth_text(eth(o.exit_stress.fast_eth_wei)))}
                    </p>
                    <table class="pb-table pb-exit" data-testid="exit-routes">
                        <thead>
                            <tr><th rowspan="2">"Holding"</th><th rowspan="2">"Route"</th><th colspan="2">"Calm"</th><th colspan="2">"Under stress"</th></tr>
                            <tr><th class="num">"ETH"</th><th>"time"</th><th class="num">"ETH"</th><th>"time"</th></tr>
                        </thead>
                        <tbody>
                            {exit_rows(&o.exit_normal, &o.exit_stress).into_iter().map(|row| view! {
                                <tr data-testid="exit-route" data-how=row.how>
                                    <td>{row.holding}</td>
                                    <td>{format!("{} ({})", row.how, row.which)}</td>
                                    {route_cell(row.normal)}
                                    {route_cell(row.stress)}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            })}
        </div>
    }
}
