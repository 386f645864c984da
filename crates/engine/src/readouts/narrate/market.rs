//! Narration of the market side of a block: liquidations, the LPs' depth, and the aggregated
//! report of the holders' flight, redemptions, arbitrage and buy-backs.

use super::*;

pub(super) fn liquidations(w: &World, reports: &[LiquidationReport], log: &mut EventLog) {
    for r in reports {
        market_liquidations(w, r, log);
    }
}

pub(super) fn market_liquidations(w: &World, r: &LiquidationReport, log: &mut EventLog) {
    let market = &w.markets[r.market];
    let node = Some(NodeRef::Market(r.market as u32));
    let symbol = w.lrts[market.collateral].symbol.clone();
    if r.calls > 0 {
        let first = !log.narration.first_liquidation_reported;
        log.narration.first_liquidation_reported = true;
        let market = &w.markets[r.market];
        let oracle = match market.oracle {
            crate::input::scenario::OracleKind::MarketPrice => "the pool price",
            crate::input::scenario::OracleKind::ExchangeRate => "the exchange rate",
            crate::input::scenario::OracleKind::Ema => "the pool's EMA price",
        };
        log.say(
            w.block,
            Some(CascadeStep::FeedbackLoop),
            node,
            format!(
                "{}{} loan{} liquidated in {} at {oracle} {:.4}: liquidators repaid {}, seized {} {symbol}, sold into the pool for {}{}. Price now {:.4}.",
                if first { "First liquidations. " } else { "" },
                r.calls,
                if r.calls == 1 { "" } else { "s" },
                market.name,
                wad_to_f64(market.oracle_price),
                fmt_eth(r.repaid, 1),
                group_thousands(r.seized / WEI_PER_ETH),
                fmt_eth(r.sold_for, 1),
                if r.kept > 0 {
                    format!(
                        " and kept {} {symbol} to redeem through the queue (worth more to them than the pool paid)",
                        group_thousands(r.kept / WEI_PER_ETH)
                    )
                } else {
                    String::new()
                },
                wad_to_f64(w.price(market.collateral)),
            ),
        );
    }
    if r.bad_debt > 0 {
        log.say(
            w.block,
            Some(CascadeStep::RecoveryOrContagion),
            node,
            format!(
                "{} of debt is left without collateral in {}: bad debt that the market's lenders absorb.",
                fmt_eth(r.bad_debt, 2),
                w.markets[r.market].name
            ),
        );
    }
}

