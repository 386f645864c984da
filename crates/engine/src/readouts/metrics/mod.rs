//! Per-block metrics: the numbers the app's readouts and charts and the CLI's records show.

mod columns;

use serde::{Deserialize, Serialize};

pub use columns::{cells, column_names, columns, for_each_column, Cell};

/// Measurements taken at the end of a block (phase 8 of the pipeline).
/// Prices are ETH per LRT as floats (display only, computed from integer state);
/// amounts are cumulative wei unless named otherwise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BlockMetrics {
    /// Block number (the block just run; 0 before the first block).
    pub block: u64,
    /// Pool spot price of the main LRT, ETH per LRT.
    pub lrt_price: f64,
    /// NAV per share of the main LRT, ETH per LRT.
    pub lrt_nav: f64,
    /// Discount of price to NAV, fraction (positive when the LRT trades below NAV).
    pub discount: f64,
    /// Stake removed by executed slashes, cumulative wei.
    pub slashed_wei: u128,
    /// Debt repaid by liquidators, cumulative wei.
    pub liquidated_wei: u128,
    /// Number of liquidation calls, cumulative.
    pub liquidations: u64,
    /// Debt left without collateral, cumulative wei (realised bad debt, every market).
    pub bad_debt_wei: u128,
    /// Debt of open loans their collateral does not cover at each market's oracle price, wei,
    /// every market (see [`crate::model::lending::solvency`]); not cumulative: it falls when the price
    /// recovers and moves to `bad_debt_wei` when a liquidation takes a loan's last collateral.
    #[serde(default)]
    pub insolvent_debt_wei: u128,
    /// ETH side of the pool, wei.
    pub pool_eth_wei: u128,
    /// LRT side of the pool, wei.
    pub pool_lrt_wei: u128,
    /// LRT sold into the pool by panicking holders, cumulative wei.
    pub panic_sold_lrt_wei: u128,
    /// LRT waiting in the redemption queue, wei.
    pub queue_lrt_wei: u128,
    /// Slash requests waiting for their veto window, count.
    pub pending_slashes: u32,
    /// AVSs whose cost of corruption is below their profit from corruption, count.
    pub insecure_avss: u32,
    /// Ethereum penalties for missed attestations and the inactivity leak, cumulative wei.
    pub beacon_penalties_wei: u128,
    /// False while more than 1/3 of all stake is offline (no finality).
    pub finalizing: bool,
    /// Hidden leverage of restaking: slashable stake summed over every AVS divided by the
    /// stake underneath (MODEL.md section 16; ~the number of AVSs per operator under shared
    /// security, at most 1 under unique stake).
    pub hidden_leverage: f64,
    /// Loopers' leverage: collateral value over equity (collateral value minus debt) at the
    /// market's oracle price; 1 without loans.
    pub loop_leverage: f64,
    /// Claims paid by the cover pools of every LRT, cumulative wei (0 without one).
    pub insurance_paid_wei: u128,
    /// Covered losses the cover pools could not pay, every LRT, cumulative wei.
    pub insurance_shortfall_wei: u128,
    /// Network-level security at the last epoch (Durvasula and Roughgarden).
    pub network_secure: bool,
    /// Slack gamma at the last epoch; `f64::INFINITY` when no coalition can attack (null in JSON).
    pub network_slack: f64,
    /// Smallest health factor among open loans of every market (`None` when there are none).
    pub min_health_factor: Option<f64>,
    /// Who bore the losses so far, by layer of the cascade.
    pub losses: LossMetrics,
    /// Yield against realised losses on each of the three staker paths.
    pub paths: StakerPaths,
    /// Per LRT, in scenario order (the fields above without a qualifier are the first LRT's).
    pub lrts: Vec<LrtMetrics>,
    /// Per lending market, in scenario order (the totals above add them up).
    pub markets: Vec<MarketMetrics>,
}

