//! What the playbook view shows of the user's position, as plain data built from the engine's
//! [`PositionOutcome`] (`docs/PLAYBOOK.md` explains every number): loss by channel, the yield
//! stack, the alerts with what triggered them, and the mock exit route by route. Tested
//! natively; the views in [`crate::views::position_outcome_view`], [`crate::views::alerts_view`] and
//! [`crate::views::exit_view`] only lay these rows out.

use restake_engine::alerts::AlertKind;
use restake_engine::exit::{ExitPlan, Route};
use restake_engine::outcome::PositionOutcome;
use restake_engine::position::AlertThresholds;
use restake_engine::Sim;

/// The outcome of the run so far and what the views need beside it from the run.
#[derive(Clone, Debug, PartialEq)]
pub struct PositionReport {
    pub outcome: PositionOutcome,
    /// Per alert of `outcome.alerts`: the alert's condition in words, with its threshold.
    pub conditions: Vec<String>,
    /// Per alert of `outcome.alerts`: the first narrated event of the block it fired at (what
    /// triggered it), if the log has one.
    pub triggers: Vec<Option<String>>,
}

impl PositionReport {
    /// The report of `outcome`, read at `sim`'s current block.
    pub fn new(outcome: PositionOutcome, sim: &Sim) -> PositionReport {
        let thresholds = sim
            .scenario()
            .position
            .as_ref()
            .map(|p| p.alerts.clone())
            .unwrap_or_default();
        let events = sim.events();
        let triggers = outcome
            .alerts
            .iter()
            .map(|a| {
                let b = a.block?;
                // The log is in block order.
                let from = events.partition_point(|e| e.block < b);
                events
                    .get(from)
                    .filter(|e| e.block == b)
                    .map(|e| e.text.clone())
            })
            .collect();
        let conditions = outcome
            .alerts
            .iter()
            .map(|a| condition(a.kind, &thresholds))
            .collect();
        PositionReport {
            outcome,
            conditions,
            triggers,
        }
    }
}

/// The condition of alert `kind` in words, with its threshold.
pub fn condition(kind: AlertKind, t: &AlertThresholds) -> String {
    let pct = |bps: Option<u32>| format!("{:.2}%", bps.unwrap_or(0) as f64 / 100.0);
    match kind {
        AlertKind::SlashingEvent => {
            "a slash requested against (or executed on) an operator your stake or LRT is delegated to".into()
        }
        AlertKind::PriceGap => format!(
            "an LRT you hold trades {} or more below its NAV",
            pct(t.price_gap_bps)
        ),
        AlertKind::OracleDeviation => format!(
            "an oracle AVS your operators serve posts an outlier, or a market you use prices your LRT {} or more away from NAV",
            pct(t.oracle_deviation_bps)
        ),
        AlertKind::GovernanceChange => {
            "an LRT withdrawal pause, an AVS upgrade, capture or veto switch-off, or a lender action in your stack".into()
        }
    }
}

pub use crate::data::chart_data::eth;

/// ETH with two decimals and thousands separators: "1,234.56".
pub fn eth_text(v: f64) -> String {
    let sign = if v < 0.0 { "−" } else { "" };
    let cents = (v.abs() * 100.0).round() as u64;
    format!(
        "{sign}{}.{:02}",
        crate::data::format::grouped(cents / 100),
        cents % 100
    )
}

/// What a row of the loss table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// Adds to the net loss.
    Loss,
    /// Taken off the net loss.
    Recovery,
    /// Part of a row above, said for information (not added again).
    Detail,
    /// The net loss.
    Total,
}

/// One row of the loss-by-channel table.
#[derive(Clone, Debug, PartialEq)]
pub struct LossRow {
    pub label: String,
    pub eth: f64,
    pub kind: RowKind,
    /// What the channel is, in plain words.
    pub help: &'static str,
}

