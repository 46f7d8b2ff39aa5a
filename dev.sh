#!/usr/bin/env bash
# newsgraph's one entry point for people and CI (the README's quick start uses it):
#
#   ./dev.sh run     install what is missing, build, and build the graph of samples/ into out/
#   ./dev.sh test    install what is missing, build, and run the whole test suite (CTest)
#   ./dev.sh asan    the same tests in an AddressSanitizer + UBSan build (build-asan/)
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
  python3-rdflib python3-networkx chromium                    # real consumers the exports are checked with
  python3-distributed                                         # Dask: extract/merge on a local cluster (scale test)
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
  log "building with AddressSanitizer + UBSan (build-asan/)"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DNEWSGRAPH_SANITIZE=ON >/dev/null
  cmake --build build-asan -j "$JOBS"
  # The 50 MB single-line article takes over ten minutes under ASan; the plain test run covers it.
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$JOBS" -E "50 MB single-line"
}

case "${1:-}" in
  run) setup; build; run_samples ;;
  test) setup; build; run_tests ;;
  asan) setup; run_asan ;;
  setup) setup ;;
  build) setup; build ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
