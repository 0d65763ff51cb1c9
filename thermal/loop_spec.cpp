#include "thermal/loop_spec.hpp"

#include "thermal/fluid.hpp"

#include <cmath>
#include <fmt/format.h>
#include <sstream>
#include <stdexcept>

namespace rackcalc::thermal {

using namespace rackcalc::core;

namespace {

std::shared_ptr<TableSpec> performance_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "plate performance";
    t->doc = "A measured or CFD cold-plate curve; it replaces the channel model for this plate. "
             "R_th is from the plate's contact face at its hottest point to the coolant inlet, per "
             "W into the plate. "
             "Between the points RackCalc interpolates monotonically in log(R) over log(flow); "
             "outside them it continues the power law of the two end points. `source` is "
             "required.";
    t->keys = {
        choice("coolant", coolant_names(), "The fluid the curve was measured with").needed(),
        quantity("inlet_temperature", kinds::temperature, "degC",
                 "Coolant inlet temperature of the measurement")
            .range(-20, 100),
        string_list("flow", "Flows, strictly increasing, e.g. [\"0.4 L/min\", \"2.4 L/min\"]"),
        string_list("R_th", "Thermal resistance at each flow, e.g. \"0.0389 K/W\""),
        string_list("dp", "Pressure drop at each flow (optional; else the channel model's)"),
    };
    return t;
}

std::shared_ptr<TableSpec> plate_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "plate";
    t->doc = "A straight-channel cold plate (skived or machined copper fins) over its chip's "
             "footprint. The defaults describe a typical single-phase GPU cold plate (inferred: "
             "[T13] gives 0.01-0.03 K/W for such plates; no vendor publishes fin "
             "geometry). A chip without `plate` uses these defaults.";
    t->keys = {
        quantity("channel_width", kinds::length, "mm", "Width of one channel")
            .def("0.3 mm")
            .range(0.02, 10),
        quantity("fin_thickness", kinds::length, "mm", "Thickness of one fin (channel wall)")
            .def("0.2 mm")
            .range(0.02, 10),
        quantity("channel_depth", kinds::length, "mm", "Fin height").def("3 mm").range(0.05, 50),
        quantity("base_thickness", kinds::length, "mm", "Base between chip and channels")
            .def("1.5 mm")
            .range(0.1, 20),
        quantity("k", kinds::thermal_conductivity, "W/(m K)",
                 "Plate conductivity (copper C11000: 388 W/(m K), Incropera Table A.1 gives "
                 "401 for pure copper at 300 K)")
            .def("388 W/(m K)")
            .range(1, 2500),
        real("port_K", "Inlet and outlet plenum losses, referred to the port velocity (Crane "
                       "TP-410 style: entrance 0.5 + exit 1.0 + two turns)")
            .def("3.0")
            .range(0, 100),
        quantity("port_diameter", kinds::length, "mm", "Inner diameter of the plate's ports")
            .def("6 mm")
            .range(1, 50),
        quantity("rated_flow", kinds::volume_flow, "L/min",
                 "Flow of a vendor P-Q point; with rated_pressure_drop it replaces the channel "
                 "model's pressure drop by dp = rated_pressure_drop (V / rated_flow)^2")
            .def("0 L/min")
            .range(0, 1000),
        quantity("rated_pressure_drop", kinds::pressure, "kPa",
                 "Pressure drop of the vendor P-Q point (the GB200 cold-plate design target is "
                 "at most 20 kPa, [T6])")
            .def("0 kPa")
            .range(0, 10000),
        table("performance", performance_schema(),
              "Measured or CFD performance curve of this plate (replaces the channel model)"),
    };
    return t;
}

std::shared_ptr<TableSpec> layer_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "stack layer";
    t->doc = "One conducting layer from the die's active face to the cold plate base.";
    t->keys = {
        text("layer", "Name: die, tim1, lid, tim2, ...").needed(),
        quantity("thickness", kinds::length, "mm", "Layer thickness").needed().range(0.001, 20),
        quantity("k", kinds::thermal_conductivity, "W/(m K)", "Layer conductivity")
            .needed()
            .range(0.01, 2500),
        boolean("spreads", "A lid or spreader: heat spreads from the die over the package")
            .def("false"),
    };
    return t;
}

