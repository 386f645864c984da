//! EigenExplorer API responses (`https://api.eigenexplorer.com`, schemas in
//! EigenExplorer/eigen-explorer-backend `packages/openapi/src/apiResponseSchema/`):
//!
//! * `GET /operators?withTvl=true`: `{"data": [operator], "meta": {total, skip, take}}`, each
//!   operator with `address`, `metadataName`, `avsRegistrations: [{avsAddress, isActive}]` and
//!   `tvl: {tvl, tvlBeaconChain, tvlRestaking, tvlWETH, tvlStrategies, tvlStrategiesEth}`;
//! * `GET /avs?withTvl=true`: `{"data": [avs]}`, each with `address`, `metadataName`,
//!   `totalOperators`, `totalStakers` and `tvl`;
//! * `GET /avs/{address}/operators?withTvl=true`: `{"data": [operator]}` (no AVS address in the
//!   body: it is taken from a top-level `avsAddress` or `address` key, or else from the first
//!   `0x` + 40 hex digits in the file name, e.g. `avs-0x870679e1...-operators.json`).
//!
//! TVL is in ETH: the API sums beacon-chain shares (1e18 per ETH) and each LST strategy's
//! underlying amount times its ETH price (`sharesToTVL` in `packages/api/src/utils/
//! strategyShares.ts`), so `--tvl-unit` does not apply. Keys are matched case-free; a bare
//! list of objects is accepted in place of `{"data": [...]}`.

use serde_json::{Map, Value};

use crate::network::{Network, Tvl};
use crate::table::{cell, json_rows, normalise, parse_amount};

/// The value of `key` (normalised, e.g. `metadataname`) in `obj`, matched case-free.
fn get<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.iter()
        .find(|(k, _)| normalise(k) == key)
        .map(|(_, v)| v)
}

fn text(obj: &Map<String, Value>, key: &str) -> String {
    get(obj, key)
        .map(cell)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// An object of a response's list with its place (`file:row N`, from 1).
type Placed<'a> = (String, &'a Map<String, Value>);

/// The objects of the response's `data` list, each with its place.
fn objects<'a>(
    name: &str,
    v: &'a Value,
    skipped: &mut Vec<String>,
) -> Result<Vec<Placed<'a>>, String> {
    let list = json_rows(name, v)?;
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let at = format!("{name}:row {}", i + 1);
        match item.as_object() {
            Some(o) => out.push((at, o)),
            None => skipped.push(format!("{at}: skipped: not an object")),
        }
    }
    Ok(out)
}

fn parse(name: &str, text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("'{name}': {e}"))
}

/// An object's `tvl` in ETH and its beacon-chain share; `None` when the response was fetched
/// without `withTvl=true` or `tvl.tvl` is not a non-negative number.
fn tvl(obj: &Map<String, Value>) -> Option<Tvl> {
    let t = get(obj, "tvl")?;
    let (total, beacon) = match t {
        Value::Object(m) => (
            parse_amount(&text(m, "tvl"))?,
            parse_amount(&text(m, "tvlbeaconchain")),
        ),
        other => (parse_amount(&cell(other))?, None),
    };
    Some(Tvl {
        eth: total,
        native_share: beacon.filter(|_| total > 0.0).map(|b| (b / total).min(1.0)),
    })
}

/// The `address` of row `obj` (at `at`, an operator or an AVS as `what` says); `None`,
/// reported in `skipped`, when it is empty.
fn row_address(
    obj: &Map<String, Value>,
    what: &str,
    at: &str,
    skipped: &mut Vec<String>,
) -> Option<String> {
    let address = text(obj, "address");
    if address.is_empty() {
        skipped.push(format!("{at}: skipped: {what} without an address"));
        return None;
    }
    Some(address)
}

/// Adds the operator of row `obj` (at `at`) at `address` to `net`, with its TVL when the row
/// has one; returns its index.
fn add_operator(net: &mut Network, obj: &Map<String, Value>, address: &str, at: &str) -> usize {
    let o = net.op(address, &text(obj, "metadataname"), at);
    if let Some(t) = tvl(obj) {
        net.op_tvl.insert(o, t);
    }
    o
}