/// The loss by channel of `o`, in the order of `docs/PLAYBOOK.md`, then the net loss. The
/// losses less the recoveries equal the net loss (up to rounding to display).
pub fn loss_rows(o: &PositionOutcome) -> Vec<LossRow> {
    let c = &o.channels;
    let row = |label: &str, wei: u128, kind: RowKind, help: &'static str| LossRow {
        label: label.into(),
        eth: eth(wei),
        kind,
        help,
    };
    let mut rows = vec![row(
        "Slashing (EigenLayer)",
        c.slashing,
        RowKind::Loss,
        "what AVS slashes took from your stake and your share of your LRTs' backing",
    )];
    rows.extend(c.slashing_by_avs.iter().map(|(avs, wei)| {
        row(
            &format!("  by {avs}"),
            *wei,
            RowKind::Detail,
            "part of the slashing above, by the AVS that slashed",
        )
    }));
    rows.extend([
        row("Correlation penalty (Ethereum)", c.correlation_penalty, RowKind::Loss,
            "Ethereum's own penalties: initial slashing penalty, correlation penalty, missed attestations, inactivity leak"),
        row("Depeg", c.depeg, RowKind::Loss,
            "how much less your LRT fetches at the pool's price than at its NAV now"),
        row("Liquidation", c.liquidation, RowKind::Loss,
            "collateral of your loops seized (at NAV) less the debt it repaid"),
        row("Bad debt socialised", c.bad_debt, RowKind::Loss,
            "your pro-rata share of bad debt in markets you lend to"),
        row("Insurance paid", c.insurance_paid, RowKind::Recovery,
            "what your cover pays back"),
        row("  insurance shortfall", c.insurance_shortfall, RowKind::Detail,
            "covered loss your cover did not pay because its capital ran out (already in the losses above)"),
        row("LRT cover recovered", c.lrt_cover_recovered, RowKind::Recovery,
            "your share of what your LRT's own cover pool paid into its backing"),
        row("Net loss", o.net_loss_wei, RowKind::Total,
            "the losses less the recoveries, at market prices"),
    ]);
    rows
}

/// One row of the yield stack.
#[derive(Clone, Debug, PartialEq)]
pub struct YieldRow {
    pub label: &'static str,
    pub before_shock_eth: Option<f64>,
    pub run_eth: f64,
}

/// The yield stack of `o`: staking and AVS rewards before the shock and over the run so far,
/// the cover premium paid, and the AVS rewards per year.
pub fn yield_rows(o: &PositionOutcome) -> Vec<YieldRow> {
    let y = &o.yield_stack;
    vec![
        YieldRow {
            label: "Base staking (net of LST fees)",
            before_shock_eth: Some(eth(y.base_staking_before_shock)),
            run_eth: eth(y.base_staking),
        },
        YieldRow {
            label: "AVS rewards (restaking premium)",
            before_shock_eth: Some(eth(y.avs_rewards_before_shock)),
            run_eth: eth(y.avs_rewards),
        },
        YieldRow {
            label: "Cover premium paid",
            before_shock_eth: None,
            run_eth: -eth(y.cover_premium),
        },
        YieldRow {
            label: "AVS rewards per year at this rate",
            before_shock_eth: None,
            run_eth: eth(y.avs_rewards_per_year),
        },
    ]
}

/// Yield earned less the net loss and the cover premium, ETH (negative: the tail cost more
/// than the yield paid).
pub fn net_result_eth(o: &PositionOutcome) -> f64 {
    -(o.loss_after_yield_wei as f64) / 1e18
}

/// One alert as the alerts list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertRow {
    pub label: &'static str,
    pub condition: String,
    /// Block it fired at and the simulated time then; `None` while it has not fired.
    pub block: Option<u64>,
    pub time: Option<String>,
    pub trigger: Option<String>,
    /// ETH leaving at that block fetches minus what holding fetches now.
    pub saved_eth: f64,
    pub exit_eth: f64,
    pub hold_eth: f64,
}

