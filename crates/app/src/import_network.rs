//! "Import network" in the library: several export files picked at once (Dune EigenLayer
//! tables, EigenExplorer API responses), each file's kind detected from its columns or keys,
//! imported with `restake-import` (the importer `restake import` uses) over the
//! `oracle-cascade` template, and loaded like an edited scenario, so that the share link
//! carries it. The report lists the rows not used (file, line or row, reason) and where each
//! field came from.

use leptos::prelude::*;
use restake_engine::{presets, Scenario};
use restake_import::{detect, import, Import, Input, Options, TvlUnit};
use wasm_bindgen::JsCast;

use crate::state::AppState;

/// The bundled EigenLayer snapshot (docs/DATA.md; rebuilt by scripts/eigenlayer-2025.sh).
pub const SNAPSHOT_JSON: &str = include_str!("../../../scenarios/eigenlayer-2025.json");

/// The template of an import in the app (the CLI's default `--template`).
pub const TEMPLATE: &str = "oracle-cascade";

/// Imports `files` (name, text) over [`TEMPLATE`]; Dune TVL columns are USD at `eth_price`
/// (USD per ETH) when given, ETH otherwise. `Err` names the file whose kind is unknown, a
/// missing column, a non-positive price, or why the import failed (as `restake import`).
pub fn network_from_files(
    files: &[(String, String)],
    eth_price: Option<f64>,
) -> Result<Import, String> {
    let unit = match eth_price {
        Some(p) if p.is_finite() && p > 0.0 => TvlUnit::Usd(p),
        Some(_) => return Err("the ETH price must be a positive number of USD per ETH".into()),
        None => TvlUnit::Eth,
    };
    let inputs = files
        .iter()
        .map(|(name, text)| {
            Ok(Input {
                source: detect(name, text)?,
                name: name.clone(),
                text: text.clone(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let template: Scenario = presets::get(TEMPLATE).expect("the template preset exists");
    import(
        &inputs,
        &Options {
            unit,
            template_name: TEMPLATE.into(),
        },
        &template,
    )
}

/// What the panel shows after an import: the files and their kinds, the counts, the rows not
/// used and the provenance lines; or why it failed.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub summary: String,
    pub skipped: Vec<String>,
    pub provenance: Vec<String>,
}

/// The report of a successful import of `files`.
pub fn report(files: &[(String, String)], imp: &Import) -> Report {
    let kinds: Vec<String> = files
        .iter()
        .map(|(n, t)| {
            let kind = detect(n, t).map(|s| s.describe()).unwrap_or("?");
            format!("{n} ({kind})")
        })
        .collect();
    Report {
        summary: format!(
            "Imported {} operators and {} AVSs from {}; {} rows or notes not used.",
            imp.scenario.operators.len(),
            imp.scenario.avss.len(),
            kinds.join(", "),
            imp.skipped.len()
        ),
        skipped: imp.skipped.clone(),
        provenance: imp.provenance.clone(),
    }
}

/// Reads every file chosen in `input` as text, then hands `then` their (name, text) in the
/// order picked; a file that cannot be read goes to the error banner and nothing is imported.
fn read_chosen_files(
    state: AppState,
    input: web_sys::HtmlInputElement,
    then: impl FnOnce(Vec<(String, String)>) + 'static,
) {
    let Some(list) = input.files() else {
        return;
    };
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    input.set_value("");
    leptos::task::spawn_local(async move {
        let mut out = Vec::with_capacity(files.len());
        for file in files {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string());
            match text {
                Some(t) => out.push((file.name(), t)),
                None => {
                    state
                        .run
                        .error
                        .set(Some(format!("Cannot read \"{}\" as text.", file.name())));
                    return;
                }
            }
        }
        then(out);
    });
}

/// Imports the files chosen in the file input of `ev` at the typed ETH `price` and loads the
/// network; the outcome goes to `result` (and a success's summary to the notice).
fn import_chosen(
    state: AppState,
    ev: leptos::ev::Event,
    price: RwSignal<String>,
    result: RwSignal<Option<Result<Report, String>>>,
) {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    read_chosen_files(state, input, move |files| {
        let p = price.get_untracked();
        let eth_price = (!p.trim().is_empty()).then(|| p.trim().parse().unwrap_or(f64::NAN));
        let outcome = network_from_files(&files, eth_price).and_then(|imp| {
            let rep = report(&files, &imp);
            state
                .load_scenario(imp.scenario, state.run.seed.get_untracked(), None)
                .map_err(|e| e.to_string())?;
            Ok(rep)
        });
        if let Ok(r) = &outcome {
            state.run.notice.set(Some(r.summary.clone()));
        }
        result.set(Some(outcome));
    });
}

/// Loads the bundled eigenlayer-2025 snapshot as the scenario.
fn load_snapshot(state: AppState) {
    let loaded = Scenario::from_json(SNAPSHOT_JSON)
        .and_then(|s| state.load_scenario(s, state.run.seed.get_untracked(), None));
    match loaded {
        Ok(()) => state.run.notice.set(Some(
            "Loaded the eigenlayer-2025 snapshot: published aggregates, synthesised operators (docs/DATA.md).".into(),
        )),
        Err(e) => state.run.error.set(Some(format!("Cannot load the snapshot: {e}"))),
    }
}

/// An import's report: the summary, the rows not used (open when there are any) and where
/// each field came from; or why nothing was imported.
#[component]
fn ImportReport(result: Result<Report, String>) -> impl IntoView {
    match result {
        Ok(rep) => {
            let any_skipped = !rep.skipped.is_empty();
            view! {
                <div class="import-report" data-testid="import-report">
                    <p data-testid="import-summary">{rep.summary}</p>
                    <details open=any_skipped>
                        <summary>{format!("Rows not used ({})", rep.skipped.len())}</summary>
                        <ul class="import-lines">
                            {rep.skipped.into_iter().map(|l| view! { <li data-testid="import-skipped">{l}</li> }).collect_view()}
                        </ul>
                    </details>
                    <details>
                        <summary>"Where each field came from"</summary>
                        <ul class="import-lines">
                            {rep.provenance.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                        </ul>
                    </details>
                </div>
            }
            .into_any()
        }
        Err(e) => view! {
            <p class="import-report import-error" data-testid="import-error">{format!("Not imported: {e}")}</p>
        }
        .into_any(),
    }
}

#[component]
pub fn ImportNetwork() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Not a Memo: set once per import and read by the report below.
    let result: RwSignal<Option<Result<Report, String>>> = RwSignal::new(None);
    let price: RwSignal<String> = RwSignal::new(String::new());
    view! {
        <section class="import-network" data-testid="import-network">
            <h3 class="import-network-title">"Import network"</h3>
            <p class="import-network-help">
                <button class="btn" data-testid="load-eigenlayer-2025" on:click=move |_| load_snapshot(state)>"eigenlayer-2025"</button>
                " The bundled snapshot: 258 operators (7 hold 75% of the stake) on eoracle, EigenDA, Witness Chain and Lagrange with their published operator counts and TVL; who secures what is synthesised (docs/DATA.md)."
            </p>
            <p class="import-network-help">
                "Pick Dune EigenLayer exports (operator-to-AVS mapping, AVS or operator metrics; CSV or JSON) "
                "and EigenExplorer API responses (/operators, /avs, /avs/{address}/operators), several at once. "
                "Parameters the exports do not carry come from oracle-cascade."
            </p>
            <label class="field">
                <span class="field-label">"ETH price (USD), if the TVL columns are in USD"</span>
                <input type="text" inputmode="decimal" data-testid="import-eth-price" placeholder="ETH"
                    prop:value=move || price.get() on:input=move |ev| price.set(event_target_value(&ev))/>
            </label>
            <label class="btn file-btn">
                "Choose export files"
                <input type="file" multiple accept=".csv,.json,text/csv,application/json" class="visually-hidden"
                    data-testid="import-network-files" on:change=move |ev| import_chosen(state, ev, price, result)/>
            </label>
            {move || result.get().map(|r| view! { <ImportReport result=r/> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> (String, String) {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/tests/fixtures/import/");
        (
            name.rsplit('/').next().unwrap().to_string(),
            std::fs::read_to_string(format!("{dir}{name}")).unwrap(),
        )
    }

    #[test]
    fn several_files_of_different_kinds_import_with_a_report() {
        let files = [
            fixture("eigenexplorer/operators.json"),
            fixture("eigenexplorer/avs.json"),
        ];
        let imp = network_from_files(&files, None).unwrap();
        assert_eq!(imp.scenario.operators.len(), 5);
        let rep = report(&files, &imp);
        assert!(
            rep.summary
                .contains("operators.json (EigenExplorer operators)"),
            "{}",
            rep.summary
        );
        assert!(rep
            .skipped
            .iter()
            .any(|l| l.contains("avs.json:row 4: skipped: AVS 'Lonely AVS'")));
    }

    #[test]
    fn the_bundled_snapshot_loads() {
        let s = Scenario::from_json(SNAPSHOT_JSON).unwrap();
        assert_eq!(s.name, "eigenlayer-2025");
        assert_eq!((s.operators.len(), s.avss.len()), (258, 4));
    }

    #[test]
    fn usd_metrics_need_a_price_and_an_unknown_file_is_named() {
        let files = [fixture("mapping.csv"), fixture("avs_metrics_usd.json")];
        let eth = network_from_files(&files, Some(2500.0)).unwrap();
        let csv = [fixture("mapping.csv"), fixture("avs_metrics.csv")];
        let same = network_from_files(&csv, None).unwrap();
        assert_eq!(
            serde_json::to_value(&eth.scenario.operators).unwrap(),
            serde_json::to_value(&same.scenario.operators).unwrap()
        );
        assert!(network_from_files(&files, Some(-1.0))
            .unwrap_err()
            .contains("positive"));
        let odd = [("notes.csv".to_string(), "a,b\n1,2\n".to_string())];
        let e = network_from_files(&odd, None).unwrap_err();
        assert!(e.contains("'notes.csv': not a known export"), "{e}");
    }
}
