//! Compare mode: two runs of the current preset and seed that differ in one lever (shared vs
//! unique-stake slashing, market vs exchange-rate oracle, veto committees, the liquidation
//! threshold, pool depth), played in lock-step, with their charts overlaid and the difference
//! in losses in one sentence.
//!
//! The lever edits are the engine's plain `Scenario::with_*` functions; [`Lever::apply`] picks
//! the other side of each lever from the scenario as it is. Both runs start at block 0 with the
//! main run's seed, and replay the faults the main run had injected at the same blocks.

use leptos::prelude::*;
use restake_engine::scenario::{OracleKind, SlashingModel};
use restake_engine::{Scenario, ScenarioError, Sim};

use crate::data::format::grouped;
use crate::state::{AppState, MAX_BLOCK};
use crate::views::inspector::metric_series;
use crate::views::mini_chart::{ChartData, MiniChart, Series};

/// One design choice to flip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lever {
    SlashingModel,
    LendingOracle,
    Veto,
    Threshold,
    PoolHalf,
    PoolDouble,
}

impl Lever {
    pub const ALL: [Lever; 6] = [
        Lever::SlashingModel,
        Lever::LendingOracle,
        Lever::Veto,
        Lever::Threshold,
        Lever::PoolHalf,
        Lever::PoolDouble,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Lever::SlashingModel => "slashing-model",
            Lever::LendingOracle => "lending-oracle",
            Lever::Veto => "veto",
            Lever::Threshold => "threshold",
            Lever::PoolHalf => "pool-half",
            Lever::PoolDouble => "pool-double",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Lever::SlashingModel => "Shared vs unique-stake slashing",
            Lever::LendingOracle => "Market vs exchange-rate lending oracle",
            Lever::Veto => "Veto committees on vs off",
            Lever::Threshold => "Liquidation threshold (LLTV) 9 points apart",
            Lever::PoolHalf => "Pool depth: as is vs half",
            Lever::PoolDouble => "Pool depth: as is vs double",
        }
    }

    /// The other run's scenario and the names of both runs (`s` first).
    pub fn apply(self, s: &Scenario) -> (Scenario, String, String) {
        let (b, a_name, b_name) = match self {
            Lever::SlashingModel => match s.slashing_model {
                SlashingModel::Shared => (
                    s.with_slashing_model(SlashingModel::UniqueStake),
                    "Shared security",
                    "Unique stake",
                ),
                SlashingModel::UniqueStake => (
                    s.with_slashing_model(SlashingModel::Shared),
                    "Unique stake",
                    "Shared security",
                ),
            },
            Lever::LendingOracle => match s.lending.oracle {
                OracleKind::ExchangeRate => (
                    s.with_lending_oracle(OracleKind::MarketPrice),
                    "The exchange-rate oracle",
                    "The market-price oracle",
                ),
                OracleKind::MarketPrice | OracleKind::Ema => (
                    s.with_lending_oracle(OracleKind::ExchangeRate),
                    "The market-price oracle",
                    "The exchange-rate oracle",
                ),
            },
            Lever::Veto => {
                if s.avss.iter().any(|a| a.veto.is_some()) {
                    (
                        s.with_veto(false),
                        "With veto committees",
                        "Without veto committees",
                    )
                } else {
                    (
                        s.with_veto(true),
                        "Without veto committees",
                        "With veto committees",
                    )
                }
            }
            Lever::Threshold => {
                let lt = s.lending.liquidation_threshold_bps;
                // Down: a higher threshold would let the loopers' starting health factors need
                // more than the market's LTV (the scenario is refused then).
                let other = lt.saturating_sub(900).max(1_000);
                return (
                    s.with_liquidation_threshold(other),
                    format!("A {:.0}% threshold", lt as f64 / 100.0),
                    format!("A {:.0}% threshold", other as f64 / 100.0),
                );
            }
            Lever::PoolHalf => (
                s.with_pool_depth(5_000),
                "The pool as is",
                "A pool half as deep",
            ),
            Lever::PoolDouble => (
                s.with_pool_depth(20_000),
                "The pool as is",
                "A pool twice as deep",
            ),
        };
        (b, a_name.to_string(), b_name.to_string())
    }
}

