//! Liquidators (MODEL.md section 1 step 4; section 8). A liquidation happens whenever the
//! liquidation incentive beats the liquidator's execution cost on some route for the seized LRT:
//!
//! * **sell** it into a pool that holds it (the pool with the best proceeds; today each LRT has
//!   one pool), and
//! * **keep** it and redeem it through the LRT's queue: worth, per LRT, its *hold value*
//!   `NAV * (1 - redeem fee) * (1 - pending slash loss) * (1 - required return * days / 365)`
//!   for `days` = the queue's wait (withdrawal delay or the exit queue, whichever is later) plus
//!   the expected pause while withdrawals are paused (the days left to governance's end block,
//!   else `liquidators.expected_pause_days`); 0 when the LRT has no withdrawals at all.
//!
//! A liquidator sells only while the pool pays at least the hold value at the margin and keeps
//! the rest for redemption, so it never dumps below what the LRT is worth to it (no fire sale:
//! a liquidator whose capital cannot carry the rest does not liquidate, and the loan waits).
//! With flash-loan style repayment (`liquidators.flash_loans`) the sale pays the debt in the
//! same transaction and capital carries only what it keeps; without, capital bounds the
//! repayment. It liquidates when the sale's proceeds plus the kept LRT at its hold value cover
//! the debt repaid. Without a hold value (an LRT that cannot be redeemed) it sells everything,
//! and only if the sale alone repays the debt. Kept LRT is queued for redemption as soon as the LRT's
//! withdrawals allow, and the ETH paid out is capital again. Loans nobody can liquidate this
//! way stay open and count as insolvent debt ([`crate::model::lending::solvency`]); a liquidation that
//! takes a loan's last collateral realises the rest of its debt as bad debt (Morpho Blue
//! socialises it to the market's suppliers, Aave v3.3 records a deficit).
//!
//! Each round takes the unhealthiest position first; rounds per block are bounded by the
//! scenario. Source for holding instead of dumping: limits of arbitrage (Shleifer and Vishny
//! 1997): capital tied up until convergence has a required return.

use crate::base::ledger::Asset;
use crate::base::units::{mul_div, BLOCKS_PER_DAY, WAD};
use crate::input::scenario::OracleKind;
use crate::model::lending::Liquidation;
use crate::model::pool::LRT;
pub use crate::world::agents::{Liquidator, LiquidatorRule};
use crate::world::events::EventLog;
pub use crate::world::events::LiquidationReport;
use crate::world::World;

/// Phase 7: liquidators queue the LRT they kept (where withdrawals allow), then liquidation
/// rounds run market by market in scenario order (paused markets skipped).
/// With a market-price oracle the price is re-read from the pool before each round, so a
/// liquidator's sale can make the next position liquidatable, in this market and in the next
/// markets on the same LRT. After each round the LRT's arbitrageurs back-run the sales
/// ([`crate::systems::agents::arbitrageurs::backrun`]). Returns one report per market where something was unhealthy.
pub fn run(w: &mut World, log: &mut EventLog) -> Vec<LiquidationReport> {
    redeem_kept(w);
    let mut reports = Vec::new();
    for m in 0..w.markets.len() {
        if w.markets[m].paused {
            continue;
        }
        let report = run_market(w, m, log);
        if report.calls > 0 || report.skipped > 0 {
            reports.push(report);
        }
    }
    reports
}

/// Each liquidator queues every LRT it holds for redemption, LRT by LRT, where withdrawals are
/// open now (what it kept from earlier liquidations).
fn redeem_kept(w: &mut World) {
    for k in 0..w.liquidators.len() {
        let account = w.liquidators[k].account;
        for i in 0..w.lrts.len() {
            let lrt = &mut w.lrts[i];
            let held = w.ledger.balance(account, lrt.asset);
            if held > 0 && lrt.redeemable() {
                lrt.request_redemption(&mut w.ledger, account, held, w.block)
                    .expect("the liquidator holds the shares");
            }
        }
    }
}

