//! Operators, delegations, magnitudes and `slashOperator` (MODEL.md section 4).
//!
//! Primary sources: EigenLayer ELIP-002 "Slashing via Unique Stake & Operator Sets" and
//! Layr-Labs/eigenlayer-contracts `AllocationManager.slashOperator` (v1.x): the slashed magnitude
//! is `ceil(currentMagnitude * wadToSlash / 1e18)`, subtracted from the operator set's current
//! magnitude and from the operator's max magnitude; delegated shares scale by `newMax / prevMax`
//! rounded up, so the staker keeps `ceil(shares * newMax / prevMax)`.
//! Under the shared (whitepaper) model every registered AVS slashes the whole max magnitude.

use serde::{Deserialize, Serialize};

use crate::base::ledger::{AccountId, Asset, Ledger};
use crate::base::units::{mul_div, mul_div_up, u128_to_f64, WAD};
use crate::input::scenario::SlashingModel;
use crate::model::consensus::Validators;

/// EigenLayer `INITIAL_TOTAL_MAGNITUDE`: 1e18 per operator per strategy.
pub const INITIAL_TOTAL_MAGNITUDE: u128 = WAD;
/// EigenLayer DEALLOCATION_DELAY: blocks before a magnitude decrease takes effect (~14 days);
/// until then the old magnitude stays slashable.
pub const DEALLOCATION_DELAY_BLOCKS: u64 = 100_800;

/// Blocks after a slash before slashed funds are burned (contracts v1.13
/// `SLASH_RESOLUTION_DELAY_BLOCKS`, ~7 days).
pub const SLASH_RESOLUTION_DELAY_BLOCKS: u64 = 50_400;

/// Who delegated a stake position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delegator {
    /// The LRT protocol with this index in the world.
    Lrt(u32),
    /// Native restakers (EigenPods), as one group.
    Native,
    /// LST restakers, as one group: an LST (e.g. stETH) deposited into an EigenLayer strategy
    /// and delegated. Slashable by AVSs like any delegated share; the ETH under the LST is run
    /// by the LST's own validators, outside the operator's (see `consensus`).
    Lst,
    /// Holding `k` of the user's own position ([`crate::systems::position`]).
    Position(u32),
}

impl Delegator {
    /// The ledger group of this delegator's delegation accounts ([`Ledger::join_group`]):
    /// native restakers 0, LST restakers 1, LRT `i` `2 + 2i`, position holding `k` `3 + 2k`.
    pub fn group(self) -> u32 {
        match self {
            Delegator::Native => 0,
            Delegator::Lst => 1,
            Delegator::Lrt(i) => 2 + 2 * i,
            Delegator::Position(k) => 3 + 2 * k,
        }
    }

    /// ETH this delegator has delegated across all operators, wei: the running sum of its
    /// ledger group, equal to `delegated_by(self)` summed over every operator (checked by
    /// `invariants::check`).
    pub fn delegated(self, ledger: &Ledger) -> u128 {
        ledger.group_eth(self.group())
    }
}

/// Stake one delegator has delegated to one operator, run as one group of validators; the wei
/// sit in `account`. An operator has one delegation per delegator, client and region (more after
/// Ethereum slashes split a group).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delegation {
    pub delegator: Delegator,
    pub account: AccountId,
    /// The validators this stake runs as (consensus-layer state).
    pub validators: Validators,
}

/// Magnitude an operator allocated to one AVS's operator set (wad units of max magnitude).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Allocation {
    /// Index of the AVS.
    pub avs: usize,
    /// Current magnitude, out of the operator's `max_magnitude`.
    pub magnitude: u128,
}

/// An operator: runs AVS software for the stake delegated to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Operator {
    pub name: String,
    /// Max magnitude, starts at `INITIAL_TOTAL_MAGNITUDE` and only falls (by slashes).
    pub max_magnitude: u128,
    pub allocations: Vec<Allocation>,
    pub delegations: Vec<Delegation>,
    /// Its oracle node's configuration: which sources, aggregated how, with what sanity bound
    /// ([`crate::model::feeds`]).
    pub feed: crate::input::scenario::FeedParams,
    /// Stake removed by executed slashes, cumulative wei.
    pub slashed_wei: u128,
    /// Blocks before a magnitude increase takes effect (its ALLOCATION_DELAY).
    pub allocation_delay_blocks: u64,
    /// Magnitude changes waiting for their delay: (effective block, AVS, new magnitude).
    pub pending_allocations: Vec<(u64, usize, u128)>,
    /// Deregistrations from operator sets waiting for the deallocation delay: (effective
    /// block, AVS). Absent from the state (and its hash) when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending_deregistrations: Vec<(u64, usize)>,
    /// Share of an AVS's operators slashed by it at which this operator leaves it
    /// ([`crate::input::scenario::OperatorParams::leave_at_slashed_share`]); absent from the
    /// state (and its hash) when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leave_at_slashed_share: Option<f64>,
}

