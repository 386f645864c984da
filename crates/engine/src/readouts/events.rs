//! The narrated event log: what happened, in plain words, tagged with the cascade step of
//! MODEL.md section 1.

use serde::{Deserialize, Serialize};

use crate::base::ids::NodeRef;

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

/// Appends events during a block; the pipeline owns one.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EventLog {
    pub events: Vec<Event>,
}

impl EventLog {
    /// Records an event.
    pub fn push(
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
