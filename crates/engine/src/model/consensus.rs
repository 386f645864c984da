//! The Ethereum consensus layer under the restaked stake (MODEL.md section 3).
//!
//! Restaked validators are grouped by operator, delegator, client and region ([`Validators`]);
//! a group's ETH sits in its delegation's ledger account. The rest of the beacon chain is one
//! aggregate (`rest_active_balance`), so total active balance T, the finality threshold and the
//! exit churn are those of a mainnet-sized chain. Once per epoch [`process_epoch`] applies, in the
//! spec's order: inactivity scores, attestation and inactivity-leak penalties for offline
//! validators, the Electra correlation penalty 4,096 epochs after a slashing, effective-balance
//! updates with hysteresis, and ejection at 16 ETH. Penalties are burned through the ledger.
//! Sources: ethereum/consensus-specs Altair/Bellatrix/Electra `beacon-chain.md` (see [`crate::model::beacon`]).
//!
//! EigenLayer (AVS) slashes never touch the beacon chain: they lower the delegator's restaked
//! shares (its delegation account in the ledger), and the slashed ETH stays in the validators
//! ([`Validators::restaking_slashed_wei`]), so a group's beacon balance, effective balance and
//! ejection change only on Ethereum's own penalties and slashings (ELIP-002; Layr-Labs
//! eigenlayer-contracts `docs/core/EigenPodManager.md` "Deposit Shares and Beacon Chain
//! Slashing" and `docs/core/DelegationManager.md` "Slashing Factors and Scaling Shares": a
//! native restaker's withdrawable shares are its deposit shares times the beacon-chain slashing
//! factor times the operator's max magnitude). An Ethereum penalty on such a group falls on the
//! delegator in proportion to what it still owns, the rest on the already slashed ETH
//! (`docs/core/accounting/DualSlashingEdgeCase.md`: the beacon chain has priority burning
//! rights, and ETH slashed by both is slashed "twice").
//!
//! Simplifications, stated: other validators' exits are not modelled (the exit queue starts
//! empty); a slashed group leaves T at once; rewards are the scenario's staking APR.

use serde::{Deserialize, Serialize};

use crate::base::ledger::{AccountId, Asset, Ledger};
use crate::base::units::WEI_PER_GWEI;
use crate::model::beacon::{
    self, ExitChurn, EFFECTIVE_BALANCE_INCREMENT, EJECTION_BALANCE, EPOCHS_PER_SLASHINGS_VECTOR,
};
use crate::model::restaking::Operator;

/// A homogeneous group of validators (same operator, delegator, client, region and history).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Validators {
    pub client: u16,
    pub region: u16,
    /// Number of validators in the group.
    pub count: u64,
    /// Effective balance per validator, gwei.
    pub effective_balance: u64,
    /// Epoch at which the group was slashed on Ethereum, if it was.
    pub slashed_epoch: Option<u64>,
    /// Epoch at which the group leaves the active set (ejection or slashing), if set.
    pub exit_epoch: Option<u64>,
    /// Inactivity score (Altair `inactivity_scores`), same for every validator of the group.
    pub inactivity_score: u64,
    /// ETH in these validators on the beacon chain that EigenLayer has slashed from their
    /// delegator, wei: an AVS slash lowers the delegator's shares (the delegation account), not
    /// the validators' balance, which is the account's balance plus this (ELIP-002; EigenPod
    /// docs). On chain it is burned when the validators withdraw; here it was already moved to
    /// the slash escrow, so it is beacon-chain state only, outside the ledger.
    #[serde(default)]
    pub restaking_slashed_wei: u128,
}

impl Validators {
    /// A fresh group holding `amount_wei` as validators of `balance_eth` each (at least one):
    /// effective balance is the balance per validator rounded down to whole ETH, at most
    /// `balance_eth` (MODEL.md section 3).
    pub fn for_stake(amount_wei: u128, balance_eth: u64, client: u16, region: u16) -> Validators {
        let count = validator_count(amount_wei, balance_eth);
        let per_validator = (amount_wei / WEI_PER_GWEI / count.max(1) as u128) as u64;
        let effective_balance = (per_validator / EFFECTIVE_BALANCE_INCREMENT
            * EFFECTIVE_BALANCE_INCREMENT)
            .min(balance_eth * EFFECTIVE_BALANCE_INCREMENT);
        Validators {
            client,
            region,
            count,
            effective_balance,
            slashed_epoch: None,
            exit_epoch: None,
            inactivity_score: 0,
            restaking_slashed_wei: 0,
        }
    }

