//! `mainnet-scale`: the restaking network at the size of Ethereum mainnet (MODEL.md section 10),
//! generated deterministically (no random draws: every number is a formula of its rank).
//!
//! Sizes and proportions, with their sources (MODEL.md section 10 and the sources it names;
//! `docs/MAINNET_SCALE.md` has the full table, including what is an assumption):
//!
//! * 1,900 operators (~1,900 in 2026) and 4,500,000 ETH restaked (~4.5M ETH, Feb 2025).
//! * Operator stake follows a Zipf (power-law) curve `w_k = k^-s` over the rank `k`, with
//!   `s = ZIPF_EXPONENT` fitted so that the 7 largest operators hold ~75% of all stake
//!   ("7 operators handled ~75% of restaked assets", Feb 2025); the same curve gives the 10
//!   largest 79% ("10 entities held ~80%").
//! * LRTs hold 80% of the restaked ETH ("LRTs ~80% of restaked assets"), spread over 10 LRTs:
//!   eETH, pufETH and ezETH with the supplies of Sept 2024 (1.96M, 515k, 363k) and seven smaller
//!   LRTs sharing the rest as `1/k` (assumption). Each LRT delegates to the 200 largest
//!   operators in proportion to their weight; native restakers (EigenPods) hold the rest of each
//!   operator's Zipf total, so the long tail is native only.
//! * 30 AVSs (29 in Feb 2025). Four carry the published operator counts and stake shares of
//!   EigenDA (258), eoracle (103), Witness Chain (74) and Lagrange (61); the others have 12-55
//!   operators (assumption). Members come from the 400 largest operators (see [`avs_members`]),
//!   so the same stake is counted under many AVSs (heavy overlap).
//! * 160,000 restakers (~160,000, mid-2024) as individual holder agents, split over the LRTs in
//!   proportion to supply; together they hold 40% of each LRT (assumption; the rest sits with
//!   exchanges, vaults and treasuries that do not trade here).
//! * Six lending markets (Aave v3 and Morpho Blue parameters of MODEL.md section 8) with 7,500
//!   looping borrowers.
//! * The fault: at block 300 the price-oracle AVS (eoracle-sized) receives an outlier; every
//!   other of its members by stake, its largest (the second-largest operator) first, signs it
//!   (52 operators, 20% of all stake); they are slashed 10% under shared security after a
//!   12-hour veto window, as in `oracle-cascade`.

use crate::input::scenario::*;

/// Number of operators (MODEL.md section 10: ~1,900 in 2026).
pub const OPERATORS: usize = 1_900;
/// ETH restaked in all (MODEL.md section 10: ~4.5M ETH, Feb 2025).
pub const RESTAKED_ETH: u64 = 4_500_000;
/// Share of restaked ETH held through LRTs, percent (MODEL.md section 10: ~80%).
pub const LRT_SHARE_PCT: u64 = 80;
/// Zipf exponent of operator stake by rank, fitted to "7 operators handled ~75%": with 1,900
/// operators, `sum_{k<=7} k^-s / sum_{k<=1900} k^-s` is 0.75 at s = 1.53.
pub const ZIPF_EXPONENT: f64 = 1.53;
/// Holder agents over all LRTs (MODEL.md section 10: ~160,000 restakers, mid-2024).
pub const HOLDERS: u32 = 160_000;
/// LRTs delegate to this many of the largest operators (assumption: LRTs pick professional
/// operators; the long tail runs native restakers' EigenPods).
const LRT_OPERATORS: usize = 200;
/// AVSs recruit their operators among this many of the largest (assumption).
const AVS_OPERATOR_POOL: usize = 400;
/// Share of each LRT held by the holder agents, percent (assumption).
const HOLDER_SHARE_PCT: u64 = 40;
/// Each pool holds this share of its LRT's supply on each side, per mille (assumption: between
/// ezETH's Balancer pool, ~4k WETH for ~1M ezETH in April 2024, and stETH's Curve pool of 2022).
const POOL_DEPTH_PER_MILLE: u64 = 10;

