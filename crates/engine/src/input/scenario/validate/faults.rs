//! Checks of faults: their targets (operators, AVSs, LRTs and markets by name), sizes and
//! durations.

use super::*;

impl Scenario {
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
        b: &crate::input::scenario::BridgeExploitParams,
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
            Some(m) if m.lending.style != crate::input::scenario::MarketStyle::AaveV3 => {
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
    pub(super) fn check_fault(
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
