#include "power/chains.hpp"

#include "core/input_error.hpp"
#include "power/conductor.hpp"
#include "power/power_error.hpp"
#include "power/power_spec.hpp"
#include "power/seed_table.hpp"
#include "power/transformer.hpp"

#include <algorithm>
#include <array>
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
    bool facility = false; ///< takes ChainOptions::facility_redundancy
    /// Sits on the IT trays, downstream of the rack boundary: its loss is part of the tray
    /// power a template gives (ChainOptions::end_at_trays).
    bool on_tray = false;
};

struct ChainPlan {
    std::string id;
    std::string name;
    std::vector<StagePlan> stages;
    std::size_t system_first = 0;
    std::size_t system_last = 0;
    std::string boundary;
};

constexpr bool facility = true;
constexpr bool on_tray = true;

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

[[noreturn]] void not_for_conductor(const StagePlan& plan, const char* key) {
    throw PowerInputError(plan.name, key,
                          "a busbar or cable has no modules or loss curve of its own: its loss "
                          "follows from length, current density and temperature; override "
                          "those instead");
}

/// Applies a stage override to the component data it is sized from.
void apply_override(ComponentData& c, const StagePlan& plan, const StageOverride& o) {
    const bool conductor = c.kind == StageKind::conductor;
    if (conductor) {
        if (o.curve) {
            not_for_conductor(plan, "loss_curve");
        }
        if (o.modules || o.P_module_W) {
            not_for_conductor(plan, o.modules ? "modules" : "module_rating");
        }
        if (o.redundancy || o.spares_share_load) {
            not_for_conductor(plan, "redundancy");
        }
    } else if (o.length || o.J || o.T || o.PF) {
        throw PowerInputError(plan.name,
                              o.length ? "length"
                              : o.J    ? "current_density"
                              : o.T    ? "temperature"
                                       : "power_factor",
                              "only a busbar or cable stage has a length, current density, "
                              "temperature or power factor");
    }
    if (o.curve) {
        c.curve = *o.curve;
        c.curve_source = o.curve_source;
        c.standard.clear(); // the case's curve replaces the standard table's losses
    }
    if (o.P_module_W) {
        c.P_module_W = *o.P_module_W;
    }
    if (o.design_loading) {
        c.design_loading = *o.design_loading;
    }
    if (o.location) {
        c.location = *o.location;
    }
    if (o.medium) {
        c.medium = *o.medium;
    }
    if (o.spares_share_load) {
        c.redundancy.spares_share_load = *o.spares_share_load;
    }
    c.length = o.length.value_or(c.length);
    c.J = o.J.value_or(c.J);
    c.T = o.T.value_or(c.T);
    c.PF = o.PF.value_or(c.PF);
}

