//! The loan book: a market's open loans ordered by debt per unit of collateral, so that
//! liquidation scans and health-factor metrics touch only the loans near a threshold instead of
//! computing every loan's exact (256-bit) health factor every block.
//!
//! Derived data, not state: it depends only on the positions, which change only through
//! liquidations ([`crate::model::lending::LendingMarket::positions_changed`] drops it then); it is
//! rebuilt on first use and never serialised, so the state hash does not see it.
//!
//! Exactness: at oracle price `P` (wad) and liquidation threshold `LT` (bps) a loan's exact
//! health factor is `floor(floor(floor(c * P / 1e18) * LT / 1e4) * 1e18 / d)`, and its real value
//! is `(P / 1e18) * (LT / 1e4) / (d / c)`, smaller for a larger ratio `d / c`. The three floors and
//! the float arithmetic move it by less than 1e-9 of its value when `c * P / 1e18 >= 1e12` and
//! `LT >= 100` (see [`Book::usable`]); every comparison here keeps a margin of [`MARGIN`] and
//! computes the exact health factor of every loan inside it, so the answers are the ones a scan
//! of every loan gives, bit for bit. Loans with less than [`MIN_AMOUNT`] of collateral or debt
//! are always computed exactly.

use crate::base::units::WAD;
use crate::model::lending::{LendingMarket, Position};

/// Relative margin around a threshold inside which the exact health factor decides.
pub const MARGIN: f64 = 1e-6;
/// Collateral or debt (wei) below which a loan is always checked exactly.
pub const MIN_AMOUNT: u128 = 1_000_000_000_000_000;

/// Open loans (debt > 0) of one market.
#[derive(Clone, Debug, Default)]
pub struct Book {
    /// `(debt / collateral, position index)`, ascending (healthiest first); ties by index.
    by_ratio: Vec<(f64, u32)>,
    /// Open loans with tiny collateral or debt, checked exactly on every query.
    small: Vec<u32>,
    /// Every position's collateral (open or not) as distinct values with their counts.
    collateral_counts: Vec<(u128, u32)>,
    /// Sum of every position's debt, wei.
    total_debt: u128,
}

impl Book {
    /// The book of `positions`.
    pub fn build(positions: &[Position]) -> Book {
        let mut book = Book::default();
        for (i, p) in positions.iter().enumerate() {
            book.total_debt += p.debt;
            if p.debt == 0 {
                continue;
            }
            if p.collateral < MIN_AMOUNT || p.debt < MIN_AMOUNT {
                book.small.push(i as u32);
            } else {
                book.by_ratio
                    .push((p.debt as f64 / p.collateral as f64, i as u32));
            }
        }
        book.by_ratio
            .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut c: Vec<u128> = positions.iter().map(|p| p.collateral).collect();
        c.sort_unstable();
        for x in c {
            match book.collateral_counts.last_mut() {
                Some((v, n)) if *v == x => *n += 1,
                _ => book.collateral_counts.push((x, 1)),
            }
        }
        book
    }

    /// Sum of every position's debt, wei.
    pub fn total_debt(&self) -> u128 {
        self.total_debt
    }

    /// True when the float bounds hold at the market's price and threshold (price at least
    /// 0.001 ETH, threshold at least 1%); otherwise callers scan every loan.
    fn usable(m: &LendingMarket) -> bool {
        m.oracle_price >= MIN_AMOUNT && m.liquidation_threshold_bps >= 100
    }

    /// `(P / 1e18) * (LT / 1e4)`: a loan's real health factor is this over its ratio.
    fn scale(m: &LendingMarket) -> f64 {
        m.oracle_price as f64 / WAD as f64 * (m.liquidation_threshold_bps as f64 / 1e4)
    }

