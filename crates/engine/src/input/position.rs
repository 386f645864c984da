//! Your own position as input: the types and their checks (placing it in the world and the
//! per-channel attribution are `crate::systems::position`).
//!
//! Your own position: the holdings of one person placed inside a scenario, so the risk playbook
//! of the seed article "Restaking Risk After the Hype" (map your stack, choose your path, set
//! limits and alerts, plan the exit; `docs/PLAYBOOK.md`) can be run against a simulation.
//!
//! A position is plain data (`PositionParams`, the scenario's optional `position` field or a
//! standalone JSON file) of whole-ETH amounts: ETH staked natively (own validators, restaked
//! through an EigenPod and delegated to an operator, or not restaked), LSTs (held or restaked
//! with an operator), LRTs held, leveraged loops on a lending market, ETH supplied to a lending
//! market, and a cover bought. [`place`](crate::systems::position::place) puts it into the world as real stake, tokens and loans,
//! exactly as large as given, tagged (`Delegator::Position`, its own ledger account, its loans)
//! so that [`crate::outcome`] can measure what happens to it. Sources: MODEL.md sections 3
//! (consensus), 4 (EigenLayer delegation and withdrawal delay), 6 (LRTs), 8 (lending).

use serde::{Deserialize, Serialize};

use crate::input::scenario::{Scenario, ScenarioError};

/// EigenLayer WITHDRAWAL_DELAY: blocks a queued withdrawal waits, slashable all along
/// (MODEL.md section 4: 100,800 blocks, ~14 days).
pub const WITHDRAWAL_DELAY_BLOCKS: u64 = 100_800;

/// One person's holdings, limits and alert thresholds. Amounts are whole ETH (or whole tokens).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionParams {
    /// A label for reports ("my stack").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Unstaked ETH kept as a liquidity buffer, whole ETH (counts toward the position's value).
    #[serde(default)]
    pub liquid_eth: u64,
    /// ETH staked natively on your own validators.
    #[serde(default)]
    pub native: Vec<NativeStake>,
    /// Liquid staking tokens (stETH-like), held or restaked with an operator.
    #[serde(default)]
    pub lsts: Vec<LstHolding>,
    /// Liquid restaking tokens held.
    #[serde(default)]
    pub lrts: Vec<LrtHolding>,
    /// Leveraged loops (LRT collateral, ETH debt) on a lending market.
    #[serde(default)]
    pub loops: Vec<LoopHolding>,
    /// ETH supplied to a lending market (bears socialised bad debt).
    #[serde(default)]
    pub lending_supply: Vec<SupplyHolding>,
    /// Cover bought against slashing and penalty losses; `null` for none.
    #[serde(default)]
    pub insurance: Option<CoverParams>,
    /// Limits the position is checked against.
    #[serde(default)]
    pub limits: Limits,
    /// When alerts fire.
    #[serde(default)]
    pub alerts: AlertThresholds,
}

/// ETH staked on your own validators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NativeStake {
    /// Whole ETH.
    pub eth: u64,
    /// The operator the EigenPod is delegated to (restaked); `null`: not restaked.
    #[serde(default)]
    pub operator: Option<String>,
    /// The AVSs you expect to be exposed to; each must be one the operator opted into (an
    /// EigenLayer staker takes every AVS its operator registers with). Empty: accept them all.
    #[serde(default)]
    pub avss: Vec<String>,
    /// Consensus client of your validators (a name in `consensus.clients`); default: the first.
    #[serde(default)]
    pub client: Option<String>,
    /// Region of your validators (a name in `consensus.regions`); default: the first.
    #[serde(default)]
    pub region: Option<String>,
}

/// A liquid staking token. Its validators are spread over the consensus clients in proportion
/// to their network share (a large LST's operator set), in the largest region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LstHolding {
    pub symbol: String,
    /// Whole ETH of stake behind the tokens.
    pub eth: u64,
    /// The operator the LST is restaked with (an EigenLayer LST strategy); `null`: held only.
    #[serde(default)]
    pub operator: Option<String>,
    /// The LST protocol's fee on staking rewards, basis points (Lido: 1,000).
    #[serde(default)]
    pub fee_bps: u32,
}

