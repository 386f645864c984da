//! The sensitivity table as a test: every lever of `restake sensitivity` applied to
//! `oracle-cascade` must move each outcome in its documented direction (docs/SENSITIVITY.md).
//! Run over 12 seeds and 4,100 blocks (the slash lands at block 3,900 and the first
//! liquidations follow within 300 blocks) to stay near a minute and a half in a debug build.

use restake_cli::sensitivity::{self, Dir};
use restake_engine::presets;

#[test]
fn every_lever_moves_outcomes_in_their_documented_direction() {
    let base = presets::get("oracle-cascade").expect("preset");
    let seeds: Vec<u64> = (0..12).collect();
    let table = sensitivity::run("oracle-cascade", &base, &seeds, 4_100, None).expect("runs");
    assert_eq!(table.rows.len(), sensitivity::levers(&base).len());
    let flips = table.flips();
    assert!(
        flips.is_empty(),
        "moved against their direction: {flips:?}\n{}",
        table.to_markdown()
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
