//! The agents' state: LRT holders, arbitrageurs and liquidators as plain data, with the
//! derived index and schedule that make a block cost only the holders who act in it. Their
//! decision rules are in [`crate::systems::agents`] (MODEL.md section 1; docs/BEHAVIOUR.md).

use std::cmp::Ordering::{Equal, Less};
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::base::ledger::AccountId;
use crate::input::scenario::LiquidatorParams;

/// One holder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Holder {
    pub account: AccountId,
    /// Loss signal at which it starts selling, fraction.
    pub threshold: f64,
    /// Largest discount to NAV it accepts on the pool, fraction.
    pub max_discount: f64,
    /// Index of the LRT it holds.
    pub lrt: usize,
}

/// Holders of each LRT sorted by panic threshold: derived from the holders (whose thresholds
/// never change), so the holders past a loss signal are a prefix found by binary search.
#[derive(Clone, Debug, Default)]
pub struct ThresholdIndex {
    /// Per LRT: (threshold, index into `World::holders`), ascending.
    pub(crate) by_lrt: Vec<Vec<(f64, u32)>>,
}

impl ThresholdIndex {
    /// The index of `holders`, holders of `lrts` LRTs.
    pub fn build(holders: &[Holder], lrts: usize) -> Self {
        let mut by_lrt = vec![Vec::new(); lrts];
        for (i, s) in holders.iter().enumerate() {
            by_lrt[s.lrt].push((s.threshold, i as u32));
        }
        for v in &mut by_lrt {
            v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        }
        ThresholdIndex { by_lrt }
    }

    /// Holders of LRT `lrt` whose threshold is below `signal` (those who panic), in threshold
    /// order.
    pub(crate) fn past(&self, lrt: usize, signal: f64) -> &[(f64, u32)] {
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
/// number of blocks until it next pays attention ([`crate::base::rng::geometric`], the law of the wait between
/// per-block coin flips) and joins `queue`. When its block comes it acts if it still panics and
/// draws its next wait; if the signal fell back below its threshold meanwhile it may buy back
/// (see the module doc) and draws the next wait (the law is memoryless, so this equals flipping
/// a coin every block). A holder with neither LRT nor ETH left leaves the schedule.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AttentionSchedule {
    /// Per LRT: how many of its holders, in panic-threshold order, are armed.
    pub(crate) armed: Vec<u32>,
    /// Block of next attention -> the holders (indices into `World::holders`) due then, in the
    /// order they were scheduled; sorted when their block comes.
    pub(crate) queue: BTreeMap<u64, Vec<u32>>,
}

/// One arbitrageur; its capital is the ETH in its account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Arbitrageur {
    pub account: AccountId,
    /// Index of the LRT it trades (arbitrageurs are spread over the LRTs in turn).
    pub lrt: usize,
}

/// Slow-moving arbitrage capital (scenario `arbitrageurs.fast_capital_share`,
/// `capital_arrival_half_life_blocks`): how much of each arbitrageur's capital is not yet at
/// hand, per LRT, while its discount is open.
///
/// Capital moves faster toward a larger mispricing (Duffie and Strulovici 2012, Econometrica
/// 80(6): the rate of capital mobility rises with the return spread): each block a discount is
/// open counts as `min(discount / required return, 100)` blocks of arrival, so a discount twice
/// what capital requires fills twice as fast, and a crash draws capital in minutes where a small
/// discount takes the half-life.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlowCapital {
    /// Each arbitrageur's capital, wei.
    pub capital: u128,
    /// Share of capital at hand when a discount opens, fraction.
    pub fast_share: f64,
    /// Blocks for half the missing capital to arrive at a discount equal to the required
    /// return.
    pub half_life_blocks: u64,
    /// Per LRT while its discount is open: (half-lives of arrival so far, last block the
    /// discount beat the required return).
    pub open: Vec<Option<(f64, u64)>>,
}

/// Fastest arrival, in blocks of arrival per block open ([`SlowCapital`]).
pub(crate) const MAX_ARRIVAL_SPEED: f64 = 100.0;

impl SlowCapital {
    /// The rule of `p` for `lrts` LRTs, or `None` when all capital is at hand.
    pub fn new(p: &crate::input::scenario::ArbitrageurParams, lrts: usize) -> Option<Self> {
        (p.fast_capital_share < 1.0).then(|| SlowCapital {
            capital: crate::base::units::eth(p.capital_eth),
            fast_share: p.fast_capital_share,
            half_life_blocks: p.capital_arrival_half_life_blocks.max(1),
            open: vec![None; lrts],
        })
    }

    /// Capital of each arbitrageur of LRT `i` not yet at hand, wei:
    /// `capital x (1 - fast_share) x 0.5^half-lives arrived`; all of the slow part while no
    /// discount is open.
    pub fn reserve(&self, i: usize) -> u128 {
        let slow = self.capital as f64 * (1.0 - self.fast_share);
        let arrived = self.open[i].map_or(0.0, |(h, _)| h);
        (slow * libm::pow(0.5, arrived)) as u128
    }
}

/// One liquidator; its capital is the ETH in its account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Liquidator {
    pub account: AccountId,
}

/// Liquidator behaviour, from the scenario ([`LiquidatorParams`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiquidatorRule {
    /// Required return on capital tied up in the redemption queue, per year, fraction.
    pub required_return_apr: f64,
    /// Days a withdrawal pause without an end block is expected to last.
    pub expected_pause_days: f64,
    /// Repay from the sale in the same transaction (Morpho callback, Aave flash loan).
    pub flash_loans: bool,
}

impl From<&LiquidatorParams> for LiquidatorRule {
    fn from(p: &LiquidatorParams) -> Self {
        LiquidatorRule {
            required_return_apr: p.required_return_apr,
            expected_pause_days: p.expected_pause_days,
            flash_loans: p.flash_loans,
        }
    }
}
