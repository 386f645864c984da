//! The `restake` command line's library: scenario input with limits, sweeps and their merge,
//! comparisons, and benchmarks. `main.rs` holds argument parsing and output only.

pub mod bench;
pub mod compare;
pub mod import;
pub mod input;
pub mod position;
pub mod sensitivity;
pub mod sweep;
