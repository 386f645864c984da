//! Ethereum consensus-layer penalty and churn arithmetic (MODEL.md section 3).
//!
//! Source: ethereum/consensus-specs `specs/electra/beacon-chain.md` (`slash_validator`,
//! `process_slashings`, `get_balance_churn_limit`, `get_activation_exit_churn_limit`) and, for the
//! inactivity leak, `specs/bellatrix/beacon-chain.md` / `specs/altair/beacon-chain.md`
//! (`get_inactivity_penalty_deltas`, `process_inactivity_updates`), which Electra keeps unchanged.
//! Each function reproduces one spec expression with the same integer divisions in the same
//! order; amounts are gwei (`u64`) as in the spec. Where the spec's `uint64` arithmetic could
//! overflow or divide by zero on inputs no real chain has, these functions widen to `u128` and
//! saturate (or return 0) instead of panicking, as documented on each.

/// One effective-balance step: 1 ETH in gwei (`EFFECTIVE_BALANCE_INCREMENT`).
pub const EFFECTIVE_BALANCE_INCREMENT: u64 = 1_000_000_000;
/// Maximum effective balance of a 0x01 validator, 32 ETH in gwei (`MAX_EFFECTIVE_BALANCE`; named
/// `MIN_ACTIVATION_BALANCE` in Electra).
pub const MAX_EFFECTIVE_BALANCE: u64 = 32_000_000_000;
/// Maximum effective balance of a 0x02 (compounding) validator, 2048 ETH in gwei.
pub const MAX_EFFECTIVE_BALANCE_ELECTRA: u64 = 2_048_000_000_000;
/// Length of the slashings ring in epochs (~36.4 days); a slashed validator becomes withdrawable
/// this many epochs after the slashing and pays the correlation penalty half-way.
pub const EPOCHS_PER_SLASHINGS_VECTOR: u64 = 8_192;
/// Divisor of the initial slashing penalty (Electra; Bellatrix used 32).
pub const MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA: u64 = 4_096;
/// Multiplier of the slashings sum in the correlation penalty (Bellatrix value, kept by Electra).
pub const PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX: u64 = 3;
/// Divisor of the whistleblower reward (Electra; 512 before).
pub const WHISTLEBLOWER_REWARD_QUOTIENT_ELECTRA: u64 = 4_096;
/// The proposer's weight in the reward split (`PROPOSER_WEIGHT`, Altair).
pub const PROPOSER_WEIGHT: u64 = 8;
/// Denominator of the reward weights (`WEIGHT_DENOMINATOR`, Altair).
pub const WEIGHT_DENOMINATOR: u64 = 64;
/// Divisor of the inactivity penalty, 2^24 (Bellatrix).
pub const INACTIVITY_PENALTY_QUOTIENT_BELLATRIX: u64 = 1 << 24;
/// Inactivity score added per epoch a validator misses its target vote.
pub const INACTIVITY_SCORE_BIAS: u64 = 4;
/// Inactivity score removed per epoch while the chain finalizes.
pub const INACTIVITY_SCORE_RECOVERY_RATE: u64 = 16;
/// Epochs without finality after which the inactivity leak starts.
pub const MIN_EPOCHS_TO_INACTIVITY_PENALTY: u64 = 4;
/// Effective balance at or below which a validator is ejected, 16 ETH in gwei.
pub const EJECTION_BALANCE: u64 = 16_000_000_000;
/// Floor of the per-epoch balance churn, 128 ETH in gwei.
pub const MIN_PER_EPOCH_CHURN_LIMIT_ELECTRA: u64 = 128_000_000_000;
/// Cap of the per-epoch activation/exit churn, 256 ETH in gwei.
pub const MAX_PER_EPOCH_ACTIVATION_EXIT_CHURN_LIMIT: u64 = 256_000_000_000;
/// Divisor of the total active balance in the churn limit.
pub const CHURN_LIMIT_QUOTIENT: u64 = 65_536;

/// Penalty taken at once when a validator is slashed, in gwei, from its effective balance (gwei).
///
/// spec: Electra `slash_validator`,
/// `slashing_penalty = validator.effective_balance // MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA`.
pub fn initial_slashing_penalty(effective_balance: u64) -> u64 {
    effective_balance / MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA
}

/// Whistleblower reward for slashing a validator, in gwei, from the slashed validator's effective
/// balance (gwei). It includes the proposer's share ([`proposer_reward`]).
///
/// spec: Electra `slash_validator`,
/// `whistleblower_reward = validator.effective_balance // WHISTLEBLOWER_REWARD_QUOTIENT_ELECTRA`.
pub fn whistleblower_reward(effective_balance: u64) -> u64 {
    effective_balance / WHISTLEBLOWER_REWARD_QUOTIENT_ELECTRA
}

