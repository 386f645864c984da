//! Curve stableswap-ng 2-coin math, exact to the wei: rate-scaled balances, the dynamic off-peg
//! fee and the EMA price oracle (MODEL.md section 7).
//!
//! Source: curvefi/stableswap-ng `contracts/main/CurveStableSwapNG.vy` ("v7.0.0", Vyper 0.3.10;
//! last changed in commit 8eaf5e2bcf9e47f0b18d0fc737f6bcdd384e63c5, read at repository head
//! 2abe778f40206a6c0fd108a0a53ad3266cbedeee) and, for [`get_dy`], the pool's view helper
//! `contracts/main/CurveStableSwapNGViews.vy` `get_dy`. Followed line by line: `_xp_mem`,
//! `get_D`, `get_y`, `_dynamic_fee`, `__exchange`/`_exchange`, `_get_p`, `_calc_moving_average`,
//! `upkeep_oracles` (price part) and `exp`, with every truncating division in the contract's
//! order and 256-bit intermediates like EVM words. Where the contract uses `unsafe_*` operations
//! the port wraps or divides exactly as the EVM does; everywhere else it checks.
//!
//! Units:
//! * balances and amounts are wei of each coin; `rates` are the contract's `stored_rates()`,
//!   scaled by 1e18 (`PRECISION`): 1e18 for an 18-decimal coin without an oracle, and for an LRT
//!   with a rate oracle its exchange rate (ETH per LRT, 1e18 = 1:1). `xp = rates * balances / 1e18`
//!   is the rate-scaled balance the invariant works on;
//! * `amp` is the contract's `A()` before `A_PRECISION` (a pool that is not ramping A);
//! * `fee` and `offpeg_fee_multiplier` are parts of `FEE_DENOMINATOR` (1e10): a fee of 4,000,000
//!   is 0.04%, a multiplier of 2e10 doubles the fee when the pool is far off peg;
//! * prices are wads (1e18); times are seconds (the engine's timestamp is its block number times
//!   [`crate::base::units::SECONDS_PER_BLOCK`]); `ma_exp_time` is the contract's EMA time constant in
//!   seconds (the recommended 866 is a 10-minute half-life: 600 / ln 2).
//!
//! Where the contract would revert these functions return an [`AmmError`] and never panic.
//! Refused up front: `amp == 0` ([`AmmError::InvalidAmp`]), a zero rate-scaled balance
//! ([`AmmError::EmptyPool`]; `get_D` divides by each `xp`, so the contract reverts there too) and
//! fee settings the factory and `set_new_fee` refuse ([`AmmError::FeeAboveMax`]).

use ethnum::{I256, U256};
use serde::{Deserialize, Serialize};

use super::stableswap::{
    add, check_balances, check_indices, div, get_y_precise, mul, precise_amp, sub, to_u128,
    MAX_ITERATIONS,
};
pub use super::stableswap::{A_PRECISION, FEE_DENOMINATOR, N_COINS};
pub use super::wad_exp::exp;
use super::wad_exp::exp_wad;
use super::AmmError;
use crate::base::wide::{mul_add_quotient, quotient};

/// Fixed-point unit of rates and prices (`PRECISION`, 1e18).
pub const PRECISION: u128 = 1_000_000_000_000_000_000;
/// Largest `fee` the contract accepts, 50% (`MAX_FEE`); the factory also requires
/// `offpeg_fee_multiplier * fee <= MAX_FEE * FEE_DENOMINATOR`.
pub const MAX_FEE: u128 = 5_000_000_000;
/// Share of every swap fee that goes to the admin, 50% of the fee in parts of `FEE_DENOMINATOR`
/// (`admin_fee: public(constant(uint256)) = 5000000000` on `main`; the unmerged
/// `admin-implementation` branch, e.g. commit 0057a71f, starts a variable at the same 5e9 and lets
/// an admin change it, with the swap math otherwise unchanged).
pub const ADMIN_FEE: u128 = 5_000_000_000;
/// Cap on the stored `last_price` ("Cap spot value by 2" in `upkeep_oracles`), a wad.
pub const MAX_LAST_PRICE: u128 = 2 * PRECISION;

