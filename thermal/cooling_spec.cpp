#include "thermal/cooling_spec.hpp"

#include "thermal/fluid.hpp"
#include "thermal/monotone_cubic.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace rackcalc::thermal {

using namespace rackcalc::core;

namespace {

std::vector<std::string> air_class_names() {
    std::vector<std::string> names;
    for (const AirClass& c : air_classes()) {
        names.emplace_back(c.name);
    }
    return names;
}

std::shared_ptr<TableSpec> rack_curve_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "vendor rack curve";
    t->doc = "One rack's liquid-side pressure-flow curve as the vendor publishes it (NVIDIA "
             "SimReady: liquidSidePqCurve, kPa against L/min), rack inlet to rack outlet. "
             "RackCalc prints its own rack's drop at each flow beside it, with the error; with "
             "calibrate = true it first fits one unknown of the trays (`unknown`: the "
             "quick-disconnect Cv, the hose bore or the plates' channel count, one factor for "
             "all) to the curve and uses the fitted value everywhere. `source` is required.";
    t->keys = {
        string_list("flow", "Flows per rack, strictly increasing, e.g. [\"60 L/min\", "
                            "\"120 L/min\"]"),
        string_list("pressure_drop", "Pressure drop at each flow, e.g. \"25 kPa\""),
        boolean("calibrate", "Fit `unknown` to this curve").def("false"),
        choice("unknown", rack_curve_unknown_words.names(),
               "What calibrate fits, one factor for every tray: qd_cv = each quick-disconnect's "
               "Cv; hose_diameter = each hose's bore (its tee's diameter ratio follows); "
               "plate_channels = each channel-model cold plate's channel count (flow area and "
               "finned area together, so the plates' film follows). One curve fixes one "
               "unknown")
            .def("qd_cv"),
    };
    return t;
}

std::shared_ptr<TableSpec> pump_curve_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "CDU pump curve";
    t->doc = "One CDU pump at full speed from its datasheet (NVIDIA SimReady: a CDU's "
             "pumpFlowCurve, 5 points): pressure rise against flow, and optionally the "
             "wire-to-water efficiency at each point. RackCalc fits dp0 - c1 V - c2 V^2 to the "
             "points (c1, c2 >= 0) and uses it instead of pump_shutoff_pressure and "
             "pump_max_flow; the affinity laws give it at other speeds. `source` is required.";
    t->keys = {
        string_list("flow", "Flows of one pump, strictly increasing, e.g. [\"0 L/min\", "
                            "\"600 L/min\", \"1200 L/min\"]"),
        string_list("pressure_rise", "Pressure rise at each flow, e.g. \"300 kPa\""),
        string_list("efficiency", "Wire-to-water efficiency at each flow, e.g. [0.3, 0.55, "
                                  "0.5] (optional; else pump_efficiency at the curve's best "
                                  "point)"),
    };
    return t;
}

std::shared_ptr<TableSpec> required_flow_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "vendor required flow";
    t->doc = "The liquid flow per rack the vendor requires at each supply temperature (NVIDIA "
             "SimReady: requiredLiquidFlowRate against inlet temperature). RackCalc prints its "
             "least flow at each temperature beside it (every limit of the case, the limit "
             "that binds named), with the error. `source` is required.";
    t->keys = {
        string_list("supply_temperature",
                    "Supply temperatures, strictly increasing, e.g. [\"25 degC\", \"45 degC\"]"),
        string_list("flow", "Required flow per rack at each temperature, e.g. \"90 L/min\""),
    };
    return t;
}

std::shared_ptr<TableSpec> capacity_curve_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "CDU capacity curve";
    t->doc = "One CDU's heat capacity against its approach temperature difference (TCS supply "
             "minus facility supply) from its datasheet (NVIDIA SimReady: a CDU's "
             "coolingCapacityCurve), at the flows the datasheet states. RackCalc fits the heat "
             "exchanger's conductance UA to the points (counterflow, least squares of the "
             "relative error), prints the fit beside them, scales UA to the operating flows "
             "(h ~ V^0.8 per side) and sizes the CDUs by their capacity at the design "
             "cdu_approach. `source` is required.";
    t->keys = {
        string_list("approach", "Approaches, strictly increasing, e.g. [\"2 K\", \"4 K\", "
                                "\"6 K\"]"),
        string_list("capacity", "One CDU's heat at each approach, e.g. \"600 kW\""),
        quantity("tcs_flow", kinds::volume_flow, "L/min",
                 "TCS flow of the curve (default: cdu_capacity over the rated TCS rise)")
            .above(0),
        quantity("facility_flow", kinds::volume_flow, "L/min",
                 "Facility water flow of the curve (default: cdu_capacity over facility_dT)")
            .above(0),
    };
    return t;
}

