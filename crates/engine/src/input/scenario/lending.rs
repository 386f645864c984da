//! Lending markets (Aave v3 and Morpho Blue style): terms, E-mode, oracle and lender
//! governance (MODEL.md section 8).

use serde::{Deserialize, Serialize};

use super::*;

/// An Aave v3 style lending market: LRT collateral, ETH debt (MODEL.md section 8).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LendingParams {
    /// Aave v3 style (close factor, bonus, protocol fee) or Morpho Blue style (LLTV, incentive
    /// factor from the LLTV, no close factor, bad debt socialised). Default: Aave v3.
    #[serde(default)]
    pub style: MarketStyle,
    /// Maximum loan-to-value for new borrows, basis points.
    pub ltv_bps: u32,
    /// Liquidation threshold, basis points: liquidatable when health factor < 1.
    pub liquidation_threshold_bps: u32,
    /// Liquidation bonus paid to liquidators, basis points of the repaid debt.
    pub liquidation_bonus_bps: u32,
    /// Close factor, basis points of the debt one liquidation may repay (Aave: 5,000).
    pub close_factor_bps: u32,
    /// Health factor at or below which the whole debt may be repaid at once (Aave: 0.95).
    pub full_close_hf: f64,
    /// Share of the liquidation bonus taken by the protocol, basis points (Aave: 1,000).
    pub protocol_fee_bps: u32,
    /// Price source for the LRT.
    pub oracle: OracleKind,
    /// ETH supplied by lenders and not borrowed at start, whole ETH.
    pub idle_liquidity_eth: u64,
    /// The lender's risk governance; `null` for none.
    #[serde(default)]
    pub governance: Option<LenderGovernanceParams>,
    /// Display name, e.g. "Morpho ezETH/WETH 86%"; empty for "<LRT> lending market".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Aave v3 efficiency mode for correlated assets: loopers borrow in the E-mode category, whose
    /// LTV, liquidation threshold and bonus replace the market's. `null` for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emode: Option<EModeParams>,
    /// Aave v3 supply cap on the collateral, whole LRT: the loopers' collateral may not exceed
    /// it. `null` for no cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply_cap_lrt: Option<u64>,
    /// Growth cap of an exchange-rate oracle (Aave's correlated-asset price oracle, CAPO): the
    /// price is at most the starting rate grown by this much per year, basis points. `null` for
    /// no cap; ignored by other oracles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_growth_cap_bps_per_year: Option<u32>,
}

/// An Aave v3 E-mode category (all basis points).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EModeParams {
    pub ltv_bps: u32,
    pub liquidation_threshold_bps: u32,
    pub liquidation_bonus_bps: u32,
}

impl LendingParams {
    /// The LTV, liquidation threshold and bonus that apply to the collateral, basis points:
    /// the E-mode category's when there is one.
    pub fn effective_terms(&self) -> (u32, u32, u32) {
        match &self.emode {
            Some(e) => (
                e.ltv_bps,
                e.liquidation_threshold_bps,
                e.liquidation_bonus_bps,
            ),
            None => (
                self.ltv_bps,
                self.liquidation_threshold_bps,
                self.liquidation_bonus_bps,
            ),
        }
    }
}

/// Which lending protocol's liquidation rules a market follows (MODEL.md section 8).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarketStyle {
    /// Aave v3: liquidation threshold, bonus, 50% close factor (100% at HF <= 0.95), protocol fee.
    #[default]
    AaveV3,
    /// Morpho Blue: `liquidation_threshold_bps` is the LLTV; the incentive factor is
    /// `min(1.15, 1 / (1 - 0.3 * (1 - LLTV)))`; the whole debt may be repaid; no protocol fee;
    /// `liquidation_bonus_bps`, `close_factor_bps`, `full_close_hf` and `protocol_fee_bps` are ignored.
    MorphoBlue,
}

/// What the lender's governance does when the LRT's discount to NAV passes a threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LenderGovernanceParams {
    /// Discount of price to NAV that triggers the action, basis points.
    pub trigger_discount_bps: u32,
    /// Vote plus timelock before the action takes effect, blocks.
    pub delay_blocks: u64,
    pub action: LenderAction,
}

/// A lender governance action (Aave v3 risk admin / guardian powers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LenderAction {
    /// Freeze the reserve: no new borrows or supply; liquidations go on.
    Freeze,
    /// Pause the reserve: nothing moves, liquidations included (bad debt may build up).
    Pause,
    /// Set a new liquidation threshold (and cap the LTV at it), basis points.
    SetLiquidationThreshold { liquidation_threshold_bps: u32 },
}
