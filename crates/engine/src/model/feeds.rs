//! Who signs an oracle outlier: each operator's feed configuration (its sources, its client's
//! aggregation, its sanity bound) applied to an outlier of `d` bps posted by one data source
//! (MODEL.md section 1, step 1; docs/BEHAVIOUR.md, "Who signs an oracle outlier").
//!
//! Sources: Chainlink OCR reports the median of the nodes' observations and each node the
//! median of its own sources, so one bad source moves a node that reads three or more by
//! nothing (libocr, `OffchainAggregator.sol`); eOracle's aggregation library offers the median
//! and robust clustering; node-side sanity bounds on the move from the last report are common
//! (Lido earn oracle `maxRelativeDeviation`, Curve LlamaLend `max_deviation`). Honest sources
//! are taken to agree exactly (a simplification: no noise between them).

use rand_chacha::ChaCha8Rng;

use crate::base::rng::{self, stream, Purpose};
use crate::input::scenario::{FeedClient, FeedDrawParams, FeedParams, Scenario};

pub use crate::input::scenario::signed_deviation_bps;

/// Each operator's feed configuration, in operator order: its `feed` if set; the old
/// `follows_faulty_feed: true` as [`FeedParams::single_faulty_source`]; otherwise drawn from
/// `oracle_feeds` (stream `Purpose::Feeds` of `seed`, four draws per such operator in operator
/// order) or [`FeedParams::unexposed`] when the scenario draws none. No stream is made when
/// nothing is drawn.
pub fn configure(s: &Scenario, seed: u64) -> Vec<FeedParams> {
    let mut rng = s
        .oracle_feeds
        .as_ref()
        .map(|_| stream(seed, Purpose::Feeds));
    s.operators
        .iter()
        .map(
            |o| match (&o.feed, o.follows_faulty_feed, &s.oracle_feeds, &mut rng) {
                (Some(f), _, _, _) => f.clone(),
                (None, true, _, _) => FeedParams::single_faulty_source(),
                (None, false, Some(d), Some(r)) => draw(d, r),
                _ => FeedParams::unexposed(),
            },
        )
        .collect()
}

/// One configuration drawn from `d`.
pub fn draw(d: &FeedDrawParams, rng: &mut ChaCha8Rng) -> FeedParams {
    let reads_faulty_source = rng::chance(rng, d.faulty_source_share);
    let sources = uniform_int(rng, d.sources_min, d.sources_max);
    let mean = rng::chance(rng, d.mean_client_share);
    let max_move_bps = uniform_int(rng, d.max_move_bps_min, d.max_move_bps_max);
    FeedParams {
        sources,
        reads_faulty_source,
        max_move_bps,
        client: if mean {
            FeedClient::Mean
        } else {
            FeedClient::Median
        },
    }
}

/// A configuration in words, e.g. "2 sources incl. the faulty one, median, refuses moves over
/// 30.0%".
pub fn describe(f: &FeedParams) -> String {
    let client = match f.client {
        FeedClient::Median => "median",
        FeedClient::Mean => "mean",
    };
    let bound = if f.max_move_bps >= 10_000 {
        "no sanity bound".to_string()
    } else {
        format!("refuses moves over {:.1}%", f.max_move_bps as f64 / 100.0)
    };
    format!(
        "{} source{}{}, {client}, {bound}",
        f.sources,
        if f.sources == 1 { "" } else { "s" },
        if f.reads_faulty_source {
            " incl. the faulty one"
        } else {
            ""
        },
    )
}

/// An integer uniform on `lo..=hi` from one float draw (exact on every platform).
fn uniform_int(rng: &mut ChaCha8Rng, lo: u32, hi: u32) -> u32 {
    let span = hi.saturating_sub(lo) as f64 + 1.0;
    let k = rng::uniform(rng, 0.0, span) as u32;
    lo + k.min(hi.saturating_sub(lo))
}

/// Share of the slashable stake to take from an operator whose report is `deviation_bps` off the
/// rule's reference, wad: `slash_wad`, or under terms that scale with the deviation
/// `slash_wad * min(1, deviation / full_at)`.
pub fn slash_wad(slash_wad: u128, full_at_bps: Option<u32>, deviation_bps: u32) -> u128 {
    match full_at_bps {
        None => slash_wad,
        Some(full) => {
            let full = full.max(1) as u128;
            let dev = (deviation_bps as u128).min(full);
            crate::base::units::mul_div(slash_wad, dev, full)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(sources: u32, client: FeedClient, max_move_bps: u32) -> FeedParams {
        FeedParams {
            sources,
            reads_faulty_source: true,
            max_move_bps,
            client,
        }
    }

    #[test]
    fn one_bad_source_moves_the_median_of_one_or_two_and_the_mean_of_any() {
        assert_eq!(
            signed_deviation_bps(&feed(1, FeedClient::Median, 10_000), 1_500),
            1_500
        );
        assert_eq!(
            signed_deviation_bps(&feed(2, FeedClient::Median, 10_000), 1_500),
            750
        );
        assert_eq!(
            signed_deviation_bps(&feed(3, FeedClient::Median, 10_000), 1_500),
            0
        );
        assert_eq!(
            signed_deviation_bps(&feed(3, FeedClient::Mean, 10_000), 1_500),
            500
        );
        assert_eq!(signed_deviation_bps(&FeedParams::unexposed(), 1_500), 0);
    }

    #[test]
    fn a_sanity_bound_refuses_a_large_move_and_signs_a_small_one() {
        let f = feed(1, FeedClient::Median, 2_000);
        assert_eq!(signed_deviation_bps(&f, 1_500), 1_500);
        assert_eq!(signed_deviation_bps(&f, 2_500), 0);
    }

    #[test]
    fn slashing_terms_scale_with_the_deviation_up_to_the_full_slash() {
        let w = 100u128;
        assert_eq!(slash_wad(w, None, 10), 100);
        assert_eq!(slash_wad(w, Some(2_000), 500), 25);
        assert_eq!(slash_wad(w, Some(2_000), 5_000), 100);
    }

    #[test]
    fn draws_stay_in_their_ranges() {
        let d = FeedDrawParams {
            faulty_source_share: 0.5,
            sources_min: 1,
            sources_max: 4,
            mean_client_share: 0.5,
            max_move_bps_min: 500,
            max_move_bps_max: 3_000,
        };
        let mut rng = stream(3, Purpose::Feeds);
        let all: Vec<FeedParams> = (0..400).map(|_| draw(&d, &mut rng)).collect();
        assert!(all.iter().all(|f| (1..=4).contains(&f.sources)));
        assert!(all.iter().all(|f| (500..=3_000).contains(&f.max_move_bps)));
        for k in 1..=4 {
            assert!(
                all.iter().any(|f| f.sources == k),
                "{k} sources never drawn"
            );
        }
        let exposed = all.iter().filter(|f| f.reads_faulty_source).count();
        assert!((150..250).contains(&exposed), "{exposed} of 400");
    }
}
