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
    pub(crate) queue: AttentionQueue,
}

/// Blocks ahead that [`AttentionQueue`] keeps in its ring; later ones wait in its map.
const NEAR: u64 = 1_024;

/// Block -> the holders due then (each block's in the order they were pushed): the state of a
/// `BTreeMap<u64, Vec<u32>>` without empty lists, and serialised as one, but the next
/// [`NEAR`] blocks are slots of a ring indexed by the block, so scheduling a holder is an
/// index and a push, and a slot keeps its capacity from one use to the next.
#[derive(Clone, Debug, Default)]
pub struct AttentionQueue {
    /// No block before this one has holders waiting ([`AttentionQueue::take_due`] took them).
    next: u64,
    /// The holders due at block `b` for `b` in `next..next + NEAR`, at slot `b % NEAR` (empty
    /// until the ring is first used).
    near: Vec<Vec<u32>>,
    /// The holders due at blocks from `next + NEAR` on.
    far: BTreeMap<u64, Vec<u32>>,
}

impl AttentionQueue {
    /// Schedules holder `k` at `block`, after those already scheduled then.
    pub fn push(&mut self, block: u64, k: u32) {
        if block < self.next {
            self.rebase(block);
        }
        if block - self.next < NEAR {
            if self.near.is_empty() {
                self.near = vec![Vec::new(); NEAR as usize];
            }
            self.near[(block % NEAR) as usize].push(k);
        } else {
            self.far.entry(block).or_default().push(k);
        }
    }

    /// Appends to `due` every holder scheduled at or before `now`, block by block, and forgets
    /// them; later blocks come next.
    pub fn take_due(&mut self, now: u64, due: &mut Vec<u32>) {
        if now < self.next {
            return;
        }
        if !self.near.is_empty() {
            for b in self.next..=now.min(self.next + NEAR - 1) {
                due.append(&mut self.near[(b % NEAR) as usize]);
            }
        }
        while let Some(entry) = self.far.first_entry() {
            if *entry.key() > now {
                break;
            }
            due.append(&mut entry.remove());
        }
        self.next = now + 1;
        self.pull_near();
    }

    /// Moves the map's blocks that are now within [`NEAR`] of `next` into the ring (their slots
    /// are empty: they were taken when their earlier block came).
    fn pull_near(&mut self) {
        while let Some(entry) = self.far.first_entry() {
            let block = *entry.key();
            if block - self.next >= NEAR {
                break;
            }
            if self.near.is_empty() {
                self.near = vec![Vec::new(); NEAR as usize];
            }
            self.near[(block % NEAR) as usize].append(&mut entry.remove());
        }
    }

    /// Starts the ring at `block`, before `next`: every block of the ring moves to the map
    /// first. (Not reached by the holders, who schedule from the block they decide in.)
    fn rebase(&mut self, block: u64) {
        for b in self.next..self.next + self.near.len() as u64 {
            let list = std::mem::take(&mut self.near[(b % NEAR) as usize]);
            if !list.is_empty() {
                self.far.insert(b, list);
            }
        }
        self.next = block;
        self.pull_near();
    }

    /// Every (block, holders) in block order, as the map it stands for.
    pub fn entries(&self) -> Vec<(u64, &[u32])> {
        let near = (0..self.near.len() as u64).filter_map(|d| {
            let b = self.next + d;
            let list = &self.near[(b % NEAR) as usize];
            (!list.is_empty()).then_some((b, list.as_slice()))
        });
        near.chain(self.far.iter().map(|(&b, l)| (b, l.as_slice())))
            .collect()
    }
}

impl PartialEq for AttentionQueue {
    /// The same holders at the same blocks in the same order, however they are kept.
    fn eq(&self, other: &Self) -> bool {
        self.entries() == other.entries()
    }
}

impl Serialize for AttentionQueue {
    /// As the `BTreeMap<u64, Vec<u32>>` it stands for.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let entries = self.entries();
        let mut map = s.serialize_map(Some(entries.len()))?;
        for (b, list) in entries {
            map.serialize_entry(&b, list)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for AttentionQueue {
    /// From the `BTreeMap<u64, Vec<u32>>` it stands for.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<u64, Vec<u32>>::deserialize(d)?;
        let mut q = AttentionQueue::default();
        for (b, list) in map.into_iter().filter(|e| !e.1.is_empty()) {
            q.far.insert(b, list);
        }
        q.pull_near();
        Ok(q)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The queue behaves, compares and serialises as the `BTreeMap` it stands for, whatever
        /// the waits (near, past the ring, far past it) and the blocks taken.
        #[test]
        fn attention_queue_is_the_map(
            steps in proptest::collection::vec(
                (0u64..3, proptest::collection::vec((0u64..3_000, 0u32..50), 0..20)),
                1..60,
            ),
        ) {
            let mut q = AttentionQueue::default();
            let mut map: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
            let mut now = 0u64;
            for (advance, pushes) in steps {
                now += advance;
                for (wait, k) in pushes {
                    q.push(now + wait, k);
                    map.entry(now + wait).or_default().push(k);
                }
                let mut due = Vec::new();
                q.take_due(now, &mut due);
                let mut expected = Vec::new();
                while let Some(e) = map.first_entry() {
                    if *e.key() > now {
                        break;
                    }
                    expected.append(&mut e.remove());
                }
                proptest::prop_assert_eq!(due, expected);
                let entries: Vec<(u64, &[u32])> =
                    map.iter().map(|(&b, l)| (b, l.as_slice())).collect();
                proptest::prop_assert_eq!(q.entries(), entries);
                let bytes = postcard::to_allocvec(&q).unwrap();
                proptest::prop_assert_eq!(&bytes, &postcard::to_allocvec(&map).unwrap());
                let back: AttentionQueue = postcard::from_bytes(&bytes).unwrap();
                proptest::prop_assert!(back == q);
                now += 1;
            }
        }
    }

    /// A holder scheduled before the ring's start (not done by the holders) still comes out.
    #[test]
    fn a_block_before_the_ring_moves_it() {
        let mut q = AttentionQueue::default();
        q.push(5_000, 1);
        q.push(5_001, 2);
        let mut due = Vec::new();
        q.take_due(4_000, &mut due);
        assert!(due.is_empty());
        q.push(3_000, 3);
        q.push(9_000, 4);
        assert_eq!(
            q.entries(),
            vec![
                (3_000, &[3][..]),
                (5_000, &[1][..]),
                (5_001, &[2][..]),
                (9_000, &[4][..])
            ]
        );
        q.take_due(5_000, &mut due);
        assert_eq!(due, vec![3, 1]);
        assert_eq!(
            serde_json::to_string(&q).unwrap(),
            r#"{"5001":[2],"9000":[4]}"#
        );
    }
}
