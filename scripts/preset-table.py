#!/usr/bin/env python3
"""Prints, for every preset, the figures of issue 14's before/after table from `restake run`
records: minimum price, price and price/NAV at day 1 and day 30, liquidations, realised bad
debt and insolvent debt (when the engine reports it) at day 1 and day 30.

usage: scripts/preset-table.py RESTAKE_BIN [--days 30] [--seed 42] [--skip mainnet-scale]
"""
import csv, subprocess, sys, io

def main():
    args = sys.argv[1:]
    bin_ = args[0]
    days = int(args[args.index("--days") + 1]) if "--days" in args else 30
    seed = args[args.index("--seed") + 1] if "--seed" in args else "42"
    skip = args[args.index("--skip") + 1].split(",") if "--skip" in args else []
    presets = [l.split()[0] for l in subprocess.run([bin_, "presets"], capture_output=True, text=True).stdout.splitlines() if l.strip() and not l.startswith(" ")]
    blocks = 7200 * days
    print(f"| preset | min price | price d1 | price/NAV d1 | price d{days} | price/NAV d{days} | liquidations d1 / d{days} | bad debt ETH d1 / d{days} | insolvent ETH d1 / d{days} |")
    print("|---|---|---|---|---|---|---|---|---|")
    for p in presets:
        if p in skip:
            continue
        proc = subprocess.Popen([bin_, "run", "--scenario", p, "--blocks", str(blocks), "--seed", seed, "--format", "csv"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        r = csv.reader(proc.stdout)
        head = next(r)
        ix = {n: i for i, n in enumerate(head)}
        minp = float("inf"); d1 = None; last = None
        for row in r:
            b = int(row[ix["block"]])
            price = float(row[ix["lrt_price"]])
            minp = min(minp, price)
            if b == 7200:
                d1 = row
            last = row
        proc.wait()
        def fig(row):
            if row is None:
                return None
            price = float(row[ix["lrt_price"]]); nav = float(row[ix["lrt_nav"]])
            ins = row[ix["insolvent_debt_wei"]] if "insolvent_debt_wei" in ix else None
            return dict(price=price, ratio=price / nav if nav else float("nan"), liq=row[ix["liquidations"]],
                        bad=int(row[ix["bad_debt_wei"]]) / 1e18, ins=(int(ins) / 1e18 if ins is not None else None))
        a, z = fig(d1), fig(last)
        ins = "n/a" if a is None or a["ins"] is None else f"{a['ins']:,.1f} / {z['ins']:,.1f}"
        print(f"| `{p}` | {minp:.4f} | {a['price']:.4f} | {a['ratio']:.4f} | {z['price']:.4f} | {z['ratio']:.4f} | {a['liq']} / {z['liq']} | {a['bad']:,.1f} / {z['bad']:,.1f} | {ins} |", flush=True)

main()
