#include "cases/result_json.hpp"

#include <cmath>
#include <fmt/format.h>
#include <unordered_set>

namespace rackcalc::cases {

std::string json_sentence(const core::Statement& sentence) {
    static const core::Display metric(core::UnitSystem::metric);
    return metric.render(sentence);
}

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
                {"capacity_W", a.cdu.capacity_W},
                {"dp_internal_Pa", a.cdu.dp_internal_Pa},
                {"dp_required_Pa", a.cdu.dp_required_Pa},
                {"dp_available_Pa", a.cdu.dp_available_Pa},
                {"pump_speed_ratio", a.cdu.speed_ratio},
                {"pump_power_W", a.cdu.P_pump_W},
                {"pump_efficiency", a.cdu.pump_efficiency},
                {"T_facility_design_K", a.cdu.T_facility_design_K},
                {"pumps_running", a.cdu.pumps_running},
                {"pumps_installed", a.cdu.pumps_installed},
                {"pump_curve", json_sentence(a.cdu.pump_curve)},
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
    inverse["min_flow_binding"] = json_sentence(a.V_dot_min_binding);
    inverse["max_supply_K"] = a.T_supply_max_K ? json(*a.T_supply_max_K) : json(nullptr);
    inverse["max_supply_binding"] = a.T_supply_max_binding;
    json table = json::array();
    for (const auto& row : a.flow_table) {
        table.push_back(
            {{"T_supply_K", row.T_supply_K},
             {"min_flow_m3_s", row.V_dot_m3_s ? json(*row.V_dot_m3_s) : json(nullptr)},
             {"min_flow_L_min_per_kW",
              row.V_dot_m3_s ? json(lpm(*row.V_dot_m3_s) / (a.Q_liquid_W / 1e3)) : json(nullptr)},
             {"binding", json_sentence(row.binding)},
             {"loop_dp_Pa", row.dp_loop_Pa},
             {"T_return_K", row.T_return_K},
             {"reason", json_sentence(row.reason)}});
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
        json note = json::array();
        for (const auto& n : c.note) {
            note.push_back(json_sentence(n));
        }
        return json{{"source", c.source},
                    {x_key, c.x},
                    {std::string(y_key) + "_vendor", c.vendor},
                    {std::string(y_key) + "_model", model},
                    {"note", note},
                    {"rms_error", c.rms_error}};
    };
    j["vendor_rack_curve"] =
        a.rack_curve ? vendor(*a.rack_curve, "flow_per_rack_m3_s", "dp_Pa") : json(nullptr);
    j["vendor_required_flow"] = a.required_flow
                                    ? vendor(*a.required_flow, "T_supply_K", "flow_per_rack_m3_s")
                                    : json(nullptr);
    j["vendor_cdu_capacity_curve"] = a.cdu.capacity_curve
                                         ? vendor(*a.cdu.capacity_curve, "approach_K", "capacity_W")
                                         : json(nullptr);
    if (a.rack_curve_calibration) {
        const auto& c = *a.rack_curve_calibration;
        j["rack_curve_calibration"] = {
            {"unknown", thermal::rack_curve_unknown_words.name(c.unknown)},
            {"factor", c.factor},
            {"converged", c.converged},
            {"rms_error_before", c.rms_before},
            {"rms_error_after", c.rms_after},
            {"reason", c.reason}};
    } else {
        j["rack_curve_calibration"] = nullptr;
    }
    // Parts of the first rack of each kind only: the other racks of a kind have the same
    // results part by part (thermal::RackLoop), and a hall of 1000 racks would otherwise
    // list 234 000 chips. chips.csv and trays.csv of `run` have every part.
    const std::vector<int> firsts = d.kind_first_racks();
    const std::unordered_set<int> listed(firsts.begin(), firsts.end());
    json kinds = json::array();
    for (const auto& k : rack_kinds(d, assembly)) {
        kinds.push_back({{"first", k.first}, {"racks", k.racks}});
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
    json types = json::array();
    for (const auto& tt : tray_types(d, assembly)) {
        types.push_back({{"type", tt.type},
                         {"count", tt.count},
                         {"flow_min_m3_s", tt.V_dot_min_m3_s},
                         {"flow_max_m3_s", tt.V_dot_max_m3_s},
                         {"dp_min_Pa", tt.dp_min_Pa},
                         {"dp_max_Pa", tt.dp_max_Pa},
                         {"T_out_max_K", tt.T_out_max_K},
                         {"Q_min_W", tt.Q_min_W},
                         {"Q_max_W", tt.Q_max_W}});
    }
    j["tray_types"] = types;
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
        findings.push_back({{"severity", f.severity},
                            {"component", json_sentence(f.component)},
                            {"message", json_sentence(f.message)}});
    }
    j["findings"] = findings;
    return j;
}

