//! The restaking network as a petgraph graph, for views and analysis.
//!
//! Nodes: AVSs, operators, the LRT and native restakers, the pool and the lending market, and
//! the agent groups. Edges carry exposure in wei and point the way losses travel: from an AVS
//! that slashes, to the operators, to the LRT, to the markets, to the holders. `column` gives a
//! stable left-to-right layering (0 = AVSs ... 4 = agents) that views can use as their layout.

use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::base::ledger::Asset;
use crate::base::units::{fmt_eth, mul_div, wad_to_f64, WAD};
use crate::model::restaking::Delegator;
use crate::world::World;

pub use crate::base::ids::NodeRef;

/// A node's condition, readable without colour through [`NodeState::label`] and
/// [`NodeState::symbol`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NodeState {
    Healthy,
    AtRisk,
    Slashed,
    /// Depegged, liquidated, insecure or holding bad debt.
    Failed,
}

impl NodeState {
    pub fn label(self) -> &'static str {
        match self {
            NodeState::Healthy => "healthy",
            NodeState::AtRisk => "at risk",
            NodeState::Slashed => "slashed",
            NodeState::Failed => "failed",
        }
    }

    /// A one-character mark drawn on the node.
    pub fn symbol(self) -> &'static str {
        match self {
            NodeState::Healthy => "✓",
            NodeState::AtRisk => "!",
            NodeState::Slashed => "✂",
            NodeState::Failed => "✗",
        }
    }
}

/// What a node shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeInfo {
    pub node: NodeRef,
    pub label: String,
    /// Kind in words ("operator", "oracle AVS", ...).
    pub kind: String,
    /// Size measure: stake, holdings or liquidity, wei.
    pub value_wei: u128,
    pub state: NodeState,
    /// One line of readout, e.g. "slashed 1,200 ETH".
    pub status: String,
    /// Layer for a left-to-right layout (0 = AVSs, 1 = operators, 2 = LRT, 3 = markets, 4 = agents).
    pub column: u8,
}

/// What an edge means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EdgeKind {
    /// AVS -> operator: stake the AVS can slash.
    Secures,
    /// Operator -> LRT or native restakers: stake delegated.
    Delegates,
    /// LRT -> pool, LRT -> lending market: the token is traded or posted there.
    Market,
    /// Market or LRT -> agents: positions held.
    Holds,
}

/// An edge's exposure and whether a loss is flowing along it now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EdgeInfo {
    pub kind: EdgeKind,
    /// Exposure, wei.
    pub exposure_wei: u128,
    pub stressed: bool,
}

/// The network graph.
pub type Network = DiGraph<NodeInfo, EdgeInfo>;

/// Builds the network of `w` as it is now. Node order is stable for a scenario: AVSs,
/// operators, LRTs, native restakers, pools, lending markets, holders, loopers, arbitrageurs,
/// liquidators.
/// The node of native or LST restakers: their stake across operators, slashed once an operator
/// they delegate to was slashed.
fn restaker_node(w: &World, who: Delegator, g: &mut Network) -> NodeIndex {
    let l = &w.ledger;
    let total: u128 = w.operators.iter().map(|o| o.delegated_by(l, who)).sum();
    let slashed = w
        .operators
        .iter()
        .any(|o| o.slashed_wei > 0 && o.delegated_by(l, who) > 0);
    let (node, label, kind) = match who {
        Delegator::Lst => (
            NodeRef::LstRestakers,
            "LST restakers",
            "LST in EigenLayer strategies",
        ),
        _ => (
            NodeRef::NativeRestakers,
            "Native restakers",
            "EigenPod restakers",
        ),
    };
    g.add_node(NodeInfo {
        node,
        label: label.into(),
        kind: kind.into(),
        value_wei: total,
        state: if slashed {
            NodeState::Slashed
        } else {
            NodeState::Healthy
        },
        status: format!("{} restaked", fmt_eth(total, 0)),
        column: 2,
    })
}

