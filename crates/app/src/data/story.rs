//! The narration as a story a class can follow: repeated entries folded into one line with a
//! count and a block range, and the milestones that carry the cascade (fault, slash, depeg,
//! first liquidation, pause, recovery) picked out so that the views can pin them.
//!
//! Plain data and functions over the engine's [`Event`]s, tested natively. The engine's events
//! are prose (`narrate.rs`), so milestones are recognised by the phrases the engine writes; the
//! tests run the presets so that a changed phrase fails here and not silently in the page.

use restake_engine::{CascadeStep, Event};

/// A moment of the cascade worth pinning; only the first event of each kind is a milestone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Milestone {
    Fault,
    SlashRequested,
    VetoCancelled,
    SlashExecuted,
    RunBegins,
    Depeg,
    FirstLiquidation,
    PauseVoted,
    Paused,
    BadDebt,
    FinalityLost,
    Recovery,
}

impl Milestone {
    /// A short title for the pinned line ("Slash executed").
    pub fn title(self) -> &'static str {
        match self {
            Milestone::Fault => "Fault",
            Milestone::SlashRequested => "Slash requested",
            Milestone::VetoCancelled => "Veto",
            Milestone::SlashExecuted => "Slash executed",
            Milestone::RunBegins => "Holders run",
            Milestone::Depeg => "Depeg",
            Milestone::FirstLiquidation => "First liquidation",
            Milestone::PauseVoted => "Pause voted",
            Milestone::Paused => "Withdrawals paused",
            Milestone::BadDebt => "Bad debt",
            Milestone::FinalityLost => "Finality lost",
            Milestone::Recovery => "Recovery",
        }
    }

    /// A stable name for tests and CSS (`data-milestone`).
    pub fn slug(self) -> &'static str {
        match self {
            Milestone::Fault => "fault",
            Milestone::SlashRequested => "slash-requested",
            Milestone::VetoCancelled => "veto",
            Milestone::SlashExecuted => "slash",
            Milestone::RunBegins => "run",
            Milestone::Depeg => "depeg",
            Milestone::FirstLiquidation => "first-liquidation",
            Milestone::PauseVoted => "pause-voted",
            Milestone::Paused => "pause",
            Milestone::BadDebt => "bad-debt",
            Milestone::FinalityLost => "finality-lost",
            Milestone::Recovery => "recovery",
        }
    }

    /// Whether the run slows down when this milestone happens (see [`crate::data::pacing`]): the
    /// steps a class must see one at a time.
    pub fn dwells(self) -> bool {
        matches!(
            self,
            Milestone::Fault
                | Milestone::SlashExecuted
                | Milestone::Depeg
                | Milestone::FirstLiquidation
                | Milestone::Paused
                | Milestone::BadDebt
                | Milestone::FinalityLost
                | Milestone::Recovery
        )
    }
}

/// The milestone kind `e` is an instance of, if any (whether it is the first one is decided by
/// [`fold`]).
pub fn kind(e: &Event) -> Option<Milestone> {
    let t = e.text.as_str();
    let step = e.step?;
    let m = match step {
        CascadeStep::OracleDisturbance => Milestone::Fault,
        CascadeStep::SlashingWave if t.contains("requests a") => Milestone::SlashRequested,
        CascadeStep::SlashingWave if t.contains(" slashed ") => Milestone::SlashExecuted,
        CascadeStep::LiquidityFlight if t.contains("Holders start to run") => Milestone::RunBegins,
        CascadeStep::LiquidityFlight if t.contains("has lost its peg") => Milestone::Depeg,
        CascadeStep::FeedbackLoop if t.contains("First liquidations") => {
            Milestone::FirstLiquidation
        }
        CascadeStep::GovernanceScramble if t.contains("cancelled the slash") => {
            Milestone::VetoCancelled
        }
        CascadeStep::GovernanceScramble if t.contains("votes to pause") => Milestone::PauseVoted,
        CascadeStep::GovernanceScramble if t.contains("withdrawals are paused") => {
            Milestone::Paused
        }
        CascadeStep::RecoveryOrContagion if t.contains("bad debt") => Milestone::BadDebt,
        CascadeStep::RecoveryOrContagion if t.starts_with("Finality lost") => {
            Milestone::FinalityLost
        }
        CascadeStep::RecoveryOrContagion if t.starts_with("Recovery") => Milestone::Recovery,
        _ => return None,
    };
    Some(m)
}

