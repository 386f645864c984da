//! LRT incentive programmes (scenario `incentives[]`): priced incentives paid as yield, points
//! that pay nothing, and the mercenary capital a programme attracts and loses when it ends
//! (the seed article's red flag "points-only incentives": "capital that came for them leaves
//! when they end, and takes the exit liquidity with it"; MODEL.md section 16, "yield that grows
//! linearly while exposure grows non-linearly", and section 12, liquidity providers).
//!
//! * **Priced incentives as yield** (`token_apr_bps`, valued in ETH): each epoch while the
//!   programme runs, `backing * token_apr_bps * 384 s / (1e4 * one year)` (rounded down) is
//!   minted to the programme's issuer account and paid from it into the LRT's buffer, so NAV
//!   rises for every holder pro rata. It is recorded per LRT in
//!   [`crate::world::accounting::Accounting::incentive_yield`] and shows in the LRT path's yield stack
//!   (`BlockMetrics.paths.lrt.incentive_yield_wei`) and in a position's
//!   ([`crate::outcome::YieldStack::lrt_incentives`]). Points have no cash value: they pay 0
//!   and stay a red flag ([`crate::readouts::redflags`]).
//! * **Mercenary capital** (`mercenary_lrt`, `mercenary_pool_bps`): before `ends_at_block` the
//!   LRT held for the programme and the pool depth provided for it are there like any other;
//!   at that block the LPs pull their share of the pool (Curve `remove_liquidity`, to the LP
//!   account) and the mercenary LRT is sold into the pool evenly over `mercenary_exit_blocks`
//!   (depeg loss counted like any holder's sale). A shock after the end meets a thinner pool.
//!
//! Deterministic (no random draws). Programmes that move no money (points alone) keep no state,
//! so scenarios that only name them run and hash as before.

use crate::base::ids::NodeRef;
use crate::base::ledger::Asset;
use crate::base::units::{
    eth, fmt_eth, fmt_units, mul_div, BLOCKS_PER_EPOCH, BPS, SECONDS_PER_BLOCK, SECONDS_PER_YEAR,
};
pub use crate::input::scenario::tokens::IncentiveParams;
use crate::input::scenario::{Scenario, ScenarioError};
use crate::systems::agents::{Order, OrderKind};
use crate::world::events::{CascadeStep, EventLog};
pub use crate::world::programmes::Programme;
use crate::world::World;

/// The programmes of `s` that move money, with their accounts: the mercenary LRT is taken from
/// the LRT's other holders. Errors name `incentives[k].mercenary_lrt` when those holders have
/// less.
pub fn build(w: &mut World, s: &Scenario) -> Result<Vec<Programme>, ScenarioError> {
    let mut out = Vec::new();
    for (k, p) in s.incentives.iter().enumerate() {
        if !p.moves_money() {
            continue;
        }
        let lrt = w
            .lrts
            .iter()
            .position(|l| l.symbol == p.lrt)
            .expect("validated");
        let asset = w.lrts[lrt].asset;
        let issuer = w.ledger.open(format!("{} incentive issuer", p.lrt));
        let mercenaries = w
            .ledger
            .open(format!("{} mercenary holders (points)", p.lrt));
        let amount = eth(p.mercenary_lrt);
        let other = w.ledger.balance(w.passive_holders, asset);
        if amount > other {
            return Err(ScenarioError::Invalid {
                path: format!("incentives[{k}].mercenary_lrt"),
                reason: format!(
                    "{} {} asked for but the LRT's other holders (outside the pool, holders, loopers and position) hold only {}",
                    p.mercenary_lrt,
                    p.lrt,
                    other / eth(1)
                ),
            });
        }
        w.ledger
            .transfer(w.passive_holders, mercenaries, asset, amount)
            .expect("checked");
        out.push(Programme {
            lrt,
            token_apr_bps: p.token_apr_bps,
            ends_at_block: p.ends_at_block,
            issuer,
            mercenaries,
            mercenary_pool_bps: p.mercenary_pool_bps,
            exit_blocks: p.mercenary_exit_blocks.max(1),
            exit_left: 0,
            exit_per_block: 0,
            ended: false,
            paid: 0,
            lp_eth_pulled: 0,
        });
    }
    Ok(out)
}

/// One epoch of a priced incentive on `backing` wei at `apr_bps`, wei (rounded down).
pub fn epoch_payment(backing: u128, apr_bps: u32) -> u128 {
    let epoch_seconds = (BLOCKS_PER_EPOCH * SECONDS_PER_BLOCK) as u128;
    mul_div(
        backing,
        apr_bps as u128 * epoch_seconds,
        BPS * SECONDS_PER_YEAR as u128,
    )
}

