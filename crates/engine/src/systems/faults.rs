//! Faults: what each one does to the world when its block comes (MODEL.md section 1 and the
//! seed articles' fault list). Oracle faults run in phase 2 ([`oracle`]); every other fault in
//! phase 1 ([`apply`]). Each function names its effect in the narrated log.

use crate::base::ids::NodeRef;
use crate::base::ledger::Asset;
use crate::base::units::{
    fmt_eth, fmt_units, group_thousands, mul_div, BLOCKS_PER_EPOCH, BPS, WAD,
};
use crate::input::scenario::{Fault, FeedFault};
use crate::model::avs::{self, SlashRequest};
use crate::model::consensus::{self, Outage};
use crate::model::lending::FeedFaultState;
use crate::world::events::{CascadeStep, EventLog, Happening};
use crate::world::World;

/// True for the faults that phase 2 runs as an oracle round.
pub fn is_oracle_fault(f: &Fault) -> bool {
    matches!(
        f,
        Fault::OracleOutlier { .. } | Fault::OracleDataIntegrity { .. }
    )
}

/// Phase 2: an oracle round with an outlier or corrupted data; flagged operators get slash
/// requests that wait for the veto window.
pub fn oracle(w: &mut World, fault: &Fault, log: &mut EventLog) {
    let (name, deviation_bps, corrupted) = match fault {
        Fault::OracleOutlier { avs, deviation_bps } => (avs, *deviation_bps, false),
        Fault::OracleDataIntegrity { avs } => (avs, 10_000, true),
        _ => return,
    };
    let Some(a) = w.avss.iter().position(|x| &x.name == name) else {
        return;
    };
    w.avss[a].faulty_rounds += 1;
    let round = avs::oracle_round(
        a,
        &w.avss[a],
        &w.operators,
        &w.ledger,
        w.model,
        deviation_bps,
        corrupted,
    );
    let window = veto_window(w, a);
    log.report(Happening::OracleRound {
        avs: a,
        deviation_bps,
        round: round.clone(),
        corrupted,
        window,
    });
    // After the rule's verdict is told: the AVS may then miss some of the real faults. One
    // request batch per slash size and verdict (flat terms: one batch, as before).
    let mut batches: Vec<(u128, bool, Vec<usize>)> = Vec::new();
    for f in &round.flagged {
        match batches
            .iter_mut()
            .find(|b| b.0 == f.wad && b.1 == f.justified)
        {
            Some(b) => b.2.push(f.operator),
            None => batches.push((f.wad, f.justified, vec![f.operator])),
        }
    }
    for (wad, justified, ops) in batches {
        let first = w.slash_requests.len();
        request_slashes(w, a, &ops, wad, justified, log);
        // An operator whose feed passed on a source's outlier signed a value anyone can trace
        // to that source: evidence of a feed fault, not of a manipulation.
        for r in &mut w.slash_requests[first..] {
            r.feed_fault = justified && !corrupted;
        }
    }
}

