//! The base tier: integer units and fixed-point helpers, the wei ledger, the seeded RNG streams and
//! plain ids shared by every tier.
//!
//! Architecture Invariant: `base` imports nothing from the crate outside `base`.

pub mod derived;
pub mod digest;
pub mod ids;
pub mod ledger;
pub mod rng;
pub mod units;
pub mod wide;
