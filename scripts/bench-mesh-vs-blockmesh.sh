#!/usr/bin/env bash
# Mesh writing time: RackCalc's hex mesher + polyMesh writer against OpenFOAM's blockMesh on
# the same geometry (the cold-plate unit cell of bench/bench_mesh.cpp at about 1 million
# cells: half fin 0.1 mm, half channel 0.1 mm, 40 mm long, 2 mm base, 3 mm fins), one after
# the other in one run. Usage: scripts/bench-mesh-vs-blockmesh.sh [build-dir] (default
# build/release; build it first with cmake --preset release && cmake --build --preset release).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export WM_PROJECT_DIR=/usr/share/openfoam

echo "== RackCalc hex mesher + polyMesh writer (bench_mesh, 1M-cell unit cell)"
"$build/bench/bench_mesh" --benchmark_filter='BM_BuildAndWritePolyMesh/1000000' \
  --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

# The same cell counts as bench_mesh's unit_cell(1e6): x 31 + 31, y 406, z 17 + 25.
mkdir -p "$work/system"
cat > "$work/system/controlDict" <<'DICT'
FoamFile { version 2.0; format ascii; class dictionary; object controlDict; }
application blockMesh; startFrom startTime; startTime 0; stopAt endTime; endTime 1;
deltaT 1; writeControl timeStep; writeInterval 1; writeFormat ascii;
DICT
cat > "$work/system/blockMeshDict" <<'DICT'
FoamFile { version 2.0; format ascii; class dictionary; object blockMeshDict; }
convertToMeters 0.001;
vertices
(
    (0 0 0) (0.1 0 0) (0.2 0 0)  (0 40 0) (0.1 40 0) (0.2 40 0)
    (0 0 2) (0.1 0 2) (0.2 0 2)  (0 40 2) (0.1 40 2) (0.2 40 2)
    (0 0 5) (0.1 0 5) (0.2 0 5)  (0 40 5) (0.1 40 5) (0.2 40 5)
);
blocks
(
    hex (0 1 4 3 6 7 10 9)      plate   (31 406 17) simpleGrading (1 1 1)
    hex (1 2 5 4 7 8 11 10)     plate   (31 406 17) simpleGrading (1 1 1)
    hex (6 7 10 9 12 13 16 15)  plate   (31 406 25) simpleGrading (1 1 1)
    hex (7 8 11 10 13 14 17 16) coolant (31 406 25) simpleGrading (1 1 1)
);
edges ();
boundary ();
DICT
echo "== OpenFOAM blockMesh, same geometry and cell counts (3 runs)"
TIMEFORMAT="blockMesh wall %R s"
for i in 1 2 3; do
  time blockMesh -case "$work" > "$work/log.blockMesh" 2>&1 || { cat "$work/log.blockMesh"; exit 1; }
done
grep -m1 "nCells" "$work/log.blockMesh" || true
