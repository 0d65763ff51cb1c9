// A 1000-point sweep on the README's GB300 NVL72 example: supply temperature (40 values from
// 25 to 45 degC) x flow per kW (25 values from 0.8 to 2.0 L/min/kW), each point a whole
// fused system run in the fast mode, as `rackcalc run` does for a [[sweep]] block.

#include "cases/case.hpp"
#include "cases/sweep.hpp"
#include "cases/system_run.hpp"

#include <benchmark/benchmark.h>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using namespace rackcalc;
namespace fs = std::filesystem;

void sweep_1000(benchmark::State& state) {
    std::ifstream example(fs::path(RACKCALC_SOURCE_DIR) / "cases" / "examples" /
                          "gb300-nvl72.toml");
    std::stringstream text;
    text << example.rdbuf();
    text << "\n[[sweep]]\nname = \"supply-vs-flow\"\n"
            "parameters = [ { key = \"cooling.supply_temperature\", from = \"25 degC\", "
            "to = \"45 degC\", steps = 40 },\n"
            "  { key = \"cooling.flow_per_power\", from = \"0.8 L/min/kW\", "
            "to = \"2.0 L/min/kW\", steps = 25 } ]\n"
            "outputs = [\"pue\", \"worst_chip_margin_K\", \"coolant_flow_L_min\", "
            "\"grid_power_W\", \"annual_cost_USD\"]\n";
    const fs::path dir = fs::temp_directory_path() / "rackcalc-bench-sweep";
    fs::create_directories(dir);
    std::ofstream(dir / "case.toml") << text.str();
    const cases::TemplateLibrary lib({fs::path(RACKCALC_SOURCE_DIR) / "cases" / "templates"});
    const auto document = cases::read_case_document(dir / "case.toml", lib);
    const auto spec = cases::parse_case_document(document, document.merged);
    cases::RunOptions fast;
    fast.inverse = false;
    for (auto _ : state) {
        // The sweep appended above, after the example's own.
        const auto r = cases::run_sweep(document, spec.sweeps.back(), fast);
        if (r.rows.size() != 1000) {
            state.SkipWithError("the sweep did not give 1000 rows");
        }
        state.counters["ok"] = static_cast<double>(r.ok);
        state.counters["infeasible"] = static_cast<double>(r.infeasible);
        state.counters["failed"] = static_cast<double>(r.failed);
    }
}

BENCHMARK(sweep_1000)->Unit(benchmark::kSecond)->Iterations(1)->Repetitions(3);

} // namespace