/// Pool parameters, as the contract stores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NgParams {
    /// Amplification coefficient `A()` before `A_PRECISION` (the whitepaper's A times
    /// n^(n-1)); multiplied by `A_PRECISION` here as `__init__` does.
    pub amp: u128,
    /// Base swap fee `fee()`, parts of `FEE_DENOMINATOR` (4,000,000 = 0.04%).
    pub fee: u128,
    /// `offpeg_fee_multiplier()`, parts of `FEE_DENOMINATOR`: at or below 1e10 the fee is the
    /// base fee; above, it rises toward `fee * multiplier / 1e10` as the pool leaves balance.
    pub offpeg_fee_multiplier: u128,
    /// `ma_exp_time()`: time constant of the price EMA, seconds (the contract refuses 0).
    pub ma_exp_time: u64,
}

/// The outcome of one `exchange(i, j, dx)` call.
///
/// After the swap the pool's balances (net of admin fees, the contract's `_balances()`) are
/// `balances[i] += dx` and `balances[j] -= dy + admin_fee`; the caller moves `admin_fee` to the
/// admin account (`admin_balances[j]`). Feed `price_after` to [`EmaOracle::update`] to do what
/// `upkeep_oracles` does at the end of the swap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NgSwapQuote {
    /// Amount paid to the trader, after the fee, in wei of coin `j`:
    /// `(dy - dy_fee) * PRECISION / rates[j]`.
    pub dy: u128,
    /// Total fee in wei of coin `j`: the contract's `dy_fee` (rate-scaled) converted with
    /// `dy_fee * PRECISION / rates[j]`, rounded down. The contract never converts it; this is for
    /// accounting. Equals `dy_fee` when `rates[j] = 1e18`.
    pub fee: u128,
    /// Admin share of the fee, which leaves the pool's balances, in wei of coin `j`:
    /// `dy_fee * ADMIN_FEE / FEE_DENOMINATOR * PRECISION / rates[j]`, exactly as the contract
    /// adds it to `admin_balances[j]`.
    pub admin_fee: u128,
    /// The dynamic fee applied, parts of `FEE_DENOMINATOR`.
    pub fee_rate: u128,
    /// `_get_p` after the trade (rate-scaled price of coin 1 in coin 0, wad, not yet capped), from
    /// the post-trade `xp` and the pre-trade D as `upkeep_oracles` computes it.
    pub price_after: u128,
}

/// The contract's price oracle state for coin 1 (`last_prices_packed[0]` and the price half of
/// `ma_last_time`). Prices are rate-scaled wads like [`get_p`]; times are seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmaOracle {
    /// Last state price stored by a trade or liquidity action, capped at `MAX_LAST_PRICE`, wad.
    pub last_price: u128,
    /// The EMA as of `ma_last_time`, wad.
    pub ma_price: u128,
    /// When the EMA was last brought forward, seconds.
    pub ma_last_time: u64,
}

impl EmaOracle {
    /// The state `__init__` leaves: both prices at 1e18, last update at `now` (seconds).
    pub fn new(now: u64) -> Self {
        EmaOracle {
            last_price: PRECISION,
            ma_price: PRECISION,
            ma_last_time: now,
        }
    }

