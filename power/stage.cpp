#include "power/stage.hpp"

#include "power/power_error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace rackcalc::power {

std::string_view to_string(StageKind kind) {
    return stage_kind_words.name(kind);
}

std::string to_string(const Bus& bus) {
    switch (bus.type) {
    case BusType::ac_3phase:
        return fmt::format("{:g} V AC 3-phase", bus.V);
    case BusType::dc:
        return fmt::format("{:g} V DC", bus.V);
    case BusType::dc_bipolar:
        return fmt::format("+/-{:g} V DC bipolar", 0.5 * bus.V);
    }
    return "?";
}

std::string to_string(const RedundancySpec& r) {
    switch (r.scheme) {
    case Redundancy::n:
        return "N";
    case Redundancy::n_plus_x:
        return fmt::format("N+{}", r.spare);
    case Redundancy::two_n:
        return "2N";
    case Redundancy::block:
        return fmt::format("{}N/{}", r.blocks, r.blocks - r.spare);
    }
    return "?";
}

std::string_view to_string(Redundancy r) {
    switch (r) {
    case Redundancy::n:
        return "N";
    case Redundancy::n_plus_x:
        return "N+X";
    case Redundancy::two_n:
        return "2N";
    case Redundancy::block:
        return "block";
    }
    return "?";
}

std::string_view to_string(Location location) {
    return location_words.name(location);
}

std::string_view to_string(Medium medium) {
    return medium_words.name(medium);
}

namespace {

[[noreturn]] void bad_counts(const Stage& s, const std::string& why) {
    throw PowerInputError(s.name, "modules",
                          fmt::format("{} installed module(s) with redundancy {}: {}", s.modules,
                                      to_string(s.redundancy.scheme), why));
}

std::string watts(double P) {
    const double a = std::abs(P);
    if (a >= 1e6) {
        return fmt::format("{:.6g} MW", P * 1e-6);
    }
    if (a >= 1e3) {
        return fmt::format("{:.6g} kW", P * 1e-3);
    }
    return fmt::format("{:.6g} W", P);
}

bool same_bus(const Bus& a, const Bus& b) {
    return a.type == b.type && std::abs(a.V - b.V) <= 1e-9 * std::max(std::abs(a.V), std::abs(b.V));
}

} // namespace

ModuleCounts module_counts(const Stage& s) {
    const RedundancySpec& r = s.redundancy;
    if (s.modules < 1) {
        bad_counts(s, "at least one module is needed");
    }
    ModuleCounts c;
    switch (r.scheme) {
    case Redundancy::n:
        c.needed = s.modules;
        break;
    case Redundancy::n_plus_x:
        if (r.spare < 0 || r.spare >= s.modules) {
            bad_counts(s, fmt::format("X = {} spare(s) must be >= 0 and leave at least one "
                                      "needed module",
                                      r.spare));
        }
        c.needed = s.modules - r.spare;
        break;
    case Redundancy::two_n:
        if (s.modules % 2 != 0) {
            bad_counts(s, "2N needs an even count (the same number of modules on each side)");
        }
        c.needed = s.modules / 2;
        break;
    case Redundancy::block:
        if (r.blocks < 1 || s.modules % r.blocks != 0) {
            bad_counts(s, fmt::format("{} block(s) must divide the module count", r.blocks));
        }
        if (r.spare < 0 || r.spare >= r.blocks) {
            bad_counts(s, fmt::format("{} spare block(s) of {} must be >= 0 and leave one "
                                      "needed block",
                                      r.spare, r.blocks));
        }
        c.needed = (r.blocks - r.spare) * (s.modules / r.blocks);
        break;
    }
    // 2N sides both carry load by definition; other schemes may keep spares idle.
    const bool share = r.spares_share_load || r.scheme == Redundancy::two_n;
    c.active = share ? s.modules : c.needed;
    c.idle = s.modules - c.active;
    return c;
}

double rated_output(const Stage& s) {
    return module_counts(s).needed * s.P_module_W;
}

void check_stage(const Stage& s) {
    if (!(s.P_module_W > 0.0) || !std::isfinite(s.P_module_W)) {
        throw PowerInputError(s.name, "module_rating",
                              fmt::format("module rating {} W must be > 0", s.P_module_W));
    }
    for (const auto* bus : {&s.input, &s.output}) {
        if (!(bus->V > 0.0)) {
            throw PowerInputError(s.name, bus == &s.input ? "input_voltage" : "output_voltage",
                                  fmt::format("voltage {} V must be > 0", bus->V));
        }
    }
    if (!(s.footprint_m2 >= 0.0)) {
        throw PowerInputError(s.name, "footprint",
                              fmt::format("footprint {} m2 must be >= 0", s.footprint_m2));
    }
    (void)module_counts(s);
    check_loss_curve(s.curve, s.name);
}

