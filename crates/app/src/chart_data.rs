//! What each chart tab shows, as plain data built from the engine's metrics: line plots over
//! blocks (price and NAV per LRT; liquidations, realised bad debt and insolvent debt per market) and bar plots of one
//! moment (cost against profit of corruption per AVS; open loans per health-factor bucket).
//! [`crate::plot`] draws them; these functions are tested natively.
//!
//! Every series differs from its neighbours by more than colour: a dash pattern and a marker
//! shape for lines, a fill (solid or outline) for bars, and the legend names each.

use restake_engine::metrics::HF_BUCKET_BOUNDS;
use restake_engine::sim::AvsSecurity;
use restake_engine::BlockMetrics;

/// Most points drawn per line; longer histories are sampled evenly.
pub const MAX_POINTS: usize = 600;

/// How a line is stroked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    Solid,
    Dashed,
    Dotted,
}

/// The shape drawn at a few points of a line (and in its legend entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    None,
    Circle,
    Triangle,
    Square,
    Diamond,
}

impl Marker {
    /// Marker `k` of the cycle (none first: one series needs none).
    pub fn nth(k: usize) -> Marker {
        [
            Marker::None,
            Marker::Circle,
            Marker::Triangle,
            Marker::Square,
            Marker::Diamond,
        ][k % 5]
    }
}

impl Dash {
    /// Dash `k` of the cycle.
    pub fn nth(k: usize) -> Dash {
        [Dash::Solid, Dash::Dashed, Dash::Dotted][k % 3]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineStyle {
    /// Index into the palette of [`crate::plot::PALETTE`].
    pub colour: usize,
    pub dash: Dash,
    pub marker: Marker,
}

/// One line: its legend label, style and (block, value) points.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub label: String,
    pub style: LineStyle,
    pub points: Vec<(f64, f64)>,
}

/// One of a line plot's stacked panels, sharing the block axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// The y axis's title with its unit.
    pub y_desc: String,
    pub lines: Vec<Line>,
    /// The y axis starts at zero (counts and amounts) rather than around the data (prices).
    pub from_zero: bool,
    /// Share of the plot's height, relative to the other panels.
    pub weight: f64,
    /// The lines are the tops of stacked bands (each line's points already include the lines
    /// before it): the band under each line is filled, down to the line before it.
    pub stacked: bool,
}

/// Panels stacked over one block axis; the bottom panel carries the axis title.
#[derive(Clone, Debug, PartialEq)]
pub struct LinePlot {
    pub panels: Vec<Panel>,
}

/// How a bar is filled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    Solid,
    Outline,
}

/// One series of bars: a value per category.
#[derive(Clone, Debug, PartialEq)]
pub struct BarSeries {
    pub label: String,
    pub colour: usize,
    pub fill: Fill,
    pub values: Vec<f64>,
}

/// Grouped bars: for each category one bar per series.
#[derive(Clone, Debug, PartialEq)]
pub struct BarPlot {
    pub categories: Vec<String>,
    pub series: Vec<BarSeries>,
    /// The value axis's title with its unit.
    pub value_desc: String,
    /// The category axis's title.
    pub category_desc: String,
    /// Bars grow to the right, categories top to bottom (long category names).
    pub horizontal: bool,
    /// A short text after each category's bars (e.g. "✗ insecure"); empty for none.
    pub notes: Vec<String>,
    /// Said when there is nothing to draw (e.g. "no open loans").
    pub empty: String,
}

/// At most [`MAX_POINTS`] records of `h`, evenly spaced, always keeping the first and last.
pub fn downsample(h: &[BlockMetrics]) -> Vec<&BlockMetrics> {
    if h.len() <= MAX_POINTS {
        return h.iter().collect();
    }
    let stride = h.len().div_ceil(MAX_POINTS - 1);
    let mut v: Vec<&BlockMetrics> = h.iter().step_by(stride).collect();
    if v.last().map(|m| m.block) != h.last().map(|m| m.block) {
        v.extend(h.last());
    }
    v
}

