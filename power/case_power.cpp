#include "power/case_power.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace rackcalc::power {

namespace {

const StageOverrideSpec* override_of(const PowerSpec& spec, std::string_view id) {
    for (const auto& o : spec.stages) {
        if (o.id == id) {
            return &o;
        }
    }
    return nullptr;
}

/// The first of `keys` written in the override, or "" (the table) when none is.
std::string first_written(const StageOverrideSpec& o, std::initializer_list<const char*> keys) {
    for (const char* k : keys) {
        if (o.locations.contains(k)) {
            return k;
        }
    }
    return {};
}

const std::initializer_list<const char*> curve_keys{
    "efficiency",           "k0",    "k1", "k2", "no_load_loss", "load_loss", "peak_efficiency",
    "full_load_efficiency", "points"};

/// Which key of an override a kernel error about `kernel_key` is about.
std::string override_key(const StageOverrideSpec& o, const std::string& kernel_key) {
    if (kernel_key == "P_out") {
        return first_written(o, {"modules", "module_rating", "redundancy", "design_loading",
                                 "efficiency", "k0", "k1", "k2", "points"});
    }
    if (kernel_key == "modules") {
        return first_written(o, {"modules", "redundancy"});
    }
    if (kernel_key == "blocks" || kernel_key == "redundancy") {
        return first_written(o, {"redundancy", "modules"});
    }
    if (kernel_key == "loss_curve") {
        return first_written(o, curve_keys);
    }
    if (kernel_key == "output_voltage") {
        return first_written(o, {"output_voltage", "input_voltage"});
    }
    return first_written(o, {kernel_key.c_str()});
}

std::string fix_for(const std::string& kernel_key) {
    if (kernel_key == "P_out") {
        return "give the stage enough modules or a larger module_rating for the design IT "
               "power, or leave them out so RackCalc sizes the stage";
    }
    if (kernel_key == "input_voltage" || kernel_key == "output_voltage") {
        return "make the output voltage of each stage equal the input voltage of the next, or "
               "choose the chain with that voltage";
    }
    if (kernel_key == "modules" || kernel_key == "redundancy" || kernel_key == "blocks") {
        return "match the module count to the redundancy (2N: even; N+X: more than X; BN/M: a "
               "multiple of B)";
    }
    if (kernel_key == "loss_curve") {
        return "check the efficiency data: the loss must not be negative at any load";
    }
    return {};
}

void check_design_inputs(double P_it_design_W, int racks) {
    if (!(P_it_design_W > 0.0) || !std::isfinite(P_it_design_W)) {
        throw std::invalid_argument(
            fmt::format("design IT power {} W must be > 0 to size the power chain", P_it_design_W));
    }
    if (racks < 1) {
        throw std::invalid_argument(fmt::format("{} racks; at least one is needed", racks));
    }
}

Chain build_located(const PowerSpec& spec, std::string_view chain_id, const ChainOptions& o,
                    const ComponentLibrary& library) {
    try {
        Chain chain = reference_chain(chain_id, o, library);
        // Sizing already walked the chain at the design load; repeat it so that fixed
        // module counts and ratings from overrides are checked against the design.
        (void)evaluate_chain(chain, o.P_it_design_W);
        return chain;
    } catch (const PowerInputError& e) {
        throw located_error(e, spec, chain_id);
    }
}

} // namespace

ChainOptions case_chain_options(const PowerSpec& spec, double P_it_design_W, int racks,
                                bool with_overrides) {
    ChainOptions o;
    o.P_it_design_W = P_it_design_W;
    o.racks = racks;
    o.facility_redundancy = redundancy_from_string(spec.redundancy);
    o.end_at_trays = true; // the design IT power is the trays' power (the rack boundary)
    o.seed_table_curves = spec.seed_table_curves;
    o.ups_eco = spec.ups_eco;
    if (with_overrides) {
        for (const auto& s : spec.stages) {
            o.stage_overrides.emplace(s.id, s.values);
        }
    }
    return o;
}

Chain build_case_chain(const PowerSpec& spec, double P_it_design_W, int racks,
                       const ComponentLibrary& library) {
    return build_chain_for_case(spec, spec.chain, P_it_design_W, racks, std::nullopt, library);
}

Chain build_chain_for_case(const PowerSpec& spec, std::string_view chain_id, double P_it_design_W,
                           int racks, std::optional<Redundancy> redundancy,
                           const ComponentLibrary& library) {
    check_design_inputs(P_it_design_W, racks);
    ChainOptions o = case_chain_options(spec, P_it_design_W, racks, chain_id == spec.chain);
    if (redundancy) {
        o.facility_redundancy = redundancy;
    }
    return build_located(spec, chain_id, o, library);
}

