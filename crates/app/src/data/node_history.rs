//! A cheap per-node history for the inspector's chart and the graph's loss flows: every
//! [`SAMPLE_EVERY`] blocks the value of every node and the exposure of every edge of the
//! network, in ETH, in graph order (which is fixed for a scenario).
//!
//! Sampling builds the network once per sample; at 1,200 blocks per second that is 75 builds a
//! second. Memory: 30 days are 13,500 samples of (nodes + edges) floats.

use restake_engine::{Network, Sim};

/// Blocks between two samples.
pub const SAMPLE_EVERY: u64 = 16;
/// Loss flow window: an edge's flow is how far its exposure moved over this many samples
/// (8 x 16 = 128 blocks, about 25 minutes).
pub const FLOW_WINDOW: usize = 8;

/// Samples of one run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeHistory {
    pub blocks: Vec<u64>,
    /// `values[k][i]`: node `i`'s value (stake, holdings or liquidity) at sample `k`, ETH.
    pub values: Vec<Vec<f64>>,
    /// `exposures[k][e]`: edge `e`'s exposure at sample `k`, ETH.
    pub exposures: Vec<Vec<f64>>,
}

fn eth(wei: u128) -> f64 {
    wei as f64 / 1e18
}

impl NodeHistory {
    /// Records `sim` if its block is due (a multiple of [`SAMPLE_EVERY`], or block 0) and not
    /// recorded yet.
    pub fn record(&mut self, sim: &Sim) {
        let block = sim.block();
        if !block.is_multiple_of(SAMPLE_EVERY) || self.blocks.last() == Some(&block) {
            return;
        }
        self.push(block, &sim.network());
    }

    fn push(&mut self, block: u64, g: &Network) {
        self.blocks.push(block);
        self.values
            .push(g.node_weights().map(|n| eth(n.value_wei)).collect());
        self.exposures
            .push(g.edge_weights().map(|e| eth(e.exposure_wei)).collect());
    }

    /// Forgets the samples after `block` (the run went back to it).
    pub fn truncate_after(&mut self, block: u64) {
        let keep = self.blocks.partition_point(|b| *b <= block);
        self.blocks.truncate(keep);
        self.values.truncate(keep);
        self.exposures.truncate(keep);
    }

    /// Node `i`'s samples as (block, ETH).
    pub fn node_series(&self, i: usize) -> Vec<(f64, f64)> {
        self.blocks
            .iter()
            .zip(&self.values)
            .filter_map(|(b, v)| v.get(i).map(|x| (*b as f64, *x)))
            .collect()
    }

    /// How far each edge's exposure moved over the last [`FLOW_WINDOW`] samples up to `now`
    /// (the current network), ETH. Zero for every edge before the second sample.
    pub fn flows(&self, now: &Network) -> Vec<f64> {
        let then = self
            .exposures
            .len()
            .checked_sub(FLOW_WINDOW)
            .and_then(|k| self.exposures.get(k))
            .or(self.exposures.first());
        now.edge_weights()
            .enumerate()
            .map(|(e, info)| {
                then.and_then(|t| t.get(e))
                    .map_or(0.0, |x| (eth(info.exposure_wei) - x).abs())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_every_sixteenth_block_once() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        let mut h = NodeHistory::default();
        h.record(&sim);
        h.record(&sim);
        for _ in 0..40 {
            sim.step();
            h.record(&sim);
        }
        assert_eq!(h.blocks, vec![0, 16, 32]);
        let mut cut = h.clone();
        cut.truncate_after(20);
        assert_eq!(cut.blocks, vec![0, 16]);
        assert_eq!((cut.values.len(), cut.exposures.len()), (2, 2));
        let n = sim.network().node_count();
        assert!(h.values.iter().all(|v| v.len() == n));
        assert_eq!(h.node_series(0).len(), 3);
    }

    #[test]
    fn a_slash_shows_as_flow_on_the_slashed_edges() {
        let mut sim = Sim::preset("operator-key-compromise", 42).expect("preset");
        let mut h = NodeHistory::default();
        h.record(&sim);
        assert!(h.flows(&sim.network()).iter().all(|f| *f == 0.0));
        let mut moved = false;
        for _ in 0..6_000 {
            sim.step();
            h.record(&sim);
            if h.flows(&sim.network()).iter().any(|f| *f > 100.0) {
                moved = true;
                break;
            }
        }
        assert!(moved, "a slash of the largest operator moves its edges");
    }
}
