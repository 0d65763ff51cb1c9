#include "cases/result_json.hpp"

#include "core/quantity.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace rackcalc::cases {

namespace {

double lpm(double V) {
    return V * 60000.0;
}

} // namespace

nlohmann::json thermal_to_json(const thermal::ThermalAnalysis& a,
                               const geometry::Assembly& assembly) {
    using nlohmann::json;
    const auto& d = a.design;
    json j;
    j["feasible"] = a.feasible();
    j["it_power_W"] = a.it_power_W;
    j["heat_to_liquid_W"] = a.Q_liquid_W;
    j["heat_to_air_W"] = a.Q_air_W;
    j["coolant"] = {{"flow_m3_s", d.V_dot_m3_s},
                    {"flow_L_min", lpm(d.V_dot_m3_s)},
                    {"flow_L_min_per_kW", lpm(d.V_dot_m3_s) / (a.Q_liquid_W / 1e3)},
                    {"T_supply_K", d.T_supply_K},
                    {"T_return_K", d.T_return_K},
                    {"loop_dp_Pa", d.dp_loop_Pa},
                    {"heat_into_coolant_W", d.Q_coolant_W},
                    {"energy_imbalance", d.energy_imbalance()},
                    {"mass_imbalance", d.mass_imbalance},
                    {"tray_flow_max_over_min", d.tray_flow_spread},
                    {"plate_flow_max_over_min", d.plate_flow_spread},
                    {"plate_flow_per_heat_min_ratio", d.plate_flow_per_heat_min},
                    {"plate_flow_per_heat_max_ratio", d.plate_flow_per_heat_max},
                    {"balanced", d.balanced},
                    {"balance_dp_penalty_Pa",
                     a.balance ? json(a.balance->dp_rack_balanced_Pa - a.balance->dp_rack_open_Pa)
                               : json(nullptr)},
                    {"newton_iterations", d.iterations}};
    j["cdu"] = {{"heat_W", a.cdu.Q_W},
                {"units_needed", a.cdu.units_needed},
                {"dp_internal_Pa", a.cdu.dp_internal_Pa},
                {"dp_required_Pa", a.cdu.dp_required_Pa},
                {"dp_available_Pa", a.cdu.dp_available_Pa},
                {"pump_speed_ratio", a.cdu.speed_ratio},
                {"pump_power_W", a.cdu.P_pump_W},
                {"pump_efficiency", a.cdu.pump_efficiency},
                {"T_facility_design_K", a.cdu.T_facility_design_K},
                {"pumps_running", a.cdu.pumps_running},
                {"pumps_installed", a.cdu.pumps_installed},
                {"pump_curve", a.cdu.pump_curve},
                {"UA_W_per_K", a.cdu.UA_W_per_K},
                {"effectiveness", a.cdu.effectiveness},
                {"T_facility_max_K", a.cdu.T_facility_max_K},
                {"approach_K", a.cdu.approach_K},
                {"facility_flow_m3_s", a.cdu.V_dot_facility_m3_s},
                {"facility_class", a.cdu.facility_class}};
    j["air"] = {{"heat_W", a.air.Q_W},
                {"flow_m3_s", a.air.V_dot_m3_s},
                {"T_outlet_K", a.air.T_outlet_K},
                {"fan_speed_ratio", a.air.speed_ratio},
                {"fan_power_W", a.air.P_fan_W},
                {"class", a.air.air_class}};
    json inverse;
    inverse["min_flow_m3_s"] = a.V_dot_min_m3_s ? json(*a.V_dot_min_m3_s) : json(nullptr);
    inverse["min_flow_binding"] = a.V_dot_min_binding;
    inverse["max_supply_K"] = a.T_supply_max_K ? json(*a.T_supply_max_K) : json(nullptr);
    inverse["max_supply_binding"] = a.T_supply_max_binding;
    json table = json::array();
    for (const auto& row : a.flow_table) {
        table.push_back(
            {{"T_supply_K", row.T_supply_K},
             {"min_flow_m3_s", row.V_dot_m3_s ? json(*row.V_dot_m3_s) : json(nullptr)},
             {"min_flow_L_min_per_kW",
              row.V_dot_m3_s ? json(lpm(*row.V_dot_m3_s) / (a.Q_liquid_W / 1e3)) : json(nullptr)},
             {"binding", row.binding},
             {"loop_dp_Pa", row.dp_loop_Pa},
             {"T_return_K", row.T_return_K},
             {"reason", row.reason}});
    }
    inverse["flow_vs_supply"] = table;
    j["inverse"] = inverse;
    json curves = json::array();
    for (const auto& c : a.plate_curves) {
        curves.push_back({{"design", c.design},
                          {"coolant", c.coolant},
                          {"source", c.source},
                          {"flow_m3_s", c.V_dot_m3_s},
                          {"R_th_given_K_per_W", c.R_given},
                          {"R_th_model_K_per_W", c.R_model},
                          {"dp_given_Pa", c.dp_given},
                          {"dp_model_Pa", c.dp_model}});
    }
    j["plate_curves"] = curves;
    auto vendor = [](const thermal::VendorComparison& c, const char* x_key, const char* y_key) {
        json model = json::array();
        for (const auto& m : c.model) {
            model.push_back(m ? json(*m) : json(nullptr));
        }
        return json{{"source", c.source},
                    {x_key, c.x},
                    {std::string(y_key) + "_vendor", c.vendor},
                    {std::string(y_key) + "_model", model},
                    {"note", c.note},
                    {"rms_error", c.rms_error}};
    };
    j["vendor_rack_curve"] =
        a.rack_curve ? vendor(*a.rack_curve, "flow_per_rack_m3_s", "dp_Pa") : json(nullptr);
    j["vendor_required_flow"] = a.required_flow
                                    ? vendor(*a.required_flow, "T_supply_K", "flow_per_rack_m3_s")
                                    : json(nullptr);
    if (a.qd_calibration) {
        j["qd_calibration"] = {{"Cv_factor", a.qd_calibration->factor},
                               {"converged", a.qd_calibration->converged},
                               {"rms_error_before", a.qd_calibration->rms_before},
                               {"rms_error_after", a.qd_calibration->rms_after},
                               {"reason", a.qd_calibration->reason}};
    } else {
        j["qd_calibration"] = nullptr;
    }
    // Parts of the first rack of each kind only: the other racks of a kind have the same
    // results part by part (thermal::RackLoop), and a hall of 1000 racks would otherwise
    // list 234 000 chips. chips.csv and trays.csv of `run` have every part.
    const std::vector<int> firsts = d.kind_first_racks();
    const std::unordered_set<int> listed(firsts.begin(), firsts.end());
    std::unordered_map<int, int> kind_size;
    for (const auto& rr : d.racks) {
        ++kind_size[rr.kind_first];
    }
    json kinds = json::array();
    for (const int first : firsts) {
        kinds.push_back({{"first", assembly.parts[static_cast<std::size_t>(first)].name},
                         {"racks", kind_size[first]}});
    }
    j["rack_kinds"] = kinds;
    json chips = json::array();
    for (const auto& c : d.chips) {
        if (!listed.contains(c.rack)) {
            continue;
        }
        chips.push_back({{"name", assembly.parts[static_cast<std::size_t>(c.part)].name},
                         {"Q_W", c.Q_W},
                         {"T_junction_K", c.T_junction_K},
                         {"T_limit_K", c.T_limit_K},
                         {"limit_kind", c.limit_kind},
                         {"margin_K", c.margin_K()},
                         {"R_th_K_per_W", c.R_th_K_per_W},
                         {"R_plate_K_per_W", c.R_plate_K_per_W},
                         {"R_layers_K_per_W", c.R_layers_K_per_W},
                         {"T_coolant_K", c.T_coolant_K}});
    }
    j["chips"] = chips;
    json trays = json::array();
    for (const auto& t : d.trays) {
        if (!listed.contains(t.rack)) {
            continue;
        }
        trays.push_back({{"name", assembly.parts[static_cast<std::size_t>(t.part)].name},
                         {"flow_m3_s", t.V_dot_m3_s},
                         {"dp_Pa", t.dp_Pa},
                         {"T_in_K", t.T_in_K},
                         {"T_out_K", t.T_out_K},
                         {"Q_W", t.Q_W}});
    }
    j["trays"] = trays;
    // Every tray of every rack, by tray type: how many, and the range of each quantity.
    struct Range {
        double lo = std::numeric_limits<double>::infinity();
        double hi = -std::numeric_limits<double>::infinity();
        void add(double x) {
            lo = std::min(lo, x);
            hi = std::max(hi, x);
        }
    };
    struct TrayType {
        long count = 0;
        Range flow, dp, T_out, Q;
    };
    std::map<std::string, TrayType> by_type;
    for (const auto& t : d.trays) {
        TrayType& tt = by_type[assembly.parts[static_cast<std::size_t>(t.part)].type];
        ++tt.count;
        tt.flow.add(t.V_dot_m3_s);
        tt.dp.add(t.dp_Pa);
        tt.T_out.add(t.T_out_K);
        tt.Q.add(t.Q_W);
    }
    json tray_types = json::array();
    for (const auto& [type, tt] : by_type) {
        tray_types.push_back({{"type", type},
                              {"count", tt.count},
                              {"flow_min_m3_s", tt.flow.lo},
                              {"flow_max_m3_s", tt.flow.hi},
                              {"dp_min_Pa", tt.dp.lo},
                              {"dp_max_Pa", tt.dp.hi},
                              {"T_out_max_K", tt.T_out.hi},
                              {"Q_min_W", tt.Q.lo},
                              {"Q_max_W", tt.Q.hi}});
    }
    j["tray_types"] = tray_types;
    json racks = json::array();
    for (const auto& rr : d.racks) {
        racks.push_back({{"name", assembly.parts[static_cast<std::size_t>(rr.part)].name},
                         {"kind", assembly.parts[static_cast<std::size_t>(rr.kind_first)].name},
                         {"flow_m3_s", rr.V_dot_m3_s},
                         {"heat_to_liquid_W", rr.Q_W},
                         {"T_return_K", rr.T_return_K},
                         {"dp_Pa", rr.dp_Pa}});
    }
    j["racks"] = racks;
    json plates = json::array();
    for (const auto& p : d.plates) {
        if (!listed.contains(p.rack)) {
            continue;
        }
        plates.push_back({{"name", assembly.parts[static_cast<std::size_t>(p.part)].name},
                          {"flow_m3_s", p.V_dot_m3_s},
                          {"dp_Pa", p.dp_Pa},
                          {"T_in_K", p.T_in_K},
                          {"T_out_K", p.T_out_K},
                          {"Q_W", p.Q_W},
                          {"Re", p.Re}});
    }
    j["cold_plates"] = plates;
    json findings = json::array();
    for (const auto& f : a.findings) {
        findings.push_back(
            {{"severity", f.severity}, {"component", f.component}, {"message", f.message}});
    }
    j["findings"] = findings;
    return j;
}

