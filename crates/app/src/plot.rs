//! Draws the chart tabs' plain data ([`crate::chart_data`]) with plotters on a canvas: stacked
//! line panels over blocks, and grouped bars. Lines differ by colour, dash pattern and marker;
//! bars by colour and fill; each panel has a legend and a caption with its unit.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use crate::canvas::PlotCanvas;
use crate::chart_data::{BarPlot, Dash, Fill, Line, LinePlot, Marker, Panel};

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
/// Markers drawn per line (more would cost drawing time and add nothing).
const MARKERS_PER_LINE: usize = 8;

type Area = DrawingArea<PlotCanvas, Shift>;

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

/// The y range of `panel`: from zero for counts and amounts, around the data for prices.
fn y_range(panel: &Panel) -> (f64, f64) {
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

/// A y tick label with as many decimals as an axis spanning `span` needs.
pub fn fmt_tick(v: f64, span: f64) -> String {
    if v.abs() >= 1e6 {
        fmt_axis(v)
    } else if span >= 10.0 || v.abs() >= 1e4 {
        let sign = if v < 0.0 { "-" } else { "" };
        format!("{sign}{}", crate::format::grouped(v.abs().round() as u64))
    } else if span >= 1.0 {
        format!("{v:.1}")
    } else if span >= 0.1 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

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
    let block = |v: &f64| crate::format::grouped(*v as u64);
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

type LineChart<'a> = ChartContext<
    'a,
    PlotCanvas,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

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

/// What a legend entry shows before its label.
#[derive(Clone, Copy)]
enum LegendSwatch {
    Line(crate::chart_data::LineStyle),
    Bar { colour: usize, fill: Fill },
}

/// Where a legend sits in its area.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Corner {
    UpperLeft,
    LowerLeft,
    UpperRight,
    /// All entries side by side along the bottom.
    BottomRow,
}

/// A framed legend in a corner of `area` (pixel coordinates).
fn draw_legend(
    area: &Area,
    entries: &[(&str, LegendSwatch)],
    corner: Corner,
    k: Px,
) -> Result<(), String> {
    if entries.is_empty() {
        return Ok(());
    }
    let font = k.font(13.0);
    let row = k.i(19.0);
    let sample = k.i(30.0);
    let pad = k.i(6.0);
    let widths: Vec<i32> = entries
        .iter()
        .map(|(l, _)| area.estimate_text_size(l, &font).map_or(0, |s| s.0 as i32))
        .collect();
    let widest = widths.iter().copied().max().unwrap_or(0);
    let entry_w = |tw: i32| sample + k.i(8.0) + tw;
    let gap = k.i(18.0);
    let (w, h) = area.dim_in_pixel();
    let in_row = corner == Corner::BottomRow;
    let (width, height) = if in_row {
        let sum: i32 = widths.iter().map(|t| entry_w(*t) + gap).sum();
        (sum - gap + 2 * pad, row + 2 * pad)
    } else {
        (
            entry_w(widest) + 2 * pad,
            row * entries.len() as i32 + 2 * pad,
        )
    };
    let x0 = if corner == Corner::UpperRight {
        w as i32 - width - k.i(6.0)
    } else {
        k.i(6.0)
    };
    let y0 = match corner {
        Corner::LowerLeft => h as i32 - height - k.i(6.0),
        Corner::BottomRow => h as i32 - height,
        _ => k.i(6.0),
    };
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + width, y0 + height)],
        WHITE.mix(0.88).filled(),
    ))
    .map_err(err)?;
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + width, y0 + height)],
        GRID.stroke_width(1),
    ))
    .map_err(err)?;
    let mut sx = x0 + pad;
    for (j, (label, swatch)) in entries.iter().enumerate() {
        let y = if in_row {
            y0 + pad + row / 2
        } else {
            y0 + pad + row * j as i32 + row / 2
        };
        match *swatch {
            LegendSwatch::Line(s) => {
                let c = colour(s.colour);
                let style = c.stroke_width(k.px(2.5));
                let path = vec![(sx, y), (sx + sample, y)];
                match dash_lengths(s.dash) {
                    None => area.draw(&PathElement::new(path, style)).map_err(err)?,
                    Some((on, off)) => area
                        .draw(&DashedPathElement::new(path, k.px(on), k.px(off), style))
                        .map_err(err)?,
                }
                let shape = marker_shape(s.marker, k.i(4.0));
                if !shape.is_empty() {
                    area.draw(
                        &(EmptyElement::at((sx + sample / 2, y)) + Polygon::new(shape, c.filled())),
                    )
                    .map_err(err)?;
                }
            }
            LegendSwatch::Bar { colour: ci, fill } => {
                let rect = [
                    (sx + k.i(6.0), y - k.i(6.0)),
                    (sx + sample - k.i(6.0), y + k.i(6.0)),
                ];
                draw_bar(area, rect, ci, fill, k)?;
            }
        }
        area.draw(&Text::new(
            label.to_string(),
            (sx + sample + k.i(8.0), y - k.i(8.0)),
            font.clone(),
        ))
        .map_err(err)?;
        if in_row {
            sx += entry_w(widths[j]) + gap;
        }
    }
    Ok(())
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

