//! Going back in a run without replaying it from block 0: a [`Checkpoint`] of the world taken
//! while running, and [`Sim::rewind`] to it. The world and the narrator's memory hold every piece of run state (the
//! random streams included), so a rewound run stepped forward with the same faults reaches the
//! same state hash as a replay from block 0 (tested below).

use super::{Injected, Sim};
use crate::world::events::Narration;
use crate::world::World;

/// The state of a run at one block: the world, the narrator's memory, and how long the event
/// log, the metric history and the injected-fault list were then.
#[derive(Clone, Debug)]
pub struct Checkpoint {
    world: World,
    narration: Narration,
    events: usize,
    history: usize,
    injected: usize,
}

impl Checkpoint {
    /// The block the checkpoint was taken at.
    pub fn block(&self) -> u64 {
        self.world.block
    }
}

impl Sim {
    /// The state now, to come back to with [`Sim::rewind`]. Take it before injecting faults at
    /// this block: faults injected afterwards are returned by `rewind` to be injected again.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            world: self.world.clone(),
            narration: self.log.narration.clone(),
            events: self.log.events.len(),
            history: self.history.len(),
            injected: self.injected.len(),
        }
    }

    /// Goes back to `cp`, which must have been taken from this run at or before its current
    /// block. Returns the faults injected since, in order (the caller injects again those it
    /// wants, at their blocks), or `None`, changing nothing, when `cp` is ahead of this run or
    /// the run keeps bounded memory ([`Sim::set_memory_limit`]: dropped events cannot return).
    pub fn rewind(&mut self, cp: &Checkpoint) -> Option<Vec<Injected>> {
        if self.memory_limit.is_some()
            || cp.history > self.history.len()
            || cp.events > self.log.events.len()
            || cp.injected > self.injected.len()
            || cp.world.block > self.world.block
        {
            return None;
        }
        self.world = cp.world.clone();
        self.log.events.truncate(cp.events);
        self.log.narration = cp.narration.clone();
        self.history.truncate_after(cp.world.block);
        Some(self.injected.split_off(cp.injected))
    }
}

#[cfg(test)]
mod tests {
    use crate::input::scenario::Fault;
    use crate::sim::Sim;

    #[test]
    fn a_rewound_run_replays_to_the_same_state() {
        let mut sim = Sim::preset("oracle-cascade", 42).expect("preset");
        sim.run(100);
        let cp = sim.checkpoint();
        sim.inject(Fault::LiquidityWithdrawal {
            share_bps: 3_000,
            lrt_symbol: None,
        })
        .expect("inject");
        sim.run(3_900);
        let later = sim.state_hash();
        let (events, history) = (sim.events().len(), sim.history().len());

        let again = sim.rewind(&cp).expect("behind");
        assert_eq!(sim.block(), 100);
        assert_eq!(sim.history().len(), 101);
        assert_eq!(again.len(), 1);
        assert!(sim.injected().is_empty());
        sim.inject(again[0].fault.clone()).expect("inject");
        sim.run(3_900);
        assert_eq!(sim.state_hash(), later);
        assert_eq!((sim.events().len(), sim.history().len()), (events, history));

        let fresh = Sim::preset("oracle-cascade", 42).expect("preset");
        let mut ahead = fresh.clone();
        ahead.run(10);
        let cp = ahead.checkpoint();
        let mut behind = fresh;
        assert!(behind.rewind(&cp).is_none());
        assert_eq!(behind.block(), 0);
    }
}
