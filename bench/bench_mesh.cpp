// How long the direct hex mesher takes to build a mesh and to write it as an OpenFOAM
// polyMesh, per cell. The geometry is a cold-plate unit cell (half fin, half channel, base,
// cover) as in docs/performance.md, refined to the cell counts given as the argument.

#include "geometry/hex_mesh.hpp"
#include "geometry/polymesh_writer.hpp"

#include <benchmark/benchmark.h>
#include <cmath>
#include <filesystem>

namespace {

using namespace rackcalc::geometry;

/// Unit cell: 0.1 mm half fin + 0.1 mm half channel across, 40 mm long, 2 mm copper base
/// and 3 mm channel; spacing scaled so the mesh has about `cells` cells.
HexMeshSpec unit_cell(double cells) {
    HexMeshSpec s;
    s.domain = {{0, 0, 0}, {0.2e-3, 40e-3, 5e-3}};
    // Base spacing of 60 k cells: 24 x 160 x 16 (x 12 across each half), scaled by the
    // cube root of the requested count.
    const double f = std::cbrt(cells / (24.0 * 160.0 * 16.0));
    s.spacing = {AxisSpacing{0.2e-3 / (24.0 * f)}, AxisSpacing{40e-3 / (160.0 * f)},
                 AxisSpacing{5e-3 / (16.0 * f)}};
    s.domain_patches = {PatchSpec{"symmetry_fin", "symmetryPlane"},
                        PatchSpec{"symmetry_channel", "symmetryPlane"},
                        PatchSpec{"inlet", "patch"},
                        PatchSpec{"outlet", "patch"},
                        PatchSpec{"heated", "wall"},
                        PatchSpec{"cover", "wall"}};
    s.background_zone = "coolant";
    MeshBox base;
    base.box = {{0, 0, 0}, {0.2e-3, 40e-3, 2e-3}};
    base.zone = "plate";
    MeshBox fin;
    fin.box = {{0, 0, 2e-3}, {0.1e-3, 40e-3, 5e-3}};
    fin.zone = "plate";
    s.boxes = {base, fin};
    return s;
}

void BM_BuildHexMesh(benchmark::State& state) {
    const auto spec = unit_cell(static_cast<double>(state.range(0)));
    std::size_t cells = 0;
    for (auto _ : state) {
        const auto mesh = build_hex_mesh(spec);
        cells = mesh.n_cells;
        benchmark::DoNotOptimize(cells);
    }
    state.counters["cells"] = static_cast<double>(cells);
    state.counters["cells_per_s"] =
        benchmark::Counter(static_cast<double>(cells) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BuildHexMesh)
    ->Arg(60'000)
    ->Arg(300'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);

void BM_BuildAndWritePolyMesh(benchmark::State& state) {
    const auto spec = unit_cell(static_cast<double>(state.range(0)));
    const auto dir = std::filesystem::temp_directory_path() / "rackcalc-bench-polymesh";
    std::size_t cells = 0;
    for (auto _ : state) {
        const auto mesh = build_hex_mesh(spec);
        write_polymesh(mesh, dir);
        cells = mesh.n_cells;
    }
    std::filesystem::remove_all(dir);
    state.counters["cells"] = static_cast<double>(cells);
    state.counters["cells_per_s"] =
        benchmark::Counter(static_cast<double>(cells) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BuildAndWritePolyMesh)->Arg(300'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

} // namespace