/// Draws `plot` on `root`: for each category one bar per series, with value labels, the
/// notes after each category, a legend and the axis titles.
pub fn draw_bars(root: &Area, plot: &BarPlot, caption: &str, k: Px) -> Result<(), String> {
    root.fill(&WHITE).map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    root.draw(&Text::new(
        caption.to_string(),
        (k.i(8.0), k.i(5.0)),
        k.font(14.0),
    ))
    .map_err(err)?;
    if plot.categories.is_empty() || plot.is_empty() {
        return root
            .draw(&Text::new(
                plot.empty.clone(),
                (k.i(8.0), k.i(40.0)),
                k.font(15.0),
            ))
            .map_err(err)
            .and_then(|_| root.present().map_err(err));
    }
    let max = plot
        .series
        .iter()
        .flat_map(|s| s.values.iter())
        .fold(0.0f64, |a, v| a.max(*v))
        .max(1e-9);
    let legend_rows = plot.series.len() as i32;
    let font = k.font(13.0);
    let ns = plot.series.len() as i32;
    let nc = plot.categories.len() as i32;
    if plot.horizontal {
        // Categories top to bottom, names left of the bars, notes right of them.
        let name_w = plot
            .categories
            .iter()
            .map(|c| root.estimate_text_size(c, &font).map_or(0, |s| s.0 as i32))
            .max()
            .unwrap_or(0)
            + k.i(12.0);
        let note_w = k.i(92.0);
        let top = k.i(26.0);
        let bottom = h - k.i(31.0) - k.i(24.0);
        let left = name_w;
        let right = w - note_w;
        let band = (bottom - top) / nc.max(1);
        let bar = ((band - k.i(4.0)) / ns).max(3);
        let scale = (right - left - k.i(56.0)) as f64 / max;
        for (ci, name) in plot.categories.iter().enumerate() {
            let y = top + band * ci as i32;
            root.draw(&Text::new(
                name.clone(),
                (k.i(6.0), y + band / 2 - k.i(8.0)),
                font.clone(),
            ))
            .map_err(err)?;
            for (si, s) in plot.series.iter().enumerate() {
                let v = s.values.get(ci).copied().unwrap_or(0.0);
                let y0 = y + k.i(2.0) + bar * si as i32;
                let x1 = left + (v * scale) as i32;
                draw_bar(
                    root,
                    [(left, y0), (x1.max(left + 1), y0 + bar - k.i(1.0))],
                    s.colour,
                    s.fill,
                    k,
                )?;
                root.draw(&Text::new(
                    fmt_value(v),
                    (x1 + k.i(4.0), y0 + bar / 2 - k.i(6.5)),
                    k.font(11.0),
                ))
                .map_err(err)?;
            }
            if let Some(note) = plot.notes.get(ci) {
                root.draw(&Text::new(
                    note.clone(),
                    (right + k.i(4.0), y + band / 2 - k.i(8.0)),
                    font.clone(),
                ))
                .map_err(err)?;
            }
        }
        root.draw(&PathElement::new(
            vec![(left, top), (left, bottom)],
            INK.stroke_width(1),
        ))
        .map_err(err)?;
        root.draw(&Text::new(
            format!("{} (bars start at 0)", plot.value_desc),
            (left, bottom + k.i(4.0)),
            k.font(14.0),
        ))
        .map_err(err)?;
    } else {
        // Categories left to right along the bottom, counts up.
        let left = k.i(56.0);
        let right = w - k.i(16.0);
        let top = k.i(30.0) + legend_rows * k.i(19.0) + k.i(14.0);
        let bottom = h - k.i(48.0);
        let band = (right - left) / nc.max(1);
        let bar = ((band - k.i(12.0)) / ns).max(2);
        let scale = (bottom - top - k.i(18.0)) as f64 / max;
        for (ci, name) in plot.categories.iter().enumerate() {
            let x = left + band * ci as i32;
            for (si, s) in plot.series.iter().enumerate() {
                let v = s.values.get(ci).copied().unwrap_or(0.0);
                let x0 = x + k.i(6.0) + bar * si as i32;
                let y1 = bottom - (v * scale) as i32;
                draw_bar(
                    root,
                    [(x0, y1.min(bottom - 1)), (x0 + bar - k.i(2.0), bottom)],
                    s.colour,
                    s.fill,
                    k,
                )?;
                root.draw(&Text::new(
                    fmt_value(v),
                    (x0 + k.i(2.0), y1 - k.i(16.0)),
                    k.font(12.0),
                ))
                .map_err(err)?;
            }
            let tw = root
                .estimate_text_size(name, &font)
                .map_or(0, |s| s.0 as i32);
            root.draw(&Text::new(
                name.clone(),
                (x + (band - tw) / 2, bottom + k.i(4.0)),
                font.clone(),
            ))
            .map_err(err)?;
        }
        root.draw(&PathElement::new(
            vec![(left, bottom), (right, bottom)],
            INK.stroke_width(1),
        ))
        .map_err(err)?;
        root.draw(&Text::new(
            plot.category_desc.clone(),
            (left, bottom + k.i(24.0)),
            k.font(14.0),
        ))
        .map_err(err)?;
    }
    // The legend: under the bars when horizontal, above them when vertical.
    let entries: Vec<(&str, LegendSwatch)> = plot
        .series
        .iter()
        .map(|s| {
            (
                s.label.as_str(),
                LegendSwatch::Bar {
                    colour: s.colour,
                    fill: s.fill,
                },
            )
        })
        .collect();
    let (legend_area, corner) = if plot.horizontal {
        (root.clone(), Corner::BottomRow)
    } else {
        (root.margin(k.px(22.0), 0, 0, 0), Corner::UpperLeft)
    };
    draw_legend(&legend_area, &entries, corner, k)?;
    root.present().map_err(err)
}

