//! Plain-words narration of the cascade, tagged with the steps of MODEL.md section 1.
//! Frequent happenings (panic sales, arbitrage) are aggregated over windows so the log reads
//! like a story, not a trace.

use crate::base::ids::NodeRef;
use crate::base::units::{fmt_eth, group_thousands, wad_to_f64, WEI_PER_ETH};
use crate::input::scenario::VetoParams;
use crate::model::avs::{OracleRound, SlashRequest};
use crate::world::events::{
    CascadeStep, EventLog, FillKind, Happening, LiquidationReport, Narration, VetoVote,
};
use crate::world::World;

mod governance;
mod market;
mod threats;
use market::{liquidations, liquidity, market, tally};

/// Blocks between two aggregated liquidity-flight reports (150 blocks = 30 minutes).
const FLIGHT_REPORT_BLOCKS: u64 = 150;

/// An amount of LRT with its symbol (of the first LRT; "LRT" when the scenario has several).
fn lrt_amount(w: &World, wei: u128) -> String {
    let symbol = match w.lrts.as_slice() {
        [one] => one.symbol.as_str(),
        _ => "LRT",
    };
    crate::base::units::fmt_units(wei, 0, symbol)
}

fn names(w: &World, ops: &[usize]) -> String {
    let mut s: Vec<&str> = ops
        .iter()
        .take(4)
        .map(|&i| w.operators[i].name.as_str())
        .collect();
    if ops.len() > 4 {
        s.push("…");
    }
    s.join(", ")
}

fn oracle_round(
    w: &World,
    a: usize,
    deviation_bps: u32,
    r: &OracleRound,
    corrupted: bool,
    log: &mut EventLog,
) {
    let total = (r.follower_stake + r.rejecter_stake).max(1);
    let source = if corrupted {
        format!("{}'s data is corrupted at the source.", w.avss[a].name)
    } else {
        format!(
            "A data source behind {} posted a price {:.1}% off.",
            w.avss[a].name,
            deviation_bps as f64 / 100.0
        )
    };
    let signed = match r.signed_bps {
        (lo, hi) if lo == hi || corrupted => format!("{:.1}% off", hi as f64 / 100.0),
        (lo, hi) => format!("{:.1}-{:.1}% off", lo as f64 / 100.0, hi as f64 / 100.0),
    };
    let others = if corrupted {
        "the others signed the true value"
    } else {
        "the others' feeds (more sources, a median, or a sanity bound) kept the true value"
    };
    log.say(
        w.block,
        Some(CascadeStep::OracleDisturbance),
        Some(NodeRef::Avs(a as u32)),
        format!(
            "{source} {} of {} operators ({:.0}% of its stake: {}) signed a value {signed}; {others}.",
            r.followers.len(),
            r.followers.len() + r.rejecters.len(),
            100.0 * r.follower_stake as f64 / total as f64,
            names(w, &r.followers),
        ),
    );
}

fn slash_requests(w: &World, a: usize, r: &OracleRound, window: u64, log: &mut EventLog) {
    if r.flagged.is_empty() {
        return;
    }
    let justified = r.flagged.iter().filter(|f| f.justified).count();
    let who = if justified == r.flagged.len() {
        "the operators that signed the outlier"
    } else if justified == 0 {
        "the honest minority that rejected the outlier"
    } else {
        "operators on both sides of a wrong majority"
    };
    let band = format!(
        "more than {:.1}% from {}",
        w.avss[a].deviation_tolerance_bps as f64 / 100.0,
        if r.reference_bps == 0 {
            "the true value".to_string()
        } else {
            format!(
                "the majority's value ({:.1}% off)",
                r.reference_bps as f64 / 100.0
            )
        }
    );
    let (lo, hi) = r
        .flagged
        .iter()
        .fold((u128::MAX, 0), |(lo, hi), f| (lo.min(f.wad), hi.max(f.wad)));
    let size = if lo == hi {
        format!("a {:.0}% slash of each", wad_to_f64(hi) * 100.0)
    } else {
        format!(
            "slashes of {:.1}-{:.1}% sized by each deviation",
            wad_to_f64(lo) * 100.0,
            wad_to_f64(hi) * 100.0
        )
    };
    let veto = if window > 0 {
        format!(
            "The veto window closes in {} blocks (about {:.1} h).",
            group_thousands(window as u128),
            window as f64 * 12.0 / 3600.0
        )
    } else {
        "There is no veto committee: the slashes execute at once.".to_string()
    };
    log.say(
        w.block,
        Some(CascadeStep::SlashingWave),
        Some(NodeRef::Avs(a as u32)),
        format!(
            "{}'s rule flags {who} ({} operators, {band}) and requests {size}. {veto}",
            w.avss[a].name,
            r.flagged.len(),
        ),
    );
}