impl Operator {
    /// Schedules a new magnitude for AVS `avs` (`modifyAllocations`): effective after the
    /// operator's allocation delay for an increase, after [`DEALLOCATION_DELAY_BLOCKS`] for a
    /// decrease. Returns the effective block, or `None` if the operator is not registered.
    pub fn modify_allocation(&mut self, avs: usize, magnitude: u128, block: u64) -> Option<u64> {
        let current = self.allocations.iter().find(|a| a.avs == avs)?.magnitude;
        let delay = if magnitude > current {
            self.allocation_delay_blocks
        } else {
            DEALLOCATION_DELAY_BLOCKS
        };
        self.pending_allocations
            .push((block + delay, avs, magnitude));
        Some(block + delay)
    }

    /// Deregisters the operator from AVS `avs`'s operator set (an ejection): its allocation
    /// stays slashable until [`DEALLOCATION_DELAY_BLOCKS`] have passed, then the set forgets it
    /// (ELIP-002: a deregistered operator remains slashable for the deallocation delay).
    /// Returns the effective block, or `None` if the operator is not registered.
    pub fn deregister(&mut self, avs: usize, block: u64) -> Option<u64> {
        if !self.is_registered(avs) || self.pending_deregistrations.iter().any(|d| d.1 == avs) {
            return None;
        }
        let at = block + DEALLOCATION_DELAY_BLOCKS;
        self.pending_deregistrations.push((at, avs));
        Some(at)
    }

    /// Applies the pending magnitude changes and deregistrations due at `block`; a change that
    /// would allocate more than the max magnitude (after slashes) is capped at what is free.
    pub fn apply_due_allocations(&mut self, block: u64) {
        if !self.pending_deregistrations.is_empty() {
            let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.pending_deregistrations)
                .into_iter()
                .partition(|d| d.0 <= block);
            self.pending_deregistrations = later;
            self.allocations
                .retain(|a| due.iter().all(|d| d.1 != a.avs));
            self.pending_allocations
                .retain(|p| due.iter().all(|d| d.1 != p.1));
        }
        if self.pending_allocations.is_empty() {
            return;
        }
        let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.pending_allocations)
            .into_iter()
            .partition(|p| p.0 <= block);
        self.pending_allocations = later;
        for (_, avs, magnitude) in due {
            let others: u128 = self
                .allocations
                .iter()
                .filter(|a| a.avs != avs)
                .map(|a| a.magnitude)
                .sum();
            let free = self.max_magnitude.saturating_sub(others);
            if let Some(a) = self.allocations.iter_mut().find(|a| a.avs == avs) {
                a.magnitude = magnitude.min(free);
            }
        }
    }

    /// Total stake delegated to the operator, wei.
    pub fn delegated(&self, ledger: &Ledger) -> u128 {
        self.delegations
            .iter()
            .map(|d| ledger.balance(d.account, Asset::ETH))
            .sum()
    }

    /// Stake delegated by `who`, wei.
    pub fn delegated_by(&self, ledger: &Ledger, who: Delegator) -> u128 {
        self.delegations
            .iter()
            .filter(|d| d.delegator == who)
            .map(|d| ledger.balance(d.account, Asset::ETH))
            .sum()
    }

    /// True if the operator is registered with AVS `avs`.
    pub fn is_registered(&self, avs: usize) -> bool {
        self.allocations.iter().any(|a| a.avs == avs)
    }

    /// Stake AVS `avs` can slash, wei: the whole delegated stake under the shared model; the
    /// allocated share `delegated * magnitude / max_magnitude` under unique stake; 0 if the
    /// operator is not registered with it.
    pub fn slashable_stake(&self, ledger: &Ledger, avs: usize, model: SlashingModel) -> u128 {
        let Some(alloc) = self.allocations.iter().find(|a| a.avs == avs) else {
            return 0;
        };
        self.slashable_part(self.delegated(ledger), alloc.magnitude, model)
    }

    /// `(AVS, stake it can slash in wei)` for each of the operator's allocations, in order: the
    /// same amounts as [`Operator::slashable_stake`] (validation refuses a second allocation to
    /// one AVS), with the delegated stake summed once for all of them.
    pub fn slashable_stakes<'a>(
        &'a self,
        ledger: &Ledger,
        model: SlashingModel,
    ) -> impl Iterator<Item = (usize, u128)> + 'a {
        self.slashable_stakes_of(self.delegated(ledger), model)
    }

    /// [`Operator::slashable_stakes`] for `delegated` wei of delegated stake (the operator's
    /// [`Operator::delegated`], read once elsewhere, e.g. in [`DelegatedStakes`]).
    pub fn slashable_stakes_of(
        &self,
        delegated: u128,
        model: SlashingModel,
    ) -> impl Iterator<Item = (usize, u128)> + '_ {
        self.allocations
            .iter()
            .map(move |a| (a.avs, self.slashable_part(delegated, a.magnitude, model)))
    }

    /// Stake every AVS together can slash, wei, for `delegated` wei of delegated stake: the sum
    /// of [`Operator::slashable_stakes`] without reading the ledger again (the numerator of the
    /// hidden leverage, [`crate::readouts::metrics::hidden_leverages`]).
    pub fn slashable_total(&self, delegated: u128, model: SlashingModel) -> u128 {
        self.allocations
            .iter()
            .map(|a| self.slashable_part(delegated, a.magnitude, model))
            .sum()
    }

    fn slashable_part(&self, delegated: u128, magnitude: u128, model: SlashingModel) -> u128 {
        match model {
            SlashingModel::Shared => delegated,
            SlashingModel::UniqueStake if self.max_magnitude == 0 => 0,
            SlashingModel::UniqueStake => mul_div(delegated, magnitude, self.max_magnitude),
        }
    }
}

