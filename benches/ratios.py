#!/usr/bin/env python3
"""Prints criterion's latest estimates as ratios to the floor of their group.

Run after `cargo bench`: every group that has a `floor` function (or the
function named by --base) is listed with each of its functions' mean time
and ratio to it, all taken from the same run.
Usage: python3 benches/ratios.py [--base NAME] [target/criterion]
"""
import json
import os
import sys

args = sys.argv[1:]
base_name = "floor"
if args[:1] == ["--base"]:
    base_name, args = args[1], args[2:]
root = args[0] if args else "target/criterion"


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
    floor = os.path.join(gdir, base_name)
    if not os.path.isdir(floor):
        continue
    base = mean_ns(floor)
    for fn in sorted(os.listdir(gdir)):
        fdir = os.path.join(gdir, fn)
        if fn in ("report",) or not os.path.isfile(os.path.join(fdir, "new", "estimates.json")):
            continue
        t = mean_ns(fdir)
        rows.append((group, fn, t, t / base))

head = f"x {base_name}"
print(f"| {'group':<24} | {'function':<20} | {'mean':>10} | {head:>9} |")
print(f"|{'-' * 26}|{'-' * 22}|{'-' * 12}|{'-' * 11}|")
for g, fn, t, r in rows:
    print(f"| {g:<24} | {fn:<20} | {fmt(t):>10} | {r:>9.2f} |")
