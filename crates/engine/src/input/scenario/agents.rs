//! Agent populations and their behaviour parameters: holders, loopers, arbitrageurs and
//! liquidators (docs/BEHAVIOUR.md).

use serde::{Deserialize, Serialize};

use super::*;

/// LRT holders who panic-sell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StakerParams {
    /// Number of holder agents.
    pub count: u32,
    /// LRT they hold together, whole LRT (split unevenly by the setup stream).
    pub total_lrt: u64,
    /// Smallest panic threshold: loss signal (price below pre-fault NAV, or expected slash
    /// loss) at which a holder starts selling, as a fraction.
    pub panic_threshold_min: f64,
    /// Largest panic threshold, as a fraction.
    pub panic_threshold_max: f64,
    /// Probability per block that a panicking holder acts.
    pub attention_per_block: f64,
    /// Share of its LRT a holder sells each time it acts, fraction.
    pub sell_fraction: f64,
    /// Smallest discount a panicking holder accepts on the pool, against the NAV expected once
    /// pending slashes execute; past its own limit it queues a redemption instead (or waits
    /// while withdrawals are paused), fraction.
    pub max_discount_min: f64,
    /// Largest such limit, fraction.
    pub max_discount_max: f64,
    /// Weight holders give the expected loss of slashes still inside their veto window
    /// (a pending slash may yet be vetoed), fraction.
    pub pending_slash_weight: f64,
    /// Half-life of holders' memory of a NAV loss, blocks: the reference NAV they compare
    /// today's NAV with falls toward it by half every this many blocks, so a realised slash
    /// frightens for days, not forever. Default 14,400 (2 days; assumption, see
    /// docs/BEHAVIOUR.md). Arbitrageurs price their uncertainty from the same memory.
    #[serde(default = "default_loss_memory_half_life_blocks")]
    pub loss_memory_half_life_blocks: u64,
    /// Share of its ETH a holder who sold (or redeemed) puts back into the LRT each time it
    /// pays attention once it is calm again, fraction. Default 0.25 (as `sell_fraction`).
    #[serde(default = "default_buy_back_fraction")]
    pub buy_back_fraction: f64,
    /// Smallest discount to NAV at which a calm holder buys back, fraction. Default 0.005.
    #[serde(default = "default_buy_back_min_discount")]
    pub buy_back_min_discount: f64,
    /// A holder is calm again (confidence back) once its loss signal is at most this share of
    /// its panic threshold, fraction. Default 0.5.
    #[serde(default = "default_buy_back_signal_share")]
    pub buy_back_signal_share: f64,
    /// Weight these holders give another LRT's holders' loss signal when the two LRTs delegate
    /// to the same operators, fraction from 0 to 1 (confidence contagion,
    /// [`crate::systems::agents::contagion`]). Default 0 (no contagion, the model before this rule): an
    /// assumption per scenario, not fitted.
    #[serde(default, skip_serializing_if = "crate::base::units::is_zero_f64")]
    pub contagion_weight: f64,
    /// Share of `contagion_weight` left for an LRT that shares no operator with theirs, fraction
    /// from 0 to 1: 0 spreads fear only through shared operators, 1 treats every LRT as one
    /// class. Default 0.
    #[serde(default, skip_serializing_if = "crate::base::units::is_zero_f64")]
    pub contagion_floor: f64,
}

/// Leveraged loopers: deposit LRT, borrow ETH, buy more LRT (MODEL.md section 8).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LooperParams {
    pub count: u32,
    /// LRT posted as collateral together without looping, whole LRT (split evenly).
    #[serde(default)]
    pub total_collateral_lrt: u64,
    /// The loopers' risk appetite: the health factor each one targets when it opens its loop,
    /// spread evenly over `[hf_min, hf_max]` (DeFi Saver-style automation targets a ratio;
    /// docs/BEHAVIOUR.md). A looper borrows `min(LT / hf, LTV)` of its collateral's value, so a
    /// lower LTV caps the most leveraged loopers.
    pub hf_min: f64,
    pub hf_max: f64,
    /// LRT the loopers bring of their own (equity), whole LRT, split evenly. Each looper loops
    /// its share to its debt ratio `r` (deposit, borrow, buy, deposit again): collateral
    /// `equity / (1 - r)`, so the market's LTV and liquidation threshold decide how much
    /// leverage, collateral and debt exist. Default 0 (positions given by
    /// `total_collateral_lrt` alone).
    #[serde(default)]
    pub total_equity_lrt: u64,
}

