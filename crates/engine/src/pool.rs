//! The LRT/ETH Curve StableSwap pool as a world component: its balances live in the ledger;
//! the exact math is in [`crate::amm::stableswap`] (curvefi/curve-contract StableSwapSTETH.vy).
//! Coin 0 is ETH, coin 1 is the LRT.

use serde::{Deserialize, Serialize};

use crate::amm::stableswap::{quote_exchange, spot_price};
use crate::amm::AmmError;
use crate::ledger::{AccountId, Asset, Ledger};
use crate::units::WAD;

/// Index of ETH in the pool.
pub const ETH: usize = 0;
/// Index of the LRT in the pool.
pub const LRT: usize = 1;

/// A two-coin StableSwap pool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pool {
    /// Account holding the pool's balances.
    pub account: AccountId,
    /// Account receiving the admin share of fees.
    pub admin: AccountId,
    pub lrt_asset: Asset,
    /// The contract's A.
    pub amp: u128,
    /// Fee over 1e10.
    pub fee: u128,
    /// Admin share of the fee over 1e10.
    pub admin_fee: u128,
    /// The last spot price computed and the balances it was computed for (a cache: the price is
    /// read many times per block between trades; not part of the state or its hash).
    #[serde(skip)]
    pub price_memo: std::cell::Cell<Option<([u128; 2], u128)>>,
}

/// A trade that went through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trade {
    /// Amount paid in, wei of coin i.
    pub dx: u128,
    /// Amount received, wei of coin j.
    pub dy: u128,
}

impl Pool {
    fn asset(&self, coin: usize) -> Asset {
        if coin == ETH { Asset::ETH } else { self.lrt_asset }
    }

    /// Balances `[eth, lrt]` in wei.
    pub fn balances(&self, ledger: &Ledger) -> [u128; 2] {
        [ledger.balance(self.account, Asset::ETH), ledger.balance(self.account, self.lrt_asset)]
    }

    /// Spot price of the LRT in ETH, wad; `WAD` for an empty pool (no market, no signal).
    pub fn lrt_price(&self, ledger: &Ledger) -> u128 {
        let balances = self.balances(ledger);
        if let Some((b, p)) = self.price_memo.get() {
            if b == balances {
                return p;
            }
        }
        let p = spot_price(balances, self.amp, LRT, ETH).unwrap_or(WAD);
        self.price_memo.set(Some((balances, p)));
        p
    }

    /// Amount of coin `j` that `dx` of coin `i` buys now, after fee, wei.
    pub fn quote(&self, ledger: &Ledger, i: usize, dx: u128) -> Result<u128, AmmError> {
        let q = quote_exchange(self.balances(ledger), self.amp, self.fee, self.admin_fee, i, 1 - i, dx)?;
        Ok(q.dy)
    }

    /// Swaps `dx` of coin `i` held by `trader` for coin `1 - i`, moving the admin fee to the
    /// admin account (StableSwapSTETH.vy `exchange`). Refuses with the AMM's error, or when
    /// the trader lacks `dx` or the output is below `min_dy`, and then changes nothing.
    pub fn swap(&self, ledger: &mut Ledger, trader: AccountId, i: usize, dx: u128, min_dy: u128) -> Result<Trade, AmmError> {
        let j = 1 - i;
        if ledger.balance(trader, self.asset(i)) < dx {
            return Err(AmmError::InsufficientLiquidity);
        }
        let q = quote_exchange(self.balances(ledger), self.amp, self.fee, self.admin_fee, i, j, dx)?;
        if q.dy < min_dy || q.dy == 0 {
            return Err(AmmError::InsufficientLiquidity);
        }
        ledger.transfer(trader, self.account, self.asset(i), dx).expect("checked balance");
        ledger.transfer(self.account, trader, self.asset(j), q.dy).expect("dy below pool balance");
        ledger.transfer(self.account, self.admin, self.asset(j), q.admin_fee).expect("admin fee below pool balance");
        Ok(Trade { dx, dy: q.dy })
    }
}
