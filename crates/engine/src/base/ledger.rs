//! The one ledger: every balance of every asset, in integer wei.
//!
//! MODEL.md section 2: every movement of value goes through one ledger so that, per asset,
//! `sum of balances + burned = initial supply + minted` holds exactly after every block.
//! Asset 0 is ETH; each LRT is an asset of its own (its shares, 18 decimals).
//! Debt is not an asset here: a loan is a claim recorded by the lending market, while the ETH
//! that was lent sits in the borrower's (or a later holder's) account.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Index of an account in the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AccountId(pub u32);

/// Index of an asset: `Asset::ETH` or an LRT.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Asset(pub u16);

impl Asset {
    /// Ether, in wei.
    pub const ETH: Asset = Asset(0);
}

/// A ledger operation that would break an invariant; the ledger is left unchanged.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum LedgerError {
    #[error("account {account} holds {balance} wei of asset {asset}, cannot debit {amount}")]
    Insufficient {
        account: String,
        asset: u16,
        balance: u128,
        amount: u128,
    },
    #[error("unknown account id {0}")]
    UnknownAccount(u32),
}

/// Per-asset supply bookkeeping.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supply {
    /// Sum of balances when the world was built (wei).
    pub initial: u128,
    /// Created since (staking rewards, LRT mints), wei.
    pub minted: u128,
    /// Destroyed since (burned slashes, LRT redemptions), wei.
    pub burned: u128,
}

/// An account in no group (see [`Ledger::join_group`]).
pub const NO_GROUP: u32 = u32::MAX;

/// The accounts' names, in account order; accounts are only ever added, never renamed.
///
/// In JSON (human-readable formats) a list of strings. In the state hash's binary encoding
/// ([`crate::base::digest`]) their number and the SHA-256 of their own encoding: the same names
/// give the same bytes, and the digest is kept until the next account opens, so the 171,502
/// names of mainnet-scale (3.6 MB) are hashed once rather than at every state hash.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(transparent)]
struct Names {
    list: Vec<String>,
    /// SHA-256 of `list`'s encoding; cleared by [`Ledger::open`].
    #[serde(skip)]
    digest: crate::base::derived::Derived<[u8; 32]>,
}

impl Serialize for Names {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            self.list.serialize(s)
        } else {
            let digest = self
                .digest
                .get_or_init(|| crate::base::digest::sha256_of(&self.list).0);
            (self.list.len(), digest).serialize(s)
        }
    }
}

/// All balances: `balances[asset][account]` in wei.
///
/// Accounts may also belong to one *group* each, whose ETH the ledger sums as balances move:
/// the engine puts every delegation account of one delegator (an LRT, the native or the LST
/// restakers) in that delegator's group, so an LRT's delegated stake is one read however many
/// operators hold it ([`Ledger::group_eth`]).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Ledger {
    names: Names,
    balances: Vec<Vec<u128>>,
    supply: Vec<Supply>,
    /// Per account, its group or [`NO_GROUP`].
    #[serde(default)]
    groups: Vec<u32>,
    /// ETH held by each group's accounts, wei.
    #[serde(default)]
    group_eth: Vec<u128>,
}

impl Ledger {
    /// An empty ledger with `assets` assets (ETH plus one per LRT).
    pub fn new(assets: usize) -> Self {
        Ledger {
            names: Names::default(),
            balances: vec![Vec::new(); assets],
            supply: vec![Supply::default(); assets],
            groups: Vec::new(),
            group_eth: Vec::new(),
        }
    }

    /// Opens an account with zero balances; `name` is for messages and inspection.
    pub fn open(&mut self, name: impl Into<String>) -> AccountId {
        self.names.list.push(name.into());
        self.names.digest.clear();
        for b in &mut self.balances {
            b.push(0);
        }
        self.groups.push(NO_GROUP);
        AccountId(self.names.list.len() as u32 - 1)
    }

    /// Puts account `id` (in no group yet) into group `group`, whose ETH the ledger then sums
    /// ([`Ledger::group_eth`]); its current ETH balance counts at once. An account already in a
    /// group stays there (a debug assertion).
    pub fn join_group(&mut self, id: AccountId, group: u32) {
        let slot = &mut self.groups[id.0 as usize];
        debug_assert!(
            *slot == NO_GROUP || *slot == group,
            "account already in a group"
        );
        if *slot == group {
            return;
        }
        *slot = group;
        let g = group as usize;
        if self.group_eth.len() <= g {
            self.group_eth.resize(g + 1, 0);
        }
        self.group_eth[g] += self.balances[Asset::ETH.0 as usize][id.0 as usize];
    }

