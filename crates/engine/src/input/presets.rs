//! Built-in scenarios. Proportions follow MODEL.md section 10 (scaled down): operator stake is
//! concentrated (the top 7 of 14 operators hold 75%, as "7 operators handled ~75%" in Feb 2025),
//! the LRT holds 80% of restaked ETH ("LRTs ~80% of restaked assets"), and AVSs overlap heavily
//! (the data-availability AVS is secured by almost every operator, as EigenDA was).
//! Sizes are assumptions chosen so a classroom sees every step: 500,000 ETH restaked, an
//! ezETH-sized LRT (MODEL.md section 10: ezETH supply 363k in Sept 2024) and a thin pool.

use crate::input::scenario::*;

mod channels;
mod mainnet_scale;
mod replays;
mod rseth;
pub use channels::{cover_run_out, lrt_contagion, mev_censorship, points_exit, slashing_ambiguity};
pub use mainnet_scale::mainnet_scale;
pub use replays::{ezeth_2024, steth_2022};
pub use rseth::{exploit as rseth_2026_exploit, rseth_2026};

/// Names of the presets, in the order the app lists them.
pub const NAMES: [&str; 28] = [
    "oracle-cascade",
    "oracle-cascade-unique-stake",
    "oracle-cascade-ng-ema",
    "oracle-data-integrity",
    "rational-attack-cascade",
    "client-bug-double-sign",
    "region-outage",
    "region-outage-finality",
    "operator-key-compromise",
    "avs-exploit",
    "avs-exploit-guarded",
    "governance-capture",
    "slashing-upgrade",
    "whale-exit",
    "lp-flight",
    "lending-oracle-manipulation",
    "steth-2022",
    "ezeth-2024",
    "rseth-2026",
    "path-native-restaking",
    "path-lst-restaking",
    "path-lrt",
    "slashing-ambiguity",
    "mev-censorship",
    "points-exit",
    "cover-run-out",
    "lrt-contagion",
    "mainnet-scale",
];

/// Presets too large for the test suite's sweeps over every preset (thousands of blocks with
/// the invariants checked after each): they have their own tests
/// (`crates/engine/tests/mainnet_scale.rs`) and benchmarks.
pub const LARGE: [&str; 1] = ["mainnet-scale"];

