//! Limits and alerts for the user's position (the seed article's playbook step "set limits and
//! alerts"; `docs/PLAYBOOK.md`).
//!
//! * Limits: how much of the position's value each AVS can slash (the whole delegated stake
//!   under shared security, the allocated magnitude under ELIP-002 unique stake; MODEL.md
//!   section 4), how much sits in each LRT, and how much can be turned into ETH within a day.
//! * Alerts: conditions read from the world each block; [`crate::outcome`] records the first
//!   block each one holds and what leaving then would have saved.

use serde::{Deserialize, Serialize};

use crate::base::ids::{known_name, Name};
use crate::base::units::{mul_div, BPS, WAD};
use crate::input::position::Limits;
use crate::input::scenario::AvsKind;
use crate::model::restaking::Delegator;
use crate::systems::exit;
use crate::systems::position::PositionState;
use crate::world::World;

/// What an alert watches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// A slash requested against, or executed on, an operator the position is delegated to.
    SlashingEvent,
    /// An LRT the position holds trades below NAV by the threshold.
    PriceGap,
    /// An oracle AVS the position's operators serve posted an outlier, or a lending market the
    /// position uses prices its LRT away from NAV by the threshold.
    OracleDeviation,
    /// A governance change in the position's stack.
    GovernanceChange,
}

impl AlertKind {
    pub const ALL: [AlertKind; 4] = [
        AlertKind::SlashingEvent,
        AlertKind::PriceGap,
        AlertKind::OracleDeviation,
        AlertKind::GovernanceChange,
    ];

    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            AlertKind::SlashingEvent => "slashing event",
            AlertKind::PriceGap => "price gap",
            AlertKind::OracleDeviation => "oracle deviation",
            AlertKind::GovernanceChange => "governance change",
        }
    }
}

/// Per operator: true if the position's stake or one of its LRTs is delegated to it.
pub fn exposed_operators(w: &World, st: &PositionState) -> Vec<bool> {
    let held: Vec<bool> = (0..w.lrts.len()).map(|i| st.lrt_units(w, i) > 0).collect();
    w.operators
        .iter()
        .enumerate()
        .map(|(o, op)| {
            st.stakes.iter().any(|s| s.restaked && s.operator == o)
                || op.delegations.iter().any(|d| match d.delegator {
                    Delegator::Lrt(i) => held[i as usize] && !op.allocations.is_empty(),
                    _ => false,
                })
        })
        .collect()
}

/// Per AVS: true if an operator the position is exposed to is registered with it.
pub fn exposed_avss(w: &World, operators: &[bool]) -> Vec<bool> {
    (0..w.avss.len())
        .map(|a| {
            w.operators
                .iter()
                .zip(operators)
                .any(|(op, &e)| e && op.is_registered(a))
        })
        .collect()
}

/// Whether alert `kind` holds now for the world's position with threshold `bps` (ignored by
/// the slashing and governance alerts).
pub fn holds(w: &World, kind: AlertKind, bps: u32) -> bool {
    let Some(st) = w.position.as_ref() else {
        return false;
    };
    let ops = exposed_operators(w, st);
    let held: Vec<usize> = (0..w.lrts.len())
        .filter(|&i| st.lrt_units(w, i) > 0)
        .collect();
    let used: Vec<usize> = st
        .loans
        .iter()
        .map(|l| l.0)
        .chain(st.supplies.iter().map(|s| s.0))
        .collect();
    match kind {
        AlertKind::SlashingEvent => {
            w.slash_requests.iter().any(|r| ops[r.operator])
                || w.operators
                    .iter()
                    .zip(&ops)
                    .any(|(o, &e)| e && o.slashed_wei > 0)
        }
        AlertKind::PriceGap => held.iter().any(|&i| w.discount_bps(i) >= bps as u128),
        AlertKind::OracleDeviation => {
            let avss = exposed_avss(w, &ops);
            let outlier = w
                .avss
                .iter()
                .zip(&avss)
                .any(|(a, &e)| e && a.kind == AvsKind::Oracle && a.faulty_rounds > 0);
            outlier
                || used.iter().any(|&m| {
                    let market = &w.markets[m];
                    let nav = w.nav(market.collateral).max(1);
                    market.oracle_price.abs_diff(nav) * BPS / nav >= bps as u128
                })
        }
        AlertKind::GovernanceChange => {
            let avss = exposed_avss(w, &ops);
            let lrt = held.iter().any(|&i| {
                let l = &w.lrts[i];
                l.pause_at.is_some() || l.withdrawals_paused
            });
            let avs = w.avss.iter().enumerate().any(|(a, x)| {
                avss[a]
                    && (x.captured
                        || x.veto_off.is_some()
                        || x.pause_at.is_some()
                        || w.pending_upgrades.iter().any(|u| u.1 == a))
            });
            let lender = used.iter().any(|&m| {
                let x = &w.markets[m];
                x.action_at.is_some() || x.frozen || x.paused
            });
            lrt || avs || lender
        }
    }
}

