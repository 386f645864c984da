//! Bounded memory for long runs: a metric history that keeps full resolution for the most
//! recent blocks and thins older blocks to every `stride`-th one, and a cap on the event log.
//!
//! Off by default ([`Sim`](crate::sim::Sim) keeps every block and every event, as the app and the
//! tests expect); [`Sim::set_memory_limit`](crate::sim::Sim::set_memory_limit) turns it on for runs
//! of millions of blocks (`restake run`, sweeps). Thinning keeps block 0 and every block that
//! is a multiple of the stride, so the kept older blocks stay evenly spaced and the slice stays
//! sorted by block.

use crate::readouts::metrics::BlockMetrics;
use crate::world::events::Event;

/// How much of the past a [`Sim`](crate::sim::Sim) keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryLimit {
    /// Blocks kept at full resolution (the most recent ones); older blocks are thinned so that
    /// at most `recent_blocks / 2` of them remain. At least 2.
    pub recent_blocks: usize,
    /// Narrated events kept (the most recent ones). At least 1.
    pub events: usize,
}

impl Default for MemoryLimit {
    /// 10,000 recent blocks (about 33 hours) and 10,000 events: about 3 MB of history.
    fn default() -> Self {
        MemoryLimit {
            recent_blocks: 10_000,
            events: 10_000,
        }
    }
}

/// Metrics of past blocks, oldest first; bounded when a limit is set.
#[derive(Clone, Debug, Default)]
pub struct History {
    items: Vec<BlockMetrics>,
    /// Blocks before the recent window that are kept: multiples of this (1 until thinned).
    stride: u64,
    limit: Option<usize>,
}

impl History {
    pub fn new(first: BlockMetrics) -> Self {
        History {
            items: vec![first],
            stride: 1,
            limit: None,
        }
    }

    /// Keep at most about `2 * recent` entries (`None`: keep everything).
    pub fn set_limit(&mut self, recent: Option<usize>) {
        self.limit = recent.map(|r| r.max(2));
        self.compact();
    }

    pub fn push(&mut self, m: BlockMetrics) {
        self.items.push(m);
        if let Some(recent) = self.limit {
            if self.items.len() > 2 * recent {
                self.compact();
            }
        }
    }

    /// Spacing of the kept blocks before the recent window (1 when nothing was thinned).
    pub fn stride(&self) -> u64 {
        self.stride
    }

    pub fn as_slice(&self) -> &[BlockMetrics] {
        &self.items
    }

    pub fn last(&self) -> Option<&BlockMetrics> {
        self.items.last()
    }

    /// Number of entries kept.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Always false: a history starts with block 0.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Drops every entry after `block` (for going back to a checkpoint).
    pub fn truncate_after(&mut self, block: u64) {
        let keep = self.items.partition_point(|m| m.block <= block);
        self.items.truncate(keep);
    }

    /// Thins everything before the last `recent` entries to multiples of a doubled stride until
    /// at most `recent / 2` of them remain. Amortised O(1) per push: after a compaction at least
    /// `recent / 2` pushes happen before the next.
    fn compact(&mut self) {
        let Some(recent) = self.limit else { return };
        if self.items.len() <= 2 * recent {
            return;
        }
        let split = self.items.len() - recent;
        loop {
            let kept = self.items[..split]
                .iter()
                .filter(|m| m.block % self.stride == 0)
                .count();
            if kept <= recent / 2 {
                break;
            }
            self.stride *= 2;
        }
        let stride = self.stride;
        let mut i = 0;
        self.items.retain(|m| {
            let keep = i >= split || m.block % stride == 0;
            i += 1;
            keep
        });
    }
}

/// Drops the oldest events beyond `cap` (in batches, amortised O(1) per event); returns how
/// many were dropped.
pub fn trim_events(events: &mut Vec<Event>, cap: usize) -> usize {
    let cap = cap.max(1);
    if events.len() <= 2 * cap {
        return 0;
    }
    let drop = events.len() - cap;
    events.drain(..drop);
    drop
}