    /// `price_oracle(0)` at time `now` (seconds), wad: the stored EMA moved toward `last_price`
    /// by `1 - exp(-(now - ma_last_time) / ma_exp_time)`.
    ///
    /// A `ma_exp_time` of 0 (refused by the contract) freezes the EMA, as the EVM's division by
    /// zero yields 0 in the contract's `unsafe_div`.
    ///
    /// formula: CurveStableSwapNG.vy `price_oracle`, `_calc_moving_average`
    pub fn price_oracle(&self, now: u64, ma_exp_time: u64) -> u128 {
        if self.ma_last_time >= now {
            return self.ma_price;
        }
        // alpha = exp(-convert(unsafe_div((now - ma_last_time) * 10**18, averaging_window)))
        // (now - ma_last_time) * 1e18 < 2^64 * 2^60 fits u128; the quotient fits i128.
        let elapsed = u128::from(now - self.ma_last_time) * PRECISION;
        let exponent = elapsed.checked_div(u128::from(ma_exp_time)).unwrap_or(0);
        let alpha = exp_wad(I256::from(exponent).wrapping_neg()).unwrap_or(U256::ZERO);
        // exp(x) <= 1e18 for every x <= 0 (checked exhaustively near 0 by the tests), so the
        // `min` never binds; the weights are below 2^60 and the prices below 2^128, so nothing
        // overflows, and the convex combination fits u128.
        let one = U256::from(PRECISION);
        let alpha = alpha.min(one);
        let ema = quotient(
            U256::from(self.last_price) * (one - alpha) + U256::from(self.ma_price) * alpha,
            one,
        );
        ema.as_u128()
    }

    /// What `upkeep_oracles` does to the price oracle when a trade or liquidity action leaves the
    /// state price `new_last_price` (wad, e.g. [`NgSwapQuote::price_after`]) at time `now`
    /// (seconds): the EMA is brought forward from the old `last_price`, then `last_price` becomes
    /// `min(new_last_price, MAX_LAST_PRICE)`. A zero price leaves both prices untouched. The
    /// update time advances to `now` in every case (never backward).
    ///
    /// formula: CurveStableSwapNG.vy `upkeep_oracles`, `_calc_moving_average`
    pub fn update(&mut self, new_last_price: u128, now: u64, ma_exp_time: u64) {
        if new_last_price != 0 {
            self.ma_price = self.price_oracle(now, ma_exp_time);
            self.last_price = new_last_price.min(MAX_LAST_PRICE);
        }
        if self.ma_last_time < now {
            self.ma_last_time = now;
        }
    }
}

/// Rate-scaled balances `rates[k] * balances[k] / PRECISION` (wei of 1e18-scaled value).
///
/// # Errors
/// `Overflow` if a result exceeds `u128` (the contract's `get_D` would overflow on it).
///
/// formula: CurveStableSwapNG.vy `_xp_mem`
pub fn xp_mem(balances: [u128; 2], rates: [u128; 2]) -> Result<[u128; 2], AmmError> {
    let scale = |k: usize| {
        to_u128(mul_add_quotient(rates[k], balances[k], 0, PRECISION)) // u128 * u128 fits U256
    };
    Ok([scale(0)?, scale(1)?])
}

/// The invariant D of rate-scaled balances `xp`, in the same units.
///
/// Unlike the legacy pool (`StableSwapSTETH.vy`) there is no `+ 1` guard: `D_P` is divided by each
/// `xp` and then by `N_COINS^N_COINS`. Returns 0 for an empty pool, as the contract does.
///
/// # Errors
/// `InvalidAmp` if `amp == 0`; `EmptyPool` if exactly one balance is zero (the contract divides
/// by it); `Overflow` if an intermediate exceeds 256 bits (balances summing to about 2^128 or
/// more); `NoConvergence` after 255 rounds.
///
/// formula: CurveStableSwapNG.vy `get_D`
pub fn get_d(xp: [u128; 2], amp: u128) -> Result<u128, AmmError> {
    let amp = precise_amp(amp)?;
    if xp == [0, 0] {
        return Ok(0);
    }
    check_balances(xp)?;
    to_u128(get_d_precise(xp, amp)?)
}

