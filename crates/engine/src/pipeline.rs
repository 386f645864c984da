//! The per-block pipeline: one function, eight phases in a fixed order.
//!
//! ```text
//! 1. faults          scheduled or injected faults of this block happen
//! 2. oracles         oracle AVSs run their round; misfiring AVS rules (over-slashing, per
//!                    epoch); lending oracles read their price
//! 3. AVS duties      upgrades, pauses, veto votes, executed slashes, burns; per epoch the
//!                    consensus layer (penalties, leak, correlation penalty), rewards and
//!                    priced LRT incentives
//! 4. NAV             LRT NAV, redemption claims, LRT and lender governance
//! 5. decisions       rational attackers, operators tempted by MEV (per epoch), holders,
//!                    arbitrageurs, LPs, whales, and mercenary capital when its points end
//! 6. AMM trades      orders reach the pool in a seeded random order
//! 7. liquidations    liquidators repay, seize and sell into the pool (bounded rounds)
//! 8. metrics         security check, the block's measurements
//! ```
//!
//! While the phases run, systems report typed [`Happening`]s to the event log; once the block
//! is done [`narrate::block`] words them (the narration reads the world, never changes it, and
//! is not in the state hash).
//!
//! Every phase is a plain function of `&mut World`; the order is the model (MODEL.md section 1).

use rand::seq::SliceRandom;

use crate::base::ledger::Asset;
use crate::base::units::{
    mul_div, BLOCKS_PER_EPOCH, BPS, SECONDS_PER_BLOCK, SECONDS_PER_YEAR, WEI_PER_GWEI,
};
use crate::input::scenario::{Fault, OracleKind};
use crate::model::avs;
use crate::model::consensus;
use crate::model::restaking::{self, Delegator, SLASH_RESOLUTION_DELAY_BLOCKS};
use crate::readouts::metrics::{self, BlockMetrics};
use crate::readouts::narrate;
use crate::systems::agents::{self, Order, OrderKind};
use crate::systems::ambiguity;
use crate::systems::attacks;
use crate::systems::faults;
use crate::systems::governance;
use crate::systems::incentives;
use crate::systems::insurance;
use crate::systems::mev;
use crate::systems::position;
use crate::world::accounting::ByDelegator;
use crate::world::events::{EventLog, Happening};
use crate::world::World;

/// Runs block `w.block + 1` and returns its metrics; narrated events go to `log`.
pub fn step(w: &mut World, log: &mut EventLog) -> BlockMetrics {
    w.block += 1;
    for i in 0..w.pools.len() {
        if w.pools[i].ng.is_some() {
            // Only stableswap-ng pools keep a clock and a NAV rate oracle.
            let nav = w.nav(i);
            w.pools[i].begin_block(&w.ledger, w.block, nav);
        }
    }
    let oracle_faults = phase_faults(w, log);
    phase_oracles(w, &oracle_faults, log);
    phase_avs_duties(w, log);
    phase_nav(w, log);
    let orders = phase_decisions(w, log);
    phase_trades(w, orders, log);
    let liquidations = agents::liquidators::run(w, log);
    log.report(Happening::Liquidations(liquidations));
    let metrics = phase_metrics(w, log);
    narrate::block(w, log);
    metrics
}

/// Phase 1: takes the faults scheduled for this block off the schedule and applies those of the
/// consensus layer; returns the oracle faults, which phase 2 runs.
fn phase_faults(w: &mut World, log: &mut EventLog) -> Vec<Fault> {
    let block = w.block;
    let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut w.faults)
        .into_iter()
        .partition(|f| f.at_block <= block);
    w.faults = later;
    if !due.is_empty() && w.first_fault_block.is_none() {
        w.first_fault_block = Some(block);
    }
    let mut oracle = Vec::new();
    for f in due {
        if faults::is_oracle_fault(&f.fault) {
            oracle.push(f.fault);
        } else {
            // Ethereum slashings (client bugs) cost the position at once.
            let before = position::snapshot(w);
            faults::apply(w, f.fault, log);
            position::attribute_consensus(w, before);
        }
    }
    crate::systems::bridge::step(w, log);
    oracle
}

