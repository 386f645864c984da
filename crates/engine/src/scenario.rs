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
    /// A cover pool for the LRT's holders; `null` for none.
    #[serde(default)]
    pub insurance: Option<InsuranceParams>,
    /// The consensus layer under the restaked stake; defaults to a mainnet-like chain.
    #[serde(default)]
    pub consensus: ConsensusParams,
    /// Faults that happen at fixed blocks (more can be injected while running).
    #[serde(default)]
    pub faults: Vec<FaultSpec>,
}

/// An insurance (cover) pool for the LRT's holders.
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
    /// True if this operator's oracle node reads the data source that will post the outlier.
    pub follows_faulty_feed: bool,
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
    /// Smallest discount to NAV a panicking holder accepts on the pool; past its own limit it
    /// queues a redemption instead (or waits while withdrawals are paused), fraction.
    pub max_discount_min: f64,
    /// Largest such limit, fraction.
    pub max_discount_max: f64,
    /// Weight holders give the expected loss of slashes still inside their veto window
    /// (a pending slash may yet be vetoed), fraction.
    pub pending_slash_weight: f64,
}

/// Leveraged loopers: deposit LRT, borrow ETH, buy more LRT (MODEL.md section 8).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LooperParams {
    pub count: u32,
    /// LRT posted as collateral together, whole LRT.
    pub total_collateral_lrt: u64,
    /// Health factors at start are spread evenly over `[hf_min, hf_max]`.
    pub hf_min: f64,
    pub hf_max: f64,
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
}

