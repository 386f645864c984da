//! The inspector: a panel over the graph showing everything the clicked node has
//! ([`restake_engine::inspect::node_detail`]), its history as a small chart, the faults that can
//! be aimed at it with a chosen size, and the mitigations it offers. Aimed faults and
//! mitigations are injected into the next block like any other fault.

use leptos::prelude::*;
use restake_engine::inspect::NodeDetail;
use restake_engine::{BlockMetrics, NodeRef};

use crate::data::aim::{aims_for, mitigations_for, parse_size, Aim, Mitigation, Size};
use crate::state::{AppState, Published};
use crate::views::mini_chart::{ChartData, MiniChart, Series, MAX_POINTS};

/// `f` of every record of `h`, thinned to about [`MAX_POINTS`], as (block, value).
pub fn metric_series(h: &[BlockMetrics], f: impl Fn(&BlockMetrics) -> f64) -> Vec<(f64, f64)> {
    let stride = h.len().div_ceil(MAX_POINTS).max(1);
    let mut v: Vec<(f64, f64)> = h
        .iter()
        .step_by(stride)
        .map(|m| (m.block as f64, f(m)))
        .collect();
    if let Some(last) = h.last() {
        if v.last().map(|p| p.0) != Some(last.block as f64) {
            v.push((last.block as f64, f(last)));
        }
    }
    v
}

