//! `restake import`: reads the export files (regular files only, size-limited) and hands
//! their names and contents to the pure importer, `restake_import` (shared with the app).

use std::path::Path;

pub use restake_import::{Import, Input, Options, Source, TvlUnit};

use crate::input;

/// Largest export file read, bytes (a mapping of every EigenLayer registration is a few MB).
pub const MAX_EXPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads `path` as an input of kind `source`; `None` detects the kind from the columns or
/// keys (`restake_import::detect`). `Err` names the file and why it cannot be read.
pub fn read_input(path: &str, source: Option<Source>) -> Result<Input, String> {
    let text = input::read_limited(Path::new(path), MAX_EXPORT_BYTES)
        .map_err(|e| format!("cannot read '{path}': {e}"))?;
    let source = match source {
        Some(s) => s,
        None => restake_import::detect(path, &text)?,
    };
    Ok(Input {
        source,
        name: path.to_string(),
        text,
    })
}

/// Reads every `(path, source)` and imports them over `template`. `Err` as
/// [`read_input`] and `restake_import::import`.
pub fn import_files(
    files: &[(String, Option<Source>)],
    opts: &Options,
    template: &restake_engine::Scenario,
) -> Result<Import, String> {
    let inputs = files
        .iter()
        .map(|(p, s)| read_input(p, *s))
        .collect::<Result<Vec<_>, _>>()?;
    restake_import::import(&inputs, opts, template)
}
