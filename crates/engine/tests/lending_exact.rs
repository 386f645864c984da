//! Aave v3 and Morpho Blue liquidation arithmetic to the wei, against an independent
//! transcription of the contracts written here straight from the Solidity (it calls none of the
//! engine's lending functions):
//!
//! * aave/aave-v3-core `contracts/protocol/libraries/math/WadRayMath.sol` (`wadDiv`),
//!   `PercentageMath.sol` (`percentMul`, `percentDiv`), `logic/GenericLogic.sol`
//!   (`calculateUserAccountData`, `_getUserBalanceInBaseCurrency`, `_getUserDebtInBaseCurrency`),
//!   `logic/LiquidationLogic.sol` (`_calculateDebt`, `_calculateAvailableCollateralToLiquidate`),
//!   `logic/ValidationLogic.sol` (`HEALTH_FACTOR_LIQUIDATION_THRESHOLD`).
//! * morpho-org/morpho-blue `src/libraries/MathLib.sol`, `SharesMathLib.sol`,
//!   `ConstantsLib.sol`, `src/Morpho.sol` (`_isHealthy`, `liquidate`).
//!
//! Prices: the Aave oracle's base currency is ETH with unit 1e18 (WETH priced 1e18, the LRT at
//! the market's wad price); Morpho's oracle price is the wad price times 1e18
//! (`ORACLE_PRICE_SCALE = 1e36`). Both tokens have 18 decimals.

use ethnum::U256;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use restake_engine::ledger::AccountId;
use restake_engine::lending::LendingMarket;
use restake_engine::presets;
use restake_engine::scenario::MarketStyle;
use restake_engine::world::World;

fn u(x: u128) -> U256 {
    U256::from(x)
}

fn back(x: U256) -> u128 {
    u128::try_from(x).expect("fits")
}

/// aave-v3-core, transcribed.
mod aave {
    use super::*;

    pub const WAD: u128 = 1_000_000_000_000_000_000;
    pub const HALF_WAD: u128 = WAD / 2;
    pub const PERCENTAGE_FACTOR: u128 = 10_000;
    pub const HALF_PERCENTAGE_FACTOR: u128 = 5_000;
    pub const DEFAULT_LIQUIDATION_CLOSE_FACTOR: u128 = 5_000;
    pub const MAX_LIQUIDATION_CLOSE_FACTOR: u128 = 10_000;
    pub const CLOSE_FACTOR_HF_THRESHOLD: u128 = 950_000_000_000_000_000;
    pub const HEALTH_FACTOR_LIQUIDATION_THRESHOLD: u128 = WAD;
    /// WETH's price in an ETH-based oracle (`BASE_CURRENCY_UNIT`).
    pub const DEBT_ASSET_PRICE: u128 = WAD;
    pub const ASSET_UNIT: u128 = WAD;

    // c := div(add(mul(a, b), HALF_WAD), WAD) -- not used by the health factor, kept for the
    // reader: the health factor uses wadDiv only.
    #[allow(dead_code)]
    pub fn wad_mul(a: u128, b: u128) -> u128 {
        back((u(a) * u(b) + u(HALF_WAD)) / u(WAD))
    }
    // c := div(add(mul(a, WAD), div(b, 2)), b)
    pub fn wad_div(a: u128, b: u128) -> u128 {
        back((u(a) * u(WAD) + u(b / 2)) / u(b))
    }
    // result := div(add(mul(value, percentage), HALF_PERCENTAGE_FACTOR), PERCENTAGE_FACTOR)
    pub fn percent_mul(value: u128, percentage: u128) -> u128 {
        back((u(value) * u(percentage) + u(HALF_PERCENTAGE_FACTOR)) / u(PERCENTAGE_FACTOR))
    }
    // result := div(add(mul(value, PERCENTAGE_FACTOR), div(percentage, 2)), percentage)
    pub fn percent_div(value: u128, percentage: u128) -> u128 {
        back((u(value) * u(PERCENTAGE_FACTOR) + u(percentage / 2)) / u(percentage))
    }

