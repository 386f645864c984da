//! Automated market makers (MODEL.md section 7).
//!
//! The only AMM the model needs is Curve's 2-coin StableSwap, the pool where liquid (re)staking
//! tokens meet ETH. Its math is a pure, integer-exact port in [`stableswap`]; pool state (balances,
//! LP shares, admin balances) belongs to the caller, so every function here is a plain function of
//! its arguments.

pub mod stableswap;
pub mod stableswap_ng;
mod wad_exp;

use std::cell::RefCell;
use std::thread::LocalKey;

use ethnum::U256;

/// Remembered invariants `(xp, amp, D)`, the next slot to overwrite: one per pool a scenario
/// may trade in a block (mainnet-scale has 10 pools whose orders interleave).
type DSlots = RefCell<([Option<([u128; 2], U256, U256)>; D_SLOTS], usize)>;

/// How many `(xp, amp)` states [`remembered_d`] remembers.
const D_SLOTS: usize = 16;

/// `compute(xp, amp)`, remembered for the last [`D_SLOTS`] `(xp, amp)` seen in `slots`: agents
/// quote many trade sizes against one pool state in a block (arbitrageurs halve their size up
/// to 12 times), a swap's spot price needs D of the balances the next trade starts from, and
/// each starts from D of the same balances. D is a pure function of its inputs, so the memo
/// changes no result; only `Ok` values are kept. Thread-local, so threads (sweeps) never share
/// it.
fn remembered_d(
    slots: &'static LocalKey<DSlots>,
    xp: [u128; 2],
    amp: U256,
    compute: fn([u128; 2], U256) -> Result<U256, AmmError>,
) -> Result<U256, AmmError> {
    let hit = slots.with(|s| {
        s.borrow()
            .0
            .iter()
            .flatten()
            .find(|(x, a, _)| *x == xp && *a == amp)
            .map(|e| e.2)
    });
    if let Some(d) = hit {
        return Ok(d);
    }
    let d = compute(xp, amp)?;
    slots.with(|s| {
        let (entries, next) = &mut *s.borrow_mut();
        entries[*next] = Some((xp, amp, d));
        *next = (*next + 1) % D_SLOTS;
    });
    Ok(d)
}

/// Why an AMM computation refused its inputs.
///
/// Every case where the Vyper contract would revert maps to one of these, so a caller can treat an
/// `Err` exactly like a reverted transaction: nothing moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmmError {
    /// A pool balance the math divides by (or needs positive) is zero.
    #[error("pool balance is zero")]
    EmptyPool,
    /// The coin sold and the coin bought are the same (`assert i != j` in the contract).
    #[error("coin indices must differ")]
    SameCoin,
    /// A coin index is not below `N_COINS`.
    #[error("coin index out of range")]
    BadIndex,
    /// A Newton iteration did not converge within 255 rounds (the contract's bare `raise`), or
    /// collapsed onto a zero denominator.
    #[error("Newton iteration did not converge")]
    NoConvergence,
    /// The pool would have to pay out more of a coin than it holds.
    #[error("trade exceeds pool liquidity")]
    InsufficientLiquidity,
    /// The trade is too small to pay out anything: `xp[j] - y - 1` would underflow, which makes
    /// the contract revert (for example `dx = 0`).
    #[error("trade too small to pay out anything")]
    ZeroOutput,
    /// The amplification coefficient is zero (the contract would divide by zero).
    #[error("amplification coefficient must be positive")]
    InvalidAmp,
    /// A fee or admin fee is above `FEE_DENOMINATOR` (more than 100%).
    #[error("fee above FEE_DENOMINATOR")]
    InvalidFee,
    /// A stableswap-ng fee setting its factory and `set_new_fee` refuse: `fee` above `MAX_FEE`
    /// (50%) or `offpeg_fee_multiplier * fee` above `MAX_FEE * FEE_DENOMINATOR`.
    #[error("fee setting above the stableswap-ng bounds")]
    FeeAboveMax,
    /// An intermediate leaves the 256-bit range (the contract would revert on the overflow or
    /// underflow), or a result exceeds `u128`.
    #[error("arithmetic overflow")]
    Overflow,
}