/// The alerts of `r`, the fired ones first in block order, then those that have not fired.
pub fn alert_rows(r: &PositionReport) -> Vec<AlertRow> {
    let mut rows: Vec<AlertRow> = r
        .outcome
        .alerts
        .iter()
        .enumerate()
        .map(|(i, a)| AlertRow {
            label: a.kind.label(),
            condition: r.conditions.get(i).cloned().unwrap_or_default(),
            block: a.block,
            time: a.block.map(crate::data::format::sim_time),
            trigger: r.triggers.get(i).cloned().flatten(),
            saved_eth: if a.block.is_some() {
                a.saved_wei as f64 / 1e18
            } else {
                0.0
            },
            exit_eth: eth(a.exit_value_wei),
            hold_eth: eth(a.hold_value_wei),
        })
        .collect();
    rows.sort_by_key(|a| a.block.unwrap_or(u64::MAX));
    rows
}

/// Days in words: "now", "14.0 d", or "blocked (no known end)".
pub fn days_text(days: Option<f64>) -> String {
    match days {
        None => "blocked (no known end)".into(),
        Some(d) if d <= 0.0 => "now".into(),
        Some(d) => format!("{d:.1} d"),
    }
}

/// One route of one holding, in calm and under stress.
#[derive(Clone, Debug, PartialEq)]
pub struct ExitRow {
    pub holding: String,
    /// "fast" or "patient".
    pub which: &'static str,
    pub how: &'static str,
    pub normal: Option<RouteCell>,
    pub stress: Option<RouteCell>,
}

/// One route's numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteCell {
    pub eth: f64,
    /// Days until the ETH is in hand; `None` when blocked with no known end.
    pub days: Option<f64>,
    /// What slows it or costs: slippage, queue ahead, exit churn, a pause.
    pub detail: String,
}

fn cell(r: &Route) -> RouteCell {
    let mut parts = Vec::new();
    if let Some(bps) = r.slippage_bps {
        parts.push(format!("{:.2}% below NAV", bps as f64 / 100.0));
    }
    if r.queue_ahead_wei > 0 {
        parts.push(format!(
            "queue ahead {} ETH",
            eth_text(eth(r.queue_ahead_wei))
        ));
    }
    if r.churn_days > 0.0 {
        parts.push(format!("exit churn {:.1} d", r.churn_days));
    }
    if r.paused {
        parts.push("withdrawals paused".into());
    }
    RouteCell {
        eth: eth(r.eth_wei),
        days: r.days,
        detail: parts.join(", "),
    }
}

/// Every holding's routes in calm (`normal`) beside the same under stress, matched by holding
/// name (a holding may exist in one plan only, e.g. a loop liquidated away).
pub fn exit_rows(normal: &ExitPlan, stress: &ExitPlan) -> Vec<ExitRow> {
    let mut holdings: Vec<&str> = normal.legs.iter().map(|l| l.holding.as_str()).collect();
    for l in &stress.legs {
        if !holdings.contains(&l.holding.as_str()) {
            holdings.push(&l.holding);
        }
    }
    let mut rows = Vec::new();
    for h in holdings {
        let n = normal.legs.iter().find(|l| l.holding == h);
        let s = stress.legs.iter().find(|l| l.holding == h);
        let how = |pick: fn(&restake_engine::exit::ExitLeg) -> Option<&Route>| {
            n.and_then(pick).or_else(|| s.and_then(pick)).map(|r| r.how)
        };
        if let Some(how) = how(|l| Some(&l.fast)) {
            rows.push(ExitRow {
                holding: h.to_string(),
                which: "fast",
                how,
                normal: n.map(|l| cell(&l.fast)),
                stress: s.map(|l| cell(&l.fast)),
            });
        }
        if let Some(how) = how(|l| l.patient.as_ref()) {
            rows.push(ExitRow {
                holding: h.to_string(),
                which: "patient",
                how,
                normal: n.and_then(|l| l.patient.as_ref()).map(cell),
                stress: s.and_then(|l| l.patient.as_ref()).map(cell),
            });
        }
    }
    rows
}