/// Each operator's delegated stake, and the sums behind the hidden leverage, read from the
/// ledger in one pass over the delegations: the readings of one block's end (phase 8) that the
/// cost of corruption ([`crate::model::avs::costs_of_corruption`]) and the hidden leverage
/// ([`crate::readouts::metrics::hidden_leverages_of`]) share, nothing changing a balance between
/// them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DelegatedStakes {
    /// Per operator, in the operators' order: [`Operator::delegated`], wei.
    pub by_operator: Vec<u128>,
    /// Stake every AVS together can slash, summed over the operators
    /// ([`Operator::slashable_total`]), wei.
    pub slashable: u128,
    /// Per LRT: its delegated stake, as a float summed in operator then delegation order (wei).
    pub lrt_stake: Vec<f64>,
    /// Per LRT: each of its delegations times its operator's slashable stake over delegated
    /// stake, summed in the same order (wei); `lrt_exposed / lrt_stake` is the LRT's hidden
    /// leverage.
    pub lrt_exposed: Vec<f64>,
}

/// Every operator's delegation accounts in one flat list (operator then delegation order), with
/// the LRT each belongs to: the part of the delegations that never changes once they exist
/// (a delegation's account and delegator are set when it opens; delegations are only ever
/// added), read every block without visiting the delegations themselves. Derived data beside the
/// state ([`crate::base::derived::Derived`]); stale once an operator has a delegation more.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DelegationIndex {
    /// Per operator: its number of delegations, and where they start in `accounts`.
    ranges: Vec<(u32, u32)>,
    /// Per delegation: its account and its LRT's index ([`NOT_LRT`] for other delegators).
    accounts: Vec<(AccountId, u32)>,
}

/// [`DelegationIndex`]'s LRT index of a delegation that is not an LRT's.
const NOT_LRT: u32 = u32::MAX;

impl DelegationIndex {
    /// The index of `operators`' delegations now.
    pub fn build(operators: &[Operator]) -> Self {
        let mut index = DelegationIndex::default();
        for op in operators {
            let start = index.accounts.len() as u32;
            index.ranges.push((op.delegations.len() as u32, start));
            index.accounts.extend(op.delegations.iter().map(|d| {
                let lrt = match d.delegator {
                    Delegator::Lrt(i) => i,
                    _ => NOT_LRT,
                };
                (d.account, lrt)
            }));
        }
        index
    }

    /// True if it still describes `operators` (the same operators, each with as many
    /// delegations as when it was built).
    pub fn fits(&self, operators: &[Operator]) -> bool {
        self.ranges.len() == operators.len()
            && operators
                .iter()
                .zip(&self.ranges)
                .all(|(op, r)| op.delegations.len() == r.0 as usize)
    }
}

