//! The liquid restaking token: shares, NAV and the redemption queue (MODEL.md section 6).
//!
//! NAV per share = (ETH buffer + stake delegated by the LRT) / share supply. Redemptions are
//! queued: the shares move to the queue escrow at once (they keep bearing slashes, as queued
//! EigenLayer withdrawals stay slashable for the withdrawal delay) and are burned for ETH at the
//! NAV of the claim block, `withdrawal_delay_blocks` later (EigenLayer WITHDRAWAL_DELAY).

use serde::{Deserialize, Serialize};

use crate::base::digest::{RunKey, Runs};
use crate::base::ledger::{AccountId, Asset, Ledger, LedgerError};
use crate::base::units::{mul_div, BLOCKS_PER_EPOCH, WAD, WEI_PER_GWEI};
use crate::model::beacon::{self, ExitChurn};
use crate::model::restaking::{Delegator, Operator};

/// The beacon exit queue as the LRT sees it: the churn state and the total active balance that
/// sets the churn limit (gwei).
pub struct ExitQueue<'a> {
    pub churn: &'a mut ExitChurn,
    pub total_active_balance: u64,
}

/// One queued redemption.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Redemption {
    /// Account that receives the ETH.
    pub owner: AccountId,
    /// LRT shares redeemed, wei.
    pub shares: u128,
    /// First block at which it can be claimed.
    pub claimable_at: u64,
    /// Block at which the validators exited for it become withdrawable, once their exit was
    /// queued (the part the buffer could not cover waits for the beacon exit queue).
    pub exit_ready_at: Option<u64>,
}

impl RunKey for Redemption {
    /// The claim block's stretch of 64 blocks: requests join the last stretch and claims leave
    /// the first, so a block's changes rehash one or two stretches of the queue.
    fn run_key(&self) -> u64 {
        self.claimable_at >> 6
    }
}

/// The LRT protocol.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lrt {
    pub symbol: String,
    /// The ledger asset of its shares.
    pub asset: Asset,
    /// Undelegated ETH, kept for redemptions.
    pub buffer: AccountId,
    /// Where queued shares wait.
    pub queue_escrow: AccountId,
    /// The redemptions in request order (so by `claimable_at`), digested for the state hash by
    /// stretches of 64 claim blocks ([`Runs`]).
    pub queue: Runs<Redemption>,
    pub withdrawal_delay_blocks: u64,
    /// True while governance has paused withdrawals (claims wait).
    pub withdrawals_paused: bool,
    /// Highest NAV seen so far, wad (the reference holders compare prices with).
    pub peak_nav: u128,
    /// Index of this LRT in the world (its delegations are `Delegator::Lrt(id)`).
    pub id: u32,
    /// False when the LRT cannot be redeemed at all (ezETH before May 2024).
    pub withdrawals_enabled: bool,
    /// Without withdrawals, days arbitrageurs expect to hold before redeeming (0: nobody buys).
    pub expected_unlock_days: u32,
    /// Deposit fee, basis points of the ETH deposited.
    pub mint_fee_bps: u128,
    /// Redemption fee, basis points of the ETH owed; it stays in the backing.
    pub redeem_fee_bps: u128,
    /// Governance's pause rule.
    pub pause_rule: PauseRule,
    /// Block at which governance's withdrawal pause takes effect, once decided.
    pub pause_at: Option<u64>,
    /// Block at which a timed withdrawal pause ends (a fault's duration, or governance's
    /// announced bound).
    pub unpause_at: Option<u64>,
    /// Holders' reference NAV, wad: today's NAV plus a remembered loss that halves every
    /// `loss_memory_half_life_blocks` (the loss signal and arbitrageurs' uncertainty compare
    /// today's NAV with it; [`crate::systems::agents::holders::loss_signal`]).
    #[serde(default)]
    pub reference_nav: u128,
    /// Highest NAV since governance last lifted a pause, wad: its pause rule measures the NAV
    /// drop from here, so a lifted pause is not decided again for the same loss.
    #[serde(default)]
    pub pause_reference_nav: u128,
    /// NAV at the end of the previous block's phase 4, wad.
    #[serde(default)]
    pub last_nav: u128,
    /// Last block in which NAV fell by at least 1 basis point (a slash or a penalty).
    #[serde(default)]
    pub last_nav_loss_block: u64,
    /// LRT minted with no ETH behind it that the protocol has not booked yet (a bridge
    /// exploit, [`crate::systems::bridge`]), wei: the recorded unbacked liability. NAV is computed over
    /// the backed supply, `outstanding - unbacked`, until the loss is booked.
    #[serde(default, skip_serializing_if = "crate::base::units::is_zero")]
    pub unbacked: u128,
}