    /// ETH held by the accounts of group `group`, wei (0 for a group nobody joined).
    pub fn group_eth(&self, group: u32) -> u128 {
        self.group_eth.get(group as usize).copied().unwrap_or(0)
    }

    /// Adds `amount` to `to`'s balance of `asset` and to its group's ETH.
    fn credit(&mut self, to: AccountId, asset: Asset, amount: u128) {
        self.balances[asset.0 as usize][to.0 as usize] += amount;
        if asset == Asset::ETH {
            let g = self.groups[to.0 as usize];
            if g != NO_GROUP {
                self.group_eth[g as usize] += amount;
            }
        }
    }

    /// Number of accounts.
    pub fn len(&self) -> usize {
        self.names.list.len()
    }

    /// True when no account is open.
    pub fn is_empty(&self) -> bool {
        self.names.list.is_empty()
    }

    /// The account's name.
    pub fn name(&self, id: AccountId) -> &str {
        &self.names.list[id.0 as usize]
    }

    /// Balance of `asset` held by `id`, in wei.
    pub fn balance(&self, id: AccountId, asset: Asset) -> u128 {
        self.balances[asset.0 as usize][id.0 as usize]
    }

    /// Credits an initial endowment while the world is being built (counted in `initial`).
    pub fn endow(&mut self, id: AccountId, asset: Asset, amount: u128) {
        self.credit(id, asset, amount);
        self.supply[asset.0 as usize].initial += amount;
    }

    /// Moves `amount` wei of `asset` from `from` to `to`.
    /// Returns `Err(LedgerError::Insufficient)` and changes nothing when `from` holds less.
    pub fn transfer(
        &mut self,
        from: AccountId,
        to: AccountId,
        asset: Asset,
        amount: u128,
    ) -> Result<(), LedgerError> {
        self.debit(from, asset, amount)?;
        self.credit(to, asset, amount);
        Ok(())
    }

    /// Creates `amount` wei of `asset` in `to` (rewards, LRT mints).
    pub fn mint(&mut self, to: AccountId, asset: Asset, amount: u128) {
        self.credit(to, asset, amount);
        self.supply[asset.0 as usize].minted += amount;
    }

    /// Destroys `amount` wei of `asset` held by `from` (burned slashes, LRT redemptions).
    /// Returns `Err(LedgerError::Insufficient)` and changes nothing when `from` holds less.
    pub fn burn(&mut self, from: AccountId, asset: Asset, amount: u128) -> Result<(), LedgerError> {
        self.debit(from, asset, amount)?;
        self.supply[asset.0 as usize].burned += amount;
        Ok(())
    }

    fn debit(&mut self, from: AccountId, asset: Asset, amount: u128) -> Result<(), LedgerError> {
        let bal = self
            .balances
            .get_mut(asset.0 as usize)
            .and_then(|b| b.get_mut(from.0 as usize))
            .ok_or(LedgerError::UnknownAccount(from.0))?;
        if *bal < amount {
            return Err(LedgerError::Insufficient {
                account: self.names.list[from.0 as usize].clone(),
                asset: asset.0,
                balance: *bal,
                amount,
            });
        }
        *bal -= amount;
        if asset == Asset::ETH {
            let g = self.groups[from.0 as usize];
            if g != NO_GROUP {
                self.group_eth[g as usize] -= amount;
            }
        }
        Ok(())
    }

    /// Supply bookkeeping of `asset`.
    pub fn supply(&self, asset: Asset) -> &Supply {
        &self.supply[asset.0 as usize]
    }

    /// Outstanding supply of `asset`: `initial + minted - burned`, in wei.
    pub fn outstanding(&self, asset: Asset) -> u128 {
        let s = &self.supply[asset.0 as usize];
        s.initial + s.minted - s.burned
    }

    /// Sum of all balances of `asset`, in wei.
    pub fn total(&self, asset: Asset) -> u128 {
        self.balances[asset.0 as usize].iter().sum()
    }

    /// Checks `sum of balances + burned = initial + minted` for every asset.
    /// Returns the first asset that breaks it with both sides, or `Ok(())`.
    pub fn check_conservation(&self) -> Result<(), ConservationError> {
        for (i, s) in self.supply.iter().enumerate() {
            let lhs = self.balances[i].iter().sum::<u128>() + s.burned;
            let rhs = s.initial + s.minted;
            if lhs != rhs {
                return Err(ConservationError {
                    asset: i as u16,
                    balances_plus_burned: lhs,
                    supply_plus_minted: rhs,
                });
            }
        }
        Ok(())
    }

