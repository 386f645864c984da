//! The LRT/ETH pool: StableSwap parameters, the stableswap-ng variant and the LPs' rule
//! (MODEL.md section 7).

use serde::{Deserialize, Serialize};

use super::*;

/// The LRT/ETH Curve StableSwap pool (MODEL.md section 7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolParams {
    /// ETH side at start, whole ETH.
    pub eth_liquidity_eth: u64,
    /// LRT side at start, whole LRT.
    pub lrt_liquidity: u64,
    /// The contract's amplification A (before A_PRECISION).
    pub amp: u32,
    /// Swap fee over 1e10 (4,000,000 = 0.04%).
    pub fee: u64,
    /// Share of the fee kept by the admin over 1e10 (5,000,000,000 = 50%).
    pub admin_fee: u64,
    /// Liquidity providers who pull depth when the peg breaks; `null` for LPs who stay.
    #[serde(default)]
    pub lps: Option<LpParams>,
    /// Legacy StableSwap (default) or stableswap-ng.
    #[serde(default)]
    pub variant: PoolVariant,
}

/// Which Curve pool contract the pool follows (MODEL.md section 7).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PoolVariant {
    /// curvefi/curve-contract StableSwapSTETH.vy: fixed fee, no oracle.
    #[default]
    Legacy,
    /// curvefi/stableswap-ng: dynamic off-peg fee, EMA price oracle, optional rate oracle.
    Ng {
        /// Off-peg fee multiplier over 1e10 (20,000,000,000 = 2x).
        offpeg_fee_multiplier: u64,
        /// EMA time constant of the price oracle, seconds (866 s in many ng pools).
        ma_exp_time_s: u64,
        /// If true, the LRT's balance is scaled by its NAV (a rate oracle), so the pool pegs to
        /// NAV rather than to 1 ETH.
        rate_oracle: bool,
    },
}

/// Liquidity providers who withdraw when the discount grows (MODEL.md section 12, "Liquidity
/// providers"; the seed articles' "liquidity providers pull depth").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LpParams {
    /// Discount of price to NAV at which LPs start to withdraw, basis points.
    pub withdraw_at_discount_bps: u32,
    /// Share of the remaining liquidity withdrawn each time, basis points.
    pub withdraw_share_bps: u32,
    /// Blocks between two withdrawals while the discount lasts.
    pub every_blocks: u64,
    /// LPs stop once this share of the starting liquidity is gone, basis points.
    pub max_withdrawn_bps: u32,
    /// LPs bring back what they withdrew once the discount to NAV is at most this, basis
    /// points. Default 50 (stETH traded 30-60 bps below ETH in calm stress, July 2025,
    /// MODEL.md section 9).
    #[serde(default = "default_lp_return_below_discount_bps")]
    pub return_below_discount_bps: u32,
    /// ...and the price moved at most this much over the last `every_blocks` (volatility),
    /// basis points. Default 50.
    #[serde(default = "default_lp_return_max_move_bps")]
    pub return_max_move_bps: u32,
    /// Share of the starting liquidity that LPs bring back each time, at most what they withdrew
    /// and still hold, basis points. Default 1,000 (the step `withdraw_share_bps` uses).
    #[serde(default = "default_lp_return_share_bps")]
    pub return_share_bps: u32,
}
