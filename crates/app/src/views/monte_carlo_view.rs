//! The Monte Carlo panel (a chart tab): N seeds of the current scenario, with the faults
//! injected so far, run to a chosen block in web workers, one per core
//! ([`crate::mc_runner`]), so the page keeps its frame rate.
//! Shows progress, can be cancelled, and draws the distribution of the chosen loss metric as
//! a histogram with its median, p95 and worst run in words.
//!
//! The runs are [`crate::data::monte_carlo::MonteCarlo`]; [`McState`] is in context so the runs go
//! on while another tab is shown.

use crate::plot::canvas::PlotCanvas;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use restake_engine::batch::{Outcome, OutcomeTracker};

use crate::data::chart_data::Dash;
use crate::data::monte_carlo::{
    self, describe, histogram, quantiles, LossMetric, DEFAULT_BLOCKS, DEFAULT_RUNS, RUN_CHOICES,
};
use crate::mc_runner::McRunner;
use crate::plot::{self, Mark, Px};
use crate::state::RunState;
use crate::views::mc_controls::{start_runs, BlockSelect, RunCancel};
use restake_worker::Kind;

/// The panel's state; `Copy` (arena handles), provided as context by the app.
#[derive(Clone, Copy)]
pub struct McState {
    /// The runs and their progress.
    pub run: McRunner<OutcomeTracker>,
    pub runs: RwSignal<u32>,
    pub to_block: RwSignal<u64>,
    pub metric: RwSignal<LossMetric>,
}

impl McState {
    pub fn new() -> McState {
        McState {
            run: McRunner::new(),
            runs: RwSignal::new(DEFAULT_RUNS),
            to_block: RwSignal::new(DEFAULT_BLOCKS),
            metric: RwSignal::new(LossMetric::BadDebt),
        }
    }

    /// Starts N runs of the current scenario with its injected faults, seeds from the run's
    /// seed.
    pub fn start(&self, run: &RunState) {
        let runs = self.runs.get_untracked();
        let to_block = self.to_block.get_untracked();
        let note = "injected at their blocks";
        start_runs(self.run, run, runs, to_block, Kind::Outcome, note);
    }
}

impl Default for McState {
    fn default() -> Self {
        McState::new()
    }
}

/// The finished runs as `restake sweep` writes them (its CSV row after `run,point`: seed, the
/// metrics, final block, state hash), one run per `;`, for the end-to-end test.
fn sweep_rows(outcomes: &[Outcome]) -> String {
    let row = |o: &Outcome| {
        let metrics: Vec<String> = o.metrics().iter().map(|x| x.to_string()).collect();
        format!(
            "{},{},{},{}",
            o.seed,
            metrics.join(","),
            o.blocks,
            o.state_hash
        )
    };
    outcomes.iter().map(row).collect::<Vec<_>>().join(";")
}

fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    outcomes: &[Outcome],
    metric: LossMetric,
) -> Result<(), String> {
    let values: Vec<f64> = outcomes.iter().map(|o| metric.value(o)).collect();
    let tail = quantiles(outcomes, metric).map(|q| [q.median, q.p95, q.worst]);
    let x_desc = format!("{} at the last block ({})", metric.label(), metric.unit());
    draw_distribution(canvas, &values, tail, |v| metric.format(v), &x_desc)
}

