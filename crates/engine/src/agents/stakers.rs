//! LRT holders who panic-sell (MODEL.md section 1, step 3).
//!
//! A holder watches one loss signal: the larger of the fall of `min(price, NAV)` below the
//! highest NAV seen and the weighted expected NAV loss from slash requests still inside their
//! veto window. Once the signal passes its own threshold it exits `sell_fraction` of its LRT each
//! time it acts (probability `attention_per_block` per block): on the pool while the discount to
//! NAV is within its own limit, else through the redemption queue (redemption queues lengthen),
//! else, with withdrawals paused, it waits. Holders below their threshold draw nothing, so calm
//! blocks cost no random numbers; panicking holders are scheduled by the wait until their next
//! attention ([`AttentionSchedule`]), so a block costs the holders who act in it.

use std::cmp::Ordering::{Equal, Less};
use std::collections::BTreeMap;

use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::agents::{Order, OrderKind};
use crate::ledger::{AccountId, Asset, Ledger};
use crate::pool::LRT;
use crate::rng::{geometric, uniform};
use crate::scenario::StakerParams;
use crate::units::eth;
use crate::world::World;

/// One holder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Staker {
    pub account: AccountId,
    /// Loss signal at which it starts selling, fraction.
    pub threshold: f64,
    /// Largest discount to NAV it accepts on the pool, fraction.
    pub max_discount: f64,
    /// Index of the LRT it holds.
    pub lrt: usize,
}

/// Creates the holders of LRT `index` (ledger asset `lrt`) and splits `total_lrt` between them
/// unevenly (weights `u^-2`, u uniform in [0.2, 1), so the largest hold up to 25 times the
/// smallest), drawing from `setup`.
pub fn build(
    ledger: &mut Ledger,
    setup: &mut ChaCha8Rng,
    p: &StakerParams,
    lrt: Asset,
    index: usize,
) -> Vec<Staker> {
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
    let mut stakers = Vec::with_capacity(p.count as usize);
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
        stakers.push(Staker {
            account,
            threshold,
            max_discount,
            lrt: index,
        });
    }
    stakers
}

/// The loss signal of LRT `i`'s holders this block, fraction:
/// `max(1 - min(price, NAV) / peak NAV, pending_slash_weight * pending slash loss)`.
/// `pending_slash_loss` is LRT `i`'s, from [`World::pending_slash_losses`].
pub fn loss_signal(w: &World, i: usize, pending_slash_loss: f64) -> f64 {
    let value = w.price(i).min(w.nav(i)) as f64;
    let peak = w.lrts[i].peak_nav.max(1) as f64;
    (1.0 - value / peak)
        .max(w.staker_rules[i].pending_slash_weight * pending_slash_loss)
        .max(0.0)
}

/// What holders of one LRT see this block.
struct View {
    signal: f64,
    discount: f64,
    redeemable: bool,
}

/// Holders of each LRT sorted by panic threshold: derived from the holders (whose thresholds
/// never change), so the holders past a loss signal are a prefix found by binary search.
#[derive(Clone, Debug, Default)]
pub struct ThresholdIndex {
    /// Per LRT: (threshold, index into `World::stakers`), ascending.
    by_lrt: Vec<Vec<(f64, u32)>>,
}

impl ThresholdIndex {
    /// The index of `stakers`, holders of `lrts` LRTs.
    pub fn build(stakers: &[Staker], lrts: usize) -> Self {
        let mut by_lrt = vec![Vec::new(); lrts];
        for (i, s) in stakers.iter().enumerate() {
            by_lrt[s.lrt].push((s.threshold, i as u32));
        }
        for v in &mut by_lrt {
            v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        }
        ThresholdIndex { by_lrt }
    }

    /// Holders of LRT `lrt` whose threshold is below `signal` (those who panic), in threshold
    /// order.
    fn past(&self, lrt: usize, signal: f64) -> &[(f64, u32)] {
        let v = &self.by_lrt[lrt];
        // "not at or below the threshold", so a NaN signal passes everyone.
        let below_or_at = |t: &f64| matches!(signal.partial_cmp(t), Some(Less | Equal));
        &v[..v.partition_point(|(t, _)| !below_or_at(t))]
    }
}

