//! The lessons as plain data: five short chapters on the presets, one idea each, with the lever
//! the student sets, the prediction they commit to, the moment the run stops at, and the
//! explanation written from the numbers of the run that was played.
//!
//! No browser types: the chapters are run natively in the tests below (every lever option to
//! its stop), so a preset that stops telling its chapter's story fails `cargo test -p
//! restake-app` rather than a class.

use restake_engine::scenario::{OracleKind, SlashingModel};
use restake_engine::sim::AvsSecurity;
use restake_engine::units::{BLOCKS_PER_DAY, WEI_PER_ETH};
use restake_engine::{presets, Scenario, ScenarioError, Sim};

use crate::data::format::grouped;
use crate::data::story::{self, Milestone};

/// Every lesson runs with this seed, so a class and its teacher see the same numbers.
pub const LESSON_SEED: u64 = 42;

/// A change of one design choice, applied to the chapter's preset ([`restake_engine::levers`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Edit {
    /// The preset as it ships.
    AsShipped,
    /// Every AVS with (`true`) or without a veto committee.
    Veto(bool),
    /// Both sides of the pool scaled, basis points (10,000 = as shipped).
    PoolDepthBps(u32),
    /// The lending market's oracle.
    LendingOracle(OracleKind),
    /// Shared security or ELIP-002 unique stake.
    Slashing(SlashingModel),
}

/// One position of the chapter's lever.
#[derive(Clone, Copy, Debug)]
pub struct LeverOption {
    pub label: &'static str,
    pub edit: Edit,
    /// A preset that equals the chapter's preset with this edit (loaded by name, so the run is
    /// not marked "edited").
    pub preset: Option<&'static str>,
}

/// When the run has answered the question: the first of `milestones`, or `block`.
#[derive(Clone, Copy, Debug)]
pub struct Stop {
    pub milestones: &'static [Milestone],
    pub block: u64,
}

/// What a chapter asks and how the run's numbers answer it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// How many other AVSs lost part of their cost of corruption.
    AvssWeakened,
    /// How low the pool price went against the NAV.
    PriceLow,
    /// How many liquidation calls.
    Liquidations,
    /// How much stake the slash removed.
    Slashed,
    /// How many liquidation calls in the ezETH replay (a larger scale).
    EzethLiquidations,
}

#[derive(Clone, Copy, Debug)]
pub struct Chapter {
    /// Its name in links (`#lesson=NAME`).
    pub slug: &'static str,
    pub title: &'static str,
    /// Two or three sentences: the idea.
    pub idea: &'static str,
    pub preset: &'static str,
    /// Whether the run starts with the preset's default oracle fault (the "Oracle fault" button).
    pub oracle_fault: bool,
    pub lever: &'static str,
    pub options: &'static [LeverOption],
    pub question: &'static str,
    pub choices: &'static [&'static str],
    pub kind: Question,
    pub stop: Stop,
    /// Why it happens, in one or two sentences (shown after the numbers).
    pub why: &'static str,
}

const AS_SHIPPED: Edit = Edit::AsShipped;

