//! The flat record of a block: every metric as a named column, the layout of the CLI's CSV and
//! JSON records and the app's exports.

use std::fmt;

use super::*;

/// One cell of the flat record, typed so that a writer formats it once.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell {
    /// An amount in wei or a count.
    Int(u128),
    /// A price, ratio or duration; `f64::INFINITY` is unbounded.
    Float(f64),
    Bool(bool),
    /// No value (a market without an open loan has no minimum health factor).
    Missing,
}

impl fmt::Display for Cell {
    /// The CSV text: integers in decimal, floats as Rust prints them (`inf` / `-inf` when
    /// unbounded), `true` / `false`, and nothing for a missing value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Cell::Int(n) => write!(f, "{n}"),
            Cell::Float(x) if x == f64::INFINITY => f.write_str("inf"),
            Cell::Float(x) if x == f64::NEG_INFINITY => f.write_str("-inf"),
            Cell::Float(x) => write!(f, "{x}"),
            Cell::Bool(b) => write!(f, "{b}"),
            Cell::Missing => Ok(()),
        }
    }
}

/// One block's metrics as flat `(column, value)` pairs for CSV (see [`for_each_column`]).
pub fn columns(m: &BlockMetrics) -> Vec<(String, String)> {
    let mut c = Vec::new();
    for_each_column(m, |name, v| c.push((name.to_string(), v.to_string())));
    c
}

/// The names of [`for_each_column`]'s columns, in order.
pub fn column_names(m: &BlockMetrics) -> Vec<String> {
    let mut c = Vec::new();
    for_each_column(m, |name, _| c.push(name.to_string()));
    c
}

/// The cells of [`for_each_column`], in order, into `out` (cleared first).
pub fn cells(m: &BlockMetrics, out: &mut Vec<Cell>) {
    out.clear();
    for_each_column(m, |_, v| out.push(v));
}

/// Calls `f(name, value)` for every column of one block's flat record: the top-level fields in
/// declaration order, then the loss layers as `loss_…` ([`LossMetrics`]), the staker paths as
/// `path_{native,lst,lrt}_…` ([`PathMetrics`]), then `lrt{i}_…` per LRT and `market{i}_…` per
/// market (`i` from 0, in scenario order; `market{i}_hf_lt_1_00` … `market{i}_hf_ge_1_50` are the
/// health-factor buckets). Amounts are wei ([`Cell::Int`]), prices ETH per LRT; a missing value
/// (no open loan) is [`Cell::Missing`] and an unbounded one `f64::INFINITY`. The columns depend
/// only on the number of LRTs and markets, so every block of a run has the same header. The
/// name is formatting arguments, so a caller that does not keep it allocates nothing.
pub fn for_each_column(m: &BlockMetrics, mut f: impl FnMut(fmt::Arguments<'_>, Cell)) {
    use Cell::{Bool, Float, Int};
    let opt = |x: Option<f64>| x.map_or(Cell::Missing, Float);
    for (name, v) in [
        ("block", Int(m.block.into())),
        ("lrt_price", Float(m.lrt_price)),
        ("lrt_nav", Float(m.lrt_nav)),
        ("discount", Float(m.discount)),
        ("slashed_wei", Int(m.slashed_wei)),
        ("liquidated_wei", Int(m.liquidated_wei)),
        ("liquidations", Int(m.liquidations.into())),
        ("bad_debt_wei", Int(m.bad_debt_wei)),
        ("insolvent_debt_wei", Int(m.insolvent_debt_wei)),
        ("pool_eth_wei", Int(m.pool_eth_wei)),
        ("pool_lrt_wei", Int(m.pool_lrt_wei)),
        ("panic_sold_lrt_wei", Int(m.panic_sold_lrt_wei)),
        ("queue_lrt_wei", Int(m.queue_lrt_wei)),
        ("pending_slashes", Int(m.pending_slashes.into())),
        ("insecure_avss", Int(m.insecure_avss.into())),
        ("beacon_penalties_wei", Int(m.beacon_penalties_wei)),
        ("finalizing", Bool(m.finalizing)),
        ("hidden_leverage", Float(m.hidden_leverage)),
        ("loop_leverage", Float(m.loop_leverage)),
        ("insurance_paid_wei", Int(m.insurance_paid_wei)),
        ("insurance_shortfall_wei", Int(m.insurance_shortfall_wei)),
        ("network_secure", Bool(m.network_secure)),
        ("network_slack", Float(m.network_slack)),
        ("min_health_factor", opt(m.min_health_factor)),
    ] {
        f(format_args!("{name}"), v);
    }
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
        f(format_args!("loss_{name}"), Int(v));
    }
    for (path, p) in [
        ("native", &m.paths.native),
        ("lst", &m.paths.lst),
        ("lrt", &m.paths.lrt),
    ] {
        for (name, v) in [
            ("stake_wei", p.stake_wei),
            ("staking_yield_wei", p.staking_yield_wei),
            ("avs_yield_wei", p.avs_yield_wei),
            ("incentive_yield_wei", p.incentive_yield_wei),
            ("loss_wei", p.loss_wei),
        ] {
            f(format_args!("path_{path}_{name}"), Int(v));
        }
    }
    for (i, l) in m.lrts.iter().enumerate() {
        for (name, v) in [
            ("price", Float(l.price)),
            ("nav", Float(l.nav)),
            ("discount", Float(l.discount)),
            ("pool_eth_wei", Int(l.pool_eth_wei)),
            ("pool_lrt_wei", Int(l.pool_lrt_wei)),
            ("queue_lrt_wei", Int(l.queue_lrt_wei)),
            ("queue_days", Float(l.queue_days)),
            ("slashed_wei", Int(l.slashed_wei)),
            ("eth_penalties_wei", Int(l.eth_penalties_wei)),
            ("nav_loss_wei", Int(l.nav_loss_wei)),
            ("depeg_loss_wei", Int(l.depeg_loss_wei)),
            ("insurance_capital_wei", Int(l.insurance_capital_wei)),
            ("insurance_premiums_wei", Int(l.insurance_premiums_wei)),
            ("insurance_paid_wei", Int(l.insurance_paid_wei)),
            ("insurance_shortfall_wei", Int(l.insurance_shortfall_wei)),
            ("hidden_leverage", Float(l.hidden_leverage)),
        ] {
            f(format_args!("lrt{i}_{name}"), v);
        }
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
        for (name, v) in [
            ("oracle_price", Float(k.oracle_price)),
            ("liquidations", Int(k.liquidations.into())),
            ("repaid_wei", Int(k.repaid_wei)),
            ("seized_wei", Int(k.seized_wei)),
            ("bad_debt_wei", Int(k.bad_debt_wei)),
            ("insolvent_debt_wei", Int(k.insolvent_debt_wei)),
            ("liquidation_loss_wei", Int(k.liquidation_loss_wei)),
            ("open_loans", Int(k.open_loans.into())),
            ("min_health_factor", opt(k.min_health_factor)),
        ] {
            f(format_args!("market{i}_{name}"), v);
        }
        for (b, n) in BUCKETS.iter().zip(k.hf_buckets) {
            f(format_args!("market{i}_{b}"), Int(n.into()));
        }
    }
}
