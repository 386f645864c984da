//! Property tests over random scenarios: presets perturbed within and beyond their valid ranges,
//! with random faults scheduled in the file and injected while running (`Sim::inject`).
//!
//! For every case, either validation refuses the scenario with a field path, or a run of up to
//! a few hundred blocks keeps after every block: conservation to the wei and the other
//! invariants of `invariants.rs`, finite positive price and NAV, no NaN in any metric, and the
//! same state hash when run twice. Balances are `u128` and the test profile keeps overflow
//! checks on, so a negative balance would be a panic, which fails the case.
//!
//! `PROPTEST_CASES` sets the number of cases (default 1,500: about 15 s on the 2-core
//! development machine); e.g. `PROPTEST_CASES=20000 cargo test --release -p restake-engine
//! --test proptest_scenarios`.

mod common;

use proptest::prelude::*;
use proptest::test_runner::Config;
use restake_engine::batch::{self, ParamError};
use restake_engine::{invariants, presets, BlockMetrics, Fault, ScenarioError, Sim};
use serde_json::{json, Value};

/// Numeric parameters perturbed, with the range drawn from (wider than the valid range, so
/// that validation is exercised too). `None` for integers, `Some` marks floats.
const PARAMS: &[(&str, f64, f64, bool)] = &[
    ("staking_apr_bps", 0.0, 12_000.0, false),
    ("lrt.withdrawal_delay_blocks", 0.0, 200.0, false),
    ("lrt.buffer_eth", 0.0, 100_000.0, false),
    ("lrt.pause_on_nav_drop_bps", 0.0, 11_000.0, false),
    ("lrt.pause_delay_blocks", 0.0, 300.0, false),
    ("operators[0].lrt_delegation_eth", 0.0, 2_000_000.0, false),
    ("operators[1].native_delegation_eth", 0.0, 500_000.0, false),
    ("operators[2].lst_delegation_eth", 0.0, 500_000.0, false),
    ("avss[0].slash_bps", 0.0, 11_000.0, false),
    ("avss[0].corruption_threshold", -0.2, 1.2, true),
    ("avss[0].veto.window_blocks", 0.0, 150.0, false),
    ("avss[1].slash_bps", 0.0, 10_000.0, false),
    ("pool.eth_liquidity_eth", 0.0, 300_000.0, false),
    ("pool.lrt_liquidity", 0.0, 300_000.0, false),
    ("pool.amp", 0.0, 5_000.0, false),
    ("pool.fee", 0.0, 6_000_000_000.0, false),
    ("pool.admin_fee", 0.0, 11_000_000_000.0, false),
    ("lending.ltv_bps", 0.0, 11_000.0, false),
    ("lending.liquidation_threshold_bps", 0.0, 11_000.0, false),
    ("lending.liquidation_bonus_bps", 0.0, 3_000.0, false),
    ("lending.close_factor_bps", 0.0, 11_000.0, false),
    ("lending.full_close_hf", -0.1, 1.3, true),
    ("lending.protocol_fee_bps", 0.0, 11_000.0, false),
    ("lending.idle_liquidity_eth", 0.0, 200_000.0, false),
    ("stakers.count", 0.0, 800.0, false),
    ("stakers.total_lrt", 0.0, 400_000.0, false),
    ("stakers.panic_threshold_min", -0.1, 0.3, true),
    ("stakers.attention_per_block", 0.0, 1.1, true),
    ("stakers.sell_fraction", 0.0, 1.1, true),
    ("stakers.max_discount_max", 0.0, 1.1, true),
    ("loopers.count", 0.0, 120.0, false),
    ("loopers.total_collateral_lrt", 0.0, 300_000.0, false),
    ("loopers.total_equity_lrt", 0.0, 200_000.0, false),
    ("loopers.hf_min", 0.8, 1.6, true),
    ("loopers.hf_max", 1.0, 3.0, true),
    ("arbitrageurs.count", 0.0, 20.0, false),
    ("arbitrageurs.capital_eth", 0.0, 100_000.0, false),
    ("arbitrageurs.max_trade_eth", 0.0, 20_000.0, false),
    ("arbitrageurs.required_return_apr", -0.1, 2.0, true),
    ("liquidators.count", 0.0, 8.0, false),
    ("liquidators.capital_eth", 0.0, 100_000.0, false),
    ("liquidators.max_rounds_per_block", 0.0, 12.0, false),
    ("liquidators.required_return_apr", -0.1, 12.0, true),
    ("liquidators.expected_pause_days", -1.0, 4_000.0, true),
    ("avss[0].veto.members", 0.0, 20.0, false),
    ("avss[0].veto.quorum", 0.0, 20.0, false),
    ("consensus.validator_balance_eth", 0.0, 2_100.0, false),
    // The channels (present once `common::with_channels` has switched them on).
    ("avss[0].over_slashing_rate", -0.1, 1.2, true),
    ("avss[0].under_slashing_rate", -0.1, 1.2, true),
    ("avss[0].mev.opportunity_gwei_per_block", 0.0, 1e16, false),
    ("avss[0].mev.detection_probability", -0.1, 1.2, true),
    ("avss[0].mev.propensity", -0.1, 1.2, true),
    ("insurance.capital_eth", 0.0, 50_000.0, false),
    ("insurance.covered_bps", 0.0, 11_000.0, false),
    ("insurance.premium_apr_bps", 0.0, 11_000.0, false),
    ("incentives[0].token_apr_bps", 0.0, 11_000.0, false),
    ("incentives[0].ends_at_block", 0.0, 300.0, false),
    ("incentives[0].mercenary_lrt", 0.0, 400_000.0, false),
    ("incentives[0].mercenary_pool_bps", 0.0, 11_000.0, false),
    ("incentives[0].mercenary_exit_blocks", 0.0, 400.0, false),
];