/// When each holder next pays attention: the state behind "acts with probability
/// `attention_per_block` per block" (MODEL.md section 1, step 3), kept as a schedule so that
/// holders who do nothing in a block cost nothing.
///
/// A holder is *armed* the first block its LRT's loss signal passes its threshold: it draws the
/// number of blocks until it next pays attention ([`geometric`], the law of the wait between
/// per-block coin flips) and joins `queue`. When its block comes it acts if it still panics and
/// draws its next wait; if the signal fell back below its threshold meanwhile it only draws the
/// next wait (the law is memoryless, so this equals flipping a coin every block it panics). A
/// holder with no LRT left leaves the schedule: holders only ever sell.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AttentionSchedule {
    /// Per LRT: how many of its holders, in panic-threshold order, are armed.
    armed: Vec<u32>,
    /// Block of next attention -> the holders (indices into `World::stakers`) due then, in the
    /// order they were scheduled; sorted when their block comes.
    queue: BTreeMap<u64, Vec<u32>>,
}

/// Schedules holder `k` to pay attention `wait` blocks after `from` (never, for no wait).
fn schedule(q: &mut BTreeMap<u64, Vec<u32>>, from: u64, wait: Option<u64>, k: u32) {
    if let Some(wait) = wait {
        q.entry(from.saturating_add(wait)).or_default().push(k);
    }
}

/// Phase 5 for holders: the sell (or redeem) orders of those who panic and pay attention this
/// block, in holder order. Newly panicking holders are armed in threshold order (one
/// [`geometric`] draw each, from the stakers' stream); then every holder whose attention block
/// is now acts and draws its next wait. Cost: the holders armed plus those attending, not the
/// population ([`AttentionSchedule`]).
/// `pending` is each LRT's pending slash loss ([`World::pending_slash_losses`]).
pub fn decide(w: &mut World, pending: &[f64], orders: &mut Vec<Order>) {
    let views: Vec<View> = (0..w.lrts.len())
        .map(|i| View {
            signal: loss_signal(w, i, pending[i]),
            discount: 1.0 - w.price(i) as f64 / w.nav(i).max(1) as f64,
            redeemable: w.lrts[i].redeemable(),
        })
        .collect();
    let index = w
        .holder_index
        .get_or_init(|| ThresholdIndex::build(&w.stakers, w.lrts.len()));
    let now = w.block;
    let sched = &mut w.attention;
    sched.armed.resize(views.len(), 0);
    for (i, v) in views.iter().enumerate() {
        let past = index.past(i, v.signal);
        let from = sched.armed[i] as usize;
        if past.len() <= from {
            continue;
        }
        let p = w.staker_rules[i].attention_per_block;
        for &(_, k) in &past[from..] {
            let wait = geometric(&mut w.streams.stakers, p);
            schedule(&mut sched.queue, now, wait, k);
        }
        sched.armed[i] = past.len() as u32;
    }
    let mut due = Vec::new();
    while let Some(entry) = sched.queue.first_entry() {
        if *entry.key() > now {
            break;
        }
        due.append(&mut entry.remove());
    }
    due.sort_unstable();
    for k in due {
        let s = &w.stakers[k as usize];
        let held = w.ledger.balance(s.account, w.lrts[s.lrt].asset);
        if held == 0 {
            continue;
        }
        let v = &views[s.lrt];
        let rule = &w.staker_rules[s.lrt];
        let wait = geometric(&mut w.streams.stakers, rule.attention_per_block);
        schedule(&mut sched.queue, now + 1, wait, k);
        if matches!(v.signal.partial_cmp(&s.threshold), Some(Less | Equal)) {
            continue;
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
            continue;
        };
        orders.push(Order {
            trader: s.account,
            lrt: s.lrt,
            coin_in: LRT,
            amount: amount.min(held),
            kind,
        });
    }
}
