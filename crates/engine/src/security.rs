//! Network-level cryptoeconomic security of a restaking graph (MODEL.md section 5).
//!
//! Source: N. Durvasula and T. Roughgarden, "Robust Restaking Networks", arXiv 2407.21785
//! (ITCS 2025). A restaking graph has validators `v` with stake `sigma_v` and services `s` with
//! profit from corruption `pi_s`, corruption threshold `alpha_s` and validator set `N(s)`. A
//! coalition `(A, B)` (services `A`, non-empty; validators `B`) can attack when, for every `s` in
//! `A`, `sigma(B & N(s)) >= alpha_s * sigma(N(s))`; the attack is profitable when
//! `pi(A) > sigma(B)`. The graph is secure when no attack is profitable, and has slack `gamma`
//! when `(1 + gamma) * pi(A) <= sigma(B)` for every attacking coalition. After a shock removes
//! validators holding at most a fraction `psi` of all stake, attacks that have become profitable
//! are carried out one after another: each removes its attackers `B` (their stake is slashed)
//! and its services `A` (a corrupted service cannot be corrupted twice; the paper's bound counts
//! each service's profit once). `R_psi` is the largest fraction of all stake lost to the shock
//! plus such a cascade; the paper proves `R_psi < (1 + 1/gamma) * psi` for `gamma > 0`.
//!
//! # How the engine maps its world onto the graph
//!
//! * Operators become validators: `stakes[i]` is operator `i`'s slashable stake in ETH
//!   (`Operator::slashable_stake` converted from wei, under the shared model, where one stake
//!   backs every AVS). Under unique stake each (operator, AVS) allocation is slashable by one
//!   AVS only, so it becomes its own validator that belongs to a single service; that is why
//!   unique stake removes the hidden leverage of shared security.
//! * AVSs become services: `profit` is `Avs::profit_from_corruption` converted from wei to ETH,
//!   `threshold` is `Avs::corruption_threshold`, and `validators` lists the operators
//!   registered with it. Only ratios of stake to profit matter, so any common unit works.
//!
//! # Exactness and its limits
//!
//! * [`RestakingGraph::is_secure`] and [`RestakingGraph::slack`] split the graph into connected
//!   components (validators joined by shared services), which is exact: an attack on several
//!   components is the sum of attacks on each. Within a component they enumerate every
//!   coalition `B` of the validators with positive stake that serve a service with positive
//!   profit; for each `B` the best services to attack are all those whose threshold `B` meets.
//!   This is exact up to [`EXACT_VALIDATOR_LIMIT`] such validators per component (`2^20`
//!   coalitions times the number of services). Beyond it the component falls back to the
//!   EigenLayer condition, sufficient because every attack has
//!   `pi(A) <= sum over v in B of w_v * sigma_v` with
//!   `w_v = sum over s containing v of pi_s / (alpha_s * sigma(N(s)))`: its slack becomes the
//!   lower bound `1 / max_v w_v - 1` and it counts as secure only if that bound is non-negative.
//!   Both err on the cautious side: the slack is never overstated, and a secure graph may be
//!   reported insecure, never the reverse.
//! * [`RestakingGraph::worst_case_loss`] tries every shock within the budget. When every
//!   threshold is at most 1, a cascade merges into one attack with the same total loss
//!   (`(A1, B1)` then `(A2, B2)` is the attack `(A1 + A2, B1 + B2)`), so after each shock it finds
//!   the costliest profitable attack with the same enumeration: exact up to
//!   [`CASCADE_VALIDATOR_LIMIT`] validators with positive stake in the whole graph (at most
//!   `3^14` pairs of shock and coalition). A threshold above 1 makes a service attackable only
//!   once all its stake is gone, which merging cannot express; such graphs get a memoised search
//!   over whole cascades, exact up to [`RIGID_VALIDATOR_LIMIT`] validators and
//!   [`RIGID_SERVICE_LIMIT`] services. Beyond these limits it returns the paper's bound
//!   `min(1, (1 + 1/gamma) * psi)` (1 when `gamma <= 0`), which never understates the loss. The
//!   bound needs thresholds of at most 1 (a service with threshold 2 is safe until a shock frees
//!   its profit), so `gamma` is the slack of the graph with thresholds capped at 1, whose
//!   cascades include every original one.
//! * In a cascade an attack's coalition `B` lies within `N(A)`: only validators of the attacked
//!   services can be slashed for it.
//!
//! # Inputs and numbers
//!
//! Nothing here panics. Validator indices out of range are ignored and repeated indices count
//! once. NaN, infinite and negative stakes and profits count as 0. A threshold that is NaN or
//! `<= 0`, and any service whose validators hold no stake, can be attacked by the empty
//! coalition: with positive profit the graph is then insecure with slack -1. Sums of `f64` stakes
//! are compared with the relative tolerance [`REL_EPS`]: a threshold missed by less than that is
//! met, and a profit that exceeds a cost by less than that is not profitable (ties go to the
//! defender, as in `pi(A) > sigma(B)`).

