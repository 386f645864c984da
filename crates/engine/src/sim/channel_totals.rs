//! Network totals of the optional risk channels, for the app's readouts and the inspector:
//! slashing ambiguity ([`crate::systems::ambiguity`]), MEV misbehaviour ([`crate::systems::mev`]) and mercenary
//! capital leaving when incentives end ([`crate::systems::incentives`]). A channel the scenario does not
//! turn on is `None`, so views can hide it. Read-only: nothing here changes a run.

use serde::Serialize;

use crate::base::ledger::Asset;
use crate::sim::Sim;

/// Slashing ambiguity so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AmbiguityTotals {
    /// Unjustified slash requests filed by misfiring rules (over-slashing), count.
    pub misfires: u32,
    /// Stake removed from honest operators by executed unjustified slashes, wei.
    pub over_slashed_wei: u128,
    /// Justified slashes an AVS failed to request (under-slashing), count.
    pub missed_slashes: u32,
}

/// MEV misbehaviour so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MevTotals {
    /// MEV taken by misbehaving operators, wei.
    pub captured_wei: u128,
    /// Epochs of misbehaviour, count.
    pub misbehaviours: u32,
    /// Epochs of misbehaviour the AVS caught (each files a slash request), count.
    pub caught: u32,
}

/// Mercenary capital that has left so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MercenaryTotals {
    /// ETH that left: the pool's ETH side the mercenary LPs pulled plus the ETH the mercenary
    /// holders got for the LRT they sold, wei.
    pub exited_eth_wei: u128,
    /// Mercenary LRT sold into the pool, wei of LRT.
    pub lrt_sold_wei: u128,
}

/// The optional channels' totals; `None` for a channel the scenario does not turn on.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RiskChannelTotals {
    /// On when some AVS has an over- or under-slashing rate above 0.
    pub ambiguity: Option<AmbiguityTotals>,
    /// On when some AVS offers MEV (`avss[].mev`).
    pub mev: Option<MevTotals>,
    /// On when some incentive programme brings mercenary LRT or pool depth.
    pub mercenary: Option<MercenaryTotals>,
}

impl RiskChannelTotals {
    /// True when no optional channel is on.
    pub fn is_empty(&self) -> bool {
        self.ambiguity.is_none() && self.mev.is_none() && self.mercenary.is_none()
    }
}

/// The totals of `sim` at its current block.
pub fn of(sim: &Sim) -> RiskChannelTotals {
    let s = sim.scenario();
    let w = sim.world();
    let t = &w.totals;
    let ambiguity = s
        .avss
        .iter()
        .any(|a| a.over_slashing_rate > 0.0 || a.under_slashing_rate > 0.0)
        .then_some(AmbiguityTotals {
            misfires: t.over_slash_requests,
            over_slashed_wei: t.over_slashed,
            missed_slashes: t.missed_slashes,
        });
    let mev = s.avss.iter().any(|a| a.mev.is_some()).then_some(MevTotals {
        captured_wei: t.mev_captured,
        misbehaviours: t.mev_misbehaviours,
        caught: t.mev_caught,
    });
    let with_mercenaries: Vec<_> = s
        .incentives
        .iter()
        .filter(|p| p.mercenary_lrt > 0 || p.mercenary_pool_bps > 0)
        .collect();
    let mercenary = (!with_mercenaries.is_empty()).then(|| {
        let start: u128 = with_mercenaries
            .iter()
            .map(|p| crate::base::units::eth(p.mercenary_lrt))
            .sum();
        let mut out = MercenaryTotals::default();
        let mut held = 0;
        for p in &w.incentives {
            // The mercenaries' account starts without ETH: what it holds came from its sales.
            out.exited_eth_wei += p.lp_eth_pulled + w.ledger.balance(p.mercenaries, Asset::ETH);
            held += w.ledger.balance(p.mercenaries, w.lrts[p.lrt].asset);
        }
        out.lrt_sold_wei = start.saturating_sub(held);
        out
    });
    RiskChannelTotals {
        ambiguity,
        mev,
        mercenary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(preset: &str, blocks: u64) -> (Sim, RiskChannelTotals) {
        let mut sim = Sim::preset(preset, 42).expect("preset");
        let before = of(&sim);
        sim.run(blocks);
        let after = of(&sim);
        // A channel is on or off for the whole run.
        assert_eq!(before.ambiguity.is_some(), after.ambiguity.is_some());
        assert_eq!(before.mev.is_some(), after.mev.is_some());
        assert_eq!(before.mercenary.is_some(), after.mercenary.is_some());
        (sim, after)
    }

    #[test]
    fn channels_the_scenario_does_not_turn_on_are_none() {
        let (_, t) = run("oracle-cascade", 50);
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn slashing_ambiguity_counts_misfires_and_missed_slashes() {
        let (sim, t) = run("slashing-ambiguity", 7_200);
        let a = t.ambiguity.expect("on");
        assert!(a.misfires > 0, "{a:?}");
        assert!(a.missed_slashes > 0, "{a:?}");
        // Honest operators lost stake, and no more than everything slashed.
        assert!(a.over_slashed_wei > 0, "{a:?}");
        assert!(a.over_slashed_wei <= sim.world().totals.slashed);
        assert!(t.mev.is_none() && t.mercenary.is_none());
    }

    #[test]
    fn mev_censorship_counts_captured_mev_and_catches() {
        let (_, t) = run("mev-censorship", 7_200);
        let m = t.mev.expect("on");
        assert!(m.misbehaviours > 0 && m.captured_wei > 0, "{m:?}");
        assert!(m.caught <= m.misbehaviours, "{m:?}");
        assert!(t.ambiguity.is_none());
    }

    #[test]
    fn points_exit_counts_the_capital_that_left() {
        let (_, early) = run("points-exit", 1_000);
        assert_eq!(early.mercenary, Some(MercenaryTotals::default()));
        let (_, t) = run("points-exit", 3_700);
        let m = t.mercenary.expect("on");
        // Half the pool's ETH side was pulled and all 5,000 rsLRT sold over 1,800 blocks.
        assert!(m.exited_eth_wei > crate::base::units::eth(1_000), "{m:?}");
        assert_eq!(m.lrt_sold_wei, crate::base::units::eth(5_000), "{m:?}");
    }
}
