//! Red flags computed from a scenario (the seed article "Restaking Risk After the Hype": read
//! the slashing spec, vet operators, audit the code path, plan the exit; `docs/PLAYBOOK.md`).
//!
//! Each flag is a function of the scenario's parameters with a stated threshold. With a
//! position, only the parts of the stack the position is exposed to count (the operators its
//! stake is delegated to, its LRTs and their operators, the AVSs those operators serve, the
//! markets it uses); without one, the whole scenario.

use serde::Serialize;

use crate::base::units::{mul_div, BPS, WAD};
use crate::input::position::WITHDRAWAL_DELAY_BLOCKS;
use crate::input::scenario::{Scenario, SlashRule};
use crate::model::restaking::Delegator;
use crate::world::World;

pub use crate::input::scenario::tokens::{GovernanceTokenParams, IncentiveParams};

/// The six flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    VagueSlashingScope,
    PointsOnlyIncentives,
    OperatorConcentration,
    UpgradeKeysWithoutTimelock,
    ShallowExitLiquidity,
    IntertwinedGovernance,
}

impl Flag {
    pub fn label(self) -> &'static str {
        match self {
            Flag::VagueSlashingScope => "undefined or vague slashing scope",
            Flag::PointsOnlyIncentives => "points-only incentives",
            Flag::OperatorConcentration => "single-operator concentration",
            Flag::UpgradeKeysWithoutTimelock => "upgrade keys without a timelock",
            Flag::ShallowExitLiquidity => "shallow exit liquidity",
            Flag::IntertwinedGovernance => "intertwined governance",
        }
    }

    /// The threshold, in words.
    pub fn threshold(self) -> &'static str {
        match self {
            Flag::VagueSlashingScope => "an AVS whose rule slashes whoever deviates from the stake majority, or that can slash 50% or more with no veto committee",
            Flag::PointsOnlyIncentives => "an LRT whose incentives are points with no token or cash yield",
            Flag::OperatorConcentration => "one operator carries more than a third (3,333 bps) of the restaked stake",
            Flag::UpgradeKeysWithoutTimelock => "an AVS whose slashing terms can be upgraded with a timelock shorter than the 14-day withdrawal delay",
            Flag::ShallowExitLiquidity => "selling 10% of an LRT's supply in its pool costs more than 2% below NAV",
            Flag::IntertwinedGovernance => "one token's holders control two or more layers of the stack",
        }
    }

    /// The seed article's one-line explanation.
    pub fn explanation(self) -> &'static str {
        match self {
            Flag::VagueSlashingScope => "If the spec does not say exactly what is slashable and how it is proven, honest operators can be slashed and dishonest ones missed.",
            Flag::PointsOnlyIncentives => "Points pay nothing you can count; capital that came for them leaves when they end, and takes the exit liquidity with it.",
            Flag::OperatorConcentration => "One operator's mistake or stolen keys then hits most of your stake at once.",
            Flag::UpgradeKeysWithoutTimelock => "Whoever holds the keys can change the slashing rules faster than you can withdraw.",
            Flag::ShallowExitLiquidity => "When everyone heads for the door, a thin pool turns a small loss into a deep discount.",
            Flag::IntertwinedGovernance => "When the same holders govern several layers, one capture or bad vote spreads to all of them.",
        }
    }
}

/// One flag evaluated on a scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RedFlag {
    pub flag: Flag,
    pub raised: bool,
    /// What was found, with the numbers.
    pub finding: String,
    pub threshold: &'static str,
    pub explanation: &'static str,
}

/// What the flags look at: operators, AVSs, LRTs and markets of the position (or all).
struct Scope {
    avss: Vec<bool>,
    lrts: Vec<bool>,
    markets: Vec<bool>,
}

fn scope(w: &World) -> Scope {
    let Some(st) = w.position.as_ref() else {
        return Scope {
            avss: vec![true; w.avss.len()],
            lrts: vec![true; w.lrts.len()],
            markets: vec![true; w.markets.len()],
        };
    };
    let operators = crate::readouts::alerts::exposed_operators(w, st);
    let avss = crate::readouts::alerts::exposed_avss(w, &operators);
    let lrts = (0..w.lrts.len()).map(|i| st.lrt_units(w, i) > 0).collect();
    let markets = (0..w.markets.len())
        .map(|m| st.loans.iter().any(|l| l.0 == m) || st.supplies.iter().any(|s| s.0 == m))
        .collect();
    Scope {
        avss,
        lrts,
        markets,
    }
}