fn veto_vote(w: &World, r: &SlashRequest, veto: &VetoParams, vote: VetoVote, log: &mut EventLog) {
    let op = &w.operators[r.operator].name;
    let text = if vote.vetoed {
        format!("{}'s veto committee cancelled the slash of {op}: {} of {} members voted to veto (quorum {}).", w.avss[r.avs].name, vote.votes, veto.members, veto.quorum)
    } else {
        format!(
            "{}'s veto committee let the slash of {op} through: {} of {} votes, quorum {}.",
            w.avss[r.avs].name, vote.votes, veto.members, veto.quorum
        )
    };
    log.say(
        w.block,
        Some(CascadeStep::GovernanceScramble),
        Some(NodeRef::Operator(r.operator as u32)),
        text,
    );
}

/// `others[k]`: the AVSs operator `executed[k].1` was allocated to besides the slasher, when
/// it was slashed; `navs`: each LRT's NAV right after the slashes, wad.
fn slashes(
    w: &World,
    executed: &[(usize, usize, u128)],
    others: &[Vec<usize>],
    navs: &[u128],
    log: &mut EventLog,
) {
    for (&(a, op, amount), others) in executed.iter().zip(others) {
        let o = &w.operators[op];
        let others: Vec<&str> = others.iter().map(|&x| w.avss[x].name.as_str()).collect();
        let spill = match w.model {
            crate::input::scenario::SlashingModel::Shared if !others.is_empty() => {
                format!(
                    " Under shared security that stake also secured {}.",
                    others.join(", ")
                )
            }
            crate::input::scenario::SlashingModel::UniqueStake => {
                " Unique stake: only the magnitude allocated to this AVS was at risk.".to_string()
            }
            _ => String::new(),
        };
        log.say(
            w.block,
            Some(CascadeStep::SlashingWave),
            Some(NodeRef::Operator(op as u32)),
            format!(
                "{} slashed {} by {} of stake.{spill}",
                w.avss[a].name,
                o.name,
                fmt_eth(amount, 0)
            ),
        );
    }
    if !executed.is_empty() {
        for (i, (lrt, &nav)) in w.lrts.iter().zip(navs).enumerate() {
            if nav >= lrt.peak_nav {
                continue;
            }
            log.say(
                w.block,
                Some(CascadeStep::SlashingWave),
                Some(NodeRef::Lrt(i as u32)),
                format!(
                    "{} NAV falls to {:.4} ETH per token as the slashed stake leaves its backing.",
                    lrt.symbol,
                    wad_to_f64(nav)
                ),
            );
        }
    }
}

fn pause_decided(w: &World, i: usize, drop_bps: u128, log: &mut EventLog) {
    log.say(
        w.block,
        Some(CascadeStep::GovernanceScramble),
        Some(NodeRef::Lrt(i as u32)),
        format!(
            "{} governance votes to pause withdrawals after a {:.2}% NAV drop; the pause takes effect in {} blocks and lasts until the slashing is resolved, at most {:.0} days.",
            w.lrts[i].symbol,
            drop_bps as f64 / 100.0,
            w.lrts[i].pause_rule.delay_blocks,
            w.lrts[i].pause_rule.max_blocks as f64 / crate::base::units::BLOCKS_PER_DAY as f64
        ),
    );
}