/// Phase 3, at each epoch with rewards: pays each running priced programme into its LRT's
/// buffer (minted to the issuer first), records it per LRT and credits the position its share.
pub fn pay_epoch(w: &mut World) {
    for k in 0..w.incentives.len() {
        let p = &w.incentives[k];
        if p.token_apr_bps == 0 || !p.running(w.block) {
            continue;
        }
        let (i, issuer, apr) = (p.lrt, p.issuer, p.token_apr_bps);
        let backing = w.lrts[i].backing(&w.ledger);
        let amount = epoch_payment(backing, apr);
        if amount == 0 {
            continue;
        }
        w.ledger.mint(issuer, Asset::ETH, amount);
        w.ledger
            .transfer(issuer, w.lrts[i].buffer, Asset::ETH, amount)
            .expect("just minted");
        w.incentives[k].paid += amount;
        w.accounting.add_incentive_yield(i, amount);
        crate::systems::position::credit_incentive(w, i, amount);
    }
}

/// Phase 5: at a programme's end block its mercenary LPs pull their share of the pool and its
/// mercenary LRT starts to leave; each block after, the next slice of that LRT is sold.
pub fn decide(w: &mut World, orders: &mut Vec<Order>, log: &mut EventLog) {
    for k in 0..w.incentives.len() {
        let p = &w.incentives[k];
        if !p.ended && !p.running(w.block) {
            end(w, k, log);
        }
        let p = &w.incentives[k];
        if p.exit_left == 0 {
            continue;
        }
        let amount = p
            .exit_per_block
            .min(p.exit_left)
            .min(w.ledger.balance(p.mercenaries, w.lrts[p.lrt].asset));
        w.incentives[k].exit_left -= amount.min(w.incentives[k].exit_left);
        if amount > 0 {
            orders.push(Order {
                trader: w.incentives[k].mercenaries,
                lrt: w.incentives[k].lrt,
                coin_in: crate::model::pool::LRT,
                amount,
                min_out: 0,
                kind: OrderKind::MercenaryExit,
            });
        } else {
            w.incentives[k].exit_left = 0;
        }
    }
}

/// The end of programme `k`: LPs pull depth, the mercenary LRT is scheduled for sale.
fn end(w: &mut World, k: usize, log: &mut EventLog) {
    let p = &mut w.incentives[k];
    p.ended = true;
    let (i, share, mercenaries, blocks) =
        (p.lrt, p.mercenary_pool_bps, p.mercenaries, p.exit_blocks);
    let held = w.ledger.balance(mercenaries, w.lrts[i].asset);
    p.exit_left = held;
    p.exit_per_block = held.div_ceil(blocks as u128);
    let before = w.pools[i].balances(&w.ledger)[0];
    let (eth_out, lrt_out) = if share > 0 {
        w.pools[i].remove_liquidity(&mut w.ledger, w.lp_account, share as u128)
    } else {
        (0, 0)
    };
    w.incentives[k].lp_eth_pulled += eth_out;
    let symbol = w.lrts[i].symbol.clone();
    log.push(
        w.block,
        Some(CascadeStep::LiquidityFlight),
        Some(NodeRef::Pool(i as u32)),
        format!(
            "{symbol}'s points programme ends and the capital it attracted leaves: LPs pull {:.0}% of the pool ({} and {}; its ETH side falls from {} to {}) and mercenary holders sell {} over {} blocks. A shock from now on meets a thinner pool.",
            share as f64 / 100.0,
            fmt_eth(eth_out, 0),
            fmt_units(lrt_out, 0, &symbol),
            fmt_eth(before, 0),
            fmt_eth(before - eth_out, 0),
            fmt_units(held, 0, &symbol),
            blocks,
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_payment_reference_value() {
        // 100,000 ETH of backing at 3% a year (3,000 ETH), one epoch of 384 s out of a Julian
        // year of 31,557,600 s: 100,000e18 * 300 * 384 / (1e4 * 31,557,600) wei = 0.0365 ETH.
        assert_eq!(epoch_payment(eth(100_000), 300), 36_504_677_161_761_350);
        assert_eq!(epoch_payment(eth(100_000), 0), 0);
    }

    #[test]
    fn points_alone_move_no_money() {
        let points = IncentiveParams {
            points: true,
            ends_at_block: Some(10),
            ..IncentiveParams::new("x")
        };
        assert!(!points.moves_money());
        let paid = IncentiveParams {
            token_apr_bps: 1,
            ..IncentiveParams::new("x")
        };
        assert!(paid.moves_money());
    }
}
