//! The editor's descriptions of the agent populations.

use super::{f, Spec, BLOCKS, FRAC};

/// Agents.
#[rustfmt::skip]
pub const AGENTS: &[Spec] = &[
    f("stakers.count", "Holders", "agents", "0 to 100,000", "Number of LRT holder agents."),
    f("stakers.total_lrt", "Holders' LRT", "LRT", "0 or more", "LRT the holders hold together."),
    f("stakers.panic_threshold_min", "Panic threshold, lowest", "", FRAC, "Loss signal at which the most nervous holder starts selling."),
    f("stakers.panic_threshold_max", "Panic threshold, highest", "", FRAC, "Loss signal at which the calmest holder starts selling."),
    f("stakers.attention_per_block", "Attention", "per block", FRAC, "Chance per block that a panicking holder acts."),
    f("stakers.sell_fraction", "Sell fraction", "", FRAC, "Share of its LRT a holder sells each time it acts."),
    f("stakers.max_discount_min", "Accepted discount, lowest", "", FRAC, "Smallest discount a holder accepts before queueing a redemption instead."),
    f("stakers.max_discount_max", "Accepted discount, highest", "", FRAC, "Largest such limit."),
    f("stakers.pending_slash_weight", "Weight of pending slashes", "", FRAC, "How much holders count slashes still inside their veto window."),
    f("stakers.loss_memory_half_life_blocks", "Loss memory half-life", BLOCKS, "1 to 10 years (14,400 = 2 days)", "Holders compare today's NAV with a reference that forgets half of a past loss every this many blocks: a slash frightens for days, not forever."),
    f("stakers.buy_back_fraction", "Buy-back fraction", "", FRAC, "Share of its ETH a holder who sold puts back into the LRT each time it acts once calm."),
    f("stakers.buy_back_min_discount", "Buy-back discount", "", FRAC, "Smallest discount to NAV at which calm holders buy back (0.005 = 0.5%)."),
    f("stakers.buy_back_signal_share", "Calm again at", "x threshold", FRAC, "A holder is calm again once its loss signal is at most this share of its panic threshold."),
    f("stakers.contagion_weight", "Contagion weight", "fraction", FRAC, "Weight holders give another LRT's holders' loss signal when both delegate to the slashed operators (default 0: no contagion)."),
    f("stakers.contagion_floor", "Contagion floor", "x weight", FRAC, "Share of the contagion weight left for an LRT that shares no slashed operator: fear of LRTs as a class (default 0)."),
    f("loopers.count", "Loopers", "agents", "0 to 100,000", "Leveraged loopers: deposit LRT, borrow ETH, buy more LRT."),
    f("loopers.total_collateral_lrt", "Loopers' collateral", "LRT", "0 or more", "LRT posted as collateral together, without looping."),
    f("loopers.total_equity_lrt", "Loopers' equity", "LRT", "0 to 10^12", "LRT the loopers bring and loop (deposit, borrow, buy, deposit) up to their target health factor, capped at the market's LTV: a lower LTV or threshold means less leverage."),
    f("loopers.hf_min", "Target health factor, lowest", "", "above 1", "The health factor each looper aims for when it opens its loop (its risk appetite), spread from this..."),
    f("loopers.hf_max", "Target health factor, highest", "", "at least the lowest", "...to this."),
    f("arbitrageurs.count", "Arbitrageurs", "agents", "0 or more", "Agents who buy the discount and redeem through the queue."),
    f("arbitrageurs.capital_eth", "Capital each", "ETH", "0 or more", "ETH each arbitrageur can commit."),
    f("arbitrageurs.max_trade_eth", "Largest trade", "ETH/block", "0 or more", "Largest purchase per block."),
    f("arbitrageurs.required_return_apr", "Required return", "per year", "0 or more", "Return required for capital locked in the queue and any pause (0.10 = 10%)."),
    f("arbitrageurs.uncertainty_premium", "Uncertainty premium", "x", "0 or more", "Extra return required per unit of pending slash loss plus recent NAV loss."),
    f("arbitrageurs.mint_margin", "Mint-and-sell margin", "fraction of NAV", "0 to 0.1", "Premium over NAV a mint-and-sell must still earn after its own price impact (default 0.001, an assumption)."),
    f("arbitrageurs.fast_capital_share", "Capital at hand", "fraction", "0 to 1", "Share of each arbitrageur's capital at hand when a discount opens; the rest arrives over time (default 1: all at hand)."),
    f("arbitrageurs.capital_arrival_half_life_blocks", "Capital arrival half-life", "blocks", "1 to 216,000", "Blocks for half the missing capital to arrive at a discount equal to the required return; faster at deeper discounts (default 300)."),
    f("arbitrageurs.expected_pause_days", "Expected pause", "days", "empty: the pause's announced end; else 0 to 3,650", "How long arbitrageurs expect a withdrawal pause still to last when they buy through it."),
    f("liquidators.count", "Liquidators", "agents", "0 or more", "Agents who repay debt, seize LRT, and sell it into the pool or keep it to redeem, whichever pays."),
    f("liquidators.capital_eth", "Capital each", "ETH", "0 or more", "ETH each liquidator holds to repay debt and to hold seized LRT while it is redeemed."),
    f("liquidators.max_rounds_per_block", "Rounds per block", "", "at least 1", "Upper bound on liquidation rounds per block."),
    f("liquidators.partial", "Size to pool depth", "", "on or off", "Liquidators shrink a liquidation (halving it up to 8 times) until a route pays for the repaid debt."),
    f("liquidators.required_return_apr", "Required return", "per year", "0 to 10", "Return liquidators require on capital tied up while seized LRT is redeemed through the queue (0.10 = 10%, limits of arbitrage): below the value this gives the LRT they keep it instead of selling."),
    f("liquidators.expected_pause_days", "Expected pause", "days", "0 to 3,650", "How long liquidators expect a withdrawal pause without an end block to last (default 30, an assumption)."),
    f("liquidators.flash_loans", "Repay from the sale", "", "on or off", "Flash-loan style repayment (Morpho Blue's liquidate callback, Aave v3 flash loans): the sale of the seized LRT repays the debt in the same transaction, so capital bounds only what is kept."),
];
