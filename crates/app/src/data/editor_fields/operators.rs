//! The editor's descriptions of the operators (allocations, oracle feeds) and the consensus layer.

use super::{choice, f, Spec, BLOCKS, BPS, FRAC};

/// Operators.
#[rustfmt::skip]
pub const OPERATORS: &[Spec] = &[
    f("operators[].name", "Name", "", "unique text", "Operator name."),
    f("operators[].lrt_delegation_eth", "LRT stake", "ETH", "0 or more", "Stake the LRT delegates to this operator."),
    f("operators[].native_delegation_eth", "Native stake", "ETH", "0 or more", "Stake native restakers delegate to this operator."),
    f("operators[].lst_delegation_eth", "LST stake", "ETH", "0 or more", "LST (e.g. stETH) restaked in EigenLayer and delegated to this operator: slashable by its AVSs, not by its validators' Ethereum penalties."),
    f("operators[].follows_faulty_feed", "Follows faulty feed (deprecated)", "", "on or off", "Old files: one faulty source and no sanity bound. Use Oracle feed instead; refused together with it."),
    f("operators[].feed", "Oracle feed", "", "none (drawn, or unexposed) or set", "Its oracle node's configuration: which sources, aggregated how, with what sanity bound. Decides whether it signs an outlier."),
    f("operators[].feed.sources", "Feed sources", "", "1 to 100", "Data sources its node aggregates: with the median, one bad source moves a node with 3 or more by nothing."),
    f("operators[].feed.reads_faulty_source", "Reads the faulty source", "", "on or off", "The source that posts the outlier is one of its sources."),
    f("operators[].feed.max_move_bps", "Sanity bound", BPS, "0 to 10,000 (10,000: none)", "Its node refuses to sign a value that moved more than this since the last round."),
    choice("operators[].feed.client", "Feed client", &["median", "mean"], "median of its sources (Chainlink OCR, eOracle) or their mean (one bad source of k moves it by 1/k)."),
    f("operators[].client", "Client", "", "a consensus client's name", "Consensus client of its validators."),
    f("operators[].region", "Region", "", "a region's name", "Region of its validators."),
    f("operators[].allocation_delay_blocks", "Allocation delay", BLOCKS, "0 or more", "Blocks before a magnitude increase becomes slashable."),
    f("operators[].allocations[].avs", "AVS", "", "an AVS's name", "An AVS the operator is registered with."),
    f("operators[].allocations[].magnitude_bps", "Magnitude", BPS, "sum at most 10,000", "Stake allocated to that AVS (unique stake; ignored under shared)."),
    f("operators[].leave_at_slashed_share", "Leave an AVS at slashed share", "share", "none, or 0 to 1", "Once an AVS it is registered with has slashed this share of its operators, the operator deregisters from it after the 14-day deallocation delay (slashable until then). Empty: it stays."),
    f("oracle_feeds", "Drawn oracle feeds", "", "none or set", "Draws a feed configuration for each operator without one (its own seeded stream)."),
    f("oracle_feeds.faulty_source_share", "Share reading the faulty source", "", FRAC, "Chance an operator's sources include the one that posts the outlier."),
    f("oracle_feeds.sources_min", "Fewest sources", "", "1 to 100", "Sources per node are drawn uniformly between these two."),
    f("oracle_feeds.sources_max", "Most sources", "", "sources_min to 100", "More sources: fewer nodes a single bad source can move."),
    f("oracle_feeds.mean_client_share", "Share of mean clients", "", FRAC, "Chance a node averages its sources instead of taking the median."),
    f("oracle_feeds.max_move_bps_min", "Lowest sanity bound", BPS, "0 to 10,000", "Sanity bounds are drawn uniformly between these two."),
    f("oracle_feeds.max_move_bps_max", "Highest sanity bound", BPS, "max_move_bps_min to 10,000", "10,000: no bound."),
];

/// Consensus.
#[rustfmt::skip]
pub const CONSENSUS: &[Spec] = &[
    f("consensus.total_active_balance_eth", "Total active stake", "ETH", "at least the restaked stake", "All of the beacon chain, restaked validators included."),
    f("consensus.validator_balance_eth", "Validator balance", "ETH", "1 to 2,048", "Balance per validator (32 for 0x01 credentials)."),
    f("consensus.clients[].name", "Client", "", "unique text", "A consensus client."),
    f("consensus.clients[].network_share_bps", "Share of all stake", BPS, "sum at most 10,000", "Share of all Ethereum stake running it."),
    f("consensus.regions[].name", "Region", "", "unique text", "A region."),
    f("consensus.regions[].network_share_bps", "Share of all stake", BPS, "sum at most 10,000", "Share of all Ethereum stake there."),
];
