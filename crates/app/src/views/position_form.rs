//! The "My position" form (a drawer): your holdings, limits and alert thresholds as labelled
//! fields with their units and ranges (the editor's descriptions, [`crate::data::editor_fields::spec`]),
//! and the position as a JSON file (the format of `PositionParams::from_json` and
//! `restake position --position`).
//!
//! The form edits a draft ([`PositionDraft`]); "Apply" places it into the current scenario and
//! restarts the run at block 0 ([`AppState::set_position`]). A refused draft names the field,
//! marks it, and the last good position stays loaded. The draft is refilled from the scenario
//! whenever one is loaded (a preset with a position fills the form).

use leptos::prelude::*;
use restake_engine::position::{market_names, PositionParams};
use restake_engine::Sim;
use wasm_bindgen::JsCast;

use crate::data::editor_fields::spec;
use crate::data::position_draft::{error_path, PositionDraft};
use crate::state::AppState;

/// Reads or writes one text field of the draft (row `i` for list fields).
type Lens = fn(&mut PositionDraft, usize) -> Option<&mut String>;

/// What the scenario offers the form: operator names, LRT symbols, and each lending market's
/// name with the lowest entry health factor it accepts (LT / LTV).
#[derive(Clone, Debug, PartialEq, Default)]
struct Choices {
    operators: Vec<String>,
    lrts: Vec<String>,
    markets: Vec<(String, f64)>,
}

impl Choices {
    fn read(sim: &Sim) -> Choices {
        let s = sim.scenario();
        let markets = market_names(s)
            .into_iter()
            .zip(s.market_specs())
            .map(|(name, m)| {
                let (ltv, lt) = match &m.lending.emode {
                    Some(e) => (e.ltv_bps, e.liquidation_threshold_bps),
                    None => (m.lending.ltv_bps, m.lending.liquidation_threshold_bps),
                };
                (name, lt as f64 / ltv.max(1) as f64)
            })
            .collect();
        Choices {
            operators: s.operators.iter().map(|o| o.name.clone()).collect(),
            lrts: s.lrt_specs().iter().map(|l| l.lrt.symbol.clone()).collect(),
            markets,
        }
    }
}

/// The draft of the loaded scenario's position (an empty one without a position).
fn draft_of(sim: &Sim) -> PositionDraft {
    let lrts = Choices::read(sim).lrts;
    let params = sim.scenario().position.clone().unwrap_or_default();
    PositionDraft::from_params(&params, &lrts)
}

/// The form's shared handles; `Copy`.
#[derive(Clone, Copy)]
struct Form {
    draft: RwSignal<PositionDraft>,
    /// JSON path of the field whose value was refused.
    refused: RwSignal<Option<String>>,
    choices: Memo<Choices>,
}

impl Form {
    fn read(&self, lens: Lens, i: usize) -> String {
        let mut d = self.draft.get();
        lens(&mut d, i).cloned().unwrap_or_default()
    }

    fn write(&self, lens: Lens, i: usize, v: String) {
        self.draft.update(|d| {
            if let Some(s) = lens(d, i) {
                *s = v;
            }
        });
    }
}

/// One labelled text field: `path` is its JSON path (with the row index), `kind` its spec's
/// path without indices.
fn text_field(form: Form, path: String, lens: Lens, i: usize, numeric: bool) -> impl IntoView {
    let s = spec(&path);
    let (label, unit, range, help) =
        s.map_or(("", "", "", ""), |s| (s.label, s.unit, s.range, s.help));
    let invalid = {
        let p = path.clone();
        move || form.refused.get().as_deref() == Some(p.as_str())
    };
    let id = format!("pf-{}", path.replace(['.', '[', ']'], "-"));
    view! {
        <div class="ed-field">
            <label class="ed-label" for=id.clone() title=help>{label}</label>
            <input id=id class=if numeric { "ed-input numeric" } else { "ed-input" } type="text"
                data-path=path inputmode=if numeric { "decimal" } else { "text" }
                aria-invalid=move || invalid().to_string()
                prop:value=move || form.read(lens, i)
                on:input=move |ev| form.write(lens, i, event_target_value(&ev))/>
            <span class="ed-unit">{unit}</span>
            <span class="ed-range">{range}</span>
        </div>
    }
}

