//! An Aave v3 style or Morpho Blue lending market: LRT collateral, ETH debt (MODEL.md section 8).
//!
//! The arithmetic is the contracts', rounded as they round ([`math`]):
//!
//! * **Aave v3** (aave/aave-v3-core `contracts/protocol/libraries/logic/GenericLogic.sol`
//!   `calculateUserAccountData`, `LiquidationLogic.sol` `executeLiquidationCall`, `_calculateDebt`,
//!   `_calculateAvailableCollateralToLiquidate`): `HF = wadDiv(percentMul(collateral in base,
//!   LT), debt in base)`, liquidatable when `HF < 1e18`; the close factor is 50% above
//!   `HF = 0.95` and 100% at or below it; the seizure is `percentMul(debt * price_debt /
//!   price_collateral, 1e4 + bonus)`, capped by the collateral (then the debt needed is
//!   `percentDiv(collateral * price_collateral / price_debt, 1e4 + bonus)`), and the protocol
//!   takes `percentMul(seized - percentDiv(seized, 1e4 + bonus), fee)`.
//!   **Price mapping:** the engine's markets are ETH markets, so the oracle's base currency is
//!   ETH with `BASE_CURRENCY_UNIT = 1e18` (`AaveOracle` supports any base; USD markets use 1e8):
//!   the debt asset (WETH) is priced `1e18` and the LRT at the market's wad oracle price, both
//!   assets with 18 decimals. A USD base with 8-decimal prices would truncate every value to
//!   1e-8 ETH before the health factor and give different boundary results.
//! * **Morpho Blue** (morpho-org/morpho-blue `src/Morpho.sol` `liquidate`, `_isHealthy`;
//!   `src/libraries/SharesMathLib.sol`, `MathLib.sol`, `ConstantsLib.sol`): debt is held as
//!   borrow shares with virtual shares; healthy while `wMulDown(mulDivDown(collateral, price,
//!   1e36), LLTV) >= toAssetsUp(borrowShares)`; the oracle price is the wad price times 1e18
//!   (`ORACLE_PRICE_SCALE = 1e36`, both tokens 18 decimals); liquidations by repaid shares or by
//!   seized assets as in `liquidate`, and bad debt is realised when a liquidation leaves a
//!   position with no collateral. No protocol fee.
//!
//! A position left with debt and no collateral is bad debt, written off against the market's
//! suppliers (Aave v3.3 deficit; Morpho Blue).

use serde::{Deserialize, Serialize};

use crate::base::ledger::AccountId;
use crate::base::units::{mul_div, BPS, WAD};
use crate::input::scenario::OracleKind;
use math::mul_div_down;

pub mod book;
pub mod math;

/// The Aave oracle's base currency unit and the price of the debt asset (WETH) in it: the
/// engine's markets are priced in ETH with 18 decimals (module docs).
pub const AAVE_BASE_CURRENCY_UNIT: u128 = WAD;
/// `10^decimals` of both tokens (18 decimals).
pub const ASSET_UNIT: u128 = WAD;
/// Wei less seized tried by a Morpho liquidation by seized assets whose rounded-up shares exceed
/// the position's (or the capital's) shares.
pub const MORPHO_SEIZE_STEPS: u32 = 4;

/// Aave's conversion `price_from * amount * unit_to / (price_to * unit_from)`, rounded down.
/// Both units are [`ASSET_UNIT`], and `floor(k x / (k y)) = floor(x / y)`, so this is
/// `price_from * amount / price_to` (no 256-bit overflow for any `u128` inputs).
fn aave_convert(price_from: u128, amount: u128, price_to: u128) -> u128 {
    mul_div_down(price_from, amount, price_to)
}
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
    /// Morpho Blue borrow shares (0 in Aave markets); `debt` is then
    /// `toAssetsUp(borrow_shares)` at the market's totals.
    #[serde(default)]
    pub borrow_shares: u128,
}

