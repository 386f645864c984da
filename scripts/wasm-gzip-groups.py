#!/usr/bin/env python3
"""What each part of a wasm module costs after gzip -9: the module's function bodies are put in the
groups of wasm-size-groups.py by their names, and for each group this prints its raw bytes, the
gzip -9 size of its bodies alone, and what leaving its bodies out of the whole code section saves
after gzip -9 (the honest "what would removing it save": shared patterns compress across groups).
Data segments are one group. Needs a module with a name section (scripts/wasm-size.sh writes
/tmp/restake-wasm-size/named_opt.wasm). Usage: wasm-gzip-groups.py named_opt.wasm"""
import gzip
import re
import sys
from collections import defaultdict
from importlib.machinery import SourceFileLoader
from pathlib import Path

RULES = SourceFileLoader("g", str(Path(__file__).with_name("wasm-size-groups.py"))).load_module().RULES


def leb(b: bytes, i: int) -> tuple[int, int]:
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def sections(b: bytes):
    i = 8
    while i < len(b):
        sid = b[i]
        n, i = leb(b, i + 1)
        yield sid, b[i : i + n]
        i += n


def imported_functions(body: bytes) -> int:
    count, i = leb(body, 0)
    funcs = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            n, i = leb(body, i)
            i += n
        kind = body[i]
        i += 1
        if kind == 0:
            _, i = leb(body, i)
            funcs += 1
        elif kind == 1:  # table: reftype, limits
            i += 1
            flag, i = leb(body, i)
            _, i = leb(body, i)
            if flag & 1:
                _, i = leb(body, i)
        elif kind == 2:  # memory: limits
            flag, i = leb(body, i)
            _, i = leb(body, i)
            if flag & 1:
                _, i = leb(body, i)
        elif kind == 3:  # global: type, mutability
            i += 2
        else:
            _, i = leb(body, i)
    return funcs


def function_names(custom: bytes) -> dict[int, str]:
    n, i = leb(custom, 0)
    if custom[i : i + n] != b"name":
        return {}
    i += n
    names = {}
    while i < len(custom):
        sub = custom[i]
        size, i = leb(custom, i + 1)
        end = i + size
        if sub == 1:
            count, j = leb(custom, i)
            for _ in range(count):
                idx, j = leb(custom, j)
                ln, j = leb(custom, j)
                names[idx] = custom[j : j + ln].decode("utf-8", "replace")
                j += ln
        i = end
    return names


def main() -> None:
    b = Path(sys.argv[1]).read_bytes()
    imports, bodies, names, data = 0, [], {}, b""
    for sid, body in sections(b):
        if sid == 2:
            imports = imported_functions(body)
        elif sid == 10:
            count, i = leb(body, 0)
            for _ in range(count):
                n, i = leb(body, i)
                bodies.append(body[i : i + n])
                i += n
        elif sid == 11:
            data = body
        elif sid == 0:
            names = names or function_names(body)
    groups: dict[str, list[int]] = defaultdict(list)
    for k in range(len(bodies)):
        name = re.sub(r"\[[0-9a-f]{16}\]", "", names.get(imports + k, ""))
        group = next((g for g, rx in RULES if name and re.search(rx, name)), "other (shims, unnamed)")
        groups[group].append(k)
    whole = gzip.compress(b"".join(bodies), 9)
    print(f"code: {sum(map(len, bodies)):,} B raw, {len(whole):,} B gzip -9; "
          f"data: {len(data):,} B raw, {len(gzip.compress(data, 9)):,} B gzip -9")
    print("| what | raw | gzip -9 alone | gzip -9 saved without it |")
    print("|---|---:|---:|---:|")
    for group, ks in sorted(groups.items(), key=lambda kv: -sum(len(bodies[k]) for k in kv[1])):
        keep = set(ks)
        raw = sum(len(bodies[k]) for k in ks)
        alone = len(gzip.compress(b"".join(bodies[k] for k in ks), 9))
        rest = len(gzip.compress(b"".join(x for k, x in enumerate(bodies) if k not in keep), 9))
        print(f"| {group} | {raw:,} | {alone:,} | {len(whole) - rest:,} |")


if __name__ == "__main__":
    main()
