//! The state hash keeps the digests of the parts of the world that did not change
//! (`restake_engine::digest`: the ledger's chunks, the redemption queues' runs, the holders):
//! a world hashed after every few blocks, so that digests are kept, dropped and recomputed all
//! along, hashes at every point like the same world never hashed, and like its clone.

use restake_engine::digest::{encode, hash_of};
use restake_engine::events::EventLog;
use restake_engine::units::eth;
use restake_engine::world::World;
use restake_engine::{pipeline, presets, Sim};

/// Queues a redemption of 50 LRT from the passive holders every 10 blocks (`w`'s first LRT).
fn redeem(w: &mut World) {
    if w.block.is_multiple_of(10) {
        let (holder, block) = (w.passive_holders, w.block);
        w.lrts[0]
            .request_redemption(&mut w.ledger, holder, eth(50), block)
            .unwrap();
    }
}

/// Runs `world` and a copy of it that is never hashed for `blocks` blocks, hashing the first
/// every `every` blocks, and compares it with a fresh clone of the copy (which digests
/// everything afresh) every 100 blocks. Returns the number of redemptions paid and the number
/// of blocks with a redemption waiting for its validators' exit.
fn compare(mut world: World, blocks: u64, every: u64) -> (u64, u64) {
    let mut plain = world.clone();
    let (mut log, mut plain_log) = (EventLog::default(), EventLog::default());
    let mut exiting = 0;
    for b in 1..=blocks {
        redeem(&mut world);
        redeem(&mut plain);
        pipeline::step(&mut world, &mut log);
        pipeline::step(&mut plain, &mut plain_log);
        exiting += u64::from(
            world.lrts[0]
                .queue
                .iter()
                .any(|r| r.exit_ready_at.is_some()),
        );
        if b.is_multiple_of(every) {
            hash_of(&world);
        }
        if b.is_multiple_of(100) {
            let fresh = hash_of(&plain.clone());
            assert_eq!(hash_of(&world), fresh, "block {b}");
            assert_eq!(hash_of(&world.clone()), fresh, "block {b}, a clone");
            // The hash is BLAKE3 of what postcard itself writes.
            let postcard = encode(&world);
            assert_eq!(
                fresh,
                (*blake3::hash(&postcard).as_bytes(), postcard.len() as u64)
            );
        }
    }
    let paid = blocks.div_ceil(10) - world.lrts[0].queue.len() as u64;
    (paid, exiting)
}

#[test]
fn kept_digests_hash_like_a_world_never_hashed() {
    // A short withdrawal delay: redemptions are queued, wait for exits and are paid (the queue
    // is pushed, changed in place and served), within the run.
    let mut s = presets::get("oracle-cascade").unwrap();
    s.lrt.withdrawal_delay_blocks = 300;
    let (paid, exiting) = compare(World::build(&s, 42).unwrap(), 3_000, 7);
    assert!(
        paid > 50 && exiting > 1_000,
        "paid {paid}, exiting {exiting}"
    );
    // Every block hashed, on a run with several LRTs.
    compare(
        World::build(&presets::get("ezeth-2024").unwrap(), 7).unwrap(),
        600,
        1,
    );
}

/// The hash through [`Sim::state_hash`] is what an app hashing while it plays sees: equal to a
/// run that hashed only at the end.
#[test]
fn a_run_hashed_while_playing_equals_one_hashed_at_the_end() {
    let mut playing = Sim::preset("oracle-cascade", 3).unwrap();
    let mut at_end = playing.clone();
    for _ in 0..40 {
        playing.run(50);
        playing.state_hash();
    }
    at_end.run(2_000);
    assert_eq!(playing.state_hash(), at_end.state_hash());
}
