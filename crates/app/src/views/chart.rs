//! The chart panel's canvas: draws the active tab's chart ([`crate::views::chart_tabs::ChartTab`])
//! with [`crate::plot`] from the data [`crate::data::chart_data`] builds out of the run.
//!
//! The chart redraws from an effect on `history_version`, which the run loop bumps at most once
//! per animation frame and only when blocks ran, so it never redraws twice in a frame; while
//! playing it also skips frames closer than [`PLAYING_REDRAW_MS`] to the last drawing. Only the
//! active tab's chart is drawn.

use crate::plot::canvas::PlotCanvas;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::data::chart_data;
use crate::plot::{self, Px};
use crate::state::AppState;
use crate::views::chart_tabs::ChartTab;

/// Least time between two redraws while playing, ms.
const PLAYING_REDRAW_MS: f64 = 250.0;

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

/// The LRT symbols and market names of the run, in scenario order.
fn names(state: &AppState) -> (Vec<String>, Vec<String>) {
    state.with_sim(|sim| (sim.lrt_symbols(), sim.market_names()))
}

/// Draws `tab`'s chart on `canvas` at its CSS size times the device pixel ratio.
fn draw(
    canvas: &HtmlCanvasElement,
    size: CanvasSize,
    tab: ChartTab,
    state: &AppState,
) -> Result<(), String> {
    let CanvasSize { w, h, dpr } = size;
    let (pw, ph) = ((w * dpr) as u32, (h * dpr) as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    // Small canvases (1024 x 768 screens) get slightly smaller type so axis titles fit.
    let k = Px {
        dpr,
        scale: if h < 260.0 { 0.87 } else { 1.0 },
    };
    let backend = PlotCanvas::new(canvas).ok_or("the canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    let (symbols, markets) = names(state);
    match tab {
        ChartTab::PriceNav => {
            let p = state.with_sim(|sim| chart_data::price_nav(sim.history(), &symbols));
            plot::draw_lines(&root, &p, k)
        }
        ChartTab::Markets => {
            let p = state.with_sim(|sim| chart_data::market_losses(sim.history(), &markets));
            plot::draw_lines(&root, &p, k)
        }
        ChartTab::AvsSecurity => {
            let p = state
                .published
                .avs_security
                .with_untracked(|a| chart_data::avs_security(a));
            let block = state.published.metrics.with_untracked(|m| m.block);
            let caption = format!(
                "At block {}: an AVS is secure while its cost of corruption ≥ its profit",
                crate::data::format::grouped(block)
            );
            plot::draw_bars(&root, &p, &caption, k)
        }
        ChartTab::HealthFactors => {
            let p = state
                .published
                .metrics
                .with_untracked(|m| chart_data::hf_distribution(m, &markets));
            let block = state.published.metrics.with_untracked(|m| m.block);
            let caption = format!(
                "Open loans by health factor at block {}",
                crate::data::format::grouped(block)
            );
            plot::draw_bars(&root, &p, &caption, k)
        }
        ChartTab::Losses => {
            let p = state.with_sim(|sim| chart_data::losses_by_layer(sim.history()));
            draw_line_plot(canvas, &root, &p, k, "No losses yet.")
        }
        ChartTab::YieldLoss => {
            let p = state.with_sim(|sim| chart_data::yield_vs_loss(sim.history()));
            draw_line_plot(canvas, &root, &p, k, "No staker path has stake.")
        }
        ChartTab::Insurance => {
            let p = state
                .with_sim(|sim| crate::data::chart_data_risk::insurance(sim.history(), &symbols));
            draw_line_plot(
                canvas,
                &root,
                &p,
                k,
                "No cover pool here (editor: LRT → Insurance).",
            )
        }
        ChartTab::Leverage => {
            let p = state.with_sim(|sim| crate::data::chart_data_risk::leverage(sim.history()));
            draw_line_plot(canvas, &root, &p, k, "No stake.")
        }
        ChartTab::MonteCarlo => Ok(()),
    }
}

/// Draws a line plot whose series may all be absent (no loss yet, no path with stake), and
/// names the series drawn in the canvas's `data-series` (labels joined by " | ") for tests.
fn draw_line_plot(
    canvas: &HtmlCanvasElement,
    root: &DrawingArea<PlotCanvas, plotters::coord::Shift>,
    p: &chart_data::LinePlot,
    k: Px,
    empty: &str,
) -> Result<(), String> {
    let labels: Vec<&str> = p
        .panels
        .iter()
        .flat_map(|pl| pl.lines.iter().map(|l| l.label.as_str()))
        .collect();
    let _ = canvas.set_attribute("data-series", &labels.join(" | "));
    plot::draw_lines(root, p, k)?;
    if labels.is_empty() {
        plot::draw_note(root, empty, k)?;
    }
    Ok(())
}

/// The canvas of chart `tab` (drawn while it is the active tab).
#[component]
pub fn Chart(tab: ChartTab) -> impl IntoView {
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
        state.published.history_version.track();
        resized.track();
        let Some(el) = canvas.get() else { return };
        let now = crate::run_loop::now_ms();
        if state.run.playing.get_untracked() && now - last_drawn.get_value() < PLAYING_REDRAW_MS {
            return;
        }
        last_drawn.set_value(now);
        let sz = size.get_value().unwrap_or_else(|| {
            let m = measure(&el);
            size.set_value(Some(m));
            m
        });
        if let Err(e) = draw(&el, sz, tab, &state) {
            leptos::logging::warn!("chart not drawn: {e}");
        }
    });

    view! {
        <canvas
            node_ref=canvas
            class="chart"
            data-testid=tab.canvas_testid()
            role="img"
            aria-label=tab.description()
        ></canvas>
    }
}
