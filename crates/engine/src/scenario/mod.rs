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
    pub position: Option<crate::position::PositionParams>,
    /// LRT incentive programmes (token yield, points), read by the red flags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incentives: Vec<crate::redflags::IncentiveParams>,
    /// Governance tokens and the layers (AVSs, LRTs, lending markets) each controls, read by
    /// the red flags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub governance_tokens: Vec<crate::redflags::GovernanceTokenParams>,
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

/// An insurance (cover) pool for one LRT's holders (MODEL.md section 1).
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

/// One operator and the stake delegated to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorParams {
    pub name: String,
    /// Stake the LRT protocol delegates to this operator, whole ETH.
    pub lrt_delegation_eth: u64,
    /// Stake native restakers (EigenPods) delegate to this operator, whole ETH.
    pub native_delegation_eth: u64,
    /// LST restaked in EigenLayer strategies and delegated to this operator, whole ETH of LST
    /// (e.g. stETH): slashable by the operator's AVSs, but its validators are the LST's, not the
    /// operator's, so Ethereum penalties of the operator's validators do not reach it. Default 0
    /// (always written, so the editor shows it for every operator).
    #[serde(default)]
    pub lst_delegation_eth: u64,
    /// Deprecated (kept so old files load): true means a node that reads only the faulty
    /// source, [`FeedParams::single_faulty_source`]. Not written; refused together with `feed`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub follows_faulty_feed: bool,
    /// Its oracle node's configuration; `null`: drawn from the scenario's `oracle_feeds`, or
    /// [`FeedParams::unexposed`] when there is none.
    #[serde(default)]
    pub feed: Option<FeedParams>,
    /// Consensus client of its validators (a name in `consensus.clients`); default: the first.
    #[serde(default)]
    pub client: Option<String>,
    /// Region of its validators (a name in `consensus.regions`); default: the first.
    #[serde(default)]
    pub region: Option<String>,
    /// EigenLayer ALLOCATION_DELAY chosen by the operator: blocks before a magnitude increase
    /// becomes slashable (several operators chose 0).
    #[serde(default)]
    pub allocation_delay_blocks: u64,
    /// AVS registrations with the magnitude allocated to each (unique stake), basis points of
    /// the operator's max magnitude; the sum must not exceed 10,000. Under the shared model the
    /// magnitude is ignored: every registered AVS can slash the whole stake.
    pub allocations: Vec<AllocationParams>,
}

/// An operator's registration with one AVS (its operator set).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationParams {
    /// Name of the AVS.
    pub avs: String,
    /// Magnitude allocated to the AVS's operator set, basis points of max magnitude.
    pub magnitude_bps: u32,
}

/// An actively validated service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvsParams {
    pub name: String,
    pub kind: AvsKind,
    /// Value an attacker could take by corrupting the service (e.g. bridge TVL), whole ETH.
    pub profit_from_corruption_eth: u64,
    /// Share of the service's stake an attacker must control to corrupt it (alpha_s in
    /// Durvasula and Roughgarden), in `(0, 1]`.
    pub corruption_threshold: f64,
    /// Rewards paid to slashable stake, basis points per year.
    pub reward_apr_bps: u32,
    /// What the AVS slashes when a round goes wrong.
    pub slash_rule: SlashRule,
    /// Share of the slashable stake taken from each flagged operator, basis points.
    pub slash_bps: u32,
    /// Oracle AVSs: the rule flags a signed value only when it is more than this far from the
    /// rule's reference (the true value, or the stake-weighted median of the reports), bps,
    /// 0 to 10,000. Default 50: Chainlink's deviation threshold of its ETH/USD feeds (0.5%),
    /// the move its own nodes treat as a real price change.
    #[serde(default = "default_deviation_tolerance_bps")]
    pub deviation_tolerance_bps: u32,
    /// Slashing terms that scale with the deviation: a flagged operator loses `slash_bps *
    /// min(1, deviation / slash_full_at_deviation_bps)`; `null` (default): `slash_bps` whatever
    /// the deviation. 1 to 10,000.
    #[serde(default)]
    pub slash_full_at_deviation_bps: Option<u32>,
    /// Veto committee that can cancel a slash inside its window; `null` for none.
    pub veto: Option<VetoParams>,
    /// If true, the AVS slashes (by `slash_bps`) every operator whose validators are slashed on
    /// Ethereum (AVSs that mirror Ethereum slashing).
    #[serde(default)]
    pub mirrors_beacon_slashing: bool,
    /// Delay before an upgrade of its slashing terms takes effect, blocks; `null` when the AVS
    /// has no upgrade keys, 0 for keys without a timelock.
    #[serde(default)]
    pub upgrade_timelock_blocks: Option<u64>,
    /// If true, slashed stake is redistributed to the AVS (EigenLayer redistributable operator
    /// sets) after the slash resolution delay instead of being burned.
    #[serde(default)]
    pub redistribute_slashed: bool,
    /// An emergency council that pauses slashing when one block's requests are large; `null`
    /// for none (e.g. a 5-of-9 council that can pause slashing for 72 h, MODEL.md section 4).
    #[serde(default)]
    pub emergency_pause: Option<EmergencyPauseParams>,
    /// Over-slashing (MODEL.md section 1: "over-slashing from vague rules"): probability per
    /// epoch that the AVS's rule misfires and requests a `slash_bps` slash of one registered
    /// operator that did nothing (an unjustified request; a veto committee may catch it), in
    /// `[0, 1]`. Default 0.
    #[serde(default)]
    pub over_slashing_rate: f64,
    /// Under-slashing: probability that the AVS misses a real fault, so a justified slash it
    /// should request is never requested, in `[0, 1)`. An attacker then loses its stake only
    /// with probability `1 - under_slashing_rate`, which lowers the expected cost of corruption.
    /// Default 0.
    #[serde(default)]
    pub under_slashing_rate: f64,
    /// A cross-domain incentive (MEV): operators gain by misbehaving on this AVS (e.g.
    /// censoring its transactions) and risk its slash; `null` for none.
    #[serde(default)]
    pub mev: Option<MevParams>,
}

