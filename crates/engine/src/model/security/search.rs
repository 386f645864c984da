//! The exhaustive searches behind [`super::RestakingGraph`]: coalitions enumerated as bit
//! masks over a compact graph, the worst shock within a budget and the cascade of attacks it
//! sets off (Durvasula and Roughgarden, arXiv 2407.21785).

use super::*;

/// The graph reduced to what the searches need: validators with positive stake (compact
/// indices, ascending original order) and services with positive profit.
pub(super) struct Compact {
    pub(super) stake: Vec<f64>,
    pub(super) profit: Vec<f64>,
    pub(super) alpha: Vec<f64>,
    /// Per service, its compact validators as a bit mask (only used with at most 64).
    pub(super) mask: Vec<u64>,
    /// Per compact validator, the services it secures.
    pub(super) serves: Vec<Vec<usize>>,
}

impl Compact {
    /// With `only_serving`, validators that secure no profitable service are dropped too.
    pub(super) fn new(g: &RestakingGraph, only_serving: bool) -> Compact {
        let services: Vec<(&Service, Vec<usize>)> = g
            .services
            .iter()
            .filter(|s| clean(s.profit) > 0.0)
            .map(|s| (s, members(g, s)))
            .collect();
        let mut serving = vec![false; g.stakes.len()];
        services
            .iter()
            .flat_map(|(_, m)| m)
            .for_each(|&v| serving[v] = true);
        let kept: Vec<usize> = (0..g.stakes.len())
            .filter(|&v| clean(g.stakes[v]) > 0.0 && (serving[v] || !only_serving))
            .collect();
        let mut index = vec![usize::MAX; g.stakes.len()];
        kept.iter().enumerate().for_each(|(i, &v)| index[v] = i);
        let mut c = Compact {
            stake: kept.iter().map(|&v| g.stakes[v]).collect(),
            profit: services.iter().map(|(s, _)| clean(s.profit)).collect(),
            alpha: services.iter().map(|(s, _)| s.threshold).collect(),
            mask: vec![0; services.len()],
            serves: vec![Vec::new(); kept.len()],
        };
        for (si, (_, m)) in services.iter().enumerate() {
            for &i in m.iter().map(|&v| &index[v]).filter(|&&i| i != usize::MAX) {
                c.serves[i].push(si);
                c.mask[si] |= 1u64.checked_shl(i as u32).unwrap_or(0);
            }
        }
        c
    }

    /// Stake each service needs from an attacker while only `alive` validators remain.
    pub(super) fn required_among(&self, alive: u64) -> Vec<f64> {
        (0..self.profit.len())
            .map(|s| required(self.alpha[s], self.sum(self.mask[s] & alive)))
            .collect()
    }

    /// Bit mask of every compact validator (at most [`CASCADE_VALIDATOR_LIMIT`] of them).
    pub(super) fn all_mask(&self) -> u64 {
        (1u64 << self.stake.len()) - 1
    }

    /// Total stake of the compact validators in `mask`, summed in ascending order.
    pub(super) fn sum(&self, mask: u64) -> f64 {
        (0..self.stake.len())
            .filter(|&i| mask >> i & 1 == 1)
            .map(|i| self.stake[i])
            .sum()
    }
}

/// Calls `leaf(B, sigma(B), sums)` for every subset `B` of `pool` (compact validator indices,
/// each below 64) with `sigma(B)` at most `cap`, where `sums[s] = sigma(B & N(s))`. Sums are
/// built in `pool` order, so a set's sums do not depend on the path that reached it.
pub(super) fn for_each_subset(
    c: &Compact,
    pool: &[usize],
    cap: f64,
    leaf: &mut impl FnMut(u64, f64, &[f64]),
) {
    let mut layers = vec![0.0; (pool.len() + 1) * c.profit.len()];
    Subsets { c, pool, cap }.descend(0, (0, 0.0), &mut layers, leaf);
}

/// The fixed inputs of [`for_each_subset`]'s depth-first walk.
pub(super) struct Subsets<'a> {
    pub(super) c: &'a Compact,
    pub(super) pool: &'a [usize],
    pub(super) cap: f64,
}

impl Subsets<'_> {
    /// Decides `pool[depth]` (out, then in), with `layers[depth]` holding the sums so far.
    pub(super) fn descend(
        &self,
        depth: usize,
        (set, cost): (u64, f64),
        layers: &mut [f64],
        leaf: &mut impl FnMut(u64, f64, &[f64]),
    ) {
        let n = self.c.profit.len();
        let (here, below) = layers.split_at_mut((depth + 1) * n);
        let here = &here[depth * n..];
        let Some(&v) = self.pool.get(depth) else {
            return leaf(set, cost, here);
        };
        below[..n].copy_from_slice(here);
        self.descend(depth + 1, (set, cost), layers, leaf);
        let with_v = (set | 1 << v, cost + self.c.stake[v]);
        if !at_least(self.cap, with_v.1) {
            return;
        }
        let (here, below) = layers.split_at_mut((depth + 1) * n);
        below[..n].copy_from_slice(&here[depth * n..]);
        for &s in &self.c.serves[v] {
            below[s] += self.c.stake[v];
        }
        self.descend(depth + 1, with_v, layers, leaf);
    }
}