nlohmann::json sweep_chart_to_json(const SweepResult& sweep) {
    using nlohmann::json;
    if (sweep.parameters.empty() || sweep.rows.empty()) {
        return nullptr;
    }
    const SweepParameter& xp = sweep.parameters.back();
    const bool numeric = xp.kind != nullptr || xp.type == core::ValueType::integer ||
                         xp.type == core::ValueType::real;
    if (!numeric) {
        return nullptr;
    }
    const auto x_of = [&xp](const std::string& value) {
        return xp.kind != nullptr ? core::from_si(core::parse_quantity(value, *xp.kind), xp.unit)
                                  : std::stod(value);
    };
    json outputs = json::array();
    for (const auto& name : sweep.outputs) {
        std::string unit;
        for (const auto& o : sweep_outputs()) {
            if (o.name == name) {
                unit = o.unit;
            }
        }
        outputs.push_back({{"name", name}, {"unit", unit}});
    }
    // Full factorial, the last parameter fastest: each run of its values is one curve.
    const std::size_t n_x = xp.values.size();
    json series = json::array();
    try {
        for (std::size_t start = 0; start + n_x <= sweep.rows.size(); start += n_x) {
            std::string label;
            for (std::size_t j = 0; j + 1 < sweep.parameters.size(); ++j) {
                label += (label.empty() ? "" : ", ") + sweep.parameters[j].key + " = " +
                         sweep.rows[start].values[j];
            }
            json x = json::array();
            json y = json::array();
            for (std::size_t k = 0; k < sweep.outputs.size(); ++k) {
                y.push_back(json::array());
            }
            for (std::size_t i = start; i < start + n_x; ++i) {
                const SweepRow& row = sweep.rows[i];
                x.push_back(x_of(row.values.back()));
                for (std::size_t k = 0; k < sweep.outputs.size(); ++k) {
                    // An infeasible point has numbers, but not of a design that works.
                    const double v = row.status == "ok" && k < row.outputs.size() ? row.outputs[k]
                                                                                  : std::nan("");
                    y[k].push_back(std::isfinite(v) ? json(v) : json(nullptr));
                }
            }
            series.push_back({{"label", label.empty() ? sweep.name : label},
                              {"x", std::move(x)},
                              {"y", std::move(y)}});
        }
    } catch (const std::exception&) {
        return nullptr; // a value the unit parser rejects: the table has it as written
    }
    return {{"x_label", xp.unit.empty() ? xp.key : xp.key + " [" + xp.unit + "]"},
            {"outputs", std::move(outputs)},
            {"series", std::move(series)}};
}

