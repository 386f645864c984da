//! The restaking network: operators with their allocations, and AVSs with their slashing
//! terms, emergency pause and veto committee (MODEL.md sections 2-4, 13).

use serde::{Deserialize, Serialize};

use super::*;

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
    /// When an AVS this operator is registered with has slashed at least this share of the
    /// operators registered with it, the operator deregisters from it
    /// (`deregisterFromOperatorSets`, effective after EigenLayer's 14-day DEALLOCATION_DELAY,
    /// slashable until then; ELIP-002): the slashing rate it has seen there is above the risk
    /// it accepts for that AVS's rewards. Fraction in `[0, 1]` (0: leave at the first slash);
    /// `null` (default): it stays whatever happens, the reading with no evidence of operators
    /// leaving after a slash (docs/MODEL.md "AVS responses"; issue 15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leave_at_slashed_share: Option<f64>,
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
    /// for none (e.g. a 5-of-9 council that can pause slashing for 72 h, MODEL.md section 13).
    #[serde(default)]
    pub emergency_pause: Option<EmergencyPauseParams>,
    /// Over-slashing (MODEL.md section 14: "over-slashing from vague rules"): probability per
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
    /// How this AVS responds when one of its operators is slashed by another AVS: it keeps this
    /// share of that operator's magnitude in its operator set, scheduling the rest for
    /// deallocation (`modifyAllocations`, effective after EigenLayer's 14-day
    /// DEALLOCATION_DELAY, during which the old allocation stays slashable; ELIP-002); 0 ejects
    /// the operator (it is deregistered from the set when the delay ends, so it stops counting
    /// under the shared model too). Fraction in `[0, 1]`; `null` (default): no response, as an
    /// AVS whose terms say nothing about slashes elsewhere (EigenLayer itself links none).
    /// Contagion through the AVS side (issue 15; docs/MODEL.md "AVS responses").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slashed_elsewhere_keep: Option<f64>,
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
    /// How far the committee treats a feed fault (the operator signed a data source's
    /// published outlier that its feed passed on) as unjustified, fraction from 0 to 1: each
    /// member then votes with `p_veto_justified + leniency x (p_veto_unjustified -
    /// p_veto_justified)`. Default 0: the committee upholds what the AVS's own rule flags, the
    /// mandate of the EigenLayer whitepaper's committee (stop slashing the rule did not intend,
    /// such as contract bugs); 1 treats an honest feed fault as unjustified (docs/BEHAVIOUR.md).
    #[serde(default, skip_serializing_if = "crate::base::units::is_zero_f64")]
    pub feed_fault_leniency: f64,
}

/// The committee a `veto_committee` mitigation switches on for an AVS whose scenario has none:
/// 5 of 9 members, a 3,600-block (12 h) window; members veto a misfired slash with p = 0.8 and
/// a justified one with p = 0.05 (assumption, after the EigenLayer whitepaper's committee and a
/// 5-of-9 council, MODEL.md section 13).
pub const DEFAULT_VETO: VetoParams = VetoParams {
    members: 9,
    quorum: 5,
    window_blocks: 3_600,
    p_veto_unjustified: 0.8,
    p_veto_justified: 0.05,
    feed_fault_leniency: 0.0,
};