impl DelegatedStakes {
    /// The stakes of `operators` in `ledger` now, for `lrts` LRTs, under `model`; `index` is
    /// `operators`' [`DelegationIndex`] (one that [`DelegationIndex::fits`] them).
    pub fn read(
        operators: &[Operator],
        index: &DelegationIndex,
        ledger: &Ledger,
        lrts: usize,
        model: SlashingModel,
    ) -> Self {
        debug_assert_eq!(*index, DelegationIndex::build(operators));
        let mut by_operator = Vec::with_capacity(operators.len());
        let mut slashable = 0u128;
        // Floats: ratios for display, sums of up to 1e9 ETH (validated) times tens of AVSs.
        let (mut lrt_exposed, mut lrt_stake) = (vec![0f64; lrts], vec![0f64; lrts]);
        // One operator's LRT delegations: (LRT, stake).
        let mut parts: Vec<(usize, u128)> = Vec::new();
        for (op, &(count, start)) in operators.iter().zip(&index.ranges) {
            parts.clear();
            let mut delegated = 0u128;
            let own = &index.accounts[start as usize..(start + count) as usize];
            for &(account, lrt) in own {
                let stake = ledger.balance(account, Asset::ETH);
                delegated += stake;
                if lrt != NOT_LRT {
                    parts.push((lrt as usize, stake));
                }
            }
            by_operator.push(delegated);
            let op_slashable = op.slashable_total(delegated, model);
            slashable += op_slashable;
            if delegated == 0 || parts.is_empty() {
                continue;
            }
            let factor = u128_to_f64(op_slashable) / u128_to_f64(delegated);
            for &(i, stake) in &parts {
                let stake = u128_to_f64(stake);
                lrt_stake[i] += stake;
                lrt_exposed[i] += stake * factor;
            }
        }
        DelegatedStakes {
            by_operator,
            slashable,
            lrt_stake,
            lrt_exposed,
        }
    }
}