/// MEV or another reward an operator can take by misbehaving on an AVS (seed articles: "MEV /
/// cross-domain incentive conflicts"). Each epoch an operator registered with the AVS compares
/// the gain of one epoch of misbehaviour (profit from corruption at the operator's scale) with
/// its expected slash there, `detection_probability * (1 - under_slashing_rate) * slash_bps *
/// slashable stake` (its expected cost of corruption); where the gain is larger it misbehaves
/// with probability `propensity`, and is caught (a justified slash request) with probability
/// `detection_probability`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MevParams {
    /// Gain per block of misbehaviour, gwei (1,000,000,000 gwei = 1 ETH).
    pub opportunity_gwei_per_block: u64,
    /// Probability per epoch of misbehaviour that the AVS detects it, in `[0, 1]`.
    pub detection_probability: f64,
    /// Probability per epoch that an operator for whom misbehaving pays does it, in `[0, 1]`.
    pub propensity: f64,
}

/// An AVS's emergency pause of slashing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmergencyPauseParams {
    /// Share of the AVS's slashable stake requested in one block that triggers the pause, bps.
    pub trigger_bps: u32,
    /// Blocks the council needs (vote plus any timelock) before the pause takes effect.
    pub delay_blocks: u64,
    /// How long slashing stays paused, blocks; requests due meanwhile are cancelled.
    pub duration_blocks: u64,
}

/// A veto committee (EigenLayer whitepaper; Symbiotic VetoSlasher).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VetoParams {
    /// Committee size.
    pub members: u32,
    /// Votes needed to veto.
    pub quorum: u32,
    /// Blocks between a slash request and its execution, during which a veto cancels it.
    pub window_blocks: u64,
    /// Probability that one member votes to veto a slash the committee judges unjustified.
    pub p_veto_unjustified: f64,
    /// Probability that one member votes to veto a justified slash (an error).
    pub p_veto_justified: f64,
}

/// The LRT/ETH Curve StableSwap pool (MODEL.md section 7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolParams {
    /// ETH side at start, whole ETH.
    pub eth_liquidity_eth: u64,
    /// LRT side at start, whole LRT.
    pub lrt_liquidity: u64,
    /// The contract's amplification A (before A_PRECISION).
    pub amp: u32,
    /// Swap fee over 1e10 (4,000,000 = 0.04%).
    pub fee: u64,
    /// Share of the fee kept by the admin over 1e10 (5,000,000,000 = 50%).
    pub admin_fee: u64,
    /// Liquidity providers who pull depth when the peg breaks; `null` for LPs who stay.
    #[serde(default)]
    pub lps: Option<LpParams>,
    /// Legacy StableSwap (default) or stableswap-ng.
    #[serde(default)]
    pub variant: PoolVariant,
}

