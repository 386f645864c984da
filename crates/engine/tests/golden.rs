//! Golden trajectory of the `oracle-cascade` preset (seed 42): every 250th block's key numbers
//! and the final state hash, stored in `tests/golden/oracle-cascade-seed42.csv` at the repo root.
//! A change to the model changes this file on purpose: regenerate it with
//! `UPDATE_GOLDEN=1 cargo test -p restake-engine --test golden` and review the diff.

use std::fmt::Write;
use std::path::PathBuf;

use restake_engine::Sim;

const BLOCKS: u64 = 8_000;
const EVERY: u64 = 250;

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/oracle-cascade-seed42.csv")
}

fn trajectory() -> String {
    let mut sim = Sim::preset("oracle-cascade", 42).unwrap();
    sim.run(BLOCKS);
    let mut out = String::from("block,lrt_price,lrt_nav,slashed_wei,liquidations,bad_debt_wei,pool_eth_wei,queue_lrt_wei\n");
    for m in sim.history().iter().filter(|m| m.block % EVERY == 0) {
        writeln!(
            out,
            "{},{:.12},{:.12},{},{},{},{},{}",
            m.block,
            m.lrt_price,
            m.lrt_nav,
            m.slashed_wei,
            m.liquidations,
            m.bad_debt_wei,
            m.pool_eth_wei,
            m.queue_lrt_wei
        )
        .unwrap();
    }
    writeln!(out, "# state_hash={}", sim.state_hash()).unwrap();
    out
}

#[test]
fn oracle_cascade_matches_golden_trajectory() {
    let got = trajectory();
    let path = golden_path();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; create it with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(g, w, "golden trajectory differs at line {} (UPDATE_GOLDEN=1 regenerates after a deliberate model change)", i + 1);
    }
    assert_eq!(
        got.lines().count(),
        want.lines().count(),
        "golden trajectory length differs"
    );
}
