//! Who bore the losses and who earned the yield: running totals per layer of the cascade and per
//! staker path (MODEL.md section 16: "yield that grows linearly while exposure grows
//! non-linearly"; sections 3-8 for each layer).
//!
//! The pipeline records each movement where it happens, in wei, from the ledger's own amounts:
//! stake slashed by AVSs (EigenLayer `slashOperator`, MODEL.md section 4) and Ethereum penalties
//! on restaked validators (consensus-specs Electra, section 3) per delegator, from the drop of each
//! delegator's stake across the step that removed it; staking and AVS rewards as they are minted;
//! LRT holders' sales below NAV (section 6); loopers' liquidation bonuses (section 8); and the
//! fate of slashed stake after the resolution delay (burned or redistributed to the AVS).
//! Nothing here changes the world's behaviour: it only adds up.
//!
//! The three staker paths of the seed articles are the three kinds of [`Delegator`]: native
//! restakers (EigenPods), LST restakers (an LST such as stETH deposited into an EigenLayer
//! strategy and delegated) and LRT holders.

use serde::{Deserialize, Serialize};

use crate::base::ledger::{Asset, Ledger};
use crate::model::restaking::{Delegator, Operator};

/// Wei per kind of delegator: native restakers, LST restakers and each LRT (in world order).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ByDelegator {
    pub native: u128,
    pub lst: u128,
    /// One entry per LRT.
    pub lrt: Vec<u128>,
    /// The user's own position's delegations ([`crate::systems::position`]), when the scenario places
    /// one (left out of the state when zero, so worlds without a position hash as before).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub position: u128,
}

fn is_zero(x: &u128) -> bool {
    *x == 0
}

impl ByDelegator {
    /// Zero for every delegator of a world with `lrts` LRTs.
    pub fn zero(lrts: usize) -> Self {
        ByDelegator {
            native: 0,
            lst: 0,
            lrt: vec![0; lrts],
            position: 0,
        }
    }

    /// Stake each delegator has delegated across `operators` now, wei.
    pub fn stake(operators: &[Operator], ledger: &Ledger, lrts: usize) -> Self {
        let mut s = Self::zero(lrts);
        for d in operators.iter().flat_map(|o| o.delegations.iter()) {
            s.add(d.delegator, ledger.balance(d.account, Asset::ETH));
        }
        s
    }

    /// Stake each delegator of `w` has delegated now, wei: the same amounts as
    /// [`ByDelegator::stake`], read from the ledger's running group sums
    /// ([`Delegator::delegated`]) instead of every delegation.
    pub fn of(w: &crate::world::World) -> Self {
        let l = &w.ledger;
        let holdings = w.position.as_ref().map_or(0, |p| p.stakes.len() as u32);
        ByDelegator {
            native: Delegator::Native.delegated(l),
            lst: Delegator::Lst.delegated(l),
            lrt: (0..w.lrts.len() as u32)
                .map(|i| Delegator::Lrt(i).delegated(l))
                .collect(),
            position: (0..holdings)
                .map(|k| Delegator::Position(k).delegated(l))
                .sum(),
        }
    }

    /// Adds `amount` wei to `who`'s entry.
    pub fn add(&mut self, who: Delegator, amount: u128) {
        match who {
            Delegator::Native => self.native += amount,
            Delegator::Lst => self.lst += amount,
            Delegator::Lrt(i) => self.lrt[i as usize] += amount,
            Delegator::Position(_) => self.position += amount,
        }
    }

    /// Adds, per delegator, how far its stake fell from `before` to `after` (0 where it rose).
    pub fn add_drop(&mut self, before: &Self, after: &Self) {
        self.native += before.native.saturating_sub(after.native);
        self.lst += before.lst.saturating_sub(after.lst);
        self.position += before.position.saturating_sub(after.position);
        for (i, x) in self.lrt.iter_mut().enumerate() {
            *x += before.lrt[i].saturating_sub(after.lrt[i]);
        }
    }

    /// Sum over every LRT, wei.
    pub fn lrts(&self) -> u128 {
        self.lrt.iter().sum()
    }

    /// Sum over every delegator, wei.
    pub fn total(&self) -> u128 {
        self.native + self.lst + self.lrts() + self.position
    }
}

/// Running totals since block 0, wei (see the module doc for where each is recorded).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Accounting {
    /// Stake removed by executed AVS slashes (EigenLayer), per delegator.
    pub avs_slashed: ByDelegator,
    /// Ethereum penalties burned from restaked validators, per delegator: the initial slashing
    /// penalty, the correlation penalty, missed-attestation penalties and the inactivity leak.
    pub eth_penalties: ByDelegator,
    /// Consensus staking rewards minted (the scenario's staking APR), per delegator.
    pub staking_yield: ByDelegator,
    /// AVS rewards minted on slashable stake, per delegator.
    pub avs_yield: ByDelegator,
    /// Per LRT: what holders gave up by selling below NAV, `sum(sold * NAV - ETH received)`
    /// over panic and whale sales into the pool (NAV of the block of the sale; a sale at or
    /// above NAV counts 0).
    pub depeg_loss: Vec<u128>,
    /// Per market: loopers' liquidation loss, the incentive paid out of their collateral,
    /// `sum(seized * oracle price - repaid)` over liquidation calls (protocol fee included).
    pub liquidation_loss: Vec<u128>,
    /// Slashed stake paid to AVSs' redistribution accounts after the resolution delay.
    pub redistributed: u128,
    /// Slashed stake burned after the resolution delay.
    pub burned: u128,
    /// Per LRT: priced incentives paid into its backing ([`crate::systems::incentives`]). Empty (and
    /// absent from the state) until one is paid, so worlds without priced incentives keep
    /// their hash.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incentive_yield: Vec<u128>,
}

impl Accounting {
    /// Zero totals for a world with `lrts` LRTs and `markets` lending markets.
    pub fn new(lrts: usize, markets: usize) -> Self {
        Accounting {
            avs_slashed: ByDelegator::zero(lrts),
            eth_penalties: ByDelegator::zero(lrts),
            staking_yield: ByDelegator::zero(lrts),
            avs_yield: ByDelegator::zero(lrts),
            depeg_loss: vec![0; lrts],
            liquidation_loss: vec![0; markets],
            redistributed: 0,
            burned: 0,
            incentive_yield: Vec::new(),
        }
    }

    /// Records `amount` wei of priced incentives paid to LRT `i` (of `depeg_loss.len()` LRTs).
    pub fn add_incentive_yield(&mut self, i: usize, amount: u128) {
        if self.incentive_yield.is_empty() {
            self.incentive_yield = vec![0; self.depeg_loss.len()];
        }
        self.incentive_yield[i] += amount;
    }

    /// Priced incentives paid to LRT `i` so far, wei.
    pub fn incentive_yield_of(&self, i: usize) -> u128 {
        self.incentive_yield.get(i).copied().unwrap_or(0)
    }
}
