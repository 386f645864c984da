//! Criterion benchmarks of the engine's hot functions: StableSwap `get_D`/`get_y` (legacy and
//! ng), one pipeline step inside the oracle cascade, `slash_operator`, liquidations and
//! `state_hash`. Run with `cargo bench -p restake-engine --bench hot` (or `scripts/bench.sh`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use restake_engine::amm::{stableswap, stableswap_ng};
use restake_engine::events::EventLog;
use restake_engine::{agents, pipeline, restaking, Sim};

const WAD: u128 = 1_000_000_000_000_000_000;

/// A depegged pool as in the cascade: 60k ETH against 140k LRT, A = 50.
const XP: [u128; 2] = [60_000 * WAD, 140_000 * WAD];
const AMP: u128 = 50;

fn stableswap_math(c: &mut Criterion) {
    let mut g = c.benchmark_group("stableswap");
    g.bench_function("legacy get_D", |b| {
        b.iter(|| stableswap::get_d(black_box(XP), black_box(AMP)).unwrap())
    });
    g.bench_function("legacy get_y", |b| {
        b.iter(|| stableswap::get_y(1, 0, black_box(150_000 * WAD), black_box(XP), AMP).unwrap())
    });
    g.bench_function("ng get_D", |b| {
        b.iter(|| stableswap_ng::get_d(black_box(XP), black_box(AMP)).unwrap())
    });
    g.bench_function("ng get_y", |b| {
        b.iter(|| stableswap_ng::get_y(1, 0, black_box(150_000 * WAD), black_box(XP), AMP).unwrap())
    });
    g.finish();
}

/// The oracle cascade just before `block`.
fn cascade_at(block: u64) -> Sim {
    let mut sim = Sim::preset("oracle-cascade", 42).unwrap();
    sim.run(block - 1);
    sim
}

fn pipeline_steps(c: &mut Criterion) {
    let mut g = c.benchmark_group("pipeline step");
    // Calm block, the block of the oracle fault, and blocks of the slash and liquidation wave
    // (the veto window of 3,600 blocks ends at 3,900).
    for block in [100u64, 300, 3_901, 3_905] {
        let sim = cascade_at(block);
        g.bench_function(format!("oracle-cascade block {block}"), |b| {
            b.iter_batched(
                || (sim.world().clone(), EventLog::default()),
                |(mut w, mut log)| pipeline::step(&mut w, &mut log),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

fn slashing_and_liquidation(c: &mut Criterion) {
    let sim = cascade_at(3_900);
    let w = sim.world().clone();
    let avs = w.operators[0].allocations[0].avs;
    c.bench_function("slash_operator (shared, 10%)", |b| {
        b.iter_batched(
            || (w.operators[0].clone(), w.ledger.clone()),
            |(mut op, mut ledger)| {
                restaking::slash_operator(
                    &mut op,
                    &mut ledger,
                    w.slash_escrow,
                    avs,
                    WAD / 10,
                    w.model,
                )
            },
            BatchSize::SmallInput,
        )
    });
    // Liquidation amounts for every position at a 10% lower oracle price.
    let mut market = w.markets[0].clone();
    market.oracle_price = market.oracle_price * 9 / 10;
    c.bench_function("lending liquidation amounts (all positions)", |b| {
        b.iter(|| {
            market
                .positions
                .iter()
                .filter_map(|p| market.liquidation(p, 1_000 * WAD))
                .count()
        })
    });
    // Phase 7 in the block where the slash wave hits the market.
    let wave = cascade_at(3_905);
    c.bench_function("liquidators::run (cascade block 3905)", |b| {
        b.iter_batched(
            || wave.world().clone(),
            |mut w| agents::liquidators::run(&mut w, &mut EventLog::default()),
            BatchSize::SmallInput,
        )
    });
}

fn hashing(c: &mut Criterion) {
    let sim = cascade_at(4_000);
    c.bench_function("state_hash", |b| b.iter(|| sim.state_hash()));
    // The largest world: 171,502 ledger accounts and 160,000 holders (docs/PERFORMANCE.md).
    let mut large = Sim::preset("mainnet-scale", 42).expect("preset");
    large.run(100);
    c.bench_function("state_hash (mainnet-scale)", |b| {
        b.iter(|| large.state_hash())
    });
}

criterion_group!(
    benches,
    stableswap_math,
    pipeline_steps,
    slashing_and_liquidation,
    hashing
);
criterion_main!(benches);
