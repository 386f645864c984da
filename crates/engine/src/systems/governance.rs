//! Governance: AVS veto committees that can cancel a slash inside their window, the LRT's
//! withdrawal pause and when it is lifted, and lender governance (MODEL.md sections 1 step 5
//! and 4; EigenLayer whitepaper veto committee, Symbiotic VetoSlasher; the pause's bounds in
//! docs/BEHAVIOUR.md).

use rand_chacha::ChaCha8Rng;

use crate::base::rng::chance;
use crate::base::units::{mul_div, BPS};
use crate::input::scenario::VetoParams;
pub use crate::world::events::VetoVote;
use crate::world::events::{EventLog, Happening};
use crate::world::World;

/// Applies AVS governance decisions that fall due this block: slashing-term upgrades whose
/// timelock ended, and emergency pauses of slashing decided earlier.
pub fn apply_due_avs_decisions(w: &mut World, log: &mut EventLog) {
    let block = w.block;
    let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut w.pending_upgrades)
        .into_iter()
        .partition(|u| u.0 <= block);
    w.pending_upgrades = later;
    for (_, a, wad) in due {
        w.avss[a].slash_wad = wad;
        log.report(Happening::UpgradeEffective {
            avs: a,
            slash_wad: wad,
        });
    }
    for a in 0..w.avss.len() {
        if w.avss[a].pause_at.is_some_and(|b| b <= block) {
            w.avss[a].pause_at = None;
            let duration = w.avss[a]
                .emergency_pause
                .as_ref()
                .map_or(0, |e| e.duration_blocks);
            w.avss[a].slashing_paused_until = block + duration;
            log.report(Happening::EmergencyPause {
                avs: a,
                duration_blocks: duration,
            });
        }
    }
}

/// LRT `i`'s NAV memories (peak, holders' reference, last loss) and its governance's
/// withdrawal pause: decided on a NAV drop, effective after the delay, lifted when the slashing
/// it reacted to is resolved or at its announced end (docs/BEHAVIOUR.md).
pub fn lrt(w: &mut World, i: usize, log: &mut EventLog) {
    let nav = w.nav(i);
    let decay = w.holder_rules.get(i).map_or(0.0, |r| r.loss_memory_decay);
    let block = w.block;
    let lrt = &mut w.lrts[i];
    lrt.peak_nav = lrt.peak_nav.max(nav);
    lrt.reference_nav = remembered(lrt.reference_nav, nav, decay);
    if nav < lrt.last_nav && mul_div(lrt.last_nav - nav, BPS, lrt.last_nav) >= 1 {
        lrt.last_nav_loss_block = block;
    }
    lrt.last_nav = nav;
    lrt.pause_reference_nav = lrt.pause_reference_nav.max(nav);
    let reference = lrt.pause_reference_nav;
    let drop_bps = mul_div(reference - nav, BPS, reference.max(1));
    if lrt.pause_rule.enabled
        && lrt.pause_at.is_none()
        && drop_bps >= lrt.pause_rule.nav_drop_bps.max(1)
    {
        let at = block + lrt.pause_rule.delay_blocks;
        let end = at + lrt.pause_rule.max_blocks;
        lrt.pause_at = Some(at);
        lrt.unpause_at = Some(lrt.unpause_at.map_or(end, |u| u.max(end)));
        log.report(Happening::PauseDecided { lrt: i, drop_bps });
    }
    let lrt = &mut w.lrts[i];
    if lrt.pause_at.is_some_and(|b| b <= block) && !lrt.withdrawals_paused {
        lrt.withdrawals_paused = true;
        log.report(Happening::PauseEffective { lrt: i });
    }
    let lrt = &w.lrts[i];
    let resolved = lrt.withdrawals_paused
        && lrt.pause_at.is_some_and(|b| b <= block)
        && block >= lrt.last_nav_loss_block + lrt.pause_rule.resolution_blocks
        && w.pending_slash_loss(i) == 0.0;
    let ended = lrt.unpause_at.is_some_and(|b| b <= block);
    if resolved || ended {
        lift_pause(w, i, resolved, log);
    }
}

/// `reference` moved toward `nav` by the share `1 - decay` of the gap, never below `nav` (wad).
fn remembered(reference: u128, nav: u128, decay: f64) -> u128 {
    if reference <= nav {
        return nav;
    }
    nav + ((reference - nav) as f64 * decay) as u128
}

/// Ends LRT `i`'s withdrawal pause: `resolved` when governance lifts it because the slashing
/// it reacted to is over, else at its announced end. Its pause rule then measures NAV drops
/// from today's NAV.
fn lift_pause(w: &mut World, i: usize, resolved: bool, log: &mut EventLog) {
    let nav = w.nav(i);
    let lrt = &mut w.lrts[i];
    lrt.unpause_at = None;
    lrt.pause_at = None;
    lrt.withdrawals_paused = false;
    lrt.pause_reference_nav = nav;
    log.report(Happening::PauseLifted {
        lrt: i,
        resolved,
        resolution_blocks: lrt.pause_rule.resolution_blocks,
    });
}

