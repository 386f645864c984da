//! The LRT/ETH Curve StableSwap pool as a world component: its balances live in the ledger;
//! the exact math is in [`crate::model::amm::stableswap`] (legacy, curvefi/curve-contract
//! StableSwapSTETH.vy) or [`crate::model::amm::stableswap_ng`] (curvefi/stableswap-ng: balances scaled
//! by a rate oracle, dynamic off-peg fee, EMA price oracle). Coin 0 is ETH, coin 1 is the LRT.

use serde::{Deserialize, Serialize};

use crate::base::ledger::{AccountId, Asset, Ledger};
use crate::base::units::SECONDS_PER_BLOCK;
use crate::base::units::WAD;
use crate::model::amm::stableswap::{quote_exchange, spot_price};
use crate::model::amm::stableswap_ng::{self, EmaOracle, NgParams};
use crate::model::amm::AmmError;

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
    /// stableswap-ng state, `None` for a legacy pool.
    pub ng: Option<NgState>,
    /// LP behaviour, from the scenario (`None`: LPs stay).
    pub lps: Option<crate::input::scenario::LpParams>,
    /// Pool value at start (ETH wei + LRT wei), the reference for the LPs' withdrawal cap.
    pub start_liquidity: u128,
    /// Block of the LPs' last withdrawal or return.
    pub last_lp_withdrawal: u64,
    /// ETH and LRT (wei) the LPs withdrew under their rule and have not brought back.
    #[serde(default)]
    pub lp_out: [u128; 2],
    /// Spot price at the LPs' last look (every `every_blocks` blocks), wad: their volatility
    /// measure.
    #[serde(default)]
    pub lp_last_price: u128,
}

/// The state a stableswap-ng pool adds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NgState {
    pub offpeg_fee_multiplier: u128,
    /// EMA half-life parameter, seconds.
    pub ma_exp_time: u64,
    /// True if coin 1 is scaled by the LRT's NAV (a rate oracle); else by 1.
    pub rate_oracle: bool,
    /// Rate of coin 1, wad (the NAV at the last update when `rate_oracle`).
    pub rate: u128,
    pub ema: EmaOracle,
    /// Current time, seconds (block * 12).
    pub now: u64,
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
        match &self.ng {
            None => spot_price(self.balances(ledger), self.amp, LRT, ETH).unwrap_or(WAD),
            Some(ng) => stableswap_ng::spot_price(self.balances(ledger), [WAD, ng.rate], self.amp)
                .unwrap_or(WAD),
        }
    }

    fn ng_params(&self, ng: &NgState) -> NgParams {
        NgParams {
            amp: self.amp,
            fee: self.fee,
            offpeg_fee_multiplier: ng.offpeg_fee_multiplier,
            ma_exp_time: ng.ma_exp_time,
        }
    }

    /// Start of a block (ng pools only): the clock moves to `block * 12` s and, with a rate
    /// oracle, coin 1's rate becomes `nav` (wad). Refreshes the spot price.
    pub fn begin_block(&mut self, ledger: &Ledger, block: u64, nav: u128) {
        let Some(ng) = &mut self.ng else { return };
        ng.now = block * SECONDS_PER_BLOCK;
        if ng.rate_oracle {
            ng.rate = nav;
        }
        self.refresh(ledger);
    }

    /// The pool's EMA price of the LRT in ETH now, wad (ng pools; the spot price otherwise).
    pub fn ema_price(&self) -> u128 {
        match &self.ng {
            None => self.spot,
            Some(ng) => crate::base::units::mul_div(
                ng.ema.price_oracle(ng.now, ng.ma_exp_time),
                ng.rate,
                WAD,
            ),
        }
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
            crate::base::units::mul_div(bal[ETH], share_bps, crate::base::units::BPS),
            crate::base::units::mul_div(bal[LRT], share_bps, crate::base::units::BPS),
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

    /// Adds `eth` and `lrt` wei from `from` to the pool's balances (Curve `add_liquidity`; the
    /// LPs add in the pool's own proportion, which charges no imbalance fee and leaves the
    /// price where it is). Returns false, changing nothing, if `from` holds less.
    pub fn add_liquidity(
        &mut self,
        ledger: &mut Ledger,
        from: AccountId,
        eth: u128,
        lrt: u128,
    ) -> bool {
        if ledger.balance(from, Asset::ETH) < eth || ledger.balance(from, self.lrt_asset) < lrt {
            return false;
        }
        ledger
            .transfer(from, self.account, Asset::ETH, eth)
            .expect("balance checked");
        ledger
            .transfer(from, self.account, self.lrt_asset, lrt)
            .expect("balance checked");
        self.refresh(ledger);
        true
    }

    /// Amount of coin `j` that `dx` of coin `i` buys now, after fee, wei.
    pub fn quote(&self, ledger: &Ledger, i: usize, dx: u128) -> Result<u128, AmmError> {
        let balances = self.balances(ledger);
        match &self.ng {
            None => {
                Ok(quote_exchange(balances, self.amp, self.fee, self.admin_fee, i, 1 - i, dx)?.dy)
            }
            Some(ng) => Ok(stableswap_ng::quote_exchange(
                balances,
                [WAD, ng.rate],
                &self.ng_params(ng),
                i,
                1 - i,
                dx,
            )?
            .dy),
        }
    }

    /// Swaps `dx` of coin `i` held by `trader` for coin `1 - i`, moving the admin fee to the
    /// admin account (StableSwapSTETH.vy `exchange`, or stableswap-ng `_exchange`, which also
    /// updates the EMA oracle). Refuses with the AMM's error, or when the trader lacks `dx` or
    /// the output is below `min_dy`, and then changes nothing.
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
        let balances = self.balances(ledger);
        let (dy, admin_fee, price_after) = match &self.ng {
            None => {
                let q = quote_exchange(balances, self.amp, self.fee, self.admin_fee, i, j, dx)?;
                (q.dy, q.admin_fee, None)
            }
            Some(ng) => {
                let q = stableswap_ng::quote_exchange(
                    balances,
                    [WAD, ng.rate],
                    &self.ng_params(ng),
                    i,
                    j,
                    dx,
                )?;
                (q.dy, q.admin_fee, Some(q.price_after))
            }
        };
        if dy < min_dy || dy == 0 {
            return Err(AmmError::InsufficientLiquidity);
        }
        ledger
            .transfer(trader, self.account, self.asset(i), dx)
            .expect("checked balance");
        ledger
            .transfer(self.account, trader, self.asset(j), dy)
            .expect("dy below pool balance");
        ledger
            .transfer(self.account, self.admin, self.asset(j), admin_fee)
            .expect("admin fee below pool balance");
        if let (Some(ng), Some(p)) = (&mut self.ng, price_after) {
            ng.ema.update(p, ng.now, ng.ma_exp_time);
        }
        self.refresh(ledger);
        Ok(Trade { dx, dy })
    }
}