/// Phase 1: applies a non-oracle fault.
pub fn apply(w: &mut World, fault: Fault, log: &mut EventLog) {
    let block = w.block;
    match fault {
        Fault::OracleOutlier { .. } | Fault::OracleDataIntegrity { .. } => {}
        Fault::ClientBug { client, share_bps } => client_bug(w, &client, share_bps, log),
        Fault::RegionOutage {
            region,
            duration_blocks,
        } => {
            let Some(r) = w.beacon.regions.iter().position(|x| x.name == region) else {
                return;
            };
            w.beacon.outages.push(Outage {
                region: r as u16,
                until_block: block + duration_blocks,
            });
            log.report(Happening::Outage {
                region: r,
                duration_blocks,
                offline_share: w.beacon.offline_share(block),
            });
        }
        Fault::ModifyAllocation {
            operator,
            avs,
            magnitude_bps,
        } => {
            let (Some(op), Some(a)) = (
                w.operators.iter().position(|o| o.name == operator),
                w.avss.iter().position(|x| x.name == avs),
            ) else {
                return;
            };
            let magnitude =
                crate::model::restaking::INITIAL_TOTAL_MAGNITUDE * magnitude_bps as u128 / BPS;
            if let Some(at) = w.operators[op].modify_allocation(a, magnitude, block) {
                log.push(block, None, Some(NodeRef::Operator(op as u32)),
                    format!("{operator} sets its allocation to {avs} to {:.0}% of its stake; effective at block {} (until then the current allocation stays slashable).", magnitude_bps as f64 / 100.0, group_thousands(at as u128)));
            }
        }
        Fault::OperatorKeyCompromise { operator } => {
            let Some(op) = w.operators.iter().position(|o| o.name == operator) else {
                return;
            };
            let avss: Vec<usize> = w.operators[op]
                .allocations
                .iter()
                .map(|al| al.avs)
                .filter(|&a| w.avss[a].slash_wad > 0)
                .collect();
            for &a in &avss {
                let wad = w.avss[a].slash_wad;
                request_slashes(w, a, &[op], wad, true, log);
            }
            let names: Vec<&str> = avss.iter().map(|&a| w.avss[a].name.as_str()).collect();
            log.push(block, Some(CascadeStep::OracleDisturbance), Some(NodeRef::Operator(op as u32)),
                format!("{operator}'s keys are stolen and used to equivocate on every AVS it runs. {} AVSs request slashes: {}.", avss.len(), names.join(", ")));
        }
        Fault::AvsExploit { avs } => {
            let Some(a) = w.avss.iter().position(|x| x.name == avs) else {
                return;
            };
            let ops = registered(w, a);
            request_slashes(w, a, &ops, WAD, false, log);
            log.push(block, Some(CascadeStep::OracleDisturbance), Some(NodeRef::Avs(a as u32)),
                format!("{avs}'s slashing contract is exploited: the attacker requests a 100% slash of all {} operators' slashable stake ({}).", ops.len(), veto_note(w, a)));
        }
        Fault::GovernanceCapture { avs } => {
            let Some(a) = w.avss.iter().position(|x| x.name == avs) else {
                return;
            };
            w.avss[a].captured = true;
            let ops = registered(w, a);
            request_slashes(w, a, &ops, WAD, false, log);
            log.push(block, Some(CascadeStep::GovernanceScramble), Some(NodeRef::Avs(a as u32)),
                format!("{avs}'s governance is captured: its veto committee no longer acts and it requests a 100% slash of all {} operators.", ops.len()));
        }
        Fault::SlashingUpgrade { avs, slash_bps } => {
            let Some(a) = w.avss.iter().position(|x| x.name == avs) else {
                return;
            };
            let wad = slash_bps as u128 * WAD / BPS;
            match w.avss[a].upgrade_timelock {
                None => log.push(block, Some(CascadeStep::GovernanceScramble), Some(NodeRef::Avs(a as u32)),
                    format!("An upgrade of {avs}'s slashing terms is attempted, but the AVS has no upgrade keys: nothing changes.")),
                Some(t) => {
                    w.pending_upgrades.push((block + t, a, wad));
                    let when = if t == 0 { "at once: there is no timelock, so stakers cannot exit first".to_string() } else { format!("after a {} block timelock (about {:.1} days) in which stakers can exit", group_thousands(t as u128), t as f64 / 7_200.0) };
                    log.push(block, Some(CascadeStep::GovernanceScramble), Some(NodeRef::Avs(a as u32)),
                        format!("{avs}'s upgrade key raises its slash size to {:.0}% of slashable stake, effective {when}.", slash_bps as f64 / 100.0));
                }
            }
        }
        Fault::WithdrawalPause {
            duration_blocks,
            lrt_symbol,
        } => {
            let Some(i) = lrt_target(w, &lrt_symbol) else {
                return;
            };
            w.lrts[i].withdrawals_paused = true;
            w.lrts[i].unpause_at = Some(block + duration_blocks);
            log.push(block, Some(CascadeStep::GovernanceScramble), Some(NodeRef::Lrt(i as u32)),
                format!("{} governance pauses withdrawals for {} blocks: no redemption can be claimed, so arbitrageurs buy only a discount that pays for the wait.", w.lrts[i].symbol, group_thousands(duration_blocks as u128)));
        }
        Fault::WhaleSale {
            lrt,
            over_blocks,
            lrt_symbol,
        } => {
            let Some(i) = lrt_target(w, &lrt_symbol) else {
                return;
            };
            let total = crate::base::units::eth(lrt)
                .min(w.ledger.balance(w.passive_holders, w.lrts[i].asset));
            w.whale_sales.push(crate::world::WhaleSale {
                lrt: i,
                per_block: total / over_blocks as u128,
                left: total,
            });
            log.push(
                block,
                Some(CascadeStep::LiquidityFlight),
                Some(NodeRef::Pool(i as u32)),
                format!(
                    "A whale starts selling {} into the pool over {} blocks.",
                    fmt_units(total, 0, &w.lrts[i].symbol),
                    group_thousands(over_blocks as u128)
                ),
            );
        }
        Fault::LiquidityWithdrawal {
            share_bps,
            lrt_symbol,
        } => {
            let Some(i) = lrt_target(w, &lrt_symbol) else {
                return;
            };
            let (eth_out, lrt_out) =
                w.pools[i].remove_liquidity(&mut w.ledger, w.lp_account, share_bps as u128);
            log.push(block, Some(CascadeStep::FeedbackLoop), Some(NodeRef::Pool(i as u32)),
                format!("Liquidity providers pull {:.0}% of the {}/ETH pool: {} and {} leave, so every sale now moves the price more.", share_bps as f64 / 100.0, w.lrts[i].symbol, fmt_eth(eth_out, 0), fmt_units(lrt_out, 0, &w.lrts[i].symbol)));
        }
        Fault::VetoCommittee { avs, enabled } => {
            let Some(a) = w.avss.iter().position(|x| x.name == avs) else {
                return;
            };
            let x = &mut w.avss[a];
            let text = if enabled {
                let committee = x
                    .veto
                    .take()
                    .or(x.veto_off.take())
                    .unwrap_or(crate::input::scenario::DEFAULT_VETO);
                let text = format!("{avs}'s veto committee is switched on: {} of {} members can cancel a slash request when it falls due.", committee.quorum, committee.members);
                x.veto = Some(committee);
                text
            } else {
                if let Some(v) = x.veto.take() {
                    x.veto_off = Some(v);
                }
                format!("{avs}'s veto committee is switched off: slash requests execute without a vote.")
            };
            log.push(
                block,
                Some(CascadeStep::GovernanceScramble),
                Some(NodeRef::Avs(a as u32)),
                text,
            );
        }
        Fault::BridgeExploit(p) => crate::systems::bridge::start(w, p, log),
        Fault::LenderGovernance { action } => {
            for m in 0..w.markets.len() {
                crate::systems::governance::apply_lender_action(w, m, action, log);
            }
        }
        Fault::LendingOracle {
            mode,
            deviation_bps,
            duration_blocks,
            market,
        } => {
            let m = match &market {
                None => 0,
                Some(name) => match w.markets.iter().position(|x| &x.name == name) {
                    Some(m) => m,
                    None => return,
                },
            };
            let frozen = w.markets[m].oracle_price;
            w.markets[m].feed_fault = Some(FeedFaultState {
                mode,
                deviation_bps: deviation_bps as u128,
                until_block: block + duration_blocks,
                frozen_price: frozen,
            });
            let what = match mode {
                FeedFault::Stale => {
                    format!(
                        "goes stale at {:.4} ETH",
                        crate::base::units::wad_to_f64(frozen)
                    )
                }
                FeedFault::Manipulated => format!(
                    "is manipulated to report {:.1}% below the market",
                    deviation_bps as f64 / 100.0
                ),
            };
            log.push(
                block,
                Some(CascadeStep::OracleDisturbance),
                Some(NodeRef::Market(m as u32)),
                format!(
                    "The price feed of {} {what} for {} blocks.",
                    w.markets[m].name,
                    group_thousands(duration_blocks as u128)
                ),
            );
        }
    }
}

