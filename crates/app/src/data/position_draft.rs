//! The position form's contents as typed text ([`PositionDraft`]), and turning it into the
//! engine's [`PositionParams`] and back. Text that is not a number is refused here with the
//! field's JSON path (`position.native[0].eth`); names and ranges that depend on the scenario
//! (operators, markets, a loop's health factor against LT / LTV) are checked by the engine when
//! the position is placed (`PositionParams::validate`), whose errors name the same paths.
//!
//! Plain Rust, tested natively; [`crate::views::position_form`] is the form.

use restake_engine::position::{
    AlertThresholds, CoverParams, Limits, LoopHolding, LrtHolding, LstHolding, NativeStake,
    PositionParams, SupplyHolding,
};

/// JSON path prefix of the position inside a scenario (as the engine's errors name it).
pub const PREFIX: &str = "position";

/// ETH staked on your own validators.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NativeDraft {
    pub eth: String,
    /// Operator name; empty: not restaked.
    pub operator: String,
    /// AVSs you expect, comma-separated (a check; empty accepts all the operator serves).
    pub avss: String,
    /// Kept as imported (not on the form).
    pub client: Option<String>,
    pub region: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LstDraft {
    pub symbol: String,
    pub eth: String,
    /// Operator name; empty: held, not restaked.
    pub operator: String,
    pub fee_bps: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoopDraft {
    pub market: String,
    pub collateral_lrt: String,
    pub health_factor: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SupplyDraft {
    pub market: String,
    pub eth: String,
}

/// The cover bought; all whole ETH or basis points.
#[derive(Clone, Debug, PartialEq)]
pub struct CoverDraft {
    pub bought: bool,
    pub cover_eth: String,
    pub covered_bps: String,
    pub premium_apr_bps: String,
    pub provider_capital_eth: String,
    pub other_cover_eth: String,
}

impl Default for CoverDraft {
    /// The example of `docs/PLAYBOOK.md`, not bought.
    fn default() -> Self {
        CoverDraft {
            bought: false,
            cover_eth: "100".into(),
            covered_bps: "8000".into(),
            premium_apr_bps: "200".into(),
            provider_capital_eth: "40".into(),
            other_cover_eth: "2000".into(),
        }
    }
}

/// Everything on the form, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PositionDraft {
    pub name: String,
    pub liquid_eth: String,
    pub native: Vec<NativeDraft>,
    pub lsts: Vec<LstDraft>,
    /// (LRT symbol, whole LRT held): one row per LRT of the scenario, 0 for none.
    pub lrts: Vec<(String, String)>,
    pub loops: Vec<LoopDraft>,
    pub supply: Vec<SupplyDraft>,
    pub cover: CoverDraft,
    /// Basis points; empty: no limit.
    pub max_avs_bps: String,
    pub max_lrt_bps: String,
    pub liquidity_buffer_bps: String,
    pub slashing_event: bool,
    /// Basis points; empty: off.
    pub price_gap_bps: String,
    pub oracle_deviation_bps: String,
    pub governance_change: bool,
}

/// A field the draft cannot be read from: its JSON path and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub reason: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

fn at(field: &str) -> String {
    format!("{PREFIX}.{field}")
}

fn opt_text(v: Option<u32>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A whole number typed into `field` ("1,000" and "1_000" allowed).
fn whole(field: &str, text: &str, unit: &str) -> Result<u64, FieldError> {
    let clean: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    clean.parse::<u64>().map_err(|_| FieldError {
        path: at(field),
        reason: format!("must be a whole number of {unit} (0 or more), got \"{text}\""),
    })
}

fn bps(field: &str, text: &str) -> Result<u32, FieldError> {
    let v = whole(field, text, "basis points")?;
    u32::try_from(v).map_err(|_| FieldError {
        path: at(field),
        reason: format!("must be at most 10000 basis points, got {v}"),
    })
}

/// Empty text: `None` (off, no limit).
fn optional_bps(field: &str, text: &str) -> Result<Option<u32>, FieldError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        bps(field, text).map(Some)
    }
}

