//! Tables read from text: CSV (header on line 1) or JSON (a list of objects, Dune's
//! `{"result": {"rows": [...]}}`, or an API page `{"data": [...]}`), with column names
//! normalised so that they match case- and order-free.

use std::collections::BTreeMap;

use serde_json::Value;

/// One table row: the file, where it is (`line N` of a CSV file, header = line 1, or `row N`
/// of a JSON list, from 1), and its cells by normalised column name.
#[derive(Clone, Debug)]
pub struct Row {
    /// File name as given.
    pub file: String,
    /// `N` for a CSV line, `row N` for a JSON row.
    pub place: String,
    /// Cells by normalised column name; JSON values other than strings are printed as JSON.
    pub cells: BTreeMap<String, String>,
}

impl Row {
    /// The trimmed cell of column `col` (normalised name), empty when absent.
    pub fn get(&self, col: &str) -> &str {
        self.cells.get(col).map_or("", |s| s.trim())
    }

    /// `file:line` or `file:row N`, as printed in reports.
    pub fn at(&self) -> String {
        format!("{}:{}", self.file, self.place)
    }
}

/// A column name as matched: trimmed, lower case, spaces and dashes as `_`.
pub fn normalise(col: &str) -> String {
    col.trim().to_lowercase().replace([' ', '-'], "_")
}

/// True when `text` of file `name` is JSON rather than CSV (a `.json` name or a first
/// non-blank character `[` or `{`).
pub fn is_json(name: &str, text: &str) -> bool {
    let first = text.trim_start().chars().next();
    name.to_lowercase().ends_with(".json") || matches!(first, Some('[') | Some('{'))
}

/// Reads a table from `text` (file `name`). Returns the normalised header (in order of first
/// appearance) and the rows. `Err` says why the text is not a table, naming the file.
pub fn read_table(name: &str, text: &str) -> Result<(Vec<String>, Vec<Row>), String> {
    if is_json(name, text) {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("'{name}': {e}"))?;
        let list = json_rows(name, &v)?;
        read_json(name, list)
    } else {
        read_csv(name, text)
    }
}

/// The list of rows of a JSON document: the document itself, `result.rows` (Dune API),
/// `rows`, or `data` (EigenExplorer API pages).
pub fn json_rows<'a>(name: &str, v: &'a Value) -> Result<&'a Vec<Value>, String> {
    match v {
        Value::Array(a) => Ok(a),
        Value::Object(_) => v
            .pointer("/result/rows")
            .or_else(|| v.get("rows"))
            .or_else(|| v.get("data"))
            .and_then(Value::as_array)
            .ok_or_else(|| {
                format!(
                    "'{name}': expected a list of rows, {{\"result\": {{\"rows\": [...]}}}} or {{\"data\": [...]}}"
                )
            }),
        _ => Err(format!("'{name}': expected a list of rows")),
    }
}

fn read_csv(name: &str, text: &str) -> Result<(Vec<String>, Vec<Row>), String> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map_err(|e| format!("'{name}': {e}"))?
        .iter()
        .map(normalise)
        .collect();
    let mut rows = Vec::new();
    // Lines are counted from the byte offset (csv's own count differs with CRLF line ends),
    // going forward from the previous record so that the count stays linear in the file.
    let bytes = text.as_bytes();
    let (mut counted_to, mut newlines) = (0usize, 0usize);
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("'{name}': {e}"))?;
        let line = rec.position().map_or(0, |p| {
            let mut at = (p.byte() as usize).min(bytes.len());
            // With CRLF the record starts at the previous line's '\n'.
            while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
                at += 1;
            }
            if at >= counted_to {
                newlines += bytes[counted_to..at]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                counted_to = at;
            }
            newlines + 1
        });
        let cells = header
            .iter()
            .cloned()
            .zip(rec.iter().map(str::to_string))
            .collect();
        rows.push(Row {
            file: name.to_string(),
            place: line.to_string(),
            cells,
        });
    }
    Ok((header, rows))
}

fn read_json(name: &str, list: &[Value]) -> Result<(Vec<String>, Vec<Row>), String> {
    let mut header: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let obj = item
            .as_object()
            .ok_or_else(|| format!("'{name}': row {} is not an object", i + 1))?;
        let mut cells = BTreeMap::new();
        for (k, val) in obj {
            let k = normalise(k);
            if !header.contains(&k) {
                header.push(k.clone());
            }
            cells.insert(k, cell(val));
        }
        rows.push(Row {
            file: name.to_string(),
            place: format!("row {}", i + 1),
            cells,
        });
    }
    Ok((header, rows))
}

/// A JSON value as a cell: strings as they are, null as empty, anything else as JSON.
pub fn cell(val: &Value) -> String {
    match val {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `Ok` when every column of `cols` is in `header`; otherwise the missing ones and the
/// columns found, shortened (60 characters, the first 30 columns) so that a file that is not a
/// table (one 60 MB line) gives a one-line error, not the file echoed.
pub fn require(name: &str, header: &[String], cols: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = cols
        .iter()
        .copied()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut found: Vec<String> = header
        .iter()
        .take(30)
        .map(|h| match h.char_indices().nth(60) {
            Some((cut, _)) => format!("{}... ({} bytes)", &h[..cut], h.len()),
            None => h.clone(),
        })
        .collect();
    if header.len() > 30 {
        found.push(format!("and {} more", header.len() - 30));
    }
    Err(format!(
        "'{name}': missing column{} {} (found: {})",
        if missing.len() > 1 { "s" } else { "" },
        missing.join(", "),
        found.join(", ")
    ))
}

/// A non-negative finite number (an empty cell is none); thousands separators `,` and `_`
/// allowed.
pub fn parse_amount(s: &str) -> Option<f64> {
    s.replace([',', '_'], "")
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x >= 0.0)
}