/// The block proposer's share of a whistleblower reward, in gwei; the whistleblower keeps
/// `whistleblower_reward - proposer_reward`.
///
/// spec: Electra `slash_validator`,
/// `proposer_reward = whistleblower_reward * PROPOSER_WEIGHT // WEIGHT_DENOMINATOR`.
pub fn proposer_reward(whistleblower_reward: u64) -> u64 {
    // u128 so that no u64 input overflows; the quotient is at most the input.
    (whistleblower_reward as u128 * PROPOSER_WEIGHT as u128 / WEIGHT_DENOMINATOR as u128) as u64
}

/// Correlation penalty of a slashed validator, in gwei, applied once half-way through
/// `EPOCHS_PER_SLASHINGS_VECTOR` after its slashing.
///
/// `effective_balance` is the validator's (gwei), `slashings_in_window` the sum of the slashings
/// ring (gwei of effective balance slashed in the last 8192 epochs, this validator included) and
/// `total_active_balance` the total active balance T (gwei). One third or more of T slashed costs
/// the whole effective balance. Returns 0 when T is below one increment (the spec would divide by
/// zero); saturates at `u64::MAX` where the spec's `uint64` would overflow. The result can exceed
/// the validator's balance; `decrease_balance` floors the balance at zero.
///
/// spec: Electra `process_slashings`:
/// `adjusted = min(sum(slashings) * PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX, T)`,
/// `penalty_per_effective_balance_increment = adjusted // (T // EFFECTIVE_BALANCE_INCREMENT)`,
/// `penalty = penalty_per_effective_balance_increment * (effective_balance // EFFECTIVE_BALANCE_INCREMENT)`.
pub fn correlation_penalty(
    effective_balance: u64,
    slashings_in_window: u64,
    total_active_balance: u64,
) -> u64 {
    let increment = EFFECTIVE_BALANCE_INCREMENT as u128;
    let total = total_active_balance as u128;
    let total_increments = total / increment;
    if total_increments == 0 {
        return 0;
    }
    let adjusted_total_slashing_balance = (slashings_in_window as u128
        * PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX as u128)
        .min(total);
    let penalty_per_effective_balance_increment =
        adjusted_total_slashing_balance / total_increments;
    let effective_balance_increments = effective_balance as u128 / increment;
    let penalty = penalty_per_effective_balance_increment * effective_balance_increments;
    u64::try_from(penalty).unwrap_or(u64::MAX)
}

/// Inactivity-leak penalty for one epoch, in gwei, of a validator that missed its target vote,
/// from its effective balance (gwei) and inactivity score (after this epoch's score update: the
/// score rises by `INACTIVITY_SCORE_BIAS` per missed epoch).
///
/// spec: Bellatrix `get_inactivity_penalty_deltas` (unchanged in Electra):
/// `effective_balance * inactivity_score // (INACTIVITY_SCORE_BIAS * INACTIVITY_PENALTY_QUOTIENT_BELLATRIX)`,
/// with a `u128` product so that no input overflows.
pub fn inactivity_penalty(effective_balance: u64, inactivity_score: u64) -> u64 {
    let numerator = effective_balance as u128 * inactivity_score as u128;
    let denominator = INACTIVITY_SCORE_BIAS as u128 * INACTIVITY_PENALTY_QUOTIENT_BELLATRIX as u128;
    u64::try_from(numerator / denominator).unwrap_or(u64::MAX)
}

/// Balance that may exit (or activate) per epoch, in gwei, from the total active balance (gwei).
///
/// spec: Electra `get_activation_exit_churn_limit`:
/// `min(MAX_PER_EPOCH_ACTIVATION_EXIT_CHURN_LIMIT, get_balance_churn_limit(state))`, where
/// `get_balance_churn_limit` is `max(MIN_PER_EPOCH_CHURN_LIMIT_ELECTRA, T // CHURN_LIMIT_QUOTIENT)`
/// rounded down to a multiple of `EFFECTIVE_BALANCE_INCREMENT`.
pub fn exit_churn_limit(total_active_balance: u64) -> u64 {
    let churn = MIN_PER_EPOCH_CHURN_LIMIT_ELECTRA.max(total_active_balance / CHURN_LIMIT_QUOTIENT);
    let balance_churn_limit = churn - churn % EFFECTIVE_BALANCE_INCREMENT;
    MAX_PER_EPOCH_ACTIVATION_EXIT_CHURN_LIMIT.min(balance_churn_limit)
}

/// `BASE_REWARD_FACTOR` (phase0).
pub const BASE_REWARD_FACTOR: u64 = 64;
/// Altair participation flag weights (`TIMELY_SOURCE_WEIGHT`, `TIMELY_TARGET_WEIGHT`,
/// `TIMELY_HEAD_WEIGHT`), out of `WEIGHT_DENOMINATOR`.
pub const TIMELY_SOURCE_WEIGHT: u64 = 14;
pub const TIMELY_TARGET_WEIGHT: u64 = 26;
pub const TIMELY_HEAD_WEIGHT: u64 = 14;
/// `HYSTERESIS_QUOTIENT`, `HYSTERESIS_DOWNWARD_MULTIPLIER`, `HYSTERESIS_UPWARD_MULTIPLIER`.
pub const HYSTERESIS_QUOTIENT: u64 = 4;
pub const HYSTERESIS_DOWNWARD_MULTIPLIER: u64 = 1;
pub const HYSTERESIS_UPWARD_MULTIPLIER: u64 = 5;

