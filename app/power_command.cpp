// rackcalc power CASE [--json] and rackcalc power compare CASE [--json] [--svg FILE]: the
// power study of the case (cases/power_study.hpp) printed, as JSON, or as an SVG chart.

#include "app/commands.hpp"
#include "cases/power_study.hpp"
#include "core/display_units.hpp"
#include "core/quantity.hpp"
#include "power/case_power.hpp"
#include "power/energy.hpp"
#include "power/seed_table.hpp"
#include "viz/svg_chart.hpp"

#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>

namespace rackcalc::app {

namespace {

using nlohmann::json;
namespace pw = rackcalc::power;
namespace k = core::kinds;

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

void print_report(const cases::PowerCase& c, const cases::PowerReport& r, const core::Display& u) {
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
               P(t.P_in_W), Pu, P(t.P_it_W), Pu, P(t.P_loss_W), Pu, cases::balance_closure(t));
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
               cases::chain_footprint_m2(ch, 0, ch.stages.size() - 1),
               cases::chain_footprint_m2(ch, ch.system_first, ch.system_last));

    const pw::AnnualEnergy& a = r.annual;
    fmt::print("Annual energy ({:.0f} h, mean utilisation {:.1f} %): input {:.2f} {}, IT {:.2f} "
               "{}, losses {:.2f} {}\n",
               a.duration_s / 3600.0, 100.0 * a.mean_load, E(a.E_in_J), Eu, E(a.E_it_J), Eu,
               E(a.E_loss_J), Eu);
    fmt::print("  cost {:.0f} USD/yr at {:.4g} USD/kWh less {:.0f} % ({:.0f} USD/yr before the "
               "discount); the losses cost {:.0f} USD/yr\n",
               a.cost_USD, core::from_si(c.spec.site.electricity_price_USD_per_J, "USD/kWh"),
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
    fmt::print("Load swing: {}, {:g} s at {:g} ms; {}; storage at the feed\n",
               cases::swing_text(p.swing), sw.duration_s, 1e3 * p.swing.dt_s,
               cases::grid_text(p.swing.grid));
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
    const cases::PowerCase c = cases::load_power_case(file);
    const cases::PowerReport r = cases::analyse_power(c);
    if (json_out) {
        std::cout << cases::power_report_to_json(c, r).dump(2) << '\n';
    } else {
        print_report(c, r, u);
    }
    return exit_ok;
}

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
    const cases::PowerCase c = cases::load_power_case(file);
    const pw::PowerSpec& p = c.spec.power;
    const cases::PowerComparison comparison = cases::compare_power_chains(c);
    const auto& rows = comparison.chains;
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
        json j = cases::power_comparison_to_json(c, comparison);
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
                   cases::chain_footprint_m2(row.chain, 0, row.chain.stages.size() - 1),
                   row.copper_kg, P(row.I2R_full_W), core::from_si(row.storage_J, "kJ"),
                   row.annual.elc, row.annual.loss_cost_USD);
    }
    fmt::print("  sys100 = the power-supply system (feed to its output bus) at 100 %; store = "
               "storage for the case's load swing, all layers, at the feed; ELC and loss cost "
               "at the case's utilisation and price\n");
    fmt::print("Redundancy at 30 % IT load: facility converter N+1 (the data's spares) versus 2N "
               "(each side carries half):\n");
    fmt::print("  {:<12} {:<24} {:>8} {:>8} {:>9} {:>9} {:>9} {:>9} {:>11} {:>12}\n", "chain",
               "converter", "x N+1", "x 2N", "conv N+1", "conv 2N", "e2e N+1", "e2e 2N",
               "extra " + Pu, "extra USD/yr");
    for (const auto& d : comparison.redundancy) {
        fmt::print("  {:<12} {:<24} {:>8.3f} {:>8.3f} {:>8.2f}% {:>8.2f}% {:>8.2f}% {:>8.2f}% "
                   "{:>11.3f} {:>12.0f}\n",
                   d.id, d.converter, d.np1.load_fraction, d.two_n.load_fraction,
                   100.0 * d.np1.efficiency, 100.0 * d.two_n.efficiency, 100.0 * d.eta_np1,
                   100.0 * d.eta_two_n, P(d.P_in_two_n_W - d.P_in_np1_W),
                   d.extra_cost_USD_per_year);
    }
    print_seed_comparison(pw::compare_with_seed_table());
    if (!svg.empty()) {
        fmt::print("wrote {} (efficiency versus load, {} chains)\n", svg.string(), rows.size());
    }
    return exit_ok;
}

} // namespace rackcalc::app
