//! Replays of real events against their published figures (MODEL.md section 9). The tests
//! assert the shape and a band around the published numbers, not the exact numbers; the gap is
//! stated in the README.

use restake_engine::units::WEI_PER_ETH;
use restake_engine::Sim;

/// stETH, May-June 2022: pool TVL ~$4.5B -> ~$620M, 111,300 ETH vs 491,000 stETH in mid-June,
/// a discount above 6%, no withdrawals.
#[test]
fn steth_2022_drains_the_pools_eth_side_and_opens_a_discount() {
    let mut sim = Sim::preset("steth-2022", 42).unwrap();
    sim.run(120_000);
    let h = sim.history();
    let max_discount = h.iter().map(|m| m.discount).fold(0.0, f64::max);
    let end = sim.latest();
    let eth = end.pool_eth_wei / WEI_PER_ETH;
    let steth = end.pool_lrt_wei / WEI_PER_ETH;
    assert!(
        max_discount > 0.05,
        "discount above 5% (published > 6%), got {max_discount}"
    );
    assert!(
        max_discount < 0.15,
        "but not a collapse, got {max_discount}"
    );
    // Published 111,300 ETH and 491,000 stETH; the replay lands within these bands.
    assert!((70_000..160_000).contains(&eth), "pool ETH side {eth}");
    assert!(
        (350_000..650_000).contains(&steth),
        "pool stETH side {steth}"
    );
    // TVL from 2.25M ETH-equivalent to about 0.6M (published $4.5B -> $620M, -86% in USD with
    // ETH's own fall; in ETH terms about -73%).
    let start = 2_250_000u128;
    assert!(
        (eth + steth) * 100 / start < 35,
        "pool kept {}% of its depth",
        (eth + steth) * 100 / start
    );
    assert_eq!(end.slashed_wei, 0, "no slashing in this event");
}

/// ezETH, 24 April 2024 (MODEL.md section 9; Gauntlet on the Morpho forum): no withdrawals, a
/// sell-off into a thin pool, Morpho markets at LLTV 0.86 and 0.77 priced from the market.
/// Published: 0.86 market 138 liquidations, ~5,035 WETH repaid, 6,236.72 ezETH seized, 10.96
/// WETH bad debt; 0.77 market 8 liquidations and no bad debt; lenders' oracle below 0.8;
/// Balancer WETH side 4k -> ~500. The bands below are what the replay reproduces (README
/// "Replays" states the gaps).
#[test]
fn ezeth_2024_liquidates_the_086_market_far_more_than_the_077_one() {
    let mut sim = Sim::preset("ezeth-2024", 42).unwrap();
    sim.run(3_600);
    let h = sim.history();
    let end = sim.latest();
    let (m86, m77) = (&end.markets[0], &end.markets[1]);
    let eth = |wei: u128| wei / WEI_PER_ETH;
    // The shape: the tighter market is liquidated many times more, the 0.77 one barely.
    assert!(
        m86.liquidations >= 5 * m77.liquidations.max(1),
        "0.86: {} vs 0.77: {}",
        m86.liquidations,
        m77.liquidations
    );
    assert!(
        (1..=20).contains(&m77.liquidations),
        "0.77 market: {}",
        m77.liquidations
    );
    assert_eq!(m77.bad_debt_wei, 0, "no bad debt in the 0.77 market");
    // 0.86 market: repaid within 30% of the published 5,035 WETH, seized within 30% of 6,237.
    assert!(
        (3_500..=6_600).contains(&eth(m86.repaid_wei)),
        "repaid {}",
        eth(m86.repaid_wei)
    );
    assert!(
        (4_400..=8_100).contains(&eth(m86.seized_wei)),
        "seized {}",
        eth(m86.seized_wei)
    );
    // Seized over repaid: published 6,236.72 / 5,035 = 1.239 (LIF 1.0438 at a price ~0.84).
    let ratio = m86.seized_wei as f64 / m86.repaid_wei as f64;
    assert!((1.15..1.35).contains(&ratio), "seized/repaid {ratio}");
    // Bad debt: published 10.96 WETH, 0.2% of repaid; the replay stays under 1%.
    assert!(
        m86.bad_debt_wei * 100 <= m86.repaid_wei,
        "bad debt {}",
        m86.bad_debt_wei
    );
    // The market oracle goes below 0.8 but the token does not collapse.
    let min_oracle = h
        .iter()
        .map(|m| m.markets[0].oracle_price)
        .fold(f64::INFINITY, f64::min);
    assert!(
        (0.70..0.82).contains(&min_oracle),
        "min oracle price {min_oracle}"
    );
    // The pool's ETH side drains by more than 80% (Balancer: 4,000 -> ~500, -87.5%).
    let start = h[0].pool_eth_wei;
    let low = h.iter().map(|m| m.pool_eth_wei).min().unwrap();
    assert!(
        low * 5 < start,
        "pool ETH side {} -> {}",
        eth(start),
        eth(low)
    );
    assert_eq!(end.slashed_wei, 0, "no slashing in this event");
}