    /// Epoch from which the group's balance can be withdrawn: `slashed epoch + 8192` for a
    /// slashed group (`slash_validator`), `exit epoch + 256` otherwise
    /// (`MIN_VALIDATOR_WITHDRAWABILITY_DELAY`); `None` while no exit is scheduled.
    pub fn withdrawable_epoch(&self) -> Option<u64> {
        match (self.slashed_epoch, self.exit_epoch) {
            (Some(s), Some(e)) => Some(
                (s + EPOCHS_PER_SLASHINGS_VECTOR)
                    .max(e + beacon::MIN_VALIDATOR_WITHDRAWABILITY_DELAY),
            ),
            (None, Some(e)) => Some(e + beacon::MIN_VALIDATOR_WITHDRAWABILITY_DELAY),
            _ => None,
        }
    }

    /// True while the group is in the active set at `epoch`.
    pub fn is_active(&self, epoch: u64) -> bool {
        self.exit_epoch.is_none_or(|e| epoch < e)
    }

    /// The delegator took ETH out of the group (a redemption paid through exits): its account
    /// fell from `before_wei` to `after_wei`. Whole validators left, not balance per validator:
    /// the count and the ETH EigenLayer slashed on them
    /// ([`Validators::restaking_slashed_wei`]) fall in the same proportion, the count rounded
    /// down (at least one while any ETH is left), so the balance per validator never falls and
    /// no withdrawal can push the validators that stay towards ejection (voluntary exits, consensus-specs
    /// `initiate_validator_exit`; the churn was already taken when the claim queued its exit).
    pub fn withdraw(&mut self, before_wei: u128, after_wei: u128) {
        if before_wei == 0 || after_wei >= before_wei {
            return;
        }
        let scale = |x: u128| crate::base::units::mul_div(x, after_wei, before_wei);
        let count = self.count as u128 * after_wei / before_wei;
        self.count = if after_wei > 0 {
            (count as u64).max(1)
        } else {
            0
        };
        self.restaking_slashed_wei = scale(self.restaking_slashed_wei);
    }
}

/// A region of infrastructure (cloud provider region or "home stakers"), or a client: a name and
/// a share of all Ethereum stake.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub name: String,
    /// Share of all Ethereum stake that runs there, basis points.
    pub network_share_bps: u32,
}

/// A region that is offline until a block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outage {
    pub region: u16,
    pub until_block: u64,
}

/// Consensus-layer state shared by all groups.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Beacon {
    /// Clients with their share of all stake (reusing [`Region`]'s shape: name and share).
    pub clients: Vec<Region>,
    pub regions: Vec<Region>,
    /// Active balance of validators outside the model, gwei.
    pub rest_active_balance: u64,
    /// Max effective balance per validator, gwei (32 ETH for 0x01, 2048 ETH for 0x02).
    pub max_effective_balance: u64,
    /// Slashed effective balance per epoch inside the slashings window: (epoch, gwei).
    pub slashings: Vec<(u64, u64)>,
    pub outages: Vec<Outage>,
    /// Epochs in a row without finality (more than 1/3 of stake offline).
    pub epochs_since_finality: u64,
    pub exit_churn: ExitChurn,
    /// Receives whistleblower and proposer rewards (validators outside the model).
    pub network_account: AccountId,
}

/// What one epoch did, for narration and metrics (gwei).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EpochReport {
    pub attestation_penalties: u64,
    pub inactivity_penalties: u64,
    pub correlation_penalties: u64,
    pub ejected_validators: u64,
    /// True if finality was lost this epoch (edge), or regained.
    pub finality_lost: bool,
    pub finality_regained: bool,
}

impl Beacon {
    /// Total active balance T, gwei: the rest of the chain plus the modelled active groups.
    pub fn total_active_balance(&self, operators: &[Operator], epoch: u64) -> u64 {
        let ours: u64 = operators
            .iter()
            .flat_map(|o| o.delegations.iter())
            .filter(|d| d.validators.is_active(epoch) && d.validators.slashed_epoch.is_none())
            .map(|d| d.validators.count * d.validators.effective_balance)
            .sum();
        self.rest_active_balance + ours
    }

    /// True if `region` is offline at `block`.
    pub fn region_offline(&self, region: u16, block: u64) -> bool {
        self.outages
            .iter()
            .any(|o| o.region == region && block < o.until_block)
    }

    /// Share of all stake that is offline at `block` (regions in outage), fraction.
    pub fn offline_share(&self, block: u64) -> f64 {
        let bps: u32 = self
            .regions
            .iter()
            .enumerate()
            .filter(|(i, _)| self.region_offline(*i as u16, block))
            .map(|(_, r)| r.network_share_bps)
            .sum();
        bps as f64 / 1e4
    }

    /// Sum of slashed balance in the window ending at `epoch`, gwei.
    pub fn slashings_in_window(&self, epoch: u64) -> u64 {
        self.slashings
            .iter()
            .filter(|(e, _)| epoch < e + EPOCHS_PER_SLASHINGS_VECTOR)
            .map(|(_, g)| g)
            .sum()
    }
}