/// Probability that one member of `veto` votes to cancel a request, from the evidence it can
/// read: `p_veto_unjustified` when the rule misfired on an operator that signed the truth;
/// for a value the operator did sign, `p_veto_justified` plus `feed_fault_leniency` of the way
/// to `p_veto_unjustified` when the value is a data source's published outlier that its feed
/// passed on (`feed_fault`), else `p_veto_justified`. The EigenLayer whitepaper's committee
/// "can veto unjustified slashing"; how far an honest feed fault counts as unjustified is the
/// committee's policy (docs/BEHAVIOUR.md).
pub fn veto_probability(veto: &VetoParams, justified: bool, feed_fault: bool) -> f64 {
    if !justified {
        veto.p_veto_unjustified
    } else if feed_fault {
        veto.p_veto_justified
            + (veto.p_veto_unjustified - veto.p_veto_justified) * veto.feed_fault_leniency
    } else {
        veto.p_veto_justified
    }
}

/// Each member votes to veto independently with [`veto_probability`]; the veto passes at
/// `quorum` votes. Draws exactly `members` numbers from `rng` (the governance stream).
pub fn vote(
    veto: &VetoParams,
    justified: bool,
    feed_fault: bool,
    rng: &mut ChaCha8Rng,
) -> VetoVote {
    let p = veto_probability(veto, justified, feed_fault);
    let votes = (0..veto.members).filter(|_| chance(rng, p)).count() as u32;
    VetoVote {
        votes,
        vetoed: votes >= veto.quorum,
    }
}

/// Lender governance (phase 4), market by market: decides its action once the collateral
/// LRT's discount to NAV passes the trigger, and applies it after the delay (MODEL.md section 1,
/// step 5; Aave v3 risk admin).
pub fn lender(w: &mut World, log: &mut EventLog) {
    for m in 0..w.markets.len() {
        lender_market(w, m, log);
    }
}

fn lender_market(w: &mut World, m: usize, log: &mut EventLog) {
    let Some(g) = w.markets[m].governance.clone() else {
        return;
    };
    let block = w.block;
    let lrt = w.markets[m].collateral;
    let market = &w.markets[m];
    if market.action_at.is_none() && !market.frozen && !market.paused {
        let discount_bps = w.discount_bps(lrt);
        if discount_bps >= g.trigger_discount_bps as u128 {
            w.markets[m].action_at = Some(block + g.delay_blocks);
            log.report(Happening::LenderReacts {
                market: m,
                discount_bps,
                action: g.action,
                delay_blocks: g.delay_blocks,
            });
        }
    }
    if w.markets[m].action_at.is_some_and(|b| b <= block) {
        w.markets[m].action_at = None;
        apply_lender_action(w, m, g.action, log);
    }
}

/// Carries out a lender governance action on market `m` now and narrates it (scheduled
/// governance after its delay, or the `lender_governance` mitigation at once).
pub fn apply_lender_action(
    w: &mut World,
    m: usize,
    action: crate::input::scenario::LenderAction,
    log: &mut EventLog,
) {
    use crate::input::scenario::LenderAction;
    let market = &mut w.markets[m];
    match action {
        LenderAction::Freeze => market.frozen = true,
        LenderAction::Pause => market.paused = true,
        LenderAction::SetLiquidationThreshold {
            liquidation_threshold_bps,
        } => {
            market.liquidation_threshold_bps = liquidation_threshold_bps as u128;
            market.ltv_bps = market.ltv_bps.min(liquidation_threshold_bps as u128);
            market.frozen = true;
        }
    }
    log.report(Happening::LenderActs { market: m, action });
}

/// AVSs' response to a slash elsewhere (issue 15, contagion through the AVS side): after AVS
/// `by` slashed operator `op`, every other AVS with `slashed_elsewhere_keep = Some(k)` where the
/// operator is registered keeps share `k` of its magnitude and schedules the rest for
/// deallocation (after the 14-day DEALLOCATION_DELAY, slashable until then; ELIP-002), or
/// ejects it when `k` is 0 (deregistered after the same delay). AVSs in index order; one
/// response per AVS and operator while a change is pending. Returns the AVSs that responded.
pub fn respond_to_slash_elsewhere(
    w: &mut World,
    by: usize,
    op: usize,
    log: &mut EventLog,
) -> Vec<usize> {
    let block = w.block;
    let mut responded = Vec::new();
    for a in (0..w.avss.len()).filter(|&a| a != by) {
        let Some(keep) = w.avss[a].slashed_elsewhere_keep else {
            continue;
        };
        let operator = &mut w.operators[op];
        let pending = operator.pending_allocations.iter().any(|p| p.1 == a)
            || operator.pending_deregistrations.iter().any(|d| d.1 == a);
        let current = operator
            .allocations
            .iter()
            .find(|x| x.avs == a)
            .map(|x| x.magnitude);
        let Some(current) = current.filter(|_| !pending) else {
            continue;
        };
        let effective = if keep <= 0.0 {
            operator.deregister(a, block)
        } else {
            let kept = (current as f64 * keep.min(1.0)) as u128;
            operator.modify_allocation(a, kept, block)
        };
        let Some(at) = effective else { continue };
        responded.push(a);
        log.report(Happening::AvsAnswersSlash {
            avs: a,
            operator: op,
            by,
            keep,
            at,
        });
    }
    responded
}