/// A fault of a market's price feed in progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedFaultState {
    pub mode: crate::input::scenario::FeedFault,
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
            * crate::base::units::SECONDS_PER_BLOCK as u128;
        let year = crate::base::units::SECONDS_PER_YEAR as u128;
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
    pub style: crate::input::scenario::MarketStyle,
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
    pub governance: Option<crate::input::scenario::LenderGovernanceParams>,
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
    /// Morpho Blue `totalBorrowAssets`, wei (0 in Aave markets).
    #[serde(default)]
    pub total_borrow_assets: u128,
    /// Morpho Blue `totalBorrowShares` (0 in Aave markets).
    #[serde(default)]
    pub total_borrow_shares: u128,
    /// Derived data, not state: the open loans ordered for scans near a threshold (see
    /// [`book`]). Cleared by [`LendingMarket::positions_changed`].
    #[serde(skip)]
    pub book: crate::base::derived::Derived<book::Book>,
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
    /// Morpho Blue borrow shares repaid (0 in Aave markets).
    pub repaid_shares: u128,
}

impl LendingMarket {
    /// Health factor of `p` at the oracle price, wad; `u128::MAX` without debt. Aave v3:
    /// `GenericLogic.calculateUserAccountData`; Morpho Blue: `maxBorrow.wDivDown(borrowed)`
    /// with `_isHealthy`'s two sides, so `HF < 1e18` exactly when Morpho calls the position
    /// unhealthy.
    pub fn health_factor(&self, p: &Position) -> u128 {
        if p.debt == 0 {
            return u128::MAX;
        }
        match self.style {
            crate::input::scenario::MarketStyle::AaveV3 => self.aave_health_factor(p),
            crate::input::scenario::MarketStyle::MorphoBlue => {
                let borrowed = self.morpho_borrowed(p);
                if borrowed == 0 {
                    return u128::MAX;
                }
                let collateral_quoted = mul_div_down(p.collateral, self.oracle_price, WAD);
                let max_borrow = math::w_mul_down(collateral_quoted, self.lltv());
                math::w_div_down(max_borrow, borrowed)
            }
        }
    }

    /// Aave v3 health factor: `wadDiv(percentMul(collateral in base, LT), debt in base)` with
    /// `value in base = price * amount / 10^decimals` (rounded down) and the ETH base currency
    /// of the module docs (WETH priced [`AAVE_BASE_CURRENCY_UNIT`]).
    fn aave_health_factor(&self, p: &Position) -> u128 {
        let collateral_base = mul_div_down(self.oracle_price, p.collateral, ASSET_UNIT);
        let debt_base = mul_div_down(AAVE_BASE_CURRENCY_UNIT, p.debt, ASSET_UNIT);
        // avgLiquidationThreshold = sum(value * LT) / sum(value): LT itself for one collateral,
        // 0 when the collateral is worth nothing.
        let lt = if collateral_base == 0 {
            0
        } else {
            self.liquidation_threshold_bps
        };
        math::wad_div(math::percent_mul(collateral_base, lt), debt_base)
    }

    /// Morpho Blue LLTV, wad.
    fn lltv(&self) -> u128 {
        self.liquidation_threshold_bps * (WAD / BPS)
    }

    /// Morpho Blue `borrowShares.toAssetsUp(totalBorrowAssets, totalBorrowShares)`, wei.
    fn morpho_borrowed(&self, p: &Position) -> u128 {
        math::to_assets_up(
            p.borrow_shares,
            self.total_borrow_assets,
            self.total_borrow_shares,
        )
    }