    /// One reserve pair: LRT collateral, WETH debt.
    pub struct Reserve {
        pub collateral_price: u128,
        pub liquidation_threshold: u128,
        /// e.g. 10_750 for a 7.5% bonus.
        pub liquidation_bonus: u128,
        pub liquidation_protocol_fee: u128,
    }

    /// `GenericLogic.calculateUserAccountData`'s health factor for one collateral, one debt.
    pub fn health_factor(r: &Reserve, collateral: u128, debt: u128) -> u128 {
        // _getUserBalanceInBaseCurrency: (assetPrice * balance) / assetUnit
        let total_collateral = back(u(r.collateral_price) * u(collateral) / u(ASSET_UNIT));
        // _getUserDebtInBaseCurrency: (assetPrice * userTotalDebt) / assetUnit
        let total_debt = back(u(DEBT_ASSET_PRICE) * u(debt) / u(ASSET_UNIT));
        let avg_lt = if total_collateral != 0 {
            back(u(total_collateral) * u(r.liquidation_threshold) / u(total_collateral))
        } else {
            0
        };
        if total_debt == 0 {
            u128::MAX
        } else {
            wad_div(percent_mul(total_collateral, avg_lt), total_debt)
        }
    }

    /// `executeLiquidationCall`'s amounts: `(collateral to the liquidator, debt repaid,
    /// protocol fee)`, or `None` where `validateLiquidationCall` reverts on a healthy position.
    pub fn liquidation(
        r: &Reserve,
        collateral: u128,
        debt: u128,
        debt_to_cover: u128,
    ) -> Option<(u128, u128, u128)> {
        let hf = health_factor(r, collateral, debt);
        if hf >= HEALTH_FACTOR_LIQUIDATION_THRESHOLD {
            return None;
        }
        // _calculateDebt
        let close_factor = if hf > CLOSE_FACTOR_HF_THRESHOLD {
            DEFAULT_LIQUIDATION_CLOSE_FACTOR
        } else {
            MAX_LIQUIDATION_CLOSE_FACTOR
        };
        let max_liquidatable_debt = percent_mul(debt, close_factor);
        let actual_debt_to_liquidate = debt_to_cover.min(max_liquidatable_debt);
        // _calculateAvailableCollateralToLiquidate
        let collateral_price = r.collateral_price;
        let debt_asset_price = DEBT_ASSET_PRICE;
        let base_collateral = back(
            (u(debt_asset_price) * u(actual_debt_to_liquidate) * u(ASSET_UNIT))
                / (u(collateral_price) * u(ASSET_UNIT)),
        );
        let max_collateral_to_liquidate = percent_mul(base_collateral, r.liquidation_bonus);
        let (collateral_amount, debt_amount_needed) = if max_collateral_to_liquidate > collateral {
            let v = back(
                (u(collateral_price) * u(collateral) * u(ASSET_UNIT))
                    / (u(debt_asset_price) * u(ASSET_UNIT)),
            );
            (collateral, percent_div(v, r.liquidation_bonus))
        } else {
            (max_collateral_to_liquidate, actual_debt_to_liquidate)
        };
        if r.liquidation_protocol_fee != 0 {
            let bonus_collateral =
                collateral_amount - percent_div(collateral_amount, r.liquidation_bonus);
            let fee = percent_mul(bonus_collateral, r.liquidation_protocol_fee);
            Some((collateral_amount - fee, debt_amount_needed, fee))
        } else {
            Some((collateral_amount, debt_amount_needed, 0))
        }
    }
}

/// morpho-blue, transcribed.
mod morpho {
    use super::*;

    pub const WAD: u128 = 1_000_000_000_000_000_000;
    pub const VIRTUAL_SHARES: u128 = 1_000_000;
    pub const VIRTUAL_ASSETS: u128 = 1;
    pub const LIQUIDATION_CURSOR: u128 = 300_000_000_000_000_000;
    pub const MAX_LIQUIDATION_INCENTIVE_FACTOR: u128 = 1_150_000_000_000_000_000;

