//! Liquidators: repay unhealthy loans, seize LRT with the bonus, and sell it into the pool in
//! the same block (MODEL.md section 1 step 4; section 8). Each round takes the unhealthiest
//! position first; a liquidator acts only if selling the seized LRT in the pool returns at least
//! the ETH it repaid. Rounds per block are bounded by the scenario.

use serde::{Deserialize, Serialize};

use crate::ledger::{AccountId, Asset};
use crate::lending::Liquidation;
use crate::pool::LRT;
use crate::scenario::OracleKind;
use crate::world::World;

/// One liquidator; its capital is the ETH in its account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Liquidator {
    pub account: AccountId,
}

/// What phase 7 did in one market in one block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiquidationReport {
    /// Index of the market.
    pub market: usize,
    pub calls: u32,
    /// ETH repaid, wei.
    pub repaid: u128,
    /// LRT seized, wei.
    pub seized: u128,
    /// ETH the seized LRT fetched in the pool, wei.
    pub sold_for: u128,
    /// Debt written off this block, wei.
    pub bad_debt: u128,
    /// Positions that were unhealthy but nobody liquidated (unprofitable or no capital).
    pub skipped: u32,
}

/// Phase 7: liquidation rounds, market by market in scenario order (paused markets skipped).
/// With a market-price oracle the price is re-read from the pool before each round, so a
/// liquidator's sale can make the next position liquidatable, in this market and in the next
/// markets on the same LRT. After each round the LRT's arbitrageurs back-run the sales
/// ([`crate::agents::arbitrageurs::backrun`]). Returns one report per market where something was unhealthy.
pub fn run(w: &mut World) -> Vec<LiquidationReport> {
    let mut reports = Vec::new();
    for m in 0..w.markets.len() {
        if w.markets[m].paused {
            continue;
        }
        let report = run_market(w, m);
        if report.calls > 0 || report.skipped > 0 {
            reports.push(report);
        }
    }
    reports
}

fn run_market(w: &mut World, m: usize) -> LiquidationReport {
    let mut report = LiquidationReport {
        market: m,
        ..Default::default()
    };
    let lrt = w.markets[m].collateral;
    for _round in 0..w.liquidator_rounds {
        if w.markets[m].oracle == OracleKind::MarketPrice {
            let spot = w.price(lrt);
            w.markets[m].oracle_price = crate::faults::lending_price(w, m, spot);
        }
        let market = &w.markets[m];
        // Unhealthiest first; ties by index keep the order deterministic. The loan book
        // computes exact health factors only for loans near 1.
        let order = market.book().unhealthy(market);
        if order.is_empty() {
            break;
        }
        let mut acted = false;
        let mut skipped = 0;
        for (_, i) in order {
            if liquidate_one(w, m, i, &mut report) {
                acted = true;
            } else {
                skipped += 1;
            }
        }
        report.skipped = skipped;
        if !acted {
            break;
        }
        crate::agents::arbitrageurs::backrun(w, lrt);
    }
    report
}

/// Halvings a liquidator tries when selling the whole seizure would not pay back the repaid
/// debt: a thin pool makes it liquidate part of the position instead (Morpho and Aave both let
/// the liquidator choose the amount, up to the close factor).
pub const SIZE_HALVINGS: u32 = 8;

/// The largest liquidation of position `i` of market `m`, starting from `most` (the most the
/// liquidator may repay), whose seized LRT sells in the pool for at least the debt repaid; with
/// partial liquidations it halves the repayment up to [`SIZE_HALVINGS`] times. `None` if no
/// size pays.
fn paying_liquidation(w: &World, m: usize, i: usize, most: Liquidation) -> Option<Liquidation> {
    let market = &w.markets[m];
    let pool = &w.pools[market.collateral];
    let tries = if w.partial_liquidations {
        SIZE_HALVINGS
    } else {
        0
    };
    let mut l = most;
    for _ in 0..tries {
        if pays(w, pool, &l) {
            return Some(l);
        }
        l = market.liquidation(&market.positions[i], l.repay / 2)?;
    }
    pays(w, pool, &l).then_some(l)
}

fn pays(w: &World, pool: &crate::pool::Pool, l: &Liquidation) -> bool {
    let to_sell = l.seized - l.protocol_fee;
    matches!(pool.quote(&w.ledger, LRT, to_sell), Ok(out) if out >= l.repay)
}

/// One liquidation of position `i` of market `m` by the first liquidator (in order) with
/// capital. The liquidator repays as much as it may (close factor, capital) and, if selling
/// the seized LRT in the pool would return less than it repaid, halves the amount up to
/// [`SIZE_HALVINGS`] times when the scenario allows partial liquidations. Returns true if one happened; if no size pays, nobody liquidates
/// this round: every liquidator faces the same pool and the same bonus.
fn liquidate_one(w: &mut World, m: usize, i: usize, report: &mut LiquidationReport) -> bool {
    let lrt_index = w.markets[m].collateral;
    for k in 0..w.liquidators.len() {
        let account = w.liquidators[k].account;
        let capital = w.ledger.balance(account, Asset::ETH);
        let Some(most) = w.markets[m].liquidation(&w.markets[m].positions[i], capital) else {
            continue;
        };
        let Some(l) = paying_liquidation(w, m, i, most) else {
            return false;
        };
        let to_sell = l.seized - l.protocol_fee;
        let lrt = w.lrts[lrt_index].asset;
        let market = &mut w.markets[m];
        w.ledger
            .transfer(account, market.reserve, Asset::ETH, l.repay)
            .expect("repay bounded by capital");
        w.ledger
            .transfer(market.collateral_account, account, lrt, to_sell)
            .expect("seized bounded by collateral");
        w.ledger
            .transfer(
                market.collateral_account,
                market.treasury,
                lrt,
                l.protocol_fee,
            )
            .expect("fee bounded by collateral");
        report.bad_debt += market.apply_liquidation(i, &l);
        market.totals.liquidations += 1;
        // The loopers' loss: collateral taken beyond the debt repaid, at the market's price.
        let taken = crate::units::mul_div(l.seized, market.oracle_price, crate::units::WAD);
        w.accounting.liquidation_loss[m] += taken.saturating_sub(l.repay);
        market.totals.repaid += l.repay;
        market.totals.seized += l.seized;
        let sold = w.pools[lrt_index]
            .swap(&mut w.ledger, account, LRT, to_sell, 0)
            .map(|t| t.dy)
            .unwrap_or(0);
        report.calls += 1;
        report.repaid += l.repay;
        report.seized += l.seized;
        report.sold_for += sold;
        w.totals.liquidations += 1;
        w.totals.liquidated_debt += l.repay;
        return true;
    }
    false
}