/// LRT symbols and supplies in whole LRT: three from MODEL.md section 10 (Sept 2024), seven
/// smaller ones sharing the rest of the LRT total as `1/k` (assumption).
pub fn lrt_supplies() -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = vec![
        ("eETH".into(), 1_960_000),
        ("pufETH".into(), 515_000),
        ("ezETH".into(), 363_000),
    ];
    let named: u64 = v.iter().map(|x| x.1).sum();
    let rest = RESTAKED_ETH * LRT_SHARE_PCT / 100 - named;
    let harmonic: f64 = (1..=7).map(|k| 1.0 / k as f64).sum();
    let symbols = ["rsETH", "LRT5", "LRT6", "LRT7", "LRT8", "LRT9", "LRT10"];
    let mut given = 0;
    for (k, sym) in symbols.iter().enumerate() {
        let amount = if k + 1 == symbols.len() {
            rest - given
        } else {
            ((rest as f64) / ((k + 1) as f64 * harmonic)) as u64
        };
        given += amount;
        v.push(((*sym).into(), amount));
    }
    v
}

/// Zipf weight of the operator of rank `k` (0-based): `(k + 1)^-ZIPF_EXPONENT`.
fn weight(k: usize) -> f64 {
    libm::pow((k + 1) as f64, -ZIPF_EXPONENT)
}

/// `total` whole ETH over the operators `members` in proportion to their Zipf weight, rounded
/// down (the rounding dust is not delegated). Returns (rank, ETH) pairs with ETH > 0.
fn spread(total: u64, members: impl Iterator<Item = usize> + Clone) -> Vec<(usize, u64)> {
    let sum: f64 = members.clone().map(weight).sum();
    members
        .map(|k| (k, (total as f64 * weight(k) / sum) as u64))
        .filter(|x| x.1 > 0)
        .collect()
}

/// One AVS of the preset.
struct AvsRow {
    name: String,
    kind: AvsKind,
    /// Number of operators registered with it.
    operators: usize,
    /// Share of all restaked stake its operators hold, percent (by Zipf weight).
    stake_pct: f64,
    /// Profit from corruption, whole ETH (assumption).
    profit_eth: u64,
    rule: SlashRule,
}

/// The 30 AVSs. The first four carry the published operator counts and secured value of
/// EigenDA (258 operators, $9.6B), eoracle (103, $6.0B), Witness Chain (74, $6.0B) and Lagrange
/// (61, $5.4B) over the $19B peak TVL (MODEL.md section 10): 50%, 32%, 32% and 28% of the stake.
/// The other 26 have 55 down to 12 operators holding 25% down to 5% (assumption). Profits from
/// corruption are assumptions of the order of the value each secures.
fn avs_rows() -> Vec<AvsRow> {
    let published = [
        (
            "DA Layer (EigenDA-sized)",
            AvsKind::DataAvailability,
            258,
            9.6,
            SlashRule::None,
        ),
        (
            "Price Oracle (eoracle-sized)",
            AvsKind::Oracle,
            103,
            6.0,
            SlashRule::SlashOutlierSigners,
        ),
        (
            "Witness Network (Witness Chain-sized)",
            AvsKind::Oracle,
            74,
            6.0,
            SlashRule::None,
        ),
        (
            "ZK Coprocessor (Lagrange-sized)",
            AvsKind::Sequencer,
            61,
            5.4,
            SlashRule::None,
        ),
    ];
    let mut v: Vec<AvsRow> = published
        .iter()
        .map(|&(name, kind, operators, usd_bn, rule)| AvsRow {
            name: name.into(),
            kind,
            operators,
            stake_pct: 100.0 * usd_bn / 19.0,
            profit_eth: (usd_bn * 20_000.0) as u64,
            rule,
        })
        .collect();
    let kinds = [
        AvsKind::Bridge,
        AvsKind::Sequencer,
        AvsKind::Oracle,
        AvsKind::DataAvailability,
    ];
    for j in 0..26 {
        let kind = kinds[j % kinds.len()];
        v.push(AvsRow {
            name: format!("{} {}", kind.label(), j + 5),
            kind,
            operators: 55 - (j * 43) / 25,
            stake_pct: 25.0 - 20.0 * j as f64 / 25.0,
            profit_eth: 20_000 + 4_000 * (26 - j as u64),
            rule: SlashRule::None,
        });
    }
    v
}

