//! Solvency of a lending market: the debt already written off (realised bad debt) and the debt
//! of open loans that their collateral no longer covers (insolvent debt).
//!
//! Realised bad debt is what a liquidation leaves when it takes a loan's last collateral: Morpho
//! Blue socialises it to the market's suppliers at once (`Morpho.liquidate`, `badDebtAssets`),
//! Aave v3.3 records it as a reserve deficit (`LiquidationLogic._burnBadDebt`). It is counted in
//! [`LendingMarket::bad_debt`](crate::model::lending::LendingMarket::bad_debt).
//!
//! Insolvent debt is what lenders would lose if every open loan were closed at the market's
//! oracle price now: `sum over open loans of max(0, debt - floor(collateral * price / 1e18))`,
//! wei. A loan leaves this sum when it is closed (its rest is then realised bad debt), so the
//! two never count the same wei twice.
//!
//! What may lower `realised + insolvent`: a rise of the oracle price, and a repayment by the
//! borrower (loopers never repay in this model). A liquidation never lowers it at a fixed price:
//! it repays `r` and takes collateral worth `r * incentive factor >= r`, so `debt - value` of the
//! loan does not fall (up to the rounding of the seized amount, a few wei per call), and when it
//! takes the last collateral the rest of the debt moves from insolvent to realised.
//!
//! Cost: the loan book ([`crate::model::lending::book`]) orders the open loans by debt per unit of
//! collateral, so only the loans near or past `price` are computed (`O(log n + k)` for `k`
//! insolvent loans); the tests check the answer against a scan of every loan.

use crate::base::units::{mul_div, WAD};
use crate::model::lending::{LendingMarket, Position};

/// Debt of `p` its collateral does not cover at `price` (wad, ETH per LRT), wei:
/// `max(0, debt - floor(collateral * price / 1e18))`.
pub fn loan_insolvent_debt(p: &Position, price: u128) -> u128 {
    p.debt.saturating_sub(mul_div(p.collateral, price, WAD))
}

impl LendingMarket {
    /// Insolvent debt of the market's open loans at its oracle price, wei (see the module doc):
    /// equal to [`LendingMarket::insolvent_debt_scan`], computed from the loan book.
    pub fn insolvent_debt(&self) -> u128 {
        self.book()
            .maybe_insolvent(self)
            .map(|i| loan_insolvent_debt(&self.positions[i], self.oracle_price))
            .sum()
    }

    /// Insolvent debt computed from every loan, wei: the reference for
    /// [`LendingMarket::insolvent_debt`] (tests and invariants).
    pub fn insolvent_debt_scan(&self) -> u128 {
        self.positions
            .iter()
            .map(|p| loan_insolvent_debt(p, self.oracle_price))
            .sum()
    }

    /// Loans whose collateral is worth less than their debt at the oracle price, count.
    pub fn insolvent_loans(&self) -> u32 {
        self.book()
            .maybe_insolvent(self)
            .filter(|&i| loan_insolvent_debt(&self.positions[i], self.oracle_price) > 0)
            .count() as u32
    }