/// LRT governance's pause rule, from the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PauseRule {
    pub enabled: bool,
    pub nav_drop_bps: u128,
    pub delay_blocks: u64,
    /// Longest pause, blocks from the block it takes effect.
    #[serde(default)]
    pub max_blocks: u64,
    /// Lift the pause once no slash is pending and NAV has not fallen for this many blocks.
    #[serde(default)]
    pub resolution_blocks: u64,
}

impl Lrt {
    /// ETH backing the shares, wei: buffer plus every delegation the LRT owns (its ledger
    /// group's running sum, [`Delegator::delegated`]).
    pub fn backing(&self, ledger: &Ledger) -> u128 {
        ledger.balance(self.buffer, Asset::ETH) + Delegator::Lrt(self.id).delegated(ledger)
    }

    /// Shares the backing stands behind, wei: the outstanding supply less the unbacked shares
    /// not yet booked ([`Lrt::unbacked`]).
    pub fn backed_supply(&self, ledger: &Ledger) -> u128 {
        ledger.outstanding(self.asset).saturating_sub(self.unbacked)
    }

    /// NAV per share, wad (ETH per LRT), over the backed supply; 1e18 when no share exists.
    pub fn nav(&self, ledger: &Ledger) -> u128 {
        let supply = self.backed_supply(ledger);
        if supply == 0 {
            return WAD;
        }
        mul_div(self.backing(ledger), WAD, supply)
    }

    /// LRT shares a deposit of `eth` wei mints now, wei: `(eth - mint fee) x backed supply /
    /// backing` (`eth - fee` when nothing is backed yet); what [`Lrt::deposit`] mints.
    pub fn shares_for_deposit(&self, ledger: &Ledger, eth: u128) -> u128 {
        let backing = self.backing(ledger);
        let supply = self.backed_supply(ledger);
        let net = eth - mul_div(eth, self.mint_fee_bps, crate::base::units::BPS);
        if backing == 0 {
            net
        } else {
            mul_div(net, supply, backing)
        }
    }

    /// Deposits `eth` wei from `from` into the buffer and mints shares at NAV, net of the mint
    /// fee (`shares = eth * (1 - fee) * supply / backing`; the fee stays in the backing) to
    /// `from`. Returns the shares minted (wei), or `Err(LedgerError::Insufficient)` when `from`
    /// holds less ETH; nothing changes then.
    pub fn deposit(
        &self,
        ledger: &mut Ledger,
        from: AccountId,
        eth: u128,
    ) -> Result<u128, LedgerError> {
        let shares = self.shares_for_deposit(ledger, eth);
        ledger.transfer(from, self.buffer, Asset::ETH, eth)?;
        ledger.mint(from, self.asset, shares);
        Ok(shares)
    }

    /// LRT shares waiting in the queue, wei (a sum over the queue; the queue escrow's balance
    /// holds the same amount, which the invariants check after every block).
    pub fn queued_shares(&self) -> u128 {
        self.queue.iter().map(|r| r.shares).sum()
    }

    /// True if a queued redemption is claimable at `block`. The queue is ordered by
    /// `claimable_at` (each request is `block + withdrawal_delay_blocks` with a fixed delay, and
    /// claims leave from anywhere without reordering; the invariants check the order), so only
    /// the head is looked at.
    pub fn has_due_claim(&self, block: u64) -> bool {
        self.queue.front().is_some_and(|r| r.claimable_at <= block)
    }

    /// The last block at which a queued redemption becomes payable (its claim block, or the
    /// exit of its validators when later), or `block` with an empty queue. Looks at the
    /// redemptions already due (only they wait for exits) and the last one, as the queue is
    /// ordered by `claimable_at` ([`Lrt::has_due_claim`]).
    pub fn last_payable_block(&self, block: u64) -> u64 {
        let ready = |r: &Redemption| r.claimable_at.max(r.exit_ready_at.unwrap_or(0));
        let due = self
            .queue
            .iter()
            .take_while(|r| r.claimable_at <= block)
            .map(ready)
            .max();
        due.into_iter()
            .chain(self.queue.back().map(ready))
            .max()
            .unwrap_or(block)
    }

    /// True if holders can queue redemptions now (withdrawals exist and are not paused).
    pub fn redeemable(&self) -> bool {
        self.withdrawals_enabled && !self.withdrawals_paused
    }

    /// Queues a redemption of `shares` held by `owner`, claimable after the withdrawal delay.
    /// Returns `Err(LedgerError::Insufficient)` when `owner` holds fewer shares.
    pub fn request_redemption(
        &mut self,
        ledger: &mut Ledger,
        owner: AccountId,
        shares: u128,
        block: u64,
    ) -> Result<(), LedgerError> {
        ledger.transfer(owner, self.queue_escrow, self.asset, shares)?;
        self.queue.push_back(Redemption {
            owner,
            shares,
            claimable_at: block + self.withdrawal_delay_blocks,
            exit_ready_at: None,
        });
        Ok(())
    }

