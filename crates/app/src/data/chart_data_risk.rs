//! Two more chart tabs built from the engine's metrics (issue 4): insurance capacity and payouts
//! per LRT (MODEL.md section 14, "insurance that cannot cover correlated losses"), and hidden
//! leverage (slashable stake summed over all AVSs over the stake underneath) beside the loopers'
//! leverage. Same shapes as [`crate::data::chart_data`]; tested natively.

use restake_engine::metrics::LrtMetrics;
use restake_engine::BlockMetrics;

use crate::data::chart_data::{downsample, eth, Dash, Line, LinePlot, LineStyle, Marker, Panel};

/// `f` of every sampled record as (block, value), leaving out values that are not finite (an
/// unbounded leverage when a loop's equity is gone).
fn finite(points: &[&BlockMetrics], f: impl Fn(&BlockMetrics) -> f64) -> Vec<(f64, f64)> {
    points
        .iter()
        .map(|m| (m.block as f64, f(m)))
        .filter(|(_, v)| v.is_finite())
        .collect()
}

/// True when some LRT of the run has a cover pool (capital, premiums or claims).
pub fn has_insurance(history: &[BlockMetrics]) -> bool {
    history.iter().any(|m| {
        m.lrts.iter().any(|l| {
            l.insurance_capital_wei > 0 || l.insurance_paid_wei > 0 || l.insurance_premiums_wei > 0
        })
    })
}

/// Per LRT with a cover pool (`symbols` in scenario order): the capital left in its pool (what it
/// can still pay) on top, and below the claims it paid (solid) and the covered losses it could
/// not pay (dashed), cumulative, in ETH. Empty when no LRT has a cover pool.
pub fn insurance(history: &[BlockMetrics], symbols: &[String]) -> LinePlot {
    let points = downsample(history);
    let covered: Vec<usize> = (0..symbols.len())
        .filter(|&i| {
            points.iter().any(|m| {
                m.lrts.get(i).is_some_and(|l| {
                    l.insurance_capital_wei > 0
                        || l.insurance_paid_wei > 0
                        || l.insurance_premiums_wei > 0
                })
            })
        })
        .collect();
    let mut capacity = Vec::new();
    let mut payouts = Vec::new();
    for (k, &i) in covered.iter().enumerate() {
        // One line of LRT `i`: its legend label, colour, dash and amount (wei).
        let line = |what: &str, colour: usize, dash: Dash, f: fn(&LrtMetrics) -> u128| Line {
            label: format!("{}: {what}", symbols[i]),
            style: LineStyle {
                colour,
                dash,
                marker: Marker::nth(k + 1),
            },
            points: finite(&points, |m| m.lrts.get(i).map_or(0.0, |l| eth(f(l)))),
        };
        capacity.push(line("cover capital left", 2 * k, Dash::Solid, |l| {
            l.insurance_capital_wei
        }));
        payouts.push(line("claims paid", 2 * k, Dash::Solid, |l| {
            l.insurance_paid_wei
        }));
        payouts.push(line("shortfall (not paid)", 2 * k + 1, Dash::Dashed, |l| {
            l.insurance_shortfall_wei
        }));
    }
    LinePlot {
        panels: vec![
            Panel {
                y_desc: "cover capacity: capital left (ETH)".into(),
                lines: capacity,
                from_zero: true,
                weight: 0.5,
                stacked: false,
            },
            Panel {
                y_desc: "payouts (ETH, cumulative)".into(),
                lines: payouts,
                from_zero: true,
                weight: 0.5,
                stacked: false,
            },
        ],
    }
}

