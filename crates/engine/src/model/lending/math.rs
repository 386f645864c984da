//! The fixed-point arithmetic of the two lending protocols, rounded as their contracts round.
//!
//! * Aave v3: `WadRayMath.wadDiv` and `PercentageMath.percentMul` / `percentDiv` round **half
//!   up** (aave/aave-v3-core `contracts/protocol/libraries/math/WadRayMath.sol`,
//!   `PercentageMath.sol`); plain `/` in `GenericLogic` and `LiquidationLogic` rounds down.
//! * Morpho Blue: `MathLib.mulDivDown` / `mulDivUp` and `SharesMathLib` with virtual shares
//!   (`VIRTUAL_SHARES = 1e6`, `VIRTUAL_ASSETS = 1`) (morpho-org/morpho-blue
//!   `src/libraries/MathLib.sol`, `src/libraries/SharesMathLib.sol`).
//!
//! All amounts are `u128` wei, shares or wad; products are taken in 256 bits
//! ([`crate::base::wide::mul_add_quotient`], so native and WASM agree). A result that does not fit in
//! 128 bits saturates to `u128::MAX` (the contracts would revert; it never happens at real
//! sizes).

use crate::base::units::WAD;
use crate::base::wide::mul_add_quotient;

/// `PercentageMath.PERCENTAGE_FACTOR`: 100.00%.
pub const PERCENTAGE_FACTOR: u128 = 10_000;
/// `SharesMathLib.VIRTUAL_SHARES`.
pub const VIRTUAL_SHARES: u128 = 1_000_000;
/// `SharesMathLib.VIRTUAL_ASSETS`.
pub const VIRTUAL_ASSETS: u128 = 1;

/// `(a * b + c) / d` rounded down, 256-bit intermediate (`a * b + c` of `u128` operands always
/// fits); `d` must be non-zero.
pub fn mul_add_div(a: u128, b: u128, c: u128, d: u128) -> u128 {
    u128::try_from(mul_add_quotient(a, b, c, d)).unwrap_or(u128::MAX)
}

/// Aave `PercentageMath.percentMul`: `(value * percentage + 0.5e4) / 1e4`.
pub fn percent_mul(value: u128, percentage: u128) -> u128 {
    mul_add_div(value, percentage, PERCENTAGE_FACTOR / 2, PERCENTAGE_FACTOR)
}

/// Aave `PercentageMath.percentDiv`: `(value * 1e4 + percentage / 2) / percentage`.
pub fn percent_div(value: u128, percentage: u128) -> u128 {
    mul_add_div(value, PERCENTAGE_FACTOR, percentage / 2, percentage)
}

/// Aave `WadRayMath.wadDiv`: `(a * 1e18 + b / 2) / b`.
pub fn wad_div(a: u128, b: u128) -> u128 {
    mul_add_div(a, WAD, b / 2, b)
}

/// Morpho `MathLib.mulDivDown`: `x * y / d`.
pub fn mul_div_down(x: u128, y: u128, d: u128) -> u128 {
    mul_add_div(x, y, 0, d)
}

/// Morpho `MathLib.mulDivUp`: `(x * y + (d - 1)) / d`.
pub fn mul_div_up(x: u128, y: u128, d: u128) -> u128 {
    mul_add_div(x, y, d - 1, d)
}

/// Morpho `MathLib.wMulDown`: `x * y / 1e18`.
pub fn w_mul_down(x: u128, y: u128) -> u128 {
    mul_div_down(x, y, WAD)
}

/// Morpho `MathLib.wDivDown`: `x * 1e18 / y`.
pub fn w_div_down(x: u128, y: u128) -> u128 {
    mul_div_down(x, WAD, y)
}

/// Morpho `MathLib.wDivUp`: `(x * 1e18 + y - 1) / y`.
pub fn w_div_up(x: u128, y: u128) -> u128 {
    mul_div_up(x, WAD, y)
}

/// Morpho `SharesMathLib.toSharesDown`.
pub fn to_shares_down(assets: u128, total_assets: u128, total_shares: u128) -> u128 {
    mul_div_down(
        assets,
        total_shares + VIRTUAL_SHARES,
        total_assets + VIRTUAL_ASSETS,
    )
}

/// Morpho `SharesMathLib.toSharesUp`.
pub fn to_shares_up(assets: u128, total_assets: u128, total_shares: u128) -> u128 {
    mul_div_up(
        assets,
        total_shares + VIRTUAL_SHARES,
        total_assets + VIRTUAL_ASSETS,
    )
}

/// Morpho `SharesMathLib.toAssetsDown`.
pub fn to_assets_down(shares: u128, total_assets: u128, total_shares: u128) -> u128 {
    mul_div_down(
        shares,
        total_assets + VIRTUAL_ASSETS,
        total_shares + VIRTUAL_SHARES,
    )
}

/// Morpho `SharesMathLib.toAssetsUp`.
pub fn to_assets_up(shares: u128, total_assets: u128, total_shares: u128) -> u128 {
    mul_div_up(
        shares,
        total_assets + VIRTUAL_ASSETS,
        total_shares + VIRTUAL_SHARES,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_up_and_directed_rounding() {
        assert_eq!(percent_mul(1, 5_000), 1); // 0.5 rounds up
        assert_eq!(percent_mul(1, 4_999), 0);
        assert_eq!(percent_div(1, 20_000), 1); // 0.5 rounds up
        assert_eq!(wad_div(1, 2 * WAD), 1); // 0.5 wei rounds up
        assert_eq!(wad_div(1, 2 * WAD + 1), 0);
        assert_eq!(mul_div_up(1, 1, 3), 1);
        assert_eq!(mul_div_down(2, 1, 3), 0);
        // An empty market converts 1 asset to 1e6 shares and back.
        assert_eq!(to_shares_up(1, 0, 0), VIRTUAL_SHARES);
        assert_eq!(to_assets_up(VIRTUAL_SHARES, 1, VIRTUAL_SHARES), 1);
        assert_eq!(to_assets_down(VIRTUAL_SHARES - 1, 1, VIRTUAL_SHARES), 0);
    }
}
