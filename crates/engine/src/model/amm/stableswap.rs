//! Curve 2-coin StableSwap math, exact to the wei (MODEL.md section 7).
//!
//! Source: curvefi/curve-contract `contracts/pools/steth/StableSwapSTETH.vy` (Vyper 0.2.8, the
//! ETH/stETH pool). `get_d`, `get_y`, `get_dy` and `quote_exchange` follow its `get_D`, `get_y`,
//! `get_dy` and `exchange` line by line: the `+ 1` that guards `get_D` against division by zero,
//! the `- 1` taken off every swap output, every truncating division in the contract's order, and
//! both 255-round Newton loops that stop when two iterates differ by at most 1. Intermediates are
//! 256-bit like EVM words, so results equal the deployed contract's.
//!
//! Units: balances and amounts are wei of 18-decimal coins (the stETH pool has no rate
//! multipliers, so its balances are already the contract's `xp`). `amp` is the contract's `A`
//! (`A()`, the whitepaper's A times n^(n-1)) before `A_PRECISION`; it is multiplied by
//! `A_PRECISION` here as `_A()` does. During an A ramp the contract's `_A()` need not be a
//! multiple of `A_PRECISION`; this API models a pool with a fixed A. Fees are parts of
//! `FEE_DENOMINATOR` (1e10): 4,000,000 is 0.04%.
//!
//! Where the contract would revert (overflow, underflow, division by zero, no convergence) these
//! functions return an [`AmmError`] and never panic. Three inputs are refused up front even though
//! the contract does not check them, because its answer there is meaningless:
//! * a pool with exactly one zero balance ([`AmmError::EmptyPool`]): the `+ 1` guard lets `get_D`
//!   return a D that has nothing to do with the other balance;
//! * `amp == 0` ([`AmmError::InvalidAmp`]): the contract divides by zero or underflows;
//! * a fee or admin fee above `FEE_DENOMINATOR` ([`AmmError::InvalidFee`]): more than 100%.

use ethnum::U256;

use super::AmmError;

/// Precision of the stored amplification coefficient (`A_PRECISION` in the contract).
pub const A_PRECISION: u128 = 100;
/// Denominator of `fee` and `admin_fee`: a fee of 1e10 is 100% (`FEE_DENOMINATOR`).
pub const FEE_DENOMINATOR: u128 = 10_000_000_000;
/// Number of coins in the pool (`N_COINS`).
pub const N_COINS: usize = 2;

/// Rounds of each Newton loop before the contract gives up (`for _i in range(255)`).
pub(super) const MAX_ITERATIONS: usize = 255;
/// Fixed-point unit of [`spot_price`] (1e18).
const WAD: u128 = 1_000_000_000_000_000_000;

/// The outcome of one `exchange()` call, in wei of the coin bought (`j`).
///
/// After the swap the pool's balances are `balances[i] += dx` and
/// `balances[j] -= dy + admin_fee`; the caller moves `admin_fee` to the admin account (the
/// contract's `admin_balances[j]`). The rest of `fee` stays in the pool for LPs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwapQuote {
    /// Amount paid to the trader, after the fee (wei of coin `j`).
    pub dy: u128,
    /// Total fee charged (wei of coin `j`): `dy_before_fee * fee / FEE_DENOMINATOR`.
    pub fee: u128,
    /// Admin share of the fee, which leaves the pool's balances (wei of coin `j`):
    /// `fee * admin_fee / FEE_DENOMINATOR`.
    pub admin_fee: u128,
}

/// The StableSwap invariant D of `xp` (wei), in wei.
///
/// `amp` is the contract's A before `A_PRECISION`. Returns 0 for an empty pool, as the contract
/// does.
///
/// # Errors
/// `InvalidAmp` if `amp == 0`; `EmptyPool` if exactly one balance is zero; `Overflow` if an
/// intermediate exceeds 256 bits (balances summing to about 2^128 or more) or D exceeds `u128`;
/// `NoConvergence` after 255 rounds (extremely imbalanced pools, where the contract fails too).
///
/// formula: curvefi/curve-contract StableSwapSTETH.vy `get_D`
pub fn get_d(xp: [u128; 2], amp: u128) -> Result<u128, AmmError> {
    if xp == [0, 0] {
        check_amp(amp)?;
        return Ok(0);
    }
    let amp = precise_amp(amp)?;
    check_balances(xp)?;
    to_u128(get_d_precise(xp, amp)?)
}

