//! The editor's descriptions of the scheduled faults.

use super::{choice, f, Spec, BLOCKS, BPS};

/// Faults.
#[rustfmt::skip]
pub const FAULTS: &[Spec] = &[
    f("faults[].at_block", "At block", "block", "0 or more", "Block at which the fault happens."),
    f("faults[].fault.kind", "Fault", "", "fixed", "The fault family (import a scenario file to add other kinds)."),
    f("faults[].fault.avs", "AVS", "", "an AVS's name", "The AVS the fault hits."),
    f("faults[].fault.operator", "Operator", "", "an operator's name", "The operator the fault hits."),
    f("faults[].fault.client", "Client", "", "a client's name", "The consensus client with the bug."),
    f("faults[].fault.region", "Region", "", "a region's name", "The region that goes offline."),
    f("faults[].fault.deviation_bps", "Deviation", BPS, "1 to 9,999", "How far the reported value is from the true one."),
    f("faults[].fault.share_bps", "Share", BPS, "1 to 10,000", "Share affected (validators, or pool liquidity)."),
    f("faults[].fault.slash_bps", "New slash size", BPS, "0 to 10,000", "Slash size after the upgrade."),
    f("faults[].fault.duration_blocks", "Duration", BLOCKS, "at least 1", "How long the fault lasts."),
    f("faults[].fault.lrt", "LRT sold", "LRT", "at least 1", "Whole LRT the whale sells."),
    f("faults[].fault.over_blocks", "Over", BLOCKS, "at least 1", "Blocks the sale is spread over."),
    f("faults[].fault.lrt_symbol", "LRT", "", "an LRT's symbol; empty: the first", "The LRT (and its pool) the fault hits."),
    f("faults[].fault.market", "Market", "", "a lending market's name; empty: the first", "The lending market whose feed fails, or that a bridge exploit borrows from."),
    f("faults[].fault.unbacked_lrt", "Unbacked LRT", "LRT", "1 to 10^9", "LRT a forged bridge message releases with no ETH behind it (rsETH, April 2026: 116,500)."),
    f("faults[].fault.posted_lrt", "Posted", "LRT", "0 to the unbacked LRT", "Of them, LRT the attacker posts as collateral (published: 89,567)."),
    f("faults[].fault.positions", "Positions", "", "1 to 1,000", "Loans the posted LRT is split into (published: eight)."),
    f("faults[].fault.hf_min", "Lowest HF", "", "above 1, at most 10", "Health factor of the attacker's first loan (published 1.01; raised to LT / LTV if lower)."),
    f("faults[].fault.hf_max", "Highest HF", "", "hf_min to 10", "Health factor of its last loan (published 1.03)."),
    f("faults[].fault.blocks_between_positions", "Between loans", BLOCKS, "0 to 100,000", "Blocks between one loan and the next (default 40, an assumption)."),
    f("faults[].fault.freeze_after_blocks", "Freeze after", BLOCKS, "0 to 26,298,000", "Blocks until the lender's guardian freezes the market (default 400: ~80 minutes, as Aave in April 2026)."),
    f("faults[].fault.recognised_after_blocks", "Loss booked after", BLOCKS, "0 to 26,298,000", "Blocks until the LRT protocol books the loss (default 7,200, an assumption); until then its exchange rate does not see the unbacked LRT."),
    choice("faults[].fault.loss", "Loss borne by", &["isolated", "socialised"], "isolated: the bridged LRT is written down alone (loans against it become bad debt); socialised: every holder's NAV falls."),
    f("faults[].fault.supplier_withdraw_bps_per_block", "Supplier run", BPS, "0 to 10,000 a block", "Share of their supply the market's suppliers ask back each block after the freeze; they get only idle ETH (default 50, an assumption)."),
    f("faults[].fault.magnitude_bps", "Magnitude", BPS, "0 to 10,000", "New magnitude for the AVS."),
    choice("faults[].fault.mode", "Feed fault", &["stale", "manipulated"], "stale: frozen at its value; manipulated: reports below the true price."),
];
