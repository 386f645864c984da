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
    /// Smallest health factor among open loans of every market (`None` when there are none).
    pub min_health_factor: Option<f64>,
    /// Per LRT, in scenario order (the fields above without a qualifier are the first LRT's).
    pub lrts: Vec<LrtMetrics>,
    /// Per lending market, in scenario order (the totals above add them up).
    pub markets: Vec<MarketMetrics>,
}

/// One LRT's measurements at the end of a block.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LrtMetrics {
    /// Pool spot price, ETH per LRT.
    pub price: f64,
    /// NAV per share, ETH per LRT.
    pub nav: f64,
    /// `1 - price / NAV`, fraction.
    pub discount: f64,
    /// Pool balances, wei.
    pub pool_eth_wei: u128,
    pub pool_lrt_wei: u128,
    /// LRT shares waiting in the redemption queue, wei.
    pub queue_lrt_wei: u128,
    /// Days until the last queued redemption can be paid (withdrawal delay or beacon exit
    /// queue, whichever is later); 0 with an empty queue.
    pub queue_days: f64,
}

/// Upper bounds of the health-factor buckets of [`MarketMetrics::hf_buckets`]; the last bucket
/// holds everything at or above 1.5.
pub const HF_BUCKET_BOUNDS: [f64; 5] = [1.0, 1.05, 1.1, 1.25, 1.5];

/// One lending market's measurements at the end of a block.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MarketMetrics {
    /// The price the market uses, ETH per LRT.
    pub oracle_price: f64,
    /// Liquidation calls, cumulative.
    pub liquidations: u64,
    /// Debt repaid by liquidators, cumulative wei.
    pub repaid_wei: u128,
    /// Collateral seized, cumulative LRT wei.
    pub seized_wei: u128,
    /// Debt written off, cumulative wei.
    pub bad_debt_wei: u128,
    /// Loans with debt.
    pub open_loans: u32,
    /// Smallest health factor among open loans.
    pub min_health_factor: Option<f64>,
    /// Open loans per health-factor bucket: below 1, [1, 1.05), [1.05, 1.1), [1.1, 1.25),
    /// [1.25, 1.5), 1.5 and above (see [`HF_BUCKET_BOUNDS`]).
    pub hf_buckets: [u32; 6],
}

use crate::units::{wad_to_f64, WAD};
use crate::world::World;

/// Measures `w` as it is now (no side effects).
pub fn measure(w: &World) -> BlockMetrics {
    let lrts: Vec<LrtMetrics> = (0..w.lrts.len()).map(|i| lrt_metrics(w, i)).collect();
    let markets: Vec<MarketMetrics> = w.markets.iter().map(market_metrics).collect();
    let first = &lrts[0];
    BlockMetrics {
        block: w.block,
        lrt_price: first.price,
        lrt_nav: first.nav,
        discount: first.discount,
        slashed_wei: w.totals.slashed,
        liquidated_wei: w.totals.liquidated_debt,
        liquidations: w.totals.liquidations,
        bad_debt_wei: w.markets.iter().map(|m| m.bad_debt).sum(),
        pool_eth_wei: first.pool_eth_wei,
        pool_lrt_wei: first.pool_lrt_wei,
        panic_sold_lrt_wei: w.totals.panic_sold_lrt,
        queue_lrt_wei: first.queue_lrt_wei,
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
        min_health_factor: markets
            .iter()
            .filter_map(|m| m.min_health_factor)
            .min_by(f64::total_cmp),
        lrts,
        markets,
    }
}

fn lrt_metrics(w: &World, i: usize) -> LrtMetrics {
    let (price, nav) = (w.price(i), w.nav(i));
    let balances = w.pools[i].balances(&w.ledger);
    let lrt = &w.lrts[i];
    let last = lrt.last_payable_block(w.block);
    LrtMetrics {
        price: wad_to_f64(price),
        nav: wad_to_f64(nav),
        discount: if nav > 0 {
            1.0 - price as f64 / nav as f64
        } else {
            0.0
        },
        pool_eth_wei: balances[0],
        pool_lrt_wei: balances[1],
        // The escrow holds exactly the queued shares (checked by the invariants).
        queue_lrt_wei: w.ledger.balance(lrt.queue_escrow, lrt.asset),
        queue_days: last.saturating_sub(w.block) as f64 / crate::units::BLOCKS_PER_DAY as f64,
    }
}