/// Index of the first channel parameter in [`PARAMS`]: choosing one switches the channels on.
const FIRST_CHANNEL_PARAM: usize = 47;

fn param_value(k: usize, u: f64, extreme: Option<u64>) -> Value {
    let (_, lo, hi, float) = PARAMS[k];
    if let Some(x) = extreme {
        return json!(x);
    }
    let x = lo + u * (hi - lo);
    if float {
        json!(x)
    } else {
        json!(x.max(0.0).floor() as u64)
    }
}

/// A perturbation: parameter index, position in its range, and sometimes an extreme integer.
fn perturbation() -> impl Strategy<Value = (usize, f64, Option<u64>)> {
    (
        0..PARAMS.len(),
        0.0..1.0f64,
        prop_oneof![
            8 => Just(None),
            1 => prop::sample::select(vec![0u64, 1, 4_294_967_295, 1_000_000_000, 1 << 40])
                .prop_map(Some),
        ],
    )
}

/// A fault: which entry of the scenario's fault menu, a size knob, and the block.
fn fault_pick() -> impl Strategy<Value = (usize, u32, u64)> {
    (0..32usize, 0..12_000u32, 0..400u64)
}

/// Applies a size knob to the numeric field of a menu fault.
fn resize(f: Fault, k: u32) -> Fault {
    match f {
        Fault::OracleOutlier { avs, .. } => Fault::OracleOutlier {
            avs,
            deviation_bps: k,
        },
        Fault::ClientBug { client, .. } => Fault::ClientBug {
            client,
            share_bps: k,
        },
        Fault::RegionOutage { region, .. } => Fault::RegionOutage {
            region,
            duration_blocks: k as u64 / 10,
        },
        Fault::SlashingUpgrade { avs, .. } => Fault::SlashingUpgrade { avs, slash_bps: k },
        Fault::WithdrawalPause { lrt_symbol, .. } => Fault::WithdrawalPause {
            duration_blocks: k as u64 / 10,
            lrt_symbol,
        },
        Fault::WhaleSale { lrt_symbol, .. } => Fault::WhaleSale {
            lrt: k as u64 * 10,
            over_blocks: (k as u64 % 60),
            lrt_symbol,
        },
        Fault::LiquidityWithdrawal { lrt_symbol, .. } => Fault::LiquidityWithdrawal {
            share_bps: k,
            lrt_symbol,
        },
        Fault::LendingOracle { mode, market, .. } => Fault::LendingOracle {
            mode,
            deviation_bps: k,
            duration_blocks: k as u64 / 100,
            market,
        },
        other => other,
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_500)
}

/// NaN nowhere; price, NAV and discount finite; price and NAV positive.
fn metrics_sane(m: &BlockMetrics) -> Result<(), String> {
    let floats = [
        ("lrt_price", m.lrt_price),
        ("lrt_nav", m.lrt_nav),
        ("discount", m.discount),
        ("hidden_leverage", m.hidden_leverage),
        ("loop_leverage", m.loop_leverage),
        ("network_slack", m.network_slack),
    ];
    if let Some((name, v)) = floats.iter().find(|(_, v)| v.is_nan()) {
        return Err(format!("{name} is {v}"));
    }
    for (name, v) in &floats[..4] {
        if !v.is_finite() {
            return Err(format!("{name} is {v}"));
        }
    }
    if !(m.lrt_price > 0.0 && m.lrt_nav > 0.0) {
        return Err(format!(
            "price {} or NAV {} not positive",
            m.lrt_price, m.lrt_nav
        ));
    }
    if m.hidden_leverage < 0.0 || m.loop_leverage < 1.0 {
        return Err(format!(
            "leverage below its floor: hidden {} loop {}",
            m.hidden_leverage, m.loop_leverage
        ));
    }
    if m.min_health_factor.is_some_and(|h| h.is_nan() || h < 0.0) {
        return Err(format!("min health factor {:?}", m.min_health_factor));
    }
    Ok(())
}

