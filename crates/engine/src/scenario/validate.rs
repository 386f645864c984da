//! Loading and checking scenarios: JSON parsing with field paths, range and cross-reference
//! checks. Every error names the JSON path of the field and the reason.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// Most holders (or loopers) in one list: `mainnet-scale` has 87,116 holders of its largest LRT,
/// and the 8x scaling benchmark 8 times as many.
const MAX_AGENTS_PER_LIST: u32 = 1_000_000;
/// Most holders and loopers in all lists together: each costs a ledger account with one
/// balance per asset, so this bounds the memory a scenario file can ask for (about 0.5 GB with
/// 10 LRTs).
const MAX_AGENTS_TOTAL: u64 = 2_000_000;
/// Largest `avss[].mev.opportunity_gwei_per_block`: 1,000,000 ETH a block.
const MAX_MEV_GWEI_PER_BLOCK: u64 = 1_000_000_000_000_000;
/// Longest `incentives[].mercenary_exit_blocks`: a year of blocks.
const MAX_EXIT_BLOCKS: u64 = 2_629_800;
/// Longest delay, window or duration of a scenario (withdrawal delay, veto window, timelock,
/// pause, outage, lending-feed fault), blocks: 10 years of 12-second blocks (26,298,000). The
/// command line caps `--blocks` at the same bound.
pub const MAX_DELAY_BLOCKS: u64 = 10 * MAX_EXIT_BLOCKS;
/// Most capital one LRT's cover pool may hold, whole ETH: the plausibility bound of the
/// network's delegated stake (1e9 ETH).
const MAX_COVER_CAPITAL_ETH: u64 = 1_000_000_000;

/// Most equity the loopers of one market may loop, whole LRT (with an LTV of at most 9,999 bps
/// the collateral stays below 10^16 LRT, far inside `u128` wei).
pub const MAX_LOOPER_EQUITY_LRT: u64 = 1_000_000_000_000;

/// Refuses scenarios with more than [`MAX_AGENTS_TOTAL`] holders and loopers in all, naming the
/// list at which the total passes it.
fn check_agent_total(s: &Scenario) -> Result<(), ScenarioError> {
    let lists = s
        .lrt_specs()
        .into_iter()
        .map(|l| (format!("{}.count", l.stakers_path), l.stakers.count))
        .chain(
            s.market_specs()
                .into_iter()
                .map(|m| (format!("{}.count", m.loopers_path), m.loopers.count)),
        );
    let mut total = 0u64;
    for (path, count) in lists {
        total += count as u64;
        if total > MAX_AGENTS_TOTAL {
            return Err(ScenarioError::at(
                path,
                format!("more than {MAX_AGENTS_TOTAL} holders and loopers in all lists together"),
            ));
        }
    }
    Ok(())
}

/// Where each operator and AVS is, by name, for checking many references at once (the faults
/// of a scenario file); [`Scenario::validate_fault`] alone scans the lists instead.
struct NameIndex<'a> {
    operators: BTreeMap<&'a str, usize>,
    avss: BTreeMap<&'a str, usize>,
}

impl Scenario {
    fn operator_named(&self, name: &str, index: Option<&NameIndex>) -> Option<&OperatorParams> {
        match index {
            Some(ix) => ix.operators.get(name).map(|&i| &self.operators[i]),
            None => self.operators.iter().find(|o| o.name == name),
        }
    }

    fn avs_named(&self, name: &str, index: Option<&NameIndex>) -> Option<&AvsParams> {
        match index {
            Some(ix) => ix.avss.get(name).map(|&i| &self.avss[i]),
            None => self.avss.iter().find(|a| a.name == name),
        }
    }
}

enum ParseOrInvalid {
    Parse(serde_path_to_error::Error<serde_json::Error>),
    Invalid(ScenarioError),
}

fn parse_and_validate(text: &str) -> Result<Scenario, ParseOrInvalid> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let scenario: Scenario = serde_path_to_error::deserialize(de).map_err(ParseOrInvalid::Parse)?;
    scenario.validate().map_err(ParseOrInvalid::Invalid)?;
    Ok(scenario)
}

/// Spellings of non-finite numbers that JSON writers emit (JavaScript and Python: `NaN`,
/// `Infinity`; Rust's `Display` and C's `printf`: `inf`, `nan`) and JSON refuses. Longer
/// spellings come first so that `-Infinity` is not read as `-Inf...`.
const NON_FINITE: [&str; 12] = [
    "-Infinity",
    "+Infinity",
    "Infinity",
    "-infinity",
    "infinity",
    "-inf",
    "+inf",
    "inf",
    "-NaN",
    "NaN",
    "-nan",
    "nan",
];

/// The token a syntax error is about: a `NaN` / `Infinity` spelling at the error's position,
/// or, for serde_json's "number out of range" (`1e999`, which overflows an `f64` to
/// infinity), the number ending there. Returns its byte offset and text.
fn bad_number_token<'t>(
    text: &'t str,
    inner: &serde_json::Error,
    line_start: usize,
) -> Option<(usize, &'t str)> {
    // serde_json's column is 1-based and points at or just after the offending character.
    let around = line_start + inner.column().saturating_sub(2);
    if inner.to_string().starts_with("number out of range") {
        let is_num = |c: u8| c.is_ascii_digit() || matches!(c, b'e' | b'E' | b'+' | b'-' | b'.');
        let bytes = text.as_bytes();
        let mut end = (line_start + inner.column()).min(text.len());
        while end < text.len() && is_num(bytes[end]) {
            end += 1;
        }
        let mut start = end;
        while start > line_start && is_num(bytes[start - 1]) {
            start -= 1;
        }
        return (start < end).then(|| (start, &text[start..end]));
    }
    (around..(around + 3).min(text.len()))
        .filter(|&i| text.is_char_boundary(i))
        .find_map(|i| {
            NON_FINITE
                .iter()
                .find(|t| {
                    text[i..].starts_with(**t)
                        && !text[i + t.len()..].starts_with(|c: char| c.is_alphanumeric())
                })
                .map(|t| (i, &text[i..i + t.len()]))
        })
}

