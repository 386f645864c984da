//! The editor's descriptions of the AVSs (slashing rules, veto committees, pauses and upgrades,
//! ambiguity, MEV).

use super::{choice, f, Spec, BLOCKS, BPS, FRAC};

/// AVSs.
#[rustfmt::skip]
pub const AVSS: &[Spec] = &[
    f("avss[].name", "Name", "", "unique text", "AVS name."),
    choice("avss[].kind", "Kind", &["oracle", "data_availability", "bridge", "sequencer"], "What the service does."),
    f("avss[].profit_from_corruption_eth", "Profit from corruption", "ETH", "0 or more", "Value an attacker could take by corrupting it (e.g. bridge TVL)."),
    f("avss[].corruption_threshold", "Corruption threshold", "", "above 0, at most 1", "Share of its stake an attacker must control (alpha)."),
    f("avss[].reward_apr_bps", "Rewards", "bps/yr", "0 to 10,000", "Rewards paid to slashable stake."),
    choice("avss[].slash_rule", "Slash rule", &["slash_outlier_signers", "slash_majority_deviators", "none"], "Who is slashed when a round goes wrong."),
    f("avss[].slash_bps", "Slash size", BPS, "0 to 10,000", "Share of slashable stake taken from each flagged operator."),
    f("avss[].deviation_tolerance_bps", "Tolerance band", BPS, "0 to 10,000 (default 50)", "Oracle rule: a report this close to the reference (true value, or the majority's) is not flagged. 50 = Chainlink's ETH/USD deviation threshold."),
    f("avss[].slash_full_at_deviation_bps", "Full slash at deviation", BPS, "empty for a flat slash, else 1 to 10,000", "Slashing terms that scale: a flagged operator loses slash size x min(1, its deviation / this)."),
    f("avss[].veto", "Veto committee", "", "none or set", "A committee that can cancel a slash inside its window."),
    f("avss[].veto.members", "Members", "", "at least 1", "Committee size."),
    f("avss[].veto.quorum", "Quorum", "votes", "1 to members", "Votes needed to veto."),
    f("avss[].veto.window_blocks", "Veto window", BLOCKS, "0 or more", "Between a slash request and its execution."),
    f("avss[].veto.p_veto_unjustified", "P(veto | unjustified)", "", FRAC, "Chance one member vetoes a slash it judges unjustified."),
    f("avss[].veto.p_veto_justified", "P(veto | justified)", "", FRAC, "Chance one member wrongly vetoes a justified slash."),
    f("avss[].veto.feed_fault_leniency", "Leniency on feed faults", "fraction", FRAC, "How far the committee treats an operator that signed a data source's published outlier as unjustified: 0 upholds the AVS's rule (default), 1 vetoes as if the rule misfired."),
    f("avss[].mirrors_beacon_slashing", "Mirrors Ethereum slashing", "", "on or off", "Slashes operators whose validators are slashed on Ethereum."),
    f("avss[].upgrade_timelock_blocks", "Upgrade timelock", BLOCKS, "empty for no upgrade keys, else 0 or more", "Delay before an upgrade of its slashing terms takes effect."),
    f("avss[].redistribute_slashed", "Redistribute slashed stake", "", "on or off", "Slashed stake goes to the AVS instead of being burned."),
    f("avss[].emergency_pause", "Emergency pause", "", "none or set", "A council that pauses slashing when one block's requests are large."),
    f("avss[].emergency_pause.trigger_bps", "Pause trigger", BPS, "0 to 10,000", "Share of slashable stake requested in one block that triggers the pause."),
    f("avss[].emergency_pause.delay_blocks", "Council delay", BLOCKS, "0 or more", "Blocks the council needs before the pause takes effect."),
    f("avss[].emergency_pause.duration_blocks", "Pause length", BLOCKS, "at least 1", "How long slashing stays paused."),
    f("avss[].over_slashing_rate", "Over-slashing rate", "per epoch", FRAC, "Chance each epoch that its rule misfires and requests a slash of an operator who did nothing (a veto committee may catch it)."),
    f("avss[].under_slashing_rate", "Under-slashing rate", "", "0 to below 1", "Share of real faults it misses (no slash requested): corrupting it costs that much less in expectation."),
    f("avss[].slashed_elsewhere_keep", "Keep after slash elsewhere", "share", "none, or 0 to 1", "When another AVS slashes one of its operators: the share of that operator's allocation it keeps (0 ejects it); the change waits the 14-day deallocation delay. Empty: no response."),
    f("avss[].mev", "MEV for misbehaving", "", "none or set", "Operators gain by misbehaving on this AVS (e.g. censoring) and risk its slash."),
    f("avss[].mev.opportunity_gwei_per_block", "MEV per block", "gwei", "0 to 1e15 (1e9 = 1 ETH)", "What an operator gains for each block it misbehaves."),
    f("avss[].mev.detection_probability", "Detection chance", "per epoch", FRAC, "Chance the AVS catches a misbehaving operator in an epoch (a slash request follows)."),
    f("avss[].mev.propensity", "Propensity", "per epoch", FRAC, "Chance an operator for whom misbehaving pays (gain above expected slash) does it."),
];
