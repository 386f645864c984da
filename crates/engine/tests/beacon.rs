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
/// `process_effective_balance_updates`. Attestation flag penalties are left out (small beside the leak; MODEL.md section 3).
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

#[test]
fn integer_squareroot_is_exact() {
    use restake_engine::beacon::integer_squareroot;
    assert_eq!(integer_squareroot(0), 0);
    assert_eq!(integer_squareroot(15), 3);
    assert_eq!(integer_squareroot(16), 4);
    assert_eq!(integer_squareroot(u64::MAX), 4_294_967_295);
    // 34M ETH in gwei: sqrt(3.4e16) = 184,390,889.1 -> 184,390,889.
    assert_eq!(integer_squareroot(34_000_000 * 1_000_000_000), 184_390_889);
}

#[test]
fn missed_attestation_penalty_at_34m_eth() {
    use restake_engine::beacon::{base_reward_per_increment, missed_attestation_penalty};
    let t = 34_000_000 * 1_000_000_000u64;
    // 1e9 * 64 // 184,390,889 = 347 gwei per increment per epoch.
    assert_eq!(base_reward_per_increment(t), 347);
    // 32 ETH: base reward 32 * 347 = 11,104; source 11,104*14//64 = 2,429; target 11,104*26//64 = 4,511.
    assert_eq!(missed_attestation_penalty(32_000_000_000, t), 2_429 + 4_511);
}

#[test]
fn effective_balance_has_hysteresis() {
    use restake_engine::beacon::updated_effective_balance;
    let eth = 1_000_000_000u64;
    let max = 32 * eth;
    // A 0.2 ETH drop keeps 32 ETH; a 0.3 ETH drop lowers it to 31 ETH.
    assert_eq!(
        updated_effective_balance(32 * eth - eth / 5, 32 * eth, max),
        32 * eth
    );
    assert_eq!(
        updated_effective_balance(32 * eth - 3 * eth / 10, 32 * eth, max),
        31 * eth
    );
    // Rising from 31 needs more than 1.25 ETH above it.
    assert_eq!(
        updated_effective_balance(32 * eth + eth / 5, 31 * eth, max),
        31 * eth
    );
    assert_eq!(
        updated_effective_balance(32 * eth + eth / 2, 31 * eth, max),
        32 * eth
    );
}

#[test]
fn exit_queue_consumes_churn_epoch_by_epoch() {
    use restake_engine::beacon::{compute_exit_epoch_and_update_churn, ExitChurn};
    let gwei = 1_000_000_000u64;
    let t = 34_000_000 * gwei; // churn 256 ETH per epoch
    let mut churn = ExitChurn::default();
    // 100 ETH exits at epoch 10 + 5; the next 156 ETH fit in the same epoch; 1 more ETH spills over.
    assert_eq!(
        compute_exit_epoch_and_update_churn(&mut churn, 10, 100 * gwei, t),
        15
    );
    assert_eq!(
        compute_exit_epoch_and_update_churn(&mut churn, 10, 156 * gwei, t),
        15
    );
    assert_eq!(
        compute_exit_epoch_and_update_churn(&mut churn, 10, gwei, t),
        16
    );
    // 57,600 ETH (one day of churn at 256 ETH per epoch) takes 225 more epochs.
    let e = compute_exit_epoch_and_update_churn(&mut churn, 10, 57_600 * gwei, t);
    assert_eq!(e, 16 + 225);
}
