//! # restake-engine
//!
//! A deterministic agent engine for restaking contagion: how one oracle fault travels through
//! slashing, an LRT's NAV and peg, a Curve StableSwap pool, leveraged lending loops and
//! governance (`docs/MODEL.md` is the model as implemented; a module that cites "MODEL.md section 4" means
//! section 4 of that file, and each module also cites its primary sources).
//!
//! * Pure Rust: no I/O, no clock, no threads; compiles to native and `wasm32-unknown-unknown`.
//! * Discrete blocks of 12 s; [`pipeline::step`] runs one block in a fixed phase order.
//! * Money is integer (wei) and moves only through [`ledger::Ledger`].
//! * All randomness comes from seeded ChaCha8 streams, one per purpose ([`rng`]).
//!
//! Start at [`Sim`]: `Sim::preset("oracle-cascade", 42)?.run(1_000)`.

pub mod base;
pub mod input;
pub mod model;
pub mod readouts;
pub mod systems;

pub mod batch;
mod build;
pub mod invariants;
pub mod outcome;
pub mod pipeline;
pub mod sim;
pub mod world;

// The public API surface: the modules keep their pre-tier paths (`restake_engine::units`, ...)
// for the CLI, the app, the benches and tests outside the engine. Engine code itself uses the
// real tier paths (`crate::base::units`); scripts/import-cycles.py fails on a root re-export used inside.
pub use base::{derived, digest, ledger, rng, units};
pub use input::{paths, presets, scenario};
pub use model::{amm, avs, beacon, consensus, feeds, lending, lrt, pool, restaking, security};
pub use readouts::{alerts, graph, history, inspect, metrics, redflags};
pub use systems::{
    agents, ambiguity, attacks, bridge, exit, faults, governance, incentives, insurance, mev,
    position,
};

pub use events::{CascadeStep, Event};
pub use graph::{EdgeInfo, EdgeKind, Network, NodeInfo, NodeRef, NodeState};
pub use history::MemoryLimit;
pub use metrics::BlockMetrics;
pub use scenario::{Fault, Scenario, ScenarioError};
pub use sim::{bridge_totals, channel_totals, deadlines, Sim};
pub use world::{accounting, events};