/// Which Curve pool contract the pool follows (MODEL.md section 7).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PoolVariant {
    /// curvefi/curve-contract StableSwapSTETH.vy: fixed fee, no oracle.
    #[default]
    Legacy,
    /// curvefi/stableswap-ng: dynamic off-peg fee, EMA price oracle, optional rate oracle.
    Ng {
        /// Off-peg fee multiplier over 1e10 (20,000,000,000 = 2x).
        offpeg_fee_multiplier: u64,
        /// EMA time constant of the price oracle, seconds (866 s in many ng pools).
        ma_exp_time_s: u64,
        /// If true, the LRT's balance is scaled by its NAV (a rate oracle), so the pool pegs to
        /// NAV rather than to 1 ETH.
        rate_oracle: bool,
    },
}

/// Liquidity providers who withdraw when the discount grows (MODEL.md section 7: "liquidity
/// providers pull depth").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LpParams {
    /// Discount of price to NAV at which LPs start to withdraw, basis points.
    pub withdraw_at_discount_bps: u32,
    /// Share of the remaining liquidity withdrawn each time, basis points.
    pub withdraw_share_bps: u32,
    /// Blocks between two withdrawals while the discount lasts.
    pub every_blocks: u64,
    /// LPs stop once this share of the starting liquidity is gone, basis points.
    pub max_withdrawn_bps: u32,
    /// LPs bring back what they withdrew once the discount to NAV is at most this, basis
    /// points. Default 50 (stETH traded 30-60 bps below ETH in calm stress, July 2025,
    /// MODEL.md section 9).
    #[serde(default = "default_lp_return_below_discount_bps")]
    pub return_below_discount_bps: u32,
    /// ...and the price moved at most this much over the last `every_blocks` (volatility),
    /// basis points. Default 50.
    #[serde(default = "default_lp_return_max_move_bps")]
    pub return_max_move_bps: u32,
    /// Share of the starting liquidity that LPs bring back each time, at most what they withdrew
    /// and still hold, basis points. Default 1,000 (the step `withdraw_share_bps` uses).
    #[serde(default = "default_lp_return_share_bps")]
    pub return_share_bps: u32,
}

/// An Aave v3 style lending market: LRT collateral, ETH debt (MODEL.md section 8).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LendingParams {
    /// Aave v3 style (close factor, bonus, protocol fee) or Morpho Blue style (LLTV, incentive
    /// factor from the LLTV, no close factor, bad debt socialised). Default: Aave v3.
    #[serde(default)]
    pub style: MarketStyle,
    /// Maximum loan-to-value for new borrows, basis points.
    pub ltv_bps: u32,
    /// Liquidation threshold, basis points: liquidatable when health factor < 1.
    pub liquidation_threshold_bps: u32,
    /// Liquidation bonus paid to liquidators, basis points of the repaid debt.
    pub liquidation_bonus_bps: u32,
    /// Close factor, basis points of the debt one liquidation may repay (Aave: 5,000).
    pub close_factor_bps: u32,
    /// Health factor at or below which the whole debt may be repaid at once (Aave: 0.95).
    pub full_close_hf: f64,
    /// Share of the liquidation bonus taken by the protocol, basis points (Aave: 1,000).
    pub protocol_fee_bps: u32,
    /// Price source for the LRT.
    pub oracle: OracleKind,
    /// ETH supplied by lenders and not borrowed at start, whole ETH.
    pub idle_liquidity_eth: u64,
    /// The lender's risk governance; `null` for none.
    #[serde(default)]
    pub governance: Option<LenderGovernanceParams>,
    /// Display name, e.g. "Morpho ezETH/WETH 86%"; empty for "<LRT> lending market".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Aave v3 efficiency mode for correlated assets: loopers borrow in the E-mode category, whose
    /// LTV, liquidation threshold and bonus replace the market's. `null` for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emode: Option<EModeParams>,
    /// Aave v3 supply cap on the collateral, whole LRT: the loopers' collateral may not exceed
    /// it. `null` for no cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply_cap_lrt: Option<u64>,
    /// Growth cap of an exchange-rate oracle (Aave's correlated-asset price oracle, CAPO): the
    /// price is at most the starting rate grown by this much per year, basis points. `null` for
    /// no cap; ignored by other oracles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_growth_cap_bps_per_year: Option<u32>,
}

/// An Aave v3 E-mode category (all basis points).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EModeParams {
    pub ltv_bps: u32,
    pub liquidation_threshold_bps: u32,
    pub liquidation_bonus_bps: u32,
}