/// A select of `options` (value, shown text) for the field at `path`.
fn select_field(
    form: Form,
    path: String,
    lens: Lens,
    i: usize,
    options: impl Fn(&Choices) -> Vec<(String, String)> + Send + Sync + 'static,
) -> impl IntoView {
    let s = spec(&path);
    let (label, help) = s.map_or(("", ""), |s| (s.label, s.help));
    view! {
        <div class="ed-field">
            <span class="ed-label" title=help>{label}</span>
            <select data-path=path on:change=move |ev| form.write(lens, i, event_target_value(&ev))>
                {move || {
                    let now = form.read(lens, i);
                    form.choices.with(|c| options(c)).into_iter().map(|(value, text)| {
                        let selected = value == now;
                        view! { <option value=value selected=selected>{text}</option> }
                    }).collect_view()
                }}
            </select>
        </div>
    }
}

fn operator_options(
    none: &'static str,
) -> impl Fn(&Choices) -> Vec<(String, String)> + Send + Sync {
    move |c: &Choices| {
        std::iter::once((String::new(), none.to_string()))
            .chain(c.operators.iter().map(|o| (o.clone(), o.clone())))
            .collect()
    }
}

fn market_options(c: &Choices) -> Vec<(String, String)> {
    c.markets
        .iter()
        .map(|(m, _)| (m.clone(), m.clone()))
        .collect()
}

/// A checkbox bound to a flag of the draft.
fn check_field(
    form: Form,
    path: &'static str,
    flag: fn(&mut PositionDraft) -> &mut bool,
) -> impl IntoView {
    let (label, help) = spec(path).map_or(("", ""), |s| (s.label, s.help));
    view! {
        <label class="ed-field pf-check" title=help>
            <input type="checkbox" data-path=path
                prop:checked=move || { let mut d = form.draft.get(); *flag(&mut d) }
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    form.draft.update(|d| *flag(d) = on);
                }/>
            <span class="ed-label">{label}</span>
            <span class="ed-range">{help}</span>
        </label>
    }
}

/// A list of rows with an add button: `len` counts them, `row(i)` draws row `i`.
fn rows<V: IntoView + 'static>(
    form: Form,
    title: &'static str,
    testid: &'static str,
    len: fn(&PositionDraft) -> usize,
    add: fn(&mut PositionDraft, &Choices),
    remove: fn(&mut PositionDraft, usize),
    row: impl Fn(usize) -> V + Send + Sync + 'static,
) -> impl IntoView {
    // Only the number of rows re-renders the list: typing into a row keeps its focus.
    let n = Memo::new(move |_| form.draft.with(len));
    view! {
        <fieldset class="ed-object" data-section=testid>
            <legend>{title}
                <button class="btn btn-small" data-testid=format!("{testid}-add")
                    on:click=move |_| { let c = form.choices.get_untracked(); form.draft.update(|d| add(d, &c)) }>"+ Add"</button>
            </legend>
            {move || {
                let count = n.get();
                if count == 0 {
                    return view! { <p class="ed-empty">"none"</p> }.into_any();
                }
                (0..count).map(|i| view! {
                    <div class="pf-row">
                        {row(i)}
                        <button class="btn btn-small" title="Remove this row"
                            on:click=move |_| form.draft.update(|d| if i < len(d) { remove(d, i) })>"Remove"</button>
                    </div>
                }).collect_view().into_any()
            }}
        </fieldset>
    }
}