void add_verdict(nlohmann::json& summary, const Verdict& verdict) {
    using nlohmann::json;
    json violations = json::array();
    if (!summary.contains("findings") || !summary["findings"].is_array()) {
        summary["findings"] = json::array();
    }
    for (const auto& v : verdict.violations) {
        violations.push_back(
            {{"kind", kind_name(v.kind)}, {"subject", v.subject}, {"message", v.message}});
        if (v.kind == Violation::Kind::scenario || v.kind == Violation::Kind::sweep_point) {
            summary["findings"].push_back(
                {{"severity", "error"},
                 {"component", std::string(kind_name(v.kind)) + " " + v.subject},
                 {"message", v.message}});
        }
    }
    summary["verdict"] = {{"pass", verdict.pass()},         {"line", verdict.line()},
                          {"violations", violations},       {"warnings", verdict.warnings},
                          {"scenarios", verdict.scenarios}, {"sweep_points", verdict.sweep_points}};
}

nlohmann::json system_to_json(const CaseSpec& spec, const SystemResult& r) {
    using nlohmann::json;
    json j;
    j["case"] = {{"file", spec.file},
                 {"name", spec.meta.name},
                 {"template_chain", spec.template_chain},
                 {"site",
                  {{"name", spec.site.name},
                   {"electricity_price_USD_per_kWh", spec.site.electricity_price_USD_per_J * 3.6e6},
                   {"price_discount", spec.site.price_discount},
                   {"ambient_temperature_K", spec.site.ambient_temperature_K}}}};
    j["converged"] = r.converged;
    j["iterations"] = r.iterations;
    j["residual"] = r.residual;
    j["reason"] = r.reason;
    json findings = json::array();
    for (const auto& f : r.findings) {
        findings.push_back(
            {{"severity", f.severity}, {"component", f.component}, {"message", f.message}});
    }
    if (!r.converged) {
        findings.push_back({{"severity", "error"}, {"component", "system"}, {"message", r.reason}});
        j["findings"] = findings;
        return j; // no numbers from a state that did not settle
    }
    j["findings"] = findings;
    json totals = {{"chips_at_tdp_W", r.P_chips_tdp_W},
                   {"it_power_W", r.P_it_W},
                   {"it_equipment_power_W", r.P_ite_W},
                   {"grid_power_W", r.P_grid_W},
                   {"power_chain_loss_W", r.chain_result.P_loss_W},
                   {"in_rack_loss_W", r.loss_in_rack_W},
                   {"room_loss_W", r.loss_room_W},
                   {"yard_loss_W", r.loss_yard_W},
                   {"cooling_power_W", r.P_cooling_W},
                   {"cooling_feed_loss_W", r.mechanical_result.P_loss_W},
                   {"pue", r.pue},
                   {"pue_annual", r.year.pue},
                   {"elc", r.annual.elc},
                   {"annual_facility_loss_J", r.annual.E_facility_loss_J},
                   {"annual_it_equipment_energy_J", r.annual.E_ite_J},
                   {"rack_input_power_W", r.P_rack_input_W},
                   {"heat_rejected_W", r.heat_rejected_W},
                   {"energy_closure_rel", r.energy_closure},
                   {"heat_closure_rel", r.heat_closure},
                   {"annual_energy_MWh", r.annual_energy_J / 3.6e9},
                   {"annual_cost_USD", r.annual_cost_USD}};
    totals["cost_per_pflop_hour_USD"] =
        r.cost_per_pflop_hour_USD ? json(*r.cost_per_pflop_hour_USD) : json(nullptr);
    j["totals"] = totals;
    json stages = json::array();
    for (std::size_t s = 0; s < r.chain.stages.size(); ++s) {
        const auto& st = r.chain.stages[s];
        const auto& sr = r.chain_result.stages[s];
        stages.push_back({{"name", st.name},
                          {"id", st.id},
                          {"P_in_W", sr.P_in_W},
                          {"P_out_W", sr.P_out_W},
                          {"loss_W", sr.P_loss_W},
                          {"efficiency", sr.efficiency},
                          {"modules", st.modules},
                          {"modules_active", sr.modules_active},
                          {"load_fraction", sr.load_fraction},
                          {"location", std::string(power::to_string(st.location))},
                          {"medium", std::string(power::to_string(st.medium))},
                          {"footprint_m2", st.footprint_m2}});
    }
    json curve = json::array();
    for (int k = 1; k <= 10; ++k) {
        const double x = 0.1 * k;
        curve.push_back(json::array(
            {x, power::evaluate_chain(r.chain, x * r.P_chips_tdp_W > 0 ? x * r.P_it_W : 0.0)
                    .efficiency}));
    }
    j["power_chain"] = {
        {"name", r.chain.name},
        {"id", r.chain.id},
        {"stages", stages},
        {"efficiency", r.chain_result.efficiency},
        {"efficiency_vs_load", json::array({{{"chain", r.chain.name}, {"points", curve}}})}};
    j["thermal"] = thermal_to_json(r.thermal, r.assembly);
    j["thermal"]["coolant"]["T_return_limit_K"] = spec.cooling.max_return_temperature.value();
    if (r.swing) {
        json layers = json::array();
        for (const auto& l : r.swing->layers) {
            layers.push_back({{"name", l.name},
                              {"energy_J", l.energy_capacity},
                              {"energy_swing_J", l.energy_swing},
                              {"P_discharge_max_W", l.P_discharge_max},
                              {"loss_J", l.loss}});
        }
        j["swing"] = {{"t_s", r.swing->t_s},
                      {"load_W", r.swing->feed_W},
                      {"it_W", r.swing->it_W},
                      {"grid_W", r.swing->grid_W},
                      {"grid_max_ramp_W_per_s", r.swing->grid_max_ramp_W_per_s},
                      {"grid_band_share_0p1_20Hz", r.swing->grid_band_share},
                      {"layers", layers}};
    }
    auto path = [](const thermal::PathRejection& p) {
        return json{{"heat_W", p.Q_W},
                    {"water_K", p.T_water_K},
                    {"kind", p.free ? "dry-cooler" : "chiller"},
                    {"cop", p.cop},
                    {"compressor_W", p.P_compressor_W},
                    {"rejection_fans_W", p.P_rejection_fans_W},
                    {"air_handler_fans_W", p.P_air_handler_W},
                    {"power_W", p.P_W()}};
    };
    j["cooling"] = {{"pumps_W", r.P_pumps_W},
                    {"it_fans_W", r.P_fans_W},
                    {"facility_water_K", r.T_facility_water_K},
                    {"air_density_kg_m3", r.rho_air},
                    {"heat_rejection",
                     {{"liquid", path(r.rejection.liquid)},
                      {"air", path(r.rejection.air)},
                      {"grey_space", path(r.rejection.grey)},
                      {"power_W", r.rejection.P_W()}}}};
    j["annual"] = {{"climate", r.year.climate_source},
                   {"design_day_only", r.year.design_day},
                   {"hours", r.year.hours},
                   {"it_equipment_energy_MWh", r.year.E_ite_J / 3.6e9},
                   {"facility_energy_MWh", r.year.E_facility_J / 3.6e9},
                   {"cooling_energy_MWh", r.year.E_cooling_J / 3.6e9},
                   {"pue", r.year.pue},
                   {"ppue_power", r.year.ppue_power},
                   {"ppue_cooling", r.year.ppue_cooling},
                   {"elc", r.year.elc},
                   {"free_cooling_liquid_h", r.year.free_cooling_liquid_h},
                   {"free_cooling_air_h", r.year.free_cooling_air_h}};
    // Sankey: grid -> IT chain stages in turn -> chips; every loss to its own sink; the
    // cooling plant beside it.
    json nodes = json::array({{{"name", "grid"}, {"kind", "source"}}});
    json links = json::array();
    int from = 0;
    for (std::size_t s = 0; s < r.chain.stages.size(); ++s) {
        const auto& sr = r.chain_result.stages[s];
        nodes.push_back({{"name", r.chain.stages[s].name}});
        const int node = static_cast<int>(nodes.size()) - 1;
        links.push_back({{"source", from}, {"target", node}, {"value_W", sr.P_in_W}});
        nodes.push_back({{"name", fmt::format("loss: {} ({}, {})", r.chain.stages[s].name,
                                              power::to_string(r.chain.stages[s].location),
                                              power::to_string(r.chain.stages[s].medium))},
                         {"kind", "loss"}});
        links.push_back({{"source", node},
                         {"target", static_cast<int>(nodes.size()) - 1},
                         {"value_W", sr.P_loss_W}});
        from = node;
    }
    nodes.push_back({{"name", "chips and tray electronics"}, {"kind", "it"}});
    links.push_back({{"source", from},
                     {"target", static_cast<int>(nodes.size()) - 1},
                     {"value_W", r.chain_result.P_it_W}});
    nodes.push_back({{"name", "cooling plant"}, {"kind", "cooling"}});
    links.push_back({{"source", 0},
                     {"target", static_cast<int>(nodes.size()) - 1},
                     {"value_W", r.mechanical_result.P_in_W}});
    j["sankey"] = {{"nodes", nodes}, {"links", links}};
    return j;
}

