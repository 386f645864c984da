//! Network-level security of restaking graphs (MODEL.md section 5; Durvasula and Roughgarden,
//! "Robust Restaking Networks", arXiv 2407.21785): hand-derived values, a brute-force reference
//! built straight from the definitions, and the paper's bound `R_psi < (1 + 1/gamma) psi`.

use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use restake_engine::security::{
    RestakingGraph, Service, CASCADE_VALIDATOR_LIMIT, EXACT_VALIDATOR_LIMIT, RIGID_VALIDATOR_LIMIT,
};

/// Builds a graph from stakes and `(profit, threshold, validators)` triples.
fn graph(stakes: &[f64], services: &[(f64, f64, &[usize])]) -> RestakingGraph {
    RestakingGraph {
        stakes: stakes.to_vec(),
        services: services
            .iter()
            .map(|&(profit, threshold, v)| Service {
                profit,
                threshold,
                validators: v.to_vec(),
            })
            .collect(),
    }
}

/// Asserts `actual` is within `1e-12` of `expected`.
fn close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < 1e-12,
        "{what}: got {actual}, expected {expected}"
    );
}

/// A random graph: stakes in [1, 10], profits in [1, 20], thresholds in {1/3, 1/2, 2/3, 1},
/// each service secured by a random non-empty set of validators.
fn random_graph(rng: &mut ChaCha8Rng, validators: usize, services: usize) -> RestakingGraph {
    let stakes = (0..validators)
        .map(|_| rng.random_range(1.0..10.0))
        .collect();
    let services = (0..services)
        .map(|_| {
            let mut members: Vec<usize> =
                (0..validators).filter(|_| rng.random_bool(0.5)).collect();
            if members.is_empty() {
                members.push(rng.random_range(0..validators));
            }
            let threshold = [1.0 / 3.0, 0.5, 2.0 / 3.0, 1.0][rng.random_range(0..4)];
            Service {
                profit: rng.random_range(1.0..20.0),
                threshold,
                validators: members,
            }
        })
        .collect();
    RestakingGraph { stakes, services }
}

/// Multiplies every profit by `k`, which divides every `stake(B) / profit(A)` by `k`.
fn scale_profits(g: &mut RestakingGraph, k: f64) {
    g.services.iter_mut().for_each(|s| s.profit *= k);
}

// ---------------------------------------------------------------------------------------------
// Reference: the definitions of MODEL.md section 5 enumerated literally (every A, every B).
// ---------------------------------------------------------------------------------------------

fn stake_of(g: &RestakingGraph, set: u32) -> f64 {
    (0..g.stakes.len())
        .filter(|&v| set >> v & 1 == 1)
        .map(|v| g.stakes[v])
        .sum()
}

fn neighbours(g: &RestakingGraph, s: usize) -> u32 {
    g.services[s].validators.iter().fold(0, |m, &v| m | 1 << v)
}

/// `(A, B)` can attack while only `alive` validators remain.
fn can_attack(g: &RestakingGraph, a: u32, b: u32, alive: u32) -> bool {
    (0..g.services.len()).filter(|&s| a >> s & 1 == 1).all(|s| {
        let n = neighbours(g, s) & alive;
        stake_of(g, b & n) >= g.services[s].threshold * stake_of(g, n) * (1.0 - 1e-9)
    })
}

fn profit_of(g: &RestakingGraph, a: u32) -> f64 {
    (0..g.services.len())
        .filter(|&s| a >> s & 1 == 1)
        .map(|s| g.services[s].profit)
        .sum()
}

/// Reference slack: min over attacking (A, B) with profit(A) > 0 of stake(B) / profit(A), less 1.
fn reference_slack(g: &RestakingGraph) -> f64 {
    let all_v = (1u32 << g.stakes.len()) - 1;
    let mut min_ratio = f64::INFINITY;
    for a in 1..1u32 << g.services.len() {
        for b in 0..=all_v {
            if can_attack(g, a, b, all_v) {
                min_ratio = min_ratio.min(stake_of(g, b) / profit_of(g, a));
            }
        }
    }
    min_ratio - 1.0
}

