//! Narration of threats to the AVSs' security: operators tempted by MEV, slashing rules that
//! misfire or miss, the network turning insecure, rational attacks, an AVS turning insecure.

use super::*;

/// "Operator misbehaves for MEV", and whether the AVS caught it.
pub(super) fn mev(w: &World, h: &Happening, log: &mut EventLog) {
    let Happening::MevMisbehaviour {
        operator,
        avs,
        gain_wei,
        expected_slash_wei,
        caught_slash_wad,
    } = *h
    else {
        return;
    };
    let what = match caught_slash_wad {
        Some(wad) => format!(
            "{} catches it and requests a {:.0}% slash.",
            w.avss[avs].name,
            wad_to_f64(wad) * 100.0
        ),
        None => "Nobody notices this time.".to_string(),
    };
    log.say(w.block, Some(CascadeStep::OracleDisturbance), Some(NodeRef::Operator(operator as u32)),
        format!("{} misbehaves on {} for MEV: {} this epoch against an expected slash of {} (profit from corruption above its expected cost). {what}",
            w.operators[operator].name, w.avss[avs].name, fmt_eth(gain_wei, 2), fmt_eth(expected_slash_wei, 2)));
}

/// A slashing rule misfires on an honest operator (over-slashing) or misses a real fault.
pub(super) fn ambiguity(w: &World, h: &Happening, log: &mut EventLog) {
    let (operator, text) = match *h {
        Happening::OverSlashRequest { avs, operator, rate, wad, at_stake_wei, veto } => {
            let veto = match veto {
                Some((quorum, members, window)) => format!("its veto committee ({quorum} of {members}) votes when the {window}-block window closes"),
                None => "no veto committee can stop it".into(),
            };
            (operator, format!("{}'s slashing rule misfires (over-slashing, {:.1}% per epoch): it requests a {:.0}% slash of {}, which did nothing wrong, putting {} of its delegators' stake at risk; {veto}.",
                w.avss[avs].name, rate * 100.0, wad_to_f64(wad) * 100.0, w.operators[operator].name, fmt_eth(at_stake_wei, 0)))
        }
        Happening::MissedFault { avs, operator, rate } => (operator, format!(
            "{} misses a real fault of {} (under-slashing, {:.0}% of faults go unpunished): no slash is requested, and corrupting it costs less in expectation.",
            w.avss[avs].name, w.operators[operator].name, rate * 100.0)),
        _ => return,
    };
    log.say(
        w.block,
        Some(CascadeStep::SlashingWave),
        Some(NodeRef::Operator(operator as u32)),
        text,
    );
}

/// The network turns insecure, or a coalition carries out the most profitable attack.
pub(super) fn attacks(w: &World, h: &Happening, log: &mut EventLog) {
    match h {
        Happening::NetworkInsecure { slack } => log.say(w.block, Some(CascadeStep::RecoveryOrContagion), None,
            format!("The restaking network is no longer secure: some coalition of operators could now corrupt a set of AVSs for more than the stake it would lose (slack {slack:.2}).")),
        Happening::RationalAttack { operators, avss, profit_eth, cost_eth } => {
            let ops: Vec<&str> = operators.iter().map(|&o| w.operators[o].name.as_str()).collect();
            let names: Vec<&str> = avss.iter().map(|&s| w.avss[s].name.as_str()).collect();
            log.say(w.block, Some(CascadeStep::RecoveryOrContagion), avss.first().map(|&s| NodeRef::Avs(s as u32)),
                format!("Rational attack: {} corrupt {} for {} of profit against {} of stake they will lose. Their slashes follow; the cascade continues on the reduced network.",
                    ops.join(", "), names.join(", "), fmt_eth((profit_eth * 1e18) as u128, 0), fmt_eth((cost_eth * 1e18) as u128, 0)));
        }
        _ => {}
    }
}
