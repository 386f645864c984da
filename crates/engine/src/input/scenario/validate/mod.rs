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
/// Largest liquid + native + LST ETH of a position: the network's plausible total.
const MAX_POSITION_ETH: u64 = 1_000_000_000;

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

mod consensus;
mod faults;
mod lrt;
mod parse;

use lrt::{check_lrt, check_market};

impl Scenario {
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
        let avs_names = self.check_avss()?;
        let (operator_names, total_stake) = self.check_operators(&avs_names)?;
        self.check_lrts_and_markets(&operator_names)?;
        self.check_traders()?;
        self.check_insurance()?;
        self.check_consensus(total_stake)?;
        let index = NameIndex {
            operators: operator_names,
            avss: avs_names,
        };
        for (i, f) in self.faults.iter().enumerate() {
            self.check_fault(&f.fault, &format!("faults[{i}].fault"), Some(&index))?;
        }
        if let Some(p) = &self.position {
            // Staked ETH of the position is turned into validators (count x effective balance in
            // gwei, u64): bound it like the network's total stake (found by fuzzing, 2^63 ETH).
            let mut staked = p.liquid_eth;
            let amounts = (p.native.iter().enumerate())
                .map(|(i, n)| (format!("position.native[{i}].eth"), n.eth))
                .chain(
                    (p.lsts.iter().enumerate())
                        .map(|(i, l)| (format!("position.lsts[{i}].eth"), l.eth)),
                );
            for (path, eth) in amounts {
                staked = staked.saturating_add(eth);
                if staked > MAX_POSITION_ETH {
                    return Err(ScenarioError::at(
                        path,
                        format!(
                            "the position's liquid and staked ETH reach {staked} ETH here; at most \
                             1,000,000,000 ETH (the network's plausible total)"
                        ),
                    ));
                }
            }
            p.validate(self, "position")?;
        }
        self.check_channels()?;
        self.check_feeds()
    }

    /// AVSs: unique, non-empty names (returned as an index by name), thresholds, slash sizes,
    /// timelocks, emergency pauses and veto committees.
    fn check_avss(&self) -> Result<BTreeMap<&str, usize>, ScenarioError> {
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
                frac(
                    &format!("{p}.veto.feed_fault_leniency"),
                    v.feed_fault_leniency,
                )?;
            }
        }
        Ok(avs_names)
    }

    /// Operators: unique names (returned as an index by name), allocation delays, allocations
    /// to known AVSs within 100% of magnitude; returns the ETH delegated in all, whole ETH.
    fn check_operators<'a>(
        &'a self,
        avs_names: &BTreeMap<&str, usize>,
    ) -> Result<(BTreeMap<&'a str, usize>, u64), ScenarioError> {
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
            if let Some(s) = o.leave_at_slashed_share {
                frac(&format!("{p}.leave_at_slashed_share"), s)?;
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
        Ok((operator_names, total_stake))
    }

    /// LRTs (unique symbols, each with its pool and holders), extra LRTs' delegations to known
    /// operators, the holders and loopers in all, and lending markets (unique names, known
    /// collateral).
    fn check_lrts_and_markets(
        &self,
        operator_names: &BTreeMap<&str, usize>,
    ) -> Result<(), ScenarioError> {
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
        Ok(())
    }

    /// Arbitrageurs' and liquidators' behaviour parameters and counts.
    fn check_traders(&self) -> Result<(), ScenarioError> {
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
        if !(0.0..=1.0).contains(&a.fast_capital_share) {
            return Err(ScenarioError::at(
                "arbitrageurs.fast_capital_share",
                format!(
                    "must be between 0 and 1 (a share of each arbitrageur's capital), got {}",
                    a.fast_capital_share
                ),
            ));
        }
        if !(1..=216_000).contains(&a.capital_arrival_half_life_blocks) {
            return Err(ScenarioError::at(
                "arbitrageurs.capital_arrival_half_life_blocks",
                format!(
                    "must be between 1 and 216000 blocks (30 days), got {}",
                    a.capital_arrival_half_life_blocks
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
        Ok(())
    }

    /// Each LRT's cover pool, if any.
    fn check_insurance(&self) -> Result<(), ScenarioError> {
        let lrts = self.lrt_specs();
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
        Ok(())
    }

    /// Slashing ambiguity and MEV per AVS, and the incentive programmes (issue 8's channels).
    fn check_channels(&self) -> Result<(), ScenarioError> {
        for (i, a) in self.avss.iter().enumerate() {
            let p = format!("avss[{i}]");
            frac(&format!("{p}.over_slashing_rate"), a.over_slashing_rate)?;
            if let Some(k) = a.slashed_elsewhere_keep {
                frac(&format!("{p}.slashed_elsewhere_keep"), k)?;
            }
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
