use super::*;
use restake_engine::presets;
use restake_engine::Scenario;
use serde_json::Value;

/// Every leaf (and every optional field that is none) under `v`, with its path.
fn leaves(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaves(x, &p, out);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                leaves(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => out.push(path.to_string()),
    }
}

#[test]
fn every_parameter_of_every_preset_has_a_label_unit_range_and_help() {
    for name in presets::NAMES {
        let mut s = presets::get(name).unwrap();
        // The optional parts too, as "Add" makes them.
        for path in [
            "insurance",
            "pool.lps",
            "lending.governance",
            "oracle_feeds",
        ] {
            s = apply(&s, path, Edit::Add).unwrap_or(s);
        }
        let mut paths = Vec::new();
        leaves(&serde_json::to_value(&s).unwrap(), "", &mut paths);
        let missing: Vec<&String> = paths.iter().filter(|p| spec(p).is_none()).collect();
        assert!(missing.is_empty(), "{name}: no spec for {missing:?}");
        for p in &paths {
            let spec = spec(p).expect("checked");
            assert!(!spec.label.is_empty() && !spec.help.is_empty() && !spec.range.is_empty());
        }
        // Every group key exists in the scenario.
        let v = serde_json::to_value(&s).unwrap();
        for (_, keys) in GROUPS {
            // The extra LRTs and markets are left out of the JSON when there are none.
            for k in keys.iter().filter(|k| !k.starts_with("extra_")) {
                assert!(v.get(k).is_some(), "{name}: no top-level {k}");
            }
        }
    }
}

#[test]
fn fields_come_in_reading_order() {
    assert!(order("operators[3].name") < order("operators[3].lrt_delegation_eth"));
    assert!(order("operators[3].lrt_delegation_eth") < order("operators[3].allocations"));
    assert!(order("avss[0].veto") < order("avss[0].veto.quorum"));
    assert_eq!(order("no_such_field"), usize::MAX);
}

#[test]
fn a_valid_edit_is_applied_and_an_invalid_one_names_the_field() {
    let s = presets::get("oracle-cascade").unwrap();
    let t = apply(&s, "pool.amp", Edit::Text("200".into())).unwrap();
    assert_eq!(t.pool.amp, 200);
    let t = apply(&s, "avss[0].slash_rule", Edit::Text("none".into())).unwrap();
    assert_eq!(serde_json::to_value(t.avss[0].slash_rule).unwrap(), "none");
    let t = apply(&s, "lrt.pause_withdrawals_on_slash", Edit::Bool(true)).unwrap();
    assert!(t.lrt.pause_withdrawals_on_slash);
    let t = apply(&s, "stakers.sell_fraction", Edit::Text("0.25".into())).unwrap();
    assert_eq!(t.stakers.sell_fraction, 0.25);

    let e = apply(&s, "lending.ltv_bps", Edit::Text("9900".into())).unwrap_err();
    assert!(e.starts_with("lending.ltv_bps:"), "{e}");
    assert!(e.contains("liquidation_threshold_bps"), "{e}");
    let e = apply(&s, "pool.amp", Edit::Text("lots".into())).unwrap_err();
    assert_eq!(e, "pool.amp: 'lots' is not a whole number of 0 or more");
    let e = apply(&s, "stakers.sell_fraction", Edit::Text("1.5".into())).unwrap_err();
    assert!(e.starts_with("stakers.sell_fraction:"), "{e}");
    let e = apply(&s, "avss[0].kind", Edit::Text("casino".into())).unwrap_err();
    assert!(e.starts_with("avss[0].kind:"), "{e}");
    let e = apply(&s, "avss[1].name", Edit::Text("".into())).unwrap_err();
    assert!(e.starts_with("avss[1].name:"), "{e}");
}

#[test]
fn optional_parts_and_variants_can_be_added_switched_and_removed() {
    let s = presets::get("oracle-cascade").unwrap();
    let t = apply(&s, "insurance", Edit::Add).unwrap();
    assert!(t.insurance.is_some());
    assert!(apply(&t, "insurance", Edit::Remove)
        .unwrap()
        .insurance
        .is_none());
    let t = apply(&s, "avss[3].mev", Edit::Add).unwrap();
    assert!(t.avss[3].mev.is_some());
    let t = apply(&s, "avss[0].veto", Edit::Remove).unwrap();
    assert!(t.avss[0].veto.is_none());
    assert!(apply(&t, "avss[0].veto", Edit::Add).unwrap().avss[0]
        .veto
        .is_some());
    let t = apply(&s, "pool.variant.kind", Edit::Text("ng".into())).unwrap();
    assert_ne!(t.pool.variant, s.pool.variant);
    let t = apply(&s, "lending.governance", Edit::Add).unwrap();
    let t = apply(
        &t,
        "lending.governance.action.kind",
        Edit::Text("set_liquidation_threshold".into()),
    )
    .unwrap();
    assert!(t.lending.governance.is_some());
    let t = apply(&s, "faults[0]", Edit::Remove).unwrap();
    assert_eq!(t.faults.len(), s.faults.len() - 1);
    let t = apply(&s, "avss[0].upgrade_timelock_blocks", Edit::Text("".into())).unwrap();
    assert_eq!(t.avss[0].upgrade_timelock_blocks, None);
    let t = apply(
        &t,
        "avss[0].upgrade_timelock_blocks",
        Edit::Text("300".into()),
    )
    .unwrap();
    assert_eq!(t.avss[0].upgrade_timelock_blocks, Some(300));
    // An operator without a client gets one by name.
    let mut v = serde_json::to_value(&s).unwrap();
    v["operators"][0]["client"] = Value::Null;
    let none: Scenario = serde_json::from_value(v).unwrap();
    let t = apply(&none, "operators[0].client", Edit::Text("Prysm".into())).unwrap();
    assert_eq!(t.operators[0].client.as_deref(), Some("Prysm"));
}
