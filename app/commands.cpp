#include "app/commands.hpp"

#include "cases/airflow_evidence.hpp"
#include "cases/case.hpp"
#include "cases/provenance.hpp"
#include "cases/result_json.hpp"
#include "cases/run_record.hpp"
#include "cases/scenarios.hpp"
#include "cases/sweep.hpp"
#include "cases/system_run.hpp"
#include "cases/template_summary.hpp"
#include "core/display_units.hpp"
#include "core/progress.hpp"
#include "core/quantity.hpp"
#include "geometry/assembly.hpp"
#include "thermal/rack_thermal.hpp"
#include "viz/paraview_script.hpp"
#include "viz/rack_picture.hpp"
#include "viz/report.hpp"
#include "viz/staged_output.hpp"
#include "viz/summary_page.hpp"
#include "viz/vtk_writer.hpp"

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <variant>

namespace rackcalc::app {

namespace fs = std::filesystem;

namespace {

std::string short_source(const core::Provenance& p) {
    std::string s = p.source;
    if (s.size() > 48) {
        s = s.substr(0, 45) + "...";
    }
    return p.confidence.empty() ? s : fmt::format("{} ({})", s, p.confidence);
}

} // namespace

int list_templates(bool json, const core::Display& u) {
    const auto library = cases::TemplateLibrary::bundled();
    nlohmann::json all = nlohmann::json::array();
    std::vector<cases::TemplateSummary> rows;
    for (const auto& name : library.names()) {
        const cases::CaseSpec spec = cases::load_template(name, library);
        const geometry::Assembly assembly = geometry::build_assembly(spec.layout);
        rows.push_back(cases::summarize(name, spec, assembly));
        all.push_back(cases::to_json(rows.back()));
    }
    if (json) {
        std::cout << all.dump(2) << '\n';
        return exit_ok;
    }
    fmt::print("{:<20} {:>5} {:<28} {:>8} {:>12} {:>10} {:>14}  {}\n", "template", "accel",
               "accelerator", "TDP", "IT power", "computed", "liquid", "sources (IT power; TDP)");
    for (const auto& r : rows) {
        const std::string stated = r.stated_it_power
                                       ? u.format(r.stated_it_power->value_W, core::kinds::power) +
                                             (r.it_power_scope == "system" ? "*" : "")
                                       : "-";
        const std::string liquid =
            r.stated_liquid_fraction
                ? fmt::format("{:.0f}% ({:.0f}%)", 100.0 * *r.stated_liquid_fraction,
                              100.0 * r.computed_liquid_fraction)
                : fmt::format("({:.0f}%)", 100.0 * r.computed_liquid_fraction);
        fmt::print("{:<20} {:>5} {:<28} {:>6.0f} W {:>12} {:>10} {:>14}  {}; {}\n", r.id,
                   r.accelerators, r.accelerator_name.substr(0, 28), r.accelerator_tdp_W, stated,
                   u.format(r.computed_it_power_W, core::kinds::power), liquid,
                   r.stated_it_power ? short_source(r.stated_it_power->provenance) : "-",
                   short_source(r.accelerator_tdp_source));
    }
    fmt::print("IT power: published figure per rack (* = whole system of racks); computed = sum "
               "of the placed parts.\nliquid: published share of the heat on liquid (in brackets: "
               "computed from the parts). "
               "`rackcalc templates --json` has every source.\n");
    return exit_ok;
}

/// The fused run and its scenarios, as `run` computes them (cases::make_run_record), for
/// `check` to answer the same. What the models find wrong in the spec while building (a rack with
/// cold plates and no manifold) is an input error at its key.
struct Computed {
    cases::SystemResult system;
    std::vector<cases::ScenarioResult> scenarios;
};

Computed compute(const cases::CaseDocument& document, const cases::CaseSpec& spec) {
    try {
        Computed c;
        c.system = cases::run_system(spec);
        c.scenarios = cases::run_scenarios(spec, c.system);
        return c;
    } catch (const std::invalid_argument& e) {
        throw cases::locate(document, e);
    }
}

int check_case(const std::filesystem::path& file, const core::Display& u) {
    const cases::CaseDocument document =
        cases::read_case_document(file, cases::TemplateLibrary::bundled());
    const cases::CaseSpec spec = cases::parse_case_document(document, document.merged);
    const geometry::Assembly assembly = geometry::build_assembly(spec.layout);
    // Every check `run` makes: the models are built and solved as `run` does, so the two
    // never disagree on a case (the answer itself is `run`'s to print).
    compute(document, spec);
    std::string chain;
    for (const auto& t : spec.template_chain) {
        chain += " <- " + t;
    }
    fmt::print("{}: ok ({}{})\n", file.string(), spec.meta.name, chain);
    fmt::print("  {} racks, {} parts, {} accelerators ({} dies), {} cold plates\n",
               assembly.counts.at("racks"), assembly.parts.size(),
               assembly.counts.at("accelerators"), assembly.counts.at("accelerator_dies"),
               assembly.counts.at("cold_plates"));
    fmt::print("  IT power {} (sum of parts), {:.1f} % on liquid\n",
               u.format(assembly.it_power_W, core::kinds::power),
               100.0 * assembly.liquid_fraction());
    return exit_ok;
}

int write_geometry(const std::filesystem::path& file, const std::filesystem::path& out_dir,
                   bool force) {
    viz::check_output_target(out_dir, force); // before the work, so a bad -o fails at once
    const cases::CaseSpec spec = cases::load_case(file, cases::TemplateLibrary::bundled());
    const geometry::Assembly assembly = geometry::build_assembly(spec.layout);
    // The whole folder is built beside the target and swapped in, as for `run`.
    viz::OutputFolder out(out_dir, force);
    viz::write_rack_vtk(assembly.parts, {}, out.staged("."));
    out.commit({"rack", "rack.vtm"});
    fmt::print("wrote {} ({} parts in {} racks); open it in ParaView\n",
               (out_dir / "rack.vtm").string(), assembly.parts.size(), assembly.counts.at("racks"));
    return exit_ok;
}

int print_input_reference() {
    std::cout << core::schema_markdown(
        cases::document_schema(), "RackCalc input reference",
        "Generated from the schema in the code by `rackcalc schema`; do not edit by hand "
        "(a test fails when this file is stale: regenerate it with "
        "`build/release/app/rackcalc schema > docs/input-reference.md`).\n\n"
        "A case file names a template (`template = \"gb300-nvl72\"`) and overrides any of its "
        "values; a template may inherit from another (`inherits = \"gb200-nvl72\"`). Quantities "
        "are strings with a unit (`\"45 degC\"`, `\"1.5 L/min\"`, `\"35 psi\"`, `\"600 mm\"`, "
        "`\"1 U\"`); they are converted to SI on input. Temperature differences are written in "
        "K. Units: SI prefixes G M k c m u n on m, g, s, W, J, Wh, Pa, bar, A, V, L, Hz; also "
        "min, h, d, yr, psi, in, ft, U (44.45 mm), OU (48 mm), LPM, gpm, CFM, BTU, TR (ton of "
        "refrigeration), USD, %, degC, degF, and R (a Rankine degree, for differences in degF).");
    return exit_ok;
}

} // namespace rackcalc::app

