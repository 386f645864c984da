//! The user's position in the run: [`place`] puts `PositionParams` (in
//! [`crate::input::position`], with its checks) into the world, and the `attribute_*` functions
//! book what happens to it per loss channel (MODEL.md sections 3, 4, 6, 8).

mod place;

pub use crate::input::position::*;
pub use place::{
    attribute_consensus, attribute_slash, credit_incentive, credit_yield, place, snapshot, Minted,
    PositionState, Snapshot, StakeKind, StakeRef,
};