/// The value a liquidator puts on one LRT `i` it keeps and redeems through the queue, wad (ETH
/// per LRT); see the module doc. 0 when the LRT has no withdrawals at all.
pub fn hold_value(w: &World, i: usize) -> u128 {
    let lrt = &w.lrts[i];
    let rule = &w.liquidator_rule;
    let days_of = |blocks: u64| blocks as f64 / BLOCKS_PER_DAY as f64;
    let queue = days_of(
        lrt.withdrawal_delay_blocks
            .max(lrt.last_payable_block(w.block).saturating_sub(w.block)),
    );
    // Without withdrawals there is no queue to redeem through (ezETH, April 2024): a hope of an
    // unlock is a dip buyer's bet, not a liquidator's route.
    if !lrt.withdrawals_enabled {
        return 0;
    }
    let days = if lrt.withdrawals_paused {
        let left = lrt.unpause_at.map(|b| days_of(b.saturating_sub(w.block)));
        queue + left.unwrap_or(rule.expected_pause_days)
    } else {
        queue
    };
    let fee = lrt.redeem_fee_bps as f64 / crate::base::units::BPS as f64;
    let factor = (1.0 - fee)
        * (1.0 - w.pending_slash_loss(i)).max(0.0)
        * (1.0 - rule.required_return_apr * days / 365.0).max(0.0);
    (w.nav(i) as f64 * factor) as u128
}

/// Indices of the pools where LRT `i` can be sold. Each LRT has one pool today (`w.pools[i]`);
/// [`plan`] picks the best of whatever this lists.
fn pools_holding(w: &World, i: usize) -> impl Iterator<Item = usize> {
    let n = w.pools.len();
    std::iter::once(i).filter(move |&p| p < n)
}

/// How a liquidator carries out one liquidation: what it sells where, and what it keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Plan {
    l: Liquidation,
    /// Pool it sells into.
    pool: usize,
    /// LRT sold, wei.
    sell: u128,
    /// ETH the sale fetches, wei.
    proceeds: u128,
}

/// Per pool where the LRT sells, the most LRT a liquidator would sell into it now: while the
/// pool pays at least the hold value at the margin ([`sellable`]); `u128::MAX` without a hold
/// value. Measured once per round and again after each liquidation that traded.
type Sellable = Vec<(usize, u128)>;

/// [`Sellable`] of LRT `lrt` at hold value `hold` (wad).
fn sellable_all(w: &World, lrt: usize, hold: u128) -> Sellable {
    pools_holding(w, lrt)
        .map(|pool| {
            let quote = |x: u128| quote(w, pool, x);
            (pool, sellable(&quote, hold))
        })
        .collect()
}

/// What selling `x` LRT into pool `pool` fetches now, wei (0 when the pool refuses the trade).
fn quote(w: &World, pool: usize, x: u128) -> u128 {
    match x {
        0 => 0,
        _ => w.pools[pool].quote(&w.ledger, LRT, x).unwrap_or_default(),
    }
}

/// Bisection steps when sizing a sale (resolution `amount / 2^20`).
const SIZE_STEPS: u32 = 20;

/// Smallest step (LRT wei, 0.001 LRT) over which a marginal price is measured.
const MIN_STEP: u128 = 1_000_000_000_000_000;

