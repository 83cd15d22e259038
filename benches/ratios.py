#!/usr/bin/env python3
"""Prints criterion's latest estimates as ratios to the floor of their group.

Run after `cargo bench`: every group that has a `floor` function is listed
with each of its functions' mean time and ratio to that floor, all taken
from the same run. Usage: python3 benches/ratios.py [target/criterion]
"""
import json
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "target/criterion"


def mean_ns(path):
    with open(os.path.join(path, "new", "estimates.json")) as f:
        return json.load(f)["mean"]["point_estimate"]


def fmt(ns):
    for unit, div in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= div:
            return f"{ns / div:.2f} {unit}"
    return f"{ns:.1f} ns"


rows = []
for group in sorted(os.listdir(root)):
    gdir = os.path.join(root, group)
    floor = os.path.join(gdir, "floor")
    if not os.path.isdir(floor):
        continue
    base = mean_ns(floor)
    for fn in sorted(os.listdir(gdir)):
        fdir = os.path.join(gdir, fn)
        if fn in ("report",) or not os.path.isfile(os.path.join(fdir, "new", "estimates.json")):
            continue
        t = mean_ns(fdir)
        rows.append((group, fn, t, t / base))

print(f"| {'group':<24} | {'function':<16} | {'mean':>10} | {'x floor':>7} |")
print(f"|{'-' * 26}|{'-' * 18}|{'-' * 12}|{'-' * 9}|")
for g, fn, t, r in rows:
    print(f"| {g:<24} | {fn:<16} | {fmt(t):>10} | {r:>7.2f} |")
