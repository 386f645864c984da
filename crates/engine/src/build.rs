//! Building the initial world from a scenario and a seed: ledger accounts, LRTs, operators and
//! their validators, AVSs, pools, lending markets, agents and the beacon chain.

use crate::base::ledger::{Asset, Ledger};
use crate::base::rng::{stream, Purpose, Streams};
use crate::base::units::{eth, mul_div, BPS, WAD};
use crate::input::scenario::{FeedParams, MarketSpec, OracleKind, Scenario, ScenarioError};
use crate::model::avs::Avs;
use crate::model::beacon::EFFECTIVE_BALANCE_INCREMENT;
use crate::model::consensus::{Beacon, Region, Validators};
use crate::model::lending::LendingMarket;
use crate::model::lrt::Lrt;
use crate::model::lrt::PauseRule;
use crate::model::pool::Pool;
use crate::model::restaking::{
    Allocation, Delegation, Delegator, Operator, INITIAL_TOTAL_MAGNITUDE,
};
use crate::systems::agents::arbitrageurs::Arbitrageur;
use crate::systems::agents::liquidators::Liquidator;

use crate::world::*;

impl World {
    /// Builds the initial world. The setup stream of `seed` splits holdings and draws
    /// thresholds; everything else is as the scenario says. Returns `Err` if the scenario is
    /// invalid (see [`Scenario::validate`]), naming the field.
    pub fn build(s: &Scenario, seed: u64) -> Result<World, ScenarioError> {
        s.validate()?;
        let specs = s.lrt_specs();
        let mut ledger = Ledger::new(1 + specs.len());
        let mut setup = stream(seed, Purpose::Setup);

        let slash_escrow = ledger.open("slash escrow");
        let passive_holders = ledger.open("other LRT holders");
        let mut lrts: Vec<Lrt> = specs
            .iter()
            .enumerate()
            .map(|(i, spec)| build_lrt(&mut ledger, i, spec.lrt))
            .collect();
        let operators = build_operators(s, crate::model::feeds::configure(s, seed), &mut ledger);
        let avss = build_avss(s, &mut ledger);

        let lp_account = ledger.open("liquidity providers (withdrawn)");
        let mut pools = Vec::new();
        let mut holders = Vec::new();
        let mut holder_rules = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let lrt = &lrts[i];
            // LRT shares: one per wei of backing, so NAV starts at exactly 1.
            let backing = lrt.backing(&ledger);
            let looped: u128 = s
                .market_specs()
                .iter()
                .filter(|m| m.collateral == spec.lrt.symbol)
                .map(|m| {
                    let (ltv, lt, _) = m.lending.effective_terms();
                    m.loopers.collateral_wei(ltv, lt)
                })
                .sum();
            let placed = eth(spec.pool.lrt_liquidity) + looped + eth(spec.stakers.total_lrt);
            if placed > backing {
                return Err(ScenarioError::Invalid {
                    path: format!("{}.total_lrt", spec.stakers_path),
                    reason: format!(
                        "holders, loopers and the pool hold {} {} but it is backed by only {} ETH (its buffer_eth and delegations)",
                        placed / eth(1),
                        spec.lrt.symbol,
                        backing / eth(1)
                    ),
                });
            }
            ledger.endow(passive_holders, lrt.asset, backing - placed);
            pools.push(build_pool(&mut ledger, lrt, spec.pool));
            holders.extend(crate::systems::agents::holders::build(
                &mut ledger,
                &mut setup,
                spec.stakers,
                lrt.asset,
                i,
            ));
            holder_rules.push(HolderRule {
                attention_per_block: spec.stakers.attention_per_block,
                sell_fraction: spec.stakers.sell_fraction,
                pending_slash_weight: spec.stakers.pending_slash_weight,
                loss_memory_decay: libm::pow(
                    0.5,
                    1.0 / spec.stakers.loss_memory_half_life_blocks as f64,
                ),
                buy_back_fraction: spec.stakers.buy_back_fraction,
                buy_back_min_discount: spec.stakers.buy_back_min_discount,
                buy_back_signal_share: spec.stakers.buy_back_signal_share,
                contagion_weight: spec.stakers.contagion_weight,
                contagion_floor: spec.stakers.contagion_floor,
            });
        }
        let markets = s
            .market_specs()
            .iter()
            .map(|m| {
                let collateral = specs
                    .iter()
                    .position(|l| l.lrt.symbol == m.collateral)
                    .expect("validated");
                build_market(
                    &mut ledger,
                    &lrts[collateral],
                    &pools[collateral],
                    collateral,
                    m,
                )
            })
            .collect();

