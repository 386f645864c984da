//! Mock exit: how long the user's position takes to leave from the world as it is now, and what
//! it fetches, route by route (the seed article's last playbook step, "plan the exit";
//! `docs/PLAYBOOK.md`).
//!
//! * LRT: sold in its StableSwap pool now (`get_dy`, MODEL.md section 7), or redeemed at NAV
//!   through the LRT's queue: the withdrawal delay, then the beacon exit queue for what the
//!   buffer and the claims ahead leave uncovered, plus any withdrawal pause (section 6).
//! * Loop: unwound by selling the collateral in the pool and repaying the debt, or by repaying
//!   the debt and redeeming the collateral through the queue.
//! * Restaked native stake: the EigenLayer withdrawal delay (14 days, section 4) and the beacon
//!   exit queue (Electra `compute_exit_epoch_and_update_churn` plus
//!   `MIN_VALIDATOR_WITHDRAWABILITY_DELAY`, section 3) run side by side; slash requests pending
//!   against its operator are taken off, since queued withdrawals stay slashable.
//! * LST: the EigenLayer delay when restaked, then the LST's own redemption through the beacon
//!   exit queue (no LST market is modelled).
//! * ETH supplied to a lender: withdrawn at once if the reserve holds it, less its share of bad
//!   debt; blocked while the reserve is lent out.
//!
//! Everything is read from the world; nothing changes it.

use serde::{Deserialize, Serialize};

use crate::base::ledger::Asset;
use crate::base::units::{mul_div, BLOCKS_PER_DAY, BLOCKS_PER_EPOCH, BPS, WAD, WEI_PER_GWEI};
use crate::input::position::WITHDRAWAL_DELAY_BLOCKS;
use crate::model::beacon::{self, MIN_VALIDATOR_WITHDRAWABILITY_DELAY};
use crate::systems::position::{PositionState, StakeKind};
use crate::world::World;

/// The names of the routes ([`Route::how`]).
pub const ROUTES: [&str; 7] = [
    "wallet",
    "pool",
    "queue",
    "withdrawal",
    "unwind in pool",
    "repay and redeem",
    "reserve",
];

/// A route's name read back (a Monte Carlo run's outcome sent from a web worker): one of
/// [`ROUTES`], or an error.
fn route_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    crate::base::ids::known_name(d, &ROUTES)
}

/// One way out of one holding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// One of [`ROUTES`].
    #[serde(deserialize_with = "route_name")]
    pub how: crate::base::ids::Name,
    /// ETH fetched, wei.
    pub eth_wei: u128,
    /// Days until the ETH is in hand; `None` when blocked with no known end (paused
    /// withdrawals, a lent-out reserve).
    pub days: Option<f64>,
    /// Loss to price and slippage against NAV, basis points (pool routes).
    pub slippage_bps: Option<u32>,
    /// ETH waiting ahead of you (the LRT's redemption queue), wei.
    pub queue_ahead_wei: u128,
    /// Days of the beacon exit queue.
    pub churn_days: f64,
    /// True when a withdrawal pause is in force.
    pub paused: bool,
}

/// One holding's ways out: the fastest first, then the patient one if there is one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExitLeg {
    /// E.g. "rsLRT held", "native stake via Borealis Nodes", "loop on rsLRT lending market".
    pub holding: String,
    pub fast: Route,
    pub patient: Option<Route>,
}

/// The whole position's exit from block `block`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExitPlan {
    pub block: u64,
    pub legs: Vec<ExitLeg>,
    /// ETH fetched taking each holding's fast route, wei, and the days the slowest takes
    /// (`None` if one is blocked).
    pub fast_eth_wei: u128,
    pub fast_days: Option<f64>,
    /// The same taking the route that fetches more ETH.
    pub best_eth_wei: u128,
    pub best_days: Option<f64>,
}