/// A stage from its component data, sized so it carries P_out_design [W].
Stage make_stage(const StagePlan& plan, ComponentData c, double P_out_design,
                 const ChainOptions& options, int racks) {
    const auto found = options.stage_overrides.find(plan.component);
    const StageOverride* ov = found != options.stage_overrides.end() ? &found->second : nullptr;
    if (ov != nullptr) {
        apply_override(c, plan, *ov);
    }
    Stage s;
    s.name = plan.name;
    s.id = plan.component;
    s.kind = c.kind;
    s.input = plan.input;
    s.output = plan.output;
    s.location = c.location;
    s.medium = c.medium;
    s.redundancy = c.redundancy;
    s.curve_source = c.curve_source;
    if (plan.facility && options.facility_redundancy) {
        s.redundancy.scheme = *options.facility_redundancy;
        if (*options.facility_redundancy == Redundancy::n_plus_x && s.redundancy.spare == 0) {
            s.redundancy.spare = 1;
        }
    }
    if (ov != nullptr && ov->redundancy && !ov->modules) {
        const bool share = s.redundancy.spares_share_load;
        s.redundancy = *ov->redundancy;
        s.redundancy.spares_share_load = share;
    }
    if (c.kind == StageKind::conductor) {
        if (plan.input != plan.output) {
            throw PowerInputError(plan.name, "output_voltage",
                                  fmt::format("a conductor stage cannot change the voltage ({} "
                                              "in, {} out)",
                                              to_string(plan.input), to_string(plan.output)));
        }
        s.conductor = conductor_spec(c, plan.input);
        s.curve = conductor_loss_curve(*s.conductor);
        s.modules = 1;
        s.redundancy = RedundancySpec{};
        s.P_module_W = P_out_design / c.design_loading; // ampacity-sized at design / loading
        if (ov != nullptr && ov->footprint_m2) {
            s.footprint_m2 = *ov->footprint_m2;
        }
        return s;
    }
    s.curve = c.curve;
    const int units = c.per_rack ? racks : 1;
    if (!c.standard.empty()) {
        // A transformer from a standard table: the next kVA step above the design load at
        // design_loading, as many units of the largest step as the load needs when none
        // carries it alone; losses that just meet the table.
        const TransformerTable& table = default_transformer_library().at(c.standard);
        const double S_needed = P_out_design / units / (c.PF * c.design_loading);
        const double S = c.P_module_W ? *c.P_module_W / c.PF : standard_rating(table, S_needed);
        const int per_unit = std::max(1, static_cast<int>(std::ceil(S_needed / S - 1e-9)));
        const TransformerLosses losses = losses_from_table(table, S); // throws off the table
        s.curve = transformer_stage_curve(losses, c.PF, c.T_winding.value_or(table.T_load_loss_K));
        s.P_module_W = S * c.PF;
        s.modules = ov != nullptr && ov->modules ? *ov->modules : units * per_unit;
        s.redundancy = RedundancySpec{};
        // Floor area scales with the design load, not the standard step it rounds up to.
        s.footprint_m2 = c.footprint_per_W * P_out_design / c.design_loading;
        s.curve_source = fmt::format("{} at {:g} kVA, PF {:g}", table.source, S / 1e3, c.PF);
        return s;
    }
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
            throw PowerInputError(plan.name, "redundancy",
                                  fmt::format("{} needed module(s) per group cannot be split over "
                                              "{} needed block(s)",
                                              N, needed_blocks));
        }
        s.modules = units * groups * r.blocks * (N / needed_blocks);
        s.redundancy.blocks = units * groups * r.blocks;
        s.redundancy.spare = units * groups * r.spare;
        break;
    }
    }
    if (ov != nullptr && ov->modules) {
        // The stage as installed: exactly this many modules, redundancy for the whole stage.
        s.modules = *ov->modules;
        if (ov->redundancy) {
            const bool share = s.redundancy.spares_share_load;
            s.redundancy = *ov->redundancy;
            s.redundancy.spares_share_load = share;
        }
        const ModuleCounts counts = module_counts(s); // throws naming the stage and "modules"
        if (!ov->P_module_W) {
            s.P_module_W = P_out_design / (counts.needed * c.design_loading);
        }
    }
    s.footprint_m2 = ov != nullptr && ov->footprint_m2
                         ? *ov->footprint_m2
                         : c.footprint_per_W * s.modules * s.P_module_W;
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
Chain build(ChainPlan plan, const ChainOptions& options, const ComponentLibrary& lib) {
    const ChainOptions o = resolve(options, lib);
    if (o.end_at_trays) {
        // The rack boundary: the chain ends where the trays take their power; the tray
        // converters and point-of-load regulators are inside the tray power (a chip's TDP
        // is its module input power including its own regulators).
        std::erase_if(plan.stages, [](const StagePlan& p) { return p.on_tray; });
    }
    for (const auto& [id, ov] : o.stage_overrides) {
        auto it = std::find_if(plan.stages.begin(), plan.stages.end(),
                               [&id = id](const StagePlan& p) { return p.component == id; });
        if (it == plan.stages.end()) {
            std::vector<std::string> ids;
            for (const auto& p : plan.stages) {
                ids.push_back(p.component);
            }
            const std::string guess = core::closest_match(id, ids);
            std::string list;
            for (const auto& i : ids) {
                list += (list.empty() ? "" : ", ") + i;
            }
            throw PowerInputError(
                id, "stages",
                fmt::format("chain {} has no stage \"{}\"; {}stages: {}", plan.id, id,
                            guess.empty() ? "" : fmt::format("did you mean \"{}\"? ", guess),
                            list));
        }
        it->input.V = ov.V_in.value_or(it->input.V);
        it->output.V = ov.V_out.value_or(it->output.V);
    }
    Chain chain;
    chain.name = std::move(plan.name);
    chain.id = std::move(plan.id);
    chain.system_first = plan.system_first;
    chain.system_last = plan.system_last;
    chain.system_boundary = std::move(plan.boundary);
    chain.stages.resize(plan.stages.size());
    double P = o.P_it_design_W;
    for (std::size_t k = plan.stages.size(); k-- > 0;) {
        const StagePlan& sp = plan.stages[k];
        ComponentData data = lib.at(sp.component);
        if (o.ups_eco && data.kind == StageKind::ups_double_conversion) {
            // Eco / ESS mode: the same UPS and modules, the losses of its high-efficiency
            // mode (component ups_eco_mode).
            const ComponentData& eco = lib.at("ups_eco_mode");
            data.curve = eco.curve;
            data.curve_source = eco.curve_source;
        }
        chain.stages[k] = make_stage(sp, std::move(data), P, o, o.racks);
        if (sp.facility) {
            chain.facility_stage = k;
        }
        P = evaluate(chain.stages[k], P).P_in_W;
    }
    check_chain(chain);
    return chain;
}

