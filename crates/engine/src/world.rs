//! The world: every component's state, and how it is built from a scenario and a seed.
//!
//! The world is plain data. [`crate::pipeline::step`] advances it one block; nothing else
//! changes it except [`crate::sim::Sim`] commands, which only schedule faults.

use serde::{Deserialize, Serialize};

use crate::agents::arbitrageurs::Arbitrageur;
use crate::agents::liquidators::Liquidator;
use crate::agents::stakers::Staker;
use crate::avs::{Avs, SlashRequest};
use crate::beacon::EFFECTIVE_BALANCE_INCREMENT;
use crate::consensus::{self, Beacon, Region, Validators};
use crate::ledger::{AccountId, Asset, Ledger};
use crate::lending::{LendingMarket, Position};
use crate::lrt::Lrt;
use crate::pool::Pool;
use crate::restaking::{Allocation, Delegation, Delegator, Operator, INITIAL_TOTAL_MAGNITUDE};
use crate::rng::{stream, Purpose, Streams};
use crate::scenario::{Fault, OracleKind, Scenario, ScenarioError, SlashingModel};
use crate::units::{eth, mul_div, BPS, WAD, WEI_PER_GWEI};

/// Slashed stake waiting for the slash resolution delay before it is burned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EscrowedSlash {
    /// Wei to burn (or redistribute).
    pub amount: u128,
    /// The AVS's redistribution account, or `None` to burn.
    pub recipient: Option<AccountId>,
    /// Block at which it is burned.
    pub burn_at: u64,
}

/// A fault waiting for its block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduledFault {
    pub at_block: u64,
    pub fault: Fault,
}

/// Running totals for the metrics, wei unless named.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// EigenLayer slashes plus Ethereum slashing penalties (initial and correlation), wei.
    pub slashed: u128,
    /// Ethereum penalties for missed attestations and the inactivity leak, wei.
    pub beacon_penalties: u128,
    pub liquidated_debt: u128,
    pub liquidations: u64,
    pub panic_sold_lrt: u128,
    pub whale_sold_lrt: u128,
    /// LRT minted at NAV by arbitrageurs and sold at a premium, wei.
    pub minted_and_sold_lrt: u128,
    pub vetoed_slashes: u32,
    pub executed_slashes: u32,
}

/// Which narrated milestones have been reported (each once), and accumulators for the
/// aggregated reports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Narration {
    pub first_panic_reported: bool,
    pub first_liquidation_reported: bool,
    pub bad_debt_reported: bool,
    pub depeg_reported: bool,
    pub recovery_reported: bool,
    pub pause_reported: bool,
    /// Block of the last aggregated liquidity-flight report.
    pub last_flight_report: u64,
    /// Panic sales since that report: (holders, LRT wei, ETH wei).
    pub flight_sellers: u32,
    pub flight_lrt: u128,
    pub flight_eth: u128,
    /// Arbitrage since the last report: (LRT wei bought).
    pub arb_lrt: u128,
    pub last_arb_report: u64,
    /// Redemptions queued by holders since the last report: (holders, LRT wei).
    pub redeemers: u32,
    pub redeemed_lrt: u128,
    pub last_redeem_report: u64,
}

