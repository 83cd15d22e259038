#!/usr/bin/env bash
# Whole-process timing of `nl` against `ip` on one namespace holding 2,000
# links (1,000 veth pairs, up, one address each), 26,000 routes, 1,000
# permanent neighbours and 200 rules. Every list, text and -j, with stdout
# to /dev/null and through a pipe (`| cat >/dev/null`).
#
#   benches/cli_vs_ip.sh [RUNS]       # default 10 runs per command
#
# Needs root. Builds `nl` in release mode (CARGO_TARGET_DIR is honoured;
# with NL_STATIC=1 as a static binary, for x86_64 glibc targets),
# creates the namespace `nlbench-$$`, and deletes it when done (also on
# failure; with NS=NAME KEEP_NS=1 it keeps it, and a later run with
# NS=NAME reuses it). Needs hyperfine (apt install hyperfine). Prints one
# line per command (hyperfine's own warnings are dropped): the
# min/median/max wall time of each tool, and how
# many times faster nl is (ip / nl) by medians and by minimums.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
TARGET=${CARGO_TARGET_DIR:-target}
if [ -n "${NL_STATIC:-}" ]; then
    # A static binary (glibc's static libc, no dynamic loader): how a
    # single-binary tool ships. Built into a target directory of its own.
    TARGET="$TARGET/static"
    RUSTFLAGS="-C target-feature=+crt-static" CARGO_TARGET_DIR="$TARGET" \
        cargo build --quiet --release --example nl --target x86_64-unknown-linux-gnu
    NL="$TARGET/x86_64-unknown-linux-gnu/release/examples/nl"
else
    cargo build --quiet --release --example nl
    NL="$TARGET/release/examples/nl"
fi
if [ -n "${NS:-}" ] && [ -e "/run/netns/$NS" ]; then
    KEEP=1 # reuse a namespace this script set up before (NS=... KEEP_NS=1)
else
    KEEP=${KEEP_NS:-}
    NS=${NS:-nlbench-$$}
    ip netns add "$NS"
    NEW=1
fi
BATCH=$(mktemp)
trap '[ -n "$KEEP" ] || ip netns del "$NS" 2>/dev/null || true; rm -f "$BATCH"' EXIT
if [ -n "${NEW:-}" ]; then
{
    for i in $(seq 0 999); do
        echo "link add va$i type veth peer name vb$i"
    done
    for i in $(seq 0 999); do
        echo "link set va$i up"
        echo "link set vb$i up"
        echo "addr add 10.$((i / 250)).$((i % 250)).1/24 dev va$i"
    done
    # 26,000 routes: 26 per veth end va0..va999, over 100.x.y.0/24.
    for i in $(seq 0 25999); do
        d=$((i % 1000))
        echo "route add 100.$((i / 65536 + 64)).$(((i / 256) % 256)).$((i % 256))/32 via 10.$((d / 250)).$((d % 250)).2 dev va$d"
    done
    for i in $(seq 0 999); do
        echo "neigh add 10.$((i / 250)).$((i % 250)).3 lladdr 02:00:00:00:$(printf %02x $((i / 256))):$(printf %02x $((i % 256))) dev va$i nud permanent"
    done
    for i in $(seq 1 200); do
        echo "rule add pref $((1000 + i)) from 172.16.$i.0/24 table $((100 + i))"
    done
} >"$BATCH"
ip -n "$NS" -batch "$BATCH"
fi

# Ratio of medians, from hyperfine's JSON export (ip first, nl second).
ratio() {
    python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))["results"]
f = lambda x: "%.1f %.1f %.1f" % (min(x["times"]) * 1e3, x["median"] * 1e3, max(x["times"]) * 1e3)
print("%-20s %-20s %4.1fx %4.1fx" % (f(r[0]), f(r[1]), r[0]["median"] / r[1]["median"], min(r[0]["times"]) / min(r[1]["times"])))' "$1"
}
OUT=$(mktemp)
printf '%-26s %-5s %-20s %-20s %s\n' command sink "ip ms (min med max)" "nl ms (min med max)" "ip/nl (med, min)"
for cmd in "link show" "-j link show" "addr show" "-j addr show" \
    "route show table all" "-j route show table all" "neigh show" "-j neigh show" \
    "rule show" "-j rule show"; do
    for sink in null pipe; do
        if [ "$sink" = null ]; then
            hyperfine -N --style none --warmup 2 --runs "$RUNS" --export-json "$OUT" \
                "ip -n $NS $cmd" "$NL -n $NS $cmd" >/dev/null 2>&1
        else
            hyperfine --style none --warmup 2 --runs "$RUNS" --export-json "$OUT" \
                "ip -n $NS $cmd | cat >/dev/null" "$NL -n $NS $cmd | cat >/dev/null" >/dev/null 2>&1
        fi
        printf '%-26s %-5s %s\n' "$cmd" "$sink" "$(ratio "$OUT")"
    done
done
rm -f "$OUT"