/// The chapters, in teaching order.
pub const CHAPTERS: [Chapter; 5] = [
    Chapter {
        slug: "shared-security",
        title: "Shared security and slashing contagion",
        idea: "Operators restake the same ETH to secure several services (AVSs) at once. When one AVS slashes an operator, the stake it burns is gone for every other AVS that operator secured. Here a price-oracle AVS punishes the 4 operators that signed a bad price.",
        preset: "oracle-cascade",
        oracle_fault: true,
        lever: "Veto committee on the oracle AVS",
        options: &[
            LeverOption { label: "Keep it (a 12-hour window to cancel the slash)", edit: AS_SHIPPED, preset: Some("oracle-cascade") },
            LeverOption { label: "Remove it (the slash executes at once)", edit: Edit::Veto(false), preset: None },
        ],
        question: "When the oracle AVS's slash lands, how many OTHER AVSs lose part of the stake that secures them?",
        choices: &["None: the slash stays inside the oracle AVS", "One or two", "Three or more"],
        kind: Question::AvssWeakened,
        stop: Stop { milestones: &[Milestone::SlashExecuted, Milestone::VetoCancelled], block: 2 * BLOCKS_PER_DAY },
        why: "Under shared security every AVS an operator registered with can slash the operator's whole stake, so the stake is counted once per AVS (hidden leverage). Burning it for one AVS lowers the cost of corrupting all the others; a veto committee can only delay or cancel the slash, not change where it spreads.",
    },
    Chapter {
        slug: "liquidity-spiral",
        title: "The liquidity spiral: depeg, loops, liquidators",
        idea: "The slash lowers the LRT's backing (its NAV) by a few percent. Holders who want out now sell into a Curve pool instead of waiting in the withdrawal queue, and lending loops priced from that pool get liquidated, which sells more into the same pool.",
        preset: "oracle-cascade",
        oracle_fault: true,
        lever: "Depth of the LRT/ETH pool",
        options: &[
            LeverOption { label: "Half as deep", edit: Edit::PoolDepthBps(5_000), preset: None },
            LeverOption { label: "As shipped", edit: AS_SHIPPED, preset: Some("oracle-cascade") },
            LeverOption { label: "Twice as deep", edit: Edit::PoolDepthBps(20_000), preset: None },
        ],
        question: "The NAV falls about 3%. In the first day, how low does the pool price go?",
        choices: &["About as far as the NAV (no more than 1 point below it)", "A few points more (1 to 8 points below the NAV)", "Much further (more than 8 points below the NAV)"],
        kind: Question::PriceLow,
        stop: Stop { milestones: &[], block: BLOCKS_PER_DAY },
        why: "Redeeming at NAV takes the withdrawal queue's days; the pool pays now. Each sale, and each liquidation whose collateral is sold, moves the pool price further, which is the price the lender reads: the fall feeds itself until arbitrage capital, which arrives faster the deeper the discount, catches up or the sellers run out.",
    },
    Chapter {
        slug: "lender-oracle",
        title: "The oracle choice of a lender",
        idea: "A lending market must price the LRT its borrowers post as collateral. It can read the pool's market price, which a dump moves at once, or the LRT's exchange rate (NAV per share), which only a real loss of backing moves.",
        preset: "oracle-cascade",
        oracle_fault: true,
        lever: "Price the lending market reads",
        options: &[
            LeverOption { label: "The pool's market price", edit: AS_SHIPPED, preset: Some("oracle-cascade") },
            LeverOption { label: "The exchange rate (NAV per share)", edit: Edit::LendingOracle(OracleKind::ExchangeRate), preset: None },
        ],
        question: "With the oracle you chose, how many loans are liquidated in the first day?",
        choices: &["None", "1 to 5", "More than 5"],
        kind: Question::Liquidations,
        stop: Stop { milestones: &[], block: BLOCKS_PER_DAY },
        why: "Liquidations follow the oracle, not the backing: the NAV fell about 3%, which the loops' margin absorbs, while the pool's discount can exceed it. A market-price oracle turns a dump into liquidations (and liquidators' sales into more dump); an exchange-rate oracle ignores the dump, and leaves the lender exposed if the backing itself is lost.",
    },
    Chapter {
        slug: "unique-stake",
        title: "Unique stake (ELIP-002)",
        idea: "EigenLayer's slashing upgrade (ELIP-002) lets each operator allocate a share of its stake (a magnitude) to each AVS, and an AVS can slash only what was allocated to it. The same faulty price, the same 4 operators, the same 10% slash.",
        preset: "oracle-cascade",
        oracle_fault: true,
        lever: "Slashing model",
        options: &[
            LeverOption { label: "Shared security (whole stake slashable by each AVS)", edit: Edit::Slashing(SlashingModel::Shared), preset: Some("oracle-cascade") },
            LeverOption { label: "Unique stake (only the allocated magnitude)", edit: Edit::Slashing(SlashingModel::UniqueStake), preset: Some("oracle-cascade-unique-stake") },
        ],
        question: "How much stake does the slash remove?",
        choices: &["Less than 5,000 ETH", "5,000 to 10,000 ETH", "More than 10,000 ETH"],
        kind: Question::Slashed,
        stop: Stop { milestones: &[Milestone::SlashExecuted, Milestone::VetoCancelled], block: 2 * BLOCKS_PER_DAY },
        why: "A 10% slash is 10% of what the AVS can reach. Under shared security that is the operator's whole stake; under unique stake it is only the magnitude allocated to the oracle AVS, so the same fault burns less and the LRT's NAV falls less.",
    },
    Chapter {
        slug: "ezeth-2024",
        title: "A real event: ezETH, 24 April 2024",
        idea: "ezETH had no withdrawals yet, so a holder who wanted out could only sell. When the airdrop terms disappointed, holders sold 8,000 ezETH into thin DEX liquidity (the Balancer pool held ~4,000 WETH; the replay's one pool of 12,000 WETH stands for all of it) while buyers' capital came only over the next hours, and two Morpho markets read that pool's price. Nothing was slashed.",
        preset: "ezeth-2024",
        oracle_fault: false,
        lever: "Depth of the ezETH/WETH pool",
        options: &[
            LeverOption { label: "As it was (12,000 WETH)", edit: AS_SHIPPED, preset: Some("ezeth-2024") },
            LeverOption { label: "Twice as deep", edit: Edit::PoolDepthBps(20_000), preset: None },
        ],
        question: "In the first 12 hours, how many liquidations does the dump cause?",
        choices: &["None", "1 to 20", "More than 20"],
        kind: Question::EzethLiquidations,
        stop: Stop { milestones: &[], block: BLOCKS_PER_DAY / 2 },
        why: "With no way to redeem, the pool is the only exit and its price is all the lender sees: a sale larger than the pool's depth moves the price below the 86% market's threshold, and each liquidation sells more ezETH into the same pool. On the day, the 0.86 market saw 138 liquidations and 10.96 WETH of bad debt; the 0.77 market 8 and none.",
    },
];