impl LendingParams {
    /// The LTV, liquidation threshold and bonus that apply to the collateral, basis points:
    /// the E-mode category's when there is one.
    pub fn effective_terms(&self) -> (u32, u32, u32) {
        match &self.emode {
            Some(e) => (
                e.ltv_bps,
                e.liquidation_threshold_bps,
                e.liquidation_bonus_bps,
            ),
            None => (
                self.ltv_bps,
                self.liquidation_threshold_bps,
                self.liquidation_bonus_bps,
            ),
        }
    }
}

/// Which lending protocol's liquidation rules a market follows (MODEL.md section 8).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarketStyle {
    /// Aave v3: liquidation threshold, bonus, 50% close factor (100% at HF <= 0.95), protocol fee.
    #[default]
    AaveV3,
    /// Morpho Blue: `liquidation_threshold_bps` is the LLTV; the incentive factor is
    /// `min(1.15, 1 / (1 - 0.3 * (1 - LLTV)))`; the whole debt may be repaid; no protocol fee;
    /// `liquidation_bonus_bps`, `close_factor_bps`, `full_close_hf` and `protocol_fee_bps` are ignored.
    MorphoBlue,
}

/// What the lender's governance does when the LRT's discount to NAV passes a threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LenderGovernanceParams {
    /// Discount of price to NAV that triggers the action, basis points.
    pub trigger_discount_bps: u32,
    /// Vote plus timelock before the action takes effect, blocks.
    pub delay_blocks: u64,
    pub action: LenderAction,
}

/// A lender governance action (Aave v3 risk admin / guardian powers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LenderAction {
    /// Freeze the reserve: no new borrows or supply; liquidations go on.
    Freeze,
    /// Pause the reserve: nothing moves, liquidations included (bad debt may build up).
    Pause,
    /// Set a new liquidation threshold (and cap the LTV at it), basis points.
    SetLiquidationThreshold { liquidation_threshold_bps: u32 },
}

/// LRT holders who panic-sell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StakerParams {
    /// Number of holder agents.
    pub count: u32,
    /// LRT they hold together, whole LRT (split unevenly by the setup stream).
    pub total_lrt: u64,
    /// Smallest panic threshold: loss signal (price below pre-fault NAV, or expected slash
    /// loss) at which a holder starts selling, as a fraction.
    pub panic_threshold_min: f64,
    /// Largest panic threshold, as a fraction.
    pub panic_threshold_max: f64,
    /// Probability per block that a panicking holder acts.
    pub attention_per_block: f64,
    /// Share of its LRT a holder sells each time it acts, fraction.
    pub sell_fraction: f64,
    /// Smallest discount a panicking holder accepts on the pool, against the NAV expected once
    /// pending slashes execute; past its own limit it queues a redemption instead (or waits
    /// while withdrawals are paused), fraction.
    pub max_discount_min: f64,
    /// Largest such limit, fraction.
    pub max_discount_max: f64,
    /// Weight holders give the expected loss of slashes still inside their veto window
    /// (a pending slash may yet be vetoed), fraction.
    pub pending_slash_weight: f64,
    /// Half-life of holders' memory of a NAV loss, blocks: the reference NAV they compare
    /// today's NAV with falls toward it by half every this many blocks, so a realised slash
    /// frightens for days, not forever. Default 14,400 (2 days; assumption, see
    /// docs/BEHAVIOUR.md). Arbitrageurs price their uncertainty from the same memory.
    #[serde(default = "default_loss_memory_half_life_blocks")]
    pub loss_memory_half_life_blocks: u64,
    /// Share of its ETH a holder who sold (or redeemed) puts back into the LRT each time it
    /// pays attention once it is calm again, fraction. Default 0.25 (as `sell_fraction`).
    #[serde(default = "default_buy_back_fraction")]
    pub buy_back_fraction: f64,
    /// Smallest discount to NAV at which a calm holder buys back, fraction. Default 0.005.
    #[serde(default = "default_buy_back_min_discount")]
    pub buy_back_min_discount: f64,
    /// A holder is calm again (confidence back) once its loss signal is at most this share of
    /// its panic threshold, fraction. Default 0.5.
    #[serde(default = "default_buy_back_signal_share")]
    pub buy_back_signal_share: f64,
}

