#!/usr/bin/env python3
"""Groups the rows of `twiggy top -f csv` of a wasm module with function names by the part of
the app they belong to, and prints a Markdown table (bytes and share of the module without its
name section). Used by scripts/wasm-size.sh. Usage: wasm-size-groups.py top.csv [--unmatched]
(--unmatched lists the rows no rule matched on stderr)."""
import csv
import re
import sys
from collections import defaultdict

# (group, regex on the item's name), the first match wins: serde's derives are named after the
# type they serialise, so they are matched before the crates.
RULES = [
    ("name section", r'^"?function names"? subsection|^"?\w+ names"? subsection|^custom section'),
    ("data (.rodata: strings, tables)", r"^data segment"),
    ("serde derives for engine types", r"serde.*restake_engine|restake_engine.*(serde|_::<impl)"),
    ("serde derives for app types", r"serde.*restake_app|restake_app.*(serde|_::<impl)"),
    ("serde, serde_json, serde_path_to_error", r"serde"),
    ("fmt / panic / float printing and parsing",
     r"core::fmt|alloc::fmt|panick|escape_debug|<u128>::_fmt|<u64>::_fmt|zmij|ryu|itoa"
     r"|core::num::(flt2dec|dec2flt|fmt)|core::result::unwrap_failed|core::option::expect_failed"
     r"|console_error_panic_hook|::fmt::h|as core::fmt::"),
    ("leptos (tachys, reactive_graph, leptos*)",
     r"tachys|reactive_graph|leptos|any_spawner|or_poisoned|throw_error|send_wrapper|oco_ref"
     r"|guardian|slotmap|futures"),
    ("plotters (+ canvas, backend)", r"plotters"),
    ("restake_engine", r"restake_engine"),
    ("restake_app", r"restake_app"),
    ("wasm-bindgen, js_sys, web_sys", r"wasm_bindgen|js_sys|web_sys|__wbg|__wbindgen|externref"),
    ("csv, base64, miniz_oxide", r"csv|base64|miniz_oxide"),
    ("blake3, postcard, rand, chacha, ethnum, petgraph, libm, hashbrown, indexmap",
     r"blake3|postcard|rand|chacha|ethnum|petgraph|libm|hashbrown|indexmap"),
    ("alloc, dlmalloc, compiler_builtins",
     r"alloc|dlmalloc|compiler_builtins|__multi3|__udivti3|__umodti3|memcpy|memset|memmove|memcmp"),
    ("core, std (other)", r"^<?core::|^<?std::|<core::|<std::|<&.* as core|<\[.*as core"),
]


def main() -> None:
    groups: dict[str, int] = defaultdict(int)
    total = 0
    for row in csv.DictReader(open(sys.argv[1])):
        # The standard library's names carry its crate hash: core[c5930c85a12de822]::fmt.
        name = re.sub(r"\[[0-9a-f]{16}\]", "", row["Name"])
        size = int(row["ShallowSize"])
        total += size
        group = next((g for g, rx in RULES if re.search(rx, name)), "other (shims, unnamed)")
        if group.startswith("other") and "--unmatched" in sys.argv:
            print(size, name[:150], file=sys.stderr)
        groups[group] += size
    code = total - groups.get("name section", 0)
    print("| what | bytes | share without names |")
    print("|---|---:|---:|")
    for group, size in sorted(groups.items(), key=lambda kv: -kv[1]):
        share = "-" if group == "name section" else f"{100 * size / code:.1f}%"
        print(f"| {group} | {size:,} | {share} |")
    print(f"| module without the name section | {code:,} | 100% |")


if __name__ == "__main__":
    main()