/// The LRT a market fault targets: the one with `symbol`, or the first when absent; `None` for
/// an unknown symbol (refused by validation).
fn lrt_target(w: &World, symbol: &Option<String>) -> Option<usize> {
    match symbol {
        None => Some(0),
        Some(s) => w.lrts.iter().position(|l| &l.symbol == s),
    }
}

/// Market `m`'s oracle price this block: its source, unless a feed fault is in progress.
pub fn lending_price(w: &mut World, m: usize, source: u128) -> u128 {
    match &w.markets[m].feed_fault {
        Some(f) if w.block < f.until_block => match f.mode {
            FeedFault::Stale => f.frozen_price,
            FeedFault::Manipulated => mul_div(source, BPS - f.deviation_bps, BPS),
        },
        Some(_) => {
            w.markets[m].feed_fault = None;
            source
        }
        None => source,
    }
}

fn registered(w: &World, a: usize) -> Vec<usize> {
    (0..w.operators.len())
        .filter(|&i| w.operators[i].is_registered(a))
        .collect()
}

fn veto_window(w: &World, a: usize) -> u64 {
    if w.avss[a].captured {
        return 0;
    }
    w.avss[a].veto.as_ref().map_or(0, |v| v.window_blocks)
}

fn veto_note(w: &World, a: usize) -> String {
    match (&w.avss[a].veto, &w.avss[a].emergency_pause) {
        (Some(v), _) => format!(
            "its veto committee has {} blocks to stop it",
            group_thousands(v.window_blocks as u128)
        ),
        (None, Some(_)) => "no veto committee, but an emergency council can pause slashing".into(),
        (None, None) => "no veto committee and no emergency pause: it executes at once".into(),
    }
}

