//! Liquidity providers who pull depth from the pool when the peg breaks and bring it back once
//! it holds (MODEL.md section 1 step 4 and section 7; docs/BEHAVIOUR.md). While the discount to
//! NAV is past their threshold they withdraw a share of the remaining liquidity (both sides,
//! Curve `remove_liquidity`) every few blocks, until a cap on the total withdrawn. Every
//! `every_blocks` blocks they also look at the price: once the discount is at most
//! `return_below_discount_bps` and the price moved at most `return_max_move_bps` since their last
//! look (volatility), they add back `return_share_bps` of the starting pool (at most what they
//! withdrew), in the pool's own
//! proportion (Curve `add_liquidity`, so the price does not move). Deterministic: no random
//! draws.

use crate::base::ledger::Asset;
use crate::base::units::{mul_div, BPS};
use crate::world::events::{EventLog, Happening};
use crate::world::World;

/// Phase 5 for LPs, pool by pool: one withdrawal if the discount, the spacing and the cap allow
/// it, else one return if the discount and the volatility are low again.
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
    let mut moved_bps = None;
    if w.block.is_multiple_of(lp.every_blocks) {
        let (last, now) = (pool.lp_last_price.max(1), pool.lrt_price());
        moved_bps = Some(mul_div(last.abs_diff(now), BPS, last));
        pool.lp_last_price = now;
    }
    if w.block < pool.last_lp_withdrawal + lp.every_blocks {
        return;
    }
    if discount_bps < lp.withdraw_at_discount_bps as u128 {
        if let Some(moved) = moved_bps {
            if discount_bps <= lp.return_below_discount_bps as u128
                && moved <= lp.return_max_move_bps as u128
            {
                give_back(w, i, &lp, log);
            }
        }
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
    pool.lp_out[0] += eth_out;
    pool.lp_out[1] += lrt_out;
    log.report(Happening::LiquidityPulled {
        pool: i,
        share_bps: share,
        discount_bps,
        eth_wei: eth_out,
        lrt_wei: lrt_out,
    });
}

/// LPs of pool `i` add back `return_share_bps` of the pool's starting ETH side, with LRT in the
/// pool's proportion, both bounded by what they withdrew and still hold.
fn give_back(w: &mut World, i: usize, lp: &crate::input::scenario::LpParams, log: &mut EventLog) {
    let pool = &w.pools[i];
    let bal = pool.balances(&w.ledger);
    let held_eth = w
        .ledger
        .balance(w.lp_account, Asset::ETH)
        .min(pool.lp_out[0]);
    let held_lrt = w
        .ledger
        .balance(w.lp_account, pool.lrt_asset)
        .min(pool.lp_out[1]);
    let step = mul_div(pool.start_liquidity / 2, lp.return_share_bps as u128, BPS);
    let mut eth = step.min(held_eth);
    let mut lrt = mul_div(eth, bal[1], bal[0].max(1));
    if lrt > held_lrt {
        eth = mul_div(eth, held_lrt, lrt);
        lrt = held_lrt;
    }
    if eth == 0 || lrt == 0 {
        return;
    }
    let pool = &mut w.pools[i];
    if !pool.add_liquidity(&mut w.ledger, w.lp_account, eth, lrt) {
        return;
    }
    pool.last_lp_withdrawal = w.block;
    pool.lp_out[0] -= eth;
    pool.lp_out[1] = pool.lp_out[1].saturating_sub(lrt);
    log.report(Happening::LiquidityReturned {
        pool: i,
        discount_bps: w.discount_bps(i),
        eth_wei: eth,
        lrt_wei: lrt,
    });
}