nlohmann::json sweep_chart_to_json(const SweepResult& sweep) {
    using nlohmann::json;
    const auto chart = sweep_chart(sweep);
    if (!chart) {
        return nullptr;
    }
    json outputs = json::array();
    for (const auto& o : chart->outputs) {
        outputs.push_back({{"name", o.name}, {"unit", o.unit}});
    }
    json series = json::array();
    for (const auto& s : chart->series) {
        json y = json::array();
        for (const auto& values : s.y) {
            json list = json::array();
            for (const double v : values) {
                list.push_back(std::isfinite(v) ? json(v) : json(nullptr));
            }
            y.push_back(std::move(list));
        }
        series.push_back({{"label", s.label}, {"x", s.x}, {"y", std::move(y)}});
    }
    return {{"x_label", chart->x_label},
            {"outputs", std::move(outputs)},
            {"series", std::move(series)}};
}

namespace {

nlohmann::json findings_to_json(const std::vector<thermal::Finding>& findings) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : findings) {
        out.push_back({{"severity", f.severity},
                       {"component", json_sentence(f.component)},
                       {"message", json_sentence(f.message)}});
    }
    return out;
}

nlohmann::json verdict_to_json(const Verdict& verdict) {
    nlohmann::json violations = nlohmann::json::array();
    for (const auto& v : verdict.violations) {
        violations.push_back({{"kind", kind_name(v.kind)},
                              {"subject", json_sentence(v.subject)},
                              {"message", json_sentence(v.message)}});
    }
    return {{"pass", verdict.pass()},         {"line", json_sentence(verdict.line())},
            {"violations", violations},       {"warnings", verdict.warnings},
            {"scenarios", verdict.scenarios}, {"sweep_points", verdict.sweep_points}};
}

nlohmann::json scenario_to_json(const ScenarioResult& sc) {
    nlohmann::json j{{"kind", sc.kind},
                     {"name", sc.name},
                     {"status", sc.status},
                     {"quantity", sc.quantity},
                     {"value", sc.value},
                     {"limit", sc.limit},
                     {"sentence", json_sentence(sc.sentence)}};
    const auto put = [&j](const char* key, const std::optional<double>& v) {
        if (v) {
            j[key] = *v;
        }
    };
    put("time_to_chip_limit_s", sc.time_to_chip_limit_s);
    put("time_to_return_limit_s", sc.time_to_return_limit_s);
    put("flow_m3_s", sc.V_dot_m3_s);
    put("worst_chip_margin_K", sc.worst_chip_margin_K);
    put("coolant_volume_m3", sc.coolant_volume_m3);
    put("dT_dt_K_per_s", sc.dT_dt_K_per_s);
    return j;
}

nlohmann::json picture_to_json(const std::variant<Picture, Missing>& picture) {
    if (const auto* missing = std::get_if<Missing>(&picture)) {
        return {{"missing", missing->reason}};
    }
    const auto& p = std::get<Picture>(picture);
    return {{"file", p.file}, {"colour_scale", p.colour_scale}};
}

} // namespace