/// When parsing failed at a `NaN` / `Infinity` token or at a number too large for an `f64`:
/// the error at the field's path with the field's rule. The rule is found by probing: the
/// token is replaced by -1e300, then 1e300, and the first probe the field refuses gives its
/// reason (without its "got ..." part); a field that takes both is reported as needing a
/// finite number. `None` for other errors.
/// `reparse` parses and checks a probed text and returns its first error (`None` if it is
/// accepted).
fn non_finite_error(
    text: &str,
    e: &serde_path_to_error::Error<serde_json::Error>,
    reparse: &dyn Fn(&str) -> Option<ScenarioError>,
) -> Option<ScenarioError> {
    let inner = e.inner();
    if !inner.is_syntax() || inner.line() == 0 {
        return None;
    }
    let line_start: usize = text
        .split_inclusive('\n')
        .take(inner.line() - 1)
        .map(str::len)
        .sum();
    let (start, token) = bad_number_token(text, inner, line_start)?;
    let path = match e.path().to_string() {
        p if p == "." => "(top level)".to_string(),
        p => p,
    };
    let rule = ["-1e300", "1e300"]
        .iter()
        .find_map(|probe| {
            let probed = format!("{}{probe}{}", &text[..start], &text[start + token.len()..]);
            let ScenarioError::Invalid { path: p, reason } = reparse(&probed)? else {
                return None;
            };
            (p == path).then(|| probe_rule(&reason))
        })
        .unwrap_or_else(|| "must be a finite number".to_string());
    let what = if NON_FINITE.contains(&token) {
        "is not a number (JSON has no NaN or Infinity)"
    } else {
        "is out of range (beyond the largest 64-bit float, about 1.8e308)"
    };
    Some(ScenarioError::at(path, format!("{token} {what}; {rule}")))
}

impl ScenarioError {
    /// For JSON text of any `T` checked by `check` (a position file, for instance): when it
    /// does not parse because of a `NaN` / `Infinity` token or a number beyond the `f64` range,
    /// the error at the field's path with the field's rule, as [`Scenario::from_json`] gives
    /// for scenarios; `None` when the text parses or fails for another reason.
    pub fn non_finite<T: serde::de::DeserializeOwned>(
        text: &str,
        check: impl Fn(&T) -> Result<(), ScenarioError>,
    ) -> Option<ScenarioError> {
        let parse = |t: &str| {
            let de = &mut serde_json::Deserializer::from_str(t);
            serde_path_to_error::deserialize::<_, T>(de)
        };
        let e = parse(text).err()?;
        let reparse = |t: &str| match parse(t) {
            Err(e) => Some(ScenarioError::from_parse(e)),
            Ok(v) => check(&v).err(),
        };
        non_finite_error(text, &e, &reparse)
    }
}

/// The rule in a probe's refusal: `must be in [0, 1], got -1e300` -> `must be in [0, 1]`; a
/// type error of an integer field -> `must be a whole number (u32)`.
fn probe_rule(reason: &str) -> String {
    let reason = reason.split(" at line ").next().unwrap_or(reason);
    if reason.starts_with("invalid type") {
        return match reason.rsplit_once("expected ") {
            Some((_, want)) if want.starts_with('u') || want.starts_with('i') => {
                format!("must be a whole number ({want})")
            }
            Some((_, want)) => format!("expected {want}"),
            None => reason.to_string(),
        };
    }
    match reason.split_once(", got ") {
        Some((rule, _)) => rule.to_string(),
        None => reason.to_string(),
    }
}