/// Members of AVS `j` among the 400 largest operators: first the largest ones a fixed integer
/// hash of (AVS, rank) picks (about half) join, largest first, up to 90% of the stake share;
/// then any, smallest first, up to the whole share. An operator joins while the AVS has
/// fewer than `operators` members and their Zipf weight stays within the limit. Returned in rank
/// order (which is stake order).
fn avs_members(j: usize, row: &AvsRow) -> Vec<usize> {
    let picked = |k: usize| {
        let x = (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ (j as u64 + 1).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
        (x.wrapping_mul(0x1656_67B1_9E37_79F9) >> 63) == 1
    };
    let total: f64 = (0..OPERATORS).map(weight).sum();
    let budget = total * row.stake_pct / 100.0;
    let mut member = vec![false; AVS_OPERATOR_POOL];
    let (mut count, mut held) = (0, 0.0);
    for first_pass in [true, false] {
        let limit = if first_pass { 0.9 * budget } else { budget };
        let ranks: Vec<usize> = if first_pass {
            (0..AVS_OPERATOR_POOL).collect()
        } else {
            (0..AVS_OPERATOR_POOL).rev().collect()
        };
        for k in ranks {
            if count == row.operators || member[k] || (first_pass && !picked(k)) {
                continue;
            }
            if held + weight(k) <= limit {
                held += weight(k);
                member[k] = true;
                count += 1;
            }
        }
    }
    (0..AVS_OPERATOR_POOL).filter(|&k| member[k]).collect()
}

fn operator_name(k: usize) -> String {
    format!("Operator {:04}", k + 1)
}

/// The `mainnet-scale` scenario (see the module documentation for every number's source).
pub fn mainnet_scale() -> Scenario {
    let mut s = super::oracle_cascade();
    s.name = "mainnet-scale".into();
    s.description = "The restaking network at mainnet size (MODEL.md section 10): 1,900 operators whose stake follows a power law (the 7 largest hold ~75%), 30 overlapping AVSs, 10 LRTs, 160,000 individual restakers and 7,500 looping borrowers in six lending markets. At block 300 the price-oracle AVS receives an outlier; the 52 operators that sign it (20% of all stake, the second-largest operator among them) are slashed 10% after a 12-hour veto window, and the loss travels through every LRT that delegated to them. The graph groups the small operators.".into();
    let lrts = lrt_supplies();
    let rows = avs_rows();
    let members: Vec<Vec<usize>> = rows
        .iter()
        .enumerate()
        .map(|(j, r)| avs_members(j, r))
        .collect();
    // The operators that read the bad data source: every other member of the oracle AVS by
    // stake, its largest first (about 60% of the oracle's stake, assumption).
    let oracle = 1;
    // Members are in rank order, which is stake order (Zipf weights fall with rank).
    let followers: Vec<usize> = members[oracle].iter().step_by(2).copied().collect();

    // Native restakers over all operators; each LRT over its own operators.
    // Every operator's total follows the Zipf curve; each LRT spreads its supply over the 200
    // largest in proportion to their weight, and native restakers hold the rest of each total.
    let totals = spread(RESTAKED_ETH, 0..OPERATORS);
    let delegations: Vec<Vec<(usize, u64)>> = lrts
        .iter()
        .map(|(_, supply)| spread(*supply, 0..LRT_OPERATORS))
        .collect();
    let native: Vec<(usize, u64)> = totals
        .iter()
        .map(|&(k, total)| {
            let lrt: u64 = delegations
                .iter()
                .filter_map(|d| d.iter().find(|x| x.0 == k))
                .map(|x| x.1)
                .sum();
            (k, total.saturating_sub(lrt))
        })
        .collect();
    s.operators = (0..OPERATORS)
        .map(|k| {
            let avss: Vec<usize> = (0..rows.len())
                .filter(|j| members[*j].binary_search(&k).is_ok())
                .collect();
            // Unique stake: 80% of the max magnitude allocated, evenly over the operator's sets.
            let magnitude = if avss.is_empty() {
                0
            } else {
                8_000 / avss.len() as u32
            };
            OperatorParams {
                name: operator_name(k),
                lrt_delegation_eth: delegations[0].iter().find(|d| d.0 == k).map_or(0, |d| d.1),
                native_delegation_eth: native.iter().find(|d| d.0 == k).map_or(0, |d| d.1),
                lst_delegation_eth: 0,
                follows_faulty_feed: false,
                feed: followers
                    .binary_search(&k)
                    .is_ok()
                    .then(FeedParams::single_faulty_source),
                client: Some(super::CLIENTS[k % super::CLIENTS.len()].into()),
                region: Some(super::REGIONS[k % super::REGIONS.len()].into()),
                allocation_delay_blocks: 0,
                allocations: avss
                    .iter()
                    .map(|j| AllocationParams {
                        avs: rows[*j].name.clone(),
                        magnitude_bps: magnitude,
                    })
                    .collect(),
                leave_at_slashed_share: None,
            }
        })
        .collect();
    let committee = s.avss[0].veto.clone();
    s.avss = rows
        .iter()
        .map(|r| {
            // The oracle has the veto committee of oracle-cascade; bridges need 2/3 to corrupt.
            super::avs(
                &r.name,
                r.kind,
                r.profit_eth,
                if r.kind == AvsKind::Bridge { 0.67 } else { 0.5 },
                100,
                r.rule,
                1_000,
                (r.rule != SlashRule::None)
                    .then(|| committee.clone())
                    .flatten(),
            )
        })
        .collect();
    s.consensus.total_active_balance_eth = 34_000_000;

    let holders = holder_counts(&lrts);
    let first = &lrts[0];
    s.lrt.symbol = first.0.clone();
    // A buffer of 0.2% of supply for redemptions (assumption); it also takes the rounding dust.
    s.lrt.buffer_eth = first.1 / 500;
    s.pool = pool(first.1);
    s.stakers = stakers(holders[0], first.1);
    s.extra_lrts = lrts
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, (sym, supply))| ExtraLrtParams {
            lrt: LrtParams {
                symbol: sym.clone(),
                buffer_eth: supply / 500,
                ..s.lrt.clone()
            },
            pool: pool(*supply),
            stakers: stakers(holders[i], *supply),
            insurance: None,
            delegations: delegations[i]
                .iter()
                .map(|(k, eth)| DelegationParams {
                    operator: operator_name(*k),
                    eth: *eth,
                })
                .collect(),
        })
        .collect();
    markets(&mut s);
    s.arbitrageurs = ArbitrageurParams {
        count: 30,
        capital_eth: 20_000,
        max_trade_eth: 500,
        required_return_apr: 0.10,
        uncertainty_premium: 1.0,
        expected_pause_days: None,
        mint_margin: 0.001,
        fast_capital_share: 1.0,
        capital_arrival_half_life_blocks: 300,
    };
    // Liquidators as in oracle-cascade, more of them and richer, sizing to pool depth.
    s.liquidators.count = 10;
    s.liquidators.capital_eth = 5_000;
    s.liquidators.partial = true;
    s.faults = vec![FaultSpec {
        at_block: 300,
        fault: Fault::OracleOutlier {
            avs: rows[oracle].name.clone(),
            deviation_bps: 1_500,
        },
    }];
    s
}