/// Files slash requests of AVS `a` against `ops` (executing after the veto window), and lets the
/// AVS's emergency council react when one block's requests are large. A justified request the
/// AVS misses (its under-slashing rate, [`crate::systems::ambiguity::requested`]) is not filed.
pub fn request_slashes(
    w: &mut World,
    a: usize,
    ops: &[usize],
    wad: u128,
    justified: bool,
    log: &mut EventLog,
) {
    let window = veto_window(w, a);
    let mut requested = 0u128;
    let ops = crate::systems::ambiguity::requested(w, a, ops, justified, log);
    for &op in &ops {
        requested += mul_div(
            w.operators[op].slashable_stake(&w.ledger, a, w.model),
            wad,
            WAD,
        );
        w.slash_requests.push(SlashRequest {
            avs: a,
            operator: op,
            wad,
            requested_at: w.block,
            execute_at: w.block + window,
            justified,
            feed_fault: false,
        });
    }
    let Some(e) = w.avss[a].emergency_pause.clone() else {
        return;
    };
    if w.avss[a].captured || w.avss[a].pause_at.is_some() {
        return;
    }
    let stake: u128 = w
        .operators
        .iter()
        .map(|o| o.slashable_stake(&w.ledger, a, w.model))
        .sum();
    if stake > 0 && requested * BPS >= stake * e.trigger_bps as u128 {
        w.avss[a].pause_at = Some(w.block + e.delay_blocks);
    }
}

/// A client bug: `share_bps` of the validators running `client` double-sign and are slashed on
/// Ethereum; AVSs that mirror Ethereum slashing request slashes of their operators (justified
/// requests, subject to the AVS's under-slashing rate like every other real fault; MODEL.md
/// section 4, "AVSs that mirror Ethereum slashing").
pub(crate) fn client_bug(w: &mut World, client: &str, share_bps: u32, log: &mut EventLog) {
    let Some(c) = w.beacon.clients.iter().position(|x| x.name == client) else {
        return;
    };
    let epoch = w.block / BLOCKS_PER_EPOCH;
    let total = w.beacon.total_active_balance(&w.operators, epoch);
    let rest = consensus::slash_rest_of_network(&mut w.beacon, c, share_bps, epoch);
    let stake_before = crate::world::accounting::ByDelegator::of(w);
    let mut hit: Vec<(usize, u64, u128)> = Vec::new();
    for (i, op) in w.operators.iter_mut().enumerate() {
        let groups: Vec<usize> = (0..op.delegations.len())
            .filter(|&d| op.delegations[d].validators.client == c as u16)
            .collect();
        let mut count = 0;
        let mut penalty = 0;
        for d in groups {
            let v = &op.delegations[d].validators;
            let n = (v.count as u128 * share_bps as u128).div_ceil(BPS) as u64;
            let before = w.ledger.balance(op.delegations[d].account, Asset::ETH);
            if let Some(g) =
                consensus::slash_validators(&mut w.beacon, op, &mut w.ledger, d, n, epoch, total)
            {
                count += op.delegations[g].validators.count;
                let after = w.ledger.balance(op.delegations[d].account, Asset::ETH)
                    + if g != d {
                        w.ledger.balance(op.delegations[g].account, Asset::ETH)
                    } else {
                        0
                    };
                penalty += before - after;
            }
        }
        if count > 0 {
            hit.push((i, count, penalty));
        }
    }
    let total_penalty: u128 = hit.iter().map(|h| h.2).sum();
    w.totals.slashed += total_penalty;
    let stake_after = crate::world::accounting::ByDelegator::of(w);
    w.accounting
        .eth_penalties
        .add_drop(&stake_before, &stake_after);
    log.report(Happening::ClientBug {
        client: client.to_string(),
        share_bps,
        hit: hit.clone(),
        rest_gwei: rest,
    });
    // The initial penalties are slashing losses of the LRTs' backing: covered like the rest.
    crate::systems::insurance::claim_losses(w, &stake_before, &stake_after, log);
    // AVSs that mirror Ethereum slashing file justified requests like any other real fault:
    // through `request_slashes`, so the AVS's under-slashing rate may miss some
    // (`ambiguity::requested`), a captured AVS has no veto window and a large block of
    // requests can trigger its emergency pause.
    for a in 0..w.avss.len() {
        if !w.avss[a].mirrors_beacon_slashing || w.avss[a].slash_wad == 0 {
            continue;
        }
        let ops: Vec<usize> = hit
            .iter()
            .map(|&(op, _, _)| op)
            .filter(|&op| w.operators[op].is_registered(a))
            .collect();
        if !ops.is_empty() {
            let wad = w.avss[a].slash_wad;
            request_slashes(w, a, &ops, wad, true, log);
        }
    }
}