impl Scenario {
    /// Parses and validates a scenario from JSON text.
    /// Returns `Err(ScenarioError::Invalid)` naming the JSON path (e.g. `lending.ltv_bps`) and
    /// the reason when the text is not valid JSON, has a wrong type, an unknown field, or a value
    /// out of range.
    ///
    /// `NaN`, `Infinity` and `-Infinity` (which JSON does not have) are reported at the
    /// field's path with the field's rule, e.g. `stakers.sell_fraction: NaN is not a number
    /// (JSON has no NaN or Infinity); must be in [0, 1]`, instead of serde's `expected value`;
    /// so are `inf` / `nan` and numbers beyond the `f64` range such as `1e999` (serde's
    /// `number out of range`).
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let reparse = |t: &str| match parse_and_validate(t) {
            Err(ParseOrInvalid::Parse(e)) => Some(ScenarioError::from_parse(e)),
            Err(ParseOrInvalid::Invalid(e)) => Some(e),
            Ok(_) => None,
        };
        parse_and_validate(text).map_err(|e| match e {
            ParseOrInvalid::Parse(e) => {
                non_finite_error(text, &e, &reparse).unwrap_or_else(|| ScenarioError::from_parse(e))
            }
            ParseOrInvalid::Invalid(e) => e,
        })
    }

    /// Pretty JSON of this scenario; `from_json` reads it back unchanged.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("scenario serialises")
    }

    /// Checks ranges and cross-references. Returns the first problem with its field path.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.operators.is_empty() {
            return Err(ScenarioError::at(
                "operators",
                "at least one operator is needed",
            ));
        }
        if self.avss.is_empty() {
            return Err(ScenarioError::at("avss", "at least one AVS is needed"));
        }
        bps("staking_apr_bps", self.staking_apr_bps)?;
        // Names are looked up in ordered indices, not by scanning the list, so that a file with
        // 100,000 operators or AVSs is checked in well under a second.
        let mut avs_names: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, a) in self.avss.iter().enumerate() {
            let p = format!("avss[{i}]");
            if a.name.trim().is_empty() {
                return Err(ScenarioError::at(format!("{p}.name"), "must not be empty"));
            }
            // Allocations, faults and the position refer to AVSs by name.
            if let Some(j) = avs_names.insert(&a.name, i) {
                return Err(ScenarioError::at(
                    format!("{p}.name"),
                    format!(
                        "duplicate AVS name '{}' (also avss[{j}].name); AVSs are referred to by name, so names must be unique",
                        a.name
                    ),
                ));
            }
            if !(a.corruption_threshold > 0.0 && a.corruption_threshold <= 1.0) {
                return Err(ScenarioError::at(
                    format!("{p}.corruption_threshold"),
                    format!("must be in (0, 1], got {}", a.corruption_threshold),
                ));
            }
            bps(&format!("{p}.reward_apr_bps"), a.reward_apr_bps)?;
            bps(&format!("{p}.slash_bps"), a.slash_bps)?;
            if let Some(t) = a.upgrade_timelock_blocks {
                delay(&format!("{p}.upgrade_timelock_blocks"), t)?;
            }
            if let Some(e) = &a.emergency_pause {
                bps(&format!("{p}.emergency_pause.trigger_bps"), e.trigger_bps)?;
                delay(&format!("{p}.emergency_pause.delay_blocks"), e.delay_blocks)?;
                delay(
                    &format!("{p}.emergency_pause.duration_blocks"),
                    e.duration_blocks,
                )?;
                if e.duration_blocks == 0 {
                    return Err(ScenarioError::at(
                        format!("{p}.emergency_pause.duration_blocks"),
                        "must be at least 1 block",
                    ));
                }
            }
            if let Some(v) = &a.veto {
                delay(&format!("{p}.veto.window_blocks"), v.window_blocks)?;
                if v.members > MAX_VETO_MEMBERS {
                    return Err(ScenarioError::at(
                        format!("{p}.veto.members"),
                        format!(
                            "at most {MAX_VETO_MEMBERS} committee members, got {}",
                            v.members
                        ),
                    ));
                }
                if v.members == 0 || v.quorum == 0 || v.quorum > v.members {
                    return Err(ScenarioError::at(
                        format!("{p}.veto.quorum"),
                        format!(
                            "must be between 1 and members ({}), got {}",
                            v.members, v.quorum
                        ),
                    ));
                }
                frac(
                    &format!("{p}.veto.p_veto_unjustified"),
                    v.p_veto_unjustified,
                )?;
                frac(&format!("{p}.veto.p_veto_justified"), v.p_veto_justified)?;
            }
        }
        let mut total_stake = 0u64;
        let mut operator_names: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, o) in self.operators.iter().enumerate() {
            let p = format!("operators[{i}]");
            delay(
                &format!("{p}.allocation_delay_blocks"),
                o.allocation_delay_blocks,
            )?;
            if o.name.trim().is_empty() {
                return Err(ScenarioError::at(format!("{p}.name"), "must not be empty"));
            }
            // Allocations' owners, extra LRTs' delegations and faults refer to operators by name.
            if let Some(j) = operator_names.insert(&o.name, i) {
                return Err(ScenarioError::at(
                    format!("{p}.name"),
                    format!(
                        "duplicate operator name '{}' (also operators[{j}].name); operators are referred to by name, so names must be unique",
                        o.name
                    ),
                ));
            }
            total_stake = total_stake
                .saturating_add(o.lrt_delegation_eth)
                .saturating_add(o.native_delegation_eth)
                .saturating_add(o.lst_delegation_eth);
            let mut sum = 0u32;
            let mut registered: BTreeSet<&str> = BTreeSet::new();
            for (k, al) in o.allocations.iter().enumerate() {
                let ap = format!("{p}.allocations[{k}]");
                if !avs_names.contains_key(al.avs.as_str()) {
                    return Err(ScenarioError::at(
                        format!("{ap}.avs"),
                        format!("no AVS named '{}' in avss", al.avs),
                    ));
                }
                if !registered.insert(&al.avs) {
                    return Err(ScenarioError::at(
                        format!("{ap}.avs"),
                        format!("operator already registered with '{}'", al.avs),
                    ));
                }
                sum = sum.saturating_add(al.magnitude_bps);
            }
            if sum > 10_000 {
                return Err(ScenarioError::at(format!("{p}.allocations"), format!("magnitudes add up to {sum} basis points; unique stake allows at most 10000")));
            }
        }
        for x in &self.extra_lrts {
            for d in &x.delegations {
                total_stake = total_stake.saturating_add(d.eth);
            }
        }
        if total_stake == 0 {
            return Err(ScenarioError::at(
                "operators",
                "no stake is delegated to any operator",
            ));
        }
        if total_stake > 1_000_000_000 {
            return Err(ScenarioError::at("operators", format!("{total_stake} ETH delegated in total; more than 1,000,000,000 ETH is not a plausible network")));
        }
        let lrts = self.lrt_specs();
        let mut symbols: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, spec) in lrts.iter().enumerate() {
            // Markets' collateral, market faults and the position refer to LRTs by symbol.
            if let Some(first) = symbols.insert(&spec.lrt.symbol, i) {
                return Err(ScenarioError::at(
                    format!("{}.symbol", spec.lrt_path),
                    format!(
                        "duplicate LRT symbol '{}' (also {}.symbol)",
                        spec.lrt.symbol, lrts[first].lrt_path
                    ),
                ));
            }
            check_lrt(spec)?;
        }
        for (i, x) in self.extra_lrts.iter().enumerate() {
            for (k, d) in x.delegations.iter().enumerate() {
                if !operator_names.contains_key(d.operator.as_str()) {
                    return Err(ScenarioError::at(
                        format!("extra_lrts[{i}].delegations[{k}].operator"),
                        format!("no operator named '{}' in operators", d.operator),
                    ));
                }
            }
        }
        check_agent_total(self)?;
        let markets = self.market_specs();
        let mut market_names: BTreeMap<String, &str> = BTreeMap::new();
        for m in &markets {
            // Lending-oracle and bridge-exploit faults refer to markets by name (`lending.name`,
            // or "<collateral> lending market" when it is empty).
            if let Some(first) = market_names.insert(m.name(), &m.lending_path) {
                return Err(ScenarioError::at(
                    format!("{}.name", m.lending_path),
                    format!(
                        "duplicate lending market name '{}' (also {first}.name); faults refer to markets by name, so names must be unique",
                        m.name()
                    ),
                ));
            }
        }
        for m in markets {
            let Some(lrt) = symbols.get(m.collateral).map(|&i| &lrts[i]) else {
                return Err(ScenarioError::at(
                    m.lending_path.replace(".lending", ".collateral"),
                    format!(
                        "no LRT with symbol '{}' (lrt.symbol or extra_lrts[].lrt.symbol)",
                        m.collateral
                    ),
                ));
            };
            check_market(&m, lrt.pool)?;
        }
        let a = &self.arbitrageurs;
        if !(a.required_return_apr >= 0.0 && a.required_return_apr.is_finite()) {
            return Err(ScenarioError::at(
                "arbitrageurs.required_return_apr",
                "must be a non-negative number",
            ));
        }
        if !(a.uncertainty_premium >= 0.0 && a.uncertainty_premium.is_finite()) {
            return Err(ScenarioError::at(
                "arbitrageurs.uncertainty_premium",
                "must be a non-negative number",
            ));
        }
        if !(0.0..=0.1).contains(&a.mint_margin) {
            return Err(ScenarioError::at(
                "arbitrageurs.mint_margin",
                format!(
                    "must be between 0 and 0.1 (a fraction of NAV), got {}",
                    a.mint_margin
                ),
            ));
        }
        if let Some(d) = a.expected_pause_days {
            if !(0.0..=3_650.0).contains(&d) {
                return Err(ScenarioError::at(
                    "arbitrageurs.expected_pause_days",
                    format!("must be null or between 0 and 3650 days, got {d}"),
                ));
            }
        }
        for (path, what, n) in [
            ("arbitrageurs.count", "arbitrageurs", a.count),
            ("liquidators.count", "liquidators", self.liquidators.count),
        ] {
            if n > MAX_AGENTS {
                return Err(ScenarioError::at(
                    path,
                    format!("at most {MAX_AGENTS} {what}, got {n}"),
                ));
            }
        }
        let l = &self.liquidators;
        if !(0.0..=10.0).contains(&l.required_return_apr) {
            return Err(ScenarioError::at(
                "liquidators.required_return_apr",
                format!(
                    "must be between 0 and 10 (per year), got {}",
                    l.required_return_apr
                ),
            ));
        }
        if !(0.0..=3_650.0).contains(&l.expected_pause_days) {
            return Err(ScenarioError::at(
                "liquidators.expected_pause_days",
                format!(
                    "must be between 0 and 3650 days, got {}",
                    l.expected_pause_days
                ),
            ));
        }
        if self.liquidators.max_rounds_per_block == 0 && self.liquidators.count > 0 {
            return Err(ScenarioError::at(
                "liquidators.max_rounds_per_block",
                "must be at least 1 when there are liquidators",
            ));
        }
        for spec in &lrts {
            if let Some(i) = spec.insurance {
                let p = &spec.insurance_path;
                bps(&format!("{p}.covered_bps"), i.covered_bps)?;
                bps(&format!("{p}.premium_apr_bps"), i.premium_apr_bps)?;
                // Capital is ledger wei (u128): bounded like the network's stake, so that many
                // LRTs' pools cannot overflow the ledger's sums.
                if i.capital_eth > MAX_COVER_CAPITAL_ETH {
                    return Err(ScenarioError::at(
                        format!("{p}.capital_eth"),
                        format!(
                            "at most {MAX_COVER_CAPITAL_ETH} ETH (more than the whole network's stake), got {}",
                            i.capital_eth
                        ),
                    ));
                }
            }
        }
        let c = &self.consensus;
        if c.clients.is_empty() {
            return Err(ScenarioError::at(
                "consensus.clients",
                "at least one client is needed",
            ));
        }
        if c.regions.is_empty() {
            return Err(ScenarioError::at(
                "consensus.regions",
                "at least one region is needed",
            ));
        }
        if !(1..=2048).contains(&c.validator_balance_eth) {
            return Err(ScenarioError::at(
                "consensus.validator_balance_eth",
                format!(
                    "must be between 1 and 2048 ETH, got {}",
                    c.validator_balance_eth
                ),
            ));
        }
        if c.total_active_balance_eth > MAX_TOTAL_ACTIVE_BALANCE_ETH {
            return Err(ScenarioError::at(
                "consensus.total_active_balance_eth",
                format!(
                    "at most {MAX_TOTAL_ACTIVE_BALANCE_ETH} ETH, got {}",
                    c.total_active_balance_eth
                ),
            ));
        }
        let regions: Vec<u32> = c.regions.iter().map(|r| r.network_share_bps).collect();
        let clients: Vec<u32> = c.clients.iter().map(|r| r.network_share_bps).collect();
        for (list, shares) in [("regions", regions), ("clients", clients)] {
            for (i, &bp) in shares.iter().enumerate() {
                bps(&format!("consensus.{list}[{i}].network_share_bps"), bp)?;
            }
            let share: u64 = shares.iter().map(|&bp| bp as u64).sum();
            if share > 10_000 {
                return Err(ScenarioError::at(
                    format!("consensus.{list}"),
                    format!("network shares add up to {share} basis points, more than 10000"),
                ));
            }
        }
        if c.total_active_balance_eth < total_stake {
            return Err(ScenarioError::at(
                "consensus.total_active_balance_eth",
                format!(
                    "{} ETH is less than the {total_stake} ETH restaked in this scenario",
                    c.total_active_balance_eth
                ),
            ));
        }
        let clients: BTreeSet<&str> = c.clients.iter().map(|x| x.name.as_str()).collect();
        let regions: BTreeSet<&str> = c.regions.iter().map(|x| x.name.as_str()).collect();
        for (i, o) in self.operators.iter().enumerate() {
            if let Some(cl) = &o.client {
                if !clients.contains(cl.as_str()) {
                    return Err(ScenarioError::at(
                        format!("operators[{i}].client"),
                        format!("no client named '{cl}' in consensus.clients"),
                    ));
                }
            }
            if let Some(r) = &o.region {
                if !regions.contains(r.as_str()) {
                    return Err(ScenarioError::at(
                        format!("operators[{i}].region"),
                        format!("no region named '{r}' in consensus.regions"),
                    ));
                }
            }
        }
        let index = NameIndex {
            operators: operator_names,
            avss: avs_names,
        };
        for (i, f) in self.faults.iter().enumerate() {
            self.check_fault(&f.fault, &format!("faults[{i}].fault"), Some(&index))?;
        }
        if let Some(p) = &self.position {
            p.validate(self, "position")?;
        }
        self.check_channels()?;
        self.check_feeds()
    }

    /// Slashing ambiguity and MEV per AVS, and the incentive programmes (issue 8's channels).
    fn check_channels(&self) -> Result<(), ScenarioError> {
        for (i, a) in self.avss.iter().enumerate() {
            let p = format!("avss[{i}]");
            frac(&format!("{p}.over_slashing_rate"), a.over_slashing_rate)?;
            let u = a.under_slashing_rate;
            if !(u.is_finite() && (0.0..1.0).contains(&u)) {
                return Err(ScenarioError::at(
                    format!("{p}.under_slashing_rate"),
                    format!("must be in [0, 1) (1 would mean no fault is ever punished), got {u}"),
                ));
            }
            if let Some(m) = &a.mev {
                frac(
                    &format!("{p}.mev.detection_probability"),
                    m.detection_probability,
                )?;
                frac(&format!("{p}.mev.propensity"), m.propensity)?;
                if m.opportunity_gwei_per_block > MAX_MEV_GWEI_PER_BLOCK {
                    return Err(ScenarioError::at(
                        format!("{p}.mev.opportunity_gwei_per_block"),
                        format!(
                            "at most {MAX_MEV_GWEI_PER_BLOCK} gwei (1,000,000 ETH) a block, got {}",
                            m.opportunity_gwei_per_block
                        ),
                    ));
                }
            }
        }
        let symbols: Vec<&str> = self
            .lrt_specs()
            .iter()
            .map(|l| l.lrt.symbol.as_str())
            .collect();
        for (k, x) in self.incentives.iter().enumerate() {
            let p = format!("incentives[{k}]");
            if !symbols.contains(&x.lrt.as_str()) {
                return Err(ScenarioError::at(
                    format!("{p}.lrt"),
                    format!(
                        "no LRT with symbol '{}' (known: {})",
                        x.lrt,
                        symbols.join(", ")
                    ),
                ));
            }
            bps(&format!("{p}.token_apr_bps"), x.token_apr_bps)?;
            bps(&format!("{p}.mercenary_pool_bps"), x.mercenary_pool_bps)?;
            if x.mercenary_exit_blocks == 0 || x.mercenary_exit_blocks > MAX_EXIT_BLOCKS {
                return Err(ScenarioError::at(
                    format!("{p}.mercenary_exit_blocks"),
                    format!(
                        "must be between 1 and {MAX_EXIT_BLOCKS} blocks, got {}",
                        x.mercenary_exit_blocks
                    ),
                ));
            }
            if (x.mercenary_lrt > 0 || x.mercenary_pool_bps > 0) && x.ends_at_block.is_none() {
                return Err(ScenarioError::at(
                    format!("{p}.ends_at_block"),
                    "mercenary capital needs an end block (when the programme ends, it leaves)",
                ));
            }
        }
        Ok(())
    }

    /// Checks that a market fault's `lrt_symbol` names an LRT of the scenario (absent: the first).
    fn check_lrt_target(&self, symbol: &Option<String>, path: &str) -> Result<(), ScenarioError> {
        let symbols: Vec<&str> = self
            .lrt_specs()
            .iter()
            .map(|l| l.lrt.symbol.as_str())
            .collect();
        match symbol {
            Some(s) if !symbols.contains(&s.as_str()) => Err(ScenarioError::at(
                format!("{path}.lrt_symbol"),
                format!("no LRT with symbol '{s}' (LRTs: {})", symbols.join(", ")),
            )),
            _ => Ok(()),
        }
    }

    /// Checks a bridge exploit: its LRT and an Aave v3 style market lending against it, sizes and
    /// health factors in range, delays bounded.
    fn validate_bridge_exploit(
        &self,
        b: &crate::scenario::BridgeExploitParams,
        path: &str,
    ) -> Result<(), ScenarioError> {
        self.check_lrt_target(&b.lrt_symbol, path)?;
        let symbol = b
            .lrt_symbol
            .clone()
            .unwrap_or_else(|| self.lrt.symbol.clone());
        let markets = self.market_specs();
        let market = markets.iter().find(|m| match &b.market {
            Some(name) => &m.name() == name,
            None => m.collateral == symbol,
        });
        let at =
            |field: &str, reason: String| Err(ScenarioError::at(format!("{path}.{field}"), reason));
        match market {
            None => {
                let names: Vec<String> = markets.iter().map(|m| m.name()).collect();
                return at(
                    "market",
                    format!(
                        "no lending market lends against {symbol} by that name (markets: {})",
                        names.join(", ")
                    ),
                );
            }
            Some(m) if m.collateral != symbol => {
                return at(
                    "market",
                    format!(
                        "'{}' lends against {}, not {symbol}",
                        m.name(),
                        m.collateral
                    ),
                );
            }
            Some(m) if m.lending.style != crate::scenario::MarketStyle::AaveV3 => {
                return at(
                    "market",
                    format!("'{}' is not an Aave v3 style market", m.name()),
                );
            }
            _ => {}
        }
        if b.unbacked_lrt == 0 || b.unbacked_lrt > 1_000_000_000 {
            return at(
                "unbacked_lrt",
                format!("must be between 1 and 1000000000, got {}", b.unbacked_lrt),
            );
        }
        if b.posted_lrt > b.unbacked_lrt {
            return at(
                "posted_lrt",
                format!(
                    "must be at most unbacked_lrt ({}), got {}",
                    b.unbacked_lrt, b.posted_lrt
                ),
            );
        }
        if b.positions == 0 || b.positions > 1_000 {
            return at(
                "positions",
                format!("must be between 1 and 1000, got {}", b.positions),
            );
        }
        if !(b.hf_min > 1.0 && b.hf_min <= 10.0) {
            return at(
                "hf_min",
                format!("must be above 1 and at most 10, got {}", b.hf_min),
            );
        }
        if !(b.hf_max >= b.hf_min && b.hf_max <= 10.0) {
            return at(
                "hf_max",
                format!("must be between hf_min and 10, got {}", b.hf_max),
            );
        }
        if b.blocks_between_positions > 100_000 {
            return at(
                "blocks_between_positions",
                format!("must be at most 100000, got {}", b.blocks_between_positions),
            );
        }
        delay(
            &format!("{path}.freeze_after_blocks"),
            b.freeze_after_blocks,
        )?;
        delay(
            &format!("{path}.recognised_after_blocks"),
            b.recognised_after_blocks,
        )?;
        if b.supplier_withdraw_bps_per_block > 10_000 {
            return at(
                "supplier_withdraw_bps_per_block",
                format!(
                    "must be at most 10000, got {}",
                    b.supplier_withdraw_bps_per_block
                ),
            );
        }
        Ok(())
    }

    /// Checks that a fault names an existing AVS, client or region, LRT or market, with sensible
    /// sizes.
    pub fn validate_fault(&self, fault: &Fault, path: &str) -> Result<(), ScenarioError> {
        self.check_fault(fault, path, None)
    }

    /// [`Scenario::validate_fault`], looking names up in `index` when given.
    fn check_fault(
        &self,
        fault: &Fault,
        path: &str,
        index: Option<&NameIndex>,
    ) -> Result<(), ScenarioError> {
        match fault {
            Fault::ClientBug { client, share_bps } => {
                if !self.consensus.clients.iter().any(|c| &c.name == client) {
                    return Err(ScenarioError::at(
                        format!("{path}.client"),
                        format!("no client named '{client}' in consensus.clients"),
                    ));
                }
                if *share_bps == 0 || *share_bps > 10_000 {
                    return Err(ScenarioError::at(
                        format!("{path}.share_bps"),
                        format!("must be between 1 and 10000, got {share_bps}"),
                    ));
                }
            }
            Fault::OracleDataIntegrity { avs }
            | Fault::AvsExploit { avs }
            | Fault::GovernanceCapture { avs } => {
                if self.avs_named(avs, index).is_none() {
                    return Err(ScenarioError::at(
                        format!("{path}.avs"),
                        format!("no AVS named '{avs}'"),
                    ));
                }
                if matches!(fault, Fault::OracleDataIntegrity { .. })
                    && self
                        .avss
                        .iter()
                        .any(|a| &a.name == avs && a.kind != AvsKind::Oracle)
                {
                    return Err(ScenarioError::at(
                        format!("{path}.avs"),
                        format!("'{avs}' is not an oracle AVS"),
                    ));
                }
            }
            Fault::SlashingUpgrade { avs, slash_bps } => {
                if self.avs_named(avs, index).is_none() {
                    return Err(ScenarioError::at(
                        format!("{path}.avs"),
                        format!("no AVS named '{avs}'"),
                    ));
                }
                if *slash_bps > 10_000 {
                    return Err(ScenarioError::at(
                        format!("{path}.slash_bps"),
                        format!("must be at most 10000, got {slash_bps}"),
                    ));
                }
            }
            Fault::ModifyAllocation {
                operator,
                avs,
                magnitude_bps,
            } => {
                let Some(o) = self.operator_named(operator, index) else {
                    return Err(ScenarioError::at(
                        format!("{path}.operator"),
                        format!("no operator named '{operator}'"),
                    ));
                };
                let Some(current) = o.allocations.iter().find(|a| &a.avs == avs) else {
                    return Err(ScenarioError::at(
                        format!("{path}.avs"),
                        format!("'{operator}' is not registered with '{avs}'"),
                    ));
                };
                bps(&format!("{path}.magnitude_bps"), *magnitude_bps)?;
                let others: u64 = o
                    .allocations
                    .iter()
                    .map(|a| a.magnitude_bps as u64)
                    .sum::<u64>()
                    - current.magnitude_bps as u64;
                if others + *magnitude_bps as u64 > 10_000 {
                    return Err(ScenarioError::at(
                        format!("{path}.magnitude_bps"),
                        format!(
                            "would allocate {} basis points in all; at most 10000",
                            others + *magnitude_bps as u64
                        ),
                    ));
                }
            }
            Fault::OperatorKeyCompromise { operator } => {
                if self.operator_named(operator, index).is_none() {
                    return Err(ScenarioError::at(
                        format!("{path}.operator"),
                        format!("no operator named '{operator}'"),
                    ));
                }
            }
            Fault::WithdrawalPause {
                duration_blocks,
                lrt_symbol,
            } => {
                self.check_lrt_target(lrt_symbol, path)?;
                if *duration_blocks == 0 {
                    return Err(ScenarioError::at(
                        format!("{path}.duration_blocks"),
                        "a pause lasts at least 1 block",
                    ));
                }
                fault_duration(path, *duration_blocks)?;
            }
            Fault::VetoCommittee { avs, .. } => {
                if self.avs_named(avs, index).is_none() {
                    return Err(ScenarioError::at(
                        format!("{path}.avs"),
                        format!("no AVS named '{avs}'"),
                    ));
                }
            }
            Fault::LenderGovernance {
                action:
                    LenderAction::SetLiquidationThreshold {
                        liquidation_threshold_bps,
                    },
            } => {
                if *liquidation_threshold_bps == 0 || *liquidation_threshold_bps >= 10_000 {
                    return Err(ScenarioError::at(
                        format!("{path}.action.liquidation_threshold_bps"),
                        format!("must be between 1 and 9999, got {liquidation_threshold_bps}"),
                    ));
                }
            }
            Fault::LenderGovernance { .. } => {}
            Fault::BridgeExploit(b) => self.validate_bridge_exploit(b, path)?,
            Fault::WhaleSale {
                lrt,
                over_blocks,
                lrt_symbol,
            } => {
                self.check_lrt_target(lrt_symbol, path)?;
                if *lrt == 0 || *over_blocks == 0 {
                    return Err(ScenarioError::at(
                        path.to_string(),
                        "a whale sale needs lrt > 0 and over_blocks > 0",
                    ));
                }
            }
            Fault::LiquidityWithdrawal {
                share_bps,
                lrt_symbol,
            } => {
                self.check_lrt_target(lrt_symbol, path)?;
                if *share_bps == 0 || *share_bps >= 10_000 {
                    return Err(ScenarioError::at(format!("{path}.share_bps"), format!("must be between 1 and 9999 (the pool keeps some liquidity), got {share_bps}")));
                }
            }
            Fault::LendingOracle {
                deviation_bps,
                duration_blocks,
                market,
                ..
            } => {
                let names: Vec<String> = self.market_specs().iter().map(|m| m.name()).collect();
                if let Some(m) = market.as_ref().filter(|m| !names.contains(m)) {
                    return Err(ScenarioError::at(
                        format!("{path}.market"),
                        format!(
                            "no lending market named '{m}' (markets: {})",
                            names.join(", ")
                        ),
                    ));
                }
                if *deviation_bps >= 10_000 {
                    return Err(ScenarioError::at(
                        format!("{path}.deviation_bps"),
                        format!("must be below 10000, got {deviation_bps}"),
                    ));
                }
                if *duration_blocks == 0 {
                    return Err(ScenarioError::at(
                        format!("{path}.duration_blocks"),
                        "must be at least 1 block",
                    ));
                }
                fault_duration(path, *duration_blocks)?;
            }
            Fault::RegionOutage {
                region,
                duration_blocks,
            } => {
                if !self.consensus.regions.iter().any(|r| &r.name == region) {
                    return Err(ScenarioError::at(
                        format!("{path}.region"),
                        format!("no region named '{region}' in consensus.regions"),
                    ));
                }
                if *duration_blocks == 0 {
                    return Err(ScenarioError::at(
                        format!("{path}.duration_blocks"),
                        "an outage lasts at least 1 block",
                    ));
                }
                fault_duration(path, *duration_blocks)?;
            }
            Fault::OracleOutlier { avs, deviation_bps } => {
                match self.avs_named(avs, index) {
                    None => {
                        return Err(ScenarioError::at(
                            format!("{path}.avs"),
                            format!("no AVS named '{avs}'"),
                        ))
                    }
                    Some(a) if a.kind != AvsKind::Oracle => {
                        return Err(ScenarioError::at(
                            format!("{path}.avs"),
                            format!("'{avs}' is a {} AVS, not an oracle", a.kind.label()),
                        ))
                    }
                    _ => {}
                }
                if *deviation_bps == 0 {
                    return Err(ScenarioError::at(
                        format!("{path}.deviation_bps"),
                        "an outlier must deviate by at least 1 basis point",
                    ));
                }
            }
        }
        Ok(())
    }
}

