//! What a run did to the user's position: loss by channel, the yield stack, when each alert
//! fired and what leaving then would have saved, the limits, and the mock exit in calm and under
//! stress; and the same over a Monte Carlo of seeds (median, 95th percentile, worst).
//! `docs/PLAYBOOK.md` explains every number.
//!
//! Loss channels ([`LossChannels`], wei, each at least 0):
//! * slashing by AVS: EigenLayer slashes of the position's stake and its share of its LRTs'
//!   backing (measured at each slash in the pipeline; MODEL.md section 4);
//! * correlation penalty: consensus-layer losses (initial slashing penalty, correlation penalty,
//!   missed attestations, inactivity leak; MODEL.md section 3);
//! * liquidation: collateral seized at NAV less debt repaid, for the position's loops (section 8);
//! * depeg: LRT held or posted valued at the pool price instead of NAV at the last block (section 6);
//! * bad debt: the position's pro-rata share of bad debt in markets it supplies (section 8);
//! * insurance: what the position's own cover pays, and its shortfall when the provider's capital,
//!   shared with other buyers hit by the same correlated loss, runs out (section 1).
//!
//! `other_wei` closes the books: the change of the position's market value not explained by the
//! yield and the channels (redemption fees left in the LRT, the LRT's cover premiums, rounding).

use serde::{Deserialize, Serialize};

use crate::base::units::{mul_div, BLOCKS_PER_DAY, BPS, SECONDS_PER_BLOCK, SECONDS_PER_YEAR, WAD};
use crate::batch::{summarize, wei_to_eth, Summary};
use crate::input::position::{CoverParams, PositionParams};
use crate::input::scenario::{Scenario, ScenarioError};
use crate::readouts::alerts::{self, AlertKind, LimitReport};
use crate::sim::Sim;
use crate::systems::exit::{self, ExitPlan};
use crate::world::World;

/// Loss of the position by channel, wei.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LossChannels {
    /// Per AVS that slashed: (AVS name, wei).
    pub slashing_by_avs: Vec<(String, u128)>,
    pub slashing: u128,
    pub correlation_penalty: u128,
    pub depeg: u128,
    pub liquidation: u128,
    pub bad_debt: u128,
    /// Paid by the position's own cover (a recovery).
    pub insurance_paid: u128,
    /// Covered loss the cover did not pay (part of the net loss).
    pub insurance_shortfall: u128,
    /// The position's share of what the LRT's cover pool paid into its backing (a recovery).
    pub lrt_cover_recovered: u128,
}

/// The yield the position earned, wei.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct YieldStack {
    /// Consensus staking rewards (net of LST fees), over the run and before the first fault.
    pub base_staking: u128,
    pub base_staking_before_shock: u128,
    /// AVS rewards.
    pub avs_rewards: u128,
    pub avs_rewards_before_shock: u128,
    /// Priced LRT incentives: the position's share of what incentive programmes paid into its
    /// LRTs' backing ([`crate::systems::incentives`]; points count 0).
    pub lrt_incentives: u128,
    /// LST protocol fees paid (already taken off `base_staking`).
    pub lst_fees: u128,
    /// Premium of the position's own cover over the run.
    pub cover_premium: u128,
    /// AVS rewards per year at the run's average rate: the restaking premium the tail is
    /// weighed against.
    pub avs_rewards_per_year: u128,
}

/// When one alert fired and what leaving then would have saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertRecord {
    pub kind: AlertKind,
    /// First block the condition held; `None` if it never did.
    pub block: Option<u64>,
    /// ETH leaving at that block fetches (fast routes; stake counted at its value when its
    /// withdrawal completes, or at the last block), wei.
    pub exit_value_wei: u128,
    /// ETH the same routes fetch at the last block (holding), wei.
    pub hold_value_wei: u128,
    /// `exit_value - hold_value`, wei (negative: leaving early cost more than it saved).
    pub saved_wei: i128,
}

/// Everything one run did to the position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PositionOutcome {
    pub seed: u64,
    pub blocks: u64,
    /// Block of the first fault.
    pub shock_block: Option<u64>,
    /// Value at block 0 (NAV), and at the last block at market prices, wei.
    pub start_value_wei: u128,
    pub end_value_wei: u128,
    pub channels: LossChannels,
    /// Sum of the loss channels less the recoveries, wei.
    pub net_loss_wei: u128,
    pub yield_stack: YieldStack,
    /// Net loss less the yield earned, wei (negative: the yield paid for the tail).
    pub loss_after_yield_wei: i128,
    pub other_wei: i128,
    pub alerts: Vec<AlertRecord>,
    /// Limits at block 0.
    pub limits: LimitReport,
    /// The mock exit at block 0, and at the block after the shock where the fast routes
    /// fetch least.
    pub exit_normal: ExitPlan,
    pub exit_stress: ExitPlan,
}