/// The balance of coin `j` (wei) that keeps D unchanged when coin `i`'s balance becomes `x` (wei).
///
/// D is computed from `xp` first, as the contract does.
///
/// # Errors
/// `SameCoin` if `i == j`, `BadIndex` if an index is above 1 (checked in the contract's order),
/// `InvalidAmp`, `EmptyPool` if a balance or `x` is zero, and `Overflow` or `NoConvergence` as
/// for [`get_d`].
///
/// formula: curvefi/curve-contract StableSwapSTETH.vy `get_y`
pub fn get_y(i: usize, j: usize, x: u128, xp: [u128; 2], amp: u128) -> Result<u128, AmmError> {
    check_indices(i, j)?;
    let amp = precise_amp(amp)?;
    check_balances(xp)?;
    if x == 0 {
        return Err(AmmError::EmptyPool);
    }
    let d = get_d_precise(xp, amp)?;
    to_u128(get_y_precise(i, j, U256::from(x), xp, amp, d)?)
}

/// Amount of coin `j` (wei) paid out for `dx` wei of coin `i`, after the fee.
///
/// `fee` is in parts of `FEE_DENOMINATOR`.
///
/// # Errors
/// As [`quote_exchange`].
///
/// formula: curvefi/curve-contract StableSwapSTETH.vy `get_dy` (equal to `exchange`'s output)
pub fn get_dy(
    balances: [u128; 2],
    amp: u128,
    fee: u128,
    i: usize,
    j: usize,
    dx: u128,
) -> Result<u128, AmmError> {
    quote_exchange(balances, amp, fee, 0, i, j, dx).map(|quote| quote.dy)
}

/// What `exchange(i, j, dx)` pays, charges and sends to the admin, all in wei of coin `j`.
///
/// `fee` and `admin_fee` are parts of `FEE_DENOMINATOR`. After the swap the pool holds
/// `balances[i] + dx` and `balances[j] - dy - admin_fee` (see [`SwapQuote`]).
///
/// # Errors
/// `SameCoin`, `BadIndex`, `InvalidAmp`, `InvalidFee` if a fee is above `FEE_DENOMINATOR`,
/// `EmptyPool` if a balance is zero, `ZeroOutput` if the trade is too small to pay anything (the
/// contract's `xp[j] - y - 1` underflows, e.g. `dx = 0`), `Overflow` if `balances[i] + dx`
/// exceeds `u128` or as for [`get_d`], `NoConvergence`, and `InsufficientLiquidity` if the pool
/// could not cover `dy + admin_fee` (cannot happen with the contract's rounding).
///
/// formula: curvefi/curve-contract StableSwapSTETH.vy `exchange`
pub fn quote_exchange(
    balances: [u128; 2],
    amp: u128,
    fee: u128,
    admin_fee: u128,
    i: usize,
    j: usize,
    dx: u128,
) -> Result<SwapQuote, AmmError> {
    check_indices(i, j)?;
    let amp = precise_amp(amp)?;
    if fee > FEE_DENOMINATOR || admin_fee > FEE_DENOMINATOR {
        return Err(AmmError::InvalidFee);
    }
    check_balances(balances)?;
    let x = balances[i].checked_add(dx).ok_or(AmmError::Overflow)?;
    let d = get_d_precise(balances, amp)?;
    let y = get_y_precise(i, j, U256::from(x), balances, amp, d)?;
    // dy: uint256 = xp[j] - y - 1
    let dy = U256::from(balances[j])
        .checked_sub(y)
        .and_then(|v| v.checked_sub(U256::ONE))
        .ok_or(AmmError::ZeroOutput)?;
    let dy = to_u128(dy)?;
    // dy_fee: uint256 = dy * self.fee / FEE_DENOMINATOR
    let dy_fee = mul_div(dy, fee, FEE_DENOMINATOR)?;
    // dy_admin_fee: uint256 = dy_fee * admin_fee / FEE_DENOMINATOR
    let dy_admin_fee = mul_div(dy_fee, admin_fee, FEE_DENOMINATOR)?;
    let paid = dy - dy_fee;
    // dy + fee = xp[j] - y - 1 < xp[j], so this holds; checked so the caller's balance update
    // can rely on it rather than assume it.
    if paid + dy_admin_fee > balances[j] {
        return Err(AmmError::InsufficientLiquidity);
    }
    Ok(SwapQuote {
        dy: paid,
        fee: dy_fee,
        admin_fee: dy_admin_fee,
    })
}

