// One steady solve of the whole coolant loop and every chip temperature, from the template:
// a GB300 NVL72 rack, the 16-rack CloudMatrix 384, and halls of NVL72 racks on shared CDUs.

#include "cases/case.hpp"
#include "geometry/assembly.hpp"
#include "thermal/fluid.hpp"
#include "thermal/rack_loop.hpp"

#include <benchmark/benchmark.h>
#include <filesystem>
#include <fstream>

namespace {

using namespace rackcalc;
namespace fs = std::filesystem;

cases::CaseSpec load(const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-bench";
    fs::create_directories(dir);
    const fs::path file = dir / "case.toml";
    std::ofstream(file) << text;
    const cases::TemplateLibrary lib({fs::path(RACKCALC_SOURCE_DIR) / "cases" / "templates"});
    return cases::load_case(file, lib);
}

/// Solves the loop of `spec` at its design flow, over and over; building the network (and
/// its sparsity pattern) happens once, as in a sweep.
void solve_loop(benchmark::State& state, const cases::CaseSpec& spec) {
    const auto assembly = geometry::build_assembly(spec.layout);
    thermal::RackLoop loop(assembly, spec.layout, spec.loop,
                           thermal::fluid_by_name(spec.cooling.coolant));
    const double V = spec.cooling.flow_per_power_m3_per_J * loop.liquid_heat_W();
    const double T = spec.cooling.supply_temperature.value();
    // Alternate two flows so that every solve does real Newton work from a warm start.
    int k = 0;
    double steps = 0.0;
    for (auto _ : state) {
        auto r = loop.solve(V * (k++ % 2 == 0 ? 1.0 : 1.01), T);
        if (!r.converged) {
            state.SkipWithError(r.reason.c_str());
            break;
        }
        steps += r.iterations;
        benchmark::DoNotOptimize(r);
    }
    // Newton steps (factorizations) per solve: what the speed of a solve mostly depends on.
    state.counters["steps"] = benchmark::Counter(steps, benchmark::Counter::kAvgIterations);
    state.counters["racks"] = static_cast<double>(assembly.counts.at("racks"));
    state.counters["branches"] = static_cast<double>(loop.network().branch_count());
    state.counters["chips"] = static_cast<double>(assembly.counts.at("accelerators"));
}

void BM_GB300_NVL72_Rack(benchmark::State& state) {
    solve_loop(state, load("template = \"gb300-nvl72\"\n"));
}
BENCHMARK(BM_GB300_NVL72_Rack)->Unit(benchmark::kMicrosecond);

void BM_CloudMatrix384_System(benchmark::State& state) {
    solve_loop(state, load("template = \"cloudmatrix-384\"\n"));
}
BENCHMARK(BM_CloudMatrix384_System)->Unit(benchmark::kMicrosecond);

/// A hall: N GB300 NVL72 racks side by side on one shared CDU supply and return.
void BM_GB300_Hall(benchmark::State& state) {
    solve_loop(state,
               load("template = \"gb300-nvl72\"\n[[system.row]]\nrack = \"nvl72\"\ncount = " +
                    std::to_string(state.range(0)) + "\n"));
    state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_GB300_Hall)
    ->Arg(1)
    ->Arg(10)
    ->Arg(30)
    ->Arg(100)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();

} // namespace