/// The text with its numbers blanked and plurals dropped, so that "3 holders refused the
/// pool's 30.63% discount" and "1 holder refused the pool's 12.10% discount" match.
pub fn shape(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            if w.chars().any(|c| c.is_ascii_digit()) {
                "#".to_string()
            } else {
                w.trim_end_matches(['s', '.', ',', ';', ':'])
                    .to_ascii_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line of the folded log: `count` events of the same shape and step, from `first_block`
/// to `last_block`, shown with the text of the latest.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryRow {
    /// Number (since the run's start) of the first and of the latest event folded in.
    pub first: u64,
    pub last: u64,
    pub count: usize,
    pub first_block: u64,
    pub last_block: u64,
    pub step: Option<CascadeStep>,
    pub text: String,
    /// Set when the row is the first event of its milestone kind (never folded).
    pub milestone: Option<Milestone>,
    /// [`shape`] of the text, kept so that folding does not recompute it.
    pub shape: String,
}

impl StoryRow {
    /// "×12 · blocks 4,210–6,110" for a folded row; `None` for a single event.
    pub fn fold_note(&self) -> Option<String> {
        (self.count > 1).then(|| {
            format!(
                "×{} · blocks {}–{}",
                self.count,
                crate::data::format::grouped(self.first_block),
                crate::data::format::grouped(self.last_block)
            )
        })
    }
}

/// How many of the latest rows an event may fold into: a repeat after a longer gap of other
/// news starts a new line, so the log keeps its order of events.
pub const FOLD_WINDOW: usize = 12;

/// The folded log, built incrementally as the run's events arrive.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Story {
    /// Oldest first.
    pub rows: Vec<StoryRow>,
    seen: Vec<Milestone>,
    /// Number of the next event to fold.
    pub next: u64,
}

impl Story {
    /// Folds the events of `events` not folded yet (`offset` is the number of `events[0]`, the
    /// events the engine dropped before it: [`restake_engine::Sim::events_dropped`]). Returns
    /// the milestones reached by them, in order. A row moves to the end when an event folds
    /// into it.
    pub fn add(&mut self, events: &[Event], offset: u64) -> Vec<Milestone> {
        let skip = self.next.saturating_sub(offset) as usize;
        let mut reached = Vec::new();
        for (i, e) in events.iter().enumerate().skip(skip) {
            let n = offset + i as u64;
            let milestone = kind(e).filter(|m| !self.seen.contains(m));
            if let Some(m) = milestone {
                self.seen.push(m);
                reached.push(m);
            }
            self.push(e, n, milestone);
        }
        self.next = self.next.max(offset + events.len() as u64);
        reached
    }

    fn push(&mut self, e: &Event, n: u64, milestone: Option<Milestone>) {
        let s = shape(&e.text);
        if milestone.is_none() {
            let from = self.rows.len().saturating_sub(FOLD_WINDOW);
            let hit = self.rows[from..]
                .iter()
                .rposition(|r| r.milestone.is_none() && r.step == e.step && r.shape == s);
            if let Some(j) = hit {
                let mut row = self.rows.remove(from + j);
                row.count += 1;
                row.last = n;
                row.last_block = e.block;
                row.text = e.text.clone();
                self.rows.push(row);
                return;
            }
        }
        self.rows.push(StoryRow {
            first: n,
            last: n,
            count: 1,
            first_block: e.block,
            last_block: e.block,
            step: e.step,
            text: e.text.clone(),
            milestone,
            shape: s,
        });
    }
}

/// The folded log of `events` (see [`Story::add`]), oldest first.
pub fn fold(events: &[Event], offset: u64) -> Vec<StoryRow> {
    let mut story = Story::default();
    story.add(events, offset);
    story.rows
}

