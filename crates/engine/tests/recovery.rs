//! Runs that can end (docs/BEHAVIOUR.md): a depeg closes when arbitrage capital, returning
//! holders and LPs bring ETH back, and the levers of MODEL.md section 11 move it the right way.
//! Each claim is measured over 20 seeds; horizons are as short as the recovery allows (the
//! invariants are checked after every block in the test profile).

use restake_engine::scenario::{Fault, Scenario};
use restake_engine::{presets, Sim};

const SEEDS: u64 = 20;

/// Runs `s` with `seed` for `blocks` blocks; returns price / NAV after each block.
fn ratios(s: &Scenario, seed: u64, blocks: u64) -> Vec<f64> {
    let mut sim = Sim::new(s.clone(), seed).expect("valid scenario");
    (0..blocks)
        .map(|_| {
            sim.step();
            let m = sim.history().last().expect("a block was run");
            m.lrt_price / m.lrt_nav
        })
        .collect()
}

/// Mean over the seeds of the lowest price / NAV of each run.
fn mean_low(s: &Scenario, blocks: u64) -> f64 {
    (0..SEEDS)
        .map(|seed| ratios(s, seed, blocks).into_iter().fold(f64::MAX, f64::min))
        .sum::<f64>()
        / SEEDS as f64
}

fn whale_exit() -> Scenario {
    presets::get("whale-exit").expect("preset")
}

/// `whale-exit` with the withdrawal pause lasting `blocks`.
fn whale_exit_paused_for(blocks: u64) -> Scenario {
    let mut s = whale_exit();
    for f in &mut s.faults {
        if let Fault::WithdrawalPause { duration_blocks, .. } = &mut f.fault {
            *duration_blocks = blocks;
        }
    }
    s
}

#[test]
fn whale_exit_is_back_within_three_percent_of_nav_inside_a_day() {
    // 15,000 LRT dumped over 50 blocks into a 20,000/20,000 pool, withdrawals paused for 14
    // days: arbitrageurs who price the 28-day wait (10%/yr: 0.77%) buy the discount back.
    let s = whale_exit();
    for seed in 0..SEEDS {
        let r = ratios(&s, seed, 1_200);
        let after = &r[600..];
        let worst = after.iter().copied().fold(f64::MAX, f64::min);
        assert!(worst >= 0.97, "seed {seed}: price/NAV {worst:.4} after block 600");
    }
}

#[test]
fn a_longer_pause_leaves_a_deeper_discount() {
    // MODEL.md section 11: a pause makes arbitrage need more return per trade.
    let short = mean_low(&whale_exit_paused_for(100_800), 300);
    let long = mean_low(&whale_exit_paused_for(2_016_000), 300);
    assert!(
        long < short - 0.02,
        "280-day pause low {long:.4} vs 14-day pause low {short:.4}"
    );
}

#[test]
fn less_arbitrage_capital_or_a_higher_required_return_leaves_a_deeper_discount() {
    // Limits of arbitrage (Shleifer and Vishny 1997): MODEL.md section 11.
    let base = mean_low(&whale_exit(), 300);
    let mut poor = whale_exit();
    poor.arbitrageurs.capital_eth = 1_000;
    let mut demanding = whale_exit();
    demanding.arbitrageurs.required_return_apr = 1.0;
    let (poor, demanding) = (mean_low(&poor, 300), mean_low(&demanding, 300));
    assert!(poor < base - 0.05, "capital 1,000: {poor:.4} vs {base:.4}");
    assert!(
        demanding < base - 0.03,
        "required return 100%/yr: {demanding:.4} vs {base:.4}"
    );
}

/// `oracle-cascade` on a compressed clock (a 1-day queue, a pause decided within 2 h and
/// lifted 12 h after the slash is resolved, a 6-hour loss memory), so that the recovery after
/// the queue pays shows inside 30,000 blocks; each wait is shorter than in the preset, none is
/// removed.
fn compressed_cascade() -> Scenario {
    let mut s = presets::get("oracle-cascade").expect("preset");
    s.lrt.withdrawal_delay_blocks = 7_200;
    s.lrt.pause_delay_blocks = 600;
    s.lrt.pause_resolution_blocks = 3_600;
    s.lrt.pause_max_blocks = 14_400;
    s.stakers.loss_memory_half_life_blocks = 1_800;
    s
}

#[test]
fn the_oracle_cascade_ends_once_the_queue_pays() {
    let s = compressed_cascade();
    let mut ends: Vec<f64> = (0..SEEDS)
        .map(|seed| *ratios(&s, seed, 30_000).last().expect("blocks"))
        .collect();
    ends.sort_by(f64::total_cmp);
    let median = ends[ends.len() / 2];
    assert!(median >= 0.95, "median end price/NAV {median:.4}: {ends:?}");
}

#[test]
fn the_cascade_does_not_end_while_the_pause_lasts() {
    // The same clock with a pause nobody lifts for 30 days: arbitrageurs' capital is locked,
    // so the end is the pause's, not a switch's.
    let mut s = compressed_cascade();
    s.lrt.pause_resolution_blocks = 1_000_000;
    s.lrt.pause_max_blocks = 216_000;
    let ends: Vec<f64> = (0..SEEDS / 4)
        .map(|seed| *ratios(&s, seed, 30_000).last().expect("blocks"))
        .collect();
    let ended = ends.iter().filter(|r| **r >= 0.95).count();
    let lifted = compressed_cascade();
    let lifted_ends: Vec<f64> = (0..SEEDS / 4)
        .map(|seed| *ratios(&lifted, seed, 30_000).last().expect("blocks"))
        .collect();
    let lifted_ended = lifted_ends.iter().filter(|r| **r >= 0.95).count();
    assert!(
        ended < lifted_ended,
        "{ended} of 5 ended under a 30-day pause vs {lifted_ended} with it lifted: {ends:?} {lifted_ends:?}"
    );
}