namespace rackcalc::app {

namespace fs = std::filesystem;

namespace {

void print_thermal(const thermal::ThermalAnalysis& a, const geometry::Assembly& assembly,
                   const core::Display& u) {
    namespace k = core::kinds;
    // Every quantity in the reader's units (core::Display); a column header names its unit.
    auto T = [&u](double T_K) { return u.format(T_K, k::temperature); };
    auto dT = [&u](double dT_K) { return u.format(dT_K, k::temperature_difference); };
    auto P = [&u](double W, int decimals) { return u.format(W, k::power, decimals); };
    auto V = [&u](double m3_s) { return u.format(m3_s, k::volume_flow); };
    auto p = [&u](double Pa, int decimals) { return u.format(Pa, k::pressure, decimals); };
    auto per_power = [&u](double m3_s, double W) {
        return u.format(m3_s / W, k::volume_flow_per_power);
    };
    const auto& d = a.design;
    fmt::print("Heat: IT {} = liquid {} + air {}\n", P(a.it_power_W, 1), P(a.Q_liquid_W, 1),
               P(a.Q_air_W, 1));
    if (d.converged) {
        fmt::print("Coolant: {} ({}), supply {}, return {}, loop dp {}\n", V(d.V_dot_m3_s),
                   per_power(d.V_dot_m3_s, a.Q_liquid_W), T(d.T_supply_K), T(d.T_return_K),
                   p(d.dp_loop_Pa, 1));
        fmt::print("  balance: heat into coolant {} vs sources {} (rel. {:.1e}); mass {:.1e}; {} "
                   "Newton steps\n",
                   P(d.Q_coolant_W, 3), P(d.Q_sources_W, 3), d.energy_imbalance(), d.mass_imbalance,
                   d.iterations);
        fmt::print("  maldistribution: trays max/min {:.3f}, cold plates max/min {:.3f}\n",
                   d.tray_flow_spread, d.plate_flow_spread);
        fmt::print("  plate flow per kW over the loop's: {:.3f} to {:.3f}{}\n",
                   d.plate_flow_per_heat_min, d.plate_flow_per_heat_max,
                   d.balanced ? " (balancing restrictors sized to heat)" : "");
        if (a.balance) {
            fmt::print("  balancing restrictors: rack dp {} open, {} balanced (penalty {}){}\n",
                       p(a.balance->dp_rack_open_Pa, 1), p(a.balance->dp_rack_balanced_Pa, 1),
                       p(a.balance->dp_rack_balanced_Pa - a.balance->dp_rack_open_Pa, 1),
                       a.balance->converged ? "" : ": " + a.balance->reason);
        }
        if (d.worst_chip >= 0) {
            const auto& w = d.chips[static_cast<std::size_t>(d.worst_chip)];
            fmt::print("  worst chip: {} at {} ({} limit {}, margin {}); junction to plate inlet "
                       "{:.4f} K/W, of which the plate {:.4f} K/W\n",
                       assembly.parts[static_cast<std::size_t>(w.part)].name, T(w.T_junction_K),
                       w.limit_kind, T(w.T_limit_K), dT(w.margin_K()), w.R_th_K_per_W,
                       w.R_plate_K_per_W);
        }
        fmt::print("CDU: {} unit(s) of {} at the design approach, pumps {} of {} running at speed "
                   "{:.2f}, {} needed ({} available at full speed), pump power {}\n",
                   a.cdu.units_needed, u.format(a.cdu.capacity_W, k::heat_flow, 1),
                   a.cdu.pumps_running, a.cdu.pumps_installed, a.cdu.speed_ratio,
                   p(a.cdu.dp_required_Pa, 1), p(a.cdu.dp_available_Pa, 1), P(a.cdu.P_pump_W, 2));
        fmt::print("  pump curve: {}; efficiency {:.2f} at the operating point\n", a.cdu.pump_curve,
                   a.cdu.pump_efficiency);
        fmt::print("  heat exchanger: UA {:.1f} kW/K, effectiveness {:.3f}, facility water up to "
                   "{} (approach {}), {} facility flow, class {}\n",
                   core::from_si(a.cdu.UA_W_per_K, "kW/K"), a.cdu.effectiveness,
                   T(a.cdu.T_facility_max_K), dT(a.cdu.approach_K), V(a.cdu.V_dot_facility_m3_s),
                   a.cdu.facility_class);
    }
    fmt::print("Air: {}, {}, outlet {}, fans at speed {:.2f}, {} (class {})\n", P(a.air.Q_W, 1),
               u.format(a.air.V_dot_m3_s, k::air_volume_flow), T(a.air.T_outlet_K),
               a.air.speed_ratio, P(a.air.P_fan_W, 2), a.air.air_class);
    for (const auto& c : a.plate_curves) {
        fmt::print("Cold plate \"{}\" from its curve ({}; {}): RackCalc's channel model beside "
                   "it\n",
                   c.design, c.coolant, c.source);
        for (std::size_t j = 0; j < c.V_dot_m3_s.size(); ++j) {
            fmt::print("  {:>12}  R_th given {:.4f} K/W, model {:.4f} K/W ({:+.0f} %)",
                       u.format(c.V_dot_m3_s[j], k::volume_flow, 2), c.R_given[j], c.R_model[j],
                       100.0 * (c.R_model[j] / c.R_given[j] - 1.0));
            if (!c.dp_given.empty()) {
                fmt::print("; dp given {}, model {}", p(c.dp_given[j], 1), p(c.dp_model[j], 1));
            }
            fmt::print("\n");
        }
    }
    if (a.qd_calibration) {
        const auto& q = *a.qd_calibration;
        if (q.converged) {
            fmt::print("Quick disconnects fitted to the vendor's rack curve: Cv x {:.3f} of the "
                       "template's (rack curve rms error {:.1f} % before, {:.1f} % after)\n",
                       q.factor, 100.0 * q.rms_before, 100.0 * q.rms_after);
        } else {
            fmt::print("Quick disconnects not fitted to the vendor's rack curve: {}\n", q.reason);
        }
    }
    if (a.rack_curve) {
        const auto& c = *a.rack_curve;
        fmt::print("Rack pressure drop against the vendor's curve ({}): rms error {:.1f} %\n",
                   c.source, 100.0 * c.rms_error);
        for (std::size_t j = 0; j < c.x.size(); ++j) {
            if (c.model[j]) {
                fmt::print("  {:>12}  vendor {:>12}  RackCalc {:>12}  ({:+.1f} %)\n", V(c.x[j]),
                           p(c.vendor[j], 2), p(*c.model[j], 2),
                           100.0 * (*c.model[j] / c.vendor[j] - 1.0));
            } else {
                fmt::print("  {:>12}  vendor {:>12}  RackCalc none: {}\n", V(c.x[j]),
                           p(c.vendor[j], 2), c.note[j]);
            }
        }
    }
    if (a.cdu.capacity_curve) {
        const auto& c = *a.cdu.capacity_curve;
        fmt::print("CDU capacity against the datasheet's curve ({}): one exchanger fitted, rms "
                   "error {:.1f} %\n",
                   c.source, 100.0 * c.rms_error);
        for (std::size_t j = 0; j < c.x.size(); ++j) {
            fmt::print("  approach {:>8}  datasheet {:>12}  RackCalc {:>12}  ({:+.1f} %)\n",
                       dT(c.x[j]), u.format(c.vendor[j], k::heat_flow, 1),
                       u.format(c.model[j].value_or(0.0), k::heat_flow, 1),
                       100.0 * (c.model[j].value_or(0.0) / c.vendor[j] - 1.0));
        }
    }
    if (a.required_flow) {
        const auto& c = *a.required_flow;
        fmt::print("Required flow per rack against the vendor's ({}): rms error {:.1f} %\n",
                   c.source, 100.0 * c.rms_error);
        for (std::size_t j = 0; j < c.x.size(); ++j) {
            if (c.model[j]) {
                fmt::print("  {:>10}  vendor {:>12}  RackCalc least {:>12} ({:+.1f} %, {})\n",
                           T(c.x[j]), V(c.vendor[j]), V(*c.model[j]),
                           100.0 * (*c.model[j] / c.vendor[j] - 1.0), c.note[j]);
            } else {
                fmt::print("  {:>10}  vendor {:>12}  RackCalc none: {}\n", T(c.x[j]),
                           V(c.vendor[j]), c.note[j]);
            }
        }
    }
    if (a.V_dot_min_m3_s) {
        fmt::print("Least flow: {} ({}), set by the {}\n", V(*a.V_dot_min_m3_s),
                   per_power(*a.V_dot_min_m3_s, a.Q_liquid_W), a.V_dot_min_binding);
    }
    if (a.T_supply_max_K) {
        fmt::print("Warmest supply at the design flow: {}, set by the {}\n", T(*a.T_supply_max_K),
                   a.T_supply_max_binding);
    }
    if (!a.flow_table.empty()) {
        fmt::print("Least flow versus supply temperature:\n");
        for (const auto& row : a.flow_table) {
            if (row.V_dot_m3_s) {
                fmt::print("  {:>10}  {:>12}  {:>16}  dp {:>12}  return {:>10}  ({})\n",
                           T(row.T_supply_K), V(*row.V_dot_m3_s),
                           per_power(*row.V_dot_m3_s, a.Q_liquid_W), p(row.dp_loop_Pa, 1),
                           T(row.T_return_K), row.binding);
            } else {
                fmt::print("  {:>10}  none: {}\n", T(row.T_supply_K), row.reason);
            }
        }
    }
    // Racks of one kind have the same results part by part (thermal::RackLoop): the tables
    // list each kind once, by its first rack.
    const std::vector<int> firsts = d.kind_first_racks();
    const std::unordered_set<int> listed(firsts.begin(), firsts.end());
    const bool grouped = firsts.size() < d.racks.size();
    // Table columns: the number alone, the unit in the header.
    auto n = [&u](double si, const core::QuantityKind& kind, int decimals) {
        return u.number(si, kind, decimals);
    };
    auto h = [&u](std::string_view label, const core::QuantityKind& kind) {
        return fmt::format("{} {}", label, u.unit(kind));
    };
    if (d.converged && d.racks.size() > 1) {
        std::unordered_map<int, int> kind_size;
        for (const auto& rr : d.racks) {
            ++kind_size[rr.kind_first];
        }
        fmt::print("Racks ({} of {} kind(s); a kind's racks have the same results):\n"
                   "  {:<24} {:>6} {:>9} {:>9} {:>11} {:>11} {:>9}\n",
                   d.racks.size(), firsts.size(), "rack", "alike", h("Q", k::power),
                   u.unit(k::volume_flow), u.unit(k::volume_flow_per_power),
                   h("return", k::temperature), h("dp", k::pressure));
        for (const auto& rr : d.racks) {
            if (!listed.contains(rr.part)) {
                continue;
            }
            fmt::print("  {:<24} {:>6} {:>9} {:>9} {:>11} {:>11} {:>9}\n",
                       assembly.parts[static_cast<std::size_t>(rr.part)].name, kind_size[rr.part],
                       n(rr.Q_W, k::power, 1), n(rr.V_dot_m3_s, k::volume_flow, 1),
                       n(rr.V_dot_m3_s / rr.Q_W, k::volume_flow_per_power, 3),
                       n(rr.T_return_K, k::temperature, 2), n(rr.dp_Pa, k::pressure, 2));
        }
    }
    if (d.converged) {
        fmt::print("Trays{}:\n  {:<36} {:>9} {:>10} {:>10} {:>10} {:>8}\n",
                   grouped ? " (of the first rack of each kind)" : "", "tray",
                   u.unit(k::volume_flow), h("dp", k::pressure), h("in", k::temperature),
                   h("out", k::temperature), h("Q", k::power));
        for (const auto& t : d.trays) {
            if (!listed.contains(t.rack)) {
                continue;
            }
            fmt::print("  {:<36} {:>9} {:>10} {:>10} {:>10} {:>8}\n",
                       assembly.parts[static_cast<std::size_t>(t.part)].name,
                       n(t.V_dot_m3_s, k::volume_flow, 2), n(t.dp_Pa, k::pressure, 2),
                       n(t.T_in_K, k::temperature, 2), n(t.T_out_K, k::temperature, 2),
                       n(t.Q_W, k::power, 2));
        }
        fmt::print("Chips (hottest first, up to 12; --json has every chip{}):\n  {:<44} {:>8} "
                   "{:>8} {:>10} {:>10}\n",
                   grouped ? " of the first rack of each kind" : "", "chip",
                   h("Q", k::device_power), h("T", k::temperature), h("limit", k::temperature),
                   h("margin", k::temperature_difference));
        std::vector<const thermal::ChipThermalResult*> order;
        for (const auto& c : d.chips) {
            if (listed.contains(c.rack)) {
                order.push_back(&c);
            }
        }
        std::stable_sort(order.begin(), order.end(),
                         [](auto* x, auto* y) { return x->margin_K() < y->margin_K(); });
        for (std::size_t j = 0; j < std::min<std::size_t>(12, order.size()); ++j) {
            const auto& c = *order[j];
            fmt::print("  {:<44} {:>8} {:>8} {:>10} {:>10}\n",
                       assembly.parts[static_cast<std::size_t>(c.part)].name,
                       n(c.Q_W, k::device_power, 0), n(c.T_junction_K, k::temperature, 1),
                       n(c.T_limit_K, k::temperature, 1),
                       n(c.margin_K(), k::temperature_difference, 1));
        }
    }
    for (const auto& f : a.findings) {
        fmt::print("{}: {}: {}\n", f.severity, f.component, f.message);
    }
}

/// The coolant loop for loop.vtp: a point per junction (pressure, mixed coolant temperature),
/// a line per branch (its kind, flow, velocity, hydraulic diameter, Reynolds number, pressure
/// drop and the coolant temperature where it enters and leaves).
viz::NetworkDrawing loop_drawing(const thermal::RackLoopResult& design) {
    viz::NetworkDrawing d;
    std::vector<double> p, T;
    for (const auto& n : design.nodes) {
        d.points.push_back(n.xyz);
        p.push_back(n.p_Pa);
        T.push_back(n.T_K);
    }
    d.point_fields = {{"p_Pa", std::move(p)}, {"T_coolant_K", std::move(T)}};
    std::vector<double> flow, velocity, D_h, Re, dp, T_in, T_out;
    std::vector<std::string> name, kind;
    for (const auto& s : design.segments) {
        d.lines.push_back({s.node_a, s.node_b});
        flow.push_back(s.V_dot_m3_s);
        velocity.push_back(s.velocity_m_s);
        D_h.push_back(s.D_h_m);
        Re.push_back(s.Re);
        dp.push_back(s.dp_Pa);
        const bool forward = s.V_dot_m3_s >= 0.0;
        T_in.push_back(forward ? s.T_a_K : s.T_b_K);
        T_out.push_back(forward ? s.T_b_K : s.T_a_K);
        name.push_back(s.name);
        kind.push_back(s.kind);
    }
    d.line_fields = {{"flow_m3_s", std::move(flow)},
                     {"velocity_m_s", std::move(velocity)},
                     {"D_h_m", std::move(D_h)},
                     {"Re", std::move(Re)},
                     {"dp_Pa", std::move(dp)},
                     {"T_coolant_in_K", std::move(T_in)},
                     {"T_coolant_out_K", std::move(T_out)}};
    d.line_labels = {{"name", std::move(name)}, {"kind", std::move(kind)}};
    return d;
}

/// Per-part thermal fields for the VTK picture; NaN where a field does not apply.
std::vector<viz::CellField> thermal_fields(const thermal::ThermalAnalysis& a,
                                           const geometry::Assembly& assembly) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::size_t n = assembly.parts.size();
    // One quantity per name: a chip's junction, the coolant entering and leaving a plate or
    // a tray.
    viz::CellField T{"T_junction_K", std::vector<double>(n, nan)};
    viz::CellField T_in{"T_coolant_in_K", std::vector<double>(n, nan)};
    viz::CellField T_out{"T_coolant_out_K", std::vector<double>(n, nan)};
    viz::CellField V{"flow_m3_s", std::vector<double>(n, nan)};
    viz::CellField dp{"dp_Pa", std::vector<double>(n, nan)};
    // Each part's own heat, split by where it goes (power_W is the fused power).
    viz::CellField Q_liquid{"Q_liquid_W", std::vector<double>(n, 0.0)};
    viz::CellField Q_air{"Q_air_W", std::vector<double>(n, 0.0)};
    for (std::size_t k = 0; k < n; ++k) {
        const auto& p = assembly.parts[k];
        Q_liquid.values[k] = p.power_W * p.liquid_fraction;
        Q_air.values[k] = p.power_W * (1.0 - p.liquid_fraction);
    }
    viz::CellField margin{"margin_K", std::vector<double>(n, nan)};
    for (const auto& c : a.design.chips) {
        T.values[static_cast<std::size_t>(c.part)] = c.T_junction_K;
        margin.values[static_cast<std::size_t>(c.part)] = c.margin_K();
    }
    for (const auto& p : a.design.plates) {
        const auto k = static_cast<std::size_t>(p.part);
        T_in.values[k] = p.T_in_K;
        T_out.values[k] = p.T_out_K;
        V.values[k] = p.V_dot_m3_s;
        dp.values[k] = p.dp_Pa;
    }
    for (const auto& t : a.design.trays) {
        const auto k = static_cast<std::size_t>(t.part);
        T_in.values[k] = t.T_in_K;
        T_out.values[k] = t.T_out_K;
        V.values[k] = t.V_dot_m3_s;
        dp.values[k] = t.dp_Pa;
    }
    return {T, margin, T_in, T_out, V, dp, Q_liquid, Q_air};
}

/// The thermal fields some time into a transient in which every temperature of the loop has
/// risen by dT: the temperatures up, the chips' margins down, the rest as it was.
std::vector<viz::CellField> shifted_fields(std::vector<viz::CellField> fields, double dT) {
    for (auto& f : fields) {
        const bool temperature = f.name.starts_with("T_") && f.name.ends_with("_K");
        const double sign = temperature ? 1.0 : f.name == "margin_K" ? -1.0 : 0.0;
        for (double& v : f.values) {
            v += sign * dT; // NaN (no value) stays NaN
        }
    }
    return fields;
}

/// rack.png coloured by chip junction temperature, its bytes handed to the report to embed.
/// The picture needs an X display (xvfb-run gives one); without, the record says why not.
std::variant<cases::Picture, cases::Missing> draw_picture(const cases::SystemResult& r,
                                                          const viz::OutputFolder& out,
                                                          viz::ReportAssets& assets,
                                                          const core::Display& u) {
    if (!r.converged || !r.thermal.design.converged) {
        return cases::Missing{"the fused run did not converge"};
    }
    // One quantity on one scale: chip junction temperature in the reader's unit, named on the
    // colour bar; coolant temperatures are another quantity and stay off this colour bar.
    std::vector<double> T_junction(r.assembly.parts.size(),
                                   std::numeric_limits<double>::quiet_NaN());
    for (const auto& c : r.thermal.design.chips) {
        T_junction[static_cast<std::size_t>(c.part)] =
            u.value(c.T_junction_K, core::kinds::temperature);
    }
    const std::string unit(u.unit(core::kinds::temperature));
    if (const auto why_not = viz::write_rack_picture(r.assembly.parts, T_junction,
                                                     fmt::format("chip junction T [{}]", unit),
                                                     out.staged("rack.png"))) {
        return cases::Missing{*why_not};
    }
    std::ifstream png(out.staged("rack.png"), std::ios::binary);
    assets.rack_png.assign(std::istreambuf_iterator<char>(png), {});
    return cases::Picture{"rack.png", fmt::format("chip junction temperature [{}]", unit)};
}

/// A file name from a free-text label: letters, digits, '-' and '_' kept, the rest '_'.
std::string file_stem(std::string_view label) {
    std::string out;
    for (const char c : label) {
        const bool keep = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
        out += keep ? c : '_';
    }
    return out.empty() ? "scenario" : out;
}

} // namespace

