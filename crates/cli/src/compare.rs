//! `restake compare`: two scenarios over the same seeds, and the distribution of the difference
//! in losses (B minus A).

use restake_engine::batch::{self, Outcome, Summary, METRICS};
use restake_engine::Scenario;
use serde_json::{json, Value};

use crate::sweep::fmt_num;

/// Outcomes of A and B, seed by seed.
pub struct Comparison {
    pub a_name: String,
    pub b_name: String,
    pub blocks: u64,
    pub seeds: Vec<u64>,
    pub a: Vec<Outcome>,
    pub b: Vec<Outcome>,
}

/// Runs `a` and `b` with every seed on `threads` threads (rows in seed order). Refuses more
/// than [`crate::input::MAX_RUNS`] runs (2 x seeds) before running any.
pub fn run(
    a: (&str, &Scenario),
    b: (&str, &Scenario),
    seeds: &[u64],
    blocks: u64,
    threads: Option<usize>,
) -> Result<Comparison, String> {
    use rayon::prelude::*;
    crate::input::check_seed_runs(seeds.len(), 2, "2 scenarios (A and B)")?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| e.to_string())?;
    let pairs: Vec<(Outcome, Outcome)> = pool.install(|| {
        seeds
            .par_iter()
            .map(|&seed| {
                let oa =
                    batch::run_outcome(a.1.clone(), seed, blocks).map_err(|e| e.to_string())?;
                let ob =
                    batch::run_outcome(b.1.clone(), seed, blocks).map_err(|e| e.to_string())?;
                Ok((oa, ob))
            })
            .collect::<Result<Vec<_>, String>>()
    })?;
    let (a_out, b_out) = pairs.into_iter().unzip();
    Ok(Comparison {
        a_name: a.0.to_string(),
        b_name: b.0.to_string(),
        blocks,
        seeds: seeds.to_vec(),
        a: a_out,
        b: b_out,
    })
}

impl Comparison {
    /// Losses of B minus losses of A per seed, ETH.
    pub fn loss_differences(&self) -> Vec<f64> {
        self.a
            .iter()
            .zip(&self.b)
            .map(|(a, b)| batch::wei_to_eth(b.losses_wei) - batch::wei_to_eth(a.losses_wei))
            .collect()
    }

    fn metric(outcomes: &[Outcome], k: usize) -> Summary {
        batch::summarize(&outcomes.iter().map(|o| o.metrics()[k]).collect::<Vec<_>>())
    }

    /// One sentence: the median change and the share of seeds where B loses less.
    pub fn sentence(&self) -> String {
        let d = batch::summarize(&self.loss_differences());
        let less = self.loss_differences().iter().filter(|x| **x < 0.0).count();
        let more = self.loss_differences().iter().filter(|x| **x > 0.0).count();
        let n = self.seeds.len();
        let dir = if d.p50 < 0.0 {
            "less"
        } else if d.p50 > 0.0 {
            "more"
        } else {
            "the same"
        };
        let amount = if d.p50 == 0.0 {
            String::new()
        } else {
            format!("{} ETH ", fmt_num(d.p50.abs()))
        };
        format!(
            "Over {n} seeds and {} blocks, {} loses {amount}{dir} than {} at the median \
             (p5 {}, p95 {} ETH); it loses less in {less} and more in {more} of {n} seeds.",
            self.blocks,
            self.b_name,
            self.a_name,
            fmt_num(d.p5),
            fmt_num(d.p95)
        )
    }

    /// The whole comparison as JSON: per-metric summaries of A and B, the loss difference's
    /// quantiles, and the sentence.
    pub fn to_json(&self) -> Value {
        let summary = |s: &Summary| {
            json!({"n": s.n, "mean": s.mean, "min": s.min, "p5": s.p5, "p50": s.p50,
                   "p95": s.p95, "max": s.max})
        };
        let side = |name: &str, outs: &[Outcome]| {
            let metrics: serde_json::Map<String, Value> = METRICS
                .iter()
                .enumerate()
                .map(|(k, m)| (m.to_string(), summary(&Self::metric(outs, k))))
                .collect();
            json!({"scenario": name, "metrics": metrics})
        };
        json!({
            "blocks": self.blocks,
            "seeds": self.seeds,
            "a": side(&self.a_name, &self.a),
            "b": side(&self.b_name, &self.b),
            "losses_eth_difference": summary(&batch::summarize(&self.loss_differences())),
            "per_seed_losses_eth_difference": self.loss_differences(),
            "summary": self.sentence(),
        })
    }

    /// Human table: each metric's median for A and B, the loss difference's quantiles, and the
    /// sentence.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "A = {}\nB = {}\n{} seeds, {} blocks each\n\n{:<22}{:>16}{:>16}\n",
            self.a_name,
            self.b_name,
            self.seeds.len(),
            self.blocks,
            "median of",
            "A",
            "B"
        );
        for (k, m) in METRICS.iter().enumerate() {
            s += &format!(
                "{:<22}{:>16}{:>16}\n",
                m,
                fmt_num(Self::metric(&self.a, k).p50),
                fmt_num(Self::metric(&self.b, k).p50)
            );
        }
        let d = batch::summarize(&self.loss_differences());
        s += &format!(
            "\nlosses_eth B - A: mean {}, p5 {}, p50 {}, p95 {}, min {}, max {}\n\n{}\n",
            fmt_num(d.mean),
            fmt_num(d.p5),
            fmt_num(d.p50),
            fmt_num(d.p95),
            fmt_num(d.min),
            fmt_num(d.max),
            self.sentence()
        );
        s
    }
}