    fn oracle_price_scale() -> U256 {
        u(WAD) * u(WAD)
    }
    pub fn mul_div_down(x: U256, y: U256, d: U256) -> U256 {
        (x * y) / d
    }
    pub fn mul_div_up(x: U256, y: U256, d: U256) -> U256 {
        (x * y + (d - 1)) / d
    }
    pub fn w_mul_down(x: U256, y: U256) -> U256 {
        mul_div_down(x, y, u(WAD))
    }
    pub fn w_div_down(x: U256, y: U256) -> U256 {
        mul_div_down(x, u(WAD), y)
    }
    pub fn w_div_up(x: U256, y: U256) -> U256 {
        mul_div_up(x, u(WAD), y)
    }
    pub fn to_shares_up(assets: U256, ta: u128, ts: u128) -> U256 {
        mul_div_up(assets, u(ts) + VIRTUAL_SHARES, u(ta) + VIRTUAL_ASSETS)
    }
    pub fn to_assets_down(shares: U256, ta: u128, ts: u128) -> U256 {
        mul_div_down(shares, u(ta) + VIRTUAL_ASSETS, u(ts) + VIRTUAL_SHARES)
    }
    pub fn to_assets_up(shares: U256, ta: u128, ts: u128) -> U256 {
        mul_div_up(shares, u(ta) + VIRTUAL_ASSETS, u(ts) + VIRTUAL_SHARES)
    }

    #[derive(Clone, Debug, PartialEq)]
    pub struct Market {
        pub total_borrow_assets: u128,
        pub total_borrow_shares: u128,
        pub total_supply_assets: u128,
        pub lltv: u128,
        /// `IOracle.price()`, scaled by 1e36.
        pub price: U256,
    }

    #[derive(Clone, Debug, PartialEq)]
    pub struct Position {
        pub borrow_shares: u128,
        pub collateral: u128,
    }

    pub fn liquidation_incentive_factor(lltv: u128) -> U256 {
        let f = w_div_down(
            u(WAD),
            u(WAD) - w_mul_down(u(LIQUIDATION_CURSOR), u(WAD) - lltv),
        );
        f.min(u(MAX_LIQUIDATION_INCENTIVE_FACTOR))
    }

    /// `_isHealthy(marketParams, id, borrower, collateralPrice)`.
    pub fn is_healthy(m: &Market, p: &Position) -> bool {
        let borrowed = to_assets_up(
            u(p.borrow_shares),
            m.total_borrow_assets,
            m.total_borrow_shares,
        );
        let max_borrow = w_mul_down(
            mul_div_down(u(p.collateral), m.price, oracle_price_scale()),
            u(m.lltv),
        );
        max_borrow >= borrowed
    }

    /// The quoting block of `liquidate`: `(seizedAssets, repaidShares, repaidAssets)` for
    /// one of the two inputs (the other zero).
    pub fn quote(m: &Market, seized_assets: u128, repaid_shares: u128) -> (u128, u128, u128) {
        assert!(
            (seized_assets == 0) != (repaid_shares == 0),
            "INCONSISTENT_INPUT"
        );
        let lif = liquidation_incentive_factor(m.lltv);
        let (mut seized, mut repaid_shares) = (u(seized_assets), u(repaid_shares));
        if seized > 0 {
            let quoted = mul_div_up(seized, m.price, oracle_price_scale());
            repaid_shares = to_shares_up(
                w_div_up(quoted, lif),
                m.total_borrow_assets,
                m.total_borrow_shares,
            );
        } else {
            seized = mul_div_down(
                w_mul_down(
                    to_assets_down(repaid_shares, m.total_borrow_assets, m.total_borrow_shares),
                    lif,
                ),
                oracle_price_scale(),
                m.price,
            );
        }
        let repaid_assets = back(to_assets_up(
            repaid_shares,
            m.total_borrow_assets,
            m.total_borrow_shares,
        ));
        (back(seized), back(repaid_shares), repaid_assets)
    }