    /// The liquidation a liquidator with `capital` wei can make on position `p` now, or `None`
    /// when the position is healthy (`HF >= 1`) or nothing can be repaid. Aave v3:
    /// `_calculateDebt` then `_calculateAvailableCollateralToLiquidate` with `debtToCover =
    /// capital`; Morpho Blue: `liquidate` repaying every borrow share the capital covers, or
    /// seizing all the collateral when that is less (see [`Self::morpho_liquidation`]).
    pub fn liquidation(&self, p: &Position, capital: u128) -> Option<Liquidation> {
        let hf = self.health_factor(p);
        if hf >= WAD || p.collateral == 0 || self.oracle_price == 0 {
            return None;
        }
        let l = match self.style {
            crate::input::scenario::MarketStyle::AaveV3 => self.aave_liquidation(p, hf, capital),
            crate::input::scenario::MarketStyle::MorphoBlue => {
                self.morpho_liquidation(p, capital)?
            }
        };
        (l.repay > 0).then_some(l)
    }

    /// Aave v3 `LiquidationLogic._calculateDebt` and `_calculateAvailableCollateralToLiquidate`,
    /// operation for operation (debt priced [`AAVE_BASE_CURRENCY_UNIT`], both units 1e18).
    fn aave_liquidation(&self, p: &Position, hf: u128, debt_to_cover: u128) -> Liquidation {
        let close_factor = if hf > self.full_close_hf {
            self.close_factor_bps
        } else {
            BPS
        };
        let debt_to_cover = math::percent_mul(p.debt, close_factor).min(debt_to_cover);
        let bonus = BPS + self.liquidation_bonus_bps;
        let (collateral_price, debt_price) = (self.oracle_price, AAVE_BASE_CURRENCY_UNIT);
        // baseCollateral = debtPrice * debtToCover * collateralUnit / (collateralPrice * debtUnit)
        let base_collateral = aave_convert(debt_price, debt_to_cover, collateral_price);
        let max_collateral = math::percent_mul(base_collateral, bonus);
        let (seized, repay) = if max_collateral > p.collateral {
            let value = aave_convert(collateral_price, p.collateral, debt_price);
            (p.collateral, math::percent_div(value, bonus))
        } else {
            (max_collateral, debt_to_cover)
        };
        let protocol_fee = if self.protocol_fee_bps == 0 {
            0
        } else {
            let bonus_collateral = seized - math::percent_div(seized, bonus);
            math::percent_mul(bonus_collateral, self.protocol_fee_bps)
        };
        Liquidation {
            repay,
            seized,
            protocol_fee,
            repaid_shares: 0,
        }
    }

    /// Morpho Blue `liquidate` for an unhealthy position: the repaid shares are all of the
    /// position's shares, or `toSharesDown(capital)` (less one share at a time until
    /// `toAssetsUp` fits the capital); the seizure `toAssetsDown(shares).wMulDown(LIF)
    /// .mulDivDown(1e36, price)`. When that exceeds the collateral the call is made by seized
    /// assets instead: `seized = collateral`, `repaidShares = mulDivUp(seized, price, 1e36)
    /// .wDivUp(LIF).toSharesUp()` (one wei less seized at a time, at most a few, if rounding up
    /// asks for more shares than allowed). `repay = toAssetsUp(repaidShares)`.
    fn morpho_liquidation(&self, p: &Position, capital: u128) -> Option<Liquidation> {
        let (ta, ts) = (self.total_borrow_assets, self.total_borrow_shares);
        let lif = self.incentive_factor();
        let mut limit = p.borrow_shares;
        if math::to_assets_up(limit, ta, ts) > capital {
            limit = math::to_shares_down(capital, ta, ts).min(limit);
            while limit > 0 && math::to_assets_up(limit, ta, ts) > capital {
                limit -= 1;
            }
        }
        let seized_for = |shares: u128| {
            let assets = math::w_mul_down(math::to_assets_down(shares, ta, ts), lif);
            mul_div_down(assets, WAD, self.oracle_price)
        };
        let shares_for = |seized: u128| {
            let quoted = math::mul_div_up(seized, self.oracle_price, WAD);
            math::to_shares_up(math::w_div_up(quoted, lif), ta, ts)
        };
        let (mut seized, mut shares) = (seized_for(limit), limit);
        if seized > p.collateral {
            seized = p.collateral;
            shares = shares_for(seized);
            for _ in 0..MORPHO_SEIZE_STEPS {
                if shares <= limit {
                    break;
                }
                seized -= 1;
                shares = shares_for(seized);
            }
            if shares > limit {
                return None;
            }
        }
        Some(Liquidation {
            repay: math::to_assets_up(shares, ta, ts),
            seized,
            protocol_fee: 0,
            repaid_shares: shares,
        })
    }