/// A bare die on the cold plate: silicon (148 W/(m K) at 300 K and 99 at 400 K,
/// Incropera Table A.1; 124 at the ~350 K of a working die, interpolated) of the 775 um
/// thickness of a 300 mm wafer (SEMI M1), and a 50 um thermal interface of 5 W/(m K)
/// (a high-performance grease or phase-change pad; inferred, vendors do not publish it).
std::vector<StackLayer> default_stack() {
    return {{"die", 0.775e-3, 124.0, false}, {"tim", 0.05e-3, 5.0, false}};
}

/// Reads [plates.<id>.performance]; findings for every bad entry.
std::optional<PlatePerformance> parse_performance(const CheckedTable& plate,
                                                  std::vector<Diagnostic>& findings) {
    if (!plate.has("performance")) {
        return std::nullopt;
    }
    const CheckedTable t = plate.table("performance");
    PlatePerformance p;
    p.coolant = t.string("coolant");
    p.T_inlet_K = t.optional_quantity("inlet_temperature").value_or(0.0);
    const Provenance given = t.provenance("flow");
    p.source = given.source;
    const std::size_t before = findings.size();
    // A value without any source gets its location as the source; a curve needs a real one.
    if (p.source.empty() || p.source == fmt::format("{}:{}", given.where.file, given.where.line)) {
        findings.push_back(t.diagnostic("source", "a plate performance curve needs its source",
                                        "add source = \"...\" (the datasheet, paper or CFD run)"));
    }
    p.V_dot_m3_s = t.quantities("flow", kinds::volume_flow, true, findings);
    p.R_th_K_per_W = t.quantities("R_th", kinds::thermal_resistance, true, findings);
    p.dp_Pa = t.quantities("dp", kinds::pressure, true, findings);
    if (findings.size() > before) {
        return std::nullopt;
    }
    if (p.V_dot_m3_s.size() < 2) {
        findings.push_back(
            t.diagnostic("flow", "a performance curve needs at least two flows", "add points"));
        return std::nullopt;
    }
    if (p.R_th_K_per_W.size() != p.V_dot_m3_s.size()) {
        findings.push_back(t.diagnostic(
            "R_th",
            fmt::format("{} R_th values for {} flows", p.R_th_K_per_W.size(), p.V_dot_m3_s.size()),
            "give one R_th per flow"));
        return std::nullopt;
    }
    if (!p.dp_Pa.empty() && p.dp_Pa.size() != p.V_dot_m3_s.size()) {
        findings.push_back(t.diagnostic(
            "dp", fmt::format("{} dp values for {} flows", p.dp_Pa.size(), p.V_dot_m3_s.size()),
            "give one dp per flow, or none"));
        return std::nullopt;
    }
    for (std::size_t k = 1; k < p.V_dot_m3_s.size(); ++k) {
        if (!(p.V_dot_m3_s[k] > p.V_dot_m3_s[k - 1])) {
            findings.push_back(t.diagnostic("flow", "flows must be strictly increasing",
                                            "sort the points by flow, each flow once"));
            return std::nullopt;
        }
        if (p.R_th_K_per_W[k] > p.R_th_K_per_W[k - 1]) {
            findings.push_back(
                t.diagnostic("R_th", "R_th rises with flow, which no single-phase cold plate does",
                             "check the order of the values and their units"));
            return std::nullopt;
        }
    }
    return p;
}

PlateDesign parse_plate(const std::string& id, const CheckedTable& t) {
    return PlateDesign{id,
                       t.quantity("channel_width"),
                       t.quantity("fin_thickness"),
                       t.quantity("channel_depth"),
                       t.quantity("base_thickness"),
                       t.quantity("k"),
                       t.real("port_K"),
                       t.quantity("port_diameter"),
                       t.quantity("rated_flow"),
                       t.quantity("rated_pressure_drop")};
}

std::string trim(std::string s) {
    const auto a = s.find_first_not_of(" \t");
    const auto b = s.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

int plates_of(const geometry::ChipSpec& chip, int count) {
    if (chip.cold_plate == geometry::ColdPlate::own) {
        return count;
    }
    return chip.cold_plate == geometry::ColdPlate::shared && count > 0 ? 1 : 0;
}

} // namespace