fn pause_effective(w: &World, i: usize, log: &mut EventLog) {
    log.say(
        w.block,
        Some(CascadeStep::GovernanceScramble),
        Some(NodeRef::Lrt(i as u32)),
        format!("{} withdrawals are paused: queued redemptions wait, and arbitrageurs buy only a discount that pays for the pause too.", w.lrts[i].symbol),
    );
}

fn outage(w: &World, region: usize, duration_blocks: u64, share: f64, log: &mut EventLog) {
    let r = &w.beacon.regions[region];
    let affected: Vec<usize> = (0..w.operators.len())
        .filter(|&i| {
            w.operators[i]
                .delegations
                .iter()
                .any(|d| d.validators.region == region as u16)
        })
        .collect();
    let finality = if share * 3.0 >= 1.0 {
        format!("{:.0}% of all stake is now offline: more than 1/3, so finality stops and the inactivity leak starts after 4 epochs.", share * 100.0)
    } else {
        format!("{:.0}% of all stake is offline, under 1/3: the chain keeps finalizing and offline validators lose only small attestation penalties (being offline is not slashable).", share * 100.0)
    };
    log.say(
        w.block,
        Some(CascadeStep::OracleDisturbance),
        None,
        format!("Region outage: {} goes offline for {} blocks ({:.1} h), taking down validators of {} ({}). {finality}", r.name, group_thousands(duration_blocks as u128), duration_blocks as f64 / 300.0, names(w, &affected), affected.len()),
    );
}

fn client_bug(
    w: &World,
    client: &str,
    share_bps: u32,
    hit: &[(usize, u64, u128)],
    rest_gwei: u64,
    log: &mut EventLog,
) {
    let validators: u64 = hit.iter().map(|h| h.1).sum();
    let penalty: u128 = hit.iter().map(|h| h.2).sum();
    let ops: Vec<usize> = hit.iter().map(|h| h.0).collect();
    log.say(
        w.block,
        Some(CascadeStep::SlashingWave),
        None,
        format!(
            "Client bug: {:.0}% of the validators running {client} double-sign and are slashed on Ethereum, {} network-wide. Restaked: {} validators of {} lose the initial penalty ({} in all) and are exited; the correlation penalty follows in 4,096 epochs (~18 days).",
            share_bps as f64 / 100.0,
            fmt_eth(rest_gwei as u128 * crate::base::units::WEI_PER_GWEI + hit.iter().map(|h| h.1 as u128).sum::<u128>() * 32 * crate::base::units::WEI_PER_ETH, 0),
            group_thousands(validators as u128),
            names(w, &ops),
            fmt_eth(penalty, 2),
        ),
    );
}

fn epoch(w: &World, r: &crate::model::consensus::EpochReport, log: &mut EventLog) {
    if r.finality_lost {
        log.say(w.block, Some(CascadeStep::RecoveryOrContagion), None, "Finality lost: more than 1/3 of all stake is offline. After 4 epochs the inactivity leak drains offline validators until the online ones hold 2/3 again.");
    }
    if r.finality_regained {
        log.say(
            w.block,
            Some(CascadeStep::RecoveryOrContagion),
            None,
            "Finality restored: offline stake is back under 1/3 and the inactivity leak stops.",
        );
    }
    if r.correlation_penalties > 0 {
        log.say(
            w.block,
            Some(CascadeStep::SlashingWave),
            None,
            format!("Correlation penalty: 4,096 epochs after the slashing, the slashed validators lose another {} because {} were slashed in the same window.", fmt_eth(r.correlation_penalties as u128 * crate::base::units::WEI_PER_GWEI, 2), fmt_eth(w.beacon.slashings_in_window(w.block / 32) as u128 * crate::base::units::WEI_PER_GWEI, 0)),
        );
    }
    if r.ejected_validators > 0 {
        log.say(
            w.block,
            Some(CascadeStep::RecoveryOrContagion),
            None,
            format!(
                "{} validators fell to 16 ETH effective balance and are ejected.",
                group_thousands(r.ejected_validators as u128)
            ),
        );
    }
}

