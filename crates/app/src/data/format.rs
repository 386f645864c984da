//! Plain text formatting for the readouts: numbers a test can `parseFloat`, and simulated time.
//!
//! Kept free of any browser type so it is tested natively (`cargo test -p restake-app`).

use restake_engine::scenario::{FeedFault, LenderAction};
use restake_engine::units::{SECONDS_PER_BLOCK, WEI_PER_ETH};
use restake_engine::Fault;

/// Wei as ETH with `decimals` decimals and no thousands separators ("14384.3"), so that the
/// readout's text parses as a number. Rounds half up.
pub fn eth_plain(wei: u128, decimals: u32) -> String {
    let scale = 10u128.pow(decimals);
    let unit = WEI_PER_ETH / scale;
    let scaled = (wei + unit / 2) / unit;
    if decimals == 0 {
        scaled.to_string()
    } else {
        format!(
            "{}.{:0width$}",
            scaled / scale,
            scaled % scale,
            width = decimals as usize
        )
    }
}

/// Simulated time of `block` (12 s per block) in words: "0 min", "1 h 12 min", "3 d 4 h".
pub fn sim_time(block: u64) -> String {
    let minutes = block * SECONDS_PER_BLOCK / 60;
    let (days, hours, mins) = (minutes / 1_440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, _) => format!("{hours} h {mins} min"),
        _ => format!("{days} d {hours} h"),
    }
}

/// Wei as ETH with thousands separators and two decimals ("191,234.56"), for tooltips.
pub fn grouped_eth(wei: u128) -> String {
    let cents = (wei + WEI_PER_ETH / 200) / (WEI_PER_ETH / 100);
    format!(
        "{}.{:02}",
        restake_engine::units::group_thousands(cents / 100),
        cents % 100
    )
}

/// `1234567` -> `"1,234,567"`, for labels that nobody parses.
pub fn grouped(n: u64) -> String {
    restake_engine::units::group_thousands(n as u128)
}

/// A fault in a few words, e.g. "Oracle outlier on PriceFeed Oracle, deviation 15%".
///
/// Written from the fault's serialised form (its `kind` tag and fields, with `_bps` fields as
/// percentages and `_blocks` fields in blocks), so that fault kinds the engine adds are
/// described without a change here.
pub fn describe_fault(fault: &Fault) -> String {
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(fault) else {
        return format!("{fault:?}");
    };
    let kind = fields
        .get("kind")
        .and_then(|k| k.as_str())
        .unwrap_or("fault")
        .replace('_', " ")
        .replace("avs", "AVS");
    let mut out = capitalise(&kind);
    // The subject first ("on PriceFeed Oracle"), then the sizes.
    for (_, value) in fields
        .iter()
        .filter(|(n, _)| matches!(n.as_str(), "avs" | "operator" | "client" | "region"))
    {
        if let Some(text) = value.as_str() {
            out.push_str(&format!(" on {text}"));
        }
    }
    for (name, value) in fields.iter().filter(|(n, _)| {
        !matches!(
            n.as_str(),
            "kind" | "avs" | "operator" | "client" | "region"
        )
    }) {
        let words = |n: &str| n.replace('_', " ");
        let part = match value {
            serde_json::Value::Number(n) => {
                let n = n.as_f64().unwrap_or(0.0);
                if let Some(base) = name.strip_suffix("_bps") {
                    format!(", {} {}%", words(base), n / 100.0)
                } else if let Some(base) = name.strip_suffix("_blocks") {
                    format!(", {} {} blocks", words(base), grouped(n as u64))
                } else {
                    format!(", {} {}", words(name), grouped(n as u64))
                }
            }
            serde_json::Value::String(text) => format!(", {} {text}", words(name)),
            other => format!(", {} {other}", words(name)),
        };
        out.push_str(&part);
    }
    out
}

