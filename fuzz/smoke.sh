#!/usr/bin/env bash
# Fuzz smoke run: builds every target in fuzz/ and runs each for a bounded
# time on a copy of its committed corpus (fuzz/corpus/<target>/, filled by
# fuzz/seed.sh), so the committed corpus does not grow. Exits non-zero if a
# target fails to build or any target crashes; crashing inputs are kept in
# fuzz/artifacts/<target>/ and printed as hex.
#
#     bash fuzz/smoke.sh                 # every target, 30 s each
#     FUZZ_SECONDS=600 bash fuzz/smoke.sh attrs
#
# Targets are built in release mode with debug assertions and overflow
# checks, without a sanitizer: the wire layer has no unsafe code, so
# AddressSanitizer would find nothing a Rust panic does not, at 5x the cost.
set -euo pipefail

cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1

seconds=${FUZZ_SECONDS:-30}
build=(-O --debug-assertions --sanitizer none)

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install --locked cargo-fuzz
fi

if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list --fuzz-dir fuzz)
fi
[ ${#targets[@]} -gt 0 ] || { echo "smoke.sh: no fuzz targets" >&2; exit 1; }

cargo fuzz build --fuzz-dir fuzz "${build[@]}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=()
for t in "${targets[@]}"; do
    corpus=fuzz/corpus/$t
    if [ -z "$(ls -A "$corpus" 2>/dev/null)" ]; then
        echo "smoke.sh: $corpus is empty (run fuzz/seed.sh)" >&2
        failed+=("$t")
        continue
    fi
    mkdir -p "$work/$t" fuzz/artifacts/"$t"
    cp "$corpus"/* "$work/$t"/
    echo "== $t: ${seconds}s on $(ls "$corpus" | wc -l) corpus files"
    log=$work/$t.log
    if cargo fuzz run --fuzz-dir fuzz "${build[@]}" "$t" "$work/$t" -- \
        -max_total_time="$seconds" -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
        grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::number_of_executed_units' "$log" || true
        passed=$((passed + 1))
    else
        tail -n 60 "$log"
        for a in $(grep -oE 'fuzz/artifacts/[^ ]+' "$log" | sort -u); do
            [ -f "$a" ] || continue
            echo "-- $a ($(stat -c %s "$a") bytes):"
            od -An -tx1 -v "$a" | tr -d ' \n' | head -c 8192
            echo
        done
        failed+=("$t")
    fi
done

echo "fuzz: $passed passed, ${#failed[@]} failed"
if [ ${#failed[@]} -gt 0 ]; then
    echo "smoke.sh: failing targets: ${failed[*]}" >&2
    exit 1
fi
