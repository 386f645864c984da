//! An Aave v3 style lending market: LRT collateral, ETH debt (MODEL.md section 8).
//!
//! Health factor `HF = collateral * price * LT / debt`; liquidatable when `HF < 1`; a liquidator
//! may repay up to the close factor (50%), or all of it when `HF <= 0.95`; it seizes
//! `repaid * (1 + bonus) / price` of collateral, of which the protocol takes `protocol_fee` of the
//! bonus part. Source: aave/aave-v3-core `LiquidationLogic.executeLiquidationCall` and
//! `_calculateAvailableCollateralToLiquidate`. A position left with debt and no collateral is
//! bad debt, written off against the market's suppliers (Aave v3.3 deficit; Morpho Blue).

use serde::{Deserialize, Serialize};

use crate::ledger::AccountId;
use crate::scenario::OracleKind;
use crate::units::{mul_div, BPS, WAD};

pub mod book;
pub mod solvency;

/// One borrower's loan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// The borrower.
    pub owner: AccountId,
    /// LRT posted, wei (held in the market's collateral account).
    pub collateral: u128,
    /// ETH owed, wei.
    pub debt: u128,
    /// Times this position was liquidated.
    pub liquidations: u32,
}

/// A fault of a market's price feed in progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedFaultState {
    pub mode: crate::scenario::FeedFault,
    pub deviation_bps: u128,
    pub until_block: u64,
    /// The price a stale feed is stuck at, wad.
    pub frozen_price: u128,
}

/// The growth cap of an exchange-rate oracle (Aave CAPO): the price is at most
/// `start_rate * (1 + bps_per_year * elapsed / year)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RateCap {
    /// Rate at the snapshot, wad.
    pub start_rate: u128,
    pub start_block: u64,
    pub bps_per_year: u128,
}

impl RateCap {
    /// The cap at `block`, wad.
    pub fn cap(&self, block: u64) -> u128 {
        let elapsed = block.saturating_sub(self.start_block) as u128
            * crate::units::SECONDS_PER_BLOCK as u128;
        let year = crate::units::SECONDS_PER_YEAR as u128;
        self.start_rate + mul_div(self.start_rate, self.bps_per_year * elapsed, BPS * year)
    }
}

/// Per-market running totals, wei unless named.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MarketTotals {
    /// Liquidation calls, count.
    pub liquidations: u64,
    /// Debt repaid by liquidators.
    pub repaid: u128,
    /// Collateral seized (LRT wei), protocol fee included.
    pub seized: u128,
}

/// The market and its loans.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LendingMarket {
    /// Display name.
    pub name: String,
    /// Index of the collateral LRT in the world.
    pub collateral: usize,
    pub style: crate::scenario::MarketStyle,
    /// ETH supplied and not lent out.
    pub reserve: AccountId,
    /// LRT posted as collateral by all positions.
    pub collateral_account: AccountId,
    /// Protocol's share of liquidation bonuses.
    pub treasury: AccountId,
    pub ltv_bps: u128,
    pub liquidation_threshold_bps: u128,
    pub liquidation_bonus_bps: u128,
    pub close_factor_bps: u128,
    /// HF (wad) at or below which the whole debt may be repaid.
    pub full_close_hf: u128,
    pub protocol_fee_bps: u128,
    pub oracle: OracleKind,
    /// LRT price the market uses this block, wad (ETH per LRT).
    pub oracle_price: u128,
    pub positions: Vec<Position>,
    /// Debt written off, cumulative wei.
    pub bad_debt: u128,
    /// Governance rule, from the scenario.
    pub governance: Option<crate::scenario::LenderGovernanceParams>,
    /// Block at which the governance action takes effect, once decided.
    pub action_at: Option<u64>,
    /// No new borrows (Aave `freeze`).
    pub frozen: bool,
    /// Nothing moves, liquidations included (Aave `pause`).
    pub paused: bool,
    /// A feed fault in progress.
    pub feed_fault: Option<FeedFaultState>,
    /// Exchange-rate growth cap, if any.
    pub rate_cap: Option<RateCap>,
    /// Aave supply cap on the collateral, LRT wei.
    pub supply_cap: Option<u128>,
    /// True if the loans use an E-mode category (its LTV, threshold and bonus are the market's).
    pub emode: bool,
    pub totals: MarketTotals,
    /// Derived data, not state: the open loans ordered for scans near a threshold (see
    /// [`book`]). Cleared by [`LendingMarket::positions_changed`].
    #[serde(skip)]
    pub book: crate::derived::Derived<book::Book>,
}

