//! Who bore the losses, layer by layer, and the three staker paths' yield against their loss.

use super::{downsample, eth, series, Dash, Line, LinePlot, LineStyle, Marker, Panel};
use restake_engine::BlockMetrics;

/// One layer of the losses-by-layer chart: its legend label and its cumulative loss, wei.
pub type LossLayer = (&'static str, fn(&BlockMetrics) -> u128);

/// The layers of [`losses_by_layer`], bottom to top. They do not double count: the LRT
/// holders' NAV loss already holds the slashes and Ethereum penalties on LRT backing (less what
/// cover pools paid), so those appear only once; the first layer is the slashes and penalties
/// on everything else (native and LST restakers' own stake). Lenders' insolvent debt is the
/// debt of loans still open that their collateral no longer covers; a loan closed with debt
/// left moves from it to the realised bad debt, so no wei is in both. It is the one layer that
/// is not cumulative: it shrinks when the oracle price recovers.
pub const LOSS_LAYERS: [LossLayer; 7] = [
    (
        "Restakers (native, LST): AVS slashes + ETH penalties",
        direct_restaker_loss,
    ),
    (
        "LRT holders: NAV loss (slashes, penalties on backing)",
        |m| m.losses.lrt_nav_loss_wei,
    ),
    ("Cover pools: claims paid to LRTs", |m| {
        m.losses.insurance_paid_wei
    }),
    ("LRT holders: depeg loss (sold below NAV)", |m| {
        m.losses.holder_depeg_loss_wei
    }),
    ("Loopers: liquidation loss (incentive paid)", |m| {
        m.losses.looper_liquidation_loss_wei
    }),
    ("Lenders: bad debt realised", |m| {
        m.losses.lender_bad_debt_wei
    }),
    ("Lenders: insolvent debt (open loans)", |m| {
        m.losses.lender_insolvent_debt_wei
    }),
];

/// AVS slashes on native and LST restakers' stake plus the Ethereum penalties on validators
/// outside every LRT (the LRTs' own penalties are in their NAV loss), cumulative wei.
pub fn direct_restaker_loss(m: &BlockMetrics) -> u128 {
    let lrt_penalties: u128 = m.lrts.iter().map(|l| l.eth_penalties_wei).sum();
    m.losses.slashed_native_wei + m.losses.eth_penalties_wei.saturating_sub(lrt_penalties)
}

/// Who bore the losses so far, stacked by layer of the cascade ([`LOSS_LAYERS`]), in ETH over
/// blocks: each line is the top of its layer's band (the sum of the layers up to it), so the
/// top line is the total loss. Layers that stay at zero over the run are left out; each kept
/// layer has its own colour, dash pattern and marker on its top edge.
pub fn losses_by_layer(history: &[BlockMetrics]) -> LinePlot {
    let points = downsample(history);
    let mut lines = Vec::new();
    let mut below = vec![0u128; points.len()];
    for (k, (label, f)) in LOSS_LAYERS.iter().enumerate() {
        if points.iter().all(|m| f(m) == 0) {
            continue;
        }
        for (b, m) in below.iter_mut().zip(&points) {
            *b += f(m);
        }
        let now = points.last().map_or(0, |m| f(m));
        lines.push(Line {
            label: format!("{label}, now {}", eth_label(eth(now))),
            style: LineStyle {
                colour: k,
                dash: Dash::nth(k),
                // Every layer has a marker (none is not one of them).
                marker: Marker::nth(k % 4 + 1),
            },
            points: points
                .iter()
                .zip(&below)
                .map(|(m, b)| (m.block as f64, eth(*b)))
                .collect(),
        });
    }
    LinePlot {
        panels: vec![Panel {
            y_desc: "ETH lost, cumulative, stacked by layer (top line = total)".into(),
            lines,
            from_zero: true,
            weight: 1.0,
            stacked: true,
        }],
    }
}

/// The three staker paths of [`restake_engine::metrics::StakerPaths`]: label and accessor.
pub type StakerPath = (
    &'static str,
    fn(&BlockMetrics) -> &restake_engine::metrics::PathMetrics,
);

pub const STAKER_PATHS: [StakerPath; 3] = [
    ("Native restaking", |m| &m.paths.native),
    ("LST restaking", |m| &m.paths.lst),
    ("LRT", |m| &m.paths.lrt),
];

/// Stakes further apart than this factor are compared in % of each path's stake.
pub const STAKE_RATIO_FOR_PERCENT: f64 = 10.0;

/// An amount of ETH for a legend: grouped whole ETH, or one decimal below 100 ETH.
fn eth_label(v: f64) -> String {
    if v >= 100.0 {
        format!("{} ETH", crate::data::format::grouped(v.round() as u64))
    } else {
        format!("{v:.1} ETH")
    }
}

/// Yield (staking + AVS rewards, solid) against realised loss (dashed) of each staker path over
/// the run, one colour and marker per path. Paths whose stake stays zero are left out. In ETH
/// while the paths' stakes are comparable; in % of each path's first non-zero stake when the
/// largest is more than [`STAKE_RATIO_FOR_PERCENT`] times the smallest.
pub fn yield_vs_loss(history: &[BlockMetrics]) -> LinePlot {
    let points = downsample(history);
    // (index, (label, accessor), first non-zero stake) of each path with stake.
    let kept: Vec<(usize, StakerPath, u128)> = STAKER_PATHS
        .iter()
        .enumerate()
        .filter_map(|(k, (label, f))| {
            let stake = points.iter().map(|m| f(m).stake_wei).find(|s| *s > 0)?;
            Some((k, (*label, *f), stake))
        })
        .collect();
    let (lo, hi) = kept
        .iter()
        .fold((u128::MAX, 0), |(lo, hi), p| (lo.min(p.2), hi.max(p.2)));
    let percent = !kept.is_empty() && hi as f64 > STAKE_RATIO_FOR_PERCENT * lo as f64;
    let mut lines = Vec::new();
    for (k, (label, f), stake) in kept {
        let value = |wei: u128| {
            if percent {
                100.0 * wei as f64 / stake as f64
            } else {
                eth(wei)
            }
        };
        let marker = Marker::nth(k + 1);
        let now = |g: fn(&restake_engine::metrics::PathMetrics) -> u128| {
            let v = points.last().map_or(0.0, |m| value(g(f(m))));
            if percent {
                format!("{v:.3}%")
            } else {
                eth_label(v)
            }
        };
        lines.push(Line {
            label: format!(
                "{label}: yield (staking + AVS), now {}",
                now(|p| p.staking_yield_wei + p.avs_yield_wei)
            ),
            style: LineStyle {
                colour: 2 * k,
                dash: Dash::Solid,
                marker,
            },
            points: series(&points, |m| {
                let p = f(m);
                value(p.staking_yield_wei + p.avs_yield_wei)
            }),
        });
        lines.push(Line {
            label: format!("{label}: loss, now {}", now(|p| p.loss_wei)),
            style: LineStyle {
                colour: 2 * k + 1,
                dash: Dash::Dashed,
                marker,
            },
            points: series(&points, |m| value(f(m).loss_wei)),
        });
    }
    let y_desc = if percent {
        "% of the path's stake, cumulative (yield solid, loss dashed)"
    } else {
        "ETH, cumulative (yield solid, loss dashed)"
    };
    LinePlot {
        panels: vec![Panel {
            y_desc: y_desc.into(),
            lines,
            from_zero: true,
            weight: 1.0,
            stacked: false,
        }],
    }
}