impl LooperParams {
    /// Each looper's collateral (LRT wei) and debt ratio (debt over collateral value at the
    /// opening price, wad), for a market with `ltv_bps` and `liquidation_threshold_bps`: looper
    /// `i` targets health factor `hf_min + (hf_max - hf_min) i / (count - 1)`, borrows
    /// `r = min(LT / hf, LTV)` and loops its equity share to `equity / (1 - r)` on top of its
    /// share of `total_collateral_lrt`. Shares are floored; the dust stays with other holders.
    pub fn positions(&self, ltv_bps: u32, liquidation_threshold_bps: u32) -> Vec<(u128, u128)> {
        let n = self.count as u128;
        let share = |total: u64| {
            (total as u128 * crate::base::units::WAD)
                .checked_div(n)
                .unwrap_or(0)
        };
        let (fixed, equity) = (
            share(self.total_collateral_lrt),
            share(self.total_equity_lrt),
        );
        let wad = crate::base::units::WAD;
        let ltv = ltv_bps as u128 * wad / 10_000;
        (0..self.count)
            .map(|i| {
                let t = if n > 1 {
                    i as f64 / (n - 1) as f64
                } else {
                    0.0
                };
                let hf = self.hf_min + (self.hf_max - self.hf_min) * t;
                let hf_wad = (hf * 1e9) as u128 * 1_000_000_000;
                let r = (liquidation_threshold_bps as u128 * wad / 10_000 * wad / hf_wad).min(ltv);
                let looped = crate::base::units::mul_div(equity, wad, wad - r.min(wad - 1));
                (fixed + looped, r)
            })
            .collect()
    }

    /// All loopers' collateral together, LRT wei ([`LooperParams::positions`]).
    pub fn collateral_wei(&self, ltv_bps: u32, liquidation_threshold_bps: u32) -> u128 {
        self.positions(ltv_bps, liquidation_threshold_bps)
            .iter()
            .map(|p| p.0)
            .sum()
    }
}

/// Arbitrageurs who buy the discount and redeem through the queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArbitrageurParams {
    pub count: u32,
    /// ETH each one can commit, whole ETH.
    pub capital_eth: u64,
    /// Largest purchase per block, whole ETH.
    pub max_trade_eth: u64,
    /// Return required for capital locked in the queue, per year, as a fraction.
    pub required_return_apr: f64,
    /// Extra return required per unit of expected pending slash loss (uncertainty), multiplier.
    pub uncertainty_premium: f64,
    /// While withdrawals are paused, days arbitrageurs expect the pause still to last: they buy
    /// a discount deep enough to pay for the withdrawal delay plus this wait (and hold what
    /// they buy until the pause ends). `null` (default): the pause's announced end (a fault's
    /// duration, or governance's `pause_max_blocks`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_pause_days: Option<f64>,
    /// Premium over NAV that a mint-and-sell must still earn after its own price impact and the
    /// mint fee, fraction; range 0 to 0.1. Default 0.001 (10 bps): the order of a Curve swap
    /// fee (stableswap-ng pools of LSTs charge 1-4 bps) plus gas and the risk of NAV moving
    /// before the mint settles; an assumption, not fitted. Lower means the pool price follows
    /// NAV down more closely after a slash.
    #[serde(default = "default_mint_margin")]
    pub mint_margin: f64,
    /// Share of each arbitrageur's capital at hand when a discount opens, fraction from 0 to 1.
    /// The rest arrives while the discount lasts, half of what is still missing every
    /// [`ArbitrageurParams::capital_arrival_half_life_blocks`] (faster at deeper discounts,
    /// [`crate::systems::agents::arbitrageurs::SlowCapital`]): slow-moving capital (Mitchell, Pedersen
    /// and Pulvino 2007, AER 97(2); Duffie 2010, J. Finance 65(4)): a dislocation is as deep
    /// as the capital at hand lets it be and closes at the pace the rest arrives. Default 1
    /// (all capital at hand, the model before this rule; docs/BEHAVIOUR.md).
    #[serde(default = "default_fast_capital_share")]
    pub fast_capital_share: f64,
    /// Blocks for half of the capital not yet at hand to arrive once a discount opens, blocks;
    /// range 1 to 216,000 (30 days). A discount counts as open from the first block it beats
    /// the required return until it has not for this many blocks. Default 300 (one hour): an
    /// assumption; used only when `fast_capital_share` is below 1.
    #[serde(default = "default_capital_arrival_half_life")]
    pub capital_arrival_half_life_blocks: u64,
}

