//! Lines over blocks for the markets: each LRT's price against its NAV, and each lending
//! market's liquidations, realised bad debt and insolvent debt.

use super::{downsample, eth, series, Dash, Line, LinePlot, LineStyle, Marker, Panel};
use restake_engine::BlockMetrics;

/// Price and NAV of every LRT (`symbols` in scenario order) over the run, and the cumulative
/// liquidations of all markets below. Price lines are solid and NAV lines dashed, drawn over
/// the price so that both show while they are equal; each LRT has its own colour pair and
/// marker.
pub fn price_nav(history: &[BlockMetrics], symbols: &[String]) -> LinePlot {
    let points = downsample(history);
    let mut lines = Vec::new();
    for (i, sym) in symbols.iter().enumerate() {
        let marker = Marker::nth(i);
        let nav = LineStyle {
            colour: 2 * i,
            dash: Dash::Dashed,
            marker,
        };
        let price = LineStyle {
            colour: 2 * i + 1,
            dash: Dash::Solid,
            marker,
        };
        let lrt = |m: &BlockMetrics| m.lrts.get(i).cloned().unwrap_or_default();
        lines.push(Line {
            label: format!("{sym} market price (pool)"),
            style: price,
            points: series(&points, |m| lrt(m).price),
        });
        lines.push(Line {
            label: format!("{sym} NAV (backing)"),
            style: nav,
            points: series(&points, |m| lrt(m).nav),
        });
    }
    let y_desc = match symbols {
        [one] => format!("ETH per {one}"),
        _ => "ETH per LRT token".to_string(),
    };
    LinePlot {
        panels: vec![
            Panel {
                y_desc,
                lines,
                from_zero: false,
                weight: 0.68,
                stacked: false,
            },
            Panel {
                y_desc: "liquidations, all markets (count, cumulative)".into(),
                lines: vec![Line {
                    label: "Liquidations".into(),
                    style: LineStyle {
                        colour: 4,
                        dash: Dash::Solid,
                        marker: Marker::None,
                    },
                    points: series(&points, |m| m.liquidations as f64),
                }],
                from_zero: true,
                weight: 0.32,
                stacked: false,
            },
        ],
    }
}

/// The style of market `k`'s lines: its own colour, dash pattern and marker.
pub fn market_style(k: usize) -> LineStyle {
    LineStyle {
        colour: k,
        dash: Dash::nth(k),
        marker: Marker::nth(k),
    }
}

/// Cumulative liquidations (count), realised bad debt (ETH, cumulative) and insolvent debt
/// (ETH now: open loans whose collateral is worth less than their debt at the oracle price) of
/// every market (`names` in scenario order) over the run, one line per market in each panel.
pub fn market_losses(history: &[BlockMetrics], names: &[String]) -> LinePlot {
    let points = downsample(history);
    let per_market = |f: &dyn Fn(&restake_engine::metrics::MarketMetrics) -> f64| {
        names
            .iter()
            .enumerate()
            .map(|(k, name)| Line {
                label: name.clone(),
                style: market_style(k),
                points: series(&points, |m| m.markets.get(k).map_or(0.0, f)),
            })
            .collect::<Vec<_>>()
    };
    LinePlot {
        panels: vec![
            Panel {
                y_desc: "liquidations (count, cumulative)".into(),
                lines: per_market(&|mm| mm.liquidations as f64),
                from_zero: true,
                weight: 0.34,
                stacked: false,
            },
            Panel {
                y_desc: "bad debt realised (ETH, cumulative)".into(),
                lines: per_market(&|mm| eth(mm.bad_debt_wei)),
                from_zero: true,
                weight: 0.33,
                stacked: false,
            },
            Panel {
                y_desc: "insolvent debt of open loans (ETH)".into(),
                lines: per_market(&|mm| eth(mm.insolvent_debt_wei)),
                from_zero: true,
                weight: 0.33,
                stacked: false,
            },
        ],
    }
}