/// The losses of one run, for the sentence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunLosses {
    pub block: u64,
    pub slashed_wei: u128,
    pub loans_liquidated: u32,
    pub bad_debt_wei: u128,
}

pub fn outcome(sim: &Sim) -> RunLosses {
    let m = sim.latest();
    RunLosses {
        block: m.block,
        slashed_wei: m.slashed_wei,
        loans_liquidated: sim.loans_liquidated(),
        bad_debt_wei: m.bad_debt_wei,
    }
}

fn eth_words(wei: u128) -> String {
    restake_engine::units::group_thousands((wei + 5 * 10u128.pow(17)) / 10u128.pow(18))
}

/// The difference in one sentence, B against A: "Unique stake slashed 41,000 ETH less and
/// liquidated 12 fewer loops by block 7,200 (against shared security)."
pub fn difference_sentence(a_name: &str, b_name: &str, a: &RunLosses, b: &RunLosses) -> String {
    let slashed = match b.slashed_wei.cmp(&a.slashed_wei) {
        std::cmp::Ordering::Less => {
            format!(
                "slashed {} ETH less",
                eth_words(a.slashed_wei - b.slashed_wei)
            )
        }
        std::cmp::Ordering::Greater => {
            format!(
                "slashed {} ETH more",
                eth_words(b.slashed_wei - a.slashed_wei)
            )
        }
        std::cmp::Ordering::Equal => "slashed the same stake".to_string(),
    };
    let loops = |n: u32| if n == 1 { "loop" } else { "loops" };
    let liquidated = match b.loans_liquidated.cmp(&a.loans_liquidated) {
        std::cmp::Ordering::Less => {
            let n = a.loans_liquidated - b.loans_liquidated;
            format!("liquidated {n} fewer {}", loops(n))
        }
        std::cmp::Ordering::Greater => {
            let n = b.loans_liquidated - a.loans_liquidated;
            format!("liquidated {n} more {}", loops(n))
        }
        std::cmp::Ordering::Equal => "liquidated as many loops".to_string(),
    };
    let bad_debt = if a.bad_debt_wei != b.bad_debt_wei {
        format!(
            ", with {} ETH of bad debt against {}",
            eth_words(b.bad_debt_wei),
            eth_words(a.bad_debt_wei)
        )
    } else {
        String::new()
    };
    let mut a_lower = a_name.to_string();
    if let Some(c) = a_lower.get(0..1) {
        if !a_lower.chars().nth(1).is_some_and(|c| c.is_uppercase()) {
            // `c` is one byte, so ASCII (and no Unicode case tables in the module).
            a_lower = c.to_ascii_lowercase() + &a_lower[1..];
        }
    }
    format!(
        "{b_name} {slashed} and {liquidated} by block {} (against {a_lower}){bad_debt}.",
        grouped(a.block.min(b.block))
    )
}

/// The two runs, and the faults the main run had injected, which both replay at the same
/// blocks.
struct Pair {
    a: Sim,
    b: Sim,
    injected: Vec<restake_engine::sim::Injected>,
}

impl Pair {
    /// One block of each run, after injecting the faults due before it.
    fn step(&mut self) {
        let block = self.a.block();
        for i in self.injected.iter().filter(|i| i.block == block) {
            // Both runs share the AVS, operator and market names, so a fault the main run took
            // is valid in both; a refusal would leave that run without it.
            let _ = self.a.inject(i.fault.clone());
            let _ = self.b.inject(i.fault.clone());
        }
        self.a.step();
        self.b.step();
    }
}

/// Compare mode's state: the two runs outside the reactive graph, and what the view shows.
#[derive(Clone, Copy)]
pub struct CompareState {
    pair: StoredValue<Option<Pair>, LocalStorage>,
    pub open: RwSignal<bool>,
    pub lever: RwSignal<Lever>,
    pub playing: RwSignal<bool>,
    pub names: RwSignal<(String, String)>,
    pub block: RwSignal<u64>,
    pub hashes: RwSignal<(String, String)>,
    pub outcomes: RwSignal<(RunLosses, RunLosses)>,
    /// Bumped when the runs advanced, for the charts.
    pub version: RwSignal<u64>,
}

