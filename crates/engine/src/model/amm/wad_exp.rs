//! The wad exponential of CurveStableSwapNG.vy (`exp`, snekmate's `wad_exp` after Remco
//! Bloemen), which the pool's EMA price oracle uses for its decay weight.

use ethnum::{I256, U256};

use super::stableswap::to_u128;
use super::AmmError;

/// Below this `exp` returns 0 (`x <= floor(ln(0.5e-18) * 1e18)`), wad.
const EXP_MIN: i128 = -41_446_531_673_892_822_313;
/// At or above this `exp` reverts with "wad_exp overflow", wad.
const EXP_MAX: i128 = 135_305_999_368_893_231_589;
/// `ln 2 * 2^96`, the range-reduction constant of `exp`.
const LN2_X96: i128 = 54_916_777_467_707_473_351_141_471_128;
/// The final scale of `exp`, 3822833074963236453042738258902158003155416615667, as 128-bit words.
const EXP_SCALE: U256 = U256::from_words(
    11_234_296_709,
    132_607_009_764_632_164_597_277_443_144_459_717_363,
);

/// The contract's `exp`: e^(x / 1e18) as a wad, rounded as the contract rounds (at x = 1e18 it
/// gives 2718281828459045235, e * 1e18 rounded down). Returns 0 for
/// `x <= -41446531673892822313`.
///
/// # Errors
/// `Overflow` where the contract reverts ("wad_exp overflow", `x >= 135305999368893231589`)
/// and where the result exceeds `u128` (x above about 47.28e18).
///
/// formula: CurveStableSwapNG.vy `exp` (snekmate `wad_exp`, after Remco Bloemen)
pub fn exp(x: i128) -> Result<u128, AmmError> {
    exp_wad(I256::from(x)).and_then(to_u128)
}

/// The contract's `exp(x: int256) -> uint256`: `None` where it reverts. Signed divisions
/// truncate toward zero and `>>` is arithmetic, as the EVM's `sdiv` and `sar`; the `unsafe_*`
/// operations wrap (they cannot, for inputs that pass the range checks).
pub(super) fn exp_wad(x: I256) -> Result<U256, AmmError> {
    if x <= I256::from(EXP_MIN) {
        return Ok(U256::ZERO);
    }
    if x >= I256::from(EXP_MAX) {
        return Err(AmmError::Overflow);
    }
    let c = I256::from;
    let ln2 = c(LN2_X96);
    // value = unsafe_div(x << 78, 5 ** 18)
    let mut value = x.wrapping_shl(78).wrapping_div(c(3_814_697_265_625));
    // k = unsafe_add(unsafe_div(value << 96, LN2_X96), 2 ** 95) >> 96
    let k = (value
        .wrapping_shl(96)
        .wrapping_div(ln2)
        .wrapping_add(I256::ONE.wrapping_shl(95)))
        >> 96u32;
    value = value.wrapping_sub(k.wrapping_mul(ln2));
    // (6, 7)-term rational approximation.
    let y = (value
        .wrapping_add(c(1_346_386_616_545_796_478_920_950_773_328))
        .wrapping_mul(value)
        >> 96u32)
        .wrapping_add(c(57_155_421_227_552_351_082_224_309_758_442));
    let p = ((y
        .wrapping_add(value)
        .wrapping_sub(c(94_201_549_194_550_492_254_356_042_504_812))
        .wrapping_mul(y)
        >> 96u32)
        .wrapping_add(c(28_719_021_644_029_726_153_956_944_680_412_240))
        .wrapping_mul(value))
    .wrapping_add(c(4_385_272_521_454_847_904_659_076_985_693_276).wrapping_shl(96));
    let mut q = (value
        .wrapping_sub(c(2_855_989_394_907_223_263_936_484_059_900))
        .wrapping_mul(value)
        >> 96u32)
        .wrapping_add(c(50_020_603_652_535_783_019_961_831_881_945));
    q = (q.wrapping_mul(value) >> 96u32)
        .wrapping_sub(c(533_845_033_583_426_703_283_633_433_725_380));
    q = (q.wrapping_mul(value) >> 96u32)
        .wrapping_add(c(3_604_857_256_930_695_427_073_651_918_091_429));
    q = (q.wrapping_mul(value) >> 96u32)
        .wrapping_sub(c(14_423_608_567_350_463_180_887_372_962_807_573));
    q = (q.wrapping_mul(value) >> 96u32)
        .wrapping_add(c(26_449_188_498_355_588_339_934_803_723_976_023));
    // r: int256 = unsafe_div(p, q). q has no real roots; an EVM division by zero would give 0.
    let r = if q == I256::ZERO {
        I256::ZERO
    } else {
        p.wrapping_div(q)
    };
    // unsafe_mul(convert(r, uint256), scale) >> (195 - k); an EVM shift by 256 or more gives 0.
    let shift = c(195).wrapping_sub(k);
    let product = r.as_u256().wrapping_mul(EXP_SCALE);
    Ok(u32::try_from(shift)
        .ok()
        .and_then(|s| product.checked_shr(s))
        .unwrap_or(U256::ZERO))
}