/// The rate-scaled balance of coin `j` that keeps D unchanged when coin `i`'s becomes `x`.
///
/// D is computed from `xp` first, as `__exchange` does.
///
/// # Errors
/// `SameCoin`, `BadIndex`, `InvalidAmp`, `EmptyPool` if a balance or `x` is zero, and `Overflow`
/// or `NoConvergence` as for [`get_d`].
///
/// formula: CurveStableSwapNG.vy `get_y`
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

/// The fee (parts of `FEE_DENOMINATOR`) for a swap between coins whose rate-scaled balances
/// average `xpi` and `xpj`:
///
/// ```text
/// fee_multiplier * fee / ((fee_multiplier - 1e10) * 4 * xpi * xpj / (xpi + xpj)^2 + 1e10)
/// ```
///
/// Equal to `fee` when the two balances are equal or `offpeg_fee_multiplier <= 1e10`; rises
/// toward `fee * offpeg_fee_multiplier / 1e10` as the balances diverge.
///
/// # Errors
/// `EmptyPool` if both balances are zero (the contract divides by zero), `Overflow` if an
/// intermediate exceeds 256 bits or the result `u128`.
///
/// formula: CurveStableSwapNG.vy `_dynamic_fee`
pub fn dynamic_fee(
    xpi: u128,
    xpj: u128,
    fee: u128,
    offpeg_fee_multiplier: u128,
) -> Result<u128, AmmError> {
    to_u128(dynamic_fee_precise(
        U256::from(xpi),
        U256::from(xpj),
        fee,
        offpeg_fee_multiplier,
    )?)
}

/// Amount of coin `j` (wei) paid out for `dx` wei of coin `i`, after the dynamic fee.
///
/// Follows the view contract's `get_dy`, which does not require `dx > 0`; for `dx > 0` it equals
/// [`quote_exchange`]`.dy` whenever the exchange itself would not revert.
///
/// # Errors
/// As [`quote_exchange`], except that `dx = 0` is not refused up front and the post-trade price
/// is not computed.
///
/// formula: curvefi/stableswap-ng CurveStableSwapNGViews.vy `get_dy`
pub fn get_dy(
    balances: [u128; 2],
    rates: [u128; 2],
    params: &NgParams,
    i: usize,
    j: usize,
    dx: u128,
) -> Result<u128, AmmError> {
    swap(balances, rates, params, i, j, dx).map(|swap| swap.dy)
}