    /// `liquidate(marketParams, borrower, seizedAssets, repaidShares, data)`: returns
    /// `(seizedAssets, repaidAssets, repaidShares, badDebtAssets)` and updates `m` and `p`, or
    /// `None` where the contract reverts (healthy position, underflow).
    pub fn liquidate(
        m: &mut Market,
        p: &mut Position,
        seized_assets: u128,
        repaid_shares: u128,
    ) -> Option<(u128, u128, u128, u128)> {
        if is_healthy(m, p) {
            return None;
        }
        let (seized, repaid_shares, repaid_assets) = quote(m, seized_assets, repaid_shares);
        p.borrow_shares = p.borrow_shares.checked_sub(repaid_shares)?;
        m.total_borrow_shares = m.total_borrow_shares.checked_sub(repaid_shares)?;
        m.total_borrow_assets = m.total_borrow_assets.saturating_sub(repaid_assets);
        p.collateral = p.collateral.checked_sub(seized)?;
        let mut bad_debt_assets = 0;
        if p.collateral == 0 {
            let bad_debt_shares = p.borrow_shares;
            bad_debt_assets = m.total_borrow_assets.min(back(to_assets_up(
                u(bad_debt_shares),
                m.total_borrow_assets,
                m.total_borrow_shares,
            )));
            m.total_borrow_assets -= bad_debt_assets;
            m.total_supply_assets -= bad_debt_assets;
            m.total_borrow_shares -= bad_debt_shares;
            p.borrow_shares = 0;
        }
        Some((seized, repaid_assets, repaid_shares, bad_debt_assets))
    }
}

/// A market of the engine with the given style and parameters and no loans.
fn engine_market(
    style: MarketStyle,
    price: u128,
    lt_bps: u128,
    bonus_bps: u128,
    fee_bps: u128,
) -> LendingMarket {
    let s = presets::get("oracle-cascade").unwrap();
    let w = World::build(&s, 1).unwrap();
    let mut m = w.markets[0].clone();
    m.style = style;
    m.oracle_price = price;
    m.liquidation_threshold_bps = lt_bps;
    m.ltv_bps = lt_bps;
    m.liquidation_bonus_bps = bonus_bps;
    m.protocol_fee_bps = fee_bps;
    m.close_factor_bps = 5_000;
    m.full_close_hf = aave::CLOSE_FACTOR_HF_THRESHOLD;
    m.positions.clear();
    m.total_borrow_assets = 0;
    m.total_borrow_shares = 0;
    m.positions_changed();
    m
}

fn aave_market(
    price: u128,
    lt_bps: u128,
    bonus_bps: u128,
    fee_bps: u128,
) -> (LendingMarket, aave::Reserve) {
    let m = engine_market(MarketStyle::AaveV3, price, lt_bps, bonus_bps, fee_bps);
    let r = aave::Reserve {
        collateral_price: price,
        liquidation_threshold: lt_bps,
        liquidation_bonus: 10_000 + bonus_bps,
        liquidation_protocol_fee: fee_bps,
    };
    (m, r)
}

/// Checks one Aave position: health factor and the liquidation with `capital` equal the
/// transcription to the wei. Returns whether it was liquidatable.
fn check_aave(
    m: &mut LendingMarket,
    r: &aave::Reserve,
    collateral: u128,
    debt: u128,
    capital: u128,
) -> bool {
    m.positions.clear();
    m.positions_changed();
    m.open_loan(AccountId(9), collateral, debt);
    let p = m.positions[0].clone();
    let ctx = format!(
        "collateral {collateral} debt {debt} capital {capital} price {}",
        r.collateral_price
    );
    assert_eq!(
        m.health_factor(&p),
        aave::health_factor(r, collateral, debt),
        "HF, {ctx}"
    );
    let theirs = aave::liquidation(r, collateral, debt, capital).filter(|t| t.1 > 0);
    let ours = m
        .liquidation(&p, capital)
        .map(|l| (l.seized - l.protocol_fee, l.repay, l.protocol_fee));
    assert_eq!(ours, theirs, "liquidation, {ctx}");
    ours.is_some()
}