StageResult evaluate(const Stage& s, double P_out_W) {
    if (!(s.P_module_W > 0.0) || !std::isfinite(s.P_module_W)) {
        check_stage(s); // throws with the details
    }
    const ModuleCounts c = module_counts(s);
    if (!(P_out_W >= 0.0)) {
        throw PowerInputError(s.name, "P_out",
                              fmt::format("output power {} must be >= 0", watts(P_out_W)));
    }
    const double P_rated = c.needed * s.P_module_W;
    if (P_out_W > P_rated * (1.0 + 1e-9)) {
        throw PowerInputError(
            s.name, "P_out",
            fmt::format("load {} is above the rating {} ({} needed x {}; {} installed, "
                        "redundancy {}); size the stage for at least {}",
                        watts(P_out_W), watts(P_rated), c.needed, watts(s.P_module_W), s.modules,
                        to_string(s.redundancy.scheme), watts(P_out_W)));
    }
    StageResult r;
    r.P_out_W = P_out_W;
    r.modules_active = c.active;
    const double P_active = c.active * s.P_module_W;
    r.load_fraction = P_out_W / P_active;
    r.P_loss_W = P_active * s.curve.loss_pu(r.load_fraction);
    if (c.idle > 0 && s.redundancy.idle_spares_energised) {
        r.P_loss_W += c.idle * s.P_module_W * s.curve.k0;
    }
    r.P_in_W = P_out_W + r.P_loss_W;
    r.efficiency = r.P_in_W > 0.0 ? P_out_W / r.P_in_W : 0.0;
    return r;
}

void check_chain(const Chain& chain) {
    if (chain.stages.empty()) {
        throw PowerInputError(chain.name, "stages", "a chain needs at least one stage");
    }
    if (chain.system_first > chain.system_last || chain.system_last >= chain.stages.size()) {
        throw PowerInputError(chain.name, "system",
                              fmt::format("system range stages {}..{} is outside the {} stage(s)",
                                          chain.system_first, chain.system_last,
                                          chain.stages.size()));
    }
    for (std::size_t i = 0; i < chain.stages.size(); ++i) {
        check_stage(chain.stages[i]);
        if (i + 1 < chain.stages.size()) {
            const Stage& a = chain.stages[i];
            const Stage& b = chain.stages[i + 1];
            if (!same_bus(a.output, b.input)) {
                throw PowerInputError(
                    b.name, "input_voltage",
                    fmt::format("stage \"{}\" outputs {} but the next stage \"{}\" expects {}; "
                                "insert a converter or fix one of the voltages",
                                a.name, to_string(a.output), b.name, to_string(b.input)));
            }
        }
    }
}

void evaluate_chain(const Chain& chain, double P_it_W, ChainResult& out) {
    const std::size_t n = chain.stages.size();
    if (n == 0 || chain.system_last >= n || chain.system_first > chain.system_last) {
        check_chain(chain); // throws with the details
    }
    // Voltage matching is cheap; check it on every call without building strings.
    for (std::size_t i = 0; i + 1 < n; ++i) {
        if (!same_bus(chain.stages[i].output, chain.stages[i + 1].input)) {
            check_chain(chain); // throws with the details
        }
    }
    out.stages.resize(n);
    out.loss_by_location = {};
    out.P_it_W = P_it_W;
    double P = P_it_W;
    double P_loss = 0.0;
    for (std::size_t k = n; k-- > 0;) {
        const Stage& s = chain.stages[k];
        check_loss_curve(s.curve, s.name);
        StageResult& r = out.stages[k];
        r = evaluate(s, P);
        P_loss += r.P_loss_W;
        out.loss_by_location[static_cast<std::size_t>(s.location)]
                            [static_cast<std::size_t>(s.medium)] += r.P_loss_W;
        P = r.P_in_W;
    }
    out.P_in_W = P;
    out.P_loss_W = P_loss;
    out.efficiency = P > 0.0 ? P_it_W / P : 0.0;
    const double P_sys_in = out.stages[chain.system_first].P_in_W;
    out.system_efficiency = P_sys_in > 0.0 ? out.stages[chain.system_last].P_out_W / P_sys_in : 0.0;
}

ChainResult evaluate_chain(const Chain& chain, double P_it_W) {
    ChainResult out;
    evaluate_chain(chain, P_it_W, out);
    return out;
}

} // namespace rackcalc::power
