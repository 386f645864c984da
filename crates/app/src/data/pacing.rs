//! Pacing for a class: the run holds still for a moment at each milestone that carries the
//! cascade (a slash executed, the first liquidation, a pause: [`Milestone::dwells`]), so that
//! each step is on screen for at least [`HOLD_MS`], and fast-forwards through quiet stretches
//! that only wait for a deadline (a veto window, a pause taking effect), with a countdown.
//!
//! Plain functions, tested natively; the run loop ([`crate::run_loop`]) applies them.

use restake_engine::deadlines::{self, DeadlineKind};
use restake_engine::Sim;

use crate::data::story::Milestone;

/// Wall time the run holds at a milestone, ms (the brief asks for at least 2 s per step).
pub const HOLD_MS: f64 = 2_500.0;
/// Speed-up while only a deadline is pending.
pub const FAST_FACTOR: u32 = 5;
/// Fastest fast-forward, blocks per second (the fastest speed offered).
pub const FAST_CAP: u32 = 1_200;
/// "Next event" gives up after this many blocks without a milestone (7 days).
pub const SEEK_LIMIT_BLOCKS: u64 = 7 * restake_engine::units::BLOCKS_PER_DAY;

/// A deadline the run is waiting for.
#[derive(Clone, Debug, PartialEq)]
pub struct Countdown {
    /// What ends ("veto window", "pause takes effect").
    pub what: &'static str,
    pub blocks_left: u64,
}

impl Countdown {
    /// "veto window: 9 h 40 min left".
    pub fn text(&self) -> String {
        format!("{}: {} left", self.what, duration(self.blocks_left))
    }
}

/// `blocks` (12 s each) as "9 h 40 min", "25 min" or "36 s"; days above 48 h ("3 d 4 h").
pub fn duration(blocks: u64) -> String {
    let s = blocks * 12;
    let (d, h, m) = (s / 86_400, s / 3_600 % 24, s / 60 % 60);
    if s >= 48 * 3_600 {
        format!("{d} d {h} h")
    } else if s >= 3_600 {
        format!("{} h {m} min", s / 3_600)
    } else if s >= 60 {
        format!("{} min", s / 60)
    } else {
        format!("{s} s")
    }
}

/// The nearest pending deadline of `sim` ([`deadlines::next`]): a slash request waiting for its
/// veto window, or a decided withdrawal pause not in effect yet. `None` when nothing is pending.
pub fn countdown(sim: &Sim) -> Option<Countdown> {
    deadlines::next(sim).map(|d| Countdown {
        what: match d.kind {
            DeadlineKind::VetoWindow => "veto window",
            DeadlineKind::PauseTakesEffect => "pause takes effect",
        },
        blocks_left: d.blocks_left,
    })
}

/// What the run loop does this frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pace {
    /// Holding still at a milestone until the given time, ms.
    Hold(f64),
    /// Playing at this many blocks per second (the chosen speed, or faster while waiting).
    Play(u32),
}

/// The pace at `now_ms` for the chosen `speed`: holding until `hold_until_ms`, faster while a
/// countdown is pending (never slower than `speed`), else `speed`. With `auto` off, `speed`.
pub fn pace(auto: bool, speed: u32, now_ms: f64, hold_until_ms: f64, waiting: bool) -> Pace {
    if !auto {
        Pace::Play(speed)
    } else if now_ms < hold_until_ms {
        Pace::Hold(hold_until_ms)
    } else if waiting {
        Pace::Play(speed.saturating_mul(FAST_FACTOR).min(FAST_CAP).max(speed))
    } else {
        Pace::Play(speed)
    }
}

/// Whether any of `reached` makes the run hold.
pub fn holds(reached: &[Milestone]) -> bool {
    reached.iter().any(|m| m.dwells())
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::Sim;

    #[test]
    fn durations_read_in_hours_and_minutes() {
        assert_eq!(duration(2_900), "9 h 40 min");
        assert_eq!(duration(125), "25 min");
        assert_eq!(duration(3), "36 s");
        assert_eq!(duration(7_200 * 3 + 300), "3 d 1 h");
    }

    #[test]
    fn the_veto_window_counts_down_after_the_slash_request() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        assert_eq!(countdown(&sim), None, "nothing pending at block 0");
        sim.inject(sim.default_oracle_fault().expect("oracle"))
            .expect("inject");
        let mut first = None;
        for _ in 0..200 {
            sim.step();
            if let Some(c) = countdown(&sim) {
                first = Some(c);
                break;
            }
        }
        let c = first.expect("a slash request with a veto window");
        assert_eq!(c.what, "veto window");
        // oracle-cascade's committee has a 12-hour window (3,600 blocks).
        assert!(c.blocks_left > 3_000 && c.blocks_left <= 3_600, "{c:?}");
        sim.run(100);
        let later = countdown(&sim).expect("still pending");
        assert_eq!(later.blocks_left, c.blocks_left - 100);
        assert!(
            later.text().starts_with("veto window: "),
            "{}",
            later.text()
        );
    }

    #[test]
    fn the_run_holds_then_fast_forwards_while_waiting() {
        assert_eq!(pace(true, 240, 1_000.0, 2_000.0, true), Pace::Hold(2_000.0));
        assert_eq!(pace(true, 240, 2_000.0, 2_000.0, true), Pace::Play(1_200));
        assert_eq!(pace(true, 240, 2_000.0, 0.0, false), Pace::Play(240));
        assert_eq!(pace(true, 1_200, 0.0, 0.0, true), Pace::Play(1_200));
        assert_eq!(pace(true, 10, 0.0, 0.0, true), Pace::Play(50));
        assert_eq!(pace(false, 240, 1_000.0, 2_000.0, true), Pace::Play(240));
        assert!(holds(&[
            Milestone::SlashRequested,
            Milestone::SlashExecuted
        ]));
        assert!(!holds(&[Milestone::SlashRequested]));
    }
}
