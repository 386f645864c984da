//! The chart panel: one tab per chart, so the page shows one chart at a time instead of a wall
//! of them. Each tab's button is `data-testid="chart-tab-<id>"`; each chart has a PNG export.
//!
//! New charts are new [`ChartTab`] variants: the list is the one place that orders them.

use leptos::prelude::*;

use crate::views::chart::Chart;
use crate::views::monte_carlo_view::MonteCarloPanel;
use crate::views::toolbar::ExportPng;

/// The chart tabs, in the order shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartTab {
    PriceNav,
    Markets,
    AvsSecurity,
    HealthFactors,
    Losses,
    YieldLoss,
    Insurance,
    Leverage,
    MonteCarlo,
}

impl ChartTab {
    pub const ALL: [ChartTab; 9] = [
        ChartTab::PriceNav,
        ChartTab::Markets,
        ChartTab::AvsSecurity,
        ChartTab::HealthFactors,
        ChartTab::Losses,
        ChartTab::YieldLoss,
        ChartTab::Insurance,
        ChartTab::Leverage,
        ChartTab::MonteCarlo,
    ];

    /// Stable id, part of the tab's `data-testid`.
    pub fn id(self) -> &'static str {
        match self {
            ChartTab::PriceNav => "price",
            ChartTab::Markets => "markets",
            ChartTab::AvsSecurity => "avs",
            ChartTab::HealthFactors => "hf",
            ChartTab::Losses => "losses",
            ChartTab::YieldLoss => "yield",
            ChartTab::Insurance => "insurance",
            ChartTab::Leverage => "leverage",
            ChartTab::MonteCarlo => "monte-carlo",
        }
    }

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            ChartTab::PriceNav => "Price & NAV",
            ChartTab::Markets => "Liquidations",
            ChartTab::AvsSecurity => "AVS security",
            ChartTab::HealthFactors => "Health factors",
            ChartTab::Losses => "Losses by layer",
            ChartTab::YieldLoss => "Yield vs loss",
            ChartTab::Insurance => "Insurance",
            ChartTab::Leverage => "Leverage",
            ChartTab::MonteCarlo => "Monte Carlo",
        }
    }

    /// The chart canvas's `data-testid` (the price chart keeps its original `chart`).
    pub fn canvas_testid(self) -> &'static str {
        match self {
            ChartTab::PriceNav => "chart",
            ChartTab::Markets => "chart-markets",
            ChartTab::AvsSecurity => "chart-avs",
            ChartTab::HealthFactors => "chart-hf",
            ChartTab::Losses => "chart-losses",
            ChartTab::YieldLoss => "chart-yield",
            ChartTab::Insurance => "chart-insurance",
            ChartTab::Leverage => "chart-leverage",
            ChartTab::MonteCarlo => "monte-carlo-chart",
        }
    }

    /// The PNG export button's `data-testid` (the price chart keeps its original `export-png`).
    pub fn export_testid(self) -> &'static str {
        match self {
            ChartTab::PriceNav => "export-png",
            ChartTab::Markets => "export-png-markets",
            ChartTab::AvsSecurity => "export-png-avs",
            ChartTab::HealthFactors => "export-png-hf",
            ChartTab::Losses => "export-png-losses",
            ChartTab::YieldLoss => "export-png-yield",
            ChartTab::Insurance => "export-png-insurance",
            ChartTab::Leverage => "export-png-leverage",
            ChartTab::MonteCarlo => "export-png-monte-carlo",
        }
    }

    /// File name part of the PNG export.
    pub fn png_name(self) -> &'static str {
        match self {
            ChartTab::PriceNav => "price-nav",
            ChartTab::Markets => "liquidations-bad-debt",
            ChartTab::AvsSecurity => "avs-security",
            ChartTab::HealthFactors => "health-factors",
            ChartTab::Losses => "losses-by-layer",
            ChartTab::YieldLoss => "yield-vs-loss",
            ChartTab::Insurance => "insurance-capacity-payouts",
            ChartTab::Leverage => "hidden-leverage",
            ChartTab::MonteCarlo => "monte-carlo",
        }
    }

    /// The accessible description of the chart.
    pub fn description(self) -> &'static str {
        match self {
            ChartTab::PriceNav => "Market price and NAV of each LRT in ETH per token over blocks (price solid, NAV dashed), and cumulative liquidations",
            ChartTab::Markets => "Cumulative liquidations (count) and bad debt (ETH) of each lending market over blocks, one line style per market",
            ChartTab::AvsSecurity => "Cost of corruption (solid bars) against profit from corruption (outlined bars) of each AVS, in ETH",
            ChartTab::HealthFactors => "Open loans of each lending market per health-factor bucket",
            ChartTab::Losses => "Cumulative losses in ETH stacked by who bore them: restakers' slashes and penalties, LRT holders' NAV loss, cover pools' claims, holders' depeg loss, loopers' liquidation loss, lenders' bad debt; each layer's top edge has its own dash pattern and marker",
            ChartTab::YieldLoss => "Cumulative yield (solid) against realised loss (dashed) of each staker path with stake: native restaking, LST restaking, LRT; in ETH, or in % of each path's stake when the stakes differ more than tenfold",
            ChartTab::Insurance => "Per LRT with a cover pool: capital left to pay claims (ETH), and cumulative claims paid (solid) and covered losses not paid (dashed), in ETH",
            ChartTab::Leverage => "Hidden leverage of restaking (slashable stake summed over every AVS divided by the stake underneath) and the loopers' leverage (collateral value over equity), over blocks",
            ChartTab::MonteCarlo => "Histogram of a loss metric over many seeds of the current scenario",
        }
    }
}

/// The tab bar and the active tab's chart.
#[component]
pub fn ChartPanel() -> impl IntoView {
    // Not in the URL or the share link: which chart is open is a view choice, not the run.
    let active = RwSignal::new(ChartTab::PriceNav);
    view! {
        <section class="panel panel-chart" aria-labelledby="chart-title">
            <div class="chart-head">
                <h2 id="chart-title" class="visually-hidden">"Charts"</h2>
                <div class="chart-tabs" role="tablist" aria-labelledby="chart-title" data-testid="chart-tabs">
                    {ChartTab::ALL.map(|t| view! {
                        <button
                            class="chart-tab"
                            class:active=move || active.get() == t
                            role="tab"
                            aria-selected=move || (active.get() == t).to_string()
                            title=t.description()
                            data-testid=format!("chart-tab-{}", t.id())
                            on:click=move |_| active.set(t)
                        >{t.label()}</button>
                    })}
                </div>
                {move || {
                    let t = active.get();
                    view! { <ExportPng canvas=t.canvas_testid() name=t.png_name() testid=t.export_testid()/> }
                }}
            </div>
            {move || match active.get() {
                ChartTab::MonteCarlo => view! { <MonteCarloPanel/> }.into_any(),
                t => view! { <div class="chart-box"><Chart tab=t/></div> }.into_any(),
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_ids_and_test_hooks_are_unique() {
        let mut ids: Vec<&str> = ChartTab::ALL.iter().map(|t| t.id()).collect();
        ids.extend(ChartTab::ALL.iter().map(|t| t.canvas_testid()));
        ids.extend(ChartTab::ALL.iter().map(|t| t.export_testid()));
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