/// Leveraged loopers: deposit LRT, borrow ETH, buy more LRT (MODEL.md section 8).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LooperParams {
    pub count: u32,
    /// LRT posted as collateral together without looping, whole LRT (split evenly).
    #[serde(default)]
    pub total_collateral_lrt: u64,
    /// The loopers' risk appetite: the health factor each one targets when it opens its loop,
    /// spread evenly over `[hf_min, hf_max]` (DeFi Saver-style automation targets a ratio;
    /// docs/BEHAVIOUR.md). A looper borrows `min(LT / hf, LTV)` of its collateral's value, so a
    /// lower LTV caps the most leveraged loopers.
    pub hf_min: f64,
    pub hf_max: f64,
    /// LRT the loopers bring of their own (equity), whole LRT, split evenly. Each looper loops
    /// its share to its debt ratio `r` (deposit, borrow, buy, deposit again): collateral
    /// `equity / (1 - r)`, so the market's LTV and liquidation threshold decide how much
    /// leverage, collateral and debt exist. Default 0 (positions given by
    /// `total_collateral_lrt` alone).
    #[serde(default)]
    pub total_equity_lrt: u64,
}

impl LooperParams {
    /// Each looper's collateral (LRT wei) and debt ratio (debt over collateral value at the
    /// opening price, wad), for a market with `ltv_bps` and `liquidation_threshold_bps`: looper
    /// `i` targets health factor `hf_min + (hf_max - hf_min) i / (count - 1)`, borrows
    /// `r = min(LT / hf, LTV)` and loops its equity share to `equity / (1 - r)` on top of its
    /// share of `total_collateral_lrt`. Shares are floored; the dust stays with other holders.
    pub fn positions(&self, ltv_bps: u32, liquidation_threshold_bps: u32) -> Vec<(u128, u128)> {
        let n = self.count as u128;
        let share = |total: u64| {
            (total as u128 * crate::units::WAD)
                .checked_div(n)
                .unwrap_or(0)
        };
        let (fixed, equity) = (
            share(self.total_collateral_lrt),
            share(self.total_equity_lrt),
        );
        let wad = crate::units::WAD;
        let ltv = ltv_bps as u128 * wad / 10_000;
        (0..self.count)
            .map(|i| {
                let t = if n > 1 {
                    i as f64 / (n - 1) as f64
                } else {
                    0.0
                };
                let hf = self.hf_min + (self.hf_max - self.hf_min) * t;
                let hf_wad = (hf * 1e9) as u128 * 1_000_000_000;
                let r = (liquidation_threshold_bps as u128 * wad / 10_000 * wad / hf_wad).min(ltv);
                let looped = crate::units::mul_div(equity, wad, wad - r.min(wad - 1));
                (fixed + looped, r)
            })
            .collect()
    }

    /// All loopers' collateral together, LRT wei ([`LooperParams::positions`]).
    pub fn collateral_wei(&self, ltv_bps: u32, liquidation_threshold_bps: u32) -> u128 {
        self.positions(ltv_bps, liquidation_threshold_bps)
            .iter()
            .map(|p| p.0)
            .sum()
    }
}

/// Arbitrageurs who buy the discount and redeem through the queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArbitrageurParams {
    pub count: u32,
    /// ETH each one can commit, whole ETH.
    pub capital_eth: u64,
    /// Largest purchase per block, whole ETH.
    pub max_trade_eth: u64,
    /// Return required for capital locked in the queue, per year, as a fraction.
    pub required_return_apr: f64,
    /// Extra return required per unit of expected pending slash loss (uncertainty), multiplier.
    pub uncertainty_premium: f64,
    /// While withdrawals are paused, days arbitrageurs expect the pause still to last: they buy
    /// a discount deep enough to pay for the withdrawal delay plus this wait (and hold what
    /// they buy until the pause ends). `null` (default): the pause's announced end (a fault's
    /// duration, or governance's `pause_max_blocks`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_pause_days: Option<f64>,
    /// Premium over NAV that a mint-and-sell must still earn after its own price impact and the
    /// mint fee, fraction; range 0 to 0.1. Default 0.001 (10 bps): the order of a Curve swap
    /// fee (stableswap-ng pools of LSTs charge 1-4 bps) plus gas and the risk of NAV moving
    /// before the mint settles; an assumption, not fitted. Lower means the pool price follows
    /// NAV down more closely after a slash.
    #[serde(default = "default_mint_margin")]
    pub mint_margin: f64,
}

fn default_mint_margin() -> f64 {
    0.001
}