/// Who bore the losses so far, by layer of the cascade (MODEL.md section 1), cumulative wei.
/// Recorded where each loss happens (see [`crate::world::accounting`]). Identities, checked after every
/// block in tests ([`crate::invariants`]): `slashed_native_wei + slashed_lrt_wei +
/// eth_penalties_wei = slashed_wei + beacon_penalties_wei` (the top-level fields); the AVS
/// slashes equal `avs_redistributed_wei + slash_burned_wei` plus what still waits in the slash
/// escrow; `lender_bad_debt_wei` is the markets' bad debt summed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LossMetrics {
    /// Native restakers' stake removed by AVS slashes (EigenLayer `slashOperator`, MODEL.md
    /// section 4).
    pub slashed_native_wei: u128,
    /// LRT backing removed by AVS slashes, every LRT (MODEL.md sections 4 and 6).
    pub slashed_lrt_wei: u128,
    /// Ethereum penalties burned from restaked validators, every delegator: initial slashing
    /// penalty, correlation penalty, missed attestations and inactivity leak (MODEL.md section 3,
    /// consensus-specs Electra `slash_validator`, `process_slashings`, Altair penalties).
    pub eth_penalties_wei: u128,
    /// LRT holders' NAV loss, every LRT: backing lost to AVS slashes and Ethereum penalties
    /// minus what cover pools paid back (MODEL.md section 6).
    pub lrt_nav_loss_wei: u128,
    /// LRT holders' realised depeg loss: `sold * NAV - ETH received` over panic and whale sales
    /// into the pools (what selling below NAV cost them; MODEL.md section 6).
    pub holder_depeg_loss_wei: u128,
    /// Loopers' liquidation loss: `seized * oracle price - repaid` over every liquidation, the
    /// incentive paid to liquidators and any protocol fee (MODEL.md section 8).
    pub looper_liquidation_loss_wei: u128,
    /// Lenders' bad debt: debt left without collateral, socialised to each market's suppliers
    /// (Morpho Blue; Aave v3.3 deficit; MODEL.md section 8).
    pub lender_bad_debt_wei: u128,
    /// Lenders' insolvent debt: debt of open loans their collateral does not cover at the
    /// market's oracle price, now (not cumulative; a loan closed with debt left moves from here
    /// to `lender_bad_debt_wei`, so no wei is in both; [`crate::model::lending::solvency`]).
    #[serde(default)]
    pub lender_insolvent_debt_wei: u128,
    /// Claims cover pools paid back into LRTs.
    pub insurance_paid_wei: u128,
    /// Covered losses the cover pools could not pay.
    pub insurance_shortfall_wei: u128,
    /// Slashed stake paid to AVSs (redistributable operator sets) after the resolution delay.
    pub avs_redistributed_wei: u128,
    /// Slashed stake burned after the resolution delay (EigenLayer contracts v1.13
    /// `SLASH_RESOLUTION_DELAY_BLOCKS`).
    pub slash_burned_wei: u128,
}

/// The three staker paths of the seed articles (MODEL.md section 16: "yield that grows linearly
/// while exposure grows non-linearly"): native restaking (EigenPods), LST restaking (an LST
/// deposited into an EigenLayer strategy and delegated) and holding an LRT.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StakerPaths {
    pub native: PathMetrics,
    pub lst: PathMetrics,
    /// Every LRT together: its holders and its loopers.
    pub lrt: PathMetrics,
}

/// One staker path's yield stack against its realised losses, cumulative wei: consensus staking
/// yield, AVS rewards and (LRT path) priced LRT incentives ([`crate::systems::incentives`]; points pay 0).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PathMetrics {
    /// Stake on the path now, wei: ETH delegated (native, LST), or every LRT's backing.
    pub stake_wei: u128,
    /// Consensus staking yield minted to the path's stake (scenario `staking_apr_bps`).
    pub staking_yield_wei: u128,
    /// AVS rewards minted to the path's slashable stake (`avss[].reward_apr_bps`).
    pub avs_yield_wei: u128,
    /// Priced LRT incentives paid into the LRTs' backing (`incentives[].token_apr_bps`); 0 on
    /// the native and LST paths.
    pub incentive_yield_wei: u128,
    /// Realised losses. Native and LST: stake slashed by AVSs plus Ethereum penalties on it.
    /// LRT: holders' NAV loss, their realised depeg loss and loopers' liquidation loss
    /// ([`LossMetrics`]).
    pub loss_wei: u128,
}