/// Marginal price of coin `i` in units of coin `j`, as a wad (1e18), without fee.
///
/// Computed exactly as curvefi/stableswap-ng `_get_p` (integer, rounded down), which gives the
/// price of coin 1 in units of coin 0:
///
/// ```text
/// ANN = A * A_PRECISION * N;  Dr = D / N^N;  Dr = Dr * D / xp[0];  Dr = Dr * D / xp[1]
/// p = 1e18 * (ANN * xp[0] / A_PRECISION + Dr * xp[0] / xp[1]) / (ANN * xp[0] / A_PRECISION + Dr)
/// ```
///
/// For `i = 0, j = 1` the result is `1e36 / p`. It is the limit of `get_dy(dx) / dx` as
/// `dx -> 0` with no fee (up to 1-wei roundings).
///
/// # Errors
/// `SameCoin`, `BadIndex`, `InvalidAmp`, `EmptyPool` if a balance is zero, `NoConvergence` or
/// `Overflow` as for [`get_d`], and `Overflow` if the price does not fit a `u128` wad.
///
/// formula: curvefi/stableswap-ng `CurveStableSwapNG.vy` `_get_p`; D from StableSwapSTETH.vy `get_D`
pub fn spot_price(balances: [u128; 2], amp: u128, i: usize, j: usize) -> Result<u128, AmmError> {
    check_indices(i, j)?;
    let amp = precise_amp(amp)?;
    check_balances(balances)?;
    let d = get_d_precise(balances, amp)?;
    let n = U256::from(N_COINS as u128);
    let ann = mul(amp, n)?;
    let (x0, x1) = (U256::from(balances[0]), U256::from(balances[1]));
    let mut dr = d >> 2; // D / N^N: 4, a shift
    dr = div(mul(dr, d)?, x0)?;
    dr = div(mul(dr, d)?, x1)?;
    let xp0_a = div(mul(ann, x0)?, U256::from(A_PRECISION))?;
    let numerator = add(xp0_a, div(mul(dr, x0)?, x1)?)?;
    let p = div(mul(U256::from(WAD), numerator)?, add(xp0_a, dr)?)?;
    if i == 1 {
        to_u128(p)
    } else {
        to_u128(div(mul(U256::from(WAD), U256::from(WAD))?, p)?)
    }
}

/// `get_D` with `amp` already multiplied by `A_PRECISION` (the contract's `_A()`).
fn get_d_precise(xp: [u128; 2], amp: U256) -> Result<U256, AmmError> {
    thread_local! {
        static LEGACY_D: super::DSlots = const { std::cell::RefCell::new(([None; super::D_SLOTS], 0)) };
    }
    super::remembered_d(&LEGACY_D, xp, amp, compute_d)
}

/// D by Newton's method (see [`get_d_precise`]).
fn compute_d(xp: [u128; 2], amp: U256) -> Result<U256, AmmError> {
    let n = U256::from(N_COINS as u128);
    let a_precision = U256::from(A_PRECISION);
    let s = U256::from(xp[0]) + U256::from(xp[1]); // two u128 values cannot overflow U256
    if s == U256::ZERO {
        return Ok(U256::ZERO);
    }
    let mut d = s;
    let ann = mul(amp, n)?;
    // The loop's invariants, computed once: the same values, and as the first round computes
    // them before anything else can fail (all failures here are `Overflow`), the same errors.
    let ann_s = div(mul(ann, s)?, a_precision)?; // Ann * S / A_PRECISION
    let ann_less = sub(ann, a_precision)?; // Ann - A_PRECISION
    let x_n = xp.map(|x| U256::from(x) * n + U256::ONE); // _x * N_COINS + 1 < 2^130
    for _ in 0..MAX_ITERATIONS {
        let mut d_p = d;
        for &x_n in &x_n {
            // D_P = D_P * D / (_x * N_COINS + 1)  # +1 is to prevent /0
            d_p = div(mul(d_p, d)?, x_n)?;
        }
        let d_prev = d;
        // D = (Ann * S / A_PRECISION + D_P * N_COINS) * D
        //     / ((Ann - A_PRECISION) * D / A_PRECISION + (N_COINS + 1) * D_P)
        // (D_P * N_COINS as D_P + D_P: N_COINS is 2.)
        let numerator = mul(add(ann_s, add(d_p, d_p)?)?, d)?;
        let denominator = add(
            div(mul(ann_less, d)?, a_precision)?,
            mul(n + U256::ONE, d_p)?,
        )?;
        d = div(numerator, denominator)?;
        // Equality with the precision of 1
        if d.abs_diff(d_prev) <= U256::ONE {
            return Ok(d);
        }
    }
    Err(AmmError::NoConvergence)
}

