//! Presets for the channels of issue 8, each the `oracle-cascade` network with one channel on:
//! slashing ambiguity ([`crate::ambiguity`]), MEV for misbehaviour ([`crate::mev`]) and points
//! whose mercenary capital leaves when they end ([`crate::incentives`]). The rates and sizes are
//! teaching assumptions chosen so that each channel shows within a day of blocks, not
//! measurements.

use crate::redflags::IncentiveParams;
use crate::scenario::*;

use super::oracle_cascade;

fn avs_mut<'a>(s: &'a mut Scenario, name: &str) -> &'a mut AvsParams {
    s.avss
        .iter_mut()
        .find(|a| a.name == name)
        .expect("an AVS of oracle-cascade")
}

/// `slashing-ambiguity`: vague slashing rules. The Event Oracle's rule misfires on an honest
/// operator 1% of epochs (about twice a day) with no veto committee; the DA Layer's rule misfires
/// 0.5% of epochs but its 5-of-9 committee judges each request; the PriceFeed Oracle misses half
/// of the real faults (its outlier signers at block 300) and the Fast Bridge half of any, which
/// halves their expected cost of corruption.
pub fn slashing_ambiguity() -> Scenario {
    let mut s = oracle_cascade();
    s.name = "slashing-ambiguity".into();
    s.description = "Vague slashing rules in both directions. Over-slashing: the Event Oracle's rule misfires on an honest operator about twice a day and nobody can veto it, so the operator's delegators and the LRT lose stake for nothing; the DA Layer's rule misfires too, but its veto committee cancels most of those requests. Under-slashing: the PriceFeed Oracle misses half of the real faults (some outlier signers at block 300 go unpunished) and the Fast Bridge would too, so corrupting either costs half as much in expectation: watch the insecure AVSs count.".into();
    avs_mut(&mut s, "Event Oracle").over_slashing_rate = 0.01;
    let da = avs_mut(&mut s, "DA Layer");
    da.over_slashing_rate = 0.005;
    da.veto = Some(VetoParams {
        members: 9,
        quorum: 5,
        window_blocks: 3_600,
        p_veto_unjustified: 0.85,
        p_veto_justified: 0.05,
    });
    avs_mut(&mut s, "PriceFeed Oracle").under_slashing_rate = 0.5;
    avs_mut(&mut s, "Fast Bridge").under_slashing_rate = 0.5;
    s
}

/// `mev-censorship`: the Rollup Sequencer pays 1 ETH a block to an operator that censors for a
/// searcher, and catches a censoring operator 1% of epochs with a 5% slash. Operators whose
/// expected slash (1% x 5% x stake) is below 32 ETH an epoch, those under 64,000 ETH of stake
/// (Delta Validators, Fjord Node, Juniper Ops), censor half the epochs; under shared security
/// each caught one loses 5% of its whole stake, which also secured every other AVS.
pub fn mev_censorship() -> Scenario {
    let mut s = oracle_cascade();
    s.name = "mev-censorship".into();
    s.description = "Cross-domain incentives: censoring on the Rollup Sequencer pays 1 ETH a block, and the sequencer catches a censoring operator only 1% of epochs. For the three smaller sequencer operators that gain is larger than their expected slash (their profit from corruption exceeds its expected cost), so they censor; each time they are caught, the 5% slash takes stake that also secured the oracle, the bridges and the DA layer, and the LRT's NAV falls. The two largest operators have too much at stake to bother. No oracle fault: the MEV is the shock.".into();
    s.faults.clear();
    avs_mut(&mut s, "Rollup Sequencer").mev = Some(MevParams {
        opportunity_gwei_per_block: 1_000_000_000,
        detection_probability: 0.01,
        propensity: 0.5,
    });
    s
}

/// `points-exit`: rsLRT's points programme ends at block 1,800 (6 hours in). Half of the pool's
/// liquidity and 5,000 rsLRT were there for the points: the LPs leave at once and the
/// mercenary holders sell over the next 1,800 blocks. At block 4,000, after the capital has
/// gone, a whale sells 15,000 rsLRT over 10 blocks (a pure liquidity shock, as in `whale-exit`
/// but with withdrawals open) into a pool half as deep as in `oracle-cascade`.
pub fn points_exit() -> Scenario {
    let mut s = oracle_cascade();
    s.name = "points-exit".into();
    s.description = "Points-only incentives and mercenary capital: rsLRT pays points until block 1,800, and half of its pool's liquidity and 5,000 rsLRT were there only for them. When the points end, those LPs pull their depth and the mercenary holders sell over six hours. At block 4,000 a whale sells 15,000 rsLRT in two minutes: the same sale moves a pool half as deep much further. Compare by setting incentives[0].mercenary_pool_bps to 0.".into();
    s.faults = vec![FaultSpec {
        at_block: 4_000,
        fault: Fault::WhaleSale {
            lrt: 15_000,
            over_blocks: 10,
            lrt_symbol: None,
        },
    }];
    s.incentives = vec![IncentiveParams {
        points: true,
        ends_at_block: Some(1_800),
        mercenary_lrt: 5_000,
        mercenary_pool_bps: 5_000,
        mercenary_exit_blocks: 1_800,
        ..IncentiveParams::new("rsLRT")
    }];
    s
}
