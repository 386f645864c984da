//! What the scenario editor knows about each parameter (label, unit, range, help) and how an
//! edit is applied: plain data and functions, tested natively.
//!
//! The editor walks the scenario's JSON, so every field the engine serialises gets a control;
//! [`spec`] finds a field's description by its path with the list indices taken out
//! (`avss[2].veto.quorum` -> `avss[].veto.quorum`). A test checks that every field of every
//! preset has one. An edit is applied to the JSON and read back with [`Scenario::from_json`],
//! so the engine's own parsing and validation decide, and a refusal names the field's path.

use restake_engine::Scenario;
use serde_json::Value;

/// How one parameter is shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spec {
    pub path: &'static str,
    pub label: &'static str,
    /// Unit shown beside the control ("" for none).
    pub unit: &'static str,
    /// Accepted values in words.
    pub range: &'static str,
    pub help: &'static str,
    /// The allowed strings for a choice (a select); empty for free values.
    pub choices: &'static [&'static str],
}

const fn f(
    path: &'static str,
    label: &'static str,
    unit: &'static str,
    range: &'static str,
    help: &'static str,
) -> Spec {
    Spec {
        path,
        label,
        unit,
        range,
        help,
        choices: &[],
    }
}

const fn choice(
    path: &'static str,
    label: &'static str,
    choices: &'static [&'static str],
    help: &'static str,
) -> Spec {
    Spec {
        path,
        label,
        unit: "",
        range: "one of the list",
        help,
        choices,
    }
}

const BPS: &str = "bps";
const FRAC: &str = "0 to 1";
const BLOCKS: &str = "blocks";

