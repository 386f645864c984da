//! Agents: LRT holders, arbitrageurs and liquidators. Each module holds the agent's data and
//! its decision rule as a plain function of the world; loopers are the lending market's
//! positions (see [`crate::model::lending`]).

pub mod arbitrageurs;
pub mod contagion;
pub mod holders;
pub mod liquidators;
pub mod lps;

use serde::{Deserialize, Serialize};

use crate::base::ledger::AccountId;
use crate::world::events::{EventLog, FillKind, Happening};
use crate::world::World;

/// An order for the pool, collected in phase 5 and executed in phase 6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Trader's account.
    pub trader: AccountId,
    /// Index of the LRT (and its pool) the order is for.
    pub lrt: usize,
    /// Coin paid in: `pool::ETH` or `pool::LRT`.
    pub coin_in: usize,
    /// Amount paid in, wei.
    pub amount: u128,
    /// Least the trade must pay out, wei of the other coin: Curve's `min_dy` (the swap reverts
    /// below it, curvefi/stableswap-ng `exchange`). Arbitrageurs and buy-backs set it from the
    /// price they decided at, so orders decided against the same pool cannot together push the
    /// price past every trader's limit; market orders (panic, whale, mercenary sales) use 0.
    #[serde(default)]
    pub min_out: u128,
    /// Who placed it.
    pub kind: OrderKind,
}

/// Which agent placed an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderKind {
    /// A holder's panic sale (LRT in).
    PanicSale,
    /// An arbitrageur's purchase (ETH in); the LRT bought is queued for redemption.
    ArbitrageBuy,
    /// An arbitrageur mints at NAV (ETH paid in) and sells the new LRT at the pool's premium.
    MintAndSell,
    /// A whale's scheduled sale (LRT in), from the `WhaleSale` fault.
    WhaleSale,
    /// A holder who will not sell at the pool's discount queues a redemption instead (no trade).
    Redeem,
    /// Mercenary capital leaving when its points programme ends (LRT in;
    /// [`crate::systems::incentives`]).
    MercenaryExit,
    /// An arbitrageur queues the LRT it bought during a pause once withdrawals resume (no trade).
    ArbitrageRedeem,
    /// A holder who sold or redeemed buys back once calm again (ETH in; it keeps the LRT).
    BuyBack,
}

/// Executes one order in its LRT's pool: a sale or purchase, a mint at NAV followed by a sale,
/// or a redemption request. Arbitrageurs queue what they bought for redemption (or hold it when
/// the LRT cannot be redeemed now). An order that cannot go through (no balance, no liquidity)
/// changes nothing.
pub fn execute(w: &mut World, o: Order, log: &mut EventLog) {
    let (lrt, pool) = (&mut w.lrts[o.lrt], &mut w.pools[o.lrt]);
    match o.kind {
        OrderKind::MintAndSell => {
            // Mint only if the sale still clears its limit (one transaction: the mint and the
            // swap revert together).
            let shares = lrt.shares_for_deposit(&w.ledger, o.amount);
            if !matches!(pool.quote(&w.ledger, crate::model::pool::LRT, shares), Ok(out) if shares > 0 && out >= o.min_out)
            {
                return;
            }
            let Ok(shares) = lrt.deposit(&mut w.ledger, o.trader, o.amount) else {
                return;
            };
            if pool
                .swap(
                    &mut w.ledger,
                    o.trader,
                    crate::model::pool::LRT,
                    shares,
                    o.min_out,
                )
                .is_ok()
            {
                w.totals.minted_and_sold_lrt += shares;
            }
        }
        OrderKind::ArbitrageRedeem => {
            // Checked when decided; the pause cannot start between phases 5 and 6.
            let _ = lrt.request_redemption(&mut w.ledger, o.trader, o.amount, w.block);
        }
        OrderKind::Redeem => {
            if lrt
                .request_redemption(&mut w.ledger, o.trader, o.amount, w.block)
                .is_ok()
            {
                log.report(filled(FillKind::Redeem, o.lrt, o.amount, 0));
            }
        }
        OrderKind::PanicSale
        | OrderKind::ArbitrageBuy
        | OrderKind::WhaleSale
        | OrderKind::MercenaryExit
        | OrderKind::BuyBack => {
            let nav = lrt.nav(&w.ledger);
            let Ok(t) = pool.swap(&mut w.ledger, o.trader, o.coin_in, o.amount, o.min_out) else {
                return;
            };
            if o.coin_in == crate::model::pool::LRT {
                // What the seller gave up against NAV (see `Accounting::depeg_loss`).
                let at_nav = crate::base::units::mul_div(t.dx, nav, crate::base::units::WAD);
                w.accounting.depeg_loss[o.lrt] += at_nav.saturating_sub(t.dy);
            }
            match o.kind {
                OrderKind::PanicSale => {
                    w.totals.panic_sold_lrt += t.dx;
                    log.report(filled(FillKind::PanicSale, o.lrt, t.dx, t.dy));
                }
                OrderKind::ArbitrageBuy => {
                    if lrt.redeemable() {
                        lrt.request_redemption(&mut w.ledger, o.trader, t.dy, w.block)
                            .expect("just bought");
                    }
                    log.report(filled(FillKind::ArbitrageBuy, o.lrt, t.dy, t.dx));
                }
                OrderKind::WhaleSale => w.totals.whale_sold_lrt += t.dx,
                OrderKind::BuyBack => {
                    log.report(filled(FillKind::BuyBack, o.lrt, t.dy, t.dx));
                }
                _ => {}
            }
        }
    }
}

/// [`Happening::Filled`] for an order of `kind` on LRT `lrt` that moved `lrt_wei` and `eth_wei`.
fn filled(kind: FillKind, lrt: usize, lrt_wei: u128, eth_wei: u128) -> Happening {
    Happening::Filled {
        kind,
        lrt,
        lrt_wei,
        eth_wei,
    }
}
