//! The network-level security of the restaking graph (Durvasula and Roughgarden, arXiv
//! 2407.21785; MODEL.md section 5) evaluated on the running world, and rational attacks.
//!
//! Mapping: under the shared model each operator is a validator with its whole delegated stake;
//! under unique stake each (operator, AVS) allocation is a validator of its own with the stake
//! that AVS can slash. Services are the AVSs, with profit from corruption and the corruption
//! threshold alpha. Amounts are converted from wei to ETH floats for the analysis only.
//! The analysis runs once per epoch (32 blocks), not every block, to keep blocks cheap.
//!
//! Rational attacks (scenario `rational_attacks`): once per epoch, if some coalition of
//! operators can profitably corrupt a set of AVSs, the most profitable one does: every attacked
//! AVS requests a 100% slash of the coalition's stake it can slash (a justified slash, so veto
//! committees uphold it), and the attacked AVSs' profit is taken (set to 0). The cascade then
//! continues on the reduced graph at the next epoch.
//!
//! Under-slashing ([`crate::systems::ambiguity`]): an AVS that misses a real fault with probability
//! `u_s` takes the coalition's stake only with probability `1 - u_s`; the graph carries its
//! profit as `pi_s / (1 - u_s)`, so a coalition attacks when the profit exceeds the stake it
//! loses in expectation (exact for one service, and the same for several with equal rates).

use crate::base::units::{wei_to_eth, WAD};
use crate::input::scenario::SlashingModel;
use crate::model::security::{RestakingGraph, Service};
use crate::systems::faults::request_slashes;
use crate::world::events::{EventLog, Happening};
use crate::world::World;

/// Which operator (and, under unique stake, which AVS allocation) each validator of the graph is.
pub struct Mapping {
    pub graph: RestakingGraph,
    /// For each validator: (operator, `Some(avs)` under unique stake).
    pub validators: Vec<(usize, Option<usize>)>,
}

/// The restaking graph of `w` now.
pub fn restaking_graph(w: &World) -> Mapping {
    let mut validators = Vec::new();
    let mut stakes = Vec::new();
    let mut services: Vec<Service> = w
        .avss
        .iter()
        .map(|a| Service {
            // Under-slashing: the stake is lost only with probability 1 - u, so the attack
            // condition pi > (1 - u) sigma(B) is pi / (1 - u) > sigma(B) (exact when u = 0).
            profit: if a.under_slashing_rate == 0.0 {
                wei_to_eth(a.profit_from_corruption)
            } else {
                wei_to_eth(a.profit_from_corruption) / (1.0 - a.under_slashing_rate)
            },
            threshold: a.corruption_threshold,
            validators: Vec::new(),
        })
        .collect();
    for (i, op) in w.operators.iter().enumerate() {
        match w.model {
            SlashingModel::Shared => {
                let v = stakes.len();
                stakes.push(wei_to_eth(op.delegated(&w.ledger)));
                validators.push((i, None));
                for al in &op.allocations {
                    services[al.avs].validators.push(v);
                }
            }
            SlashingModel::UniqueStake => {
                for al in &op.allocations {
                    let v = stakes.len();
                    stakes.push(wei_to_eth(op.slashable_stake(&w.ledger, al.avs, w.model)));
                    validators.push((i, Some(al.avs)));
                    services[al.avs].validators.push(v);
                }
            }
        }
    }
    Mapping {
        graph: RestakingGraph { stakes, services },
        validators,
    }
}

/// Phase 8, once per epoch: stores whether the network is secure and its slack.
pub fn analyse(w: &mut World, log: &mut EventLog) {
    let m = restaking_graph(w);
    let slack = m.graph.slack();
    let secure = slack >= 0.0;
    if w.network_secure && !secure {
        log.report(Happening::NetworkInsecure { slack });
    }
    w.network_secure = secure;
    w.network_slack = slack;
}

/// Phase 5, once per epoch when the scenario allows rational attacks and the last analysis found
/// the network insecure: the most profitable attack, if any, is carried out.
pub fn rational_attack(w: &mut World, log: &mut EventLog) {
    let m = restaking_graph(w);
    let Some(attack) = m.graph.most_profitable_attack() else {
        return;
    };
    for &s in &attack.services {
        let ops: Vec<usize> = attack
            .validators
            .iter()
            .filter(|&&v| m.validators[v].1.is_none_or(|a| a == s))
            .map(|&v| m.validators[v].0)
            .filter(|&op| w.operators[op].is_registered(s))
            .collect();
        request_slashes(w, s, &ops, WAD, true, log);
        w.avss[s].profit_from_corruption = 0;
    }
    log.report(Happening::RationalAttack {
        operators: attack
            .validators
            .iter()
            .map(|&v| m.validators[v].0)
            .collect(),
        avss: attack.services.clone(),
        profit_eth: attack.profit,
        cost_eth: attack.cost,
    });
}