/// Slashes `wad_to_slash` (parts per 1e18) of the stake AVS `avs` can slash from `op`, moving
/// the slashed wei of every delegation into `escrow`. Returns the wei slashed (0 when the
/// operator is not registered with the AVS or has no magnitude left).
///
/// Unique stake: `slashed = ceil(magnitude * wad / 1e18)` off the set's magnitude and the max
/// magnitude; other sets keep their magnitude. Shared: `slashed = ceil(max * wad / 1e18)`.
/// Each delegation keeps `ceil(balance * newMax / prevMax)` (AllocationManager rounding).
///
/// The cut comes off the delegator's restaked shares only (its delegation account: the
/// withdrawable shares scale with the max magnitude, `DelegationManager` slashing factor) and
/// never off the validators' beacon-chain balance, which keeps the slashed ETH
/// ([`Validators::restaking_slashed_wei`]) until they withdraw (ELIP-002; eigenlayer-contracts
/// `docs/core/DelegationManager.md` "Slashing Factors and Scaling Shares",
/// `docs/core/EigenPodManager.md`).
pub fn slash_operator(
    op: &mut Operator,
    ledger: &mut Ledger,
    escrow: AccountId,
    avs: usize,
    wad_to_slash: u128,
    model: SlashingModel,
) -> u128 {
    let wad_to_slash = wad_to_slash.min(WAD);
    let prev_max = op.max_magnitude;
    let Some(alloc) = op.allocations.iter_mut().find(|a| a.avs == avs) else {
        return 0;
    };
    if prev_max == 0 {
        return 0;
    }
    let slashed_magnitude = match model {
        SlashingModel::UniqueStake => {
            let s = mul_div_up(alloc.magnitude, wad_to_slash, WAD).min(alloc.magnitude);
            alloc.magnitude -= s;
            s
        }
        SlashingModel::Shared => mul_div_up(prev_max, wad_to_slash, WAD).min(prev_max),
    };
    let new_max = prev_max - slashed_magnitude;
    op.max_magnitude = new_max;
    if model == SlashingModel::Shared {
        // Every set's view of the stake shrinks with it; keep allocations within max magnitude.
        for a in &mut op.allocations {
            a.magnitude = a.magnitude.min(new_max);
        }
    }
    let mut total = 0;
    for d in &mut op.delegations {
        let bal = ledger.balance(d.account, Asset::ETH);
        let keep = mul_div_up(bal, new_max, prev_max);
        let cut = bal - keep.min(bal);
        if cut > 0 {
            ledger
                .transfer(d.account, escrow, Asset::ETH, cut)
                .expect("cut is at most the balance");
            // The delegator's shares fall; the validators keep their beacon-chain balance.
            d.validators.restaking_slashed_wei += cut;
            total += cut;
        }
    }
    op.slashed_wei += total;
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::units::eth;

    fn operator(ledger: &mut Ledger, stake: u128, mags_bps: &[u128]) -> Operator {
        let acc = ledger.open("delegation");
        ledger.endow(acc, Asset::ETH, stake);
        Operator {
            name: "op".into(),
            max_magnitude: INITIAL_TOTAL_MAGNITUDE,
            allocations: mags_bps
                .iter()
                .enumerate()
                .map(|(i, m)| Allocation {
                    avs: i,
                    magnitude: INITIAL_TOTAL_MAGNITUDE * m / 10_000,
                })
                .collect(),
            delegations: vec![Delegation {
                delegator: Delegator::Lrt(0),
                account: acc,
                validators: Validators {
                    client: 0,
                    region: 0,
                    count: 6,
                    effective_balance: 32_000_000_000,
                    slashed_epoch: None,
                    exit_epoch: None,
                    inactivity_score: 0,
                    restaking_slashed_wei: 0,
                },
            }],
            feed: crate::input::scenario::FeedParams::unexposed(),
            slashed_wei: 0,
            allocation_delay_blocks: 0,
            pending_allocations: Vec::new(),
            pending_deregistrations: Vec::new(),
            leave_at_slashed_share: None,
        }
    }

    #[test]
    fn a_deallocation_stays_slashable_for_the_delay() {
        let mut ledger = Ledger::new(1);
        let escrow = ledger.open("escrow");
        let mut op = operator(&mut ledger, eth(100), &[5000, 1000]);
        let m = SlashingModel::UniqueStake;
        assert_eq!(
            op.modify_allocation(0, 0, 10),
            Some(10 + DEALLOCATION_DELAY_BLOCKS)
        );
        op.apply_due_allocations(10 + DEALLOCATION_DELAY_BLOCKS - 1);
        assert_eq!(
            op.slashable_stake(&ledger, 0, m),
            eth(50),
            "still slashable before the delay ends"
        );
        slash_operator(&mut op, &mut ledger, escrow, 0, WAD / 10, m);
        assert_eq!(op.delegated(&ledger), eth(95));
        op.apply_due_allocations(10 + DEALLOCATION_DELAY_BLOCKS);
        assert_eq!(op.slashable_stake(&ledger, 0, m), 0);
        // An increase waits for the operator's allocation delay (0 here: at once).
        assert_eq!(op.modify_allocation(1, WAD / 2, 20), Some(20));
        op.apply_due_allocations(20);
        assert_eq!(op.slashable_stake(&ledger, 1, m), eth(95) / 2 * 100 / 95);
    }

    /// ELIP-002's own example (MODEL.md section 4): 200 tokens, magnitudes 2000/2500/2000 of
    /// 10,000; a 50% slash by the first set leaves 180 tokens split 20/50/40 plus 70 unallocated.
    #[test]
    fn elip_002_example() {
        let mut ledger = Ledger::new(1);
        let escrow = ledger.open("escrow");
        let mut op = operator(&mut ledger, eth(200), &[2000, 2500, 2000]);
        let slashed = slash_operator(
            &mut op,
            &mut ledger,
            escrow,
            0,
            WAD / 2,
            SlashingModel::UniqueStake,
        );
        assert_eq!(slashed, eth(20));
        assert_eq!(op.delegated(&ledger), eth(180));
        let m = SlashingModel::UniqueStake;
        assert_eq!(op.slashable_stake(&ledger, 0, m), eth(20));
        assert_eq!(op.slashable_stake(&ledger, 1, m), eth(50));
        assert_eq!(op.slashable_stake(&ledger, 2, m), eth(40));
        let allocated: u128 = (0..3).map(|a| op.slashable_stake(&ledger, a, m)).sum();
        assert_eq!(op.delegated(&ledger) - allocated, eth(70));
        ledger.check_conservation().unwrap();
    }

    #[test]
    fn shared_model_slashes_whole_stake_and_every_set_sees_it() {
        let mut ledger = Ledger::new(1);
        let escrow = ledger.open("escrow");
        let mut op = operator(&mut ledger, eth(200), &[2000, 2500, 2000]);
        let m = SlashingModel::Shared;
        assert_eq!(op.slashable_stake(&ledger, 1, m), eth(200));
        let slashed = slash_operator(&mut op, &mut ledger, escrow, 0, WAD / 2, m);
        assert_eq!(slashed, eth(100));
        assert_eq!(op.slashable_stake(&ledger, 2, m), eth(100));
    }

    #[test]
    fn unregistered_avs_cannot_slash() {
        let mut ledger = Ledger::new(1);
        let escrow = ledger.open("escrow");
        let mut op = operator(&mut ledger, eth(10), &[5000]);
        assert_eq!(
            slash_operator(&mut op, &mut ledger, escrow, 3, WAD, SlashingModel::Shared),
            0
        );
        assert_eq!(op.delegated(&ledger), eth(10));
    }
}