fn default_mint_margin() -> f64 {
    0.001
}

fn default_fast_capital_share() -> f64 {
    1.0
}

fn default_capital_arrival_half_life() -> u64 {
    300
}

/// Liquidators: repay debt, seize LRT, and sell it into a pool or hold it and redeem it through
/// the LRT's queue, whichever pays (see [`crate::systems::agents::liquidators`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiquidatorParams {
    pub count: u32,
    /// ETH each one holds to repay debt and to hold seized LRT while it is redeemed, whole ETH.
    pub capital_eth: u64,
    /// Upper bound on liquidation rounds per block (each round can move the pool).
    pub max_rounds_per_block: u32,
    /// If true, a liquidator chooses the size of each liquidation, as Morpho and Aave allow (up
    /// to the close factor): it seizes what the best pool buys at a marginal price of at least
    /// the break-even price `repay / seized` (the profit-maximising size; Qin et al. 2021, IMC;
    /// Perez et al. 2021, FC), or less (halving up to 8 times) when that does not pay; if false
    /// it liquidates the most it may or nothing. Default false (one liquidation a position per
    /// round, the simplest reading).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// Return a liquidator requires on capital tied up while seized LRT is redeemed through the
    /// queue (withdrawal delay plus the expected pause), per year, fraction; range 0 to 10.
    /// It sets the price below which a liquidator keeps seized LRT instead of selling it:
    /// `NAV * (1 - redeem fee) * (1 - pending slash loss) * (1 - required_return_apr * days / 365)`.
    /// Default 0.10: capital of specialised arbitrageurs is scarce and its owners demand a
    /// premium over the ~3% ETH lending rate for positions that can get worse before they
    /// converge (limits of arbitrage, Shleifer and Vishny 1997, J. Finance 52(1)); the same value
    /// as the arbitrageurs' required return in the presets. An assumption, not fitted.
    #[serde(default = "default_liquidator_required_return")]
    pub required_return_apr: f64,
    /// Days liquidators expect an LRT's withdrawal pause to last when governance has set no end
    /// block, days; range 0 to 3,650. Default 30: an assumption, not fitted (MODEL.md section 6
    /// records that a protocol may pause withdrawals but no pause length; a month is the order
    /// of a governance review after a slash); when the pause has an end block, the liquidators
    /// use the days left to it instead.
    #[serde(default = "default_liquidator_pause_days")]
    pub expected_pause_days: f64,
    /// Flash-loan style repayment: the liquidator repays out of the sale of the seized
    /// collateral in the same transaction, so its capital bounds only what it keeps to redeem.
    /// Morpho Blue's `liquidate` calls the liquidator's `onMorphoLiquidate` callback before it
    /// pulls the repaid assets; on Aave v3 a liquidator wraps `liquidationCall` in
    /// `flashLoanSimple` (premium 0.05%, neglected beside bonuses of 1% and more). Default true,
    /// as liquidation bots do on both (ezETH April 2024: 145 of 146 Morpho liquidations within
    /// 23 minutes, MODEL.md section 9). False: the repayment must come from capital.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub flash_loans: bool,
}

/// Default of [`LiquidatorParams::required_return_apr`].
pub fn default_liquidator_required_return() -> f64 {
    0.10
}

/// Default of [`LiquidatorParams::expected_pause_days`].
pub fn default_liquidator_pause_days() -> f64 {
    30.0
}