/// Phase 2: oracle AVSs hit by a fault run their round and file slash requests; each lending
/// market's oracle reads this block's price of its collateral LRT (an exchange-rate oracle
/// capped by its growth cap, if it has one).
fn phase_oracles(w: &mut World, faults: &[Fault], log: &mut EventLog) {
    for fault in faults {
        faults::oracle(w, fault, log);
    }
    ambiguity::misfire(w, log);
    for m in 0..w.markets.len() {
        let lrt = w.markets[m].collateral;
        let source = match w.markets[m].oracle {
            OracleKind::MarketPrice => w.price(lrt),
            OracleKind::Ema => w.pools[lrt].ema_price(),
            OracleKind::ExchangeRate => match &w.markets[m].rate_cap {
                Some(cap) => w.nav(lrt).min(cap.cap(w.block)),
                None => w.nav(lrt),
            },
        };
        w.markets[m].oracle_price = faults::lending_price(w, m, source);
    }
}

/// Phase 3: veto votes and execution of due slash requests, burns after the resolution delay,
/// and staking plus AVS rewards at each epoch boundary.
fn phase_avs_duties(w: &mut World, log: &mut EventLog) {
    let block = w.block;
    governance::apply_due_avs_decisions(w, log);
    for op in &mut w.operators {
        op.apply_due_allocations(block);
    }
    let (due, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut w.slash_requests)
        .into_iter()
        .partition(|r| r.execute_at <= block);
    w.slash_requests = waiting;
    if !due.is_empty() {
        execute_slashes(w, due, log);
    }
    while w.escrowed.first().is_some_and(|e| e.burn_at <= block) {
        let e = w.escrowed.remove(0);
        match e.recipient {
            Some(to) => {
                w.accounting.redistributed += e.amount;
                w.ledger.transfer(w.slash_escrow, to, Asset::ETH, e.amount)
            }
            None => {
                w.accounting.burned += e.amount;
                w.ledger.burn(w.slash_escrow, Asset::ETH, e.amount)
            }
        }
        .expect("escrowed slash is in escrow");
    }
    if block.is_multiple_of(BLOCKS_PER_EPOCH) {
        let epoch = block / BLOCKS_PER_EPOCH;
        let before = ByDelegator::of(w);
        let snap = position::snapshot(w);
        let report =
            consensus::process_epoch(&mut w.beacon, &mut w.operators, &mut w.ledger, block, epoch);
        position::attribute_consensus(w, snap);
        let after = ByDelegator::of(w);
        w.accounting.eth_penalties.add_drop(&before, &after);
        insurance::claim_losses(w, &before, &after, log);
        for i in 0..w.lrts.len() {
            insurance::collect_premium(w, i);
        }
        w.totals.slashed += report.correlation_penalties as u128 * WEI_PER_GWEI;
        w.totals.beacon_penalties +=
            (report.attestation_penalties + report.inactivity_penalties) as u128 * WEI_PER_GWEI;
        log.report(Happening::Epoch(report));
        if w.beacon.epochs_since_finality == 0 {
            pay_epoch_rewards(w);
        }
        // Incentive programmes pay from their issuers whatever the chain does.
        incentives::pay_epoch(w);
    }
}