/// One LRT's measurements at the end of a block.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LrtMetrics {
    /// Pool spot price, ETH per LRT.
    pub price: f64,
    /// NAV per share, ETH per LRT.
    pub nav: f64,
    /// `1 - price / NAV`, fraction.
    pub discount: f64,
    /// Pool balances, wei.
    pub pool_eth_wei: u128,
    pub pool_lrt_wei: u128,
    /// LRT shares waiting in the redemption queue, wei.
    pub queue_lrt_wei: u128,
    /// Days until the last queued redemption can be paid (withdrawal delay or beacon exit
    /// queue, whichever is later); 0 with an empty queue.
    pub queue_days: f64,
    /// Backing removed by AVS slashes, cumulative wei.
    pub slashed_wei: u128,
    /// Ethereum penalties on the LRT's validators, cumulative wei.
    pub eth_penalties_wei: u128,
    /// Holders' NAV loss: the two above minus cover-pool payouts, cumulative wei.
    pub nav_loss_wei: u128,
    /// Holders' realised depeg loss (see [`LossMetrics::holder_depeg_loss_wei`]), cumulative wei.
    pub depeg_loss_wei: u128,
    /// Capital left in the LRT's cover pool, wei (0 without one).
    pub insurance_capital_wei: u128,
    /// Premiums the LRT paid its cover pool, cumulative wei.
    pub insurance_premiums_wei: u128,
    /// Claims the cover pool paid back into the LRT, cumulative wei.
    pub insurance_paid_wei: u128,
    /// Covered losses the cover pool could not pay, cumulative wei.
    pub insurance_shortfall_wei: u128,
    /// Hidden leverage of this LRT's backing: the stake of it that each AVS can slash, summed
    /// over every AVS its operators secure, over the stake it delegates (see
    /// [`BlockMetrics::hidden_leverage`]; 0 when it delegates nothing).
    pub hidden_leverage: f64,
}

/// Upper bounds of the health-factor buckets of [`MarketMetrics::hf_buckets`]; the last bucket
/// holds everything at or above 1.5.
pub const HF_BUCKET_BOUNDS: [f64; 5] = [1.0, 1.05, 1.1, 1.25, 1.5];

/// One lending market's measurements at the end of a block.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MarketMetrics {
    /// The price the market uses, ETH per LRT.
    pub oracle_price: f64,
    /// Liquidation calls, cumulative.
    pub liquidations: u64,
    /// Debt repaid by liquidators, cumulative wei.
    pub repaid_wei: u128,
    /// Collateral seized, cumulative LRT wei.
    pub seized_wei: u128,
    /// Debt written off, cumulative wei.
    pub bad_debt_wei: u128,
    /// Debt of open loans their collateral does not cover at the oracle price, wei (see
    /// [`crate::model::lending::solvency`]).
    #[serde(default)]
    pub insolvent_debt_wei: u128,
    /// Loopers' liquidation loss (see [`LossMetrics::looper_liquidation_loss_wei`]),
    /// cumulative wei.
    pub liquidation_loss_wei: u128,
    /// Loans with debt.
    pub open_loans: u32,
    /// Smallest health factor among open loans.
    pub min_health_factor: Option<f64>,
    /// Open loans per health-factor bucket: below 1, [1, 1.05), [1.05, 1.1), [1.1, 1.25),
    /// [1.25, 1.5), 1.5 and above (see [`HF_BUCKET_BOUNDS`]).
    pub hf_buckets: [u32; 6],
}

use crate::base::ledger::Asset;
use crate::base::units::{u128_to_f64, wad_to_f64, WAD};
use crate::model::restaking::{DelegatedStakes, DelegationIndex, Delegator};
use crate::world::World;

/// The delegated stakes of `w` as it is now ([`DelegatedStakes::read`]).
/// Reads through the world's [`DelegationIndex`], built on first use; a stale one (an operator
/// has a delegation more since) is not used (the pipeline drops it, [`crate::pipeline`] phase 8).
pub fn delegated_stakes(w: &World) -> DelegatedStakes {
    let read = |index: &DelegationIndex| {
        DelegatedStakes::read(&w.operators, index, &w.ledger, w.lrts.len(), w.model)
    };
    let index = w
        .delegation_index
        .get_or_init(|| DelegationIndex::build(&w.operators));
    if index.fits(&w.operators) {
        read(index)
    } else {
        read(&DelegationIndex::build(&w.operators))
    }
}

/// Measures `w` as it is now (no side effects).
pub fn measure(w: &World) -> BlockMetrics {
    measure_with(w, &delegated_stakes(w))
}