/// LRT held in your wallet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LrtHolding {
    /// Symbol of an LRT of the scenario.
    pub symbol: String,
    /// Whole LRT (taken from the holders outside the model, so the LRT's supply is unchanged).
    pub amount: u64,
}

/// A leveraged loop: LRT posted as collateral, ETH borrowed against it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoopHolding {
    /// Name of the lending market (`lending.name`, or "<LRT> lending market" when unnamed).
    pub market: String,
    /// LRT posted, whole LRT.
    pub collateral_lrt: u64,
    /// Health factor at entry (at the market's starting oracle price), at least LT / LTV.
    pub health_factor: f64,
}

/// ETH supplied to a lending market's lenders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplyHolding {
    pub market: String,
    /// Whole ETH.
    pub eth: u64,
}

/// A cover bought from a provider that also sold cover to others on the same risk: it pays
/// `covered_bps` of the position's slashing and Ethereum penalty losses, up to `cover_eth`, out of
/// `provider_capital_eth` shared pro rata with the other buyers' claims (a correlated loss hits
/// every buyer at once; MODEL.md section 14, "insurance that cannot cover correlated losses").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverParams {
    /// Most the cover pays, whole ETH.
    pub cover_eth: u64,
    /// Share of each covered loss paid, basis points.
    pub covered_bps: u32,
    /// Premium on `cover_eth`, basis points per year.
    pub premium_apr_bps: u32,
    /// The provider's capital, whole ETH.
    pub provider_capital_eth: u64,
    /// Cover the provider sold to others on the same LRT's backing, whole ETH; they claim the
    /// same share of their cover as the LRT's backing lost.
    pub other_cover_eth: u64,
}

/// Limits you set for yourself; each is checked against the position as placed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Largest share of the position's value that any one AVS may be able to slash, basis
    /// points; `null`: no limit.
    #[serde(default)]
    pub max_avs_bps: Option<u32>,
    /// Largest share of the position's value in any one LRT (held or looped), basis points.
    #[serde(default)]
    pub max_lrt_bps: Option<u32>,
    /// Smallest share of the position's value that can be turned into ETH within one day
    /// (liquid ETH, LRT sold in its pool), basis points.
    #[serde(default)]
    pub liquidity_buffer_bps: Option<u32>,
}

/// Alert thresholds: an alert fires at the first block its condition holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertThresholds {
    /// A slash is requested against (or executed on) an operator your stake or LRT is delegated to.
    #[serde(default = "yes")]
    pub slashing_event: bool,
    /// An LRT you hold trades this far below its NAV, basis points; `null`: off.
    #[serde(default = "default_price_gap")]
    pub price_gap_bps: Option<u32>,
    /// An oracle you depend on deviates this far: an oracle AVS your operators serve posts an
    /// outlier, or a lending market you use prices your LRT this far from its NAV, basis
    /// points; `null`: off.
    #[serde(default = "default_oracle_deviation")]
    pub oracle_deviation_bps: Option<u32>,
    /// A governance change in your stack: an LRT withdrawal pause decided, an AVS upgrade queued
    /// or its governance captured, a veto committee switched off, a lender action decided.
    #[serde(default = "yes")]
    pub governance_change: bool,
}

impl Default for AlertThresholds {
    fn default() -> Self {
        AlertThresholds {
            slashing_event: true,
            price_gap_bps: default_price_gap(),
            oracle_deviation_bps: default_oracle_deviation(),
            governance_change: true,
        }
    }
}

fn yes() -> bool {
    true
}

fn default_price_gap() -> Option<u32> {
    Some(100)
}

fn default_oracle_deviation() -> Option<u32> {
    Some(200)
}