/// Runs `sim` for `blocks` blocks, injecting `injections` (block, fault) on the way and
/// checking the invariants and metrics after every block; returns the final hash.
fn run_checked(mut sim: Sim, blocks: u64, injections: &[(u64, Fault)]) -> Result<String, String> {
    invariants::check(sim.world()).map_err(|e| format!("block 0: {e}"))?;
    for b in 0..blocks {
        for (_, f) in injections.iter().filter(|(at, _)| *at == b) {
            // A fault the scenario cannot take is refused with a path; nothing changes then.
            if let Err(e) = sim.inject(f.clone()) {
                match e {
                    ScenarioError::Invalid { path, .. } if !path.is_empty() => {}
                    other => return Err(format!("inject refused without a path: {other}")),
                }
            }
        }
        let m = sim.step().clone();
        invariants::check(sim.world()).map_err(|e| format!("block {}: {e}", sim.block()))?;
        metrics_sane(&m).map_err(|e| format!("block {}: {e}", sim.block()))?;
    }
    Ok(sim.state_hash())
}

proptest! {
    #![proptest_config(Config {
        cases: cases(),
        ..Config::default()
    })]

    #[test]
    fn random_scenarios_are_refused_with_a_path_or_keep_the_invariants(
        preset in 0..presets::NAMES.len() - presets::LARGE.len(),
        perturbations in prop::collection::vec(perturbation(), 0..6),
        scheduled in prop::collection::vec(fault_pick(), 0..3),
        injected in prop::collection::vec(fault_pick(), 0..4),
        blocks in 30..300u64,
        seed in any::<u64>(),
        channels in any::<bool>(),
    ) {
        let mut base = presets::get(presets::NAMES[preset]).unwrap();
        if channels || perturbations.iter().any(|p| p.0 >= FIRST_CHANNEL_PARAM) {
            base = common::with_channels(base);
        }
        let menu = Sim::new(base.clone(), 0).unwrap().fault_menu();
        let settings: Vec<(String, Value)> = perturbations
            .iter()
            .map(|&(k, u, x)| (PARAMS[k].0.to_string(), param_value(k, u, x)))
            .collect();
        let faults: Vec<Value> = scheduled
            .iter()
            .map(|&(i, k, at)| json!({"at_block": at, "fault": resize(menu[i % menu.len()].clone(), k)}))
            .collect();
        let mut settings = settings;
        if !faults.is_empty() {
            settings.push(("faults".into(), Value::Array(faults)));
        }
        let scenario = match batch::set_params(&base, &settings) {
            Ok(s) => s,
            Err(ParamError::Value { error: ScenarioError::Invalid { path, reason }, .. }) => {
                prop_assert!(!path.is_empty() && !reason.is_empty());
                return Ok(());
            }
            // Paths that do not exist in this preset (e.g. an AVS without a veto).
            Err(ParamError::Path { .. }) => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(format!("unexpected error {e}"))),
        };
        if std::env::var_os("PROPTEST_TRACE").is_some() {
            eprintln!("ran: {} {settings:?} inj {injected:?} blocks {blocks}", presets::NAMES[preset]);
        }
        let injections: Vec<(u64, Fault)> = injected
            .iter()
            .map(|&(i, k, at)| (at % blocks, resize(menu[i % menu.len()].clone(), k)))
            .collect();
        let sim = match Sim::new(scenario.clone(), seed) {
            Ok(s) => s,
            Err(ScenarioError::Invalid { path, .. }) => {
                prop_assert!(!path.is_empty());
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("unexpected error {e}"))),
        };
        let first = run_checked(sim, blocks, &injections).map_err(TestCaseError::fail)?;
        let again = run_checked(Sim::new(scenario, seed).unwrap(), blocks, &injections)
            .map_err(TestCaseError::fail)?;
        prop_assert_eq!(first, again, "same scenario, seed and injections, different hash");
    }
}

#[test]
fn the_channel_parameters_start_where_marked() {
    assert_eq!(PARAMS[FIRST_CHANNEL_PARAM].0, "avss[0].over_slashing_rate");
    assert!(PARAMS[..FIRST_CHANNEL_PARAM]
        .iter()
        .all(|p| !p.0.contains("slashing_rate")));
}
