//! Per-block metrics: the numbers the app's readouts and charts and the CLI's records show.

use serde::{Deserialize, Serialize};

/// Measurements taken at the end of a block (phase 8 of the pipeline).
/// Prices are ETH per LRT as floats (display only, computed from integer state);
/// amounts are cumulative wei unless named otherwise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BlockMetrics {
    /// Block number (the block just run; 0 before the first block).
    pub block: u64,
    /// Pool spot price of the main LRT, ETH per LRT.
    pub lrt_price: f64,
    /// NAV per share of the main LRT, ETH per LRT.
    pub lrt_nav: f64,
    /// Discount of price to NAV, fraction (positive when the LRT trades below NAV).
    pub discount: f64,
    /// Stake removed by executed slashes, cumulative wei.
    pub slashed_wei: u128,
    /// Debt repaid by liquidators, cumulative wei.
    pub liquidated_wei: u128,
    /// Number of liquidation calls, cumulative.
    pub liquidations: u64,
    /// Debt left without collateral, cumulative wei.
    pub bad_debt_wei: u128,
    /// ETH side of the pool, wei.
    pub pool_eth_wei: u128,
    /// LRT side of the pool, wei.
    pub pool_lrt_wei: u128,
    /// LRT sold into the pool by panicking holders, cumulative wei.
    pub panic_sold_lrt_wei: u128,
    /// LRT waiting in the redemption queue, wei.
    pub queue_lrt_wei: u128,
    /// Slash requests waiting for their veto window, count.
    pub pending_slashes: u32,
    /// AVSs whose cost of corruption is below their profit from corruption, count.
    pub insecure_avss: u32,
    /// Ethereum penalties for missed attestations and the inactivity leak, cumulative wei.
    pub beacon_penalties_wei: u128,
    /// False while more than 1/3 of all stake is offline (no finality).
    pub finalizing: bool,
    /// Hidden leverage of restaking: slashable stake summed over every AVS divided by the
    /// stake underneath (MODEL.md section 1; ~the number of AVSs per operator under shared
    /// security, at most 1 under unique stake).
    pub hidden_leverage: f64,
    /// Loopers' leverage: collateral value over equity (collateral value minus debt) at the
    /// market's oracle price; 1 without loans.
    pub loop_leverage: f64,
    /// Claims paid by the cover pool, cumulative wei (0 without one).
    pub insurance_paid_wei: u128,
    /// Covered losses the cover pool could not pay, cumulative wei.
    pub insurance_shortfall_wei: u128,
    /// Network-level security at the last epoch (Durvasula and Roughgarden).
    pub network_secure: bool,
    /// Slack gamma at the last epoch; `f64::INFINITY` when no coalition can attack (null in JSON).
    pub network_slack: f64,
    /// Smallest health factor among open loans (`f64::INFINITY` printed as null when none).
    pub min_health_factor: Option<f64>,
}

use crate::units::{wad_to_f64, WAD};
use crate::world::World;

/// Measures `w` as it is now (no side effects).
pub fn measure(w: &World) -> BlockMetrics {
    let price = w.price();
    let nav = w.nav();
    let balances = w.pool.balances(&w.ledger);
    BlockMetrics {
        block: w.block,
        lrt_price: wad_to_f64(price),
        lrt_nav: wad_to_f64(nav),
        discount: if nav > 0 {
            1.0 - price as f64 / nav as f64
        } else {
            0.0
        },
        slashed_wei: w.totals.slashed,
        liquidated_wei: w.totals.liquidated_debt,
        liquidations: w.totals.liquidations,
        bad_debt_wei: w.lending.bad_debt,
        pool_eth_wei: balances[0],
        pool_lrt_wei: balances[1],
        panic_sold_lrt_wei: w.totals.panic_sold_lrt,
        queue_lrt_wei: w.lrt.queued_shares(),
        pending_slashes: w.slash_requests.len() as u32,
        insecure_avss: w.avss.iter().filter(|a| a.insecure).count() as u32,
        beacon_penalties_wei: w.totals.beacon_penalties,
        finalizing: w.beacon.epochs_since_finality == 0,
        hidden_leverage: hidden_leverage(w),
        loop_leverage: loop_leverage(w),
        insurance_paid_wei: w.insurance.as_ref().map_or(0, |i| i.paid),
        insurance_shortfall_wei: w.insurance.as_ref().map_or(0, |i| i.shortfall),
        network_secure: w.network_secure,
        network_slack: w.network_slack,
        min_health_factor: w.lending.min_health_factor().map(|h| h as f64 / WAD as f64),
    }
}

/// Slashable stake over all AVSs divided by the stake delegated (see [`BlockMetrics::hidden_leverage`]).
pub fn hidden_leverage(w: &World) -> f64 {
    let mut slashable = 0u128;
    let mut underlying = 0u128;
    for op in &w.operators {
        underlying += op.delegated(&w.ledger);
        slashable += op
            .allocations
            .iter()
            .map(|al| op.slashable_stake(&w.ledger, al.avs, w.model))
            .sum::<u128>();
    }
    if underlying == 0 {
        return 0.0;
    }
    slashable as f64 / underlying as f64
}

/// Collateral value over equity of all loops (see [`BlockMetrics::loop_leverage`]).
pub fn loop_leverage(w: &World) -> f64 {
    let m = &w.lending;
    let value: u128 = m
        .positions
        .iter()
        .map(|p| crate::units::mul_div(p.collateral, m.oracle_price, WAD))
        .sum();
    let debt: u128 = m.positions.iter().map(|p| p.debt).sum();
    if value == 0 || debt == 0 {
        return 1.0;
    }
    if value <= debt {
        return f64::INFINITY;
    }
    value as f64 / (value - debt) as f64
}
