//! Actively validated services: kinds, rewards, the oracle duty and slash requests
//! (MODEL.md sections 1 and 4; EigenLayer whitepaper for profit from corruption).

use serde::{Deserialize, Serialize};

use crate::base::ledger::Ledger;
use crate::base::units::{f64_to_u128, u128_to_f64};
use crate::input::scenario::{AvsKind, SlashRule, SlashingModel, VetoParams};
use crate::model::restaking::Operator;

/// An AVS and its running state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Avs {
    pub name: String,
    pub kind: AvsKind,
    /// Profit from corruption, wei.
    pub profit_from_corruption: u128,
    /// alpha_s: share of its stake an attacker must control.
    pub corruption_threshold: f64,
    /// Rewards on slashable stake, basis points per year.
    pub reward_apr_bps: u32,
    pub slash_rule: SlashRule,
    /// Share of slashable stake taken per flagged operator, wad.
    pub slash_wad: u128,
    /// Oracle rule's tolerance band: a report this close to the reference is not flagged, bps.
    pub deviation_tolerance_bps: u32,
    /// Slashing terms that scale with the deviation (full slash at this deviation, bps);
    /// `None`: `slash_wad` whatever the deviation. Absent from the state when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slash_full_at_deviation_bps: Option<u32>,
    pub veto: Option<VetoParams>,
    /// The committee a `veto_committee` mitigation switched off, kept to switch it back on.
    /// Absent from the state (and its hash) unless that happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub veto_off: Option<VetoParams>,
    /// Slashes operators whose validators are slashed on Ethereum.
    pub mirrors_beacon_slashing: bool,
    /// Upgrade timelock, blocks; `None` without upgrade keys.
    pub upgrade_timelock: Option<u64>,
    pub emergency_pause: Option<crate::input::scenario::EmergencyPauseParams>,
    /// Where redistributed slashes go; `None` when slashes are burned.
    pub redistribution_account: Option<crate::base::ledger::AccountId>,
    /// True once governance is captured: no veto, maximal slashing.
    pub captured: bool,
    /// Slashing is paused before this block (emergency pause).
    pub slashing_paused_until: u64,
    /// Block at which a decided emergency pause takes effect.
    pub pause_at: Option<u64>,
    /// True once the AVS's cost of corruption has fallen below its profit from corruption.
    pub insecure: bool,
    /// Number of oracle rounds that went wrong (oracle AVSs).
    pub faulty_rounds: u32,
    /// Over-slashing rate per epoch ([`crate::systems::ambiguity`]); absent from the state when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub over_slashing_rate: f64,
    /// Under-slashing rate ([`crate::systems::ambiguity`]); absent from the state when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub under_slashing_rate: f64,
    /// Share of an operator's magnitude kept after another AVS slashed it
    /// ([`crate::input::scenario::AvsParams::slashed_elsewhere_keep`]); absent from the state
    /// (and its hash) when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slashed_elsewhere_keep: Option<f64>,
    /// Operators this AVS has slashed (indices into `World::operators`, ascending, each once),
    /// the evidence operators weigh ([`crate::systems::governance::operators_leave`]), kept
    /// only when some operator weighs it; absent from the state (and its hash) when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slashed_operators: Vec<u32>,
    /// MEV offered for misbehaving on this AVS ([`crate::systems::mev`]); absent when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mev: Option<crate::input::scenario::MevParams>,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// A slash the AVS has requested; it executes at `execute_at` unless vetoed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlashRequest {
    pub avs: usize,
    pub operator: usize,
    /// Share of the slashable stake to take, wad.
    pub wad: u128,
    pub requested_at: u64,
    pub execute_at: u64,
    /// True if the flagged operator did sign a wrong value (a committee judging the evidence
    /// would uphold it); false when the rule misfired on an honest operator.
    pub justified: bool,
    /// True when the wrong value it signed is a data source's published outlier that its feed
    /// passed on (an oracle outlier, [`crate::model::feeds`]): evidence a committee can read as a feed
    /// fault rather than a manipulation ([`crate::systems::governance::veto_probability`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub feed_fault: bool,
}

/// One operator the oracle rule flags.
#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    pub operator: usize,
    /// How far its report is from the rule's reference, bps.
    pub deviation_bps: u32,
    /// Share of its slashable stake to take under the AVS's slashing terms, wad.
    pub wad: u128,
    /// True if it did sign a value off the truth by more than the tolerance band (a committee
    /// judging the evidence would uphold the slash); false for an honest operator flagged
    /// because the reference itself was wrong.
    pub justified: bool,
}

