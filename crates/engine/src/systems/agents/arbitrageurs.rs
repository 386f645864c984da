//! Arbitrageurs with limited capital who buy the LRT's discount in the pool and redeem it
//! through the queue (MODEL.md sections 1 step 3 and 6).
//!
//! The discount `1 - price / NAV` must beat the return required for capital locked until the
//! redemption is paid (`required_return_apr * days / year`: the withdrawal delay, plus the rest
//! of a withdrawal pause) plus an uncertainty premium on the slash risk in view: the expected
//! loss of pending slashes plus the NAV recently lost (against the holders' fading reference
//! NAV: a recent slash makes further ones look likelier while the 14-day queue is still
//! slashable). With withdrawals paused nobody can redeem for a while: arbitrageurs then buy a
//! discount deep enough to pay for the rest of the pause as well (its announced end, or their
//! own `expected_pause_days`), and hold what they buy until it ends. Capital is limited (each
//! arbitrageur's ETH, `max_trade_eth` a block) and comes back only when the queue pays: limits
//! of arbitrage (Shleifer and Vishny 1997; Gromb and Vayanos 2010; docs/BEHAVIOUR.md).
//!
//! The other way round, when the pool prices the LRT above NAV (right after a slash lowers NAV),
//! arbitrageurs mint at NAV and sell into the pool while the sale still beats NAV by
//! `mint_margin`: the market price follows NAV down (MODEL.md section 6).
//!
//! Every order carries the least it must pay out (Curve's `min_dy`, set from the price the
//! arbitrageur decided at). Arbitrageurs decide against the same pool; without the limit their
//! orders together overshoot (each sized as if alone), and a thin, lopsided pool then swings
//! between far above and far below NAV from block to block. With it, the first order takes the
//! opportunity and the rest revert, as competing transactions do on chain.
//!
//! Capital can be slow (scenario `arbitrageurs.fast_capital_share` below 1): only that share of
//! each arbitrageur's capital is at hand when a discount opens, and the rest arrives while it
//! lasts, half of what is missing every `capital_arrival_half_life_blocks` ([`SlowCapital`];
//! Mitchell, Pedersen and Pulvino 2007; Duffie 2010). A sale faster than capital arrives then
//! opens a deep, short discount that closes as the capital comes (docs/BEHAVIOUR.md).

use crate::base::ledger::Asset;
use crate::base::units::{wad_to_f64, BLOCKS_PER_DAY};
use crate::model::pool::ETH;
use crate::systems::agents::{Order, OrderKind};
use crate::world::agents::MAX_ARRIVAL_SPEED;
pub use crate::world::agents::{Arbitrageur, SlowCapital};
use crate::world::events::EventLog;
use crate::world::World;

/// Phase 5, before arbitrageurs decide: advances each LRT's capital arrival while its discount
/// beats the required return (by `min(discount / required, 100) / half_life` half-lives a
/// block) and closes it once the discount has not for a half-life ([`SlowCapital`]). Does
/// nothing when all capital is at hand.
pub fn observe(w: &mut World, pending: &[f64]) {
    if w.arb_rule.slow_capital.is_none() {
        return;
    }
    let now = w.block;
    let speed: Vec<Option<f64>> = (0..w.lrts.len())
        .map(|i| {
            let (nav, price) = (wad_to_f64(w.nav(i)), wad_to_f64(w.price(i)));
            let required = required_return(w, i, pending[i])?;
            let discount = 1.0 - price / nav;
            (nav > 0.0 && discount > required).then(|| {
                if required > 0.0 {
                    (discount / required).min(MAX_ARRIVAL_SPEED)
                } else {
                    MAX_ARRIVAL_SPEED
                }
            })
        })
        .collect();
    let Some(slow) = w.arb_rule.slow_capital.as_mut() else {
        return;
    };
    let per_block = 1.0 / slow.half_life_blocks as f64;
    for (i, speed) in speed.into_iter().enumerate() {
        slow.open[i] = match (slow.open[i], speed) {
            (None, Some(v)) => Some((v * per_block, now)),
            (Some((h, _)), Some(v)) => Some((h + v * per_block, now)),
            (Some((_, last)), None) if now - last < slow.half_life_blocks => slow.open[i],
            _ => None,
        };
    }
}

