//! Placing a position in the world, and the per-block attribution of what happens to it.
//!
//! The position's stake is delegations tagged `Delegator::Position(k)` (they keep the tag when
//! an Ethereum slashing splits a validator group); its LRT sits in its own ledger account; its
//! loans are positions of the lending markets. The pipeline calls [`snapshot`] before and
//! [`attribute_slash`] / [`attribute_consensus`] after each EigenLayer slash and each
//! consensus-layer step, and [`credit_yield`] after each epoch's rewards, so the loss of every
//! channel is measured where it happens: the position's own stake lost, plus its share
//! (`units / supply`) of each LRT's lost backing.

use crate::base::ledger::{AccountId, Asset};
use crate::base::units::{eth, mul_div, BPS, WAD};
use crate::input::position::PositionParams;
use crate::input::scenario::{Scenario, ScenarioError};
use crate::model::consensus::Validators;
use crate::model::restaking::{Delegation, Delegator, Operator, INITIAL_TOTAL_MAGNITUDE};
pub use crate::world::position::{PositionState, StakeKind, StakeRef};
use crate::world::World;

/// What the position and each LRT's backing held before a change, wei.
#[derive(Clone, Debug)]
pub struct Snapshot {
    stake: u128,
    backing: Vec<u128>,
}

/// One delegation's epoch reward: its consensus part and its AVS part, wei.
#[derive(Clone, Copy, Debug)]
pub struct Minted {
    pub delegator: Delegator,
    pub account: AccountId,
    pub base: u128,
    pub avs: u128,
}

/// Credits the position its share of `amount` wei of priced incentives just paid into LRT
/// `i`'s backing (its LRT units over the supply); nothing without a position.
pub fn credit_incentive(w: &mut World, i: usize, amount: u128) {
    let Some(st) = w.position.as_ref() else {
        return;
    };
    let share = st.share_of(w, i, amount);
    w.position.as_mut().expect("checked").yield_incentives += share;
}

/// The balances a change is measured against, or `None` when no position is placed.
pub fn snapshot(w: &World) -> Option<Snapshot> {
    let st = w.position.as_ref()?;
    Some(Snapshot {
        stake: st.stake(w),
        backing: (0..w.lrts.len())
            .map(|i| w.lrts[i].backing(&w.ledger))
            .collect(),
    })
}

/// The position's loss since `before`: its own stake lost plus its share of each LRT's lost
/// backing, wei.
fn loss_since(w: &World, st: &PositionState, before: &Snapshot) -> u128 {
    let mut loss = before.stake.saturating_sub(st.stake(w));
    for (i, b) in before.backing.iter().enumerate() {
        let drop = b.saturating_sub(w.lrts[i].backing(&w.ledger));
        if drop > 0 {
            loss += st.share_of(w, i, drop);
        }
    }
    loss
}

/// Records the loss since `before` as slashing by AVS `avs`.
pub fn attribute_slash(w: &mut World, before: Option<Snapshot>, avs: usize) {
    let (Some(before), Some(st)) = (before, w.position.as_ref()) else {
        return;
    };
    let loss = loss_since(w, st, &before);
    w.position.as_mut().expect("checked").slashed_by_avs[avs] += loss;
}

/// Records the loss since `before` as a consensus-layer loss.
pub fn attribute_consensus(w: &mut World, before: Option<Snapshot>) {
    let (Some(before), Some(st)) = (before, w.position.as_ref()) else {
        return;
    };
    let loss = loss_since(w, st, &before);
    w.position.as_mut().expect("checked").consensus_loss += loss;
}

/// Credits the position's part of one epoch's rewards: all of its own delegations' rewards
/// (less each LST's fee, moved to the fee account through the ledger) and its share of each
/// LRT's. Does nothing without a position.
pub fn credit_yield(w: &mut World, minted: &[Minted]) {
    let Some(st) = w.position.as_ref() else {
        return;
    };
    let before_shock = w.first_fault_block.is_none();
    let (mut base, mut avs, mut fees) = (0u128, 0u128, 0u128);
    let mut fee_moves = Vec::new();
    for m in minted {
        match m.delegator {
            Delegator::Position(k) => {
                let fee = mul_div(m.base, st.stakes[k as usize].fee_bps, BPS);
                if fee > 0 {
                    fee_moves.push((m.account, fee));
                }
                fees += fee;
                base += m.base - fee;
                avs += m.avs;
            }
            Delegator::Lrt(i) => {
                base += st.share_of(w, i as usize, m.base);
                avs += st.share_of(w, i as usize, m.avs);
            }
            Delegator::Native | Delegator::Lst => {}
        }
    }
    let to = st.lst_fee_account;
    for (from, fee) in fee_moves {
        w.ledger
            .transfer(from, to, Asset::ETH, fee)
            .expect("the fee is part of the reward just minted");
    }
    let st = w.position.as_mut().expect("checked");
    st.yield_base += base;
    st.yield_avs += avs;
    st.lst_fees += fees;
    if before_shock {
        st.yield_base_before_shock += base;
        st.yield_avs_before_shock += avs;
    }
}