geometry::LayoutExtensions layout_extensions() {
    geometry::LayoutExtensions e;
    e.chip = {
        text("plate", "Cold-plate design id from [plates.<id>]; empty: the default design").def(""),
        quantity("die_area", kinds::area, "mm^2",
                 "Heated die area under the plate; 0: the whole package footprint")
            .def("0 mm^2")
            .range(0, 1e5),
        table_array("stack", layer_schema(),
                    "Layers from die to plate; default: a bare silicon die (775 um, 124 W/(m K)) "
                    "and a 50 um interface of 5 W/(m K)"),
    };
    e.tray = {
        string_list("circuits",
                    "Coolant circuits in parallel, each \"stage > stage\" in series with plates "
                    "in a stage joined by '+', e.g. [\"b200+b200 > grace\"]; default: every "
                    "plate on its own circuit"),
        quantity("hose_length", kinds::length, "m", "Length of the tray's supply (and return) hose")
            .def("0.6 m")
            .range(0.01, 20),
        quantity("hose_diameter", kinds::length, "mm", "Inner diameter of the tray hoses")
            .def("9.5 mm")
            .range(1, 100),
        real("qd_Cv", "Flow coefficient Cv of one quick disconnect [US gpm/psi^0.5] (inferred "
                      "default for a 3/8 in blind-mate UQD; use the vendor's datasheet)")
            .def("1.2")
            .above(0),
        quantity("coolant_volume", kinds::volume, "L",
                 "Liquid the tray holds (cold plates, tubes, hoses), for the loop's thermal mass "
                 "in failure scenarios; 0: not given, the tray hoses alone are counted")
            .def("0 L")
            .range(0, 1000),
    };
    e.manifold = {
        quantity("wall_thickness", kinds::length, "mm", "Manifold wall; inner = diameter - 2 wall")
            .def("2 mm")
            .range(0, 50),
        choice("inlet", manifold_inlet_words.names(), "Where supply enters the rack").def("bottom"),
        choice("layout", manifold_layout_words.names(),
               "U: return leaves at the supply end; Z: at the far end (reverse return)")
            .def("Z"),
        quantity("feed_length", kinds::length, "m", "Pipe from the CDU to the rack, each way")
            .def("10 m")
            .range(0, 1000),
        quantity("feed_diameter", kinds::length, "mm", "Inner diameter of the CDU feed pipes")
            .def("50 mm")
            .range(5, 1000),
        quantity("coolant_volume", kinds::volume, "L",
                 "Liquid in the supply and return manifolds together; 0: not given, estimated "
                 "as two pipes of the inner diameter over the rack's equipment height")
            .def("0 L")
            .range(0, 10000),
    };
    return e;
}

KeySpec plates_key() {
    return table_map("plates", plate_schema(), "Cold-plate designs by id");
}

std::vector<std::vector<std::string>> parse_circuit(const std::string& text) {
    std::vector<std::vector<std::string>> stages;
    std::stringstream in(text);
    std::string stage;
    while (std::getline(in, stage, '>')) {
        std::vector<std::string> plates;
        std::stringstream sin(stage);
        std::string plate;
        while (std::getline(sin, plate, '+')) {
            plate = trim(plate);
            if (plate.empty()) {
                throw std::invalid_argument(fmt::format("\"{}\" has an empty plate name", text));
            }
            plates.push_back(plate);
        }
        if (plates.empty()) {
            throw std::invalid_argument(fmt::format("\"{}\" has an empty stage", text));
        }
        stages.push_back(std::move(plates));
    }
    if (stages.empty()) {
        throw std::invalid_argument("a circuit is empty");
    }
    return stages;
}

