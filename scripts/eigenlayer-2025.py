#!/usr/bin/env python3
"""Writes the inputs of the bundled EigenLayer snapshot (scenarios/eigenlayer-2025/*.csv) in
the Dune table formats `restake import` reads. Every number is a published aggregate or is
synthesised from one; docs/DATA.md gives the date and source of each and says what is made up.

Usage: python3 scripts/eigenlayer-2025.py [out_dir]   (then scripts/eigenlayer-2025.sh imports)
"""
import os
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "scenarios/eigenlayer-2025"

# Published per-AVS aggregates (docs/MODEL.md section 10): operators registered and restaked
# TVL in USD. Listed in the order they map onto the template's AVSs (oracle first, so the
# template's oracle fault hits eoracle; data availability second).
AVSS = [
    ("eoracle", 103, 6.0e9),
    ("EigenDA", 258, 9.6e9),
    ("Witness Chain", 74, 6.0e9),
    ("Lagrange", 61, 5.4e9),
]
# The largest operator set: every operator in the snapshot is registered with EigenDA.
N_OPS = max(n for _, n, _ in AVSS)
# Concentration (docs/MODEL.md section 10, Feb 2025): 7 operators handle ~75% of restaked assets.
TOP, TOP_SHARE = 7, 0.75
# Total delegated stake, USD: EigenDA's TVL (every operator secures it, so its TVL is the sum
# of the operators' stakes).
TOTAL_USD = 9.6e9


def operator_weights():
    """Zipf (1/rank) inside the top 7 for 75% and inside the other 251 for 25%."""
    top = [1.0 / r for r in range(1, TOP + 1)]
    rest = [1.0 / r for r in range(TOP + 1, N_OPS + 1)]
    return [TOP_SHARE * w / sum(top) for w in top] + [
        (1 - TOP_SHARE) * w / sum(rest) for w in rest
    ]


def members(n, target, stakes):
    """Ranks (from 1) of `n` operators whose stakes sum to at most `target` and as close to it
    as a greedy swap gets (synthesised): start from the `n` smallest, then, from the largest
    operator down, swap it in for the smallest one in the set while the sum stays <= target."""
    order = sorted(range(len(stakes)), key=lambda i: stakes[i])
    chosen = order[:n]
    total = sum(stakes[i] for i in chosen)
    for big in reversed(order[n:]):
        small = chosen[0]
        if total - stakes[small] + stakes[big] <= target:
            chosen = sorted(chosen[1:] + [big], key=lambda i: stakes[i])
            total += stakes[big] - stakes[small]
    return sorted(i + 1 for i in chosen)


def main():
    os.makedirs(OUT, exist_ok=True)
    op_addr = lambda r: "0x%040x" % (0xE1000 + r)
    avs_addr = lambda i: "0x%040x" % (0xA5000 + i)
    with open(os.path.join(OUT, "mapping.csv"), "w") as f:
        f.write("avs_contract_address,avs_name,operator_contract_address,operator_name\n")
        # Synthesised: each AVS gets its published number of operators, chosen so that their
        # stakes add up to its published TVL (EigenDA: all of them).
        stakes = [TOTAL_USD * w for w in operator_weights()]
        for i, (name, n, usd) in enumerate(AVSS):
            for r in members(n, usd, stakes):
                f.write(f"{avs_addr(i)},{name},{op_addr(r)},Operator {r:03d}\n")
    with open(os.path.join(OUT, "avs_metrics.csv"), "w") as f:
        f.write("name,contract address,total_TVL,num_operators\n")
        for i, (name, n, usd) in enumerate(AVSS):
            f.write(f"{name},{avs_addr(i)},{usd:.0f},{n}\n")
    with open(os.path.join(OUT, "operator_metrics.csv"), "w") as f:
        f.write("name,contract address,total_TVL\n")
        for r, w in enumerate(operator_weights(), start=1):
            f.write(f"Operator {r:03d},{op_addr(r)},{TOTAL_USD * w:.0f}\n")


if __name__ == "__main__":
    main()