/// What `exchange(i, j, dx)` pays, charges and sends to the admin, and the state price it leaves
/// for the oracle (see [`NgSwapQuote`]).
///
/// The dynamic fee is taken at the mean of the rate-scaled balances before and after the trade:
/// `_dynamic_fee((xp[i] + x) / 2, (xp[j] + y) / 2, fee)`.
///
/// # Errors
/// `SameCoin` or `BadIndex` for bad indices; `ZeroOutput` for `dx = 0` (`assert _dx > 0`) or a
/// trade too small to pay anything (`xp[j] - y - 1` underflows); `InvalidAmp`; `FeeAboveMax`;
/// `EmptyPool` if a rate-scaled balance is zero (a zero balance or rate); `Overflow` if an
/// intermediate exceeds 256 bits or a result `u128`; `NoConvergence`; `InsufficientLiquidity`
/// if the trade would drain coin `j` completely (the contract's `_get_p` divides by zero in
/// `upkeep_oracles`) or the pool could not cover `dy + admin_fee` (cannot happen with the
/// contract's rounding).
///
/// formula: CurveStableSwapNG.vy `_exchange`, `__exchange`, `upkeep_oracles`
pub fn quote_exchange(
    balances: [u128; 2],
    rates: [u128; 2],
    params: &NgParams,
    i: usize,
    j: usize,
    dx: u128,
) -> Result<NgSwapQuote, AmmError> {
    check_indices(i, j)?;
    if dx == 0 {
        return Err(AmmError::ZeroOutput);
    }
    let swap = swap(balances, rates, params, i, j, dx)?;
    let rate_j = U256::from(rates[j]); // positive: xp[j] > 0 was checked
    let precision = U256::from(PRECISION);
    // admin_balances[j] += unsafe_div(unsafe_div(dy_fee * admin_fee, FEE_DENOMINATOR) * PRECISION, rates[j])
    let admin_fee = to_u128(quotient(
        mul(
            quotient(
                mul(swap.dy_fee, U256::from(ADMIN_FEE))?,
                U256::from(FEE_DENOMINATOR),
            ),
            precision,
        )?,
        rate_j,
    ))?;
    let fee = to_u128(quotient(mul(swap.dy_fee, precision)?, rate_j))?;
    // upkeep_oracles(xp with xp[i] = x and xp[j] = y, amp, D): D is unchanged because no fee was
    // applied to it.
    let mut xp_after = [U256::from(swap.xp[0]), U256::from(swap.xp[1])];
    xp_after[i] = swap.x;
    xp_after[j] = swap.y;
    if xp_after[j] == U256::ZERO {
        return Err(AmmError::InsufficientLiquidity);
    }
    let price_after = to_u128(get_p_precise(xp_after, swap.amp, swap.d)?)?;
    // dy + dy_fee = xp[j] - y - 1 < xp[j] in rate-scaled units, so this holds; checked so the
    // caller's balance update can rely on it rather than assume it.
    if U256::from(swap.dy) + U256::from(admin_fee) > U256::from(balances[j]) {
        return Err(AmmError::InsufficientLiquidity);
    }
    Ok(NgSwapQuote {
        dy: swap.dy,
        fee,
        admin_fee,
        fee_rate: swap.fee_rate,
        price_after,
    })
}

/// The contract's `get_p(0)`: marginal price of coin 1 in coin 0 in rate-scaled units
/// (`d xp[0] / d xp[1]`), wad, rounded down. This is what the price oracle stores; at balanced
/// `xp` it is exactly 1e18 whatever the rates. For the price in coin units see [`spot_price`].
///
/// ```text
/// ANN = A * A_PRECISION * N;  Dr = D / N^N;  Dr = Dr * D / xp[0];  Dr = Dr * D / xp[1]
/// p = 1e18 * (ANN * xp[0] / A_PRECISION + Dr * xp[0] / xp[1]) / (ANN * xp[0] / A_PRECISION + Dr)
/// ```
///
/// # Errors
/// `InvalidAmp`, `EmptyPool` if a rate-scaled balance is zero, and `Overflow` or
/// `NoConvergence` as for [`get_d`].
///
/// formula: CurveStableSwapNG.vy `get_p`, `_get_p`
pub fn get_p(balances: [u128; 2], rates: [u128; 2], amp: u128) -> Result<u128, AmmError> {
    let amp = precise_amp(amp)?;
    let xp = xp_mem(balances, rates)?;
    check_balances(xp)?;
    let d = get_d_precise(xp, amp)?;
    to_u128(get_p_precise(
        [U256::from(xp[0]), U256::from(xp[1])],
        amp,
        d,
    )?)
}

/// Marginal price of one wei of coin 1 in wei of coin 0, wad, without fee:
/// `get_p * rates[1] / rates[0]`, rounded down (the contract's state price is in rate-scaled
/// units; this converts it back to coins). For an LRT with rate r at balanced `xp` it is r.
///
/// # Errors
/// As [`get_p`], and `Overflow` if the price does not fit a `u128`.
///
/// formula: CurveStableSwapNG.vy `_get_p`, divided back by `stored_rates()`
pub fn spot_price(balances: [u128; 2], rates: [u128; 2], amp: u128) -> Result<u128, AmmError> {
    let p = get_p(balances, rates, amp)?;
    // rates[0] > 0, or xp[0] would have been zero.
    to_u128(quotient(
        mul(U256::from(p), U256::from(rates[1]))?,
        U256::from(rates[0]),
    ))
}