    /// Applies liquidation `l` (from [`Self::liquidation`]) to position `i`: debt, shares and
    /// collateral fall; a position left without collateral has its remaining debt realised as
    /// bad debt (Aave v3.3 deficit; Morpho Blue `liquidate`: `min(totalBorrowAssets,
    /// toAssetsUp(borrowShares))`, taken from the totals). Returns the bad debt realised, wei
    /// (also added to [`LendingMarket::bad_debt`]). Tokens move in the caller, through the
    /// ledger.
    pub fn apply_liquidation(&mut self, i: usize, l: &Liquidation) -> u128 {
        self.positions_changed();
        let morpho = self.style == crate::input::scenario::MarketStyle::MorphoBlue;
        let p = &mut self.positions[i];
        p.collateral -= l.seized;
        p.liquidations += 1;
        let mut bad = 0;
        if morpho {
            p.borrow_shares -= l.repaid_shares;
            self.total_borrow_shares -= l.repaid_shares;
            self.total_borrow_assets = self.total_borrow_assets.saturating_sub(l.repay);
            if p.collateral == 0 {
                let (ta, ts) = (self.total_borrow_assets, self.total_borrow_shares);
                bad = math::to_assets_up(p.borrow_shares, ta, ts).min(ta);
                self.total_borrow_assets -= bad;
                self.total_borrow_shares -= p.borrow_shares;
                p.borrow_shares = 0;
            }
            self.refresh_morpho_debts();
        } else {
            p.debt -= l.repay;
            if p.collateral == 0 {
                bad = p.debt;
                p.debt = 0;
            }
        }
        self.bad_debt += bad;
        bad
    }

    /// Opens a loan: Aave records the debt; Morpho Blue `borrow` mints
    /// `toSharesUp(debt)` borrow shares and adds the debt to the totals.
    pub fn open_loan(&mut self, owner: AccountId, collateral: u128, debt: u128) {
        let mut p = Position {
            owner,
            collateral,
            debt,
            liquidations: 0,
            borrow_shares: 0,
        };
        if self.style == crate::input::scenario::MarketStyle::MorphoBlue {
            let (ta, ts) = (self.total_borrow_assets, self.total_borrow_shares);
            p.borrow_shares = math::to_shares_up(debt, ta, ts);
            self.total_borrow_assets += debt;
            self.total_borrow_shares += p.borrow_shares;
        }
        self.positions.push(p);
        if self.style == crate::input::scenario::MarketStyle::MorphoBlue {
            self.refresh_morpho_debts();
        }
        self.positions_changed();
    }

    /// Sets every Morpho position's `debt` to `toAssetsUp(borrowShares)` at the current totals
    /// (the share price moves by rounding when a liquidation repays or writes off debt).
    fn refresh_morpho_debts(&mut self) {
        let (ta, ts) = (self.total_borrow_assets, self.total_borrow_shares);
        for p in &mut self.positions {
            p.debt = math::to_assets_up(p.borrow_shares, ta, ts);
        }
    }