fn route(how: &'static str, eth_wei: u128, days: Option<f64>) -> Route {
    debug_assert!(ROUTES.contains(&how), "route {how:?} missing from ROUTES");
    Route {
        how,
        eth_wei,
        days,
        slippage_bps: None,
        queue_ahead_wei: 0,
        churn_days: 0.0,
        paused: false,
    }
}

/// The exit of the world's position now; `None` without a position.
pub fn plan(w: &World) -> Option<ExitPlan> {
    let st = w.position.as_ref()?;
    let mut legs = Vec::new();
    let liquid = w.ledger.balance(st.holder, Asset::ETH);
    if liquid > 0 {
        legs.push(ExitLeg {
            holding: "liquid ETH".into(),
            fast: route("wallet", liquid, Some(0.0)),
            patient: None,
        });
    }
    for i in 0..w.lrts.len() {
        let held = w.ledger.balance(st.holder, w.lrts[i].asset);
        if held > 0 {
            legs.push(ExitLeg {
                holding: format!("{} held", w.lrts[i].symbol),
                fast: pool_sale(w, i, held, 0, "pool"),
                patient: redemption(w, i, held, 0, "queue"),
            });
        }
    }
    for &(m, p) in &st.loans {
        let (lrt, loan) = (w.markets[m].collateral, &w.markets[m].positions[p]);
        if loan.collateral == 0 && loan.debt == 0 {
            continue;
        }
        legs.push(ExitLeg {
            holding: format!("loop on {}", w.markets[m].name),
            fast: pool_sale(w, lrt, loan.collateral, loan.debt, "unwind in pool"),
            patient: redemption(w, lrt, loan.collateral, loan.debt, "repay and redeem"),
        });
    }
    for k in 0..st.stakes.len() {
        legs.push(stake_exit(w, st, k));
    }
    for &(m, supplied, all) in &st.supplies {
        let market = &w.markets[m];
        let eth = supplied - mul_div(market.bad_debt, supplied, all.max(1)).min(supplied);
        let idle = w.ledger.balance(market.reserve, Asset::ETH);
        let days = (idle >= eth).then_some(0.0);
        legs.push(ExitLeg {
            holding: format!("ETH supplied to {}", market.name),
            fast: route("reserve", eth, days),
            patient: None,
        });
    }
    let total = |pick: &dyn Fn(&ExitLeg) -> &Route| -> (u128, Option<f64>) {
        let eth = legs.iter().map(|l| pick(l).eth_wei).sum();
        let days = legs
            .iter()
            .map(|l| pick(l).days)
            .try_fold(0.0f64, |a, d| d.map(|d| a.max(d)));
        (eth, days)
    };
    let (fast_eth_wei, fast_days) = total(&|l| &l.fast);
    let (best_eth_wei, best_days) = total(&|l| match &l.patient {
        Some(p) if p.eth_wei > l.fast.eth_wei => p,
        _ => &l.fast,
    });
    Some(ExitPlan {
        block: w.block,
        legs,
        fast_eth_wei,
        fast_days,
        best_eth_wei,
        best_days,
    })
}

/// Selling `shares` of LRT `i` in its pool now and repaying `debt` from the proceeds.
fn pool_sale(w: &World, i: usize, shares: u128, debt: u128, how: &'static str) -> Route {
    let out = w.pools[i]
        .quote(&w.ledger, crate::model::pool::LRT, shares)
        .unwrap_or(0);
    let at_nav = mul_div(shares, w.nav(i), WAD);
    let mut r = route(how, out.saturating_sub(debt), Some(0.0));
    r.slippage_bps = Some(if at_nav > out {
        mul_div(at_nav - out, BPS, at_nav.max(1)) as u32
    } else {
        0
    });
    r
}

