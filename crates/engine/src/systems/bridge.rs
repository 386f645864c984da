//! Bridge exploit (fault `bridge_exploit`): a forged bridge message releases LRT with no ETH
//! behind it to an attacker on one chain's side; the attacker posts it on an Aave v3 style
//! market at health factors just above 1 and borrows ETH; the lender's guardian freezes the
//! market after a delay; the market's suppliers run for the idle ETH; later the LRT protocol
//! books the loss, isolated to the bridged supply or socialised over every holder.
//! Source: Kelp rsETH, 18 April 2026 (MODEL.md section 9; Bitcoin Suisse weekly and CoinTurk,
//! April 2026: 116,500 rsETH released, 89,567 posted in eight Aave v3 positions at HF 1.01-1.03,
//! 82,650 WETH and 821 wstETH borrowed, guardian freeze ~80 minutes later, WETH utilisation
//! 100%).
//!
//! **Booking.** The unbacked LRT is minted through the ledger like any share, so conservation
//! holds; the LRT records it as an unbacked liability ([`crate::model::lrt::Lrt::unbacked`]) and its
//! NAV is computed over the backed supply until the loss is booked. Then either the bridged
//! LRT the attacker still controls (in its wallet or posted) is burned, each position losing its
//! collateral and keeping its debt as bad debt ([`BridgeLoss::Isolated`]), or the liability is
//! dropped and the unbacked shares count in the supply, lowering every holder's NAV
//! ([`BridgeLoss::Socialised`]). Unbacked LRT no longer in the attacker's hands (seized by a
//! liquidator) cannot be singled out and is socialised in both cases. For each exploit,
//! `minted = unbacked + written_down + socialised` at all times ([`Exploit::books_balance`]).
//!
//! The engine's markets have one debt asset: what the attacker borrowed in wstETH is borrowed as
//! its ETH value in WETH.

use crate::base::ids::NodeRef;
use crate::base::ledger::Asset;
use crate::base::units::{eth, fmt_eth, fmt_units, mul_div, BPS, WAD};
use crate::input::scenario::{BridgeExploitParams, BridgeLoss, MarketStyle};
use crate::world::events::{CascadeStep, EventLog};
pub use crate::world::exploits::Exploit;
use crate::world::World;

/// Starts a bridge exploit: mints the unbacked LRT to a new attacker account, records the
/// liability ([`step`], later in the same phase, opens the positions due). Does nothing when the LRT or market is
/// missing (validation refuses such faults).
pub fn start(w: &mut World, p: BridgeExploitParams, log: &mut EventLog) {
    let lrt = match &p.lrt_symbol {
        None => Some(0),
        Some(s) => w.lrts.iter().position(|l| &l.symbol == s),
    };
    let Some(lrt) = lrt else { return };
    let market = w.markets.iter().position(|m| match &p.market {
        Some(name) => &m.name == name,
        None => m.collateral == lrt,
    });
    let Some(market) = market.filter(|&m| w.markets[m].style == MarketStyle::AaveV3) else {
        return;
    };
    let n = w.bridge_exploits.len() + 1;
    let attacker = w.ledger.open(format!("bridge attacker {n}"));
    let suppliers = w
        .ledger
        .open(format!("{} suppliers {n}", w.markets[market].name));
    let minted = eth(p.unbacked_lrt);
    let asset = w.lrts[lrt].asset;
    w.ledger.mint(attacker, asset, minted);
    w.lrts[lrt].unbacked += minted;
    let symbol = w.lrts[lrt].symbol.clone();
    log.push(w.block, Some(CascadeStep::OracleDisturbance), Some(NodeRef::Lrt(lrt as u32)),
        format!("A forged bridge message releases {} with no ETH behind it to an attacker ({:.1}% of the supply). The LRT's exchange rate does not see it yet.",
            fmt_units(minted, 0, &symbol),
            minted as f64 * 100.0 / w.ledger.outstanding(asset).max(1) as f64));
    w.bridge_exploits.push(Exploit {
        params: p,
        lrt,
        market,
        attacker,
        suppliers,
        at_block: w.block,
        minted,
        unbacked: minted,
        written_down: 0,
        socialised: 0,
        opened: 0,
        borrowed: 0,
        bad_debt: 0,
        supplier_withdrawn: 0,
        supplier_unmet: 0,
        full_utilisation_at: None,
        frozen: false,
        booked: false,
    });
}

