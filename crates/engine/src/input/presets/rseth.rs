//! `rseth-2026`: replay of the Kelp rsETH bridge exploit of 18 April 2026 (MODEL.md section 9).

use super::oracle_cascade;
use crate::input::scenario::*;

/// rsETH supply before the exploit, whole rsETH: chosen so that the 116,500 unbacked rsETH are
/// 18% of the supply after the mint (116,500 / 646,500), as published ("roughly 18 percent of
/// the entire rsETH supply", Bitcoin Suisse weekly, April 2026). Backing = supply: NAV 1.
const SUPPLY: u64 = 530_000;

/// The exploit as published (Bitcoin Suisse weekly; CoinTurk, "116,500 rsETH exploited", April
/// 2026; MODEL.md section 9): 116,500 rsETH released with no burn on the source chain, 89,567
/// posted in eight Aave v3 positions at health factors 1.01-1.03, the guardian's freeze about
/// 80 minutes (400 blocks) after the exploit.
pub fn exploit(loss: BridgeLoss) -> BridgeExploitParams {
    BridgeExploitParams {
        unbacked_lrt: 116_500,
        posted_lrt: 89_567,
        positions: 8,
        hf_min: 1.01,
        hf_max: 1.03,
        blocks_between_positions: default_bridge_position_gap(),
        freeze_after_blocks: default_bridge_freeze_after(),
        recognised_after_blocks: default_bridge_recognised_after(),
        loss,
        supplier_withdraw_bps_per_block: default_bridge_supplier_withdraw(),
        lrt_symbol: None,
        market: None,
    }
}

/// `rseth-2026`: a forged LayerZero message releases 116,500 unbacked rsETH; the attacker posts
/// 89,567 on an Aave v3 market (ETH-correlated E-mode 93/95/1, exchange-rate oracle, MODEL.md
/// section 8) in eight positions at HF 1.01-1.03 and borrows WETH (the engine's one debt asset:
/// the 821 wstETH are borrowed as their ETH value); the guardian freezes the market 400 blocks
/// later; suppliers run for the idle WETH (utilisation 100%); a day later Kelp books the loss,
/// isolated to the bridged supply (the preset; `socialised` is the lever). Protocol inputs are
/// the published ones; sizes of the rest of the market (legitimate loopers, idle WETH, the
/// pool) are assumptions. docs/REPLAYS.md compares the outputs with the published figures.
pub fn rseth_2026() -> Scenario {
    let mut s = oracle_cascade();
    s.name = "rseth-2026".into();
    s.description = "Replay of the Kelp rsETH bridge exploit, 18 April 2026: a forged bridge message releases 116,500 rsETH with no ETH behind them; the attacker posts 89,567 on Aave (E-mode, exchange-rate oracle) in eight positions at health factors 1.01-1.03 and borrows WETH; the guardian freezes the market 80 minutes later and suppliers run for the idle WETH. Published bad debt $177-196M (about 75,000-83,000 ETH at $2,358). Switch the loss from isolated to socialised and watch every holder and loop pay instead.".into();
    s.lrt.symbol = "rsETH".into();
    s.lrt.pause_withdrawals_on_slash = false;
    for op in &mut s.operators {
        let weight = op.lrt_delegation_eth * 100 / 396_000;
        op.lrt_delegation_eth = (SUPPLY - s.lrt.buffer_eth) * weight / 100;
    }
    s.lending = LendingParams {
        style: MarketStyle::AaveV3,
        ltv_bps: 7_200,
        liquidation_threshold_bps: 7_500,
        liquidation_bonus_bps: 750,
        close_factor_bps: 5_000,
        full_close_hf: 0.95,
        protocol_fee_bps: 1_000,
        oracle: OracleKind::ExchangeRate,
        idle_liquidity_eth: 300_000,
        governance: None,
        name: "Aave v3 rsETH (E-mode)".into(),
        emode: Some(EModeParams {
            ltv_bps: 9_300,
            liquidation_threshold_bps: 9_500,
            liquidation_bonus_bps: 100,
        }),
        supply_cap_lrt: None,
        rate_growth_cap_bps_per_year: None,
    };
    s.loopers = LooperParams {
        count: 40,
        total_collateral_lrt: 100_000,
        hf_min: 1.05,
        hf_max: 1.3,
        total_equity_lrt: 0,
    };
    s.faults = vec![FaultSpec {
        at_block: 100,
        fault: Fault::BridgeExploit(exploit(BridgeLoss::Isolated)),
    }];
    s
}
