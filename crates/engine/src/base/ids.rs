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