#[test]
fn aave_boundary_at_health_factor_one() {
    // Collateral 100e18 at 1.0, LT 80%, debt 80e18 + 1: Aave's HF rounds half up to exactly
    // 1e18, so the position is not liquidatable (a floor would give 1e18 - 1 and liquidate 40).
    let (mut m, r) = aave_market(aave::WAD, 8_000, 500, 1_000);
    let debt = 80 * aave::WAD + 1;
    assert_eq!(aave::health_factor(&r, 100 * aave::WAD, debt), aave::WAD);
    m.open_loan(AccountId(9), 100 * aave::WAD, debt);
    assert_eq!(m.health_factor(&m.positions[0]), aave::WAD);
    assert!(m.liquidation(&m.positions[0], u128::MAX / 4).is_none());
    assert!(!check_aave(
        &mut m,
        &r,
        100 * aave::WAD,
        debt,
        1_000 * aave::WAD
    ));
    // Half up: the health factor stays 1e18 up to debt 80e18 + 40; from 80e18 + 41 it is
    // 1e18 - 1 and the position is liquidatable, with the 50% close factor.
    assert!(!check_aave(
        &mut m,
        &r,
        100 * aave::WAD,
        80 * aave::WAD + 40,
        1_000 * aave::WAD
    ));
    assert!(check_aave(
        &mut m,
        &r,
        100 * aave::WAD,
        80 * aave::WAD + 41,
        1_000 * aave::WAD
    ));
}

#[test]
fn aave_boundary_at_close_factor_threshold() {
    // Debt 84,210,526,315,789,473,634 wei: Aave's HF is 0.95e18 + 1, above
    // CLOSE_FACTOR_HF_THRESHOLD, so only 50% of the debt may be repaid.
    let (mut m, r) = aave_market(aave::WAD, 8_000, 500, 1_000);
    let debt = 84_210_526_315_789_473_634;
    assert_eq!(
        aave::health_factor(&r, 100 * aave::WAD, debt),
        aave::CLOSE_FACTOR_HF_THRESHOLD + 1
    );
    m.open_loan(AccountId(9), 100 * aave::WAD, debt);
    assert_eq!(
        m.health_factor(&m.positions[0]),
        aave::CLOSE_FACTOR_HF_THRESHOLD + 1
    );
    let l = m.liquidation(&m.positions[0], u128::MAX / 4).unwrap();
    assert_eq!(l.repay, aave::percent_mul(debt, 5_000));
    assert_eq!(l.repay, 42_105_263_157_894_736_817);
    check_aave(&mut m, &r, 100 * aave::WAD, debt, u128::MAX / 4);
}

#[test]
fn aave_reference_vectors() {
    // Hand-checked against the formulas: 100 LRT at 0.95, LT 78%, bonus 7.5%, fee 10%, debt 75.
    let (mut m, r) = aave_market(950_000_000_000_000_000, 7_800, 750, 1_000);
    m.open_loan(AccountId(9), 100 * aave::WAD, 75 * aave::WAD);
    let l = m.liquidation(&m.positions[0], 1_000 * aave::WAD).unwrap();
    // HF = wadDiv(percentMul(95e18, 7800), 75e18) = 74.1 / 75 = 0.988: 50% close factor.
    assert_eq!(m.health_factor(&m.positions[0]), 988_000_000_000_000_000);
    assert_eq!(l.repay, 37_500_000_000_000_000_000);
    // baseCollateral = 37.5e18 * 1e18 / 0.95e18 = 39,473,684,210,526,315,789;
    // percentMul(., 10750) = 42,434,210,526,315,789,473.175 -> ...473.
    assert_eq!(l.seized, 42_434_210_526_315_789_473);
    // bonus = seized - percentDiv(seized, 10750) = 42,434,...,473 - 39,473,684,210,526,315,789
    //       = 2,960,526,315,789,473,684; fee = percentMul(bonus, 1000) = 296,052,631,578,947,368.4 -> ...368.
    assert_eq!(l.protocol_fee, 296_052_631_578_947_368);
    assert!(check_aave(
        &mut m,
        &r,
        100 * aave::WAD,
        75 * aave::WAD,
        1_000 * aave::WAD
    ));
    // Collateral cap: price 0.8, HF 0.832 <= 0.95, the whole debt closable but 100 LRT = 80 ETH
    // only covers percentDiv(80e18, 10750) = 74,418,604,651,162,790,698 of it.
    let (mut m, r) = aave_market(800_000_000_000_000_000, 7_800, 750, 1_000);
    m.open_loan(AccountId(9), 100 * aave::WAD, 75 * aave::WAD);
    let l = m.liquidation(&m.positions[0], 1_000 * aave::WAD).unwrap();
    assert_eq!(
        (l.seized, l.repay),
        (100 * aave::WAD, 74_418_604_651_162_790_698)
    );
    assert!(check_aave(
        &mut m,
        &r,
        100 * aave::WAD,
        75 * aave::WAD,
        1_000 * aave::WAD
    ));
}

