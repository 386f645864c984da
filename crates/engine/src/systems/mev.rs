//! MEV and cross-domain incentives: operators who take a gain elsewhere by misbehaving on an
//! AVS (censoring a sequencer's or a bridge's transactions, reordering an oracle's updates) and
//! so raise their chance of being slashed there (MODEL.md section 14, "MEV / cross-domain
//! incentive conflicts"; the seed articles' cost of corruption versus profit from corruption,
//! MODEL.md section 5, applied to one operator).
//!
//! Scenario `avss[].mev` (default `null`: nobody is tempted). Once per epoch, for each AVS that
//! offers MEV and each operator registered with it, in operator order:
//!
//! * gain (profit from corruption for one epoch) = `opportunity_gwei_per_block * 32` gwei;
//! * expected slash (expected cost of corruption) = `detection_probability * (1 -
//!   under_slashing_rate) * slash_bps * slashable stake` ([`expected_slash`]);
//! * where the gain is larger, the operator misbehaves with probability `propensity`: the gain
//!   is minted to the MEV account (value taken from users outside the model, as rewards are
//!   minted), and with probability `detection_probability` the AVS catches it and requests a
//!   justified slash ([`crate::systems::faults::request_slashes`], which applies the AVS's under-slashing
//!   rate and veto window). Under shared security that slash takes stake every other AVS of the
//!   operator relies on: the conflict spreads across domains.
//!
//! An operator with a slash request of the AVS pending waits for it. Draws come from their own
//! stream ([`crate::base::rng::Purpose::Mev`]); an operator for whom misbehaving does not pay draws
//! nothing.

use crate::base::ledger::Asset;
use crate::base::rng::chance;
use crate::base::units::{mul_div, BLOCKS_PER_EPOCH, WAD, WEI_PER_GWEI};
use crate::input::scenario::MevParams;
use crate::world::events::{EventLog, Happening};
use crate::world::World;

/// Gain of one epoch of misbehaviour on an AVS offering `mev`, wei.
pub fn epoch_gain(mev: &MevParams) -> u128 {
    mev.opportunity_gwei_per_block as u128 * BLOCKS_PER_EPOCH as u128 * WEI_PER_GWEI
}

/// Expected slash of one epoch of misbehaviour, wei: `detection_probability * (1 -
/// under_slashing_rate) * slash_wad / 1e18 * slashable` (the operator's expected cost of
/// corruption). The float is behaviour (a probability), the amounts are wei.
pub fn expected_slash(
    mev: &MevParams,
    under_slashing_rate: f64,
    slash_wad: u128,
    slashable: u128,
) -> u128 {
    let at_risk = mul_div(slashable, slash_wad, WAD);
    let p = mev.detection_probability.clamp(0.0, 1.0) * (1.0 - under_slashing_rate.clamp(0.0, 1.0));
    (at_risk as f64 * p) as u128
}

/// Phase 5, once per epoch: operators decide whether to misbehave for MEV (see the module doc).
pub fn decide(w: &mut World, log: &mut EventLog) {
    if !w.block.is_multiple_of(BLOCKS_PER_EPOCH) {
        return;
    }
    for a in 0..w.avss.len() {
        let Some(mev) = w.avss[a].mev.clone() else {
            continue;
        };
        let gain = epoch_gain(&mev);
        for op in 0..w.operators.len() {
            if !w.operators[op].is_registered(a)
                || w.slash_requests
                    .iter()
                    .any(|r| r.avs == a && r.operator == op)
            {
                continue;
            }
            let slashable = w.operators[op].slashable_stake(&w.ledger, a, w.model);
            let cost = expected_slash(
                &mev,
                w.avss[a].under_slashing_rate,
                w.avss[a].slash_wad,
                slashable,
            );
            if gain <= cost {
                continue;
            }
            let rng = w.streams.mev.as_mut().expect("stream of a used channel");
            if !chance(rng, mev.propensity) {
                continue;
            }
            let caught = chance(rng, mev.detection_probability);
            let account = w.mev_account.expect("opened with the channel");
            w.ledger.mint(account, Asset::ETH, gain);
            w.totals.mev_captured += gain;
            w.totals.mev_misbehaviours += 1;
            if w.totals.mev_misbehaviours == 1 || caught {
                log.report(Happening::MevMisbehaviour {
                    operator: op,
                    avs: a,
                    gain_wei: gain,
                    expected_slash_wei: cost,
                    caught_slash_wad: caught.then_some(w.avss[a].slash_wad),
                });
            }
            if caught {
                w.totals.mev_caught += 1;
                let wad = w.avss[a].slash_wad;
                crate::systems::faults::request_slashes(w, a, &[op], wad, true, log);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::units::eth;

    #[test]
    fn gain_and_expected_slash_reference_values() {
        let mev = MevParams {
            opportunity_gwei_per_block: 50_000_000, // 0.05 ETH a block
            detection_probability: 0.5,
            propensity: 1.0,
        };
        assert_eq!(epoch_gain(&mev), eth(16) / 10); // 1.6 ETH an epoch
                                                    // 10% slash of 1,000 ETH, caught half the time: 50 ETH expected.
        assert_eq!(expected_slash(&mev, 0.0, WAD / 10, eth(1_000)), eth(50));
        // Half the faults missed: 25 ETH.
        assert_eq!(expected_slash(&mev, 0.5, WAD / 10, eth(1_000)), eth(25));
        // A 20-ETH allocation under unique stake: 1 ETH expected, below the 1.6 ETH gain.
        assert!(expected_slash(&mev, 0.0, WAD / 10, eth(20)) < epoch_gain(&mev));
    }
}
