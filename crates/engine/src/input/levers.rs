//! One-lever edits of a scenario, for comparing two runs that differ in exactly one design
//! choice (MODEL.md section 11: shared versus unique-stake slashing, the lending oracle, veto
//! committees, the liquidation threshold, pool depth). Each returns a new scenario and leaves
//! everything else, faults included, as it was.

use crate::input::scenario::{OracleKind, Scenario, SlashingModel};

impl Scenario {
    /// The same scenario under `model`.
    pub fn with_slashing_model(&self, model: SlashingModel) -> Scenario {
        let mut s = self.clone();
        s.slashing_model = model;
        s
    }

    /// The same scenario with the lending market priced by `oracle`.
    pub fn with_lending_oracle(&self, oracle: OracleKind) -> Scenario {
        let mut s = self.clone();
        s.lending.oracle = oracle;
        s
    }

    /// Every AVS with a veto committee (`on`: its own, or
    /// [`crate::input::scenario::DEFAULT_VETO`] if it has none) or with none (`!on`).
    pub fn with_veto(&self, on: bool) -> Scenario {
        let mut s = self.clone();
        for a in &mut s.avss {
            a.veto = if on {
                a.veto
                    .clone()
                    .or(Some(crate::input::scenario::DEFAULT_VETO))
            } else {
                None
            };
        }
        s
    }

    /// The lending market's liquidation threshold (the LLTV of a Morpho market) set to `bps`;
    /// the LTV is capped at it.
    pub fn with_liquidation_threshold(&self, bps: u32) -> Scenario {
        let mut s = self.clone();
        s.lending.liquidation_threshold_bps = bps;
        s.lending.ltv_bps = s.lending.ltv_bps.min(bps);
        s
    }

    /// Both sides of the pool scaled by `scale_bps` (10,000 = unchanged).
    pub fn with_pool_depth(&self, scale_bps: u32) -> Scenario {
        let mut s = self.clone();
        let scale = |x: u64| (x as u128 * scale_bps as u128 / 10_000) as u64;
        s.pool.eth_liquidity_eth = scale(s.pool.eth_liquidity_eth).max(1);
        s.pool.lrt_liquidity = scale(s.pool.lrt_liquidity).max(1);
        s
    }
}

#[cfg(test)]
mod tests {
    use crate::input::presets;
    use crate::input::scenario::{OracleKind, SlashingModel};

    #[test]
    fn each_lever_changes_one_field_and_stays_valid() {
        let base = presets::get("oracle-cascade").expect("preset");
        let edits = [
            base.with_slashing_model(SlashingModel::UniqueStake),
            base.with_lending_oracle(OracleKind::ExchangeRate),
            base.with_veto(false),
            base.with_veto(true),
            base.with_liquidation_threshold(7_000),
            base.with_pool_depth(5_000),
        ];
        for s in &edits {
            s.validate().expect("valid");
            assert_eq!(s.faults, base.faults);
            assert_eq!(s.operators, base.operators);
        }
        assert_eq!(edits[0].slashing_model, SlashingModel::UniqueStake);
        assert!(edits[2].avss.iter().all(|a| a.veto.is_none()));
        assert!(edits[3].avss.iter().all(|a| a.veto.is_some()));
        assert!(edits[4].lending.ltv_bps <= 7_000);
        assert_eq!(
            edits[5].pool.eth_liquidity_eth,
            base.pool.eth_liquidity_eth / 2
        );
    }
}
