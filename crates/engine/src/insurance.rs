//! An insurance (cover) pool for the first LRT's holders (MODEL.md section 1: "insurance that cannot
//! cover correlated losses"). The LRT pays a premium each epoch on the covered share of its
//! backing; when slashing or Ethereum penalties lower the backing, the pool pays the covered
//! share of the loss back into the LRT's buffer, up to its capital. A correlated event that
//! exceeds the capital leaves a shortfall, which is recorded.

use serde::{Deserialize, Serialize};

use crate::events::{CascadeStep, EventLog};
use crate::graph::NodeRef;
use crate::ledger::{AccountId, Asset};
use crate::units::{fmt_eth, mul_div, BLOCKS_PER_EPOCH, BPS, SECONDS_PER_BLOCK, SECONDS_PER_YEAR};
use crate::world::World;

/// The cover pool's state.
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
    pub exhausted_reported: bool,
}

/// One epoch's premium, paid from the LRT's buffer (as much as it holds) to the pool.
pub fn collect_premium(w: &mut World) {
    let Some(ins) = &w.insurance else { return };
    let backing = w.lrts[0].backing(&w.ledger, &w.operators);
    let covered = mul_div(backing, ins.covered_bps, BPS);
    let epoch_seconds = (BLOCKS_PER_EPOCH * SECONDS_PER_BLOCK) as u128;
    let premium = mul_div(
        covered,
        ins.premium_apr_bps * epoch_seconds,
        BPS * SECONDS_PER_YEAR as u128,
    );
    let premium = premium.min(w.ledger.balance(w.lrts[0].buffer, Asset::ETH));
    let to = ins.account;
    w.ledger
        .transfer(w.lrts[0].buffer, to, Asset::ETH, premium)
        .expect("bounded by the buffer");
}

/// Pays the covered share of a loss of `loss` wei of LRT backing into the LRT's buffer, up to
/// the pool's capital, and records any shortfall.
pub fn claim(w: &mut World, loss: u128, log: &mut EventLog) {
    let Some(ins) = &mut w.insurance else { return };
    if loss == 0 {
        return;
    }
    let claimed = mul_div(loss, ins.covered_bps, BPS);
    let capital = w.ledger.balance(ins.account, Asset::ETH);
    let paid = claimed.min(capital);
    w.ledger
        .transfer(ins.account, w.lrts[0].buffer, Asset::ETH, paid)
        .expect("bounded by capital");
    ins.paid += paid;
    ins.shortfall += claimed - paid;
    let left = capital - paid;
    let text = if paid == claimed {
        format!(
            "The cover pool pays {} of covered losses back into the LRT; {} of capital left.",
            fmt_eth(paid, 0),
            fmt_eth(left, 0)
        )
    } else {
        format!(
            "The cover pool is exhausted: it pays {} of a {} claim; {} of covered losses go unpaid (a correlated loss exceeds its capital).",
            fmt_eth(paid, 0),
            fmt_eth(claimed, 0),
            fmt_eth(claimed - paid, 0)
        )
    };
    if paid == claimed || !ins.exhausted_reported {
        ins.exhausted_reported |= paid < claimed;
        log.push(
            w.block,
            Some(CascadeStep::RecoveryOrContagion),
            Some(NodeRef::Lrt(0)),
            text,
        );
    }
}
