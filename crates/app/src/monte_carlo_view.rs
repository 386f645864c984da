//! The Monte Carlo panel (a chart tab): N seeds of the current scenario, with the faults
//! injected so far, run to a chosen block on the page's main thread, a time slice per
//! animation frame ([`SLICE_MS`], less while the main run plays), so the page never freezes.
//! Shows progress, can be cancelled, and draws the distribution of the chosen loss metric as
//! a histogram with its median, p95 and worst run in words.
//!
//! The runs are [`crate::monte_carlo::MonteCarlo`]; [`McState`] is in context so the runs go
//! on while another tab is shown.

use crate::canvas::PlotCanvas;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use restake_engine::batch::Outcome;

use crate::chart_data::Dash;
use crate::monte_carlo::{
    self, describe, histogram, quantiles, Config, LossMetric, MonteCarlo, BLOCK_CHOICES,
    DEFAULT_BLOCKS, DEFAULT_RUNS, RUN_CHOICES,
};
use crate::plot::{self, Mark, Px};
use crate::state::AppState;

/// Wall time the runs may take per animation frame while the main run is paused, ms.
pub const SLICE_MS: f64 = 10.0;
/// The same while the main run plays: it has the frame's first [`crate::run_loop::BUDGET_MS`].
pub const SLICE_PLAYING_MS: f64 = 4.0;

/// The panel's state; `Copy` (arena handles), provided as context by the app.
#[derive(Clone, Copy)]
pub struct McState {
    runner: StoredValue<Option<MonteCarlo>, LocalStorage>,
    pub running: RwSignal<bool>,
    /// Share of the work done, 0 to 1.
    pub progress: RwSignal<f64>,
    /// Finished runs, in seed order (refreshed as each run finishes).
    pub outcomes: RwSignal<Vec<Outcome>>,
    pub runs: RwSignal<u32>,
    pub to_block: RwSignal<u64>,
    pub metric: RwSignal<LossMetric>,
    /// What the results are of ("oracle-cascade, seeds 42–91, to block 7,200"), or a
    /// cancellation or error note.
    pub about: RwSignal<String>,
    pub status: RwSignal<String>,
    started_ms: StoredValue<f64>,
}

impl McState {
    pub fn new() -> McState {
        McState {
            runner: StoredValue::new_local(None),
            running: RwSignal::new(false),
            progress: RwSignal::new(0.0),
            outcomes: RwSignal::new(Vec::new()),
            runs: RwSignal::new(DEFAULT_RUNS),
            to_block: RwSignal::new(DEFAULT_BLOCKS),
            metric: RwSignal::new(LossMetric::BadDebt),
            about: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
            started_ms: StoredValue::new(0.0),
        }
    }

    /// Starts N runs of `app`'s scenario with its injected faults, seeds from `app`'s seed.
    pub fn start(&self, app: &AppState) {
        let config = Config {
            runs: self.runs.get_untracked(),
            to_block: self.to_block.get_untracked(),
            base_seed: app.seed.get_untracked(),
        };
        let made = app.with_sim(|sim| {
            MonteCarlo::new(sim.scenario().clone(), sim.injected(), config.clone())
                .map(|mc| (mc, sim.scenario().name.clone(), sim.injected().len()))
        });
        match made {
            Ok((mc, name, faults)) => {
                let last = config.base_seed + config.runs as u64 - 1;
                let injected = match faults {
                    0 => String::new(),
                    n => format!(", with the {n} fault(s) injected at their blocks"),
                };
                self.about.set(format!(
                    "{name}: seeds {}–{last}, each run to block {}{injected}.",
                    config.base_seed,
                    crate::format::grouped(config.to_block)
                ));
                self.runner.set_value(Some(mc));
                self.outcomes.set(Vec::new());
                self.progress.set(0.0);
                self.status.set("Running…".into());
                self.started_ms.set_value(crate::run_loop::now_ms());
                self.running.set(true);
            }
            Err(e) => self.status.set(format!("Cannot run: {e}")),
        }
    }

    /// Stops the runs; the finished ones stay shown.
    pub fn cancel(&self) {
        self.runner.set_value(None);
        self.running.set(false);
        let n = self.outcomes.with_untracked(Vec::len);
        self.status.set(format!(
            "Cancelled after {n} of {} runs; the histogram shows the finished ones.",
            self.runs.get_untracked()
        ));
    }

    /// One frame's slice of work, at most `budget_ms`.
    fn frame(&self, budget_ms: f64) {
        let start = crate::run_loop::now_ms();
        let result = self.runner.try_update_value(|r| {
            r.as_mut().map(|mc| {
                let before = mc.outcomes().len();
                let (_, refused) = mc.work(|| crate::run_loop::now_ms() - start > budget_ms);
                let finished = (mc.outcomes().len() != before).then(|| mc.outcomes().to_vec());
                (mc.progress(), finished, mc.done(), refused)
            })
        });
        let Some(Some((progress, finished, done, refused))) = result else {
            return;
        };
        self.progress.set(progress);
        if let Some(o) = finished {
            self.outcomes.set(o);
        }
        if let Some(e) = refused {
            self.status
                .set(format!("A fault was refused in a run and skipped: {e}"));
        }
        if done {
            self.runner.set_value(None);
            self.running.set(false);
            let s = (crate::run_loop::now_ms() - self.started_ms.get_value()) / 1000.0;
            self.status.set(format!(
                "Done: {} runs in {s:.1} s.",
                self.outcomes.with_untracked(Vec::len)
            ));
        }
    }
}