/// Draws `values` as a histogram of [`monte_carlo::BINS`] bins over `x_desc`, with the
/// `tail` (median, p95, worst) marked and labelled by `format`.
pub fn draw_distribution(
    canvas: &web_sys::HtmlCanvasElement,
    values: &[f64],
    tail: Option<[f64; 3]>,
    format: impl Fn(f64) -> String,
    x_desc: &str,
) -> Result<(), String> {
    let (_, _, dpr) = plot::fit_canvas(canvas, 200, 120);
    let bins = histogram(values, monte_carlo::BINS);
    let marks: Vec<Mark> = tail.map_or_else(Vec::new, |t| {
        [
            ("median", Dash::Solid),
            ("p95", Dash::Dashed),
            ("worst", Dash::Dotted),
        ]
        .into_iter()
        .zip(t)
        .map(|((name, dash), value)| Mark {
            value,
            label: format!("{name} {}", format(value)),
            dash,
        })
        .collect()
    });
    let backend = PlotCanvas::new(canvas).ok_or("the canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    plot::draw_histogram(&root, &bins, &marks, x_desc, Px { dpr, scale: 1.0 })
}

/// The panel: controls, progress, histogram and the quantiles in words.
#[component]
pub fn MonteCarloPanel() -> impl IntoView {
    let run = expect_context::<RunState>();
    let mc = expect_context::<McState>();
    let canvas = NodeRef::<Canvas>::new();
    let counts = move || {
        let metric = mc.metric.get();
        mc.run.outcomes.with(|o| {
            let values: Vec<f64> = o.iter().map(|x| metric.value(x)).collect();
            histogram(&values, monte_carlo::BINS)
                .iter()
                .map(|b| b.count.to_string())
                .collect::<Vec<_>>()
                .join(",")
        })
    };
    // Redraws when a run finishes or the metric changes: at most once per finished run.
    Effect::new(move |_| {
        let metric = mc.metric.get();
        mc.run.outcomes.track();
        let Some(el) = canvas.get() else { return };
        if let Err(e) = mc.run.outcomes.with_untracked(|o| draw(&el, o, metric)) {
            leptos::logging::warn!("chart not drawn: {e}");
        }
    });
    let summary = move || {
        let metric = mc.metric.get();
        mc.run
            .outcomes
            .with(|o| quantiles(o, metric).map(|q| describe(&q, metric)))
            .unwrap_or_else(|| "No finished runs yet: press Run.".into())
    };
    let percent = move || (mc.run.progress.get() * 100.0).round();
    view! {
        <div class="monte-carlo" data-testid="monte-carlo">
            <div class="mc-controls">
                <label>"Runs"
                    <select data-testid="mc-runs" on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse() { mc.runs.set(n) }
                    }>
                        {RUN_CHOICES.map(|n| view! { <option value=n selected=move || mc.runs.get() == n>{n}</option> })}
                    </select>
                </label>
                <BlockSelect to_block=mc.to_block prefix="mc"/>
                <label>"Metric"
                    <select data-testid="mc-metric" on:change=move |ev| {
                        if let Some(m) = LossMetric::from_id(&event_target_value(&ev)) { mc.metric.set(m) }
                    }>
                        {LossMetric::ALL.map(|m| view! {
                            <option value=m.id() selected=move || mc.metric.get() == m>{format!("{} ({})", m.label(), m.unit())}</option>
                        })}
                    </select>
                </label>
                <RunCancel running=mc.run.running prefix="mc" label="▶ Run"
                    title="Run the current scenario with many seeds"
                    start=Callback::new(move |()| mc.start(&run))
                    cancel=Callback::new(move |()| mc.run.cancel())/>
            </div>
            <div class="mc-status">
                <progress data-testid="mc-progress" max="100" value=percent></progress>
                <span data-testid="mc-status">{move || format!("{}% · {}", percent(), mc.run.status.get())}</span>
                <span class="mc-about" data-testid="mc-about">{move || mc.run.about.get()}</span>
            </div>
            <p class="mc-result" data-testid="mc-result" data-runs=move || mc.run.outcomes.with(Vec::len)
                data-rows=move || mc.run.outcomes.with(|o| sweep_rows(o))>{summary}</p>
            <div class="mc-chart-box">
                <canvas node_ref=canvas class="chart" data-testid="monte-carlo-chart" data-counts=counts
                    role="img" aria-label="Histogram of the chosen loss metric over the runs, with median, p95 and worst marked"></canvas>
            </div>
        </div>
    }
}