/// Reference cascade: from (alive validators, alive services), every profitable attack with
/// `B` inside `N(A)` removes `A` and `B`; returns the largest stake the cascade can slash.
fn reference_cascade(
    g: &RestakingGraph,
    alive_v: u32,
    alive_s: u32,
    memo: &mut HashMap<(u32, u32), f64>,
) -> f64 {
    if let Some(&x) = memo.get(&(alive_v, alive_s)) {
        return x;
    }
    let mut best = 0.0;
    for a in (1..1u32 << g.services.len()).filter(|&a| a & !alive_s == 0) {
        let reach = (0..g.services.len())
            .filter(|&s| a >> s & 1 == 1)
            .fold(0, |m, s| m | neighbours(g, s));
        for b in (0..=alive_v).filter(|&b| b & !(alive_v & reach) == 0) {
            let cost = stake_of(g, b);
            if can_attack(g, a, b, alive_v) && profit_of(g, a) > cost * (1.0 + 1e-9) {
                best = f64::max(
                    best,
                    cost + reference_cascade(g, alive_v & !b, alive_s & !a, memo),
                );
            }
        }
    }
    memo.insert((alive_v, alive_s), best);
    best
}

/// Reference `R_psi`: every shock with stake at most `psi` of the total, then the worst cascade.
fn reference_loss(g: &RestakingGraph, psi: f64) -> f64 {
    let all_v = (1u32 << g.stakes.len()) - 1;
    let all_s = (1u32 << g.services.len()) - 1;
    let total = stake_of(g, all_v);
    let mut memo = HashMap::new();
    let mut worst: f64 = 0.0;
    for d in (0..=all_v).filter(|&d| stake_of(g, d) <= psi * total) {
        worst = worst.max(stake_of(g, d) + reference_cascade(g, all_v & !d, all_s, &mut memo));
    }
    worst / total
}

// ---------------------------------------------------------------------------------------------
// (1) One service, one validator.
// ---------------------------------------------------------------------------------------------

#[test]
fn single_validator_single_service() {
    // The only attack with positive profit is A = {s}, B = {v}: cost 10. Profit 5: 10 >= 5, so
    // secure, and the largest gamma with (1 + gamma) 5 <= 10 is 1.
    let g = graph(&[10.0], &[(5.0, 1.0, &[0])]);
    assert!(g.is_secure());
    close(g.slack(), 1.0, "slack at profit 5");
    // Profit 15 > 10: insecure, gamma = 10 / 15 - 1 = -1/3.
    let g = graph(&[10.0], &[(15.0, 1.0, &[0])]);
    assert!(!g.is_secure());
    close(g.slack(), -1.0 / 3.0, "slack at profit 15");
    // Profit exactly 10 is a tie: pi(A) > sigma(B) fails, so the graph is secure with slack 0.
    let g = graph(&[10.0], &[(10.0, 1.0, &[0])]);
    assert!(g.is_secure());
    close(g.slack(), 0.0, "slack at profit 10");
}

#[test]
fn ties_lost_to_rounding_count_as_ties() {
    // Stakes 0.1 and 0.7 hold 0.8 exactly, but 0.1 + 0.7 is 0.7999999999999999 in f64. Profit
    // 0.8 against cost 0.8 is a tie, so the defender wins: secure, slack 0 up to rounding.
    let g = graph(&[0.1, 0.7], &[(0.8, 1.0, &[0, 1])]);
    assert!(g.is_secure());
    assert!(g.slack().abs() < 1e-12);
    // Stakes 0.1, 0.6, 0.8 (1.5), threshold 0.4: 0.6 is needed, and validator 1 holds exactly
    // that, although 0.4 * 1.5 is 0.6000000000000001 in f64. So {1} attacks at cost 0.6 and a
    // profit of 0.65 makes the graph insecure, slack 0.6 / 0.65 - 1 (the next cheapest
    // coalition, {0, 1} at 0.7, would have called it secure).
    let g = graph(&[0.1, 0.6, 0.8], &[(0.65, 0.4, &[0, 1, 2])]);
    assert!(!g.is_secure());
    close(g.slack(), 0.6 / 0.65 - 1.0, "slack");
}

