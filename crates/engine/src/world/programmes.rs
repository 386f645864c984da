//! An LRT incentive programme that moves money, as plain data; what it pays and when its
//! mercenary capital leaves are in [`crate::systems::incentives`] (MODEL.md sections 1 and 7).

use serde::{Deserialize, Serialize};

use crate::base::ledger::AccountId;

/// A running programme that moves money.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    /// Index of the LRT.
    pub lrt: usize,
    pub token_apr_bps: u32,
    pub ends_at_block: Option<u64>,
    /// Mints the priced incentives before paying them into the LRT's buffer.
    pub issuer: AccountId,
    /// Holds the mercenary LRT until it is sold.
    pub mercenaries: AccountId,
    pub mercenary_pool_bps: u32,
    pub exit_blocks: u64,
    /// Mercenary LRT still to sell once the programme has ended, wei; and per block.
    pub exit_left: u128,
    pub exit_per_block: u128,
    /// True once the end has been applied.
    pub ended: bool,
    /// Priced incentives paid so far, wei.
    pub paid: u128,
    /// ETH the mercenary LPs took out of the pool when the programme ended, wei (absent from
    /// the state when 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lp_eth_pulled: u128,
}

fn is_zero(x: &u128) -> bool {
    *x == 0
}

impl Programme {
    /// True while the programme runs at `block`.
    pub fn running(&self, block: u64) -> bool {
        self.ends_at_block.is_none_or(|e| block < e)
    }
}