/// Open loans of `m` per health-factor bucket (see [`HF_BUCKET_BOUNDS`]) and the smallest
/// health factor (wad), in one pass.
/// The market's loan book computes exact health factors only near the bounds and the minimum.
pub fn hf_buckets(m: &crate::lending::LendingMarket) -> ([u32; 6], Option<u128>) {
    let (counts, min) = m.book().buckets(m, &HF_BUCKET_BOUNDS);
    let mut buckets = [0u32; 6];
    buckets.copy_from_slice(&counts);
    (buckets, min)
}

fn market_metrics(m: &crate::lending::LendingMarket) -> MarketMetrics {
    let (hf_buckets, min) = hf_buckets(m);
    MarketMetrics {
        oracle_price: wad_to_f64(m.oracle_price),
        liquidations: m.totals.liquidations,
        repaid_wei: m.totals.repaid,
        seized_wei: m.totals.seized,
        bad_debt_wei: m.bad_debt,
        open_loans: hf_buckets.iter().sum(),
        min_health_factor: min.map(|h| h as f64 / WAD as f64),
        hf_buckets,
    }
}

/// Slashable stake over all AVSs divided by the stake delegated (see [`BlockMetrics::hidden_leverage`]).
pub fn hidden_leverage(w: &World) -> f64 {
    let mut slashable = 0u128;
    let mut underlying = 0u128;
    for op in &w.operators {
        underlying += op.delegated(&w.ledger);
        slashable += op
            .slashable_stakes(&w.ledger, w.model)
            .map(|(_, s)| s)
            .sum::<u128>();
    }
    if underlying == 0 {
        return 0.0;
    }
    slashable as f64 / underlying as f64
}

/// Collateral value over equity of all loops in every market (see [`BlockMetrics::loop_leverage`]).
pub fn loop_leverage(w: &World) -> f64 {
    let (mut value, mut debt) = (0u128, 0u128);
    for m in &w.markets {
        value += m.book().collateral_value(m.oracle_price);
        debt += m.positions.iter().map(|p| p.debt).sum::<u128>();
    }
    if value == 0 || debt == 0 {
        return 1.0;
    }
    if value <= debt {
        return f64::INFINITY;
    }
    value as f64 / (value - debt) as f64
}

