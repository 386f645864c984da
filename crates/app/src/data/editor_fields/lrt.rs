//! The editor's descriptions of the LRT, its Curve pool and its cover pool.

use super::{choice, f, Spec, BLOCKS, BPS};

/// LRT.
#[rustfmt::skip]
pub const LRT: &[Spec] = &[
    f("lrt.symbol", "Symbol", "", "any text", "Token symbol shown in labels."),
    f("lrt.withdrawal_delay_blocks", "Withdrawal delay", BLOCKS, "at least 1 (100,800 = 14 days)", "Delay between a redemption request and its claim."),
    f("lrt.buffer_eth", "Buffer", "ETH", "0 or more", "ETH kept undelegated for redemptions."),
    f("lrt.pause_withdrawals_on_slash", "Pause withdrawals on slash", "", "on or off", "Governance pauses withdrawals once a slash lowers NAV by the threshold below."),
    f("lrt.pause_on_nav_drop_bps", "Pause at NAV drop", BPS, "0 to 10,000", "NAV drop that makes governance pause withdrawals."),
    f("lrt.pause_delay_blocks", "Pause delay", BLOCKS, "0 or more", "Time governance needs to act (vote plus timelock)."),
    f("lrt.pause_max_blocks", "Longest pause", BLOCKS, "0 to 10 years (187,200 = 26 days)", "A governance pause ends at the latest this long after it takes effect; the end is announced (Kelp's rsETH pause, April-May 2026: 26 days)."),
    f("lrt.pause_resolution_blocks", "Lift pause after resolution", BLOCKS, "0 to 10 years (50,400 = 7 days)", "Governance lifts its pause once no slash is pending and NAV has held this long (EigenLayer SLASH_RESOLUTION_DELAY: 7 days)."),
    f("lrt.withdrawals_enabled", "Withdrawals enabled", "", "on or off", "Off: the LRT cannot be redeemed at all (ezETH before May 2024); dip buyers hold until withdrawals open."),
    f("lrt.expected_unlock_days", "Expected unlock", "days", "0 or more", "With withdrawals off: how long dip buyers expect to wait before they can redeem."),
    f("lrt.mint_fee_bps", "Mint fee", BPS, "0 to 10,000", "Fee on deposits; it stays in the backing."),
    f("lrt.redeem_fee_bps", "Redeem fee", BPS, "0 to 10,000", "Fee on redemptions; it stays in the backing."),
];

/// Pool.
#[rustfmt::skip]
pub const POOL: &[Spec] = &[
    f("pool.eth_liquidity_eth", "ETH side", "ETH", "at least 1", "ETH in the Curve pool at start."),
    f("pool.lrt_liquidity", "LRT side", "LRT", "at least 1", "LRT in the Curve pool at start."),
    f("pool.amp", "Amplification A", "", "1 to 1,000,000", "Curve's A: higher keeps the price near 1 for longer, then it falls faster."),
    f("pool.fee", "Swap fee", "/1e10", "0 to 5,000,000,000", "Fee over 1e10 (4,000,000 = 0.04%)."),
    f("pool.admin_fee", "Admin fee", "/1e10", "0 to 10,000,000,000", "Share of the fee kept by the admin over 1e10 (5,000,000,000 = 50%)."),
    choice("pool.variant.kind", "Pool contract", &["legacy", "ng"], "legacy: StableSwapSTETH.vy, fixed fee, no oracle; ng: stableswap-ng with a dynamic fee and an EMA oracle."),
    f("pool.variant.offpeg_fee_multiplier", "Off-peg fee multiplier", "/1e10", "fee x multiplier at most 5e19", "20,000,000,000 = 2x the fee when the pool is off peg."),
    f("pool.variant.ma_exp_time_s", "EMA time", "s", "at least 1", "Time constant of the pool's EMA price oracle (866 s in many pools)."),
    f("pool.variant.rate_oracle", "NAV rate oracle", "", "on or off", "Scale the LRT by its NAV so the pool pegs to NAV rather than 1 ETH."),
    f("pool.lps", "Liquidity providers who leave", "", "none or set", "LPs who pull depth when the discount grows."),
    f("pool.lps.withdraw_at_discount_bps", "LPs leave at discount", BPS, "0 to 10,000", "Discount to NAV at which LPs start to withdraw."),
    f("pool.lps.withdraw_share_bps", "Share withdrawn each time", BPS, "0 to 10,000", "Share of the remaining liquidity withdrawn each time."),
    f("pool.lps.every_blocks", "Withdrawal interval", BLOCKS, "at least 1", "Blocks between two withdrawals while the discount lasts."),
    f("pool.lps.max_withdrawn_bps", "LPs stop at", BPS, "0 to 10,000", "LPs stop once this share of the starting liquidity is gone."),
    f("pool.lps.return_below_discount_bps", "LPs return below discount", BPS, "0 to 10,000", "LPs bring depth back once the discount to NAV is at most this..."),
    f("pool.lps.return_max_move_bps", "LPs return below volatility", BPS, "0 to 10,000", "...and the price moved at most this much over the last interval."),
    f("pool.lps.return_share_bps", "Share returned each time", BPS, "0 to 10,000", "Share of the starting liquidity LPs bring back each interval (at most what they withdrew)."),
];

/// Insurance.
#[rustfmt::skip]
pub const INSURANCE: &[Spec] = &[
    f("insurance", "Cover pool", "", "none or set", "Pays the covered share of the LRT's slashing and penalty losses."),
    f("insurance.capital_eth", "Capital", "ETH", "0 or more", "Capital that pays claims."),
    f("insurance.covered_bps", "Covered share", BPS, "0 to 10,000", "Share of each loss that is covered."),
    f("insurance.premium_apr_bps", "Premium", "bps/yr", "0 to 10,000", "Premium on the covered backing, paid by the LRT."),
];