/// Reads `GET /operators` (file `name`): every operator with its active AVS registrations and
/// its TVL. Operators without an address, inactive registrations and registrations without an
/// AVS address are reported with their row.
pub fn read_operators(
    name: &str,
    body: &str,
    net: &mut Network,
    skipped: &mut Vec<String>,
) -> Result<(), String> {
    let v = parse(name, body)?;
    for (at, obj) in objects(name, &v, skipped)? {
        let Some(address) = row_address(obj, "operator", &at, skipped) else {
            continue;
        };
        let Some(Value::Array(regs)) = get(obj, "avsregistrations") else {
            skipped.push(format!(
                "{at}: skipped: operator '{address}' has no avsRegistrations list"
            ));
            continue;
        };
        let o = add_operator(net, obj, &address, &at);
        for (k, reg) in regs.iter().enumerate() {
            let rat = format!("{at} avsRegistrations[{k}]");
            let Some(reg) = reg.as_object() else {
                skipped.push(format!("{rat}: skipped: not an object"));
                continue;
            };
            let avs = text(reg, "avsaddress");
            if avs.is_empty() {
                skipped.push(format!("{rat}: skipped: empty avsAddress"));
                continue;
            }
            if matches!(get(reg, "isactive"), Some(Value::Bool(false))) {
                skipped.push(format!(
                    "{rat}: skipped: registration with AVS {avs} is not active"
                ));
                continue;
            }
            let a = net.avs(&avs, "", &rat);
            net.register(o, a, &rat, skipped);
        }
    }
    Ok(())
}

/// Reads `GET /avs/{address}/operators` (file `name`): the AVS's operators, registered with
/// it, and their TVL. `Err` when the AVS address is found neither in the body nor in the file
/// name.
pub fn read_avs_operators(
    name: &str,
    body: &str,
    net: &mut Network,
    skipped: &mut Vec<String>,
) -> Result<(), String> {
    let v = parse(name, body)?;
    let from_body = v.as_object().map(|m| {
        let t = text(m, "avsaddress");
        if t.is_empty() {
            text(m, "address")
        } else {
            t
        }
    });
    let avs = from_body
        .filter(|s| !s.is_empty())
        .or_else(|| address_in(name))
        .ok_or_else(|| format!("'{name}': the AVS of these operators is unknown: add \"avsAddress\" to the file or put the AVS address (0x + 40 hex digits) in its name"))?;
    let mut a = None;
    for (at, obj) in objects(name, &v, skipped)? {
        let Some(address) = row_address(obj, "operator", &at, skipped) else {
            continue;
        };
        let a = *a.get_or_insert_with(|| net.avs(&avs, "", &format!("{name}:row 1")));
        let o = add_operator(net, obj, &address, &at);
        net.register(o, a, &at, skipped);
    }
    Ok(())
}

/// Reads `GET /avs` (file `name`): names and TVL of the AVSs already in the network. An AVS
/// no imported operator is registered with, or without an address, is reported.
pub fn read_avss(
    name: &str,
    body: &str,
    net: &mut Network,
    skipped: &mut Vec<String>,
) -> Result<(), String> {
    let v = parse(name, body)?;
    for (at, obj) in objects(name, &v, skipped)? {
        let Some(address) = row_address(obj, "AVS", &at, skipped) else {
            continue;
        };
        let label = text(obj, "metadataname");
        let Some(a) = net.find_avs(&address, "") else {
            let shown = if label.is_empty() { &address } else { &label };
            skipped.push(format!(
                "{at}: skipped: AVS '{shown}' has no operators in the imported registrations (an AVS nobody secures is not simulated)"
            ));
            continue;
        };
        net.avs(&address, &label, &at);
        match tvl(obj) {
            Some(t) => {
                net.avs_tvl.insert(a, t);
            }
            None => skipped.push(format!(
                "{at}: note: AVS '{address}' has no readable tvl.tvl (fetched without withTvl=true?); its name is used, not its TVL"
            )),
        }
    }
    Ok(())
}

/// The first `0x` + 40 hex digits in `s`, lower case.
fn address_in(s: &str) -> Option<String> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(41)).find_map(|i| {
        let cand = &b[i..i + 42];
        (cand[0] == b'0'
            && matches!(cand[1], b'x' | b'X')
            && cand[2..].iter().all(u8::is_ascii_hexdigit))
        .then(|| String::from_utf8_lossy(cand).to_lowercase())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_address_is_found_in_a_file_name() {
        let a = "0x870679e138bcdf293b7ff14dd44b70fc97e12fc0";
        assert_eq!(
            super::address_in(&format!("avs-{a}-operators.json")).as_deref(),
            Some(a)
        );
        assert_eq!(super::address_in("operators.json"), None);
        assert_eq!(super::address_in(a).as_deref(), Some(a));
    }
}