/// The intermediate results of one swap, shared by [`get_dy`] and [`quote_exchange`].
struct Swap {
    /// Amount out after the fee, wei of coin `j`.
    dy: u128,
    /// Fee in rate-scaled units (the contract's `dy_fee`).
    dy_fee: U256,
    /// Dynamic fee rate, parts of `FEE_DENOMINATOR`.
    fee_rate: u128,
    /// Rate-scaled balances before the trade.
    xp: [u128; 2],
    /// New rate-scaled balance of coin `i`.
    x: U256,
    /// New rate-scaled balance of coin `j`.
    y: U256,
    /// Invariant before the trade.
    d: U256,
    /// `A * A_PRECISION`.
    amp: U256,
}

/// `get_dy` of the view contract, which is `__exchange` without its state changes.
fn swap(
    balances: [u128; 2],
    rates: [u128; 2],
    params: &NgParams,
    i: usize,
    j: usize,
    dx: u128,
) -> Result<Swap, AmmError> {
    check_indices(i, j)?;
    let amp = precise_amp(params.amp)?;
    check_fees(params)?;
    let xp = xp_mem(balances, rates)?;
    check_balances(xp)?;
    let precision = U256::from(PRECISION);
    // x: uint256 = xp[i] + unsafe_div(dx * rates[i], PRECISION)
    let dx_scaled = mul_add_quotient(dx, rates[i], 0, PRECISION); // u128 * u128 fits U256
    let x = add(U256::from(xp[i]), dx_scaled)?;
    let d = get_d_precise(xp, amp)?;
    let y = get_y_precise(i, j, x, xp, amp, d)?;
    // dy: uint256 = _xp[j] - y - 1  # -1 just in case there were some rounding errors
    let dy = U256::from(xp[j])
        .checked_sub(y)
        .and_then(|v| v.checked_sub(U256::ONE))
        .ok_or(AmmError::ZeroOutput)?;
    // dy_fee = dy * _dynamic_fee((_xp[i] + x) / 2, (_xp[j] + y) / 2, fee) / FEE_DENOMINATOR
    let two = U256::from(2u8);
    let fee_rate = dynamic_fee_precise(
        quotient(add(U256::from(xp[i]), x)?, two),
        quotient(add(U256::from(xp[j]), y)?, two),
        params.fee,
        params.offpeg_fee_multiplier,
    )?;
    let dy_fee = quotient(mul(dy, fee_rate)?, U256::from(FEE_DENOMINATOR));
    // dy = (dy - dy_fee) * PRECISION / rates[j]  # Convert all to real units
    let out = quotient(mul(sub(dy, dy_fee)?, precision)?, U256::from(rates[j]));
    Ok(Swap {
        dy: to_u128(out)?,
        dy_fee,
        fee_rate: to_u128(fee_rate)?,
        xp,
        x,
        y,
        d,
        amp,
    })
}