use std::collections::BTreeMap;

/// Largest number of relevant validators for which `is_secure` and `slack` are exact.
pub const EXACT_VALIDATOR_LIMIT: usize = 20;
/// Largest number of validators with positive stake for which `worst_case_loss` is exact when
/// every threshold is at most 1.
pub const CASCADE_VALIDATOR_LIMIT: usize = 14;
/// Largest numbers of validators with positive stake and of services with positive profit for
/// which `worst_case_loss` is exact when some threshold exceeds 1.
pub const RIGID_VALIDATOR_LIMIT: usize = 8;
/// See [`RIGID_VALIDATOR_LIMIT`].
pub const RIGID_SERVICE_LIMIT: usize = 8;
/// Relative tolerance of every comparison between sums of stakes and profits.
pub const REL_EPS: f64 = 1e-9;

/// A service (an AVS): what corrupting it pays, the share of its stake an attacker must
/// control, and the validators (indices into [`RestakingGraph::stakes`]) that secure it.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub profit: f64,
    pub threshold: f64,
    pub validators: Vec<usize>,
}

/// Validators' stakes and the services they secure.
#[derive(Clone, Debug, PartialEq)]
pub struct RestakingGraph {
    pub stakes: Vec<f64>,
    pub services: Vec<Service>,
}

impl RestakingGraph {
    /// True when no coalition `(A, B)` can attack with `profit(A) > stake(B)`.
    pub fn is_secure(&self) -> bool {
        self.components()
            .iter()
            .all(|g| match Compact::new(g, true) {
                c if c.stake.len() > EXACT_VALIDATOR_LIMIT => g.eigen_slack_bound() >= -REL_EPS,
                c => !scan(&c).profitable,
            })
    }

    /// The largest `gamma` with `(1 + gamma) * profit(A) <= stake(B)` for every attacking
    /// coalition with positive profit; `f64::INFINITY` when there is none, negative when the
    /// graph is insecure (-1 when some service can be attacked for free).
    pub fn slack(&self) -> f64 {
        let per_component = self
            .components()
            .into_iter()
            .map(|g| match Compact::new(&g, true) {
                c if c.stake.len() > EXACT_VALIDATOR_LIMIT => g.eigen_slack_bound(),
                c => scan(&c).min_ratio - 1.0,
            });
        per_component.fold(f64::INFINITY, f64::min)
    }

    /// `R_psi`: the largest fraction of all stake lost when a shock removes validators holding
    /// at most `shock` (a fraction, clamped to `[0, 1]`) of all stake and the attacks that then
    /// become profitable cascade. 0 when there is no stake.
    pub fn worst_case_loss(&self, shock: f64) -> f64 {
        let psi = if shock > 0.0 { shock.min(1.0) } else { 0.0 };
        let c = Compact::new(self, false);
        let total: f64 = self.stakes.iter().map(|&s| clean(s)).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let rigid = c.alpha.iter().any(|&a| a > 1.0);
        let (validators, services) = match rigid {
            true => (RIGID_VALIDATOR_LIMIT, RIGID_SERVICE_LIMIT),
            false => (CASCADE_VALIDATOR_LIMIT, usize::MAX),
        };
        if c.stake.len() > validators || c.profit.len() > services {
            return theorem_bound(self.capped_thresholds().slack(), psi);
        }
        (worst_shock(&c, psi * total) / total).min(1.0)
    }

    /// EigenLayer's sufficient condition, per validator `v`: the sum over services `s` that `v`
    /// secures of `(stake_v / stake(N(s))) * (profit_s / threshold_s)`. The graph is secure when
    /// every entry is at most `stake_v`. A service with positive profit that can be attacked for
    /// free (threshold `<= 0` or no stake) contributes `f64::INFINITY`.
    pub fn eigenlayer_condition(&self) -> Vec<f64> {
        let mut sums = vec![0.0; self.stakes.len()];
        for s in &self.services {
            let members = members(self, s);
            let w = weight(self, s, &members);
            for &v in &members {
                sums[v] += if w.is_infinite() {
                    w
                } else {
                    clean(self.stakes[v]) * w
                };
            }
        }
        sums
    }

