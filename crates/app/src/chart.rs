//! The price chart: the LRT's market price against its NAV, and cumulative liquidations below,
//! drawn with plotters on a `<canvas>`.
//!
//! The chart redraws from an effect on `history_version`, which the run loop bumps at most once
//! per animation frame and only when blocks ran, so it never redraws twice in a frame; while
//! playing it also skips frames closer than [`PLAYING_REDRAW_MS`] to the last drawing.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use restake_engine::BlockMetrics;
use web_sys::HtmlCanvasElement;

use crate::state::AppState;

/// Least time between two redraws while playing, ms.
const PLAYING_REDRAW_MS: f64 = 250.0;

/// Most points drawn per line; longer histories are sampled evenly.
pub const MAX_POINTS: usize = 600;

const NAV_COLOUR: RGBColor = RGBColor(31, 95, 191);
const PRICE_COLOUR: RGBColor = RGBColor(204, 51, 17);
const LIQ_COLOUR: RGBColor = RGBColor(120, 30, 120);
const GRID: RGBColor = RGBColor(225, 225, 225);
const INK: RGBColor = RGBColor(20, 20, 20);

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

/// Price axis range: both lines with a margin, at least 0.02 ETH tall so noise stays flat.
fn price_range(points: &[&BlockMetrics]) -> (f64, f64) {
    let (lo, hi) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), m| {
        (
            lo.min(m.lrt_price).min(m.lrt_nav),
            hi.max(m.lrt_price).max(m.lrt_nav),
        )
    });
    if lo > hi {
        return (0.98, 1.02);
    }
    let pad = ((hi - lo) * 0.08).max(0.01);
    (lo - pad, hi + pad)
}

/// The canvas's CSS size and the device pixel ratio. Reading them forces a layout, so the
/// chart reads them once and again only after a resize.
#[derive(Clone, Copy, Debug, PartialEq)]
struct CanvasSize {
    w: f64,
    h: f64,
    dpr: f64,
}

fn measure(canvas: &HtmlCanvasElement) -> CanvasSize {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    CanvasSize {
        w: canvas.client_width().max(200) as f64,
        h: canvas.client_height().max(150) as f64,
        dpr,
    }
}

/// Draws the chart on `canvas` at its CSS size times the device pixel ratio.
fn draw(
    canvas: &HtmlCanvasElement,
    size: CanvasSize,
    history: &[BlockMetrics],
    symbol: &str,
) -> Result<(), String> {
    let CanvasSize { w, h, dpr } = size;
    let (pw, ph) = ((w * dpr) as u32, (h * dpr) as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    let px = |v: f64| (v * dpr) as u32;
    // Small canvases (1024 x 768 screens) get slightly smaller type so axis titles fit.
    let scale = if h < 260.0 { 0.87 } else { 1.0 };
    let font = |size: f64| ("sans-serif", size * scale * dpr).into_font().color(&INK);

    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("the canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    // The liquidation strip keeps a readable height on small canvases.
    let strip = (h * 0.36).clamp(90.0, 140.0).min(h * 0.5);
    let (top, bottom) = root.split_vertically(px(h - strip));

    let points = downsample(history);
    let x_max = points.last().map_or(1, |m| m.block).max(100) as f64;
    let (y_lo, y_hi) = price_range(&points);

    let mut chart = ChartBuilder::on(&top)
        .margin_top(px(10.0))
        .margin_right(px(16.0))
        .x_label_area_size(px(34.0))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(0f64..x_max, y_lo..y_hi)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| crate::format::grouped(*v as u64))
        .y_label_formatter(&|v| format!("{v:.3}"))
        .label_style(font(14.0))
        .axis_desc_style(font(15.0))
        .y_desc(format!("ETH per {symbol}"))
        .draw()
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(LineSeries::new(
            points.iter().map(|m| (m.block as f64, m.lrt_nav)),
            NAV_COLOUR.stroke_width(px(3.0)),
        ))
        .map_err(|e| e.to_string())?
        .label("NAV (backing per token)")
        .legend(move |(x, y)| {
            PathElement::new(
                vec![(x, y), (x + px(22.0) as i32, y)],
                NAV_COLOUR.stroke_width(px(3.0)),
            )
        });
    chart
        .draw_series(LineSeries::new(
            points.iter().map(|m| (m.block as f64, m.lrt_price)),
            PRICE_COLOUR.stroke_width(px(3.0)),
        ))
        .map_err(|e| e.to_string())?
        .label("Market price (pool)")
        .legend(move |(x, y)| {
            PathElement::new(
                vec![(x, y), (x + px(22.0) as i32, y)],
                PRICE_COLOUR.stroke_width(px(3.0)),
            )
        });
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .label_font(font(14.0))
        .draw()
        .map_err(|e| e.to_string())?;

    let liq_max = points.last().map_or(0, |m| m.liquidations).max(4) as f64;
    let mut liq = ChartBuilder::on(&bottom)
        .margin_right(px(16.0))
        .margin_top(px(24.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(0f64..x_max, 0f64..liq_max * 1.1)
        .map_err(|e| e.to_string())?;
    liq.configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(6)
        .y_labels(3)
        .x_label_formatter(&|v| crate::format::grouped(*v as u64))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style(font(14.0))
        .axis_desc_style(font(15.0))
        .x_desc("block (12 s each)")
        .draw()
        .map_err(|e| e.to_string())?;
    // A title inside the strip instead of a rotated axis label, which would not fit its height.
    bottom
        .draw(&Text::new(
            "Liquidations (count, cumulative)",
            (px(72.0) as i32, px(4.0) as i32),
            font(14.0).color(&LIQ_COLOUR),
        ))
        .map_err(|e| e.to_string())?;
    liq.draw_series(LineSeries::new(
        points
            .iter()
            .map(|m| (m.block as f64, m.liquidations as f64)),
        LIQ_COLOUR.stroke_width(px(3.0)),
    ))
    .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}

/// The chart panel's canvas.
#[component]
pub fn Chart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let canvas = NodeRef::<Canvas>::new();
    // A resize changes the canvas's CSS size, which only a redraw picks up.
    let size = StoredValue::new(None::<CanvasSize>);
    let resized = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        size.set_value(None);
        resized.update(|n| *n += 1);
    });
    on_cleanup(move || handle.remove());
    // Wall time of the last drawing, ms. While playing the chart redraws at most
    // `1000 / PLAYING_REDRAW_MS` times a second: plotters measures every label through the DOM
    // (a forced layout each), and a line chart looks no smoother at 60 redraws a second.
    let last_drawn = StoredValue::new(f64::MIN);

    Effect::new(move |_| {
        state.history_version.track();
        resized.track();
        let Some(el) = canvas.get() else { return };
        let now = web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now());
        if state.playing.get_untracked() && now - last_drawn.get_value() < PLAYING_REDRAW_MS {
            return;
        }
        last_drawn.set_value(now);
        let sz = size.get_value().unwrap_or_else(|| {
            let m = measure(&el);
            size.set_value(Some(m));
            m
        });
        let symbol = state.lrt_symbol.get_untracked();
        let result = state.with_sim(|sim| draw(&el, sz, sim.history(), &symbol));
        if let Err(e) = result {
            leptos::logging::warn!("chart not drawn: {e}");
        }
    });

    view! {
        <canvas
            node_ref=canvas
            class="chart"
            data-testid="chart"
            role="img"
            aria-label="LRT market price and NAV in ETH per token over blocks, and cumulative liquidations"
        ></canvas>
    }
}