pub(super) fn frac(path: &str, v: f64) -> Result<(), ScenarioError> {
    if !(0.0..=1.0).contains(&v) || !v.is_finite() {
        return Err(ScenarioError::at(
            path,
            format!("must be a fraction in [0, 1], got {v}"),
        ));
    }
    Ok(())
}

/// A fault's `duration_blocks` is added to the block it happens in: at most
/// [`MAX_DELAY_BLOCKS`], so the end block cannot overflow.
fn fault_duration(path: &str, v: u64) -> Result<(), ScenarioError> {
    delay(&format!("{path}.duration_blocks"), v)
}

/// A delay, window or duration in blocks, added to the current block somewhere in the engine
/// (a redemption's claim block, a veto's execution block, a pause's end): at most
/// [`MAX_DELAY_BLOCKS`], so the sum cannot overflow `u64`.
fn delay(path: &str, v: u64) -> Result<(), ScenarioError> {
    if v > MAX_DELAY_BLOCKS {
        return Err(ScenarioError::at(
            path,
            format!("must be at most {MAX_DELAY_BLOCKS} blocks (10 years), got {v}"),
        ));
    }
    Ok(())
}

pub(super) fn bps(path: &str, v: u32) -> Result<(), ScenarioError> {
    if v > 10_000 {
        return Err(ScenarioError::at(
            path,
            format!("must be at most 10000 basis points (100%), got {v}"),
        ));
    }
    Ok(())
}