/// Places position `p` in world `w` (built from `s`): new stake delegated to the named operator
/// (or to an operator of its own, registered with no AVS, when not restaked), LRT taken from the
/// holders outside the model, loans opened at the market's starting oracle price and the given
/// health factor, ETH supplied to lenders. The consensus layer's other stake shrinks by the
/// stake added, so the total active balance stays as the scenario says. Returns the state to
/// store in `w.position`, or an error naming the field when an LRT amount exceeds what the
/// outside holders have.
pub fn place(
    w: &mut World,
    s: &Scenario,
    p: &PositionParams,
) -> Result<PositionState, ScenarioError> {
    let holder = w.ledger.open("your position");
    let lst_fee_account = w.ledger.open("your LSTs' protocol fees");
    w.ledger.endow(holder, Asset::ETH, eth(p.liquid_eth));
    let mut st = PositionState {
        holder,
        stakes: Vec::new(),
        loans: Vec::new(),
        supplies: Vec::new(),
        lst_fee_account,
        slashed_by_avs: vec![0; w.avss.len()],
        consensus_loss: 0,
        yield_base: 0,
        yield_avs: 0,
        yield_base_before_shock: 0,
        yield_avs_before_shock: 0,
        lst_fees: 0,
        yield_incentives: 0,
    };
    let c = &s.consensus;
    let find = |list: Vec<&String>, name: &Option<String>| -> u16 {
        name.as_ref()
            .and_then(|n| list.iter().position(|x| *x == n))
            .unwrap_or(0) as u16
    };
    for (i, n) in p.native.iter().enumerate() {
        let client = find(c.clients.iter().map(|x| &x.name).collect(), &n.client);
        let region = find(c.regions.iter().map(|x| &x.name).collect(), &n.region);
        let (operator, restaked) = operator_for(w, &n.operator, "your validators");
        let k = st.stakes.len() as u32;
        st.stakes.push(StakeRef {
            kind: StakeKind::Native,
            index: i,
            operator,
            restaked,
            principal: eth(n.eth),
            fee_bps: 0,
        });
        add_group(w, s, operator, k, client, region, eth(n.eth));
    }
    // An LST's validators: one group per client, by network share, in the largest region.
    let region = (0..c.regions.len())
        .max_by_key(|&r| (c.regions[r].network_share_bps, std::cmp::Reverse(r)))
        .unwrap_or(0) as u16;
    let shares: u128 = c.clients.iter().map(|x| x.network_share_bps as u128).sum();
    for (i, l) in p.lsts.iter().enumerate() {
        let own = format!("{} node operators", l.symbol);
        let (operator, restaked) = operator_for(w, &l.operator, &own);
        let k = st.stakes.len() as u32;
        st.stakes.push(StakeRef {
            kind: StakeKind::Lst,
            index: i,
            operator,
            restaked,
            principal: eth(l.eth),
            fee_bps: l.fee_bps as u128,
        });
        let total = eth(l.eth);
        let mut left = total;
        for (ci, cl) in c.clients.iter().enumerate() {
            let last = ci + 1 == c.clients.len();
            let part = if last || shares == 0 {
                left
            } else {
                mul_div(total, cl.network_share_bps as u128, shares)
            };
            left -= part;
            add_group(w, s, operator, k, ci as u16, region, part);
            if shares == 0 {
                break;
            }
        }
    }
    let symbols: Vec<String> = w.lrts.iter().map(|l| l.symbol.clone()).collect();
    for (i, l) in p.lrts.iter().enumerate() {
        let lrt = symbols
            .iter()
            .position(|x| *x == l.symbol)
            .expect("validated");
        take_lrt(
            w,
            lrt,
            eth(l.amount),
            holder,
            &format!("position.lrts[{i}].amount"),
        )?;
    }
    let names = crate::input::position::market_names(s);
    for (i, l) in p.loops.iter().enumerate() {
        let m = names
            .iter()
            .position(|x| *x == l.market)
            .expect("validated");
        let collateral = eth(l.collateral_lrt);
        let (lrt, account) = (w.markets[m].collateral, w.markets[m].collateral_account);
        take_lrt(
            w,
            lrt,
            collateral,
            account,
            &format!("position.loops[{i}].collateral_lrt"),
        )?;
        let market = &mut w.markets[m];
        let hf_wad = (l.health_factor * 1e9) as u128 * 1_000_000_000;
        let value = mul_div(collateral, market.oracle_price, WAD);
        let debt = mul_div(
            mul_div(value, market.liquidation_threshold_bps, BPS),
            WAD,
            hf_wad,
        );
        market.open_loan(holder, collateral, debt);
        st.loans.push((m, market.positions.len() - 1));
    }
    for l in &p.lending_supply {
        let m = names
            .iter()
            .position(|x| *x == l.market)
            .expect("validated");
        let market = &w.markets[m];
        let lent: u128 = market.positions.iter().map(|x| x.debt).sum();
        let supplied = eth(l.eth);
        let all = w.ledger.balance(market.reserve, Asset::ETH) + lent + supplied;
        w.ledger.endow(market.reserve, Asset::ETH, supplied);
        st.supplies.push((m, supplied, all));
    }
    Ok(st)
}