/// Display names of the scenario's lending markets, in world order (as `World::build` names them).
pub fn market_names(s: &Scenario) -> Vec<String> {
    s.market_specs()
        .iter()
        .map(|m| {
            if m.lending.name.is_empty() {
                format!("{} lending market", m.collateral)
            } else {
                m.lending.name.clone()
            }
        })
        .collect()
}

impl PositionParams {
    /// Parses a standalone position file; errors name the JSON path inside the file.
    pub fn from_json(text: &str) -> Result<PositionParams, ScenarioError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(ScenarioError::from_parse)
    }

    /// True when the position holds nothing.
    pub fn is_empty(&self) -> bool {
        self.liquid_eth == 0
            && self.native.is_empty()
            && self.lsts.is_empty()
            && self.lrts.is_empty()
            && self.loops.is_empty()
            && self.lending_supply.is_empty()
    }

    /// Checks the position against scenario `s`: every name refers to something in it, amounts
    /// are positive, fractions in range, a loop's entry health factor is reachable under the
    /// market's LTV. `prefix` is the JSON path of the position (`position`, or empty for a
    /// standalone file); errors name the field under it.
    pub fn validate(&self, s: &Scenario, prefix: &str) -> Result<(), ScenarioError> {
        let at = |field: String, reason: String| ScenarioError::Invalid {
            path: if prefix.is_empty() {
                field
            } else {
                format!("{prefix}.{field}")
            },
            reason,
        };
        if self.is_empty() {
            return Err(at(
                "liquid_eth".into(),
                "the position holds nothing: give liquid_eth, native, lsts, lrts, loops or lending_supply".into(),
            ));
        }
        let operator = |field: String, name: &str| -> Result<usize, ScenarioError> {
            s.operators
                .iter()
                .position(|o| o.name == name)
                .ok_or_else(|| {
                    let names: Vec<&str> = s.operators.iter().map(|o| o.name.as_str()).collect();
                    at(
                        field,
                        format!(
                            "no operator named '{name}' (operators: {})",
                            names.join(", ")
                        ),
                    )
                })
        };
        for (i, n) in self.native.iter().enumerate() {
            let p = format!("native[{i}]");
            positive(&at, format!("{p}.eth"), n.eth)?;
            named(
                &at,
                format!("{p}.client"),
                &n.client,
                &s.consensus.clients,
                |c| &c.name,
            )?;
            named(
                &at,
                format!("{p}.region"),
                &n.region,
                &s.consensus.regions,
                |r| &r.name,
            )?;
            match &n.operator {
                Some(name) => {
                    let o = &s.operators[operator(format!("{p}.operator"), name)?];
                    for (k, avs) in n.avss.iter().enumerate() {
                        if !o.allocations.iter().any(|a| &a.avs == avs) {
                            let opted: Vec<&str> =
                                o.allocations.iter().map(|a| a.avs.as_str()).collect();
                            return Err(at(
                                format!("{p}.avss[{k}]"),
                                format!(
                                    "operator '{}' has not opted into '{avs}' (it serves: {})",
                                    o.name,
                                    opted.join(", ")
                                ),
                            ));
                        }
                    }
                }
                None if !n.avss.is_empty() => {
                    return Err(at(
                        format!("{p}.avss"),
                        "stake that is not restaked (operator null) cannot opt into AVSs".into(),
                    ))
                }
                None => {}
            }
        }
        for (i, l) in self.lsts.iter().enumerate() {
            let p = format!("lsts[{i}]");
            if l.symbol.trim().is_empty() {
                return Err(at(format!("{p}.symbol"), "must not be empty".into()));
            }
            positive(&at, format!("{p}.eth"), l.eth)?;
            bps(&at, format!("{p}.fee_bps"), l.fee_bps)?;
            if let Some(name) = &l.operator {
                operator(format!("{p}.operator"), name)?;
            }
        }
        let symbols: Vec<&str> = s
            .lrt_specs()
            .iter()
            .map(|l| l.lrt.symbol.as_str())
            .collect();
        for (i, l) in self.lrts.iter().enumerate() {
            let p = format!("lrts[{i}]");
            if !symbols.contains(&l.symbol.as_str()) {
                return Err(at(
                    format!("{p}.symbol"),
                    format!(
                        "no LRT '{}' in the scenario (LRTs: {})",
                        l.symbol,
                        symbols.join(", ")
                    ),
                ));
            }
            positive(&at, format!("{p}.amount"), l.amount)?;
        }
        let markets = market_names(s);
        let specs = s.market_specs();
        let market = |field: String, name: &str| -> Result<usize, ScenarioError> {
            markets.iter().position(|m| m == name).ok_or_else(|| {
                at(
                    field,
                    format!(
                        "no lending market named '{name}' (markets: {})",
                        markets.join(", ")
                    ),
                )
            })
        };
        for (i, l) in self.loops.iter().enumerate() {
            let p = format!("loops[{i}]");
            let m = &specs[market(format!("{p}.market"), &l.market)?];
            positive(&at, format!("{p}.collateral_lrt"), l.collateral_lrt)?;
            let (ltv, lt) = match &m.lending.emode {
                Some(e) => (e.ltv_bps, e.liquidation_threshold_bps),
                None => (m.lending.ltv_bps, m.lending.liquidation_threshold_bps),
            };
            let lowest = lt as f64 / ltv.max(1) as f64;
            let hf = l.health_factor;
            if !hf.is_finite() || hf < lowest || hf > 1_000.0 {
                return Err(at(
                    format!("{p}.health_factor"),
                    format!(
                        "must be between LT / LTV = {lowest:.4} (a loan cannot start above the market's LTV of {ltv} bps) and 1000, got {hf}"
                    ),
                ));
            }
        }
        for (i, l) in self.lending_supply.iter().enumerate() {
            let p = format!("lending_supply[{i}]");
            market(format!("{p}.market"), &l.market)?;
            positive(&at, format!("{p}.eth"), l.eth)?;
        }
        if let Some(c) = &self.insurance {
            positive(&at, "insurance.cover_eth".into(), c.cover_eth)?;
            bps(&at, "insurance.covered_bps".into(), c.covered_bps)?;
            bps(&at, "insurance.premium_apr_bps".into(), c.premium_apr_bps)?;
        }
        let lim = &self.limits;
        for (field, v) in [
            ("limits.max_avs_bps", lim.max_avs_bps),
            ("limits.max_lrt_bps", lim.max_lrt_bps),
            ("limits.liquidity_buffer_bps", lim.liquidity_buffer_bps),
            ("alerts.price_gap_bps", self.alerts.price_gap_bps),
            (
                "alerts.oracle_deviation_bps",
                self.alerts.oracle_deviation_bps,
            ),
        ] {
            if let Some(v) = v {
                bps(&at, field.into(), v)?;
            }
        }
        Ok(())
    }
}

fn positive(
    at: &impl Fn(String, String) -> ScenarioError,
    field: String,
    v: u64,
) -> Result<(), ScenarioError> {
    if v == 0 {
        return Err(at(field, "must be at least 1".into()));
    }
    Ok(())
}

fn bps(
    at: &impl Fn(String, String) -> ScenarioError,
    field: String,
    v: u32,
) -> Result<(), ScenarioError> {
    if v > 10_000 {
        return Err(at(
            field,
            format!("must be at most 10000 basis points, got {v}"),
        ));
    }
    Ok(())
}

fn named<T>(
    at: &impl Fn(String, String) -> ScenarioError,
    field: String,
    name: &Option<String>,
    list: &[T],
    key: impl Fn(&T) -> &String,
) -> Result<(), ScenarioError> {
    match name {
        Some(n) if !list.iter().any(|x| key(x) == n) => {
            let names: Vec<&str> = list.iter().map(|x| key(x).as_str()).collect();
            Err(at(
                field,
                format!(
                    "no '{n}' in the scenario's consensus layer (known: {})",
                    names.join(", ")
                ),
            ))
        }
        _ => Ok(()),
    }
}
