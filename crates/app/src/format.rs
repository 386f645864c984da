//! Plain text formatting for the readouts: numbers a test can `parseFloat`, and simulated time.
//!
//! Kept free of any browser type so it is tested natively (`cargo test -p restake-app`).

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

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
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
    fn seeds_are_checked() {
        assert_eq!(parse_seed(" 42 "), Ok(42));
        assert!(parse_seed("-1").is_err());
        assert!(parse_seed("abc").is_err());
    }
}
