//! Exports: the per-block time series as CSV or JSON, a canvas as PNG, a scenario as JSON, and
//! the browser download they go through.
//!
//! The file contents are plain functions tested natively; only [`download_text`] and
//! [`download_url`] touch the browser.

use restake_engine::BlockMetrics;
use wasm_bindgen::JsCast;

/// The metric history as CSV: a header of column names (see
/// [`restake_engine::metrics::columns`]: the headline fields, then `lrt{i}_…` and `market{i}_…`
/// per LRT and lending market), then one row per block (block 0 first). Amounts are wei,
/// prices ETH per LRT; an empty cell is a missing value (no open loan), `inf` an unbounded slack.
pub fn history_csv(history: &[BlockMetrics]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for (i, m) in history.iter().enumerate() {
        let cols = restake_engine::metrics::columns(m);
        if i == 0 {
            w.write_record(cols.iter().map(|(k, _)| k))
                .map_err(|e| e.to_string())?;
        }
        w.write_record(cols.iter().map(|(_, v)| v))
            .map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// The metric history as a JSON array of [`BlockMetrics`] records, one line per block.
pub fn history_json(history: &[BlockMetrics]) -> String {
    let rows: Vec<String> = history
        .iter()
        .map(|m| serde_json::to_string(m).expect("metrics serialise"))
        .collect();
    format!("[\n{}\n]\n", rows.join(",\n"))
}

/// A file name stem for a run: `restake-<scenario>-seed<seed>-block<block>`, with anything but
/// ASCII letters, digits and `-` dropped from the scenario name (names are user text).
pub fn file_stem(scenario: &str, seed: u64, block: u64) -> String {
    let name: String = scenario
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let name: Vec<&str> = name.split('-').filter(|p| !p.is_empty()).collect();
    let name = if name.is_empty() {
        "scenario".to_string()
    } else {
        name.join("-").chars().take(48).collect()
    };
    format!("restake-{name}-seed{seed}-block{block}")
}

/// Offers `text` as a download called `name` of type `mime`.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|e| format!("cannot make the file: {e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| format!("cannot make the file: {e:?}"))?;
    let result = download_url(name, &url);
    // The download has started by the time the timer runs; the object URL is no longer needed.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    result
}

/// Offers the resource at `url` (an object or data URL) as a download called `name`.
pub fn download_url(name: &str, url: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not an anchor")?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Offers the canvas's current picture as a PNG download called `name`.
pub fn download_canvas_png(canvas: &web_sys::HtmlCanvasElement, name: &str) -> Result<(), String> {
    let url = canvas
        .to_data_url_with_type("image/png")
        .map_err(|e| format!("cannot read the chart: {e:?}"))?;
    download_url(name, &url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::Sim;

    #[test]
    fn csv_and_json_hold_one_record_per_block_with_named_columns() {
        let mut sim = Sim::preset("oracle-cascade", 42).unwrap();
        sim.inject(sim.default_oracle_fault().unwrap()).unwrap();
        sim.run(5);
        let csv = history_csv(sim.history()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 1 + 6, "header and blocks 0 to 5");
        assert!(lines[0].starts_with("block,lrt_price,lrt_nav,discount,slashed_wei,"));
        assert!(lines[0].contains("min_health_factor"));
        assert!(lines[6].starts_with("5,"));
        let columns = lines[0].split(',').count();
        assert!(lines.iter().all(|l| l.split(',').count() == columns));

        // Values, not `BlockMetrics`: an unbounded slack is written as null.
        let text = history_json(sim.history());
        let json: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(json.len(), 6);
        assert_eq!(json[5]["block"], 5);
        // Wei amounts are written exactly (as integers, not floats).
        let exact = format!("\"pool_eth_wei\":{}", sim.latest().pool_eth_wei);
        assert!(text.contains(&exact), "{exact}");
    }

    #[test]
    fn file_names_keep_only_safe_characters() {
        assert_eq!(
            file_stem("oracle-cascade", 42, 300),
            "restake-oracle-cascade-seed42-block300"
        );
        assert_eq!(
            file_stem("<img src=x onerror=alert(1)>", 1, 0),
            "restake-img-src-x-onerror-alert-1-seed1-block0"
        );
        assert_eq!(file_stem("../../", 1, 0), "restake-scenario-seed1-block0");
    }
}
