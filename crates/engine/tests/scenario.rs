//! Scenario files: presets round-trip through JSON, and bad input names the field and the reason.

use restake_engine::presets;
use restake_engine::{Scenario, ScenarioError};

fn error_of(json: &str) -> (String, String) {
    match Scenario::from_json(json) {
        Err(ScenarioError::Invalid { path, reason }) => (path, reason),
        other => panic!("expected an invalid-scenario error, got {other:?}"),
    }
}

/// The default preset as a JSON value, to edit one field at a time.
fn preset_value() -> serde_json::Value {
    serde_json::from_str(&presets::get("oracle-cascade").unwrap().to_json()).unwrap()
}

#[test]
fn every_preset_round_trips_through_json() {
    for name in presets::NAMES {
        let s = presets::get(name).unwrap();
        let back = Scenario::from_json(&s.to_json()).unwrap();
        assert_eq!(back, s, "{name}");
    }
}

#[test]
fn malformed_json_names_the_position() {
    let (path, reason) = error_of("{\"name\": ");
    assert_eq!(path, "name");
    assert!(
        reason.contains("EOF") && reason.contains("line 1"),
        "{reason}"
    );
}

#[test]
fn wrong_type_names_the_field() {
    let mut v = preset_value();
    v["pool"]["amp"] = serde_json::json!("fifty");
    let (path, reason) = error_of(&v.to_string());
    assert_eq!(path, "pool.amp");
    assert!(reason.contains("invalid type"), "{reason}");
}

#[test]
fn unknown_field_is_refused() {
    let mut v = preset_value();
    v["lending"]["ltv_percent"] = serde_json::json!(75);
    let (path, reason) = error_of(&v.to_string());
    assert_eq!(path, "lending.ltv_percent");
    assert!(reason.contains("unknown field `ltv_percent`"), "{reason}");
}

#[test]
fn ltv_above_liquidation_threshold_is_refused() {
    let mut v = preset_value();
    v["lending"]["ltv_bps"] = serde_json::json!(8_000);
    let (path, reason) = error_of(&v.to_string());
    assert_eq!(path, "lending.ltv_bps");
    assert!(reason.contains("7800"), "{reason}");
}

#[test]
fn allocation_to_unknown_avs_is_refused() {
    let mut v = preset_value();
    v["operators"][2]["allocations"][0]["avs"] = serde_json::json!("Nope");
    let (path, reason) = error_of(&v.to_string());
    assert_eq!(path, "operators[2].allocations[0].avs");
    assert!(reason.contains("Nope"), "{reason}");
}

#[test]
fn over_allocated_magnitude_is_refused() {
    let mut v = preset_value();
    v["operators"][0]["allocations"][0]["magnitude_bps"] = serde_json::json!(9_000);
    let (path, _) = error_of(&v.to_string());
    assert_eq!(path, "operators[0].allocations");
}

#[test]
fn empty_pool_and_bad_fraction_are_refused() {
    let mut v = preset_value();
    v["pool"]["eth_liquidity_eth"] = serde_json::json!(0);
    assert_eq!(error_of(&v.to_string()).0, "pool");
    let mut v = preset_value();
    v["stakers"]["attention_per_block"] = serde_json::json!(1.5);
    assert_eq!(error_of(&v.to_string()).0, "stakers.attention_per_block");
    let mut v = preset_value();
    v["pool"]["amp"] = serde_json::json!(-3);
    assert_eq!(error_of(&v.to_string()).0, "pool.amp");
}

#[test]
fn holdings_beyond_backing_are_refused_when_building() {
    let mut s = presets::get("oracle-cascade").unwrap();
    s.stakers.total_lrt = 10_000_000;
    match restake_engine::Sim::new(s, 1) {
        Err(ScenarioError::Invalid { path, .. }) => assert_eq!(path, "stakers.total_lrt"),
        other => panic!("expected an error, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn fault_on_a_non_oracle_avs_is_refused() {
    let mut v = preset_value();
    v["faults"][0]["fault"]["avs"] = serde_json::json!("DA Layer");
    let (path, reason) = error_of(&v.to_string());
    assert_eq!(path, "faults[0].fault.avs");
    assert!(reason.contains("not an oracle"), "{reason}");
}