/// The preset called `name`. Returns `Err(ScenarioError::UnknownPreset)` for other names.
pub fn get(name: &str) -> Result<Scenario, ScenarioError> {
    match name {
        "oracle-cascade" => Ok(oracle_cascade()),
        "oracle-cascade-unique-stake" => {
            let mut s = oracle_cascade();
            s.name = name.into();
            s.description = "The oracle cascade with ELIP-002 unique stake: each AVS can slash only the magnitude an operator allocated to it. Compare the slashed total, the NAV drop and whether the peg holds with the shared-security preset.".into();
            s.slashing_model = SlashingModel::UniqueStake;
            Ok(s)
        }
        "client-bug-double-sign" => Ok(client_bug()),
        "operator-key-compromise" => Ok(with_fault(name, "The keys of Atlas Staking, the largest operator, are stolen and used to equivocate on every AVS it runs. Under shared security each of its five AVSs slashes the whole stake: the losses compound. Try it with unique stake, where each AVS can take only its allocation.", Fault::OperatorKeyCompromise { operator: "Atlas Staking".into() })),
        "avs-exploit" => Ok(avs_exploit(name, false)),
        "avs-exploit-guarded" => Ok(avs_exploit(name, true)),
        "governance-capture" => Ok(with_fault(name, "An attacker captures the Rollup Sequencer's governance: its veto committee stops working and it slashes every operator it can by 100%. Under shared security that is the whole stake of every operator registered with it.", Fault::GovernanceCapture { avs: "Rollup Sequencer".into() })),
        "slashing-upgrade" => Ok(slashing_upgrade(name)),
        "whale-exit" => Ok(with_fault(name, "No slashing at all: a large holder sells 15,000 rsLRT into the pool over 10 minutes while withdrawals are paused for 14 days, as in stETH's June 2022 depeg. Arbitrageurs who price the pause plus the 14-day queue at 10% a year buy the discount as it forms, so the price stays within 1% of NAV. Lower their capital or raise their required return and the same sale becomes a deep depeg that liquidates loops priced from the pool (limits of arbitrage).", Fault::WhaleSale { lrt: 15_000, over_blocks: 50, lrt_symbol: None }).with_extra_fault(1, Fault::WithdrawalPause { duration_blocks: 100_800, lrt_symbol: None })),
        "lp-flight" => Ok(with_fault(name, "Liquidity providers pull 70% of the pool before the oracle fault: the same slash now moves the price much further: over 20 seeds the median low is 0.57 ETH against 0.89 with the pool intact, the worst 0.17.", Fault::LiquidityWithdrawal { share_bps: 7_000, lrt_symbol: None }).with_extra_fault(600, Fault::OracleOutlier { avs: "PriceFeed Oracle".into(), deviation_bps: 1_500 })),
        "lending-oracle-manipulation" => Ok(with_fault(name, "The lending market's price feed is manipulated to report 8% below the market for 20 blocks: loops are liquidated although nothing was slashed, and liquidators' sales then move the real price.", Fault::LendingOracle { mode: FeedFault::Manipulated, deviation_bps: 800, duration_blocks: 20, market: None })),
        "oracle-data-integrity" => Ok(oracle_data_integrity(name)),
        "oracle-cascade-ng-ema" => {
            let mut s = oracle_cascade();
            s.name = name.into();
            s.description = "The oracle cascade with a stableswap-ng pool (dynamic off-peg fee, the LRT scaled by a NAV rate oracle) and a lending market priced by the pool's EMA oracle instead of its spot price: the dump reaches the lender with a lag and fewer loops are liquidated. Compare with oracle-cascade.".into();
            s.pool.variant = PoolVariant::Ng { offpeg_fee_multiplier: 20_000_000_000, ma_exp_time_s: 866, rate_oracle: true };
            s.lending.oracle = OracleKind::Ema;
            Ok(s)
        }
        "steth-2022" => Ok(steth_2022()),
        "ezeth-2024" => Ok(ezeth_2024()),
        "rseth-2026" => Ok(rseth_2026()),
        "mainnet-scale" => Ok(mainnet_scale()),
        "slashing-ambiguity" => Ok(slashing_ambiguity()),
        "mev-censorship" => Ok(mev_censorship()),
        "points-exit" => Ok(points_exit()),
        "cover-run-out" => Ok(cover_run_out()),
        "lrt-contagion" => Ok(lrt_contagion()),
        "rational-attack-cascade" => {
            let mut s = oracle_cascade();
            s.name = name.into();
            s.description = "The oracle cascade with rational attackers (Durvasula and Roughgarden): the oracle slash leaves the Fast Bridge worth more to corrupt than the stake that secures it, so a coalition of its operators attacks, is slashed, and the loss spreads to every AVS and holder that shared their stake. Compare with oracle-cascade, where nobody attacks.".into();
            s.rational_attacks = true;
            // Profits at 66% of the base preset: the network starts with a slack of ~1% (secure)
            // and the oracle slash pushes it below 0 (Durvasula and Roughgarden's cascade).
            for a in &mut s.avss {
                a.profit_from_corruption_eth = a.profit_from_corruption_eth * 66 / 100;
            }
            Ok(s)
        }
        "region-outage" => Ok(region_outage(name, &["Cloud us-east"])),
        "region-outage-finality" => Ok(region_outage(name, &["Cloud us-east", "Cloud eu-central"])),
        _ => crate::input::paths::get(name).ok_or_else(|| ScenarioError::UnknownPreset(name.to_string())),
    }
}

/// Operator names, stake weights (percent of restaked ETH, top 7 = 75%), its oracle node's feed
/// configuration (`None`: unexposed, [`FeedParams::unexposed`]), and its AVS registrations with
/// magnitudes (basis points).
type OperatorRow = (
    &'static str,
    u64,
    Option<FeedParams>,
    &'static [(&'static str, u32)],
);

/// A feed configuration row: sources, whether the faulty source is one of them, sanity bound
/// (bps), client. Assumptions chosen so that a 15% outlier is signed by the four operators the
/// preset always had sign it (two single-source nodes, a two-source median, a three-source
/// mean), while the operators with three or more sources and a median keep the true value.
const fn feed(
    sources: u32,
    faulty: bool,
    max_move_bps: u32,
    client: FeedClient,
) -> Option<FeedParams> {
    Some(FeedParams {
        sources,
        reads_faulty_source: faulty,
        max_move_bps,
        client,
    })
}

