//! Draws the chart tabs' plain data ([`crate::data::chart_data`]) with plotters on a canvas: stacked
//! line panels over blocks, and grouped bars. Lines differ by colour, dash pattern and marker;
//! bars by colour and fill; each panel has a legend and a caption with its unit.
//!
//! This file holds what all charts share: the palette, the sizes, number formats, marker and
//! dash shapes and the bar swatch; `lines` draws the stacked line panels, `bars` the grouped
//! bars, `histogram` the Monte Carlo histogram, and `legend` the legend box they all use.

mod bars;
pub mod canvas;
mod histogram;
mod legend;
mod lines;
#[cfg(test)]
mod tests;

pub use bars::draw_bars;
pub use histogram::{draw_histogram, Mark};
use legend::{draw_legend, Corner, LegendSwatch};
pub use lines::{draw_lines, draw_note};

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::data::chart_data::{Dash, Fill, Marker};
use crate::plot::canvas::PlotCanvas;

/// Colour-blind-safe palette (Okabe–Ito, darkened for white paper); series styles index it.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 95, 191),
    RGBColor(204, 51, 17),
    RGBColor(0, 128, 96),
    RGBColor(170, 100, 0),
    RGBColor(120, 30, 120),
    RGBColor(60, 60, 60),
    RGBColor(0, 114, 178),
    RGBColor(204, 121, 167),
];

const GRID: RGBColor = RGBColor(225, 225, 225);

const INK: RGBColor = RGBColor(20, 20, 20);

type Area = DrawingArea<PlotCanvas, Shift>;

/// A chart with a linear x and y axis (floats), as the line panels and the histogram draw on.
type XyChart<'a> = ChartContext<
    'a,
    PlotCanvas,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

fn colour(k: usize) -> RGBColor {
    PALETTE[k % PALETTE.len()]
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Device pixels and type sizes for one drawing.
#[derive(Clone, Copy, Debug)]
pub struct Px {
    pub dpr: f64,
    /// Type scale: slightly smaller on small canvases.
    pub scale: f64,
}

impl Px {
    pub fn px(&self, v: f64) -> u32 {
        (v * self.dpr) as u32
    }
    fn i(&self, v: f64) -> i32 {
        (v * self.dpr) as i32
    }
    fn font(&self, size: f64) -> TextStyle<'static> {
        ("sans-serif", size * self.scale * self.dpr)
            .into_font()
            .color(&INK)
    }
}

/// Sizes `canvas`'s pixel buffer to its CSS size (at least `min_w` x `min_h`) times the
/// device pixel ratio; returns the CSS width, height and the ratio. Reads the layout.
pub fn fit_canvas(canvas: &web_sys::HtmlCanvasElement, min_w: i32, min_h: i32) -> (f64, f64, f64) {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    let (w, h) = (
        canvas.client_width().max(min_w) as f64,
        canvas.client_height().max(min_h) as f64,
    );
    let (pw, ph) = ((w * dpr) as u32, (h * dpr) as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    (w, h, dpr)
}

/// A compact axis label: 1.2M, 45k, 120, 3.5, 0.987.
pub fn fmt_axis(v: f64) -> String {
    let a = v.abs();
    if a < 1e-9 {
        "0".to_string()
    } else if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 10.0 {
        format!("{v:.0}")
    } else if a >= 2.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// A bar's value label: whole numbers without decimals.
fn fmt_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e4 {
        format!("{v:.0}")
    } else {
        fmt_axis(v)
    }
}

/// Vertices of `m` around (0, 0), radius `r` pixels (empty for [`Marker::None`]).
pub fn marker_shape(m: Marker, r: i32) -> Vec<(i32, i32)> {
    match m {
        Marker::None => Vec::new(),
        Marker::Circle => (0..10)
            .map(|k| {
                let a = k as f64 * std::f64::consts::TAU / 10.0;
                ((r as f64 * a.cos()) as i32, (r as f64 * a.sin()) as i32)
            })
            .collect(),
        Marker::Triangle => vec![(0, -r - 1), (r + 1, r), (-r - 1, r)],
        Marker::Square => vec![(-r, -r), (r, -r), (r, r), (-r, r)],
        Marker::Diamond => vec![(0, -r - 2), (r + 1, 0), (0, r + 2), (-r - 1, 0)],
    }
}

/// Dash and gap lengths of `d`, CSS pixels (solid: none).
fn dash_lengths(d: Dash) -> Option<(f64, f64)> {
    match d {
        Dash::Solid => None,
        Dash::Dashed => Some((10.0, 6.0)),
        Dash::Dotted => Some((2.5, 5.0)),
    }
}

/// A y tick label with as many decimals as an axis spanning `span` needs.
pub fn fmt_tick(v: f64, span: f64) -> String {
    if v.abs() >= 1e6 {
        fmt_axis(v)
    } else if span >= 10.0 || v.abs() >= 1e4 {
        let sign = if v < 0.0 { "-" } else { "" };
        format!(
            "{sign}{}",
            crate::data::format::grouped(v.abs().round() as u64)
        )
    } else if span >= 1.0 {
        format!("{v:.1}")
    } else if span >= 0.1 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// One bar in pixel coordinates: filled, or a thick outline over a pale fill.
fn draw_bar(
    area: &Area,
    rect: [(i32, i32); 2],
    ci: usize,
    fill: Fill,
    k: Px,
) -> Result<(), String> {
    let c = colour(ci);
    match fill {
        Fill::Solid => area.draw(&Rectangle::new(rect, c.filled())).map_err(err),
        Fill::Outline => {
            area.draw(&Rectangle::new(rect, c.mix(0.12).filled()))
                .map_err(err)?;
            area.draw(&Rectangle::new(rect, c.stroke_width(k.px(2.0))))
                .map_err(err)
        }
    }
}
