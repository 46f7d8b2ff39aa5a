#!/usr/bin/env bash
# newsgraph's one entry point for people and CI (the README's quick start uses it):
#
#   ./dev.sh run     install what is missing, build, and build the graph of samples/ into out/
#   ./dev.sh test    install what is missing, build, and run the whole test suite (CTest)
#   ./dev.sh asan    the whole test suite in an AddressSanitizer + UBSan build (build-asan/, -O2 -g)
#   ./dev.sh fuzz [SECONDS]
#                    build the libFuzzer targets with clang + ASan + UBSan (build-fuzz/) and run each for
#                    SECONDS (default 60) from its seed corpus in tests/fuzz/corpus/
#   ./dev.sh setup   only install what is missing (Debian 12 packages, the npm packages tests use)
#   ./dev.sh build   only configure and build (build/)
#
# Needs Debian 12 (or newer) and root or sudo for apt-get the first time. Safe to run again: it installs
# only what is missing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git python3   # toolchain
  libboost-graph-dev rapidjson-dev libicu-dev                 # graph store, JSON, Unicode
  libgraphviz-dev graphviz fonts-noto-core fontconfig         # DOT/SVG with Arabic shaping
  libcli11-dev catch2                                         # command line, tests
  libmimalloc-dev                                             # the executable's allocator (speed)
  python3-rdflib python3-networkx chromium                    # real consumers the exports are checked with
  python3-distributed                                         # Dask: extract/merge on a local cluster (scale test)
  time                                                        # /usr/bin/time: peak memory in the 50 MB test
  clang libclang-rt-dev llvm                                  # fuzz build: clang, libFuzzer, llvm-symbolizer
)
JOBS=$(nproc 2>/dev/null || echo 2)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

setup() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "^install ok" || missing+=("$p")
  done
  if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
  if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  # The real consumers the tests check our outputs against (jsonld.js, Kuzu, ...), pinned by the lock file.
  if [ ! -f tests/js/node_modules/.package-lock.json ] ||
     ! cmp -s tests/js/package-lock.json tests/js/node_modules/.newsgraph-lock; then
    log "installing npm packages for the tests (tests/js)"
    (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
    cp tests/js/package-lock.json tests/js/node_modules/.newsgraph-lock
  fi
}

build() {
  log "building (build/)"
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$JOBS"
}

run_samples() {
  mkdir -p out
  log "building the graph of samples/ into out/"
  ./build/newsgraph build samples/*.txt --jsonld out/graph.jsonld --dot out/graph.dot --svg out/graph.svg
  ./build/newsgraph convert out/graph.jsonld
  log "wrote out/graph.jsonld, out/graph.dot, out/graph.svg"
}

run_tests() {
  log "running the test suite"
  ctest --test-dir build --output-on-failure -j "$JOBS"
}

run_asan() {
  # Optimised (RelWithDebInfo): the 50 MB single-line test takes minutes at -O2 under ASan, not the
  # quarter of an hour and more of a Debug build. tests/lsan.supp: leaks inside Graphviz and fontconfig.
  log "building with AddressSanitizer + UBSan (build-asan/)"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSGRAPH_SANITIZE=ON >/dev/null
  cmake --build build-asan -j "$JOBS"
  log "running the whole test suite under AddressSanitizer + UBSan"
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$JOBS"
}

run_fuzz() {
  local seconds=${1:-60}
  [[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "dev.sh fuzz: SECONDS must be a positive whole number" >&2; exit 2; }
  log "building the fuzz targets with clang + libFuzzer + ASan + UBSan (build-fuzz/)"
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSGRAPH_SANITIZE=ON \
    -DNEWSGRAPH_FUZZ_SECONDS="$seconds" >/dev/null
  cmake --build build-fuzz -j "$JOBS" --target fuzzers
  # The CTest entries of tests/fuzz/CMakeLists.txt: new inputs go to build-fuzz/tests/fuzz/work/, never
  # to the seed corpora; a crash, leak, timeout or broken invariant fails the run and leaves its input there.
  log "running each fuzz target for $seconds s"
  ctest --test-dir build-fuzz --output-on-failure -j "$JOBS" -R '^fuzz: ' --timeout $((seconds + 300))
}

case "${1:-}" in
  run) setup; build; run_samples ;;
  test) setup; build; run_tests ;;
  asan) setup; run_asan ;;
  fuzz) setup; run_fuzz "${2:-60}" ;;
  setup) setup ;;
  build) setup; build ;;
  *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
