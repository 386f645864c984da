//! The position's Monte Carlo card in the playbook view: N seeds (default 20, 1 to 200) of the
//! current scenario with its position and the faults injected so far, run in web workers, one
//! per core, so the page keeps its frame rate ([`crate::mc_runner`]); progress with cancel; the net loss's median,
//! p95 and worst, each channel's median and p95 and the yield stack's medians (ETH), a
//! histogram of the net loss, and the `restake position` command that prints the same numbers.
//! Rows from [`crate::data::position_mc`].

use leptos::html::Canvas;
use leptos::prelude::*;
use restake_engine::batch::fmt_num;
use restake_engine::outcome::{PositionSummary, PositionTracker};

use crate::data::monte_carlo::DEFAULT_BLOCKS;
use crate::data::position_mc::{
    channel_tails, cli_command, net_losses, parse_seeds, summary, yield_medians, DEFAULT_SEEDS,
    MAX_SEEDS, MIN_SEEDS,
};
use crate::mc_runner::McRunner;
use crate::state::RunState;
use crate::views::mc_controls::{start_runs, BlockSelect, RunCancel};
use crate::views::monte_carlo_view::draw_distribution;
use restake_worker::Kind;

/// The card's state; `Copy` (arena handles), provided as context so the runs go on while the
/// network view is shown.
#[derive(Clone, Copy)]
pub struct PositionMcState {
    pub run: McRunner<PositionTracker>,
    /// The seeds control as typed (checked at Run).
    pub seeds_text: RwSignal<String>,
    pub to_block: RwSignal<u64>,
    /// The command that reproduces the shown runs.
    pub cli: RwSignal<String>,
}

impl PositionMcState {
    pub fn new() -> PositionMcState {
        PositionMcState {
            run: McRunner::new(),
            seeds_text: RwSignal::new(DEFAULT_SEEDS.to_string()),
            to_block: RwSignal::new(DEFAULT_BLOCKS),
            cli: RwSignal::new(String::new()),
        }
    }

    /// Starts the runs; a bad seed count or a scenario without a position is reported in the
    /// status and the last results stay.
    pub fn start(&self, run: &RunState) {
        let runs = match parse_seeds(&self.seeds_text.get_untracked()) {
            Ok(n) => n,
            Err(e) => return self.run.status.set(e),
        };
        let to_block = self.to_block.get_untracked();
        let note = "you injected (the CLI runs without them)";
        let Some(config) = start_runs(self.run, run, runs, to_block, Kind::Position, note) else {
            return;
        };
        let preset = run.with_sim(|sim| {
            let s = sim.scenario();
            restake_engine::presets::get(&s.name)
                .ok()
                .filter(|p| p == s)
                .map(|_| s.name.clone())
        });
        self.cli.set(cli_command(
            preset.as_deref(),
            config.base_seed,
            runs,
            config.to_block,
        ));
    }
}

impl Default for PositionMcState {
    fn default() -> Self {
        PositionMcState::new()
    }
}

/// ETH as the CLI prints it.
fn cell(v: f64) -> String {
    fmt_num(v + 0.0)
}

/// The run count, number of blocks and run/cancel buttons, then the progress and status.
#[component]
fn PositionMcControls() -> impl IntoView {
    let run = expect_context::<RunState>();
    let mc = expect_context::<PositionMcState>();
    let done = move || mc.run.outcomes.with(Vec::len);
    let percent = move || (mc.run.progress.get() * 100.0).round();
    view! {
        <div class="mc-controls">
            <label title=format!("How many seeds to run, {MIN_SEEDS} to {MAX_SEEDS}; run i uses seed (the run's seed + i)")>"Seeds"
                <input type="number" min=MIN_SEEDS max=MAX_SEEDS step="1" class="mc-seeds" data-testid="pos-mc-seeds"
                    prop:value=move || mc.seeds_text.get()
                    on:input=move |ev| mc.seeds_text.set(event_target_value(&ev))/>
            </label>
            <BlockSelect to_block=mc.to_block prefix="pos-mc"/>
            <RunCancel running=mc.run.running prefix="pos-mc" label="▶ Run seeds"
                title="Run the current scenario with your position over many seeds"
                start=Callback::new(move |()| mc.start(&run))
                cancel=Callback::new(move |()| mc.run.cancel())/>
        </div>
        <div class="mc-status">
            <progress data-testid="pos-mc-progress" max="100" value=percent></progress>
            <span data-testid="pos-mc-count">{move || format!("{}/{}", done(), mc.run.total.get())}</span>
            <span>" runs · "</span>
            <span data-testid="pos-mc-status">{move || mc.run.status.get()}</span>
            <span class="mc-about" data-testid="pos-mc-about">{move || mc.run.about.get()}</span>
        </div>
    }
}

