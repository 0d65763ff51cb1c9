// How long reading a case (template chain, merge, schema check) and placing its parts take.

#include "cases/case.hpp"
#include "geometry/assembly.hpp"

#include <benchmark/benchmark.h>
#include <filesystem>

namespace {

using namespace rackcalc;

const cases::TemplateLibrary& library() {
    static const cases::TemplateLibrary lib(
        {std::filesystem::path(RACKCALC_SOURCE_DIR) / "cases" / "templates"});
    return lib;
}

const char* const templates[] = {"gb200-nvl72",        "gb300-nvl72",     "vr-nvl144",
                                 "rubin-ultra-nvl576", "tpu-v7-ironwood", "cloudmatrix-384"};

void BM_LoadTemplate(benchmark::State& state) {
    const char* name = templates[state.range(0)];
    for (auto _ : state) {
        benchmark::DoNotOptimize(cases::load_template(name, library()));
    }
    state.SetLabel(name);
}
BENCHMARK(BM_LoadTemplate)->DenseRange(0, 5)->Unit(benchmark::kMicrosecond);

void BM_BuildAssembly(benchmark::State& state) {
    const char* name = templates[state.range(0)];
    const auto spec = cases::load_template(name, library());
    std::size_t parts = 0;
    for (auto _ : state) {
        const auto a = geometry::build_assembly(spec.layout);
        parts = a.parts.size();
        benchmark::DoNotOptimize(parts);
    }
    state.SetLabel(std::string(name) + ", " + std::to_string(parts) + " parts");
}
BENCHMARK(BM_BuildAssembly)->DenseRange(0, 5)->Unit(benchmark::kMicrosecond);

} // namespace
