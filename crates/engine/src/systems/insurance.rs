//! Insurance (cover) pools, at most one per LRT, for its holders (MODEL.md section 14: "insurance
//! that cannot cover correlated losses"). The LRT pays a premium each epoch on the covered share
//! of its backing; when AVS slashes or Ethereum penalties lower the backing, its pool pays the
//! covered share of the loss back into the LRT's buffer, up to its capital. A correlated event
//! (operators shared by several LRTs slashed at once) exceeds the capital and leaves a
//! shortfall, which is recorded per pool.

use crate::base::ids::NodeRef;
use crate::base::ledger::Asset;
use crate::base::units::{
    fmt_eth, mul_div, BLOCKS_PER_EPOCH, BPS, SECONDS_PER_BLOCK, SECONDS_PER_YEAR,
};
pub use crate::world::cover::Insurance;
use crate::world::events::{CascadeStep, EventLog};
use crate::world::World;

/// LRT `lrt`'s cover pool, with `params`' capital in a new ledger account.
pub fn build(
    ledger: &mut crate::base::ledger::Ledger,
    symbol: &str,
    params: &crate::input::scenario::InsuranceParams,
) -> Insurance {
    let account = ledger.open(format!("{symbol} cover pool"));
    ledger.endow(
        account,
        Asset::ETH,
        crate::base::units::eth(params.capital_eth),
    );
    Insurance {
        account,
        covered_bps: params.covered_bps as u128,
        premium_apr_bps: params.premium_apr_bps as u128,
        paid: 0,
        shortfall: 0,
        premiums: 0,
        exhausted_reported: false,
    }
}

/// One epoch's premium of LRT `i`'s cover pool, paid from the LRT's buffer (as much as it
/// holds) to the pool; nothing without a pool.
pub fn collect_premium(w: &mut World, i: usize) {
    let Some(ins) = &w.insurance[i] else { return };
    let backing = w.lrts[i].backing(&w.ledger);
    let covered = mul_div(backing, ins.covered_bps, BPS);
    let epoch_seconds = (BLOCKS_PER_EPOCH * SECONDS_PER_BLOCK) as u128;
    let premium = mul_div(
        covered,
        ins.premium_apr_bps * epoch_seconds,
        BPS * SECONDS_PER_YEAR as u128,
    );
    let premium = premium.min(w.ledger.balance(w.lrts[i].buffer, Asset::ETH));
    let to = ins.account;
    w.ledger
        .transfer(w.lrts[i].buffer, to, Asset::ETH, premium)
        .expect("bounded by the buffer");
    if let Some(ins) = &mut w.insurance[i] {
        ins.premiums += premium;
    }
}

/// Each LRT claims from its cover pool what its delegated stake lost from `before` to `after`
/// (stake snapshots around a slash or a penalty).
pub fn claim_losses(
    w: &mut World,
    before: &crate::world::accounting::ByDelegator,
    after: &crate::world::accounting::ByDelegator,
    log: &mut EventLog,
) {
    for i in 0..w.lrts.len() {
        claim(w, i, before.lrt[i].saturating_sub(after.lrt[i]), log);
    }
}

/// Pays the covered share of a loss of `loss` wei of LRT `i`'s backing into its buffer, up to
/// its cover pool's capital, and records any shortfall; nothing without a pool.
pub fn claim(w: &mut World, i: usize, loss: u128, log: &mut EventLog) {
    let Some(ins) = &mut w.insurance[i] else {
        return;
    };
    if loss == 0 {
        return;
    }
    let claimed = mul_div(loss, ins.covered_bps, BPS);
    let capital = w.ledger.balance(ins.account, Asset::ETH);
    let paid = claimed.min(capital);
    w.ledger
        .transfer(ins.account, w.lrts[i].buffer, Asset::ETH, paid)
        .expect("bounded by capital");
    ins.paid += paid;
    ins.shortfall += claimed - paid;
    let left = capital - paid;
    let symbol = &w.lrts[i].symbol;
    let text = if paid == claimed {
        format!(
            "The {symbol} cover pool pays {} of covered losses back into {symbol}; {} of capital left.",
            fmt_eth(paid, 0),
            fmt_eth(left, 0)
        )
    } else {
        format!(
            "The {symbol} cover pool is exhausted: it pays {} of a {} claim; {} of covered losses go unpaid (a correlated loss exceeds its capital).",
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
            Some(NodeRef::Lrt(i as u32)),
            text,
        );
    }
}