/// An alert being watched: its threshold, the block it fired, and the legs still waiting for
/// their withdrawal to complete (holding name, due block).
#[derive(Clone, Debug)]
struct Watch {
    kind: AlertKind,
    bps: u32,
    block: Option<u64>,
    value: u128,
    due: Vec<(String, u64)>,
}

/// Follows the position block by block over a [`Sim`] (the CLI and the app both use it).
/// `Clone`, so that a view can read the outcome so far ([`Self::finish`] on a copy) and keep
/// following, and a copy kept beside a checkpoint can resume from there.
#[derive(Clone, Debug)]
pub struct PositionTracker {
    params: PositionParams,
    loans: Vec<(u128, u128)>,
    liquidation: u128,
    /// Paid so far by each LRT's cover pool, wei (world order).
    cover_paid: Vec<u128>,
    lrt_cover: u128,
    start_value: u128,
    watches: Vec<Watch>,
    limits: LimitReport,
    exit_normal: ExitPlan,
    exit_stress: Option<ExitPlan>,
}

fn loans(w: &World) -> Vec<(u128, u128)> {
    let st = w.position.as_ref().expect("tracked");
    st.loans
        .iter()
        .map(|&(m, p)| {
            let l = &w.markets[m].positions[p];
            (l.collateral, l.debt)
        })
        .collect()
}

/// Paid so far by each LRT's cover pool, wei (0 for an LRT without one).
fn cover_paid(w: &World) -> Vec<u128> {
    w.insurance
        .iter()
        .map(|i| i.as_ref().map_or(0, |i| i.paid))
        .collect()
}

impl PositionTracker {
    /// Starts at the sim's current block; `None` when its scenario places no position.
    pub fn new(sim: &Sim) -> Option<PositionTracker> {
        let params = sim.scenario().position.clone()?;
        let w = sim.world();
        let st = w.position.as_ref()?;
        let a = &params.alerts;
        let watches = [
            (AlertKind::SlashingEvent, a.slashing_event.then_some(0)),
            (AlertKind::PriceGap, a.price_gap_bps),
            (AlertKind::OracleDeviation, a.oracle_deviation_bps),
            (
                AlertKind::GovernanceChange,
                a.governance_change.then_some(0),
            ),
        ]
        .into_iter()
        .filter_map(|(kind, bps)| {
            bps.map(|bps| Watch {
                kind,
                bps,
                block: None,
                value: 0,
                due: Vec::new(),
            })
        })
        .collect();
        Some(PositionTracker {
            limits: alerts::check_limits(w, &params.limits)?,
            exit_normal: exit::plan(w)?,
            params,
            loans: loans(w),
            liquidation: 0,
            cover_paid: cover_paid(w),
            lrt_cover: 0,
            start_value: st.value_at_nav(w),
            watches,
            exit_stress: None,
        })
    }

    /// Reads the block the sim has just run.
    pub fn observe(&mut self, sim: &Sim) {
        let w = sim.world();
        let st = w.position.as_ref().expect("tracked");
        for (k, now) in loans(w).into_iter().enumerate() {
            let (c0, d0) = self.loans[k];
            let (c1, d1) = now;
            if c1 < c0 {
                let lrt = w.markets[st.loans[k].0].collateral;
                let seized = mul_div(c0 - c1, w.nav(lrt), WAD);
                self.liquidation += seized.saturating_sub(d0.saturating_sub(d1));
            }
            self.loans[k] = now;
        }
        // Each LRT's cover pays its holders pro rata: the position's share of each new payout.
        let paid = cover_paid(w);
        for (i, (&now, &before)) in paid.iter().zip(&self.cover_paid).enumerate() {
            if now > before {
                let units = st.lrt_units(w, i);
                let supply = w.ledger.outstanding(w.lrts[i].asset).max(1);
                self.lrt_cover += mul_div(now - before, units, supply);
            }
        }
        self.cover_paid = paid;
        let plan = exit::plan(w).expect("tracked");
        for watch in &mut self.watches {
            if watch.block.is_none() && alerts::holds(w, watch.kind, watch.bps) {
                watch.block = Some(w.block);
                for leg in &plan.legs {
                    match leg.fast.how {
                        "withdrawal" => {
                            let days = leg.fast.days.unwrap_or(0.0);
                            let due = w.block + (days * BLOCKS_PER_DAY as f64).ceil() as u64;
                            watch.due.push((leg.holding.clone(), due));
                        }
                        _ => watch.value += leg.fast.eth_wei,
                    }
                }
            }
            settle(watch, &plan, Some(w.block));
        }
        if w.first_fault_block.is_some()
            && self
                .exit_stress
                .as_ref()
                .is_none_or(|s| plan.fast_eth_wei < s.fast_eth_wei)
        {
            self.exit_stress = Some(plan);
        }
    }