/// The same sell-off priced by the exchange rate (NAV) liquidates nobody: the lever the
/// replay's description suggests.
#[test]
fn ezeth_2024_with_an_exchange_rate_oracle_liquidates_nobody() {
    use restake_engine::scenario::OracleKind;
    let mut s = restake_engine::presets::get("ezeth-2024").unwrap();
    s.lending.oracle = OracleKind::ExchangeRate;
    s.extra_markets[0].lending.oracle = OracleKind::ExchangeRate;
    let mut sim = Sim::new(s, 42).unwrap();
    sim.run(3_600);
    assert_eq!(sim.latest().liquidations, 0);
    assert!(
        sim.history().iter().any(|m| m.lrt_price < 0.85),
        "the pool still depegs"
    );
}

/// Why the replay has no bad debt where 10.96 WETH was published (issue 4): Morpho Blue
/// realises bad debt when a liquidation takes a borrower's last collateral, which happens only
/// once a loan's LTV at the oracle price passes `1 / LIF` (0.958 at LLTV 0.86) before it is
/// liquidated. In the replay the oracle falls with the pool block by block and the liquidators
/// keep up: no loan of the 0.86 market goes past LTV 0.92. The mechanism is not at fault: the
/// same markets after a sudden 15% gap in their oracle (the event's DEX prints of 0.2-0.27
/// were such gaps) realise bad debt in the 0.86 market and none in the 0.77 one, the
/// published shape. Not tuned: the replay's price path stays smooth, and the gap is stated.
#[test]
fn ezeth_2024_bad_debt_needs_an_oracle_gap_the_smooth_replay_does_not_have() {
    use restake_engine::units::{mul_div, WAD};
    let mut sim = Sim::preset("ezeth-2024", 42).unwrap();
    let mut worst_ltv = 0f64;
    for _ in 0..3_600 {
        sim.step();
        let m = &sim.world().markets[0];
        for p in m.positions.iter().filter(|p| p.debt > 0) {
            let value = mul_div(p.collateral, m.oracle_price, WAD).max(1);
            worst_ltv = worst_ltv.max(p.debt as f64 / value as f64);
        }
    }
    let underwater = WAD as f64 / sim.world().markets[0].incentive_factor() as f64;
    assert!(
        worst_ltv < underwater - 0.02,
        "worst LTV {worst_ltv} vs 1/LIF {underwater}"
    );
    assert_eq!(sim.latest().bad_debt_wei, 0);

    let mut s = restake_engine::presets::get("ezeth-2024").unwrap();
    s.faults.clear();
    let mut sim = Sim::new(s, 42).unwrap();
    sim.run(10);
    let names: Vec<String> = sim.world().markets.iter().map(|m| m.name.clone()).collect();
    for market in names {
        sim.inject(restake_engine::Fault::LendingOracle {
            mode: restake_engine::scenario::FeedFault::Manipulated,
            deviation_bps: 1_500,
            duration_blocks: 20,
            market: Some(market),
        })
        .unwrap();
    }
    sim.run(100);
    let end = sim.latest();
    let (m86, m77) = (&end.markets[0], &end.markets[1]);
    assert!(m86.bad_debt_wei > 0, "a gap past 1/LIF leaves bad debt");
    assert!(
        m86.bad_debt_wei * 50 < m86.repaid_wei,
        "small beside what was repaid (published 0.2%)"
    );
    assert!(m77.liquidations > 0 && m77.bad_debt_wei == 0, "{m77:?}");
}