/// Return an arbitrageur requires to buy LRT `i` at a discount now, fraction, or `None` when
/// nobody buys (no withdrawals and no expected unlock). Capital is locked for
/// [`lock_days`]: `required_return_apr * days / 365 + uncertainty_premium * uncertainty`, where
/// uncertainty is the pending slash loss plus the NAV lost against the reference NAV.
/// `pending_slash_loss` is LRT `i`'s, from [`World::pending_slash_losses`].
pub fn required_return(w: &World, i: usize, pending_slash_loss: f64) -> Option<f64> {
    let lrt = &w.lrts[i];
    let days = lock_days(w, i)?;
    let recent_loss = 1.0 - w.nav(i) as f64 / lrt.reference_nav.max(1) as f64;
    let uncertainty = pending_slash_loss + recent_loss.max(0.0);
    Some(
        w.arb_rule.required_return_apr * days / 365.0
            + w.arb_rule.uncertainty_premium * uncertainty,
    )
}

/// Days from now until ETH paid for LRT `i` now comes back through the queue, or `None` when
/// it cannot be redeemed (no withdrawals and no expected unlock): without withdrawals the
/// expected unlock; while paused the rest of the pause then the withdrawal delay; with a pause
/// decided but not in force, the later of the delay and the pause's end; else the delay. The
/// rest of a pause is `expected_pause_days` if the scenario sets it, else the announced end
/// (`unpause_at`), else governance's longest pause.
pub fn lock_days(w: &World, i: usize) -> Option<f64> {
    let lrt = &w.lrts[i];
    let day = BLOCKS_PER_DAY as f64;
    let delay_days = lrt.withdrawal_delay_blocks as f64 / day;
    if !lrt.withdrawals_enabled {
        return match lrt.expected_unlock_days {
            0 => None,
            d => Some(d as f64),
        };
    }
    let pause_days = || {
        w.arb_rule.expected_pause_days.unwrap_or_else(|| {
            lrt.unpause_at
                .map_or(lrt.pause_rule.max_blocks as f64 / day, |b| {
                    b.saturating_sub(w.block) as f64 / day
                })
        })
    };
    Some(if lrt.withdrawals_paused {
        delay_days + pause_days()
    } else if lrt.pause_at.is_some() {
        delay_days.max(pause_days())
    } else {
        delay_days
    })
}

/// Phase 5 for arbitrageurs, LRT by LRT: mint-and-sell orders when the pool prices the LRT
/// above NAV, else buy orders sized so the trade's own average price still leaves the required
/// return (see [`sized_orders`]).
/// `pending` is each LRT's pending slash loss ([`World::pending_slash_losses`]).
pub fn decide(w: &World, pending: &[f64], orders: &mut Vec<Order>) {
    for (i, &p) in pending.iter().enumerate() {
        decide_lrt(w, i, p, orders);
    }
}

/// Arbitrageurs of LRT `i` back-run a liquidation round in the same block: they decide as in
/// phase 5 against the pool as the liquidators left it, and trade at once (searchers
/// back-running liquidation sales). Returns the number of orders executed.
pub fn backrun(w: &mut World, i: usize, log: &mut EventLog) -> usize {
    let mut orders = Vec::new();
    decide_lrt(w, i, w.pending_slash_loss(i), &mut orders);
    let n = orders.len();
    for o in orders {
        crate::systems::agents::execute(w, o, log);
    }
    n
}