/// `get_D` with `amp` already multiplied by `A_PRECISION`. Expects no zero balance.
fn get_d_precise(xp: [u128; 2], amp: U256) -> Result<U256, AmmError> {
    thread_local! {
        static NG_D: super::DSlots = const { std::cell::RefCell::new(([None; super::D_SLOTS], 0)) };
    }
    super::remembered_d(&NG_D, xp, amp, compute_d)
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
    let ann_s = quotient(mul(ann, s)?, a_precision); // Ann * S / A_PRECISION
    let ann_less = sub(ann, a_precision)?; // Ann - A_PRECISION
    for _ in 0..MAX_ITERATIONS {
        let mut d_p = d;
        for &x in &xp {
            // D_P = D_P * D / x
            d_p = div(mul(d_p, d)?, U256::from(x))?;
        }
        // D_P /= pow_mod256(N_COINS, N_COINS): 4, a shift
        d_p >>= 2;
        let d_prev = d;
        // D = (Ann * S / A_PRECISION + D_P * N_COINS) * D
        //     / ((Ann - A_PRECISION) * D / A_PRECISION + (N_COINS + 1) * D_P)
        // (D_P * N_COINS as D_P + D_P: N_COINS is 2.)
        let numerator = mul(add(ann_s, add(d_p, d_p)?)?, d)?;
        let denominator = add(
            quotient(mul(ann_less, d)?, a_precision),
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

/// `_dynamic_fee` on 256-bit balances.
fn dynamic_fee_precise(
    xpi: U256,
    xpj: U256,
    fee: u128,
    offpeg_fee_multiplier: u128,
) -> Result<U256, AmmError> {
    let fee_denominator = U256::from(FEE_DENOMINATOR);
    if offpeg_fee_multiplier <= FEE_DENOMINATOR {
        return Ok(U256::from(fee));
    }
    // xps2: uint256 = (xpi + xpj) ** 2
    let sum = add(xpi, xpj)?;
    let xps2 = mul(sum, sum)?;
    if xps2 == U256::ZERO {
        return Err(AmmError::EmptyPool);
    }
    // unsafe_sub(multiplier, FEE_DENOMINATOR) * 4 * xpi * xpj / xps2: checked products
    let spread = U256::from(offpeg_fee_multiplier - FEE_DENOMINATOR);
    let imbalance = quotient(mul(mul(mul(spread, U256::from(4u8))?, xpi)?, xpj)?, xps2);
    // unsafe_mul(multiplier, fee): two u128 values cannot overflow U256. unsafe_add: imbalance
    // is at most `spread` (4 * xpi * xpj <= (xpi + xpj)^2), so the sum stays far below 2^256.
    let scaled_fee = U256::from(offpeg_fee_multiplier) * U256::from(fee);
    Ok(quotient(scaled_fee, imbalance + fee_denominator))
}

/// `_get_p(xp, amp, D)[0]` with `amp` already multiplied by `A_PRECISION`. Expects a positive
/// `xp[0]`; a zero `xp[1]` is a division by zero, reported as `InsufficientLiquidity` by callers.
fn get_p_precise(xp: [U256; 2], amp: U256, d: U256) -> Result<U256, AmmError> {
    let n = U256::from(N_COINS as u128);
    // ANN: uint256 = unsafe_mul(amp, N_COINS): amp < 2^135, cannot wrap.
    let ann = amp * n;
    // Dr: uint256 = unsafe_div(D, pow_mod256(N_COINS, N_COINS)): 4, a shift
    let mut dr = d >> 2;
    for &x in &xp {
        // Dr = Dr * D / xp[i]
        dr = div(mul(dr, d)?, x)?;
    }
    // xp0_A: uint256 = unsafe_div(ANN * xp[0], A_PRECISION)
    let xp0_a = quotient(mul(ann, xp[0])?, U256::from(A_PRECISION));
    // 10**18 * (xp0_A + unsafe_div(Dr * xp[0], xp[1])) / (xp0_A + Dr)
    let numerator = add(xp0_a, div(mul(dr, xp[0])?, xp[1])?)?;
    div(mul(U256::from(PRECISION), numerator)?, add(xp0_a, dr)?)
}

/// The factory's and `set_new_fee`'s bounds: `fee <= MAX_FEE` and
/// `offpeg_fee_multiplier * fee <= MAX_FEE * FEE_DENOMINATOR`. They keep the dynamic fee at or
/// below 50%, so `dy - dy_fee` cannot underflow.
fn check_fees(params: &NgParams) -> Result<(), AmmError> {
    let product = U256::from(params.offpeg_fee_multiplier) * U256::from(params.fee);
    let bound = U256::from(MAX_FEE) * U256::from(FEE_DENOMINATOR);
    if params.fee > MAX_FEE || product > bound {
        Err(AmmError::FeeAboveMax)
    } else {
        Ok(())
    }
}
