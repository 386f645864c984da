//! An LRT's cover pool as plain data; premiums and claims are in [`crate::systems::insurance`]
//! (MODEL.md section 1).

use serde::{Deserialize, Serialize};

use crate::base::ledger::AccountId;

/// One LRT's cover pool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Insurance {
    /// Holds the pool's capital (ETH).
    pub account: AccountId,
    /// Share of each loss that is covered, basis points.
    pub covered_bps: u128,
    /// Premium on the covered backing, basis points per year.
    pub premium_apr_bps: u128,
    /// Claims paid, cumulative wei.
    pub paid: u128,
    /// Covered losses the capital could not pay, cumulative wei.
    pub shortfall: u128,
    /// Premiums collected, cumulative wei.
    pub premiums: u128,
    pub exhausted_reported: bool,
}