/// Arbitrage on LRT `i`, whose pending slash loss is `pending_slash_loss` (fraction).
fn decide_lrt(w: &World, i: usize, pending_slash_loss: f64, orders: &mut Vec<Order>) {
    if !w.arbitrageurs.iter().any(|a| a.lrt == i) {
        return;
    }
    if w.lrts[i].redeemable() {
        queue_held(w, i, orders);
    }
    let nav = wad_to_f64(w.nav(i));
    let price = wad_to_f64(w.price(i));
    if nav > 0.0 && price > nav * (1.0 + w.arb_rule.mint_margin) {
        mint_and_sell(w, i, nav, orders);
        return;
    }
    let Some(required) = required_return(w, i, pending_slash_loss) else {
        return;
    };
    if nav <= 0.0 || 1.0 - price / nav <= required {
        return;
    }
    let max_price = nav * (1.0 - required);
    let pool = &w.pools[i];
    // The trade's own average price (ETH paid per LRT received) must stay below the target;
    // the order asks for at least the LRT that the target price gives.
    let limit = |eth: u128| match pool.quote(&w.ledger, ETH, eth) {
        Ok(dy) if dy > 0 && eth as f64 / dy as f64 <= max_price => {
            Some((eth as f64 / max_price) as u128)
        }
        _ => None,
    };
    sized_orders(w, i, OrderKind::ArbitrageBuy, limit, orders);
}

/// Arbitrageurs of LRT `i` queue for redemption the LRT they bought while it could not be
/// redeemed (a pause), now that it can.
fn queue_held(w: &World, i: usize, orders: &mut Vec<Order>) {
    let asset = w.lrts[i].asset;
    for a in w.arbitrageurs.iter().filter(|a| a.lrt == i) {
        let held = w.ledger.balance(a.account, asset);
        if held > 0 {
            orders.push(Order {
                trader: a.account,
                lrt: i,
                coin_in: crate::model::pool::LRT,
                amount: held,
                min_out: 0,
                kind: OrderKind::ArbitrageRedeem,
            });
        }
    }
}

/// Mint-and-sell orders on LRT `i`: each arbitrageur mints with up to `max_trade` ETH and
/// sells, sized so the sale's average price stays above NAV plus the margin; the order asks
/// for at least that much ETH back.
fn mint_and_sell(w: &World, i: usize, nav: f64, orders: &mut Vec<Order>) {
    let min_price = nav * (1.0 + w.arb_rule.mint_margin);
    let (lrt, pool) = (&w.lrts[i], &w.pools[i]);
    let limit = |eth: u128| {
        let shares = lrt.shares_for_deposit(&w.ledger, eth);
        let floor = shares as f64 * min_price;
        match pool.quote(&w.ledger, crate::model::pool::LRT, shares) {
            Ok(out) if shares > 0 && out as f64 >= floor => Some(floor as u128),
            _ => None,
        }
    };
    sized_orders(w, i, OrderKind::MintAndSell, limit, orders);
}

/// One order per arbitrageur of LRT `i`: the largest ETH amount, starting from
/// `min(capital at hand, max_trade)` (for buys, the ETH held less [`SlowCapital::reserve`]) and
/// halving up to 12 times, for which `limit(amount)` gives the
/// order's least pay-out (`None`: the trade does not pay).
/// The pool does not change while they decide, so each amount is quoted once and remembered
/// (arbitrageurs with the same capital ask the same amounts: thousands of them cost a dozen
/// quotes, not a dozen each; the answers, and so the orders, are the same).
fn sized_orders(
    w: &World,
    i: usize,
    kind: OrderKind,
    limit: impl Fn(u128) -> Option<u128>,
    orders: &mut Vec<Order>,
) {
    let mut answers: std::collections::BTreeMap<u128, Option<u128>> =
        std::collections::BTreeMap::new();
    let mut limit = |amount: u128| *answers.entry(amount).or_insert_with(|| limit(amount));
    let reserve = match (&w.arb_rule.slow_capital, kind) {
        (Some(slow), OrderKind::ArbitrageBuy) => slow.reserve(i),
        _ => 0,
    };
    for a in w.arbitrageurs.iter().filter(|a| a.lrt == i) {
        let mut amount = w
            .ledger
            .balance(a.account, Asset::ETH)
            .saturating_sub(reserve)
            .min(w.arb_rule.max_trade);
        for _ in 0..12 {
            if amount == 0 {
                break;
            }
            if let Some(min_out) = limit(amount) {
                orders.push(Order {
                    trader: a.account,
                    lrt: i,
                    coin_in: ETH,
                    amount,
                    min_out,
                    kind,
                });
                break;
            }
            amount /= 2;
        }
    }
}