/// 54 V busbar, 54 -> 12 V and point of load: the tail every chain but 800 -> 12 V shares.
void add_rack_tail(std::vector<StagePlan>& plan) {
    plan.push_back({"rack_busbar_54v", "54 V rack busbar", dc(V_rack), dc(V_rack)});
    plan.push_back(
        {"ibc_54v_12v", "54 -> 12 V bus converter", dc(V_rack), dc(V_board), false, on_tray});
    plan.push_back({"pol_12v", "point-of-load regulator", dc(V_board), dc(V_core), false, on_tray});
}

ChainPlan ac_ups_plan(const ChainOptions& o) {
    ChainPlan p{
        "ac-ups",
        "ac_ups",
        {
            {"mv_lv_transformer", "MV/LV transformer", ac(o.V_mv), ac(o.V_lv)},
            {"ups_double_conversion", "double-conversion UPS", ac(o.V_lv), ac(o.V_lv), facility},
            {"lv_distribution_ac", "LV distribution", ac(o.V_lv), ac(o.V_lv)},
            {"pdu", "PDU / RPP", ac(o.V_lv), ac(o.V_lv)},
            {"orv3_ac_shelf", "ORv3 AC -> 54 V power shelf", ac(o.V_lv), dc(V_rack)},
        },
        0,
        1,
        "MV feed to UPS output (transformer + UPS), seed-facts table 17 'UPS 92 %'"};
    add_rack_tail(p.stages);
    return p;
}

ChainPlan hvdc_plan(const ChainOptions& o) {
    ChainPlan p{fmt::format("hvdc-{:g}", o.V_hvdc),
                fmt::format("hvdc_{:g}v", o.V_hvdc),
                {
                    {"mv_lv_transformer", "MV/LV transformer", ac(o.V_mv), ac(o.V_lv)},
                    {"hvdc_rectifier", fmt::format("HVDC rectifier {:g} V", o.V_hvdc), ac(o.V_lv),
                     dc(o.V_hvdc), facility},
                    {"dc_distribution", "DC distribution", dc(o.V_hvdc), dc(o.V_hvdc)},
                    {"hvdc_rack_shelf", fmt::format("rack {:g} V DC -> 54 V shelf", o.V_hvdc),
                     dc(o.V_hvdc), dc(V_rack)},
                },
                0,
                1,
                "MV feed to HVDC bus (transformer + rectifier), seed-facts table 17 'HVDC 93 %'"};
    add_rack_tail(p.stages);
    return p;
}

