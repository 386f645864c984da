//! The `restake` command line's library: scenario input with limits, sweeps and their merge,
//! comparisons, and benchmarks. The binary holds argument parsing and output only: `main.rs`
//! dispatches to one module per subcommand in `cmd/`.

pub mod bench;
pub mod compare;
pub mod import;
pub mod input;
pub mod position;
pub mod sensitivity;
pub mod sweep;
