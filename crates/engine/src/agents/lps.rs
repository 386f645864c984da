//! Liquidity providers who pull depth from the pool when the peg breaks (MODEL.md section 1
//! step 4 and section 7). While the discount to NAV is past their threshold they withdraw a share
//! of the remaining liquidity (both sides, Curve `remove_liquidity`) every few blocks, until a
//! cap on the total withdrawn. Deterministic: no random draws.

use crate::events::{CascadeStep, EventLog};
use crate::graph::NodeRef;
use crate::units::{fmt_eth, BPS};
use crate::world::World;

/// Phase 5 for LPs: one withdrawal if the discount, the spacing and the cap allow it.
pub fn decide(w: &mut World, log: &mut EventLog) {
    let Some(lp) = w.lps.clone() else { return };
    let nav = w.nav().max(1);
    let price = w.price();
    let discount_bps = if price < nav {
        (nav - price) * BPS / nav
    } else {
        0
    };
    if discount_bps < lp.withdraw_at_discount_bps as u128
        || w.block < w.lp_last_withdrawal + lp.every_blocks
    {
        return;
    }
    let bal = w.pool.balances(&w.ledger);
    let remaining = bal[0] + bal[1];
    let floor = w.lp_start_liquidity * (BPS - lp.max_withdrawn_bps as u128) / BPS;
    if remaining <= floor {
        return;
    }
    let share = (lp.withdraw_share_bps as u128).min((remaining - floor) * BPS / remaining.max(1));
    if share == 0 {
        return;
    }
    let (eth_out, lrt_out) = w.pool.remove_liquidity(&mut w.ledger, w.lp_account, share);
    w.lp_last_withdrawal = w.block;
    log.push(w.block, Some(CascadeStep::FeedbackLoop), Some(NodeRef::Pool),
        format!("Liquidity providers pull {:.0}% of the pool at a {:.1}% discount ({} and {} {}): every sale now moves the price further.",
            share as f64 / 100.0, discount_bps as f64 / 100.0, fmt_eth(eth_out, 0), crate::units::group_thousands(lrt_out / crate::units::WEI_PER_ETH), w.lrt.symbol));
}