core::InputError located_error(const PowerInputError& error, const PowerSpec& spec,
                               std::string_view chain_id) {
    std::vector<StageSlot> layout;
    try {
        layout = chain_layout(chain_id);
    } catch (const PowerInputError&) {
        // an unknown chain: report at [power] chain below
    }
    const std::string& key = error.key();
    std::size_t k = layout.size();
    for (std::size_t i = 0; i < layout.size(); ++i) {
        if (layout[i].name == error.stage() || layout[i].id == error.stage()) {
            k = i;
            break;
        }
    }
    core::Diagnostic d;
    bool found = false;
    if (chain_id == spec.chain && k < layout.size()) {
        if (const StageOverrideSpec* o = override_of(spec, layout[k].id)) {
            d = o->locations.at(override_key(*o, key));
            found = true;
        }
        // A mismatch at the input of a stage may come from the output of the one before.
        if (key == "input_voltage" && k > 0 &&
            (!found || !override_of(spec, layout[k].id)->locations.contains("input_voltage"))) {
            if (const StageOverrideSpec* prev = override_of(spec, layout[k - 1].id);
                prev != nullptr && prev->locations.contains("output_voltage")) {
                d = prev->locations.at("output_voltage");
                found = true;
            }
        }
    }
    if (!found) {
        auto it = spec.locations.find("chain");
        d = it != spec.locations.end() ? it->second : spec.locations.at("");
        if (d.key.empty()) {
            d.key = "power.chain";
        }
    }
    d.message = fmt::format("chain {}: {}", chain_id, error.what());
    d.fix = fix_for(key);
    return core::InputError(std::move(d));
}

LoadProfile swing_it_profile(const SwingSpec& swing, double P_it_design_W) {
    const double P_low = swing.low_fraction * P_it_design_W;
    const double P_high = swing.high_fraction * P_it_design_W;
    try {
        switch (swing.profile) {
        case SwingProfile::square:
            return square_wave(P_low, P_high, swing.period_s, swing.duty, swing.duration_s,
                               swing.dt_s);
        case SwingProfile::ramp:
            return ramp_profile(P_low, P_high, swing.ramp_start_s, swing.ramp_time_s,
                                swing.duration_s, swing.dt_s);
        case SwingProfile::csv:
            return read_load_csv(swing.csv, swing.dt_s);
        }
    } catch (const PowerInputError& e) {
        core::Diagnostic d = swing.locations.contains("csv") ? swing.locations.at("csv")
                             : swing.locations.contains("")  ? swing.locations.at("")
                                                             : core::Diagnostic{};
        d.message = e.what();
        d.fix = "check the swing inputs (a CSV trace has two columns, time [s] and IT power "
                "[W], with increasing time)";
        throw core::InputError(std::move(d));
    }
    return {};
}

LoadProfile feed_profile(const Chain& chain, const LoadProfile& it) {
    LoadProfile feed{it.dt, std::vector<double>(it.P.size())};
    if (it.P.empty()) {
        return feed;
    }
    const auto [lo, hi] = std::minmax_element(it.P.begin(), it.P.end());
    const double P_min = *lo;
    const double P_max = *hi;
    ChainResult r;
    if (P_max <= P_min) {
        evaluate_chain(chain, P_min, r);
        std::fill(feed.P.begin(), feed.P.end(), r.P_in_W);
        return feed;
    }
    constexpr std::size_t nodes = 1025;
    std::vector<double> table(nodes);
    const double h = (P_max - P_min) / static_cast<double>(nodes - 1);
    for (std::size_t i = 0; i < nodes; ++i) {
        const double P = i + 1 == nodes ? P_max : P_min + static_cast<double>(i) * h;
        evaluate_chain(chain, P, r);
        table[i] = r.P_in_W;
    }
    for (std::size_t k = 0; k < it.P.size(); ++k) {
        if (it.P[k] >= P_max) {
            feed.P[k] = table.back(); // exact at the ends
            continue;
        }
        const double u = (it.P[k] - P_min) / h;
        const auto i = std::min(static_cast<std::size_t>(u), nodes - 2);
        const double f = u - static_cast<double>(i);
        feed.P[k] = f == 0.0 ? table[i] : table[i] + f * (table[i + 1] - table[i]);
    }
    return feed;
}

CaseSwing simulate_case_swing(const Chain& chain, const PowerSpec& spec, double P_it_design_W) {
    const SwingSpec& swing = spec.swing;
    const LoadProfile it = swing_it_profile(swing, P_it_design_W);
    LoadProfile feed;
    try {
        feed = feed_profile(chain, it);
    } catch (const PowerInputError& e) {
        core::Diagnostic d = swing.locations.contains("csv") ? swing.locations.at("csv")
                             : swing.locations.contains("")  ? swing.locations.at("")
                                                             : spec.locations.at("");
        d.message = fmt::format("the load swing does not fit the chain: {}", e.what());
        d.fix = "keep the swing within the design IT power";
        throw core::InputError(std::move(d));
    }
    CaseSwing out;
    out.duration_s = static_cast<double>(it.P.size()) * it.dt;
    try {
        out.result = simulate_swing(feed, swing.grid, swing.layers);
        const SwingResult it_only = simulate_swing(it, GridPolicy{}, {});
        out.it = it_only.load;
    } catch (const PowerInputError& e) {
        core::Diagnostic d =
            swing.locations.contains("") ? swing.locations.at("") : spec.locations.at("");
        d.message = e.what();
        throw core::InputError(std::move(d));
    }
    return out;
}

} // namespace rackcalc::power
