//! The views: one file per panel or card, each a set of `#[component]` functions that take from
//! context only the part of the store they read ([`crate::state::Published`],
//! [`crate::state::RunState`], [`crate::state::StoryState`], [`crate::state::ViewSettings`]), or
//! [`crate::state::AppState`] when they give commands. What a view shows is computed by plain functions in
//! [`crate::data`], tested natively; the network view is its own folder, [`crate::graph_view`].
//!
//! * The run: [`controls`], [`fault_menu`], [`readouts`], [`security_readouts`],
//!   [`channel_readouts`], [`bridge_readouts`] (a bridge exploit's unbacked LRT and the lenders'
//!   loss in ETH and USD), [`avs_gauge`] (on the graph's AVSs), [`inspector`].
//! * Charts: [`chart_tabs`] (the chart panel's tabs), [`chart`] (a tab's chart, drawn with
//!   [`crate::plot`]), [`monte_carlo_view`] (the Monte Carlo tab; [`mc_controls`] what it shares with [`position_mc_view`]), [`mini_chart`] (the small
//!   charts).
//! * The log: [`event_log`] (the cascade progress strip), [`timeline`].
//! * The page: [`toolbar`] (scenario bar and drawer), [`library`], [`editor`], [`compare`],
//!   [`shortcuts`] (with its overlay).
//! * The playbook (`docs/PLAYBOOK.md`): [`position_form`] (the "My position" drawer) and
//!   [`playbook`] (in place of the graph) with its cards [`position_outcome_view`],
//!   [`alerts_view`], [`exit_view`], [`redflags_view`] and [`position_mc_view`].
//! * Lessons: [`lesson_view`] (the panel; the run is [`crate::state::lesson`]).

pub mod alerts_view;
pub mod avs_gauge;
pub mod bridge_readouts;
pub mod channel_readouts;
pub mod chart;
pub mod chart_tabs;
pub mod compare;
pub mod controls;
pub mod editor;
pub mod event_log;
pub mod exit_view;
pub mod fault_menu;
pub mod inspector;
pub mod lesson_view;
pub mod library;
pub mod mc_controls;
pub mod mini_chart;
pub mod monte_carlo_view;
pub mod playbook;
pub mod position_form;
pub mod position_mc_view;
pub mod position_outcome_view;
pub mod readouts;
pub mod redflags_view;
pub mod security_readouts;
pub mod shortcuts;
pub mod timeline;
pub mod toolbar;