/// What one liquidation call moves, wei.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Liquidation {
    /// ETH the liquidator repays.
    pub repay: u128,
    /// LRT taken from the position in all.
    pub seized: u128,
    /// Part of `seized` that goes to the protocol treasury.
    pub protocol_fee: u128,
}

impl LendingMarket {
    /// Health factor of `p` at the oracle price, wad; `u128::MAX` without debt.
    pub fn health_factor(&self, p: &Position) -> u128 {
        if p.debt == 0 {
            return u128::MAX;
        }
        let value = mul_div(p.collateral, self.oracle_price, WAD);
        let adjusted = mul_div(value, self.liquidation_threshold_bps, BPS);
        mul_div(adjusted, WAD, p.debt)
    }

    /// The liquidation a liquidator with `capital` wei can make on position `p` now, or `None`
    /// when the position is healthy (`HF >= 1`) or nothing can be repaid.
    /// Amounts follow Aave v3 `_calculateAvailableCollateralToLiquidate`.
    ///
    /// Morpho Blue style: the whole debt may be repaid, seized = repaid * LIF / price with
    /// `LIF = min(1.15, 1 / (1 - 0.3 * (1 - LLTV)))` (morpho-org/morpho-blue `Morpho.liquidate`,
    /// `ConstantsLib`), and no protocol fee.
    pub fn liquidation(&self, p: &Position, capital: u128) -> Option<Liquidation> {
        let hf = self.health_factor(p);
        if hf >= WAD || p.collateral == 0 || self.oracle_price == 0 {
            return None;
        }
        let morpho = self.style == crate::scenario::MarketStyle::MorphoBlue;
        let close = if morpho || hf <= self.full_close_hf {
            BPS
        } else {
            self.close_factor_bps
        };
        let mut repay = mul_div(p.debt, close, BPS).min(capital);
        let incentive = self.incentive_factor();
        let mut seized = mul_div(mul_div(repay, incentive, WAD), WAD, self.oracle_price);
        if seized > p.collateral {
            seized = p.collateral;
            repay = mul_div(mul_div(seized, self.oracle_price, WAD), WAD, incentive);
        }
        if repay == 0 {
            return None;
        }
        let bonus_part = seized - mul_div(seized, WAD, incentive);
        let protocol_fee = if morpho {
            0
        } else {
            mul_div(bonus_part, self.protocol_fee_bps, BPS)
        };
        Some(Liquidation {
            repay,
            seized,
            protocol_fee,
        })
    }

    /// Collateral seized per unit of debt repaid (at the oracle price), wad: `1 + bonus` for
    /// Aave v3, the liquidation incentive factor for Morpho Blue.
    pub fn incentive_factor(&self) -> u128 {
        match self.style {
            crate::scenario::MarketStyle::AaveV3 => WAD + self.liquidation_bonus_bps * WAD / BPS,
            crate::scenario::MarketStyle::MorphoBlue => {
                morpho_incentive_factor(self.liquidation_threshold_bps * WAD / BPS)
            }
        }
    }

    /// The loan book of the open loans (built on first use after a change of the positions).
    pub fn book(&self) -> &book::Book {
        self.book.get_or_init(|| book::Book::build(&self.positions))
    }

    /// Must be called after any change to `positions` (a liquidation): drops the loan book.
    pub fn positions_changed(&mut self) {
        self.book.clear();
    }

    /// Smallest health factor among positions with debt, wad.
    pub fn min_health_factor(&self) -> Option<u128> {
        self.positions
            .iter()
            .filter(|p| p.debt > 0)
            .map(|p| self.health_factor(p))
            .min()
    }
}

