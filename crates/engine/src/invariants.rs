//! Invariants that must hold after every block; tests call [`check`] after each step.
//!
//! * Conservation per asset: `sum of balances + burned = initial + minted` (MODEL.md section 2).
//! * The lending market's collateral account holds exactly the sum of positions' collateral.
//! * The redemption queue's escrow holds exactly the queued shares.
//! * The slash escrow holds exactly the slashed stake not yet burned.
//! * The pool's stored spot price matches its balances.
//! * Prices and NAV are finite and positive.

use crate::ledger::Asset;
use crate::world::World;

/// Returns the first broken invariant, described with both sides, or `Ok(())`.
pub fn check(w: &World) -> Result<(), String> {
    w.ledger.check_conservation().map_err(|e| e.to_string())?;
    let collateral: u128 = w.lending.positions.iter().map(|p| p.collateral).sum();
    let held = w.ledger.balance(w.lending.collateral_account, w.lrt.asset);
    if collateral != held {
        return Err(format!(
            "lending collateral: positions hold {collateral} wei but the account holds {held}"
        ));
    }
    let queued = w.lrt.queued_shares();
    let escrow = w.ledger.balance(w.lrt.queue_escrow, w.lrt.asset);
    if queued != escrow {
        return Err(format!(
            "redemption queue: {queued} wei queued but escrow holds {escrow}"
        ));
    }
    let escrowed: u128 = w.escrowed.iter().map(|e| e.amount).sum();
    let slash_escrow = w.ledger.balance(w.slash_escrow, Asset::ETH);
    if escrowed != slash_escrow {
        return Err(format!(
            "slash escrow: {escrowed} wei awaiting burn but the account holds {slash_escrow}"
        ));
    }
    let spot = w.pool.compute_spot(&w.ledger);
    if spot != w.pool.spot {
        return Err(format!(
            "pool spot price {} is stale: the balances give {spot}",
            w.pool.spot
        ));
    }
    if w.nav() == 0 || w.price() == 0 {
        return Err(format!("NAV {} or price {} is zero", w.nav(), w.price()));
    }
    Ok(())
}