/// What one pass over all coalitions finds.
pub(super) struct Scan {
    /// Smallest `sigma(B) / pi(A)` over attacking coalitions with `pi(A) > 0`.
    pub(super) min_ratio: f64,
    /// Whether some coalition can attack profitably.
    pub(super) profitable: bool,
}

/// For each `B` the best `A` is every service whose threshold `B` meets: it maximises `pi(A)`,
/// and validators of `B` outside `N(A)` only add cost, so a cheaper `B` covers that case.
pub(super) fn scan(c: &Compact) -> Scan {
    let required = c.required_among(u64::MAX);
    let pool: Vec<usize> = (0..c.stake.len()).collect();
    let mut out = Scan {
        min_ratio: f64::INFINITY,
        profitable: false,
    };
    for_each_subset(c, &pool, f64::INFINITY, &mut |_, cost, sums| {
        let profit: f64 = (0..sums.len())
            .filter(|&s| at_least(sums[s], required[s]))
            .map(|s| c.profit[s])
            .sum();
        if profit > 0.0 {
            out.min_ratio = out.min_ratio.min(cost / profit);
            out.profitable |= exceeds(profit, cost);
        }
    });
    out
}

/// Largest stake lost to a shock of at most `budget` plus the worst cascade after it. Every
/// shock within the budget is tried: a larger shock can prevent an attack, since removing an
/// attacker's stake lowers a service's threshold by only `alpha_s` of it.
pub(super) fn worst_shock(c: &Compact, budget: f64) -> f64 {
    let all_v = c.all_mask();
    let pool: Vec<usize> = (0..c.stake.len()).collect();
    let mut shocks = Vec::new();
    for_each_subset(c, &pool, budget, &mut |d, lost, _| shocks.push((d, lost)));
    if c.alpha.iter().any(|&a| a > 1.0) {
        let all_s = (1u64 << c.profit.len()) - 1;
        let mut search = Cascade {
            c,
            memo: BTreeMap::new(),
        };
        let worst = shocks
            .iter()
            .map(|&(d, lost)| lost + search.worst_after(all_v & !d, all_s));
        worst.fold(0.0, f64::max)
    } else {
        let worst = shocks
            .iter()
            .map(|&(d, lost)| lost + largest_attack(c, all_v & !d));
        worst.fold(0.0, f64::max)
    }
}

/// The largest `sigma(B)` over profitable attacks `(A, B)` with `B` inside `N(A)` while only
/// `alive` validators remain, which with every threshold at most 1 is also the worst cascade:
/// attacks `(A1, B1)` then `(A2, B2)` merge into the attack `(A1 + A2, B1 + B2)`, valid because
/// `B1` covers at least `alpha_s` of the stake of `s` it took away, and profitable because both
/// were. For a given `B` the best `A` is every service whose threshold `B` meets.
pub(super) fn largest_attack(c: &Compact, alive: u64) -> f64 {
    let required = c.required_among(alive);
    let pool: Vec<usize> = (0..c.stake.len())
        .filter(|&i| alive >> i & 1 == 1)
        .collect();
    let cap = c.profit.iter().sum();
    let mut best = 0.0;
    for_each_subset(c, &pool, cap, &mut |b, cost, sums| {
        let covered = (0..sums.len()).filter(|&s| at_least(sums[s], required[s]));
        let (profit, reach) = covered.fold((0.0, 0), |(p, m), s| (p + c.profit[s], m | c.mask[s]));
        if b & !reach == 0 && exceeds(profit, cost) {
            best = f64::max(best, cost);
        }
    });
    best
}

/// Depth-first search over cascades, memoised on (surviving validators, surviving services).
pub(super) struct Cascade<'a> {
    pub(super) c: &'a Compact,
    pub(super) memo: BTreeMap<(u64, u64), f64>,
}

