//! Faults aimed at one node and mitigations pulled live, as plain data: which ones a node
//! offers, what size each takes (with its unit and bounds), and the engine [`Fault`] each
//! becomes. The inspector ([`crate::views::inspector`]) shows them; nothing here touches the browser.
//!
//! [`aims_for`] and [`mitigations_for`] match [`NodeRef`] in one place each.

use restake_engine::scenario::{FeedFault, LenderAction};
use restake_engine::{Fault, NodeRef};

/// A size the user picks for an aimed fault or a mitigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub label: &'static str,
    pub unit: &'static str,
    pub default: u64,
    pub min: u64,
    pub max: u64,
}

/// A fault the inspector can aim at a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aim {
    OracleOutlier,
    DataIntegrity,
    AvsExploit,
    GovernanceCapture,
    SlashingUpgrade,
    KeyCompromise,
    WhaleSale,
    LiquidityWithdrawal,
    LendingOracle,
}

impl Aim {
    pub fn id(self) -> &'static str {
        match self {
            Aim::OracleOutlier => "oracle-outlier",
            Aim::DataIntegrity => "data-integrity",
            Aim::AvsExploit => "avs-exploit",
            Aim::GovernanceCapture => "governance-capture",
            Aim::SlashingUpgrade => "slashing-upgrade",
            Aim::KeyCompromise => "key-compromise",
            Aim::WhaleSale => "whale-sale",
            Aim::LiquidityWithdrawal => "liquidity-withdrawal",
            Aim::LendingOracle => "lending-oracle",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Aim::OracleOutlier => "Oracle fault: an outlier on this AVS",
            Aim::DataIntegrity => "Corrupted data signed by most of its stake",
            Aim::AvsExploit => "Exploit of its slashing contract",
            Aim::GovernanceCapture => "Capture of its governance",
            Aim::SlashingUpgrade => "Upgrade of its slash size",
            Aim::KeyCompromise => "Compromise this operator's keys",
            Aim::WhaleSale => "Whale sale into the pool",
            Aim::LiquidityWithdrawal => "LPs pull liquidity",
            Aim::LendingOracle => "Manipulate the lending oracle",
        }
    }

    pub fn size(self) -> Option<Size> {
        let bps = |label, default, max| Size {
            label,
            unit: "bps",
            default,
            min: 1,
            max,
        };
        match self {
            Aim::OracleOutlier => Some(bps("deviation", 1_500, 100_000)),
            Aim::SlashingUpgrade => Some(bps("new slash", 10_000, 10_000)),
            Aim::LiquidityWithdrawal => Some(bps("share pulled", 5_000, 9_999)),
            Aim::LendingOracle => Some(bps("reported low by", 800, 9_999)),
            Aim::WhaleSale => Some(Size {
                label: "sold",
                unit: "LRT",
                default: 15_000,
                min: 1,
                max: 10_000_000,
            }),
            _ => None,
        }
    }

    /// The engine fault aimed at `node`, titled `target`, with `size` (ignored when the aim
    /// takes none).
    pub fn fault(self, node: NodeRef, target: &str, size: u64) -> Fault {
        let t = target.to_string();
        let bps = size.min(u32::MAX as u64) as u32;
        match self {
            Aim::OracleOutlier => Fault::OracleOutlier {
                avs: t,
                deviation_bps: bps,
            },
            Aim::DataIntegrity => Fault::OracleDataIntegrity { avs: t },
            Aim::AvsExploit => Fault::AvsExploit { avs: t },
            Aim::GovernanceCapture => Fault::GovernanceCapture { avs: t },
            Aim::SlashingUpgrade => Fault::SlashingUpgrade {
                avs: t,
                slash_bps: bps,
            },
            Aim::KeyCompromise => Fault::OperatorKeyCompromise { operator: t },
            Aim::WhaleSale => Fault::WhaleSale {
                lrt: size,
                over_blocks: 50,
                lrt_symbol: lrt_target(node, target),
            },
            Aim::LiquidityWithdrawal => Fault::LiquidityWithdrawal {
                share_bps: bps,
                lrt_symbol: lrt_target(node, target),
            },
            Aim::LendingOracle => Fault::LendingOracle {
                mode: FeedFault::Manipulated,
                deviation_bps: bps,
                duration_blocks: 20,
                market: match node {
                    NodeRef::Market(m) if m > 0 => Some(t),
                    _ => None,
                },
            },
        }
    }
}