/// The most LRT whose sale still pays at least `hold` (wad) at the margin, measured over
/// `max(x / 1024, 0.001 LRT)`; `quote(x)` is what selling `x` fetches. `u128::MAX` without a
/// hold value, 0 when the first LRT already pays less.
fn sellable(quote: &dyn Fn(u128) -> u128, hold: u128) -> u128 {
    if hold == 0 {
        return u128::MAX;
    }
    let pays = |x: u128| {
        let dx = (x >> 10).max(MIN_STEP);
        mul_div(quote(x + dx).saturating_sub(quote(x)), WAD, dx) >= hold
    };
    if !pays(0) {
        return 0;
    }
    // Double up to the first size that no longer pays (a pool cannot pay a positive margin
    // for ever: its ETH side is finite), then bisect.
    let mut hi = MIN_STEP;
    for _ in 0..100 {
        if !pays(hi) {
            break;
        }
        hi = hi.saturating_mul(2);
    }
    let mut lo = hi / 2;
    for _ in 0..SIZE_STEPS {
        let mid = lo + (hi - lo) / 2;
        if pays(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The liquidator's plan for liquidation `l` of a market on LRT `lrt` with `capital` wei and
/// hold value `hold` (wad), given what each pool takes above the hold value (`sell_to`), or
/// `None` when no route pays: the pool whose plan leaves the most value (proceeds plus kept
/// LRT at the hold value), among those where that value covers the repayment and the capital
/// suffices (see the module doc).
fn plan(w: &World, l: Liquidation, capital: u128, hold: u128, sell_to: &Sellable) -> Option<Plan> {
    let to_take = l.seized - l.protocol_fee;
    let flash = w.liquidator_rule.flash_loans;
    if !flash && capital < l.repay {
        return None;
    }
    // What the sale must fetch for the repayment: with flash-loan style repayment, the part
    // the capital does not cover.
    let must_fetch = if flash {
        l.repay.saturating_sub(capital)
    } else {
        0
    };
    let value = |sold: u128, proceeds: u128| proceeds + mul_div(to_take - sold, hold, WAD);
    let mut best: Option<(u128, Plan)> = None;
    for &(pool, most) in sell_to {
        // An upper bound first (no sale fetches more than the spot price): most loans that
        // cannot be liquidated are refused here without quoting the pool.
        let spot = w.pools[pool].lrt_price().max(hold);
        if mul_div(to_take, spot, WAD) < l.repay {
            continue;
        }
        // Never below the hold value: what the pool pays above it, the rest kept. A liquidator
        // whose capital cannot cover the rest does not fire-sell (Shleifer and Vishny's fire
        // sale is what the rule avoids); the loan waits, as insolvent debt if it is.
        let sell = most.min(to_take);
        let proceeds = quote(w, pool, sell);
        let v = value(sell, proceeds);
        if v < l.repay || proceeds < must_fetch {
            continue;
        }
        if best.is_none_or(|(b, _)| v > b) {
            best = Some((
                v,
                Plan {
                    l,
                    pool,
                    sell,
                    proceeds,
                },
            ));
        }
    }
    best.map(|(_, p)| p)
}

fn run_market(w: &mut World, m: usize, log: &mut EventLog) -> LiquidationReport {
    let mut report = LiquidationReport {
        market: m,
        ..Default::default()
    };
    let lrt = w.markets[m].collateral;
    for _round in 0..w.liquidator_rounds {
        if w.markets[m].oracle == OracleKind::MarketPrice {
            let spot = w.price(lrt);
            w.markets[m].oracle_price = crate::systems::faults::lending_price(w, m, spot);
        }
        let market = &w.markets[m];
        // Unhealthiest first; ties by index keep the order deterministic. The loan book
        // computes exact health factors only for loans near 1.
        let order = market.book().unhealthy(market);
        if order.is_empty() {
            break;
        }
        let hold = hold_value(w, lrt);
        let mut sell_to = sellable_all(w, lrt, hold);
        let mut acted = false;
        let mut skipped = 0;
        for (_, i) in order {
            match liquidate_one(w, m, i, hold, &sell_to, &mut report) {
                Some(traded) => {
                    acted = true;
                    if traded {
                        sell_to = sellable_all(w, lrt, hold);
                    }
                }
                None => skipped += 1,
            }
        }
        report.skipped = skipped;
        if !acted {
            break;
        }
        crate::systems::agents::arbitrageurs::backrun(w, lrt, log);
    }
    report
}

/// Halvings a liquidator tries when neither the most it may repay nor the profit-maximising
/// size pays back the repaid debt: a thin pool makes it liquidate part of the position instead
/// (Morpho and Aave both let the liquidator choose the amount, up to the close factor).
pub const SIZE_HALVINGS: u32 = 8;

/// The liquidation of position `i` of market `m` a liquidator carries out, starting from `most`
/// (the most it may repay), or `None` if no size pays. Without partial liquidations: `most` or
/// nothing. With them: first the profit-maximising size ([`profit_maximising`]), then, if that
/// has no paying [`plan`], halving the repayment up to [`SIZE_HALVINGS`] times. `sized`
/// remembers the profit-maximising size for the last `most` asked: liquidators of one position
/// asked with the same `most` (always, with flash loans) share it instead of quoting the pools
/// again.
fn paying_plan(
    w: &World,
    m: usize,
    i: usize,
    most: Liquidation,
    capital: u128,
    (hold, sell_to): (u128, &Sellable),
    sized: &mut Option<(Liquidation, Option<Liquidation>)>,
) -> Option<Plan> {
    if !w.partial_liquidations {
        return plan(w, most, capital, hold, sell_to);
    }
    let best = match *sized {
        Some((asked, best)) if asked == most => best,
        _ => {
            let best = profit_maximising(w, m, i, most, hold);
            *sized = Some((most, best));
            best
        }
    };
    if let Some(p) = best.and_then(|l| plan(w, l, capital, hold, sell_to)) {
        return Some(p);
    }
    let market = &w.markets[m];
    let mut l = most;
    for _ in 0..SIZE_HALVINGS {
        l = market.liquidation(&market.positions[i], l.repay / 2)?;
        if let Some(p) = plan(w, l, capital, hold, sell_to) {
            return Some(p);
        }
    }
    None
}

/// The liquidation of position `i` of market `m` that maximises the liquidator's profit, at
/// most `most`: profit `proceeds(seized(r)) - r` over the repayment `r` peaks where the pool's
/// marginal price for the seized LRT falls to the break-even price `c = repay / (seized - fee)`
/// (the ratio the oracle price and the bonus fix), so it seizes what the best pool buys at a
/// marginal price of at least `c` ([`sellable`]). `most` when the hold value is at least `c`
/// (keeping pays for itself) or the pool takes all of it; `None` when not even the first LRT
/// pays `c`. Sources: liquidators size their repayments to the pool's depth (Qin et al. 2021,
/// "An empirical study of DeFi liquidations", IMC; Perez et al. 2021, "Liquidations: DeFi on a
/// knife-edge", FC); MODEL.md section 8.
fn profit_maximising(
    w: &World,
    m: usize,
    i: usize,
    most: Liquidation,
    hold: u128,
) -> Option<Liquidation> {
    let to_take = most.seized - most.protocol_fee;
    if to_take == 0 {
        return None;
    }
    let break_even = mul_div(most.repay, WAD, to_take);
    if hold >= break_even {
        return Some(most);
    }
    let lrt = w.markets[m].collateral;
    let buys = pools_holding(w, lrt)
        .map(|pool| sellable(&|x| quote(w, pool, x), break_even))
        .max()?;
    if buys >= to_take {
        return Some(most);
    }
    if buys == 0 {
        return None;
    }
    let market = &w.markets[m];
    market.liquidation(&market.positions[i], mul_div(most.repay, buys, to_take))
}

/// One liquidation of position `i` of market `m` by the first liquidator (in order) with a
/// paying plan (see the module doc; `hold` is the LRT's hold value, wad). A liquidator with no
/// more capital than one that found no plan is not asked (more capital never hurts). Returns
/// `None` if nobody liquidated, else whether the liquidator traded in a pool.
fn liquidate_one(
    w: &mut World,
    m: usize,
    i: usize,
    hold: u128,
    sell_to: &Sellable,
    report: &mut LiquidationReport,
) -> Option<bool> {
    let mut failed_with: Option<u128> = None;
    let mut sized = None;
    for k in 0..w.liquidators.len() {
        let capital = w.ledger.balance(w.liquidators[k].account, Asset::ETH);
        if failed_with.is_some_and(|c| capital <= c) {
            continue;
        }
        let cap = if w.liquidator_rule.flash_loans {
            u128::MAX
        } else {
            capital
        };
        let market = &w.markets[m];
        let Some(most) = market.liquidation(&market.positions[i], cap) else {
            continue;
        };
        match paying_plan(w, m, i, most, capital, (hold, sell_to), &mut sized) {
            Some(p) => {
                execute(w, m, i, k, p, report);
                return Some(p.sell > 0);
            }
            None => failed_with = Some(capital),
        }
    }
    None
}

/// Carries out plan `p` of liquidator `k` on position `i` of market `m`: takes the collateral
/// (the protocol fee to the treasury), sells its part, repays, and realises the rest of the
/// debt as bad debt when no collateral is left.
fn execute(w: &mut World, m: usize, i: usize, k: usize, p: Plan, report: &mut LiquidationReport) {
    let account = w.liquidators[k].account;
    let l = p.l;
    let to_take = l.seized - l.protocol_fee;
    let lrt = w.lrts[w.markets[m].collateral].asset;
    let market = &mut w.markets[m];
    w.ledger
        .transfer(market.collateral_account, account, lrt, to_take)
        .expect("seized bounded by collateral");
    w.ledger
        .transfer(
            market.collateral_account,
            market.treasury,
            lrt,
            l.protocol_fee,
        )
        .expect("fee bounded by collateral");
    let sold = match p.sell {
        0 => 0,
        x => w.pools[p.pool]
            .swap(&mut w.ledger, account, LRT, x, 0)
            .map_or(0, |t| t.dy),
    };
    debug_assert_eq!(sold, p.proceeds, "the swap pays what it quoted");
    let market = &mut w.markets[m];
    w.ledger
        .transfer(account, market.reserve, Asset::ETH, l.repay)
        .expect("capital plus the sale cover the repayment");
    // Aave: the debt falls by the repayment; Morpho Blue: by the repaid borrow shares. Debt left
    // without collateral is realised as bad debt (Morpho `liquidate`, Aave 3.3 deficit).
    report.bad_debt += market.apply_liquidation(i, &l);
    market.totals.liquidations += 1;
    // The loopers' loss: collateral taken beyond the debt repaid, at the market's price.
    let taken = mul_div(l.seized, market.oracle_price, WAD);
    w.accounting.liquidation_loss[m] += taken.saturating_sub(l.repay);
    market.totals.repaid += l.repay;
    market.totals.seized += l.seized;
    report.calls += 1;
    report.repaid += l.repay;
    report.seized += l.seized;
    report.sold_for += sold;
    report.kept += to_take - p.sell;
    w.totals.liquidations += 1;
    w.totals.liquidated_debt += l.repay;
}
