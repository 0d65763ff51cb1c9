// rackcalc thermal CASE [--json] [-o DIR]: the rack's liquid loop and chips on their own,
// printed per chip, plate, tray and CDU, and with -o the fields as VTK for ParaView.

#include "app/commands.hpp"
#include "cases/case.hpp"
#include "cases/result_json.hpp"
#include "core/display_units.hpp"
#include "geometry/assembly.hpp"
#include "thermal/rack_thermal.hpp"
#include "viz/staged_output.hpp"
#include "viz/thermal_fields.hpp"
#include "viz/vtk_writer.hpp"

#include <fmt/format.h>
#include <iostream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace rackcalc::app {

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
        fmt::print("  pump curve: {}; efficiency {:.2f} at the operating point\n",
                   u.render(a.cdu.pump_curve), a.cdu.pump_efficiency);
        fmt::print("  heat exchanger: UA {}, effectiveness {:.3f}, facility water up to "
                   "{} (approach {}), {} facility flow, class {}\n",
                   u.format(a.cdu.UA_W_per_K, k::thermal_conductance), a.cdu.effectiveness,
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
    if (a.rack_curve_calibration) {
        const auto& q = *a.rack_curve_calibration;
        const std::string_view what =
            q.unknown == thermal::RackCurveUnknown::qd_cv           ? "Quick-disconnect Cv"
            : q.unknown == thermal::RackCurveUnknown::hose_diameter ? "Hose bore"
                                                                    : "Plate channel count";
        if (q.converged) {
            fmt::print("{} fitted to the vendor's rack curve: x {:.3f} of the template's (rack "
                       "curve rms error {:.1f} % before, {:.1f} % after)\n",
                       what, q.factor, 100.0 * q.rms_before, 100.0 * q.rms_after);
        } else {
            fmt::print("{} not fitted to the vendor's rack curve: {}\n", what, q.reason);
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
                           p(c.vendor[j], 2), u.render(c.note[j]));
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
                           100.0 * (*c.model[j] / c.vendor[j] - 1.0), u.render(c.note[j]));
            } else {
                fmt::print("  {:>10}  vendor {:>12}  RackCalc none: {}\n", T(c.x[j]),
                           V(c.vendor[j]), u.render(c.note[j]));
            }
        }
    }
    if (a.V_dot_min_m3_s) {
        fmt::print("Least flow: {} ({}), set by the {}\n", V(*a.V_dot_min_m3_s),
                   per_power(*a.V_dot_min_m3_s, a.Q_liquid_W), u.render(a.V_dot_min_binding));
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
                           T(row.T_return_K), u.render(row.binding));
            } else {
                fmt::print("  {:>10}  none: {}\n", T(row.T_supply_K), u.render(row.reason));
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
        fmt::print("{}: {}: {}\n", f.severity, u.render(f.component), u.render(f.message));
    }
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
        viz::write_rack_vtk(assembly.parts, viz::thermal_fields(a, assembly), out.staged("."));
        viz::write_network_vtp(viz::loop_drawing(a.design), out.staged("loop.vtp"));
        out.commit({"rack", "rack.vtm", "loop.vtp"});
    }
    if (json) {
        std::cout << cases::thermal_to_json(a, assembly).dump(2) << '\n';
    } else {
        for (const auto& [id, rack] : spec.layout.racks) {
            if (rack.operating_power_W) {
                fmt::print("Operating point: rack {} at {} (the template's parts sum to {}): every "
                           "chip TDP and tray power x {:.4f}\n",
                           id, u.format(*rack.operating_power_W, core::kinds::power, 1),
                           u.format(rack.template_power_W, core::kinds::power, 1),
                           rack.power_scale);
            }
        }
        print_thermal(a, assembly, u);
        if (!out_dir.empty() && a.design.converged) {
            fmt::print("wrote {} and {}\n", (out_dir / "rack.vtm").string(),
                       (out_dir / "loop.vtp").string());
        }
    }
    return a.feasible() ? exit_ok : exit_infeasible;
}

} // namespace rackcalc::app