/// Outcome of one oracle round that went wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct OracleRound {
    /// Operators (indices) that signed a value off the truth.
    pub followers: Vec<usize>,
    /// Operators that signed the true value (their feeds ignored or refused the outlier).
    pub rejecters: Vec<usize>,
    /// Slashable stake behind each group, wei.
    pub follower_stake: u128,
    pub rejecter_stake: u128,
    /// Smallest and largest deviation a follower signed, bps ((0, 0) without followers).
    pub signed_bps: (u32, u32),
    /// The value the rule compares reports with, as a deviation from the truth, bps: 0 for
    /// `slash_outlier_signers`, the stake-weighted median report for `slash_majority_deviators`.
    pub reference_bps: u32,
    /// Operators the rule flags, in operator order.
    pub flagged: Vec<Flag>,
}

/// Runs an oracle round of AVS `avs` in which one data source posts a value `deviation_bps` off
/// (MODEL.md section 1, step 1; [`crate::model::feeds`]): each registered operator signs what its feed
/// configuration makes of it, and the AVS's rule flags every report more than its tolerance band
/// from the rule's reference, with a slash sized by its slashing terms. Stake is the stake the
/// AVS can slash under `model`. `majority_corrupted` replaces the operators' own feeds: the
/// largest operators, until they hold more than half of the AVS's stake, sign the corrupted
/// value, `deviation_bps` off (a data-integrity failure).
pub fn oracle_round(
    avs_index: usize,
    avs: &Avs,
    operators: &[Operator],
    ledger: &Ledger,
    model: SlashingModel,
    deviation_bps: u32,
    majority_corrupted: bool,
) -> OracleRound {
    let corrupted = if majority_corrupted {
        corrupted_majority(avs_index, operators, ledger, model)
    } else {
        Vec::new()
    };
    // (operator, signed deviation from the truth, slashable stake), in operator order.
    let reports: Vec<(usize, u32, u128)> = operators
        .iter()
        .enumerate()
        .filter(|(_, op)| op.is_registered(avs_index))
        .map(|(i, op)| {
            let signed = if majority_corrupted {
                if corrupted.contains(&i) {
                    deviation_bps
                } else {
                    0
                }
            } else {
                crate::model::feeds::signed_deviation_bps(&op.feed, deviation_bps)
            };
            (i, signed, op.slashable_stake(ledger, avs_index, model))
        })
        .collect();
    let mut round = OracleRound {
        followers: Vec::new(),
        rejecters: Vec::new(),
        follower_stake: 0,
        rejecter_stake: 0,
        signed_bps: (0, 0),
        reference_bps: 0,
        flagged: Vec::new(),
    };
    for &(i, signed, stake) in &reports {
        if signed > 0 {
            round.signed_bps = if round.followers.is_empty() {
                (signed, signed)
            } else {
                (
                    round.signed_bps.0.min(signed),
                    round.signed_bps.1.max(signed),
                )
            };
            round.followers.push(i);
            round.follower_stake += stake;
        } else {
            round.rejecters.push(i);
            round.rejecter_stake += stake;
        }
    }
    round.reference_bps = match avs.slash_rule {
        SlashRule::None => return round,
        SlashRule::SlashOutlierSigners => 0,
        SlashRule::SlashMajorityDeviators => weighted_median(&reports),
    };
    let tolerance = avs.deviation_tolerance_bps;
    for &(operator, signed, _) in &reports {
        let off = signed.abs_diff(round.reference_bps);
        if off > tolerance {
            round.flagged.push(Flag {
                operator,
                deviation_bps: off,
                wad: crate::model::feeds::slash_wad(
                    avs.slash_wad,
                    avs.slash_full_at_deviation_bps,
                    off,
                ),
                justified: signed > tolerance,
            });
        }
    }
    round
}

/// The stake-weighted (lower) median of the signed deviations: the smallest value at or below
/// which at least half of the reporting stake signed. 0 without stake.
fn weighted_median(reports: &[(usize, u32, u128)]) -> u32 {
    let total: u128 = reports.iter().map(|r| r.2).sum();
    let mut sorted: Vec<(u32, u128)> = reports.iter().map(|r| (r.1, r.2)).collect();
    sorted.sort_by_key(|r| r.0);
    let mut held = 0u128;
    for (value, stake) in sorted {
        held += stake;
        if held * 2 >= total {
            return value;
        }
    }
    0
}

