//! Slashing ambiguity: AVS rules that slash the wrong operators or miss the right ones
//! (MODEL.md section 14, "over-slashing from vague rules"; the seed article's "read the slashing
//! spec": if it does not say exactly what is slashable and how it is proven, honest operators
//! can be slashed and dishonest ones missed).
//!
//! Two rates per AVS (scenario `avss[].over_slashing_rate`, `avss[].under_slashing_rate`):
//!
//! * **Over-slashing**: once per epoch, with probability `over_slashing_rate`, the AVS's rule
//!   misfires and requests a `slash_bps` slash of one registered operator, drawn uniformly, that
//!   did nothing. The request is unjustified: it waits for the veto window like any other, and
//!   a veto committee judges it with its `p_veto_unjustified` (MODEL.md section 13: the
//!   whitepaper's committee "can veto unjustified slashing"); without a committee it executes,
//!   and the operator's delegators (native restakers, LRTs, LST restakers) lose the stake.
//! * **Under-slashing**: each justified slash request the AVS should file (an outlier signer, a
//!   stolen key, a rational attack, a caught MEV misbehaviour) is missed with probability
//!   `under_slashing_rate`. An attacker then loses its stake only with probability `1 - u`, so
//!   the expected cost of corruption is `(1 - u) * CoC` ([`crate::model::avs::expected_cost_of_corruption`])
//!   and the restaking graph's attack condition becomes `pi_s / (1 - u_s) > sigma(B)`
//!   ([`crate::systems::attacks::restaking_graph`]; Durvasula and Roughgarden, arXiv 2407.21785, with the
//!   stake lost in expectation).
//!
//! Draws come from their own stream ([`crate::base::rng::Purpose::Ambiguity`]), present only when some
//! AVS has a rate above 0: an AVS with both rates at 0 draws nothing.

use rand::Rng;

use crate::base::rng::chance;
use crate::base::units::{mul_div, BLOCKS_PER_EPOCH, WAD};
use crate::world::events::{EventLog, Happening};
use crate::world::World;

/// Phase 2, once per epoch: each AVS with an over-slashing rate may misfire on one honest
/// operator (see the module doc). Operators already facing a request of the same AVS are not
/// drawn again.
pub fn misfire(w: &mut World, log: &mut EventLog) {
    if !w.block.is_multiple_of(BLOCKS_PER_EPOCH) {
        return;
    }
    for a in 0..w.avss.len() {
        let rate = w.avss[a].over_slashing_rate;
        if rate == 0.0 || w.avss[a].slash_wad == 0 {
            continue;
        }
        let rng = w
            .streams
            .ambiguity
            .as_mut()
            .expect("stream of a used channel");
        if !chance(rng, rate) {
            continue;
        }
        let candidates: Vec<usize> = (0..w.operators.len())
            .filter(|&o| w.operators[o].is_registered(a))
            .filter(|&o| {
                !w.slash_requests
                    .iter()
                    .any(|r| r.avs == a && r.operator == o)
            })
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let rng = w.streams.ambiguity.as_mut().expect("checked");
        let op = candidates[rng.random_range(0..candidates.len())];
        let wad = w.avss[a].slash_wad;
        let at_stake = mul_div(
            w.operators[op].slashable_stake(&w.ledger, a, w.model),
            wad,
            WAD,
        );
        crate::systems::faults::request_slashes(w, a, &[op], wad, false, log);
        w.totals.over_slash_requests += 1;
        let veto = match &w.avss[a].veto {
            Some(v) if !w.avss[a].captured => Some((v.quorum, v.members, v.window_blocks)),
            _ => None,
        };
        log.report(Happening::OverSlashRequest {
            avs: a,
            operator: op,
            rate,
            wad,
            at_stake_wei: at_stake,
            veto,
        });
    }
}

/// The operators of `ops` whose justified slash AVS `a` actually requests: each is missed with
/// probability `under_slashing_rate` (drawn in order; nothing is drawn when the rate is 0 or the
/// request is unjustified). Missed ones are counted and narrated.
pub fn requested(
    w: &mut World,
    a: usize,
    ops: &[usize],
    justified: bool,
    log: &mut EventLog,
) -> Vec<usize> {
    let rate = w.avss[a].under_slashing_rate;
    if !justified || rate == 0.0 {
        return ops.to_vec();
    }
    let rng = w
        .streams
        .ambiguity
        .as_mut()
        .expect("stream of a used channel");
    let (mut kept, mut missed) = (Vec::new(), Vec::new());
    for &op in ops {
        if chance(rng, rate) {
            missed.push(op);
        } else {
            kept.push(op);
        }
    }
    for &op in &missed {
        w.totals.missed_slashes += 1;
        log.report(Happening::MissedFault {
            avs: a,
            operator: op,
            rate,
        });
    }
    kept
}

#[cfg(test)]
mod tests {
    use crate::base::units::eth;
    use crate::model::avs::{corruption_ratio, expected_cost_of_corruption};

    #[test]
    fn under_slashing_scales_the_expected_cost_of_corruption() {
        assert_eq!(expected_cost_of_corruption(eth(1_000), 0.0), eth(1_000));
        assert_eq!(expected_cost_of_corruption(eth(1_000), 0.25), eth(750));
        assert_eq!(expected_cost_of_corruption(eth(1_000), 1.0), 0);
        // A bridge worth 600 ETH secured by 1,000 ETH of cost: 0.6; with half the faults
        // missed the same bridge is worth 1.2 times what corrupting it costs.
        let ratio = |u| corruption_ratio(eth(600), expected_cost_of_corruption(eth(1_000), u));
        assert_eq!(ratio(0.0), 0.6);
        assert_eq!(ratio(0.5), 1.2);
        assert_eq!(corruption_ratio(eth(1), 0), f64::INFINITY);
    }
}