/// The net loss's median, p95 and worst over the seeds (ETH; "–" before any run finished).
#[component]
fn NetLossTable(summary: Memo<Option<PositionSummary>>) -> impl IntoView {
    let tail_cell = move |testid: &'static str, pick: fn(&restake_engine::outcome::Tail) -> f64| {
        view! {
            <td class="num" data-testid=testid data-eth=move || summary.with(|s| s.as_ref().map_or(String::new(), |s| pick(&s.net_loss_eth).to_string()))>
                {move || summary.with(|s| s.as_ref().map_or("–".to_string(), |s| cell(pick(&s.net_loss_eth))))}
            </td>
        }
    };
    view! {
        <table class="pb-table" data-testid="pos-mc-net">
            <thead><tr><th>"Net loss over the seeds"</th><th class="num">"median"</th><th class="num">"p95"</th><th class="num">"worst"</th></tr></thead>
            <tbody><tr class="pb-total">
                <td>"Net loss (ETH)"</td>
                {tail_cell("pos-mc-net-median", |t| t.median)}
                {tail_cell("pos-mc-net-p95", |t| t.p95)}
                {tail_cell("pos-mc-net-worst", |t| t.worst)}
            </tr></tbody>
        </table>
    }
}

/// Each channel's median and p95 and the yield stack's medians (ETH) beside the histogram.
#[component]
fn PositionMcTables(
    summary: Memo<Option<PositionSummary>>,
    canvas: NodeRef<Canvas>,
) -> impl IntoView {
    view! {
        <div class="pb-mc-grid">
            <table class="pb-table" data-testid="pos-mc-channels">
                <thead><tr><th>"Channel (ETH)"</th><th class="num">"median"</th><th class="num">"p95"</th></tr></thead>
                <tbody>
                    {move || summary.get().map(|s| channel_tails(&s).into_iter().map(|c| view! {
                        <tr data-channel=c.id data-median=c.tail.median.to_string() data-p95=c.tail.p95.to_string()>
                            <td>{c.label}</td><td class="num">{cell(c.tail.median)}</td><td class="num">{cell(c.tail.p95)}</td>
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
            <table class="pb-table" data-testid="pos-mc-yield">
                <thead><tr><th>"Yield stack (ETH)"</th><th class="num">"median"</th></tr></thead>
                <tbody>
                    {move || summary.get().map(|s| yield_medians(&s).into_iter().map(|(label, v)| view! {
                        <tr><td>{label}</td><td class="num">{cell(v)}</td></tr>
                    }).collect_view())}
                </tbody>
            </table>
            <div class="mc-chart-box pb-mc-chart">
                <canvas node_ref=canvas class="chart" data-testid="pos-mc-chart" role="img"
                    aria-label="Histogram of your position's net loss over the seeds, with median, p95 and worst marked"></canvas>
            </div>
        </div>
    }
}

#[component]
pub fn PositionMcCard() -> impl IntoView {
    let mc = expect_context::<PositionMcState>();
    let canvas = NodeRef::<Canvas>::new();
    // A memo: the table, the histogram and the data attributes all read it.
    let summary = Memo::new(move |_| mc.run.outcomes.with(|o| summary(o)));
    Effect::new(move |_| {
        let s = summary.get();
        let Some(el) = canvas.get() else { return };
        let values = mc.run.outcomes.with_untracked(|o| net_losses(o));
        let tail = s.map(|s| {
            [
                s.net_loss_eth.median,
                s.net_loss_eth.p95,
                s.net_loss_eth.worst,
            ]
        });
        if let Err(e) =
            draw_distribution(&el, &values, tail, cell, "Net loss of your position (ETH)")
        {
            leptos::logging::warn!("chart not drawn: {e}");
        }
    });
    view! {
        <div class="pb-card pb-mc" data-testid="position-mc">
            <h3>"Monte Carlo of your position"<span class="hint">" · many seeds of this scenario · ETH"</span></h3>
            <PositionMcControls/>
            <NetLossTable summary/>
            <PositionMcTables summary canvas/>
            <p class="hint pb-mc-cli">"Same numbers from the CLI: "<code data-testid="pos-mc-cli">{move || mc.cli.get()}</code></p>
        </div>
    }
}
