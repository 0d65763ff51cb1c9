#include "cases/airflow_evidence.hpp"

#include "core/display_units.hpp"
#include "core/input_error.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace rackcalc::cases {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

[[noreturn]] void fail(const fs::path& file, const std::string& key, const std::string& message,
                       const std::string& fix) {
    core::Diagnostic d;
    d.where.file = file.string();
    d.key = key;
    d.message = message;
    d.fix = fix;
    throw core::InputError(d);
}

const std::string regenerate = "write it with `rackcalc cfd airflow CASE -o DIR` and pass "
                               "DIR/airflow.json";

/// A finite number at `key` of `j`; `where` names the object for the message.
double number(const fs::path& file, const json& j, const std::string& key,
              const std::string& where) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number() || !std::isfinite(it->get<double>())) {
        fail(file, where + key, "missing or not a finite number", regenerate);
    }
    return it->get<double>();
}

std::string string(const fs::path& file, const json& j, const std::string& key,
                   const std::string& where) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) {
        fail(file, where + key, "missing or not a string", regenerate);
    }
    return it->get<std::string>();
}

/// A whole number in [lo, hi] at `key` (checked before any conversion to an integer).
long whole(const fs::path& file, const json& j, const std::string& key, const std::string& where,
           double lo, double hi) {
    const double v = number(file, j, key, where);
    if (!(v >= lo && v <= hi) || v != std::floor(v)) {
        fail(file, where + key,
             fmt::format("must be a whole number from {:.0f} to {:.0f}, got {}", lo, hi, v),
             regenerate);
    }
    return static_cast<long>(v);
}

bool boolean(const fs::path& file, const json& j, const std::string& key) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_boolean()) {
        fail(file, key, "missing or not true/false", regenerate);
    }
    return it->get<bool>();
}

/// A finding's temperatures, rendered in the reader's units by core::Display.
using core::quantities::temperature;

} // namespace

AirflowEvidence read_airflow_evidence(const fs::path& file) {
    std::ifstream in(file);
    if (!in) {
        fail(file, "", "cannot be read", "give the airflow.json that `rackcalc cfd airflow` wrote");
    }
    json j;
    try {
        j = json::parse(in);
    } catch (const json::exception& e) {
        fail(file, "", std::string("is not JSON: ") + e.what(), regenerate);
    }
    if (!j.is_object()) {
        fail(file, "", "is not a JSON object", regenerate);
    }
    AirflowEvidence a;
    a.file = file;
    a.case_file = string(file, j, "case", "");
    a.racks = static_cast<int>(whole(file, j, "racks", "", 1.0, 1e6));
    a.containment = boolean(file, j, "containment");
    a.transient = boolean(file, j, "transient");
    a.judged = string(file, j, "judged", "");
    a.cells = whole(file, j, "cells", "", 0.0, 1e12);
    a.Q_air_W = number(file, j, "Q_air_W", "");
    a.heat_balance = number(file, j, "heat_balance", "");
    a.V_dot_demand_m3_s = number(file, j, "V_dot_demand_m3_s", "");
    a.V_dot_supply_m3_s = number(file, j, "V_dot_supply_m3_s", "");
    a.air_class = string(file, j, "air_class", "");
    a.T_supply_K = number(file, j, "T_supply_K", "");
    a.T_allowable_max_K = number(file, j, "T_allowable_max_K", "");
    a.T_inlet_max_K = number(file, j, "T_inlet_max_K", "");
    a.T_inlet_peak_max_K = number(file, j, "T_inlet_peak_max_K", "");
    a.hottest_inlet = string(file, j, "hottest_inlet", "");
    a.RCI_hi = number(file, j, "RCI_hi_percent", "");
    a.RTI = number(file, j, "RTI_percent", "");
    a.SHI = number(file, j, "SHI", "");
    a.RHI = number(file, j, "RHI", "");
    if (a.racks < 1 || !(a.Q_air_W > 0.0) || !(a.V_dot_demand_m3_s > 0.0)) {
        fail(file,
             a.racks < 1          ? "racks"
             : !(a.Q_air_W > 0.0) ? "Q_air_W"
                                  : "V_dot_demand_m3_s",
             "must be positive", regenerate);
    }
    const auto trays = j.find("trays");
    if (trays == j.end() || !trays->is_array() || trays->empty()) {
        fail(file, "trays", "missing or empty", regenerate);
    }
    for (std::size_t i = 0; i < trays->size(); ++i) {
        const json& t = (*trays)[i];
        const std::string where = fmt::format("trays[{}].", i);
        if (!t.is_object()) {
            fail(file, where, "not an object", regenerate);
        }
        AirflowTrayEvidence e;
        e.part = string(file, t, "part", where);
        e.rack = static_cast<int>(whole(file, t, "rack", where, 0.0, 1e6));
        e.Q_air_W = number(file, t, "Q_air_W", where);
        e.V_dot_m3_s = number(file, t, "V_dot_m3_s", where);
        e.V_dot_design_m3_s = number(file, t, "V_dot_design_m3_s", where);
        e.T_inlet_K = number(file, t, "T_inlet_K", where);
        e.T_inlet_peak_K = number(file, t, "T_inlet_peak_K", where);
        e.T_exhaust_K = number(file, t, "T_exhaust_K", where);
        e.margin_K = number(file, t, "margin_K", where);
        a.trays.push_back(std::move(e));
    }
    return a;
}