    /// Pays every redemption due at `block` (unless withdrawals are paused): burns the shares
    /// and pays `shares * NAV` in ETH. What the buffer covers is paid at once; the rest needs
    /// validators to exit, so its exit is queued through the beacon churn
    /// ([`beacon::compute_exit_epoch_and_update_churn`]) and the claim is paid once they are
    /// withdrawable (exit epoch + `MIN_VALIDATOR_WITHDRAWABILITY_DELAY`), by undelegating pro rata.
    /// Shares stay in the escrow, and slashable, until paid. Returns (shares burned, ETH paid), wei.
    pub fn process_claims(
        &mut self,
        ledger: &mut Ledger,
        operators: &mut [Operator],
        exits: &mut ExitQueue,
        block: u64,
    ) -> (u128, u128) {
        let (mut burned, mut paid) = (0, 0);
        if self.withdrawals_paused {
            return (0, 0);
        }
        let mut i = 0;
        while i < self.queue.len() && self.queue[i].claimable_at <= block {
            let r = self.queue[i].clone();
            let backing = self.backing(ledger);
            let supply = self.backed_supply(ledger);
            let owed = mul_div(r.shares, backing, supply.max(1));
            let eth = owed - mul_div(owed, self.redeem_fee_bps, crate::base::units::BPS);
            let buffer = ledger.balance(self.buffer, Asset::ETH);
            let ready = match r.exit_ready_at {
                Some(at) => at <= block,
                None if eth <= buffer => true,
                None => {
                    let epoch = block / BLOCKS_PER_EPOCH;
                    let gwei = ((eth - buffer) / WEI_PER_GWEI) as u64;
                    let exit = beacon::compute_exit_epoch_and_update_churn(
                        exits.churn,
                        epoch,
                        gwei,
                        exits.total_active_balance,
                    );
                    let at =
                        (exit + beacon::MIN_VALIDATOR_WITHDRAWABILITY_DELAY) * BLOCKS_PER_EPOCH;
                    self.queue.update(i, |r| r.exit_ready_at = Some(at));
                    false
                }
            };
            if !ready {
                i += 1;
                continue;
            }
            self.queue.remove(i);
            ledger
                .burn(self.queue_escrow, self.asset, r.shares)
                .expect("queued shares are in escrow");
            self.withdraw_eth(ledger, operators, r.owner, eth);
            burned += r.shares;
            paid += eth;
        }
        (burned, paid)
    }

    /// Moves `amount` wei of the LRT's ETH to `to`: buffer first, then each LRT delegation pro
    /// rata to its balance (the rounding remainder from the largest). Validators leave with the
    /// ETH they hold ([`Validators::withdraw`]): what a delegation pays out lowers its validator
    /// count, not the balance of the validators that stay.
    fn withdraw_eth(
        &self,
        ledger: &mut Ledger,
        operators: &mut [Operator],
        to: AccountId,
        amount: u128,
    ) {
        let from_buffer = amount.min(ledger.balance(self.buffer, Asset::ETH));
        ledger
            .transfer(self.buffer, to, Asset::ETH, from_buffer)
            .expect("bounded by balance");
        let mut rest = amount - from_buffer;
        if rest == 0 {
            return;
        }
        let mine =
            |d: &&mut crate::model::restaking::Delegation| d.delegator == Delegator::Lrt(self.id);
        let mut delegations: Vec<&mut crate::model::restaking::Delegation> = operators
            .iter_mut()
            .flat_map(|o| o.delegations.iter_mut())
            .filter(mine)
            .collect();
        let before: Vec<u128> = delegations
            .iter()
            .map(|d| ledger.balance(d.account, Asset::ETH))
            .collect();
        let total: u128 = before.iter().sum();
        let need = rest.min(total);
        for (d, b) in delegations.iter().zip(&before) {
            let take = mul_div(*b, need, total);
            ledger
                .transfer(d.account, to, Asset::ETH, take)
                .expect("pro rata share of balance");
            rest -= take;
        }
        let mut by_size: Vec<usize> = (0..delegations.len()).collect();
        by_size.sort_by_key(|&k| {
            std::cmp::Reverse(ledger.balance(delegations[k].account, Asset::ETH))
        });
        for k in by_size {
            if rest == 0 {
                break;
            }
            let a = delegations[k].account;
            let take = rest.min(ledger.balance(a, Asset::ETH));
            ledger
                .transfer(a, to, Asset::ETH, take)
                .expect("bounded by balance");
            rest -= take;
        }
        for (d, b) in delegations.iter_mut().zip(before) {
            let after = ledger.balance(d.account, Asset::ETH);
            d.validators.withdraw(b, after);
        }
    }
}