/// The chapter called `slug`.
pub fn chapter(slug: &str) -> Option<usize> {
    CHAPTERS.iter().position(|c| c.slug == slug)
}

/// The chapter named by a `#lesson=NAME` fragment (without the `#`); `Some(None)` for a
/// lesson fragment with an unknown name, `None` when the fragment is not about lessons.
pub fn from_fragment(fragment: &str) -> Option<Option<usize>> {
    fragment.strip_prefix("lesson=").map(chapter)
}

impl Edit {
    /// `base` with this edit.
    pub fn apply(self, base: &Scenario) -> Scenario {
        match self {
            Edit::AsShipped => base.clone(),
            Edit::Veto(on) => base.with_veto(on),
            Edit::PoolDepthBps(bps) => base.with_pool_depth(bps),
            Edit::LendingOracle(o) => base.with_lending_oracle(o),
            Edit::Slashing(m) => base.with_slashing_model(m),
        }
    }
}

impl Chapter {
    /// The lever position the preset ships with (the default choice).
    pub fn default_option(&self) -> usize {
        self.options
            .iter()
            .position(|o| o.preset == Some(self.preset))
            .unwrap_or(0)
    }

    /// The scenario for lever position `option`, and the preset name it equals (if any).
    pub fn scenario(
        &self,
        option: usize,
    ) -> Result<(Scenario, Option<&'static str>), ScenarioError> {
        let o = self.options[option.min(self.options.len() - 1)];
        match o.preset {
            Some(p) => Ok((presets::get(p)?, Some(p))),
            None => Ok((o.edit.apply(&presets::get(self.preset)?), None)),
        }
    }

    /// Whether a run at `block` that has reached `reached` milestones has answered the question.
    pub fn done(&self, block: u64, reached: impl Fn(Milestone) -> bool) -> bool {
        block >= self.stop.block || self.stop.milestones.iter().any(|&m| reached(m))
    }

    /// The index of the choice the run's numbers make true.
    pub fn answer(&self, o: &LessonOutcome) -> usize {
        let bucket = |v: f64, low: f64, high: f64| usize::from(v > low) + usize::from(v > high);
        match self.kind {
            Question::AvssWeakened => bucket(o.weakened.len() as f64, 0.0, 2.0),
            Question::PriceLow => bucket(o.max_gap_points(), 1.0, 8.0),
            Question::Liquidations => bucket(o.liquidations as f64, 0.0, 5.0),
            Question::Slashed => bucket(o.slashed_eth, 5_000.0, 10_000.0),
            Question::EzethLiquidations => bucket(o.liquidations as f64, 0.0, 20.0),
        }
    }

    /// What happened, with this run's numbers: the verdict on `prediction` first, then the
    /// numbers, then why.
    pub fn explain(&self, o: &LessonOutcome, prediction: Option<usize>) -> Vec<String> {
        let answer = self.answer(o);
        let verdict = match prediction {
            Some(p) if p == answer => format!(
                "Your prediction was right: \u{201c}{}\u{201d}.",
                self.choices[p]
            ),
            Some(p) => format!(
                "You predicted \u{201c}{}\u{201d}; the run says \u{201c}{}\u{201d}.",
                self.choices[p], self.choices[answer]
            ),
            None => format!("The run says \u{201c}{}\u{201d}.", self.choices[answer]),
        };
        vec![verdict, self.numbers(o), self.why.to_string()]
    }

