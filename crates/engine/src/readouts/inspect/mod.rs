//! What one node of the network holds, for the app's inspector: plain rows of labelled values
//! (units in the values), an optional table and, for a lending market, the health-factor
//! distribution of its loans. Read-only; no state of its own.
//!
//! [`node_detail`] matches [`NodeRef`] in one place, so a new node kind is one new arm.

mod agents;

pub use agents::hf_histogram;
use agents::*;
use serde::Serialize;

use crate::base::ids::NodeRef;
use crate::base::ledger::Asset;
use crate::base::units::{fmt_eth, fmt_units, group_thousands, mul_div, wad_to_f64, BPS, WAD};
use crate::input::scenario::{LenderAction, OracleKind, SlashRule};
use crate::model::restaking::Delegator;
use crate::world::World;

/// One labelled value, e.g. ("Delegated stake", "97,112 ETH").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DetailRow {
    pub label: String,
    pub value: String,
}

/// A small table: a header and rows of the same width.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DetailTable {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Everything the inspector shows about one node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeDetail {
    pub node: NodeRef,
    pub title: String,
    pub kind: String,
    pub rows: Vec<DetailRow>,
    pub tables: Vec<DetailTable>,
    /// Loans per health-factor bucket (label, count), lending markets only.
    pub histogram: Vec<(String, u32)>,
}

/// Labels of the health-factor buckets of [`crate::readouts::metrics::hf_buckets`].
pub const HF_BUCKET_LABELS: [&str; 6] = [
    "< 1.00",
    "1.00-1.05",
    "1.05-1.10",
    "1.10-1.25",
    "1.25-1.50",
    "≥ 1.50",
];