    /// Realised bad debt plus insolvent debt, wei: what the market's suppliers have lost or
    /// would lose if every loan were closed at the oracle price now.
    pub fn shortfall(&self) -> u128 {
        self.bad_debt + self.insolvent_debt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::ledger::AccountId;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn insolvent_debt_is_debt_minus_collateral_value() {
        let mut m = crate::model::lending::tests::market(WAD * 7 / 10);
        let loan = |collateral, debt| Position {
            owner: AccountId(9),
            collateral,
            debt,
            liquidations: 0,
            borrow_shares: 0,
        };
        // 100 LRT at 0.7 = 70 ETH against 80 ETH: 10 ETH insolvent; 100 against 60: solvent.
        m.positions = vec![loan(100 * WAD, 80 * WAD), loan(100 * WAD, 60 * WAD)];
        assert_eq!(m.insolvent_debt(), 10 * WAD);
        assert_eq!(m.insolvent_loans(), 1);
        // No collateral at all: the whole debt.
        m.positions.push(loan(0, 5));
        m.positions_changed();
        assert_eq!(m.insolvent_debt(), 10 * WAD + 5);
        // A loan exactly covered is solvent.
        m.positions = vec![loan(100 * WAD, 70 * WAD)];
        m.positions_changed();
        assert_eq!(m.insolvent_debt(), 0);
        m.positions[0].debt += 1;
        m.positions_changed();
        assert_eq!(m.insolvent_debt(), 1);
    }

    /// `realised + insolvent` of a market with the one position `p`, wei.
    fn shortfall_of(m: &LendingMarket, bad: u128, p: &Position) -> u128 {
        bad + loan_insolvent_debt(p, m.oracle_price)
    }

    #[test]
    fn a_liquidation_never_lowers_realised_plus_insolvent_at_its_price() {
        // Aave v3 and Morpho Blue amounts, healthy-ish to deeply insolvent loans, every size a
        // liquidator may choose: at the liquidation's price the lenders' shortfall does not
        // fall (the incentive makes the collateral taken worth more than the debt repaid), up
        // to 3 wei of rounding in the seized amount.
        let mut rng = ChaCha8Rng::seed_from_u64(15);
        let mut rose = 0;
        for case in 0..5_000 {
            let mut m =
                crate::model::lending::tests::market(rng.random_range(WAD / 100..WAD * 11 / 10));
            if rng.random_bool(0.5) {
                m.style = crate::input::scenario::MarketStyle::MorphoBlue;
                m.liquidation_threshold_bps = [7_700, 8_600, 9_150, 9_450][rng.random_range(0..4)];
            }
            let collateral = rng.random_range(1..10_000u128) * WAD / rng.random_range(1..1_000u128);
            let value = mul_div(collateral, m.oracle_price, WAD);
            let debt = (value as f64 * rng.random_range(0.7..3.0)) as u128 + 1;
            // Opened as the market opens loans (Morpho Blue: borrow shares with virtual shares).
            m.positions.clear();
            m.open_loan(AccountId(1), collateral, debt);
            let p = m.positions[0].clone();
            let capital = match rng.random_range(0..3) {
                0 => u128::MAX,
                _ => rng.random_range(1..=debt),
            };
            let Some(l) = m.liquidation(&p, capital) else {
                continue;
            };
            let before = shortfall_of(&m, 0, &p);
            let mut after_m = m.clone();
            let bad = after_m.apply_liquidation(0, &l);
            let after = shortfall_of(&after_m, bad, &after_m.positions[0]);
            assert!(
                after + 3 >= before,
                "case {case}: {before} -> {after} ({l:?}, {p:?})"
            );
            rose += u32::from(after > before);
        }
        assert!(
            rose > 1_000,
            "liquidations of insolvent loans raise it: {rose}"
        );
    }

    #[test]
    fn the_book_s_insolvent_debt_equals_a_scan_of_every_loan() {
        let mut rng = ChaCha8Rng::seed_from_u64(14);
        for case in 0..300 {
            let mut m = crate::model::lending::tests::market(WAD);
            let n = rng.random_range(0..80);
            m.positions = crate::model::lending::tests::random_loans(&mut rng, n, 30);
            for _ in 0..20 {
                m.oracle_price = match rng.random_range(0..6) {
                    0 => rng.random_range(0..10u128.pow(15)),
                    _ => rng.random_range(WAD / 4..WAD * 3 / 2),
                };
                // Put a loan exactly on the edge (debt = collateral value) now and then.
                if let (true, Some(p)) = (rng.random_bool(0.3), m.positions.first_mut()) {
                    p.debt = mul_div(p.collateral, m.oracle_price, WAD) + rng.random_range(0..2);
                }
                m.positions_changed();
                let scan = m.insolvent_debt_scan();
                assert_eq!(m.insolvent_debt(), scan, "case {case}");
                let count = m
                    .positions
                    .iter()
                    .filter(|p| loan_insolvent_debt(p, m.oracle_price) > 0)
                    .count() as u32;
                assert_eq!(m.insolvent_loans(), count, "case {case}");
            }
        }
    }
}