LoopSpec parse_loop(const CheckedTable& doc, const geometry::LayoutSpec& layout) {
    LoopSpec loop;
    const SourceSet& sources = doc.sources();
    auto schema = plate_schema();
    loop.plates.emplace("", parse_plate("", CheckedTable(nullptr, *schema, "plates", sources)));
    std::vector<Diagnostic> findings;
    for (const auto& [id, t] : doc.tables("plates")) {
        PlateDesign& p = loop.plates.emplace(id, parse_plate(id, t)).first->second;
        p.performance = parse_performance(t, findings);
        if ((p.rated_flow_m3_s > 0.0) != (p.rated_dp_Pa > 0.0)) {
            findings.push_back(
                t.diagnostic(p.rated_flow_m3_s > 0.0 ? "rated_flow" : "rated_pressure_drop",
                             "a P-Q point needs both rated_flow and rated_pressure_drop",
                             "give both, or neither to use the channel model"));
        }
    }
    for (const auto& [id, t] : doc.tables("chips")) {
        ChipThermal c;
        c.chip = id;
        c.plate = t.string("plate");
        if (!loop.plates.contains(c.plate)) {
            std::vector<std::string> known;
            for (const auto& [pid, p] : loop.plates) {
                if (!pid.empty()) {
                    known.push_back(pid);
                }
            }
            const std::string suggestion = closest_match(c.plate, known);
            findings.push_back(t.diagnostic(
                "plate", fmt::format("no cold-plate design \"{}\" in [plates]", c.plate),
                suggestion.empty() ? "define [plates." + c.plate + "] or remove plate"
                                   : fmt::format("did you mean \"{}\"?", suggestion)));
        }
        c.source_area_m2 = t.quantity("die_area");
        for (const auto& layer : t.array("stack")) {
            c.layers.push_back(StackLayer{layer.string("layer"), layer.quantity("thickness"),
                                          layer.quantity("k"), layer.boolean("spreads")});
        }
        if (c.layers.empty()) {
            c.layers = default_stack();
        }
        loop.chips.emplace(id, std::move(c));
    }
    for (const auto& [id, t] : doc.tables("trays")) {
        TrayCircuits tc;
        tc.tray = id;
        tc.origin = t.diagnostic("circuits", "", "");
        tc.hose_length_m = t.quantity("hose_length");
        tc.hose_diameter_m = t.quantity("hose_diameter");
        tc.qd_Cv = t.real("qd_Cv");
        tc.coolant_volume_m3 = t.quantity("coolant_volume");
        const auto& tray = layout.trays.at(id);
        std::map<std::string, int> named;
        for (const auto& text : t.strings("circuits")) {
            try {
                tc.circuits.push_back(parse_circuit(text));
            } catch (const std::invalid_argument& e) {
                findings.push_back(t.diagnostic("circuits", e.what(),
                                                "write circuits like \"b200+b200 > grace\""));
                continue;
            }
            for (const auto& stage : tc.circuits.back()) {
                for (const auto& chip : stage) {
                    ++named[chip];
                }
            }
        }
        if (!tc.circuits.empty()) {
            std::map<std::string, int> plates;
            for (const auto& count : tray.chips) {
                plates[count.chip] += plates_of(layout.chips.at(count.chip), count.count);
            }
            for (const auto& [chip, n] : plates) {
                if (n != named[chip]) {
                    findings.push_back(t.diagnostic(
                        "circuits",
                        fmt::format("circuits of tray \"{}\" name {} {} times, but the tray has "
                                    "{} {} cold plates",
                                    id, chip, named[chip], n, chip),
                        "name every cold plate of the tray exactly once"));
                }
            }
            for (const auto& [chip, n] : named) {
                if (!plates.contains(chip)) {
                    findings.push_back(t.diagnostic(
                        "circuits",
                        fmt::format("circuits of tray \"{}\" name {}, which has no cold plate on "
                                    "this tray",
                                    id, chip),
                        "name only chips of this tray that have cold plates"));
                }
            }
        }
        loop.trays.emplace(id, std::move(tc));
    }
    for (const auto& [id, rack] : doc.tables("racks")) {
        const CheckedTable m = rack.table("manifold");
        ManifoldHydraulics h;
        h.inner_diameter_m = m.quantity("diameter") - 2.0 * m.quantity("wall_thickness");
        h.inlet = manifold_inlet_words.parse(m.string("inlet"));
        h.layout = manifold_layout_words.parse(m.string("layout"));
        h.feed_length_m = m.quantity("feed_length");
        h.feed_diameter_m = m.quantity("feed_diameter");
        h.coolant_volume_m3 = m.quantity("coolant_volume");
        loop.racks.emplace(id, h);
    }
    if (!findings.empty()) {
        throw InputError(std::move(findings));
    }
    return loop;
}

} // namespace rackcalc::thermal