// ---------------------------------------------------------------------------------------------
// (2) Shared security's hidden leverage.
// ---------------------------------------------------------------------------------------------

#[test]
fn two_services_secure_alone_but_not_together() {
    // Four validators of stake 10. s1 = {0, 1, 2} and s2 = {1, 2, 3}, threshold 2/3 of 30 = 20,
    // profit 15 each. Alone, each service needs two of its validators: cost 20 >= 15, secure,
    // gamma = 20 / 15 - 1 = 1/3. Together, B = {1, 2} holds 20 of each service's 30 and so
    // attacks both: profit 30 > cost 20. The cheapest B for A = {s1, s2} is that one, so
    // gamma = 20 / 30 - 1 = -1/3.
    let stakes = [10.0; 4];
    let s1 = (15.0, 2.0 / 3.0, &[0usize, 1, 2][..]);
    let s2 = (15.0, 2.0 / 3.0, &[1usize, 2, 3][..]);
    for alone in [graph(&stakes, &[s1]), graph(&stakes, &[s2])] {
        assert!(alone.is_secure());
        close(alone.slack(), 1.0 / 3.0, "one service");
    }
    let both = graph(&stakes, &[s1, s2]);
    assert!(!both.is_secure());
    close(both.slack(), -1.0 / 3.0, "both services");
    // With disjoint validator sets ({0, 1} and {2, 3}, same 2/3 of 20 = 13.3 so two validators
    // each) there is no leverage: the cheapest joint attack costs 40 for profit 30.
    let apart = graph(
        &stakes,
        &[(15.0, 2.0 / 3.0, &[0, 1]), (15.0, 2.0 / 3.0, &[2, 3])],
    );
    assert!(apart.is_secure());
    close(apart.slack(), 1.0 / 3.0, "disjoint services");
}

#[test]
fn matches_the_brute_force_definition_on_random_graphs() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let (mut secure, mut insecure) = (0, 0);
    for _ in 0..300 {
        let (v, s) = (rng.random_range(1..=6), rng.random_range(1..=4));
        let g = random_graph(&mut rng, v, s);
        let expected = reference_slack(&g);
        assert!(
            (g.slack() - expected).abs() < 1e-12,
            "{g:?}: slack {} vs {expected}",
            g.slack()
        );
        assert_eq!(g.is_secure(), expected >= 0.0, "{g:?}");
        if expected >= 0.0 {
            secure += 1
        } else {
            insecure += 1
        }
    }
    assert!(
        secure > 30 && insecure > 30,
        "both kinds must be exercised: {secure} / {insecure}"
    );
}

// ---------------------------------------------------------------------------------------------
// (3) Cascades: one by hand, the brute-force reference, and the paper's bound.
// ---------------------------------------------------------------------------------------------

/// Stakes a = 1, b = 4, c = 5, d = 10 (total 20); s1 = {a, b}, s2 = {b, c}, s3 = {d}, all with
/// threshold 1 and profits 4.5, 5.25, 5.
fn chain() -> RestakingGraph {
    graph(
        &[1.0, 4.0, 5.0, 10.0],
        &[(4.5, 1.0, &[0, 1]), (5.25, 1.0, &[1, 2]), (5.0, 1.0, &[3])],
    )
}

#[test]
fn a_shock_triggers_a_hand_computed_cascade() {
    // Threshold 1 means B must hold all of N(s). Coalitions and the services they can attack:
    // {a,b}: s1, 5 / 4.5; {b,c}: s2, 9 / 5.25; {a,b,c}: s1+s2, 10 / 9.75; {d}: s3, 10 / 5; the
    // supersets cost more per profit. The minimum is 10 / 9.75, so gamma = 0.25 / 9.75 = 1/39 > 0
    // and the graph is secure.
    let g = chain();
    assert!(g.is_secure());
    close(g.slack(), 1.0 / 39.0, "slack");
    // psi = 0.04 allows 0.8 of stake: no validator is that small, nothing is removed, the graph
    // is secure, R = 0.
    close(g.worst_case_loss(0.04), 0.0, "R(0.04)");
    // psi = 0.05 allows 1: remove a. Now s1 = {b} costs 4 < 4.5: b attacks and is slashed; then
    // s2 = {c} costs 5 < 5.25: c attacks and is slashed (or {b,c} takes s1+s2 at once, 9 <
    // 9.75). s3 = {d} costs 10 > 5, so the cascade stops: lost 1 + 4 + 5 = 10 of 20, R = 0.5.
    close(g.worst_case_loss(0.05), 0.5, "R(0.05)");
    assert!(g.worst_case_loss(0.05) <= (1.0 + 39.0) * 0.05);
}