/// A fault as one sentence for the fault menu, its family first: "Client bug: 30% of
/// Lighthouse validators double-sign". `symbol` is the LRT's ("rsLRT").
///
/// Fault kinds without their own words here (the engine adds kinds) get their family and
/// [`describe_fault`]'s generic reading.
pub fn fault_sentence(fault: &Fault, symbol: &str) -> String {
    restaking_fault_sentence(fault)
        .or_else(|| market_fault_sentence(fault, symbol))
        .unwrap_or_else(|| format!("{}: {}", capitalise(fault.family()), describe_fault(fault)))
}

/// A percentage of basis points: "2.5%".
fn pct(bps: u32) -> String {
    format!("{}%", f64::from(bps) / 100.0)
}

/// [`fault_sentence`] of a fault on operators, clients, regions and AVSs; `None` for others.
fn restaking_fault_sentence(fault: &Fault) -> Option<String> {
    match fault {
        Fault::OracleOutlier { avs, deviation_bps } => Some(format!(
            "Oracle outlier: {avs} reports a price {} off",
            pct(*deviation_bps)
        )),
        Fault::ClientBug { client, share_bps } => Some(format!(
            "Client bug: {} of {client} validators double-sign",
            pct(*share_bps)
        )),
        Fault::RegionOutage {
            region,
            duration_blocks,
        } => Some(format!(
            "Region outage: {region} offline for {}",
            span(*duration_blocks)
        )),
        Fault::OracleDataIntegrity { avs } => Some(format!(
            "Data integrity: most of {avs}'s stake signs corrupted data"
        )),
        Fault::OperatorKeyCompromise { operator } => Some(format!(
            "Key compromise: {operator}'s keys equivocate on all its AVSs"
        )),
        Fault::AvsExploit { avs } => Some(format!(
            "AVS exploit: {avs}'s slashing contract takes 100% of its stake"
        )),
        Fault::GovernanceCapture { avs } => Some(format!(
            "Governance capture: {avs} slashes every operator 100%, no veto"
        )),
        Fault::SlashingUpgrade { avs, slash_bps } => Some(format!(
            "Slashing upgrade: {avs}'s slash becomes {} after its timelock",
            pct(*slash_bps)
        )),
        Fault::VetoCommittee { avs, enabled } => Some(format!(
            "Veto committee: {avs}'s committee switched {}",
            if *enabled { "on" } else { "off" }
        )),
        _ => None,
    }
}

/// [`fault_sentence`] of a fault on the LRT, its pool or the lending markets (`symbol` the
/// LRT's where the fault names none); `None` for others.
fn market_fault_sentence(fault: &Fault, symbol: &str) -> Option<String> {
    match fault {
        Fault::WithdrawalPause {
            duration_blocks,
            lrt_symbol,
        } => Some(format!(
                "Withdrawal pause: {} redemptions stop for {}",
                lrt_symbol.as_deref().unwrap_or(symbol),
                span(*duration_blocks)
            )),
        Fault::WhaleSale {
            lrt,
            over_blocks,
            lrt_symbol,
        } => Some(format!(
            "Whale sale: {} {} sold into the pool over {}",
            grouped(*lrt),
            lrt_symbol.as_deref().unwrap_or(symbol),
            span(*over_blocks)
        )),
        Fault::LiquidityWithdrawal {
            share_bps,
            lrt_symbol,
        } => Some(format!(
                "LP flight: {} of the {}/ETH pool's liquidity withdrawn",
                pct(*share_bps),
                lrt_symbol.as_deref().unwrap_or(symbol)
            )),
        Fault::LendingOracle {
            mode,
            deviation_bps,
            duration_blocks,
            market,
        } => Some({
            let feed = match market {
                Some(m) => format!("{m}'s feed"),
                None => "the feed".to_string(),
            };
            match mode {
                FeedFault::Manipulated => format!(
                    "Lending oracle: {feed} reports {} low for {}",
                    pct(*deviation_bps),
                    span(*duration_blocks)
                ),
                FeedFault::Stale => {
                    format!(
                        "Lending oracle: {feed} freezes for {}",
                        span(*duration_blocks)
                    )
                }
            }
        }),
        Fault::LenderGovernance { action } => Some(match action {
            LenderAction::Freeze => "Lender governance: the LRT market is frozen".to_string(),
            LenderAction::Pause => "Lender governance: the LRT market is paused".to_string(),
            LenderAction::SetLiquidationThreshold {
                liquidation_threshold_bps,
            } => format!(
                "Lender governance: liquidation threshold set to {}",
                pct(*liquidation_threshold_bps)
            ),
        }),
        Fault::BridgeExploit(b) => Some(format!(
            "Bridge exploit: {} unbacked {} minted, {} posted in {} loans at HF {:.2}-{:.2}; freeze after {}, loss {}",
            grouped(b.unbacked_lrt),
            b.lrt_symbol.as_deref().unwrap_or(symbol),
            grouped(b.posted_lrt),
            b.positions,
            b.hf_min,
            b.hf_max,
            span(b.freeze_after_blocks),
            match b.loss {
                restake_engine::scenario::BridgeLoss::Isolated => "isolated to the bridged supply",
                restake_engine::scenario::BridgeLoss::Socialised => "socialised over every holder",
            }
        )),
        _ => None,
    }
}