pub fn network(w: &World) -> Network {
    let mut g = Network::new();
    let l = &w.ledger;
    let pending: Vec<(u32, u32)> = w
        .slash_requests
        .iter()
        .map(|r| (r.avs as u32, r.operator as u32))
        .collect();

    let avs_idx: Vec<NodeIndex> = w
        .avss
        .iter()
        .enumerate()
        .map(|(a, avs)| {
            let stake: u128 = w
                .operators
                .iter()
                .map(|o| o.slashable_stake(l, a, w.model))
                .sum();
            let slashed_any = w
                .operators
                .iter()
                .any(|o| o.slashed_wei > 0 && o.is_registered(a));
            let state = if avs.insecure {
                NodeState::Failed
            } else if avs.faulty_rounds > 0
                || pending.iter().any(|p| p.0 == a as u32)
                || slashed_any
            {
                NodeState::AtRisk
            } else {
                NodeState::Healthy
            };
            let status = if avs.insecure {
                "insecure: cost < profit of corruption".to_string()
            } else if avs.faulty_rounds > 0 {
                format!("{} faulty round(s)", avs.faulty_rounds)
            } else {
                format!("secured by {}", fmt_eth(stake, 0))
            };
            g.add_node(NodeInfo {
                node: NodeRef::Avs(a as u32),
                label: avs.name.clone(),
                kind: format!("{} AVS", avs.kind.label()),
                value_wei: stake,
                state,
                status,
                column: 0,
            })
        })
        .collect();

    let op_idx: Vec<NodeIndex> = w
        .operators
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let stake = o.delegated(l);
            let state = if o.slashed_wei > 0 {
                NodeState::Slashed
            } else if pending.iter().any(|p| p.1 == i as u32) {
                NodeState::AtRisk
            } else {
                NodeState::Healthy
            };
            let status = if o.slashed_wei > 0 {
                format!("slashed {}", fmt_eth(o.slashed_wei, 0))
            } else {
                format!("{} delegated", fmt_eth(stake, 0))
            };
            g.add_node(NodeInfo {
                node: NodeRef::Operator(i as u32),
                label: o.name.clone(),
                kind: "operator".into(),
                value_wei: stake,
                state,
                status,
                column: 1,
            })
        })
        .collect();

    let views: Vec<LrtView> = (0..w.lrts.len()).map(|i| LrtView::of(w, i)).collect();
    let lrt_idx: Vec<NodeIndex> = views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            g.add_node(NodeInfo {
                node: NodeRef::Lrt(i as u32),
                label: w.lrts[i].symbol.clone(),
                kind: "liquid restaking token".into(),
                value_wei: w.lrts[i].backing(l),
                state: if v.discount > 0.02 {
                    NodeState::Failed
                } else if v.nav_dropped {
                    NodeState::Slashed
                } else if v.discount > 0.005 || !w.slash_requests.is_empty() {
                    NodeState::AtRisk
                } else {
                    NodeState::Healthy
                },
                status: format!(
                    "NAV {:.4}, price {:.4}",
                    wad_to_f64(v.nav),
                    wad_to_f64(v.price)
                ),
                column: 2,
            })
        })
        .collect();
    let mut restakers = vec![(
        Delegator::Native,
        restaker_node(w, Delegator::Native, &mut g),
    )];
    if w.operators
        .iter()
        .any(|o| o.delegated_by(l, Delegator::Lst) > 0)
    {
        restakers.push((Delegator::Lst, restaker_node(w, Delegator::Lst, &mut g)));
    }
    for (a, avs_node) in avs_idx.iter().enumerate() {
        for (i, o) in w.operators.iter().enumerate() {
            if o.is_registered(a) {
                let stressed = pending.contains(&(a as u32, i as u32))
                    || (o.slashed_wei > 0 && w.avss[a].faulty_rounds > 0);
                g.add_edge(
                    *avs_node,
                    op_idx[i],
                    EdgeInfo {
                        kind: EdgeKind::Secures,
                        exposure_wei: o.slashable_stake(l, a, w.model),
                        stressed,
                    },
                );
            }
        }
    }
    for (i, o) in w.operators.iter().enumerate() {
        let delegators = lrt_idx
            .iter()
            .enumerate()
            .map(|(k, n)| (Delegator::Lrt(k as u32), *n))
            .chain(restakers.iter().copied());
        for (who, node) in delegators {
            let amount = o.delegated_by(l, who);
            if amount > 0 {
                g.add_edge(
                    op_idx[i],
                    node,
                    EdgeInfo {
                        kind: EdgeKind::Delegates,
                        exposure_wei: amount,
                        stressed: o.slashed_wei > 0,
                    },
                );
            }
        }
    }

    let pool_idx: Vec<NodeIndex> = views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let bal = w.pools[i].balances(l);
            let pool = g.add_node(NodeInfo {
                node: NodeRef::Pool(i as u32),
                label: format!("{}/ETH pool", w.lrts[i].symbol),
                kind: "Curve StableSwap pool".into(),
                value_wei: bal[0] + mul_div(bal[1], v.price, WAD),
                state: if v.discount > 0.02 {
                    NodeState::Failed
                } else if v.discount > 0.005 {
                    NodeState::AtRisk
                } else {
                    NodeState::Healthy
                },
                status: format!(
                    "{} ETH / {} {}",
                    crate::base::units::group_thousands(bal[0] / WAD),
                    crate::base::units::group_thousands(bal[1] / WAD),
                    w.lrts[i].symbol
                ),
                column: 3,
            });
            g.add_edge(
                lrt_idx[i],
                pool,
                EdgeInfo {
                    kind: EdgeKind::Market,
                    exposure_wei: bal[1],
                    stressed: v.discount > 0.005,
                },
            );
            pool
        })
        .collect();
    let market_idx: Vec<NodeIndex> = w
        .markets
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let min_hf = m.min_health_factor();
            let collateral = l.balance(m.collateral_account, w.lrts[m.collateral].asset);
            let style = match m.style {
                crate::input::scenario::MarketStyle::AaveV3 => "Aave-style lending market",
                crate::input::scenario::MarketStyle::MorphoBlue => "Morpho-style lending market",
            };
            let node = g.add_node(NodeInfo {
                node: NodeRef::Market(k as u32),
                label: m.name.clone(),
                kind: style.into(),
                value_wei: mul_div(collateral, views[m.collateral].price, WAD),
                state: if m.bad_debt > 0 {
                    NodeState::Failed
                } else if m.totals.liquidations > 0 || min_hf.is_some_and(|h| h < WAD * 105 / 100) {
                    NodeState::AtRisk
                } else {
                    NodeState::Healthy
                },
                status: if m.bad_debt > 0 {
                    format!("bad debt {}", fmt_eth(m.bad_debt, 1))
                } else {
                    format!("{} liquidations", m.totals.liquidations)
                },
                column: 3,
            });
            g.add_edge(
                lrt_idx[m.collateral],
                node,
                EdgeInfo {
                    kind: EdgeKind::Market,
                    exposure_wei: collateral,
                    stressed: m.totals.liquidations > 0,
                },
            );
            node
        })
        .collect();

    let held: u128 = w
        .holders
        .iter()
        .map(|s| l.balance(s.account, w.lrts[s.lrt].asset))
        .sum();
    let any_nav_dropped = views.iter().any(|v| v.nav_dropped);
    let max_discount = views.iter().map(|v| v.discount).fold(0.0, f64::max);
    let stakers = g.add_node(NodeInfo {
        node: NodeRef::Stakers,
        label: match w.lrts.as_slice() {
            [one] => format!("{} holders", one.symbol),
            _ => "LRT holders".into(),
        },
        kind: format!("{} LRT holders", w.holders.len()),
        value_wei: held,
        state: if w.totals.panic_sold_lrt > 0 {
            NodeState::Failed
        } else if any_nav_dropped || max_discount > 0.005 {
            NodeState::AtRisk
        } else {
            NodeState::Healthy
        },
        status: format!(
            "sold {} in panic",
            crate::base::units::group_thousands(w.totals.panic_sold_lrt / WAD)
        ),
        column: 4,
    });
    let positions = w.markets.iter().flat_map(|m| m.positions.iter());
    let liquidated = crate::readouts::metrics::loans_liquidated_total(w);
    let loans = positions.count();
    let looped: u128 = w
        .markets
        .iter()
        .map(|m| l.balance(m.collateral_account, w.lrts[m.collateral].asset))
        .sum();
    let min_hf = w.markets.iter().filter_map(|m| m.min_health_factor()).min();
    let loopers = g.add_node(NodeInfo {
        node: NodeRef::Loopers,
        label: "Loopers".into(),
        kind: format!("{loans} leveraged borrowers"),
        value_wei: looped,
        state: if liquidated > 0 {
            NodeState::Failed
        } else if min_hf.is_some_and(|h| h < WAD * 105 / 100) {
            NodeState::AtRisk
        } else {
            NodeState::Healthy
        },
        status: format!(
            "{liquidated} liquidated, min HF {}",
            min_hf.map_or("-".to_string(), |h| format!("{:.3}", wad_to_f64(h)))
        ),
        column: 4,
    });
    let arb_eth: u128 = w
        .arbitrageurs
        .iter()
        .map(|a| l.balance(a.account, Asset::ETH))
        .sum();
    let arbs = g.add_node(NodeInfo {
        node: NodeRef::Arbitrageurs,
        label: "Arbitrageurs".into(),
        kind: format!("{} arbitrageurs", w.arbitrageurs.len()),
        value_wei: arb_eth,
        state: if w.lrts.iter().any(|x| !x.redeemable()) {
            NodeState::AtRisk
        } else {
            NodeState::Healthy
        },
        status: format!("{} free capital", fmt_eth(arb_eth, 0)),
        column: 4,
    });
    let liq_eth: u128 = w
        .liquidators
        .iter()
        .map(|a| l.balance(a.account, Asset::ETH))
        .sum();
    let liqs = g.add_node(NodeInfo {
        node: NodeRef::Liquidators,
        label: "Liquidators".into(),
        kind: format!("{} liquidators", w.liquidators.len()),
        value_wei: liq_eth,
        state: NodeState::Healthy,
        status: format!("{} capital", fmt_eth(liq_eth, 0)),
        column: 4,
    });
    for (i, lrt) in lrt_idx.iter().enumerate() {
        let held_i: u128 = w
            .holders
            .iter()
            .filter(|s| s.lrt == i)
            .map(|s| l.balance(s.account, w.lrts[i].asset))
            .sum();
        g.add_edge(
            *lrt,
            stakers,
            EdgeInfo {
                kind: EdgeKind::Holds,
                exposure_wei: held_i,
                stressed: w.totals.panic_sold_lrt > 0,
            },
        );
    }
    for (k, m) in w.markets.iter().enumerate() {
        g.add_edge(
            market_idx[k],
            loopers,
            EdgeInfo {
                kind: EdgeKind::Holds,
                exposure_wei: l.balance(m.collateral_account, w.lrts[m.collateral].asset),
                stressed: crate::readouts::metrics::loans_liquidated(m) > 0,
            },
        );
        g.add_edge(
            market_idx[k],
            liqs,
            EdgeInfo {
                kind: EdgeKind::Holds,
                exposure_wei: m.totals.repaid,
                stressed: m.totals.liquidations > 0,
            },
        );
    }
    for (i, pool) in pool_idx.iter().enumerate() {
        g.add_edge(
            *pool,
            arbs,
            EdgeInfo {
                kind: EdgeKind::Holds,
                exposure_wei: w.lrts[i].queued_shares(),
                stressed: false,
            },
        );
    }
    g
}

/// What the graph shows of LRT `i`: prices (wad) and its depeg.
struct LrtView {
    nav: u128,
    price: u128,
    discount: f64,
    nav_dropped: bool,
}

impl LrtView {
    fn of(w: &World, i: usize) -> LrtView {
        let (nav, price) = (w.nav(i), w.price(i));
        LrtView {
            nav,
            price,
            discount: if nav > 0 {
                1.0 - price as f64 / nav as f64
            } else {
                0.0
            },
            nav_dropped: nav < w.lrts[i].peak_nav,
        }
    }
}
