//! What happened in a block: the typed [`Happening`]s that the systems and the pipeline report
//! while it runs, and the narrated log ([`Event`]: plain words tagged with the cascade step of
//! MODEL.md section 1) that [`crate::readouts::narrate`] makes of them once the block is done.
//!
//! The log is not part of the [`crate::world::World`] and not in the state hash: the
//! narrator's memory ([`Narration`]: which milestones were told, what is being aggregated) lives
//! here, beside the words it produced. Systems that are not typed yet report a worded
//! [`Happening::Note`].

use serde::{Deserialize, Serialize};

use crate::base::ids::NodeRef;
use crate::input::scenario::{LenderAction, VetoParams};
use crate::model::avs::{OracleRound, SlashRequest};
use crate::model::consensus::EpochReport;
use crate::world::World;

/// The six steps of the canonical cascade (MODEL.md section 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CascadeStep {
    OracleDisturbance,
    SlashingWave,
    LiquidityFlight,
    FeedbackLoop,
    GovernanceScramble,
    RecoveryOrContagion,
}

impl CascadeStep {
    /// All steps in order.
    pub const ALL: [CascadeStep; 6] = [
        CascadeStep::OracleDisturbance,
        CascadeStep::SlashingWave,
        CascadeStep::LiquidityFlight,
        CascadeStep::FeedbackLoop,
        CascadeStep::GovernanceScramble,
        CascadeStep::RecoveryOrContagion,
    ];

    /// 1 to 6, as numbered in MODEL.md section 1.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// The step's title, as in MODEL.md section 1.
    pub fn title(self) -> &'static str {
        match self {
            CascadeStep::OracleDisturbance => "Oracle disturbance",
            CascadeStep::SlashingWave => "Slashing wave",
            CascadeStep::LiquidityFlight => "Liquidity flight",
            CascadeStep::FeedbackLoop => "Feedback loop",
            CascadeStep::GovernanceScramble => "Governance scramble",
            CascadeStep::RecoveryOrContagion => "Recovery or contagion",
        }
    }
}

/// One narrated event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Block at which it happened.
    pub block: u64,
    /// Cascade step it belongs to; `None` for setup and bookkeeping notes.
    pub step: Option<CascadeStep>,
    /// One or two plain sentences.
    pub text: String,
    /// The network node it concerns, if one.
    pub node: Option<NodeRef>,
}

/// Result of a committee vote on one slash request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VetoVote {
    /// Members who voted to veto.
    pub votes: u32,
    /// True if the votes reached quorum: the slash is cancelled.
    pub vetoed: bool,
}

/// What phase 7 did in one market in one block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiquidationReport {
    /// Index of the market.
    pub market: usize,
    pub calls: u32,
    /// ETH repaid, wei.
    pub repaid: u128,
    /// LRT seized, wei.
    pub seized: u128,
    /// ETH the seized LRT fetched in the pool, wei.
    pub sold_for: u128,
    /// LRT the liquidators kept to redeem through the queue, wei.
    pub kept: u128,
    /// Debt written off this block, wei.
    pub bad_debt: u128,
    /// Positions that were unhealthy but nobody liquidated (unprofitable or no capital).
    pub skipped: u32,
}

/// A trade or request of the agents that the narration aggregates ([`Happening::Filled`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FillKind {
    /// A holder's panic sale on the pool.
    PanicSale,
    /// A holder's redemption request.
    Redeem,
    /// An arbitrageur's purchase below NAV.
    ArbitrageBuy,
    /// A returning holder's purchase.
    BuyBack,
}