/// A duration of `blocks` in the largest whole unit that fits: "4 min", "48 h", "14 d".
pub fn span(blocks: u64) -> String {
    let minutes = blocks * SECONDS_PER_BLOCK / 60;
    match minutes {
        m if m < 120 => format!("{m} min"),
        m if m < 72 * 60 => format!("{} h", m / 60),
        m => format!("{} d", m / 1_440),
    }
}

/// ETH in at most four significant characters, for labels in the graph: "950", "9.5k",
/// "473k", "1.2M".
pub fn compact_eth(wei: u128) -> String {
    compact(wei as f64 / WEI_PER_ETH as f64, 0)
}

/// `v` compactly, with `extra` more decimals than usual.
fn compact(v: f64, extra: usize) -> String {
    let (scaled, suffix, decimals) = match v.abs() {
        a if a < 1_000.0 => (v, "", 0),
        a if a < 10_000.0 => (v / 1e3, "k", 1),
        a if a < 999_500.0 => (v / 1e3, "k", 0),
        a if a < 9_950_000.0 => (v / 1e6, "M", 1),
        _ => (v / 1e6, "M", 0),
    };
    format!("{scaled:.prec$}{suffix}", prec = decimals + extra)
}

/// Cost and profit of corruption as a pair of compact numbers, with one more decimal when the
/// short forms would look equal although the values differ ("194.6k" and "195.0k", not "195k"
/// twice: the comparison is the point).
pub fn compact_pair(a_wei: u128, b_wei: u128) -> (String, String) {
    let (a, b) = (
        a_wei as f64 / WEI_PER_ETH as f64,
        b_wei as f64 / WEI_PER_ETH as f64,
    );
    let (sa, sb) = (compact(a, 0), compact(b, 0));
    if sa == sb && a_wei != b_wei {
        // The larger value sets the unit so that both read alike.
        let big = a.abs().max(b.abs());
        let unit = |v: f64| {
            if big >= 999_500.0 {
                format!("{:.2}M", v / 1e6)
            } else if big >= 1_000.0 {
                format!("{:.1}k", v / 1e3)
            } else {
                format!("{v:.1}")
            }
        };
        return (unit(a), unit(b));
    }
    (sa, sb)
}

/// The network slack gamma as a percentage without a sign for positive values ("12.5",
/// "-33.3"), "∞" when no coalition can attack at all, "–" when it is not a number.
pub fn slack_percent(slack: f64) -> String {
    if slack.is_nan() {
        "–".to_string()
    } else if slack == f64::INFINITY {
        "∞".to_string()
    } else {
        format!("{:.1}", slack * 100.0)
    }
}

/// Ethereum penalties in ETH with decimals that keep small amounts visible ("0.080", "12.4",
/// "1520"), parseable as a number.
pub fn penalty_eth(wei: u128) -> String {
    let decimals = match wei / WEI_PER_ETH {
        0..=9 => 3,
        10..=999 => 1,
        _ => 0,
    };
    eth_plain(wei, decimals)
}