/// Redeeming `shares` of LRT `i` through its queue (after repaying `debt`); `None` when the LRT
/// cannot be redeemed at all.
fn redemption(w: &World, i: usize, shares: u128, debt: u128, how: &'static str) -> Option<Route> {
    let lrt = &w.lrts[i];
    if !lrt.withdrawals_enabled {
        return None;
    }
    let nav = w.nav(i);
    let owed = mul_div(shares, nav, WAD);
    let eth = owed - mul_div(owed, lrt.redeem_fee_bps, BPS);
    let ahead = mul_div(lrt.queued_shares(), nav, WAD);
    let buffer = w.ledger.balance(lrt.buffer, Asset::ETH);
    let now = w.block;
    // A pause with a known end delays the request until then; one without an end blocks it.
    let start = match (
        lrt.withdrawals_paused || lrt.pause_at.is_some(),
        lrt.unpause_at,
    ) {
        (false, _) => Some(now),
        (true, Some(b)) => Some(b.max(now)),
        (true, None) => None,
    };
    let claim = start.map(|s| s + lrt.withdrawal_delay_blocks);
    let uncovered = (ahead + eth).saturating_sub(buffer);
    let churn_blocks = claim.map_or(0, |c| churn_wait_blocks(w, c, uncovered));
    let mut r = route(
        how,
        eth.saturating_sub(debt),
        claim.map(|c| (c + churn_blocks - now) as f64 / BLOCKS_PER_DAY as f64),
    );
    r.queue_ahead_wei = ahead;
    r.churn_days = churn_blocks as f64 / BLOCKS_PER_DAY as f64;
    r.paused = start.is_none_or(|s| s > now);
    Some(r)
}

/// Blocks from `from` until `wei` requested to exit at block `from` is withdrawable, through
/// the beacon exit queue as it stands now (a copy of the churn state).
fn churn_wait_blocks(w: &World, from: u64, wei: u128) -> u64 {
    if wei == 0 {
        return 0;
    }
    let epoch = w.block / BLOCKS_PER_EPOCH;
    let total = w.beacon.total_active_balance(&w.operators, epoch);
    let mut churn = w.beacon.exit_churn.clone();
    let from_epoch = from / BLOCKS_PER_EPOCH;
    let gwei = u64::try_from(wei / WEI_PER_GWEI).unwrap_or(u64::MAX);
    let exit = beacon::compute_exit_epoch_and_update_churn(&mut churn, from_epoch, gwei, total);
    ((exit + MIN_VALIDATOR_WITHDRAWABILITY_DELAY) * BLOCKS_PER_EPOCH).saturating_sub(from)
}

/// Leaving stake holding `k`: the withdrawal delay (when restaked) and the beacon exit queue.
fn stake_exit(w: &World, st: &PositionState, k: usize) -> ExitLeg {
    let s = &st.stakes[k];
    let op = &w.operators[s.operator];
    let stake = st.stake_of(w, k);
    // Slash requests pending against the operator will still hit stake queued for withdrawal.
    let pending: u128 = w
        .slash_requests
        .iter()
        .filter(|r| r.operator == s.operator)
        .map(|r| {
            let slashable = op.slashable_stake(&w.ledger, r.avs, w.model);
            mul_div(
                mul_div(slashable, stake, op.delegated(&w.ledger).max(1)),
                r.wad,
                WAD,
            )
        })
        .sum();
    let churn = churn_wait_blocks(w, w.block, stake);
    let delay = if s.restaked {
        WITHDRAWAL_DELAY_BLOCKS
    } else {
        0
    };
    let blocks = match s.kind {
        StakeKind::Native => delay.max(churn),
        StakeKind::Lst => delay + churn_wait_blocks(w, w.block + delay, stake),
    };
    let what = match s.kind {
        StakeKind::Native => "native stake",
        StakeKind::Lst => "LST",
    };
    let holding = if s.restaked {
        format!("{what} restaked via {}", op.name)
    } else {
        format!("{what} on {}", op.name)
    };
    let mut r = route(
        "withdrawal",
        stake.saturating_sub(pending),
        Some(blocks as f64 / BLOCKS_PER_DAY as f64),
    );
    r.churn_days = churn as f64 / BLOCKS_PER_DAY as f64;
    ExitLeg {
        holding,
        fast: r,
        patient: None,
    }
}