/// Aggregated market narration: liquidity flight, arbitrage, depeg and recovery milestones.
pub(super) fn market(w: &World, log: &mut EventLog) {
    let price = wad_to_f64(w.price(0));
    let nav = wad_to_f64(w.nav(0));
    let discount = if nav > 0.0 { 1.0 - price / nav } else { 0.0 };
    let due = w.block >= log.narration.last_flight_report + FLIGHT_REPORT_BLOCKS;
    if log.narration.flight_sellers > 0 && (due || !log.narration.first_panic_reported) {
        let first = !log.narration.first_panic_reported;
        log.narration.first_panic_reported = true;
        log.say(
            w.block,
            Some(CascadeStep::LiquidityFlight),
            Some(NodeRef::Stakers),
            format!(
                "{}{} sale{} by panicking holders: {} sold for {}. Pool price {:.4} vs NAV {:.4} (discount {:.2}%).",
                if first { "Holders start to run. " } else { "" },
                log.narration.flight_sellers,
                if log.narration.flight_sellers == 1 { "" } else { "s" },
                lrt_amount(w, log.narration.flight_lrt),
                fmt_eth(log.narration.flight_eth, 0),
                price,
                nav,
                discount * 100.0
            ),
        );
        log.narration.flight_sellers = 0;
        log.narration.flight_lrt = 0;
        log.narration.flight_eth = 0;
        log.narration.last_flight_report = w.block;
    }
    if log.narration.redeemers > 0
        && w.block >= log.narration.last_redeem_report + FLIGHT_REPORT_BLOCKS
    {
        log.say(
            w.block,
            Some(CascadeStep::LiquidityFlight),
            Some(NodeRef::Lrt(0)),
            format!(
                "{} holder{} refused the pool's {:.2}% discount and queued {} for redemption; the queue holds {} and pays out only after {} blocks (14 days).",
                log.narration.redeemers,
                if log.narration.redeemers == 1 { "" } else { "s" },
                discount * 100.0,
                lrt_amount(w, log.narration.redeemed_lrt),
                lrt_amount(w, w.lrts.iter().map(|l| l.queued_shares()).sum()),
                group_thousands(w.lrts[0].withdrawal_delay_blocks as u128),
            ),
        );
        log.narration.redeemers = 0;
        log.narration.redeemed_lrt = 0;
        log.narration.last_redeem_report = w.block;
    }
    if log.narration.arb_lrt > 0
        && w.block >= log.narration.last_arb_report + 4 * FLIGHT_REPORT_BLOCKS
    {
        log.say(
            w.block,
            Some(CascadeStep::LiquidityFlight),
            Some(NodeRef::Arbitrageurs),
            format!(
                "Arbitrageurs bought {} at a discount to redeem it later ({} blocks, 14 days, where withdrawals exist); queues now hold {}.",
                lrt_amount(w, log.narration.arb_lrt),
                group_thousands(w.lrts[0].withdrawal_delay_blocks as u128),
                lrt_amount(w, w.lrts.iter().map(|l| l.queued_shares()).sum())
            ),
        );
        log.narration.arb_lrt = 0;
        log.narration.last_arb_report = w.block;
    }
    if log.narration.bought_back_lrt > 0
        && w.block >= log.narration.last_arb_report + 4 * FLIGHT_REPORT_BLOCKS
    {
        log.say(
            w.block,
            Some(CascadeStep::RecoveryOrContagion),
            Some(NodeRef::Lrt(0)),
            format!(
                "Holders who sold are calm again and buy back {} below NAV.",
                lrt_amount(w, log.narration.bought_back_lrt)
            ),
        );
        log.narration.bought_back_lrt = 0;
        log.narration.last_arb_report = w.block;
    }
    if discount > 0.02 && !log.narration.depeg_reported {
        log.narration.depeg_reported = true;
        log.say(
            w.block,
            Some(CascadeStep::LiquidityFlight),
            Some(NodeRef::Pool(0)),
            format!(
                "{} has lost its peg: it trades at {:.4} ETH, {:.1}% below its NAV of {:.4}.",
                w.lrts[0].symbol,
                price,
                discount * 100.0,
                nav
            ),
        );
    }
    if log.narration.depeg_reported && !log.narration.recovery_reported && discount < 0.005 {
        log.narration.recovery_reported = true;
        log.say(
            w.block,
            Some(CascadeStep::RecoveryOrContagion),
            Some(NodeRef::Pool(0)),
            format!(
                "Recovery: the discount is back under 0.5% ({:.2}%) as arbitrage refills the pool.",
                discount * 100.0
            ),
        );
    }
    if w.markets.iter().any(|m| m.bad_debt > 0) && !log.narration.bad_debt_reported {
        log.narration.bad_debt_reported = true;
    }
}

/// The LPs pulled depth from a pool or returned it.
pub(super) fn liquidity(w: &World, h: &Happening, log: &mut EventLog) {
    let (pool, step, text) = match *h {
        Happening::LiquidityPulled {
            pool,
            share_bps,
            discount_bps,
            eth_wei,
            lrt_wei,
        } => {
            let symbol = &w.lrts[pool].symbol;
            (pool, CascadeStep::FeedbackLoop, format!(
                "Liquidity providers pull {:.0}% of the {symbol} pool at a {:.1}% discount ({} and {} {symbol}): every sale now moves the price further.",
                share_bps as f64 / 100.0, discount_bps as f64 / 100.0, fmt_eth(eth_wei, 0), group_thousands(lrt_wei / WEI_PER_ETH)))
        }
        Happening::LiquidityReturned {
            pool,
            discount_bps,
            eth_wei,
            lrt_wei,
        } => {
            let symbol = &w.lrts[pool].symbol;
            (pool, CascadeStep::RecoveryOrContagion, format!(
                "Liquidity providers return depth to the {symbol} pool now that the discount is {:.2}% and the price steady ({} and {} {symbol}).",
                discount_bps as f64 / 100.0, fmt_eth(eth_wei, 0), group_thousands(lrt_wei / WEI_PER_ETH)))
        }
        _ => return,
    };
    log.say(w.block, Some(step), Some(NodeRef::Pool(pool as u32)), text);
}

/// Adds an agent's fill to the aggregated reports ([`market`] tells them).
pub(super) fn tally(n: &mut Narration, kind: FillKind, lrt_wei: u128, eth_wei: u128) {
    match kind {
        FillKind::PanicSale => {
            n.flight_sellers += 1;
            n.flight_lrt += lrt_wei;
            n.flight_eth += eth_wei;
        }
        FillKind::Redeem => {
            n.redeemers += 1;
            n.redeemed_lrt += lrt_wei;
        }
        FillKind::ArbitrageBuy => n.arb_lrt += lrt_wei,
        FillKind::BuyBack => n.bought_back_lrt += lrt_wei,
    }
}