/// The milestone rows of `rows`, in order: the story so far, pinned above the log.
pub fn milestones(rows: &[StoryRow]) -> Vec<StoryRow> {
    let mut m: Vec<StoryRow> = rows
        .iter()
        .filter(|r| r.milestone.is_some())
        .cloned()
        .collect();
    m.sort_by_key(|r| r.first);
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::Sim;

    fn ev(block: u64, step: Option<CascadeStep>, text: &str) -> Event {
        Event {
            block,
            step,
            text: text.into(),
            node: None,
        }
    }

    #[test]
    fn numbers_and_plurals_do_not_change_the_shape() {
        assert_eq!(
            shape("3 holders refused the pool's 30.63% discount and queued 0 rsLRT"),
            shape("1 holder refused the pool's 12.10% discount and queued 1,200 rsLRT")
        );
        assert_ne!(
            shape("Arbitrageurs bought 3 rsLRT"),
            shape("3 holders refused")
        );
    }

    #[test]
    fn repeats_fold_with_a_count_and_a_block_range_and_milestones_never_fold() {
        let flight = Some(CascadeStep::LiquidityFlight);
        let mut events = vec![ev(10, Some(CascadeStep::OracleDisturbance), "fault")];
        for b in 0..30 {
            events.push(ev(
                100 + b * 25,
                flight,
                &format!(
                    "{} holders refused the pool's {}.5% discount and queued 0 rsLRT.",
                    b + 1,
                    b
                ),
            ));
        }
        events.push(ev(
            900,
            flight,
            "rsLRT has lost its peg: it trades at 0.9 ETH.",
        ));
        events.push(ev(
            950,
            flight,
            "2 holders refused the pool's 9.5% discount and queued 0 rsLRT.",
        ));
        let rows = fold(&events, 7);
        assert_eq!(rows.len(), 3, "{rows:#?}");
        assert_eq!(rows[0].milestone, Some(Milestone::Fault));
        assert_eq!(rows[1].milestone, Some(Milestone::Depeg));
        // The later repeat folds in too, and the row moves after the depeg (newest last).
        let flood = &rows[2];
        assert_eq!(flood.count, 31);
        assert_eq!((flood.first_block, flood.last_block), (100, 950));
        assert_eq!((flood.first, flood.last), (8, 39));
        assert_eq!(flood.fold_note().unwrap(), "×31 · blocks 100–950");
        assert!(
            flood.text.starts_with("2 holders"),
            "the latest text is shown"
        );
        assert_eq!(milestones(&rows).len(), 2);
        // Beyond the window of the latest rows a repeat starts a new line.
        let mut far = events.clone();
        for k in 0..FOLD_WINDOW {
            far.push(ev(
                1_000 + k as u64,
                None,
                &format!("note {}", "x".repeat(k + 1)),
            ));
        }
        far.push(ev(
            2_000,
            flight,
            "5 holders refused the pool's 1.5% discount and queued 0 rsLRT.",
        ));
        let rows = fold(&far, 0);
        assert_eq!(rows.last().unwrap().count, 1);
    }

    #[test]
    fn folding_in_pieces_equals_folding_at_once() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        sim.inject(sim.default_oracle_fault().expect("oracle"))
            .expect("inject");
        let mut story = Story::default();
        let mut reached = Vec::new();
        for _ in 0..30 {
            sim.run(250);
            reached.extend(story.add(sim.events(), sim.events_dropped()));
        }
        assert_eq!(story.rows, fold(sim.events(), sim.events_dropped()));
        let pinned: Vec<Milestone> = milestones(&story.rows)
            .iter()
            .filter_map(|r| r.milestone)
            .collect();
        assert_eq!(reached, pinned);
    }

    #[test]
    fn the_default_cascade_tells_its_story_in_a_few_lines() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        sim.inject(sim.default_oracle_fault().expect("oracle"))
            .expect("inject");
        sim.run(8_700);
        let events = sim.events();
        let rows = fold(events, sim.events_dropped());
        assert!(
            rows.len() * 2 <= events.len(),
            "{} events fold to {} rows",
            events.len(),
            rows.len()
        );
        let folded: usize = rows.iter().map(|r| r.count).sum();
        assert_eq!(folded, events.len(), "every event is in exactly one row");
        let kinds: Vec<Milestone> = milestones(&rows)
            .iter()
            .filter_map(|r| r.milestone)
            .collect();
        for m in [
            Milestone::Fault,
            Milestone::SlashRequested,
            Milestone::SlashExecuted,
            Milestone::FirstLiquidation,
        ] {
            assert!(kinds.contains(&m), "{m:?} missing from {kinds:?}");
        }
        let at = |m: Milestone| {
            milestones(&rows)
                .iter()
                .find(|r| r.milestone == Some(m))
                .map(|r| r.first_block)
                .unwrap()
        };
        assert!(at(Milestone::Fault) <= at(Milestone::SlashRequested));
        assert!(at(Milestone::SlashRequested) < at(Milestone::SlashExecuted));
        assert!(at(Milestone::SlashExecuted) <= at(Milestone::FirstLiquidation));
    }
}