/// Every scenario parameter. Units and meanings follow `crates/engine/src/scenario.rs`.
pub const SPECS: &[Spec] = &[
    // Scenario
    f("name", "Name", "", "any text", "Short name of the scenario."),
    f("description", "Description", "", "any text", "One paragraph: what this scenario shows."),
    choice("slashing_model", "Slashing model", &["shared", "unique_stake"], "shared: every AVS can slash an operator's whole stake; unique_stake (ELIP-002): each AVS only the magnitude allocated to it."),
    f("staking_apr_bps", "Staking yield", "bps/yr", "0 to 10,000", "Consensus-layer yield minted to restaked ETH."),
    f("rational_attacks", "Rational attacks", "", "on or off", "Operators attack when a coalition can profitably corrupt AVSs (checked each epoch)."),
    // LRT
    f("lrt.symbol", "Symbol", "", "any text", "Token symbol shown in labels."),
    f("lrt.withdrawal_delay_blocks", "Withdrawal delay", BLOCKS, "at least 1 (100,800 = 14 days)", "Delay between a redemption request and its claim."),
    f("lrt.buffer_eth", "Buffer", "ETH", "0 or more", "ETH kept undelegated for redemptions."),
    f("lrt.pause_withdrawals_on_slash", "Pause withdrawals on slash", "", "on or off", "Governance pauses withdrawals once a slash lowers NAV by the threshold below."),
    f("lrt.pause_on_nav_drop_bps", "Pause at NAV drop", BPS, "0 to 10,000", "NAV drop that makes governance pause withdrawals."),
    f("lrt.pause_delay_blocks", "Pause delay", BLOCKS, "0 or more", "Time governance needs to act (vote plus timelock)."),
    f("lrt.pause_max_blocks", "Longest pause", BLOCKS, "0 to 10 years (187,200 = 26 days)", "A governance pause ends at the latest this long after it takes effect; the end is announced (Kelp's rsETH pause, April-May 2026: 26 days)."),
    f("lrt.pause_resolution_blocks", "Lift pause after resolution", BLOCKS, "0 to 10 years (50,400 = 7 days)", "Governance lifts its pause once no slash is pending and NAV has held this long (EigenLayer SLASH_RESOLUTION_DELAY: 7 days)."),
    f("lrt.withdrawals_enabled", "Withdrawals enabled", "", "on or off", "Off: the LRT cannot be redeemed at all (ezETH before May 2024); dip buyers hold until withdrawals open."),
    f("lrt.expected_unlock_days", "Expected unlock", "days", "0 or more", "With withdrawals off: how long dip buyers expect to wait before they can redeem."),
    f("lrt.mint_fee_bps", "Mint fee", BPS, "0 to 10,000", "Fee on deposits; it stays in the backing."),
    f("lrt.redeem_fee_bps", "Redeem fee", BPS, "0 to 10,000", "Fee on redemptions; it stays in the backing."),
    // Pool
    f("pool.eth_liquidity_eth", "ETH side", "ETH", "at least 1", "ETH in the Curve pool at start."),
    f("pool.lrt_liquidity", "LRT side", "LRT", "at least 1", "LRT in the Curve pool at start."),
    f("pool.amp", "Amplification A", "", "1 to 1,000,000", "Curve's A: higher keeps the price near 1 for longer, then it falls faster."),
    f("pool.fee", "Swap fee", "/1e10", "0 to 5,000,000,000", "Fee over 1e10 (4,000,000 = 0.04%)."),
    f("pool.admin_fee", "Admin fee", "/1e10", "0 to 10,000,000,000", "Share of the fee kept by the admin over 1e10 (5,000,000,000 = 50%)."),
    choice("pool.variant.kind", "Pool contract", &["legacy", "ng"], "legacy: StableSwapSTETH.vy, fixed fee, no oracle; ng: stableswap-ng with a dynamic fee and an EMA oracle."),
    f("pool.variant.offpeg_fee_multiplier", "Off-peg fee multiplier", "/1e10", "fee x multiplier at most 5e19", "20,000,000,000 = 2x the fee when the pool is off peg."),
    f("pool.variant.ma_exp_time_s", "EMA time", "s", "at least 1", "Time constant of the pool's EMA price oracle (866 s in many pools)."),
    f("pool.variant.rate_oracle", "NAV rate oracle", "", "on or off", "Scale the LRT by its NAV so the pool pegs to NAV rather than 1 ETH."),
    f("pool.lps", "Liquidity providers who leave", "", "none or set", "LPs who pull depth when the discount grows."),
    f("pool.lps.withdraw_at_discount_bps", "LPs leave at discount", BPS, "0 to 10,000", "Discount to NAV at which LPs start to withdraw."),
    f("pool.lps.withdraw_share_bps", "Share withdrawn each time", BPS, "0 to 10,000", "Share of the remaining liquidity withdrawn each time."),
    f("pool.lps.every_blocks", "Withdrawal interval", BLOCKS, "at least 1", "Blocks between two withdrawals while the discount lasts."),
    f("pool.lps.max_withdrawn_bps", "LPs stop at", BPS, "0 to 10,000", "LPs stop once this share of the starting liquidity is gone."),
    f("pool.lps.return_below_discount_bps", "LPs return below discount", BPS, "0 to 10,000", "LPs bring depth back once the discount to NAV is at most this..."),
    f("pool.lps.return_max_move_bps", "LPs return below volatility", BPS, "0 to 10,000", "...and the price moved at most this much over the last interval."),
    f("pool.lps.return_share_bps", "Share returned each time", BPS, "0 to 10,000", "Share of the starting liquidity LPs bring back each interval (at most what they withdrew)."),
    // Lending
    choice("lending.style", "Market style", &["aave_v3", "morpho_blue"], "Aave v3 (close factor, bonus, fee) or Morpho Blue (LLTV and incentive factor)."),
    f("lending.ltv_bps", "Max LTV", BPS, "0 to the liquidation threshold", "Maximum loan-to-value for new borrows."),
    f("lending.liquidation_threshold_bps", "Liquidation threshold", BPS, "0 to 10,000", "A loan is liquidatable when its health factor falls below 1 at this threshold."),
    f("lending.liquidation_bonus_bps", "Liquidation bonus", BPS, "0 to 10,000", "Bonus paid to liquidators on the repaid debt."),
    f("lending.close_factor_bps", "Close factor", BPS, "1 to 10,000", "Share of the debt one liquidation may repay (Aave: 5,000)."),
    f("lending.full_close_hf", "Full close below HF", "", FRAC, "Health factor at or below which the whole debt may be repaid (Aave: 0.95)."),
    f("lending.protocol_fee_bps", "Protocol fee", BPS, "0 to 10,000", "Share of the liquidation bonus taken by the protocol."),
    f("lending.name", "Market name", "", "any text", "Shown in charts and the narrative (e.g. \"Morpho ezETH/WETH 86%\")."),
    choice("lending.oracle", "Price oracle", &["market_price", "ema", "exchange_rate"], "market_price: pool spot (dumps liquidate); ema: the ng pool's EMA (lags); exchange_rate: NAV (a dump does not liquidate)."),
    f("lending.idle_liquidity_eth", "Idle liquidity", "ETH", "0 or more", "ETH supplied by lenders and not borrowed at start."),
    f("lending.emode", "E-mode", "", "none or set", "Aave E-mode category: higher LTV and threshold for correlated assets."),
    f("lending.emode.ltv_bps", "E-mode LTV", BPS, "0 to the E-mode threshold", "Maximum loan-to-value inside the category."),
    f("lending.emode.liquidation_threshold_bps", "E-mode threshold", BPS, "0 to 10,000", "Liquidation threshold inside the category."),
    f("lending.emode.liquidation_bonus_bps", "E-mode bonus", BPS, "0 to 10,000", "Liquidation bonus inside the category."),
    f("lending.supply_cap_lrt", "Supply cap", "LRT", "empty for none, else at least the loopers' collateral", "Most LRT the market accepts as collateral."),
    f("lending.rate_growth_cap_bps_per_year", "Oracle growth cap", "bps/yr", "empty for none, else 0 or more", "CAPO-style cap on how fast an exchange-rate oracle may rise."),
    f("lending.governance", "Lender governance", "", "none or set", "What the lender's risk governance does when the discount passes a threshold."),
    f("lending.governance.trigger_discount_bps", "Acts at discount", BPS, "0 to 10,000", "Discount to NAV that triggers the action."),
    f("lending.governance.delay_blocks", "Governance delay", BLOCKS, "0 or more", "Vote plus timelock before the action takes effect."),
    choice("lending.governance.action.kind", "Action", &["freeze", "pause", "set_liquidation_threshold"], "freeze: no new borrows; pause: nothing moves, liquidations included; set_liquidation_threshold: a new threshold."),
    f("lending.governance.action.liquidation_threshold_bps", "New threshold", BPS, "1 to 10,000", "Liquidation threshold after the action."),
    // Operators
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
    f("oracle_feeds", "Drawn oracle feeds", "", "none or set", "Draws a feed configuration for each operator without one (its own seeded stream)."),
    f("oracle_feeds.faulty_source_share", "Share reading the faulty source", "", FRAC, "Chance an operator's sources include the one that posts the outlier."),
    f("oracle_feeds.sources_min", "Fewest sources", "", "1 to 100", "Sources per node are drawn uniformly between these two."),
    f("oracle_feeds.sources_max", "Most sources", "", "sources_min to 100", "More sources: fewer nodes a single bad source can move."),
    f("oracle_feeds.mean_client_share", "Share of mean clients", "", FRAC, "Chance a node averages its sources instead of taking the median."),
    f("oracle_feeds.max_move_bps_min", "Lowest sanity bound", BPS, "0 to 10,000", "Sanity bounds are drawn uniformly between these two."),
    f("oracle_feeds.max_move_bps_max", "Highest sanity bound", BPS, "max_move_bps_min to 10,000", "10,000: no bound."),
    // AVSs
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
    f("avss[].mirrors_beacon_slashing", "Mirrors Ethereum slashing", "", "on or off", "Slashes operators whose validators are slashed on Ethereum."),
    f("avss[].upgrade_timelock_blocks", "Upgrade timelock", BLOCKS, "empty for no upgrade keys, else 0 or more", "Delay before an upgrade of its slashing terms takes effect."),
    f("avss[].redistribute_slashed", "Redistribute slashed stake", "", "on or off", "Slashed stake goes to the AVS instead of being burned."),
    f("avss[].emergency_pause", "Emergency pause", "", "none or set", "A council that pauses slashing when one block's requests are large."),
    f("avss[].emergency_pause.trigger_bps", "Pause trigger", BPS, "0 to 10,000", "Share of slashable stake requested in one block that triggers the pause."),
    f("avss[].emergency_pause.delay_blocks", "Council delay", BLOCKS, "0 or more", "Blocks the council needs before the pause takes effect."),
    f("avss[].emergency_pause.duration_blocks", "Pause length", BLOCKS, "at least 1", "How long slashing stays paused."),
    f("avss[].over_slashing_rate", "Over-slashing rate", "per epoch", FRAC, "Chance each epoch that its rule misfires and requests a slash of an operator who did nothing (a veto committee may catch it)."),
    f("avss[].under_slashing_rate", "Under-slashing rate", "", "0 to below 1", "Share of real faults it misses (no slash requested): corrupting it costs that much less in expectation."),
    f("avss[].mev", "MEV for misbehaving", "", "none or set", "Operators gain by misbehaving on this AVS (e.g. censoring) and risk its slash."),
    f("avss[].mev.opportunity_gwei_per_block", "MEV per block", "gwei", "0 to 1e15 (1e9 = 1 ETH)", "What an operator gains for each block it misbehaves."),
    f("avss[].mev.detection_probability", "Detection chance", "per epoch", FRAC, "Chance the AVS catches a misbehaving operator in an epoch (a slash request follows)."),
    f("avss[].mev.propensity", "Propensity", "per epoch", FRAC, "Chance an operator for whom misbehaving pays (gain above expected slash) does it."),
    // Agents
    f("stakers.count", "Holders", "agents", "0 to 100,000", "Number of LRT holder agents."),
    f("stakers.total_lrt", "Holders' LRT", "LRT", "0 or more", "LRT the holders hold together."),
    f("stakers.panic_threshold_min", "Panic threshold, lowest", "", FRAC, "Loss signal at which the most nervous holder starts selling."),
    f("stakers.panic_threshold_max", "Panic threshold, highest", "", FRAC, "Loss signal at which the calmest holder starts selling."),
    f("stakers.attention_per_block", "Attention", "per block", FRAC, "Chance per block that a panicking holder acts."),
    f("stakers.sell_fraction", "Sell fraction", "", FRAC, "Share of its LRT a holder sells each time it acts."),
    f("stakers.max_discount_min", "Accepted discount, lowest", "", FRAC, "Smallest discount a holder accepts before queueing a redemption instead."),
    f("stakers.max_discount_max", "Accepted discount, highest", "", FRAC, "Largest such limit."),
    f("stakers.pending_slash_weight", "Weight of pending slashes", "", FRAC, "How much holders count slashes still inside their veto window."),
    f("stakers.loss_memory_half_life_blocks", "Loss memory half-life", BLOCKS, "1 to 10 years (14,400 = 2 days)", "Holders compare today's NAV with a reference that forgets half of a past loss every this many blocks: a slash frightens for days, not forever."),
    f("stakers.buy_back_fraction", "Buy-back fraction", "", FRAC, "Share of its ETH a holder who sold puts back into the LRT each time it acts once calm."),
    f("stakers.buy_back_min_discount", "Buy-back discount", "", FRAC, "Smallest discount to NAV at which calm holders buy back (0.005 = 0.5%)."),
    f("stakers.buy_back_signal_share", "Calm again at", "x threshold", FRAC, "A holder is calm again once its loss signal is at most this share of its panic threshold."),
    f("loopers.count", "Loopers", "agents", "0 to 100,000", "Leveraged loopers: deposit LRT, borrow ETH, buy more LRT."),
    f("loopers.total_collateral_lrt", "Loopers' collateral", "LRT", "0 or more", "LRT posted as collateral together, without looping."),
    f("loopers.total_equity_lrt", "Loopers' equity", "LRT", "0 to 10^12", "LRT the loopers bring and loop (deposit, borrow, buy, deposit) up to their target health factor, capped at the market's LTV: a lower LTV or threshold means less leverage."),
    f("loopers.hf_min", "Target health factor, lowest", "", "above 1", "The health factor each looper aims for when it opens its loop (its risk appetite), spread from this..."),
    f("loopers.hf_max", "Target health factor, highest", "", "at least the lowest", "...to this."),
    f("arbitrageurs.count", "Arbitrageurs", "agents", "0 or more", "Agents who buy the discount and redeem through the queue."),
    f("arbitrageurs.capital_eth", "Capital each", "ETH", "0 or more", "ETH each arbitrageur can commit."),
    f("arbitrageurs.max_trade_eth", "Largest trade", "ETH/block", "0 or more", "Largest purchase per block."),
    f("arbitrageurs.required_return_apr", "Required return", "per year", "0 or more", "Return required for capital locked in the queue and any pause (0.10 = 10%)."),
    f("arbitrageurs.uncertainty_premium", "Uncertainty premium", "x", "0 or more", "Extra return required per unit of pending slash loss plus recent NAV loss."),
    f("arbitrageurs.mint_margin", "Mint-and-sell margin", "fraction of NAV", "0 to 0.1", "Premium over NAV a mint-and-sell must still earn after its own price impact (default 0.001, an assumption)."),
    f("arbitrageurs.expected_pause_days", "Expected pause", "days", "empty: the pause's announced end; else 0 to 3,650", "How long arbitrageurs expect a withdrawal pause still to last when they buy through it."),
    f("liquidators.count", "Liquidators", "agents", "0 or more", "Agents who repay debt, seize LRT, and sell it into the pool or keep it to redeem, whichever pays."),
    f("liquidators.capital_eth", "Capital each", "ETH", "0 or more", "ETH each liquidator holds to repay debt and to hold seized LRT while it is redeemed."),
    f("liquidators.max_rounds_per_block", "Rounds per block", "", "at least 1", "Upper bound on liquidation rounds per block."),
    f("liquidators.partial", "Size to pool depth", "", "on or off", "Liquidators shrink a liquidation (halving it up to 8 times) until a route pays for the repaid debt."),
    f("liquidators.required_return_apr", "Required return", "per year", "0 to 10", "Return liquidators require on capital tied up while seized LRT is redeemed through the queue (0.10 = 10%, limits of arbitrage): below the value this gives the LRT they keep it instead of selling."),
    f("liquidators.expected_pause_days", "Expected pause", "days", "0 to 3,650", "How long liquidators expect a withdrawal pause without an end block to last (default 30, an assumption)."),
    f("liquidators.flash_loans", "Repay from the sale", "", "on or off", "Flash-loan style repayment (Morpho Blue's liquidate callback, Aave v3 flash loans): the sale of the seized LRT repays the debt in the same transaction, so capital bounds only what is kept."),
    // More LRTs and markets (their lrt, pool, stakers, lending and loopers fields are described above)
    f("extra_lrts[].delegations[].operator", "Operator", "", "an operator's name", "An operator this LRT delegates to."),
    f("extra_lrts[].delegations[].eth", "Delegated", "ETH", "1 or more", "Stake this LRT delegates to that operator."),
    f("extra_markets[].collateral", "Collateral", "", "an LRT's symbol", "The LRT this market lends against."),
    // Insurance
    f("insurance", "Cover pool", "", "none or set", "Pays the covered share of the LRT's slashing and penalty losses."),
    f("insurance.capital_eth", "Capital", "ETH", "0 or more", "Capital that pays claims."),
    f("insurance.covered_bps", "Covered share", BPS, "0 to 10,000", "Share of each loss that is covered."),
    f("insurance.premium_apr_bps", "Premium", "bps/yr", "0 to 10,000", "Premium on the covered backing, paid by the LRT."),
    // Consensus
    f("consensus.total_active_balance_eth", "Total active stake", "ETH", "at least the restaked stake", "All of the beacon chain, restaked validators included."),
    f("consensus.validator_balance_eth", "Validator balance", "ETH", "1 to 2,048", "Balance per validator (32 for 0x01 credentials)."),
    f("consensus.clients[].name", "Client", "", "unique text", "A consensus client."),
    f("consensus.clients[].network_share_bps", "Share of all stake", BPS, "sum at most 10,000", "Share of all Ethereum stake running it."),
    f("consensus.regions[].name", "Region", "", "unique text", "A region."),
    f("consensus.regions[].network_share_bps", "Share of all stake", BPS, "sum at most 10,000", "Share of all Ethereum stake there."),
    // Faults
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
    // Your position (docs/PLAYBOOK.md)
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
    // Stack facts read by the red flags
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

/// Optional objects and the value an "Add" button inserts (valid in every preset).
pub const OPTIONAL_DEFAULTS: &[(&str, &str)] = &[
    (
        "insurance",
        r#"{"capital_eth":5000,"covered_bps":5000,"premium_apr_bps":200}"#,
    ),
    (
        "pool.lps",
        r#"{"withdraw_at_discount_bps":50,"withdraw_share_bps":1200,"every_blocks":7200,"max_withdrawn_bps":7300}"#,
    ),
    (
        "lending.governance",
        r#"{"trigger_discount_bps":300,"delay_blocks":300,"action":{"kind":"freeze"}}"#,
    ),
    (
        "operators[].feed",
        r#"{"sources":1,"reads_faulty_source":true,"max_move_bps":10000,"client":"median"}"#,
    ),
    (
        "oracle_feeds",
        r#"{"faulty_source_share":0.3,"sources_min":1,"sources_max":5,"mean_client_share":0.2,"max_move_bps_min":1000,"max_move_bps_max":10000}"#,
    ),
    (
        "avss[].veto",
        r#"{"members":9,"quorum":5,"window_blocks":3600,"p_veto_unjustified":0.9,"p_veto_justified":0.05}"#,
    ),
    (
        "avss[].emergency_pause",
        r#"{"trigger_bps":2000,"delay_blocks":300,"duration_blocks":21600}"#,
    ),
    (
        "avss[].mev",
        r#"{"opportunity_gwei_per_block":100000000,"detection_probability":0.05,"propensity":0.5}"#,
    ),
];

/// Tagged choices whose other fields depend on the choice: the object each kind starts from.
pub const VARIANT_DEFAULTS: &[(&str, &str, &str)] = &[
    ("pool.variant.kind", "legacy", r#"{"kind":"legacy"}"#),
    (
        "pool.variant.kind",
        "ng",
        r#"{"kind":"ng","offpeg_fee_multiplier":20000000000,"ma_exp_time_s":866,"rate_oracle":true}"#,
    ),
    (
        "lending.governance.action.kind",
        "freeze",
        r#"{"kind":"freeze"}"#,
    ),
    (
        "lending.governance.action.kind",
        "pause",
        r#"{"kind":"pause"}"#,
    ),
    (
        "lending.governance.action.kind",
        "set_liquidation_threshold",
        r#"{"kind":"set_liquidation_threshold","liquidation_threshold_bps":7000}"#,
    ),
];

/// The key of a field's description: `avss[2].veto.quorum` -> `avss[].veto.quorum`. The LRTs
/// and markets after the first share the first one's descriptions:
/// `extra_lrts[1].pool.a` -> `pool.a`, `extra_markets[0].lending.ltv_bps` -> `lending.ltv_bps`.
pub fn pattern(path: &str) -> String {
    let p = indexless(path);
    for (prefix, parts) in [
        (
            "extra_lrts[].",
            &["lrt", "pool", "stakers", "insurance"][..],
        ),
        ("extra_markets[].", &["lending", "loopers"][..]),
    ] {
        if let Some(rest) = p.strip_prefix(prefix) {
            if parts
                .iter()
                .any(|part| rest == *part || rest.starts_with(&format!("{part}.")))
            {
                return rest.to_string();
            }
        }
    }
    p
}

/// `avss[2].veto.quorum` -> `avss[].veto.quorum`.
fn indexless(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// The description of the field at `path` (indices allowed).
pub fn spec(path: &str) -> Option<&'static Spec> {
    let p = pattern(path);
    SPECS.iter().find(|s| s.path == p)
}

/// Where the field at `path` comes in its object: the place of its first description in
/// [`SPECS`] (which lists fields in a reading order: names first), unknown fields last.
/// (`serde_json` maps sort their keys alphabetically.)
pub fn order(path: &str) -> usize {
    let p = pattern(path);
    SPECS
        .iter()
        .position(|s| {
            s.path == p
                || s.path
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
        .unwrap_or(usize::MAX)
}

/// The group a top-level key belongs to, in the order the editor shows them.
pub const GROUPS: &[(&str, &[&str])] = &[
    (
        "Scenario",
        &[
            "name",
            "description",
            "slashing_model",
            "staking_apr_bps",
            "rational_attacks",
        ],
    ),
    ("LRT", &["lrt"]),
    ("Pool", &["pool"]),
    ("Lending", &["lending"]),
    ("Operators", &["operators", "oracle_feeds"]),
    ("AVSs", &["avss"]),
    (
        "Agents",
        &["stakers", "loopers", "arbitrageurs", "liquidators"],
    ),
    ("More LRTs", &["extra_lrts"]),
    ("More lending markets", &["extra_markets"]),
    ("Insurance", &["insurance"]),
    ("Consensus layer", &["consensus"]),
    ("Faults", &["faults"]),
];

/// One edit the user can make.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Text typed into the field (numbers, names, a choice).
    Text(String),
    Bool(bool),
    /// Insert the default object of an optional field.
    Add,
    /// Set an optional field to none, or remove a list item.
    Remove,
}

/// `avss[2].veto` -> ["avss", "2", "veto"].
fn segments(path: &str) -> Vec<String> {
    path.replace('[', ".")
        .replace(']', "")
        .split('.')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The JSON pointer of `path` (`avss[2].veto` -> `/avss/2/veto`).
pub fn pointer(path: &str) -> String {
    segments(path).iter().map(|s| format!("/{s}")).collect()
}

/// `scenario` with `edit` applied to the field at `path`. `Err` says why (prefixed with the
/// field's path) when the input is not a value of the field's type, or when the edited
/// scenario is refused by the engine's parser or validation (which names the field).
pub fn apply(scenario: &Scenario, path: &str, edit: Edit) -> Result<Scenario, String> {
    let mut root = serde_json::to_value(scenario).map_err(|e| e.to_string())?;
    let ptr = pointer(path);
    let current = root
        .pointer(&ptr)
        .cloned()
        .ok_or_else(|| format!("{path}: no such field"))?;
    let new = match edit {
        Edit::Bool(b) => Value::Bool(b),
        Edit::Add => {
            let (_, json) = OPTIONAL_DEFAULTS
                .iter()
                .find(|(p, _)| *p == pattern(path))
                .ok_or_else(|| format!("{path}: cannot be added"))?;
            serde_json::from_str(json).expect("defaults are JSON")
        }
        Edit::Remove => {
            if path.ends_with(']') {
                let (list, index) = path.rsplit_once('[').expect("ends with ]");
                let index: usize = index
                    .trim_end_matches(']')
                    .parse()
                    .map_err(|_| format!("{path}: bad index"))?;
                let items = root
                    .pointer_mut(&pointer(list))
                    .and_then(Value::as_array_mut)
                    .ok_or_else(|| format!("{path}: not a list item"))?;
                items.remove(index);
                return read_back(&root);
            }
            Value::Null
        }
        Edit::Text(text) => {
            let text = text.trim();
            if let Some((_, _, json)) = VARIANT_DEFAULTS
                .iter()
                .find(|(p, kind, _)| *p == pattern(path) && *kind == text)
            {
                let parent = path.rsplit_once('.').map_or("", |(p, _)| p);
                let slot = root
                    .pointer_mut(&pointer(parent))
                    .ok_or_else(|| format!("{path}: no such field"))?;
                *slot = serde_json::from_str(json).expect("defaults are JSON");
                return read_back(&root);
            }
            parse_like(&current, text, path)?
        }
    };
    *root.pointer_mut(&ptr).expect("found above") = new;
    read_back(&root)
}

/// `text` as a value of the same JSON type as `current`.
fn parse_like(current: &Value, text: &str, path: &str) -> Result<Value, String> {
    let whole = |t: &str| {
        t.replace(['_', ','], "")
            .parse::<u64>()
            .map(Value::from)
            .map_err(|_| format!("{path}: '{t}' is not a whole number of 0 or more"))
    };
    match current {
        Value::Number(n) if n.is_u64() => whole(text),
        Value::Number(_) => text
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("{path}: '{text}' is not a number")),
        Value::Bool(_) => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("{path}: '{text}' is not true or false")),
        },
        // An optional field that is none (upgrade keys, an operator's client): empty keeps it
        // none; the unit in the name tells a number from a name.
        Value::Null if text.is_empty() => Ok(Value::Null),
        Value::Null
            if ["_blocks", "_eth", "_bps"]
                .iter()
                .any(|u| path.ends_with(u)) =>
        {
            whole(text)
        }
        Value::Null => Ok(Value::String(text.to_string())),
        _ => Ok(Value::String(text.to_string())),
    }
}

fn read_back(root: &Value) -> Result<Scenario, String> {
    Scenario::from_json(&root.to_string()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_engine::presets;

    /// Every leaf (and every optional field that is none) under `v`, with its path.
    fn leaves(v: &Value, path: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    leaves(x, &p, out);
                }
            }
            Value::Array(items) => {
                for (i, x) in items.iter().enumerate() {
                    leaves(x, &format!("{path}[{i}]"), out);
                }
            }
            _ => out.push(path.to_string()),
        }
    }

    #[test]
    fn every_parameter_of_every_preset_has_a_label_unit_range_and_help() {
        for name in presets::NAMES {
            let mut s = presets::get(name).unwrap();
            // The optional parts too, as "Add" makes them.
            for path in [
                "insurance",
                "pool.lps",
                "lending.governance",
                "oracle_feeds",
            ] {
                s = apply(&s, path, Edit::Add).unwrap_or(s);
            }
            let mut paths = Vec::new();
            leaves(&serde_json::to_value(&s).unwrap(), "", &mut paths);
            let missing: Vec<&String> = paths.iter().filter(|p| spec(p).is_none()).collect();
            assert!(missing.is_empty(), "{name}: no spec for {missing:?}");
            for p in &paths {
                let spec = spec(p).expect("checked");
                assert!(!spec.label.is_empty() && !spec.help.is_empty() && !spec.range.is_empty());
            }
            // Every group key exists in the scenario.
            let v = serde_json::to_value(&s).unwrap();
            for (_, keys) in GROUPS {
                // The extra LRTs and markets are left out of the JSON when there are none.
                for k in keys.iter().filter(|k| !k.starts_with("extra_")) {
                    assert!(v.get(k).is_some(), "{name}: no top-level {k}");
                }
            }
        }
    }

    #[test]
    fn fields_come_in_reading_order() {
        assert!(order("operators[3].name") < order("operators[3].lrt_delegation_eth"));
        assert!(order("operators[3].lrt_delegation_eth") < order("operators[3].allocations"));
        assert!(order("avss[0].veto") < order("avss[0].veto.quorum"));
        assert_eq!(order("no_such_field"), usize::MAX);
    }

    #[test]
    fn a_valid_edit_is_applied_and_an_invalid_one_names_the_field() {
        let s = presets::get("oracle-cascade").unwrap();
        let t = apply(&s, "pool.amp", Edit::Text("200".into())).unwrap();
        assert_eq!(t.pool.amp, 200);
        let t = apply(&s, "avss[0].slash_rule", Edit::Text("none".into())).unwrap();
        assert_eq!(serde_json::to_value(t.avss[0].slash_rule).unwrap(), "none");
        let t = apply(&s, "lrt.pause_withdrawals_on_slash", Edit::Bool(true)).unwrap();
        assert!(t.lrt.pause_withdrawals_on_slash);
        let t = apply(&s, "stakers.sell_fraction", Edit::Text("0.25".into())).unwrap();
        assert_eq!(t.stakers.sell_fraction, 0.25);

        let e = apply(&s, "lending.ltv_bps", Edit::Text("9900".into())).unwrap_err();
        assert!(e.starts_with("lending.ltv_bps:"), "{e}");
        assert!(e.contains("liquidation_threshold_bps"), "{e}");
        let e = apply(&s, "pool.amp", Edit::Text("lots".into())).unwrap_err();
        assert_eq!(e, "pool.amp: 'lots' is not a whole number of 0 or more");
        let e = apply(&s, "stakers.sell_fraction", Edit::Text("1.5".into())).unwrap_err();
        assert!(e.starts_with("stakers.sell_fraction:"), "{e}");
        let e = apply(&s, "avss[0].kind", Edit::Text("casino".into())).unwrap_err();
        assert!(e.starts_with("avss[0].kind:"), "{e}");
        let e = apply(&s, "avss[1].name", Edit::Text("".into())).unwrap_err();
        assert!(e.starts_with("avss[1].name:"), "{e}");
    }

    #[test]
    fn optional_parts_and_variants_can_be_added_switched_and_removed() {
        let s = presets::get("oracle-cascade").unwrap();
        let t = apply(&s, "insurance", Edit::Add).unwrap();
        assert!(t.insurance.is_some());
        assert!(apply(&t, "insurance", Edit::Remove)
            .unwrap()
            .insurance
            .is_none());
        let t = apply(&s, "avss[3].mev", Edit::Add).unwrap();
        assert!(t.avss[3].mev.is_some());
        let t = apply(&s, "avss[0].veto", Edit::Remove).unwrap();
        assert!(t.avss[0].veto.is_none());
        assert!(apply(&t, "avss[0].veto", Edit::Add).unwrap().avss[0]
            .veto
            .is_some());
        let t = apply(&s, "pool.variant.kind", Edit::Text("ng".into())).unwrap();
        assert_ne!(t.pool.variant, s.pool.variant);
        let t = apply(&s, "lending.governance", Edit::Add).unwrap();
        let t = apply(
            &t,
            "lending.governance.action.kind",
            Edit::Text("set_liquidation_threshold".into()),
        )
        .unwrap();
        assert!(t.lending.governance.is_some());
        let t = apply(&s, "faults[0]", Edit::Remove).unwrap();
        assert_eq!(t.faults.len(), s.faults.len() - 1);
        let t = apply(&s, "avss[0].upgrade_timelock_blocks", Edit::Text("".into())).unwrap();
        assert_eq!(t.avss[0].upgrade_timelock_blocks, None);
        let t = apply(
            &t,
            "avss[0].upgrade_timelock_blocks",
            Edit::Text("300".into()),
        )
        .unwrap();
        assert_eq!(t.avss[0].upgrade_timelock_blocks, Some(300));
        // An operator without a client gets one by name.
        let mut v = serde_json::to_value(&s).unwrap();
        v["operators"][0]["client"] = Value::Null;
        let none: Scenario = serde_json::from_value(v).unwrap();
        let t = apply(&none, "operators[0].client", Edit::Text("Prysm".into())).unwrap();
        assert_eq!(t.operators[0].client.as_deref(), Some("Prysm"));
    }
}