/// Checks one LRT with its pool and holders.
fn check_lrt(spec: &LrtSpec) -> Result<(), ScenarioError> {
    let lp_ = &spec.lrt_path;
    if spec.lrt.symbol.trim().is_empty() {
        return Err(ScenarioError::at(
            format!("{lp_}.symbol"),
            "must not be empty",
        ));
    }
    if spec.lrt.withdrawal_delay_blocks == 0 {
        return Err(ScenarioError::at(
            format!("{lp_}.withdrawal_delay_blocks"),
            "must be at least 1 block",
        ));
    }
    delay(
        &format!("{lp_}.withdrawal_delay_blocks"),
        spec.lrt.withdrawal_delay_blocks,
    )?;
    delay(
        &format!("{lp_}.pause_delay_blocks"),
        spec.lrt.pause_delay_blocks,
    )?;
    bps(
        &format!("{lp_}.pause_on_nav_drop_bps"),
        spec.lrt.pause_on_nav_drop_bps,
    )?;
    bps(&format!("{lp_}.mint_fee_bps"), spec.lrt.mint_fee_bps)?;
    bps(&format!("{lp_}.redeem_fee_bps"), spec.lrt.redeem_fee_bps)?;
    if spec.lrt.expected_unlock_days > 3_650 {
        return Err(ScenarioError::at(
            format!("{lp_}.expected_unlock_days"),
            format!(
                "must be at most 3650 days, got {}",
                spec.lrt.expected_unlock_days
            ),
        ));
    }
    let pp = &spec.pool_path;
    let pool = spec.pool;
    if pool.eth_liquidity_eth == 0 || pool.lrt_liquidity == 0 {
        return Err(ScenarioError::at(
            pp.to_string(),
            "both sides of the pool need liquidity (eth_liquidity_eth and lrt_liquidity above 0)",
        ));
    }
    if pool.amp == 0 || pool.amp > 1_000_000 {
        return Err(ScenarioError::at(
            format!("{pp}.amp"),
            format!("must be between 1 and 1000000, got {}", pool.amp),
        ));
    }
    if pool.fee > 5_000_000_000 {
        return Err(ScenarioError::at(
            format!("{pp}.fee"),
            format!("must be at most 5000000000 (50%), got {}", pool.fee),
        ));
    }
    if let PoolVariant::Ng {
        offpeg_fee_multiplier,
        ma_exp_time_s,
        ..
    } = pool.variant
    {
        if offpeg_fee_multiplier as u128 * pool.fee as u128 > 50_000_000_000_000_000_000 {
            return Err(ScenarioError::at(format!("{pp}.variant.offpeg_fee_multiplier"), "offpeg_fee_multiplier * fee must not exceed 5e19 (stableswap-ng MAX_FEE * FEE_DENOMINATOR)"));
        }
        if ma_exp_time_s == 0 {
            return Err(ScenarioError::at(
                format!("{pp}.variant.ma_exp_time_s"),
                "must be at least 1 second",
            ));
        }
    }
    if let Some(lp) = &pool.lps {
        bps(
            &format!("{pp}.lps.withdraw_at_discount_bps"),
            lp.withdraw_at_discount_bps,
        )?;
        bps(
            &format!("{pp}.lps.withdraw_share_bps"),
            lp.withdraw_share_bps,
        )?;
        bps(&format!("{pp}.lps.max_withdrawn_bps"), lp.max_withdrawn_bps)?;
        if lp.every_blocks == 0 {
            return Err(ScenarioError::at(
                format!("{pp}.lps.every_blocks"),
                "must be at least 1 block",
            ));
        }
    }
    if pool.admin_fee > 10_000_000_000 {
        return Err(ScenarioError::at(
            format!("{pp}.admin_fee"),
            format!("must be at most 10000000000 (100%), got {}", pool.admin_fee),
        ));
    }
    let s = spec.stakers;
    let sp = &spec.stakers_path;
    frac(&format!("{sp}.panic_threshold_min"), s.panic_threshold_min)?;
    frac(&format!("{sp}.panic_threshold_max"), s.panic_threshold_max)?;
    if s.panic_threshold_min > s.panic_threshold_max {
        return Err(ScenarioError::at(
            format!("{sp}.panic_threshold_min"),
            "must not exceed panic_threshold_max",
        ));
    }
    frac(&format!("{sp}.attention_per_block"), s.attention_per_block)?;
    frac(&format!("{sp}.sell_fraction"), s.sell_fraction)?;
    frac(&format!("{sp}.max_discount_min"), s.max_discount_min)?;
    frac(&format!("{sp}.max_discount_max"), s.max_discount_max)?;
    if s.max_discount_min > s.max_discount_max {
        return Err(ScenarioError::at(
            format!("{sp}.max_discount_min"),
            "must not exceed max_discount_max",
        ));
    }
    frac(
        &format!("{sp}.pending_slash_weight"),
        s.pending_slash_weight,
    )?;
    check_recovery(spec)?;
    if s.count > MAX_AGENTS_PER_LIST {
        return Err(ScenarioError::at(
            format!("{sp}.count"),
            format!(
                "at most {MAX_AGENTS_PER_LIST} holder agents, got {}",
                s.count
            ),
        ));
    }
    Ok(())
}

