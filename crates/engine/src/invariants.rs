//! Invariants that must hold after every block; tests call [`check`] after each step.
//!
//! * Conservation per asset: `sum of balances + burned = initial + minted` (MODEL.md section 2).
//! * Each lending market's collateral account holds exactly the sum of positions' collateral,
//!   and its insolvent debt from the loan book equals a scan of every loan
//!   ([`crate::model::lending::solvency`]).
//! * Each LRT's redemption queue escrow holds exactly the queued shares, and the queue is
//!   ordered by claim block.
//! * The slash escrow holds exactly the slashed stake not yet burned.
//! * Each pool's stored spot price matches its balances.
//! * Prices and NAV are finite and positive.
//! * Each LRT's unbacked liability equals what its bridge exploits have not booked, and each
//!   exploit's minted LRT is unbacked, written down or socialised ([`crate::systems::bridge`]).
//! * The loss accounting adds up ([`crate::world::accounting`]): AVS slashes plus Ethereum penalties
//!   per delegator equal the slashed and penalty totals; every AVS-slashed wei is burned,
//!   redistributed or still in the slash escrow.

use crate::base::ledger::Asset;
use crate::world::World;

/// Returns the first broken invariant, described with both sides, or `Ok(())`.
pub fn check(w: &World) -> Result<(), String> {
    w.ledger.check_conservation().map_err(|e| e.to_string())?;
    if let Some((g, running, actual)) = w.ledger.group_mismatches().first() {
        return Err(format!(
            "ledger group {g}: running ETH sum {running} wei but its accounts hold {actual}"
        ));
    }
    let scanned =
        crate::world::accounting::ByDelegator::stake(&w.operators, &w.ledger, w.lrts.len());
    let summed = crate::world::accounting::ByDelegator::of(w);
    if scanned != summed {
        return Err(format!(
            "delegated stake by delegator: operators' delegations hold {scanned:?} but the ledger groups hold {summed:?} (a delegation account outside its delegator's group)"
        ));
    }
    for m in &w.markets {
        let collateral: u128 = m.positions.iter().map(|p| p.collateral).sum();
        let held = w
            .ledger
            .balance(m.collateral_account, w.lrts[m.collateral].asset);
        if collateral != held {
            return Err(format!(
                "{}: positions hold {collateral} wei of collateral but the account holds {held}",
                m.name
            ));
        }
        let (booked, scanned) = (m.insolvent_debt(), m.insolvent_debt_scan());
        if booked != scanned {
            return Err(format!(
                "{}: insolvent debt {booked} wei from the loan book but {scanned} from every loan",
                m.name
            ));
        }
    }
    for (i, lrt) in w.lrts.iter().enumerate() {
        let queued = lrt.queued_shares();
        let escrow = w.ledger.balance(lrt.queue_escrow, lrt.asset);
        if queued != escrow {
            return Err(format!(
                "{} redemption queue: {queued} wei queued but escrow holds {escrow}",
                lrt.symbol
            ));
        }
        if let Some(k) = (1..lrt.queue.len())
            .find(|&k| lrt.queue[k].claimable_at < lrt.queue[k - 1].claimable_at)
        {
            return Err(format!(
                "{} redemption queue is out of order at entry {k} (Lrt::has_due_claim needs it ordered by claimable_at)",
                lrt.symbol
            ));
        }
        let pool = &w.pools[i];
        let spot = pool.compute_spot(&w.ledger);
        if spot != pool.spot {
            return Err(format!(
                "{} pool spot price {} is stale: the balances give {spot}",
                lrt.symbol, pool.spot
            ));
        }
        let (nav, price) = (w.nav(i), w.price(i));
        if nav == 0 || price == 0 {
            return Err(format!("{} NAV {nav} or price {price} is zero", lrt.symbol));
        }
    }
    for (i, lrt) in w.lrts.iter().enumerate() {
        let recorded: u128 = w
            .bridge_exploits
            .iter()
            .filter(|x| x.lrt == i)
            .map(|x| x.unbacked)
            .sum();
        if recorded != lrt.unbacked || lrt.unbacked > w.ledger.outstanding(lrt.asset) {
            return Err(format!(
                "{}: unbacked liability {} wei, bridge exploits record {recorded}, supply {}",
                lrt.symbol,
                lrt.unbacked,
                w.ledger.outstanding(lrt.asset)
            ));
        }
    }
    if let Some(x) = w.bridge_exploits.iter().find(|x| !x.books_balance()) {
        return Err(format!(
            "bridge exploit: minted {} wei but unbacked {} + written down {} + socialised {}",
            x.minted, x.unbacked, x.written_down, x.socialised
        ));
    }
    let escrowed: u128 = w.escrowed.iter().map(|e| e.amount).sum();
    let slash_escrow = w.ledger.balance(w.slash_escrow, Asset::ETH);
    if escrowed != slash_escrow {
        return Err(format!(
            "slash escrow: {escrowed} wei awaiting burn but the account holds {slash_escrow}"
        ));
    }
    check_accounting(w, slash_escrow)
}

/// The loss layers add up (see [`crate::readouts::metrics::LossMetrics`]).
fn check_accounting(w: &World, slash_escrow: u128) -> Result<(), String> {
    let a = &w.accounting;
    let layers = a.avs_slashed.total() + a.eth_penalties.total();
    let totals = w.totals.slashed + w.totals.beacon_penalties;
    if layers != totals {
        return Err(format!(
            "losses by layer: AVS slashes {} + Ethereum penalties {} per delegator = {layers} wei, but the slashed and penalty totals are {totals}",
            a.avs_slashed.total(),
            a.eth_penalties.total()
        ));
    }
    let settled = a.redistributed + a.burned + slash_escrow;
    if a.avs_slashed.total() != settled {
        return Err(format!(
            "AVS slashes: {} wei slashed but {settled} burned, redistributed or in escrow",
            a.avs_slashed.total()
        ));
    }
    Ok(())
}
