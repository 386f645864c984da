//! Operators' oracle feed configurations and an oracle AVS's slashing terms for deviations
//! (MODEL.md section 1, step 1; docs/BEHAVIOUR.md, "Who signs an oracle outlier").
//!
//! An oracle node reads a set of data sources, aggregates them with its client's rule (the
//! median, as Chainlink OCR and eOracle's aggregation library do, or the mean) and refuses to
//! sign a value that moves more than its own sanity bound from the last round (a circuit
//! breaker, e.g. Lido's earn oracle `maxRelativeDeviation`). Which operators sign an outlier is
//! then a consequence of these settings and of the outlier's size, not a flag.

use serde::{Deserialize, Serialize};

/// How an oracle client aggregates its data sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedClient {
    /// The median of its sources: one bad source moves it only when the node reads one or two
    /// sources (Chainlink OCR's median of observations, eOracle's median aggregation).
    Median,
    /// The mean of its sources: one bad source of `k` moves it by `1/k` of the outlier.
    Mean,
}

/// One operator's oracle node configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedParams {
    /// Data sources (exchanges, APIs) its node aggregates, 1 to 100.
    pub sources: u32,
    /// True if the source that posts the outlier is one of them.
    pub reads_faulty_source: bool,
    /// The node refuses to sign a value that moved more than this from the last round's, bps
    /// (0 to 10,000; 10,000: no check). A refusing node signs the last good value.
    pub max_move_bps: u32,
    /// Its client's aggregation rule.
    pub client: FeedClient,
}

impl FeedParams {
    /// What an operator without a configuration runs: three sources, none of them the faulty
    /// one, the median, no sanity bound. It never signs an outlier.
    pub fn unexposed() -> Self {
        FeedParams {
            sources: 3,
            reads_faulty_source: false,
            max_move_bps: 10_000,
            client: FeedClient::Median,
        }
    }

    /// The old `follows_faulty_feed: true`: a node that reads only the faulty source and has no
    /// sanity bound, so it signs an outlier of any size.
    pub fn single_faulty_source() -> Self {
        FeedParams {
            sources: 1,
            reads_faulty_source: true,
            max_move_bps: 10_000,
            client: FeedClient::Median,
        }
    }
}

/// How feed configurations are drawn for operators whose `feed` is not set (one seeded stream,
/// `rng::Purpose::Feeds`, used once when the world is built). Absent: such operators run
/// [`FeedParams::unexposed`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedDrawParams {
    /// Probability that an operator's source set includes the faulty source, in `[0, 1]`.
    pub faulty_source_share: f64,
    /// Sources per node, drawn uniformly from `sources_min..=sources_max` (1 to 100).
    pub sources_min: u32,
    pub sources_max: u32,
    /// Probability that an operator's client takes the mean instead of the median, in `[0, 1]`.
    pub mean_client_share: f64,
    /// Sanity bound drawn uniformly from `max_move_bps_min..=max_move_bps_max` (0 to 10,000).
    pub max_move_bps_min: u32,
    pub max_move_bps_max: u32,
}

/// Most data sources one node may aggregate.
pub const MAX_FEED_SOURCES: u32 = 100;

use super::validate::{bps, frac};

impl super::Scenario {
    /// Checks the operators' feed configurations, the draw and each AVS's tolerance band and
    /// slashing terms, naming the field.
    pub(super) fn check_feeds(&self) -> Result<(), super::ScenarioError> {
        use super::ScenarioError as E;
        for (i, o) in self.operators.iter().enumerate() {
            let p = format!("operators[{i}]");
            if o.follows_faulty_feed && o.feed.is_some() {
                return Err(E::at(
                    format!("{p}.follows_faulty_feed"),
                    "deprecated and refused together with feed: set feed.reads_faulty_source (with feed.sources = 1 for the old meaning) and remove follows_faulty_feed",
                ));
            }
            if let Some(f) = &o.feed {
                sources(&format!("{p}.feed.sources"), f.sources)?;
                bps(&format!("{p}.feed.max_move_bps"), f.max_move_bps)?;
            }
        }
        if let Some(d) = &self.oracle_feeds {
            let p = "oracle_feeds";
            frac(&format!("{p}.faulty_source_share"), d.faulty_source_share)?;
            frac(&format!("{p}.mean_client_share"), d.mean_client_share)?;
            sources(&format!("{p}.sources_min"), d.sources_min)?;
            sources(&format!("{p}.sources_max"), d.sources_max)?;
            if d.sources_max < d.sources_min {
                return Err(E::at(
                    format!("{p}.sources_max"),
                    format!(
                        "must be at least sources_min ({}), got {}",
                        d.sources_min, d.sources_max
                    ),
                ));
            }
            bps(&format!("{p}.max_move_bps_min"), d.max_move_bps_min)?;
            bps(&format!("{p}.max_move_bps_max"), d.max_move_bps_max)?;
            if d.max_move_bps_max < d.max_move_bps_min {
                return Err(E::at(
                    format!("{p}.max_move_bps_max"),
                    format!(
                        "must be at least max_move_bps_min ({}), got {}",
                        d.max_move_bps_min, d.max_move_bps_max
                    ),
                ));
            }
        }
        for (i, a) in self.avss.iter().enumerate() {
            let p = format!("avss[{i}]");
            bps(
                &format!("{p}.deviation_tolerance_bps"),
                a.deviation_tolerance_bps,
            )?;
            if let Some(full) = a.slash_full_at_deviation_bps {
                if full == 0 || full > 10_000 {
                    return Err(E::at(
                        format!("{p}.slash_full_at_deviation_bps"),
                        format!("must be between 1 and 10000 basis points, or null for a flat slash, got {full}"),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn sources(path: &str, v: u32) -> Result<(), super::ScenarioError> {
    if v == 0 || v > MAX_FEED_SOURCES {
        return Err(super::ScenarioError::at(
            path,
            format!("must be between 1 and {MAX_FEED_SOURCES} sources, got {v}"),
        ));
    }
    Ok(())
}

/// The deviation from the true value of what a node with configuration `f` signs when one
/// source posts a value `d` bps off, bps. Its aggregate moves by `d` (one source), `d / 2`
/// (two sources, whose median is their mean) or 0 (the median of three or more with one bad
/// source) for the median client, and by `d / k` for the mean client; a move above the node's
/// `max_move_bps` is refused and the node signs the last good value (0).
pub fn signed_deviation_bps(f: &FeedParams, d: u32) -> u32 {
    if !f.reads_faulty_source {
        return 0;
    }
    let k = f.sources.max(1);
    let moved = match f.client {
        FeedClient::Median if k == 1 => d,
        FeedClient::Median if k == 2 => d / 2,
        FeedClient::Median => 0,
        FeedClient::Mean => d / k,
    };
    if moved > f.max_move_bps {
        0
    } else {
        moved
    }
}
