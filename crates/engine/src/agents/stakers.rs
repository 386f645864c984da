//! LRT holders who panic-sell (MODEL.md section 1, step 3).
//!
//! A holder watches one loss signal: the larger of the price's fall below the highest NAV seen
//! and the expected NAV loss from slash requests still inside their veto window. Once the
//! signal passes its own threshold it sells `sell_fraction` of its LRT each time it acts; it acts
//! with probability `attention_per_block` per block. Holders below their threshold draw nothing,
//! so calm blocks cost no random numbers.

use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::agents::{Order, OrderKind};
use crate::ledger::{AccountId, Asset, Ledger};
use crate::pool::LRT;
use crate::rng::{chance, uniform};
use crate::scenario::StakerParams;
use crate::units::eth;
use crate::world::World;

/// One holder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Staker {
    pub account: AccountId,
    /// Loss signal at which it starts selling, fraction.
    pub threshold: f64,
}

/// Creates the holders and splits `total_lrt` between them unevenly (weights `u^-2`, u uniform
/// in [0.2, 1), so the largest hold up to 25 times the smallest), drawing from `setup`.
pub fn build(ledger: &mut Ledger, setup: &mut ChaCha8Rng, p: &StakerParams, lrt: Asset) -> Vec<Staker> {
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
        let account = ledger.open(format!("holder {}", i + 1));
        let amount = if i + 1 == weights.len() { total - given } else { ((total as f64) * (w / sum)) as u128 };
        let amount = amount.min(total - given);
        given += amount;
        ledger.endow(account, lrt, amount);
        let threshold = uniform(setup, p.panic_threshold_min, p.panic_threshold_max);
        stakers.push(Staker { account, threshold });
    }
    stakers
}

/// The holders' loss signal this block, fraction: `max(1 - price / peak NAV, pending slash loss)`.
pub fn loss_signal(w: &World) -> f64 {
    let price = w.price() as f64;
    let peak = w.lrt.peak_nav.max(1) as f64;
    (1.0 - price / peak).max(w.pending_slash_loss()).max(0.0)
}

/// Phase 5 for holders: the sell orders of those who panic and pay attention this block.
pub fn decide(w: &mut World, signal: f64, orders: &mut Vec<Order>) {
    let rule = w.staker_rule.clone();
    for s in &w.stakers {
        if signal <= s.threshold {
            continue;
        }
        let held = w.ledger.balance(s.account, w.lrt.asset);
        if held == 0 || !chance(&mut w.streams.stakers, rule.attention_per_block) {
            continue;
        }
        let mut amount = (held as f64 * rule.sell_fraction) as u128;
        if held < eth(1) || amount == 0 {
            amount = held;
        }
        orders.push(Order { trader: s.account, coin_in: LRT, amount: amount.min(held), kind: OrderKind::PanicSale });
    }
}