/// The position's value (or a part of it) against the whole, wei and basis points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exposure {
    pub name: String,
    pub wei: u128,
    pub bps: u32,
}

/// The JSON paths of the limits a [`Breach`] names.
pub const LIMITS: [&str; 3] = [
    "limits.max_avs_bps",
    "limits.max_lrt_bps",
    "limits.liquidity_buffer_bps",
];

fn limit_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    known_name(d, &LIMITS)
}

/// A limit the position breaks: the limit's JSON path, what breaks it, and both values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Breach {
    /// One of [`LIMITS`].
    #[serde(deserialize_with = "limit_name")]
    pub limit: Name,
    pub subject: String,
    pub value_bps: u32,
    pub limit_bps: u32,
}

/// The position measured against its limits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LimitReport {
    /// The position's value at NAV, wei.
    pub value_wei: u128,
    /// Stake each AVS can slash, as a share of the value (under shared security the shares sum
    /// to more than 100%: the same stake backs several AVSs).
    pub avs_exposure: Vec<Exposure>,
    /// Value in each LRT (held and posted as collateral, at NAV).
    pub lrt_exposure: Vec<Exposure>,
    /// ETH the position can have within one day (exit plan's fast routes that take a day or
    /// less).
    pub liquid_in_a_day: Exposure,
    pub breaches: Vec<Breach>,
}

fn share(name: String, wei: u128, value: u128) -> Exposure {
    Exposure {
        name,
        wei,
        bps: mul_div(wei, BPS, value.max(1)).min(u32::MAX as u128) as u32,
    }
}

/// The world's position against `limits`; `None` without a position.
pub fn check_limits(w: &World, limits: &Limits) -> Option<LimitReport> {
    let st = w.position.as_ref()?;
    let value = st.value_at_nav(w);
    let mut avs_exposure = Vec::new();
    for (a, avs) in w.avss.iter().enumerate() {
        let mut wei = 0;
        for (o, op) in w.operators.iter().enumerate() {
            let slashable = op.slashable_stake(&w.ledger, a, w.model);
            if slashable == 0 {
                continue;
            }
            let delegated = op.delegated(&w.ledger).max(1);
            for (k, s) in st.stakes.iter().enumerate() {
                if s.restaked && s.operator == o {
                    let mine = op.delegated_by(&w.ledger, Delegator::Position(k as u32));
                    wei += mul_div(slashable, mine, delegated);
                }
            }
            for i in 0..w.lrts.len() {
                let lrt_part = op.delegated_by(&w.ledger, Delegator::Lrt(i as u32));
                let supply = w.ledger.outstanding(w.lrts[i].asset).max(1);
                let lrt_slashable = mul_div(slashable, lrt_part, delegated);
                wei += mul_div(lrt_slashable, st.lrt_units(w, i), supply);
            }
        }
        if wei > 0 {
            avs_exposure.push(share(avs.name.clone(), wei, value));
        }
    }
    let lrt_exposure: Vec<Exposure> = (0..w.lrts.len())
        .filter(|&i| st.lrt_units(w, i) > 0)
        .map(|i| {
            let wei = mul_div(st.lrt_units(w, i), w.nav(i), WAD);
            share(w.lrts[i].symbol.clone(), wei, value)
        })
        .collect();
    let day: u128 = exit::plan(w)
        .map(|p| {
            p.legs
                .iter()
                .filter(|l| l.fast.days.is_some_and(|d| d <= 1.0))
                .map(|l| l.fast.eth_wei)
                .sum()
        })
        .unwrap_or(0);
    let liquid_in_a_day = share("within one day".into(), day, value);
    let mut breaches = Vec::new();
    let mut over = |limit: &'static str, e: &Exposure, max: Option<u32>| {
        debug_assert!(
            LIMITS.contains(&limit),
            "limit {limit:?} missing from LIMITS"
        );
        if let Some(max) = max.filter(|m| e.bps > *m) {
            breaches.push(Breach {
                limit,
                subject: e.name.clone(),
                value_bps: e.bps,
                limit_bps: max,
            });
        }
    };
    for e in &avs_exposure {
        over("limits.max_avs_bps", e, limits.max_avs_bps);
    }
    for e in &lrt_exposure {
        over("limits.max_lrt_bps", e, limits.max_lrt_bps);
    }
    if let Some(min) = limits
        .liquidity_buffer_bps
        .filter(|m| liquid_in_a_day.bps < *m)
    {
        breaches.push(Breach {
            limit: "limits.liquidity_buffer_bps",
            subject: liquid_in_a_day.name.clone(),
            value_bps: liquid_in_a_day.bps,
            limit_bps: min,
        });
    }
    Some(LimitReport {
        value_wei: value,
        avs_exposure,
        lrt_exposure,
        liquid_in_a_day,
        breaches,
    })
}