/// 2,500 random positions at health factors 0.80-1.02 (plus random wei noise), random prices,
/// thresholds, bonuses, fees and capital: the engine equals the transcription exactly.
#[test]
fn aave_equals_transcription_over_random_positions() {
    let mut rng = ChaCha8Rng::seed_from_u64(14);
    let mut liquidatable = 0;
    for _ in 0..2_500 {
        let price = rng.random_range(300_000_000_000_000_000u128..1_500_000_000_000_000_000);
        let lt = rng.random_range(5_000u128..9_600);
        let bonus = rng.random_range(0u128..1_500);
        let fee = [0, 1_000, rng.random_range(0u128..5_000)][rng.random_range(0..3)];
        let collateral = rng.random_range(1_000_000_000_000u128..10u128.pow(25));
        let hf_target = rng.random_range(800_000u128..1_020_000); // millionths
        let value = collateral / 1_000_000 * (price / 1_000_000) / 1_000_000 * lt / 10_000;
        let debt = (value * 1_000_000 / hf_target).max(1) + rng.random_range(0..3);
        let capital = match rng.random_range(0..3) {
            0 => u128::MAX / 4,
            1 => rng.random_range(1..debt),
            _ => debt / 2,
        };
        let (mut m, r) = aave_market(price, lt, bonus, fee);
        liquidatable += u32::from(check_aave(&mut m, &r, collateral, debt, capital));
    }
    assert!(liquidatable > 1_500, "{liquidatable} of 2,500 liquidatable");
}

/// The engine's Morpho market mirrored as the transcription's market and position `i`.
fn mirror(m: &LendingMarket, i: usize) -> (morpho::Market, morpho::Position) {
    let mm = morpho::Market {
        total_borrow_assets: m.total_borrow_assets,
        total_borrow_shares: m.total_borrow_shares,
        total_supply_assets: u128::MAX / 2,
        lltv: m.liquidation_threshold_bps * 100_000_000_000_000,
        price: u(m.oracle_price) * u(morpho::WAD),
    };
    let p = &m.positions[i];
    (
        mm,
        morpho::Position {
            borrow_shares: p.borrow_shares,
            collateral: p.collateral,
        },
    )
}

/// The most shares whose `toAssetsUp` fits `capital`, by bisection over the transcription.
fn shares_within(mm: &morpho::Market, most: u128, capital: u128) -> u128 {
    let fits = |s: u128| {
        back(morpho::to_assets_up(
            u(s),
            mm.total_borrow_assets,
            mm.total_borrow_shares,
        )) <= capital
    };
    let (mut lo, mut hi) = (0u128, most);
    while lo < hi {
        let mid = hi - (hi - lo) / 2;
        if fits(mid) {
            lo = mid
        } else {
            hi = mid - 1
        }
    }
    lo
}

