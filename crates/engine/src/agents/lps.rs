//! Liquidity providers who pull depth from the pool when the peg breaks (MODEL.md section 1
//! step 4 and section 7). While the discount to NAV is past their threshold they withdraw a share
//! of the remaining liquidity (both sides, Curve `remove_liquidity`) every few blocks, until a
//! cap on the total withdrawn. Deterministic: no random draws.

use crate::events::{CascadeStep, EventLog};
use crate::graph::NodeRef;
use crate::units::{fmt_eth, BPS};
use crate::world::World;

/// Phase 5 for LPs, pool by pool: one withdrawal if the discount, the spacing and the cap allow it.
pub fn decide(w: &mut World, log: &mut EventLog) {
    for i in 0..w.pools.len() {
        decide_pool(w, i, log);
    }
}

fn decide_pool(w: &mut World, i: usize, log: &mut EventLog) {
    let Some(lp) = w.pools[i].lps.clone() else {
        return;
    };
    let discount_bps = w.discount_bps(i);
    let pool = &mut w.pools[i];
    if discount_bps < lp.withdraw_at_discount_bps as u128
        || w.block < pool.last_lp_withdrawal + lp.every_blocks
    {
        return;
    }
    let bal = pool.balances(&w.ledger);
    let remaining = bal[0] + bal[1];
    let floor = pool.start_liquidity * (BPS - lp.max_withdrawn_bps as u128) / BPS;
    if remaining <= floor {
        return;
    }
    let share = (lp.withdraw_share_bps as u128).min((remaining - floor) * BPS / remaining.max(1));
    if share == 0 {
        return;
    }
    let (eth_out, lrt_out) = pool.remove_liquidity(&mut w.ledger, w.lp_account, share);
    pool.last_lp_withdrawal = w.block;
    log.push(w.block, Some(CascadeStep::FeedbackLoop), Some(NodeRef::Pool(i as u32)),
        format!("Liquidity providers pull {:.0}% of the {} pool at a {:.1}% discount ({} and {} {}): every sale now moves the price further.",
            share as f64 / 100.0, w.lrts[i].symbol, discount_bps as f64 / 100.0, fmt_eth(eth_out, 0), crate::units::group_thousands(lrt_out / crate::units::WEI_PER_ETH), w.lrts[i].symbol));
}
