//! Faults: what can go wrong, at which block (oracle, consensus, AVS, market and bridge
//! faults; MODEL.md section 1).

use serde::{Deserialize, Serialize};

use super::*;

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
    /// configuration makes of it (`crate::model::feeds`), and the AVS's rule flags reports outside its band.
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
    /// MODEL.md section 9). See [`BridgeExploitParams`] and [`crate::systems::bridge`].
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
