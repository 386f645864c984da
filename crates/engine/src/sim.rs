//! [`Sim`]: the engine's front door for the app and the CLI. It owns the world, the event log
//! and the metric history, runs blocks, takes commands, and hashes the state.

use serde::{Deserialize, Serialize};

use crate::input::presets;
use crate::input::scenario::{AvsKind, Fault, Scenario, ScenarioError};
use crate::pipeline;
use crate::readouts::graph::{self, Network, NodeRef};
use crate::readouts::history::{self, History, MemoryLimit};
use crate::readouts::metrics::{self, BlockMetrics};
use crate::world::events::{Event, EventLog};
use crate::world::{ScheduledFault, World};

pub mod bridge_totals;
pub mod channel_totals;
pub mod deadlines;
mod rewind;
pub use rewind::Checkpoint;

/// Default size of a fault triggered from the UI without a scheduled one: 15% outlier.
pub const DEFAULT_OUTLIER_BPS: u32 = 1_500;

/// A fault injected while running, with the block it was injected at (to replay a run).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Injected {
    pub block: u64,
    pub fault: Fault,
}

/// One AVS's cost and profit of corruption, wei.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AvsSecurity {
    pub name: String,
    pub kind: AvsKind,
    pub cost_of_corruption_wei: u128,
    pub profit_from_corruption_wei: u128,
    /// True while cost of corruption is at least profit from corruption.
    pub secure: bool,
}

/// A running simulation.
#[derive(Clone, Debug)]
pub struct Sim {
    scenario: Scenario,
    seed: u64,
    world: World,
    log: EventLog,
    history: History,
    injected: Vec<Injected>,
    memory_limit: Option<MemoryLimit>,
    /// Events dropped from the front of the log by the memory limit.
    events_dropped: u64,
}

impl Sim {
    /// A simulation of `scenario` with `seed`, at block 0.
    /// Returns `Err(ScenarioError::Invalid)` naming the field when the scenario is invalid.
    pub fn new(scenario: Scenario, seed: u64) -> Result<Sim, ScenarioError> {
        let world = World::build(&scenario, seed)?;
        let history = History::new(metrics::measure(&world));
        Ok(Sim {
            scenario,
            seed,
            world,
            log: EventLog::default(),
            history,
            injected: Vec::new(),
            memory_limit: None,
            events_dropped: 0,
        })
    }

    /// A simulation of the preset `name` (see [`presets::NAMES`]).
    /// Returns `Err(ScenarioError::UnknownPreset)` for an unknown name.
    pub fn preset(name: &str, seed: u64) -> Result<Sim, ScenarioError> {
        Sim::new(presets::get(name)?, seed)
    }

    /// Runs one block and returns its metrics.
    ///
    /// In builds with debug assertions (tests, `cargo run` without `--release`) every
    /// invariant of [`crate::invariants::check`] is checked after the block, and a broken one
    /// panics naming the block: conservation to the wei, escrows, pool spot, finite prices.
    pub fn step(&mut self) -> &BlockMetrics {
        let m = pipeline::step(&mut self.world, &mut self.log);
        #[cfg(debug_assertions)]
        if let Err(e) = crate::invariants::check(&self.world) {
            panic!("invariant broken after block {}: {e}", self.world.block);
        }
        self.history.push(m);
        if let Some(limit) = self.memory_limit {
            self.events_dropped += history::trim_events(&mut self.log.events, limit.events) as u64;
        }
        self.history.last().expect("just pushed")
    }

    /// Bounds the memory of long runs (`None`, the default, keeps every block and event): the
    /// history keeps the last `recent_blocks` blocks and thins older ones (see
    /// [`crate::readouts::history`]); the event log keeps the last `events` events. The world, and so the
    /// state hash, is not affected.
    pub fn set_memory_limit(&mut self, limit: Option<MemoryLimit>) {
        self.memory_limit = limit;
        self.history.set_limit(limit.map(|l| l.recent_blocks));
    }

    /// Events dropped from the front of [`Sim::events`] by the memory limit (0 without one):
    /// event number `n` since the start is `events()[n - events_dropped()]`.
    pub fn events_dropped(&self) -> u64 {
        self.events_dropped
    }

    /// Runs `blocks` blocks.
    pub fn run(&mut self, blocks: u64) {
        for _ in 0..blocks {
            self.step();
        }
    }