const OPERATORS: [OperatorRow; 14] = [
    (
        "Atlas Staking",
        18,
        feed(5, true, 10_000, FeedClient::Median),
        &[
            ("PriceFeed Oracle", 2000),
            ("DA Layer", 3000),
            ("Fast Bridge", 2500),
            ("Rollup Sequencer", 1500),
            ("Event Oracle", 1000),
        ],
    ),
    (
        "Borealis Nodes",
        14,
        feed(1, true, 10_000, FeedClient::Median),
        &[
            ("PriceFeed Oracle", 2500),
            ("DA Layer", 3000),
            ("Fast Bridge", 2500),
            ("Rollup Sequencer", 1500),
        ],
    ),
    (
        "Cobalt Ops",
        11,
        feed(3, false, 10_000, FeedClient::Median),
        &[
            ("PriceFeed Oracle", 2000),
            ("DA Layer", 3000),
            ("Fast Bridge", 3000),
            ("Light Bridge", 1000),
        ],
    ),
    (
        "Delta Validators",
        10,
        feed(4, true, 1_000, FeedClient::Median),
        &[
            ("PriceFeed Oracle", 2000),
            ("DA Layer", 4000),
            ("Rollup Sequencer", 2000),
        ],
    ),
    (
        "Ember Infra",
        8,
        feed(2, true, 10_000, FeedClient::Median),
        &[
            ("PriceFeed Oracle", 3000),
            ("DA Layer", 3000),
            ("Fast Bridge", 2000),
            ("Event Oracle", 1000),
        ],
    ),
    (
        "Fjord Node",
        7,
        None,
        &[
            ("DA Layer", 5000),
            ("Light Bridge", 2000),
            ("Rollup Sequencer", 2000),
        ],
    ),
    (
        "Granite Labs",
        7,
        feed(3, false, 10_000, FeedClient::Mean),
        &[
            ("PriceFeed Oracle", 2500),
            ("DA Layer", 4000),
            ("Fast Bridge", 2000),
        ],
    ),
    (
        "Helix Stake",
        5,
        None,
        &[("DA Layer", 6000), ("Event Oracle", 2000)],
    ),
    (
        "Iris Nodes",
        5,
        feed(1, true, 3_000, FeedClient::Median),
        &[
            ("PriceFeed Oracle", 4000),
            ("DA Layer", 4000),
            ("Light Bridge", 1000),
        ],
    ),
    (
        "Juniper Ops",
        4,
        None,
        &[("DA Layer", 7000), ("Rollup Sequencer", 2000)],
    ),
    (
        "Kestrel Infra",
        4,
        feed(3, true, 10_000, FeedClient::Median),
        &[("PriceFeed Oracle", 3000), ("DA Layer", 5000)],
    ),
    ("Lumen Stake", 3, None, &[("DA Layer", 8000)]),
    (
        "Meridian Nodes",
        2,
        feed(3, true, 10_000, FeedClient::Mean),
        &[("PriceFeed Oracle", 5000), ("Fast Bridge", 3000)],
    ),
    (
        "Nimbus Ops",
        2,
        None,
        &[("DA Layer", 6000), ("Event Oracle", 3000)],
    ),
];

/// Client and region per operator, cycled: the two largest operators share a client with others,
/// so a client bug is correlated across operators (MODEL.md section 3, correlated failure).
const CLIENTS: [&str; 5] = ["Lighthouse", "Prysm", "Lighthouse", "Teku", "Nimbus"];
const REGIONS: [&str; 4] = [
    "Cloud us-east",
    "Cloud eu-central",
    "Cloud us-east",
    "Bare metal eu",
];

#[expect(
    clippy::too_many_arguments,
    reason = "one row of the preset's AVS table per call reads best positionally"
)]
fn avs(
    name: &str,
    kind: AvsKind,
    pfc: u64,
    alpha: f64,
    reward: u32,
    rule: SlashRule,
    slash_bps: u32,
    veto: Option<VetoParams>,
) -> AvsParams {
    AvsParams {
        name: name.into(),
        kind,
        profit_from_corruption_eth: pfc,
        corruption_threshold: alpha,
        reward_apr_bps: reward,
        slash_rule: rule,
        slash_bps,
        deviation_tolerance_bps: 50,
        slash_full_at_deviation_bps: None,
        veto,
        mirrors_beacon_slashing: false,
        upgrade_timelock_blocks: None,
        emergency_pause: None,
        redistribute_slashed: false,
        over_slashing_rate: 0.0,
        under_slashing_rate: 0.0,
        slashed_elsewhere_keep: None,
        mev: None,
    }
}