/// The named operator's index (restaked), or an operator of the position's own, registered with
/// no AVS, called `own` (created once).
fn operator_for(w: &mut World, name: &Option<String>, own: &str) -> (usize, bool) {
    if let Some(n) = name {
        let i = w
            .operators
            .iter()
            .position(|o| &o.name == n)
            .expect("validated");
        return (i, true);
    }
    if let Some(i) = w
        .operators
        .iter()
        .position(|o| o.name == own && o.allocations.is_empty())
    {
        return (i, false);
    }
    w.operators.push(Operator {
        name: own.to_string(),
        max_magnitude: INITIAL_TOTAL_MAGNITUDE,
        allocations: Vec::new(),
        delegations: Vec::new(),
        feed: crate::input::scenario::FeedParams::unexposed(),
        slashed_wei: 0,
        allocation_delay_blocks: 0,
        pending_allocations: Vec::new(),
        pending_deregistrations: Vec::new(),
        leave_at_slashed_share: None,
    });
    (w.operators.len() - 1, false)
}

/// A validator group of `amount` wei for holding `k` on `operator`, endowed now; the rest of
/// the network shrinks by its effective balance.
fn add_group(
    w: &mut World,
    s: &Scenario,
    operator: usize,
    k: u32,
    client: u16,
    region: u16,
    amount: u128,
) {
    if amount == 0 {
        return;
    }
    let v = Validators::for_stake(amount, s.consensus.validator_balance_eth, client, region);
    let name = format!("your position / {} stake", w.operators[operator].name);
    let account = w.ledger.open(name);
    w.ledger.join_group(account, Delegator::Position(k).group());
    w.ledger.endow(account, Asset::ETH, amount);
    w.beacon.rest_active_balance = w
        .beacon
        .rest_active_balance
        .saturating_sub(v.count * v.effective_balance);
    w.operators[operator].delegations.push(Delegation {
        delegator: Delegator::Position(k),
        account,
        validators: v,
    });
}

/// Moves `amount` of LRT `lrt` from the holders outside the model to `to`; an error naming
/// `path` when they hold less.
fn take_lrt(
    w: &mut World,
    lrt: usize,
    amount: u128,
    to: AccountId,
    path: &str,
) -> Result<(), ScenarioError> {
    let asset = w.lrts[lrt].asset;
    let available = w.ledger.balance(w.passive_holders, asset);
    w.ledger
        .transfer(w.passive_holders, to, asset, amount)
        .map_err(|_| ScenarioError::Invalid {
            path: path.to_string(),
            reason: format!(
                "the position needs {} {} but only {} are held outside the model's agents (the LRT's backing minus its pool, holders and loopers)",
                amount / WAD,
                w.lrts[lrt].symbol,
                available / WAD
            ),
        })
}