    /// Index range in `by_ratio` of the loans whose real health factor is within [`MARGIN`] of
    /// `h` (their exact health factor may fall on either side of `h`); below the range every
    /// loan is surely at or above `h`, above it every loan is surely below `h`.
    fn band(&self, m: &LendingMarket, h: f64) -> (usize, usize) {
        let k = Self::scale(m);
        // HF = k / ratio >= h (1 + MARGIN)  <=>  ratio <= k / (h (1 + MARGIN)).
        let lo_ratio = k / (h * (1.0 + MARGIN));
        let hi_ratio = k / (h * (1.0 - MARGIN));
        let lo = self.by_ratio.partition_point(|x| x.0 < lo_ratio);
        let hi = self.by_ratio.partition_point(|x| x.0 <= hi_ratio);
        (lo, hi.max(lo))
    }

    /// The loans of `m` with a health factor below 1, as `(health factor, index)` sorted
    /// ascending: the same list as computing every open loan's health factor.
    pub fn unhealthy(&self, m: &LendingMarket) -> Vec<(u128, usize)> {
        let exact = |i: usize| (m.health_factor(&m.positions[i]), i);
        let mut out: Vec<(u128, usize)> = if Self::usable(m) {
            let (lo, _) = self.band(m, 1.0);
            self.by_ratio[lo..]
                .iter()
                .map(|x| exact(x.1 as usize))
                .chain(self.small.iter().map(|&i| exact(i as usize)))
                .filter(|(hf, _)| *hf < WAD)
                .collect()
        } else {
            self.all().map(exact).filter(|(hf, _)| *hf < WAD).collect()
        };
        out.sort_unstable();
        out
    }