/// `oracle-cascade`: the six steps of MODEL.md section 1 under shared security. A price
/// oracle AVS receives an outlier at block 300; four operators holding 29% of all stake sign it;
/// the rule slashes them 10% after a 12-hour veto window; NAV drops, holders run, the thin pool
/// depegs, loans priced from the pool are liquidated and liquidators dump into the same pool.
/// Arbitrage capital moves slowly, not in a fixed stock: each of the six arbitrageurs has
/// 10,000 ETH at hand and 20,000 more that arrive while the discount lasts, faster the deeper it
/// is (`fast_capital_share` 1/3; Duffie 2010; docs/BEHAVIOUR.md), so the discount closes to the
/// arbitrageurs' required return within hours instead of holding at the holders' floor until
/// the 14-day queue pays; with half of it the capital runs out and it holds (limits of
/// arbitrage, docs/SENSITIVITY.md).
pub fn oracle_cascade() -> Scenario {
    const LRT_DELEGATED: u64 = 396_000;
    const NATIVE: u64 = 100_000;
    let operators = OPERATORS
        .iter()
        .enumerate()
        .map(|(i, (name, weight, feed, allocs))| OperatorParams {
            name: (*name).into(),
            lrt_delegation_eth: LRT_DELEGATED * weight / 100,
            native_delegation_eth: NATIVE * weight / 100,
            lst_delegation_eth: 0,
            follows_faulty_feed: false,
            feed: feed.clone(),
            client: Some(CLIENTS[i % CLIENTS.len()].into()),
            region: Some(REGIONS[i % REGIONS.len()].into()),
            allocation_delay_blocks: 0,
            allocations: allocs
                .iter()
                .map(|(a, m)| AllocationParams {
                    avs: (*a).into(),
                    magnitude_bps: *m,
                })
                .collect(),
            leave_at_slashed_share: None,
        })
        .collect();
    let committee = VetoParams {
        members: 9,
        quorum: 5,
        window_blocks: 3_600,
        p_veto_unjustified: 0.85,
        p_veto_justified: 0.05,
        feed_fault_leniency: 0.0,
    };
    Scenario {
        name: "oracle-cascade".into(),
        description: "One oracle fault travels through shared security: a price-oracle AVS receives an outlier, the operators that signed it are slashed after a 12-hour veto window, the LRT's NAV drops, holders sell into a thin Curve pool, lending loops priced from that pool are liquidated and liquidators dump into the same pool. Try the unique-stake preset, or switch the lending oracle to the exchange rate, and watch the cascade stop earlier.".into(),
        slashing_model: SlashingModel::Shared,
        staking_apr_bps: 300,
        lrt: LrtParams {
            symbol: "rsLRT".into(),
            withdrawal_delay_blocks: 100_800,
            buffer_eth: 4_000,
            pause_withdrawals_on_slash: true,
            pause_on_nav_drop_bps: 200,
            pause_delay_blocks: 7_200,
            pause_max_blocks: 187_200,
            pause_resolution_blocks: 50_400,
            withdrawals_enabled: true,
            expected_unlock_days: 0,
            mint_fee_bps: 0,
            redeem_fee_bps: 0,
        },
        operators,
        avss: vec![
            avs("PriceFeed Oracle", AvsKind::Oracle, 60_000, 0.5, 80, SlashRule::SlashOutlierSigners, 1_000, Some(committee)),
            avs("DA Layer", AvsKind::DataAvailability, 150_000, 0.67, 120, SlashRule::None, 500, None),
            avs("Fast Bridge", AvsKind::Bridge, 195_000, 0.67, 150, SlashRule::None, 1_000, None),
            avs("Rollup Sequencer", AvsKind::Sequencer, 40_000, 0.5, 60, SlashRule::None, 500, None),
            avs("Light Bridge", AvsKind::Bridge, 25_000, 0.67, 100, SlashRule::None, 1_000, None),
            avs("Event Oracle", AvsKind::Oracle, 10_000, 0.5, 40, SlashRule::SlashMajorityDeviators, 500, None),
        ],
        pool: PoolParams {
            eth_liquidity_eth: 20_000,
            lrt_liquidity: 20_000,
            amp: 50,
            fee: 4_000_000,
            admin_fee: 5_000_000_000,
            // Assumption: LPs leave in steps once the discount passes 2%, at most half the pool.
            variant: PoolVariant::Legacy,
            lps: Some(LpParams { withdraw_at_discount_bps: 200, withdraw_share_bps: 1_000, every_blocks: 150, max_withdrawn_bps: 5_000, return_below_discount_bps: 50, return_max_move_bps: 50, return_share_bps: 1_000 }),
        },
        lending: LendingParams {
            style: MarketStyle::AaveV3,
            ltv_bps: 7_500,
            liquidation_threshold_bps: 7_800,
            liquidation_bonus_bps: 750,
            close_factor_bps: 5_000,
            full_close_hf: 0.95,
            protocol_fee_bps: 1_000,
            oracle: OracleKind::MarketPrice,
            idle_liquidity_eth: 20_000,
            governance: None,
            name: String::new(),
            emode: None,
            supply_cap_lrt: None,
            rate_growth_cap_bps_per_year: None,
        },
        stakers: StakerParams {
            count: 200,
            total_lrt: 300_000,
            panic_threshold_min: 0.015,
            panic_threshold_max: 0.10,
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
        },
        loopers: LooperParams { count: 40, total_collateral_lrt: 0, hf_min: 1.04, hf_max: 1.5, total_equity_lrt: 21_900 },
        arbitrageurs: ArbitrageurParams { count: 6, capital_eth: 30_000, max_trade_eth: 300, required_return_apr: 0.10, uncertainty_premium: 1.0, expected_pause_days: None, mint_margin: 0.001, fast_capital_share: 1.0 / 3.0, capital_arrival_half_life_blocks: 300 },
        liquidators: LiquidatorParams { count: 3, capital_eth: 2_000, max_rounds_per_block: 3, partial: false, required_return_apr: 0.10, expected_pause_days: 30.0, flash_loans: true },
        rational_attacks: false,
        insurance: None,
        consensus: ConsensusParams::default(),
        extra_lrts: vec![],
        extra_markets: vec![],
        position: None,
        incentives: vec![],
        governance_tokens: vec![],
        oracle_feeds: None,
        faults: vec![FaultSpec { at_block: 300, fault: Fault::OracleOutlier { avs: "PriceFeed Oracle".into(), deviation_bps: 1_500 } }],
    }
}

