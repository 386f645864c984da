//! What the views show of the run: copies out of the simulation that
//! [`super::AppState::publish`] refreshes after every block run or command. Views read only these
//! signals, never the simulation.

use leptos::prelude::*;
use restake_engine::channel_totals::RiskChannelTotals;
use restake_engine::inspect::NodeDetail;
use restake_engine::redflags::RedFlag;
use restake_engine::sim::AvsSecurity;
use restake_engine::{BlockMetrics, Fault, Network};

use super::{LogEntry, StepGroup};
use crate::data::playbook_data::PositionReport;

/// The published readouts of the run. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct Published {
    pub metrics: RwSignal<BlockMetrics>,
    pub network: RwSignal<Network>,
    /// The last [`super::LOG_LIMIT`] events, oldest first.
    pub log: RwSignal<Vec<LogEntry>>,
    /// Block of the first event of each cascade step, in [`restake_engine::CascadeStep::ALL`] order.
    pub progress: RwSignal<[Option<u64>; 6]>,
    pub scheduled: RwSignal<Vec<(u64, Fault)>>,
    /// What the "Oracle fault" button injects now; `None` without an oracle AVS.
    pub oracle_fault: RwSignal<Option<Fault>>,
    /// One ready-to-inject fault per family ([`restake_engine::Sim::fault_menu`]). Its targets
    /// follow the run (the largest operator can change after a slash), so it is refreshed with
    /// everything else.
    pub fault_menu: RwSignal<Vec<Fault>>,
    /// Cost versus profit of corruption of each AVS, in the engine's AVS order.
    pub avs_security: RwSignal<Vec<AvsSecurity>>,
    pub state_hash: RwSignal<String>,
    /// Bumped whenever the metric history changed, so the chart knows when to redraw.
    pub history_version: RwSignal<u64>,
    /// LRT symbol of the current scenario, for labels ("ETH per rsLRT").
    pub lrt_symbol: RwSignal<String>,
    /// Scenario description, shown in the event log until the first event.
    pub description: RwSignal<String>,
    /// The selected node's detail, refreshed with everything else.
    pub detail: RwSignal<Option<NodeDetail>>,
    /// How far each edge's exposure moved in the last blocks, ETH, in graph edge order.
    pub flows: RwSignal<Vec<f64>>,
    /// The event log grouped under the cascade steps.
    pub timeline: RwSignal<Vec<StepGroup>>,
    /// What the run did to the position so far ([`crate::data::playbook_data`]); `None` without one.
    pub position: RwSignal<Option<PositionReport>>,
    /// The scenario's red flags ([`restake_engine::redflags::evaluate`]), computed once per scenario.
    pub red_flags: RwSignal<Vec<RedFlag>>,
    /// Totals of the optional risk channels (slashing ambiguity, MEV, mercenary capital);
    /// `None` for a channel the scenario does not turn on.
    pub channel_totals: RwSignal<RiskChannelTotals>,
}

impl Published {
    /// Readouts of `sim` as it is at block 0 where they are cheap, empty otherwise (the first
    /// [`super::AppState::publish`] fills them).
    pub(super) fn new(sim: &restake_engine::Sim) -> Published {
        Published {
            metrics: RwSignal::new(sim.latest().clone()),
            network: RwSignal::new(sim.network()),
            log: RwSignal::new(Vec::new()),
            progress: RwSignal::new([None; 6]),
            scheduled: RwSignal::new(Vec::new()),
            oracle_fault: RwSignal::new(None),
            fault_menu: RwSignal::new(Vec::new()),
            avs_security: RwSignal::new(Vec::new()),
            state_hash: RwSignal::new(String::new()),
            history_version: RwSignal::new(0),
            lrt_symbol: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            detail: RwSignal::new(None),
            flows: RwSignal::new(Vec::new()),
            timeline: RwSignal::new(Vec::new()),
            position: RwSignal::new(None),
            red_flags: RwSignal::new(Vec::new()),
            channel_totals: RwSignal::new(RiskChannelTotals::default()),
        }
    }
}