/// Liquidators: repay debt, seize LRT, sell it into the pool in the same block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiquidatorParams {
    pub count: u32,
    /// ETH each one holds to repay debt, whole ETH.
    pub capital_eth: u64,
    /// Upper bound on liquidation rounds per block (each round can move the pool).
    pub max_rounds_per_block: u32,
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
    /// The data source behind an oracle AVS posts an outlier; operators that follow it sign it.
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
    WithdrawalPause { duration_blocks: u64 },
    /// A large holder sells `lrt` whole LRT into the pool, evenly over `over_blocks` blocks
    /// (stETH, June 2022).
    WhaleSale { lrt: u64, over_blocks: u64 },
    /// Liquidity providers withdraw `share_bps` of the pool's liquidity (both sides, pro rata).
    LiquidityWithdrawal { share_bps: u32 },
    /// The operator changes its magnitude for an AVS (EigenLayer `modifyAllocations`): an
    /// increase takes effect after its allocation delay, a decrease after DEALLOCATION_DELAY
    /// (100,800 blocks), and the old magnitude stays slashable until then.
    ModifyAllocation {
        operator: String,
        avs: String,
        magnitude_bps: u32,
    },
    /// The lending market's price feed is stale (frozen at its current value) or manipulated
    /// (`deviation_bps` below its source) for `duration_blocks`.
    LendingOracle {
        mode: FeedFault,
        deviation_bps: u32,
        duration_blocks: u64,
    },
    /// A mitigation: the AVS's veto committee is switched on (its scenario committee, or a
    /// 5-of-9 committee with a 3,600-block window if it had none) or off. Requests already
    /// pending keep their execution block; the committee votes on each when it falls due.
    VetoCommittee { avs: String, enabled: bool },
    /// A mitigation: the lender's governance acts at once (freeze, pause, or a new liquidation
    /// threshold), as its scheduled governance would after its delay.
    LenderGovernance { action: LenderAction },
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
    fn at(path: impl Into<String>, reason: impl Into<String>) -> Self {
        ScenarioError::Invalid {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

impl Scenario {
    /// Parses and validates a scenario from JSON text.
    /// Returns `Err(ScenarioError::Invalid)` naming the JSON path (e.g. `lending.ltv_bps`) and
    /// the reason when the text is not valid JSON, has a wrong type, an unknown field, or a value
    /// out of range.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let scenario: Scenario = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." {
                "(top level)".to_string()
            } else {
                path
            };
            ScenarioError::at(path, e.into_inner().to_string())
        })?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Pretty JSON of this scenario; `from_json` reads it back unchanged.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("scenario serialises")
    }

    /// Checks ranges and cross-references. Returns the first problem with its field path.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let frac = |path: &str, v: f64| -> Result<(), ScenarioError> {
            if !(0.0..=1.0).contains(&v) || !v.is_finite() {
                return Err(ScenarioError::at(
                    path,
                    format!("must be a fraction in [0, 1], got {v}"),
                ));
            }
            Ok(())
        };
        let bps = |path: &str, v: u32| -> Result<(), ScenarioError> {
            if v > 10_000 {
                return Err(ScenarioError::at(
                    path,
                    format!("must be at most 10000 basis points (100%), got {v}"),
                ));
            }
            Ok(())
        };
        if self.operators.is_empty() {
            return Err(ScenarioError::at(
                "operators",
                "at least one operator is needed",
            ));
        }
        if self.avss.is_empty() {
            return Err(ScenarioError::at("avss", "at least one AVS is needed"));
        }
        bps("staking_apr_bps", self.staking_apr_bps)?;
        if self.lrt.withdrawal_delay_blocks == 0 {
            return Err(ScenarioError::at(
                "lrt.withdrawal_delay_blocks",
                "must be at least 1 block",
            ));
        }
        bps("lrt.pause_on_nav_drop_bps", self.lrt.pause_on_nav_drop_bps)?;
        for (i, a) in self.avss.iter().enumerate() {
            let p = format!("avss[{i}]");
            if a.name.trim().is_empty() {
                return Err(ScenarioError::at(format!("{p}.name"), "must not be empty"));
            }
            if self.avss[..i].iter().any(|b| b.name == a.name) {
                return Err(ScenarioError::at(
                    format!("{p}.name"),
                    format!("duplicate AVS name '{}'", a.name),
                ));
            }
            if !(a.corruption_threshold > 0.0 && a.corruption_threshold <= 1.0) {
                return Err(ScenarioError::at(
                    format!("{p}.corruption_threshold"),
                    format!("must be in (0, 1], got {}", a.corruption_threshold),
                ));
            }
            bps(&format!("{p}.reward_apr_bps"), a.reward_apr_bps)?;
            bps(&format!("{p}.slash_bps"), a.slash_bps)?;
            if let Some(e) = &a.emergency_pause {
                bps(&format!("{p}.emergency_pause.trigger_bps"), e.trigger_bps)?;
                if e.duration_blocks == 0 {
                    return Err(ScenarioError::at(
                        format!("{p}.emergency_pause.duration_blocks"),
                        "must be at least 1 block",
                    ));
                }
            }
            if let Some(v) = &a.veto {
                if v.members == 0 || v.quorum == 0 || v.quorum > v.members {
                    return Err(ScenarioError::at(
                        format!("{p}.veto.quorum"),
                        format!(
                            "must be between 1 and members ({}), got {}",
                            v.members, v.quorum
                        ),
                    ));
                }
                frac(
                    &format!("{p}.veto.p_veto_unjustified"),
                    v.p_veto_unjustified,
                )?;
                frac(&format!("{p}.veto.p_veto_justified"), v.p_veto_justified)?;
            }
        }
        let mut total_stake = 0u64;
        for (i, o) in self.operators.iter().enumerate() {
            let p = format!("operators[{i}]");
            if o.name.trim().is_empty() {
                return Err(ScenarioError::at(format!("{p}.name"), "must not be empty"));
            }
            total_stake = total_stake
                .saturating_add(o.lrt_delegation_eth)
                .saturating_add(o.native_delegation_eth);
            let mut sum = 0u32;
            for (k, al) in o.allocations.iter().enumerate() {
                let ap = format!("{p}.allocations[{k}]");
                if !self.avss.iter().any(|a| a.name == al.avs) {
                    return Err(ScenarioError::at(
                        format!("{ap}.avs"),
                        format!("no AVS named '{}' in avss", al.avs),
                    ));
                }
                if o.allocations[..k].iter().any(|b| b.avs == al.avs) {
                    return Err(ScenarioError::at(
                        format!("{ap}.avs"),
                        format!("operator already registered with '{}'", al.avs),
                    ));
                }
                sum = sum.saturating_add(al.magnitude_bps);
            }
            if sum > 10_000 {
                return Err(ScenarioError::at(format!("{p}.allocations"), format!("magnitudes add up to {sum} basis points; unique stake allows at most 10000")));
            }
        }
        if total_stake == 0 {
            return Err(ScenarioError::at(
                "operators",
                "no stake is delegated to any operator",
            ));
        }
        if total_stake > 1_000_000_000 {
            return Err(ScenarioError::at("operators", format!("{total_stake} ETH delegated in total; more than 1,000,000,000 ETH is not a plausible network")));
        }
        let pool = &self.pool;
        if pool.eth_liquidity_eth == 0 || pool.lrt_liquidity == 0 {
            return Err(ScenarioError::at("pool", "both sides of the pool need liquidity (eth_liquidity_eth and lrt_liquidity above 0)"));
        }
        if pool.amp == 0 || pool.amp > 1_000_000 {
            return Err(ScenarioError::at(
                "pool.amp",
                format!("must be between 1 and 1000000, got {}", pool.amp),
            ));
        }
        if pool.fee > 5_000_000_000 {
            return Err(ScenarioError::at(
                "pool.fee",
                format!("must be at most 5000000000 (50%), got {}", pool.fee),
            ));
        }
        if let PoolVariant::Ng {
            offpeg_fee_multiplier,
            ma_exp_time_s,
            ..
        } = pool.variant
        {
            if offpeg_fee_multiplier as u128 * pool.fee as u128 > 50_000_000_000_000_000_000 {
                return Err(ScenarioError::at("pool.variant.offpeg_fee_multiplier", "offpeg_fee_multiplier * fee must not exceed 5e19 (stableswap-ng MAX_FEE * FEE_DENOMINATOR)"));
            }
            if ma_exp_time_s == 0 {
                return Err(ScenarioError::at(
                    "pool.variant.ma_exp_time_s",
                    "must be at least 1 second",
                ));
            }
        }
        if self.lending.oracle == OracleKind::Ema && pool.variant == PoolVariant::Legacy {
            return Err(ScenarioError::at(
                "lending.oracle",
                "the ema oracle needs a stableswap-ng pool (pool.variant.kind = \"ng\")",
            ));
        }
        if let Some(lp) = &pool.lps {
            bps(
                "pool.lps.withdraw_at_discount_bps",
                lp.withdraw_at_discount_bps,
            )?;
            bps("pool.lps.withdraw_share_bps", lp.withdraw_share_bps)?;
            bps("pool.lps.max_withdrawn_bps", lp.max_withdrawn_bps)?;
            if lp.every_blocks == 0 {
                return Err(ScenarioError::at(
                    "pool.lps.every_blocks",
                    "must be at least 1 block",
                ));
            }
        }
        if pool.admin_fee > 10_000_000_000 {
            return Err(ScenarioError::at(
                "pool.admin_fee",
                format!("must be at most 10000000000 (100%), got {}", pool.admin_fee),
            ));
        }
        let l = &self.lending;
        bps(
            "lending.liquidation_threshold_bps",
            l.liquidation_threshold_bps,
        )?;
        if l.ltv_bps > l.liquidation_threshold_bps {
            return Err(ScenarioError::at(
                "lending.ltv_bps",
                format!(
                    "must not exceed liquidation_threshold_bps ({}), got {}",
                    l.liquidation_threshold_bps, l.ltv_bps
                ),
            ));
        }
        bps("lending.liquidation_bonus_bps", l.liquidation_bonus_bps)?;
        if let Some(g) = &l.governance {
            bps(
                "lending.governance.trigger_discount_bps",
                g.trigger_discount_bps,
            )?;
            if let LenderAction::SetLiquidationThreshold {
                liquidation_threshold_bps,
            } = g.action
            {
                if liquidation_threshold_bps == 0 || liquidation_threshold_bps > 10_000 {
                    return Err(ScenarioError::at(
                        "lending.governance.action.liquidation_threshold_bps",
                        format!("must be between 1 and 10000, got {liquidation_threshold_bps}"),
                    ));
                }
            }
        }
        if l.close_factor_bps == 0 {
            return Err(ScenarioError::at(
                "lending.close_factor_bps",
                "must be above 0",
            ));
        }
        bps("lending.close_factor_bps", l.close_factor_bps)?;
        bps("lending.protocol_fee_bps", l.protocol_fee_bps)?;
        frac("lending.full_close_hf", l.full_close_hf)?;
        let s = &self.stakers;
        frac("stakers.panic_threshold_min", s.panic_threshold_min)?;
        frac("stakers.panic_threshold_max", s.panic_threshold_max)?;
        if s.panic_threshold_min > s.panic_threshold_max {
            return Err(ScenarioError::at(
                "stakers.panic_threshold_min",
                "must not exceed panic_threshold_max",
            ));
        }
        frac("stakers.attention_per_block", s.attention_per_block)?;
        frac("stakers.sell_fraction", s.sell_fraction)?;
        frac("stakers.max_discount_min", s.max_discount_min)?;
        frac("stakers.max_discount_max", s.max_discount_max)?;
        if s.max_discount_min > s.max_discount_max {
            return Err(ScenarioError::at(
                "stakers.max_discount_min",
                "must not exceed max_discount_max",
            ));
        }
        frac("stakers.pending_slash_weight", s.pending_slash_weight)?;
        if s.count > 100_000 {
            return Err(ScenarioError::at(
                "stakers.count",
                format!("at most 100000 holder agents, got {}", s.count),
            ));
        }
        let lp = &self.loopers;
        if lp.count > 100_000 {
            return Err(ScenarioError::at(
                "loopers.count",
                format!("at most 100000 loopers, got {}", lp.count),
            ));
        }
        if !(lp.hf_min > 1.0 && lp.hf_min <= lp.hf_max && lp.hf_max.is_finite()) {
            return Err(ScenarioError::at(
                "loopers.hf_min",
                format!(
                    "health factors must satisfy 1 < hf_min <= hf_max, got {} and {}",
                    lp.hf_min, lp.hf_max
                ),
            ));
        }
        let lt = l.liquidation_threshold_bps as f64 / 1e4;
        let max_ltv = l.ltv_bps as f64 / 1e4;
        if lp.count > 0 && lt / lp.hf_min > max_ltv + 1e-9 {
            return Err(ScenarioError::at(
                "loopers.hf_min",
                format!(
                    "a health factor of {} needs an LTV of {:.4}, above the market's ltv_bps ({})",
                    lp.hf_min,
                    lt / lp.hf_min,
                    l.ltv_bps
                ),
            ));
        }
        let a = &self.arbitrageurs;
        if !(a.required_return_apr >= 0.0 && a.required_return_apr.is_finite()) {
            return Err(ScenarioError::at(
                "arbitrageurs.required_return_apr",
                "must be a non-negative number",
            ));
        }
        if !(a.uncertainty_premium >= 0.0 && a.uncertainty_premium.is_finite()) {
            return Err(ScenarioError::at(
                "arbitrageurs.uncertainty_premium",
                "must be a non-negative number",
            ));
        }
        if self.liquidators.max_rounds_per_block == 0 && self.liquidators.count > 0 {
            return Err(ScenarioError::at(
                "liquidators.max_rounds_per_block",
                "must be at least 1 when there are liquidators",
            ));
        }
        if let Some(i) = &self.insurance {
            bps("insurance.covered_bps", i.covered_bps)?;
            bps("insurance.premium_apr_bps", i.premium_apr_bps)?;
        }
        let c = &self.consensus;
        if c.clients.is_empty() {
            return Err(ScenarioError::at(
                "consensus.clients",
                "at least one client is needed",
            ));
        }
        if c.regions.is_empty() {
            return Err(ScenarioError::at(
                "consensus.regions",
                "at least one region is needed",
            ));
        }
        if !(1..=2048).contains(&c.validator_balance_eth) {
            return Err(ScenarioError::at(
                "consensus.validator_balance_eth",
                format!(
                    "must be between 1 and 2048 ETH, got {}",
                    c.validator_balance_eth
                ),
            ));
        }
        let share: u32 = c.regions.iter().map(|r| r.network_share_bps).sum();
        if share > 10_000 {
            return Err(ScenarioError::at(
                "consensus.regions",
                format!("network shares add up to {share} basis points, more than 10000"),
            ));
        }
        let share: u32 = c.clients.iter().map(|r| r.network_share_bps).sum();
        if share > 10_000 {
            return Err(ScenarioError::at(
                "consensus.clients",
                format!("network shares add up to {share} basis points, more than 10000"),
            ));
        }
        if c.total_active_balance_eth < total_stake {
            return Err(ScenarioError::at(
                "consensus.total_active_balance_eth",
                format!(
                    "{} ETH is less than the {total_stake} ETH restaked in this scenario",
                    c.total_active_balance_eth
                ),
            ));
        }
        for (i, o) in self.operators.iter().enumerate() {
            if let Some(cl) = &o.client {
                if !c.clients.iter().any(|x| &x.name == cl) {
                    return Err(ScenarioError::at(
                        format!("operators[{i}].client"),
                        format!("no client named '{cl}' in consensus.clients"),
                    ));
                }
            }
            if let Some(r) = &o.region {
                if !c.regions.iter().any(|x| &x.name == r) {
                    return Err(ScenarioError::at(
                        format!("operators[{i}].region"),
                        format!("no region named '{r}' in consensus.regions"),
                    ));
                }
            }
        }
        for (i, f) in self.faults.iter().enumerate() {
            self.validate_fault(&f.fault, &format!("faults[{i}].fault"))?;
        }
        Ok(())
    }

    /// Checks that a fault names an existing AVS, client or region, with sensible sizes.
    pub fn validate_fault(&self, fault: &Fault, path: &str) -> Result<(), ScenarioError> {
        match fault {
            Fault::ClientBug { client, share_bps } => {
                if !self.consensus.clients.iter().any(|c| &c.name == client) {
                    return Err(ScenarioError::at(
                        format!("{path}.client"),
                        format!("no client named '{client}' in consensus.clients"),
                    ));
                }
                if *share_bps == 0 || *share_bps > 10_000 {
                    return Err(ScenarioError::at(
                        format!("{path}.share_bps"),
                        format!("must be between 1 and 10000, got {share_bps}"),
                    ));
                }
            }
            Fault::OracleDataIntegrity { avs }
            | Fault::AvsExploit { avs }
            | Fault::GovernanceCapture { avs } => {
                if !self.avss.iter().any(|a| &a.name == avs) {
                    return Err(ScenarioError::at(
                        format!("{path}.avs"),
                        format!("no AVS named '{avs}'"),
                    ));
                }
                if matches!(fault, Fault::OracleDataIntegrity { .. })
                    && self
                        .avss
                        .iter()
                        .any(|a| &a.name == avs && a.kind != AvsKind::Oracle)
                {
                    return Err(ScenarioError::at(
                        format!("{path}.avs"),
                        format!("'{avs}' is not an oracle AVS"),
                    ));
                }
            }
            Fault::SlashingUpgrade { avs, slash_bps } => {
                if !self.avss.iter().any(|a| &a.name == avs) {
                    return Err(ScenarioError::at(
                        format!("{path}.avs"),
                        format!("no AVS named '{avs}'"),
                    ));
                }
                if *slash_bps > 10_000 {
                    return Err(ScenarioError::at(
                        format!("{path}.slash_bps"),
                        format!("must be at most 10000, got {slash_bps}"),
                    ));
                }
            }
            Fault::ModifyAllocation {
                operator,
                avs,
                magnitude_bps,
            } => {
                let Some(o) = self.operators.iter().find(|o| &o.name == operator) else {
                    return Err(ScenarioError::at(
                        format!("{path}.operator"),
                        format!("no operator named '{operator}'"),
                    ));
                };
                let Some(current) = o.allocations.iter().find(|a| &a.avs == avs) else {
                    return Err(ScenarioError::at(
                        format!("{path}.avs"),
                        format!("'{operator}' is not registered with '{avs}'"),
                    ));
                };
                let others: u32 = o.allocations.iter().map(|a| a.magnitude_bps).sum::<u32>()
                    - current.magnitude_bps;
                if others + magnitude_bps > 10_000 {
                    return Err(ScenarioError::at(
                        format!("{path}.magnitude_bps"),
                        format!(
                            "would allocate {} basis points in all; at most 10000",
                            others + magnitude_bps
                        ),
                    ));
                }
            }
            Fault::OperatorKeyCompromise { operator } => {
                if !self.operators.iter().any(|o| &o.name == operator) {
                    return Err(ScenarioError::at(
                        format!("{path}.operator"),
                        format!("no operator named '{operator}'"),
                    ));
                }
            }
            Fault::WithdrawalPause { duration_blocks } if *duration_blocks == 0 => {
                return Err(ScenarioError::at(
                    format!("{path}.duration_blocks"),
                    "a pause lasts at least 1 block",
                ));
            }
            Fault::WithdrawalPause { .. } => {}
            Fault::VetoCommittee { avs, .. } => {
                if !self.avss.iter().any(|a| &a.name == avs) {
                    return Err(ScenarioError::at(
                        format!("{path}.avs"),
                        format!("no AVS named '{avs}'"),
                    ));
                }
            }
            Fault::LenderGovernance {
                action:
                    LenderAction::SetLiquidationThreshold {
                        liquidation_threshold_bps,
                    },
            } => {
                if *liquidation_threshold_bps == 0 || *liquidation_threshold_bps >= 10_000 {
                    return Err(ScenarioError::at(
                        format!("{path}.action.liquidation_threshold_bps"),
                        format!("must be between 1 and 9999, got {liquidation_threshold_bps}"),
                    ));
                }
            }
            Fault::LenderGovernance { .. } => {}
            Fault::WhaleSale { lrt, over_blocks } => {
                if *lrt == 0 || *over_blocks == 0 {
                    return Err(ScenarioError::at(
                        path.to_string(),
                        "a whale sale needs lrt > 0 and over_blocks > 0",
                    ));
                }
            }
            Fault::LiquidityWithdrawal { share_bps } => {
                if *share_bps == 0 || *share_bps >= 10_000 {
                    return Err(ScenarioError::at(format!("{path}.share_bps"), format!("must be between 1 and 9999 (the pool keeps some liquidity), got {share_bps}")));
                }
            }
            Fault::LendingOracle {
                deviation_bps,
                duration_blocks,
                ..
            } => {
                if *deviation_bps >= 10_000 {
                    return Err(ScenarioError::at(
                        format!("{path}.deviation_bps"),
                        format!("must be below 10000, got {deviation_bps}"),
                    ));
                }
                if *duration_blocks == 0 {
                    return Err(ScenarioError::at(
                        format!("{path}.duration_blocks"),
                        "must be at least 1 block",
                    ));
                }
            }
            Fault::RegionOutage {
                region,
                duration_blocks,
            } => {
                if !self.consensus.regions.iter().any(|r| &r.name == region) {
                    return Err(ScenarioError::at(
                        format!("{path}.region"),
                        format!("no region named '{region}' in consensus.regions"),
                    ));
                }
                if *duration_blocks == 0 {
                    return Err(ScenarioError::at(
                        format!("{path}.duration_blocks"),
                        "an outage lasts at least 1 block",
                    ));
                }
            }
            Fault::OracleOutlier { avs, deviation_bps } => {
                match self.avss.iter().find(|a| &a.name == avs) {
                    None => {
                        return Err(ScenarioError::at(
                            format!("{path}.avs"),
                            format!("no AVS named '{avs}'"),
                        ))
                    }
                    Some(a) if a.kind != AvsKind::Oracle => {
                        return Err(ScenarioError::at(
                            format!("{path}.avs"),
                            format!("'{avs}' is a {} AVS, not an oracle", a.kind.label()),
                        ))
                    }
                    _ => {}
                }
                if *deviation_bps == 0 {
                    return Err(ScenarioError::at(
                        format!("{path}.deviation_bps"),
                        "an outlier must deviate by at least 1 basis point",
                    ));
                }
            }
        }
        Ok(())
    }
}
