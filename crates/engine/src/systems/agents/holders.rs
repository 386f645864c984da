//! LRT holders who panic-sell and come back (MODEL.md section 1, steps 3 and 6;
//! docs/BEHAVIOUR.md).
//!
//! A holder watches one loss signal: the larger of the fall of `min(price, NAV)` below its
//! reference NAV (today's NAV plus a remembered loss that halves every
//! `loss_memory_half_life_blocks`) and the weighted expected NAV loss from slash requests still
//! inside their veto window. Once the signal passes its own threshold it exits `sell_fraction`
//! of its LRT each time it acts (probability `attention_per_block` per block): on the pool while
//! the discount to NAV is within its own limit, else through the redemption queue (redemption
//! queues lengthen), else, with withdrawals paused, it waits. Once its signal is back at or
//! below `buy_back_signal_share` of its threshold (confidence recovered) and the LRT still
//! trades at least `buy_back_min_discount` below NAV, a holder who sold or redeemed puts
//! `buy_back_fraction` of its ETH (what it got out, its only capital) back into the LRT on the
//! pool, never at an average price above NAV. Holders below their threshold draw nothing until
//! they first panic, so calm blocks cost no random numbers; holders who panicked once are
//! scheduled by the wait until their next attention ([`AttentionSchedule`]), so a block costs
//! the holders who act in it.

use rand_chacha::ChaCha8Rng;
use std::cmp::Ordering::{Equal, Less};

use crate::base::ledger::{Asset, Ledger};
use crate::base::rng::{geometric, uniform};
use crate::base::units::eth;
use crate::input::scenario::StakerParams;
use crate::model::pool::{ETH, LRT};
use crate::systems::agents::{Order, OrderKind};
pub use crate::world::agents::{AttentionQueue, AttentionSchedule, Holder, ThresholdIndex};
use crate::world::World;