/// `s` with its first letter in upper case; ASCII only (fault kinds and families), which keeps
/// the Unicode case tables out of the WebAssembly module.
fn capitalise(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// Parses the seed field: a whole number from 0 to `u64::MAX`, surrounding spaces allowed.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!(
            "Seed \"{}\" is not a whole number from 0 to {}. The run keeps its last seed.",
            text.trim(),
            u64::MAX
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ETH: u128 = WEI_PER_ETH;

    #[test]
    fn eth_plain_parses_back() {
        assert_eq!(eth_plain(0, 1), "0.0");
        assert_eq!(eth_plain(14_384 * ETH + ETH / 4, 1), "14384.3");
        assert_eq!(eth_plain(562 * ETH + ETH / 2, 0), "563");
        assert_eq!(eth_plain(ETH / 100, 2), "0.01");
    }

    #[test]
    fn sim_time_in_words() {
        assert_eq!(sim_time(0), "0 min");
        assert_eq!(sim_time(360), "1 h 12 min");
        assert_eq!(sim_time(7_200 * 3 + 300 * 4), "3 d 4 h");
    }

    #[test]
    fn faults_in_words() {
        let f = Fault::OracleOutlier {
            avs: "PriceFeed Oracle".into(),
            deviation_bps: 1_500,
        };
        assert_eq!(
            describe_fault(&f),
            "Oracle outlier on PriceFeed Oracle, deviation 15%"
        );
    }

    #[test]
    fn menu_sentences() {
        let bug = Fault::ClientBug {
            client: "Lighthouse".into(),
            share_bps: 3_000,
        };
        assert_eq!(
            fault_sentence(&bug, "rsLRT"),
            "Client bug: 30% of Lighthouse validators double-sign"
        );
        let outage = Fault::RegionOutage {
            region: "Cloud us-east".into(),
            duration_blocks: 14_400,
        };
        assert_eq!(
            fault_sentence(&outage, "rsLRT"),
            "Region outage: Cloud us-east offline for 48 h"
        );
        let whale = Fault::WhaleSale {
            lrt: 15_000,
            over_blocks: 50,
            lrt_symbol: None,
        };
        assert_eq!(
            fault_sentence(&whale, "rsLRT"),
            "Whale sale: 15,000 rsLRT sold into the pool over 10 min"
        );
        assert_eq!(span(100_800), "14 d");
    }

    #[test]
    fn compact_numbers() {
        assert_eq!(compact_eth(950 * ETH), "950");
        assert_eq!(compact_eth(9_460 * ETH), "9.5k");
        assert_eq!(compact_eth(472_731 * ETH), "473k");
        assert_eq!(compact_eth(1_234_000 * ETH), "1.2M");
        assert_eq!(
            compact_pair(191_000 * ETH, 195_000 * ETH),
            ("191k".into(), "195k".into())
        );
        assert_eq!(
            compact_pair(194_600 * ETH, 195_000 * ETH),
            ("194.6k".into(), "195.0k".into())
        );
        assert_eq!(compact_pair(5 * ETH, 5 * ETH), ("5".into(), "5".into()));
    }

    #[test]
    fn slack_and_penalties() {
        assert_eq!(slack_percent(-0.33325), "-33.3");
        assert_eq!(slack_percent(0.125), "12.5");
        assert_eq!(slack_percent(f64::INFINITY), "∞");
        assert_eq!(penalty_eth(79_935_000_000_000_000), "0.080");
        assert_eq!(penalty_eth(1_520 * ETH), "1520");
        assert_eq!(grouped_eth(191_234 * ETH + ETH * 56 / 100), "191,234.56");
    }

    #[test]
    fn seeds_are_checked() {
        assert_eq!(parse_seed(" 42 "), Ok(42));
        assert!(parse_seed("-1").is_err());
        assert!(parse_seed("abc").is_err());
    }
}
