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

mod search;

use std::collections::BTreeMap;

use search::*;

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