impl CompareState {
    pub fn new() -> CompareState {
        CompareState {
            pair: StoredValue::new_local(None),
            open: RwSignal::new(false),
            lever: RwSignal::new(Lever::SlashingModel),
            playing: RwSignal::new(false),
            names: RwSignal::new(Default::default()),
            block: RwSignal::new(0),
            hashes: RwSignal::new(Default::default()),
            outcomes: RwSignal::new(Default::default()),
            version: RwSignal::new(0),
        }
    }

    /// Builds both runs from the main run's preset and seed and `lever`, at block 0.
    pub fn rebuild(&self, app: &AppState) {
        self.playing.set(false);
        let lever = self.lever.get_untracked();
        let built: Result<(Pair, String, String), ScenarioError> = app.with_sim(|sim| {
            let (b, a_name, b_name) = lever.apply(sim.scenario());
            Ok((
                Pair {
                    a: Sim::new(sim.scenario().clone(), sim.seed())?,
                    b: Sim::new(b, sim.seed())?,
                    injected: sim.injected().to_vec(),
                },
                a_name,
                b_name,
            ))
        });
        match built {
            Ok((pair, a, b)) => {
                self.pair.set_value(Some(pair));
                self.names.set((a, b));
                self.publish(true);
            }
            Err(e) => app.run.error.set(Some(format!("Cannot compare: {e}"))),
        }
    }

    /// Runs both by up to `blocks` blocks in lock-step, within `budget_ms`.
    pub fn advance(&self, blocks: u32, budget_ms: f64) -> u32 {
        let start = crate::run_loop::now_ms();
        let mut done = 0;
        self.pair.update_value(|p| {
            if let Some(p) = p {
                while done < blocks && p.a.block() < MAX_BLOCK {
                    // One epoch boundary per call at most, as in `AppState::advance`.
                    if done > 0
                        && (p.a.block() + 1).is_multiple_of(restake_engine::units::BLOCKS_PER_EPOCH)
                    {
                        break;
                    }
                    p.step();
                    done += 1;
                    if crate::run_loop::now_ms() - start > budget_ms {
                        break;
                    }
                }
            }
        });
        done
    }

    pub fn publish(&self, with_hash: bool) {
        let snap = self.pair.with_value(|p| {
            p.as_ref().map(|p| {
                (
                    p.a.block(),
                    (outcome(&p.a), outcome(&p.b)),
                    with_hash.then(|| (p.a.state_hash(), p.b.state_hash())),
                )
            })
        });
        if let Some((block, outcomes, hashes)) = snap {
            self.block.set(block);
            self.outcomes.set(outcomes);
            if let Some(h) = hashes {
                self.hashes.set(h);
            }
            self.version.update(|v| *v += 1);
        }
    }

    /// Both runs' `f` as two overlaid series.
    fn chart(&self, y: &str, f: fn(&restake_engine::BlockMetrics) -> f64) -> ChartData {
        let (a_name, b_name) = self.names.get_untracked();
        let series = self.pair.with_value(|p| {
            p.as_ref().map_or_else(Vec::new, |p| {
                vec![
                    Series {
                        label: a_name,
                        points: metric_series(p.a.history(), f),
                    },
                    Series {
                        label: b_name,
                        points: metric_series(p.b.history(), f),
                    },
                ]
            })
        });
        ChartData {
            y_desc: y.to_string(),
            series,
        }
    }
}

impl Default for CompareState {
    fn default() -> Self {
        CompareState::new()
    }
}

/// Starts compare mode's animation loop (idle unless compare mode plays).
pub fn start_loop(c: CompareState, app: AppState) {
    fn frame(c: CompareState, app: AppState, last: Option<f64>, carry: f64) {
        if c.playing.try_get_untracked().is_none() {
            return;
        }
        let now = crate::run_loop::now_ms();
        let (mut last, mut carry) = (last, carry);
        if c.playing.get_untracked() {
            let gap = last.map_or(1.0 / 60.0, |l| ((now - l) / 1000.0).clamp(0.0, 0.1));
            let speed = app.run.speed.get_untracked() as f64;
            carry = (carry + speed * gap).min(speed.max(1.0));
            // Two runs share the frame's budget.
            let ran = c.advance(carry.floor() as u32, crate::run_loop::BUDGET_MS);
            carry -= ran as f64;
            last = Some(now);
            let at_limit = c.block.get_untracked() >= MAX_BLOCK;
            c.publish(at_limit);
            if at_limit {
                c.playing.set(false);
            }
        } else {
            last = None;
            carry = 0.0;
        }
        request_animation_frame(move || frame(c, app, last, carry));
    }
    request_animation_frame(move || frame(c, app, None, 0.0));
}