fn name(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// One LRT row per symbol of `lrt_symbols` with what `p` holds of it, then rows for the LRTs
/// `p` holds that the scenario lacks.
fn lrt_rows(p: &PositionParams, lrt_symbols: &[String]) -> Vec<(String, String)> {
    let mut lrts: Vec<(String, String)> = lrt_symbols
        .iter()
        .map(|s| {
            let held: u64 = p
                .lrts
                .iter()
                .filter(|l| &l.symbol == s)
                .map(|l| l.amount)
                .sum();
            (s.clone(), held.to_string())
        })
        .collect();
    for l in &p.lrts {
        if !lrt_symbols.contains(&l.symbol) {
            lrts.push((l.symbol.clone(), l.amount.to_string()));
        }
    }
    lrts
}

impl CoverDraft {
    fn from_params(c: &CoverParams) -> CoverDraft {
        CoverDraft {
            bought: true,
            cover_eth: c.cover_eth.to_string(),
            covered_bps: c.covered_bps.to_string(),
            premium_apr_bps: c.premium_apr_bps.to_string(),
            provider_capital_eth: c.provider_capital_eth.to_string(),
            other_cover_eth: c.other_cover_eth.to_string(),
        }
    }
}

impl NativeDraft {
    fn from_params(n: &NativeStake) -> NativeDraft {
        NativeDraft {
            eth: n.eth.to_string(),
            operator: n.operator.clone().unwrap_or_default(),
            avss: n.avss.join(", "),
            client: n.client.clone(),
            region: n.region.clone(),
        }
    }
}

impl LstDraft {
    fn from_params(l: &LstHolding) -> LstDraft {
        LstDraft {
            symbol: l.symbol.clone(),
            eth: l.eth.to_string(),
            operator: l.operator.clone().unwrap_or_default(),
            fee_bps: l.fee_bps.to_string(),
        }
    }
}

impl LoopDraft {
    fn from_params(l: &LoopHolding) -> LoopDraft {
        LoopDraft {
            market: l.market.clone(),
            collateral_lrt: l.collateral_lrt.to_string(),
            health_factor: l.health_factor.to_string(),
        }
    }
}

impl PositionDraft {
    /// The form for `p`, with one LRT row per symbol of `lrt_symbols` (the scenario's LRTs, in
    /// order); LRTs `p` holds that the scenario lacks get rows too (the engine then names them).
    pub fn from_params(p: &PositionParams, lrt_symbols: &[String]) -> PositionDraft {
        let lrts = lrt_rows(p, lrt_symbols);
        let cover = p
            .insurance
            .as_ref()
            .map_or_else(CoverDraft::default, CoverDraft::from_params);
        PositionDraft {
            name: p.name.clone(),
            liquid_eth: p.liquid_eth.to_string(),
            native: p.native.iter().map(NativeDraft::from_params).collect(),
            lsts: p.lsts.iter().map(LstDraft::from_params).collect(),
            lrts,
            loops: p.loops.iter().map(LoopDraft::from_params).collect(),
            supply: p
                .lending_supply
                .iter()
                .map(|s| SupplyDraft {
                    market: s.market.clone(),
                    eth: s.eth.to_string(),
                })
                .collect(),
            cover,
            max_avs_bps: opt_text(p.limits.max_avs_bps),
            max_lrt_bps: opt_text(p.limits.max_lrt_bps),
            liquidity_buffer_bps: opt_text(p.limits.liquidity_buffer_bps),
            slashing_event: p.alerts.slashing_event,
            price_gap_bps: opt_text(p.alerts.price_gap_bps),
            oracle_deviation_bps: opt_text(p.alerts.oracle_deviation_bps),
            governance_change: p.alerts.governance_change,
        }
    }
    /// The position the form describes; the first field that is not a number refuses it
    /// (checked in the form's order: holdings, cover, liquid ETH, limits, alerts). LRT rows at
    /// 0 are left out.
    pub fn to_params(&self) -> Result<PositionParams, FieldError> {
        let native = self.native_params()?;
        let lsts = self.lst_params()?;
        let lrts = self.lrt_params()?;
        let loops = self.loop_params()?;
        let lending_supply = self.supply_params()?;
        let insurance = self.cover_params()?;
        Ok(PositionParams {
            name: self.name.trim().to_string(),
            liquid_eth: whole("liquid_eth", &self.liquid_eth, "ETH")?,
            native,
            lsts,
            lrts,
            loops,
            lending_supply,
            insurance,
            limits: self.limits()?,
            alerts: self.alert_thresholds()?,
        })
    }

    fn native_params(&self) -> Result<Vec<NativeStake>, FieldError> {
        self.native
            .iter()
            .enumerate()
            .map(|(i, n)| {
                Ok(NativeStake {
                    eth: whole(&format!("native[{i}].eth"), &n.eth, "ETH")?,
                    operator: name(&n.operator),
                    avss: n.avss.split(',').filter_map(name).collect(),
                    client: n.client.clone(),
                    region: n.region.clone(),
                })
            })
            .collect()
    }

    fn lst_params(&self) -> Result<Vec<LstHolding>, FieldError> {
        self.lsts
            .iter()
            .enumerate()
            .map(|(i, l)| {
                Ok(LstHolding {
                    symbol: l.symbol.trim().to_string(),
                    eth: whole(&format!("lsts[{i}].eth"), &l.eth, "ETH")?,
                    operator: name(&l.operator),
                    fee_bps: bps(&format!("lsts[{i}].fee_bps"), &l.fee_bps)?,
                })
            })
            .collect()
    }

    /// The LRT rows above 0.
    fn lrt_params(&self) -> Result<Vec<LrtHolding>, FieldError> {
        let mut lrts = Vec::new();
        for (i, (symbol, amount)) in self.lrts.iter().enumerate() {
            let amount = whole(&format!("lrts[{i}].amount"), amount, "LRT")?;
            if amount > 0 {
                lrts.push(LrtHolding {
                    symbol: symbol.clone(),
                    amount,
                });
            }
        }
        Ok(lrts)
    }

    fn loop_params(&self) -> Result<Vec<LoopHolding>, FieldError> {
        self.loops
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let field = format!("loops[{i}].health_factor");
                let text = l.health_factor.trim();
                let health_factor = text
                    .parse::<f64>()
                    .ok()
                    .filter(|h| h.is_finite())
                    .ok_or_else(|| FieldError {
                        path: at(&field),
                        reason: format!("must be a number such as 1.2, got \"{text}\""),
                    })?;
                Ok(LoopHolding {
                    market: l.market.clone(),
                    collateral_lrt: whole(
                        &format!("loops[{i}].collateral_lrt"),
                        &l.collateral_lrt,
                        "LRT",
                    )?,
                    health_factor,
                })
            })
            .collect()
    }

    fn supply_params(&self) -> Result<Vec<SupplyHolding>, FieldError> {
        self.supply
            .iter()
            .enumerate()
            .map(|(i, s)| {
                Ok(SupplyHolding {
                    market: s.market.clone(),
                    eth: whole(&format!("lending_supply[{i}].eth"), &s.eth, "ETH")?,
                })
            })
            .collect()
    }

    /// The cover when it is bought, `None` otherwise.
    fn cover_params(&self) -> Result<Option<CoverParams>, FieldError> {
        let c = &self.cover;
        if !c.bought {
            return Ok(None);
        }
        Ok(Some(CoverParams {
            cover_eth: whole("insurance.cover_eth", &c.cover_eth, "ETH")?,
            covered_bps: bps("insurance.covered_bps", &c.covered_bps)?,
            premium_apr_bps: bps("insurance.premium_apr_bps", &c.premium_apr_bps)?,
            provider_capital_eth: whole(
                "insurance.provider_capital_eth",
                &c.provider_capital_eth,
                "ETH",
            )?,
            other_cover_eth: whole("insurance.other_cover_eth", &c.other_cover_eth, "ETH")?,
        }))
    }

    fn limits(&self) -> Result<Limits, FieldError> {
        Ok(Limits {
            max_avs_bps: optional_bps("limits.max_avs_bps", &self.max_avs_bps)?,
            max_lrt_bps: optional_bps("limits.max_lrt_bps", &self.max_lrt_bps)?,
            liquidity_buffer_bps: optional_bps(
                "limits.liquidity_buffer_bps",
                &self.liquidity_buffer_bps,
            )?,
        })
    }

    fn alert_thresholds(&self) -> Result<AlertThresholds, FieldError> {
        Ok(AlertThresholds {
            slashing_event: self.slashing_event,
            price_gap_bps: optional_bps("alerts.price_gap_bps", &self.price_gap_bps)?,
            oracle_deviation_bps: optional_bps(
                "alerts.oracle_deviation_bps",
                &self.oracle_deviation_bps,
            )?,
            governance_change: self.governance_change,
        })
    }
}

