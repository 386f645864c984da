//! The timeline's events grouped under the cascade steps, and the small operators drawn as one
//! group node (plain functions), with the command that expands or groups them.

use leptos::prelude::*;
use restake_engine::{CascadeStep, Event, Network, NodeRef};

use super::{AppState, LogEntry};

/// Events shown under each cascade step in the timeline.
pub const TIMELINE_PER_STEP: usize = 12;

/// Operators shown one by one before the smaller ones are grouped into one node, when a
/// scenario has more than [`GROUP_ABOVE`].
pub const KEEP_OPERATORS: usize = 10;

pub const GROUP_ABOVE: usize = 12;

/// The events of one cascade step (or of none, `step: None`) for the timeline: how many, and
/// the first [`TIMELINE_PER_STEP`].
#[derive(Clone, Debug, PartialEq)]
pub struct StepGroup {
    pub step: Option<CascadeStep>,
    pub count: usize,
    pub entries: Vec<LogEntry>,
}

/// The events of `events` grouped under the six steps in order, then the notes without a step;
/// `generation` goes into each entry's key.
pub fn group_by_step(events: &[Event], generation: u32) -> Vec<StepGroup> {
    let slots = CascadeStep::ALL.map(Some).into_iter().chain([None]);
    slots
        .map(|step| {
            let mut count = 0;
            let mut entries = Vec::new();
            for (i, e) in events.iter().enumerate().filter(|(_, e)| e.step == step) {
                count += 1;
                if entries.len() < TIMELINE_PER_STEP {
                    entries.push(LogEntry {
                        key: (generation, i),
                        event: e.clone(),
                    });
                }
            }
            StepGroup {
                step,
                count,
                entries,
            }
        })
        .collect()
}

/// Operators beyond the [`KEEP_OPERATORS`] largest (by value), when `g` has more than
/// [`GROUP_ABOVE`]; else none. Ties keep graph order.
pub fn small_operators(g: &Network) -> Vec<NodeRef> {
    let mut ops: Vec<(usize, u128, NodeRef)> = g
        .node_weights()
        .enumerate()
        .filter(|(_, n)| matches!(n.node, NodeRef::Operator(_)))
        .map(|(i, n)| (i, n.value_wei, n.node))
        .collect();
    if ops.len() <= GROUP_ABOVE {
        return Vec::new();
    }
    ops.sort_by_key(|(i, v, _)| (std::cmp::Reverse(*v), *i));
    let mut small: Vec<(usize, NodeRef)> = ops[KEEP_OPERATORS..]
        .iter()
        .map(|(i, _, n)| (*i, *n))
        .collect();
    small.sort_by_key(|(i, _)| *i);
    small.into_iter().map(|(_, n)| n).collect()
}

impl AppState {
    /// Shows the small operators one by one, or groups them again.
    pub fn toggle_grouping(&self) {
        if self.view.grouped.with_untracked(Vec::is_empty) {
            self.view.grouped.set(self.view.groupable.get_untracked());
        } else {
            self.view.grouped.set(Vec::new());
        }
    }
}