/// Liquidators: repay debt, seize LRT, and sell it into a pool or hold it and redeem it through
/// the LRT's queue, whichever pays (see [`crate::agents::liquidators`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiquidatorParams {
    pub count: u32,
    /// ETH each one holds to repay debt and to hold seized LRT while it is redeemed, whole ETH.
    pub capital_eth: u64,
    /// Upper bound on liquidation rounds per block (each round can move the pool).
    pub max_rounds_per_block: u32,
    /// If true, a liquidator whose whole seizure would sell in the pool for less than it repays
    /// liquidates a smaller part (halving the amount up to 8 times), as Morpho and Aave allow;
    /// if false it liquidates the most it may or nothing. Default false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// Return a liquidator requires on capital tied up while seized LRT is redeemed through the
    /// queue (withdrawal delay plus the expected pause), per year, fraction; range 0 to 10.
    /// It sets the price below which a liquidator keeps seized LRT instead of selling it:
    /// `NAV * (1 - redeem fee) * (1 - pending slash loss) * (1 - required_return_apr * days / 365)`.
    /// Default 0.10: capital of specialised arbitrageurs is scarce and its owners demand a
    /// premium over the ~3% ETH lending rate for positions that can get worse before they
    /// converge (limits of arbitrage, Shleifer and Vishny 1997, J. Finance 52(1)); the same value
    /// as the arbitrageurs' required return in the presets. An assumption, not fitted.
    #[serde(default = "default_liquidator_required_return")]
    pub required_return_apr: f64,
    /// Days liquidators expect an LRT's withdrawal pause to last when governance has set no end
    /// block, days; range 0 to 3,650. Default 30: an assumption, not fitted (MODEL.md section 6
    /// records that a protocol may pause withdrawals but no pause length; a month is the order
    /// of a governance review after a slash); when the pause has an end block, the liquidators
    /// use the days left to it instead.
    #[serde(default = "default_liquidator_pause_days")]
    pub expected_pause_days: f64,
    /// Flash-loan style repayment: the liquidator repays out of the sale of the seized
    /// collateral in the same transaction, so its capital bounds only what it keeps to redeem.
    /// Morpho Blue's `liquidate` calls the liquidator's `onMorphoLiquidate` callback before it
    /// pulls the repaid assets; on Aave v3 a liquidator wraps `liquidationCall` in
    /// `flashLoanSimple` (premium 0.05%, neglected beside bonuses of 1% and more). Default true,
    /// as liquidation bots do on both (ezETH April 2024: 145 of 146 Morpho liquidations within
    /// 23 minutes, MODEL.md section 9). False: the repayment must come from capital.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub flash_loans: bool,
}

/// Default of [`LiquidatorParams::required_return_apr`].
pub fn default_liquidator_required_return() -> f64 {
    0.10
}

/// Default of [`LiquidatorParams::expected_pause_days`].
pub fn default_liquidator_pause_days() -> f64 {
    30.0
}

/// A fault at a fixed block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// Block at which the fault happens.
    pub at_block: u64,
    pub fault: Fault,
}