    /// The groups whose running ETH sum differs from the sum of their accounts' balances
    /// (a bug in the ledger, never a user error): `(group, running sum, recomputed)`.
    pub fn group_mismatches(&self) -> Vec<(u32, u128, u128)> {
        let mut sums = vec![0u128; self.group_eth.len()];
        for (a, &g) in self.groups.iter().enumerate() {
            if g != NO_GROUP {
                sums[g as usize] += self.balances[Asset::ETH.0 as usize][a];
            }
        }
        (0..sums.len())
            .filter(|&g| sums[g] != self.group_eth[g])
            .map(|g| (g as u32, self.group_eth[g], sums[g]))
            .collect()
    }
}

/// Conservation broken for one asset (a bug in the engine, never a user error).
#[derive(Debug, Error, PartialEq, Eq)]
#[error("asset {asset}: balances + burned = {balances_plus_burned} wei but initial + minted = {supply_plus_minted} wei")]
pub struct ConservationError {
    pub asset: u16,
    pub balances_plus_burned: u128,
    pub supply_plus_minted: u128,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names stay a list in JSON; in the state hash's encoding they are their number and
    /// digest, which the next account's opening refreshes (a stale digest would hash a world
    /// with more accounts like one with fewer).
    #[test]
    fn names_hash_through_a_digest_refreshed_on_open() {
        let mut a = Ledger::new(1);
        a.open("alice");
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["names"], serde_json::json!(["alice"]));
        let one = crate::base::digest::sha256_of(&a).0;
        a.open("bob");
        let two = crate::base::digest::sha256_of(&a).0;
        assert_ne!(one, two);
        // Equal to a ledger that never cached a digest, and to its clone.
        let mut fresh = Ledger::new(1);
        fresh.open("alice");
        fresh.open("bob");
        assert_eq!(crate::base::digest::sha256_of(&fresh).0, two);
        assert_eq!(crate::base::digest::sha256_of(&a.clone()).0, two);
        // A different name, same count: a different hash.
        let mut other = Ledger::new(1);
        other.open("alice");
        other.open("bobby");
        assert_ne!(crate::base::digest::sha256_of(&other).0, two);
        // And a JSON round trip keeps the names.
        let back: Ledger = serde_json::from_value(serde_json::to_value(&a).unwrap()).unwrap();
        assert_eq!(back.name(AccountId(1)), "bob");
        assert_eq!(crate::base::digest::sha256_of(&back).0, two);
    }

    #[test]
    fn groups_sum_their_accounts_eth() {
        let mut l = Ledger::new(2);
        let a = l.open("a");
        let b = l.open("b");
        let c = l.open("c");
        l.endow(a, Asset::ETH, 100);
        l.join_group(a, 3);
        l.join_group(b, 3);
        assert_eq!(l.group_eth(3), 100);
        l.transfer(a, c, Asset::ETH, 30).unwrap();
        l.mint(b, Asset::ETH, 5);
        l.mint(b, Asset(1), 1_000); // not ETH: not summed
        l.burn(a, Asset::ETH, 20).unwrap();
        assert!(l.transfer(a, c, Asset::ETH, 51).is_err());
        l.transfer(c, b, Asset::ETH, 10).unwrap();
        assert_eq!(l.group_eth(3), 100 - 30 + 5 - 20 + 10);
        assert_eq!(l.group_eth(0), 0);
        assert!(l.group_mismatches().is_empty());
    }

    #[test]
    fn transfer_mint_burn_conserve() {
        let mut l = Ledger::new(2);
        let a = l.open("a");
        let b = l.open("b");
        l.endow(a, Asset::ETH, 100);
        l.transfer(a, b, Asset::ETH, 40).unwrap();
        l.mint(b, Asset(1), 5);
        l.burn(b, Asset::ETH, 10).unwrap();
        assert_eq!(l.balance(a, Asset::ETH), 60);
        assert_eq!(l.balance(b, Asset::ETH), 30);
        assert_eq!(l.outstanding(Asset::ETH), 90);
        l.check_conservation().unwrap();
    }

    #[test]
    fn overdraft_is_refused_and_changes_nothing() {
        let mut l = Ledger::new(1);
        let a = l.open("a");
        let b = l.open("b");
        l.endow(a, Asset::ETH, 5);
        assert!(matches!(
            l.transfer(a, b, Asset::ETH, 6),
            Err(LedgerError::Insufficient { .. })
        ));
        assert_eq!(l.balance(a, Asset::ETH), 5);
        assert_eq!(l.balance(b, Asset::ETH), 0);
    }
}