/// Checks the rules that let a run end (docs/BEHAVIOUR.md): the pause's bounds, holders' loss
/// memory and buy-back, LPs' return.
fn check_recovery(spec: &LrtSpec) -> Result<(), ScenarioError> {
    let (lp_, pp, sp) = (&spec.lrt_path, &spec.pool_path, &spec.stakers_path);
    delay(
        &format!("{lp_}.pause_max_blocks"),
        spec.lrt.pause_max_blocks,
    )?;
    delay(
        &format!("{lp_}.pause_resolution_blocks"),
        spec.lrt.pause_resolution_blocks,
    )?;
    let s = spec.stakers;
    if s.loss_memory_half_life_blocks == 0 {
        return Err(ScenarioError::at(
            format!("{sp}.loss_memory_half_life_blocks"),
            "must be at least 1 block",
        ));
    }
    delay(
        &format!("{sp}.loss_memory_half_life_blocks"),
        s.loss_memory_half_life_blocks,
    )?;
    frac(&format!("{sp}.buy_back_fraction"), s.buy_back_fraction)?;
    frac(
        &format!("{sp}.buy_back_min_discount"),
        s.buy_back_min_discount,
    )?;
    frac(
        &format!("{sp}.buy_back_signal_share"),
        s.buy_back_signal_share,
    )?;
    if let Some(lp) = &spec.pool.lps {
        bps(
            &format!("{pp}.lps.return_below_discount_bps"),
            lp.return_below_discount_bps,
        )?;
        bps(
            &format!("{pp}.lps.return_max_move_bps"),
            lp.return_max_move_bps,
        )?;
        bps(&format!("{pp}.lps.return_share_bps"), lp.return_share_bps)?;
    }
    Ok(())
}