/// A vertical line of a histogram: its value, label and dash.
pub struct Mark {
    pub value: f64,
    pub label: String,
    pub dash: Dash,
}

/// Draws a histogram of runs per bin over `x_desc`, with vertical `marks` (median, p95, ...)
/// named in a legend.
pub fn draw_histogram(
    root: &Area,
    bins: &[crate::monte_carlo::Bin],
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
    // One bin (every run equal) gets a visible width around its value.
    let (mut lo, mut hi) = (first.lo, last.hi);
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        let half = (hi.abs() * 0.05).max(0.5);
        // Amounts and counts never go below zero on the axis.
        let floor = if lo >= 0.0 { 0.0 } else { f64::MIN };
        (lo, hi) = ((lo - half).max(floor), hi + half);
    }
    // At least 4 on the count axis, so its whole-number labels do not repeat.
    let count_max = bins.iter().map(|b| b.count).max().unwrap_or(1).max(4) as f64;
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
    let top = count_max * 1.15;
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
                LegendSwatch::Line(crate::chart_data::LineStyle {
                    colour: j + 1,
                    dash: m.dash,
                    marker: Marker::None,
                }),
            )
        })
        .collect();
    let plotting = chart.plotting_area().strip_coord_spec();
    draw_legend(&plotting, &entries, Corner::UpperRight, k)?;
    root.present().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_have_distinct_shapes() {
        let counts: Vec<usize> = [
            Marker::None,
            Marker::Circle,
            Marker::Triangle,
            Marker::Square,
        ]
        .iter()
        .map(|m| marker_shape(*m, 4).len())
        .collect();
        assert_eq!(counts, vec![0, 10, 3, 4]);
        assert_ne!(
            marker_shape(Marker::Square, 4),
            marker_shape(Marker::Diamond, 4)
        );
    }

    #[test]
    fn axis_labels_are_compact() {
        assert_eq!(fmt_axis(0.0), "0");
        assert_eq!(fmt_axis(189_000.0), "189k");
        assert_eq!(fmt_axis(2_500_000.0), "2.5M");
        assert_eq!(fmt_axis(0.9714), "0.971");
        assert_eq!(fmt_tick(14_385.2, 1_400.0), "14,385");
        assert_eq!(fmt_tick(2.5, 4.0), "2.5");
        assert_eq!(fmt_tick(0.95, 0.2), "0.95");
        assert_eq!(fmt_tick(-20.0, 100.0), "-20");
    }

    #[test]
    fn count_axes_start_at_zero_and_prices_hug_the_data() {
        let line = |v: f64| Line {
            label: String::new(),
            style: crate::chart_data::market_style(0),
            points: vec![(0.0, v), (1.0, v)],
        };
        let panel = |from_zero, v| Panel {
            y_desc: String::new(),
            lines: vec![line(v)],
            from_zero,
            weight: 1.0,
            stacked: false,
        };
        assert_eq!(y_range(&panel(true, 0.0)), (0.0, 4.0));
        assert_eq!(y_range(&panel(true, 100.0)).0, 0.0);
        let (lo, hi) = y_range(&panel(false, 0.97));
        assert!(lo > 0.9 && hi < 1.0);
    }
}