/// Something that goes wrong.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fault {
    /// One data source behind an oracle AVS posts an outlier; each operator signs what its feed
    /// configuration makes of it (`crate::feeds`), and the AVS's rule flags reports outside its band.
    OracleOutlier {
        /// Name of the oracle AVS.
        avs: String,
        /// How far the outlier is from the true value, basis points.
        deviation_bps: u32,
    },
    /// A consensus-client bug makes a share of the validators running `client` double-sign:
    /// they are slashed on Ethereum (initial penalty now, correlation penalty 4,096 epochs later).
    ClientBug {
        client: String,
        /// Share of that client's restaked validators affected, basis points.
        share_bps: u32,
    },
    /// A region goes offline: its validators miss attestations; if more than 1/3 of all stake is
    /// offline, finality stops and the inactivity leak starts after 4 epochs.
    RegionOutage {
        region: String,
        /// How long the outage lasts, blocks.
        duration_blocks: u64,
    },
    /// The oracle AVS's data is corrupted and most of its stake (the largest operators, past 50%)
    /// signs it; whether honest or faulty operators are slashed depends on the AVS's rule.
    OracleDataIntegrity { avs: String },
    /// An operator's keys are stolen and used to equivocate on every AVS it runs: each AVS slashes
    /// it by its `slash_bps` (justified).
    OperatorKeyCompromise { operator: String },
    /// A bug in the AVS's slashing contract is exploited: every operator registered with it is
    /// slashed by 100% of the stake the AVS can slash (unjustified; a veto or an emergency pause
    /// can stop it inside the window).
    AvsExploit { avs: String },
    /// The AVS's governance is captured: its veto committee stops working and it slashes every
    /// registered operator by 100% of the stake it can slash.
    GovernanceCapture { avs: String },
    /// An upgrade key changes the AVS's slash size; it takes effect after the AVS's
    /// `upgrade_timelock_blocks` (refused if the AVS has no upgrade keys).
    SlashingUpgrade {
        avs: String,
        /// New slash size, basis points of slashable stake.
        slash_bps: u32,
    },
    /// LRT governance pauses withdrawals for `duration_blocks`.
    WithdrawalPause {
        duration_blocks: u64,
        /// Symbol of the LRT; absent: the first (`lrt.symbol`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lrt_symbol: Option<String>,
    },
    /// A large holder sells `lrt` whole LRT into the LRT's pool, evenly over `over_blocks`
    /// blocks (stETH, June 2022).
    WhaleSale {
        lrt: u64,
        over_blocks: u64,
        /// Symbol of the LRT sold; absent: the first (`lrt.symbol`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lrt_symbol: Option<String>,
    },
    /// Liquidity providers withdraw `share_bps` of an LRT's pool's liquidity (both sides, pro
    /// rata).
    LiquidityWithdrawal {
        share_bps: u32,
        /// Symbol of the LRT whose pool loses depth; absent: the first (`lrt.symbol`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lrt_symbol: Option<String>,
    },
    /// The operator changes its magnitude for an AVS (EigenLayer `modifyAllocations`): an
    /// increase takes effect after its allocation delay, a decrease after DEALLOCATION_DELAY
    /// (100,800 blocks), and the old magnitude stays slashable until then.
    ModifyAllocation {
        operator: String,
        avs: String,
        magnitude_bps: u32,
    },
    /// A lending market's price feed is stale (frozen at its current value) or manipulated
    /// (`deviation_bps` below its source) for `duration_blocks`.
    LendingOracle {
        mode: FeedFault,
        deviation_bps: u32,
        duration_blocks: u64,
        /// Name of the market (`lending.name` or `extra_markets[].lending.name`, or the default
        /// "<LRT> lending market" of an unnamed one); absent: the first.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        market: Option<String>,
    },
    /// A mitigation: the AVS's veto committee is switched on (its scenario committee, or a
    /// 5-of-9 committee with a 3,600-block window if it had none) or off. Requests already
    /// pending keep their execution block; the committee votes on each when it falls due.
    VetoCommittee { avs: String, enabled: bool },
    /// A mitigation: the lender's governance acts at once (freeze, pause, or a new liquidation
    /// threshold), as its scheduled governance would after its delay.
    LenderGovernance { action: LenderAction },
    /// A forged bridge message releases LRT with no ETH behind it to an attacker on one chain's
    /// side, who posts it on a lending market and borrows ETH (Kelp rsETH, 18 April 2026;
    /// MODEL.md section 9). See [`BridgeExploitParams`] and [`crate::bridge`].
    BridgeExploit(BridgeExploitParams),
}

/// Who bears the loss of LRT minted with no backing (the lever of a bridge exploit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BridgeLoss {
    /// The bridged supply is written down alone: the unbacked LRT the attacker still holds or
    /// posted is burned (a lender's position keeps its debt and loses its collateral); every
    /// other holder keeps its NAV. The published $177-196M bad-debt estimates treat the
    /// attacker's collateral this way ("effectively worthless", Bitcoin Suisse weekly, April
    /// 2026).
    #[default]
    Isolated,
    /// The loss is shared by every holder: the unbacked LRT counts in the supply, so NAV per
    /// LRT falls by `unbacked / supply` for all (and exchange-rate oracles with it).
    Socialised,
}

