//! Stacked line panels over blocks: each panel with its own y axis, bands, dashes and markers;
//! only the bottom panel carries the block axis.

use plotters::prelude::*;

use super::{
    colour, dash_lengths, draw_legend, err, fmt_tick, marker_shape, Area, Corner, LegendSwatch, Px,
    GRID,
};
use crate::data::chart_data::{Line, LinePlot, Panel};

/// Markers drawn per line (more would cost drawing time and add nothing).
const MARKERS_PER_LINE: usize = 8;

/// The y range of `panel`: from zero for counts and amounts, around the data for prices.
pub(super) fn y_range(panel: &Panel) -> (f64, f64) {
    let (lo, hi) = panel
        .lines
        .iter()
        .flat_map(|l| l.points.iter())
        .filter(|p| p.1.is_finite())
        .fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    if panel.from_zero {
        let hi = if hi > 0.0 { hi * 1.12 } else { 1.0 };
        return (0.0, hi.max(if hi > 4.0 { 0.0 } else { 4.0 }));
    }
    if lo > hi {
        return (0.98, 1.02);
    }
    let pad = ((hi - lo) * 0.08).max(0.01);
    (lo - pad, hi + pad)
}

/// Draws `plot` on `root`: its panels stacked, sharing the block axis.
pub fn draw_lines(root: &Area, plot: &LinePlot, k: Px) -> Result<(), String> {
    root.fill(&WHITE).map_err(err)?;
    let x_max = plot
        .panels
        .iter()
        .flat_map(|p| p.lines.iter())
        .filter_map(|l| l.points.last().map(|p| p.0))
        .fold(100.0, f64::max);
    let (_, h) = root.dim_in_pixel();
    // The bottom panel also holds the block axis: the shares are of the height above it.
    let shared = h as f64 - AXIS_H * k.dpr;
    let total: f64 = plot.panels.iter().map(|p| p.weight).sum();
    let mut breaks = Vec::new();
    let mut acc = 0.0;
    for p in &plot.panels[..plot.panels.len().saturating_sub(1)] {
        acc += p.weight / total;
        breaks.push((shared * acc) as i32);
    }
    let areas = root.split_by_breakpoints::<i32, i32, _, _>([], breaks);
    let last = plot.panels.len().saturating_sub(1);
    for (i, (panel, area)) in plot.panels.iter().zip(areas.iter()).enumerate() {
        draw_panel(area, panel, x_max, i == last, k)?;
    }
    root.present().map_err(err)
}

/// A note over an already drawn plot (e.g. "no losses yet"), just right of the y axis.
pub fn draw_note(root: &Area, text: &str, k: Px) -> Result<(), String> {
    root.draw(&Text::new(
        text.to_string(),
        (k.i(80.0), k.i(40.0)),
        k.font(15.0),
    ))
    .map_err(err)?;
    root.present().map_err(err)
}

/// Height of the block axis under the bottom panel, CSS pixels.
const AXIS_H: f64 = 40.0;

fn draw_panel(area: &Area, panel: &Panel, x_max: f64, bottom: bool, k: Px) -> Result<(), String> {
    let (lo, hi) = y_range(panel);
    let (_, h) = area.dim_in_pixel();
    let plot_h = h as f64 / k.dpr - 22.0 - if bottom { AXIS_H } else { 4.0 };
    let y_labels = ((plot_h / 28.0) as usize).clamp(2, 6);
    let mut chart = ChartBuilder::on(area)
        .margin_top(k.px(22.0))
        .margin_right(k.px(16.0))
        .x_label_area_size(k.px(if bottom { AXIS_H } else { 4.0 }))
        .y_label_area_size(k.px(64.0))
        .build_cartesian_2d(0f64..x_max, lo..hi)
        .map_err(err)?;
    let mut mesh = chart.configure_mesh();
    let span = hi - lo;
    let tick = move |v: &f64| fmt_tick(*v, span);
    let block = |v: &f64| crate::data::format::grouped(*v as u64);
    let no_label = |_: &f64| String::new();
    mesh.light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(6)
        .y_labels(y_labels)
        .x_label_formatter(if bottom { &block } else { &no_label })
        .y_label_formatter(&tick)
        .label_style(k.font(13.0))
        .axis_desc_style(k.font(14.0));
    if bottom {
        mesh.x_desc("block (12 s each)");
    }
    mesh.draw().map_err(err)?;
    // The unit above the y axis: a rotated title would not fit a short panel.
    area.draw(&Text::new(
        panel.y_desc.clone(),
        (k.i(8.0), k.i(5.0)),
        k.font(14.0),
    ))
    .map_err(err)?;
    let n = panel.lines.len();
    if panel.stacked {
        draw_bands(&mut chart, &panel.lines)?;
    }
    for (idx, line) in panel.lines.iter().enumerate() {
        draw_line(&mut chart, line, idx, n, k)?;
    }
    // One line needs no legend: the caption names it (a stacked band's caption does not).
    if n < 2 && !(panel.stacked && n == 1) {
        return Ok(());
    }
    let plotting = chart.plotting_area().strip_coord_spec();
    let entries: Vec<(&str, LegendSwatch)> = panel
        .lines
        .iter()
        .map(|l| (l.label.as_str(), LegendSwatch::Line(l.style)))
        .collect();
    let corner = if panel.from_zero {
        Corner::UpperLeft
    } else {
        Corner::LowerLeft
    };
    draw_legend(&plotting, &entries, corner, k)
}

type LineChart<'a> = super::XyChart<'a>;

/// The pale band under each stacked line, down to the line before it (the first down to zero).
fn draw_bands(chart: &mut LineChart, lines: &[Line]) -> Result<(), String> {
    let mut below: Vec<(f64, f64)> = lines
        .first()
        .map(|l| l.points.iter().map(|p| (p.0, 0.0)).collect())
        .unwrap_or_default();
    for line in lines {
        let mut poly = line.points.clone();
        poly.extend(below.iter().rev().copied());
        chart
            .draw_series(std::iter::once(Polygon::new(
                poly,
                colour(line.style.colour).mix(0.28).filled(),
            )))
            .map_err(err)?;
        below = line.points.clone();
    }
    Ok(())
}

fn draw_line(
    chart: &mut LineChart,
    line: &Line,
    idx: usize,
    n: usize,
    k: Px,
) -> Result<(), String> {
    let c = colour(line.style.colour);
    let style = c.stroke_width(k.px(2.5));
    let pts = line.points.iter().copied();
    match dash_lengths(line.style.dash) {
        None => {
            chart
                .draw_series(LineSeries::new(pts, style))
                .map_err(err)?;
        }
        Some((on, off)) => {
            chart
                .draw_series(DashedLineSeries::new(pts, k.px(on), k.px(off), style))
                .map_err(err)?;
        }
    }
    let shape = marker_shape(line.style.marker, k.i(4.0));
    if shape.is_empty() || line.points.is_empty() {
        return Ok(());
    }
    // A few markers, shifted per line so that overlapping lines show each of theirs.
    let stride = (line.points.len() / MARKERS_PER_LINE).max(1);
    let shift = stride * idx / n.max(1);
    let marks = line
        .points
        .iter()
        .skip(shift)
        .step_by(stride)
        .map(|p| EmptyElement::at(*p) + Polygon::new(shape.clone(), c.filled()));
    chart.draw_series(marks).map_err(err)?;
    Ok(())
}