nlohmann::json run_to_json(const RunRecord& record) {
    using nlohmann::json;
    json summary = system_to_json(record.case_facts, record.system);
    summary["findings"] = findings_to_json(run_findings(record));
    if (record.airflow) {
        summary["airflow"] = airflow_to_json(*record.airflow);
    }
    summary["scenarios"] = json::array();
    for (const auto& sc : record.scenarios) {
        summary["scenarios"].push_back(scenario_to_json(sc));
    }
    summary["picture"] = picture_to_json(record.picture);
    summary["sweeps"] = json::array();
    for (const auto& sw : record.sweeps) {
        summary["sweeps"].push_back({{"name", sw.name},
                                     {"points", sw.rows.size()},
                                     {"ok", sw.ok},
                                     {"failed", sw.failed},
                                     {"infeasible", sw.infeasible},
                                     {"file", sweep_file(sw)},
                                     {"chart", sweep_chart_to_json(sw)}});
    }
    summary["verdict"] = verdict_to_json(record.verdict);
    summary["provenance"] = provenance_to_json(record.provenance);
    return summary;
}

nlohmann::json system_to_json(const CaseFacts& facts, const SystemResult& r) {
    using nlohmann::json;
    json j;
    j["case"] = {{"file", facts.file},
                 {"name", facts.name},
                 {"template_chain", facts.template_chain},
                 {"site",
                  {{"name", facts.site_name},
                   {"electricity_price_USD_per_kWh", facts.electricity_price_USD_per_J * 3.6e6},
                   {"price_discount", facts.price_discount},
                   {"ambient_temperature_K", facts.T_ambient_K}}}};
    j["converged"] = r.converged;
    j["iterations"] = r.iterations;
    j["residual"] = r.residual;
    j["reason"] = json_sentence(r.reason);
    std::vector<thermal::Finding> findings = r.findings;
    if (!r.converged) {
        findings.push_back({"error", "system", r.reason});
        j["findings"] = findings_to_json(findings);
        return j; // no numbers from a state that did not settle
    }
    j["findings"] = findings_to_json(findings);
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
    json curves = json::array();
    for (const auto& c : efficiency_vs_load(r)) {
        json points = json::array();
        for (std::size_t k = 0; k < c.load_fraction.size(); ++k) {
            points.push_back(json::array({c.load_fraction[k], c.efficiency[k]}));
        }
        curves.push_back({{"chain", c.chain}, {"points", std::move(points)}});
    }
    j["power_chain"] = {{"name", r.chain.name},
                        {"id", r.chain.id},
                        {"stages", stages},
                        {"efficiency", r.chain_result.efficiency},
                        {"efficiency_vs_load", std::move(curves)}};
    j["thermal"] = thermal_to_json(r.thermal, r.assembly);
    j["thermal"]["coolant"]["T_return_limit_K"] = facts.T_return_max_K;
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
    const PowerFlow flow = power_flow(r);
    json nodes = json::array();
    for (const auto& n : flow.nodes) {
        json node{{"name", n.name}};
        if (!n.kind.empty()) {
            node["kind"] = n.kind;
        }
        nodes.push_back(std::move(node));
    }
    json links = json::array();
    for (const auto& l : flow.links) {
        links.push_back({{"source", l.source}, {"target", l.target}, {"value_W", l.P_W}});
    }
    j["sankey"] = {{"nodes", nodes}, {"links", links}};
    return j;
}

namespace {

/// A CSV header cell naming the unit: "junction [degC]".
std::string column(std::string_view name, const core::Display& u, const core::QuantityKind& kind) {
    return fmt::format("{} [{}]", name, u.unit(kind));
}

} // namespace

std::string chips_to_csv(const SystemResult& r, const core::Display& u) {
    namespace k = core::kinds;
    std::string out = fmt::format(
        "chip,type,{},{},{},limit_kind,{},{},R_junction_to_inlet [K/W],R_plate [K/W],"
        "R_stack [K/W]\n",
        column("heat", u, k::device_power), column("junction", u, k::temperature),
        column("limit", u, k::temperature), column("margin", u, k::temperature_difference),
        column("coolant_under_die", u, k::temperature));
    if (!r.converged) {
        return out;
    }
    const auto& parts = r.assembly.parts;
    for (const auto& c : r.thermal.design.chips) {
        const auto& part = parts[static_cast<std::size_t>(c.part)];
        out += fmt::format("{},{},{:.6g},{:.4f},{:.4f},{},{:.4f},{:.4f},{:.6g},{:.6g},{:.6g}\n",
                           part.name, part.type, u.value(c.Q_W, k::device_power),
                           u.value(c.T_junction_K, k::temperature),
                           u.value(c.T_limit_K, k::temperature), c.limit_kind,
                           u.value(c.margin_K(), k::temperature_difference),
                           u.value(c.T_coolant_K, k::temperature), c.R_th_K_per_W,
                           c.R_plate_K_per_W, c.R_layers_K_per_W);
    }
    return out;
}