/// Phase 1, every block: each exploit opens its due positions, the guardian freezes the market
/// when its delay is up, suppliers then withdraw what they can, and the loss is booked when due.
pub fn step(w: &mut World, log: &mut EventLog) {
    for e in 0..w.bridge_exploits.len() {
        step_one(w, e, log);
    }
}

fn step_one(w: &mut World, e: usize, log: &mut EventLog) {
    let x = &w.bridge_exploits[e];
    let since = w.block - x.at_block;
    if !x.frozen && since >= x.params.freeze_after_blocks {
        freeze(w, e, log);
    }
    loop {
        let x = &w.bridge_exploits[e];
        let due = x.opened < x.params.positions
            && x.opened as u64 * x.params.blocks_between_positions <= since;
        if !due || x.frozen || w.markets[x.market].frozen || w.markets[x.market].paused {
            break;
        }
        open_position(w, e, log);
    }
    supplier_run(w, e, log);
    let x = &w.bridge_exploits[e];
    if !x.booked && since >= x.params.recognised_after_blocks {
        book_loss(w, e, log);
    }
}

/// Opens the attacker's next position: collateral `posted / positions`, debt at its health
/// factor (spread evenly over `[hf_min, hf_max]`) at the oracle price and the market's
/// liquidation threshold, at most the LTV allows and at most the idle ETH (utilisation cannot
/// pass 100%).
fn open_position(w: &mut World, e: usize, log: &mut EventLog) {
    let x = &w.bridge_exploits[e];
    let (k, n) = (x.opened, x.params.positions);
    let t = if n > 1 {
        k as f64 / (n - 1) as f64
    } else {
        0.0
    };
    let hf = x.params.hf_min + (x.params.hf_max - x.params.hf_min) * t;
    let hf_wad = (hf * 1e9) as u128 * 1_000_000_000;
    let collateral = eth(x.params.posted_lrt) / n as u128;
    let (attacker, lrt, m) = (x.attacker, x.lrt, x.market);
    let market = &w.markets[m];
    let value = mul_div(collateral, market.oracle_price, WAD);
    // Aave lends at most the LTV (E-mode's, if any): a health factor below LT / LTV is
    // raised to it.
    let wanted = mul_div(
        mul_div(value, market.liquidation_threshold_bps, BPS),
        WAD,
        hf_wad,
    )
    .min(mul_div(value, market.ltv_bps, BPS));
    let debt = wanted.min(w.ledger.balance(market.reserve, Asset::ETH));
    let hf =
        crate::base::units::wad_to_f64(market.health_factor(&crate::model::lending::Position {
            owner: attacker,
            collateral,
            debt: debt.max(1),
            liquidations: 0,
            borrow_shares: 0,
        }));
    let (reserve, account) = (market.reserve, market.collateral_account);
    let asset = w.lrts[lrt].asset;
    w.ledger
        .transfer(attacker, account, asset, collateral)
        .expect("the attacker holds the minted LRT");
    w.ledger
        .transfer(reserve, attacker, Asset::ETH, debt)
        .expect("debt is capped by the idle ETH");
    w.markets[m].open_loan(attacker, collateral, debt);
    let x = &mut w.bridge_exploits[e];
    x.opened += 1;
    x.borrowed += debt;
    let text = format!("The attacker posts {} on {} (position {} of {}) and borrows {} at a health factor of {hf:.2}{}.",
        fmt_units(collateral, 0, &w.lrts[lrt].symbol), w.markets[m].name, k + 1, n, fmt_eth(debt, 0),
        if debt < wanted { ": all the idle ETH left" } else { "" });
    log.push(
        w.block,
        Some(CascadeStep::FeedbackLoop),
        Some(NodeRef::Market(m as u32)),
        text,
    );
}

/// The guardian freezes the market: no new borrows (positions not yet opened never are).
fn freeze(w: &mut World, e: usize, log: &mut EventLog) {
    let x = &mut w.bridge_exploits[e];
    x.frozen = true;
    let (m, opened, n, borrowed) = (x.market, x.opened, x.params.positions, x.borrowed);
    w.markets[m].frozen = true;
    w.markets[m].ltv_bps = 0;
    log.push(w.block, Some(CascadeStep::GovernanceScramble), Some(NodeRef::Market(m as u32)),
        format!("{}'s guardian freezes the market and sets the LTV to 0: {opened} of the attacker's {n} positions are open, {} borrowed.",
            w.markets[m].name, fmt_eth(borrowed, 0)));
}

