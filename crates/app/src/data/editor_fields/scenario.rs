//! The editor's descriptions of the scenario's own fields, of the LRTs and markets after the
//! first, and of the stack facts the red flags read.

use super::{choice, f, Spec, BLOCKS, BPS};

/// Scenario.
#[rustfmt::skip]
pub const SCENARIO: &[Spec] = &[
    f("name", "Name", "", "any text", "Short name of the scenario."),
    f("description", "Description", "", "any text", "One paragraph: what this scenario shows."),
    choice("slashing_model", "Slashing model", &["shared", "unique_stake"], "shared: every AVS can slash an operator's whole stake; unique_stake (ELIP-002): each AVS only the magnitude allocated to it."),
    f("staking_apr_bps", "Staking yield", "bps/yr", "0 to 10,000", "Consensus-layer yield minted to restaked ETH."),
    f("rational_attacks", "Rational attacks", "", "on or off", "Operators attack when a coalition can profitably corrupt AVSs (checked each epoch)."),
];

/// More LRTs and markets (their lrt, pool, stakers, lending and loopers fields are described above).
#[rustfmt::skip]
pub const MORE: &[Spec] = &[
    f("extra_lrts[].delegations[].operator", "Operator", "", "an operator's name", "An operator this LRT delegates to."),
    f("extra_lrts[].delegations[].eth", "Delegated", "ETH", "1 or more", "Stake this LRT delegates to that operator."),
    f("extra_markets[].collateral", "Collateral", "", "an LRT's symbol", "The LRT this market lends against."),
];

/// Stack facts read by the red flags.
#[rustfmt::skip]
pub const STACK: &[Spec] = &[
    f("incentives[].lrt", "Incentives of", "", "an LRT symbol", "The LRT whose holders earn these incentives."),
    f("incentives[].token_apr_bps", "Token incentives", "bps/yr", "0 to 10,000", "Incentives paid in a token, valued in ETH, paid each epoch into the LRT's backing: they count as yield."),
    f("incentives[].points", "Points", "", "on or off", "Holders earn points (no defined value): no yield, a red flag."),
    f("incentives[].ends_at_block", "Programme ends at", "block", "empty for never, else 0 or more", "Token payments and points stop; mercenary capital leaves."),
    f("incentives[].mercenary_lrt", "Mercenary LRT", "LRT", "0 to what the other holders hold", "LRT held only for the programme; sold into the pool when it ends."),
    f("incentives[].mercenary_pool_bps", "Mercenary pool share", BPS, "0 to 10,000", "Share of the pool's liquidity provided for the programme; pulled when it ends."),
    f("incentives[].mercenary_exit_blocks", "Mercenary exit", BLOCKS, "1 or more", "Blocks over which the mercenary LRT is sold, evenly."),
    f("governance_tokens[].token", "Governance token", "", "any text", "A governance token."),
    f("governance_tokens[].controls[]", "Governs", "", "an AVS, LRT or market name", "A layer whose governance this token controls."),
];
