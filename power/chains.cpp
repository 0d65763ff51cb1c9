#include "power/chains.hpp"

#include "core/input_error.hpp"
#include "power/conductor.hpp"
#include "power/power_error.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

namespace rackcalc::power {

namespace {

Bus ac(double V) {
    return Bus{BusType::ac_3phase, V};
}
Bus dc(double V) {
    return Bus{BusType::dc, V};
}
Bus bipolar(double V_pole_to_pole) {
    return Bus{BusType::dc_bipolar, V_pole_to_pole};
}

/// Voltages at the chip end, common to every chain.
constexpr double V_rack = 54.0;  // ORv3 / GB200 rack bus, 54 V nominal [R17, R30]
constexpr double V_board = 12.0; // intermediate bus on the compute tray [R30]
constexpr double V_core = 0.8;   // accelerator core rail (inferred)
/// Six-pulse bridge: V_dc = (3 sqrt(2) / pi) V_LL = 1.35 V_LL (textbook; multi-pulse
/// rectifiers keep the same ratio), used for the Panama transformer's secondary voltage.
const double bridge_ratio = 3.0 * std::numbers::sqrt2 / std::numbers::pi;

struct StagePlan {
    std::string component;
    std::string name;
    Bus input;
    Bus output;
    std::optional<Redundancy> redundancy = std::nullopt;
};

ConductorSpec conductor_spec(const ComponentData& c, const Bus& bus) {
    ConductorSpec s;
    s.topology = bus.type == BusType::ac_3phase ? Topology::ac_3phase
                 : bus.type == BusType::dc      ? Topology::dc_2wire
                                                : Topology::dc_bipolar;
    s.V = bus.V;
    s.PF = c.PF;
    s.length = c.length;
    s.J = c.J;
    s.T = c.T;
    s.extra_conductors = c.extra_conductors;
    return s;
}

/// A stage from its component data, sized so it carries P_out_design [W].
Stage make_stage(const StagePlan& plan, const ComponentData& c, double P_out_design, int racks) {
    Stage s;
    s.name = plan.name;
    s.kind = c.kind;
    s.input = plan.input;
    s.output = plan.output;
    s.location = c.location;
    s.medium = c.medium;
    s.redundancy = c.redundancy;
    if (plan.redundancy) {
        s.redundancy.scheme = *plan.redundancy;
        if (*plan.redundancy == Redundancy::n_plus_x && s.redundancy.spare == 0) {
            s.redundancy.spare = 1;
        }
    }
    if (c.kind == StageKind::conductor) {
        if (plan.input != plan.output) {
            throw PowerInputError(plan.name, "output_voltage",
                                  "a conductor stage cannot change the voltage");
        }
        s.curve = conductor_loss_curve(conductor_spec(c, plan.input));
        s.modules = 1;
        s.redundancy = RedundancySpec{};
        s.P_module_W = P_out_design / c.design_loading; // ampacity-sized at design / loading
        return s;
    }
    s.curve = c.curve;
    const int units = c.per_rack ? racks : 1;
    const double P_unit = P_out_design / units;
    const int N = c.modules_needed;
    int groups = 1;
    if (c.P_module_W) {
        s.P_module_W = *c.P_module_W;
        groups = static_cast<int>(std::ceil(P_unit / (N * s.P_module_W * c.design_loading) - 1e-9));
        groups = std::max(groups, 1);
    } else {
        s.P_module_W = P_unit / (N * c.design_loading);
    }
    const int needed = units * groups * N;
    const RedundancySpec& r = s.redundancy;
    switch (r.scheme) {
    case Redundancy::n:
        s.modules = needed;
        break;
    case Redundancy::n_plus_x:
        s.modules = needed + units * groups * r.spare;
        s.redundancy.spare = units * groups * r.spare;
        break;
    case Redundancy::two_n:
        s.modules = 2 * needed;
        break;
    case Redundancy::block: {
        const int needed_blocks = r.blocks - r.spare;
        if (needed_blocks < 1 || N % needed_blocks != 0) {
            throw PowerInputError(c.name, "blocks",
                                  fmt::format("{} needed module(s) cannot be split over {} "
                                              "needed block(s)",
                                              N, needed_blocks));
        }
        s.modules = units * groups * r.blocks * (N / needed_blocks);
        s.redundancy.blocks = units * groups * r.blocks;
        s.redundancy.spare = units * groups * r.spare;
        break;
    }
    }
    s.footprint_m2 = c.footprint_per_W * s.modules * s.P_module_W;
    return s;
}

ChainOptions resolve(ChainOptions o, const ComponentLibrary& lib) {
    if (o.P_it_design_W <= 0.0) {
        o.P_it_design_W = lib.P_it_design_W;
    }
    if (o.racks <= 0) {
        o.racks = lib.racks;
    }
    return o;
}

/// Sizes the planned stages from the chip back to the feed and returns the chain.
Chain build(std::string name, const std::vector<StagePlan>& plan, std::size_t system_first,
            std::size_t system_last, std::string boundary, const ChainOptions& options,
            const ComponentLibrary& lib) {
    const ChainOptions o = resolve(options, lib);
    Chain chain;
    chain.name = std::move(name);
    chain.system_first = system_first;
    chain.system_last = system_last;
    chain.system_boundary = std::move(boundary);
    chain.stages.resize(plan.size());
    double P = o.P_it_design_W;
    for (std::size_t k = plan.size(); k-- > 0;) {
        chain.stages[k] = make_stage(plan[k], lib.at(plan[k].component), P, o.racks);
        P = evaluate(chain.stages[k], P).P_in_W;
    }
    check_chain(chain);
    return chain;
}

/// 54 V busbar, 54 -> 12 V and point of load: the tail every chain but 800 -> 12 V shares.
void add_rack_tail(std::vector<StagePlan>& plan) {
    plan.push_back({"rack_busbar_54v", "54 V rack busbar", dc(V_rack), dc(V_rack)});
    plan.push_back({"ibc_54v_12v", "54 -> 12 V bus converter", dc(V_rack), dc(V_board)});
    plan.push_back({"pol_12v", "point-of-load regulator", dc(V_board), dc(V_core)});
}

} // namespace

Chain ac_ups_chain(const ChainOptions& options, const ComponentLibrary& lib) {
    const ChainOptions& o = options;
    std::vector<StagePlan> plan{
        {"mv_lv_transformer", "MV/LV transformer", ac(o.V_mv), ac(o.V_lv)},
        {"ups_double_conversion", "double-conversion UPS", ac(o.V_lv), ac(o.V_lv),
         o.facility_redundancy},
        {"lv_distribution_ac", "LV distribution", ac(o.V_lv), ac(o.V_lv)},
        {"pdu", "PDU / RPP", ac(o.V_lv), ac(o.V_lv)},
        {"orv3_ac_shelf", "ORv3 AC -> 54 V power shelf", ac(o.V_lv), dc(V_rack)},
    };
    add_rack_tail(plan);
    return build("ac_ups", plan, 0, 1,
                 "MV feed to UPS output (transformer + UPS), seed-facts table 17 'UPS 92 %'",
                 options, lib);
}

Chain hvdc_chain(const ChainOptions& options, const ComponentLibrary& lib) {
    const ChainOptions& o = options;
    std::vector<StagePlan> plan{
        {"mv_lv_transformer", "MV/LV transformer", ac(o.V_mv), ac(o.V_lv)},
        {"hvdc_rectifier", fmt::format("HVDC rectifier {:g} V", o.V_hvdc), ac(o.V_lv), dc(o.V_hvdc),
         o.facility_redundancy},
        {"dc_distribution", "DC distribution", dc(o.V_hvdc), dc(o.V_hvdc)},
        {"hvdc_rack_shelf", fmt::format("rack {:g} V DC -> 54 V shelf", o.V_hvdc), dc(o.V_hvdc),
         dc(V_rack)},
    };
    add_rack_tail(plan);
    return build(fmt::format("hvdc_{:g}v", o.V_hvdc), plan, 0, 1,
                 "MV feed to HVDC bus (transformer + rectifier), seed-facts table 17 'HVDC 93 %'",
                 options, lib);
}

Chain dc800_sidecar_chain(const ChainOptions& options, const ComponentLibrary& lib) {
    const ChainOptions& o = options;
    if (o.V_rack_800 != V_rack && o.V_rack_800 != V_board) {
        throw PowerInputError("800 V sidecar", "V_rack_800",
                              fmt::format("in-rack conversion from 800 V goes to 54 V or 12 V, "
                                          "not {:g} V",
                                          o.V_rack_800));
    }
    std::vector<StagePlan> plan{
        {"mv_lv_transformer", "MV/LV transformer", ac(o.V_mv), ac(o.V_lv)},
        {"lv_distribution_ac", "LV feeder to sidecar", ac(o.V_lv), ac(o.V_lv)},
        {"sidecar_rectifier_800v", "sidecar rectifier -> 800 V", ac(o.V_lv), dc(800.0),
         o.facility_redundancy},
        {"busway_800v", "800 V busway", dc(800.0), dc(800.0)},
    };
    if (o.V_rack_800 == V_rack) {
        plan.push_back({"dcdc_800v_54v", "800 -> 54 V converter", dc(800.0), dc(V_rack)});
        add_rack_tail(plan);
    } else {
        plan.push_back({"dcdc_800v_12v", "800 -> 12 V converter", dc(800.0), dc(V_board)});
        plan.push_back({"pol_12v", "point-of-load regulator", dc(V_board), dc(V_core)});
    }
    return build(fmt::format("dc800_sidecar_{:g}v", o.V_rack_800), plan, 0, 2,
                 "MV feed to 800 V DC bus (transformer + feeder + sidecar rectifier); no "
                 "published system figure",
                 options, lib);
}

Chain bipolar400_chain(const ChainOptions& options, const ComponentLibrary& lib) {
    const ChainOptions& o = options;
    std::vector<StagePlan> plan{
        {"mv_lv_transformer", "MV/LV transformer", ac(o.V_mv), ac(o.V_lv)},
        {"lv_distribution_ac", "LV feeder to power rack", ac(o.V_lv), ac(o.V_lv)},
        {"power_rack_pm400", "power rack AC -> +/-400 V", ac(o.V_lv), bipolar(800.0),
         o.facility_redundancy},
        {"busbar_pm400", "+/-400 V busbar", bipolar(800.0), bipolar(800.0)},
        {"dcdc_800v_54v", "+/-400 -> 54 V converter", bipolar(800.0), dc(V_rack)},
    };
    add_rack_tail(plan);
    return build("pm400_disaggregated", plan, 0, 2,
                 "MV feed to +/-400 V bus (transformer + feeder + power rack); no published "
                 "system figure",
                 options, lib);
}

Chain panama_chain(const ChainOptions& options, const ComponentLibrary& lib) {
    const ChainOptions& o = options;
    const Bus secondary = ac(o.V_panama / bridge_ratio);
    std::vector<StagePlan> plan{
        {"panama_transformer", "10 kV phase-shifting transformer", ac(o.V_mv), secondary},
        {"panama_rectifier", fmt::format("multi-pulse rectifier -> {:g} V", o.V_panama), secondary,
         dc(o.V_panama)},
        {"dc_distribution", "DC distribution", dc(o.V_panama), dc(o.V_panama)},
        {"hvdc_rack_shelf", fmt::format("rack {:g} V DC -> 54 V shelf", o.V_panama), dc(o.V_panama),
         dc(V_rack)},
    };
    add_rack_tail(plan);
    return build(fmt::format("panama_{:g}v", o.V_panama), plan, 0, 1,
                 "10 kV feed to DC bus (phase-shifting transformer + rectifier), seed-facts "
                 "table 17 'Panama 97.5 %'",
                 options, lib);
}

Chain sst_chain(const ChainOptions& options, const ComponentLibrary& lib) {
    const ChainOptions& o = options;
    std::vector<StagePlan> plan{
        {"sst", "solid-state transformer -> 800 V", ac(o.V_mv), dc(800.0), o.facility_redundancy},
        {"dc_distribution", "800 V DC distribution", dc(800.0), dc(800.0)},
        {"dcdc_800v_54v", "800 -> 54 V converter", dc(800.0), dc(V_rack)},
    };
    add_rack_tail(plan);
    return build("sst", plan, 0, 0,
                 "10 kV feed to 800 V DC bus (the SST), seed-facts table 17 'SST 98.5 %'", options,
                 lib);
}

Chain reference_chain(std::string_view id, const ChainOptions& options,
                      const ComponentLibrary& lib) {
    ChainOptions o = options;
    if (id == "ac-ups") {
        return ac_ups_chain(o, lib);
    }
    if (id == "hvdc-240" || id == "hvdc-336" || id == "hvdc-380") {
        o.V_hvdc = id == "hvdc-240" ? 240.0 : id == "hvdc-336" ? 336.0 : 380.0;
        return hvdc_chain(o, lib);
    }
    if (id == "dc-800") {
        return dc800_sidecar_chain(o, lib);
    }
    if (id == "dc-pm400") {
        return bipolar400_chain(o, lib);
    }
    if (id == "panama-240" || id == "panama-336") {
        o.V_panama = id == "panama-240" ? 240.0 : 336.0;
        return panama_chain(o, lib);
    }
    if (id == "sst-800") {
        return sst_chain(o, lib);
    }
    const std::vector<std::string> ids{"ac-ups",   "hvdc-240",   "hvdc-336",   "hvdc-380", "dc-800",
                                       "dc-pm400", "panama-240", "panama-336", "sst-800"};
    const std::string guess = core::closest_match(std::string(id), ids);
    throw PowerInputError(std::string(id), "chain",
                          fmt::format("unknown power chain \"{}\"; {}", id,
                                      guess.empty() ? "use one of ac-ups, hvdc-240, hvdc-336, "
                                                      "hvdc-380, dc-800, dc-pm400, panama-240, "
                                                      "panama-336, sst-800"
                                                    : fmt::format("did you mean \"{}\"?", guess)));
}

Redundancy redundancy_from_string(std::string_view text) {
    if (text == "N") {
        return Redundancy::n;
    }
    if (text == "2N") {
        return Redundancy::two_n;
    }
    if (text.size() > 2 && text.substr(0, 2) == "N+") {
        return Redundancy::n_plus_x;
    }
    throw PowerInputError("redundancy", "redundancy",
                          fmt::format("\"{}\" is not N, N+1 (N+X) or 2N", text));
}

std::vector<Chain> reference_chains(const ChainOptions& options, const ComponentLibrary& lib) {
    return {ac_ups_chain(options, lib),        hvdc_chain(options, lib),
            dc800_sidecar_chain(options, lib), bipolar400_chain(options, lib),
            panama_chain(options, lib),        sst_chain(options, lib)};
}

double calibrate_stage_scale(Chain& chain, std::size_t index, double P_it_W, double target) {
    if (index >= chain.stages.size()) {
        throw PowerInputError(
            chain.name, "index",
            fmt::format("stage index {} is outside the {} stage(s)", index, chain.stages.size()));
    }
    Stage& s = chain.stages[index];
    const LossCurve shape = s.curve;
    ChainResult r;
    auto eta = [&](double scale) {
        s.curve = LossCurve{shape.k0 * scale, shape.k1 * scale, shape.k2 * scale};
        try {
            evaluate_chain(chain, P_it_W, r);
        } catch (const PowerInputError&) {
            return -1.0; // a stage upstream is overloaded: far below any target
        }
        return r.system_efficiency;
    };
    double lo = 0.0;
    double hi = 1.0;
    if (eta(lo) < target) {
        s.curve = shape;
        throw PowerInputError(
            s.name, "calibration",
            fmt::format("system efficiency {:.4f} without any loss in this stage is already "
                        "below the target {:.4f}",
                        r.system_efficiency, target));
    }
    while (eta(hi) > target) {
        hi *= 2.0;
        if (hi > 1e6) {
            s.curve = shape;
            throw PowerInputError(s.name, "calibration", "the target cannot be reached");
        }
    }
    for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        (eta(mid) > target ? lo : hi) = mid;
    }
    const double scale = 0.5 * (lo + hi);
    eta(scale);
    return scale;
}

} // namespace rackcalc::power