/// Reads a vendor curve table: two lists of quantities of equal length (at least two
/// points), x strictly increasing, both positive (or >= 0 with zero_allowed: a pump
/// curve from shut-off to run-out), and a source.
VendorCurve parse_vendor_curve(const CheckedTable& t, std::string_view x_key,
                               const QuantityKind& x_kind, std::string_view y_key,
                               const QuantityKind& y_kind, bool zero_allowed = false) {
    VendorCurve c;
    const Provenance given = t.provenance(x_key);
    c.source = given.source;
    std::vector<Diagnostic> problems;
    if (c.source.empty() || c.source == fmt::format("{}:{}", given.where.file, given.where.line)) {
        problems.push_back(t.diagnostic("source", "a vendor curve needs its source",
                                        "add source = \"...\" (the datasheet or document)"));
    }
    c.x = t.quantities(x_key, x_kind, !zero_allowed, problems);
    c.y = t.quantities(y_key, y_kind, !zero_allowed, problems);
    if (problems.empty() && c.x.size() < 2) {
        problems.push_back(t.diagnostic(x_key, "a curve needs at least two points", "add points"));
    }
    if (problems.empty() && c.y.size() != c.x.size()) {
        problems.push_back(
            t.diagnostic(y_key, fmt::format("{} values for {} points", c.y.size(), c.x.size()),
                         fmt::format("give one {} per {}", y_key, x_key)));
    }
    for (std::size_t k = 1; problems.empty() && k < c.x.size(); ++k) {
        if (!(c.x[k] > c.x[k - 1])) {
            problems.push_back(t.diagnostic(x_key, "must be strictly increasing",
                                            "sort the points, each value once"));
        }
    }
    if (!problems.empty()) {
        throw InputError(std::move(problems));
    }
    return c;
}

} // namespace