/// Checks one lending market and its loopers; `pool` is its collateral LRT's pool.
fn check_market(m: &MarketSpec, pool: &PoolParams) -> Result<(), ScenarioError> {
    let l = m.lending;
    let mp = &m.lending_path;
    bps(
        &format!("{mp}.liquidation_threshold_bps"),
        l.liquidation_threshold_bps,
    )?;
    if l.ltv_bps > l.liquidation_threshold_bps {
        return Err(ScenarioError::at(
            format!("{mp}.ltv_bps"),
            format!(
                "must not exceed liquidation_threshold_bps ({}), got {}",
                l.liquidation_threshold_bps, l.ltv_bps
            ),
        ));
    }
    bps(
        &format!("{mp}.liquidation_bonus_bps"),
        l.liquidation_bonus_bps,
    )?;
    if let Some(g) = &l.governance {
        delay(&format!("{mp}.governance.delay_blocks"), g.delay_blocks)?;
        bps(
            &format!("{mp}.governance.trigger_discount_bps"),
            g.trigger_discount_bps,
        )?;
        if let LenderAction::SetLiquidationThreshold {
            liquidation_threshold_bps,
        } = g.action
        {
            if liquidation_threshold_bps == 0 || liquidation_threshold_bps > 10_000 {
                return Err(ScenarioError::at(
                    format!("{mp}.governance.action.liquidation_threshold_bps"),
                    format!("must be between 1 and 10000, got {liquidation_threshold_bps}"),
                ));
            }
        }
    }
    if l.close_factor_bps == 0 {
        return Err(ScenarioError::at(
            format!("{mp}.close_factor_bps"),
            "must be above 0",
        ));
    }
    bps(&format!("{mp}.close_factor_bps"), l.close_factor_bps)?;
    bps(&format!("{mp}.protocol_fee_bps"), l.protocol_fee_bps)?;
    frac(&format!("{mp}.full_close_hf"), l.full_close_hf)?;
    if l.oracle == OracleKind::Ema && pool.variant == PoolVariant::Legacy {
        return Err(ScenarioError::at(
            format!("{mp}.oracle"),
            "the ema oracle needs a stableswap-ng pool for its collateral (pool.variant.kind = \"ng\")",
        ));
    }
    if let Some(e) = &l.emode {
        bps(
            &format!("{mp}.emode.liquidation_threshold_bps"),
            e.liquidation_threshold_bps,
        )?;
        bps(
            &format!("{mp}.emode.liquidation_bonus_bps"),
            e.liquidation_bonus_bps,
        )?;
        if e.ltv_bps > e.liquidation_threshold_bps {
            return Err(ScenarioError::at(
                format!("{mp}.emode.ltv_bps"),
                format!(
                    "must not exceed the E-mode liquidation_threshold_bps ({}), got {}",
                    e.liquidation_threshold_bps, e.ltv_bps
                ),
            ));
        }
    }
    let lp = m.loopers;
    let lp_path = &m.loopers_path;
    if lp.count > MAX_AGENTS_PER_LIST {
        return Err(ScenarioError::at(
            format!("{lp_path}.count"),
            format!("at most {MAX_AGENTS_PER_LIST} loopers, got {}", lp.count),
        ));
    }
    if lp.hf_max > MAX_HEALTH_FACTOR {
        return Err(ScenarioError::at(
            format!("{lp_path}.hf_max"),
            format!("at most {MAX_HEALTH_FACTOR}, got {}", lp.hf_max),
        ));
    }
    if !(lp.hf_min > 1.0 && lp.hf_min <= lp.hf_max && lp.hf_max.is_finite()) {
        return Err(ScenarioError::at(
            format!("{lp_path}.hf_min"),
            format!(
                "health factors must satisfy 1 < hf_min <= hf_max, got {} and {}",
                lp.hf_min, lp.hf_max
            ),
        ));
    }
    if lp.total_equity_lrt > MAX_LOOPER_EQUITY_LRT {
        return Err(ScenarioError::at(
            format!("{lp_path}.total_equity_lrt"),
            format!(
                "at most {MAX_LOOPER_EQUITY_LRT}, got {}",
                lp.total_equity_lrt
            ),
        ));
    }
    if lp.total_equity_lrt > 0 && l.effective_terms().0 >= 10_000 {
        return Err(ScenarioError::at(
            format!("{lp_path}.total_equity_lrt"),
            "looping equity needs an LTV below 10,000 bps (the leverage 1 / (1 - LTV) is finite)",
        ));
    }
    if let Some(cap) = l.supply_cap_lrt {
        let (ltv, lt, _) = l.effective_terms();
        let posted = m.loopers.collateral_wei(ltv, lt) / crate::units::WAD;
        if posted > cap as u128 {
            return Err(ScenarioError::at(
                format!("{}.total_collateral_lrt", m.loopers_path),
                format!("{posted} LRT of collateral exceeds the market's supply cap of {cap}"),
            ));
        }
    }
    Ok(())
}