int thermal(const std::filesystem::path& file, bool json, const std::filesystem::path& out_dir,
            bool force, const core::Display& u) {
    if (!out_dir.empty()) {
        viz::check_output_target(out_dir, force); // before the work, so a bad -o fails at once
    }
    const cases::CaseDocument document =
        cases::read_case_document(file, cases::TemplateLibrary::bundled());
    const cases::CaseSpec spec = cases::parse_case_document(document, document.merged);
    const geometry::Assembly assembly = geometry::build_assembly(spec.layout);
    thermal::ThermalAnalysis a;
    try {
        a = thermal::analyse_thermal(assembly, spec.layout, spec.loop, spec.cooling);
    } catch (const std::invalid_argument& e) {
        throw cases::locate(document, e);
    }
    if (!out_dir.empty() && a.design.converged) {
        // The whole folder is built beside the target and swapped in, as for `run`: a `thermal
        // -o` over a run's folder replaces it whole, so no report is left beside fields that
        // no longer match it.
        viz::OutputFolder out(out_dir, force);
        viz::write_rack_vtk(assembly.parts, thermal_fields(a, assembly), out.staged("."));
        viz::write_network_vtp(loop_drawing(a.design), out.staged("loop.vtp"));
        out.commit({"rack", "rack.vtm", "loop.vtp"});
    }
    if (json) {
        std::cout << cases::thermal_to_json(a, assembly).dump(2) << '\n';
    } else {
        print_thermal(a, assembly, u);
        if (!out_dir.empty() && a.design.converged) {
            fmt::print("wrote {} and {}\n", (out_dir / "rack.vtm").string(),
                       (out_dir / "loop.vtp").string());
        }
    }
    return a.feasible() ? exit_ok : exit_infeasible;
}

} // namespace rackcalc::app

