//! Scenario files: every parameter of a run, named and with its unit (JSON via serde).
//!
//! Amounts of ETH are whole ETH (`*_eth`, integers); fractions that touch money are basis points
//! (`*_bps`, 10,000 = 100%); behavioural fractions (thresholds, probabilities) are floats in
//! `[0, 1]`; durations are blocks of 12 s (`*_blocks`). Unknown fields are refused.
//! Loading reports the JSON path of the first bad field and why (see [`ScenarioError`]).

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How slashable stake is shared between AVSs (MODEL.md section 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlashingModel {
    /// Pre-slashing whitepaper model: every AVS an operator registered with can slash the
    /// operator's whole delegated stake.
    Shared,
    /// ELIP-002 unique stake: each operator set can slash only the magnitude allocated to it.
    UniqueStake,
}

/// What an AVS does; decides its default profit from corruption and how it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AvsKind {
    Oracle,
    DataAvailability,
    Bridge,
    Sequencer,
}

impl AvsKind {
    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            AvsKind::Oracle => "oracle",
            AvsKind::DataAvailability => "data availability",
            AvsKind::Bridge => "bridge",
            AvsKind::Sequencer => "sequencer",
        }
    }
}

/// The on-chain rule an oracle AVS applies to a round with an outlier (MODEL.md section 1, step 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlashRule {
    /// Slash the operators that signed the outlier (the rule does what it should: justified).
    SlashOutlierSigners,
    /// Slash the operators whose value deviates from the stake-weighted majority of signatures.
    /// When most stake followed the bad feed, this slashes the honest minority (unjustified).
    SlashMajorityDeviators,
    /// Never slashes (an AVS without slashing).
    None,
}

/// Which price a lending market uses for the LRT (MODEL.md section 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OracleKind {
    /// The pool's spot price, read at the start of each block: dumps become liquidations.
    MarketPrice,
    /// The stableswap-ng pool's EMA price oracle: dumps reach it with a lag (needs an ng pool).
    Ema,
    /// The LRT's NAV per share (exchange rate): a market dump does not liquidate.
    ExchangeRate,
}

/// A whole run's parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name (a preset name for presets).
    pub name: String,
    /// One paragraph: what this scenario shows.
    #[serde(default)]
    pub description: String,
    /// Shared or unique-stake slashing.
    pub slashing_model: SlashingModel,
    /// Consensus-layer staking yield minted to restaked ETH, basis points per year.
    pub staking_apr_bps: u32,
    pub lrt: LrtParams,
    pub operators: Vec<OperatorParams>,
    pub avss: Vec<AvsParams>,
    pub pool: PoolParams,
    pub lending: LendingParams,
    pub stakers: StakerParams,
    pub loopers: LooperParams,
    pub arbitrageurs: ArbitrageurParams,
    pub liquidators: LiquidatorParams,
    /// If true, operators attack whenever a coalition can profitably corrupt a set of AVSs
    /// (Durvasula and Roughgarden), checked once per epoch.
    #[serde(default)]
    pub rational_attacks: bool,
    /// A cover pool for the first LRT's holders; `null` for none.
    #[serde(default)]
    pub insurance: Option<InsuranceParams>,
    /// The consensus layer under the restaked stake; defaults to a mainnet-like chain.
    #[serde(default)]
    pub consensus: ConsensusParams,
    /// Faults that happen at fixed blocks (more can be injected while running).
    #[serde(default)]
    pub faults: Vec<FaultSpec>,
    /// LRTs beyond the first (`lrt`, `pool`, `stakers`), each with its own pool, holders and
    /// delegation strategy across the same operators (MODEL.md section 6).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_lrts: Vec<ExtraLrtParams>,
    /// Lending markets beyond the first (`lending`, `loopers`), each on the collateral of one
    /// LRT with its own rules and oracle (MODEL.md section 8).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_markets: Vec<MarketParams>,
    /// Your own holdings, placed in the world and measured (the risk playbook,
    /// `docs/PLAYBOOK.md`); `null` for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<crate::input::position::PositionParams>,
    /// LRT incentive programmes (token yield, points), read by the red flags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incentives: Vec<crate::input::scenario::tokens::IncentiveParams>,
    /// Governance tokens and the layers (AVSs, LRTs, lending markets) each controls, read by
    /// the red flags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub governance_tokens: Vec<crate::input::scenario::tokens::GovernanceTokenParams>,
    /// How oracle feed configurations are drawn for operators without a `feed`; `null`: they
    /// never sign an outlier ([`FeedDrawParams`]).
    #[serde(default)]
    pub oracle_feeds: Option<FeedDrawParams>,
}