fn row(label: &str, value: impl Into<String>) -> DetailRow {
    DetailRow {
        label: label.to_string(),
        value: value.into(),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn pct_bps(bps: u128) -> String {
    format!("{:.1}%", bps as f64 / 100.0)
}

fn lrt_amount(w: &World, wei: u128, decimals: usize) -> String {
    fmt_units(wei, decimals, &w.lrts[0].symbol)
}

/// The detail of `node` in `w`, or `None` if the world has no such node.
pub fn node_detail(w: &World, node: NodeRef) -> Option<NodeDetail> {
    let (title, kind, rows, tables, histogram) = match node {
        NodeRef::Avs(a) => avs(w, a as usize)?,
        NodeRef::Operator(i) => operator(w, i as usize)?,
        NodeRef::Lrt(i) if (i as usize) < w.lrts.len() => lrt(w, i as usize),
        NodeRef::NativeRestakers => restakers(w, Delegator::Native),
        NodeRef::LstRestakers => restakers(w, Delegator::Lst),
        NodeRef::Pool(i) if (i as usize) < w.pools.len() => pool(w, i as usize),
        NodeRef::Market(m) if (m as usize) < w.markets.len() => lending(w, m as usize),
        NodeRef::Lrt(_) | NodeRef::Pool(_) | NodeRef::Market(_) => return None,
        NodeRef::Stakers => stakers(w),
        NodeRef::Loopers => loopers(w),
        NodeRef::Arbitrageurs => {
            holders(w, "Arbitrageurs", w.arbitrageurs.iter().map(|a| a.account))
        }
        NodeRef::Liquidators => {
            let mut d = holders(w, "Liquidators", w.liquidators.iter().map(|a| a.account));
            d.2.push(row(
                "Liquidations",
                group_thousands(w.totals.liquidations as u128),
            ));
            d.2.push(row("Debt repaid", fmt_eth(w.totals.liquidated_debt, 0)));
            d
        }
    };
    Some(NodeDetail {
        node,
        title,
        kind,
        rows,
        tables,
        histogram,
    })
}

type Parts = (
    String,
    String,
    Vec<DetailRow>,
    Vec<DetailTable>,
    Vec<(String, u32)>,
);

fn avs(w: &World, a: usize) -> Option<Parts> {
    let x = w.avss.get(a)?;
    let l = &w.ledger;
    let coc = crate::model::avs::cost_of_corruption(a, x, &w.operators, l, w.model);
    let stake: u128 = w
        .operators
        .iter()
        .map(|o| o.slashable_stake(l, a, w.model))
        .sum();
    let registered = w.operators.iter().filter(|o| o.is_registered(a)).count();
    let mut rows = vec![
        row("Cost of corruption", fmt_eth(coc, 0)),
        row(
            "Profit from corruption",
            fmt_eth(x.profit_from_corruption, 0),
        ),
        row(
            "Secure",
            if coc >= x.profit_from_corruption {
                "yes: cost ≥ profit"
            } else {
                "no: cost < profit"
            },
        ),
        row("Slashable stake", fmt_eth(stake, 0)),
        row("Operators registered", registered.to_string()),
        row(
            "Corruption threshold (alpha)",
            format!("{:.0}%", x.corruption_threshold * 100.0),
        ),
        row(
            "Slash rule",
            match x.slash_rule {
                SlashRule::SlashOutlierSigners => "slash outlier signers",
                SlashRule::SlashMajorityDeviators => "slash majority deviators",
                SlashRule::None => "none",
            },
        ),
        row(
            "Slash size",
            format!("{:.0}%", wad_to_f64(x.slash_wad) * 100.0),
        ),
        row(
            "Veto committee",
            match (&x.veto, x.captured) {
                (_, true) => "captured: no veto".to_string(),
                (Some(v), _) => format!(
                    "{} of {}, {} block window",
                    v.quorum,
                    v.members,
                    group_thousands(v.window_blocks as u128)
                ),
                (None, _) => "none".to_string(),
            },
        ),
        row("Faulty oracle rounds", x.faulty_rounds.to_string()),
    ];
    if x.slashing_paused_until > w.block {
        rows.push(row(
            "Slashing paused until",
            format!("block {}", group_thousands(x.slashing_paused_until as u128)),
        ));
    }
    let requests = DetailTable {
        caption: "Pending slash requests".into(),
        header: vec!["operator".into(), "requested".into(), "executes at".into()],
        rows: w
            .slash_requests
            .iter()
            .filter(|r| r.avs == a)
            .map(|r| {
                let o = &w.operators[r.operator];
                vec![
                    o.name.clone(),
                    fmt_eth(mul_div(o.slashable_stake(l, a, w.model), r.wad, WAD), 0),
                    format!("block {}", group_thousands(r.execute_at as u128)),
                ]
            })
            .collect(),
    };
    Some((
        x.name.clone(),
        format!("{} AVS", x.kind.label()),
        rows,
        vec![requests],
        Vec::new(),
    ))
}

fn operator(w: &World, i: usize) -> Option<Parts> {
    let o = w.operators.get(i)?;
    let l = &w.ledger;
    let pending: Vec<_> = w
        .slash_requests
        .iter()
        .filter(|r| r.operator == i)
        .collect();
    let rows = vec![
        row("Delegated stake", fmt_eth(o.delegated(l), 0)),
        row(
            &format!("From {}", w.lrts[0].symbol),
            fmt_eth(o.delegated_by(l, Delegator::Lrt(0)), 0),
        ),
        row(
            "From native restakers",
            fmt_eth(o.delegated_by(l, Delegator::Native), 0),
        ),
        row("Slashed so far", fmt_eth(o.slashed_wei, 0)),
        row("Pending slash requests", pending.len().to_string()),
        row("Oracle feed", crate::model::feeds::describe(&o.feed)),
    ];
    let allocations = DetailTable {
        caption: "Allocations per AVS".into(),
        header: vec!["AVS".into(), "magnitude".into(), "slashable".into()],
        rows: o
            .allocations
            .iter()
            .map(|al| {
                vec![
                    w.avss[al.avs].name.clone(),
                    pct_bps(mul_div(
                        al.magnitude,
                        BPS,
                        crate::model::restaking::INITIAL_TOTAL_MAGNITUDE,
                    )),
                    fmt_eth(o.slashable_stake(l, al.avs, w.model), 0),
                ]
            })
            .collect(),
    };
    Some((
        o.name.clone(),
        "operator".into(),
        rows,
        vec![allocations],
        Vec::new(),
    ))
}

fn lrt(w: &World, i: usize) -> Parts {
    let x = &w.lrts[i];
    let l = &w.ledger;
    let nav = w.nav(i);
    let price = w.price(i);
    let mut rows = vec![
        row(
            "NAV",
            format!("{:.4} ETH per {}", wad_to_f64(nav), x.symbol),
        ),
        row(
            "Pool price",
            format!("{:.4} ETH per {}", wad_to_f64(price), x.symbol),
        ),
        row(
            "Discount to NAV",
            format!(
                "{:.2}%",
                if nav > 0 {
                    (1.0 - price as f64 / nav as f64) * 100.0
                } else {
                    0.0
                }
            ),
        ),
        row("Supply", fmt_units(l.outstanding(x.asset), 0, &x.symbol)),
        row("Backing", fmt_eth(x.backing(l), 0)),
        row("Buffer", fmt_eth(l.balance(x.buffer, Asset::ETH), 0)),
        row(
            "Redemption queue",
            fmt_units(x.queued_shares(), 0, &x.symbol),
        ),
        row("Redemptions waiting", x.queue.len().to_string()),
        row(
            "Withdrawal delay",
            format!(
                "{} blocks",
                group_thousands(x.withdrawal_delay_blocks as u128)
            ),
        ),
        row("Withdrawals paused", yes_no(x.withdrawals_paused)),
        row("Withdrawals exist", yes_no(x.withdrawals_enabled)),
    ];
    if let Some(c) = &w.insurance[i] {
        rows.extend([
            row(
                "Cover pool capital",
                fmt_eth(l.balance(c.account, Asset::ETH), 0),
            ),
            row("Cover paid", fmt_eth(c.paid, 0)),
            row("Cover shortfall", fmt_eth(c.shortfall, 0)),
        ]);
    }
    (
        x.symbol.clone(),
        "liquid restaking token".into(),
        rows,
        Vec::new(),
        Vec::new(),
    )
}

/// Native or LST restakers: stake per operator, and their path's yield against losses.
fn restakers(w: &World, who: Delegator) -> Parts {
    let l = &w.ledger;
    let per_op = DetailTable {
        caption: "Delegated per operator".into(),
        header: vec!["operator".into(), "stake".into()],
        rows: w
            .operators
            .iter()
            .map(|o| (o, o.delegated_by(l, who)))
            .filter(|(_, s)| *s > 0)
            .map(|(o, s)| vec![o.name.clone(), fmt_eth(s, 0)])
            .collect(),
    };
    let total: u128 = w.operators.iter().map(|o| o.delegated_by(l, who)).sum();
    let (title, kind) = match who {
        Delegator::Lst => ("LST restakers", "LST in EigenLayer strategies"),
        _ => ("Native restakers", "EigenPod restakers"),
    };
    let path = crate::readouts::metrics::path_metrics(w, who);
    (
        title.into(),
        kind.into(),
        vec![
            row("Restaked", fmt_eth(total, 0)),
            row(
                "Yield earned (staking + AVS)",
                fmt_eth(path.staking_yield_wei + path.avs_yield_wei, 2),
            ),
            row("Losses (slashes + penalties)", fmt_eth(path.loss_wei, 2)),
        ],
        vec![per_op],
        Vec::new(),
    )
}

fn pool(w: &World, i: usize) -> Parts {
    let p = &w.pools[i];
    let bal = p.balances(&w.ledger);
    let rows = vec![
        row("ETH side", fmt_eth(bal[0], 0)),
        row("LRT side", lrt_amount(w, bal[1], 0)),
        row(
            "Spot price",
            format!("{:.4} ETH per {}", wad_to_f64(w.price(i)), w.lrts[i].symbol),
        ),
        row("Amplification A", group_thousands(p.amp)),
        row("Fee", format!("{:.3}%", p.fee as f64 / 1e8)),
        row(
            "Contract",
            if p.ng.is_some() {
                "stableswap-ng"
            } else {
                "StableSwap (legacy)"
            },
        ),
    ];
    (
        format!("{}/ETH pool", w.lrts[i].symbol),
        "Curve StableSwap pool".into(),
        rows,
        Vec::new(),
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Sim;

    #[test]
    fn every_node_of_the_network_has_a_detail() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        sim.run(20);
        let g = sim.network();
        for n in g.node_weights() {
            let d = node_detail(sim.world(), n.node).expect("detail");
            assert_eq!(d.node, n.node);
            assert!(!d.rows.is_empty(), "{:?}", n.node);
        }
        assert!(node_detail(sim.world(), NodeRef::Avs(999)).is_none());
    }

    #[test]
    fn operator_detail_matches_its_graph_status() {
        let sim = Sim::preset("oracle-cascade", 42).expect("preset");
        let g = sim.network();
        let op = g
            .node_weights()
            .find(|n| matches!(n.node, NodeRef::Operator(_)))
            .expect("operator");
        let d = node_detail(sim.world(), op.node).expect("detail");
        assert_eq!(d.title, op.label);
        assert_eq!(format!("{} delegated", d.rows[0].value), op.status);
        assert!(!d.tables[0].rows.is_empty());
    }

    #[test]
    fn histogram_counts_every_open_loan() {
        let sim = Sim::preset("oracle-cascade", 42).expect("preset");
        let open = sim.world().markets[0]
            .positions
            .iter()
            .filter(|p| p.debt > 0)
            .count() as u32;
        let h = hf_histogram(sim.world(), &[0]);
        assert_eq!(h.len(), HF_BUCKET_LABELS.len());
        assert_eq!(h.iter().map(|b| b.1).sum::<u32>(), open);
        assert!(open > 0);
    }
}
