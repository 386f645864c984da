//! The user's placed position as plain data, and its value read from the world. Placing it and
//! attributing what happens to it are in [`crate::systems::position`] (MODEL.md sections 3, 4, 6, 8).

use serde::{Deserialize, Serialize};

use crate::base::ledger::{AccountId, Asset};
use crate::base::units::{mul_div, WAD};
use crate::model::restaking::Delegator;
use crate::world::World;

/// How a piece of the position's stake is held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StakeKind {
    /// Own validators (an EigenPod when restaked).
    Native,
    /// A liquid staking token.
    Lst,
}

/// One native stake or LST holding: its delegations are tagged `Delegator::Position(k)` with
/// `k` its index in [`PositionState::stakes`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StakeRef {
    pub kind: StakeKind,
    /// Index in the position's `native` or `lsts` list.
    pub index: usize,
    /// Index of the operator holding its delegations.
    pub operator: usize,
    /// True when delegated to an operator of the scenario (slashable by its AVSs).
    pub restaked: bool,
    /// Stake placed, wei.
    pub principal: u128,
    /// LST protocol fee on staking rewards, bps (0 for native stake).
    pub fee_bps: u128,
}

/// The placed position and what has happened to it so far (wei unless named).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PositionState {
    /// Holds the position's liquid ETH and its LRTs.
    pub holder: AccountId,
    pub stakes: Vec<StakeRef>,
    /// The position's loans: (market, index in the market's positions).
    pub loans: Vec<(usize, usize)>,
    /// ETH supplied to lenders: (market, wei supplied, wei supplied by all lenders at start).
    pub supplies: Vec<(usize, u128, u128)>,
    /// Receives the LST protocols' fees.
    pub lst_fee_account: AccountId,
    /// Loss to EigenLayer slashing, per AVS (index as in the world).
    pub slashed_by_avs: Vec<u128>,
    /// Loss to the consensus layer: initial slashing penalty, correlation penalty, missed
    /// attestations and the inactivity leak.
    pub consensus_loss: u128,
    /// Consensus staking rewards earned (net of LST fees), and AVS rewards earned.
    pub yield_base: u128,
    pub yield_avs: u128,
    /// The same before the first fault of the run.
    pub yield_base_before_shock: u128,
    pub yield_avs_before_shock: u128,
    /// LST fees paid.
    pub lst_fees: u128,
    /// Priced LRT incentives earned: the position's share of what each programme paid into its
    /// LRT's backing ([`crate::systems::incentives`]); absent from the state when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub yield_incentives: u128,
}

fn is_zero(x: &u128) -> bool {
    *x == 0
}

impl PositionState {
    /// The position's stake now (every tagged delegation), wei.
    pub fn stake(&self, w: &World) -> u128 {
        w.operators
            .iter()
            .flat_map(|o| o.delegations.iter())
            .filter(|d| matches!(d.delegator, Delegator::Position(_)))
            .map(|d| w.ledger.balance(d.account, Asset::ETH))
            .sum()
    }

    /// Stake of holding `k`, wei.
    pub fn stake_of(&self, w: &World, k: usize) -> u128 {
        w.operators[self.stakes[k].operator].delegated_by(&w.ledger, Delegator::Position(k as u32))
    }

    /// LRT `i` the position holds or has posted as collateral, wei of shares.
    pub fn lrt_units(&self, w: &World, i: usize) -> u128 {
        let held = w.ledger.balance(self.holder, w.lrts[i].asset);
        let posted: u128 = self
            .loans
            .iter()
            .filter(|(m, _)| w.markets[*m].collateral == i)
            .map(|&(m, p)| w.markets[m].positions[p].collateral)
            .sum();
        held + posted
    }

    /// The position's value, wei: liquid ETH, stake, every LRT unit at NAV (or at the pool's
    /// spot price when `at_market`), each loan's collateral less its debt (at least 0: a loan
    /// left under water is written off), ETH supplied less its share of the market's bad debt.
    pub fn value(&self, w: &World, at_market: bool) -> u128 {
        let price = |i: usize| if at_market { w.price(i) } else { w.nav(i) };
        let mut v = w.ledger.balance(self.holder, Asset::ETH) + self.stake(w);
        for i in 0..w.lrts.len() {
            v += mul_div(
                w.ledger.balance(self.holder, w.lrts[i].asset),
                price(i),
                WAD,
            );
        }
        for &(m, p) in &self.loans {
            let (market, loan) = (&w.markets[m], &w.markets[m].positions[p]);
            v += mul_div(loan.collateral, price(market.collateral), WAD).saturating_sub(loan.debt);
        }
        for &(m, supplied, all) in &self.supplies {
            v += supplied - mul_div(w.markets[m].bad_debt, supplied, all.max(1)).min(supplied);
        }
        v
    }

    /// [`PositionState::value`] at NAV, wei.
    pub fn value_at_nav(&self, w: &World) -> u128 {
        self.value(w, false)
    }

    /// `amount` of LRT `i`'s value scaled by the position's share of its supply, wei.
    pub(crate) fn share_of(&self, w: &World, i: usize, amount: u128) -> u128 {
        let supply = w.ledger.outstanding(w.lrts[i].asset).max(1);
        mul_div(amount, self.lrt_units(w, i), supply)
    }
}
