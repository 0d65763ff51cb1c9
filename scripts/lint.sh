#!/usr/bin/env bash
# clang-format check (or fix with --fix) and clang-tidy over the project's C++ sources.
# clang-tidy needs a configured build for compile_commands.json: scripts/build.sh dev first.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
clang-format --dry-run --Werror "${files[@]}"
if [ "${1:-}" = "--tidy" ]; then
  mapfile -t sources < <(git ls-files '*.cpp' | grep -v '^tests/\|^bench/')
  clang-tidy -p build/dev --quiet "${sources[@]}"
fi