        let arbitrageurs = (0..s.arbitrageurs.count)
            .map(|i| {
                let account = ledger.open(format!("arbitrageur {}", i + 1));
                ledger.endow(account, Asset::ETH, eth(s.arbitrageurs.capital_eth));
                Arbitrageur {
                    account,
                    lrt: i as usize % specs.len(),
                }
            })
            .collect();
        let liquidators = (0..s.liquidators.count)
            .map(|i| {
                let account = ledger.open(format!("liquidator {}", i + 1));
                ledger.endow(account, Asset::ETH, eth(s.liquidators.capital_eth));
                Liquidator { account }
            })
            .collect();

        let beacon = build_beacon(s, &operators, &mut ledger);
        let insurance = specs
            .iter()
            .map(|spec| {
                spec.insurance
                    .map(|i| crate::systems::insurance::build(&mut ledger, &spec.lrt.symbol, i))
            })
            .collect();
        for l in &mut lrts {
            l.peak_nav = WAD;
            l.reference_nav = WAD;
            l.pause_reference_nav = WAD;
            l.last_nav = WAD;
        }
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
            lrts,
            pools,
            markets,
            holders: holders.into(),
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
            pending_upgrades: Vec::new(),
            whale_sales: Vec::new(),
            lp_account,
            insurance,
            first_fault_block: None,
            liquidator_rounds: s.liquidators.max_rounds_per_block,
            partial_liquidations: s.liquidators.partial,
            liquidator_rule: (&s.liquidators).into(),
            holder_rules,
            arb_rule: ArbRule {
                max_trade: eth(s.arbitrageurs.max_trade_eth),
                required_return_apr: s.arbitrageurs.required_return_apr,
                uncertainty_premium: s.arbitrageurs.uncertainty_premium,
                expected_pause_days: s.arbitrageurs.expected_pause_days,
                mint_margin: s.arbitrageurs.mint_margin,
                slow_capital: crate::systems::agents::arbitrageurs::SlowCapital::new(
                    &s.arbitrageurs,
                    specs.len(),
                ),
            },
            streams: Streams::new(seed).with_channels(
                seed,
                s.avss
                    .iter()
                    .any(|a| a.over_slashing_rate > 0.0 || a.under_slashing_rate > 0.0),
                s.avss.iter().any(|a| a.mev.is_some()),
            ),
            rational_attacks: s.rational_attacks,
            network_secure: true,
            network_slack: f64::INFINITY,
            totals: Totals::default(),
            accounting: crate::world::accounting::Accounting::new(
                specs.len(),
                s.market_specs().len(),
            ),
            mev_account: None,
            incentives: Vec::new(),
            position: None,
            bridge_exploits: Vec::new(),
            holder_index: Default::default(),
            delegation_index: Default::default(),
            attention: Default::default(),
        };
        if let Some(p) = &s.position {
            world.position = Some(crate::systems::position::place(&mut world, s, p)?);
        }
        // Accounts of the channels are opened after every other, so worlds without them
        // keep their account numbers.
        if s.avss.iter().any(|a| a.mev.is_some()) {
            world.mev_account = Some(world.ledger.open("MEV captured by operators"));
        }
        world.incentives = crate::systems::incentives::build(&mut world, s)?;
        let m = crate::systems::attacks::restaking_graph(&world);
        world.network_slack = m.graph.slack();
        world.network_secure = world.network_slack >= 0.0;
        // AVSs insecure from the start are marked now, so only changes are narrated.
        for a in 0..world.avss.len() {
            let coc = crate::model::avs::cost_of_corruption(
                a,
                &world.avss[a],
                &world.operators,
                &world.ledger,
                world.model,
            );
            let coc = crate::model::avs::expected_cost_of_corruption(
                coc,
                world.avss[a].under_slashing_rate,
            );
            world.avss[a].insecure = coc < world.avss[a].profit_from_corruption;
        }
        Ok(world)
    }
}

/// LRT `i`'s protocol state and its buffer and queue accounts (asset `i + 1`).
fn build_lrt(ledger: &mut Ledger, i: usize, p: &crate::input::scenario::LrtParams) -> Lrt {
    let buffer = ledger.open(format!("{} buffer", p.symbol));
    let queue_escrow = ledger.open(format!("{} redemption queue", p.symbol));
    ledger.endow(buffer, Asset::ETH, eth(p.buffer_eth));
    Lrt {
        symbol: p.symbol.clone(),
        asset: Asset(1 + i as u16),
        buffer,
        queue_escrow,
        queue: Default::default(),
        withdrawal_delay_blocks: p.withdrawal_delay_blocks,
        withdrawals_paused: false,
        peak_nav: WAD,
        id: i as u32,
        withdrawals_enabled: p.withdrawals_enabled,
        expected_unlock_days: p.expected_unlock_days,
        mint_fee_bps: p.mint_fee_bps as u128,
        redeem_fee_bps: p.redeem_fee_bps as u128,
        pause_rule: PauseRule {
            enabled: p.pause_withdrawals_on_slash,
            nav_drop_bps: p.pause_on_nav_drop_bps as u128,
            delay_blocks: p.pause_delay_blocks,
            max_blocks: p.pause_max_blocks,
            resolution_blocks: p.pause_resolution_blocks,
        },
        pause_at: None,
        unpause_at: None,
        reference_nav: WAD,
        pause_reference_nav: WAD,
        last_nav: WAD,
        last_nav_loss_block: 0,
        unbacked: 0,
    }
}