/// Days the whole position takes to leave taking each holding's route that fetches the most,
/// in calm and under stress (`None`: blocked); the mock exit's headline.
pub fn exit_days(o: &PositionOutcome) -> (Option<f64>, Option<f64>) {
    (o.exit_normal.best_days, o.exit_stress.best_days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::outcome::PositionTracker;

    /// `preset` run for `blocks` blocks with its position tracked, and the report at the end.
    fn report(preset: &str, blocks: u64) -> PositionReport {
        let mut sim = Sim::preset(preset, 42).expect("preset");
        let mut t = PositionTracker::new(&sim).expect("a path preset places a position");
        for _ in 0..blocks {
            sim.step();
            t.observe(&sim);
        }
        PositionReport::new(t.finish(&sim), &sim)
    }

    #[test]
    fn the_channels_less_the_recoveries_add_up_to_the_net_loss() {
        let r = report("path-lrt", 4_500);
        let rows = loss_rows(&r.outcome);
        let sum: f64 = rows
            .iter()
            .map(|x| match x.kind {
                RowKind::Loss => x.eth,
                RowKind::Recovery => -x.eth,
                _ => 0.0,
            })
            .sum();
        let net = rows.last().expect("net row");
        assert_eq!(net.kind, RowKind::Total);
        assert!(
            net.eth > 10.0,
            "path-lrt loses after the slash: {}",
            net.eth
        );
        assert!((sum - net.eth).abs() < 1e-6, "{sum} vs {}", net.eth);
        assert!(rows.iter().any(|x| x.label.contains("by PriceFeed Oracle")));
        // The yield before the shock is part of the yield over the run.
        for y in yield_rows(&r.outcome) {
            if let Some(b) = y.before_shock_eth {
                assert!(b <= y.run_eth + 1e-12 && b > 0.0, "{}", y.label);
            }
        }
    }

    #[test]
    fn alerts_are_listed_in_block_order_with_their_trigger_and_saving() {
        let r = report("path-lrt", 4_500);
        let rows = alert_rows(&r);
        assert_eq!(rows.len(), 4, "path-lrt watches all four alerts");
        let fired: Vec<&AlertRow> = rows.iter().filter(|a| a.block.is_some()).collect();
        assert!(!fired.is_empty());
        assert!(fired.windows(2).all(|w| w[0].block <= w[1].block));
        let first = fired[0];
        assert!(first.saved_eth > 0.0, "selling at the first alert saves");
        assert!(
            first.trigger.is_some(),
            "the log has an event at that block"
        );
        assert!(first.time.is_some());
        assert!(rows
            .iter()
            .find(|a| a.label == "price gap")
            .is_some_and(|a| a.condition.contains("1.00%")));
    }

    #[test]
    fn the_exit_under_stress_is_slower_or_fetches_less_than_in_calm() {
        let r = report("path-lrt", 4_500);
        let o = &r.outcome;
        let rows = exit_rows(&o.exit_normal, &o.exit_stress);
        let fast = rows
            .iter()
            .find(|x| x.which == "fast")
            .expect("a fast route");
        let (n, s) = (fast.normal.as_ref().unwrap(), fast.stress.as_ref().unwrap());
        assert_eq!(fast.how, "pool");
        assert!(s.eth < n.eth, "the pool pays less under stress");
        assert!(s.detail.contains("below NAV"));
        let patient = rows.iter().find(|x| x.which == "patient").expect("queue");
        assert_eq!(patient.how, "queue");
        assert_eq!(days_text(Some(0.0)), "now");
        assert_eq!(days_text(None), "blocked (no known end)");
        assert_eq!(days_text(Some(14.04)), "14.0 d");
        let (calm, stress) = exit_days(o);
        assert!(calm.is_some());
        assert!(stress.is_none_or(|s| s >= calm.unwrap()));
    }

    #[test]
    fn eth_text_groups_and_rounds() {
        assert_eq!(eth_text(1234.567), "1,234.57");
        assert_eq!(eth_text(-0.004), "−0.00");
        assert_eq!(eth_text(0.5), "0.50");
    }
}