std::string chips_to_csv(const SystemResult& r) {
    std::string out = "chip,type,heat_W,junction_degC,limit_degC,limit_kind,margin_K,"
                      "coolant_under_die_degC,R_junction_to_inlet_K_per_W,R_plate_K_per_W,"
                      "R_stack_K_per_W\n";
    if (!r.converged) {
        return out;
    }
    const auto& parts = r.assembly.parts;
    for (const auto& c : r.thermal.design.chips) {
        const auto& part = parts[static_cast<std::size_t>(c.part)];
        out += fmt::format("{},{},{:.6g},{:.4f},{:.4f},{},{:.4f},{:.4f},{:.6g},{:.6g},{:.6g}\n",
                           part.name, part.type, c.Q_W, c.T_junction_K - 273.15,
                           c.T_limit_K - 273.15, c.limit_kind, c.margin_K(), c.T_coolant_K - 273.15,
                           c.R_th_K_per_W, c.R_plate_K_per_W, c.R_layers_K_per_W);
    }
    return out;
}

std::string trays_to_csv(const SystemResult& r) {
    std::string out = "tray,type,heat_to_liquid_W,flow_L_min,flow_L_min_per_kW,inlet_degC,"
                      "outlet_degC,dp_kPa,restrictor_dp_kPa\n";
    if (!r.converged) {
        return out;
    }
    const auto& parts = r.assembly.parts;
    for (const auto& t : r.thermal.design.trays) {
        const auto& part = parts[static_cast<std::size_t>(t.part)];
        const double L_min = t.V_dot_m3_s * 60000.0;
        out += fmt::format("{},{},{:.6g},{:.6g},{:.6g},{:.4f},{:.4f},{:.6g},{:.6g}\n", part.name,
                           part.type, t.Q_W, L_min, t.Q_W > 0.0 ? L_min / (t.Q_W / 1e3) : 0.0,
                           t.T_in_K - 273.15, t.T_out_K - 273.15, t.dp_Pa / 1e3,
                           t.dp_restrictor_Pa / 1e3);
    }
    return out;
}