    /// Last block run (0 before the first).
    pub fn block(&self) -> u64 {
        self.world.block
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The world, read-only.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// Metrics of every block so far, block 0 (the initial state) first. With a memory limit
    /// (see [`Sim::set_memory_limit`]) older blocks are thinned: entries stay sorted by block.
    pub fn history(&self) -> &[BlockMetrics] {
        self.history.as_slice()
    }

    /// Metrics of the last block.
    pub fn latest(&self) -> &BlockMetrics {
        self.history.last().expect("history starts with block 0")
    }

    /// Narrated events so far, oldest first.
    pub fn events(&self) -> &[Event] {
        &self.log.events
    }

    /// Faults injected while running, in order.
    pub fn injected(&self) -> &[Injected] {
        &self.injected
    }

    /// The network graph as it is now.
    pub fn network(&self) -> Network {
        graph::network(&self.world)
    }

    /// One node's detail for the inspector (rows, tables, histogram) as it is now; `None` for a
    /// node the network does not have.
    pub fn node_detail(&self, node: NodeRef) -> Option<crate::readouts::inspect::NodeDetail> {
        crate::readouts::inspect::node_detail(&self.world, node)
    }

    /// The symbols of the run's LRTs, in scenario order (the first LRT, then `extra_lrts`).
    pub fn lrt_symbols(&self) -> Vec<String> {
        self.world.lrts.iter().map(|l| l.symbol.clone()).collect()
    }

    /// The names of the run's lending markets, in scenario order.
    pub fn market_names(&self) -> Vec<String> {
        self.world.markets.iter().map(|m| m.name.clone()).collect()
    }

    /// Loans liquidated at least once over every market so far, count
    /// ([`metrics::loans_liquidated`]).
    pub fn loans_liquidated(&self) -> u32 {
        metrics::loans_liquidated_total(&self.world)
    }

    /// Faults still scheduled, soonest first.
    pub fn scheduled_faults(&self) -> Vec<(u64, Fault)> {
        let mut v: Vec<(u64, Fault)> = self
            .world
            .faults
            .iter()
            .map(|f| (f.at_block, f.fault.clone()))
            .collect();
        v.sort_by_key(|f| f.0);
        v
    }

    /// The oracle fault the "Oracle fault" button triggers: the next scheduled oracle outlier if
    /// one is pending, else a 15% outlier on the first oracle AVS; `None` without oracle AVSs.
    pub fn default_oracle_fault(&self) -> Option<Fault> {
        if let Some((_, f)) = self
            .scheduled_faults()
            .into_iter()
            .find(|(_, f)| matches!(f, Fault::OracleOutlier { .. }))
        {
            return Some(f);
        }
        self.oracle_fault_on(
            self.world
                .avss
                .iter()
                .position(|a| a.kind == AvsKind::Oracle)?,
        )
    }

    /// A 15% outlier on AVS number `avs`, or `None` if it is not an oracle AVS.
    pub fn oracle_fault_on(&self, avs: usize) -> Option<Fault> {
        let a = self.world.avss.get(avs)?;
        (a.kind == AvsKind::Oracle).then(|| Fault::OracleOutlier {
            avs: a.name.clone(),
            deviation_bps: DEFAULT_OUTLIER_BPS,
        })
    }

    /// One ready-to-inject fault per fault family, aimed at sensible targets of this scenario:
    /// the first oracle AVS, the first client and region, the largest operator, the AVS with the
    /// largest profit from corruption; the market faults (withdrawal pause, whale sale, LP
    /// withdrawal, lending oracle) once per LRT or market when there are several. Families
    /// without a possible target are left out.
    pub fn fault_menu(&self) -> Vec<Fault> {
        let w = &self.world;
        let mut menu = Vec::new();
        if let Some(f) = self.default_oracle_fault() {
            menu.push(f);
        }
        if let Some(a) = w.avss.iter().find(|a| a.kind == AvsKind::Oracle) {
            menu.push(Fault::OracleDataIntegrity {
                avs: a.name.clone(),
            });
        }
        if let Some(c) = w.beacon.clients.first() {
            menu.push(Fault::ClientBug {
                client: c.name.clone(),
                share_bps: 3_000,
            });
        }
        if let Some(r) = w.beacon.regions.first() {
            menu.push(Fault::RegionOutage {
                region: r.name.clone(),
                duration_blocks: 14_400,
            });
        }
        if let Some(op) = w
            .operators
            .iter()
            .max_by_key(|o| (o.delegated(&w.ledger), std::cmp::Reverse(o.name.clone())))
        {
            menu.push(Fault::OperatorKeyCompromise {
                operator: op.name.clone(),
            });
        }
        if let Some(a) = w
            .avss
            .iter()
            .max_by_key(|a| (a.profit_from_corruption, std::cmp::Reverse(a.name.clone())))
        {
            menu.push(Fault::AvsExploit {
                avs: a.name.clone(),
            });
            menu.push(Fault::GovernanceCapture {
                avs: a.name.clone(),
            });
            menu.push(Fault::SlashingUpgrade {
                avs: a.name.clone(),
                slash_bps: 10_000,
            });
        }
        // Market faults: one entry per LRT (or market) when there are several, each naming its
        // target; with one, the target is left out (the first).
        let lrts: Vec<Option<String>> = match w.lrts.len() {
            1 => vec![None],
            _ => w.lrts.iter().map(|l| Some(l.symbol.clone())).collect(),
        };
        for lrt_symbol in &lrts {
            menu.push(Fault::WithdrawalPause {
                duration_blocks: 100_800,
                lrt_symbol: lrt_symbol.clone(),
            });
        }
        for lrt_symbol in &lrts {
            menu.push(Fault::WhaleSale {
                lrt: 15_000,
                over_blocks: 50,
                lrt_symbol: lrt_symbol.clone(),
            });
        }
        for lrt_symbol in &lrts {
            menu.push(Fault::LiquidityWithdrawal {
                share_bps: 5_000,
                lrt_symbol: lrt_symbol.clone(),
            });
        }
        let markets: Vec<Option<String>> = match w.markets.len() {
            1 => vec![None],
            _ => w.markets.iter().map(|m| Some(m.name.clone())).collect(),
        };
        for market in markets {
            menu.push(Fault::LendingOracle {
                mode: crate::input::scenario::FeedFault::Manipulated,
                deviation_bps: 800,
                duration_blocks: 20,
                market,
            });
        }
        // A bridge exploit on each LRT with an Aave v3 style market: unbacked LRT of 18% of the
        // supply after the mint (rsETH, April 2026), 77% of it posted in eight positions.
        for (i, lrt_symbol) in lrts.iter().enumerate() {
            let supply = w.ledger.outstanding(w.lrts[i].asset) / crate::base::units::WEI_PER_ETH;
            let unbacked = (supply * 18 / 82).max(1) as u64;
            menu.push(Fault::BridgeExploit(
                crate::input::scenario::BridgeExploitParams {
                    unbacked_lrt: unbacked,
                    posted_lrt: unbacked * 77 / 100,
                    lrt_symbol: lrt_symbol.clone(),
                    ..crate::input::presets::rseth_2026_exploit(
                        crate::input::scenario::BridgeLoss::Isolated,
                    )
                },
            ));
        }
        menu.retain(|f| self.scenario.validate_fault(f, "fault").is_ok());
        menu
    }

    /// Each AVS's security now: cost versus profit of corruption (EigenLayer whitepaper).
    pub fn avs_security(&self) -> Vec<AvsSecurity> {
        let w = &self.world;
        w.avss
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let coc =
                    crate::model::avs::cost_of_corruption(i, a, &w.operators, &w.ledger, w.model);
                AvsSecurity {
                    name: a.name.clone(),
                    kind: a.kind,
                    cost_of_corruption_wei: coc,
                    profit_from_corruption_wei: a.profit_from_corruption,
                    secure: coc >= a.profit_from_corruption,
                }
            })
            .collect()
    }

    /// Makes `fault` happen in the next block. A scheduled fault equal to it is brought forward
    /// instead of happening twice. Returns `Err(ScenarioError::Invalid)` when the fault names no
    /// suitable AVS; nothing changes then.
    pub fn inject(&mut self, fault: Fault) -> Result<(), ScenarioError> {
        self.scenario.validate_fault(&fault, "fault")?;
        let next = self.world.block + 1;
        self.world.faults.retain(|f| f.fault != fault);
        self.world.faults.push(ScheduledFault {
            at_block: next,
            fault: fault.clone(),
        });
        self.injected.push(Injected {
            block: self.world.block,
            fault,
        });
        Ok(())
    }

    /// A stable hash of the full world state: BLAKE3 of its compact binary encoding (postcard,
    /// streamed into the hasher: [`crate::base::digest`]), first 16 bytes in hex, in which the
    /// ledger, the redemption queues and the holders are digests of their parts, kept between
    /// calls for the parts that did not change. Equal for equal scenario, seed, injected faults
    /// and block count, native and WASM, whether or not the world was hashed before.
    pub fn state_hash(&self) -> String {
        let (digest, _) = crate::base::digest::hash_of(&self.world);
        digest[..16].iter().map(|b| format!("{b:02x}")).collect()
    }
}