/// The market and position after a `liquidate` call and what it returned
/// `(seizedAssets, repaidAssets, repaidShares, badDebtAssets)`.
type MorphoCall = (morpho::Market, morpho::Position, (u128, u128, u128, u128));

/// The liquidator's call, on the transcription: repay every share the capital covers, or, if
/// that would seize more than the collateral, seize the collateral (one wei less at a time, up
/// to 4, while that asks for more shares than allowed).
fn morpho_reference(
    mm: &morpho::Market,
    mp: &morpho::Position,
    capital: u128,
) -> Option<MorphoCall> {
    let limit = shares_within(mm, mp.borrow_shares, capital);
    if limit == 0 || morpho::is_healthy(mm, mp) {
        return None;
    }
    let call = |seized: u128, shares: u128| {
        let (mut m2, mut p2) = (mm.clone(), mp.clone());
        morpho::liquidate(&mut m2, &mut p2, seized, shares).map(|o| (m2, p2, o))
    };
    let out = if morpho::quote(mm, 0, limit).0 <= mp.collateral {
        call(0, limit)?
    } else {
        let seized = (0..=4u128)
            .filter_map(|k| mp.collateral.checked_sub(k))
            .filter(|s| *s > 0)
            .find(|s| morpho::quote(mm, *s, 0).1 <= limit)?;
        call(seized, 0)?
    };
    (out.2 .1 > 0).then_some(out)
}

/// Checks position `i` of Morpho market `m` with `capital` against the transcription: health,
/// the liquidation, and the state after it (totals, shares, collateral, bad debt, debts).
fn check_morpho(m: &mut LendingMarket, i: usize, capital: u128) -> bool {
    let (mm, mp) = mirror(m, i);
    let p = m.positions[i].clone();
    assert_eq!(
        p.debt,
        back(morpho::to_assets_up(
            u(p.borrow_shares),
            mm.total_borrow_assets,
            mm.total_borrow_shares
        ))
    );
    assert_eq!(
        m.health_factor(&p) >= morpho::WAD,
        morpho::is_healthy(&mm, &mp),
        "health of {p:?}"
    );
    let theirs = morpho_reference(&mm, &mp, capital);
    let ours = m.liquidation(&p, capital);
    let ctx = format!("{p:?} capital {capital} market {mm:?}");
    match (&ours, &theirs) {
        (None, None) => false,
        (Some(l), Some((m2, p2, (seized, repaid, shares, bad)))) => {
            assert_eq!(
                (l.seized, l.repay, l.repaid_shares, l.protocol_fee),
                (*seized, *repaid, *shares, 0),
                "{ctx}"
            );
            let realised = m.apply_liquidation(i, l);
            assert_eq!(realised, *bad, "{ctx}");
            assert_eq!(
                (m.total_borrow_assets, m.total_borrow_shares),
                (m2.total_borrow_assets, m2.total_borrow_shares),
                "{ctx}"
            );
            assert_eq!(
                (m.positions[i].borrow_shares, m.positions[i].collateral),
                (p2.borrow_shares, p2.collateral),
                "{ctx}"
            );
            for q in &m.positions {
                let expected = back(morpho::to_assets_up(
                    u(q.borrow_shares),
                    m2.total_borrow_assets,
                    m2.total_borrow_shares,
                ));
                assert_eq!(q.debt, expected, "{ctx}");
            }
            true
        }
        _ => panic!(
            "engine {ours:?} but transcription {:?}: {ctx}",
            theirs.map(|t| t.2)
        ),
    }
}

