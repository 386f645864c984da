//! The editor's descriptions of the lending market.

use super::{choice, f, Spec, BLOCKS, BPS, FRAC};

/// Lending.
#[rustfmt::skip]
pub const LENDING: &[Spec] = &[
    choice("lending.style", "Market style", &["aave_v3", "morpho_blue"], "Aave v3 (close factor, bonus, fee) or Morpho Blue (LLTV and incentive factor)."),
    f("lending.ltv_bps", "Max LTV", BPS, "0 to the liquidation threshold", "Maximum loan-to-value for new borrows."),
    f("lending.liquidation_threshold_bps", "Liquidation threshold", BPS, "0 to 10,000", "A loan is liquidatable when its health factor falls below 1 at this threshold."),
    f("lending.liquidation_bonus_bps", "Liquidation bonus", BPS, "0 to 10,000", "Bonus paid to liquidators on the repaid debt."),
    f("lending.close_factor_bps", "Close factor", BPS, "1 to 10,000", "Share of the debt one liquidation may repay (Aave: 5,000)."),
    f("lending.full_close_hf", "Full close below HF", "", FRAC, "Health factor at or below which the whole debt may be repaid (Aave: 0.95)."),
    f("lending.protocol_fee_bps", "Protocol fee", BPS, "0 to 10,000", "Share of the liquidation bonus taken by the protocol."),
    f("lending.name", "Market name", "", "any text", "Shown in charts and the narrative (e.g. \"Morpho ezETH/WETH 86%\")."),
    choice("lending.oracle", "Price oracle", &["market_price", "ema", "exchange_rate"], "market_price: pool spot (dumps liquidate); ema: the ng pool's EMA (lags); exchange_rate: NAV (a dump does not liquidate)."),
    f("lending.idle_liquidity_eth", "Idle liquidity", "ETH", "0 or more", "ETH supplied by lenders and not borrowed at start."),
    f("lending.emode", "E-mode", "", "none or set", "Aave E-mode category: higher LTV and threshold for correlated assets."),
    f("lending.emode.ltv_bps", "E-mode LTV", BPS, "0 to the E-mode threshold", "Maximum loan-to-value inside the category."),
    f("lending.emode.liquidation_threshold_bps", "E-mode threshold", BPS, "0 to 10,000", "Liquidation threshold inside the category."),
    f("lending.emode.liquidation_bonus_bps", "E-mode bonus", BPS, "0 to 10,000", "Liquidation bonus inside the category."),
    f("lending.supply_cap_lrt", "Supply cap", "LRT", "empty for none, else at least the loopers' collateral", "Most LRT the market accepts as collateral."),
    f("lending.rate_growth_cap_bps_per_year", "Oracle growth cap", "bps/yr", "empty for none, else 0 or more", "CAPO-style cap on how fast an exchange-rate oracle may rise."),
    f("lending.governance", "Lender governance", "", "none or set", "What the lender's risk governance does when the discount passes a threshold."),
    f("lending.governance.trigger_discount_bps", "Acts at discount", BPS, "0 to 10,000", "Discount to NAV that triggers the action."),
    f("lending.governance.delay_blocks", "Governance delay", BLOCKS, "0 or more", "Vote plus timelock before the action takes effect."),
    choice("lending.governance.action.kind", "Action", &["freeze", "pause", "set_liquidation_threshold"], "freeze: no new borrows; pause: nothing moves, liquidations included; set_liquidation_threshold: a new threshold."),
    f("lending.governance.action.liquidation_threshold_bps", "New threshold", BPS, "1 to 10,000", "Liquidation threshold after the action."),
];