    /// The run's numbers for this chapter's question, as a sentence.
    fn numbers(&self, o: &LessonOutcome) -> String {
        let at = format!(
            "By block {} ({})",
            grouped(o.block),
            crate::data::format::sim_time(o.block)
        );
        let sym = &o.symbol;
        match self.kind {
            Question::AvssWeakened if o.slashed_eth == 0.0 => format!(
                "{at} nothing was slashed: the veto committee cancelled the slash, and no other AVS lost security."
            ),
            Question::AvssWeakened => format!(
                "{at} {} ETH of stake was slashed. It also secured {} other AVS{}: {}. Their cost of corruption fell by {} ETH in total, and {} AVS{} now insecure (corruption pays).",
                grouped_f(o.slashed_eth),
                o.weakened.len(),
                if o.weakened.len() == 1 { "" } else { "s" },
                if o.weakened.is_empty() { "none".to_string() } else { o.weakened.join(", ") },
                grouped_f(o.security_lost_eth),
                o.insecure_avss,
                if o.insecure_avss == 1 { " is" } else { "s are" },
            ),
            Question::PriceLow => format!(
                "{at} the NAV was {:.4} ETH per {sym}, but the pool price fell as low as {:.4} at block {}, {:.1} points below the NAV. Holders sold {} {sym} into the pool; {} loans were liquidated (liquidators repaid {} ETH).",
                o.nav, o.min_price, grouped(o.min_price_block), o.max_gap_points(), grouped_f(o.panic_sold), o.liquidations, grouped_f(o.liquidated_eth),
            ),
            Question::Liquidations | Question::EzethLiquidations => format!(
                "{at} {} loans were liquidated (liquidators repaid {} ETH), with {} ETH of bad debt. The pool price's low was {:.4} ETH per {sym} (block {}) while the NAV stayed at {:.4}.",
                o.liquidations, grouped_f(o.liquidated_eth), fmt2(o.bad_debt_eth), o.min_price, grouped(o.min_price_block), o.nav,
            ),
            Question::Slashed => format!(
                "{at} the slash removed {} ETH of stake and the NAV of {sym} fell to {:.4} ETH per token; {} AVS{} now insecure.",
                grouped_f(o.slashed_eth), o.nav, o.insecure_avss, if o.insecure_avss == 1 { " is" } else { "s are" },
            ),
        }
    }
}

fn grouped_f(v: f64) -> String {
    grouped(v.max(0.0).round() as u64)
}

fn fmt2(v: f64) -> String {
    format!("{v:.2}")
}

/// The numbers of a run up to its stop, read from the engine.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonOutcome {
    pub block: u64,
    pub symbol: String,
    pub slashed_eth: f64,
    /// The other AVSs whose cost of corruption fell since block 0, scenario order.
    pub weakened: Vec<String>,
    /// Their cost of corruption lost, ETH.
    pub security_lost_eth: f64,
    pub insecure_avss: u32,
    pub nav: f64,
    pub min_price: f64,
    pub min_price_block: u64,
    /// Largest NAV minus price over the run, ETH per LRT.
    pub max_gap: f64,
    pub panic_sold: f64,
    pub liquidations: u64,
    pub liquidated_eth: f64,
    pub bad_debt_eth: f64,
}

impl LessonOutcome {
    /// The largest gap between NAV and price in percentage points of NAV.
    pub fn max_gap_points(&self) -> f64 {
        self.max_gap * 100.0
    }

    /// Reads `sim` as it is now; `before` is [`Sim::avs_security`] at block 0. The slashing AVS
    /// (the one whose own fault it is) counts as weakened only when other AVSs are: it is
    /// excluded by name when `origin` is given.
    pub fn read(sim: &Sim, before: &[AvsSecurity], origin: Option<&str>) -> LessonOutcome {
        let eth = |wei: u128| wei as f64 / WEI_PER_ETH as f64;
        let history = sim.history();
        let last = sim.latest();
        let (mut min_price, mut min_block, mut gap) = (f64::INFINITY, 0, 0.0f64);
        for m in history {
            if m.lrt_price < min_price {
                (min_price, min_block) = (m.lrt_price, m.block);
            }
            gap = gap.max(m.lrt_nav - m.lrt_price);
        }
        let now = sim.avs_security();
        let mut weakened = Vec::new();
        let mut lost = 0u128;
        for (a, b) in before.iter().zip(&now) {
            if Some(a.name.as_str()) != origin
                && b.cost_of_corruption_wei < a.cost_of_corruption_wei
            {
                weakened.push(a.name.clone());
                lost += a.cost_of_corruption_wei - b.cost_of_corruption_wei;
            }
        }
        LessonOutcome {
            block: sim.block(),
            symbol: sim.scenario().lrt.symbol.clone(),
            slashed_eth: eth(last.slashed_wei),
            weakened,
            security_lost_eth: eth(lost),
            insecure_avss: last.insecure_avss,
            nav: last.lrt_nav,
            min_price,
            min_price_block: min_block,
            max_gap: gap,
            panic_sold: eth(last.panic_sold_lrt_wei),
            liquidations: last.liquidations,
            liquidated_eth: eth(last.liquidated_wei),
            bad_debt_eth: eth(last.bad_debt_wei),
        }
    }
}

