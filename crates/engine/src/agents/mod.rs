//! Agents: LRT holders, arbitrageurs and liquidators. Each module holds the agent's data and
//! its decision rule as a plain function of the world; loopers are the lending market's
//! positions (see [`crate::lending`]).

pub mod arbitrageurs;
pub mod liquidators;
pub mod lps;
pub mod stakers;

use serde::{Deserialize, Serialize};

use crate::ledger::AccountId;

/// An order for the pool, collected in phase 5 and executed in phase 6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Trader's account.
    pub trader: AccountId,
    /// Index of the LRT (and its pool) the order is for.
    pub lrt: usize,
    /// Coin paid in: `pool::ETH` or `pool::LRT`.
    pub coin_in: usize,
    /// Amount paid in, wei.
    pub amount: u128,
    /// Who placed it.
    pub kind: OrderKind,
}

/// Which agent placed an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderKind {
    /// A holder's panic sale (LRT in).
    PanicSale,
    /// An arbitrageur's purchase (ETH in); the LRT bought is queued for redemption.
    ArbitrageBuy,
    /// An arbitrageur mints at NAV (ETH paid in) and sells the new LRT at the pool's premium.
    MintAndSell,
    /// A whale's scheduled sale (LRT in), from the `WhaleSale` fault.
    WhaleSale,
    /// A holder who will not sell at the pool's discount queues a redemption instead (no trade).
    Redeem,
}