/// Everything that changes during a run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct World {
    /// Last block run (0 before the first).
    pub block: u64,
    pub model: SlashingModel,
    pub staking_apr_bps: u128,
    pub ledger: Ledger,
    /// Slashed stake waits here until it is burned.
    pub slash_escrow: AccountId,
    /// LRT held by holders outside the model (CEXs, treasuries), so NAV starts at 1.
    pub passive_holders: AccountId,
    pub operators: Vec<Operator>,
    pub avss: Vec<Avs>,
    pub beacon: Beacon,
    pub lrt: Lrt,
    pub pool: Pool,
    pub lending: LendingMarket,
    pub stakers: Vec<Staker>,
    pub arbitrageurs: Vec<Arbitrageur>,
    pub liquidators: Vec<Liquidator>,
    /// Slash requests inside their veto window.
    pub slash_requests: Vec<SlashRequest>,
    pub escrowed: Vec<EscrowedSlash>,
    pub faults: Vec<ScheduledFault>,
    /// Block at which LRT governance's withdrawal pause takes effect, once decided.
    pub pause_at: Option<u64>,
    /// Block at which a timed withdrawal pause ends.
    pub unpause_at: Option<u64>,
    /// Slashing-term upgrades waiting for their timelock: (block, AVS, new slash wad).
    pub pending_upgrades: Vec<(u64, usize, u128)>,
    /// Whale sales in progress: (LRT wei per block, LRT wei left).
    pub whale_sales: Vec<(u128, u128)>,
    /// Receives liquidity that LPs pull from the pool.
    pub lp_account: AccountId,
    /// The LRT's cover pool, if the scenario has one.
    pub insurance: Option<crate::insurance::Insurance>,
    /// LP behaviour, from the scenario.
    pub lps: Option<crate::scenario::LpParams>,
    /// Pool value (ETH wei + LRT wei) at start, and block of the LPs' last withdrawal.
    pub lp_start_liquidity: u128,
    pub lp_last_withdrawal: u64,
    /// A fault of the lending market's feed: (mode, deviation bps, until block, frozen price).
    pub lending_feed_fault: Option<LendingFeedFault>,
    /// Block of the first fault, once one happened.
    pub first_fault_block: Option<u64>,
    pub lrt_pause_rule: PauseRule,
    pub liquidator_rounds: u32,
    pub staker_rule: StakerRule,
    pub arb_rule: ArbRule,
    pub streams: Streams,
    /// Carry out profitable attacks (scenario `rational_attacks`).
    pub rational_attacks: bool,
    /// Network-level security at the last epoch (Durvasula and Roughgarden): no profitable
    /// coalition, and the slack gamma (infinite when no coalition can attack at all).
    pub network_secure: bool,
    pub network_slack: f64,
    pub totals: Totals,
    pub narration: Narration,
}

/// A fault of the lending market's price feed in progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LendingFeedFault {
    pub mode: crate::scenario::FeedFault,
    pub deviation_bps: u128,
    pub until_block: u64,
    /// The price a stale feed is stuck at, wad.
    pub frozen_price: u128,
}

/// LRT governance's pause rule, from the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PauseRule {
    pub enabled: bool,
    pub nav_drop_bps: u128,
    pub delay_blocks: u64,
}

/// Holder behaviour, from the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StakerRule {
    pub attention_per_block: f64,
    pub sell_fraction: f64,
    pub pending_slash_weight: f64,
}

/// Arbitrageur behaviour, from the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArbRule {
    pub max_trade: u128,
    pub required_return_apr: f64,
    pub uncertainty_premium: f64,
}

