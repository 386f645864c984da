//! Seeded, platform-stable randomness: one ChaCha8 stream per purpose.
//!
//! Every random draw in the engine comes from a [`Streams`] value built from the scenario seed.
//! Each purpose has its own stream (ChaCha's 64-bit stream id), so adding draws for one purpose
//! never shifts the numbers another purpose sees. ChaCha8 output is specified bit for bit, so
//! native and WASM builds draw the same numbers.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// The purposes that draw random numbers; the discriminant is the ChaCha stream id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Building the initial population (holdings, thresholds, health factors).
    Setup = 1,
    /// Stakers' attention and panic decisions.
    Stakers = 2,
    /// Governance votes (veto committees).
    Governance = 3,
    /// Order in which agents' trades reach the pool within a block.
    Ordering = 4,
    /// Faults injected with a random component (which operators follow a bad feed).
    Faults = 5,
    /// Slashing ambiguity: AVS rules that misfire on honest operators or miss real faults
    /// ([`crate::systems::ambiguity`]).
    Ambiguity = 6,
    /// Operators' cross-domain (MEV) misbehaviour and its detection ([`crate::systems::mev`]).
    Mev = 7,
    /// Operators' oracle feed configurations drawn from the scenario's `oracle_feeds`, once when
    /// the world is built ([`crate::model::feeds`]).
    Feeds = 8,
}

/// One generator per purpose, all derived from the run's seed.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Streams {
    pub stakers: ChaCha8Rng,
    pub governance: ChaCha8Rng,
    pub ordering: ChaCha8Rng,
    pub faults: ChaCha8Rng,
    /// Present only when some AVS has an over- or under-slashing rate, so worlds without one
    /// keep their state (and hash).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ambiguity: Option<ChaCha8Rng>,
    /// Present only when some AVS offers MEV for misbehaviour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mev: Option<ChaCha8Rng>,
}

/// A fresh generator for `purpose` from `seed`.
pub fn stream(seed: u64, purpose: Purpose) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(purpose as u64);
    rng
}

impl Streams {
    /// All run-time streams for `seed` (the setup stream is used once, by the world builder).
    pub fn new(seed: u64) -> Self {
        Streams {
            stakers: stream(seed, Purpose::Stakers),
            governance: stream(seed, Purpose::Governance),
            ordering: stream(seed, Purpose::Ordering),
            faults: stream(seed, Purpose::Faults),
            ambiguity: None,
            mev: None,
        }
    }

    /// Adds the channel streams a scenario uses: `ambiguity` when some AVS has an over- or
    /// under-slashing rate, `mev` when some AVS offers MEV.
    pub fn with_channels(mut self, seed: u64, ambiguity: bool, mev: bool) -> Self {
        self.ambiguity = ambiguity.then(|| stream(seed, Purpose::Ambiguity));
        self.mev = mev.then(|| stream(seed, Purpose::Mev));
        self
    }
}

/// A uniform float in `[lo, hi)` drawn from `rng` (53 random bits, exact on every platform).
pub fn uniform(rng: &mut ChaCha8Rng, lo: f64, hi: f64) -> f64 {
    let u: f64 = rng.random();
    lo + (hi - lo) * u
}

/// True with probability `p` (clamped to `[0, 1]`).
pub fn chance(rng: &mut ChaCha8Rng, p: f64) -> bool {
    let u: f64 = rng.random();
    u < p.clamp(0.0, 1.0)
}

/// The number of failures before the first success of independent trials that each succeed with
/// probability `p`: `floor(ln(u) / ln(1 - p))` for one uniform `u` in `(0, 1]` (inverse
/// transform of the geometric law, `P(k) = (1 - p)^k p`). One draw replaces up to `k + 1`
/// [`chance`] draws, so an agent that acts with probability `p` per block can be scheduled
/// instead of asked every block. Returns 0 when `p >= 1` and `None` (never) when `p <= 0` or
/// `p` is NaN; uses `libm` so native and WASM agree bit for bit.
pub fn geometric(rng: &mut ChaCha8Rng, p: f64) -> Option<u64> {
    let u: f64 = rng.random();
    if p.is_nan() || p <= 0.0 {
        return None;
    }
    if p >= 1.0 {
        return Some(0);
    }
    let k = libm::floor(libm::log(1.0 - u) / libm::log1p(-p));
    // `1 - u` lies in (0, 1], so k is finite and >= 0; `as` saturates absurd waits.
    Some(k as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometric_matches_its_law() {
        let mut rng = stream(7, Purpose::Stakers);
        let p = 0.1;
        let n = 200_000;
        let draws: Vec<u64> = (0..n).map(|_| geometric(&mut rng, p).unwrap()).collect();
        // Mean (1 - p) / p = 9 and P(0) = p, within 2% on 200,000 draws.
        let mean = draws.iter().sum::<u64>() as f64 / n as f64;
        assert!((mean - 9.0).abs() < 0.18, "mean {mean}");
        let zeros = draws.iter().filter(|&&k| k == 0).count() as f64 / n as f64;
        assert!((zeros - p).abs() < 0.002, "P(0) {zeros}");
        assert_eq!(geometric(&mut rng, 1.0), Some(0));
        assert_eq!(geometric(&mut rng, 0.0), None);
        assert_eq!(geometric(&mut rng, f64::NAN), None);
    }
    use rand::RngCore;

    #[test]
    fn streams_are_independent_and_reproducible() {
        let a = stream(7, Purpose::Stakers).next_u64();
        let b = stream(7, Purpose::Stakers).next_u64();
        let c = stream(7, Purpose::Governance).next_u64();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
