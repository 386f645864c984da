//! Inspector details of lending markets and the agent populations (holders, loopers), and the
//! health-factor histogram.

use super::*;

/// Loans per [`HF_BUCKETS`] bucket (loans without debt are left out).
pub fn hf_histogram(w: &World, markets: &[usize]) -> Vec<(String, u32)> {
    let mut counts = [0u32; 6];
    for &m in markets {
        let (buckets, _) = crate::readouts::metrics::hf_buckets(&w.markets[m]);
        for (c, b) in counts.iter_mut().zip(buckets) {
            *c += b;
        }
    }
    HF_BUCKET_LABELS
        .iter()
        .zip(counts)
        .map(|(label, n)| (label.to_string(), n))
        .collect()
}

pub(super) fn lending(w: &World, k: usize) -> Parts {
    let m = &w.markets[k];
    let open = m.positions.iter().filter(|p| p.debt > 0).count();
    let liquidated = crate::readouts::metrics::loans_liquidated(m);
    let collateral: u128 = m.positions.iter().map(|p| p.collateral).sum();
    let debt: u128 = m.positions.iter().map(|p| p.debt).sum();
    let governance = match &m.governance {
        None => "none".to_string(),
        Some(g) => format!(
            "{} at a {} discount, after {} blocks",
            match g.action {
                LenderAction::Freeze => "freeze".to_string(),
                LenderAction::Pause => "pause".to_string(),
                LenderAction::SetLiquidationThreshold {
                    liquidation_threshold_bps,
                } => format!(
                    "threshold to {}",
                    pct_bps(liquidation_threshold_bps as u128)
                ),
            },
            pct_bps(g.trigger_discount_bps as u128),
            group_thousands(g.delay_blocks as u128)
        ),
    };
    let rows = vec![
        row(
            "Style",
            match m.style {
                crate::input::scenario::MarketStyle::AaveV3 => "Aave v3",
                crate::input::scenario::MarketStyle::MorphoBlue => "Morpho Blue",
            },
        ),
        row(
            "Oracle",
            format!(
                "{}: {:.4} ETH",
                match m.oracle {
                    OracleKind::MarketPrice => "market price",
                    OracleKind::Ema => "pool EMA",
                    OracleKind::ExchangeRate => "exchange rate (NAV)",
                },
                wad_to_f64(m.oracle_price)
            ),
        ),
        row("LTV", pct_bps(m.ltv_bps)),
        row(
            "Liquidation threshold",
            pct_bps(m.liquidation_threshold_bps),
        ),
        row("Loans open", group_thousands(open as u128)),
        row("Loans liquidated", group_thousands(liquidated as u128)),
        row(
            "Minimum health factor",
            m.min_health_factor()
                .map_or("-".to_string(), |h| format!("{:.3}", wad_to_f64(h))),
        ),
        row(
            "Collateral",
            fmt_units(collateral, 0, &w.lrts[m.collateral].symbol),
        ),
        row("Debt", fmt_eth(debt, 0)),
        row(
            "Liquidations",
            group_thousands(m.totals.liquidations as u128),
        ),
        row("Debt repaid by liquidators", fmt_eth(m.totals.repaid, 0)),
        row("Bad debt realised", fmt_eth(m.bad_debt, 1)),
        row(
            "Insolvent debt",
            format!(
                "{} in {} loans (collateral worth less than the debt at the oracle price)",
                fmt_eth(m.insolvent_debt(), 1),
                group_thousands(m.insolvent_loans() as u128)
            ),
        ),
        row(
            "Reserve",
            if m.paused {
                "paused"
            } else if m.frozen {
                "frozen"
            } else {
                "active"
            },
        ),
        row("Risk governance", governance),
    ];
    (
        m.name.clone(),
        match m.style {
            crate::input::scenario::MarketStyle::AaveV3 => "Aave-style lending market".into(),
            crate::input::scenario::MarketStyle::MorphoBlue => "Morpho-style lending market".into(),
        },
        rows,
        Vec::new(),
        hf_histogram(w, &[k]),
    )
}

pub(super) fn stakers(w: &World) -> Parts {
    let l = &w.ledger;
    let held: u128 = w
        .holders
        .iter()
        .map(|s| l.balance(s.account, w.lrts[s.lrt].asset))
        .sum();
    let eth: u128 = w
        .holders
        .iter()
        .map(|s| l.balance(s.account, Asset::ETH))
        .sum();
    let rows = vec![
        row("Holders", group_thousands(w.holders.len() as u128)),
        row("LRT held", lrt_amount(w, held, 0)),
        row("ETH held", fmt_eth(eth, 0)),
        row("Sold in panic", lrt_amount(w, w.totals.panic_sold_lrt, 0)),
        row(
            "Passive holders (CEXs, treasuries)",
            lrt_amount(w, l.balance(w.passive_holders, w.lrts[0].asset), 0),
        ),
    ];
    (
        format!("{} holders", w.lrts[0].symbol),
        "LRT holders".into(),
        rows,
        Vec::new(),
        Vec::new(),
    )
}

pub(super) fn loopers(w: &World) -> Parts {
    let positions = || w.markets.iter().flat_map(|m| m.positions.iter());
    let debt: u128 = positions().map(|p| p.debt).sum();
    let rows = vec![
        row("Loopers", group_thousands(positions().count() as u128)),
        row("Debt", fmt_eth(debt, 0)),
        row(
            "Leverage (collateral / equity)",
            format!("{:.2}x", crate::readouts::metrics::loop_leverage(w)),
        ),
        row(
            "Liquidated at least once",
            group_thousands(crate::readouts::metrics::loans_liquidated_total(w) as u128),
        ),
    ];
    let per_market = DetailTable {
        caption: "Loops per market".into(),
        header: vec![
            "market".into(),
            "loans".into(),
            "collateral".into(),
            "debt".into(),
            "liquidations".into(),
        ],
        rows: w
            .markets
            .iter()
            .map(|m| {
                vec![
                    m.name.clone(),
                    m.positions.len().to_string(),
                    fmt_units(
                        m.positions.iter().map(|p| p.collateral).sum(),
                        0,
                        &w.lrts[m.collateral].symbol,
                    ),
                    fmt_eth(m.positions.iter().map(|p| p.debt).sum(), 0),
                    group_thousands(m.totals.liquidations as u128),
                ]
            })
            .collect(),
    };
    let all: Vec<usize> = (0..w.markets.len()).collect();
    (
        "Loopers".into(),
        "leveraged borrowers".into(),
        rows,
        vec![per_market],
        hf_histogram(w, &all),
    )
}

pub(super) fn holders(
    w: &World,
    title: &str,
    accounts: impl Iterator<Item = crate::base::ledger::AccountId>,
) -> Parts {
    let l = &w.ledger;
    let (mut n, mut eth, mut lrt) = (0u128, 0u128, 0u128);
    for a in accounts {
        n += 1;
        eth += l.balance(a, Asset::ETH);
        lrt += w.lrts.iter().map(|x| l.balance(a, x.asset)).sum::<u128>();
    }
    let rows = vec![
        row("Agents", group_thousands(n)),
        row("ETH held", fmt_eth(eth, 0)),
        row("LRT held", lrt_amount(w, lrt, 0)),
    ];
    (
        title.to_string(),
        title.to_ascii_lowercase(),
        rows,
        Vec::new(),
        Vec::new(),
    )
}