std::string system_to_csv(const SystemResult& r) {
    std::string out = "quantity,value,unit\n";
    auto row = [&out](const std::string& q, double v, const std::string& unit) {
        out += fmt::format("{},{:.10g},{}\n", q, v, unit);
    };
    out += fmt::format("converged,{},\n", r.converged ? "true" : "false");
    row("iterations", r.iterations, "");
    row("residual", r.residual, "");
    if (!r.converged) {
        return out;
    }
    row("it_power", r.P_it_W / 1e3, "kW");
    row("it_equipment_power", r.P_ite_W / 1e3, "kW");
    row("grid_power", r.P_grid_W / 1e3, "kW");
    row("power_chain_loss", r.chain_result.P_loss_W / 1e3, "kW");
    row("cooling_power", r.P_cooling_W / 1e3, "kW");
    row("pue", r.pue, "");
    row("elc", r.annual.elc, "");
    row("heat_to_liquid", r.thermal.Q_liquid_W / 1e3, "kW");
    row("heat_to_air", r.thermal.Q_air_W / 1e3, "kW");
    row("coolant_flow", r.thermal.design.V_dot_m3_s * 60000.0, "L/min");
    row("coolant_supply", r.thermal.design.T_supply_K - 273.15, "degC");
    row("coolant_return", r.thermal.design.T_return_K - 273.15, "degC");
    row("loop_pressure_drop", r.thermal.design.dp_loop_Pa / 1e3, "kPa");
    if (r.thermal.design.worst_chip >= 0) {
        const auto& w =
            r.thermal.design.chips[static_cast<std::size_t>(r.thermal.design.worst_chip)];
        row("worst_chip_temperature", w.T_junction_K - 273.15, "degC");
        row("worst_chip_margin", w.margin_K(), "K");
    }
    row("annual_energy", r.annual_energy_J / 3.6e9, "MWh");
    row("annual_cost", r.annual_cost_USD, "USD");
    if (r.cost_per_pflop_hour_USD) {
        row("cost_per_pflop_hour", *r.cost_per_pflop_hour_USD, "USD");
    }
    row("energy_closure", r.energy_closure, "");
    row("heat_closure", r.heat_closure, "");
    return out;
}

} // namespace rackcalc::cases