/// Phase 3, slashes: each due request is paused, vetoed or executed against its operator;
/// the stake each delegator lost is recorded and insured losses are claimed.
fn execute_slashes(w: &mut World, due: Vec<avs::SlashRequest>, log: &mut EventLog) {
    let block = w.block;
    let mut executed: Vec<(usize, usize, u128)> = Vec::new();
    let stake_before = ByDelegator::of(w);
    for r in due {
        if w.avss[r.avs].slashing_paused_until > block {
            log.report(Happening::SlashPaused(r));
            continue;
        }
        if let Some(veto) = w.avss[r.avs]
            .veto
            .clone()
            .filter(|_| !w.avss[r.avs].captured)
        {
            let vote =
                governance::vote(&veto, r.justified, r.feed_fault, &mut w.streams.governance);
            log.report(Happening::VetoVote {
                request: r.clone(),
                veto: veto.clone(),
                vote,
            });
            if vote.vetoed {
                w.totals.vetoed_slashes += 1;
                continue;
            }
        }
        let before = position::snapshot(w);
        let amount = restaking::slash_operator(
            &mut w.operators[r.operator],
            &mut w.ledger,
            w.slash_escrow,
            r.avs,
            r.wad,
            w.model,
        );
        position::attribute_slash(w, before, r.avs);
        if amount > 0 {
            let recipient = w.avss[r.avs].redistribution_account;
            w.escrowed.push(crate::world::EscrowedSlash {
                amount,
                recipient,
                burn_at: block + SLASH_RESOLUTION_DELAY_BLOCKS,
            });
            w.totals.slashed += amount;
            w.totals.executed_slashes += 1;
            if !r.justified {
                w.totals.over_slashed += amount;
            }
            executed.push((r.avs, r.operator, amount));
            governance::respond_to_slash_elsewhere(w, r.avs, r.operator, log);
        }
    }
    if !executed.is_empty() {
        log.report(Happening::slashes_executed(w, executed.clone()));
    }
    governance::operators_leave(w, &executed, log);
    let stake_after = ByDelegator::of(w);
    w.accounting
        .avs_slashed
        .add_drop(&stake_before, &stake_after);
    insurance::claim_losses(w, &stake_before, &stake_after, log);
}

/// Mints one epoch of consensus staking yield on every online, active, unslashed group and each
/// AVS's reward on the stake it can slash. Amount = stake * apr_bps * 384 s / (1e4 * one year),
/// rounded down. No rewards while finality is lost (Altair: no source/target rewards in a leak).
/// The user's position is credited its part (consensus and AVS parts apart).
fn pay_epoch_rewards(w: &mut World) {
    let epoch_seconds = (BLOCKS_PER_EPOCH * SECONDS_PER_BLOCK) as u128;
    let year_bps = BPS * SECONDS_PER_YEAR as u128;
    let mut minted = Vec::new();
    for op in &w.operators {
        let delegated = op.delegated(&w.ledger);
        let avs_bps: u128 = op
            .slashable_stakes_of(delegated, w.model)
            .map(|(a, slashable)| {
                mul_div(
                    slashable,
                    w.avss[a].reward_apr_bps as u128,
                    delegated.max(1),
                )
            })
            .sum();
        for d in &op.delegations {
            let v = &d.validators;
            let epoch = w.block / BLOCKS_PER_EPOCH;
            // LST stake earns through the LST's own validators, which the model does not
            // take offline or slash on Ethereum.
            let own_validators = d.delegator != Delegator::Lst;
            if own_validators
                && (v.slashed_epoch.is_some()
                    || !v.is_active(epoch)
                    || w.beacon.region_offline(v.region, w.block))
            {
                continue;
            }
            let bal = w.ledger.balance(d.account, Asset::ETH);
            let reward = mul_div(bal, (w.staking_apr_bps + avs_bps) * epoch_seconds, year_bps);
            let staking = mul_div(bal, w.staking_apr_bps * epoch_seconds, year_bps).min(reward);
            w.ledger.mint(d.account, Asset::ETH, reward);
            w.accounting.staking_yield.add(d.delegator, staking);
            w.accounting.avs_yield.add(d.delegator, reward - staking);
            if w.position.is_some() {
                minted.push(position::Minted {
                    delegator: d.delegator,
                    account: d.account,
                    base: staking,
                    avs: reward - staking,
                });
            }
        }
    }
    position::credit_yield(w, &minted);
}