fn slash_paused(w: &World, r: &SlashRequest, log: &mut EventLog) {
    log.say(
        w.block,
        Some(CascadeStep::GovernanceScramble),
        Some(NodeRef::Operator(r.operator as u32)),
        format!(
            "{}'s slash of {} is cancelled: slashing is paused by its emergency council.",
            w.avss[r.avs].name, w.operators[r.operator].name
        ),
    );
}

/// Words the block's happenings in the order they happened, then the aggregated market
/// narration (liquidity flight, arbitrage, depeg, recovery). The pipeline calls it once, after
/// the block's phases; it reads the world and changes only the log.
pub fn block(w: &World, log: &mut EventLog) {
    for h in std::mem::take(&mut log.happened) {
        match h {
            Happening::Note(e) => log.events.push(e),
            Happening::OracleRound {
                avs,
                deviation_bps,
                round,
                corrupted,
                window,
            } => {
                oracle_round(w, avs, deviation_bps, &round, corrupted, log);
                slash_requests(w, avs, &round, window, log);
            }
            Happening::Outage {
                region,
                duration_blocks,
                offline_share,
            } => outage(w, region, duration_blocks, offline_share, log),
            Happening::ClientBug {
                client,
                share_bps,
                hit,
                rest_gwei,
            } => client_bug(w, &client, share_bps, &hit, rest_gwei, log),
            Happening::PauseDecided { lrt, drop_bps } => pause_decided(w, lrt, drop_bps, log),
            Happening::PauseEffective { lrt } => pause_effective(w, lrt, log),
            Happening::SlashPaused(r) => slash_paused(w, &r, log),
            Happening::VetoVote {
                request,
                veto,
                vote,
            } => veto_vote(w, &request, &veto, vote, log),
            Happening::SlashesExecuted {
                executed,
                others,
                navs,
            } => slashes(w, &executed, &others, &navs, log),
            Happening::Epoch(r) => epoch(w, &r, log),
            Happening::Liquidations(reports) => liquidations(w, &reports, log),
            Happening::AvsInsecure {
                avs,
                coc_wei,
                pfc_wei,
            } => avs_insecure(w, avs, coc_wei, pfc_wei, log),
            h @ (Happening::UpgradeEffective { .. }
            | Happening::EmergencyPause { .. }
            | Happening::PauseLifted { .. }
            | Happening::LenderReacts { .. }
            | Happening::LenderActs { .. }
            | Happening::AvsAnswersSlash { .. }
            | Happening::OperatorLeaves { .. }) => governance::governance(w, &h, log),
            h @ Happening::MevMisbehaviour { .. } => threats::mev(w, &h, log),
            h @ (Happening::OverSlashRequest { .. } | Happening::MissedFault { .. }) => {
                threats::ambiguity(w, &h, log)
            }
            h @ (Happening::NetworkInsecure { .. } | Happening::RationalAttack { .. }) => {
                threats::attacks(w, &h, log)
            }
            h @ (Happening::LiquidityPulled { .. } | Happening::LiquidityReturned { .. }) => {
                liquidity(w, &h, log)
            }
            Happening::Filled {
                kind,
                lrt_wei,
                eth_wei,
                ..
            } => tally(&mut log.narration, kind, lrt_wei, eth_wei),
        }
    }
    market(w, log);
}

/// "AVS is now insecure": its cost of corruption fell below its profit from corruption.
fn avs_insecure(w: &World, a: usize, coc_wei: u128, pfc_wei: u128, log: &mut EventLog) {
    let avs = &w.avss[a];
    log.say(
        w.block,
        Some(CascadeStep::RecoveryOrContagion),
        Some(NodeRef::Avs(a as u32)),
        format!(
            "{} ({}) is now insecure: cost of corruption {} is below its profit from corruption {}. Stake slashed elsewhere no longer covers it.",
            avs.name,
            avs.kind.label(),
            fmt_eth(coc_wei, 0),
            fmt_eth(pfc_wei, 0)
        ),
    );
}
