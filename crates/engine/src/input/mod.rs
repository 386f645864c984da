//! The input tier: the scenario types and their validation, the presets and replays, the staker
//! paths and the levers a user can pull.
//!
//! Architecture Invariant: `input` imports only `base`.

pub(crate) mod levers;
pub mod paths;
pub mod position;
pub mod presets;
pub mod scenario;