std::shared_ptr<const TableSpec> cooling_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "cooling";
    t->doc = "The rack's liquid loop (TCS), its CDU and the air side.";
    t->keys = {
        choice("coolant", coolant_names(),
               "Coolant in the technology cooling loop (PG25 = 25 wt % propylene glycol)")
            .def("PG25"),
        quantity("supply_temperature", kinds::temperature, "degC",
                 "Coolant supply temperature at the rack inlet")
            .def("40 degC")
            .range(2, 65),
        quantity("flow_per_power", kinds::volume_flow_per_power, "L/min/kW",
                 "Design coolant flow per kW of liquid heat (OCP reference 1.5 L/min/kW)")
            .def("1.5 L/min/kW")
            .range(0.05, 20),
        quantity("rack_flow", kinds::volume_flow, "L/min",
                 "Design coolant flow per rack, as vendors publish it; replaces flow_per_power "
                 "when given")
            .above(0),
        quantity("max_return_temperature", kinds::temperature, "degC",
                 "Highest allowed coolant return temperature")
            .def("65 degC")
            .range(10, 90),
        quantity("max_plate_outlet_temperature", kinds::temperature, "degC",
                 "Highest allowed coolant temperature leaving any one cold plate; default: "
                 "max_return_temperature (a plate's outlet is the loop's hottest coolant)")
            .range(10, 95),
        choice("balance", balance_words.names(),
               "Balancing restrictors: heat = RackCalc sizes an orifice on every tray hose and "
               "every single-plate circuit at the design point so that flow follows heat, as a "
               "tray's designer balances its plates (a 30 W NIC plate and a 1400 W GPU plate "
               "of similar channels would otherwise take the same flow); none = plates and "
               "trays share flow by their own resistance alone")
            .def("heat"),
        quantity("flow_table_from", kinds::temperature, "degC",
                 "Lowest supply temperature of the least-flow table")
            .def("25 degC")
            .range(2, 65),
        quantity("flow_table_to", kinds::temperature, "degC",
                 "Highest supply temperature of the least-flow table")
            .def("45 degC")
            .range(2, 65),
        quantity("flow_table_step", kinds::temperature_difference, "K",
                 "Step of the least-flow table")
            .def("5 K")
            .range(0.1, 60),
        quantity("air_inlet_temperature", kinds::temperature, "degC", "Rack air inlet temperature")
            .def("25 degC")
            .range(0, 60),
        choice("air_class", air_class_names(),
               "ASHRAE TC9.9 air class the inlet is checked against")
            .def("A2"),
        quantity("facility_supply_temperature", kinds::temperature, "degC",
                 "Facility water supply to the CDU (ASHRAE W classes)")
            .def("32 degC")
            .range(2, 70),
        quantity("cdu_approach", kinds::temperature_difference, "K",
                 "Design CDU approach, TCS supply minus facility supply: the facility water "
                 "must be at or below supply_temperature - cdu_approach, and the CDU must reach "
                 "this approach at the operating point")
            .def("4 K")
            .range(0.5, 30),
        choice("pump_redundancy", pump_redundancy_words.names(), "CDU pump redundancy").def("N+1"),
        integer("pumps", "Installed CDU pumps (running = installed less spares)")
            .def("2")
            .range(1, 64),
        quantity("pump_shutoff_pressure", kinds::pressure, "kPa",
                 "One pump's pressure rise at zero flow (curve dp = dp0 (1 - (V/V_max)^2))")
            .def("350 kPa")
            .above(0),
        quantity("pump_max_flow", kinds::volume_flow, "L/min", "One pump's run-out flow")
            .def("1200 L/min")
            .above(0),
        real("pump_efficiency", "Pump wire-to-water efficiency").def("0.6").range(0.05, 1),
        quantity("cdu_capacity", kinds::power, "kW",
                 "CDU rated heat load ([R1]: >= 600 kW at a 4 K approach)")
            .def("600 kW")
            .above(0),
        quantity("cdu_rated_approach", kinds::temperature_difference, "K",
                 "CDU approach at the rated load ([R1])")
            .def("4 K")
            .range(0.2, 30),
        quantity("cdu_rated_dT", kinds::temperature_difference, "K",
                 "TCS temperature rise at the rated load (OCP: about 10 K at 1.5 L/min/kW)")
            .def("10 K")
            .range(1, 40),
        quantity("cdu_internal_pressure_drop", kinds::pressure, "kPa",
                 "Heat exchanger, filter and valves at the flow of the rated load")
            .def("60 kPa")
            .range(0, 1000),
        quantity("facility_dT", kinds::temperature_difference, "K",
                 "Facility water rise across the CDU ([R3] Benmax HCU2500: 35 to 46 degC)")
            .def("10 K")
            .range(1, 40),
        quantity("air_temperature_rise", kinds::temperature_difference, "K",
                 "Rack air outlet minus inlet (150 CFM per air-cooled kW, the DSX guide's "
                 "figure [C2], is 11.7 K)")
            .def("12 K")
            .range(1, 40),
        quantity("fan_shutoff_pressure", kinds::pressure, "Pa",
                 "The rack's fans together at full speed, zero flow")
            .def("600 Pa")
            .above(0),
        quantity("fan_free_flow", kinds::volume_flow, "CFM",
                 "The rack's fans together at full speed, zero pressure")
            .def("4000 CFM")
            .above(0),
        quantity("air_system_pressure_drop", kinds::pressure, "Pa",
                 "Rack air-path pressure drop at the required airflow")
            .def("150 Pa")
            .range(0, 5000),
        real("fan_efficiency", "Fan wire-to-air efficiency").def("0.35").range(0.05, 1),
        table("pump_curve", pump_curve_schema(),
              "One CDU pump's datasheet curve; replaces pump_shutoff_pressure and pump_max_flow"),
        table("rack_curve", rack_curve_schema(),
              "The vendor's rack liquid-side pressure-flow curve, to compare and calibrate"),
        table("required_flow", required_flow_schema(),
              "The vendor's required flow per rack against supply temperature, to compare"),
        table("cdu_capacity_curve", capacity_curve_schema(),
              "One CDU's datasheet capacity against approach; fits the heat exchanger"),
    };
    return t;
}

