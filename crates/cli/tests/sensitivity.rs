//! The sensitivity table as a test: every lever of `restake sensitivity` applied to
//! `oracle-cascade` must move each outcome in its documented direction (docs/SENSITIVITY.md).
//! Run over the document's 20 seeds and 7,200 blocks (about 40 s in the optimised test
//! profile), and the document must hold the table this run produces.

use restake_cli::sensitivity::{self, Dir};
use restake_engine::presets;

#[test]
fn every_lever_moves_outcomes_in_their_documented_direction() {
    let base = presets::get("oracle-cascade").expect("preset");
    let seeds: Vec<u64> = (0..20).collect();
    let table = sensitivity::run("oracle-cascade", &base, &seeds, 7_200, None).expect("runs");
    assert_eq!(table.rows.len(), sensitivity::levers(&base).len());
    let flips = table.flips();
    assert!(
        flips.is_empty(),
        "moved against their direction: {flips:?}\n{}",
        table.to_markdown()
    );
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/SENSITIVITY.md");
    let doc = std::fs::read_to_string(path).expect("docs/SENSITIVITY.md");
    assert!(
        doc.contains(&table.to_markdown()),
        "docs/SENSITIVITY.md is stale: regenerate it with `restake sensitivity`"
    );
    // The levers do act: the cascade's price falls less with unique stake and a deeper pool.
    let row = |name: &str| table.rows.iter().find(|r| r.name == name).expect(name);
    assert!(row("unique stake").medians[0] > table.baseline[0] + 0.05);
    assert!(row("pool depth x2").medians[0] > table.baseline[0]);
    assert!(row("pool depth x0.5").medians[0] < table.baseline[0]);
}

#[test]
fn a_move_against_the_direction_is_caught() {
    assert!(Dir::Up.holds(0.80, 0.81, 0.0));
    assert!(!Dir::Up.holds(0.80, 0.70, 0.0));
    assert!(!Dir::Down.holds(9.0, 11.0, 0.5));
    assert!(Dir::Down.holds(9.0, 9.5, 0.5));
    assert!(!Dir::Same.holds(14_385.0, 4_414.0, 0.0));
    assert!(Dir::Any.holds(0.0, 1e9, 0.0));
}