impl CompareState {
    /// Plays both runs, or pauses them (and shows both state hashes).
    fn toggle_play(&self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
            self.publish(true);
        } else {
            self.playing.set(true);
        }
    }

    /// Pauses and runs both by `blocks` blocks at once.
    fn step_blocks(&self, blocks: u32) {
        self.playing.set(false);
        // `advance` stops at each epoch boundary: call it until the blocks have run.
        let mut left = blocks;
        while left > 0 {
            let ran = self.advance(left, f64::INFINITY);
            if ran == 0 {
                break;
            }
            left -= ran;
        }
        self.publish(true);
    }
}

/// The bar over the panel: the lever, play/pause, +100 blocks, reset, the block, close.
#[component]
fn CompareBar() -> impl IntoView {
    let app = expect_context::<AppState>();
    let c = expect_context::<CompareState>();
    view! {
        <div class="compare-bar">
            <h2>"Compare two runs"</h2>
            <label class="field">
                <span class="field-label">"Lever"</span>
                <select data-testid="compare-lever" on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if let Some(l) = Lever::ALL.into_iter().find(|l| l.id() == id) {
                        c.lever.set(l);
                        c.rebuild(&app);
                    }
                }>
                    {Lever::ALL.into_iter().map(|l| view! {
                        <option value=l.id() selected=move || c.lever.get() == l>{l.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <button class="btn btn-play" data-testid=move || if c.playing.get() { "compare-pause" } else { "compare-play" } on:click=move |_| c.toggle_play()>
                {move || if c.playing.get() { "❚❚ Pause both" } else { "▶ Play both" }}
            </button>
            <button class="btn" data-testid="compare-step" on:click=move |_| c.step_blocks(100)>"+100 blocks"</button>
            <button class="btn" data-testid="compare-reset" on:click=move |_| c.rebuild(&app)>"↺ Reset both"</button>
            <span class="compare-block">"block " <strong data-testid="compare-block">{move || c.block.get().to_string()}</strong></span>
            <button class="btn" data-testid="compare-close" on:click=move |_| { c.playing.set(false); c.open.set(false); }>"Back to the single run"</button>
        </div>
    }
}

/// One run's side: its name, state hash and losses; `k` is 0 for run A, 1 for run B.
#[component]
fn CompareSide(k: usize) -> impl IntoView {
    let c = expect_context::<CompareState>();
    view! {
        <div class=format!("compare-side side-{k}")>
            <h3>{move || c.names.with(|n| if k == 0 { n.0.clone() } else { n.1.clone() })}</h3>
            <div class="compare-hash">"state hash "
                <code data-testid=if k == 0 { "compare-hash-a" } else { "compare-hash-b" }>
                    {move || c.hashes.with(|h| if k == 0 { h.0.clone() } else { h.1.clone() })}
                </code>
            </div>
            {move || c.outcomes.with(|o| {
                let o = if k == 0 { &o.0 } else { &o.1 };
                view! {
                    <dl class="detail-rows">
                        <dt>"Slashed"</dt><dd>{format!("{} ETH", eth_words(o.slashed_wei))}</dd>
                        <dt>"Loops liquidated"</dt><dd>{o.loans_liquidated.to_string()}</dd>
                        <dt>"Bad debt"</dt><dd>{format!("{} ETH", eth_words(o.bad_debt_wei))}</dd>
                    </dl>
                }
            })}
        </div>
    }
}

/// The compare panel.
#[component]
pub fn Compare() -> impl IntoView {
    let c = expect_context::<CompareState>();
    let sentence = move || {
        let (a, b) = c.names.get();
        c.outcomes
            .with(|(oa, ob)| difference_sentence(&a, &b, oa, ob))
    };
    let chart = move |y: &'static str, f: fn(&restake_engine::BlockMetrics) -> f64| {
        Signal::derive(move || {
            c.version.track();
            c.chart(y, f)
        })
    };
    view! {
        <section class="panel compare" data-testid="compare" aria-label="Compare two runs">
            <CompareBar/>
            <p class="compare-sentence" data-testid="compare-sentence">{sentence}</p>
            <div class="compare-sides"><CompareSide k=0/><CompareSide k=1/></div>
            <div class="compare-charts">
                <MiniChart data=chart("ETH per LRT", |m| m.lrt_price) label="LRT pool price of both runs".into() testid="compare-chart-price"/>
                <MiniChart data=chart("slashed, k ETH", |m| m.slashed_wei as f64 / 1e21) label="Slashed stake of both runs".into() testid="compare-chart-slashed"/>
                <MiniChart data=chart("liquidations", |m| m.liquidations as f64) label="Liquidations of both runs".into() testid="compare-chart-liquidations"/>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_lever_builds_a_valid_other_run_that_differs() {
        let sim = Sim::preset("oracle-cascade", 42).expect("preset");
        for lever in Lever::ALL {
            let (b, a_name, b_name) = lever.apply(sim.scenario());
            assert_ne!(&b, sim.scenario(), "{lever:?}");
            assert_ne!(a_name, b_name);
            Sim::new(b, 42).expect("valid");
        }
    }

    #[test]
    fn unique_stake_slashes_less_in_the_sentence() {
        let base = Sim::preset("oracle-cascade", 42).expect("preset");
        let (b, a_name, b_name) = Lever::SlashingModel.apply(base.scenario());
        let mut a = base.clone();
        let mut b = Sim::new(b, 42).expect("valid");
        a.run(4_500);
        b.run(4_500);
        let (oa, ob) = (outcome(&a), outcome(&b));
        assert!(ob.slashed_wei < oa.slashed_wei);
        let s = difference_sentence(&a_name, &b_name, &oa, &ob);
        assert!(s.starts_with("Unique stake slashed "), "{s}");
        assert!(s.contains("ETH less"), "{s}");
        assert!(
            s.contains("by block 4,500 (against shared security)"),
            "{s}"
        );
    }

    /// The compare outcome, the loopers' inspector row and the per-market rows read one count
    /// of loans liquidated ([`Sim::loans_liquidated`]).
    #[test]
    fn loans_liquidated_is_one_count_for_compare_and_the_inspector() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        sim.inject(sim.default_oracle_fault().expect("oracle"))
            .expect("inject");
        sim.run(6_000);
        let n = outcome(&sim).loans_liquidated;
        assert!(n > 0, "the cascade liquidates loops by block 6,000");
        let value = |node, label: &str| {
            let d = sim.node_detail(node).expect("node");
            let r = d.rows.iter().find(|r| r.label == label).expect(label);
            r.value.replace(',', "").parse::<u32>().expect("a count")
        };
        let loopers = value(restake_engine::NodeRef::Loopers, "Liquidated at least once");
        assert_eq!(loopers, n);
        let markets = sim.market_names().len();
        let per_market: u32 = (0..markets)
            .map(|m| value(restake_engine::NodeRef::Market(m as _), "Loans liquidated"))
            .sum();
        assert_eq!(per_market, n);
    }

    #[test]
    fn the_sentence_handles_ties_and_more() {
        let a = RunLosses {
            block: 10,
            slashed_wei: 5 * 10u128.pow(18),
            loans_liquidated: 3,
            bad_debt_wei: 0,
        };
        let same = difference_sentence("A run", "B run", &a, &a);
        assert_eq!(
            same,
            "B run slashed the same stake and liquidated as many loops by block 10 (against a run)."
        );
        let b = RunLosses {
            loans_liquidated: 4,
            bad_debt_wei: 2 * 10u128.pow(18),
            ..a.clone()
        };
        let s = difference_sentence("A", "B", &a, &b);
        assert!(s.contains("liquidated 1 more loop "), "{s}");
        assert!(s.contains("2 ETH of bad debt against 0"), "{s}");
    }
}