int CoolingSpec::pumps_running() const {
    if (pump_redundancy == PumpRedundancy::n_plus_1) {
        return pumps - 1;
    }
    if (pump_redundancy == PumpRedundancy::two_n) {
        return pumps / 2;
    }
    return pumps;
}

CoolingSpec parse_cooling(const CheckedTable& t) {
    CoolingSpec s;
    s.coolant = t.string("coolant");
    s.supply_temperature = kelvin(t.quantity("supply_temperature"));
    s.flow_per_power_m3_per_J = t.quantity("flow_per_power");
    s.rack_flow_m3_s = t.optional_quantity("rack_flow").value_or(0.0);
    s.max_return_temperature = kelvin(t.quantity("max_return_temperature"));
    s.max_plate_outlet_temperature = kelvin(t.optional_quantity("max_plate_outlet_temperature")
                                                .value_or(t.quantity("max_return_temperature")));
    s.balance = balance_words.parse(t.string("balance"));
    s.flow_table_from_K = t.quantity("flow_table_from");
    s.flow_table_to_K = t.quantity("flow_table_to");
    s.flow_table_step_K = t.quantity("flow_table_step");
    if (s.flow_table_to_K < s.flow_table_from_K) {
        throw InputError(t.diagnostic("flow_table_to", "is below flow_table_from",
                                      "give flow_table_to at or above flow_table_from"));
    }
    s.air_inlet_temperature = kelvin(t.quantity("air_inlet_temperature"));
    s.air_class = t.string("air_class");
    s.facility_supply_temperature = kelvin(t.quantity("facility_supply_temperature"));
    s.cdu_approach = kelvin_difference(t.quantity("cdu_approach"));
    s.pump_redundancy = pump_redundancy_words.parse(t.string("pump_redundancy"));
    s.pumps = static_cast<int>(t.integer("pumps"));
    s.pump_shutoff_dp_Pa = t.quantity("pump_shutoff_pressure");
    s.pump_max_flow_m3_s = t.quantity("pump_max_flow");
    s.pump_efficiency = t.real("pump_efficiency");
    s.cdu_capacity_W = t.quantity("cdu_capacity");
    s.cdu_rated_approach_K = t.quantity("cdu_rated_approach");
    s.cdu_rated_dT_K = t.quantity("cdu_rated_dT");
    s.cdu_internal_dp_Pa = t.quantity("cdu_internal_pressure_drop");
    s.facility_dT_K = t.quantity("facility_dT");
    s.air_temperature_rise_K = t.quantity("air_temperature_rise");
    s.fan_shutoff_dp_Pa = t.quantity("fan_shutoff_pressure");
    s.fan_free_flow_m3_s = t.quantity("fan_free_flow");
    s.air_system_dp_Pa = t.quantity("air_system_pressure_drop");
    s.fan_efficiency = t.real("fan_efficiency");
    if (t.has("pump_curve")) {
        const CheckedTable c = t.table("pump_curve");
        s.pump_points = parse_vendor_curve(c, "flow", kinds::volume_flow, "pressure_rise",
                                           kinds::pressure, true);
        if (s.pump_points->x.size() < 3) {
            throw InputError(c.diagnostic("flow", "a pump curve needs at least three points",
                                          "add points (datasheets give five or more)"));
        }
        try {
            fit_pump_curve(s.pump_points->x, s.pump_points->y);
        } catch (const std::invalid_argument& e) {
            throw InputError(c.diagnostic("pressure_rise", e.what(),
                                          "give a rise that falls as the flow grows"));
        }
        if (c.has("efficiency")) {
            std::vector<Diagnostic> problems;
            for (const auto& text : c.strings("efficiency")) {
                double eta = std::numeric_limits<double>::quiet_NaN();
                try {
                    eta = std::stod(text);
                } catch (const std::exception&) {
                }
                if (!(eta > 0.0 && eta <= 1.0)) {
                    problems.push_back(c.diagnostic(
                        "efficiency", fmt::format("\"{}\" is not an efficiency in (0, 1]", text),
                        "write each as a fraction, e.g. 0.55"));
                }
                s.pump_efficiency_points.push_back(eta);
            }
            if (problems.empty() && s.pump_efficiency_points.size() != s.pump_points->x.size()) {
                problems.push_back(c.diagnostic("efficiency",
                                                fmt::format("{} values for {} points",
                                                            s.pump_efficiency_points.size(),
                                                            s.pump_points->x.size()),
                                                "give one efficiency per flow, or none"));
            }
            if (!problems.empty()) {
                throw InputError(std::move(problems));
            }
        }
    }
    if (t.has("rack_curve")) {
        const CheckedTable c = t.table("rack_curve");
        s.rack_curve =
            parse_vendor_curve(c, "flow", kinds::volume_flow, "pressure_drop", kinds::pressure);
        s.calibrate_rack_curve = c.boolean("calibrate");
        s.calibrate_unknown = rack_curve_unknown_words.parse(c.string("unknown"));
    }
    if (t.has("cdu_capacity_curve")) {
        const CheckedTable c = t.table("cdu_capacity_curve");
        s.cdu_capacity_points = parse_vendor_curve(c, "approach", kinds::temperature_difference,
                                                   "capacity", kinds::power);
        s.cdu_curve_tcs_flow_m3_s = c.optional_quantity("tcs_flow").value_or(0.0);
        s.cdu_curve_facility_flow_m3_s = c.optional_quantity("facility_flow").value_or(0.0);
    }
    if (t.has("required_flow")) {
        s.required_flow = parse_vendor_curve(t.table("required_flow"), "supply_temperature",
                                             kinds::temperature, "flow", kinds::volume_flow);
    }
    if (s.pump_redundancy != PumpRedundancy::n && s.pumps_running() < 1) {
        throw InputError(
            t.diagnostic("pumps",
                         fmt::format("{} pumps leave none running under {} redundancy", s.pumps,
                                     pump_redundancy_words.name(s.pump_redundancy)),
                         "install more pumps or relax pump_redundancy"));
    }
    return s;
}

