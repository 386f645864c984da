//! The one ledger: every balance of every asset, in integer wei.
//!
//! MODEL.md section 2: every movement of value goes through one ledger so that, per asset,
//! `sum of balances + burned = initial supply + minted` holds exactly after every block.
//! Asset 0 is ETH; each LRT is an asset of its own (its shares, 18 decimals).
//! Debt is not an asset here: a loan is a claim recorded by the lending market, while the ETH
//! that was lent sits in the borrower's (or a later holder's) account.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::base::digest::Chunked;

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

/// All balances: `balances[asset][account]` in wei.
///
/// Accounts may also belong to one *group* each, whose ETH the ledger sums as balances move:
/// the engine puts every delegation account of one delegator (an LRT, the native or the LST
/// restakers) in that delegator's group, so an LRT's delegated stake is one read however many
/// operators hold it ([`Ledger::group_eth`]).
///
/// The names, each asset's balances and the groups are [`Chunked`] lists: in the state hash's
/// binary encoding ([`crate::base::digest`]) each is the digest of its chunks' digests, and
/// only this ledger's own methods change them, dropping the digests of the chunks they touch,
/// so a state hash after a block rehashes the chunks of the accounts that moved (on
/// mainnet-scale 171,502 accounts x 11 assets). In JSON they are plain lists.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Ledger {
    /// The accounts' names, in account order; accounts are only ever added, never renamed.
    names: Chunked<String>,
    balances: Vec<Chunked<u128>>,
    supply: Vec<Supply>,
    /// Per account, its group or [`NO_GROUP`].
    #[serde(default)]
    groups: Chunked<u32>,
    /// ETH held by each group's accounts, wei.
    #[serde(default)]
    group_eth: Vec<u128>,
}

impl Ledger {
    /// An empty ledger with `assets` assets (ETH plus one per LRT).
    pub fn new(assets: usize) -> Self {
        Ledger {
            names: Chunked::default(),
            balances: (0..assets).map(|_| Chunked::default()).collect(),
            supply: vec![Supply::default(); assets],
            groups: Chunked::default(),
            group_eth: Vec::new(),
        }
    }

    /// Opens an account with zero balances; `name` is for messages and inspection.
    pub fn open(&mut self, name: impl Into<String>) -> AccountId {
        self.names.push(name.into());
        for b in &mut self.balances {
            b.push(0);
        }
        self.groups.push(NO_GROUP);
        AccountId(self.names.len() as u32 - 1)
    }

    /// Puts account `id` (in no group yet) into group `group`, whose ETH the ledger then sums
    /// ([`Ledger::group_eth`]); its current ETH balance counts at once. An account already in a
    /// group stays there (a debug assertion).
    pub fn join_group(&mut self, id: AccountId, group: u32) {
        let now = self.groups[id.0 as usize];
        debug_assert!(
            now == NO_GROUP || now == group,
            "account already in a group"
        );
        if now == group {
            return;
        }
        *self.groups.get_mut(id.0 as usize).expect("an open account") = group;
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
        *self.balances[asset.0 as usize]
            .get_mut(to.0 as usize)
            .expect("an open account") += amount;
        if asset == Asset::ETH {
            let g = self.groups[to.0 as usize];
            if g != NO_GROUP {
                self.group_eth[g as usize] += amount;
            }
        }
    }

    /// Number of accounts.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no account is open.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The account's name.
    pub fn name(&self, id: AccountId) -> &str {
        &self.names[id.0 as usize]
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
            .get(asset.0 as usize)
            .and_then(|b| b.get(from.0 as usize))
            .copied()
            .ok_or(LedgerError::UnknownAccount(from.0))?;
        if bal < amount {
            return Err(LedgerError::Insufficient {
                account: self.names[from.0 as usize].clone(),
                asset: asset.0,
                balance: bal,
                amount,
            });
        }
        *self.balances[asset.0 as usize]
            .get_mut(from.0 as usize)
            .expect("checked above") -= amount;
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

    use crate::base::digest::hash_of;
    use proptest::prelude::*;

    /// The ledger's state-hash encoding, and that of the same ledger read back from JSON
    /// (nothing digested: every chunk hashed afresh).
    fn hashes(l: &Ledger) -> ([u8; 32], [u8; 32]) {
        let back: Ledger = serde_json::from_str(&serde_json::to_string(l).unwrap()).unwrap();
        (hash_of(l).0, hash_of(&back).0)
    }

    /// The names stay a list in JSON; in the state hash's encoding they are a digest, which the
    /// next account's opening refreshes (a stale digest would hash a world with more accounts
    /// like one with fewer).
    #[test]
    fn names_hash_through_a_digest_refreshed_on_open() {
        let mut a = Ledger::new(1);
        a.open("alice");
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["names"], serde_json::json!(["alice"]));
        assert_eq!(json["balances"], serde_json::json!([[0]]));
        let one = hash_of(&a).0;
        a.open("bob");
        let two = hash_of(&a).0;
        assert_ne!(one, two);
        // Equal to a ledger that never cached a digest, and to its clone.
        let mut fresh = Ledger::new(1);
        fresh.open("alice");
        fresh.open("bob");
        assert_eq!(hash_of(&fresh).0, two);
        assert_eq!(hash_of(&a.clone()).0, two);
        // A different name, same count: a different hash.
        let mut other = Ledger::new(1);
        other.open("alice");
        other.open("bobby");
        assert_ne!(hash_of(&other).0, two);
        // And a JSON round trip keeps the names.
        let back: Ledger = serde_json::from_value(serde_json::to_value(&a).unwrap()).unwrap();
        assert_eq!(back.name(AccountId(1)), "bob");
        assert_eq!(hashes(&a), (two, two));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Every mutating method drops the digests it affects: after any sequence of openings,
        /// endowments, transfers (refused ones included), mints, burns and group joins, with
        /// state hashes taken in between, the hash equals that of the same ledger read back
        /// from JSON, and a change of any balance changes it.
        #[test]
        fn the_hash_follows_every_change(
            ops in proptest::collection::vec((0u8..7, any::<u16>(), any::<u16>(), 0u128..1_000), 1..150),
            accounts in 1usize..600,
        ) {
            let mut l = Ledger::new(3);
            for i in 0..accounts {
                l.open(format!("account {i}"));
            }
            for (op, a, b, amount) in ops {
                let (a, b) = (AccountId(a as u32 % l.len() as u32), AccountId(b as u32 % l.len() as u32));
                let asset = Asset((amount % 3) as u16);
                match op {
                    0 => l.endow(a, asset, amount),
                    1 => drop(l.transfer(a, b, asset, amount)),
                    2 => l.mint(b, asset, amount),
                    3 => drop(l.burn(a, asset, amount)),
                    4 => if l.groups[a.0 as usize] == NO_GROUP {
                        l.join_group(a, (amount % 4) as u32);
                    },
                    5 => drop(l.open("late")),
                    _ => drop(hash_of(&l)),
                }
                let (kept, fresh) = hashes(&l);
                prop_assert_eq!(kept, fresh);
            }
            let before = hash_of(&l).0;
            let id = AccountId(l.len() as u32 / 2);
            l.mint(id, Asset(2), 1);
            prop_assert_ne!(hash_of(&l).0, before);
            prop_assert_eq!(hash_of(&l.clone()).0, hashes(&l).1);
        }
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