/// From the guardian's freeze on (the exploit is public), suppliers ask each block for
/// `supplier_withdraw_bps_per_block` of what they supplied (idle ETH plus loans) and get at
/// most the idle ETH.
fn supplier_run(w: &mut World, e: usize, log: &mut EventLog) {
    let x = &w.bridge_exploits[e];
    let bps = x.params.supplier_withdraw_bps_per_block as u128;
    if bps == 0 || !x.frozen {
        return;
    }
    let (m, suppliers) = (x.market, x.suppliers);
    let market = &w.markets[m];
    let idle = w.ledger.balance(market.reserve, Asset::ETH);
    let lent = market.book().total_debt();
    let asked = mul_div(idle + lent, bps, BPS);
    let paid = asked.min(idle);
    w.ledger
        .transfer(market.reserve, suppliers, Asset::ETH, paid)
        .expect("paid is at most the idle ETH");
    let x = &mut w.bridge_exploits[e];
    x.supplier_withdrawn += paid;
    x.supplier_unmet += asked - paid;
    if paid == idle && lent > 0 && x.full_utilisation_at.is_none() {
        x.full_utilisation_at = Some(w.block);
        let withdrawn = x.supplier_withdrawn;
        log.push(w.block, Some(CascadeStep::LiquidityFlight), Some(NodeRef::Market(m as u32)),
            format!("{}: utilisation reaches 100%. Suppliers have withdrawn {}; the rest of their ETH is lent out and they cannot withdraw it.",
                w.markets[m].name, fmt_eth(withdrawn, 0)));
    }
}

/// The LRT protocol books the loss: isolated (the bridged LRT the attacker controls is burned)
/// or socialised (the unbacked shares join the supply).
fn book_loss(w: &mut World, e: usize, log: &mut EventLog) {
    let x = &w.bridge_exploits[e];
    let (lrt, m, attacker) = (x.lrt, x.market, x.attacker);
    let mut left = x.unbacked;
    let mut bad = 0;
    if x.params.loss == BridgeLoss::Isolated {
        let asset = w.lrts[lrt].asset;
        let account = w.markets[m].collateral_account;
        for i in 0..w.markets[m].positions.len() {
            let p = &w.markets[m].positions[i];
            if p.owner != attacker || left == 0 {
                continue;
            }
            let cut = p.collateral.min(left);
            w.ledger
                .burn(account, asset, cut)
                .expect("posted collateral");
            left -= cut;
            let p = &mut w.markets[m].positions[i];
            p.collateral -= cut;
            if p.collateral == 0 {
                bad += std::mem::take(&mut p.debt);
            }
        }
        w.markets[m].bad_debt += bad;
        w.markets[m].positions_changed();
        let wallet = w.ledger.balance(attacker, asset).min(left);
        w.ledger.burn(attacker, asset, wallet).expect("held");
        left -= wallet;
    }
    let x = &mut w.bridge_exploits[e];
    x.written_down = x.unbacked - left;
    x.socialised = left;
    x.unbacked = 0;
    x.booked = true;
    x.bad_debt = bad;
    let (written, social) = (x.written_down, x.socialised);
    w.lrts[lrt].unbacked -= written + social;
    let symbol = w.lrts[lrt].symbol.clone();
    let text = match w.bridge_exploits[e].params.loss {
        BridgeLoss::Isolated => format!("The {symbol} protocol writes the bridged supply down: {} the attacker held or posted are burned, leaving {} of its debt without collateral (bad debt for {}'s suppliers){}.",
            fmt_units(written, 0, &symbol), fmt_eth(bad, 0), w.markets[m].name,
            if social > 0 { format!("; {} out of reach is shared by every holder", fmt_units(social, 0, &symbol)) } else { String::new() }),
        BridgeLoss::Socialised => format!("The {symbol} protocol socialises the loss: {} with no backing now count in the supply, so every holder's NAV falls to {:.4} ETH.",
            fmt_units(social, 0, &symbol), crate::base::units::wad_to_f64(w.nav(lrt))),
    };
    log.push(
        w.block,
        Some(CascadeStep::RecoveryOrContagion),
        Some(NodeRef::Lrt(lrt as u32)),
        text,
    );
}