/// [`measure`] with the delegated stakes already read from `w` as it is now (phase 8 reads them
/// once for the cost of corruption and these metrics; checked in builds with debug assertions).
pub fn measure_with(w: &World, stakes: &DelegatedStakes) -> BlockMetrics {
    debug_assert_eq!(*stakes, delegated_stakes(w));
    let (hidden, by_lrt) = hidden_leverages_of(stakes);
    let lrts: Vec<LrtMetrics> = (0..w.lrts.len())
        .map(|i| LrtMetrics {
            hidden_leverage: by_lrt[i],
            ..lrt_metrics(w, i)
        })
        .collect();
    let markets: Vec<MarketMetrics> = (0..w.markets.len()).map(|m| market_metrics(w, m)).collect();
    let first = &lrts[0];
    BlockMetrics {
        block: w.block,
        lrt_price: first.price,
        lrt_nav: first.nav,
        discount: first.discount,
        slashed_wei: w.totals.slashed,
        liquidated_wei: w.totals.liquidated_debt,
        liquidations: w.totals.liquidations,
        bad_debt_wei: w.markets.iter().map(|m| m.bad_debt).sum(),
        insolvent_debt_wei: markets.iter().map(|m| m.insolvent_debt_wei).sum(),
        pool_eth_wei: first.pool_eth_wei,
        pool_lrt_wei: first.pool_lrt_wei,
        panic_sold_lrt_wei: w.totals.panic_sold_lrt,
        queue_lrt_wei: first.queue_lrt_wei,
        pending_slashes: w.slash_requests.len() as u32,
        insecure_avss: w.avss.iter().filter(|a| a.insecure).count() as u32,
        beacon_penalties_wei: w.totals.beacon_penalties,
        finalizing: w.beacon.epochs_since_finality == 0,
        hidden_leverage: hidden,
        loop_leverage: loop_leverage(w),
        insurance_paid_wei: lrts.iter().map(|l| l.insurance_paid_wei).sum(),
        insurance_shortfall_wei: lrts.iter().map(|l| l.insurance_shortfall_wei).sum(),
        network_secure: w.network_secure,
        network_slack: w.network_slack,
        min_health_factor: markets
            .iter()
            .filter_map(|m| m.min_health_factor)
            .min_by(f64::total_cmp),
        losses: losses(w, &lrts, &markets),
        paths: StakerPaths {
            native: path_metrics(w, Delegator::Native),
            lst: path_metrics(w, Delegator::Lst),
            lrt: lrt_path(w, &lrts),
        },
        lrts,
        markets,
    }
}

/// The loss layers (see [`LossMetrics`]); `lrts` are this block's per-LRT metrics
/// and `markets` this block's per-market metrics.
fn losses(w: &World, lrts: &[LrtMetrics], markets: &[MarketMetrics]) -> LossMetrics {
    let a = &w.accounting;
    LossMetrics {
        slashed_native_wei: a.avs_slashed.native,
        slashed_lrt_wei: a.avs_slashed.lrts(),
        eth_penalties_wei: a.eth_penalties.total(),
        lrt_nav_loss_wei: lrts.iter().map(|l| l.nav_loss_wei).sum(),
        holder_depeg_loss_wei: a.depeg_loss.iter().sum(),
        looper_liquidation_loss_wei: a.liquidation_loss.iter().sum(),
        lender_bad_debt_wei: w.markets.iter().map(|m| m.bad_debt).sum(),
        lender_insolvent_debt_wei: markets.iter().map(|m| m.insolvent_debt_wei).sum(),
        insurance_paid_wei: lrts.iter().map(|l| l.insurance_paid_wei).sum(),
        insurance_shortfall_wei: lrts.iter().map(|l| l.insurance_shortfall_wei).sum(),
        avs_redistributed_wei: a.redistributed,
        slash_burned_wei: a.burned,
    }
}