PumpCurve cdu_pump_curve(const CoolingSpec& c) {
    if (c.pump_points) {
        return fit_pump_curve(c.pump_points->x, c.pump_points->y);
    }
    return {c.pump_shutoff_dp_Pa, 0.0, c.pump_shutoff_dp_Pa / std::pow(c.pump_max_flow_m3_s, 2)};
}

double cdu_pump_efficiency(const CoolingSpec& c, double V_each, double speed_ratio) {
    const double s = std::max(speed_ratio, 1e-3);
    const double V_full = V_each / s; // the similar point at full speed
    if (c.pump_points && !c.pump_efficiency_points.empty()) {
        const auto& x = c.pump_points->x;
        const auto& eta = c.pump_efficiency_points;
        const double best = *std::max_element(eta.begin(), eta.end());
        const MonotoneCubic curve(x, eta);
        const double at = curve(std::clamp(V_full, x.front(), x.back()));
        return std::clamp(at, 0.1 * best, best);
    }
    // Best-efficiency flow at full speed: where V (dp0 - c1 V - c2 V^2) peaks,
    // 3 c2 V^2 + 2 c1 V - dp0 = 0.
    const PumpCurve p = cdu_pump_curve(c);
    const double V_bep = p.c2 > 0.0
                             ? (-p.c1 + std::sqrt(p.c1 * p.c1 + 3.0 * p.c2 * p.dp0)) / (3.0 * p.c2)
                             : p.dp0 / (2.0 * p.c1);
    const double x_bep = V_full / V_bep;
    return c.pump_efficiency * std::max(0.1, x_bep * (2.0 - x_bep));
}

const std::vector<AirClass>& air_classes() {
    static const std::vector<AirClass> classes = {
        {"A1", 15.0, 32.0}, {"A2", 10.0, 35.0}, {"A3", 5.0, 40.0},
        {"A4", 5.0, 45.0},  {"H1", 5.0, 25.0},
    };
    return classes;
}

const AirClass& air_class(std::string_view name) {
    std::string valid;
    for (const AirClass& c : air_classes()) {
        if (c.name == name) {
            return c;
        }
        valid += (valid.empty() ? "" : ", ") + std::string(c.name);
    }
    throw std::invalid_argument(
        fmt::format("unknown ASHRAE air class '{}'; valid classes are: {}", name, valid));
}

} // namespace rackcalc::thermal