/// The LRT a market fault aimed at `node` names: none for the first LRT and for the holder
/// nodes (the engine's default), else the symbol in the node's title (`xLRT`, `xLRT/ETH pool`).
fn lrt_target(node: NodeRef, title: &str) -> Option<String> {
    match node {
        NodeRef::Lrt(i) | NodeRef::Pool(i) if i > 0 => {
            Some(title.trim_end_matches("/ETH pool").to_string())
        }
        _ => None,
    }
}

/// The faults a node of `kind` ("oracle AVS", ...) offers.
pub fn aims_for(node: NodeRef, kind: &str) -> Vec<Aim> {
    match node {
        NodeRef::Avs(_) if kind == "oracle AVS" => vec![
            Aim::OracleOutlier,
            Aim::DataIntegrity,
            Aim::AvsExploit,
            Aim::GovernanceCapture,
            Aim::SlashingUpgrade,
        ],
        NodeRef::Avs(_) => vec![
            Aim::AvsExploit,
            Aim::GovernanceCapture,
            Aim::SlashingUpgrade,
        ],
        NodeRef::Operator(_) => vec![Aim::KeyCompromise],
        // Market faults act on the LRT, pool or market aimed at; from the holders, loopers and
        // liquidators, on the first.
        NodeRef::Lrt(_) | NodeRef::Stakers => vec![Aim::WhaleSale],
        NodeRef::Pool(_) => vec![Aim::LiquidityWithdrawal, Aim::WhaleSale],
        NodeRef::Market(_) | NodeRef::Loopers | NodeRef::Liquidators => vec![Aim::LendingOracle],
        NodeRef::NativeRestakers | NodeRef::LstRestakers | NodeRef::Arbitrageurs => Vec::new(),
    }
}

/// A mitigation pulled live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mitigation {
    VetoOn,
    VetoOff,
    PauseWithdrawals,
    FreezeLending,
    PauseLending,
    RaiseThreshold,
}

impl Mitigation {
    /// The `data-testid` is `mitigation-` and this.
    pub fn id(self) -> &'static str {
        match self {
            Mitigation::VetoOn => "veto-on",
            Mitigation::VetoOff => "veto-off",
            Mitigation::PauseWithdrawals => "pause-withdrawals",
            Mitigation::FreezeLending => "freeze",
            Mitigation::PauseLending => "pause-lending",
            Mitigation::RaiseThreshold => "threshold",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mitigation::VetoOn => "Switch its veto committee on",
            Mitigation::VetoOff => "Switch its veto committee off",
            Mitigation::PauseWithdrawals => "Pause LRT withdrawals for 14 days",
            Mitigation::FreezeLending => "Freeze the lending market",
            Mitigation::PauseLending => "Pause the lending market (stops liquidations too)",
            Mitigation::RaiseThreshold => "Set the liquidation threshold",
        }
    }

    pub fn size(self) -> Option<Size> {
        (self == Mitigation::RaiseThreshold).then_some(Size {
            label: "threshold",
            unit: "bps",
            default: 8_500,
            min: 1,
            max: 9_999,
        })
    }

    /// The engine fault that carries the mitigation out, for `node`, titled `target`.
    pub fn fault(self, node: NodeRef, target: &str, size: u64) -> Fault {
        match self {
            Mitigation::VetoOn | Mitigation::VetoOff => Fault::VetoCommittee {
                avs: target.to_string(),
                enabled: self == Mitigation::VetoOn,
            },
            Mitigation::PauseWithdrawals => Fault::WithdrawalPause {
                duration_blocks: 100_800,
                lrt_symbol: lrt_target(node, target),
            },
            Mitigation::FreezeLending => Fault::LenderGovernance {
                action: LenderAction::Freeze,
            },
            Mitigation::PauseLending => Fault::LenderGovernance {
                action: LenderAction::Pause,
            },
            Mitigation::RaiseThreshold => Fault::LenderGovernance {
                action: LenderAction::SetLiquidationThreshold {
                    liquidation_threshold_bps: size.min(u32::MAX as u64) as u32,
                },
            },
        }
    }
}

