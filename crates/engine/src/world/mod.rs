//! The world: every component's state, and how it is built from a scenario and a seed.
//!
//! The world is plain data. [`crate::pipeline::step`] advances it one block; nothing else
//! changes it except [`crate::sim::Sim`] commands, which only schedule faults.
//!
//! The world tier sits between the protocol model and the systems: `World` and the plain data the
//! systems keep in it (agents, accounting, cover pools, incentive programmes, exploits, the user's
//! position state, the typed events of a block). Building it from a scenario is `crate::build`.
//!
//! Architecture Invariant: `world` imports only `base`, `input` and `model`; it holds no prose
//! (narration is `readouts::narrate`, after the block, outside the state hash).

pub mod accounting;
pub mod agents;
pub mod cover;
pub mod events;
pub mod exploits;
pub mod position;
pub mod programmes;

use serde::{Deserialize, Serialize};

use crate::base::digest::Digested;
use crate::base::ledger::{AccountId, Ledger};
use crate::base::rng::Streams;
use crate::base::units::{mul_div, BPS, WAD};
use crate::input::scenario::{Fault, SlashingModel};
use crate::model::avs::{Avs, SlashRequest};
use crate::model::consensus::Beacon;
use crate::model::lending::LendingMarket;
use crate::model::lrt::Lrt;
use crate::model::pool::Pool;
use crate::model::restaking::{Delegator, Operator};
use agents::{
    Arbitrageur, AttentionSchedule, Holder, Liquidator, LiquidatorRule, SlowCapital, ThresholdIndex,
};

/// Slashed stake waiting for the slash resolution delay before it is burned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EscrowedSlash {
    /// Wei to burn (or redistribute).
    pub amount: u128,
    /// The AVS's redistribution account, or `None` to burn.
    pub recipient: Option<AccountId>,
    /// Block at which it is burned.
    pub burn_at: u64,
}

/// A whale's sale in progress (the `WhaleSale` fault): LRT `lrt` sold from the other holders'
/// balance, `per_block` LRT wei each block until `left` is 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhaleSale {
    pub lrt: usize,
    pub per_block: u128,
    pub left: u128,
}

/// A fault waiting for its block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduledFault {
    pub at_block: u64,
    pub fault: Fault,
}

/// Running totals for the metrics, wei unless named.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// EigenLayer slashes plus Ethereum slashing penalties (initial and correlation), wei.
    pub slashed: u128,
    /// Ethereum penalties for missed attestations and the inactivity leak, wei.
    pub beacon_penalties: u128,
    pub liquidated_debt: u128,
    pub liquidations: u64,
    pub panic_sold_lrt: u128,
    pub whale_sold_lrt: u128,
    /// LRT minted at NAV by arbitrageurs and sold at a premium, wei.
    pub minted_and_sold_lrt: u128,
    pub vetoed_slashes: u32,
    pub executed_slashes: u32,
    /// Unjustified slash requests filed by misfiring AVS rules ([`crate::systems::ambiguity`]); absent
    /// from the state when 0 (so are the totals below).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub over_slash_requests: u32,
    /// Justified slashes an AVS failed to request ([`crate::systems::ambiguity`]).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub missed_slashes: u32,
    /// Epochs of operator misbehaviour for MEV ([`crate::systems::mev`]).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub mev_misbehaviours: u32,
    /// MEV captured by misbehaving operators, wei ([`crate::systems::mev`]).
    #[serde(default, skip_serializing_if = "is_zero_u128")]
    pub mev_captured: u128,
    /// Epochs of MEV misbehaviour the AVS caught (each files a justified slash request).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub mev_caught: u32,
    /// Stake removed by executed unjustified slashes (the rule flagged an operator that did
    /// nothing: over-slashing misfires and majority rules that slash the honest minority), wei.
    #[serde(default, skip_serializing_if = "is_zero_u128")]
    pub over_slashed: u128,
}

fn is_zero_u32(x: &u32) -> bool {
    *x == 0
}

fn is_zero_u128(x: &u128) -> bool {
    *x == 0
}

