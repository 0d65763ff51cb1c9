// Power chains (issue 4): one whole chain at one load point (target <= 2 us) and one hour of
// load swing at 1 ms steps through the storage layers (target <= 1 s).

#include "power/case_power.hpp"
#include "power/chains.hpp"
#include "power/storage.hpp"

#include <benchmark/benchmark.h>
#include <string>

namespace {

using namespace rackcalc::power;

/// Every reference chain at its design load; alternating between two loads so each call does
/// the full evaluation (the result vector is reused, as in a sweep).
void BM_ChainOnePoint(benchmark::State& state) {
    const std::string id = chain_ids()[static_cast<std::size_t>(state.range(0))];
    const Chain chain = reference_chain(id);
    const double P = default_component_library().P_it_design_W;
    ChainResult r;
    int k = 0;
    for (auto _ : state) {
        evaluate_chain(chain, (k++ % 2 == 0 ? 0.75 : 0.76) * P, r);
        benchmark::DoNotOptimize(r.P_in_W);
    }
    state.SetLabel(id + ", " + std::to_string(chain.stages.size()) + " stages");
}
BENCHMARK(BM_ChainOnePoint)->DenseRange(0, 8)->Unit(benchmark::kMicrosecond);

/// One hour at 1 ms (3.6 million steps) of a 120 kW rack swinging 30 <-> 100 % at 1 Hz,
/// grid ramp-limited to 12 kW/s following the 10 s average, three storage layers; includes
/// the load and grid statistics (two FFTs of 2^22 points for the 0.1-20 Hz band share).
void BM_SwingHour(benchmark::State& state) {
    const double P = 120e3;
    const LoadProfile load = square_wave(0.3 * P, P, 1.0, 0.5, 3600.0, 1e-3);
    GridPolicy grid;
    grid.ramp_limit = 12e3;
    grid.averaging_window = 10.0;
    const StorageLayer layers[] = {{"PSU hold-up capacitors", 0.02, 0.98},
                                   {"rack BBU", 30.0, 0.95},
                                   {"facility battery", 0.0, 0.90}};
    for (auto _ : state) {
        const SwingResult r = simulate_swing(load, grid, layers);
        benchmark::DoNotOptimize(r.storage_loss);
    }
    state.SetLabel("3.6e6 steps, 3 layers");
}
BENCHMARK(BM_SwingHour)->Unit(benchmark::kMillisecond);

/// The same hour mapped from the IT side to the feed through the SST chain first
/// (feed_profile: 1025 chain evaluations and one interpolation per step).
void BM_SwingHourThroughChain(benchmark::State& state) {
    ChainOptions o;
    o.P_it_design_W = 120e3;
    o.racks = 1;
    const Chain chain = reference_chain("sst-800", o);
    const LoadProfile it = square_wave(0.3 * 120e3, 120e3, 1.0, 0.5, 3600.0, 1e-3);
    GridPolicy grid;
    grid.ramp_limit = 12e3;
    grid.averaging_window = 10.0;
    const StorageLayer layers[] = {{"PSU hold-up capacitors", 0.02, 0.98},
                                   {"rack BBU", 30.0, 0.95},
                                   {"facility battery", 0.0, 0.90}};
    for (auto _ : state) {
        const LoadProfile feed = feed_profile(chain, it);
        const SwingResult r = simulate_swing(feed, grid, layers);
        benchmark::DoNotOptimize(r.storage_loss);
    }
    state.SetLabel("feed map + 3.6e6 steps");
}
BENCHMARK(BM_SwingHourThroughChain)->Unit(benchmark::kMillisecond);

} // namespace
