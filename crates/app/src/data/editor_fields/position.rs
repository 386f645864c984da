//! The editor's descriptions of the user's position (docs/PLAYBOOK.md).

use super::{f, Spec, BPS};

/// Your position (docs/PLAYBOOK.md).
#[rustfmt::skip]
pub const POSITION: &[Spec] = &[
    f("position", "Your position", "", "a position or none", "Your own holdings, placed in the world and measured (restake position)."),
    f("position.name", "Position name", "", "any text", "A label for reports."),
    f("position.liquid_eth", "Liquid ETH", "ETH", "0 or more", "Unstaked ETH kept as a liquidity buffer."),
    f("position.native[].eth", "Native stake", "ETH", "at least 1", "ETH staked on your own validators."),
    f("position.native[].operator", "Delegated to", "", "an operator or none", "The operator your EigenPod is delegated to (restaked); none: not restaked."),
    f("position.native[].avss[]", "AVS opted into", "", "an AVS the operator serves", "An AVS you expect to be exposed to; your operator's registrations decide."),
    f("position.native[].client", "Client", "", "a consensus client", "Consensus client of your validators (default: the first)."),
    f("position.native[].region", "Region", "", "a region", "Region of your validators (default: the first)."),
    f("position.lsts[].symbol", "LST", "", "any text", "Symbol of the liquid staking token."),
    f("position.lsts[].eth", "LST stake", "ETH", "at least 1", "ETH of stake behind your LST."),
    f("position.lsts[].operator", "Restaked with", "", "an operator or none", "The operator the LST is restaked with; none: held only."),
    f("position.lsts[].fee_bps", "LST fee", BPS, "0 to 10,000", "The LST protocol's fee on staking rewards (Lido: 1,000)."),
    f("position.lrts[].symbol", "LRT", "", "an LRT of the scenario", "Which LRT you hold."),
    f("position.lrts[].amount", "LRT held", "LRT", "at least 1", "Whole LRT, taken from holders outside the model."),
    f("position.loops[].market", "Loop market", "", "a lending market", "The lending market of your leveraged loop."),
    f("position.loops[].collateral_lrt", "Loop collateral", "LRT", "at least 1", "LRT posted as collateral."),
    f("position.loops[].health_factor", "Entry health factor", "", "LT/LTV to 1,000", "Health factor at entry; liquidatable below 1."),
    f("position.lending_supply[].market", "Supplied to", "", "a lending market", "The market you lend ETH to (you bear its bad debt)."),
    f("position.lending_supply[].eth", "Supplied", "ETH", "at least 1", "ETH supplied to the market's lenders."),
    f("position.insurance", "Cover bought", "", "a cover or none", "Cover against slashing and penalty losses."),
    f("position.insurance.cover_eth", "Cover", "ETH", "at least 1", "Most the cover pays."),
    f("position.insurance.covered_bps", "Covered share", BPS, "0 to 10,000", "Share of each loss the cover pays."),
    f("position.insurance.premium_apr_bps", "Premium", "bps/yr", "0 to 10,000", "Premium on the cover amount."),
    f("position.insurance.provider_capital_eth", "Provider capital", "ETH", "0 or more", "Capital the provider pays all claims from."),
    f("position.insurance.other_cover_eth", "Cover sold to others", "ETH", "0 or more", "Cover on the same risk held by others; they claim at the same time."),
    f("position.limits.max_avs_bps", "Max per AVS", BPS, "0 to 10,000 or none", "Largest share of your value any one AVS may slash."),
    f("position.limits.max_lrt_bps", "Max per LRT", BPS, "0 to 10,000 or none", "Largest share of your value in any one LRT."),
    f("position.limits.liquidity_buffer_bps", "Liquidity buffer", BPS, "0 to 10,000 or none", "Smallest share of your value that must turn into ETH within a day."),
    f("position.alerts.slashing_event", "Alert on slashing", "", "on or off", "Alert when a slash is requested against one of your operators."),
    f("position.alerts.price_gap_bps", "Alert on price gap", BPS, "0 to 10,000 or none", "Alert when your LRT trades this far below NAV."),
    f("position.alerts.oracle_deviation_bps", "Alert on oracle deviation", BPS, "0 to 10,000 or none", "Alert on an oracle outlier or a lending price this far from NAV."),
    f("position.alerts.governance_change", "Alert on governance", "", "on or off", "Alert on a pause, an upgrade, a captured or switched-off veto, a lender action."),
];
