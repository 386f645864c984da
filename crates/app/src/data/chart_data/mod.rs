//! What each chart tab shows, as plain data built from the engine's metrics: line plots over
//! blocks (price and NAV per LRT; liquidations, realised bad debt and insolvent debt per market) and bar plots of one
//! moment (cost against profit of corruption per AVS; open loans per health-factor bucket).
//! [`crate::plot`] draws them; these functions are tested natively.
//!
//! Every series differs from its neighbours by more than colour: a dash pattern and a marker
//! shape for lines, a fill (solid or outline) for bars, and the legend names each.
//!
//! This file holds the plot types and the sampling shared by all charts; `markets` builds the
//! price/NAV and lending-loss lines, `losses` the loss layers and the staker paths' yield
//! against loss, `moment` the bar plots of one block (AVS security, health factors).

mod losses;
mod markets;
mod moment;
#[cfg(test)]
mod tests;

pub use losses::{
    direct_restaker_loss, losses_by_layer, yield_vs_loss, LossLayer, StakerPath, LOSS_LAYERS,
    STAKER_PATHS, STAKE_RATIO_FOR_PERCENT,
};
pub use markets::{market_losses, market_style, price_nav};
pub use moment::{avs_security, hf_bucket_labels, hf_distribution};

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

impl BarPlot {
    /// True when every bar is zero (nothing to compare).
    pub fn is_empty(&self) -> bool {
        self.series
            .iter()
            .all(|s| s.values.iter().all(|v| *v == 0.0))
    }
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
