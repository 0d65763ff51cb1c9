#include "power/storage.hpp"

#include "power/power_error.hpp"
#include "power/spectrum.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <numeric>

namespace rackcalc::power {

namespace {

std::size_t sample_count(double duration, double dt, const char* who) {
    if (!(dt > 0.0) || !std::isfinite(dt)) {
        throw PowerInputError(who, "dt", fmt::format("time step {} s must be > 0", dt));
    }
    if (!(duration > 0.0) || !std::isfinite(duration)) {
        throw PowerInputError(who, "duration", fmt::format("duration {} s must be > 0", duration));
    }
    return static_cast<std::size_t>(std::llround(duration / dt));
}

TraceStats stats(std::span<const double> P, double dt, const SwingOptions& o) {
    TraceStats s;
    if (P.empty()) {
        return s;
    }
    const auto [lo, hi] = std::minmax_element(P.begin(), P.end());
    s.P_min = *lo;
    s.P_max = *hi;
    const double sum = std::accumulate(P.begin(), P.end(), 0.0);
    s.P_mean = sum / static_cast<double>(P.size());
    s.energy = sum * dt;
    double var = 0.0;
    for (std::size_t k = 0; k < P.size(); ++k) {
        var += (P[k] - s.P_mean) * (P[k] - s.P_mean);
        if (k > 0) {
            s.max_ramp = std::max(s.max_ramp, std::abs(P[k] - P[k - 1]) / dt);
        }
    }
    s.P_std = std::sqrt(var / static_cast<double>(P.size()));
    s.band_share = band_power_share(P, dt, o.band_lo, o.band_hi);
    return s;
}

} // namespace

LoadProfile square_wave(double P_low, double P_high, double period, double duty, double duration,
                        double dt) {
    const std::size_t n = sample_count(duration, dt, "square wave");
    if (!(period > 0.0)) {
        throw PowerInputError("square wave", "period",
                              fmt::format("period {} s must be > 0", period));
    }
    if (!(duty >= 0.0 && duty <= 1.0)) {
        throw PowerInputError("square wave", "duty",
                              fmt::format("duty {} must be in [0, 1]", duty));
    }
    LoadProfile p{dt, std::vector<double>(n)};
    for (std::size_t k = 0; k < n; ++k) {
        const double t = (static_cast<double>(k) + 0.5) * dt;
        const double phase = t / period - std::floor(t / period);
        p.P[k] = phase < duty ? P_high : P_low;
    }
    return p;
}

LoadProfile ramp_profile(double P_start, double P_end, double t_start, double t_ramp,
                         double duration, double dt) {
    const std::size_t n = sample_count(duration, dt, "ramp");
    if (!(t_ramp >= 0.0)) {
        throw PowerInputError("ramp", "t_ramp", fmt::format("ramp time {} s must be >= 0", t_ramp));
    }
    LoadProfile p{dt, std::vector<double>(n)};
    for (std::size_t k = 0; k < n; ++k) {
        const double t = (static_cast<double>(k) + 0.5) * dt;
        double f = 0.0;
        if (t >= t_start + t_ramp) {
            f = 1.0;
        } else if (t > t_start) {
            f = (t - t_start) / t_ramp;
        }
        p.P[k] = P_start + f * (P_end - P_start);
    }
    return p;
}

LoadProfile resample(std::span<const double> t, std::span<const double> P, double dt) {
    if (t.size() != P.size() || t.size() < 2) {
        throw PowerInputError("load trace", "points",
                              fmt::format("{} times and {} powers; at least two (t, P) pairs are "
                                          "needed",
                                          t.size(), P.size()));
    }
    const std::size_t n = sample_count(t.back() - t.front(), dt, "load trace");
    LoadProfile out{dt, std::vector<double>(n)};
    std::size_t j = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const double tk = t.front() + (static_cast<double>(k) + 0.5) * dt;
        while (j + 2 < t.size() && t[j + 1] < tk) {
            ++j;
        }
        const double f = std::clamp((tk - t[j]) / (t[j + 1] - t[j]), 0.0, 1.0);
        out.P[k] = P[j] + f * (P[j + 1] - P[j]);
    }
    return out;
}

