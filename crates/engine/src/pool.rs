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
    /// Spot price of the LRT in ETH at the current balances, wad. Recomputed by every method
    /// that changes the pool's balances ([`Pool::swap`], [`Pool::remove_liquidity`],
    /// [`Pool::refresh`]), because it is read many times per block; `invariants::check`
    /// verifies it matches the balances.
    pub spot: u128,
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
        if coin == ETH {
            Asset::ETH
        } else {
            self.lrt_asset
        }
    }

    /// Balances `[eth, lrt]` in wei.
    pub fn balances(&self, ledger: &Ledger) -> [u128; 2] {
        [
            ledger.balance(self.account, Asset::ETH),
            ledger.balance(self.account, self.lrt_asset),
        ]
    }

    /// Spot price of the LRT in ETH, wad (the stored [`Pool::spot`]).
    pub fn lrt_price(&self) -> u128 {
        self.spot
    }

    /// Spot price computed from the balances now, wad; `WAD` for an empty pool.
    pub fn compute_spot(&self, ledger: &Ledger) -> u128 {
        spot_price(self.balances(ledger), self.amp, LRT, ETH).unwrap_or(WAD)
    }

    /// Recomputes [`Pool::spot`] after the balances changed.
    pub fn refresh(&mut self, ledger: &Ledger) {
        self.spot = self.compute_spot(ledger);
    }

    /// Moves `share_bps` of both balances to `to` (Curve `remove_liquidity`, proportional, no
    /// fee). Returns (ETH, LRT) removed, wei.
    pub fn remove_liquidity(
        &mut self,
        ledger: &mut Ledger,
        to: AccountId,
        share_bps: u128,
    ) -> (u128, u128) {
        let bal = self.balances(ledger);
        let (eth_out, lrt_out) = (
            crate::units::mul_div(bal[ETH], share_bps, crate::units::BPS),
            crate::units::mul_div(bal[LRT], share_bps, crate::units::BPS),
        );
        ledger
            .transfer(self.account, to, Asset::ETH, eth_out)
            .expect("share of balance");
        ledger
            .transfer(self.account, to, self.lrt_asset, lrt_out)
            .expect("share of balance");
        self.refresh(ledger);
        (eth_out, lrt_out)
    }

    /// Amount of coin `j` that `dx` of coin `i` buys now, after fee, wei.
    pub fn quote(&self, ledger: &Ledger, i: usize, dx: u128) -> Result<u128, AmmError> {
        let q = quote_exchange(
            self.balances(ledger),
            self.amp,
            self.fee,
            self.admin_fee,
            i,
            1 - i,
            dx,
        )?;
        Ok(q.dy)
    }

    /// Swaps `dx` of coin `i` held by `trader` for coin `1 - i`, moving the admin fee to the
    /// admin account (StableSwapSTETH.vy `exchange`). Refuses with the AMM's error, or when
    /// the trader lacks `dx` or the output is below `min_dy`, and then changes nothing.
    pub fn swap(
        &mut self,
        ledger: &mut Ledger,
        trader: AccountId,
        i: usize,
        dx: u128,
        min_dy: u128,
    ) -> Result<Trade, AmmError> {
        let j = 1 - i;
        if ledger.balance(trader, self.asset(i)) < dx {
            return Err(AmmError::InsufficientLiquidity);
        }
        let q = quote_exchange(
            self.balances(ledger),
            self.amp,
            self.fee,
            self.admin_fee,
            i,
            j,
            dx,
        )?;
        if q.dy < min_dy || q.dy == 0 {
            return Err(AmmError::InsufficientLiquidity);
        }
        ledger
            .transfer(trader, self.account, self.asset(i), dx)
            .expect("checked balance");
        ledger
            .transfer(self.account, trader, self.asset(j), q.dy)
            .expect("dy below pool balance");
        ledger
            .transfer(self.account, self.admin, self.asset(j), q.admin_fee)
            .expect("admin fee below pool balance");
        self.refresh(ledger);
        Ok(Trade { dx, dy: q.dy })
    }
}
