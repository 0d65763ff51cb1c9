#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang + AddressSanitizer, the `fuzz` preset) and runs
# each for a bounded time through CTest (30 s each by default; -Dfuzz_seconds=N changes it).
# Usage: scripts/fuzz.sh. See docs/fuzzing.md for a long campaign.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
ctest --preset fuzz