LoadProfile read_load_csv(const std::filesystem::path& path, double dt) {
    const std::string file = path.string();
    std::ifstream in(path);
    if (!in) {
        throw PowerInputError("load trace", file, "cannot open the file");
    }
    std::vector<double> t;
    std::vector<double> P;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (auto hash = line.find('#'); hash != std::string::npos) {
            line.erase(hash);
        }
        for (char& c : line) {
            if (c == ',' || c == ';' || c == '\t' || c == '\r') {
                c = ' ';
            }
        }
        double v[2] = {0.0, 0.0};
        int found = 0;
        const char* p = line.data();
        const char* end = line.data() + line.size();
        bool bad = false;
        while (p < end && found <= 2) {
            while (p < end && *p == ' ') {
                ++p;
            }
            if (p == end) {
                break;
            }
            if (found == 2) {
                bad = true;
                break;
            }
            auto [next, ec] = std::from_chars(p, end, v[found]);
            if (ec != std::errc()) {
                bad = true;
                break;
            }
            ++found;
            p = next;
        }
        if (found == 0 && !bad) {
            continue; // blank or comment
        }
        if (bad || found != 2) {
            if (t.empty() && line_no == 1) {
                continue; // header line
            }
            throw PowerInputError("load trace", fmt::format("{}:{}", file, line_no),
                                  "expected two numbers, time [s] and power [W] (the line "
                                  "is not quoted: only case and template files are)");
        }
        if (!t.empty() && !(v[0] > t.back())) {
            throw PowerInputError(
                "load trace", fmt::format("{}:{}", file, line_no),
                fmt::format("time {} s is not after the previous {} s", v[0], t.back()));
        }
        t.push_back(v[0]);
        P.push_back(v[1]);
    }
    if (t.size() < 2) {
        throw PowerInputError("load trace", file, "fewer than two (t, P) rows");
    }
    return resample(t, P, dt);
}

