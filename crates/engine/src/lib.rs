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

pub mod accounting;
pub mod agents;
pub mod alerts;
pub mod ambiguity;
pub mod amm;
pub mod attacks;
pub mod avs;
pub mod batch;
pub mod beacon;
pub mod bridge;
pub mod channel_totals;
pub mod consensus;
pub mod derived;
pub mod events;
pub mod exit;
pub mod faults;
pub mod feeds;
pub mod governance;
pub mod graph;
pub mod history;
pub mod incentives;
pub mod inspect;
pub mod insurance;
pub mod invariants;
pub mod ledger;
pub mod lending;
mod levers;
pub mod lrt;
pub mod metrics;
pub mod mev;
mod narrate;
pub mod outcome;
pub mod paths;
pub mod pipeline;
pub mod pool;
pub mod position;
pub mod presets;
pub mod redflags;
pub mod restaking;
pub mod rng;
pub mod scenario;
pub mod security;
pub mod sim;
pub mod units;
pub mod world;

pub use events::{CascadeStep, Event};
pub use graph::{EdgeInfo, EdgeKind, Network, NodeInfo, NodeRef, NodeState};
pub use history::MemoryLimit;
pub use metrics::BlockMetrics;
pub use scenario::{Fault, Scenario, ScenarioError};
pub use sim::Sim;