/// Operators with one validator group per delegator (the first LRT, native restakers, then
/// each further LRT that delegates to them), their client and region, and their allocations.
fn build_operators(s: &Scenario, feeds: Vec<FeedParams>, ledger: &mut Ledger) -> Vec<Operator> {
    let c = &s.consensus;
    s.operators
        .iter()
        .zip(feeds)
        .map(|(o, feed)| {
            let mut delegations = Vec::new();
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
            let mut sources = vec![
                (
                    Delegator::Lrt(0),
                    o.lrt_delegation_eth,
                    s.lrt.symbol.clone(),
                ),
                (
                    Delegator::Native,
                    o.native_delegation_eth,
                    "native".to_string(),
                ),
                (Delegator::Lst, o.lst_delegation_eth, "LST".to_string()),
            ];
            for (k, x) in s.extra_lrts.iter().enumerate() {
                let eth_sum: u64 = x
                    .delegations
                    .iter()
                    .filter(|d| d.operator == o.name)
                    .map(|d| d.eth)
                    .sum();
                sources.push((Delegator::Lrt(k as u32 + 1), eth_sum, x.lrt.symbol.clone()));
            }
            for (who, amount, tag) in sources {
                if amount == 0 {
                    continue;
                }
                let account = ledger.open(format!("{} / {tag} stake", o.name));
                ledger.join_group(account, who.group());
                ledger.endow(account, Asset::ETH, eth(amount));
                // LST stake runs on the LST's validators, which are part of the rest of the
                // network: the group has no validators of its own.
                let mut validators =
                    Validators::for_stake(eth(amount), c.validator_balance_eth, client, region);
                if who == Delegator::Lst {
                    validators.count = 0;
                    validators.effective_balance = 0;
                }
                delegations.push(Delegation {
                    delegator: who,
                    account,
                    validators,
                });
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
                feed,
                slashed_wei: 0,
                allocation_delay_blocks: o.allocation_delay_blocks,
                pending_allocations: Vec::new(),
                pending_deregistrations: Vec::new(),
                leave_at_slashed_share: o.leave_at_slashed_share,
            }
        })
        .collect()
}

fn build_avss(s: &Scenario, ledger: &mut Ledger) -> Vec<Avs> {
    s.avss
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
            deviation_tolerance_bps: a.deviation_tolerance_bps,
            slash_full_at_deviation_bps: a.slash_full_at_deviation_bps,
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
            over_slashing_rate: a.over_slashing_rate,
            under_slashing_rate: a.under_slashing_rate,
            slashed_elsewhere_keep: a.slashed_elsewhere_keep,
            slashed_operators: Vec::new(),
            mev: a.mev.clone(),
        })
        .collect()
}

/// The LRT's StableSwap pool against ETH, funded from nothing (the ledger endows it).
fn build_pool(ledger: &mut Ledger, lrt: &Lrt, p: &crate::input::scenario::PoolParams) -> Pool {
    let account = ledger.open(format!("{}/ETH pool", lrt.symbol));
    let admin = ledger.open(format!("{}/ETH pool admin fees", lrt.symbol));
    ledger.endow(account, Asset::ETH, eth(p.eth_liquidity_eth));
    ledger.endow(account, lrt.asset, eth(p.lrt_liquidity));
    let mut pool = Pool {
        account,
        admin,
        lrt_asset: lrt.asset,
        amp: p.amp as u128,
        fee: p.fee as u128,
        admin_fee: p.admin_fee as u128,
        spot: 0,
        ng: match p.variant {
            crate::input::scenario::PoolVariant::Legacy => None,
            crate::input::scenario::PoolVariant::Ng {
                offpeg_fee_multiplier,
                ma_exp_time_s,
                rate_oracle,
            } => Some(crate::model::pool::NgState {
                offpeg_fee_multiplier: offpeg_fee_multiplier as u128,
                ma_exp_time: ma_exp_time_s,
                rate_oracle,
                rate: WAD,
                ema: crate::model::amm::stableswap_ng::EmaOracle::new(0),
                now: 0,
            }),
        },
        lps: p.lps.clone(),
        start_liquidity: eth(p.eth_liquidity_eth) + eth(p.lrt_liquidity),
        last_lp_withdrawal: 0,
        lp_out: [0, 0],
        lp_last_price: crate::base::units::WAD,
    };
    pool.refresh(ledger);
    pool
}

