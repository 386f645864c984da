//! The readouts tier: what the simulation shows about itself (metrics, narration, events, the
//! inspector, the network graph, alerts, red flags, derived series, history).
//!
//! Architecture Invariant: `readouts` imports the lower tiers (`base`, `input`, `model`, `world`,
//! `systems`), never the composition root; no lower tier imports `readouts`.

pub mod alerts;
pub mod graph;
pub mod history;
pub mod inspect;
pub mod metrics;
pub(crate) mod narrate;
pub mod redflags;