impl World {
    /// Builds the initial world. The setup stream of `seed` splits holdings and draws
    /// thresholds; everything else is as the scenario says. Returns `Err` if the scenario is
    /// invalid (see [`Scenario::validate`]).
    pub fn build(s: &Scenario, seed: u64) -> Result<World, ScenarioError> {
        s.validate()?;
        let lrt_asset = Asset(1);
        let mut ledger = Ledger::new(2);
        let mut setup = stream(seed, Purpose::Setup);

        let slash_escrow = ledger.open("slash escrow");
        let passive_holders = ledger.open("other LRT holders");
        let buffer = ledger.open(format!("{} buffer", s.lrt.symbol));
        let queue_escrow = ledger.open(format!("{} redemption queue", s.lrt.symbol));
        ledger.endow(buffer, Asset::ETH, eth(s.lrt.buffer_eth));

        let operators: Vec<Operator> = s
            .operators
            .iter()
            .map(|o| {
                let mut delegations = Vec::new();
                let c = &s.consensus;
                let client = o
                    .client
                    .as_ref()
                    .and_then(|n| c.clients.iter().position(|x| &x.name == n))
                    .unwrap_or(0) as u16;
                let region = o
                    .region
                    .as_ref()
                    .and_then(|n| c.regions.iter().position(|x| &x.name == n))
                    .unwrap_or(0) as u16;
                for (who, amount, tag) in [
                    (Delegator::Lrt, o.lrt_delegation_eth, "LRT"),
                    (Delegator::Native, o.native_delegation_eth, "native"),
                ] {
                    if amount > 0 {
                        let account = ledger.open(format!("{} / {tag} stake", o.name));
                        ledger.endow(account, Asset::ETH, eth(amount));
                        let count =
                            consensus::validator_count(eth(amount), c.validator_balance_eth);
                        let per_validator = eth(amount) / WEI_PER_GWEI / count as u128;
                        let max_eb = c.validator_balance_eth * EFFECTIVE_BALANCE_INCREMENT;
                        let effective_balance = ((per_validator as u64)
                            / EFFECTIVE_BALANCE_INCREMENT
                            * EFFECTIVE_BALANCE_INCREMENT)
                            .min(max_eb);
                        let validators = Validators {
                            client,
                            region,
                            count,
                            effective_balance,
                            slashed_epoch: None,
                            exit_epoch: None,
                            inactivity_score: 0,
                        };
                        delegations.push(Delegation {
                            delegator: who,
                            account,
                            validators,
                        });
                    }
                }
                let allocations = o
                    .allocations
                    .iter()
                    .map(|a| Allocation {
                        avs: s
                            .avss
                            .iter()
                            .position(|x| x.name == a.avs)
                            .expect("validated"),
                        magnitude: INITIAL_TOTAL_MAGNITUDE * a.magnitude_bps as u128 / BPS,
                    })
                    .collect();
                Operator {
                    name: o.name.clone(),
                    max_magnitude: INITIAL_TOTAL_MAGNITUDE,
                    allocations,
                    delegations,
                    follows_faulty_feed: o.follows_faulty_feed,
                    slashed_wei: 0,
                    allocation_delay_blocks: o.allocation_delay_blocks,
                    pending_allocations: Vec::new(),
                }
            })
            .collect();

        let avss = s
            .avss
            .iter()
            .map(|a| Avs {
                redistribution_account: a
                    .redistribute_slashed
                    .then(|| ledger.open(format!("{} redistribution", a.name))),
                name: a.name.clone(),
                kind: a.kind,
                profit_from_corruption: eth(a.profit_from_corruption_eth),
                corruption_threshold: a.corruption_threshold,
                reward_apr_bps: a.reward_apr_bps,
                slash_rule: a.slash_rule,
                slash_wad: a.slash_bps as u128 * WAD / BPS,
                veto: a.veto.clone(),
                veto_off: None,
                mirrors_beacon_slashing: a.mirrors_beacon_slashing,
                upgrade_timelock: a.upgrade_timelock_blocks,
                emergency_pause: a.emergency_pause.clone(),
                captured: false,
                slashing_paused_until: 0,
                pause_at: None,
                insecure: false,
                faulty_rounds: 0,
            })
            .collect();

        // LRT shares: one per wei of backing, so NAV starts at exactly 1.
        let lrt_backing = eth(s.lrt.buffer_eth)
            + s.operators
                .iter()
                .map(|o| eth(o.lrt_delegation_eth))
                .sum::<u128>();
        let placed = eth(s.pool.lrt_liquidity)
            + eth(s.loopers.total_collateral_lrt)
            + eth(s.stakers.total_lrt);
        if placed > lrt_backing {
            return Err(ScenarioError::Invalid {
                path: "stakers.total_lrt".into(),
                reason: format!(
                    "holders, loopers and the pool hold {} LRT but the LRT is backed by only {} ETH (lrt.buffer_eth + every lrt_delegation_eth)",
                    placed / eth(1),
                    lrt_backing / eth(1)
                ),
            });
        }
        ledger.endow(passive_holders, lrt_asset, lrt_backing - placed);

        let pool_account = ledger.open("LRT/ETH pool");
        let pool_admin = ledger.open("pool admin fees");
        ledger.endow(pool_account, Asset::ETH, eth(s.pool.eth_liquidity_eth));
        ledger.endow(pool_account, lrt_asset, eth(s.pool.lrt_liquidity));
        let lp_account = ledger.open("liquidity providers (withdrawn)");
        let pool = Pool {
            account: pool_account,
            admin: pool_admin,
            lrt_asset,
            amp: s.pool.amp as u128,
            fee: s.pool.fee as u128,
            admin_fee: s.pool.admin_fee as u128,
            spot: 0,
            ng: match s.pool.variant {
                crate::scenario::PoolVariant::Legacy => None,
                crate::scenario::PoolVariant::Ng {
                    offpeg_fee_multiplier,
                    ma_exp_time_s,
                    rate_oracle,
                } => Some(crate::pool::NgState {
                    offpeg_fee_multiplier: offpeg_fee_multiplier as u128,
                    ma_exp_time: ma_exp_time_s,
                    rate_oracle,
                    rate: WAD,
                    ema: crate::amm::stableswap_ng::EmaOracle::new(0),
                    now: 0,
                }),
            },
        };
        let mut pool = pool;
        pool.refresh(&ledger);

        let stakers = crate::agents::stakers::build(&mut ledger, &mut setup, &s.stakers, lrt_asset);

        let reserve = ledger.open("lending reserve");
        let collateral_account = ledger.open("lending collateral");
        let treasury = ledger.open("lending treasury");
        ledger.endow(reserve, Asset::ETH, eth(s.lending.idle_liquidity_eth));
        let start_price = match s.lending.oracle {
            OracleKind::MarketPrice => pool.lrt_price(),
            OracleKind::Ema => pool.ema_price(),
            OracleKind::ExchangeRate => WAD,
        };
        let lt = s.lending.liquidation_threshold_bps as u128;
        let mut positions = Vec::new();
        let n = s.loopers.count as u128;
        for i in 0..s.loopers.count {
            let owner = ledger.open(format!("looper {}", i + 1));
            let collateral = eth(s.loopers.total_collateral_lrt)
                .checked_div(n)
                .unwrap_or(0);
            let t = if n > 1 {
                i as f64 / (n - 1) as f64
            } else {
                0.0
            };
            let hf = s.loopers.hf_min + (s.loopers.hf_max - s.loopers.hf_min) * t;
            let hf_wad = (hf * 1e9) as u128 * 1_000_000_000;
            let debt = mul_div(
                mul_div(mul_div(collateral, start_price, WAD), lt, BPS),
                WAD,
                hf_wad,
            );
            ledger.endow(collateral_account, lrt_asset, collateral);
            positions.push(Position {
                owner,
                collateral,
                debt,
                liquidations: 0,
            });
        }
        // Rounding dust of the even split stays with the other holders.
        let dust = eth(s.loopers.total_collateral_lrt)
            - positions.iter().map(|p| p.collateral).sum::<u128>();
        ledger.endow(passive_holders, lrt_asset, dust);
        let lending = LendingMarket {
            style: s.lending.style,
            reserve,
            collateral_account,
            treasury,
            ltv_bps: s.lending.ltv_bps as u128,
            liquidation_threshold_bps: lt,
            liquidation_bonus_bps: s.lending.liquidation_bonus_bps as u128,
            close_factor_bps: s.lending.close_factor_bps as u128,
            full_close_hf: (s.lending.full_close_hf * 1e9) as u128 * 1_000_000_000,
            protocol_fee_bps: s.lending.protocol_fee_bps as u128,
            oracle: s.lending.oracle,
            oracle_price: start_price,
            positions,
            bad_debt: 0,
            governance: s.lending.governance.clone(),
            action_at: None,
            frozen: false,
            paused: false,
        };

        let arbitrageurs = (0..s.arbitrageurs.count)
            .map(|i| {
                let account = ledger.open(format!("arbitrageur {}", i + 1));
                ledger.endow(account, Asset::ETH, eth(s.arbitrageurs.capital_eth));
                Arbitrageur { account }
            })
            .collect();
        let liquidators = (0..s.liquidators.count)
            .map(|i| {
                let account = ledger.open(format!("liquidator {}", i + 1));
                ledger.endow(account, Asset::ETH, eth(s.liquidators.capital_eth));
                Liquidator { account }
            })
            .collect();

        let restaked_gwei: u64 = operators
            .iter()
            .flat_map(|o| o.delegations.iter())
            .map(|d| d.validators.count * d.validators.effective_balance)
            .sum();
        let beacon = Beacon {
            clients: s
                .consensus
                .clients
                .iter()
                .map(|c| Region {
                    name: c.name.clone(),
                    network_share_bps: c.network_share_bps,
                })
                .collect(),
            regions: s
                .consensus
                .regions
                .iter()
                .map(|r| Region {
                    name: r.name.clone(),
                    network_share_bps: r.network_share_bps,
                })
                .collect(),
            rest_active_balance: (s.consensus.total_active_balance_eth
                * EFFECTIVE_BALANCE_INCREMENT)
                .saturating_sub(restaked_gwei),
            max_effective_balance: s.consensus.validator_balance_eth * EFFECTIVE_BALANCE_INCREMENT,
            slashings: Vec::new(),
            outages: Vec::new(),
            epochs_since_finality: 0,
            exit_churn: Default::default(),
            network_account: ledger.open("rest of the network (proposers, whistleblowers)"),
        };
        let lrt = Lrt {
            symbol: s.lrt.symbol.clone(),
            asset: lrt_asset,
            buffer,
            queue_escrow,
            queue: Default::default(),
            withdrawal_delay_blocks: s.lrt.withdrawal_delay_blocks,
            withdrawals_paused: false,
            peak_nav: WAD,
        };
        let insurance = s.insurance.as_ref().map(|i| {
            let account = ledger.open("cover pool");
            ledger.endow(account, Asset::ETH, eth(i.capital_eth));
            crate::insurance::Insurance {
                account,
                covered_bps: i.covered_bps as u128,
                premium_apr_bps: i.premium_apr_bps as u128,
                paid: 0,
                shortfall: 0,
                exhausted_reported: false,
            }
        });
        let mut world = World {
            block: 0,
            model: s.slashing_model,
            staking_apr_bps: s.staking_apr_bps as u128,
            ledger,
            slash_escrow,
            passive_holders,
            operators,
            avss,
            beacon,
            lrt,
            pool,
            lending,
            stakers,
            arbitrageurs,
            liquidators,
            slash_requests: Vec::new(),
            escrowed: Vec::new(),
            faults: s
                .faults
                .iter()
                .map(|f| ScheduledFault {
                    at_block: f.at_block,
                    fault: f.fault.clone(),
                })
                .collect(),
            pause_at: None,
            unpause_at: None,
            pending_upgrades: Vec::new(),
            whale_sales: Vec::new(),
            lp_account,
            insurance,
            lps: s.pool.lps.clone(),
            lp_start_liquidity: eth(s.pool.eth_liquidity_eth) + eth(s.pool.lrt_liquidity),
            lp_last_withdrawal: 0,
            lending_feed_fault: None,
            first_fault_block: None,
            lrt_pause_rule: PauseRule {
                enabled: s.lrt.pause_withdrawals_on_slash,
                nav_drop_bps: s.lrt.pause_on_nav_drop_bps as u128,
                delay_blocks: s.lrt.pause_delay_blocks,
            },
            liquidator_rounds: s.liquidators.max_rounds_per_block,
            staker_rule: StakerRule {
                attention_per_block: s.stakers.attention_per_block,
                sell_fraction: s.stakers.sell_fraction,
                pending_slash_weight: s.stakers.pending_slash_weight,
            },
            arb_rule: ArbRule {
                max_trade: eth(s.arbitrageurs.max_trade_eth),
                required_return_apr: s.arbitrageurs.required_return_apr,
                uncertainty_premium: s.arbitrageurs.uncertainty_premium,
            },
            streams: Streams::new(seed),
            rational_attacks: s.rational_attacks,
            network_secure: true,
            network_slack: f64::INFINITY,
            totals: Totals::default(),
            narration: Narration::default(),
        };
        let m = crate::attacks::restaking_graph(&world);
        world.network_slack = m.graph.slack();
        world.network_secure = world.network_slack >= 0.0;
        // AVSs insecure from the start are marked now, so only changes are narrated.
        for a in 0..world.avss.len() {
            let coc = crate::avs::cost_of_corruption(
                a,
                &world.avss[a],
                &world.operators,
                &world.ledger,
                world.model,
            );
            world.avss[a].insecure = coc < world.avss[a].profit_from_corruption;
        }
        Ok(world)
    }

    /// NAV per LRT share, wad.
    pub fn nav(&self) -> u128 {
        self.lrt.nav(&self.ledger, &self.operators)
    }

    /// Pool spot price of the LRT, wad.
    pub fn price(&self) -> u128 {
        self.pool.lrt_price()
    }

    /// Expected loss of NAV from slash requests still inside their veto window, as a fraction
    /// (what holders and arbitrageurs price in before a slash executes).
    pub fn pending_slash_loss(&self) -> f64 {
        let backing = self.lrt.backing(&self.ledger, &self.operators);
        if backing == 0 {
            return 0.0;
        }
        let at_risk: u128 = self
            .slash_requests
            .iter()
            .map(|r| {
                let op = &self.operators[r.operator];
                let slashable = op.slashable_stake(&self.ledger, r.avs, self.model);
                let delegated = op.delegated(&self.ledger).max(1);
                let lrt_part = mul_div(
                    slashable,
                    op.delegated_by(&self.ledger, Delegator::Lrt),
                    delegated,
                );
                mul_div(lrt_part, r.wad, WAD)
            })
            .sum();
        at_risk as f64 / backing as f64
    }
}