/// The JSON path the engine's error `message` ("position.loops[0].health_factor: must be ...")
/// names, if it names one under the position.
pub fn error_path(message: &str) -> Option<String> {
    let (path, _) = message.split_once(": ")?;
    path.starts_with(PREFIX).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::{presets, Sim};

    fn example() -> PositionParams {
        PositionParams::from_json(
            r#"{
              "name": "my stack",
              "liquid_eth": 50,
              "native": [{"eth": 320, "operator": "Borealis Nodes", "avss": ["PriceFeed Oracle"]}],
              "lsts": [{"symbol": "stLST", "eth": 160, "operator": "Atlas Staking", "fee_bps": 1000}],
              "lrts": [{"symbol": "rsLRT", "amount": 500}],
              "loops": [{"market": "rsLRT lending market", "collateral_lrt": 300, "health_factor": 1.06}],
              "lending_supply": [{"market": "rsLRT lending market", "eth": 200}],
              "insurance": {"cover_eth": 100, "covered_bps": 8000, "premium_apr_bps": 200,
                            "provider_capital_eth": 40, "other_cover_eth": 2000},
              "limits": {"max_avs_bps": 5000, "max_lrt_bps": 8000, "liquidity_buffer_bps": 2000},
              "alerts": {"slashing_event": true, "price_gap_bps": 100, "oracle_deviation_bps": 200, "governance_change": false}
            }"#,
        )
        .expect("the PLAYBOOK.md example parses")
    }

    #[test]
    fn a_position_survives_the_form_unchanged() {
        let p = example();
        let d = PositionDraft::from_params(&p, &["rsLRT".to_string()]);
        assert_eq!(d.lrts, vec![("rsLRT".to_string(), "500".to_string())]);
        assert_eq!(d.to_params(), Ok(p.clone()));
        // And it is a position the engine places in oracle-cascade.
        let mut s = presets::get("oracle-cascade").expect("preset");
        s.position = Some(p);
        assert!(Sim::new(s, 1).is_ok());
    }

    #[test]
    fn text_that_is_not_a_number_names_its_field() {
        let mut d = PositionDraft::from_params(&example(), &["rsLRT".to_string()]);
        d.native[0].eth = "lots".into();
        let e = d.to_params().unwrap_err();
        assert_eq!(e.path, "position.native[0].eth");
        assert!(e.reason.contains("\"lots\""), "{e}");
        d.native[0].eth = "1,000".into();
        assert_eq!(d.to_params().unwrap().native[0].eth, 1_000);
        d.loops[0].health_factor = "high".into();
        assert_eq!(
            d.to_params().unwrap_err().path,
            "position.loops[0].health_factor"
        );
        d.loops[0].health_factor = "1.3".into();
        d.price_gap_bps = String::new();
        d.max_avs_bps = "-5".into();
        assert_eq!(
            d.to_params().unwrap_err().path,
            "position.limits.max_avs_bps"
        );
        d.max_avs_bps = String::new();
        let p = d.to_params().unwrap();
        assert_eq!(p.alerts.price_gap_bps, None, "empty turns the alert off");
        assert_eq!(p.limits.max_avs_bps, None);
    }

    #[test]
    fn lrt_rows_follow_the_scenario_and_zero_holds_nothing() {
        let p = example();
        let d = PositionDraft::from_params(&p, &["aLRT".to_string(), "rsLRT".to_string()]);
        assert_eq!(d.lrts[0], ("aLRT".to_string(), "0".to_string()));
        assert_eq!(d.to_params().unwrap().lrts, p.lrts);
        // An LRT the scenario lacks keeps its row, so the engine can name it.
        let d = PositionDraft::from_params(&p, &["aLRT".to_string()]);
        assert_eq!(d.lrts.len(), 2);
        assert_eq!(d.to_params().unwrap().lrts[0].symbol, "rsLRT");
    }

    #[test]
    fn the_engine_error_path_is_read_from_its_message() {
        assert_eq!(
            error_path("position.loops[0].health_factor: must be between"),
            Some("position.loops[0].health_factor".into())
        );
        assert_eq!(error_path("lending.ltv_bps: too high"), None);
        assert_eq!(error_path("no colon here"), None);
    }
}