fn holdings(form: Form) -> impl IntoView {
    let lrt_rows = Memo::new(move |_| {
        form.draft
            .with(|d| d.lrts.iter().map(|l| l.0.clone()).collect::<Vec<_>>())
    });
    view! {
        {text_field(form, "position.name".into(), |d, _| Some(&mut d.name), 0, false)}
        {text_field(form, "position.liquid_eth".into(), |d, _| Some(&mut d.liquid_eth), 0, true)}
        {rows(form, "Native ETH staked (your own validators)", "pf-native",
            |d| d.native.len(),
            |d, c| d.native.push(crate::data::position_draft::NativeDraft {
                eth: "32".into(),
                operator: c.operators.first().cloned().unwrap_or_default(),
                ..Default::default()
            }),
            |d, i| { d.native.remove(i); },
            move |i| view! {
                {text_field(form, format!("position.native[{i}].eth"), |d, i| d.native.get_mut(i).map(|r| &mut r.eth), i, true)}
                {select_field(form, format!("position.native[{i}].operator"), |d, i| d.native.get_mut(i).map(|r| &mut r.operator), i, operator_options("none (not restaked)"))}
                {text_field(form, format!("position.native[{i}].avss[0]"), |d, i| d.native.get_mut(i).map(|r| &mut r.avss), i, false)}
            })}
        {rows(form, "Liquid staking tokens (LSTs)", "pf-lsts",
            |d| d.lsts.len(),
            |d, _| d.lsts.push(crate::data::position_draft::LstDraft {
                symbol: "stLST".into(), eth: "100".into(), operator: String::new(), fee_bps: "1000".into(),
            }),
            |d, i| { d.lsts.remove(i); },
            move |i| view! {
                {text_field(form, format!("position.lsts[{i}].symbol"), |d, i| d.lsts.get_mut(i).map(|r| &mut r.symbol), i, false)}
                {text_field(form, format!("position.lsts[{i}].eth"), |d, i| d.lsts.get_mut(i).map(|r| &mut r.eth), i, true)}
                {select_field(form, format!("position.lsts[{i}].operator"), |d, i| d.lsts.get_mut(i).map(|r| &mut r.operator), i, operator_options("none (held only)"))}
                {text_field(form, format!("position.lsts[{i}].fee_bps"), |d, i| d.lsts.get_mut(i).map(|r| &mut r.fee_bps), i, true)}
            })}
        <fieldset class="ed-object" data-section="pf-lrts">
            <legend>"LRTs held (0: none)"</legend>
            {move || lrt_rows.get().into_iter().enumerate().map(|(i, symbol)| view! {
                <div class="pf-lrt">
                    <span class="pf-symbol">{symbol}</span>
                    {text_field(form, format!("position.lrts[{i}].amount"), |d, i| d.lrts.get_mut(i).map(|r| &mut r.1), i, true)}
                </div>
            }).collect_view()}
        </fieldset>
        {rows(form, "Leveraged loops (LRT collateral, ETH debt)", "pf-loops",
            |d| d.loops.len(),
            |d, c| d.loops.push(crate::data::position_draft::LoopDraft {
                market: c.markets.first().map(|m| m.0.clone()).unwrap_or_default(),
                collateral_lrt: "100".into(),
                health_factor: c.markets.first().map_or("1.2".into(), |m| format!("{:.2}", (m.1 + 0.005).max(1.2))),
            }),
            |d, i| { d.loops.remove(i); },
            move |i| view! {
                {select_field(form, format!("position.loops[{i}].market"), |d, i| d.loops.get_mut(i).map(|r| &mut r.market), i, market_options)}
                {text_field(form, format!("position.loops[{i}].collateral_lrt"), |d, i| d.loops.get_mut(i).map(|r| &mut r.collateral_lrt), i, true)}
                {text_field(form, format!("position.loops[{i}].health_factor"), |d, i| d.loops.get_mut(i).map(|r| &mut r.health_factor), i, true)}
                <p class="ed-help">{move || {
                    let market = form.read(|d, i| d.loops.get_mut(i).map(|r| &mut r.market), i);
                    form.choices.with(|c| c.markets.iter().find(|m| m.0 == market).map(|m| format!(
                        "This market accepts an entry health factor from LT / LTV = {:.4} to 1000; below 1 it is liquidated.", m.1)))
                }}</p>
            })}
        {rows(form, "ETH supplied to lenders", "pf-supply",
            |d| d.supply.len(),
            |d, c| d.supply.push(crate::data::position_draft::SupplyDraft {
                market: c.markets.first().map(|m| m.0.clone()).unwrap_or_default(),
                eth: "100".into(),
            }),
            |d, i| { d.supply.remove(i); },
            move |i| view! {
                {select_field(form, format!("position.lending_supply[{i}].market"), |d, i| d.supply.get_mut(i).map(|r| &mut r.market), i, market_options)}
                {text_field(form, format!("position.lending_supply[{i}].eth"), |d, i| d.supply.get_mut(i).map(|r| &mut r.eth), i, true)}
            })}
    }
}