/// A further LRT: the protocol, its StableSwap pool against ETH, its holders, and the ETH it
/// delegates to each operator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraLrtParams {
    pub lrt: LrtParams,
    pub pool: PoolParams,
    pub stakers: StakerParams,
    /// The LRT's delegation strategy: ETH delegated to each named operator.
    pub delegations: Vec<DelegationParams>,
    /// A cover pool for this LRT's holders; absent or `null` for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurance: Option<InsuranceParams>,
}

/// ETH an LRT delegates to one operator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelegationParams {
    /// Name of an operator in `operators`.
    pub operator: String,
    /// Whole ETH.
    pub eth: u64,
}

/// A further lending market: which LRT it takes as collateral, its rules and its loopers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketParams {
    /// Symbol of the collateral LRT (`lrt.symbol` or one of `extra_lrts[].lrt.symbol`).
    pub collateral: String,
    pub lending: LendingParams,
    pub loopers: LooperParams,
}

/// An insurance (cover) pool for one LRT's holders (MODEL.md section 14).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsuranceParams {
    /// Capital that pays claims, whole ETH.
    pub capital_eth: u64,
    /// Share of each slashing or penalty loss of the LRT's backing that is covered, bps.
    pub covered_bps: u32,
    /// Premium on the covered backing, basis points per year, paid by the LRT each epoch.
    pub premium_apr_bps: u32,
}

/// The Ethereum consensus layer (MODEL.md section 3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsensusParams {
    /// Total active balance of the whole beacon chain, whole ETH (restaked validators included).
    pub total_active_balance_eth: u64,
    /// Balance per validator at start and max effective balance, whole ETH (32 for 0x01
    /// credentials, up to 2048 for 0x02).
    pub validator_balance_eth: u64,
    /// Consensus clients with their share of all Ethereum stake; operators name theirs in
    /// `operators[].client`. A client bug hits that share of the whole chain, which sets the
    /// correlation penalty.
    pub clients: Vec<ClientParams>,
    /// Infrastructure regions with their share of all Ethereum stake.
    pub regions: Vec<RegionParams>,
}

/// A consensus client and how much of all Ethereum stake runs it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientParams {
    pub name: String,
    /// Share of all Ethereum stake running this client, basis points.
    pub network_share_bps: u32,
}

/// A cloud region (or "home stakers") and how much of all Ethereum stake runs there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionParams {
    pub name: String,
    /// Share of all Ethereum stake in this region, basis points.
    pub network_share_bps: u32,
}

impl Default for ConsensusParams {
    /// A mainnet-like chain: T = 34M ETH (MODEL.md section 3 churn example), 32-ETH validators,
    /// five clients and four regions. Client and region shares are rounded assumptions for
    /// teaching (client diversity dashboards showed Prysm and Lighthouse near a third each in
    /// 2024), not measurements.
    fn default() -> Self {
        ConsensusParams {
            total_active_balance_eth: 34_000_000,
            validator_balance_eth: 32,
            clients: [
                ("Lighthouse", 3_300),
                ("Prysm", 3_400),
                ("Teku", 1_500),
                ("Nimbus", 1_000),
                ("Lodestar", 300),
            ]
            .map(|(n, s)| ClientParams {
                name: n.into(),
                network_share_bps: s,
            })
            .to_vec(),
            regions: vec![
                RegionParams {
                    name: "Cloud us-east".into(),
                    network_share_bps: 2_000,
                },
                RegionParams {
                    name: "Cloud eu-central".into(),
                    network_share_bps: 1_500,
                },
                RegionParams {
                    name: "Bare metal eu".into(),
                    network_share_bps: 1_500,
                },
                RegionParams {
                    name: "Home and other".into(),
                    network_share_bps: 5_000,
                },
            ],
        }
    }
}