/// `client-bug-double-sign`: correlated validator failure (MODEL.md sections 1 and 3). A bug in
/// Lighthouse makes 30% of its validators double-sign at block 300: about 10% of all Ethereum
/// stake is slashed at once. The restaked validators on Lighthouse lose the initial penalty now
/// and, 4,096 epochs (~18.2 days) later, the correlation penalty of 3 x 10% = 30% of their
/// balance (MODEL.md section 3's self-check: 9.6 ETH per 32-ETH validator). The DA Layer mirrors Ethereum
/// slashing and slashes the same operators on EigenLayer after its veto window.
pub fn client_bug() -> Scenario {
    let mut s = oracle_cascade();
    s.name = "client-bug-double-sign".into();
    s.description = "A consensus-client bug makes 30% of Lighthouse validators double-sign: about 10% of all Ethereum stake is slashed in one window. Restaked operators on Lighthouse lose the small initial penalty at once and a correlation penalty of about 30% of their balance 18 days later; an AVS that mirrors Ethereum slashing adds its own slash. Compare with region-outage: being offline is not slashable.".into();
    for a in &mut s.avss {
        if a.name == "DA Layer" {
            a.mirrors_beacon_slashing = true;
            a.slash_bps = 500;
            a.veto = Some(VetoParams {
                members: 9,
                quorum: 5,
                window_blocks: 7_200,
                p_veto_unjustified: 0.85,
                p_veto_justified: 0.05,
                feed_fault_leniency: 0.0,
            });
        }
    }
    s.faults = vec![FaultSpec {
        at_block: 300,
        fault: Fault::ClientBug {
            client: "Lighthouse".into(),
            share_bps: 3_000,
        },
    }];
    s
}

/// `region-outage` / `region-outage-finality`: cloud regions go offline at block 300 for two
/// days. One region (20% of all stake) costs only attestation penalties; two regions (35%, more
/// than 1/3) stop finality and start the inactivity leak (MODEL.md section 3).
pub fn region_outage(name: &str, regions: &[&str]) -> Scenario {
    let mut s = oracle_cascade();
    s.name = name.into();
    s.description = if regions.len() == 1 {
        "A cloud region holding 20% of all Ethereum stake goes offline for two days. Offline is not slashable: the validators there miss attestations and lose small penalties, and the chain keeps finalizing. Compare with region-outage-finality.".into()
    } else {
        "Two cloud regions holding 35% of all Ethereum stake go offline for two days. More than 1/3 of stake is offline, so finality stops and, after 4 epochs, the inactivity leak drains the offline validators quadratically. Compare with region-outage (one region, 20%).".into()
    };
    s.faults = regions
        .iter()
        .map(|r| FaultSpec {
            at_block: 300,
            fault: Fault::RegionOutage {
                region: (*r).into(),
                duration_blocks: 14_400,
            },
        })
        .collect();
    s
}