/// `get_y` with `amp` already multiplied by `A_PRECISION` and D already computed from `xp`.
/// Expects valid, distinct indices and a positive `x`.
pub(super) fn get_y_precise(
    i: usize,
    j: usize,
    x: U256,
    xp: [u128; 2],
    amp: U256,
    d: U256,
) -> Result<U256, AmmError> {
    let n = U256::from(N_COINS as u128);
    let a_precision = U256::from(A_PRECISION);
    let ann = mul(amp, n)?;
    let mut c = d;
    let mut s = U256::ZERO;
    for (k, &balance) in xp.iter().enumerate() {
        let x_k = if k == i {
            x
        } else if k != j {
            U256::from(balance)
        } else {
            continue;
        };
        s = add(s, x_k)?;
        c = div(mul(c, d)?, mul(x_k, n)?)?;
    }
    // c = c * D * A_PRECISION / (Ann * N_COINS)
    c = div(mul(mul(c, d)?, a_precision)?, mul(ann, n)?)?;
    // b: uint256 = S_ + D * A_PRECISION / Ann  # - D
    let b = add(s, div(mul(d, a_precision)?, ann)?)?;
    let mut y = d;
    for _ in 0..MAX_ITERATIONS {
        let y_prev = y;
        // y = (y*y + c) / (2 * y + b - D)  (2 * y as y + y: the same value and overflow)
        y = div(add(mul(y, y)?, c)?, sub(add(add(y, y)?, b)?, d)?)?;
        // Equality with the precision of 1
        if y.abs_diff(y_prev) <= U256::ONE {
            return Ok(y);
        }
    }
    Err(AmmError::NoConvergence)
}

/// The contract's `assert i != j`, `assert j < N_COINS`, `assert i < N_COINS`, in its order.
pub(super) fn check_indices(i: usize, j: usize) -> Result<(), AmmError> {
    if i == j {
        Err(AmmError::SameCoin)
    } else if j >= N_COINS || i >= N_COINS {
        Err(AmmError::BadIndex)
    } else {
        Ok(())
    }
}

fn check_amp(amp: u128) -> Result<(), AmmError> {
    if amp == 0 {
        Err(AmmError::InvalidAmp)
    } else {
        Ok(())
    }
}

/// `amp * A_PRECISION`, the value the contract's `_A()` returns for a pool that is not ramping.
pub(super) fn precise_amp(amp: u128) -> Result<U256, AmmError> {
    check_amp(amp)?;
    Ok(U256::from(amp) * U256::from(A_PRECISION)) // < 2^135, cannot overflow
}

pub(super) fn check_balances(xp: [u128; 2]) -> Result<(), AmmError> {
    if xp.contains(&0) {
        Err(AmmError::EmptyPool)
    } else {
        Ok(())
    }
}

pub(super) fn add(a: U256, b: U256) -> Result<U256, AmmError> {
    a.checked_add(b).ok_or(AmmError::Overflow)
}

pub(super) fn sub(a: U256, b: U256) -> Result<U256, AmmError> {
    a.checked_sub(b).ok_or(AmmError::Overflow)
}

/// Checked product (`base::wide::product`: 32-bit digits on wasm32, the same product).
pub(super) fn mul(a: U256, b: U256) -> Result<U256, AmmError> {
    crate::base::wide::product(a, b).ok_or(AmmError::Overflow)
}

/// Truncating division. Once inputs are validated only a Newton denominator can be zero, which
/// means the iteration collapsed, hence `NoConvergence`.
pub(super) fn div(a: U256, b: U256) -> Result<U256, AmmError> {
    // wasm32 has no 128-bit instructions: divide with 64-bit ones (same quotient).
    if b == U256::ZERO {
        return Err(AmmError::NoConvergence);
    }
    Ok(crate::base::wide::quotient(a, b))
}

/// `a * b / denominator` rounded down, for a positive `denominator`.
fn mul_div(a: u128, b: u128, denominator: u128) -> Result<u128, AmmError> {
    // two u128 values cannot overflow U256
    to_u128(crate::base::wide::mul_add_quotient(a, b, 0, denominator))
}

pub(super) fn to_u128(v: U256) -> Result<u128, AmmError> {
    u128::try_from(v).map_err(|_| AmmError::Overflow)
}