/// One thing that happened during a block, typed, in the order it happened. The narrator
/// words them after the block ([`crate::readouts::narrate::block`]); what it needs from the
/// world at that moment travels in the happening.
#[derive(Clone, Debug, PartialEq)]
pub enum Happening {
    /// Already in words (the systems whose reports are not typed yet).
    Note(Event),
    /// An oracle round on AVS `avs` after an outlier of `deviation_bps` (or corrupted data):
    /// who signed what, and the slash requests its rule files (veto window `window` blocks).
    OracleRound {
        avs: usize,
        deviation_bps: u32,
        round: OracleRound,
        corrupted: bool,
        window: u64,
    },
    /// Region `region` went offline for `duration_blocks`; `offline_share` of all stake was
    /// then offline (fraction).
    Outage {
        region: usize,
        duration_blocks: u64,
        offline_share: f64,
    },
    /// A client bug made `share_bps` of `client`'s validators double-sign: per operator hit
    /// (operator, validators, initial penalty wei), and the rest of the network's gwei.
    ClientBug {
        client: String,
        share_bps: u32,
        hit: Vec<(usize, u64, u128)>,
        rest_gwei: u64,
    },
    /// LRT `lrt`'s governance decided to pause withdrawals after a NAV drop of `drop_bps`.
    PauseDecided { lrt: usize, drop_bps: u128 },
    /// LRT `lrt`'s withdrawals are paused from this block.
    PauseEffective { lrt: usize },
    /// A slash request whose AVS's slashing is paused.
    SlashPaused(SlashRequest),
    /// A veto committee voted on a slash request.
    VetoVote {
        request: SlashRequest,
        veto: VetoParams,
        vote: VetoVote,
    },
    /// Slashes executed: (AVS, operator, wei); each operator's other AVSs (by allocation) and
    /// each LRT's NAV (wad) right after them.
    SlashesExecuted {
        executed: Vec<(usize, usize, u128)>,
        others: Vec<Vec<usize>>,
        navs: Vec<u128>,
    },
    /// An epoch's consensus-layer processing.
    Epoch(EpochReport),
    /// Phase 7's liquidation rounds, one report per market.
    Liquidations(Vec<LiquidationReport>),
    /// AVS `avs` became insecure this block: its expected cost of corruption `coc_wei` fell
    /// below its profit from corruption `pfc_wei` (phase 8).
    AvsInsecure {
        avs: usize,
        coc_wei: u128,
        pfc_wei: u128,
    },
    /// The LPs of pool `pool` pulled `share_bps` of its liquidity at a discount to NAV of
    /// `discount_bps`, taking out `eth_wei` and `lrt_wei`.
    LiquidityPulled {
        pool: usize,
        share_bps: u128,
        discount_bps: u128,
        eth_wei: u128,
        lrt_wei: u128,
    },
    /// The LPs of pool `pool` returned `eth_wei` and `lrt_wei`; the discount is `discount_bps`.
    LiquidityReturned {
        pool: usize,
        discount_bps: u128,
        eth_wei: u128,
        lrt_wei: u128,
    },
    /// Operator `operator` misbehaved on AVS `avs` for MEV: `gain_wei` this epoch against an
    /// expected slash of `expected_slash_wei`; `caught_slash_wad` is the slash requested when
    /// the AVS caught it.
    MevMisbehaviour {
        operator: usize,
        avs: usize,
        gain_wei: u128,
        expected_slash_wei: u128,
        caught_slash_wad: Option<u128>,
    },
    /// AVS `avs`'s rule misfired (over-slashing at `rate` per epoch) on honest `operator`: a
    /// slash of `wad` putting `at_stake_wei` at risk; `veto` is (quorum, members, window
    /// blocks) of a committee that can still stop it.
    OverSlashRequest {
        avs: usize,
        operator: usize,
        rate: f64,
        wad: u128,
        at_stake_wei: u128,
        veto: Option<(u32, u32, u64)>,
    },
    /// AVS `avs` missed a real fault of `operator` (under-slashing at `rate`).
    MissedFault {
        avs: usize,
        operator: usize,
        rate: f64,
    },
    /// The restaking network became insecure (Durvasula-Roughgarden slack `slack` < 0).
    NetworkInsecure { slack: f64 },
    /// A rational attack: `operators` corrupt `avss` for `profit_eth` against `cost_eth` of stake.
    RationalAttack {
        operators: Vec<usize>,
        avss: Vec<usize>,
        profit_eth: f64,
        cost_eth: f64,
    },
    /// AVS `avs`'s upgrade took effect: it now slashes `slash_wad` per fault.
    UpgradeEffective { avs: usize, slash_wad: u128 },
    /// AVS `avs`'s emergency council paused its slashing for `duration_blocks`.
    EmergencyPause { avs: usize, duration_blocks: u64 },
    /// LRT `lrt`'s withdrawal pause ended: lifted by governance after `resolution_blocks` of
    /// calm (`resolved`), else at its announced end.
    PauseLifted {
        lrt: usize,
        resolved: bool,
        resolution_blocks: u64,
    },
    /// Market `market`'s risk governance saw a discount of `discount_bps` and will take `action`
    /// in `delay_blocks`.
    LenderReacts {
        market: usize,
        discount_bps: u128,
        action: LenderAction,
        delay_blocks: u64,
    },
    /// Market `market`'s governance took `action`.
    LenderActs { market: usize, action: LenderAction },
    /// AVS `avs` answered the slash of `operator` by AVS `by`: it ejects the operator (`keep`
    /// at most 0) or keeps `keep` of its allocation, effective at block `at`.
    AvsAnswersSlash {
        avs: usize,
        operator: usize,
        by: usize,
        keep: f64,
        at: u64,
    },
    /// Operator `operator` leaves AVS `avs`, which has slashed `share` of its operators;
    /// effective at block `at`.
    OperatorLeaves {
        operator: usize,
        avs: usize,
        share: f64,
        at: u64,
    },
    /// An agent's order went through on LRT `lrt`: LRT and ETH wei moved.
    Filled {
        kind: FillKind,
        lrt: usize,
        lrt_wei: u128,
        eth_wei: u128,
    },
}