/// One block's metrics as flat `(column, value)` pairs for CSV: the top-level fields in
/// declaration order, then `lrt{i}_…` per LRT and `market{i}_…` per market (`i` from 0, in
/// scenario order; `market{i}_hf_lt_1_00` … `market{i}_hf_ge_1_50` are the health-factor
/// buckets). Amounts are wei as decimal integers, prices ETH per LRT; a missing value (no open
/// loan) is empty and an unbounded one (`f64::INFINITY`) is `inf`. The columns depend only on
/// the number of LRTs and markets, so every block of a run has the same header.
pub fn columns(m: &BlockMetrics) -> Vec<(String, String)> {
    fn f(x: f64) -> String {
        if x.is_infinite() {
            if x > 0.0 {
                "inf".into()
            } else {
                "-inf".into()
            }
        } else {
            x.to_string()
        }
    }
    fn opt(x: Option<f64>) -> String {
        x.map(f).unwrap_or_default()
    }
    let mut c: Vec<(String, String)> = vec![
        ("block".into(), m.block.to_string()),
        ("lrt_price".into(), f(m.lrt_price)),
        ("lrt_nav".into(), f(m.lrt_nav)),
        ("discount".into(), f(m.discount)),
        ("slashed_wei".into(), m.slashed_wei.to_string()),
        ("liquidated_wei".into(), m.liquidated_wei.to_string()),
        ("liquidations".into(), m.liquidations.to_string()),
        ("bad_debt_wei".into(), m.bad_debt_wei.to_string()),
        ("pool_eth_wei".into(), m.pool_eth_wei.to_string()),
        ("pool_lrt_wei".into(), m.pool_lrt_wei.to_string()),
        (
            "panic_sold_lrt_wei".into(),
            m.panic_sold_lrt_wei.to_string(),
        ),
        ("queue_lrt_wei".into(), m.queue_lrt_wei.to_string()),
        ("pending_slashes".into(), m.pending_slashes.to_string()),
        ("insecure_avss".into(), m.insecure_avss.to_string()),
        (
            "beacon_penalties_wei".into(),
            m.beacon_penalties_wei.to_string(),
        ),
        ("finalizing".into(), m.finalizing.to_string()),
        ("hidden_leverage".into(), f(m.hidden_leverage)),
        ("loop_leverage".into(), f(m.loop_leverage)),
        (
            "insurance_paid_wei".into(),
            m.insurance_paid_wei.to_string(),
        ),
        (
            "insurance_shortfall_wei".into(),
            m.insurance_shortfall_wei.to_string(),
        ),
        ("network_secure".into(), m.network_secure.to_string()),
        ("network_slack".into(), f(m.network_slack)),
        ("min_health_factor".into(), opt(m.min_health_factor)),
    ];
    for (i, l) in m.lrts.iter().enumerate() {
        let p = format!("lrt{i}_");
        c.extend([
            (format!("{p}price"), f(l.price)),
            (format!("{p}nav"), f(l.nav)),
            (format!("{p}discount"), f(l.discount)),
            (format!("{p}pool_eth_wei"), l.pool_eth_wei.to_string()),
            (format!("{p}pool_lrt_wei"), l.pool_lrt_wei.to_string()),
            (format!("{p}queue_lrt_wei"), l.queue_lrt_wei.to_string()),
            (format!("{p}queue_days"), f(l.queue_days)),
        ]);
    }
    const BUCKETS: [&str; 6] = [
        "hf_lt_1_00",
        "hf_1_00_1_05",
        "hf_1_05_1_10",
        "hf_1_10_1_25",
        "hf_1_25_1_50",
        "hf_ge_1_50",
    ];
    for (i, k) in m.markets.iter().enumerate() {
        let p = format!("market{i}_");
        c.extend([
            (format!("{p}oracle_price"), f(k.oracle_price)),
            (format!("{p}liquidations"), k.liquidations.to_string()),
            (format!("{p}repaid_wei"), k.repaid_wei.to_string()),
            (format!("{p}seized_wei"), k.seized_wei.to_string()),
            (format!("{p}bad_debt_wei"), k.bad_debt_wei.to_string()),
            (format!("{p}open_loans"), k.open_loans.to_string()),
            (format!("{p}min_health_factor"), opt(k.min_health_factor)),
        ]);
        for (b, n) in BUCKETS.iter().zip(k.hf_buckets) {
            c.push((format!("{p}{b}"), n.to_string()));
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_name_every_lrt_and_market_and_keep_wei_exact() {
        let mut sim = crate::Sim::preset("ezeth-2024", 42).expect("preset");
        sim.run(20);
        let m = sim.latest().clone();
        let cols = columns(&m);
        let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.len(), 23 + 7 * m.lrts.len() + 13 * m.markets.len());
        assert_eq!(m.markets.len(), 2);
        assert!(names.contains(&"market1_bad_debt_wei"));
        assert!(names.contains(&"lrt0_queue_days"));
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "column names are unique");
        let get = |n: &str| cols.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        assert_eq!(get("pool_eth_wei"), Some(m.pool_eth_wei.to_string()));
        assert_eq!(
            get("lrt0_pool_eth_wei"),
            Some(m.lrts[0].pool_eth_wei.to_string())
        );
        let buckets: u32 = (0..6)
            .map(|b| {
                cols[23 + 7 * m.lrts.len() + 7 + b]
                    .1
                    .parse::<u32>()
                    .unwrap()
            })
            .sum();
        assert_eq!(buckets, m.markets[0].open_loans);
    }
}