/// Everything that changes during a run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct World {
    /// Last block run (0 before the first).
    pub block: u64,
    pub model: SlashingModel,
    pub staking_apr_bps: u128,
    pub ledger: Ledger,
    /// Slashed stake waits here until it is burned.
    pub slash_escrow: AccountId,
    /// LRT held by holders outside the model (CEXs, treasuries), so NAV starts at 1.
    pub passive_holders: AccountId,
    pub operators: Vec<Operator>,
    pub avss: Vec<Avs>,
    pub beacon: Beacon,
    /// The LRTs; LRT `i` is ledger asset `i + 1` and trades in `pools[i]`.
    pub lrts: Vec<Lrt>,
    /// One StableSwap pool per LRT, against ETH.
    pub pools: Vec<Pool>,
    /// The lending markets, each on one LRT's collateral.
    pub markets: Vec<LendingMarket>,
    /// The LRT holders, fixed when the world is built: digested once for the state hash, by
    /// chunks ([`Digested`]; a mutable borrow drops the digest).
    pub holders: Digested<Holder>,
    pub arbitrageurs: Vec<Arbitrageur>,
    pub liquidators: Vec<Liquidator>,
    /// Slash requests inside their veto window.
    pub slash_requests: Vec<SlashRequest>,
    pub escrowed: Vec<EscrowedSlash>,
    pub faults: Vec<ScheduledFault>,
    /// Slashing-term upgrades waiting for their timelock: (block, AVS, new slash wad).
    pub pending_upgrades: Vec<(u64, usize, u128)>,
    /// Whale sales in progress.
    pub whale_sales: Vec<WhaleSale>,
    /// Receives liquidity that LPs pull from the pools.
    pub lp_account: AccountId,
    /// Each LRT's cover pool, if it has one (one entry per LRT).
    pub insurance: Vec<Option<cover::Insurance>>,
    /// Block of the first fault, once one happened.
    pub first_fault_block: Option<u64>,
    pub liquidator_rounds: u32,
    /// Liquidators size liquidations to the pool's depth (scenario `liquidators.partial`).
    pub partial_liquidations: bool,
    /// Liquidators' required return, expected pause and flash-loan repayment (scenario
    /// `liquidators`).
    pub liquidator_rule: LiquidatorRule,
    /// Holder behaviour per LRT.
    pub holder_rules: Vec<HolderRule>,
    /// When each panicking holder next pays attention ([`crate::systems::agents::holders::decide`]).
    #[serde(default)]
    pub attention: AttentionSchedule,
    pub arb_rule: ArbRule,
    pub streams: Streams,
    /// Carry out profitable attacks (scenario `rational_attacks`).
    pub rational_attacks: bool,
    /// Network-level security at the last epoch (Durvasula and Roughgarden): no profitable
    /// coalition, and the slack gamma (infinite when no coalition can attack at all).
    pub network_secure: bool,
    pub network_slack: f64,
    pub totals: Totals,
    /// Who bore the losses and who earned the yield, per layer and per staker path.
    pub accounting: accounting::Accounting,
    /// MEV captured by misbehaving operators is minted here ([`crate::systems::mev`]); `None` (and
    /// absent from the state) unless some AVS offers MEV.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mev_account: Option<AccountId>,
    /// Incentive programmes that move money (priced yield or mercenary capital), in scenario
    /// order ([`crate::systems::incentives`]); absent from the state when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incentives: Vec<programmes::Programme>,
    /// The user's own position, when the scenario places one ([`crate::systems::position`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<position::PositionState>,
    /// Bridge exploits in progress or done ([`crate::systems::bridge`]); absent from the state when
    /// empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bridge_exploits: Vec<exploits::Exploit>,
    /// Derived data, not state: holders sorted by panic threshold, built on first use
    /// ([`crate::systems::agents::holders::decide`]). Not serialised: the state hash does not see it.
    #[serde(skip)]
    pub holder_index: crate::base::derived::Derived<ThresholdIndex>,
    /// Derived data, not state: every operator's delegation accounts in one list, built on first
    /// use ([`crate::readouts::metrics::delegated_stakes`]) and again when an operator has a
    /// delegation more. Not serialised: the state hash does not see it.
    #[serde(skip)]
    pub delegation_index: crate::base::derived::Derived<crate::model::restaking::DelegationIndex>,
}

