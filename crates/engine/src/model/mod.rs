//! The model tier: the protocol mechanisms (restaking and slashing, AVSs, the LRT, the StableSwap
//! pools, lending markets, consensus and the beacon chain, price feeds, and the security analysis of
//! a restaking graph: Durvasula and Roughgarden).
//!
//! Architecture Invariant: `model` imports only `base` and `input`.

pub mod amm;
pub mod avs;
pub mod beacon;
pub mod consensus;
pub mod feeds;
pub mod lending;
pub mod lrt;
pub mod pool;
pub mod restaking;
pub mod security;