/// Phase 4: per LRT, NAV, redemption claims and governance's withdrawal pause; then lender
/// governance.
fn phase_nav(w: &mut World, log: &mut EventLog) {
    for i in 0..w.lrts.len() {
        governance::lrt(w, i, log);
        if !w.lrts[i].has_due_claim(w.block) {
            continue;
        }
        let total_active_balance = w
            .beacon
            .total_active_balance(&w.operators, w.block / BLOCKS_PER_EPOCH);
        let mut exits = crate::model::lrt::ExitQueue {
            churn: &mut w.beacon.exit_churn,
            total_active_balance,
        };
        w.lrts[i].process_claims(&mut w.ledger, &mut w.operators, &mut exits, w.block);
    }
    governance::lender(w, log);
}

/// Phase 5: holders' and arbitrageurs' orders, a whale's sale, mercenary capital leaving at the
/// end of its points programme, and once per epoch operators tempted by MEV and (if the
/// scenario allows) a rational attack by a coalition of operators.
fn phase_decisions(w: &mut World, log: &mut EventLog) -> Vec<Order> {
    if w.rational_attacks && !w.network_secure && w.block.is_multiple_of(BLOCKS_PER_EPOCH) {
        attacks::rational_attack(w, log);
    }
    mev::decide(w, log);
    let mut orders = Vec::new();
    // Holders and arbitrageurs decide on the same state: one pass prices the pending slashes.
    let pending = w.pending_slash_losses();
    agents::holders::decide(w, &pending, &mut orders);
    agents::arbitrageurs::observe(w, &pending);
    agents::arbitrageurs::decide(w, &pending, &mut orders);
    agents::lps::decide(w, log);
    incentives::decide(w, &mut orders, log);
    for sale in &mut w.whale_sales {
        let amount = sale
            .per_block
            .min(sale.left)
            .min(w.ledger.balance(w.passive_holders, w.lrts[sale.lrt].asset));
        if amount > 0 {
            orders.push(Order {
                trader: w.passive_holders,
                lrt: sale.lrt,
                coin_in: crate::model::pool::LRT,
                amount,
                min_out: 0,
                kind: OrderKind::WhaleSale,
            });
        }
        sale.left -= amount.min(sale.left);
    }
    w.whale_sales.retain(|s| s.left > 0);
    orders
}

/// Phase 6: executes the orders in a seeded random order, each in its LRT's pool
/// (see [`agents::execute`]).
fn phase_trades(w: &mut World, mut orders: Vec<Order>, log: &mut EventLog) {
    orders.shuffle(&mut w.streams.ordering);
    for o in orders {
        agents::execute(w, o, log);
    }
}

/// Phase 8: cost versus profit of corruption per AVS (the expected cost, after the AVS's
/// under-slashing rate), the measurements.
fn phase_metrics(w: &mut World, log: &mut EventLog) -> BlockMetrics {
    // Read once for the cost of corruption and the measurements: nothing below moves money.
    // A new delegation (an Ethereum slash splits a group, the user's position) makes the index
    // of delegation accounts stale.
    if (w.delegation_index.get()).is_some_and(|i| !i.fits(&w.operators)) {
        w.delegation_index.clear();
    }
    let stakes = metrics::delegated_stakes(w);
    let costs =
        avs::expected_costs_of_corruption_of(&w.avss, &w.operators, &stakes.by_operator, w.model);
    for (a, coc) in costs.into_iter().enumerate() {
        let now_insecure = coc < w.avss[a].profit_from_corruption;
        if now_insecure && !w.avss[a].insecure {
            log.report(Happening::AvsInsecure {
                avs: a,
                coc_wei: coc,
                pfc_wei: w.avss[a].profit_from_corruption,
            });
        }
        w.avss[a].insecure = now_insecure;
    }
    if w.block.is_multiple_of(BLOCKS_PER_EPOCH) {
        attacks::analyse(w, log);
    }
    metrics::measure_with(w, &stakes)
}