namespace rackcalc::app {

namespace fs = std::filesystem;

int run(const std::filesystem::path& file, const std::filesystem::path& out_dir,
        const core::Display& u, bool force,
        const std::optional<std::filesystem::path>& airflow_file) {
    viz::check_output_target(out_dir, force); // before the work, so a bad -o fails at once
    const cases::CaseDocument document =
        cases::read_case_document(file, cases::TemplateLibrary::bundled());
    const cases::CaseSpec spec = cases::parse_case_document(document, document.merged);
    std::optional<cases::AirflowEvidence> airflow;
    if (airflow_file) {
        airflow = cases::read_airflow_evidence(*airflow_file);
    }
    viz::OutputFolder out(out_dir, force);
    // [outputs] chooses the files; the record is computed either way.
    const cases::OutputSpec& want = spec.outputs;
    std::vector<std::filesystem::path> entries;
    // Sweeps: every point in the fast mode; a point's failure is a row, not an error. Each
    // sweep is also a ParaView series: sweep-<name>.pvd over one rack.vtm per point that has
    // a result, its "time" the point's row in the table (a failed point is a gap).
    std::optional<core::ProgressBar> bar;
    std::string sweep_stem;
    std::vector<viz::PvdStep> sweep_steps;
    cases::SweepObserver observer;
    observer.begin = [&](const cases::SweepSpec& sw) {
        bar.emplace("sweep " + sw.name, sw.points());
        sweep_stem = "sweep-" + file_stem(sw.name);
        sweep_steps.clear();
    };
    observer.progress = [&bar](std::size_t done) { bar->update(done); };
    observer.on_result = [&](std::size_t k, const cases::SystemResult& pr) {
        if (!want.vtk || !pr.thermal.design.converged) {
            return;
        }
        const fs::path step = fs::path(sweep_stem) / fmt::format("point-{:02d}", k);
        viz::write_rack_vtk(pr.assembly.parts, thermal_fields(pr.thermal, pr.assembly),
                            out.staged(step));
        sweep_steps.push_back({static_cast<double>(k), step / "rack.vtm"});
    };
    observer.end = [&](const cases::SweepResult& sweep) {
        bar.reset();
        if (!sweep_steps.empty()) {
            viz::write_pvd(sweep_steps, out.staged(sweep_stem + ".pvd"));
            entries.insert(entries.end(), {fs::path(sweep_stem), fs::path(sweep_stem + ".pvd")});
        }
        const std::string name = cases::sweep_file(sweep);
        viz::write_text_file(out.staged(name), cases::sweep_to_csv(sweep, u));
        entries.emplace_back(name);
    };
    cases::RunRecord record =
        cases::make_run_record(document, spec, std::move(airflow), RACKCALC_VERSION, observer);
    const cases::SystemResult& r = record.system;
    viz::ReportAssets assets; // embedded in report.html
    if (want.picture) {
        record.picture = draw_picture(r, out, assets, u);
        if (std::holds_alternative<cases::Picture>(record.picture)) {
            entries.emplace_back("rack.png");
        }
    } else {
        record.picture = cases::Missing{"not asked for ([outputs] picture = false)"};
    }
    const auto& scenarios = record.scenarios;
    const cases::Verdict& verdict = record.verdict;
    if (want.html) {
        viz::write_text_file(out.staged("report.html"), viz::render_report(record, assets, u));
        entries.emplace_back("report.html");
    }
    if (want.summary_page) {
        viz::write_text_file(out.staged("summary.html"), viz::render_summary_page(record, u));
        entries.emplace_back("summary.html");
    }
    if (want.json) {
        viz::write_text_file(out.staged("summary.json"), cases::run_to_json(record).dump(1) + "\n");
        entries.emplace_back("summary.json");
    }
    if (want.csv) {
        viz::write_text_file(out.staged("summary.csv"), cases::system_to_csv(r, u));
        viz::write_text_file(out.staged("chips.csv"), cases::chips_to_csv(r, u));
        viz::write_text_file(out.staged("trays.csv"), cases::trays_to_csv(r, u));
        entries.insert(entries.end(), {"summary.csv", "chips.csv", "trays.csv"});
    }
    if (want.vtk && r.converged && r.thermal.design.converged) {
        const auto fields = thermal_fields(r.thermal, r.assembly);
        viz::write_rack_vtk(r.assembly.parts, fields, out.staged("."));
        viz::write_network_vtp(loop_drawing(r.thermal.design), out.staged("loop.vtp"));
        // The standard ParaView views of these files: `pvpython paraview-views.py`.
        viz::write_text_file(out.staged("paraview-views.py"),
                             std::string(viz::paraview_views_script()));
        entries.insert(entries.end(), {"rack", "loop.vtp", "rack.vtm", "paraview-views.py"});
        // Transient scenarios as ParaView time series: transient-<name>.pvd over one rack.vtm
        // per frame in transient-<name>/step-NN.
        for (const auto& sc : scenarios) {
            const auto frames = cases::transient_frames(sc);
            if (frames.empty()) {
                continue;
            }
            const std::string stem = "transient-" + file_stem(sc.name);
            std::vector<viz::PvdStep> steps;
            for (std::size_t k = 0; k < frames.size(); ++k) {
                const fs::path step = fs::path(stem) / fmt::format("step-{:02d}", k);
                viz::write_rack_vtk(r.assembly.parts, shifted_fields(fields, frames[k].dT_K),
                                    out.staged(step));
                steps.push_back({frames[k].t_s, step / "rack.vtm"});
            }
            viz::write_pvd(steps, out.staged(stem + ".pvd"));
            entries.insert(entries.end(), {fs::path(stem), fs::path(stem + ".pvd")});
        }
    }
    out.commit(entries);

    fmt::print("{}\n", verdict.line());
    if (!r.converged) {
        fmt::print("NOT CONVERGED: {}\nwrote {} (the failure, no results)\n", r.reason,
                   (out_dir / "summary.json").string());
        return exit_infeasible;
    }
    fmt::print("{}: converged in {} iterations (last change {:.1e})\n", spec.meta.name,
               r.iterations, r.residual);
    namespace k = core::kinds;
    fmt::print("  IT {}, IT equipment (rack input) {}, grid {}; design-point PUE {:.3f} = grid / "
               "IT equipment; power-chain loss {}, cooling {} (liquid on {}, air on {})\n",
               u.format(r.P_it_W, k::power), u.format(r.P_ite_W, k::power),
               u.format(r.P_grid_W, k::power), r.pue, u.format(r.chain_result.P_loss_W, k::power),
               u.format(r.P_cooling_W, k::power),
               r.rejection.liquid.free ? "dry coolers" : "chillers",
               r.rejection.air.free ? "dry coolers" : "chillers");
    fmt::print("  annual PUE {:.3f} (power {:.3f}, cooling {:.3f}), ELC {:.4f}, free cooling "
               "{:.0f} h liquid / {:.0f} h air; climate: {}\n",
               r.year.pue, r.year.ppue_power, r.year.ppue_cooling, r.year.elc,
               r.year.free_cooling_liquid_h, r.year.free_cooling_air_h, r.year.climate_source);
    fmt::print("  energy closes to {:.1e}, heat to {:.1e}; a year: {}, {:.0f} USD\n",
               r.energy_closure, r.heat_closure, u.format(r.annual_energy_J, k::energy, 0),
               r.annual_cost_USD);
    if (r.thermal.design.converged) {
        const auto& d = r.thermal.design;
        fmt::print("  coolant {}, supply {}, return {}, loop dp {}",
                   u.format(d.V_dot_m3_s, k::volume_flow), u.format(d.T_supply_K, k::temperature),
                   u.format(d.T_return_K, k::temperature), u.format(d.dp_loop_Pa, k::pressure));
        if (d.worst_chip >= 0) {
            const auto& w = d.chips[static_cast<std::size_t>(d.worst_chip)];
            fmt::print("; worst chip {} (margin {})", u.format(w.T_junction_K, k::temperature),
                       u.format(w.margin_K(), k::temperature_difference));
        }
        fmt::print("\n");
    }
    if (const auto& evidence = record.airflow) {
        fmt::print("  airflow (OpenFOAM, {}): hottest inlet {} (peak {}) at {}, ASHRAE {} allows "
                   "{}; RCI_HI {:.0f} %, RTI {:.0f} %, SHI {:.3f}\n",
                   evidence->file.string(), u.format(evidence->T_inlet_max_K, k::temperature),
                   u.format(evidence->T_inlet_peak_max_K, k::temperature), evidence->hottest_inlet,
                   evidence->air_class, u.format(evidence->T_allowable_max_K, k::temperature),
                   evidence->RCI_hi, evidence->RTI, evidence->SHI);
    }
    for (const auto& f : r.findings) {
        fmt::print("{}: {}: {}\n", f.severity, f.component, f.message);
    }
    for (const auto& sc : scenarios) {
        fmt::print("scenario {} ({}): {}: {}\n", sc.name, sc.kind, sc.status, sc.sentence);
    }
    for (const auto& sw : record.sweeps) {
        fmt::print("sweep {}: {} points, {} ok, {} failed, {} infeasible; wrote sweep-{}.csv\n",
                   sw.name, sw.rows.size(), sw.ok, sw.failed, sw.infeasible, sw.name);
    }
    fmt::print("wrote {}\n", out_dir.string());
    // A failing scenario or an infeasible sweep point is a finding like a violated limit.
    return verdict.pass() ? exit_ok : exit_infeasible;
}

} // namespace rackcalc::app

