//! The systems tier: the behaviour that runs on the model each block (faults, agents, governance,
//! incentives, insurance, MEV, ambiguity, bridges, exits, attacks, accounting, position attribution).
//!
//! Architecture Invariant: `systems` imports `base`, `input`, `model` and `world`, never `readouts`
//! or the composition root (`pipeline`, `sim`, `build`, `outcome`).

pub mod agents;
pub mod ambiguity;
pub mod attacks;
pub mod bridge;
pub mod exit;
pub mod faults;
pub mod governance;
pub mod incentives;
pub mod insurance;
pub mod mev;
pub mod position;
