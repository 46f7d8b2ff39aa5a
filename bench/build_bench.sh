#!/usr/bin/env bash
# Whole-process benchmark of `newsgraph build` (not a test). Generates a synthetic corpus with
# bench/corpus_gen.py, then in the same run times:
#   - one bare ICU NFKC pass over the same bytes (bench/nfkc_pass.cpp, icu::Normalizer2): the baseline;
#   - newsgraph build -j J for each J given (articles → JSON-LD), with wall time and peak RSS
#     (/usr/bin/time), reporting MB/s, MB/s per core, articles/s and the ratio to the NFKC pass;
#   - newsgraph convert of the JSON-LD written (reading it back), in MB/s of JSON-LD.
#   bench/build_bench.sh [MB] [J...]             (defaults: 20 MB, -j 1 and -j 2)
#   NEWSGRAPH=build-x/newsgraph bench/build_bench.sh 50 1 2    (time an existing build instead)
# Without NEWSGRAPH it configures build-bench/ (-O2 Release, as bench/run.sh) and builds newsgraph there.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-20}
shift || true
jobs=("$@")
[[ ${#jobs[@]} -gt 0 ]] || jobs=(1 2)
if [[ -z ${NEWSGRAPH:-} ]]; then
  cmake -S bench -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" >/dev/null
  cmake --build build-bench -j2 --target newsgraph >/dev/null
  NEWSGRAPH=build-bench/newsgraph/newsgraph
fi
[[ -x /usr/bin/time ]] || { echo "build_bench: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
out=${BENCH_OUT:-build-bench/build-data}
mkdir -p "$out"
corpus="$out/corpus-${mb}MB"
[[ -d $corpus ]] || python3 bench/corpus_gen.py --mb "$mb" --out "$corpus"
[[ -x $out/nfkc_pass && $out/nfkc_pass -nt bench/nfkc_pass.cpp ]] ||
  g++ -O2 -std=c++20 bench/nfkc_pass.cpp $(pkg-config --cflags --libs icu-uc) -o "$out/nfkc_pass"

articles=$(find "$corpus" -name '*.txt' | wc -l)
bytes=$(find "$corpus" -name '*.txt' -print0 | xargs -0 cat | wc -c)
echo "corpus: $articles articles, $bytes bytes ($corpus); machine: $(nproc) cores"
# Other people's jobs share the machine: say how busy it was (wall times suffer, CPU seconds much less).
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
# The NFKC pass may run as several processes when xargs splits the file list: sum their seconds.
nfkc=$(find "$corpus" -name '*.txt' -print0 | xargs -0 "$out/nfkc_pass" | awk '{s += $3} END {printf "%.3f", s}')
echo "bare ICU NFKC pass: ${nfkc} s ($(awk -v b="$bytes" -v s="$nfkc" 'BEGIN {printf "%.1f", b / 1e6 / s}') MB/s)"
echo
# CPU s is user + system time of the process (all threads): MB per CPU second does not depend on how
# busy the machine was, and CPU s at -j 2 against -j 1 shows what running in parallel costs.
echo "| -j | wall s | MB/s | MB/s per core | articles/s | × NFKC | CPU s | MB per CPU s | peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for j in "${jobs[@]}"; do
  /usr/bin/time -f "%e %M %U %S" -o "$out/time.txt" "$NEWSGRAPH" build -q -j "$j" "$corpus" --jsonld "$out/graph.jsonld"
  read -r wall rss user sys <"$out/time.txt"
  awk -v j="$j" -v w="$wall" -v r="$rss" -v u="$user" -v s="$sys" -v b="$bytes" -v a="$articles" -v n="$nfkc" 'BEGIN {
    if (w <= 0) w = 0.01
    c = u + s; if (c <= 0) c = 0.01
    printf "| %d | %.2f | %.1f | %.1f | %.0f | %.1f | %.2f | %.1f | %.0f |\n", j, w, b / 1e6 / w, b / 1e6 / w / j, a / w, w / n, c, b / 1e6 / c, r / 1024 }'
done
echo
jsonld_bytes=$(wc -c <"$out/graph.jsonld")
/usr/bin/time -f "%e %M %U %S" -o "$out/time.txt" "$NEWSGRAPH" convert "$out/graph.jsonld" >"$out/summary.txt"
read -r wall rss user sys <"$out/time.txt"
echo "graph: $(tr '\n' ' ' <"$out/summary.txt" | head -c 300)"
awk -v w="$wall" -v r="$rss" -v u="$user" -v s="$sys" -v b="$jsonld_bytes" 'BEGIN {
  if (w <= 0) w = 0.01
  c = u + s; if (c <= 0) c = 0.01
  printf "JSON-LD read back (newsgraph convert, summary only): %.1f MB in %.2f s = %.1f MB/s (%.1f MB per CPU s), peak RSS %.0f MB\n",
         b / 1e6, w, b / 1e6 / w, b / 1e6 / c, r / 1024 }'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
