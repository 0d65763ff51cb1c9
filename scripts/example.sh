#!/usr/bin/env bash
# Sets up, builds and runs the main job on the bundled example case.
# Usage: scripts/example.sh [CASE] [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
case_file="${1:-cases/examples/gb300-nvl72.toml}"
out_dir="${2:-out/$(basename "$case_file" .toml)}"
bash scripts/setup.sh
bash scripts/build.sh release
bin=build/release/app/rackcalc
"$bin" check "$case_file"
# xvfb-run gives VTK an X display for the rack picture (rack.png in the report).
xvfb-run -a "$bin" run "$case_file" -o "$out_dir"
