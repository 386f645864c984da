//! A bridge exploit's totals for the app's readouts (fault `bridge_exploit`,
//! [`crate::systems::bridge`]): the LRT minted with no ETH behind it, what became of it, and the
//! lenders' loss. Read-only: nothing here changes a run.

use serde::Serialize;

use crate::input::scenario::{BridgeLoss, Fault};
use crate::sim::Sim;
use crate::systems::bridge::Exploit;

/// Where the exploit stands, in the order it happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Phase {
    /// Scheduled at this block; nothing minted yet.
    Scheduled(u64),
    /// Minted; the attacker is opening positions and the market is not frozen yet.
    Borrowing,
    /// The guardian froze the market; the LRT has not booked the loss (its NAV does not see
    /// the unbacked supply).
    Frozen,
    /// The bridged LRT was burned: the attacker's loans lost their collateral.
    WrittenDown,
    /// The unbacked LRT counts in the supply: every holder's NAV fell.
    Socialised,
}

/// A bridge exploit's totals at the current block, summed over the scenario's exploits (one in
/// every preset), and the lenders' losses over every market.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BridgeTotals {
    pub phase: Option<Phase>,
    /// LRT minted with no ETH behind it, wei.
    pub minted_wei: u128,
    /// The minted LRT as a share of the LRT's supply after the mint, 0-1.
    pub supply_share: f64,
    /// ETH the attacker borrowed, wei.
    pub borrowed_wei: u128,
    /// Positions opened and planned.
    pub opened: u32,
    pub positions: u32,
    /// First block at which the market had no idle ETH left (utilisation 100%).
    pub full_utilisation_at: Option<u64>,
    /// NAV lost by every holder when the loss was socialised, as a share of NAV, 0-1
    /// (`socialised / supply`: NAV = backing / supply, and the booking adds the unbacked
    /// shares to the supply without adding backing).
    pub nav_drop: f64,
    /// Lenders' realised bad debt, wei (every market; [`crate::readouts::metrics::BlockMetrics`]).
    pub realised_wei: u128,
    /// Lenders' insolvent debt: open loans' debt their collateral does not cover, wei.
    pub insolvent_wei: u128,
}

impl BridgeTotals {
    /// Realised plus insolvent debt, wei.
    pub fn lender_loss_wei(&self) -> u128 {
        self.realised_wei + self.insolvent_wei
    }
}

fn phase_of(x: &Exploit) -> Phase {
    match (x.booked, x.params.loss, x.frozen) {
        (true, BridgeLoss::Isolated, _) => Phase::WrittenDown,
        (true, BridgeLoss::Socialised, _) => Phase::Socialised,
        (false, _, true) => Phase::Frozen,
        (false, _, false) => Phase::Borrowing,
    }
}

/// The bridge totals of `sim` now; `None` when it has no bridge exploit, neither scheduled nor
/// under way.
pub fn of(sim: &Sim) -> Option<BridgeTotals> {
    let w = sim.world();
    let m = sim.latest();
    let mut t = BridgeTotals {
        realised_wei: m.bad_debt_wei,
        insolvent_wei: m.insolvent_debt_wei,
        ..BridgeTotals::default()
    };
    let Some(last) = w.bridge_exploits.last() else {
        let at = sim
            .scheduled_faults()
            .into_iter()
            .find(|(_, f)| matches!(f, Fault::BridgeExploit(_)))?
            .0;
        t.phase = Some(Phase::Scheduled(at));
        return Some(t);
    };
    t.phase = Some(phase_of(last));
    let mut supply = 0u128;
    for x in &w.bridge_exploits {
        let outstanding = w.ledger.outstanding(w.lrts[x.lrt].asset);
        t.minted_wei += x.minted;
        t.borrowed_wei += x.borrowed;
        t.opened += x.opened;
        t.positions += x.params.positions;
        t.full_utilisation_at = t.full_utilisation_at.or(x.full_utilisation_at);
        // The written-down LRT was burned: add it back for the supply after the mint.
        supply += outstanding + x.written_down;
        t.nav_drop = t
            .nav_drop
            .max(x.socialised as f64 / outstanding.max(1) as f64);
    }
    t.supply_share = t.minted_wei as f64 / supply.max(1) as f64;
    Some(t)
}