    /// The connected components (validators joined by the services they share), each as its
    /// own graph. Security and slack decompose over them exactly: an attack on several
    /// components is the sum of an attack on each, and `sum sigma / sum pi` is at least the
    /// smallest of the ratios. A service without validators is a component of its own.
    fn components(&self) -> Vec<RestakingGraph> {
        let members: Vec<Vec<usize>> = self.services.iter().map(|s| members(self, s)).collect();
        let mut root: Vec<usize> = (0..self.stakes.len()).collect();
        members
            .iter()
            .flat_map(|m| m.windows(2))
            .for_each(|w| join(&mut root, w[0], w[1]));
        let mut parts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (si, m) in members.iter().enumerate() {
            let key = m
                .first()
                .map_or(self.stakes.len() + si, |&v| find(&mut root, v));
            parts.entry(key).or_default().push(si);
        }
        let subgraph = |services: Vec<usize>| {
            let mut local: Vec<usize> = services.iter().flat_map(|&s| members[s].clone()).collect();
            local.sort_unstable();
            local.dedup();
            let renumber = |s: usize| Service {
                validators: members[s]
                    .iter()
                    .filter_map(|v| local.binary_search(v).ok())
                    .collect(),
                ..self.services[s].clone()
            };
            let services = services.into_iter().map(renumber).collect();
            RestakingGraph {
                stakes: local.iter().map(|&v| self.stakes[v]).collect(),
                services,
            }
        };
        parts.into_values().map(subgraph).collect()
    }

    /// The same graph with every threshold above 1 lowered to 1.
    fn capped_thresholds(&self) -> RestakingGraph {
        let cap = |s: &Service| Service {
            threshold: if s.threshold > 1.0 { 1.0 } else { s.threshold },
            ..s.clone()
        };
        RestakingGraph {
            stakes: self.stakes.clone(),
            services: self.services.iter().map(cap).collect(),
        }
    }

    /// The slack bound implied by the EigenLayer condition: `1 / max_v w_v - 1`, where
    /// `w_v` is validator `v`'s entry divided by its stake (-1 if a service is free to attack).
    fn eigen_slack_bound(&self) -> f64 {
        let mut w = vec![0.0; self.stakes.len()];
        for s in &self.services {
            let members = members(self, s);
            let ws = weight(self, s, &members);
            if ws.is_infinite() {
                return -1.0;
            }
            for &v in &members {
                w[v] += ws;
            }
        }
        let max_w = (0..w.len())
            .filter(|&v| clean(self.stakes[v]) > 0.0)
            .fold(0.0, |m: f64, v| m.max(w[v]));
        1.0 / max_w - 1.0
    }
}

/// `pi_s / (alpha_s * sigma(N(s)))`: 0 without profit, infinite when `s` is free to attack.
fn weight(g: &RestakingGraph, s: &Service, members: &[usize]) -> f64 {
    let profit = clean(s.profit);
    let stake: f64 = members.iter().map(|&v| clean(g.stakes[v])).sum();
    let required = required(s.threshold, stake);
    if profit == 0.0 {
        0.0
    } else if required == 0.0 {
        f64::INFINITY
    } else {
        profit / required
    }
}

/// The representative of `v`'s set in the union-find forest `root`, halving paths on the way.
fn find(root: &mut [usize], mut v: usize) -> usize {
    while root[v] != v {
        root[v] = root[root[v]];
        v = root[v];
    }
    v
}

/// Merges the sets of `a` and `b`, the smaller representative becoming the root.
fn join(root: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(root, a), find(root, b));
    root[ra.max(rb)] = ra.min(rb);
}

/// A service's validators: in range, each once, in ascending order.
fn members(g: &RestakingGraph, s: &Service) -> Vec<usize> {
    let mut m: Vec<usize> = s
        .validators
        .iter()
        .copied()
        .filter(|&v| v < g.stakes.len())
        .collect();
    m.sort_unstable();
    m.dedup();
    m
}

/// A stake or profit as the analysis reads it: finite and non-negative, else 0.
fn clean(x: f64) -> f64 {
    if x.is_finite() && x > 0.0 {
        x
    } else {
        0.0
    }
}

/// Stake an attacker must hold among validators holding `stake`: 0 when the threshold is not
/// positive (NaN included) or there is no stake, so the empty coalition suffices.
fn required(alpha: f64, stake: f64) -> f64 {
    if alpha > 0.0 && stake > 0.0 {
        alpha * stake
    } else {
        0.0
    }
}