/// Hidden leverage of restaking (slashable stake over all AVSs / stake underneath, "x") on
/// top, the loopers' leverage (collateral value / equity, "x") below, over the run.
pub fn leverage(history: &[BlockMetrics]) -> LinePlot {
    let points = downsample(history);
    let line = |label: &str, colour: usize, f: fn(&BlockMetrics) -> f64| Line {
        label: label.into(),
        style: LineStyle {
            colour,
            dash: Dash::Solid,
            marker: Marker::None,
        },
        points: finite(&points, f),
    };
    let now = |f: fn(&BlockMetrics) -> f64| {
        points
            .last()
            .map(|m| f(m))
            .filter(|v| v.is_finite())
            .map_or("unbounded".to_string(), |v| format!("{v:.2}x"))
    };
    LinePlot {
        panels: vec![
            Panel {
                y_desc: "hidden leverage: slashable stake over all AVSs / stake (x)".into(),
                lines: vec![line(
                    &format!(
                        "Hidden leverage (restaking), now {}",
                        now(|m| m.hidden_leverage)
                    ),
                    0,
                    |m| m.hidden_leverage,
                )],
                from_zero: true,
                weight: 0.5,
                stacked: false,
            },
            Panel {
                y_desc: "loop leverage: collateral / equity (x)".into(),
                lines: vec![line(
                    &format!("Loop leverage (lending), now {}", now(|m| m.loop_leverage)),
                    3,
                    |m| m.loop_leverage,
                )],
                from_zero: true,
                weight: 0.5,
                stacked: false,
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::{presets, Sim};

    #[test]
    fn leverage_follows_the_metrics_and_skips_unbounded_values() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        sim.run(300);
        let last = sim.latest().clone();
        assert!(
            last.hidden_leverage > 1.0,
            "shared security: several AVSs per stake"
        );
        let p = leverage(sim.history());
        assert_eq!(p.panels.len(), 2);
        let hidden = &p.panels[0].lines[0];
        assert_eq!(hidden.points.last(), Some(&(300.0, last.hidden_leverage)));
        assert!(hidden
            .label
            .contains(&format!("{:.2}x", last.hidden_leverage)));
        let mut h = sim.history().to_vec();
        h.last_mut().unwrap().loop_leverage = f64::INFINITY;
        let q = leverage(&h);
        let loops = &q.panels[1].lines[0];
        assert!(loops.points.iter().all(|(_, v)| v.is_finite()));
        assert!(loops.label.ends_with("unbounded"));
    }

    #[test]
    fn insurance_shows_only_lrts_with_a_cover_pool() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        sim.run(50);
        let symbols = vec!["rsLRT".to_string()];
        assert!(
            !has_insurance(sim.history()),
            "no preset LRT has a cover pool"
        );
        assert!(insurance(sim.history(), &symbols)
            .panels
            .iter()
            .all(|p| p.lines.is_empty()));
        // With a cover pool (the editor's default one), the capital is drawn from block 0.
        let mut s = presets::get("oracle-cascade").expect("preset");
        let default = crate::data::editor_fields::OPTIONAL_DEFAULTS
            .iter()
            .find(|(p, _)| *p == "insurance")
            .map(|(_, v)| serde_json::from_str(v).expect("json"))
            .expect("the editor offers a cover pool");
        s.insurance = Some(default);
        let mut sim = Sim::new(s, 42).expect("valid");
        sim.run(50);
        assert!(has_insurance(sim.history()));
        let p = insurance(sim.history(), &symbols);
        assert_eq!(p.panels[0].lines.len(), 1);
        assert_eq!(p.panels[1].lines.len(), 2);
        let capital = p.panels[0].lines[0].points.last().unwrap().1;
        assert_eq!(
            capital,
            eth(sim.latest().lrts[0].insurance_capital_wei),
            "the line ends at the capital left now"
        );
        assert!(capital > 0.0);
    }

    #[test]
    fn cover_run_out_draws_both_pools_running_dry() {
        // The preset whose cover pools run out: one capacity line and two payout lines per LRT;
        // the capacity touches 0 at the slash and the shortfall ends above 0.
        let mut sim = Sim::preset("cover-run-out", 42).expect("preset");
        sim.run(4_000);
        let symbols = vec!["rsLRT".to_string(), "xLRT".to_string()];
        assert!(has_insurance(sim.history()));
        let p = insurance(sim.history(), &symbols);
        assert_eq!(p.panels[0].lines.len(), 2);
        assert_eq!(p.panels[1].lines.len(), 4);
        for (i, l) in sim.latest().lrts.iter().enumerate() {
            assert!(l.insurance_shortfall_wei > 0, "lrt{i}");
            let lowest = sim
                .history()
                .iter()
                .map(|m| m.lrts[i].insurance_capital_wei)
                .min();
            assert_eq!(lowest, Some(0), "lrt{i}: capacity hits 0");
        }
    }
}