/// A labelled line read from each block's metrics.
type MetricLine = (&'static str, fn(&BlockMetrics) -> f64);

fn eth(wei: u128) -> f64 {
    wei as f64 / 1e18
}

/// The history chart of `node`: market numbers from the metric history for the LRT, the pool
/// and the lending market, the sampled value for every other node.
fn history_chart(state: &AppState, node: NodeRef, kind: &str, symbol: &str) -> ChartData {
    let from_metrics = |y: &str, lines: Vec<MetricLine>| ChartData {
        y_desc: y.to_string(),
        series: state.with_sim(|sim| {
            lines
                .into_iter()
                .map(|(label, f)| Series {
                    label: label.to_string(),
                    points: metric_series(sim.history(), f),
                })
                .collect()
        }),
    };
    match node {
        NodeRef::Lrt(0) => from_metrics(
            &format!("ETH per {symbol}"),
            vec![("NAV", |m| m.lrt_nav), ("pool price", |m| m.lrt_price)],
        ),
        NodeRef::Pool(0) => from_metrics(
            "thousand",
            vec![
                ("ETH side (k ETH)", |m| eth(m.pool_eth_wei) / 1e3),
                ("LRT side (k LRT)", |m| eth(m.pool_lrt_wei) / 1e3),
            ],
        ),
        NodeRef::Market(_) | NodeRef::Loopers => from_metrics(
            "health factor",
            vec![("lowest health factor", |m| {
                m.min_health_factor.unwrap_or(f64::NAN)
            })],
        ),
        _ => {
            let index = state
                .published
                .network
                .with_untracked(|g| g.node_weights().position(|n| n.node == node));
            let points = index.map_or_else(Vec::new, |i| {
                state.replay.with_history(|h| h.node_series(i))
            });
            ChartData {
                y_desc: "ETH".into(),
                series: vec![Series {
                    label: format!("{kind}: value (ETH, every 16 blocks)"),
                    points,
                }],
            }
        }
    }
}

/// The panel; hidden while no node is selected.
#[component]
pub fn Inspector() -> impl IntoView {
    let published = expect_context::<Published>();
    // A memo: the panel is rebuilt only when another node is selected, not on every frame.
    let key = Memo::new(move |_| {
        published
            .detail
            .with(|d| d.as_ref().map(|d| (d.node, d.kind.clone())))
    });
    view! {
        {move || key.get().map(|(node, kind)| view! { <InspectorPanel node kind/> })}
    }
}

#[component]
fn InspectorPanel(node: NodeRef, kind: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let detail = move || state.published.detail.get();
    let title = move || detail().map(|d| d.title).unwrap_or_default();
    let kind_chart = kind.clone();
    let chart = Signal::derive(move || {
        state.published.history_version.track();
        let symbol = state.published.lrt_symbol.get_untracked();
        history_chart(&state, node, &kind_chart, &symbol)
    });
    let events = move || {
        state.published.log.with(|log| {
            log.iter()
                .rev()
                .filter(|e| e.event.node == Some(node))
                .take(4)
                .cloned()
                .collect::<Vec<_>>()
        })
    };

    view! {
        <aside class="inspector" data-testid="inspector" data-node-label=title aria-label="Inspector">
            <header class="inspector-head">
                <div>
                    <h3 class="inspector-title">{title}</h3>
                    <div class="inspector-kind">{kind.clone()}</div>
                </div>
                <button class="btn btn-small" data-testid="inspector-close" aria-label="Close the inspector" on:click=move |_| state.select(None)>"×"</button>
            </header>
            <DetailRows/>
            <div class="inspector-chart">
                <MiniChart data=chart label=format!("History of {kind}") testid="inspector-chart"/>
            </div>
            <AimFault node kind=kind.clone()/>
            <Mitigations node/>
            <Show when=move || !events().is_empty()>
                <h4>"Recent events here"</h4>
                <ul class="inspector-events">
                    {move || events().into_iter().map(|e| view! {
                        <li><span class="log-block">"block " {crate::data::format::grouped(e.event.block)}</span>" "{e.event.text}</li>
                    }).collect_view()}
                </ul>
            </Show>
        </aside>
    }
}

/// The rows, tables and histogram of the selected node.
#[component]
fn DetailRows() -> impl IntoView {
    let published = expect_context::<Published>();
    let with =
        move |f: &dyn Fn(&NodeDetail) -> AnyView| published.detail.with(|d| d.as_ref().map(f));
    view! {
        {move || with(&|d: &NodeDetail| view! {
            <dl class="detail-rows">
                {d.rows.iter().map(|r| view! {
                    <dt>{r.label.clone()}</dt>
                    <dd data-row=r.label.clone()>{r.value.clone()}</dd>
                }).collect_view()}
            </dl>
            {d.tables.iter().filter(|t| !t.rows.is_empty()).map(|t| view! {
                <table class="detail-table">
                    <caption>{t.caption.clone()}</caption>
                    <thead><tr>{t.header.iter().map(|h| view! { <th>{h.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {t.rows.iter().map(|r| view! {
                            <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }).collect_view()}
            {(!d.histogram.is_empty()).then(|| {
                let max = d.histogram.iter().map(|b| b.1).max().unwrap_or(0).max(1);
                view! {
                    <div class="histogram" data-testid="hf-histogram">
                        <div class="histogram-title">"Loans by health factor"</div>
                        {d.histogram.iter().map(|(label, n)| view! {
                            <div class="histogram-row">
                                <span class="histogram-label">{label.clone()}</span>
                                <span class="histogram-bar" style=format!("width: {:.0}%", *n as f64 / max as f64 * 100.0)></span>
                                <span class="histogram-count">{n.to_string()}</span>
                            </div>
                        }).collect_view()}
                    </div>
                }
            })}
        }.into_any())}
    }
}

/// A size field for `size`, or nothing; returns the field's text signal.
fn size_field(size: Option<Size>, testid: &'static str) -> (RwSignal<String>, Option<AnyView>) {
    let text = RwSignal::new(size.map(|s| s.default.to_string()).unwrap_or_default());
    let view = size.map(|s| {
        view! {
            <label class="field small-field">
                <span class="field-label">{s.label}</span>
                <input type="text" inputmode="numeric" data-testid=testid prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))/>
                <span class="unit">{s.unit}</span>
            </label>
        }
        .into_any()
    });
    (text, view)
}

/// Reads the size typed in `text` (when `size` asks for one) and injects `make(size)`; a bad
/// size goes to the error banner instead.
fn inject_sized(
    state: &AppState,
    size: Option<Size>,
    text: RwSignal<String>,
    make: impl Fn(u64) -> restake_engine::Fault,
) {
    let n = match size.map(|s| parse_size(&text.get_untracked(), &s)) {
        Some(Err(msg)) => return state.run.error.set(Some(msg)),
        Some(Ok(v)) => v,
        None => 0,
    };
    state.inject_aimed(make(n));
}

/// Picks one of the node's faults, its size, and injects it.
#[component]
fn AimFault(node: NodeRef, kind: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let aims = aims_for(node, &kind);
    if aims.is_empty() {
        return ().into_any();
    }
    let choice = RwSignal::new(aims[0]);
    let options = aims.clone();
    let target = move || {
        state
            .published
            .detail
            .with_untracked(|d| d.as_ref().map(|d| d.title.clone()).unwrap_or_default())
    };
    let fields = move || {
        let aim = choice.get();
        let (text, field) = size_field(aim.size(), "aim-size");
        let inject =
            move |_| inject_sized(&state, aim.size(), text, |n| aim.fault(node, &target(), n));
        view! {
            {field}
            <button class="btn btn-fault-small" data-testid="aim-fault" on:click=inject>"⚡ Inject next block"</button>
        }
    };
    view! {
        <section class="inspector-section" aria-label="Aim a fault">
            <h4>"Aim a fault here"</h4>
            <select data-testid="aim-kind" aria-label="Fault to aim" on:change=move |ev| {
                let id = event_target_value(&ev);
                if let Some(a) = options.iter().find(|a| a.id() == id) {
                    choice.set(*a);
                }
            }>
                {aims.iter().map(|a: &Aim| view! { <option value=a.id()>{a.label()}</option> }).collect_view()}
            </select>
            <div class="inspector-row">{fields}</div>
        </section>
    }
    .into_any()
}

/// The node's mitigations, one button each (with a size field where one is needed).
#[component]
fn Mitigations(node: NodeRef) -> impl IntoView {
    let state = expect_context::<AppState>();
    let veto_on = Memo::new(move |_| {
        state.published.detail.with(|d| {
            d.as_ref()
                .and_then(|d| d.rows.iter().find(|r| r.label == "Veto committee"))
                .is_some_and(|r| r.value != "none" && !r.value.starts_with("captured"))
        })
    });
    let target = move || {
        state
            .published
            .detail
            .with_untracked(|d| d.as_ref().map(|d| d.title.clone()).unwrap_or_default())
    };
    view! {
        {move || {
            let list = mitigations_for(node, veto_on.get());
            (!list.is_empty()).then(|| view! {
                <section class="inspector-section" aria-label="Mitigations">
                    <h4>"Mitigations (live)"</h4>
                    {list.into_iter().map(|m: Mitigation| {
                        let (text, field) = size_field(m.size(), "mitigation-size");
                        let pull = move |_| inject_sized(&state, m.size(), text, |n| m.fault(node, &target(), n));
                        view! {
                            <div class="inspector-row">
                                {field}
                                <button class="btn btn-mitigation" data-testid=format!("mitigation-{}", m.id()) on:click=pull>{m.label()}</button>
                            </div>
                        }
                    }).collect_view()}
                </section>
            })
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_series_is_thinned_and_ends_at_the_last_block() {
        let h: Vec<BlockMetrics> = (0..1_001)
            .map(|b| BlockMetrics {
                block: b,
                lrt_nav: 1.0,
                ..Default::default()
            })
            .collect();
        let s = metric_series(&h, |m| m.lrt_nav);
        assert!(s.len() <= MAX_POINTS + 1);
        assert_eq!(s.last(), Some(&(1_000.0, 1.0)));
        assert!(metric_series(&[], |m| m.lrt_nav).is_empty());
    }
}