SwingResult simulate_swing(const LoadProfile& load, const GridPolicy& grid,
                           std::span<const StorageLayer> layers, const SwingOptions& options) {
    const double dt = load.dt;
    const std::size_t n = load.P.size();
    if (!(dt > 0.0) || n == 0) {
        throw PowerInputError("load swing", "dt",
                              fmt::format("profile with {} samples and dt = {} s; need samples "
                                          "and dt > 0",
                                          n, dt));
    }
    if (!(grid.averaging_window >= 0.0)) {
        throw PowerInputError(
            "grid", "averaging_window",
            fmt::format("averaging window {} s must be >= 0", grid.averaging_window));
    }
    if (!(grid.ramp_limit > 0.0)) {
        throw PowerInputError("grid", "ramp_limit",
                              fmt::format("ramp limit {} W/s must be > 0", grid.ramp_limit));
    }
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const StorageLayer& L = layers[i];
        if (!(L.round_trip_efficiency > 0.0 && L.round_trip_efficiency <= 1.0)) {
            throw PowerInputError(
                L.name, "round_trip_efficiency",
                fmt::format("round-trip efficiency {} is outside (0, 1]", L.round_trip_efficiency));
        }
        if (i + 1 < layers.size() && !(L.tau > 0.0)) {
            throw PowerInputError(L.name, "tau",
                                  fmt::format("split time constant {} s must be > 0 (only the "
                                              "last layer may omit it)",
                                              L.tau));
        }
    }

    const std::span<const double> P(load.P);
    const double mean = std::accumulate(P.begin(), P.end(), 0.0) / static_cast<double>(n);
    const double dg_max = grid.ramp_limit * dt; // inf * dt stays inf

    SwingResult res;
    res.grid_trace.resize(n);
    res.layers.resize(layers.size());

    // Per-layer state: low-pass output, bus-side energy and its range.
    struct State {
        double lp = 0.0;
        double E = 0.0;
        double E_min = 0.0;
        double E_max = 0.0;
        double alpha = 1.0; ///< backward-Euler low-pass gain dt / (tau + dt)
        double eta = 1.0;   ///< one-way efficiency sqrt(eta_rt)
    };
    std::vector<State> st(layers.size());
    for (std::size_t i = 0; i < layers.size(); ++i) {
        st[i].alpha = layers[i].tau > 0.0 ? dt / (layers[i].tau + dt) : 1.0;
        st[i].eta = std::sqrt(layers[i].round_trip_efficiency);
        res.layers[i].name = layers[i].name;
    }

    double g =
        std::isnan(grid.P_initial) ? (grid.mode == GridMode::follow ? P[0] : mean) : grid.P_initial;
    const std::size_t window = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::llround(grid.averaging_window / dt)));
    double window_sum = 0.0; // running sum of the last `window` load samples
    for (std::size_t k = 0; k < n; ++k) {
        window_sum += P[k];
        if (k >= window) {
            window_sum -= P[k - window];
        }
        const double average = window_sum / static_cast<double>(std::min(k + 1, window));
        const double target = grid.mode == GridMode::follow ? average : mean;
        g += std::clamp(target - g, -dg_max, dg_max);
        res.grid_trace[k] = g;
    }
    if (layers.empty()) {
        for (std::size_t k = 0; k < n; ++k) {
            res.unserved_energy += std::abs(P[k] - res.grid_trace[k]) * dt;
        }
    } else {
        // The split of the residual u over the layers at one step: layer i keeps the part of
        // u_i above its corner frequency and passes its low-pass part on, clipped to lie
        // between 0 and u_i, so every layer's power has the sign of the residual and the
        // layers never charge one another (sum of |p_i| = |u|).
        auto split = [&](double u, auto&& on_layer) {
            for (std::size_t i = 0; i < layers.size(); ++i) {
                State& s = st[i];
                double p = u;
                if (i + 1 < layers.size()) {
                    s.lp += s.alpha * (u - s.lp);
                    const double slow = std::clamp(s.lp, std::min(0.0, u), std::max(0.0, u));
                    p = u - slow;
                    u = slow;
                }
                on_layer(i, p);
            }
        };
        // Warm start: passes over the trace bring the filters to the state the trace leaves
        // them in (for a periodic load, its periodic steady state) instead of zero, which
        // makes the slow layers drift through the first periods. Enough passes that the
        // start-up transient of the slowest filter has decayed to e^-10.
        double tau_max = 0.0;
        for (std::size_t i = 0; i + 1 < layers.size(); ++i) {
            tau_max = std::max(tau_max, layers[i].tau);
        }
        const double duration = static_cast<double>(n) * dt;
        const int passes =
            std::clamp(static_cast<int>(std::ceil(10.0 * tau_max / duration)), 1, 100);
        for (int pass = 0; pass < passes; ++pass) {
            for (std::size_t k = 0; k < n; ++k) {
                split(P[k] - res.grid_trace[k], [](std::size_t, double) {});
            }
        }
        for (std::size_t k = 0; k < n; ++k) {
            split(P[k] - res.grid_trace[k], [&](std::size_t i, double p) {
                State& s = st[i];
                LayerResult& r = res.layers[i];
                s.E += p * dt;
                s.E_min = std::min(s.E_min, s.E);
                s.E_max = std::max(s.E_max, s.E);
                if (p > 0.0) {
                    r.P_discharge_max = std::max(r.P_discharge_max, p);
                    r.throughput += p * dt;
                    r.loss += p * (1.0 / s.eta - 1.0) * dt;
                } else {
                    r.P_charge_max = std::max(r.P_charge_max, -p);
                    r.loss += -p * (1.0 - s.eta) * dt;
                }
            });
        }
    }
    for (std::size_t i = 0; i < layers.size(); ++i) {
        LayerResult& r = res.layers[i];
        r.energy_swing = st[i].E_max - st[i].E_min;
        r.energy_capacity = r.energy_swing / st[i].eta;
        res.storage_loss += r.loss;
    }
    res.load = stats(P, dt, options);
    res.grid = stats(res.grid_trace, dt, options);
    if (!options.keep_grid_trace) {
        res.grid_trace.clear();
        res.grid_trace.shrink_to_fit();
    }
    return res;
}

} // namespace rackcalc::power
