//! Checks of each LRT with its pool, holders, recovery rules and lending markets.

use super::*;

/// Checks one LRT with its pool and holders.
pub(super) fn check_lrt(spec: &LrtSpec) -> Result<(), ScenarioError> {
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
    frac(&format!("{sp}.contagion_weight"), s.contagion_weight)?;
    frac(&format!("{sp}.contagion_floor"), s.contagion_floor)?;
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
pub(super) fn check_market(m: &MarketSpec, pool: &PoolParams) -> Result<(), ScenarioError> {
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
        let posted = m.loopers.collateral_wei(ltv, lt) / crate::base::units::WAD;
        if posted > cap as u128 {
            return Err(ScenarioError::at(
                format!("{}.total_collateral_lrt", m.loopers_path),
                format!("{posted} LRT of collateral exceeds the market's supply cap of {cap}"),
            ));
        }
    }
    Ok(())
}