/// Cost of corruption of AVS `avs`, wei: `alpha_s * sigma(N(s))`, the slashable stake an
/// attacker must control (and lose) to corrupt it (EigenLayer whitepaper; Durvasula and
/// Roughgarden, arXiv 2407.21785). The float is used only for this comparison metric.
pub fn cost_of_corruption(
    avs_index: usize,
    avs: &Avs,
    operators: &[Operator],
    ledger: &Ledger,
    model: SlashingModel,
) -> u128 {
    let stake: u128 = operators
        .iter()
        .map(|o| o.slashable_stake(ledger, avs_index, model))
        .sum();
    (stake as f64 * avs.corruption_threshold) as u128
}

/// Expected cost of corruption, wei: `coc * (1 - under_slashing_rate)`. An AVS that misses a
/// real fault with probability `u` takes the attacker's stake only with probability `1 - u`
/// (EigenLayer whitepaper's CoC > PfC condition, in expectation; [`crate::systems::ambiguity`]).
/// Exactly `coc` when the rate is 0.
pub fn expected_cost_of_corruption(coc: u128, under_slashing_rate: f64) -> u128 {
    if under_slashing_rate == 0.0 {
        coc
    } else {
        (coc as f64 * (1.0 - under_slashing_rate.clamp(0.0, 1.0))) as u128
    }
}

/// Expected cost of corruption of every AVS, wei, in AVS order: [`costs_of_corruption`] with
/// each AVS's under-slashing rate taken off ([`expected_cost_of_corruption`]).
pub fn expected_costs_of_corruption(
    avss: &[Avs],
    operators: &[Operator],
    ledger: &Ledger,
    model: SlashingModel,
) -> Vec<u128> {
    let delegated: Vec<u128> = operators.iter().map(|o| o.delegated(ledger)).collect();
    expected_costs_of_corruption_of(avss, operators, &delegated, model)
}

/// [`expected_costs_of_corruption`] from each operator's delegated stake, wei, in operator order
/// ([`crate::model::restaking::DelegatedStakes::by_operator`]).
pub fn expected_costs_of_corruption_of(
    avss: &[Avs],
    operators: &[Operator],
    delegated: &[u128],
    model: SlashingModel,
) -> Vec<u128> {
    costs_of_corruption(avss, operators, delegated, model)
        .into_iter()
        .zip(avss)
        .map(|(coc, a)| expected_cost_of_corruption(coc, a.under_slashing_rate))
        .collect()
}

/// Profit from corruption over expected cost of corruption: above 1 the AVS is worth
/// corrupting. `f64::INFINITY` when the expected cost is 0 and the profit is not.
pub fn corruption_ratio(profit_from_corruption: u128, expected_coc: u128) -> f64 {
    if expected_coc == 0 {
        if profit_from_corruption == 0 {
            0.0
        } else {
            f64::INFINITY
        }
    } else {
        profit_from_corruption as f64 / expected_coc as f64
    }
}

/// Cost of corruption of every AVS, wei, in AVS order: the same values as
/// [`cost_of_corruption`] for each, in one pass over the operators, from each operator's
/// delegated stake, wei, in operator order (`delegated[o]` is `operators[o]`'s
/// [`Operator::delegated`]: [`crate::model::restaking::DelegatedStakes::by_operator`], read once
/// for the block's metrics too).
pub fn costs_of_corruption(
    avss: &[Avs],
    operators: &[Operator],
    delegated: &[u128],
    model: SlashingModel,
) -> Vec<u128> {
    let mut stake = vec![0u128; avss.len()];
    // Operators registered with no AVS (most of the long tail) add nothing.
    for (op, &d) in operators.iter().zip(delegated) {
        for (a, s) in op.slashable_stakes_of(d, model) {
            stake[a] += s;
        }
    }
    avss.iter()
        .zip(stake)
        .map(|(avs, s)| f64_to_u128(u128_to_f64(s) * avs.corruption_threshold))
        .collect()
}

/// The largest operators of AVS `avs` (by slashable stake, ties by index) until they hold more
/// than half of its stake.
fn corrupted_majority(
    avs: usize,
    operators: &[Operator],
    ledger: &Ledger,
    model: SlashingModel,
) -> Vec<usize> {
    let mut by_stake: Vec<(u128, usize)> = operators
        .iter()
        .enumerate()
        .filter(|(_, o)| o.is_registered(avs))
        .map(|(i, o)| (o.slashable_stake(ledger, avs, model), i))
        .collect();
    let total: u128 = by_stake.iter().map(|s| s.0).sum();
    by_stake.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut held = 0;
    let mut out = Vec::new();
    for (stake, i) in by_stake {
        if held * 2 > total {
            break;
        }
        held += stake;
        out.push(i);
    }
    out
}