/// The oracle-cascade network with one fault at block 300 instead of the oracle outlier.
fn with_fault(name: &str, description: &str, fault: Fault) -> Scenario {
    let mut s = oracle_cascade();
    s.name = name.into();
    s.description = description.into();
    s.faults = vec![FaultSpec {
        at_block: 300,
        fault,
    }];
    s
}

trait ExtraFault {
    fn with_extra_fault(self, at_block: u64, fault: Fault) -> Self;
}

impl ExtraFault for Scenario {
    fn with_extra_fault(mut self, at_block: u64, fault: Fault) -> Self {
        self.faults.push(FaultSpec { at_block, fault });
        self
    }
}

/// `avs-exploit` / `avs-exploit-guarded`: the Fast Bridge's slashing contract is exploited at
/// block 300 and every operator it can slash is hit for 100%. Unguarded, the slashes execute at
/// once; guarded, a veto committee (12 h window) and an emergency council (pause after 1 h,
/// for 72 h) stand in the way (MODEL.md section 13: a 5-of-9 council that can pause for 72 h).
fn avs_exploit(name: &str, guarded: bool) -> Scenario {
    let mut s = with_fault(
        name,
        "",
        Fault::AvsExploit {
            avs: "Fast Bridge".into(),
        },
    );
    s.description = if guarded {
        "The Fast Bridge's slashing contract is exploited, but the bridge has a veto committee with a 12-hour window and a 5-of-9 emergency council that pauses slashing for 72 hours. The unjustified slashes are stopped; compare with avs-exploit.".into()
    } else {
        "The Fast Bridge's slashing contract is exploited: with no veto committee and no emergency pause, every operator it secures is slashed by 100% of the stake the bridge can slash at once. Under shared security that is everything they hold. Compare with avs-exploit-guarded and with unique stake.".into()
    };
    if guarded {
        for a in &mut s.avss {
            if a.name == "Fast Bridge" {
                a.veto = Some(VetoParams {
                    members: 9,
                    quorum: 5,
                    window_blocks: 3_600,
                    p_veto_unjustified: 0.85,
                    p_veto_justified: 0.05,
                    feed_fault_leniency: 0.0,
                });
                a.emergency_pause = Some(EmergencyPauseParams {
                    trigger_bps: 2_000,
                    delay_blocks: 300,
                    duration_blocks: 21_600,
                });
            }
        }
    }
    s
}

/// `slashing-upgrade`: the Light Bridge has upgrade keys without a timelock; at block 300 they
/// raise its slash size to 100%, and an oracle-style fault on its operators follows at block 600
/// through a key compromise of one of them.
fn slashing_upgrade(name: &str) -> Scenario {
    let mut s = with_fault(name, "The Light Bridge holds upgrade keys without a timelock. At block 300 the keys raise its slash size from 10% to 100%; when one of its operators' keys is compromised at block 600, that operator loses everything the bridge can slash. With a timelock, stakers would have had time to leave.", Fault::SlashingUpgrade { avs: "Light Bridge".into(), slash_bps: 10_000 });
    for a in &mut s.avss {
        if a.name == "Light Bridge" {
            a.upgrade_timelock_blocks = Some(0);
        }
    }
    s.with_extra_fault(
        600,
        Fault::OperatorKeyCompromise {
            operator: "Fjord Node".into(),
        },
    )
}

/// `oracle-data-integrity`: the Event Oracle's data is corrupted and its largest operators
/// (a stake majority) sign it. Its rule slashes deviators from the majority, so the honest
/// minority is slashed; a veto committee that judges the evidence vetoes those slashes.
fn oracle_data_integrity(name: &str) -> Scenario {
    let mut s = with_fault(name, "The Event Oracle's data is corrupted at the source and its largest operators, a stake majority, sign it. Its on-chain rule slashes whoever deviates from the majority: the honest minority. A veto committee that reads the evidence vetoes those unjustified slashes inside its window.", Fault::OracleDataIntegrity { avs: "Event Oracle".into() });
    for a in &mut s.avss {
        if a.name == "Event Oracle" {
            a.veto = Some(VetoParams {
                members: 9,
                quorum: 5,
                window_blocks: 3_600,
                p_veto_unjustified: 1.0,
                p_veto_justified: 0.0,
                feed_fault_leniency: 0.0,
            });
        }
    }
    s
}