impl Happening {
    /// [`Happening::SlashesExecuted`] for `executed` (AVS, operator, wei), reading from `w` now
    /// each operator's other AVSs (by allocation) and each LRT's NAV.
    pub fn slashes_executed(w: &World, executed: Vec<(usize, usize, u128)>) -> Happening {
        let others = executed
            .iter()
            .map(|&(a, op, _)| {
                let allocations = &w.operators[op].allocations;
                allocations
                    .iter()
                    .map(|al| al.avs)
                    .filter(|&x| x != a)
                    .collect()
            })
            .collect();
        let navs = (0..w.lrts.len()).map(|i| w.nav(i)).collect();
        Happening::SlashesExecuted {
            executed,
            others,
            navs,
        }
    }
}

/// Which narrated milestones have been reported (each once), and accumulators for the
/// aggregated reports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Narration {
    pub first_panic_reported: bool,
    pub first_liquidation_reported: bool,
    pub bad_debt_reported: bool,
    pub depeg_reported: bool,
    pub recovery_reported: bool,
    pub pause_reported: bool,
    /// Block of the last aggregated liquidity-flight report.
    pub last_flight_report: u64,
    /// Panic sales since that report: (holders, LRT wei, ETH wei).
    pub flight_sellers: u32,
    pub flight_lrt: u128,
    pub flight_eth: u128,
    /// Arbitrage since the last report: (LRT wei bought).
    pub arb_lrt: u128,
    pub last_arb_report: u64,
    /// Redemptions queued by holders since the last report: (holders, LRT wei).
    pub redeemers: u32,
    pub redeemed_lrt: u128,
    pub last_redeem_report: u64,
    /// LRT wei bought back by returning holders since the last arbitrage report.
    #[serde(default)]
    pub bought_back_lrt: u128,
}

/// The run's event log: the narrated events, this block's happenings waiting to be worded, and
/// the narrator's memory. [`crate::sim::Sim`] owns one.
#[derive(Clone, Debug, Default)]
pub struct EventLog {
    pub events: Vec<Event>,
    /// This block's happenings, in order; empty between blocks.
    pub happened: Vec<Happening>,
    pub narration: Narration,
}

impl EventLog {
    /// Reports a happening.
    pub fn report(&mut self, h: Happening) {
        self.happened.push(h);
    }

    /// Reports a happening already in words ([`Happening::Note`]).
    pub fn push(
        &mut self,
        block: u64,
        step: Option<CascadeStep>,
        node: Option<NodeRef>,
        text: impl Into<String>,
    ) {
        self.happened.push(Happening::Note(Event {
            block,
            step,
            text: text.into(),
            node,
        }));
    }

    /// Appends a worded event to the log (the narrator's output).
    pub fn say(
        &mut self,
        block: u64,
        step: Option<CascadeStep>,
        node: Option<NodeRef>,
        text: impl Into<String>,
    ) {
        self.events.push(Event {
            block,
            step,
            text: text.into(),
            node,
        });
    }
}