impl Cascade<'_> {
    /// Largest stake the attacks still to come can slash, from this state.
    pub(super) fn worst_after(&mut self, alive_v: u64, alive_s: u64) -> f64 {
        let serving = (0..self.c.profit.len())
            .filter(|&s| alive_s >> s & 1 == 1)
            .fold(0, |m, s| m | self.c.mask[s]);
        let key = (alive_v & serving, alive_s);
        if let Some(&loss) = self.memo.get(&key) {
            return loss;
        }
        let mut best = 0.0;
        for (b, cost, a) in self.moves(key.0, alive_s) {
            best = f64::max(best, cost + self.worst_after(key.0 & !b, alive_s & !a));
        }
        self.memo.insert(key, best);
        best
    }

    /// Every profitable attack `(A, B)` with `B` non-empty and `A` inclusion-minimal: a larger
    /// `A` for the same `B` only removes services that later attacks could use. Attacks by the
    /// empty coalition slash nothing and are left out for the same reason.
    pub(super) fn moves(&self, alive_v: u64, alive_s: u64) -> Vec<(u64, f64, u64)> {
        let c = self.c;
        let required = c.required_among(alive_v);
        let pool: Vec<usize> = (0..c.stake.len())
            .filter(|&i| alive_v >> i & 1 == 1)
            .collect();
        let cap = (0..c.profit.len())
            .filter(|&s| alive_s >> s & 1 == 1)
            .map(|s| c.profit[s])
            .sum();
        let mut out = Vec::new();
        for_each_subset(c, &pool, cap, &mut |b, cost, sums| {
            let covered = (0..sums.len())
                .filter(|&s| alive_s >> s & 1 == 1 && at_least(sums[s], required[s]))
                .fold(0u64, |m, s| m | 1 << s);
            if b == 0 || !self.feasible(covered, b, cost) {
                return;
            }
            let mut a = covered;
            while a != 0 {
                if self.feasible(a, b, cost) && self.minimal(a, b, cost) {
                    out.push((b, cost, a));
                }
                a = (a - 1) & covered;
            }
        });
        out
    }

    /// `B` lies within `N(A)` and `pi(A) > sigma(B)`.
    pub(super) fn feasible(&self, a: u64, b: u64, cost: f64) -> bool {
        let in_a = |s: &usize| a >> s & 1 == 1;
        let reach = (0..self.c.profit.len())
            .filter(in_a)
            .fold(0, |m, s| m | self.c.mask[s]);
        let profit: f64 = (0..self.c.profit.len())
            .filter(in_a)
            .map(|s| self.c.profit[s])
            .sum();
        a != 0 && b & !reach == 0 && exceeds(profit, cost)
    }

    /// No service can be dropped from `A` with the attack still feasible.
    pub(super) fn minimal(&self, a: u64, b: u64, cost: f64) -> bool {
        (0..self.c.profit.len())
            .filter(|&s| a >> s & 1 == 1)
            .all(|s| !self.feasible(a & !(1 << s), b, cost))
    }
}

/// A profitable attack: services `A` corrupted by validators `B`.
#[derive(Clone, Debug, PartialEq)]
pub struct Attack {
    /// Indices into `services`.
    pub services: Vec<usize>,
    /// Indices into `stakes`.
    pub validators: Vec<usize>,
    /// `pi(A)`.
    pub profit: f64,
    /// `sigma(B)`, the stake the attackers lose.
    pub cost: f64,
}

impl RestakingGraph {
    /// The attack with the largest net gain `pi(A) - sigma(B)` among coalitions where `B` meets
    /// every attacked service's threshold and `pi(A) > sigma(B)`, or `None` when there is none.
    /// Exact search over validator subsets; `None` as well beyond [`EXACT_VALIDATOR_LIMIT`]
    /// validators (callers treat that as "no attack found", not as "secure"). Ties go to the
    /// coalition whose validator bitmask is smaller, so the answer is deterministic.
    pub fn most_profitable_attack(&self) -> Option<Attack> {
        let n = self.stakes.len();
        if n > EXACT_VALIDATOR_LIMIT {
            return None;
        }
        let services: Vec<(Vec<usize>, f64, f64)> = self
            .services
            .iter()
            .map(|s| {
                let m = members(self, s);
                let stake: f64 = m.iter().map(|&v| clean(self.stakes[v])).sum();
                (m, required(s.threshold, stake), clean(s.profit))
            })
            .collect();
        let mut best: Option<(f64, u64, Vec<usize>, f64, f64)> = None;
        for mask in 0u64..(1u64 << n) {
            let cost: f64 = (0..n)
                .filter(|v| mask >> v & 1 == 1)
                .map(|v| clean(self.stakes[v]))
                .sum();
            let mut attacked = Vec::new();
            let mut profit = 0.0;
            for (i, (m, need, p)) in services.iter().enumerate() {
                let held: f64 = m
                    .iter()
                    .filter(|&&v| mask >> v & 1 == 1)
                    .map(|&v| clean(self.stakes[v]))
                    .sum();
                if *p > 0.0 && at_least(held, *need) {
                    attacked.push(i);
                    profit += p;
                }
            }
            if attacked.is_empty() || !exceeds(profit, cost) {
                continue;
            }
            let gain = profit - cost;
            if best.as_ref().is_none_or(|b| gain > b.0) {
                best = Some((gain, mask, attacked, profit, cost));
            }
        }
        best.map(|(_, mask, services, profit, cost)| Attack {
            services,
            validators: (0..n).filter(|v| mask >> v & 1 == 1).collect(),
            profit,
            cost,
        })
    }
}