namespace rackcalc::app {

namespace fs = std::filesystem;

int compare(const std::vector<std::filesystem::path>& files, bool json, const std::string& price,
            const core::Display& u) {
    std::optional<double> chosen;
    if (!price.empty()) {
        try {
            chosen = core::parse_quantity(price, core::kinds::price_per_energy);
        } catch (const core::QuantityError& e) {
            core::Diagnostic d;
            d.key = "--price";
            d.message = e.what();
            d.fix = e.fix();
            throw core::InputError(std::move(d));
        }
    }
    nlohmann::json rows = nlohmann::json::array();
    namespace k = core::kinds;
    // Per MW of IT: the display's flow and power units over one MW.
    fmt::print("{:<44} {:>9} {:>13} {:>12} {:>11} {:>7} {:>11} {:>11} {:>13}\n", "case",
               fmt::format("IT {}", u.unit(k::power)), "PFLOPS/MW",
               fmt::format("{}/MW", u.unit(k::volume_flow)),
               fmt::format("loss {}/MW", u.unit(k::power)), "PUE", "USD/kWh", "USD/yr/MW",
               "USD/PFLOP-h");
    for (const auto& file : files) {
        cases::CaseSpec spec = cases::load_case(file, cases::TemplateLibrary::bundled());
        if (chosen) {
            spec.site.electricity_price_USD_per_J = *chosen;
        }
        cases::RunOptions o;
        o.inverse = false;
        const cases::SystemResult r = cases::run_system(spec, o);
        nlohmann::json row{{"case", file.string()},
                           {"name", spec.meta.name},
                           {"converged", r.converged},
                           {"reason", r.reason}};
        if (!r.converged) {
            fmt::print("{:<44} not converged: {}\n", file.string(), r.reason);
            rows.push_back(row);
            continue;
        }
        const double MW = r.P_it_W / 1e6;
        const double paid =
            spec.site.electricity_price_USD_per_J * 3.6e6 * (1.0 - spec.site.price_discount);
        row["it_power_W"] = r.P_it_W;
        row["coolant_flow_L_min_per_MW"] = r.thermal.design.V_dot_m3_s * 60000.0 / MW;
        row["loss_W_per_MW"] = r.chain_result.P_loss_W / MW;
        row["pue"] = r.pue;
        row["price_USD_per_kWh"] = paid;
        row["annual_cost_USD_per_MW"] = r.annual_cost_USD / MW;
        std::string pflops = "-";
        std::string per_pflop_h = "-";
        if (spec.meta.compute_pflops) {
            row["pflops_per_MW"] = *spec.meta.compute_pflops / MW;
            row["compute_precision"] = spec.meta.compute_precision;
            pflops = fmt::format("{:.0f} {}", *spec.meta.compute_pflops / MW,
                                 spec.meta.compute_precision.substr(0, 4));
        }
        if (r.cost_per_pflop_hour_USD) {
            row["cost_per_pflop_hour_USD"] = *r.cost_per_pflop_hour_USD;
            per_pflop_h = fmt::format("{:.4f}", *r.cost_per_pflop_hour_USD);
        }
        rows.push_back(row);
        fmt::print(
            "{:<44} {:>9.1f} {:>13} {:>12.{}f} {:>11.1f} {:>7.3f} {:>11.4f} {:>11.0f} {:>13}\n",
            file.string().substr(0, 44), u.value(r.P_it_W, k::power), pflops,
            u.value(r.thermal.design.V_dot_m3_s, k::volume_flow) / MW,
            std::max(0, u.decimals(k::volume_flow) - 1),
            u.value(r.chain_result.P_loss_W, k::power) / MW, r.pue, paid, r.annual_cost_USD / MW,
            per_pflop_h);
    }
    if (json) {
        std::cout << rows.dump(2) << '\n';
    } else {
        fmt::print("Per MW of IT (chips and tray electronics). Compute is the template's published "
                   "figure at its stated precision, so compare like with like; cost per PFLOP-hour "
                   "is at the mean utilisation and each case's price after its discount.\n");
    }
    return exit_ok;
}

} // namespace rackcalc::app
