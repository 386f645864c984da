//! Presets for the channels of MODEL.md section 14 beyond the canonical cascade, each the
//! `oracle-cascade` network with one channel on: slashing ambiguity ([`crate::systems::ambiguity`]), MEV
//! for misbehaviour ([`crate::systems::mev`]), points whose mercenary capital leaves when they end
//! ([`crate::systems::incentives`]) (issue 8) and cover pools that run out in a correlated slash
//! ([`crate::systems::insurance`], issue 4). The rates and sizes are teaching assumptions chosen so that
//! each channel shows within a day of blocks, not measurements.

use crate::input::scenario::tokens::IncentiveParams;
use crate::input::scenario::*;

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
        feed_fault_leniency: 0.0,
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

/// `cover-run-out`: insurance that cannot cover a correlated loss (MODEL.md section 14). Two LRTs
/// delegate to the same 14 operators: rsLRT (396,000 ETH) buys full cover from a pool with
/// 4,000 ETH of capital, xLRT (half rsLRT's size) buys cover of half of each loss from a pool
/// with 1,500 ETH; both pay 2% a year on the covered backing. Each pool's capital would pay a
/// 10% slash of any one mid-size operator. At block 300 the PriceFeed Oracle's outlier is signed
/// by the four operators that read the same faulty feed, and under shared security each of their
/// slashes takes 10% of their whole stake at once (block 3,900, after the veto window): about
/// 11,500 ETH of rsLRT's backing and 5,700 ETH of xLRT's. Both pools pay out their capital and
/// the rest (the shortfall) is the holders' NAV loss. With ample capital
/// (`insurance.capital_eth` = 20,000) the same slash costs rsLRT's holders nothing; with unique
/// stake each slash takes only the magnitude allocated to the oracle and the 4,000 ETH suffice.
pub fn cover_run_out() -> Scenario {
    let mut s = oracle_cascade();
    s.name = "cover-run-out".into();
    s.description = "Insurance that runs out: rsLRT buys full cover from a pool holding 4,000 ETH and xLRT half cover from one holding 1,500 ETH, enough for one operator's 10% slash. The oracle outlier at block 300 is signed by four operators that read the same feed, and under shared security their slashes hit both LRTs' backing at once: each cover pool pays out all its capital and the rest of the loss (the shortfall) lands on the holders' NAV. Watch the Insurance chart: capital to zero, premiums collected before, paid and shortfall after. Compare with a capital of 20,000 ETH, or with unique stake.".into();
    s.insurance = Some(InsuranceParams {
        capital_eth: 4_000,
        covered_bps: 10_000,
        premium_apr_bps: 200,
    });
    let (lrt, pool, stakers) = half_sized(&s, "xLRT");
    s.extra_lrts.push(ExtraLrtParams {
        lrt,
        pool,
        stakers,
        delegations: s
            .operators
            .iter()
            .map(|o| DelegationParams {
                operator: o.name.clone(),
                eth: o.lrt_delegation_eth / 2,
            })
            .collect(),
        insurance: Some(InsuranceParams {
            capital_eth: 1_500,
            covered_bps: 5_000,
            premium_apr_bps: 200,
        }),
    });
    s
}

/// `lrt-contagion`: contagion beyond the slashed LRT (MODEL.md section 1, step 6; issue 15).
/// A second LRT, cLRT, delegates only to the operators whose oracle feeds do not sign the 15%
/// outlier ([`crate::input::scenario::signed_deviation_bps`] is 0) or that PriceFeed Oracle
/// cannot slash, so the oracle slash never touches its backing; its holders weigh the panic of rsLRT's
/// holders through confidence contagion (weight 0.8, of which half reaches an LRT sharing no
/// slashed operator: `stakers.contagion_weight`, `contagion_floor`; docs/BEHAVIOUR.md). Every
/// AVS ejects an operator slashed elsewhere (`slashed_elsewhere_keep` 0) and every operator
/// leaves an AVS that has slashed a third of its operators (`leave_at_slashed_share`), both
/// after the 14-day deallocation delay. Teaching assumptions, not measurements.
pub fn lrt_contagion() -> Scenario {
    const OUTLIER_BPS: u32 = 1_500;
    let mut s = oracle_cascade();
    s.name = "lrt-contagion".into();
    s.description = "Contagion beyond the slashed LRT: a second LRT, cLRT, is delegated only to operators whose oracle feeds refuse the bad price, so the oracle AVS never slashes them and cLRT's backing never falls, yet its holders read rsLRT's run as news about LRTs and sell too (confidence contagion). The slashing also reshapes the network: every AVS ejects the operators slashed elsewhere and operators leave the oracle AVS that slashed a third of its set, 14 days later (the deallocation delay). Watch cLRT's price against its NAV, and the operator sets over 30 days. Set cLRT's Contagion weight to 0 and it holds its peg.".into();
    let oracle = "PriceFeed Oracle";
    let signs = |o: &OperatorParams| {
        o.allocations.iter().any(|a| a.avs == oracle)
            && o.feed
                .as_ref()
                .is_some_and(|f| crate::input::scenario::signed_deviation_bps(f, OUTLIER_BPS) > 0)
    };
    let clean: Vec<DelegationParams> = s
        .operators
        .iter()
        .filter(|o| o.lrt_delegation_eth > 0 && !signs(o))
        .map(|o| DelegationParams {
            operator: o.name.clone(),
            eth: o.lrt_delegation_eth,
        })
        .collect();
    let (lrt, pool, stakers) = half_sized(&s, "cLRT");
    let mut stakers = stakers;
    stakers.contagion_weight = 0.8;
    stakers.contagion_floor = 0.5;
    s.extra_lrts.push(ExtraLrtParams {
        lrt,
        pool,
        stakers,
        delegations: clean,
        insurance: None,
    });
    for a in &mut s.avss {
        a.slashed_elsewhere_keep = Some(0.0);
    }
    for o in &mut s.operators {
        o.leave_at_slashed_share = Some(1.0 / 3.0);
    }
    s
}

/// A second LRT called `symbol` like `s`'s first, at half its size: the same terms, half the
/// pool on both sides, half the holders and half the supply.
fn half_sized(s: &Scenario, symbol: &str) -> (LrtParams, PoolParams, StakerParams) {
    let mut lrt = s.lrt.clone();
    lrt.symbol = symbol.into();
    let mut pool = s.pool.clone();
    pool.eth_liquidity_eth /= 2;
    pool.lrt_liquidity /= 2;
    let mut stakers = s.stakers.clone();
    stakers.count /= 2;
    stakers.total_lrt /= 2;
    (lrt, pool, stakers)
}
