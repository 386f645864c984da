//! The flat record of a block: every metric as a named column, the layout of the CLI's CSV and
//! JSON records and the app's exports.

use super::*;

/// One block's metrics as flat `(column, value)` pairs for CSV: the top-level fields in
/// declaration order, then the loss layers as `loss_…` ([`LossMetrics`]), the staker paths as
/// `path_{native,lst,lrt}_…` ([`PathMetrics`]), then `lrt{i}_…` per LRT and `market{i}_…` per market (`i` from 0, in
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
        (
            "insolvent_debt_wei".into(),
            m.insolvent_debt_wei.to_string(),
        ),
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
    let l = &m.losses;
    for (name, v) in [
        ("slashed_native_wei", l.slashed_native_wei),
        ("slashed_lrt_wei", l.slashed_lrt_wei),
        ("eth_penalties_wei", l.eth_penalties_wei),
        ("lrt_nav_loss_wei", l.lrt_nav_loss_wei),
        ("holder_depeg_loss_wei", l.holder_depeg_loss_wei),
        ("looper_liquidation_loss_wei", l.looper_liquidation_loss_wei),
        ("lender_bad_debt_wei", l.lender_bad_debt_wei),
        ("lender_insolvent_debt_wei", l.lender_insolvent_debt_wei),
        ("insurance_paid_wei", l.insurance_paid_wei),
        ("insurance_shortfall_wei", l.insurance_shortfall_wei),
        ("avs_redistributed_wei", l.avs_redistributed_wei),
        ("slash_burned_wei", l.slash_burned_wei),
    ] {
        c.push((format!("loss_{name}"), v.to_string()));
    }
    for (path, p) in [
        ("native", &m.paths.native),
        ("lst", &m.paths.lst),
        ("lrt", &m.paths.lrt),
    ] {
        c.extend([
            (format!("path_{path}_stake_wei"), p.stake_wei.to_string()),
            (
                format!("path_{path}_staking_yield_wei"),
                p.staking_yield_wei.to_string(),
            ),
            (
                format!("path_{path}_avs_yield_wei"),
                p.avs_yield_wei.to_string(),
            ),
            (
                format!("path_{path}_incentive_yield_wei"),
                p.incentive_yield_wei.to_string(),
            ),
            (format!("path_{path}_loss_wei"), p.loss_wei.to_string()),
        ]);
    }
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
            (format!("{p}slashed_wei"), l.slashed_wei.to_string()),
            (
                format!("{p}eth_penalties_wei"),
                l.eth_penalties_wei.to_string(),
            ),
            (format!("{p}nav_loss_wei"), l.nav_loss_wei.to_string()),
            (format!("{p}depeg_loss_wei"), l.depeg_loss_wei.to_string()),
            (
                format!("{p}insurance_capital_wei"),
                l.insurance_capital_wei.to_string(),
            ),
            (
                format!("{p}insurance_premiums_wei"),
                l.insurance_premiums_wei.to_string(),
            ),
            (
                format!("{p}insurance_paid_wei"),
                l.insurance_paid_wei.to_string(),
            ),
            (
                format!("{p}insurance_shortfall_wei"),
                l.insurance_shortfall_wei.to_string(),
            ),
            (format!("{p}hidden_leverage"), f(l.hidden_leverage)),
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
            (
                format!("{p}insolvent_debt_wei"),
                k.insolvent_debt_wei.to_string(),
            ),
            (
                format!("{p}liquidation_loss_wei"),
                k.liquidation_loss_wei.to_string(),
            ),
            (format!("{p}open_loans"), k.open_loans.to_string()),
            (format!("{p}min_health_factor"), opt(k.min_health_factor)),
        ]);
        for (b, n) in BUCKETS.iter().zip(k.hf_buckets) {
            c.push((format!("{p}{b}"), n.to_string()));
        }
    }
    c
}
