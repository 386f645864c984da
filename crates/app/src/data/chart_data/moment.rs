//! Bar plots of one moment: cost against profit of corruption per AVS, and open loans per
//! health-factor bucket per market.

use super::{eth, BarPlot, BarSeries, Fill};
use restake_engine::metrics::HF_BUCKET_BOUNDS;
use restake_engine::sim::AvsSecurity;
use restake_engine::BlockMetrics;

/// Cost of corruption (solid) against profit from corruption (outline) of every AVS, in ETH,
/// with "✓ secure" or "✗ insecure" after each.
pub fn avs_security(avss: &[AvsSecurity]) -> BarPlot {
    BarPlot {
        categories: avss.iter().map(|a| a.name.clone()).collect(),
        series: vec![
            BarSeries {
                label: "Cost of corruption".into(),
                colour: 0,
                fill: Fill::Solid,
                values: avss.iter().map(|a| eth(a.cost_of_corruption_wei)).collect(),
            },
            BarSeries {
                label: "Profit from corruption".into(),
                colour: 1,
                fill: Fill::Outline,
                values: avss
                    .iter()
                    .map(|a| eth(a.profit_from_corruption_wei))
                    .collect(),
            },
        ],
        value_desc: "ETH".into(),
        category_desc: "AVS".into(),
        horizontal: true,
        notes: avss
            .iter()
            .map(|a| {
                if a.secure {
                    "✓ secure"
                } else {
                    "✗ insecure"
                }
                .to_string()
            })
            .collect(),
        empty: "This scenario has no AVS.".into(),
    }
}

/// Labels of the health-factor buckets of [`restake_engine::metrics::MarketMetrics::hf_buckets`].
pub fn hf_bucket_labels() -> Vec<String> {
    let b = HF_BUCKET_BOUNDS;
    let mut v = vec![format!("< {:.2}", b[0])];
    v.extend(b.windows(2).map(|w| format!("{:.2}–{:.2}", w[0], w[1])));
    v.push(format!("≥ {:.2}", b[b.len() - 1]));
    v
}

/// Open loans per health-factor bucket of every market (`names` in scenario order) at the
/// block of `m`; markets alternate solid and outlined bars.
pub fn hf_distribution(m: &BlockMetrics, names: &[String]) -> BarPlot {
    let series = names
        .iter()
        .enumerate()
        .map(|(k, name)| BarSeries {
            label: name.clone(),
            colour: k,
            fill: if k % 2 == 0 {
                Fill::Solid
            } else {
                Fill::Outline
            },
            values: m
                .markets
                .get(k)
                .map_or([0; 6], |mm| mm.hf_buckets)
                .iter()
                .map(|n| *n as f64)
                .collect(),
        })
        .collect();
    BarPlot {
        categories: hf_bucket_labels(),
        series,
        value_desc: "open loans (count)".into(),
        category_desc: "health factor (below 1: liquidatable)".into(),
        horizontal: false,
        notes: Vec::new(),
        empty: "No open loans.".into(),
    }
}