#[test]
fn only_validators_of_attacked_services_are_slashed() {
    // x = 1 alone secures s1 (profit 10); w = 5 and y = 20 secure s2 (profit 1); thresholds 1.
    // With no shock: {x} -> s1 is profitable (10 > 1) and slashes 1. {x, w} -> s1 would also
    // be "profitable" (10 > 6), but s1 cannot slash w, so it is not an attack on s1; {x, w}
    // cannot attack s2 without y, and {x, w, y} -> s1 + s2 costs 26 > 11. So R(0) = 1 / 26.
    let g = graph(&[1.0, 5.0, 20.0], &[(10.0, 1.0, &[0]), (1.0, 1.0, &[1, 2])]);
    assert!(!g.is_secure());
    close(g.worst_case_loss(0.0), 1.0 / 26.0, "only x can be slashed");
}

#[test]
fn a_threshold_above_one_is_freed_by_the_shock() {
    // Validator 0 (stake 1) alone secures s with threshold 2 and profit 100: no coalition can
    // hold twice the stake there, so s is safe while validator 0 has stake. Validators 1..=7
    // (stake 1 each) secure t with threshold 1 and profit 4: slack = 7 / 4 - 1 = 0.75.
    let mut t: Vec<usize> = (1..8).collect();
    let g = graph(&[1.0; 8], &[(100.0, 2.0, &[0]), (4.0, 1.0, &t)]);
    close(g.slack(), 0.75, "slack");
    // A shock of 0.13 * 8 = 1.04 removes validator 0; s then has no stake and is free, so
    // {1..=7} attacks s + t for 104 > 7. Everything is lost: R = 1, far above the (1 + 1/0.75)
    // * 0.13 = 0.30 that the paper's bound would give with thresholds of at most 1.
    close(g.worst_case_loss(0.13), 1.0, "exact search");
    // With one more validator the exact search is out of reach and the fallback bound uses the
    // slack with thresholds capped at 1: s then costs 1 for 100, slack < 0, bound 1.
    t.push(8);
    let g = graph(&[1.0; 9], &[(100.0, 2.0, &[0]), (4.0, 1.0, &t)]);
    assert!(g.stakes.len() > RIGID_VALIDATOR_LIMIT);
    close(g.worst_case_loss(0.01), 1.0, "fallback");
}

#[test]
fn a_cascade_may_keep_a_service_for_a_later_attack() {
    // x = 1, y = 5. s1 = {x}: threshold 1, profit 2. s2 = {x, y}: threshold 1/6 of 6 = 1,
    // profit 0.1. r = {x}: threshold 2, profit 10 (safe while x has stake). No shock. First
    // attacks: {x} meets s1 and s2 (r needs 2 of x's 1); {y} meets s2 alone, 0.1 < 5; {x, y}
    // gets 2.1 < 6. So {x} attacks. Taking s1 + s2 at once (2.1 > 1) slashes x and frees r, but
    // y then secures no live service and the cascade ends: loss 1. Taking s1 alone (2 > 1)
    // keeps s2, now {y} with threshold 1/6 of 5: y attacks s2 + the freed r, 10.1 > 5, and is
    // slashed too. The worst case is the latter: R(0) = 6 / 6 = 1.
    let g = graph(
        &[1.0, 5.0],
        &[
            (2.0, 1.0, &[0]),
            (0.1, 1.0 / 6.0, &[0, 1]),
            (10.0, 2.0, &[0]),
        ],
    );
    close(g.worst_case_loss(0.0), 1.0, "s2 kept for y");
}