    /// The outcome of the run so far.
    pub fn finish(mut self, sim: &Sim) -> PositionOutcome {
        let w = sim.world();
        let st = w.position.as_ref().expect("tracked");
        let plan = exit::plan(w).expect("tracked");
        let hold: u128 = plan.legs.iter().map(|l| l.fast.eth_wei).sum();
        let alerts = self
            .watches
            .iter_mut()
            .map(|watch| {
                settle(watch, &plan, None);
                let exit_value = if watch.block.is_some() {
                    watch.value
                } else {
                    hold
                };
                AlertRecord {
                    kind: watch.kind,
                    block: watch.block,
                    exit_value_wei: exit_value,
                    hold_value_wei: hold,
                    saved_wei: exit_value as i128 - hold as i128,
                }
            })
            .collect();
        let slashing_by_avs: Vec<(String, u128)> = st
            .slashed_by_avs
            .iter()
            .enumerate()
            .filter(|(_, &x)| x > 0)
            .map(|(a, &x)| (w.avss[a].name.clone(), x))
            .collect();
        let depeg: u128 = (0..w.lrts.len())
            .map(|i| {
                let gap = w.nav(i).saturating_sub(w.price(i));
                mul_div(st.lrt_units(w, i), gap, WAD)
            })
            .sum();
        let bad_debt: u128 = st
            .supplies
            .iter()
            .map(|&(m, s, all)| mul_div(w.markets[m].bad_debt, s, all.max(1)).min(s))
            .sum();
        let slashing = slashing_by_avs.iter().map(|x| x.1).sum();
        let seconds = (w.block * SECONDS_PER_BLOCK) as u128;
        let (insurance_paid, insurance_shortfall, cover_premium) = match &self.params.insurance {
            Some(c) => cover(c, slashing + st.consensus_loss, self.start_value, seconds),
            None => (0, 0, 0),
        };
        let channels = LossChannels {
            slashing_by_avs,
            slashing,
            correlation_penalty: st.consensus_loss,
            depeg,
            liquidation: self.liquidation,
            bad_debt,
            insurance_paid,
            insurance_shortfall,
            lrt_cover_recovered: self.lrt_cover,
        };
        let gross = slashing + st.consensus_loss + depeg + self.liquidation + bad_debt;
        let net_loss = gross.saturating_sub(insurance_paid + self.lrt_cover);
        let yield_stack = YieldStack {
            base_staking: st.yield_base,
            base_staking_before_shock: st.yield_base_before_shock,
            avs_rewards: st.yield_avs,
            avs_rewards_before_shock: st.yield_avs_before_shock,
            lrt_incentives: st.yield_incentives,
            lst_fees: st.lst_fees,
            cover_premium,
            avs_rewards_per_year: mul_div(st.yield_avs, SECONDS_PER_YEAR as u128, seconds.max(1)),
        };
        let end_value = st.value(w, true);
        let earned = st.yield_base + st.yield_avs + st.yield_incentives;
        let other = end_value as i128 - self.start_value as i128 - earned as i128 + gross as i128
            - self.lrt_cover as i128;
        PositionOutcome {
            seed: sim.seed(),
            blocks: w.block,
            shock_block: w.first_fault_block,
            start_value_wei: self.start_value,
            end_value_wei: end_value,
            channels,
            net_loss_wei: net_loss,
            loss_after_yield_wei: net_loss as i128 + cover_premium as i128 - earned as i128,
            yield_stack,
            other_wei: other,
            alerts,
            limits: self.limits,
            exit_stress: self.exit_stress.unwrap_or_else(|| plan.clone()),
            exit_normal: self.exit_normal,
        }
    }
}

/// Adds to `watch` the value of each leg whose withdrawal completes at `block` (every leg still
/// waiting at the end of the run when `block` is `None`).
fn settle(watch: &mut Watch, plan: &ExitPlan, block: Option<u64>) {
    let value = &mut watch.value;
    watch.due.retain(|(holding, due)| {
        if block.is_some_and(|b| b < *due) {
            return true;
        }
        *value += plan
            .legs
            .iter()
            .find(|l| &l.holding == holding)
            .map_or(0, |l| l.fast.eth_wei);
        false
    });
}

