//! A small plotters line chart on a `<canvas>`: a few labelled series over blocks, with a
//! legend. Used by the inspector (one node's history) and compare mode (two runs overlaid).
//!
//! [`MiniChart`] redraws when its `series` signal changes, at most every [`REDRAW_MS`] while
//! the run plays; the points are thinned to [`MAX_POINTS`] per series.

use crate::plot::canvas::PlotCanvas;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

/// Least time between two redraws, ms.
const REDRAW_MS: f64 = 250.0;
pub const MAX_POINTS: usize = 300;

const GRID: RGBColor = RGBColor(225, 225, 225);
const INK: RGBColor = RGBColor(20, 20, 20);
/// Series colours in order: blue, red, purple, green (dashed look is not available in
/// plotters' canvas backend, so the legend names each line).
pub const COLOURS: [RGBColor; 4] = [
    RGBColor(31, 95, 191),
    RGBColor(204, 51, 17),
    RGBColor(120, 30, 120),
    RGBColor(27, 127, 59),
];

/// One line: its legend label and its (block, value) points.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// What one chart shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartData {
    pub y_desc: String,
    pub series: Vec<Series>,
}

/// At most [`MAX_POINTS`] of `p`, evenly spaced, keeping the last.
pub fn thin(p: &[(f64, f64)]) -> Vec<(f64, f64)> {
    if p.len() <= MAX_POINTS {
        return p.to_vec();
    }
    let stride = p.len().div_ceil(MAX_POINTS - 1);
    let mut v: Vec<(f64, f64)> = p.iter().step_by(stride).copied().collect();
    if v.last() != p.last() {
        v.extend(p.last());
    }
    v
}

/// The y range of all series with a margin; at least `min_span` tall.
pub fn y_range(series: &[Series], min_span: f64) -> (f64, f64) {
    let (lo, hi) = series
        .iter()
        .flat_map(|s| s.points.iter())
        .filter(|p| p.1.is_finite())
        .fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    if lo > hi {
        return (0.0, 1.0);
    }
    // Flat lines of large values get a span of 2% of their size, so axis labels differ.
    let pad = ((hi - lo) * 0.1)
        .max(min_span / 2.0)
        .max(hi.abs().max(lo.abs()) * 0.01);
    (lo - pad, hi + pad)
}

fn draw(canvas: &HtmlCanvasElement, data: &ChartData) -> Result<(), String> {
    let (_, _, dpr) = crate::plot::fit_canvas(canvas, 160, 100);
    let px = |v: f64| (v * dpr) as u32;
    let font = |size: f64| ("sans-serif", size * dpr).into_font().color(&INK);
    let backend = PlotCanvas::new(canvas).ok_or("the canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let series: Vec<Series> = data
        .series
        .iter()
        .map(|s| Series {
            label: s.label.clone(),
            points: thin(&s.points),
        })
        .collect();
    let x_max = series
        .iter()
        .filter_map(|s| s.points.last().map(|p| p.0))
        .fold(100.0, f64::max);
    let (lo, hi) = y_range(&series, 1e-3);
    let mut chart = ChartBuilder::on(&root)
        .margin(px(6.0))
        .margin_right(px(12.0))
        .x_label_area_size(px(22.0))
        .y_label_area_size(px(52.0))
        .build_cartesian_2d(0f64..x_max, lo..hi)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(4)
        .y_labels(4)
        .x_label_formatter(&|v| crate::data::format::grouped(*v as u64))
        .y_label_formatter(&|v| crate::plot::fmt_axis(*v))
        .label_style(font(12.0))
        .axis_desc_style(font(12.0))
        .y_desc(data.y_desc.as_str())
        .draw()
        .map_err(|e| e.to_string())?;
    for (k, s) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        chart
            .draw_series(LineSeries::new(
                s.points.iter().copied(),
                colour.stroke_width(px(2.0)),
            ))
            .map_err(|e| e.to_string())?
            .label(s.label.clone())
            .legend(move |(x, y)| {
                PathElement::new(
                    vec![(x, y), (x + px(16.0) as i32, y)],
                    colour.stroke_width(px(3.0)),
                )
            });
    }
    if !series.is_empty() {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(GRID)
            .label_font(font(12.0))
            .draw()
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}

/// A canvas that draws `data`; `label` is its accessible description.
#[component]
pub fn MiniChart(
    #[prop(into)] data: Signal<ChartData>,
    label: String,
    testid: &'static str,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let last = StoredValue::new(f64::MIN);
    let scheduled = StoredValue::new(false);
    let pending = RwSignal::new(0u32);
    Effect::new(move |_| {
        data.track();
        pending.track();
        let Some(el) = canvas.get() else { return };
        let now = crate::run_loop::now_ms();
        let wait = REDRAW_MS - (now - last.get_value());
        if wait > 0.0 {
            // Too soon: one redraw is scheduled for when the interval has passed.
            if !scheduled.get_value() {
                scheduled.set_value(true);
                set_timeout(
                    move || {
                        scheduled.try_update_value(|s| *s = false);
                        pending.try_update(|n| *n = n.wrapping_add(1));
                    },
                    std::time::Duration::from_millis(wait.ceil() as u64),
                );
            }
            return;
        }
        last.set_value(now);
        if let Err(e) = data.with_untracked(|d| draw(&el, d)) {
            leptos::logging::warn!("chart not drawn: {e}");
        }
    });
    view! { <canvas node_ref=canvas class="mini-chart" data-testid=testid role="img" aria-label=label></canvas> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_the_last_point_and_the_bound() {
        let p: Vec<(f64, f64)> = (0..1_000).map(|i| (i as f64, i as f64)).collect();
        let t = thin(&p);
        assert!(t.len() <= MAX_POINTS);
        assert_eq!(t.last(), p.last());
        assert_eq!(thin(&p[..10]), p[..10].to_vec());
    }

    #[test]
    fn y_range_pads_and_survives_empty_series() {
        assert_eq!(y_range(&[], 1.0), (0.0, 1.0));
        let s = Series {
            label: "a".into(),
            points: vec![(0.0, 1.0), (1.0, 1.0)],
        };
        let (lo, hi) = y_range(&[s], 0.04);
        assert!(lo < 1.0 && hi > 1.0 && (hi - lo - 0.04).abs() < 1e-9);
        let flat = Series {
            label: "b".into(),
            points: vec![(0.0, 89_280.0), (1.0, 89_280.0)],
        };
        let (lo, hi) = y_range(&[flat], 1e-3);
        assert!((hi - lo - 1_785.6).abs() < 1e-6);
    }
}