/// Largest `x` with `x * x <= n` (spec `integer_squareroot`, Newton's method).
pub fn integer_squareroot(n: u64) -> u64 {
    if n == u64::MAX {
        return 4_294_967_295;
    }
    let mut x = n;
    let mut y = x.div_ceil(2);
    while y < x {
        x = y;
        y = (x + n / x) / 2;
    }
    x
}

/// Reward per effective-balance increment per epoch, gwei, for total active balance `T` gwei.
///
/// spec: Altair `get_base_reward_per_increment`:
/// `EFFECTIVE_BALANCE_INCREMENT * BASE_REWARD_FACTOR // integer_squareroot(T)`. Returns 0 for T = 0.
pub fn base_reward_per_increment(total_active_balance: u64) -> u64 {
    let root = integer_squareroot(total_active_balance);
    if root == 0 {
        return 0;
    }
    EFFECTIVE_BALANCE_INCREMENT * BASE_REWARD_FACTOR / root
}

/// Penalty per epoch, gwei, for a validator with `effective_balance` gwei that misses its
/// attestation (no timely source and no timely target; a missed head vote has no penalty).
///
/// spec: Altair `get_base_reward` and `get_flag_index_deltas`:
/// `base_reward = (eb // INCREMENT) * base_reward_per_increment`, penalty per missed flag
/// `base_reward * weight // WEIGHT_DENOMINATOR`, for the source and target flags.
pub fn missed_attestation_penalty(effective_balance: u64, total_active_balance: u64) -> u64 {
    let base_reward = (effective_balance / EFFECTIVE_BALANCE_INCREMENT)
        * base_reward_per_increment(total_active_balance);
    base_reward * TIMELY_SOURCE_WEIGHT / WEIGHT_DENOMINATOR
        + base_reward * TIMELY_TARGET_WEIGHT / WEIGHT_DENOMINATOR
}

/// New effective balance, gwei, after the epoch's balance update with hysteresis.
///
/// spec: Electra `process_effective_balance_updates`: with `h = INCREMENT // HYSTERESIS_QUOTIENT`,
/// the effective balance moves only if `balance + h * DOWNWARD < eb` or `eb + h * UPWARD < balance`,
/// and then becomes `min(balance - balance % INCREMENT, max_effective_balance)`.
pub fn updated_effective_balance(
    balance: u64,
    effective_balance: u64,
    max_effective_balance: u64,
) -> u64 {
    let h = EFFECTIVE_BALANCE_INCREMENT / HYSTERESIS_QUOTIENT;
    let down = h * HYSTERESIS_DOWNWARD_MULTIPLIER;
    let up = h * HYSTERESIS_UPWARD_MULTIPLIER;
    if balance.saturating_add(down) < effective_balance
        || effective_balance.saturating_add(up) < balance
    {
        (balance - balance % EFFECTIVE_BALANCE_INCREMENT).min(max_effective_balance)
    } else {
        effective_balance
    }
}

/// `MAX_SEED_LOOKAHEAD` (phase0): exits start at the earliest `current_epoch + 1 + 4`.
pub const MAX_SEED_LOOKAHEAD: u64 = 4;
/// `MIN_VALIDATOR_WITHDRAWABILITY_DELAY` (phase0): epochs from exit to withdrawable (~27 h).
pub const MIN_VALIDATOR_WITHDRAWABILITY_DELAY: u64 = 256;

/// The exit queue's state (Electra `BeaconState.earliest_exit_epoch`, `exit_balance_to_consume`).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExitChurn {
    pub earliest_exit_epoch: u64,
    /// Gwei that can still exit in `earliest_exit_epoch`.
    pub exit_balance_to_consume: u64,
}

/// Epoch at which `exit_balance` gwei can exit, consuming churn.
///
/// spec: Electra `compute_exit_epoch_and_update_churn`, with the per-epoch churn from
/// [`exit_churn_limit`] of `total_active_balance` and `compute_activation_exit_epoch(e) = e + 1 + 4`.
pub fn compute_exit_epoch_and_update_churn(
    churn: &mut ExitChurn,
    current_epoch: u64,
    exit_balance: u64,
    total_active_balance: u64,
) -> u64 {
    let mut earliest = churn
        .earliest_exit_epoch
        .max(current_epoch + 1 + MAX_SEED_LOOKAHEAD);
    let per_epoch = exit_churn_limit(total_active_balance);
    let mut to_consume = if churn.earliest_exit_epoch < earliest {
        per_epoch
    } else {
        churn.exit_balance_to_consume
    };
    if exit_balance > to_consume {
        let additional = (exit_balance - to_consume - 1) / per_epoch + 1;
        earliest += additional;
        to_consume += additional * per_epoch;
    }
    churn.exit_balance_to_consume = to_consume - exit_balance;
    churn.earliest_exit_epoch = earliest;
    earliest
}