/// `a >= b` up to the relative tolerance (for "the threshold is met"); never for `b` infinite.
fn at_least(a: f64, b: f64) -> bool {
    a >= b - REL_EPS * larger(a, b)
}

/// `a > b` by more than the relative tolerance (for "the attack is profitable").
fn exceeds(a: f64, b: f64) -> bool {
    a > b + REL_EPS * larger(a, b)
}

/// `a.max(b)` (the other one when either is NaN) without the call to `fmax` that wasm32 makes
/// for `f64::max` (its `f64.max` instruction treats NaN differently); these comparisons run
/// for every coalition the security scan visits.
fn larger(a: f64, b: f64) -> f64 {
    if b.is_nan() || a >= b {
        a
    } else {
        b
    }
}

/// The paper's bound on `R_psi` given slack `gamma`, capped at 1 (and 1 when `gamma <= 0`).
fn theorem_bound(gamma: f64, psi: f64) -> f64 {
    if gamma > 0.0 {
        ((1.0 + 1.0 / gamma) * psi).min(1.0)
    } else {
        1.0
    }
}

/// The graph reduced to what the searches need: validators with positive stake (compact
/// indices, ascending original order) and services with positive profit.
struct Compact {
    stake: Vec<f64>,
    profit: Vec<f64>,
    alpha: Vec<f64>,
    /// Per service, its compact validators as a bit mask (only used with at most 64).
    mask: Vec<u64>,
    /// Per compact validator, the services it secures.
    serves: Vec<Vec<usize>>,
}

impl Compact {
    /// With `only_serving`, validators that secure no profitable service are dropped too.
    fn new(g: &RestakingGraph, only_serving: bool) -> Compact {
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
    fn required_among(&self, alive: u64) -> Vec<f64> {
        (0..self.profit.len())
            .map(|s| required(self.alpha[s], self.sum(self.mask[s] & alive)))
            .collect()
    }

    /// Bit mask of every compact validator (at most [`CASCADE_VALIDATOR_LIMIT`] of them).
    fn all_mask(&self) -> u64 {
        (1u64 << self.stake.len()) - 1
    }

    /// Total stake of the compact validators in `mask`, summed in ascending order.
    fn sum(&self, mask: u64) -> f64 {
        (0..self.stake.len())
            .filter(|&i| mask >> i & 1 == 1)
            .map(|i| self.stake[i])
            .sum()
    }
}

/// Calls `leaf(B, sigma(B), sums)` for every subset `B` of `pool` (compact validator indices,
/// each below 64) with `sigma(B)` at most `cap`, where `sums[s] = sigma(B & N(s))`. Sums are
/// built in `pool` order, so a set's sums do not depend on the path that reached it.
fn for_each_subset(c: &Compact, pool: &[usize], cap: f64, leaf: &mut impl FnMut(u64, f64, &[f64])) {
    let mut layers = vec![0.0; (pool.len() + 1) * c.profit.len()];
    Subsets { c, pool, cap }.descend(0, (0, 0.0), &mut layers, leaf);
}

/// The fixed inputs of [`for_each_subset`]'s depth-first walk.
struct Subsets<'a> {
    c: &'a Compact,
    pool: &'a [usize],
    cap: f64,
}

impl Subsets<'_> {
    /// Decides `pool[depth]` (out, then in), with `layers[depth]` holding the sums so far.
    fn descend(
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
struct Scan {
    /// Smallest `sigma(B) / pi(A)` over attacking coalitions with `pi(A) > 0`.
    min_ratio: f64,
    /// Whether some coalition can attack profitably.
    profitable: bool,
}

/// For each `B` the best `A` is every service whose threshold `B` meets: it maximises `pi(A)`,
/// and validators of `B` outside `N(A)` only add cost, so a cheaper `B` covers that case.
fn scan(c: &Compact) -> Scan {
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
fn worst_shock(c: &Compact, budget: f64) -> f64 {
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
fn largest_attack(c: &Compact, alive: u64) -> f64 {
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
struct Cascade<'a> {
    c: &'a Compact,
    memo: BTreeMap<(u64, u64), f64>,
}

impl Cascade<'_> {
    /// Largest stake the attacks still to come can slash, from this state.
    fn worst_after(&mut self, alive_v: u64, alive_s: u64) -> f64 {
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
    fn moves(&self, alive_v: u64, alive_s: u64) -> Vec<(u64, f64, u64)> {
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
    fn feasible(&self, a: u64, b: u64, cost: f64) -> bool {
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
    fn minimal(&self, a: u64, b: u64, cost: f64) -> bool {
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