/// The native or LST restakers' path (see [`PathMetrics`]).
pub fn path_metrics(w: &World, who: Delegator) -> PathMetrics {
    let a = &w.accounting;
    let of = |x: &crate::world::accounting::ByDelegator| match who {
        Delegator::Native => x.native,
        Delegator::Lst => x.lst,
        Delegator::Lrt(i) => x.lrt[i as usize],
        Delegator::Position(_) => x.position,
    };
    let stake_wei = match who {
        Delegator::Position(_) => w
            .operators
            .iter()
            .map(|o| o.delegated_by(&w.ledger, who))
            .sum(),
        _ => who.delegated(&w.ledger),
    };
    PathMetrics {
        stake_wei,
        staking_yield_wei: of(&a.staking_yield),
        avs_yield_wei: of(&a.avs_yield),
        incentive_yield_wei: 0,
        loss_wei: of(&a.avs_slashed) + of(&a.eth_penalties),
    }
}

/// The LRT path, every LRT together (see [`PathMetrics`]).
fn lrt_path(w: &World, lrts: &[LrtMetrics]) -> PathMetrics {
    let a = &w.accounting;
    PathMetrics {
        stake_wei: w.lrts.iter().map(|l| l.backing(&w.ledger)).sum(),
        staking_yield_wei: a.staking_yield.lrts(),
        avs_yield_wei: a.avs_yield.lrts(),
        incentive_yield_wei: a.incentive_yield.iter().sum(),
        loss_wei: lrts
            .iter()
            .map(|l| l.nav_loss_wei + l.depeg_loss_wei)
            .sum::<u128>()
            + a.liquidation_loss.iter().sum::<u128>(),
    }
}

fn lrt_metrics(w: &World, i: usize) -> LrtMetrics {
    let (price, nav) = (w.price(i), w.nav(i));
    let balances = w.pools[i].balances(&w.ledger);
    let lrt = &w.lrts[i];
    let last = lrt.last_payable_block(w.block);
    let slashed = w.accounting.avs_slashed.lrt[i];
    let penalties = w.accounting.eth_penalties.lrt[i];
    let cover = w.insurance[i].as_ref();
    let paid = cover.map_or(0, |c| c.paid);
    LrtMetrics {
        price: wad_to_f64(price),
        nav: wad_to_f64(nav),
        discount: if nav > 0 {
            1.0 - price as f64 / nav as f64
        } else {
            0.0
        },
        pool_eth_wei: balances[0],
        pool_lrt_wei: balances[1],
        // The escrow holds exactly the queued shares (checked by the invariants).
        queue_lrt_wei: w.ledger.balance(lrt.queue_escrow, lrt.asset),
        queue_days: last.saturating_sub(w.block) as f64 / crate::base::units::BLOCKS_PER_DAY as f64,
        slashed_wei: slashed,
        eth_penalties_wei: penalties,
        nav_loss_wei: (slashed + penalties).saturating_sub(paid),
        depeg_loss_wei: w.accounting.depeg_loss[i],
        insurance_capital_wei: cover.map_or(0, |c| w.ledger.balance(c.account, Asset::ETH)),
        insurance_premiums_wei: cover.map_or(0, |c| c.premiums),
        insurance_paid_wei: paid,
        insurance_shortfall_wei: cover.map_or(0, |c| c.shortfall),
        hidden_leverage: 0.0,
    }
}

/// Open loans of `m` per health-factor bucket (see [`HF_BUCKET_BOUNDS`]) and the smallest
/// health factor (wad), in one pass.
/// The market's loan book computes exact health factors only near the bounds and the minimum.
pub fn hf_buckets(m: &crate::model::lending::LendingMarket) -> ([u32; 6], Option<u128>) {
    let (counts, min) = m.book().buckets(m, &HF_BUCKET_BOUNDS);
    let mut buckets = [0u32; 6];
    buckets.copy_from_slice(&counts);
    (buckets, min)
}

/// Loans of `m` liquidated at least once (open or closed since), count. The one place that
/// counts liquidated loans: the graph, the inspector and the app's compare mode read it.
/// (Liquidation calls are [`MarketMetrics::liquidations`]: one loan can take several.)
pub fn loans_liquidated(m: &crate::model::lending::LendingMarket) -> u32 {
    m.positions.iter().filter(|p| p.liquidations > 0).count() as u32
}

/// Loans liquidated at least once over every market of `w`, count (see [`loans_liquidated`]).
pub fn loans_liquidated_total(w: &World) -> u32 {
    w.markets.iter().map(loans_liquidated).sum()
}