/// The liquid restaking token (MODEL.md section 6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LrtParams {
    /// Token symbol, e.g. "rsLRT".
    pub symbol: String,
    /// Delay between a redemption request and its claim, blocks (EigenLayer WITHDRAWAL_DELAY is
    /// 100,800 blocks = 14 days).
    pub withdrawal_delay_blocks: u64,
    /// ETH the protocol keeps undelegated for redemptions, whole ETH.
    pub buffer_eth: u64,
    /// If true, LRT governance pauses withdrawals once a slash has lowered NAV by at least
    /// `pause_on_nav_drop_bps`, after `pause_delay_blocks`.
    pub pause_withdrawals_on_slash: bool,
    /// NAV drop that makes governance pause withdrawals, basis points.
    pub pause_on_nav_drop_bps: u32,
    /// Time governance needs to act (vote plus timelock), blocks.
    pub pause_delay_blocks: u64,
    /// Longest a governance withdrawal pause lasts, blocks, counted from the block it takes
    /// effect; the end is announced with the pause. Default 187,200 (26 days: Kelp paused rsETH
    /// withdrawals on 18 April 2026 and reopened them in mid-May, MODEL.md section 9; see
    /// docs/BEHAVIOUR.md).
    #[serde(default = "default_pause_max_blocks")]
    pub pause_max_blocks: u64,
    /// Governance lifts its pause earlier, once the slashing it reacted to is resolved: no slash
    /// request against the LRT is pending and its NAV has not fallen for this many blocks.
    /// Default 50,400 (7 days, EigenLayer SLASH_RESOLUTION_DELAY_BLOCKS, after which slashed
    /// funds are burned or redistributed: the loss is final, MODEL.md section 4).
    #[serde(default = "default_pause_resolution_blocks")]
    pub pause_resolution_blocks: u64,
    /// False for an LRT that cannot be redeemed at all yet (ezETH before May 2024): nobody can
    /// queue a redemption, so the pool is the only exit. Default true.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub withdrawals_enabled: bool,
    /// Without withdrawals, how long arbitrageurs expect to hold a discounted LRT before it can
    /// be redeemed, days; 0 means nobody buys the discount. Ignored with withdrawals.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub expected_unlock_days: u32,
    /// Fee on deposits (shares are minted for the ETH net of it), basis points.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub mint_fee_bps: u32,
    /// Fee kept from redemptions (it stays in the backing, for the remaining holders), basis points.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub redeem_fee_bps: u32,
}

fn yes() -> bool {
    true
}

fn default_pause_max_blocks() -> u64 {
    187_200
}

fn default_pause_resolution_blocks() -> u64 {
    50_400
}

fn default_loss_memory_half_life_blocks() -> u64 {
    14_400
}

fn default_buy_back_fraction() -> f64 {
    0.25
}

fn default_buy_back_min_discount() -> f64 {
    0.005
}

fn default_buy_back_signal_share() -> f64 {
    0.5
}

fn default_lp_return_below_discount_bps() -> u32 {
    50
}

fn default_lp_return_max_move_bps() -> u32 {
    50
}

fn default_lp_return_share_bps() -> u32 {
    1_000
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn default_deviation_tolerance_bps() -> u32 {
    50
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}

/// A scenario that cannot be run: `path` is the JSON path of the field, `reason` says why.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ScenarioError {
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
    #[error("unknown preset '{0}' (known presets: {list})", list = crate::input::presets::NAMES.join(", "))]
    UnknownPreset(String),
}

impl ScenarioError {
    /// The error of a failed typed parse, at the JSON path where it failed (`(top level)` for
    /// the root).
    pub fn from_parse<E: std::fmt::Display>(e: serde_path_to_error::Error<E>) -> Self {
        let path = e.path().to_string();
        ScenarioError::at(
            if path == "." {
                "(top level)".to_string()
            } else {
                path
            },
            e.into_inner().to_string(),
        )
    }