/// Morpho Blue's liquidation incentive factor for an LLTV (wad):
/// `min(MAX_LIQUIDATION_INCENTIVE_FACTOR = 1.15, WAD.wDivDown(WAD - LIQUIDATION_CURSOR.wMulDown(WAD - lltv)))`
/// with `LIQUIDATION_CURSOR = 0.3` (morpho-org/morpho-blue `ConstantsLib`, `Morpho.liquidate`).
pub fn morpho_incentive_factor(lltv: u128) -> u128 {
    let cursor = 3 * WAD / 10;
    let denominator = WAD - mul_div(cursor, WAD - lltv.min(WAD), WAD);
    mul_div(WAD, WAD, denominator).min(115 * WAD / 100)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::units::eth;

    pub(crate) fn market(price: u128) -> LendingMarket {
        LendingMarket {
            name: "test market".into(),
            collateral: 0,
            feed_fault: None,
            rate_cap: None,
            supply_cap: None,
            emode: false,
            totals: Default::default(),
            book: Default::default(),
            reserve: AccountId(0),
            collateral_account: AccountId(1),
            treasury: AccountId(2),
            ltv_bps: 7500,
            liquidation_threshold_bps: 7800,
            liquidation_bonus_bps: 750,
            close_factor_bps: 5000,
            full_close_hf: WAD * 95 / 100,
            protocol_fee_bps: 1000,
            oracle: OracleKind::MarketPrice,
            oracle_price: price,
            style: crate::scenario::MarketStyle::AaveV3,
            positions: vec![],
            bad_debt: 0,
            governance: None,
            action_at: None,
            frozen: false,
            paused: false,
        }
    }

    #[test]
    fn health_factor_and_close_factor() {
        // 100 LRT at 1.0, LT 78%, debt 75: HF = 1.04, healthy.
        let m = market(WAD);
        let p = Position {
            owner: AccountId(3),
            collateral: eth(100),
            debt: eth(75),
            liquidations: 0,
        };
        assert_eq!(m.health_factor(&p), WAD * 104 / 100);
        assert!(m.liquidation(&p, eth(1000)).is_none());
        // At 0.95 the HF is 0.988: half the debt may be repaid, with a 7.5% bonus.
        let m = market(WAD * 95 / 100);
        let l = m.liquidation(&p, eth(1000)).unwrap();
        assert_eq!(l.repay, eth(75) / 2);
        let expected_seized = mul_div(mul_div(eth(75) / 2, WAD, WAD * 95 / 100), 10_750, 10_000);
        assert_eq!(l.seized, expected_seized);
        // The protocol takes 10% of the bonus part.
        let bonus_part = l.seized - mul_div(l.seized, 10_000, 10_750);
        assert_eq!(l.protocol_fee, bonus_part / 10);
    }

    #[test]
    fn morpho_incentive_factor_matches_model() {
        // MODEL.md section 8: 1.0438 at LLTV 0.86; 1 / (1 - 0.3 * 0.23) = 1.0741 at 0.77.
        let f = morpho_incentive_factor(86 * WAD / 100);
        assert_eq!(f / 10u128.pow(14), 10_438);
        assert_eq!(
            morpho_incentive_factor(77 * WAD / 100) / 10u128.pow(14),
            10_741
        );
        // Capped at 1.15 for low LLTVs.
        assert_eq!(morpho_incentive_factor(WAD / 10), 115 * WAD / 100);
    }

    #[test]
    fn morpho_repays_everything_without_protocol_fee() {
        let mut m = market(WAD * 95 / 100);
        m.style = crate::scenario::MarketStyle::MorphoBlue;
        m.liquidation_threshold_bps = 8_600;
        let p = Position {
            owner: AccountId(3),
            collateral: eth(100),
            debt: eth(82),
            liquidations: 0,
        };
        // HF = 100 * 0.95 * 0.86 / 82 = 0.996 < 1; the whole debt is repaid at once.
        let l = m.liquidation(&p, eth(1_000)).unwrap();
        assert_eq!(l.repay, eth(82));
        assert_eq!(l.protocol_fee, 0);
        assert_eq!(
            l.seized,
            mul_div(
                mul_div(eth(82), m.incentive_factor(), WAD),
                WAD,
                WAD * 95 / 100
            )
        );
    }

    #[test]
    fn full_close_below_095_and_collateral_cap() {
        // Price 0.8: HF = 100*0.8*0.78/75 = 0.832 <= 0.95, the whole debt is closable, but the
        // collateral (100 LRT = 80 ETH) cannot cover 75 * 1.075 = 80.6 ETH: seize all of it.
        let m = market(WAD * 8 / 10);
        let p = Position {
            owner: AccountId(3),
            collateral: eth(100),
            debt: eth(75),
            liquidations: 0,
        };
        let l = m.liquidation(&p, eth(1000)).unwrap();
        assert_eq!(l.seized, eth(100));
        assert!(l.repay < eth(75));
        assert_eq!(l.repay, mul_div(eth(80), 10_000, 10_750));
    }
}