ChainPlan dc800_plan(const ChainOptions& o) {
    if (o.V_rack_800 != V_rack && o.V_rack_800 != V_board) {
        throw PowerInputError("800 V sidecar", "V_rack_800",
                              fmt::format("in-rack conversion from 800 V goes to 54 V or 12 V, "
                                          "not {:g} V",
                                          o.V_rack_800));
    }
    ChainPlan p{"dc-800",
                fmt::format("dc800_sidecar_{:g}v", o.V_rack_800),
                {
                    {"mv_lv_transformer", "MV/LV transformer", ac(o.V_mv), ac(o.V_lv)},
                    {"lv_distribution_ac", "LV feeder to sidecar", ac(o.V_lv), ac(o.V_lv)},
                    {"sidecar_rectifier_800v", "sidecar rectifier -> 800 V", ac(o.V_lv), dc(800.0),
                     facility},
                    {"busway_800v", "800 V busway", dc(800.0), dc(800.0)},
                },
                0,
                2,
                "MV feed to 800 V DC bus (transformer + feeder + sidecar rectifier); no "
                "published system figure"};
    if (o.V_rack_800 == V_rack) {
        p.stages.push_back({"dcdc_800v_54v", "800 -> 54 V converter", dc(800.0), dc(V_rack)});
        add_rack_tail(p.stages);
    } else {
        p.stages.push_back(
            {"dcdc_800v_12v", "800 -> 12 V converter", dc(800.0), dc(V_board), false, on_tray});
        p.stages.push_back(
            {"pol_12v", "point-of-load regulator", dc(V_board), dc(V_core), false, on_tray});
    }
    return p;
}

ChainPlan bipolar400_plan(const ChainOptions& o) {
    ChainPlan p{
        "dc-pm400",
        "pm400_disaggregated",
        {
            {"mv_lv_transformer", "MV/LV transformer", ac(o.V_mv), ac(o.V_lv)},
            {"lv_distribution_ac", "LV feeder to power rack", ac(o.V_lv), ac(o.V_lv)},
            {"power_rack_pm400", "power rack AC -> +/-400 V", ac(o.V_lv), bipolar(800.0), facility},
            {"busbar_pm400", "+/-400 V busbar", bipolar(800.0), bipolar(800.0)},
            {"dcdc_800v_54v", "+/-400 -> 54 V converter", bipolar(800.0), dc(V_rack)},
        },
        0,
        2,
        "MV feed to +/-400 V bus (transformer + feeder + power rack); no published "
        "system figure"};
    add_rack_tail(p.stages);
    return p;
}

ChainPlan panama_plan(const ChainOptions& o) {
    const Bus secondary = ac(o.V_panama / bridge_ratio);
    ChainPlan p{
        fmt::format("panama-{:g}", o.V_panama),
        fmt::format("panama_{:g}v", o.V_panama),
        {
            {"panama_transformer", "10 kV phase-shifting transformer", ac(o.V_mv), secondary},
            {"panama_rectifier", fmt::format("multi-pulse rectifier -> {:g} V", o.V_panama),
             secondary, dc(o.V_panama), facility},
            {"dc_distribution", "DC distribution", dc(o.V_panama), dc(o.V_panama)},
            {"hvdc_rack_shelf", fmt::format("rack {:g} V DC -> 54 V shelf", o.V_panama),
             dc(o.V_panama), dc(V_rack)},
        },
        0,
        1,
        "10 kV feed to DC bus (phase-shifting transformer + rectifier), seed-facts "
        "table 17 'Panama 97.5 %'"};
    add_rack_tail(p.stages);
    return p;
}

ChainPlan sst_plan(const ChainOptions& o) {
    ChainPlan p{"sst-800",
                "sst",
                {
                    {"sst", "solid-state transformer -> 800 V", ac(o.V_mv), dc(800.0), facility},
                    {"dc_distribution", "800 V DC distribution", dc(800.0), dc(800.0)},
                    {"dcdc_800v_54v", "800 -> 54 V converter", dc(800.0), dc(V_rack)},
                },
                0,
                0,
                "10 kV feed to 800 V DC bus (the SST), seed-facts table 17 'SST 98.5 %'"};
    add_rack_tail(p.stages);
    return p;
}

/// The chains by their case-file identifiers, the one list of them.
struct ChainEntry {
    std::string_view id;
    ChainPlan (*plan)(ChainOptions);
};

const std::array<ChainEntry, 9>& chain_entries() {
    static const std::array<ChainEntry, 9> entries{{
        {"ac-ups", [](ChainOptions o) { return ac_ups_plan(o); }},
        {"hvdc-240",
         [](ChainOptions o) {
             o.V_hvdc = 240.0;
             return hvdc_plan(o);
         }},
        {"hvdc-336",
         [](ChainOptions o) {
             o.V_hvdc = 336.0;
             return hvdc_plan(o);
         }},
        {"hvdc-380",
         [](ChainOptions o) {
             o.V_hvdc = 380.0;
             return hvdc_plan(o);
         }},
        {"dc-800", [](ChainOptions o) { return dc800_plan(o); }},
        {"dc-pm400", [](ChainOptions o) { return bipolar400_plan(o); }},
        {"panama-240",
         [](ChainOptions o) {
             o.V_panama = 240.0;
             return panama_plan(o);
         }},
        {"panama-336",
         [](ChainOptions o) {
             o.V_panama = 336.0;
             return panama_plan(o);
         }},
        {"sst-800", [](ChainOptions o) { return sst_plan(o); }},
    }};
    return entries;
}