/// Holder agents per LRT, in proportion to supply, summing to [`HOLDERS`].
fn holder_counts(lrts: &[(String, u64)]) -> Vec<u32> {
    let total: u64 = lrts.iter().map(|l| l.1).sum();
    let mut v: Vec<u32> = lrts
        .iter()
        .map(|l| (HOLDERS as u64 * l.1 / total) as u32)
        .collect();
    v[0] += HOLDERS - v.iter().sum::<u32>();
    v
}

/// A Curve pool with [`POOL_DEPTH_PER_MILLE`] of the supply on each side; LPs as in
/// `oracle-cascade`.
fn pool(supply: u64) -> PoolParams {
    let depth = supply * POOL_DEPTH_PER_MILLE / 1_000;
    PoolParams {
        eth_liquidity_eth: depth,
        lrt_liquidity: depth,
        ..super::oracle_cascade().pool
    }
}

/// Holders of one LRT: [`HOLDER_SHARE_PCT`] of its supply; panic thresholds spread wider than
/// in the classroom presets (a large population, assumption).
fn stakers(count: u32, supply: u64) -> StakerParams {
    StakerParams {
        count,
        total_lrt: supply * HOLDER_SHARE_PCT / 100,
        panic_threshold_min: 0.015,
        panic_threshold_max: 0.20,
        attention_per_block: 0.01,
        sell_fraction: 0.25,
        max_discount_min: 0.01,
        max_discount_max: 0.15,
        pending_slash_weight: 0.5,
        loss_memory_half_life_blocks: 14_400,
        buy_back_fraction: 0.25,
        buy_back_min_discount: 0.005,
        buy_back_signal_share: 0.5,
        contagion_weight: 0.0,
        contagion_floor: 0.0,
    }
}