fn market_metrics(w: &World, i: usize) -> MarketMetrics {
    let m = &w.markets[i];
    let (hf_buckets, min) = hf_buckets(m);
    MarketMetrics {
        oracle_price: wad_to_f64(m.oracle_price),
        liquidations: m.totals.liquidations,
        repaid_wei: m.totals.repaid,
        seized_wei: m.totals.seized,
        bad_debt_wei: m.bad_debt,
        insolvent_debt_wei: m.insolvent_debt(),
        liquidation_loss_wei: w.accounting.liquidation_loss[i],
        open_loans: hf_buckets.iter().sum(),
        min_health_factor: min.map(|h| h as f64 / WAD as f64),
        hf_buckets,
    }
}

/// Slashable stake over all AVSs divided by the stake delegated (see [`BlockMetrics::hidden_leverage`]).
pub fn hidden_leverage(w: &World) -> f64 {
    hidden_leverages(w).0
}

/// Hidden leverage of the whole network and of each LRT's backing (in LRT order), in one pass
/// over the operators. A slash takes the same share of every delegation of an operator, so the
/// stake of LRT `i` that AVS `a` can slash through operator `o` is `slashable(o, a) *
/// delegated(o, i) / delegated(o)`; an LRT's leverage is the sum of that over operators and
/// AVSs divided by its delegated stake (its operators' leverage weighted by its stake there).
/// 0 where nothing is delegated. MODEL.md section 16 ("yield that grows linearly while exposure
/// grows non-linearly") and section 10 (the same stake counted under many AVSs).
pub fn hidden_leverages(w: &World) -> (f64, Vec<f64>) {
    hidden_leverages_of(&delegated_stakes(w))
}

/// [`hidden_leverages`] from the delegated stakes read from `w` as it is now.
pub fn hidden_leverages_of(stakes: &DelegatedStakes) -> (f64, Vec<f64>) {
    let by_lrt = stakes
        .lrt_stake
        .iter()
        .zip(&stakes.lrt_exposed)
        .map(|(&stake, &exposed)| if stake > 0.0 { exposed / stake } else { 0.0 })
        .collect();
    let underlying: u128 = stakes.by_operator.iter().sum();
    let total = if underlying == 0 {
        0.0
    } else {
        u128_to_f64(stakes.slashable) / u128_to_f64(underlying)
    };
    (total, by_lrt)
}