fn cover_limits_alerts(form: Form) -> impl IntoView {
    let bought = move || form.draft.with(|d| d.cover.bought);
    view! {
        <fieldset class="ed-object" data-section="pf-cover">
            <legend>"Cover bought"</legend>
            {check_field(form, "position.insurance", |d| &mut d.cover.bought)}
            <Show when=bought>
                {text_field(form, "position.insurance.cover_eth".into(), |d, _| Some(&mut d.cover.cover_eth), 0, true)}
                {text_field(form, "position.insurance.covered_bps".into(), |d, _| Some(&mut d.cover.covered_bps), 0, true)}
                {text_field(form, "position.insurance.premium_apr_bps".into(), |d, _| Some(&mut d.cover.premium_apr_bps), 0, true)}
                {text_field(form, "position.insurance.provider_capital_eth".into(), |d, _| Some(&mut d.cover.provider_capital_eth), 0, true)}
                {text_field(form, "position.insurance.other_cover_eth".into(), |d, _| Some(&mut d.cover.other_cover_eth), 0, true)}
            </Show>
        </fieldset>
        <fieldset class="ed-object" data-section="pf-limits">
            <legend>"Limits (basis points of your value, 100 = 1%; empty: none)"</legend>
            {text_field(form, "position.limits.max_avs_bps".into(), |d, _| Some(&mut d.max_avs_bps), 0, true)}
            {text_field(form, "position.limits.max_lrt_bps".into(), |d, _| Some(&mut d.max_lrt_bps), 0, true)}
            {text_field(form, "position.limits.liquidity_buffer_bps".into(), |d, _| Some(&mut d.liquidity_buffer_bps), 0, true)}
        </fieldset>
        <fieldset class="ed-object" data-section="pf-alerts">
            <legend>"Alerts (basis points; empty: off)"</legend>
            {check_field(form, "position.alerts.slashing_event", |d| &mut d.slashing_event)}
            {text_field(form, "position.alerts.price_gap_bps".into(), |d, _| Some(&mut d.price_gap_bps), 0, true)}
            {text_field(form, "position.alerts.oracle_deviation_bps".into(), |d, _| Some(&mut d.oracle_deviation_bps), 0, true)}
            {check_field(form, "position.alerts.governance_change", |d| &mut d.governance_change)}
        </fieldset>
    }
}

/// Reads the chosen JSON file into the form and applies it; a bad file changes nothing.
fn import(
    state: AppState,
    form: Form,
    message: RwSignal<Option<String>>,
    input: web_sys::HtmlInputElement,
) {
    crate::views::toolbar::read_chosen_file(state, input, move |name, text| {
        let result = PositionParams::from_json(&text)
            .map_err(|e| format!("position file {e}"))
            .and_then(|p| state.set_position(Some(p)).map_err(|e| e.to_string()));
        match result {
            Ok(()) => {
                message.set(None);
                form.refused.set(None);
                state.run.notice.set(Some(format!(
                    "Imported the position \"{name}\"; the run restarted at block 0."
                )));
            }
            Err(e) => {
                form.refused.set(error_path(&e));
                message.set(Some(e.clone()));
                state.run.error.set(Some(format!(
                    "Cannot import \"{name}\": {e}. The last good position stays loaded."
                )));
            }
        }
    });
}

