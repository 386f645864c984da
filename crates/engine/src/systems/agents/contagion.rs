//! Confidence contagion between LRTs (MODEL.md section 1, step 6; docs/BEHAVIOUR.md): holders
//! of one LRT read the loss signal of another's holders as news about their own. The weight
//! is largest when the two LRTs delegate to the same operators (a slash of a shared operator
//! hits both) and falls to a floor when they share none: the class of LRTs loses confidence
//! together, so contagion can hit an LRT that lost nothing (the 2022 run on stETH after
//! Terra and Celsius, whose stETH backing never fell: MODEL.md section 9; Diamond and Dybvig
//! 1983 for runs on a sound institution).
//!
//! LRT `i`'s holders see `max(own_i, max over k != i of own_k x w_i x (floor_i + (1 - floor_i)
//! x overlap_ik))`, where `own` is each LRT's own signal ([`crate::systems::agents::holders`]),
//! `w_i` = `stakers.contagion_weight`, `floor_i` = `stakers.contagion_floor` and `overlap_ik`
//! the share of LRT `i`'s delegated ETH placed with operators in trouble (slashed, or with a
//! slash request pending) that LRT `k` also delegates to. Only first-order: an LRT's contagion
//! does not feed back through another's.

use crate::model::restaking::Delegator;
use crate::world::World;

/// Each LRT's holders' loss signal with contagion: `own` (one per LRT, fraction) raised by the
/// others' as the module doc says. Returns `own` unchanged when no LRT's holders give
/// contagion any weight or there is one LRT.
pub fn signals(w: &World, own: &[f64]) -> Vec<f64> {
    let n = own.len();
    let weights: Vec<(f64, f64)> = w
        .holder_rules
        .iter()
        .map(|r| (r.contagion_weight, r.contagion_floor))
        .collect();
    if n < 2 || weights.iter().all(|&(wt, _)| wt == 0.0) || own.iter().all(|&s| s <= 0.0) {
        return own.to_vec();
    }
    let overlap = overlaps(w, n);
    (0..n)
        .map(|i| {
            let (weight, floor) = weights[i];
            (0..n)
                .filter(|&k| k != i)
                .map(|k| own[k] * weight * (floor + (1.0 - floor) * overlap[i][k]))
                .fold(own[i], f64::max)
        })
        .collect()
}

/// `overlap[i][k]`: share of LRT `i`'s delegated ETH (wei in its delegation accounts) held with
/// operators in trouble (slashed, or with a pending slash request) that LRT `k` also delegates
/// to (with ETH in the delegation), fraction; 0 when `i` has none delegated.
pub fn overlaps(w: &World, n: usize) -> Vec<Vec<f64>> {
    let mut troubled: Vec<bool> = w.operators.iter().map(|op| op.slashed_wei > 0).collect();
    for r in &w.slash_requests {
        troubled[r.operator] = true;
    }
    // Per operator: ETH each LRT delegates to it, wei.
    let per_op: Vec<Vec<u128>> = w
        .operators
        .iter()
        .map(|op| {
            let mut v = vec![0u128; n];
            for d in &op.delegations {
                if let Delegator::Lrt(i) = d.delegator {
                    if let Some(x) = v.get_mut(i as usize) {
                        *x += w.ledger.balance(d.account, crate::base::ledger::Asset::ETH);
                    }
                }
            }
            v
        })
        .collect();
    let total: Vec<u128> = (0..n).map(|i| per_op.iter().map(|v| v[i]).sum()).collect();
    (0..n)
        .map(|i| {
            (0..n)
                .map(|k| {
                    let shared: u128 = per_op
                        .iter()
                        .zip(&troubled)
                        .filter(|(v, &t)| t && v[k] > 0)
                        .map(|(v, _)| v[i])
                        .sum();
                    match total[i] {
                        0 => 0.0,
                        t => shared as f64 / t as f64,
                    }
                })
                .collect()
        })
        .collect()
}