/// A lending market on LRT `collateral` and its loopers: each borrows its debt ratio
/// ([`crate::input::scenario::LooperParams::positions`]: target health factor, capped at the LTV) of its
/// collateral's value at the market's starting oracle price; LTV, threshold and bonus from the
/// E-mode category when there is one.
fn build_market(
    ledger: &mut Ledger,
    lrt: &Lrt,
    pool: &Pool,
    collateral: usize,
    m: &MarketSpec,
) -> LendingMarket {
    let l = m.lending;
    let name = m.name();
    let reserve = ledger.open(format!("{name} reserve"));
    let collateral_account = ledger.open(format!("{name} collateral"));
    let treasury = ledger.open(format!("{name} treasury"));
    ledger.endow(reserve, Asset::ETH, eth(l.idle_liquidity_eth));
    let start_price = match l.oracle {
        OracleKind::MarketPrice => pool.lrt_price(),
        OracleKind::Ema => pool.ema_price(),
        OracleKind::ExchangeRate => WAD,
    };
    let (ltv, lt, bonus) = l.effective_terms();
    let plan = m.loopers.positions(ltv, lt);
    let mut positions = Vec::new();
    for (i, &(collateral, ratio)) in plan.iter().enumerate() {
        let owner = ledger.open(format!("{name} looper {}", i + 1));
        let debt = mul_div(mul_div(collateral, start_price, WAD), ratio, WAD);
        ledger.endow(collateral_account, lrt.asset, collateral);
        positions.push((owner, collateral, debt));
    }
    let mut market = LendingMarket {
        name,
        collateral,
        style: l.style,
        reserve,
        collateral_account,
        treasury,
        ltv_bps: ltv as u128,
        liquidation_threshold_bps: lt as u128,
        liquidation_bonus_bps: bonus as u128,
        close_factor_bps: l.close_factor_bps as u128,
        full_close_hf: (l.full_close_hf * 1e9) as u128 * 1_000_000_000,
        protocol_fee_bps: l.protocol_fee_bps as u128,
        oracle: l.oracle,
        oracle_price: start_price,
        positions: Vec::new(),
        bad_debt: 0,
        governance: l.governance.clone(),
        action_at: None,
        frozen: false,
        paused: false,
        feed_fault: None,
        rate_cap: l
            .rate_growth_cap_bps_per_year
            .map(|bps| crate::model::lending::RateCap {
                start_rate: WAD,
                start_block: 0,
                bps_per_year: bps as u128,
            }),
        supply_cap: l.supply_cap_lrt.map(eth),
        emode: l.emode.is_some(),
        totals: Default::default(),
        total_borrow_assets: 0,
        total_borrow_shares: 0,
        book: Default::default(),
    };
    for (owner, collateral, debt) in positions {
        market.open_loan(owner, collateral, debt);
    }
    market
}

/// The consensus layer: clients, regions, and the rest of the network's active balance.
fn build_beacon(s: &Scenario, operators: &[Operator], ledger: &mut Ledger) -> Beacon {
    let restaked_gwei: u64 = operators
        .iter()
        .flat_map(|o| o.delegations.iter())
        .map(|d| d.validators.count * d.validators.effective_balance)
        .sum();
    let named = |v: Vec<(String, u32)>| -> Vec<Region> {
        v.into_iter()
            .map(|(name, network_share_bps)| Region {
                name,
                network_share_bps,
            })
            .collect()
    };
    Beacon {
        clients: named(
            s.consensus
                .clients
                .iter()
                .map(|c| (c.name.clone(), c.network_share_bps))
                .collect(),
        ),
        regions: named(
            s.consensus
                .regions
                .iter()
                .map(|r| (r.name.clone(), r.network_share_bps))
                .collect(),
        ),
        rest_active_balance: (s.consensus.total_active_balance_eth * EFFECTIVE_BALANCE_INCREMENT)
            .saturating_sub(restaked_gwei),
        max_effective_balance: s.consensus.validator_balance_eth * EFFECTIVE_BALANCE_INCREMENT,
        slashings: Vec::new(),
        outages: Vec::new(),
        epochs_since_finality: 0,
        exit_churn: Default::default(),
        network_account: ledger.open("rest of the network (proposers, whistleblowers)"),
    }
}