void check_airflow_evidence(const AirflowEvidence& evidence, const SystemResult& result) {
    const double per_rack_cfd = evidence.Q_air_W / evidence.racks;
    const double per_rack_run = result.thermal.Q_air_W / std::max(1, result.racks);
    if (!(std::abs(per_rack_cfd - per_rack_run) <= 0.005 * per_rack_run)) {
        fail(evidence.file, "Q_air_W",
             fmt::format("the airflow run put {:.2f} kW into the air of each rack, this run puts "
                         "{:.2f} kW: it was computed for another case or an older version of "
                         "this one ({})",
                         per_rack_cfd / 1e3, per_rack_run / 1e3, evidence.case_file),
             "rerun `rackcalc cfd airflow` on this case and pass its airflow.json");
    }
}

std::vector<thermal::Finding> airflow_findings(const AirflowEvidence& a) {
    std::vector<thermal::Finding> out;
    const double T_allow = a.T_allowable_max_K;
    for (const auto& t : a.trays) {
        if (!(t.Q_air_W > 0.0)) {
            continue; // a tray without air-side heat has no fans; its face is not an inlet
        }
        const std::string component = "air inlet of " + t.part;
        if (t.T_inlet_K > T_allow) {
            out.push_back(
                {"error", component,
                 core::statement("{} on average in the CFD room (supply {}) is above the ASHRAE "
                                 "{} allowable {}",
                                 temperature(t.T_inlet_K), temperature(a.T_supply_K), a.air_class,
                                 temperature(T_allow))});
        } else if (t.T_inlet_peak_K > T_allow) {
            out.push_back({"warning", component,
                           core::statement("peaks at {} in the CFD room (mean {}), above the "
                                           "ASHRAE {} allowable {}",
                                           temperature(t.T_inlet_peak_K), temperature(t.T_inlet_K),
                                           a.air_class, temperature(T_allow))});
        }
    }
    if (a.RCI_hi < 91.0) {
        out.push_back({"warning", "airflow",
                       fmt::format("RCI_HI {:.0f} % in the CFD room: poor (Herrlin: 96 % and "
                                   "above good, 91-95 % acceptable); hot air reaches the inlets",
                                   a.RCI_hi)});
    }
    return out;
}

json airflow_to_json(const AirflowEvidence& a) {
    json trays = json::array();
    for (const auto& t : a.trays) {
        trays.push_back({{"part", t.part},
                         {"rack", t.rack},
                         {"Q_air_W", t.Q_air_W},
                         {"V_dot_m3_s", t.V_dot_m3_s},
                         {"V_dot_design_m3_s", t.V_dot_design_m3_s},
                         {"T_inlet_K", t.T_inlet_K},
                         {"T_inlet_peak_K", t.T_inlet_peak_K},
                         {"T_exhaust_K", t.T_exhaust_K},
                         {"margin_K", t.margin_K}});
    }
    return {{"file", a.file.string()},
            {"case", a.case_file},
            {"racks", a.racks},
            {"containment", a.containment},
            {"transient", a.transient},
            {"judged", a.judged},
            {"cells", a.cells},
            {"Q_air_W", a.Q_air_W},
            {"heat_balance", a.heat_balance},
            {"V_dot_demand_m3_s", a.V_dot_demand_m3_s},
            {"V_dot_supply_m3_s", a.V_dot_supply_m3_s},
            {"supply_fraction", a.V_dot_supply_m3_s / a.V_dot_demand_m3_s},
            {"air_class", a.air_class},
            {"T_supply_K", a.T_supply_K},
            {"T_allowable_max_K", a.T_allowable_max_K},
            {"T_inlet_max_K", a.T_inlet_max_K},
            {"T_inlet_peak_max_K", a.T_inlet_peak_max_K},
            {"hottest_inlet", a.hottest_inlet},
            {"RCI_hi_percent", a.RCI_hi},
            {"RTI_percent", a.RTI},
            {"SHI", a.SHI},
            {"RHI", a.RHI},
            {"trays", trays}};
}

} // namespace rackcalc::cases