/// A bridge exploit (fault `bridge_exploit`): sizes, the attacker's positions, the guardian's
/// freeze and who bears the loss. Money is whole LRT; the borrowed ETH follows from the health
/// factors at the market's oracle price and liquidation threshold (E-mode's if it has one). The
/// engine has one debt asset: wstETH borrowed in the event is borrowed as its ETH value in WETH.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BridgeExploitParams {
    /// LRT released with no ETH behind it, whole LRT; 1 to 10^9. Published: 116,500 rsETH.
    pub unbacked_lrt: u64,
    /// Of them, LRT posted as collateral, whole LRT; at most `unbacked_lrt`. Published: 89,567.
    pub posted_lrt: u64,
    /// Positions the collateral is split into evenly; 1 to 1,000. Published: eight.
    pub positions: u32,
    /// Health factor of the first position at its opening; above 1, at most 10. Published 1.01.
    pub hf_min: f64,
    /// Health factor of the last position (spread evenly between); published 1.03.
    pub hf_max: f64,
    /// Blocks between one position and the next, from the exploit block; at most 100,000.
    /// Default 40 (8 minutes: the eight published positions opened before the freeze ~80
    /// minutes later; an assumption, the block times are not published in our sources).
    #[serde(default = "default_bridge_position_gap")]
    pub blocks_between_positions: u64,
    /// Blocks from the exploit until the lender's guardian freezes the market (no new borrows,
    /// so positions not yet opened never are); at most 26,298,000. Default 400 (80 minutes:
    /// exploit 17:35 UTC, Aave's guardian froze rsETH around 19:00 UTC; MODEL.md section 9).
    #[serde(default = "default_bridge_freeze_after")]
    pub freeze_after_blocks: u64,
    /// Blocks from the exploit until the LRT protocol books the loss (`loss`); until then its
    /// exchange rate does not see the unbacked supply. At most 26,298,000. Default 7,200 (one
    /// day): an assumption, the LRT's decision took days in the event.
    #[serde(default = "default_bridge_recognised_after")]
    pub recognised_after_blocks: u64,
    /// Who bears the loss. Default `isolated`.
    #[serde(default)]
    pub loss: BridgeLoss,
    /// From the guardian's freeze on (the exploit is public), suppliers of the market ask each block to withdraw this share of
    /// what they supplied (idle ETH plus loans), basis points, 0 to 10,000; they get only the
    /// idle ETH, so utilisation reaches 100%. Default 50 (0.5% a block): an assumption; $6.6-8.45B
    /// left Aave within 48 hours (Bitcoin Suisse weekly, April 2026).
    #[serde(default = "default_bridge_supplier_withdraw")]
    pub supplier_withdraw_bps_per_block: u32,
    /// Symbol of the LRT; absent: the first (`lrt.symbol`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lrt_symbol: Option<String>,
    /// Name of the Aave v3 style market the attacker borrows from; absent: the first market
    /// whose collateral is that LRT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<String>,
}

/// Default of [`BridgeExploitParams::blocks_between_positions`].
pub fn default_bridge_position_gap() -> u64 {
    40
}

/// Default of [`BridgeExploitParams::freeze_after_blocks`].
pub fn default_bridge_freeze_after() -> u64 {
    400
}

/// Default of [`BridgeExploitParams::recognised_after_blocks`].
pub fn default_bridge_recognised_after() -> u64 {
    7_200
}

/// Default of [`BridgeExploitParams::supplier_withdraw_bps_per_block`].
pub fn default_bridge_supplier_withdraw() -> u32 {
    50
}

/// How a price feed goes wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedFault {
    /// Stops updating.
    Stale,
    /// Reports a price below the true one.
    Manipulated,
}

impl Fault {
    /// Short human name of the fault family.
    pub fn family(&self) -> &'static str {
        match self {
            Fault::OracleOutlier { .. } => "oracle outlier",
            Fault::ClientBug { .. } => "client bug (double signing)",
            Fault::RegionOutage { .. } => "region outage",
            Fault::OracleDataIntegrity { .. } => "oracle data-integrity failure",
            Fault::OperatorKeyCompromise { .. } => "operator key compromise",
            Fault::AvsExploit { .. } => "AVS contract exploit",
            Fault::GovernanceCapture { .. } => "governance capture",
            Fault::SlashingUpgrade { .. } => "emergency slashing upgrade",
            Fault::WithdrawalPause { .. } => "LRT withdrawal pause",
            Fault::WhaleSale { .. } => "whale sale",
            Fault::LiquidityWithdrawal { .. } => "LPs pull liquidity",
            Fault::LendingOracle { .. } => "lending oracle fault",
            Fault::ModifyAllocation { .. } => "operator reallocation",
            Fault::VetoCommittee { .. } => "veto committee switch",
            Fault::LenderGovernance { .. } => "lender governance action",
            Fault::BridgeExploit(_) => "bridge exploit (unbacked LRT minted)",
        }
    }
}

/// A scenario that cannot be run: `path` is the JSON path of the field, `reason` says why.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ScenarioError {
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
    #[error("unknown preset '{0}' (known presets: {list})", list = crate::presets::NAMES.join(", "))]
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

mod feeds;
mod validate;
pub use feeds::{FeedClient, FeedDrawParams, FeedParams};
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
