//! Tests of the consensus-layer arithmetic against MODEL.md section 3.

use restake_engine::beacon::{
    correlation_penalty, exit_churn_limit, inactivity_penalty, initial_slashing_penalty,
    proposer_reward, whistleblower_reward, EFFECTIVE_BALANCE_INCREMENT, EJECTION_BALANCE,
    INACTIVITY_SCORE_BIAS, MAX_EFFECTIVE_BALANCE,
};

/// One ETH in gwei.
const ETH: u64 = 1_000_000_000;
/// Epochs in one day (225) times 7 and 14.
const SEVEN_DAYS: u64 = 1_575;
const FOURTEEN_DAYS: u64 = 3_150;

/// `HYSTERESIS_QUOTIENT`, `HYSTERESIS_DOWNWARD_MULTIPLIER`, `HYSTERESIS_UPWARD_MULTIPLIER`
/// (phase0 preset), used by `process_effective_balance_updates`.
const HYSTERESIS_QUOTIENT: u64 = 4;
const HYSTERESIS_DOWNWARD_MULTIPLIER: u64 = 1;
const HYSTERESIS_UPWARD_MULTIPLIER: u64 = 5;

/// Electra `process_effective_balance_updates` for a 0x01 validator.
fn updated_effective_balance(balance: u64, effective_balance: u64) -> u64 {
    let hysteresis_increment = EFFECTIVE_BALANCE_INCREMENT / HYSTERESIS_QUOTIENT;
    let downward_threshold = hysteresis_increment * HYSTERESIS_DOWNWARD_MULTIPLIER;
    let upward_threshold = hysteresis_increment * HYSTERESIS_UPWARD_MULTIPLIER;
    if balance + downward_threshold < effective_balance
        || effective_balance + upward_threshold < balance
    {
        (balance - balance % EFFECTIVE_BALANCE_INCREMENT).min(MAX_EFFECTIVE_BALANCE)
    } else {
        effective_balance
    }
}

/// Balance (gwei) of a 32-ETH validator that is offline for `epochs` epochs of inactivity leak,
/// in the spec's epoch order: `process_inactivity_updates` (score += bias), then
/// `process_rewards_and_penalties` (the inactivity penalty on the effective balance), then
/// `process_effective_balance_updates`. Attestation flag penalties are left out, as in MODEL.md.
fn balance_after_leak(epochs: u64) -> u64 {
    let (mut balance, mut effective_balance, mut score) =
        (MAX_EFFECTIVE_BALANCE, MAX_EFFECTIVE_BALANCE, 0);
    for _ in 0..epochs {
        score += INACTIVITY_SCORE_BIAS;
        balance = balance.saturating_sub(inactivity_penalty(effective_balance, score));
        effective_balance = updated_effective_balance(balance, effective_balance);
    }
    balance
}

/// Fraction of a 32-ETH stake lost to the leak after `epochs` epochs.
fn leak_loss(epochs: u64) -> f64 {
    (MAX_EFFECTIVE_BALANCE - balance_after_leak(epochs)) as f64 / MAX_EFFECTIVE_BALANCE as f64
}

#[test]
fn model_self_check_correlation_penalty() {
    let total = 32_000_000 * ETH;
    let penalty = correlation_penalty(32 * ETH, total / 10, total);
    assert_eq!(penalty, 9_600_000_000);
}

#[test]
fn a_third_slashed_costs_the_whole_balance() {
    // 30M ETH divides by 3, so a third of it times 3 is exactly the total.
    let total = 30_000_000 * ETH;
    assert_eq!(correlation_penalty(32 * ETH, total / 3, total), 32 * ETH);
    assert_eq!(correlation_penalty(32 * ETH, total / 2, total), 32 * ETH);
    assert_eq!(correlation_penalty(2_048 * ETH, total, total), 2_048 * ETH);
    // With 32M ETH, `T // 3 * 3` falls 2 gwei short of T, and the floor costs 1 gwei per ETH.
    let total = 32_000_000 * ETH;
    assert_eq!(
        correlation_penalty(32 * ETH, total / 3, total),
        32 * ETH - 32
    );
}

#[test]
fn correlation_penalty_never_panics() {
    assert_eq!(correlation_penalty(32 * ETH, 10 * ETH, 0), 0);
    assert_eq!(correlation_penalty(32 * ETH, 10 * ETH, ETH - 1), 0);
    assert_eq!(
        correlation_penalty(u64::MAX, u64::MAX, u64::MAX),
        18_446_744_073_000_000_000
    );
    // Below 2 ETH of stake, `T // 1e9` is 1 and the uint64 product would overflow.
    assert_eq!(
        correlation_penalty(u64::MAX, u64::MAX, 2 * ETH - 1),
        u64::MAX
    );
    assert_eq!(correlation_penalty(32 * ETH, 0, 32_000_000 * ETH), 0);
}

#[test]
fn slashing_penalty_and_rewards() {
    assert_eq!(initial_slashing_penalty(32 * ETH), 7_812_500);
    assert_eq!(initial_slashing_penalty(2_048 * ETH), 500_000_000);
    let reward = whistleblower_reward(32 * ETH);
    assert_eq!(reward, 7_812_500);
    assert_eq!(proposer_reward(reward), 976_562);
    assert_eq!(proposer_reward(u64::MAX), u64::MAX / 8);
}

#[test]
fn exit_churn_follows_total_stake() {
    assert_eq!(exit_churn_limit(34_000_000 * ETH), 256 * ETH);
    // 10M / 65,536 = 152.58 ETH, above the 128 ETH floor, rounded down to whole ETH.
    assert_eq!(exit_churn_limit(10_000_000 * ETH), 152 * ETH);
    assert_eq!(exit_churn_limit(1_000_000 * ETH), 128 * ETH);
    assert_eq!(exit_churn_limit(0), 128 * ETH);
    assert_eq!(exit_churn_limit(u64::MAX), 256 * ETH);
}

#[test]
fn inactivity_penalty_per_epoch() {
    // After one offline epoch of leak: 32 ETH * 4 / (4 * 2^24).
    assert_eq!(inactivity_penalty(32 * ETH, INACTIVITY_SCORE_BIAS), 1_907);
    assert_eq!(inactivity_penalty(0, 1_000), 0);
    assert_eq!(inactivity_penalty(u64::MAX, u64::MAX), u64::MAX);
}

#[test]
fn offline_validator_leaks_about_7_percent_in_7_days_and_25_in_14() {
    assert_eq!(balance_after_leak(SEVEN_DAYS), 29_733_339_081);
    assert_eq!(balance_after_leak(FOURTEEN_DAYS), 23_868_686_224);
    let (week, fortnight) = (leak_loss(SEVEN_DAYS), leak_loss(FOURTEEN_DAYS));
    assert!((0.05..=0.09).contains(&week), "7-day loss {week}");
    assert!(
        (0.20..=0.30).contains(&fortnight),
        "14-day loss {fortnight}"
    );
    // Still above the ejection balance after two weeks.
    assert!(balance_after_leak(FOURTEEN_DAYS) > EJECTION_BALANCE);
}
