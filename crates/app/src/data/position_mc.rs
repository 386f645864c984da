//! The Monte Carlo of the user's position, as plain data: how many seeds, the summary of the
//! finished runs (the engine's [`summarize_runs`], the function `restake position` prints), the
//! rows the card shows and the CLI command that reproduces them. Tested natively; the runs are
//! [`crate::data::monte_carlo::MonteCarlo`] with the engine's [`PositionTracker`], laid out by
//! [`crate::views::position_mc_view`].

use restake_engine::batch::wei_to_eth;
use restake_engine::outcome::{summarize_runs, PositionOutcome, PositionSummary, Tail};

/// Seeds the control starts at, and its range.
pub const DEFAULT_SEEDS: u32 = 20;
pub const MIN_SEEDS: u32 = 1;
pub const MAX_SEEDS: u32 = 200;

/// The loss channels the card shows (ids of [`PositionSummary::channels`]) and their labels.
pub const CHANNELS: [(&str, &str); 6] = [
    ("slashing", "Slashing"),
    ("correlation_penalty", "Correlation penalty"),
    ("depeg", "Depeg"),
    ("liquidation", "Liquidation"),
    ("bad_debt", "Bad debt"),
    ("insurance_shortfall", "Insurance shortfall"),
];

/// The number of seeds typed in the control: a whole number from [`MIN_SEEDS`] to
/// [`MAX_SEEDS`], or an error that says so.
pub fn parse_seeds(text: &str) -> Result<u32, String> {
    let bad =
        || format!("Seeds must be a whole number from {MIN_SEEDS} to {MAX_SEEDS}; got “{text}”.");
    let n: u32 = text.trim().parse().map_err(|_| bad())?;
    if (MIN_SEEDS..=MAX_SEEDS).contains(&n) {
        Ok(n)
    } else {
        Err(bad())
    }
}

/// The summary of the finished runs (in seed order), `None` before the first one.
pub fn summary(runs: &[PositionOutcome]) -> Option<PositionSummary> {
    (!runs.is_empty()).then(|| summarize_runs(runs))
}

/// One channel's tail, ETH.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelTail {
    pub id: &'static str,
    pub label: &'static str,
    pub tail: Tail,
}

/// The tails of [`CHANNELS`], in that order.
pub fn channel_tails(s: &PositionSummary) -> Vec<ChannelTail> {
    CHANNELS
        .iter()
        .filter_map(|&(id, label)| {
            let (_, tail) = s.channels.iter().find(|(n, _)| n == id)?;
            Some(ChannelTail {
                id,
                label,
                tail: tail.clone(),
            })
        })
        .collect()
}

/// The yield stack's medians over the runs, ETH: (label, median).
pub fn yield_medians(s: &PositionSummary) -> Vec<(&'static str, f64)> {
    vec![
        ("Staking", s.base_staking_eth.median),
        ("AVS rewards", s.avs_rewards_eth.median),
        ("LRT incentives", s.lrt_incentives_eth.median),
        ("AVS rewards a year", s.avs_rewards_per_year_eth.median),
    ]
}

/// Each run's net loss, ETH, in seed order (the histogram's values).
pub fn net_losses(runs: &[PositionOutcome]) -> Vec<f64> {
    runs.iter().map(|r| wei_to_eth(r.net_loss_wei)).collect()
}