    /// Open loans per health-factor bucket (`bounds` ascending; bucket `k` holds loans with
    /// `bounds[k-1] <= hf < bounds[k]`, the last one everything above) and the smallest health
    /// factor (wad): the same as computing every open loan's health factor.
    pub fn buckets<const N: usize>(
        &self,
        m: &LendingMarket,
        bounds: &[f64; N],
    ) -> (Vec<u32>, Option<u128>) {
        let hf_f64 = |i: usize| m.health_factor(&m.positions[i]) as f64 / WAD as f64;
        let bucket = |h: f64| bounds.iter().position(|b| h < *b).unwrap_or(N);
        let mut counts = vec![0u32; N + 1];
        if !Self::usable(m) {
            for i in self.all() {
                counts[bucket(hf_f64(i))] += 1;
            }
            return (counts, self.min_exact(m, self.all()));
        }
        for &i in &self.small {
            counts[bucket(hf_f64(i as usize))] += 1;
        }
        // below[k]: loans of `by_ratio` with hf < bounds[k], counted from the band around it.
        let n = self.by_ratio.len();
        let mut below = [0usize; N];
        for (k, b) in bounds.iter().enumerate() {
            let (lo, hi) = self.band(m, *b);
            let in_band_below = self.by_ratio[lo..hi]
                .iter()
                .filter(|x| hf_f64(x.1 as usize) < *b)
                .count();
            below[k] = (n - hi) + in_band_below;
        }
        let mut prev = 0;
        for k in 0..N {
            counts[k] += (below[k] - prev) as u32;
            prev = below[k];
        }
        counts[N] += (n - prev) as u32;
        // The smallest health factor: the largest ratios, within the margin of the largest.
        let min = self.by_ratio.last().and_then(|&(r, _)| {
            let from = self
                .by_ratio
                .partition_point(|x| x.0 < r * (1.0 - 2.0 * MARGIN));
            self.min_exact(m, self.by_ratio[from..].iter().map(|x| x.1 as usize))
        });
        let small_min = self.min_exact(m, self.small.iter().map(|&i| i as usize));
        let min = match (min, small_min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        (counts, min)
    }

    /// `sum over positions of floor(collateral * price / 1e18)`, wei: the collateral value at
    /// the oracle price, rounded per loan as a scan of every loan does.
    pub fn collateral_value(&self, price: u128) -> u128 {
        self.collateral_counts
            .iter()
            .map(|&(c, n)| crate::base::units::mul_div(c, price, WAD) * n as u128)
            .sum()
    }

    /// The open loans whose debt may exceed the value of their collateral at the oracle price
    /// (`debt > floor(collateral * price / 1e18)`): every loan whose ratio `debt / collateral`
    /// is within [`MARGIN`] of `price / 1e18` or above, and the small loans; every open loan
    /// when the float bounds do not hold. A superset of the insolvent loans, so callers decide
    /// each exactly ([`crate::model::lending::solvency`]).
    pub fn maybe_insolvent<'a>(
        &'a self,
        m: &LendingMarket,
    ) -> Box<dyn Iterator<Item = usize> + 'a> {
        if m.oracle_price < MIN_AMOUNT {
            return Box::new(self.all());
        }
        let r = m.oracle_price as f64 / WAD as f64 * (1.0 - MARGIN);
        let from = self.by_ratio.partition_point(|x| x.0 < r);
        Box::new(
            self.by_ratio[from..]
                .iter()
                .map(|x| x.1 as usize)
                .chain(self.small.iter().map(|&i| i as usize)),
        )
    }

    fn all(&self) -> impl Iterator<Item = usize> + '_ {
        self.by_ratio
            .iter()
            .map(|x| x.1 as usize)
            .chain(self.small.iter().map(|&i| i as usize))
    }

    fn min_exact(&self, m: &LendingMarket, loans: impl Iterator<Item = usize>) -> Option<u128> {
        loans.map(|i| m.health_factor(&m.positions[i])).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// What a scan of every loan gives: unhealthy loans (health factor, index) sorted, the
    /// health-factor buckets, the minimum health factor, the collateral value.
    type Scan = (Vec<(u128, usize)>, Vec<u32>, Option<u128>, u128);

    /// A scan of every loan (see [`Scan`]).
    fn brute(m: &LendingMarket, bounds: &[f64; 5]) -> Scan {
        let open: Vec<(u128, usize)> = m
            .positions
            .iter()
            .enumerate()
            .filter(|(_, p)| p.debt > 0)
            .map(|(i, p)| (m.health_factor(p), i))
            .collect();
        let mut unhealthy: Vec<_> = open.iter().copied().filter(|x| x.0 < WAD).collect();
        unhealthy.sort();
        let mut buckets = vec![0u32; 6];
        for (hf, _) in &open {
            let h = *hf as f64 / WAD as f64;
            buckets[bounds.iter().position(|b| h < *b).unwrap_or(5)] += 1;
        }
        let value = m
            .positions
            .iter()
            .map(|p| crate::base::units::mul_div(p.collateral, m.oracle_price, WAD))
            .sum();
        (unhealthy, buckets, open.iter().map(|x| x.0).min(), value)
    }

    #[test]
    fn book_answers_equal_a_scan_of_every_loan() {
        let bounds = crate::readouts::metrics::HF_BUCKET_BOUNDS;
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for case in 0..300 {
            let mut m = crate::model::lending::tests::market(WAD);
            let n = rng.random_range(0..60);
            m.positions = crate::model::lending::tests::random_loans(&mut rng, n, 50);
            for _ in 0..20 {
                m.oracle_price = match rng.random_range(0..6) {
                    0 => rng.random_range(0..10u128.pow(15)),
                    _ => rng.random_range(WAD / 2..WAD * 3 / 2),
                };
                m.liquidation_threshold_bps = [7_800, 9_500, 50, 8_600][rng.random_range(0..4)];
                // Put a loan exactly on a threshold now and then.
                if let (true, Some(p)) = (rng.random_bool(0.3), m.positions.first_mut()) {
                    p.debt = crate::base::units::mul_div(
                        crate::base::units::mul_div(p.collateral, m.oracle_price, WAD),
                        m.liquidation_threshold_bps,
                        crate::base::units::BPS,
                    );
                }
                let book = Book::build(&m.positions);
                let (unhealthy, buckets, min, value) = brute(&m, &bounds);
                assert_eq!(book.unhealthy(&m), unhealthy, "case {case}");
                assert_eq!(book.buckets(&m, &bounds), (buckets, min), "case {case}");
                assert_eq!(book.collateral_value(m.oracle_price), value, "case {case}");
            }
        }
    }
}
