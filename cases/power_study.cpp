// The power study of a case (cases/power_study.hpp).

#include "cases/power_study.hpp"

#include "geometry/assembly.hpp"
#include "power/seed_table.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>
#include <utility>

namespace rackcalc::cases {

namespace {

using nlohmann::json;
namespace pw = rackcalc::power;

constexpr double J_per_kWh = 3.6e6;

pw::Tariff tariff_of(const SiteSpec& site) {
    return {site.electricity_price_USD_per_J, site.price_discount};
}

json bus_json(const pw::Bus& b) {
    const char* type = b.type == pw::BusType::ac_3phase ? "ac_3phase"
                       : b.type == pw::BusType::dc      ? "dc"
                                                        : "dc_bipolar";
    return {{"type", type}, {"V", b.V}};
}

json stats_json(const pw::TraceStats& s) {
    return {{"P_min_W", s.P_min},         {"P_max_W", s.P_max},
            {"P_mean_W", s.P_mean},       {"P_std_W", s.P_std},
            {"max_ramp_W_s", s.max_ramp}, {"band_share_0p1_20Hz", s.band_share},
            {"energy_J", s.energy}};
}

json by_location_json(
    const std::array<std::array<double, pw::medium_count>, pw::location_count>& a) {
    json j = json::object();
    for (std::size_t l = 0; l < pw::location_count; ++l) {
        json m = json::object();
        for (std::size_t k = 0; k < pw::medium_count; ++k) {
            m[std::string(pw::to_string(static_cast<pw::Medium>(k)))] = a[l][k];
        }
        j[std::string(pw::to_string(static_cast<pw::Location>(l)))] = m;
    }
    return j;
}

json swing_json(const pw::CaseSwing& s, const pw::SwingSpec& spec) {
    json layers = json::array();
    for (std::size_t i = 0; i < s.result.layers.size(); ++i) {
        const auto& l = s.result.layers[i];
        layers.push_back({{"name", l.name},
                          {"time_constant_s", spec.layers[i].tau},
                          {"round_trip_efficiency", spec.layers[i].round_trip_efficiency},
                          {"P_discharge_max_W", l.P_discharge_max},
                          {"P_charge_max_W", l.P_charge_max},
                          {"energy_swing_J", l.energy_swing},
                          {"energy_capacity_J", l.energy_capacity},
                          {"throughput_J", l.throughput},
                          {"loss_J", l.loss}});
    }
    const double duration = s.duration_s;
    return {{"profile", swing_text(spec)},
            {"grid_policy", grid_text(spec.grid)},
            {"duration_s", duration},
            {"time_step_s", spec.dt_s},
            {"it", stats_json(s.it)},
            {"feed", stats_json(s.result.load)},
            {"grid", stats_json(s.result.grid)},
            {"layers", layers},
            {"storage_loss_J", s.result.storage_loss},
            {"storage_loss_mean_W", s.result.storage_loss / duration}};
}

} // namespace

PowerCase load_power_case(const std::filesystem::path& file) {
    PowerCase c;
    c.spec = load_case(file, TemplateLibrary::bundled());
    const geometry::Assembly assembly = geometry::build_assembly(c.spec.layout);
    c.P_design_W = assembly.it_power_W;
    // Racks that carry IT load (a sidecar power rack holds the conversion, not IT power).
    std::set<int> it_racks;
    for (const auto& part : assembly.parts) {
        if (part.power_W > 0.0) {
            it_racks.insert(part.rack);
        }
    }
    c.racks = std::max(1, static_cast<int>(it_racks.size()));
    return c;
}

double chain_footprint_m2(const pw::Chain& c, std::size_t first, std::size_t last) {
    double a = 0.0;
    for (std::size_t k = first; k <= last && k < c.stages.size(); ++k) {
        a += c.stages[k].footprint_m2;
    }
    return a;
}

double balance_closure(const pw::ChainResult& r) {
    double losses = 0.0;
    for (const auto& s : r.stages) {
        losses += s.P_loss_W;
    }
    return r.P_in_W > 0.0 ? std::abs(r.P_in_W - (r.P_it_W + losses)) / r.P_in_W : 0.0;
}
std::string swing_text(const pw::SwingSpec& s) {
    switch (s.profile) {
    case pw::SwingProfile::square:
        return fmt::format("square wave {:.0f} <-> {:.0f} % of design, period {:g} s, duty {:g}",
                           100.0 * s.low_fraction, 100.0 * s.high_fraction, s.period_s, s.duty);
    case pw::SwingProfile::ramp:
        return fmt::format("ramp {:.0f} -> {:.0f} % of design at {:g} s over {:g} s",
                           100.0 * s.low_fraction, 100.0 * s.high_fraction, s.ramp_start_s,
                           s.ramp_time_s);
    case pw::SwingProfile::csv:
        return fmt::format("trace {}", s.csv.string());
    }
    return {};
}

std::string grid_text(const pw::GridPolicy& g) {
    const std::string ramp = std::isfinite(g.ramp_limit)
                                 ? fmt::format("ramp limit {:.4g} kW/s", g.ramp_limit / 1e3)
                                 : std::string("no ramp limit");
    if (g.mode == pw::GridMode::hold_mean) {
        return "grid holds the mean, " + ramp;
    }
    return g.averaging_window > 0.0
               ? fmt::format("grid follows the {:g} s average, {}", g.averaging_window, ramp)
               : "grid follows the load, " + ramp;
}
PowerReport analyse_power(const PowerCase& c) {
    const pw::PowerSpec& p = c.spec.power;
    PowerReport r;
    r.chain = pw::build_case_chain(p, c.P_design_W, c.racks);
    try {
        r.P_op_W = p.utilisation * c.P_design_W;
        r.at_op = pw::evaluate_chain(r.chain, r.P_op_W);
        r.annual =
            pw::annual_energy(r.chain, c.P_design_W, p.utilisation_profile, tariff_of(c.spec.site));
        r.copper = pw::chain_copper(r.chain, r.at_op);
    } catch (const pw::PowerInputError& e) {
        throw pw::located_error(e, p, p.chain);
    }
    r.swing = pw::simulate_case_swing(r.chain, p, c.P_design_W);
    return r;
}

nlohmann::json power_report_to_json(const PowerCase& c, const PowerReport& r) {
    const pw::Chain& ch = r.chain;
    const pw::PowerSpec& p = c.spec.power;
    json stages = json::array();
    for (std::size_t k = 0; k < ch.stages.size(); ++k) {
        const pw::Stage& s = ch.stages[k];
        const pw::StageResult& sr = r.at_op.stages[k];
        stages.push_back({{"index", k},
                          {"id", s.id},
                          {"name", s.name},
                          {"kind", pw::to_string(s.kind)},
                          {"input", bus_json(s.input)},
                          {"output", bus_json(s.output)},
                          {"modules", s.modules},
                          {"modules_active", sr.modules_active},
                          {"redundancy", pw::to_string(s.redundancy)},
                          {"module_rating_W", s.P_module_W},
                          {"rated_output_W", pw::rated_output(s)},
                          {"load_fraction", sr.load_fraction},
                          {"P_in_W", sr.P_in_W},
                          {"P_out_W", sr.P_out_W},
                          {"P_loss_W", sr.P_loss_W},
                          {"efficiency", sr.efficiency},
                          {"location", pw::to_string(s.location)},
                          {"medium", pw::to_string(s.medium)},
                          {"footprint_m2", s.footprint_m2},
                          {"E_loss_J_per_year", r.annual.E_loss_stage_J[k]},
                          {"loss_curve",
                           {{"k0", s.curve.k0},
                            {"k1", s.curve.k1},
                            {"k2", s.curve.k2},
                            {"source", s.curve_source}}}});
    }
    json conductors = json::array();
    double copper_mass = 0.0;
    for (const auto& cu : r.copper) {
        const pw::Stage& s = ch.stages[cu.stage];
        const pw::ConductorResult& x = cu.at_load;
        copper_mass += x.copper_mass;
        conductors.push_back({{"stage", cu.stage},
                              {"id", s.id},
                              {"bus", bus_json(s.input)},
                              {"length_m", s.conductor->length},
                              {"current_density_A_m2", s.conductor->J},
                              {"T_K", s.conductor->T},
                              {"current_A", x.I},
                              {"cross_section_m2", x.A},
                              {"conductors", x.current_conductors},
                              {"R_ohm", x.R},
                              {"dV_V", x.dV},
                              {"dV_fraction", x.dV_fraction},
                              {"P_loss_W", x.P_loss},
                              {"copper_mass_kg", x.copper_mass}});
    }
    const pw::AnnualEnergy& a = r.annual;
    json j;
    j["case"] = c.spec.file;
    j["chain"] = {{"id", ch.id},
                  {"name", ch.name},
                  {"facility_stage", ch.facility_stage},
                  {"facility_redundancy", p.redundancy},
                  {"system_boundary", ch.system_boundary}};
    j["design"] = {{"it_power_W", c.P_design_W},
                   {"racks", c.racks},
                   {"utilisation", p.utilisation},
                   {"operating_it_power_W", r.P_op_W}};
    j["stages"] = stages;
    j["totals"] = {
        {"P_in_W", r.at_op.P_in_W},
        {"P_it_W", r.at_op.P_it_W},
        {"P_loss_W", r.at_op.P_loss_W},
        {"efficiency", r.at_op.efficiency},
        {"system_efficiency", r.at_op.system_efficiency},
        {"balance_closure", balance_closure(r.at_op)},
        {"loss_by_location_W", by_location_json(r.at_op.loss_by_location)},
        {"footprint_m2", chain_footprint_m2(ch, 0, ch.stages.size() - 1)},
        {"system_footprint_m2", chain_footprint_m2(ch, ch.system_first, ch.system_last)}};
    j["annual"] = {{"hours", a.duration_s / 3600.0},
                   {"mean_utilisation", a.mean_load},
                   {"E_in_J", a.E_in_J},
                   {"E_it_J", a.E_it_J},
                   {"E_loss_J", a.E_loss_J},
                   {"E_loss_by_location_J", by_location_json(a.E_loss_by_location_J)},
                   {"ite_first_stage", a.ite_first_stage},
                   {"E_ite_J", a.E_ite_J},
                   {"E_facility_loss_J", a.E_facility_loss_J},
                   {"elc", a.elc},
                   {"elc_without_incoming_service", a.elc_without_incoming},
                   {"loss_over_it_energy", a.loss_over_it},
                   {"price_USD_per_kWh", c.spec.site.electricity_price_USD_per_J * J_per_kWh},
                   {"price_discount", c.spec.site.price_discount},
                   {"cost_USD", a.cost_USD},
                   {"cost_undiscounted_USD", a.cost_undiscounted_USD},
                   {"loss_cost_USD", a.loss_cost_USD}};
    j["conductors"] = conductors;
    j["copper_mass_kg"] = copper_mass;
    j["swing"] = swing_json(r.swing, p.swing);
    return j;
}

PowerComparison compare_power_chains(const PowerCase& c) {
    const pw::PowerSpec& p = c.spec.power;
    pw::PowerSpec plain = p; // without overrides, for the redundancy demonstration
    plain.stages.clear();
    const double price_USD_per_J =
        c.spec.site.electricity_price_USD_per_J * (1.0 - c.spec.site.price_discount);
    PowerComparison out;
    for (const std::string& id : pw::chain_ids()) {
        ChainRow row;
        row.own = id == p.chain;
        row.chain = pw::build_chain_for_case(p, id, c.P_design_W, c.racks);
        try {
            for (std::size_t i = 0; i < compare_loads.size(); ++i) {
                row.at[i] = pw::evaluate_chain(row.chain, compare_loads[i] * c.P_design_W);
            }
            for (const auto& cu : pw::chain_copper(row.chain, row.at.back())) {
                row.copper_kg += cu.at_load.copper_mass;
                row.I2R_full_W += cu.at_load.P_loss;
            }
            row.annual = pw::annual_energy(row.chain, c.P_design_W, p.utilisation_profile,
                                           tariff_of(c.spec.site));
            for (int pct = 10; pct <= 100; pct += 5) {
                row.curve_load_pct.push_back(pct);
                row.curve_eta_pct.push_back(
                    100.0 * pw::evaluate_chain(row.chain, 0.01 * pct * c.P_design_W).efficiency);
            }
        } catch (const pw::PowerInputError& e) {
            throw pw::located_error(e, p, id);
        }
        const pw::CaseSwing sw = pw::simulate_case_swing(row.chain, p, c.P_design_W);
        for (const auto& l : sw.result.layers) {
            row.storage_J += l.energy_capacity;
        }
        row.grid_max_ramp_W_s = sw.result.grid.max_ramp;

        const pw::Chain np1 =
            pw::build_chain_for_case(plain, id, c.P_design_W, c.racks, pw::Redundancy::n_plus_x);
        const pw::Chain two_n =
            pw::build_chain_for_case(plain, id, c.P_design_W, c.racks, pw::Redundancy::two_n);
        const pw::ChainResult a = pw::evaluate_chain(np1, 0.3 * c.P_design_W);
        const pw::ChainResult b = pw::evaluate_chain(two_n, 0.3 * c.P_design_W);
        out.redundancy.push_back({id, np1.stages[np1.facility_stage].id,
                                  a.stages[np1.facility_stage], b.stages[two_n.facility_stage],
                                  a.efficiency, b.efficiency, a.P_in_W, b.P_in_W,
                                  (b.P_in_W - a.P_in_W) * pw::seconds_per_year * price_USD_per_J});
        out.chains.push_back(std::move(row));
    }
    return out;
}

nlohmann::json power_comparison_to_json(const PowerCase& c, const PowerComparison& comparison) {
    const pw::PowerSpec& p = c.spec.power;
    json chains = json::array();
    for (const auto& row : comparison.chains) {
        json loads = json::array();
        for (std::size_t i = 0; i < compare_loads.size(); ++i) {
            loads.push_back({{"load", compare_loads[i]},
                             {"P_it_W", row.at[i].P_it_W},
                             {"P_in_W", row.at[i].P_in_W},
                             {"P_loss_W", row.at[i].P_loss_W},
                             {"efficiency", row.at[i].efficiency},
                             {"system_efficiency", row.at[i].system_efficiency},
                             {"balance_closure", balance_closure(row.at[i])}});
        }
        const pw::Chain& ch = row.chain;
        chains.push_back(
            {{"id", ch.id},
             {"name", ch.name},
             {"case_chain", row.own},
             {"system_boundary", ch.system_boundary},
             {"loads", loads},
             {"footprint_m2", chain_footprint_m2(ch, 0, ch.stages.size() - 1)},
             {"system_footprint_m2", chain_footprint_m2(ch, ch.system_first, ch.system_last)},
             {"copper_mass_kg", row.copper_kg},
             {"conductor_loss_full_load_W", row.I2R_full_W},
             {"storage_energy_J", row.storage_J},
             {"grid_max_ramp_W_s", row.grid_max_ramp_W_s},
             {"annual",
              {{"E_in_J", row.annual.E_in_J},
               {"E_loss_J", row.annual.E_loss_J},
               {"elc", row.annual.elc},
               {"cost_USD", row.annual.cost_USD},
               {"loss_cost_USD", row.annual.loss_cost_USD}}},
             {"efficiency_curve",
              {{"load_pct", row.curve_load_pct}, {"efficiency_pct", row.curve_eta_pct}}}});
    }
    json demo = json::array();
    for (const auto& d : comparison.redundancy) {
        demo.push_back({{"chain", d.id},
                        {"converter", d.converter},
                        {"load", 0.3},
                        {"n_plus_1",
                         {{"load_fraction", d.np1.load_fraction},
                          {"modules_active", d.np1.modules_active},
                          {"converter_efficiency", d.np1.efficiency},
                          {"efficiency", d.eta_np1},
                          {"P_in_W", d.P_in_np1_W}}},
                        {"two_n",
                         {{"load_fraction", d.two_n.load_fraction},
                          {"modules_active", d.two_n.modules_active},
                          {"converter_efficiency", d.two_n.efficiency},
                          {"efficiency", d.eta_two_n},
                          {"P_in_W", d.P_in_two_n_W}}},
                        {"extra_loss_W", d.P_in_two_n_W - d.P_in_np1_W},
                        {"extra_cost_USD_per_year", d.extra_cost_USD_per_year}});
    }
    json j;
    j["case"] = c.spec.file;
    j["design_it_power_W"] = c.P_design_W;
    j["racks"] = c.racks;
    j["facility_redundancy"] = p.redundancy;
    j["case_chain"] = p.chain;
    j["chains"] = chains;
    j["redundancy_at_30_percent"] = demo;
    json seed = json::array();
    for (const auto& r : pw::compare_with_seed_table()) {
        seed.push_back({{"family", r.seed.family},
                        {"chain", r.chain_id},
                        {"seed_efficiency", r.seed.efficiency},
                        {"model_system_efficiency", r.model_system},
                        {"model_to_trays_efficiency", r.model_to_trays},
                        {"reference_system_efficiency", r.reference_system},
                        {"reference_scale", r.reference_scale},
                        {"boundary", r.boundary},
                        {"explanation", r.explanation}});
    }
    j["seed_table"] = seed;
    return j;
}

} // namespace rackcalc::cases