/// The `restake position` command that prints the same numbers: a preset by name, an edited
/// scenario as `scenario.json` (the toolbar's export). Seeds `base..base+runs` (end excluded).
pub fn cli_command(preset: Option<&str>, base_seed: u64, runs: u32, blocks: u64) -> String {
    format!(
        "restake position --scenario {} --seeds {base_seed}..{} --blocks {blocks}",
        preset.unwrap_or("scenario.json"),
        base_seed + runs as u64
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::monte_carlo::{Config, MonteCarlo};
    use restake_engine::outcome::{run_position, PositionTracker};
    use restake_engine::presets;

    /// The app's runs of `preset` (in slices of `slice` blocks) against `restake position`'s
    /// (the engine's `run_position` per seed, then `summarize_runs`, as `crates/cli/src/position.rs`).
    fn check_equals_cli(preset: &str, base_seed: u64, runs: u32, blocks: u64, slice: u32) {
        let scenario = presets::get(preset).expect("preset");
        let config = Config {
            runs,
            to_block: blocks,
            base_seed,
        };
        let mut mc =
            MonteCarlo::<PositionTracker>::new(scenario.clone(), &[], config).expect("valid");
        while !mc.done() {
            let mut n = 0;
            mc.work(|| {
                n += 1;
                n >= slice
            });
        }
        let cli: Vec<PositionOutcome> = (0..runs as u64)
            .map(|i| run_position(scenario.clone(), base_seed + i, blocks).expect("run"))
            .collect();
        assert_eq!(mc.outcomes(), &cli[..]);
        let app = summary(mc.outcomes()).expect("runs");
        // Compared as text: a tail of no values (an alert that never fired) is NaN on both sides.
        assert_eq!(format!("{app:?}"), format!("{:?}", summarize_runs(&cli)));
        let net = &app.net_loss_eth;
        assert!(net.median <= net.p95 && net.p95 <= net.worst, "{net:?}");
    }

    #[test]
    fn the_app_s_runs_equal_restake_position_for_the_same_seeds_and_blocks() {
        // path-lrt's slash executes after the 12-hour veto window (block ~3,900).
        check_equals_cli("path-lrt", 42, 3, 4_500, 333);
        let app = summary(
            &(42..45)
                .map(|s| run_position(presets::get("path-lrt").unwrap(), s, 4_500).unwrap())
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let slashing = &channel_tails(&app)[0];
        assert_eq!(slashing.id, "slashing");
        assert!(slashing.tail.median > 0.0, "{slashing:?}");
        assert!(app.net_loss_eth.median > 0.0);
    }

    #[test]
    fn a_scenario_without_a_position_is_refused() {
        let scenario = presets::get("oracle-cascade").expect("preset");
        let config = Config {
            runs: 2,
            to_block: 10,
            base_seed: 1,
        };
        let err = MonteCarlo::<PositionTracker>::new(scenario, &[], config)
            .err()
            .expect("no position");
        assert!(err.to_string().contains("position"), "{err}");
    }

    #[test]
    fn seeds_are_a_whole_number_in_range() {
        assert_eq!(parse_seeds(" 20 "), Ok(20));
        assert_eq!(parse_seeds("1"), Ok(1));
        assert_eq!(parse_seeds("200"), Ok(200));
        for bad in ["0", "201", "-3", "2.5", "", "ten"] {
            let e = parse_seeds(bad).expect_err(bad);
            assert!(e.contains("from 1 to 200"), "{e}");
        }
    }

    #[test]
    fn the_cli_command_names_the_same_seeds_and_blocks() {
        assert_eq!(
            cli_command(Some("path-lrt"), 42, 20, 7_200),
            "restake position --scenario path-lrt --seeds 42..62 --blocks 7200"
        );
        assert!(cli_command(None, 0, 5, 100).contains("--scenario scenario.json --seeds 0..5"));
    }

    #[test]
    fn rows_follow_the_summary() {
        let runs: Vec<PositionOutcome> = (0..4)
            .map(|s| run_position(presets::get("path-lrt").unwrap(), s, 50).unwrap())
            .collect();
        let s = summary(&runs).expect("runs");
        let tails = channel_tails(&s);
        assert_eq!(
            tails.iter().map(|c| c.id).collect::<Vec<_>>(),
            CHANNELS.map(|c| c.0)
        );
        assert_eq!(net_losses(&runs).len(), 4);
        let y = yield_medians(&s);
        assert_eq!(y[1], ("AVS rewards", s.avs_rewards_eth.median));
        assert!(summary(&[]).is_none());
    }
}
