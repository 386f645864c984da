//! Parsing a scenario from JSON: serde errors with field paths, and non-finite numbers
//! (`NaN`, `Infinity`, `1e999`) reported at the field with its rule.

use super::*;

enum ParseOrInvalid {
    Parse(serde_path_to_error::Error<serde_json::Error>),
    Invalid(ScenarioError),
}

fn parse_and_validate(text: &str) -> Result<Scenario, ParseOrInvalid> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let scenario: Scenario = serde_path_to_error::deserialize(de).map_err(ParseOrInvalid::Parse)?;
    scenario.validate().map_err(ParseOrInvalid::Invalid)?;
    Ok(scenario)
}

/// Spellings of non-finite numbers that JSON writers emit (JavaScript and Python: `NaN`,
/// `Infinity`; Rust's `Display` and C's `printf`: `inf`, `nan`) and JSON refuses. Longer
/// spellings come first so that `-Infinity` is not read as `-Inf...`.
const NON_FINITE: [&str; 12] = [
    "-Infinity",
    "+Infinity",
    "Infinity",
    "-infinity",
    "infinity",
    "-inf",
    "+inf",
    "inf",
    "-NaN",
    "NaN",
    "-nan",
    "nan",
];

/// The token a syntax error is about: a `NaN` / `Infinity` spelling at the error's position,
/// or, for serde_json's "number out of range" (`1e999`, which overflows an `f64` to
/// infinity), the number ending there. Returns its byte offset and text.
fn bad_number_token<'t>(
    text: &'t str,
    inner: &serde_json::Error,
    line_start: usize,
) -> Option<(usize, &'t str)> {
    // serde_json's column is 1-based and points at or just after the offending character.
    let around = line_start + inner.column().saturating_sub(2);
    if inner.to_string().starts_with("number out of range") {
        let is_num = |c: u8| c.is_ascii_digit() || matches!(c, b'e' | b'E' | b'+' | b'-' | b'.');
        let bytes = text.as_bytes();
        let mut end = (line_start + inner.column()).min(text.len());
        while end < text.len() && is_num(bytes[end]) {
            end += 1;
        }
        let mut start = end;
        while start > line_start && is_num(bytes[start - 1]) {
            start -= 1;
        }
        return (start < end).then(|| (start, &text[start..end]));
    }
    (around..(around + 3).min(text.len()))
        .filter(|&i| text.is_char_boundary(i))
        .find_map(|i| {
            NON_FINITE
                .iter()
                .find(|t| {
                    text[i..].starts_with(**t)
                        && !text[i + t.len()..].starts_with(|c: char| c.is_alphanumeric())
                })
                .map(|t| (i, &text[i..i + t.len()]))
        })
}

/// When parsing failed at a `NaN` / `Infinity` token or at a number too large for an `f64`:
/// the error at the field's path with the field's rule. The rule is found by probing: the
/// token is replaced by -1e300, then 1e300, and the first probe the field refuses gives its
/// reason (without its "got ..." part); a field that takes both is reported as needing a
/// finite number. `None` for other errors.
/// `reparse` parses and checks a probed text and returns its first error (`None` if it is
/// accepted).
fn non_finite_error(
    text: &str,
    e: &serde_path_to_error::Error<serde_json::Error>,
    reparse: &dyn Fn(&str) -> Option<ScenarioError>,
) -> Option<ScenarioError> {
    let inner = e.inner();
    if !inner.is_syntax() || inner.line() == 0 {
        return None;
    }
    let line_start: usize = text
        .split_inclusive('\n')
        .take(inner.line() - 1)
        .map(str::len)
        .sum();
    let (start, token) = bad_number_token(text, inner, line_start)?;
    let path = match e.path().to_string() {
        p if p == "." => "(top level)".to_string(),
        p => p,
    };
    let rule = ["-1e300", "1e300"]
        .iter()
        .find_map(|probe| {
            let probed = format!("{}{probe}{}", &text[..start], &text[start + token.len()..]);
            let ScenarioError::Invalid { path: p, reason } = reparse(&probed)? else {
                return None;
            };
            (p == path).then(|| probe_rule(&reason))
        })
        .unwrap_or_else(|| "must be a finite number".to_string());
    let what = if NON_FINITE.contains(&token) {
        "is not a number (JSON has no NaN or Infinity)"
    } else {
        "is out of range (beyond the largest 64-bit float, about 1.8e308)"
    };
    Some(ScenarioError::at(path, format!("{token} {what}; {rule}")))
}

impl ScenarioError {
    /// For JSON text of any `T` checked by `check` (a position file, for instance): when it
    /// does not parse because of a `NaN` / `Infinity` token or a number beyond the `f64` range,
    /// the error at the field's path with the field's rule, as [`Scenario::from_json`] gives
    /// for scenarios; `None` when the text parses or fails for another reason.
    pub fn non_finite<T: serde::de::DeserializeOwned>(
        text: &str,
        check: impl Fn(&T) -> Result<(), ScenarioError>,
    ) -> Option<ScenarioError> {
        let parse = |t: &str| {
            let de = &mut serde_json::Deserializer::from_str(t);
            serde_path_to_error::deserialize::<_, T>(de)
        };
        let e = parse(text).err()?;
        let reparse = |t: &str| match parse(t) {
            Err(e) => Some(ScenarioError::from_parse(e)),
            Ok(v) => check(&v).err(),
        };
        non_finite_error(text, &e, &reparse)
    }
}

/// The rule in a probe's refusal: `must be in [0, 1], got -1e300` -> `must be in [0, 1]`; a
/// type error of an integer field -> `must be a whole number (u32)`.
fn probe_rule(reason: &str) -> String {
    let reason = reason.split(" at line ").next().unwrap_or(reason);
    if reason.starts_with("invalid type") {
        return match reason.rsplit_once("expected ") {
            Some((_, want)) if want.starts_with('u') || want.starts_with('i') => {
                format!("must be a whole number ({want})")
            }
            Some((_, want)) => format!("expected {want}"),
            None => reason.to_string(),
        };
    }
    match reason.split_once(", got ") {
        Some((rule, _)) => rule.to_string(),
        None => reason.to_string(),
    }
}

impl Scenario {
    /// Parses and validates a scenario from JSON text.
    /// Returns `Err(ScenarioError::Invalid)` naming the JSON path (e.g. `lending.ltv_bps`) and
    /// the reason when the text is not valid JSON, has a wrong type, an unknown field, or a value
    /// out of range.
    ///
    /// `NaN`, `Infinity` and `-Infinity` (which JSON does not have) are reported at the
    /// field's path with the field's rule, e.g. `stakers.sell_fraction: NaN is not a number
    /// (JSON has no NaN or Infinity); must be in [0, 1]`, instead of serde's `expected value`;
    /// so are `inf` / `nan` and numbers beyond the `f64` range such as `1e999` (serde's
    /// `number out of range`).
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let reparse = |t: &str| match parse_and_validate(t) {
            Err(ParseOrInvalid::Parse(e)) => Some(ScenarioError::from_parse(e)),
            Err(ParseOrInvalid::Invalid(e)) => Some(e),
            Ok(_) => None,
        };
        parse_and_validate(text).map_err(|e| match e {
            ParseOrInvalid::Parse(e) => {
                non_finite_error(text, &e, &reparse).unwrap_or_else(|| ScenarioError::from_parse(e))
            }
            ParseOrInvalid::Invalid(e) => e,
        })
    }

    /// Pretty JSON of this scenario; `from_json` reads it back unchanged.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("scenario serialises")
    }
}