/// Six markets (MODEL.md section 8 parameters): Aave v3 weETH (77.5/80/7) and its E-mode
/// (93/95/1) and Aave v3 rsETH (72/75/7.5) priced at the exchange rate with a growth cap (as
/// Aave prices LRTs), and Morpho ezETH/WETH at LLTV 0.86 and 0.77 and Morpho pufETH/WETH at 0.86
/// priced from the pool (as the ezETH markets of April 2024). Looper counts and collateral are
/// assumptions.
fn markets(s: &mut Scenario) {
    let aave = |name: &str, ltv: u32, lt: u32, bonus: u32, oracle: OracleKind| LendingParams {
        style: MarketStyle::AaveV3,
        ltv_bps: ltv,
        liquidation_threshold_bps: lt,
        liquidation_bonus_bps: bonus,
        close_factor_bps: 5_000,
        full_close_hf: 0.95,
        protocol_fee_bps: 1_000,
        oracle,
        idle_liquidity_eth: 20_000,
        governance: None,
        name: name.into(),
        emode: None,
        supply_cap_lrt: None,
        rate_growth_cap_bps_per_year: (oracle == OracleKind::ExchangeRate).then_some(900),
    };
    let morpho = |name: &str, lltv: u32| LendingParams {
        style: MarketStyle::MorphoBlue,
        liquidation_bonus_bps: 0,
        close_factor_bps: 10_000,
        full_close_hf: 1.0,
        protocol_fee_bps: 0,
        ..aave(name, lltv, lltv, 0, OracleKind::MarketPrice)
    };
    let loopers = |count: u32, total: u64, hf_min: f64, hf_max: f64| LooperParams {
        count,
        total_collateral_lrt: total,
        hf_min,
        hf_max,
        total_equity_lrt: 0,
    };
    s.lending = aave("Aave v3 weETH", 7_750, 8_000, 700, OracleKind::ExchangeRate);
    s.loopers = loopers(1_500, 40_000, 1.04, 1.6);
    let mut emode = aave(
        "Aave v3 weETH E-mode",
        7_250,
        7_500,
        750,
        OracleKind::ExchangeRate,
    );
    emode.emode = Some(EModeParams {
        ltv_bps: 9_300,
        liquidation_threshold_bps: 9_500,
        liquidation_bonus_bps: 100,
    });
    s.extra_markets = vec![
        MarketParams {
            collateral: "eETH".into(),
            lending: emode,
            loopers: loopers(3_000, 150_000, 1.04, 1.25),
        },
        MarketParams {
            collateral: "ezETH".into(),
            lending: morpho("Morpho ezETH/WETH 86%", 8_600),
            loopers: loopers(1_000, 20_000, 1.02, 1.5),
        },
        MarketParams {
            collateral: "ezETH".into(),
            lending: morpho("Morpho ezETH/WETH 77%", 7_700),
            loopers: loopers(500, 5_000, 1.15, 2.0),
        },
        MarketParams {
            collateral: "rsETH".into(),
            lending: aave("Aave v3 rsETH", 7_200, 7_500, 750, OracleKind::ExchangeRate),
            loopers: loopers(800, 20_000, 1.05, 1.6),
        },
        MarketParams {
            collateral: "pufETH".into(),
            lending: morpho("Morpho pufETH/WETH 86%", 8_600),
            loopers: loopers(700, 10_000, 1.02, 1.5),
        },
    ];
}