impl Default for McState {
    fn default() -> Self {
        McState::new()
    }
}

/// The frame loop of the runs: idle (one check a frame) unless runs are in progress.
pub fn start_loop(mc: McState, app: AppState) {
    fn frame(mc: McState, app: AppState) {
        let Some(running) = mc.running.try_get_untracked() else {
            return;
        };
        if running {
            let budget = if app.playing.get_untracked() {
                SLICE_PLAYING_MS
            } else {
                SLICE_MS
            };
            mc.frame(budget);
        }
        request_animation_frame(move || frame(mc, app));
    }
    request_animation_frame(move || frame(mc, app));
}

fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    outcomes: &[Outcome],
    metric: LossMetric,
) -> Result<(), String> {
    let (_, _, dpr) = plot::fit_canvas(canvas, 200, 120);
    let values: Vec<f64> = outcomes.iter().map(|o| metric.value(o)).collect();
    let bins = histogram(&values, monte_carlo::BINS);
    let marks = quantiles(outcomes, metric).map_or_else(Vec::new, |q| {
        vec![
            Mark {
                value: q.median,
                label: format!("median {}", metric.format(q.median)),
                dash: Dash::Solid,
            },
            Mark {
                value: q.p95,
                label: format!("p95 {}", metric.format(q.p95)),
                dash: Dash::Dashed,
            },
            Mark {
                value: q.worst,
                label: format!("worst {}", metric.format(q.worst)),
                dash: Dash::Dotted,
            },
        ]
    });
    let backend = PlotCanvas::new(canvas).ok_or("the canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    let x_desc = format!("{} at the last block ({})", metric.label(), metric.unit());
    plot::draw_histogram(&root, &bins, &marks, &x_desc, Px { dpr, scale: 1.0 })
}

/// The panel: controls, progress, histogram and the quantiles in words.
#[component]
pub fn MonteCarloPanel() -> impl IntoView {
    let app = expect_context::<AppState>();
    let mc = expect_context::<McState>();
    let canvas = NodeRef::<Canvas>::new();
    let counts = move || {
        let metric = mc.metric.get();
        mc.outcomes.with(|o| {
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
        mc.outcomes.track();
        let Some(el) = canvas.get() else { return };
        if let Err(e) = mc.outcomes.with_untracked(|o| draw(&el, o, metric)) {
            leptos::logging::warn!("chart not drawn: {e}");
        }
    });
    let summary = move || {
        let metric = mc.metric.get();
        mc.outcomes
            .with(|o| quantiles(o, metric).map(|q| describe(&q, metric)))
            .unwrap_or_else(|| "No finished runs yet: press Run.".into())
    };
    let percent = move || (mc.progress.get() * 100.0).round();
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
                <label>"to block"
                    <select data-testid="mc-blocks" on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse() { mc.to_block.set(n) }
                    }>
                        {BLOCK_CHOICES.map(|n| view! {
                            <option value=n selected=move || mc.to_block.get() == n>
                                {format!("{} ({})", crate::format::grouped(n), crate::format::span(n))}
                            </option>
                        })}
                    </select>
                </label>
                <label>"Metric"
                    <select data-testid="mc-metric" on:change=move |ev| {
                        if let Some(m) = LossMetric::from_id(&event_target_value(&ev)) { mc.metric.set(m) }
                    }>
                        {LossMetric::ALL.map(|m| view! {
                            <option value=m.id() selected=move || mc.metric.get() == m>{format!("{} ({})", m.label(), m.unit())}</option>
                        })}
                    </select>
                </label>
                <Show when=move || mc.running.get() fallback=move || view! {
                    <button class="btn btn-small btn-primary" data-testid="mc-start" title="Run the current scenario with many seeds" on:click=move |_| mc.start(&app)>"▶ Run"</button>
                }>
                    <button class="btn btn-small" data-testid="mc-cancel" on:click=move |_| mc.cancel()>"■ Cancel"</button>
                </Show>
            </div>
            <div class="mc-status">
                <progress data-testid="mc-progress" max="100" value=percent></progress>
                <span data-testid="mc-status">{move || format!("{}% · {}", percent(), mc.status.get())}</span>
                <span class="mc-about" data-testid="mc-about">{move || mc.about.get()}</span>
            </div>
            <p class="mc-result" data-testid="mc-result" data-runs=move || mc.outcomes.with(Vec::len)>{summary}</p>
            <div class="mc-chart-box">
                <canvas node_ref=canvas class="chart" data-testid="monte-carlo-chart" data-counts=counts
                    role="img" aria-label="Histogram of the chosen loss metric over the runs, with median, p95 and worst marked"></canvas>
            </div>
        </div>
    }
}