/// Operators' response to the slashes executed this block (`executed`: AVS, operator, wei, in
/// execution order): when some operator has the rule, each AVS that slashed records the
/// operators it slashed (nothing is recorded otherwise), and every
/// operator registered with it whose `leave_at_slashed_share` is at most the share of its
/// operators it has slashed so far (slashed / registered or slashed) deregisters from it,
/// effective after the 14-day DEALLOCATION_DELAY (slashable until then; ELIP-002). Operators
/// in index order; one deregistration per operator and AVS. Returns (AVS, operator) of each.
pub fn operators_leave(
    w: &mut World,
    executed: &[(usize, usize, u128)],
    log: &mut EventLog,
) -> Vec<(usize, usize)> {
    let mut left = Vec::new();
    // Nobody weighs the evidence: nothing is recorded (the state, and its hash, are those of
    // a scenario without the rule).
    if executed.is_empty()
        || !w
            .operators
            .iter()
            .any(|o| o.leave_at_slashed_share.is_some())
    {
        return left;
    }
    let mut by: Vec<usize> = executed.iter().map(|e| e.0).collect();
    by.sort_unstable();
    by.dedup();
    for a in by {
        let slashed = &mut w.avss[a].slashed_operators;
        slashed.extend(executed.iter().filter(|e| e.0 == a).map(|e| e.1 as u32));
        slashed.sort_unstable();
        slashed.dedup();
        let hit = &w.avss[a].slashed_operators;
        let set = (0..w.operators.len())
            .filter(|&k| w.operators[k].is_registered(a) || hit.binary_search(&(k as u32)).is_ok())
            .count()
            .max(1);
        let share = hit.len() as f64 / set as f64;
        for k in 0..w.operators.len() {
            let o = &w.operators[k];
            if !o.leave_at_slashed_share.is_some_and(|t| share >= t) {
                continue;
            }
            let Some(at) = w.operators[k].deregister(a, w.block) else {
                continue;
            };
            left.push((a, k));
            log.report(Happening::OperatorLeaves {
                operator: k,
                avs: a,
                share,
                at,
            });
        }
    }
    left
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::rng::{stream, Purpose};

    fn committee(p_unjust: f64, p_just: f64) -> VetoParams {
        VetoParams {
            members: 9,
            quorum: 5,
            window_blocks: 100,
            p_veto_unjustified: p_unjust,
            p_veto_justified: p_just,
            feed_fault_leniency: 0.0,
        }
    }

    #[test]
    fn certain_votes_decide() {
        let mut rng = stream(1, Purpose::Governance);
        assert!(vote(&committee(1.0, 0.0), false, false, &mut rng).vetoed);
        assert!(!vote(&committee(1.0, 0.0), true, false, &mut rng).vetoed);
        assert_eq!(vote(&committee(1.0, 0.0), false, false, &mut rng).votes, 9);
    }

    #[test]
    fn veto_rate_tracks_binomial_tail() {
        // P(Binomial(9, 0.5) >= 5) = 0.5 exactly.
        let mut rng = stream(2, Purpose::Governance);
        let n = 4000;
        let vetoed = (0..n)
            .filter(|_| vote(&committee(0.5, 0.0), false, false, &mut rng).vetoed)
            .count();
        let rate = vetoed as f64 / n as f64;
        assert!((rate - 0.5).abs() < 0.03, "veto rate {rate}");
    }

    #[test]
    fn a_feed_fault_is_judged_by_the_committees_leniency() {
        let mut c = committee(0.85, 0.05);
        // A manipulation (no feed fault) and a feed fault under the default policy: upheld.
        assert_eq!(veto_probability(&c, true, false), 0.05);
        assert_eq!(veto_probability(&c, true, true), 0.05);
        assert_eq!(veto_probability(&c, false, false), 0.85);
        c.feed_fault_leniency = 0.5;
        assert!((veto_probability(&c, true, true) - 0.45).abs() < 1e-12);
        assert_eq!(veto_probability(&c, true, false), 0.05, "only feed faults");
        c.feed_fault_leniency = 1.0;
        let mut rng = stream(3, Purpose::Governance);
        let vetoed = (0..1000)
            .filter(|_| vote(&c, true, true, &mut rng).vetoed)
            .count();
        // P(Binomial(9, 0.85) >= 5) = 0.994.
        assert!(vetoed > 975, "{vetoed} of 1000");
    }
}