/// The plan of a chain by its case-file identifier.
ChainPlan plan_for(std::string_view id, const ChainOptions& o) {
    for (const auto& entry : chain_entries()) {
        if (entry.id == id) {
            return entry.plan(o);
        }
    }
    const std::string guess = core::closest_match(std::string(id), chain_ids());
    std::string list;
    for (const auto& i : chain_ids()) {
        list += (list.empty() ? "" : ", ") + i;
    }
    throw PowerInputError(std::string(id), "chain",
                          fmt::format("unknown power chain \"{}\"; {}", id,
                                      guess.empty() ? "use one of " + list
                                                    : fmt::format("did you mean \"{}\"?", guess)));
}

} // namespace

const std::vector<std::string>& chain_ids() {
    static const std::vector<std::string> ids = [] {
        std::vector<std::string> out;
        for (const auto& entry : chain_entries()) {
            out.emplace_back(entry.id);
        }
        return out;
    }();
    return ids;
}

std::vector<StageSlot> chain_layout(std::string_view id, const ChainOptions& options) {
    const ChainPlan plan = plan_for(id, options);
    std::vector<StageSlot> out;
    for (const auto& p : plan.stages) {
        out.push_back({p.component, p.name, p.input, p.output, p.facility, p.on_tray});
    }
    return out;
}

Chain ac_ups_chain(const ChainOptions& options, const ComponentLibrary& lib) {
    return build(ac_ups_plan(options), options, lib);
}

Chain hvdc_chain(const ChainOptions& options, const ComponentLibrary& lib) {
    return build(hvdc_plan(options), options, lib);
}

Chain dc800_sidecar_chain(const ChainOptions& options, const ComponentLibrary& lib) {
    return build(dc800_plan(options), options, lib);
}

Chain bipolar400_chain(const ChainOptions& options, const ComponentLibrary& lib) {
    return build(bipolar400_plan(options), options, lib);
}

Chain panama_chain(const ChainOptions& options, const ComponentLibrary& lib) {
    return build(panama_plan(options), options, lib);
}

Chain sst_chain(const ChainOptions& options, const ComponentLibrary& lib) {
    return build(sst_plan(options), options, lib);
}

Chain reference_chain(std::string_view id, const ChainOptions& options,
                      const ComponentLibrary& lib) {
    Chain chain = build(plan_for(id, options), options, lib);
    if (options.seed_table_curves) {
        if (const auto seed = seed_figure_for(chain.id)) {
            const double P =
                options.P_it_design_W > 0.0 ? options.P_it_design_W : lib.P_it_design_W;
            calibrate_stage_scale(chain, chain.facility_stage, P, seed->efficiency);
        }
    }
    return chain;
}

Redundancy redundancy_from_string(std::string_view text) {
    return parse_redundancy(text, "redundancy").scheme; // one parser for every redundancy
}

std::vector<Chain> reference_chains(const ChainOptions& options, const ComponentLibrary& lib) {
    return {ac_ups_chain(options, lib),        hvdc_chain(options, lib),
            dc800_sidecar_chain(options, lib), bipolar400_chain(options, lib),
            panama_chain(options, lib),        sst_chain(options, lib)};
}

std::vector<StageCopper> chain_copper(const Chain& chain, const ChainResult& result) {
    std::vector<StageCopper> out;
    for (std::size_t k = 0; k < chain.stages.size() && k < result.stages.size(); ++k) {
        const Stage& s = chain.stages[k];
        if (!s.conductor) {
            continue;
        }
        const ConductorResult sized = size_conductor(*s.conductor, s.P_module_W);
        out.push_back({k, evaluate_conductor(*s.conductor, sized.A, result.stages[k].P_out_W)});
    }
    return out;
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
