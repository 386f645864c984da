//! Plain ids shared across tiers: [`NodeRef`] names a node of the contagion network (an AVS,
//! an operator, an LRT, a pool, a market or an agent class) independently of graph indices.

use serde::{Deserialize, Serialize};

/// A stable name for a node, independent of graph indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeRef {
    Avs(u32),
    Operator(u32),
    /// LRT `i` (index into the world's LRTs).
    Lrt(u32),
    NativeRestakers,
    /// LST restakers (shown only when a scenario has LST stake).
    LstRestakers,
    /// The pool of LRT `i`.
    Pool(u32),
    /// Lending market `m`.
    Market(u32),
    Stakers,
    Loopers,
    Arbitrageurs,
    Liquidators,
}

/// A name from a fixed list. An alias, so that serde's derive does not take the field for a
/// string borrowed from the input (which would tie `Deserialize<'de>` to `'de: 'static`).
pub type Name = &'static str;

/// `d`'s string as the one of `known` equal to it, or an error naming the string.
pub(crate) fn known_name<'de, D: serde::Deserializer<'de>>(
    d: D,
    known: &[&'static str],
) -> Result<&'static str, D::Error> {
    let s = String::deserialize(d)?;
    known
        .iter()
        .find(|k| **k == s)
        .copied()
        .ok_or_else(|| serde::de::Error::custom(format!("unknown name {s:?}")))
}
