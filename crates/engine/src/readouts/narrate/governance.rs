//! Narration of governance: AVS upgrades and emergency pauses, the LRT's pause lifted, lender
//! risk governance, AVSs answering a slash elsewhere and operators leaving a slashing AVS.

use super::*;
use crate::base::units::BLOCKS_PER_DAY;

/// One governance happening in words (nothing for the other kinds).
pub(super) fn governance(w: &World, h: &Happening, log: &mut EventLog) {
    use CascadeStep::{GovernanceScramble, RecoveryOrContagion};
    let (step, node, text) = match *h {
        Happening::UpgradeEffective { avs, slash_wad } => (GovernanceScramble, NodeRef::Avs(avs as u32), format!(
            "{}'s upgrade takes effect: it now slashes {:.0}% of slashable stake per fault.",
            w.avss[avs].name, wad_to_f64(slash_wad) * 100.0)),
        Happening::EmergencyPause { avs, duration_blocks: d } => (GovernanceScramble, NodeRef::Avs(avs as u32), format!(
            "{}'s emergency council pauses slashing for {} blocks (about {:.0} h): pending slash requests that fall due meanwhile are cancelled.",
            w.avss[avs].name, group_thousands(d as u128), d as f64 / 300.0)),
        Happening::PauseLifted { lrt, resolved, resolution_blocks: r } => (RecoveryOrContagion, NodeRef::Lrt(lrt as u32), if resolved {
            format!("{} governance lifts the withdrawal pause: no slash is pending and NAV has held for {} blocks (about {:.0} days). Queued redemptions are paid again.",
                w.lrts[lrt].symbol, group_thousands(r as u128), r as f64 / BLOCKS_PER_DAY as f64)
        } else {
            format!("{} withdrawals resume: the pause reached its announced end.", w.lrts[lrt].symbol)
        }),
        Happening::LenderReacts { market, discount_bps, action, delay_blocks } => (GovernanceScramble, NodeRef::Market(market as u32), format!(
            "{}'s risk governance reacts to a {:.1}% discount: {} in {} blocks.",
            w.markets[market].name, discount_bps as f64 / 100.0, action_words(action), group_thousands(delay_blocks as u128))),
        Happening::LenderActs { market, action } => (GovernanceScramble, NodeRef::Market(market as u32), format!(
            "{}'s governance acts: {}.", w.markets[market].name, action_words(action))),
        Happening::AvsAnswersSlash { avs, operator, by, keep, at } => {
            let what = if keep <= 0.0 {
                "ejects it from its operator set".to_string()
            } else {
                format!("cuts its allocation to {:.0}% of what it was", keep * 100.0)
            };
            (GovernanceScramble, NodeRef::Avs(avs as u32), format!(
                "{} answers the slash of {} by {}: it {what}; effective at block {} (slashable until then).",
                w.avss[avs].name, w.operators[operator].name, w.avss[by].name, group_thousands(at as u128)))
        }
        Happening::OperatorLeaves { operator, avs, share, at } => (GovernanceScramble, NodeRef::Operator(operator as u32), format!(
            "{} leaves {}: it has slashed {:.0}% of its operators; effective at block {} (slashable until then).",
            w.operators[operator].name, w.avss[avs].name, share * 100.0, group_thousands(at as u128))),
        _ => return,
    };
    log.say(w.block, Some(step), Some(node), text);
}

/// What a lender governance action does, in words.
fn action_words(a: crate::input::scenario::LenderAction) -> String {
    use crate::input::scenario::LenderAction;
    match a {
        LenderAction::Freeze => {
            "the LRT market is frozen (no new borrows; liquidations go on)".into()
        }
        LenderAction::Pause => {
            "the LRT market is paused (liquidations stop too, so bad debt can build up)".into()
        }
        LenderAction::SetLiquidationThreshold {
            liquidation_threshold_bps,
        } => {
            format!(
                "the liquidation threshold is set to {:.1}% and the market frozen",
                liquidation_threshold_bps as f64 / 100.0
            )
        }
    }
}