    /// Collateral seized per unit of debt repaid (at the oracle price), wad: `1 + bonus` for
    /// Aave v3, the liquidation incentive factor for Morpho Blue.
    pub fn incentive_factor(&self) -> u128 {
        match self.style {
            crate::input::scenario::MarketStyle::AaveV3 => {
                WAD + self.liquidation_bonus_bps * WAD / BPS
            }
            crate::input::scenario::MarketStyle::MorphoBlue => {
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
    use crate::base::units::eth;

    /// A random loan book for the book and solvency tests: `n` loans, most with the same
    /// collateral (as loopers start), debts from `low_pct`% to 110% of the collateral, and some
    /// tiny or empty loans.
    pub(crate) fn random_loans(
        rng: &mut rand_chacha::ChaCha8Rng,
        n: u32,
        low_pct: u128,
    ) -> Vec<Position> {
        use rand::Rng;
        let c = rng.random_range(1..100u128) * WAD;
        (0..n)
            .map(|i| {
                let collateral = match rng.random_range(0..10) {
                    0 => rng.random_range(0..1_000_000u128),
                    1..=3 => rng.random_range(1..1_000u128) * WAD / 7,
                    _ => c,
                };
                let debt = match rng.random_range(0..8) {
                    0 => 0,
                    1 => rng.random_range(1..1_000u128),
                    _ => collateral * rng.random_range(low_pct..110u128) / 100,
                };
                Position {
                    owner: AccountId(i),
                    collateral,
                    debt,
                    liquidations: 0,
                    borrow_shares: 0,
                }
            })
            .collect()
    }

    pub(crate) fn market(price: u128) -> LendingMarket {
        LendingMarket {
            name: "test market".into(),
            collateral: 0,
            feed_fault: None,
            rate_cap: None,
            supply_cap: None,
            emode: false,
            totals: Default::default(),
            total_borrow_assets: 0,
            total_borrow_shares: 0,
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
            style: crate::input::scenario::MarketStyle::AaveV3,
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
            borrow_shares: 0,
        };
        assert_eq!(m.health_factor(&p), WAD * 104 / 100);
        assert!(m.liquidation(&p, eth(1000)).is_none());
        // At 0.95 the HF is 0.988: half the debt may be repaid, with a 7.5% bonus.
        let m = market(WAD * 95 / 100);
        let l = m.liquidation(&p, eth(1000)).unwrap();
        assert_eq!(l.repay, eth(75) / 2);
        let base = mul_div(eth(75) / 2, WAD, WAD * 95 / 100);
        assert_eq!(l.seized, math::percent_mul(base, 10_750));
        // The protocol takes 10% of the bonus part.
        let bonus_part = l.seized - math::percent_div(l.seized, 10_750);
        assert_eq!(l.protocol_fee, math::percent_mul(bonus_part, 1_000));
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
        m.style = crate::input::scenario::MarketStyle::MorphoBlue;
        m.liquidation_threshold_bps = 8_600;
        m.open_loan(AccountId(3), eth(100), eth(82));
        let p = m.positions[0].clone();
        // One loan in an empty market: 1e6 shares per wei, debt unchanged.
        assert_eq!(p.borrow_shares, eth(82) * math::VIRTUAL_SHARES);
        assert_eq!(p.debt, eth(82));
        // HF = 100 * 0.95 * 0.86 / 82 = 0.996 < 1; the whole debt is repaid at once.
        let l = m.liquidation(&p, eth(1_000)).unwrap();
        assert_eq!(l.repay, eth(82));
        assert_eq!(l.repaid_shares, p.borrow_shares);
        assert_eq!(l.protocol_fee, 0);
        let assets = math::to_assets_down(p.borrow_shares, eth(82), p.borrow_shares);
        let seized = mul_div(
            math::w_mul_down(assets, m.incentive_factor()),
            WAD,
            WAD * 95 / 100,
        );
        assert_eq!(l.seized, seized);
        assert_eq!(m.apply_liquidation(0, &l), 0);
        assert_eq!((m.total_borrow_assets, m.total_borrow_shares), (0, 0));
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
            borrow_shares: 0,
        };
        let l = m.liquidation(&p, eth(1000)).unwrap();
        assert_eq!(l.seized, eth(100));
        assert!(l.repay < eth(75));
        assert_eq!(l.repay, math::percent_div(eth(80), 10_750));
    }
}