/// The position's own cover: (paid, shortfall, premium), wei. The claim is `covered_bps` of
/// `loss`, at most `cover_eth`; the other buyers lose the same share of their cover as the
/// position lost of its value (a correlated loss) and claim at the same time; the provider pays
/// all claims pro rata out of its capital. The premium is `cover_eth * premium_apr` over the run.
pub fn cover(c: &CoverParams, loss: u128, value: u128, seconds: u128) -> (u128, u128, u128) {
    let cover = crate::base::units::eth(c.cover_eth);
    let claim = mul_div(loss, c.covered_bps as u128, BPS).min(cover);
    let others = mul_div(
        mul_div(
            crate::base::units::eth(c.other_cover_eth),
            loss,
            value.max(1),
        ),
        c.covered_bps as u128,
        BPS,
    );
    let capital = crate::base::units::eth(c.provider_capital_eth);
    let paid = if claim + others <= capital {
        claim
    } else {
        mul_div(claim, capital, claim + others)
    };
    let premium = mul_div(
        cover,
        c.premium_apr_bps as u128 * seconds,
        BPS * SECONDS_PER_YEAR as u128,
    );
    (paid, claim - paid, premium)
}

/// Runs `scenario` (which must place a position) with `seed` for `blocks` blocks, with a bounded
/// history, and returns what it did to the position. `Err` names the field of an invalid
/// scenario, or `position` when it has none.
pub fn run_position(
    scenario: Scenario,
    seed: u64,
    blocks: u64,
) -> Result<PositionOutcome, ScenarioError> {
    let mut sim = Sim::new(scenario, seed)?;
    sim.set_memory_limit(Some(crate::readouts::history::MemoryLimit {
        recent_blocks: 64,
        events: 64,
    }));
    let mut t = PositionTracker::new(&sim).ok_or_else(|| ScenarioError::Invalid {
        path: "position".into(),
        reason: "the scenario places no position".into(),
    })?;
    for _ in 0..blocks {
        sim.step();
        t.observe(&sim);
    }
    Ok(t.finish(&sim))
}

/// Median, 95th percentile and worst of one number over the runs, in ETH.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tail {
    pub median: f64,
    pub p95: f64,
    pub worst: f64,
}

fn tail(values: &[f64]) -> Tail {
    let s: Summary = summarize(values);
    Tail {
        median: s.p50,
        p95: s.p95,
        worst: s.max,
    }
}

/// One alert over the runs: in how many it fired, the median block, the median saved (ETH).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlertSummary {
    pub kind: AlertKind,
    pub fired_in: usize,
    pub median_block: Option<f64>,
    pub saved_eth: Tail,
}

/// The Monte Carlo of a position: tails of the net loss and of each channel (ETH), the yield
/// stack's medians, the alerts, and the stress exit's tails.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PositionSummary {
    pub runs: usize,
    pub start_value_eth: f64,
    pub net_loss_eth: Tail,
    pub loss_after_yield_eth: Tail,
    /// Channel name -> tail, in the order of [`LossChannels`].
    pub channels: Vec<(String, Tail)>,
    /// Per AVS that slashed in any run.
    pub slashing_by_avs: Vec<(String, Tail)>,
    pub base_staking_eth: Tail,
    pub avs_rewards_eth: Tail,
    pub avs_rewards_per_year_eth: Tail,
    /// The position's share of priced LRT incentives ([`YieldStack::lrt_incentives`]).
    pub lrt_incentives_eth: Tail,
    /// p95 net loss over the AVS rewards per year (median): years of restaking premium the tail
    /// costs; `None` without AVS rewards.
    pub years_of_avs_rewards_in_p95: Option<f64>,
    pub alerts: Vec<AlertSummary>,
    pub exit_stress_fast_eth: Tail,
    pub exit_stress_best_days: Tail,
}

