//! Scenario inputs about tokens: LRT incentive programmes (`incentives[]`, run by
//! `crate::systems::incentives`) and governance tokens (`governance_tokens[]`, read by
//! `crate::readouts::redflags`).

use serde::{Deserialize, Serialize};

/// An LRT's incentive programme (scenario `incentives[]`); what it pays and what its capital
/// does when it ends are [`crate::systems::incentives`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncentiveParams {
    /// Symbol of the LRT.
    pub lrt: String,
    /// Incentives paid in a token, valued in ETH: basis points per year of the LRT's backing,
    /// paid each epoch into the LRT's backing while the programme runs (a priced incentive:
    /// it counts in the yield stack).
    #[serde(default)]
    pub token_apr_bps: u32,
    /// True if holders earn points (a promise of an airdrop whose value is not defined): no
    /// yield, a red flag.
    #[serde(default)]
    pub points: bool,
    /// Block at which the programme ends (token payments and points stop, mercenary capital
    /// leaves); `null`: it runs on.
    #[serde(default)]
    pub ends_at_block: Option<u64>,
    /// LRT held by capital that came for the programme (taken from the LRT's other holders at
    /// start), whole LRT; sold into the pool when the programme ends. Default 0.
    #[serde(default)]
    pub mercenary_lrt: u64,
    /// Share of the pool's liquidity provided for the programme, basis points; withdrawn when
    /// it ends. Default 0.
    #[serde(default)]
    pub mercenary_pool_bps: u32,
    /// Blocks over which the mercenary LRT is sold, evenly, from the end block (at least 1).
    #[serde(default = "one_block")]
    pub mercenary_exit_blocks: u64,
}

fn one_block() -> u64 {
    1
}

impl IncentiveParams {
    /// A programme of LRT `lrt` that pays nothing, has no end and attracts no mercenary capital
    /// (set the fields to use).
    pub fn new(lrt: &str) -> Self {
        IncentiveParams {
            lrt: lrt.into(),
            token_apr_bps: 0,
            points: false,
            ends_at_block: None,
            mercenary_lrt: 0,
            mercenary_pool_bps: 0,
            mercenary_exit_blocks: 1,
        }
    }

    /// True if the programme moves money: a priced incentive or mercenary capital.
    pub fn moves_money(&self) -> bool {
        self.token_apr_bps > 0 || self.mercenary_lrt > 0 || self.mercenary_pool_bps > 0
    }
}

/// A governance token and the layers its holders control (scenario `governance_tokens[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GovernanceTokenParams {
    pub token: String,
    /// Names of AVSs, LRT symbols and lending market names whose governance the token controls.
    pub controls: Vec<String>,
}
