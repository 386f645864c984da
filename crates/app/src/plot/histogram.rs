//! The Monte Carlo tab's histogram: counts per bin with marks (median, p95, worst) over it.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::{
    colour, dash_lengths, draw_legend, err, fmt_tick, Area, Corner, LegendSwatch, Px, XyChart, GRID,
};
use crate::data::chart_data::{Dash, Marker};

/// A vertical line of a histogram: its value, label and dash.
pub struct Mark {
    pub value: f64,
    pub label: String,
    pub dash: Dash,
}

/// The x axis's range over `bins`: first bin's low to last bin's high; one bin (every run
/// equal) gets a visible width around its value, never below zero for amounts and counts.
fn x_range(first: f64, last: f64) -> (f64, f64) {
    let (lo, hi) = (first, last);
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        let half = (hi.abs() * 0.05).max(0.5);
        // Amounts and counts never go below zero on the axis.
        let floor = if lo >= 0.0 { 0.0 } else { f64::MIN };
        ((lo - half).max(floor), hi + half)
    } else {
        (lo, hi)
    }
}

/// The axes: `lo..hi` across, runs up to `count_max` (plus headroom for the legend) up, with
/// the count axis's title in the top left corner.
fn axes<'a>(
    root: &'a Area,
    (lo, hi): (f64, f64),
    count_max: f64,
    x_desc: &str,
    k: Px,
) -> Result<XyChart<'a>, String> {
    let mut chart = ChartBuilder::on(root)
        .margin_top(k.px(26.0))
        .margin_right(k.px(18.0))
        .x_label_area_size(k.px(42.0))
        .y_label_area_size(k.px(52.0))
        .build_cartesian_2d(lo..hi, 0f64..count_max * 1.15)
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&|v| fmt_tick(*v, hi - lo))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style(k.font(13.0))
        .axis_desc_style(k.font(14.0))
        .x_desc(x_desc)
        .draw()
        .map_err(err)?;
    root.draw(&Text::new(
        "runs (count)".to_string(),
        (k.i(8.0), k.i(5.0)),
        k.font(14.0),
    ))
    .map_err(err)?;
    Ok(chart)
}

/// The bins as filled bars with an outline; one bin is drawn as a bar in the middle fifth.
fn draw_bins(
    chart: &mut XyChart,
    bins: &[crate::data::monte_carlo::Bin],
    (lo, hi): (f64, f64),
    k: Px,
) -> Result<(), String> {
    let c = colour(0);
    let single = bins.len() == 1;
    chart
        .draw_series(bins.iter().map(|b| {
            let (x0, x1) = if single {
                (lo + (hi - lo) * 0.4, lo + (hi - lo) * 0.6)
            } else {
                (b.lo, b.hi)
            };
            Rectangle::new([(x0, 0.0), (x1, b.count as f64)], c.mix(0.55).filled())
        }))
        .map_err(err)?;
    chart
        .draw_series(bins.iter().filter(|b| !single && b.count > 0).map(|b| {
            Rectangle::new(
                [(b.lo, 0.0), (b.hi, b.count as f64)],
                c.stroke_width(k.px(1.0)),
            )
        }))
        .map_err(err)?;
    Ok(())
}

/// The vertical `marks` from 0 to `top` runs, each in its colour and dash, and their legend.
fn draw_marks(chart: &mut XyChart, marks: &[Mark], top: f64, k: Px) -> Result<(), String> {
    for (j, m) in marks.iter().enumerate() {
        let style = colour(j + 1).stroke_width(k.px(2.5));
        let path = vec![(m.value, 0.0), (m.value, top)];
        match dash_lengths(m.dash) {
            None => chart.draw_series(std::iter::once(PathElement::new(path, style))),
            Some((on, off)) => chart.draw_series(std::iter::once(DashedPathElement::new(
                path,
                k.px(on),
                k.px(off),
                style,
            ))),
        }
        .map_err(err)?;
    }
    let entries: Vec<(&str, LegendSwatch)> = marks
        .iter()
        .enumerate()
        .map(|(j, m)| {
            (
                m.label.as_str(),
                LegendSwatch::Line(crate::data::chart_data::LineStyle {
                    colour: j + 1,
                    dash: m.dash,
                    marker: Marker::None,
                }),
            )
        })
        .collect();
    let plotting = chart.plotting_area().strip_coord_spec();
    draw_legend(&plotting, &entries, Corner::UpperRight, k)
}

/// Draws a histogram of runs per bin over `x_desc`, with vertical `marks` (median, p95, ...)
/// named in a legend.
pub fn draw_histogram(
    root: &Area,
    bins: &[crate::data::monte_carlo::Bin],
    marks: &[Mark],
    x_desc: &str,
    k: Px,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(err)?;
    let (Some(first), Some(last)) = (bins.first(), bins.last()) else {
        root.draw(&Text::new(
            "No finished runs yet.".to_string(),
            (k.i(8.0), k.i(20.0)),
            k.font(15.0),
        ))
        .map_err(err)?;
        return root.present().map_err(err);
    };
    let range = x_range(first.lo, last.hi);
    // At least 4 on the count axis, so its whole-number labels do not repeat.
    let count_max = bins.iter().map(|b| b.count).max().unwrap_or(1).max(4) as f64;
    let mut chart = axes(root, range, count_max, x_desc, k)?;
    draw_bins(&mut chart, bins, range, k)?;
    draw_marks(&mut chart, marks, count_max * 1.15, k)?;
    root.present().map_err(err)
}