/// Summarises runs of the same position (in seed order).
pub fn summarize_runs(runs: &[PositionOutcome]) -> PositionSummary {
    let eth = |f: &dyn Fn(&PositionOutcome) -> u128| -> Tail {
        tail(&runs.iter().map(|r| wei_to_eth(f(r))).collect::<Vec<_>>())
    };
    let c = |r: &PositionOutcome| r.channels.clone();
    let channels: Vec<(String, Tail)> = [
        ("slashing", eth(&|r| c(r).slashing)),
        ("correlation_penalty", eth(&|r| c(r).correlation_penalty)),
        ("depeg", eth(&|r| c(r).depeg)),
        ("liquidation", eth(&|r| c(r).liquidation)),
        ("bad_debt", eth(&|r| c(r).bad_debt)),
        ("insurance_paid", eth(&|r| c(r).insurance_paid)),
        ("insurance_shortfall", eth(&|r| c(r).insurance_shortfall)),
        ("lrt_cover_recovered", eth(&|r| c(r).lrt_cover_recovered)),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_string(), t))
    .collect();
    let mut avs_names: Vec<String> = Vec::new();
    for r in runs {
        for (n, _) in &r.channels.slashing_by_avs {
            if !avs_names.contains(n) {
                avs_names.push(n.clone());
            }
        }
    }
    let slashing_by_avs = avs_names
        .iter()
        .map(|n| {
            let t = eth(&|r| {
                r.channels
                    .slashing_by_avs
                    .iter()
                    .find(|x| &x.0 == n)
                    .map_or(0, |x| x.1)
            });
            (n.clone(), t)
        })
        .collect();
    let net = eth(&|r| r.net_loss_wei);
    let per_year = eth(&|r| r.yield_stack.avs_rewards_per_year);
    let alerts = AlertKind::ALL
        .iter()
        .filter_map(|&kind| {
            let recs: Vec<&AlertRecord> = runs
                .iter()
                .filter_map(|r| r.alerts.iter().find(|a| a.kind == kind))
                .collect();
            if recs.is_empty() {
                return None;
            }
            let fired: Vec<&&AlertRecord> = recs.iter().filter(|a| a.block.is_some()).collect();
            let blocks: Vec<f64> = fired.iter().map(|a| a.block.unwrap_or(0) as f64).collect();
            let saved: Vec<f64> = fired
                .iter()
                .map(|a| a.saved_wei as f64 / WAD as f64)
                .collect();
            Some(AlertSummary {
                kind,
                fired_in: fired.len(),
                median_block: (!blocks.is_empty()).then(|| summarize(&blocks).p50),
                saved_eth: tail(&saved),
            })
        })
        .collect();
    PositionSummary {
        runs: runs.len(),
        start_value_eth: runs.first().map_or(0.0, |r| wei_to_eth(r.start_value_wei)),
        years_of_avs_rewards_in_p95: (per_year.median > 0.0).then(|| net.p95 / per_year.median),
        net_loss_eth: net,
        loss_after_yield_eth: tail(
            &runs
                .iter()
                .map(|r| r.loss_after_yield_wei as f64 / WAD as f64)
                .collect::<Vec<_>>(),
        ),
        channels,
        slashing_by_avs,
        base_staking_eth: eth(&|r| r.yield_stack.base_staking),
        avs_rewards_eth: eth(&|r| r.yield_stack.avs_rewards),
        avs_rewards_per_year_eth: per_year,
        lrt_incentives_eth: eth(&|r| r.yield_stack.lrt_incentives),
        alerts,
        exit_stress_fast_eth: eth(&|r| r.exit_stress.fast_eth_wei),
        exit_stress_best_days: tail(
            &runs
                .iter()
                .map(|r| r.exit_stress.best_days.unwrap_or(f64::INFINITY))
                .collect::<Vec<_>>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_of_the_tracker_reads_the_outcome_so_far_and_resumes_where_it_was_taken() {
        let mut sim = Sim::preset("path-lrt", 42).expect("preset");
        let mut t = PositionTracker::new(&sim).expect("path-lrt places a position");
        let mut kept = None;
        for _ in 0..4_200 {
            sim.step();
            t.observe(&sim);
            if sim.block() == 2_000 {
                kept = Some((sim.checkpoint(), t.clone()));
            }
        }
        let reference = t.clone().finish(&sim);
        // Reading the outcome from a copy leaves the tracker as it was.
        assert_eq!(t.clone().finish(&sim), reference);
        assert!(
            reference.channels.slashing > 0,
            "the slash lands by block 4,200"
        );
        // Back to the checkpoint with the copy taken there, and forward again: the same outcome.
        let (cp, mut resumed) = kept.expect("block 2,000 was passed");
        sim.rewind(&cp).expect("a checkpoint of this run");
        assert_eq!(sim.block(), 2_000);
        while sim.block() < 4_200 {
            sim.step();
            resumed.observe(&sim);
        }
        assert_eq!(resumed.finish(&sim), reference);
    }
}
