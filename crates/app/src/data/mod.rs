//! Plain data and functions behind the views, with no reactive or browser dependency, so each is
//! tested natively (`cargo test -p restake-app`).
//!
//! * [`format`]: numbers, amounts and durations as the views write them.
//! * [`chart_data`] and [`chart_data_risk`]: what each chart shows.
//! * [`node_history`]: each node's recent values and each edge's loss flow.
//! * [`aim`]: aimed faults and mitigations.
//! * [`share`]: share links.
//! * [`editor_fields`]: parameter descriptions, applying an edit.
//! * [`monte_carlo`]: runs over seeds, histogram, quantiles; [`position_mc`] the position's.
//! * [`position_draft`]: the position form's text and its checks.
//! * [`playbook_data`]: the rows of the playbook's cards.
//! * [`story`]: the narration folded, its milestones pinned.
//! * [`pacing`]: holds at milestones, fast-forward with a countdown.
//! * [`lesson_data`]: the lesson chapters, their levers, questions and explanations.

pub mod aim;
pub mod chart_data;
pub mod chart_data_risk;
pub mod editor_fields;
pub mod format;
pub mod lesson_data;
pub mod monte_carlo;
pub mod node_history;
pub mod pacing;
pub mod playbook_data;
pub mod position_draft;
pub mod position_mc;
pub mod share;
pub mod story;