#[test]
fn worst_case_loss_matches_the_brute_force_cascade() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut cascades = 0;
    for _ in 0..150 {
        let (v, s) = (rng.random_range(1..=5), rng.random_range(1..=3));
        let mut g = random_graph(&mut rng, v, s);
        scale_profits(&mut g, rng.random_range(0.3..1.2));
        // A third of the graphs get a service with threshold above 1 (the memoised search).
        if rng.random_bool(1.0 / 3.0) {
            g.services[0].threshold = 1.5;
        }
        for psi in [0.0, 0.1, 0.25, 0.5] {
            let expected = reference_loss(&g, psi);
            let got = g.worst_case_loss(psi);
            assert!(
                (got - expected).abs() < 1e-12,
                "{g:?} psi {psi}: {got} vs {expected}"
            );
            if expected > psi + 1e-9 {
                cascades += 1;
            }
        }
    }
    assert!(cascades > 20, "too few cascades exercised: {cascades}");
}

#[test]
fn loss_stays_within_the_slack_bound_on_random_graphs() {
    // Scaling profits by k = (1 + gamma0) / (1 + gamma) turns slack gamma0 into gamma.
    let mut rng = ChaCha8Rng::seed_from_u64(23);
    for round in 0..60 {
        let (v, s) = (rng.random_range(2..=8), rng.random_range(1..=4));
        let mut g = random_graph(&mut rng, v, s);
        let gamma = [0.02, 0.1, 0.5, 1.0][round % 4];
        let k = (1.0 + g.slack()) / (1.0 + gamma);
        scale_profits(&mut g, k);
        assert!(
            (g.slack() - gamma).abs() < 1e-9,
            "rescaled slack {}",
            g.slack()
        );
        for psi in [0.001, 0.01, 0.05, 0.1, 0.2, 0.3] {
            let loss = g.worst_case_loss(psi);
            assert!(
                loss >= 0.0 && loss <= (1.0 + 1.0 / gamma) * psi + 1e-12,
                "{g:?}: R({psi}) = {loss}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (4) MODEL.md section 5's self-check: 10% slack, 0.1% shock, at most 1.1% lost.
// ---------------------------------------------------------------------------------------------

#[test]
fn ten_percent_slack_and_a_tenth_of_a_percent_shock() {
    // Stakes 1, 9, 990 (total 1000). s = {0, 1} with profit 10 / 1.1, t = {2} with profit
    // 990 / 1.1 = 900, both threshold 1. Every attack costs exactly 1.1 times its profit:
    // {0,1} -> s: 10 / 9.09; {2} -> t: 990 / 900; all -> s+t: 1000 / 909.09. So gamma = 0.1.
    let g = graph(
        &[1.0, 9.0, 990.0],
        &[(10.0 / 1.1, 1.0, &[0, 1]), (900.0, 1.0, &[2])],
    );
    assert!((g.slack() - 0.1).abs() < 1e-12, "slack {}", g.slack());
    // A 0.1% shock (stake 1) removes validator 0. Then s = {1} costs 9 < 9.09: validator 1
    // attacks and loses 9. t costs 990 > 900 and stays safe. Lost 10 of 1000: R = 1%, within
    // the paper's (1 + 1/0.1) * 0.1% = 1.1%.
    let r = g.worst_case_loss(0.001);
    close(r, 0.01, "R(0.001)");
    assert!(r <= 0.011 + 1e-12);
}

// ---------------------------------------------------------------------------------------------
// (5) EigenLayer's sufficient condition.
// ---------------------------------------------------------------------------------------------

#[test]
fn eigenlayer_condition_by_hand() {
    // Stakes 10, 20, 30. s1 = {0, 1}: stake 30, profit 6, threshold 1/2, profit / threshold 12.
    // s2 = {1, 2}: stake 50, profit 10, threshold 1/2, profit / threshold 20.
    // v0: 10/30 * 12 = 4. v1: 20/30 * 12 + 20/50 * 20 = 8 + 8 = 16. v2: 30/50 * 20 = 12.
    // Each is at most its stake (4 <= 10, 16 <= 20, 12 <= 30), so the graph is secure.
    let g = graph(
        &[10.0, 20.0, 30.0],
        &[(6.0, 0.5, &[0, 1]), (10.0, 0.5, &[1, 2])],
    );
    let sums = g.eigenlayer_condition();
    assert_eq!(sums.len(), 3);
    for (got, expected) in sums.iter().zip([4.0, 16.0, 12.0]) {
        close(*got, expected, "condition");
    }
    assert!(g.is_secure());
    // Sufficient, not necessary: stakes 1 and 9, one service, threshold 1/2 of 10, profit 6.
    // v0: 1/10 * 12 = 1.2 > 1 fails, yet the cheapest attack needs 5 of stake, so B = {v1},
    // cost 9 > 6: secure.
    let g = graph(&[1.0, 9.0], &[(6.0, 0.5, &[0, 1])]);
    close(g.eigenlayer_condition()[0], 1.2, "v0");
    assert!(g.is_secure());
}

#[test]
fn eigenlayer_condition_implies_security_on_random_graphs() {
    // Scaling profits by min_v stake_v / sum_v puts the worst validator exactly on the boundary.
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let mut checked = 0;
    for _ in 0..200 {
        let (v, s) = (rng.random_range(1..=8), rng.random_range(1..=5));
        let mut g = random_graph(&mut rng, v, s);
        let worst = g
            .eigenlayer_condition()
            .iter()
            .zip(&g.stakes)
            .map(|(c, s)| c / s)
            .fold(0.0, f64::max);
        scale_profits(&mut g, rng.random_range(0.5..=1.0) / worst);
        if g.eigenlayer_condition()
            .iter()
            .zip(&g.stakes)
            .all(|(c, s)| c <= s)
        {
            assert!(g.is_secure(), "{g:?}");
            assert!(g.slack() >= -1e-12, "{g:?}");
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} graphs met the condition");
}

// ---------------------------------------------------------------------------------------------
// Beyond the exact limit, and malformed input.
// ---------------------------------------------------------------------------------------------

#[test]
fn separate_components_stay_exact_beyond_the_limit() {
    // 22 validators: v0 = 1, v1 = 9, v2..=v21 = 1. s = {0, 1}, threshold 1/2 of 10, profit 6:
    // v0 alone holds too little, so the cheapest attack is v1 at 9, ratio 9/6. t = {2..=21},
    // threshold 1/2 of 20, profit 5: ten validators at 10, ratio 2. The services share nobody,
    // so each component (2 and 20 validators) is enumerated exactly: slack = 9/6 - 1 = 1/2.
    let mut stakes = vec![1.0, 9.0];
    stakes.extend([1.0; 20]);
    let t: Vec<usize> = (2..22).collect();
    let g = graph(&stakes, &[(6.0, 0.5, &[0, 1]), (5.0, 0.5, &t)]);
    assert!(g.stakes.len() > EXACT_VALIDATOR_LIMIT);
    close(g.slack(), 0.5, "slack");
    assert!(g.is_secure());
}

#[test]
fn beyond_the_exact_limit_the_eigenlayer_bound_is_used() {
    // As above, but t = {1..=21} also includes v1, so one component of 22 validators. t holds
    // 29 and needs 14.5. Exactly: s alone costs 9 (ratio 9/6); t alone costs 15 (v1 and six
    // others, or fifteen others; ratio 3); both need v1 for s and then six more for t, cost 15
    // for profit 11. So the true slack is 15/11 - 1 = 4/11 and the graph is secure. Over the
    // limit the EigenLayer bound is used: w_v1 = 6 / (0.5 * 10) + 5 / 14.5 is the largest, and
    // slack = 1 / w_v1 - 1 < 0: lower than the truth, so reported insecure (the cautious side).
    let mut stakes = vec![1.0, 9.0];
    stakes.extend([1.0; 20]);
    let t: Vec<usize> = (1..22).collect();
    let g = graph(&stakes, &[(6.0, 0.5, &[0, 1]), (5.0, 0.5, &t)]);
    let bound = 1.0 / (6.0 / 5.0 + 5.0 / 14.5) - 1.0;
    close(g.slack(), bound, "bound");
    assert!(bound < 4.0 / 11.0 && !g.is_secure());
    // worst_case_loss falls back to min(1, (1 + 1/gamma) psi), which is 1 for gamma <= 0.
    assert!(g.stakes.len() > CASCADE_VALIDATOR_LIMIT);
    close(g.worst_case_loss(0.01), 1.0, "fallback, gamma < 0");
    // Profits 4 and 1.45: w_v1 = 0.8 + 0.1 = 0.9, bound slack = 1/0.9 - 1 = 1/9 >= 0, so
    // secure, and the loss bound is (1 + 9) * 0.01 = 0.1.
    let g = graph(&stakes, &[(4.0, 0.5, &[0, 1]), (1.45, 0.5, &t)]);
    close(g.slack(), 1.0 / 9.0, "bound");
    assert!(g.is_secure());
    close(g.worst_case_loss(0.01), 0.1, "fallback");
}

#[test]
fn malformed_input_never_panics() {
    // An empty graph: nothing to attack.
    let empty = graph(&[], &[]);
    assert!(empty.is_secure());
    assert_eq!(empty.slack(), f64::INFINITY);
    assert_eq!(empty.worst_case_loss(0.5), 0.0);
    // Index 7 is out of range and ignored, index 0 repeated counts once: s = {0}, cost 10.
    let g = graph(&[10.0, 5.0], &[(5.0, 1.0, &[0, 7, 0])]);
    close(g.slack(), 1.0, "ignored indices");
    close(g.eigenlayer_condition()[0], 5.0, "condition");
    // Threshold 0 (or NaN): the empty coalition attacks for free, slack -1, insecure.
    for threshold in [0.0, f64::NAN] {
        let g = graph(&[10.0], &[(1.0, threshold, &[0])]);
        assert!(!g.is_secure());
        close(g.slack(), -1.0, "free attack");
        assert_eq!(g.eigenlayer_condition()[0], f64::INFINITY);
    }
    // NaN and negative stakes count as 0: the service has no stake and is free to attack.
    let g = graph(&[f64::NAN, -3.0], &[(1.0, 0.5, &[0, 1])]);
    assert!(!g.is_secure());
    assert_eq!(g.worst_case_loss(f64::NAN), 0.0);
    // A threshold above 1 cannot be met: no attack, slack infinite, no cascade.
    let g = graph(&[10.0], &[(100.0, 1.5, &[0])]);
    assert!(g.is_secure());
    assert_eq!(g.slack(), f64::INFINITY);
    close(g.worst_case_loss(0.0), 0.0, "unattackable");
}

#[test]
fn most_profitable_attack_finds_the_hidden_leverage_coalition() {
    use restake_engine::security::{RestakingGraph, Service};
    // Four validators of 10; s1 = {0,1,2}, s2 = {1,2,3}, threshold 2/3, profit 15 each.
    // {1,2} holds 20 >= 2/3 * 30 of both: profit 30 > cost 20, net 10. No other coalition nets
    // more: {0,1} attacks only s1 (15 < 20).
    let g = RestakingGraph {
        stakes: vec![10.0; 4],
        services: vec![
            Service {
                profit: 15.0,
                threshold: 2.0 / 3.0,
                validators: vec![0, 1, 2],
            },
            Service {
                profit: 15.0,
                threshold: 2.0 / 3.0,
                validators: vec![1, 2, 3],
            },
        ],
    };
    let a = g
        .most_profitable_attack()
        .expect("insecure graph has an attack");
    assert_eq!(a.validators, vec![1, 2]);
    assert_eq!(a.services, vec![0, 1]);
    assert_eq!((a.profit, a.cost), (30.0, 20.0));
    let secure = RestakingGraph {
        stakes: vec![10.0],
        services: vec![Service {
            profit: 5.0,
            threshold: 1.0,
            validators: vec![0],
        }],
    };
    assert!(secure.is_secure());
    assert_eq!(secure.most_profitable_attack(), None);
}