/// Collateral value over equity of all loops in every market (see [`BlockMetrics::loop_leverage`]).
pub fn loop_leverage(w: &World) -> f64 {
    let (mut value, mut debt) = (0u128, 0u128);
    for m in &w.markets {
        let book = m.book();
        value += book.collateral_value(m.oracle_price);
        debt += book.total_debt();
    }
    if value == 0 || debt == 0 {
        return 1.0;
    }
    if value <= debt {
        return f64::INFINITY;
    }
    value as f64 / (value - debt) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_name_every_lrt_and_market_and_keep_wei_exact() {
        let mut sim = crate::sim::Sim::preset("ezeth-2024", 42).expect("preset");
        sim.run(20);
        let m = sim.latest().clone();
        let cols = columns(&m);
        let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.len(), 51 + 16 * m.lrts.len() + 15 * m.markets.len());
        assert_eq!(m.markets.len(), 2);
        assert!(names.contains(&"market1_bad_debt_wei"));
        assert!(names.contains(&"market1_insolvent_debt_wei"));
        assert!(names.contains(&"insolvent_debt_wei"));
        assert!(names.contains(&"loss_lender_insolvent_debt_wei"));
        assert!(names.contains(&"lrt0_queue_days"));
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "column names are unique");
        let get = |n: &str| cols.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        assert_eq!(get("pool_eth_wei"), Some(m.pool_eth_wei.to_string()));
        assert_eq!(
            get("lrt0_pool_eth_wei"),
            Some(m.lrts[0].pool_eth_wei.to_string())
        );
        let buckets: u32 = (0..6)
            .map(|b| {
                cols[51 + 16 * m.lrts.len() + 9 + b]
                    .1
                    .parse::<u32>()
                    .unwrap()
            })
            .sum();
        assert_eq!(buckets, m.markets[0].open_loans);
    }

    /// The typed cells print as the CSV text, and the names, the cells and the pairs line up.
    #[test]
    fn cells_print_as_the_csv_text_and_line_up_with_the_names() {
        assert_eq!(
            Cell::Int(1 << 100).to_string(),
            "1267650600228229401496703205376"
        );
        assert_eq!(Cell::Float(0.25).to_string(), "0.25");
        assert_eq!(Cell::Float(1.0).to_string(), "1");
        assert_eq!(Cell::Float(f64::INFINITY).to_string(), "inf");
        assert_eq!(Cell::Float(f64::NEG_INFINITY).to_string(), "-inf");
        assert_eq!(Cell::Bool(false).to_string(), "false");
        assert_eq!(Cell::Missing.to_string(), "");
        let mut sim = crate::sim::Sim::preset("ezeth-2024", 42).expect("preset");
        sim.run(20);
        let m = sim.latest().clone();
        let mut row = vec![Cell::Missing; 3];
        cells(&m, &mut row);
        let pairs = columns(&m);
        assert_eq!(column_names(&m).len(), pairs.len());
        assert_eq!(row.len(), pairs.len());
        for ((name, (n, text)), cell) in column_names(&m).iter().zip(&pairs).zip(&row) {
            assert_eq!((name, text), (n, &cell.to_string()));
        }
    }

    #[test]
    fn columns_export_each_lrt_s_cover_and_the_hidden_and_loop_leverage() {
        // cover-run-out at block 3,950: both cover pools have paid out and run dry.
        let mut sim = crate::sim::Sim::preset("cover-run-out", 42).expect("preset");
        sim.run(3_950);
        let m = sim.latest().clone();
        let cols = columns(&m);
        let get = |n: &str| {
            cols.iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("no column {n}"))
        };
        let wei = |n: &str| get(n).parse::<u128>().expect("wei");
        for (i, l) in m.lrts.iter().enumerate() {
            let p = format!("lrt{i}_");
            assert_eq!(
                wei(&format!("{p}insurance_capital_wei")),
                l.insurance_capital_wei
            );
            assert_eq!(
                wei(&format!("{p}insurance_premiums_wei")),
                l.insurance_premiums_wei
            );
            assert_eq!(wei(&format!("{p}insurance_paid_wei")), l.insurance_paid_wei);
            assert_eq!(
                wei(&format!("{p}insurance_shortfall_wei")),
                l.insurance_shortfall_wei
            );
            assert!(
                l.insurance_paid_wei > 0 && l.insurance_shortfall_wei > 0,
                "{l:?}"
            );
            let h: f64 = get(&format!("{p}hidden_leverage")).parse().unwrap();
            assert_eq!(h, l.hidden_leverage);
        }
        assert_eq!(
            wei("insurance_shortfall_wei"),
            m.lrts
                .iter()
                .map(|l| l.insurance_shortfall_wei)
                .sum::<u128>()
        );
        // Both LRTs delegate in the same proportions to the same operators, so their leverage
        // is the network's (shared security: each stake counted once per AVS, 3 to 5 AVSs each).
        let hidden: f64 = get("hidden_leverage").parse().unwrap();
        assert!(hidden > 3.0 && hidden < 5.0, "{hidden}");
        for l in &m.lrts {
            assert!(
                (l.hidden_leverage - hidden).abs() < 0.05,
                "{} vs {hidden}",
                l.hidden_leverage
            );
        }
        let loops: f64 = get("loop_leverage").parse().unwrap();
        assert!(loops > 1.0 && loops == m.loop_leverage);
    }

    #[test]
    fn an_lrt_s_hidden_leverage_follows_its_own_operators() {
        // Move xLRT's whole delegation to Lumen Stake, registered with the DA Layer only: its
        // backing is counted once (1.0x under shared security) while rsLRT's stays ~3.5x.
        let mut s = crate::input::presets::cover_run_out();
        let total: u64 = s.extra_lrts[0].delegations.iter().map(|d| d.eth).sum();
        s.extra_lrts[0].delegations = vec![crate::input::scenario::DelegationParams {
            operator: "Lumen Stake".into(),
            eth: total,
        }];
        let sim = crate::sim::Sim::new(s, 1).expect("valid");
        let m = measure(sim.world());
        assert_eq!(m.lrts[1].hidden_leverage, 1.0);
        assert!(m.lrts[0].hidden_leverage > 3.0);
        assert!(m.hidden_leverage > 1.0 && m.hidden_leverage < m.lrts[0].hidden_leverage);
    }
}