/// Applies the draft: places it into the scenario and restarts, or names the refused field and
/// keeps the last good position.
fn apply_draft(state: AppState, form: Form, message: RwSignal<Option<String>>) {
    let result = form
        .draft
        .with_untracked(|d| d.to_params())
        .map_err(|e| (Some(e.path.clone()), e.to_string()))
        .and_then(|p| {
            state.set_position(Some(p)).map_err(|e| {
                let m = e.to_string();
                (error_path(&m), m)
            })
        });
    match result {
        Ok(()) => {
            form.refused.set(None);
            message.set(None);
            state.run.notice.set(Some(
                "Position applied: the run restarted at block 0 with your position placed.".into(),
            ));
        }
        Err((path, m)) => {
            form.refused.set(path);
            message.set(Some(m.clone()));
            state.run.notice.set(None);
            state.run.error.set(Some(format!(
                "Position refused: {m}. The last good position stays loaded."
            )));
        }
    }
}

/// Removes the position from the scenario and restarts at block 0.
fn remove_position(state: AppState) {
    match state.set_position(None) {
        Ok(()) => state.run.notice.set(Some(
            "Position removed; the run restarted at block 0.".into(),
        )),
        Err(e) => state
            .run
            .error
            .set(Some(format!("Cannot remove the position: {e}"))),
    }
}

/// Downloads the draft as `position.json`; a draft that does not convert says why.
fn export_draft(state: AppState, form: Form) {
    let result = form
        .draft
        .with_untracked(|d| d.to_params())
        .map_err(|e| e.to_string())
        .and_then(|p| serde_json::to_string_pretty(&p).map_err(|e| e.to_string()))
        .and_then(|json| crate::exports::download_text("position.json", "application/json", &json));
    if let Err(e) = result {
        state
            .run
            .error
            .set(Some(format!("Cannot export the position: {e}")));
    }
}

/// The form's buttons: apply, undo edits, remove, export and import.
#[component]
fn PositionActions(form: Form, message: RwSignal<Option<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_position = move || {
        state.run.scenario_version.track();
        state.with_sim(|s| s.scenario().position.is_some())
    };
    let undo = move |_| {
        form.refused.set(None);
        message.set(None);
        form.draft.set(state.with_sim(draft_of));
    };
    view! {
        <div class="pf-actions">
            <button class="btn btn-primary" data-testid="position-apply" on:click=move |_| apply_draft(state, form, message)>"Apply position"</button>
            <button class="btn" data-testid="position-reset" title="Back to the position that is loaded"
                on:click=undo>"Undo edits"</button>
            <Show when=has_position>
                <button class="btn" data-testid="position-remove" on:click=move |_| remove_position(state)>"Remove position"</button>
            </Show>
            <button class="btn" data-testid="position-export" title="Download the form as a position JSON file" on:click=move |_| export_draft(state, form)>"Export JSON"</button>
            <label class="btn file-btn" title="Load a position JSON file (the format of restake position --position)">
                "Import JSON"
                <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="position-import"
                    on:change=move |ev| {
                        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            import(state, form, message, input);
                        }
                    }/>
            </label>
        </div>
    }
}

#[component]
pub fn PositionForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let choices = Memo::new(move |_| {
        state.run.scenario_version.track();
        state.with_sim(Choices::read)
    });
    let form = Form {
        draft: RwSignal::new(PositionDraft::default()),
        refused: RwSignal::new(None),
        choices,
    };
    let message = RwSignal::new(None::<String>);
    // Refilled from the scenario whenever one is loaded: after an accepted "Apply" too.
    Effect::new(move |_| {
        state.run.scenario_version.track();
        form.draft.set(state.with_sim(draft_of));
    });
    view! {
        <div class="editor position-form" data-testid="position-form">
            <p class="drawer-intro">
                "Your own holdings, placed inside the current scenario (as "<code>"restake position"</code>" does). "
                "Apply restarts the run at block 0 with them; the state hash and share link include them. "
                "A value the engine refuses names its field, and the last good position stays loaded."
            </p>
            <PositionActions form=form message=message/>
            {move || message.get().map(|m| view! {
                <p class="editor-refused" role="alert" data-testid="position-error">{m}</p>
            })}
            <details class="ed-group" open>
                <summary>"Holdings"</summary>
                <div class="ed-fields">{holdings(form)}</div>
            </details>
            <details class="ed-group" open>
                <summary>"Cover, limits and alerts"</summary>
                <div class="ed-fields">{cover_limits_alerts(form)}</div>
            </details>
        </div>
    }
}
