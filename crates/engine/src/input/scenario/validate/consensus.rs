//! Checks of the consensus layer: clients, regions, validator balance, total active balance,
//! and the operators' client and region names.

use super::*;

impl Scenario {
    /// The consensus layer: clients and regions with network shares within 100%, validator
    /// balance, total active balance at least `total_stake` (whole ETH), and operators' client
    /// and region names.
    pub(super) fn check_consensus(&self, total_stake: u64) -> Result<(), ScenarioError> {
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
        Ok(())
    }
}