/// Beacon-chain balance per validator of a group, gwei: the delegator's ETH in its account
/// plus the ETH EigenLayer slashed from it that is still in the validators.
pub fn balance_per_validator(ledger: &Ledger, account: AccountId, v: &Validators) -> u64 {
    if v.count == 0 {
        return 0;
    }
    let beacon = ledger.balance(account, Asset::ETH) + v.restaking_slashed_wei;
    (beacon / WEI_PER_GWEI / v.count as u128) as u64
}

/// Takes `gwei_per_validator * count` off a group's beacon balance, at most all of it; returns
/// the gwei burned from the delegator's account. Without EigenLayer slashes that is the whole
/// penalty. After them the delegator bears the penalty in proportion to the ETH it still owns
/// (EigenPod beacon-chain slashing factor times max magnitude), rounded down to the gwei, and
/// the rest comes off [`Validators::restaking_slashed_wei`].
fn burn_per_validator(
    ledger: &mut Ledger,
    account: AccountId,
    v: &mut Validators,
    gwei_per_validator: u64,
) -> u64 {
    let want = gwei_per_validator as u128 * v.count as u128 * WEI_PER_GWEI;
    let balance = ledger.balance(account, Asset::ETH);
    let amount = want.min(balance + v.restaking_slashed_wei);
    let own = if v.restaking_slashed_wei == 0 {
        amount
    } else {
        let beacon = balance + v.restaking_slashed_wei;
        crate::base::units::mul_div(amount, balance, beacon) / WEI_PER_GWEI * WEI_PER_GWEI
    };
    v.restaking_slashed_wei -= (amount - own).min(v.restaking_slashed_wei);
    ledger
        .burn(account, Asset::ETH, own)
        .expect("bounded by balance");
    (own / WEI_PER_GWEI) as u64
}

/// Slashes `count` validators of group `d` of operator `op` on Ethereum at `epoch`: splits them
/// into a new group, burns the initial penalty (`eb // 4096` each), mints the whistleblower
/// reward to the network, records the slashing, and exits them through the churn queue.
/// Returns the slashed group's index in the operator's delegations, or `None` if `count` is 0.
/// spec: Electra `slash_validator`.
pub fn slash_validators(
    beacon: &mut Beacon,
    op: &mut Operator,
    ledger: &mut Ledger,
    d: usize,
    count: u64,
    epoch: u64,
    total_active: u64,
) -> Option<usize> {
    let count = count.min(op.delegations[d].validators.count);
    if count == 0 || op.delegations[d].validators.slashed_epoch.is_some() {
        return None;
    }
    let target = split_group(op, ledger, d, count);
    let g = &mut op.delegations[target];
    let eb = g.validators.effective_balance;
    burn_per_validator(
        ledger,
        g.account,
        &mut g.validators,
        beacon::initial_slashing_penalty(eb),
    );
    let reward = beacon::whistleblower_reward(eb) as u128 * count as u128 * WEI_PER_GWEI;
    ledger.mint(beacon.network_account, Asset::ETH, reward);
    beacon.slashings.push((epoch, eb * count));
    let exit = beacon::compute_exit_epoch_and_update_churn(
        &mut beacon.exit_churn,
        epoch,
        eb * count,
        total_active,
    );
    g.validators.slashed_epoch = Some(epoch);
    g.validators.exit_epoch = Some(exit);
    Some(target)
}

/// Moves `count` validators of group `d` into a new group with the same attributes and a pro-rata
/// share of the balance; returns the index of the group holding exactly `count` validators.
fn split_group(op: &mut Operator, ledger: &mut Ledger, d: usize, count: u64) -> usize {
    let total = op.delegations[d].validators.count;
    if count == total {
        return d;
    }
    let src = op.delegations[d].account;
    let share = ledger.balance(src, Asset::ETH) * count as u128 / total as u128;
    let account = ledger.open(format!("{} / split group", ledger.name(src)));
    ledger.join_group(account, op.delegations[d].delegator.group());
    ledger
        .transfer(src, account, Asset::ETH, share)
        .expect("share of balance");
    let mut new = op.delegations[d].clone();
    new.account = account;
    new.validators.count = count;
    let slashed = op.delegations[d].validators.restaking_slashed_wei;
    new.validators.restaking_slashed_wei = slashed * count as u128 / total as u128;
    op.delegations[d].validators.restaking_slashed_wei -= new.validators.restaking_slashed_wei;
    op.delegations[d].validators.count -= count;
    op.delegations.push(new);
    op.delegations.len() - 1
}