/// The mitigations a node offers; `veto_on` says whether an AVS's committee is active now.
pub fn mitigations_for(node: NodeRef, veto_on: bool) -> Vec<Mitigation> {
    match node {
        NodeRef::Avs(_) if veto_on => vec![Mitigation::VetoOff],
        NodeRef::Avs(_) => vec![Mitigation::VetoOn],
        NodeRef::Lrt(_) | NodeRef::Stakers => vec![Mitigation::PauseWithdrawals],
        NodeRef::Market(_) | NodeRef::Loopers => vec![
            Mitigation::FreezeLending,
            Mitigation::PauseLending,
            Mitigation::RaiseThreshold,
        ],
        _ => Vec::new(),
    }
}

/// Parses a size typed by the user: a whole number within `s`'s bounds, else a message.
pub fn parse_size(text: &str, s: &Size) -> Result<u64, String> {
    let v: u64 = text
        .trim()
        .replace([',', '_'], "")
        .parse()
        .map_err(|_| format!("The {} must be a whole number of {}.", s.label, s.unit))?;
    if v < s.min || v > s.max {
        return Err(format!(
            "The {} must be between {} and {} {}.",
            s.label,
            crate::data::format::grouped(s.min),
            crate::data::format::grouped(s.max),
            s.unit
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::Sim;

    #[test]
    fn every_offered_fault_and_mitigation_is_valid_for_its_node() {
        // ezeth-2024 has a second market: faults aimed at it name it.
        for preset in ["oracle-cascade", "ezeth-2024"] {
            let sim = Sim::preset(preset, 42).expect("preset");
            let g = sim.network();
            let mut offered = 0;
            for n in g.node_weights() {
                for a in aims_for(n.node, &n.kind) {
                    let size = a.size().map_or(0, |s| s.default);
                    let f = a.fault(n.node, &n.label, size);
                    sim.scenario()
                        .validate_fault(&f, "fault")
                        .unwrap_or_else(|e| panic!("{:?} on {}: {e}", a, n.label));
                    if n.node == NodeRef::Market(1) {
                        assert!(
                            matches!(f, Fault::LendingOracle { market: Some(ref m), .. } if m == &n.label)
                        );
                    }
                    offered += 1;
                }
                for veto in [false, true] {
                    for m in mitigations_for(n.node, veto) {
                        let size = m.size().map_or(0, |s| s.default);
                        sim.scenario()
                            .validate_fault(&m.fault(n.node, &n.label, size), "fault")
                            .unwrap_or_else(|e| panic!("{:?} on {}: {e}", m, n.label));
                    }
                }
            }
            assert!(offered > 10, "{preset}");
        }
    }

    #[test]
    fn sizes_are_checked() {
        let s = Aim::OracleOutlier.size().unwrap();
        assert_eq!(parse_size(" 2,500 ", &s), Ok(2_500));
        assert!(parse_size("0", &s).unwrap_err().contains("between 1"));
        assert!(parse_size("lots", &s).unwrap_err().contains("whole number"));
        assert_eq!(
            Aim::WhaleSale.fault(NodeRef::Pool(1), "xLRT/ETH pool", 20_000),
            Fault::WhaleSale {
                lrt: 20_000,
                over_blocks: 50,
                lrt_symbol: Some("xLRT".into()),
            }
        );
    }
}
