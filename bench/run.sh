#!/usr/bin/env bash
# Runs the query benchmark: builds query_bench (build-bench/), generates the synthetic graph, times
# newsgraph, then Kùzu in-memory on the same export, and prints both medians per query shape.
#   bench/run.sh [entities] [statements] [repetitions]     (defaults: 100000 1000000 11)
set -euo pipefail
cd "$(dirname "$0")/.."
# -O2: GCC 12 at -O3 reports false -Wrestrict positives in libstdc++ string code.
cmake -S bench -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" >/dev/null
cmake --build build-bench -j2 --target query_bench >/dev/null
out=build-bench/data
mkdir -p "$out"
./build-bench/query_bench "$out/kuzu" "${1:-100000}" "${2:-1000000}" "${3:-11}" > "$out/newsgraph.json"
node bench/kuzu_bench.mjs "$out/kuzu" "$out/newsgraph.json"