#[test]
fn morpho_reference_vectors() {
    // LLTV 86%: LIF = min(1.15, 1e18.wDivDown(1e18 - 0.3e18.wMulDown(0.14e18))) =
    // 1e36 / 0.958e18 = 1,043,841,336,116,910,229.
    assert_eq!(
        morpho::liquidation_incentive_factor(860_000_000_000_000_000),
        u(1_043_841_336_116_910_229)
    );
    let mut m = engine_market(
        MarketStyle::MorphoBlue,
        950_000_000_000_000_000,
        8_600,
        0,
        0,
    );
    assert_eq!(m.incentive_factor(), 1_043_841_336_116_910_229);
    m.open_loan(AccountId(8), 50 * morpho::WAD, 30 * morpho::WAD);
    m.open_loan(AccountId(9), 100 * morpho::WAD, 82 * morpho::WAD);
    assert_eq!(
        m.positions[1].borrow_shares,
        82 * morpho::WAD * morpho::VIRTUAL_SHARES
    );
    // Healthy: maxBorrow = 47.5 * 0.86 = 40.85 >= 30.
    assert!(!check_morpho(&mut m, 0, u128::MAX / 4));
    // 95 * 0.86 = 81.7 < 82: all 82e24 shares repaid (toAssetsDown = 82e18 exactly, totals
    // 112e18 and 112e24); seized = 82e18.wMulDown(LIF) = 85,594,989,561,586,638,778, times
    // 1e36 / (0.95e18 * 1e18) = 90,099,989,012,196,461,871: below 100 LRT, no bad debt.
    let l = m.liquidation(&m.positions[1], u128::MAX / 4).unwrap();
    assert_eq!(l.repay, 82 * morpho::WAD);
    assert_eq!(l.seized, 90_099_989_012_196_461_871);
    assert!(check_morpho(&mut m, 1, u128::MAX / 4));
    // At 0.5 the other loan is under water: all 50 LRT seized, the rest realised as bad debt.
    m.oracle_price = 500_000_000_000_000_000;
    assert!(check_morpho(&mut m, 0, u128::MAX / 4));
    assert_eq!(m.positions[0].collateral, 0);
    assert!(m.bad_debt > 0);
    assert_eq!((m.total_borrow_assets, m.total_borrow_shares), (0, 0));
}

/// Random Morpho markets (loans opened at random, interest folded into the totals, liquidations
/// in a row so the share price carries rounding): the engine equals the transcription exactly,
/// call after call.
#[test]
fn morpho_equals_transcription_over_random_markets() {
    let mut rng = ChaCha8Rng::seed_from_u64(15);
    let mut calls = 0;
    for _ in 0..300 {
        let lltv_bps = [7_700u128, 8_600, 9_150, 9_450, 9_650][rng.random_range(0..5)];
        let price = rng.random_range(500_000_000_000_000_000u128..1_200_000_000_000_000_000);
        let mut m = engine_market(MarketStyle::MorphoBlue, price, lltv_bps, 0, 0);
        for k in 0..rng.random_range(1..10u32) {
            let collateral = rng.random_range(1_000_000u128..10u128.pow(24));
            let hf_target = rng.random_range(800_000u128..1_050_000);
            let value =
                collateral / 1_000_000 * (price / 1_000_000) / 1_000_000 * lltv_bps / 10_000;
            let debt = (value * 1_000_000 / hf_target).max(1) + rng.random_range(0..3);
            m.open_loan(AccountId(10 + k), collateral, debt);
        }
        // Interest accrued: assets per share up by up to 20%, with ragged low digits.
        let extra = m.total_borrow_assets / 1_000 * rng.random_range(0..200u128)
            + rng.random_range(0..1_000);
        m.total_borrow_assets += extra;
        let (ta, ts) = (m.total_borrow_assets, m.total_borrow_shares);
        for q in &mut m.positions {
            q.debt = back(morpho::to_assets_up(u(q.borrow_shares), ta, ts));
        }
        m.positions_changed();
        for _ in 0..6 {
            m.oracle_price =
                m.oracle_price / 100 * rng.random_range(90..101u128) + rng.random_range(0..1_000);
            let i = rng.random_range(0..m.positions.len());
            let capital = match rng.random_range(0..3) {
                0 => u128::MAX / 4,
                _ => rng.random_range(0..m.positions[i].debt.max(1) + 1),
            };
            calls += u32::from(check_morpho(&mut m, i, capital));
        }
    }
    assert!(calls > 300, "{calls} liquidations compared");
}
