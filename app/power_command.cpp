// rackcalc power CASE [--json] and rackcalc power compare CASE [--json] [--svg FILE].

#include "app/commands.hpp"
#include "cases/case.hpp"
#include "core/display_units.hpp"
#include "core/quantity.hpp"
#include "geometry/assembly.hpp"
#include "power/case_power.hpp"
#include "power/energy.hpp"
#include "power/seed_table.hpp"
#include "viz/svg_chart.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <stdexcept>

namespace rackcalc::app {

namespace {

using nlohmann::json;
namespace pw = rackcalc::power;
namespace k = core::kinds;

constexpr double J_per_kWh = 3.6e6;

/// A case with the design IT power of its racks, as the power chain is sized for it.
struct PowerCase {
    cases::CaseSpec spec;
    double P_design_W = 0.0; ///< computed IT power of the placed racks (chain end)
    int racks = 1;
};

PowerCase load_power_case(const std::filesystem::path& file) {
    PowerCase c;
    c.spec = cases::load_case(file, cases::TemplateLibrary::bundled());
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

pw::Tariff tariff_of(const cases::SiteSpec& site) {
    return {site.electricity_price_USD_per_J, site.price_discount};
}

std::string bus_text(const pw::Bus& b) {
    const std::string v =
        b.V >= 1e3 ? fmt::format("{:.4g} kV", b.V / 1e3) : fmt::format("{:.4g} V", b.V);
    switch (b.type) {
    case pw::BusType::ac_3phase:
        return v + " AC";
    case pw::BusType::dc:
        return v + " DC";
    case pw::BusType::dc_bipolar:
        return fmt::format("+/-{:.4g} V DC", 0.5 * b.V);
    }
    return v;
}

std::string heat_text(const pw::Stage& s) {
    return fmt::format("{}, {}", pw::to_string(s.location), pw::to_string(s.medium));
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

double footprint(const pw::Chain& c, std::size_t first, std::size_t last) {
    double a = 0.0;
    for (std::size_t k = first; k <= last && k < c.stages.size(); ++k) {
        a += c.stages[k].footprint_m2;
    }
    return a;
}

double closure(const pw::ChainResult& r) {
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

/// Everything `rackcalc power` reports.
struct PowerReport {
    pw::Chain chain;
    double P_op_W = 0.0;
    pw::ChainResult at_op;
    pw::AnnualEnergy annual;
    std::vector<pw::StageCopper> copper;
    pw::CaseSwing swing;
};

PowerReport analyse(const PowerCase& c) {
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

json report_json(const PowerCase& c, const PowerReport& r) {
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
    j["totals"] = {{"P_in_W", r.at_op.P_in_W},
                   {"P_it_W", r.at_op.P_it_W},
                   {"P_loss_W", r.at_op.P_loss_W},
                   {"efficiency", r.at_op.efficiency},
                   {"system_efficiency", r.at_op.system_efficiency},
                   {"balance_closure", closure(r.at_op)},
                   {"loss_by_location_W", by_location_json(r.at_op.loss_by_location)},
                   {"footprint_m2", footprint(ch, 0, ch.stages.size() - 1)},
                   {"system_footprint_m2", footprint(ch, ch.system_first, ch.system_last)}};
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

void print_report(const PowerCase& c, const PowerReport& r, const core::Display& u) {
    const pw::Chain& ch = r.chain;
    const pw::PowerSpec& p = c.spec.power;
    // Powers and energies in the reader's units (core::Display), the unit in every header.
    const std::string Pu(u.unit(k::power));
    const std::string Eu(u.unit(k::energy));
    const auto P = [&u](double W) { return u.value(W, k::power); };
    const auto E = [&u](double J) { return u.value(J, k::energy); };
    fmt::print("Power chain {} ({}) for {}: design IT power {:.1f} {} at the trays, {} rack{}, "
               "facility redundancy {}\n",
               ch.id, ch.name, c.spec.meta.name, P(c.P_design_W), Pu, c.racks,
               c.racks == 1 ? "" : "s", p.redundancy);
    fmt::print("Stages, feed first (override one with [power.stages.<id>]):\n");
    fmt::print("  {:>2} {:<24} {:<34} {:<26} {:>7} {:>8} {:>11} {:>10}\n", "#", "id", "stage",
               "bus in -> out", "modules", "redund.", "module " + Pu, "area m2");
    for (std::size_t k = 0; k < ch.stages.size(); ++k) {
        const pw::Stage& s = ch.stages[k];
        fmt::print("  {:>2} {:<24} {:<34} {:<26} {:>7} {:>8} {:>11.3f} {:>10.3f}\n", k + 1, s.id,
                   s.name.substr(0, 34), bus_text(s.input) + " -> " + bus_text(s.output), s.modules,
                   pw::to_string(s.redundancy), P(s.P_module_W), s.footprint_m2);
    }
    fmt::print("At {:.0f} % utilisation, {:.2f} {} at the trays:\n", 100.0 * p.utilisation,
               P(r.P_op_W), Pu);
    fmt::print("  {:>2} {:<24} {:>10} {:>10} {:>9} {:>7} {:>7} {:>8}  {}\n", "#", "id",
               "P_in " + Pu, "P_out " + Pu, "loss " + Pu, "eta %", "active", "x/mod", "heat to");
    for (std::size_t k = 0; k < ch.stages.size(); ++k) {
        const pw::Stage& s = ch.stages[k];
        const pw::StageResult& sr = r.at_op.stages[k];
        fmt::print("  {:>2} {:<24} {:>10.3f} {:>10.3f} {:>9.3f} {:>7.2f} {:>7} {:>8.3f}  {}\n",
                   k + 1, s.id, P(sr.P_in_W), P(sr.P_out_W), P(sr.P_loss_W), 100.0 * sr.efficiency,
                   sr.modules_active, sr.load_fraction, heat_text(s));
    }
    const pw::ChainResult& t = r.at_op;
    fmt::print("Balance: input {:.3f} {} = IT {:.3f} {} + losses {:.3f} {} (relative closure "
               "{:.1e})\n",
               P(t.P_in_W), Pu, P(t.P_it_W), Pu, P(t.P_loss_W), Pu, closure(t));
    fmt::print("Efficiency: end to end (feed to trays) {:.2f} %; system ({}) {:.2f} %\n",
               100.0 * t.efficiency, ch.system_boundary, 100.0 * t.system_efficiency);
    std::string heat;
    for (std::size_t l = 0; l < pw::location_count; ++l) {
        for (std::size_t m = 0; m < pw::medium_count; ++m) {
            if (t.loss_by_location[l][m] > 0.0) {
                heat += fmt::format("{}{} {} {:.2f} {}", heat.empty() ? "" : "; ",
                                    pw::to_string(static_cast<pw::Location>(l)),
                                    pw::to_string(static_cast<pw::Medium>(m)),
                                    P(t.loss_by_location[l][m]), Pu);
            }
        }
    }
    fmt::print("Heat from the losses: {}\n", heat);
    fmt::print("Footprint: {:.2f} m2 in total, {:.2f} m2 for the power-supply system\n",
               footprint(ch, 0, ch.stages.size() - 1),
               footprint(ch, ch.system_first, ch.system_last));

    const pw::AnnualEnergy& a = r.annual;
    fmt::print("Annual energy ({:.0f} h, mean utilisation {:.1f} %): input {:.2f} {}, IT {:.2f} "
               "{}, losses {:.2f} {}\n",
               a.duration_s / 3600.0, 100.0 * a.mean_load, E(a.E_in_J), Eu, E(a.E_it_J), Eu,
               E(a.E_loss_J), Eu);
    fmt::print("  cost {:.0f} USD/yr at {:.4g} USD/kWh less {:.0f} % ({:.0f} USD/yr before the "
               "discount); the losses cost {:.0f} USD/yr\n",
               a.cost_USD, c.spec.site.electricity_price_USD_per_J * J_per_kWh,
               100.0 * c.spec.site.price_discount, a.cost_undiscounted_USD, a.loss_cost_USD);
    fmt::print("  ELC (ASHRAE 90.4: losses before the rack inputs / energy into the racks) "
               "{:.4f}; without the incoming service {:.4f}; all losses / chip energy {:.4f}\n",
               a.elc, a.elc_without_incoming, a.loss_over_it);
    fmt::print("  losses per stage, {}/yr:", Eu);
    for (std::size_t j = 0; j < ch.stages.size(); ++j) {
        fmt::print(" {} {:.2f};", ch.stages[j].id, E(a.E_loss_stage_J[j]));
    }
    fmt::print("\n");
    if (!r.copper.empty()) {
        fmt::print("Conductors (sized by ampacity at the stage rating, at the operating point):\n");
        fmt::print("  {:<24} {:<16} {:>7} {:>9} {:>12} {:>9} {:>7} {:>10}\n", "id", "bus", "length",
                   "current", "section/cond", "I2R " + Pu, "dV %", "copper kg");
        double mass = 0.0;
        for (const auto& cu : r.copper) {
            const pw::Stage& s = ch.stages[cu.stage];
            const pw::ConductorResult& x = cu.at_load;
            mass += x.copper_mass;
            fmt::print("  {:<24} {:<16} {:>5.1f} m {:>7.0f} A {:>8.0f} mm2 {:>9.3f} {:>7.3f} "
                       "{:>10.1f}\n",
                       s.id, bus_text(s.input), s.conductor->length, x.I, x.A * 1e6, P(x.P_loss),
                       100.0 * x.dV_fraction, x.copper_mass);
        }
        fmt::print("  copper in total {:.1f} kg\n", mass);
    }
    const pw::CaseSwing& sw = r.swing;
    fmt::print("Load swing: {}, {:g} s at {:g} ms; {}; storage at the feed\n", swing_text(p.swing),
               sw.duration_s, 1e3 * p.swing.dt_s, grid_text(p.swing.grid));
    auto trace = [&P, &Pu](const char* what, const pw::TraceStats& s) {
        fmt::print("  {:<5} {:>9.2f} .. {:>9.2f} {}, mean {:>9.2f} {}, max ramp {:>10.4g} {}/s, "
                   "{:5.1f} % of the fluctuation in 0.1-20 Hz\n",
                   what, P(s.P_min), P(s.P_max), Pu, P(s.P_mean), Pu, P(s.max_ramp), Pu,
                   100.0 * s.band_share);
    };
    trace("IT", sw.it);
    trace("feed", sw.result.load);
    trace("grid", sw.result.grid);
    for (std::size_t i = 0; i < sw.result.layers.size(); ++i) {
        const auto& l = sw.result.layers[i];
        // Storage energies stay in kJ in every system: seconds of rack power, far below the
        // display's energy unit (MWh or GJ).
        fmt::print("  {:<28} holds {:>10.2f} kJ, discharges up to {:>8.2f} {}, charges up to "
                   "{:>8.2f} {}, loses {:.3f} kJ\n",
                   l.name, core::from_si(l.energy_capacity, "kJ"), P(l.P_discharge_max), Pu,
                   P(l.P_charge_max), Pu, core::from_si(l.loss, "kJ"));
    }
    fmt::print("  storage round-trip loss {:.3f} {} on average while swinging ({:.2f} {}/yr if "
               "it swings all year)\n",
               P(sw.result.storage_loss / sw.duration_s), Pu,
               E(sw.result.storage_loss / sw.duration_s * pw::seconds_per_year), Eu);
}

/// Writes `text` to `file` through a temporary file beside it and one rename, so the file is
/// either the complete new text or untouched.
void write_whole_file(const std::filesystem::path& file, const std::string& text) {
    const std::filesystem::path dir = file.parent_path().empty() ? "." : file.parent_path();
    std::filesystem::create_directories(dir);
    std::random_device rd;
    const std::filesystem::path tmp =
        dir / fmt::format(".{}.tmp-{:08x}", file.filename().string(), rd());
    {
        std::ofstream out(tmp, std::ios::binary);
        out << text;
        out.close();
        if (!out) {
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            throw std::runtime_error(fmt::format("cannot write {}", tmp.string()));
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw std::runtime_error(fmt::format("cannot write {}: {}", file.string(), ec.message()));
    }
}

} // namespace

int power(const std::filesystem::path& file, bool json_out, const core::Display& u) {
    const PowerCase c = load_power_case(file);
    const PowerReport r = analyse(c);
    if (json_out) {
        std::cout << report_json(c, r).dump(2) << '\n';
    } else {
        print_report(c, r, u);
    }
    return exit_ok;
}

namespace {

constexpr double compare_loads[] = {0.3, 0.5, 0.75, 1.0};

struct ChainRow {
    pw::Chain chain;
    bool own = false;
    pw::ChainResult at[std::size(compare_loads)];
    double copper_kg = 0.0;
    double I2R_full_W = 0.0;
    double storage_J = 0.0;
    double grid_max_ramp = 0.0;
    pw::AnnualEnergy annual;
    std::vector<double> curve_load_pct;
    std::vector<double> curve_eta_pct;
};

struct RedundancyRow {
    std::string id;
    std::string converter;
    pw::StageResult np1;
    pw::StageResult two_n;
    double eta_np1 = 0.0;
    double eta_two_n = 0.0;
    double P_in_np1 = 0.0;
    double P_in_two_n = 0.0;
};

} // namespace

namespace {

/// The seed report's table 17 beside the model at the seed's boundary (power/seed_table.hpp).
void print_seed_comparison(const std::vector<pw::SeedComparison>& rows) {
    fmt::print("Seed report table 17 (system efficiency) beside the model at the same boundary, "
               "reference block of power/data/chains.toml at design load:\n");
    fmt::print("  {:<7} {:<11} {:>7} {:>9} {:>10} {:>9}  {}\n", "family", "chain", "seed %",
               "model %", "to trays %", "ref %", "boundary");
    for (const auto& r : rows) {
        fmt::print("  {:<7} {:<11} {:>7.2f} {:>9.2f} {:>10.2f} {:>9.2f}  {}\n", r.seed.family,
                   r.chain_id, 100.0 * r.seed.efficiency, 100.0 * r.model_system,
                   100.0 * r.model_to_trays, 100.0 * r.reference_system, r.boundary);
        fmt::print("          {}\n", r.explanation);
    }
    fmt::print("  model = datasheet curves; ref = [power] curves = \"seed-table\" (the facility "
               "converter's curve scaled to the seed figure)\n");
}

} // namespace

int power_compare(const std::filesystem::path& file, bool json_out,
                  const std::filesystem::path& svg, const core::Display& u) {
    const std::string Pu(u.unit(k::power));
    const auto P = [&u](double W) { return u.value(W, k::power); };
    const PowerCase c = load_power_case(file);
    const pw::PowerSpec& p = c.spec.power;
    pw::PowerSpec plain = p; // without overrides, for the redundancy demonstration
    plain.stages.clear();
    std::vector<ChainRow> rows;
    std::vector<RedundancyRow> redundancy;
    for (const std::string& id : pw::chain_ids()) {
        ChainRow row;
        row.own = id == p.chain;
        row.chain = pw::build_chain_for_case(p, id, c.P_design_W, c.racks);
        try {
            for (std::size_t i = 0; i < std::size(compare_loads); ++i) {
                row.at[i] = pw::evaluate_chain(row.chain, compare_loads[i] * c.P_design_W);
            }
            for (const auto& cu :
                 pw::chain_copper(row.chain, row.at[std::size(compare_loads) - 1])) {
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
        row.grid_max_ramp = sw.result.grid.max_ramp;

        const pw::Chain np1 =
            pw::build_chain_for_case(plain, id, c.P_design_W, c.racks, pw::Redundancy::n_plus_x);
        const pw::Chain two_n =
            pw::build_chain_for_case(plain, id, c.P_design_W, c.racks, pw::Redundancy::two_n);
        const pw::ChainResult a = pw::evaluate_chain(np1, 0.3 * c.P_design_W);
        const pw::ChainResult b = pw::evaluate_chain(two_n, 0.3 * c.P_design_W);
        redundancy.push_back({id, np1.stages[np1.facility_stage].id, a.stages[np1.facility_stage],
                              b.stages[two_n.facility_stage], a.efficiency, b.efficiency, a.P_in_W,
                              b.P_in_W});
        rows.push_back(std::move(row));
    }

    const double price =
        c.spec.site.electricity_price_USD_per_J * (1.0 - c.spec.site.price_discount);
    std::string svg_text;
    if (!svg.empty()) {
        viz::LineChart chart;
        chart.title = fmt::format("Power chain efficiency versus load: {}", c.spec.meta.name);
        chart.x = {fmt::format("IT load (% of the {:.1f} {} design IT power; facility {})",
                               P(c.P_design_W), Pu, p.redundancy),
                   0.0, 100.0};
        chart.y = {"efficiency, feed to trays (%)", std::nullopt, std::nullopt};
        for (const auto& row : rows) {
            chart.series.push_back(
                {row.chain.id + (row.own ? " (case)" : ""), row.curve_load_pct, row.curve_eta_pct});
        }
        svg_text = viz::svg_line_chart(chart);
        write_whole_file(svg, svg_text);
    }

    if (json_out) {
        json chains = json::array();
        for (const auto& row : rows) {
            json loads = json::array();
            for (std::size_t i = 0; i < std::size(compare_loads); ++i) {
                loads.push_back({{"load", compare_loads[i]},
                                 {"P_it_W", row.at[i].P_it_W},
                                 {"P_in_W", row.at[i].P_in_W},
                                 {"P_loss_W", row.at[i].P_loss_W},
                                 {"efficiency", row.at[i].efficiency},
                                 {"system_efficiency", row.at[i].system_efficiency},
                                 {"balance_closure", closure(row.at[i])}});
            }
            const pw::Chain& ch = row.chain;
            chains.push_back(
                {{"id", ch.id},
                 {"name", ch.name},
                 {"case_chain", row.own},
                 {"system_boundary", ch.system_boundary},
                 {"loads", loads},
                 {"footprint_m2", footprint(ch, 0, ch.stages.size() - 1)},
                 {"system_footprint_m2", footprint(ch, ch.system_first, ch.system_last)},
                 {"copper_mass_kg", row.copper_kg},
                 {"conductor_loss_full_load_W", row.I2R_full_W},
                 {"storage_energy_J", row.storage_J},
                 {"grid_max_ramp_W_s", row.grid_max_ramp},
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
        for (const auto& d : redundancy) {
            demo.push_back({{"chain", d.id},
                            {"converter", d.converter},
                            {"load", 0.3},
                            {"n_plus_1",
                             {{"load_fraction", d.np1.load_fraction},
                              {"modules_active", d.np1.modules_active},
                              {"converter_efficiency", d.np1.efficiency},
                              {"efficiency", d.eta_np1},
                              {"P_in_W", d.P_in_np1}}},
                            {"two_n",
                             {{"load_fraction", d.two_n.load_fraction},
                              {"modules_active", d.two_n.modules_active},
                              {"converter_efficiency", d.two_n.efficiency},
                              {"efficiency", d.eta_two_n},
                              {"P_in_W", d.P_in_two_n}}},
                            {"extra_loss_W", d.P_in_two_n - d.P_in_np1},
                            {"extra_cost_USD_per_year",
                             (d.P_in_two_n - d.P_in_np1) * pw::seconds_per_year * price}});
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
        if (!svg.empty()) {
            j["svg"] = svg.string();
        }
        std::cout << j.dump(2) << '\n';
        return exit_ok;
    }

    fmt::print("Power chains for {} at its design IT power {:.1f} {} ({} rack{}), facility "
               "redundancy {}; * = the case's chain with its stage overrides\n",
               c.spec.meta.name, P(c.P_design_W), Pu, c.racks, c.racks == 1 ? "" : "s",
               p.redundancy);
    fmt::print("End-to-end efficiency (feed to trays) and losses at 30/50/75/100 % of the design "
               "IT power:\n");
    fmt::print("  {:<12} {:>6} {:>6} {:>6} {:>6} {:>11} {:>11} {:>8} {:>8} {:>9} {:>10} {:>10} "
               "{:>7} {:>11}\n",
               "chain", "30 %", "50 %", "75 %", "100 %", "loss30 " + Pu, "loss100 " + Pu,
               "sys100 %", "area m2", "copper kg", "I2R100 " + Pu, "store kJ", "ELC",
               "loss USD/yr");
    for (const auto& row : rows) {
        fmt::print("  {:<12} {:>6.2f} {:>6.2f} {:>6.2f} {:>6.2f} {:>11.3f} {:>11.3f} {:>8.2f} "
                   "{:>8.2f} {:>9.1f} {:>10.3f} {:>10.2f} {:>7.4f} {:>11.0f}\n",
                   row.chain.id + (row.own ? " *" : ""), 100.0 * row.at[0].efficiency,
                   100.0 * row.at[1].efficiency, 100.0 * row.at[2].efficiency,
                   100.0 * row.at[3].efficiency, P(row.at[0].P_loss_W), P(row.at[3].P_loss_W),
                   100.0 * row.at[3].system_efficiency,
                   footprint(row.chain, 0, row.chain.stages.size() - 1), row.copper_kg,
                   P(row.I2R_full_W), core::from_si(row.storage_J, "kJ"), row.annual.elc,
                   row.annual.loss_cost_USD);
    }
    fmt::print("  sys100 = the power-supply system (feed to its output bus) at 100 %; store = "
               "storage for the case's load swing, all layers, at the feed; ELC and loss cost "
               "at the case's utilisation and price\n");
    fmt::print("Redundancy at 30 % IT load: facility converter N+1 (the data's spares) versus 2N "
               "(each side carries half):\n");
    fmt::print("  {:<12} {:<24} {:>8} {:>8} {:>9} {:>9} {:>9} {:>9} {:>11} {:>12}\n", "chain",
               "converter", "x N+1", "x 2N", "conv N+1", "conv 2N", "e2e N+1", "e2e 2N",
               "extra " + Pu, "extra USD/yr");
    for (const auto& d : redundancy) {
        fmt::print("  {:<12} {:<24} {:>8.3f} {:>8.3f} {:>8.2f}% {:>8.2f}% {:>8.2f}% {:>8.2f}% "
                   "{:>11.3f} {:>12.0f}\n",
                   d.id, d.converter, d.np1.load_fraction, d.two_n.load_fraction,
                   100.0 * d.np1.efficiency, 100.0 * d.two_n.efficiency, 100.0 * d.eta_np1,
                   100.0 * d.eta_two_n, P(d.P_in_two_n - d.P_in_np1),
                   (d.P_in_two_n - d.P_in_np1) * pw::seconds_per_year * price);
    }
    print_seed_comparison(pw::compare_with_seed_table());
    if (!svg.empty()) {
        fmt::print("wrote {} (efficiency versus load, {} chains)\n", svg.string(), rows.size());
    }
    return exit_ok;
}

} // namespace rackcalc::app