/// Evaluates every flag on scenario `s` (its world at seed 0, with its position placed).
/// Returns no flags when the scenario is invalid.
pub fn evaluate(s: &Scenario) -> Vec<RedFlag> {
    let Ok(w) = World::build(s, 0) else {
        return Vec::new();
    };
    let sc = scope(&w);
    let flag = |flag: Flag, hits: Vec<String>, none: &str| RedFlag {
        flag,
        raised: !hits.is_empty(),
        finding: if hits.is_empty() {
            none.to_string()
        } else {
            hits.join("; ")
        },
        threshold: flag.threshold(),
        explanation: flag.explanation(),
    };
    let avss: Vec<(usize, &crate::input::scenario::AvsParams)> = s
        .avss
        .iter()
        .enumerate()
        .filter(|(a, _)| sc.avss[*a])
        .collect();
    let vague = avss
        .iter()
        .filter_map(|(_, a)| match a.slash_rule {
            SlashRule::SlashMajorityDeviators => Some(format!(
                "{} slashes whoever deviates from the stake majority",
                a.name
            )),
            _ if a.slash_bps >= 5_000 && a.veto.is_none() => Some(format!(
                "{} can slash {}% with no veto committee",
                a.name,
                a.slash_bps / 100
            )),
            _ => None,
        })
        .collect();
    let lrt_symbols: Vec<&str> = (0..w.lrts.len())
        .filter(|&i| sc.lrts[i])
        .map(|i| w.lrts[i].symbol.as_str())
        .collect();
    let points = s
        .incentives
        .iter()
        .filter(|x| lrt_symbols.contains(&x.lrt.as_str()) && x.points && x.token_apr_bps == 0)
        .map(|x| format!("{} pays points only", x.lrt))
        .collect();
    let upgrades = avss
        .iter()
        .filter_map(|(_, a)| {
            let t = a.upgrade_timelock_blocks?;
            (t < WITHDRAWAL_DELAY_BLOCKS).then(|| {
                format!(
                    "{}: upgrade timelock {:.1} days",
                    a.name,
                    t as f64 / crate::base::units::BLOCKS_PER_DAY as f64
                )
            })
        })
        .collect();
    let shallow = (0..w.lrts.len())
        .filter(|&i| sc.lrts[i])
        .filter_map(|i| {
            let tenth = w.ledger.outstanding(w.lrts[i].asset) / 10;
            let out = w.pools[i]
                .quote(&w.ledger, crate::model::pool::LRT, tenth)
                .unwrap_or(0);
            let at_nav = mul_div(tenth, w.nav(i), WAD).max(1);
            let loss_bps = mul_div(at_nav.saturating_sub(out), BPS, at_nav);
            (loss_bps > 200).then(|| {
                format!(
                    "selling 10% of {} ({:.0}) in its pool fetches {:.1}% below NAV",
                    w.lrts[i].symbol,
                    tenth as f64 / 1e18,
                    loss_bps as f64 / 100.0
                )
            })
        })
        .collect();
    let layers: Vec<String> = avss
        .iter()
        .map(|(_, a)| a.name.clone())
        .chain(lrt_symbols.iter().map(|x| x.to_string()))
        .chain(
            (0..w.markets.len())
                .filter(|&m| sc.markets[m])
                .map(|m| w.markets[m].name.clone()),
        )
        .collect();
    let intertwined = s
        .governance_tokens
        .iter()
        .filter_map(|g| {
            let mine: Vec<&String> = g.controls.iter().filter(|c| layers.contains(c)).collect();
            (mine.len() >= 2).then(|| {
                let names: Vec<&str> = mine.iter().map(|x| x.as_str()).collect();
                format!("{} holders govern {}", g.token, names.join(", "))
            })
        })
        .collect();
    vec![
        flag(
            Flag::VagueSlashingScope,
            vague,
            "every AVS in scope slashes on attributable faults, within bounds or under a veto",
        ),
        flag(
            Flag::PointsOnlyIncentives,
            points,
            "no points-only programme",
        ),
        flag(
            Flag::OperatorConcentration,
            concentration(&w, &sc),
            "no operator carries more than a third",
        ),
        flag(
            Flag::UpgradeKeysWithoutTimelock,
            upgrades,
            "no upgrade keys faster than the withdrawal delay",
        ),
        flag(
            Flag::ShallowExitLiquidity,
            shallow,
            "the pools absorb a 10% exit within 2% of NAV",
        ),
        flag(
            Flag::IntertwinedGovernance,
            intertwined,
            "no token governs two layers",
        ),
    ]
}

/// The largest operator's share of the restaked stake in scope: the position's own restaked
/// stake plus its share of its LRTs' delegations, or each LRT's delegations without a position.
fn concentration(w: &World, sc: &Scope) -> Vec<String> {
    let per_op: Vec<u128> = w
        .operators
        .iter()
        .map(|op| {
            op.delegations
                .iter()
                .map(|d| {
                    let bal = w.ledger.balance(d.account, crate::base::ledger::Asset::ETH);
                    match (d.delegator, w.position.as_ref()) {
                        (Delegator::Position(k), Some(st)) if st.stakes[k as usize].restaked => bal,
                        (Delegator::Lrt(i), Some(st)) => {
                            let supply = w.ledger.outstanding(w.lrts[i as usize].asset).max(1);
                            mul_div(bal, st.lrt_units(w, i as usize), supply)
                        }
                        (Delegator::Lrt(i), None) if sc.lrts[i as usize] => bal,
                        _ => 0,
                    }
                })
                .sum()
        })
        .collect();
    let total: u128 = per_op.iter().sum();
    let Some((o, &top)) = per_op
        .iter()
        .enumerate()
        .max_by_key(|(i, x)| (**x, std::cmp::Reverse(*i)))
    else {
        return Vec::new();
    };
    let bps = mul_div(top, BPS, total.max(1));
    if total > 0 && bps > 3_333 {
        vec![format!(
            "{} carries {:.1}% of the restaked stake",
            w.operators[o].name,
            bps as f64 / 100.0
        )]
    } else {
        Vec::new()
    }
}