/// Wei as ETH (display only).
pub fn eth(wei: u128) -> f64 {
    wei as f64 / 1e18
}

/// `f` of every sampled record as (block, value).
fn series(points: &[&BlockMetrics], f: impl Fn(&BlockMetrics) -> f64) -> Vec<(f64, f64)> {
    points.iter().map(|m| (m.block as f64, f(m))).collect()
}

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

/// An amount of ETH for a legend: grouped whole ETH, or one decimal below 100 ETH.
fn eth_label(v: f64) -> String {
    if v >= 100.0 {
        format!("{} ETH", crate::format::grouped(v.round() as u64))
    } else {
        format!("{v:.1} ETH")
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

impl BarPlot {
    /// True when every bar is zero (nothing to compare).
    pub fn is_empty(&self) -> bool {
        self.series
            .iter()
            .all(|s| s.values.iter().all(|v| *v == 0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::Sim;

    fn names(sim: &Sim) -> (Vec<String>, Vec<String>) {
        let w = sim.world();
        (
            w.lrts.iter().map(|l| l.symbol.clone()).collect(),
            w.markets.iter().map(|m| m.name.clone()).collect(),
        )
    }

    fn oracle_cascade_with_fault(blocks: u64) -> Sim {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        let fault = sim
            .fault_menu()
            .into_iter()
            .next()
            .expect("an oracle fault");
        sim.inject(fault).expect("inject");
        sim.run(blocks);
        sim
    }

    #[test]
    fn losses_stack_the_layers_without_double_counting() {
        let sim = oracle_cascade_with_fault(4_500);
        let last = sim.latest();
        let p = losses_by_layer(sim.history());
        let panel = &p.panels[0];
        assert!(panel.stacked && panel.from_zero);
        assert!(!panel.lines.is_empty(), "the oracle fault causes losses");
        let total: u128 = LOSS_LAYERS.iter().map(|(_, f)| f(last)).sum();
        assert!(total > 0);
        let top = panel.lines.last().unwrap().points.last().unwrap();
        assert_eq!(top.0, last.block as f64);
        assert!((top.1 - eth(total)).abs() <= 1e-9 * eth(total).max(1.0));
        // Every band's top is at or above the one below it.
        for w in panel.lines.windows(2) {
            for (a, b) in w[0].points.iter().zip(&w[1].points) {
                assert!(b.1 >= a.1);
            }
        }
        // Slashes and Ethereum penalties are counted once: restakers' own, plus the LRTs' NAV
        // loss and what cover pools paid back into them.
        let l = &last.losses;
        assert_eq!(
            direct_restaker_loss(last) + l.lrt_nav_loss_wei + l.insurance_paid_wei,
            last.slashed_wei + last.beacon_penalties_wei
        );
        let styles: Vec<_> = panel
            .lines
            .iter()
            .map(|l| (l.style.dash, l.style.marker))
            .collect();
        for (i, a) in styles.iter().enumerate() {
            assert!(
                !styles[i + 1..].contains(a),
                "layers differ by more than colour"
            );
        }
    }

    #[test]
    fn yield_vs_loss_has_two_lines_per_path_with_stake() {
        let sim = oracle_cascade_with_fault(4_500);
        let last = sim.latest();
        let p = yield_vs_loss(sim.history());
        let panel = &p.panels[0];
        let with_stake: Vec<&str> = STAKER_PATHS
            .iter()
            .filter(|(_, f)| sim.history().iter().any(|m| f(m).stake_wei > 0))
            .map(|(l, _)| *l)
            .collect();
        assert_eq!(panel.lines.len(), 2 * with_stake.len());
        for (pair, label) in panel.lines.chunks(2).zip(&with_stake) {
            assert!(pair[0].label.starts_with(label) && pair[0].label.contains("yield"));
            assert_eq!(pair[0].style.dash, Dash::Solid);
            assert_eq!(pair[1].style.dash, Dash::Dashed);
        }
        if panel.y_desc.starts_with("ETH") {
            let lrt = &last.paths.lrt;
            let line = panel
                .lines
                .iter()
                .find(|l| l.label.starts_with("LRT: loss, now "))
                .unwrap();
            assert_eq!(line.points.last().unwrap().1, eth(lrt.loss_wei));
        }
        // A path with zero stake is left out.
        let mut h = sim.history().to_vec();
        for m in &mut h {
            m.paths.native = Default::default();
        }
        let q = yield_vs_loss(&h);
        assert!(q.panels[0]
            .lines
            .iter()
            .all(|l| !l.label.starts_with("Native")));
        let others = with_stake
            .iter()
            .filter(|l| !l.starts_with("Native"))
            .count();
        assert_eq!(q.panels[0].lines.len(), 2 * others);
    }

    #[test]
    fn downsampling_keeps_the_last_record_and_the_bound() {
        let mut sim = Sim::preset("oracle-cascade", 1).expect("preset");
        sim.run(1_500);
        let d = downsample(sim.history());
        assert!(d.len() <= MAX_POINTS);
        assert_eq!(d.last().map(|m| m.block), Some(1_500));
        assert_eq!(d[0].block, 0);
    }

    #[test]
    fn every_lrt_and_every_market_gets_its_own_distinguishable_lines() {
        let mut sim = Sim::preset("ezeth-2024", 42).expect("preset");
        sim.run(400);
        let (lrts, markets) = names(&sim);
        assert_eq!(markets.len(), 2, "ezeth-2024 has two markets");

        let p = price_nav(sim.history(), &lrts);
        assert_eq!(p.panels[0].lines.len(), 2 * lrts.len());
        let last = sim.latest();
        assert_eq!(
            p.panels[0].lines[0].points.last(),
            Some(&(400.0, last.lrts[0].price))
        );
        assert_eq!(
            p.panels[1].lines[0].points.last(),
            Some(&(400.0, last.liquidations as f64))
        );

        let m = market_losses(sim.history(), &markets);
        for panel in &m.panels {
            assert_eq!(panel.lines.len(), 2);
            let (a, b) = (panel.lines[0].style, panel.lines[1].style);
            assert!(a.dash != b.dash && a.marker != b.marker && a.colour != b.colour);
            assert!(panel.from_zero);
        }
        assert_eq!(m.panels.len(), 3);
        for (k, mm) in last.markets.iter().enumerate() {
            assert_eq!(
                m.panels[2].lines[k].points.last(),
                Some(&(400.0, eth(mm.insolvent_debt_wei)))
            );
        }
        let liq: f64 = m.panels[0]
            .lines
            .iter()
            .map(|l| l.points.last().unwrap().1)
            .sum();
        assert_eq!(liq, last.liquidations as f64, "markets add up to the total");
    }

    #[test]
    fn avs_bars_state_security_in_words() {
        let mut sim = Sim::preset("rational-attack-cascade", 42).expect("preset");
        sim.run(100);
        let avss = sim.avs_security();
        let b = avs_security(&avss);
        assert_eq!(b.categories.len(), avss.len());
        assert_eq!(b.series[0].fill, Fill::Solid);
        assert_eq!(b.series[1].fill, Fill::Outline);
        for (a, note) in avss.iter().zip(&b.notes) {
            assert_eq!(note.contains("insecure"), !a.secure);
        }
        assert_eq!(b.series[0].values[0], eth(avss[0].cost_of_corruption_wei));
    }

    #[test]
    fn health_factor_bars_count_every_open_loan() {
        let sim = Sim::preset("ezeth-2024", 42).expect("preset");
        let (_, markets) = names(&sim);
        let b = hf_distribution(sim.latest(), &markets);
        assert_eq!(b.categories.len(), 6);
        assert_eq!(b.categories[0], "< 1.00");
        assert_eq!(b.categories[5], "≥ 1.50");
        for (s, m) in b.series.iter().zip(&sim.latest().markets) {
            assert_eq!(s.values.iter().sum::<f64>(), m.open_loans as f64);
        }
        assert_ne!(b.series[0].fill, b.series[1].fill);
        assert!(!b.is_empty());
        assert!(hf_distribution(sim.latest(), &[]).is_empty());
    }
}
