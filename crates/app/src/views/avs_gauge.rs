//! An AVS's security on the graph: its cost of corruption (the stake an attacker must control
//! and would lose) against its profit from corruption (what corrupting it pays), after the
//! EigenLayer whitepaper, as [`restake_engine::Sim::avs_security`] reports them. A pair of bars
//! left of the AVS's circle, a line of text under it that says the same without colour, the
//! exact numbers in the tooltip, and a key under the AVS column's title.

use leptos::prelude::*;
use restake_engine::sim::AvsSecurity;

use crate::data::format::{compact_pair, grouped_eth};
use crate::graph_view::{status_lines, NodeView, AVS_R_MAX, COLUMN_X};

/// Full length and height of an AVS's security bars, SVG units.
const BAR_W: f64 = 52.0;
const BAR_H: f64 = 5.0;

/// An AVS's security as the graph shows it (from [`restake_engine::Sim::avs_security`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Gauge {
    pub coc_wei: u128,
    pub pfc_wei: u128,
    /// Cost of corruption at least profit from corruption.
    pub secure: bool,
}

impl Gauge {
    pub fn of(s: &AvsSecurity) -> Gauge {
        Gauge {
            coc_wei: s.cost_of_corruption_wei,
            pfc_wei: s.profit_from_corruption_wei,
            secure: s.secure,
        }
    }

    /// Lengths of the cost and profit bars as fractions of the longer one.
    pub fn fractions(&self) -> (f64, f64) {
        let max = self.coc_wei.max(self.pfc_wei);
        if max == 0 {
            return (0.0, 0.0);
        }
        let f = |v: u128| v as f64 / max as f64;
        (f(self.coc_wei), f(self.pfc_wei))
    }

    /// The line under the AVS, readable without colour: "CoC 473k ≥ PfC 150k ETH", or
    /// "✗ CoC 191k < PfC 195k ETH" when insecure.
    pub fn text(&self) -> String {
        let (coc, pfc) = compact_pair(self.coc_wei, self.pfc_wei);
        if self.secure {
            format!("CoC {coc} ≥ PfC {pfc} ETH")
        } else {
            format!("✗ CoC {coc} < PfC {pfc} ETH")
        }
    }

    /// The exact numbers, for the tooltip.
    pub fn detail(&self) -> String {
        format!(
            "Cost of corruption: {} ETH\nProfit from corruption: {} ETH\n{}",
            grouped_eth(self.coc_wei),
            grouped_eth(self.pfc_wei),
            if self.secure {
                "Secure: corrupting it costs at least what it pays."
            } else {
                "INSECURE: corrupting it pays more than the stake an attacker loses."
            }
        )
    }
}

/// The text lines under an AVS: its status when it says something the gauge does not (faulty
/// rounds), then the gauge's line. The second value marks the gauge's line.
pub fn avs_lines(status: &str, gauge: &Gauge) -> Vec<(String, bool)> {
    let mut lines = Vec::new();
    if !(status.starts_with("secured by") || status.starts_with("insecure")) {
        lines.extend(status_lines(status, 0).into_iter().map(|l| (l, false)));
    }
    lines.push((gauge.text(), true));
    lines
}

/// An AVS's pair of bars, left of its circle: cost of corruption above, profit from corruption
/// below, both as fractions of the longer. Red cost bar when the AVS is insecure.
#[component]
pub(crate) fn SecurityBars(x: f64, y: f64, view: RwSignal<NodeView>) -> impl IntoView {
    let left = x - AVS_R_MAX - 6.0 - BAR_W;
    let fractions = move || view.with(|n| n.security.as_ref().map_or((0.0, 0.0), Gauge::fractions));
    let width = move |f: f64| format!("{:.1}", (f * BAR_W).max(1.0));
    view! {
        <g class=move || if view.with(|n| n.security.as_ref().is_some_and(|g| g.secure)) { "gauge secure" } else { "gauge insecure" }>
            <title>{move || view.with(|n| n.security.as_ref().map(Gauge::detail).unwrap_or_default())}</title>
            <rect class="gauge-track" x=left y=y - BAR_H - 1.0 width=BAR_W height=BAR_H />
            <rect class="gauge-track" x=left y=y + 1.0 width=BAR_W height=BAR_H />
            <rect class="gauge-coc" x=left y=y - BAR_H - 1.0 width=move || width(fractions().0) height=BAR_H />
            <rect class="gauge-pfc" x=left y=y + 1.0 width=move || width(fractions().1) height=BAR_H />
        </g>
    }
}

/// What the AVS bars mean, under the AVS column's title (the space above the first AVS is free,
/// and a key next to the bars is read where it is needed).
#[component]
pub(crate) fn SecurityKey() -> impl IntoView {
    let left = COLUMN_X[0] - AVS_R_MAX - 6.0 - BAR_W;
    let row = |y: f64, class: &'static str, text: &'static str| {
        view! {
            <rect class=class x=left y=y - BAR_H - 1.0 width=BAR_W * 0.45 height=BAR_H />
            <text class="key-text" x=left + BAR_W * 0.45 + 5.0 y=y>{text}</text>
        }
    };
    view! {
        <g class="security-key gauge secure" aria-hidden="true">
            {row(46.0, "gauge-coc", "CoC: cost of corruption")}
            {row(62.0, "gauge-pfc", "PfC: profit from corruption")}
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph_view::node_views;
    use restake_engine::Sim;

    #[test]
    fn avs_gauges_follow_avs_security() {
        let sim = Sim::preset("oracle-cascade", 42).expect("preset");
        let sec = sim.avs_security();
        let views = node_views(
            &crate::graph_view::model::build(&sim.network(), &[], &[]),
            &sec,
        );
        let gauges: Vec<&Gauge> = views.iter().filter_map(|v| v.security.as_ref()).collect();
        assert_eq!(gauges.len(), sec.len());
        assert_eq!(gauges[2].coc_wei, sec[2].cost_of_corruption_wei);
        assert!(views
            .iter()
            .filter(|v| v.kind == "operator")
            .all(|v| v.security.is_none()));

        let eth = restake_engine::units::WEI_PER_ETH;
        let insecure = Gauge {
            coc_wei: 191_000 * eth,
            pfc_wei: 195_000 * eth,
            secure: false,
        };
        assert_eq!(insecure.text(), "✗ CoC 191k < PfC 195k ETH");
        assert_eq!(insecure.fractions().1, 1.0);
        assert_eq!(
            avs_lines("1 faulty round(s)", &insecure),
            vec![
                ("1 faulty round(s)".to_string(), false),
                (insecure.text(), true)
            ]
        );
        assert_eq!(avs_lines("secured by 472,866 ETH", &insecure).len(), 1);
    }
}