/// One epoch of consensus-layer processing for every modelled group (see the module doc).
/// `block` is the first block of the epoch.
pub fn process_epoch(
    beacon: &mut Beacon,
    operators: &mut [Operator],
    ledger: &mut Ledger,
    block: u64,
    epoch: u64,
) -> EpochReport {
    let mut report = EpochReport::default();
    beacon.outages.retain(|o| block < o.until_block);
    let total = beacon.total_active_balance(operators, epoch);
    let finalizing = beacon.offline_share(block) * 3.0 < 1.0;
    if finalizing {
        report.finality_regained = beacon.epochs_since_finality > 0;
        beacon.epochs_since_finality = 0;
    } else {
        report.finality_lost = beacon.epochs_since_finality == 0;
        beacon.epochs_since_finality += 1;
    }
    let leaking = beacon.epochs_since_finality > beacon::MIN_EPOCHS_TO_INACTIVITY_PENALTY;
    let window = beacon.slashings_in_window(epoch);
    for op in operators.iter_mut() {
        for d in op.delegations.iter_mut() {
            let v = &mut d.validators;
            if !v.is_active(epoch) && v.slashed_epoch.is_none() {
                continue;
            }
            let online = v.slashed_epoch.is_none() && !beacon.region_offline(v.region, block);
            // Eligible for penalties: active, or slashed and not yet withdrawable (get_eligible_validator_indices).
            let eligible = v.is_active(epoch)
                || v.slashed_epoch
                    .is_some_and(|s| epoch + 1 < s + EPOCHS_PER_SLASHINGS_VECTOR);
            // process_inactivity_updates
            if online {
                v.inactivity_score -= v.inactivity_score.min(1);
            } else {
                v.inactivity_score += beacon::INACTIVITY_SCORE_BIAS;
            }
            if !leaking {
                v.inactivity_score -= v
                    .inactivity_score
                    .min(beacon::INACTIVITY_SCORE_RECOVERY_RATE);
            }
            // process_rewards_and_penalties (penalty side; rewards are the scenario APR)
            if !online && eligible {
                let p = beacon::missed_attestation_penalty(v.effective_balance, total);
                report.attestation_penalties += burn_per_validator(ledger, d.account, v, p);
                if leaking {
                    let p = beacon::inactivity_penalty(v.effective_balance, v.inactivity_score);
                    report.inactivity_penalties += burn_per_validator(ledger, d.account, v, p);
                }
            }
            // process_slashings (Electra): halfway through the withdrawability delay
            if v.slashed_epoch
                .is_some_and(|s| s + EPOCHS_PER_SLASHINGS_VECTOR / 2 == epoch)
            {
                let p = beacon::correlation_penalty(v.effective_balance, window, total);
                report.correlation_penalties += burn_per_validator(ledger, d.account, v, p);
            }
            // process_effective_balance_updates
            let balance = balance_per_validator(ledger, d.account, v);
            v.effective_balance = beacon::updated_effective_balance(
                balance,
                v.effective_balance,
                beacon.max_effective_balance,
            );
            // process_registry_updates: ejection
            if v.exit_epoch.is_none() && v.effective_balance <= EJECTION_BALANCE && v.count > 0 {
                let exit_balance = v.effective_balance * v.count;
                v.exit_epoch = Some(beacon::compute_exit_epoch_and_update_churn(
                    &mut beacon.exit_churn,
                    epoch,
                    exit_balance,
                    total,
                ));
                report.ejected_validators += v.count;
            }
        }
    }
    beacon
        .slashings
        .retain(|(e, _)| epoch < e + EPOCHS_PER_SLASHINGS_VECTOR);
    report
}

/// Whole-ETH amount as a count of validators of `balance_eth` each (at least one if any ETH).
pub fn validator_count(amount_wei: u128, balance_eth: u64) -> u64 {
    let per = balance_eth as u128 * EFFECTIVE_BALANCE_INCREMENT as u128 * WEI_PER_GWEI;
    if amount_wei == 0 {
        0
    } else {
        (amount_wei / per).max(1) as u64
    }
}

/// Slashes `share_bps` of the validators outside the model that run client `client` (they are
/// in the same correlated failure): records their effective balance in the slashings window and
/// removes it from the active balance. Returns the gwei slashed.
pub fn slash_rest_of_network(
    beacon: &mut Beacon,
    client: usize,
    share_bps: u32,
    epoch: u64,
) -> u64 {
    let client_share = beacon.clients[client].network_share_bps as u128;
    let gwei =
        beacon.rest_active_balance as u128 * client_share / 10_000 * share_bps as u128 / 10_000;
    let gwei = gwei as u64;
    beacon.rest_active_balance -= gwei;
    beacon.slashings.push((epoch, gwei));
    gwei
}
