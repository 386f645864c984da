//! `restake import`: a scenario from Dune EigenLayer exports and EigenExplorer API responses
//! over a template ([`restake_cli::import`] holds the arguments and does the work; the parsing
//! itself is the `restake-import` crate, shared with the app).

use restake_cli::import::{self, ImportArgs};
use restake_cli::input::load_scenario;

use super::write_output;

/// Imports the files of `args`, reports unusable rows and each field's origin on stderr (inside
/// [`import::run`]), and writes the scenario.
///
/// # Errors
/// The template cannot be loaded, an export cannot be read or mapped, or the output cannot be
/// written.
pub fn exec(args: ImportArgs) -> Result<(), String> {
    let t = load_scenario(&args.template)?;
    let imp = import::run(args.clone(), &t)?;
    let mut text = imp.scenario.to_json();
    text.push('\n');
    write_output(args.output.as_deref(), text.as_bytes())
}