/// Holder behaviour, from the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HolderRule {
    pub attention_per_block: f64,
    pub sell_fraction: f64,
    pub pending_slash_weight: f64,
    /// Share of the gap between holders' reference NAV and today's NAV kept each block:
    /// `0.5^(1 / loss_memory_half_life_blocks)`.
    #[serde(default)]
    pub loss_memory_decay: f64,
    #[serde(default)]
    pub buy_back_fraction: f64,
    #[serde(default)]
    pub buy_back_min_discount: f64,
    #[serde(default)]
    pub buy_back_signal_share: f64,
    /// [`crate::input::scenario::StakerParams::contagion_weight`], fraction; absent from the state
    /// when 0.
    #[serde(default, skip_serializing_if = "crate::base::units::is_zero_f64")]
    pub contagion_weight: f64,
    /// [`crate::input::scenario::StakerParams::contagion_floor`], fraction; absent when 0.
    #[serde(default, skip_serializing_if = "crate::base::units::is_zero_f64")]
    pub contagion_floor: f64,
}

/// Arbitrageur behaviour, from the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArbRule {
    pub max_trade: u128,
    pub required_return_apr: f64,
    pub uncertainty_premium: f64,
    pub expected_pause_days: Option<f64>,
    /// [`crate::input::scenario::ArbitrageurParams::mint_margin`], fraction.
    pub mint_margin: f64,
    /// Slow-moving capital ([`crate::systems::agents::arbitrageurs::SlowCapital`]); absent from the
    /// state (and so from its hash) when all capital is at hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slow_capital: Option<SlowCapital>,
}

impl World {
    /// NAV per share of LRT `i`, wad.
    pub fn nav(&self, i: usize) -> u128 {
        self.lrts[i].nav(&self.ledger)
    }

    /// Pool spot price of LRT `i`, wad.
    pub fn price(&self, i: usize) -> u128 {
        self.pools[i].lrt_price()
    }

    /// Discount of LRT `i`'s pool price to its NAV, basis points rounded down; 0 at or above NAV.
    pub fn discount_bps(&self, i: usize) -> u128 {
        let (nav, price) = (self.nav(i).max(1), self.price(i));
        if price < nav {
            (nav - price) * BPS / nav
        } else {
            0
        }
    }

    /// Expected loss of LRT `i`'s NAV from slash requests still inside their veto window, as a
    /// fraction (what holders and arbitrageurs price in before a slash executes); see
    /// [`World::pending_slash_losses`], which gives every LRT's at once.
    pub fn pending_slash_loss(&self, i: usize) -> f64 {
        self.pending_slash_losses()[i]
    }

    /// Per LRT, the expected loss of its NAV from slash requests inside their veto window, as a
    /// fraction: `sum over requests of slashable * (LRT's delegation / operator's delegated) *
    /// slash wad / backing` (0 for an LRT with no backing). One pass over the requests and
    /// each requested operator's delegations serves every LRT.
    pub fn pending_slash_losses(&self) -> Vec<f64> {
        let n = self.lrts.len();
        if self.slash_requests.is_empty() {
            return vec![0.0; n];
        }
        let mut at_risk = vec![0u128; n];
        let mut parts = vec![0u128; n];
        for r in &self.slash_requests {
            let op = &self.operators[r.operator];
            let slashable = op.slashable_stake(&self.ledger, r.avs, self.model);
            let delegated = op.delegated(&self.ledger).max(1);
            parts.iter_mut().for_each(|p| *p = 0);
            for d in &op.delegations {
                if let Delegator::Lrt(i) = d.delegator {
                    parts[i as usize] += self
                        .ledger
                        .balance(d.account, crate::base::ledger::Asset::ETH);
                }
            }
            for (risk, &part) in at_risk.iter_mut().zip(&parts) {
                if part > 0 {
                    *risk += mul_div(mul_div(slashable, part, delegated), r.wad, WAD);
                }
            }
        }
        (0..n)
            .map(|i| match self.lrts[i].backing(&self.ledger) {
                0 => 0.0,
                backing => at_risk[i] as f64 / backing as f64,
            })
            .collect()
    }
}