    fn at(path: impl Into<String>, reason: impl Into<String>) -> Self {
        ScenarioError::Invalid {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

mod agents;
mod faults;
mod feeds;
mod lending;
mod network;
mod pool;
pub mod tokens;
mod validate;
pub use agents::*;
pub use faults::*;
pub use feeds::{signed_deviation_bps, FeedClient, FeedDrawParams, FeedParams};
pub use lending::*;
pub use network::*;
pub use pool::*;
pub use validate::MAX_DELAY_BLOCKS;

/// Largest `consensus.total_active_balance_eth`, ETH (about 80 times all ETH in existence; the
/// beacon model keeps balances in `u64` gwei, which overflows above 1.8e10 ETH).
pub const MAX_TOTAL_ACTIVE_BALANCE_ETH: u64 = 10_000_000_000;
/// Largest `loopers.hf_max` (positions are built in wad fixed point, `u128`).
pub const MAX_HEALTH_FACTOR: f64 = 1_000.0;
/// Largest count of arbitrageurs or liquidators (one ledger account each).
pub const MAX_AGENTS: u32 = 100_000;
/// Largest veto committee (one random draw per member per vote).
pub const MAX_VETO_MEMBERS: u32 = 10_000;

/// One LRT of a scenario as the engine sees it, whether it is the first (`lrt`, `pool`,
/// `stakers`) or one of `extra_lrts`; the `*_path` fields are JSON paths for errors.
#[derive(Clone, Debug)]
pub struct LrtSpec<'a> {
    pub lrt: &'a LrtParams,
    pub pool: &'a PoolParams,
    pub stakers: &'a StakerParams,
    pub lrt_path: String,
    pub pool_path: String,
    pub stakers_path: String,
    /// The LRT's cover pool, if any.
    pub insurance: Option<&'a InsuranceParams>,
    /// JSON path of `insurance`.
    pub insurance_path: String,
}

/// One lending market of a scenario, the first (`lending`, `loopers`, on the first LRT) or one
/// of `extra_markets`.
#[derive(Clone, Debug)]
pub struct MarketSpec<'a> {
    /// Symbol of the collateral LRT.
    pub collateral: &'a str,
    pub lending: &'a LendingParams,
    pub loopers: &'a LooperParams,
    pub lending_path: String,
    pub loopers_path: String,
}

impl MarketSpec<'_> {
    /// The market's display name: `lending.name`, or "<collateral> lending market" when empty.
    pub fn name(&self) -> String {
        if self.lending.name.is_empty() {
            format!("{} lending market", self.collateral)
        } else {
            self.lending.name.clone()
        }
    }
}

impl Scenario {
    /// Every LRT, the first one first.
    pub fn lrt_specs(&self) -> Vec<LrtSpec<'_>> {
        let mut v = vec![LrtSpec {
            lrt: &self.lrt,
            pool: &self.pool,
            stakers: &self.stakers,
            lrt_path: "lrt".into(),
            pool_path: "pool".into(),
            stakers_path: "stakers".into(),
            insurance: self.insurance.as_ref(),
            insurance_path: "insurance".into(),
        }];
        for (i, x) in self.extra_lrts.iter().enumerate() {
            v.push(LrtSpec {
                lrt: &x.lrt,
                pool: &x.pool,
                stakers: &x.stakers,
                lrt_path: format!("extra_lrts[{i}].lrt"),
                pool_path: format!("extra_lrts[{i}].pool"),
                stakers_path: format!("extra_lrts[{i}].stakers"),
                insurance: x.insurance.as_ref(),
                insurance_path: format!("extra_lrts[{i}].insurance"),
            });
        }
        v
    }

    /// Every lending market, the first one first.
    pub fn market_specs(&self) -> Vec<MarketSpec<'_>> {
        let mut v = vec![MarketSpec {
            collateral: &self.lrt.symbol,
            lending: &self.lending,
            loopers: &self.loopers,
            lending_path: "lending".into(),
            loopers_path: "loopers".into(),
        }];
        for (i, m) in self.extra_markets.iter().enumerate() {
            v.push(MarketSpec {
                collateral: &m.collateral,
                lending: &m.lending,
                loopers: &m.loopers,
                lending_path: format!("extra_markets[{i}].lending"),
                loopers_path: format!("extra_markets[{i}].loopers"),
            });
        }
        v
    }
}