/// Creates the holders of LRT `index` (ledger asset `lrt`) and splits `total_lrt` between them
/// unevenly (weights `u^-2`, u uniform in [0.2, 1), so the largest hold up to 25 times the
/// smallest), drawing from `setup`.
pub fn build(
    ledger: &mut Ledger,
    setup: &mut ChaCha8Rng,
    p: &StakerParams,
    lrt: Asset,
    index: usize,
) -> Vec<Holder> {
    if p.count == 0 {
        return Vec::new();
    }
    let weights: Vec<f64> = (0..p.count)
        .map(|_| {
            let u = uniform(setup, 0.2, 1.0);
            1.0 / (u * u)
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let total = eth(p.total_lrt);
    let mut given = 0u128;
    let mut holders = Vec::with_capacity(p.count as usize);
    for (i, w) in weights.iter().enumerate() {
        let account = ledger.open(format!("holder {} of LRT {}", i + 1, index + 1));
        let amount = if i + 1 == weights.len() {
            total - given
        } else {
            ((total as f64) * (w / sum)) as u128
        };
        let amount = amount.min(total - given);
        given += amount;
        ledger.endow(account, lrt, amount);
        let threshold = uniform(setup, p.panic_threshold_min, p.panic_threshold_max);
        let max_discount = uniform(setup, p.max_discount_min, p.max_discount_max);
        holders.push(Holder {
            account,
            threshold,
            max_discount,
            lrt: index,
        });
    }
    holders
}

/// The loss signal of LRT `i`'s holders this block, fraction:
/// `max(1 - min(price, NAV) / reference NAV, pending_slash_weight * pending slash loss)`; the
/// reference NAV ([`crate::model::lrt::Lrt::reference_nav`]) is today's NAV plus a fading memory of
/// recent losses, so once that memory fades the signal is the discount to today's NAV.
/// `pending_slash_loss` is LRT `i`'s, from [`World::pending_slash_losses`].
pub fn loss_signal(w: &World, i: usize, pending_slash_loss: f64) -> f64 {
    let nav = w.nav(i);
    let value = w.price(i).min(nav) as f64;
    let reference = w.lrts[i].reference_nav.max(nav).max(1) as f64;
    (1.0 - value / reference)
        .max(w.holder_rules[i].pending_slash_weight * pending_slash_loss)
        .max(0.0)
}

/// What holders of one LRT see this block.
struct View {
    signal: f64,
    discount: f64,
    redeemable: bool,
}

/// Schedules holder `k` to pay attention `wait` blocks after `from` (never, for no wait).
fn schedule(q: &mut AttentionQueue, from: u64, wait: Option<u64>, k: u32) {
    if let Some(wait) = wait {
        q.push(from.saturating_add(wait), k);
    }
}

/// Discount of LRT `i`'s pool price to the NAV holders expect once the slashes pending against
/// it are decided, fraction: `1 - price / (NAV x (1 - pending_slash_weight x pending))`, the
/// same weight their loss signal gives a slash that may yet be vetoed. A holder's limit
/// ([`Holder::max_discount`]) is measured against what a redemption would pay, so holders who
/// sell before a slash executes stop near the price of those who sell after it.
fn expected_discount(w: &World, i: usize, pending: f64) -> f64 {
    let weight = w.holder_rules[i].pending_slash_weight;
    let expected = w.nav(i).max(1) as f64 * (1.0 - weight * pending).max(f64::MIN_POSITIVE);
    1.0 - w.price(i) as f64 / expected
}

/// Phase 5 for holders: the sell (or redeem) orders of those who panic and pay attention this
/// block, in holder order. Newly panicking holders are armed in threshold order (one
/// [`geometric`] draw each, from the holders' stream); then every holder whose attention block
/// is now acts and draws its next wait. Cost: the holders armed plus those attending, not the
/// population ([`AttentionSchedule`]).
/// `pending` is each LRT's pending slash loss ([`World::pending_slash_losses`]).
pub fn decide(w: &mut World, pending: &[f64], orders: &mut Vec<Order>) {
    let own: Vec<f64> = (0..w.lrts.len())
        .map(|i| loss_signal(w, i, pending[i]))
        .collect();
    let signals = crate::systems::agents::contagion::signals(w, &own);
    let views: Vec<View> = (0..w.lrts.len())
        .map(|i| View {
            signal: signals[i],
            discount: expected_discount(w, i, pending[i]),
            redeemable: w.lrts[i].redeemable(),
        })
        .collect();
    let index = w
        .holder_index
        .get_or_init(|| ThresholdIndex::build(&w.holders, w.lrts.len()));
    let now = w.block;
    let sched = &mut w.attention;
    sched.armed.resize(views.len(), 0);
    for (i, v) in views.iter().enumerate() {
        let past = index.past(i, v.signal);
        let from = sched.armed[i] as usize;
        if past.len() <= from {
            continue;
        }
        let p = w.holder_rules[i].attention_per_block;
        for &(_, k) in &past[from..] {
            let wait = geometric(&mut w.streams.stakers, p);
            schedule(&mut sched.queue, now, wait, k);
        }
        sched.armed[i] = past.len() as u32;
    }
    let mut due = Vec::new();
    sched.queue.take_due(now, &mut due);
    due.sort_unstable();
    // The holders' balances first, in one pass of independent reads whose cache misses the
    // processor overlaps; nothing below changes a balance (orders trade in a later phase).
    let balances: Vec<(u128, u128)> = due
        .iter()
        .map(|&k| {
            let s = &w.holders[k as usize];
            let held = w.ledger.balance(s.account, w.lrts[s.lrt].asset);
            (held, w.ledger.balance(s.account, Asset::ETH))
        })
        .collect();
    for (k, (held, cash)) in due.into_iter().zip(balances) {
        let s = &w.holders[k as usize];
        if held == 0 && cash == 0 {
            continue;
        }
        let rule = &w.holder_rules[s.lrt];
        let wait = geometric(&mut w.streams.stakers, rule.attention_per_block);
        schedule(&mut w.attention.queue, now + 1, wait, k);
        let order = act(w, &views[s.lrt], s, held, cash);
        orders.extend(order);
    }
}

/// What holder `s` (holding `held` LRT and `cash` ETH, wei) does when it pays attention: sell or
/// redeem while it panics, buy back once calm, else nothing.
fn act(w: &World, v: &View, s: &Holder, held: u128, cash: u128) -> Option<Order> {
    let rule = &w.holder_rules[s.lrt];
    let panics = !matches!(v.signal.partial_cmp(&s.threshold), Some(Less | Equal));
    if !panics {
        let calm = v.signal <= s.threshold * rule.buy_back_signal_share;
        if !calm || cash == 0 || v.discount < rule.buy_back_min_discount {
            return None;
        }
        return buy_back(w, s, cash, rule.buy_back_fraction);
    }
    if held == 0 {
        return None;
    }
    let mut amount = (held as f64 * rule.sell_fraction) as u128;
    if held < eth(1) || amount == 0 {
        amount = held;
    }
    let kind = if v.discount <= s.max_discount {
        OrderKind::PanicSale
    } else if v.redeemable {
        OrderKind::Redeem
    } else {
        return None;
    };
    Some(Order {
        trader: s.account,
        lrt: s.lrt,
        coin_in: LRT,
        amount: amount.min(held),
        min_out: 0,
        kind,
    })
}

/// A calm holder's buy-back: `fraction` of its `cash` (all of it below 1 ETH), halved up to 4
/// times until the trade's average price is at most NAV; `None` if even the smallest is not.
fn buy_back(w: &World, s: &Holder, cash: u128, fraction: f64) -> Option<Order> {
    let mut amount = (cash as f64 * fraction) as u128;
    if cash < eth(1) || amount == 0 {
        amount = cash;
    }
    let nav = w.nav(s.lrt);
    let pool = &w.pools[s.lrt];
    for _ in 0..5 {
        let fair = crate::base::units::mul_div(amount, crate::base::units::WAD, nav.max(1));
        if matches!(pool.quote(&w.ledger, ETH, amount), Ok(dy) if dy > 0 && dy >= fair) {
            return Some(Order {
                trader: s.account,
                lrt: s.lrt,
                coin_in: ETH,
                amount,
                min_out: fair,
                kind: OrderKind::BuyBack,
            });
        }
        amount /= 2;
    }
    None
}
