//! Presets per staker path (the seed article's comparison table: native restaking, LST
//! restaking, an LRT wrapper): the `oracle-cascade` network and shock with the same 1,000-ETH
//! position held three ways (`docs/PLAYBOOK.md`, "Choose your path").
//!
//! * `path-native-restaking`: 1,000 ETH on your own validators, the EigenPod delegated to
//!   Borealis Nodes (14% of restaked stake; it reads the data source that posts the outlier).
//! * `path-lst-restaking`: 1,000 ETH of an LST (10% fee on staking rewards) restaked with the
//!   same operator.
//! * `path-lrt`: 1,000 rsLRT, spread by the LRT across all 14 operators.
//!
//! All three carry the same incentive programme (rsLRT pays points only) and one governance
//! token (RSG) that governs both rsLRT and the PriceFeed Oracle, so the red flags differ only by
//! what each path is exposed to.

use crate::input::position::{LrtHolding, LstHolding, NativeStake, PositionParams};
use crate::input::scenario::tokens::{GovernanceTokenParams, IncentiveParams};
use crate::input::scenario::Scenario;

/// Names of the path presets, in the order of the seed's table.
pub const PATH_NAMES: [&str; 3] = ["path-native-restaking", "path-lst-restaking", "path-lrt"];

/// The operator the native and LST paths delegate to.
pub const PATH_OPERATOR: &str = "Borealis Nodes";

/// The position size of every path, whole ETH.
pub const PATH_ETH: u64 = 1_000;

/// The path preset `name`, or `None` for another name.
pub fn get(name: &str) -> Option<Scenario> {
    let mut s = crate::input::presets::oracle_cascade();
    let (position, description) = match name {
        "path-native-restaking" => (
            PositionParams {
                native: vec![NativeStake {
                    eth: PATH_ETH,
                    operator: Some(PATH_OPERATOR.into()),
                    avss: Vec::new(),
                    client: None,
                    region: None,
                }],
                ..Default::default()
            },
            "Your 1,000 ETH restaked natively (EigenPod) with one operator, Borealis Nodes, which signs the oracle outlier. The whole stake is slashable by every AVS it serves (shared security) and leaves only through the 14-day withdrawal delay and the beacon exit queue. Compare with path-lst-restaking and path-lrt: `restake position --scenario path-native-restaking`.",
        ),
        "path-lst-restaking" => (
            PositionParams {
                lsts: vec![LstHolding {
                    symbol: "stLST".into(),
                    eth: PATH_ETH,
                    operator: Some(PATH_OPERATOR.into()),
                    fee_bps: 1_000,
                }],
                ..Default::default()
            },
            "Your 1,000 ETH as an LST (10% fee on staking rewards, validators spread over every client) restaked with Borealis Nodes, which signs the oracle outlier: the same slashing exposure as native restaking, a smaller staking yield, and an exit through the withdrawal delay and then the LST's own redemption. Compare with path-native-restaking and path-lrt.",
        ),
        "path-lrt" => (
            PositionParams {
                lrts: vec![LrtHolding {
                    symbol: "rsLRT".into(),
                    amount: PATH_ETH,
                }],
                ..Default::default()
            },
            "Your 1,000 ETH as rsLRT, which the protocol spreads over 14 operators: a slash of the four that sign the outlier costs less of your value, but the LRT's thin pool depegs, its withdrawals pause, and its incentives are points only. Compare with path-native-restaking and path-lst-restaking.",
        ),
        _ => return None,
    };
    s.name = name.into();
    s.description = description.into();
    s.position = Some(position);
    s.incentives = vec![IncentiveParams {
        points: true,
        ..IncentiveParams::new("rsLRT")
    }];
    s.governance_tokens = vec![GovernanceTokenParams {
        token: "RSG".into(),
        controls: vec!["rsLRT".into(), "PriceFeed Oracle".into()],
    }];
    Some(s)
}