std::string trays_to_csv(const SystemResult& r, const core::Display& u) {
    namespace k = core::kinds;
    std::string out = fmt::format(
        "tray,type,{},{},{},{},{},{},{}\n", column("heat_to_liquid", u, k::device_power),
        column("flow", u, k::volume_flow), column("flow_per_heat", u, k::volume_flow_per_power),
        column("inlet", u, k::temperature), column("outlet", u, k::temperature),
        column("dp", u, k::pressure), column("restrictor_dp", u, k::pressure));
    if (!r.converged) {
        return out;
    }
    const auto& parts = r.assembly.parts;
    for (const auto& t : r.thermal.design.trays) {
        const auto& part = parts[static_cast<std::size_t>(t.part)];
        out += fmt::format(
            "{},{},{:.6g},{:.6g},{:.6g},{:.4f},{:.4f},{:.6g},{:.6g}\n", part.name, part.type,
            u.value(t.Q_W, k::device_power), u.value(t.V_dot_m3_s, k::volume_flow),
            t.Q_W > 0.0 ? u.value(t.V_dot_m3_s / t.Q_W, k::volume_flow_per_power) : 0.0,
            u.value(t.T_in_K, k::temperature), u.value(t.T_out_K, k::temperature),
            u.value(t.dp_Pa, k::pressure), u.value(t.dp_restrictor_Pa, k::pressure));
    }
    return out;
}

std::string system_to_csv(const SystemResult& r, const core::Display& u) {
    namespace k = core::kinds;
    std::string out = "quantity,value,unit\n";
    auto row = [&out](const std::string& q, double v, std::string_view unit) {
        out += fmt::format("{},{:.10g},{}\n", q, v, unit);
    };
    auto quantity = [&row, &u](const std::string& q, double si, const core::QuantityKind& kind) {
        row(q, u.value(si, kind), u.unit(kind));
    };
    out += fmt::format("converged,{},\n", r.converged ? "true" : "false");
    row("iterations", r.iterations, "");
    row("residual", r.residual, "");
    if (!r.converged) {
        return out;
    }
    quantity("it_power", r.P_it_W, k::power);
    quantity("it_equipment_power", r.P_ite_W, k::power);
    quantity("grid_power", r.P_grid_W, k::power);
    quantity("power_chain_loss", r.chain_result.P_loss_W, k::power);
    quantity("cooling_power", r.P_cooling_W, k::power);
    row("pue", r.pue, "");
    row("elc", r.annual.elc, "");
    quantity("heat_to_liquid", r.thermal.Q_liquid_W, k::heat_flow);
    quantity("heat_to_air", r.thermal.Q_air_W, k::heat_flow);
    quantity("coolant_flow", r.thermal.design.V_dot_m3_s, k::volume_flow);
    quantity("coolant_supply", r.thermal.design.T_supply_K, k::temperature);
    quantity("coolant_return", r.thermal.design.T_return_K, k::temperature);
    quantity("loop_pressure_drop", r.thermal.design.dp_loop_Pa, k::pressure);
    if (r.thermal.design.worst_chip >= 0) {
        const auto& w =
            r.thermal.design.chips[static_cast<std::size_t>(r.thermal.design.worst_chip)];
        quantity("worst_chip_temperature", w.T_junction_K, k::temperature);
        quantity("worst_chip_margin", w.margin_K(), k::temperature_difference);
    }
    quantity("annual_energy", r.annual_energy_J, k::energy);
    row("annual_cost", r.annual_cost_USD, "USD");
    if (r.cost_per_pflop_hour_USD) {
        row("cost_per_pflop_hour", *r.cost_per_pflop_hour_USD, "USD");
    }
    row("energy_closure", r.energy_closure, "");
    row("heat_closure", r.heat_closure, "");
    return out;
}

} // namespace rackcalc::cases