/// The AVS the default oracle fault is aimed at, if the chapter starts with one.
pub fn fault_origin(sim: &Sim) -> Option<String> {
    match sim.default_oracle_fault()? {
        restake_engine::Fault::OracleOutlier { avs, .. } => Some(avs),
        _ => None,
    }
}

/// Runs chapter `c` with lever position `option` natively to its stop (the tests, and the
/// numbers the README quotes). Returns the run and its outcome.
pub fn run_natively(c: &Chapter, option: usize) -> Result<(Sim, LessonOutcome), ScenarioError> {
    let (scenario, _) = c.scenario(option)?;
    let mut sim = Sim::new(scenario, LESSON_SEED)?;
    let before = sim.avs_security();
    let origin = fault_origin(&sim);
    if c.oracle_fault {
        if let Some(f) = sim.default_oracle_fault() {
            sim.inject(f)?;
        }
    }
    let mut reached = Vec::new();
    while !c.done(sim.block(), |m| reached.contains(&m)) {
        let n = sim.events().len();
        sim.step();
        reached.extend(sim.events()[n..].iter().filter_map(story::kind));
    }
    let outcome = LessonOutcome::read(&sim, &before, origin.as_deref());
    Ok((sim, outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chapter_is_short_and_complete() {
        for c in &CHAPTERS {
            let sentences = c.idea.matches(". ").count() + 1;
            assert!(
                (2..=3).contains(&sentences),
                "{}: {sentences} sentences",
                c.slug
            );
            assert!(c.options.len() >= 2 && c.choices.len() >= 2, "{}", c.slug);
            assert_eq!(
                chapter(c.slug),
                Some(CHAPTERS.iter().position(|x| x.slug == c.slug).unwrap())
            );
            for i in 0..c.options.len() {
                c.scenario(i)
                    .expect("valid")
                    .0
                    .validate()
                    .expect("valid scenario");
            }
        }
        assert_eq!(from_fragment("lesson=unique-stake"), Some(Some(3)));
        assert_eq!(from_fragment("lesson=nope"), Some(None));
        assert_eq!(from_fragment("p=oracle-cascade"), None);
    }

    /// The answer each lever position gives at seed 42: the lever must change the answer (or
    /// the chapter teaches nothing) and the explanation must carry the run's numbers.
    #[test]
    fn each_lever_position_answers_its_question_at_seed_42() {
        let expect: [&[usize]; 5] = [&[2, 2], &[2, 1, 1], &[2, 0], &[2, 0], &[2, 0]];
        for (c, want) in CHAPTERS.iter().zip(expect) {
            for (option, &w) in want.iter().enumerate() {
                let (sim, o) = run_natively(c, option).expect("runs");
                assert_eq!(c.answer(&o), w, "{} option {option}: {o:?}", c.slug);
                assert!(sim.block() <= c.stop.block, "{}", c.slug);
                let text = c.explain(&o, Some(0)).join(" ");
                assert!(text.contains(&grouped(o.block)), "{text}");
                assert!(text.contains(c.choices[w]), "{text}");
            }
        }
    }

    #[test]
    fn the_shared_security_slash_weakens_named_avss_and_unique_stake_burns_less() {
        let (_, shared) = run_natively(&CHAPTERS[0], 0).expect("runs");
        assert!(shared.weakened.len() >= 3, "{shared:?}");
        assert!(!shared.weakened.iter().any(|n| n == "PriceFeed Oracle"));
        let (_, unique) = run_natively(&CHAPTERS[3], 1).expect("runs");
        let (_, full) = run_natively(&CHAPTERS[3], 0).expect("runs");
        assert!(
            unique.slashed_eth < full.slashed_eth / 2.0,
            "{unique:?} {full:?}"
        );
        assert!(unique.nav > full.nav);
    }
}
