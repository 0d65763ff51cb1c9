#include "cases/scenarios.hpp"

#include "cases/case.hpp"
#include "cases/system_run.hpp"
#include "core/display_units.hpp"
#include "thermal/fluid.hpp"
#include "thermal/rack_loop.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <numbers>

namespace rackcalc::cases {

using namespace rackcalc::core;

namespace {

const std::vector<std::string>& kinds_list() {
    static const std::vector<std::string> k{"pump_trip", "cdu_failure", "power_shelf_loss",
                                            "facility_water_loss"};
    return k;
}

bool transient(const std::string& kind) {
    return kind == "cdu_failure" || kind == "facility_water_loss";
}

// The quantities of the scenarios' sentences: SI values with their kinds, rendered in the
// reader's units by core::Display (the model formats no unit).
using namespace core::quantities;
Quantity electric_power(double P_W) {
    return {P_W, kinds::power};
}
Quantity volume(double V_m3) {
    return {V_m3, kinds::volume};
}

double pipe_volume(double length_m, double diameter_m) {
    return length_m * std::numbers::pi / 4.0 * diameter_m * diameter_m;
}

ScenarioResult start(const ScenarioSpec& s) {
    ScenarioResult r;
    r.kind = s.kind;
    r.name = s.name.empty() ? s.kind : s.name;
    return r;
}

ScenarioResult no_design_point(ScenarioResult r, const SystemResult& sys) {
    r.status = "fails";
    r.quantity = "design_point";
    r.sentence = "no converged design point to start from: " +
                 (sys.converged ? Statement(sys.thermal.design.reason) : sys.reason);
    return r;
}

/// Liquid the tray holds [m3]: its stated volume, else its two hoses (a lower bound).
double tray_volume(const CaseSpec& spec, const std::string& id) {
    const auto& tray = spec.layout.trays.at(id);
    const bool liquid = std::any_of(tray.chips.begin(), tray.chips.end(), [&](const auto& c) {
        return spec.layout.chips.at(c.chip).cold_plate != geometry::ColdPlate::none;
    });
    const auto it = spec.loop.trays.find(id);
    if (it == spec.loop.trays.end()) {
        return 0.0;
    }
    if (it->second.coolant_volume_m3 > 0.0) {
        return it->second.coolant_volume_m3;
    }
    return liquid ? 2.0 * pipe_volume(it->second.hose_length_m, it->second.hose_diameter_m) : 0.0;
}

} // namespace

std::shared_ptr<const TableSpec> scenario_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "scenario";
    t->doc = "A failure evaluated after the fused run. pump_trip: one running CDU pump stops "
             "(a spare takes over under N+1 or 2N); cdu_failure: the CDU stops rejecting heat "
             "while its pumps circulate; facility_water_loss: no facility water (the same "
             "transient); power_shelf_loss: power shelves of each rack fail.";
    t->provenance = false;
    t->keys = {
        choice("kind", kinds_list(), "What fails").needed(),
        text("name", "Label in the report (default: the kind)"),
        quantity("horizon", kinds::time, "s",
                 "cdu_failure, facility_water_loss: how long the chips must stay under their "
                 "limits (e.g. until a standby CDU takes over or the load is throttled)")
            .def("60 s")
            .above(0),
        quantity("cdu_volume", kinds::volume, "L",
                 "cdu_failure, facility_water_loss: coolant held up in the CDU (heat exchanger, "
                 "reservoir); default 0, which shortens the time to the limit (conservative)")
            .def("0 L")
            .range(0, 1e5),
        integer("shelves_lost", "power_shelf_loss: shelves lost in each rack")
            .def("1")
            .range(1, 64),
    };
    return t;
}

std::vector<ScenarioSpec> parse_scenarios(const std::vector<CheckedTable>& tables) {
    std::vector<ScenarioSpec> out;
    std::vector<Diagnostic> findings;
    for (const auto& t : tables) {
        ScenarioSpec s;
        s.kind = t.string("kind");
        s.name = t.has("name") ? t.string("name") : std::string();
        s.horizon_s = t.quantity("horizon");
        s.cdu_volume_m3 = t.quantity("cdu_volume");
        s.shelves_lost = static_cast<int>(t.integer("shelves_lost"));
        s.origin = t.diagnostic("kind", "", "");
        const std::map<std::string, bool> applies{{"horizon", transient(s.kind)},
                                                  {"cdu_volume", transient(s.kind)},
                                                  {"shelves_lost", s.kind == "power_shelf_loss"}};
        for (const auto& [key, ok] : applies) {
            if (!ok && t.has(key)) {
                findings.push_back(t.diagnostic(
                    key, fmt::format("{} does not apply to a scenario of kind \"{}\"", key, s.kind),
                    fmt::format("remove {}, or change kind", key)));
            }
        }
        out.push_back(std::move(s));
    }
    if (!findings.empty()) {
        throw InputError(std::move(findings));
    }
    return out;
}

/// Coolant in the loop [m3]: every liquid tray, both manifolds and both feed pipes of every
/// rack of the row, and the CDU hold-up; `account` says what was counted.
double loop_coolant_volume_m3(const CaseSpec& spec, double cdu_m3, Statement& account) {
    double trays = 0.0, manifolds = 0.0, feeds = 0.0;
    bool manifold_estimated = false;
    for (const auto& entry : spec.layout.row) {
        const auto& rack = spec.layout.racks.at(entry.rack);
        if (rack.manifold.diameter_m <= 0.0) {
            continue; // no liquid in this rack (a sidecar)
        }
        double in_rack = 0.0;
        for (const auto& st : rack.stack) {
            if (st.tray.empty()) {
                continue;
            }
            in_rack += st.count * tray_volume(spec, st.tray);
            const auto& tray = spec.layout.trays.at(st.tray);
            for (const auto* blades : {&tray.front_blades, &tray.rear_blades}) {
                if (blades->has_value()) {
                    in_rack += st.count * (*blades)->count * tray_volume(spec, (*blades)->tray);
                }
            }
        }
        trays += entry.count * in_rack;
        const auto& mh = spec.loop.racks.at(entry.rack);
        double v_manifold = mh.coolant_volume_m3;
        if (v_manifold <= 0.0) {
            v_manifold = 2.0 * pipe_volume(rack.units * rack.unit_m, mh.inner_diameter_m);
            manifold_estimated = true;
        }
        manifolds += entry.count * v_manifold;
        feeds += entry.count * 2.0 * pipe_volume(mh.feed_length_m, mh.feed_diameter_m);
    }
    account = statement("trays {} + manifolds {}{} + feed pipes {} + CDU {}", volume(trays),
                        volume(manifolds), manifold_estimated ? " (pipe estimate)" : "",
                        volume(feeds), volume(cdu_m3));
    return trays + manifolds + feeds + cdu_m3;
}

namespace {

/// Lumped-capacitance heat-up of the loop (Incropera et al., Fundamentals of Heat and Mass
/// Transfer, 6th ed., eq. 1.11c with the uniform-temperature assumption of section 5.1):
/// no heat leaves, so m cp dT/dt = Q_liquid. The chips' rise over the coolant stays as it was
/// at the design flow, so the first chip reaches its limit after (worst margin) / (dT/dt).
ScenarioResult heat_up(const ScenarioSpec& s, const CaseSpec& spec, const SystemResult& sys) {
    ScenarioResult r = start(s);
    const auto& d = sys.thermal.design;
    if (!sys.converged || !d.converged || d.worst_chip < 0) {
        return no_design_point(std::move(r), sys);
    }
    Statement account;
    const double V = loop_coolant_volume_m3(spec, s.cdu_volume_m3, account);
    const double dT_dt = sys.thermal.Q_liquid_W / (d.rho * V * d.cp);
    const double margin = d.chips[static_cast<std::size_t>(d.worst_chip)].margin_K();
    const double t_chip = std::max(0.0, margin) / dT_dt;
    const double t_return =
        std::max(0.0, spec.cooling.max_return_temperature.value() - d.T_return_K) / dT_dt;
    r.coolant_volume_m3 = V;
    r.dT_dt_K_per_s = dT_dt;
    r.worst_chip_margin_K = margin;
    r.time_to_chip_limit_s = t_chip;
    r.time_to_return_limit_s = t_return;
    r.quantity = "time_to_chip_limit_s";
    r.value = t_chip;
    r.limit = s.horizon_s;
    r.status = t_chip >= s.horizon_s ? "survives" : "fails";
    const std::string what =
        s.kind == "cdu_failure"
            ? "the CDU stops rejecting heat while its pumps circulate"
            : "facility water is lost, so the CDU rejects no heat: the same transient as a CDU "
              "failure (the facility loop's own thermal mass is not modelled or credited)";
    r.sentence = statement(
        "{}; {} of coolant ({}) takes {} and heats at {}, so the first chip reaches its limit "
        "after {:.0f} s ({} margin) and the return reaches {} after {:.0f} s; it must hold "
        "{:.0f} s",
        what, volume(V), account, Quantity(sys.thermal.Q_liquid_W, kinds::heat_flow),
        Quantity(dT_dt, kinds::temperature_rate), t_chip, difference(margin),
        temperature(spec.cooling.max_return_temperature.value()), t_return, s.horizon_s);
    return r;
}

/// One running CDU pump stops. The system curve is the loop's own (RackLoop solves: its
/// laminar channels make it less than quadratic in flow) plus the CDU's internal drop,
/// quadratic through its rated point; the new flow is where the running pumps' rise at full
/// speed meets it (bisection).
ScenarioResult pump_trip(const ScenarioSpec& s, const CaseSpec& spec, const SystemResult& sys) {
    ScenarioResult r = start(s);
    const auto& a = sys.thermal;
    const auto& d = a.design;
    if (!sys.converged || !d.converged || d.worst_chip < 0 || a.cdu.units_needed < 1) {
        return no_design_point(std::move(r), sys);
    }
    const auto& c = spec.cooling;
    const int before = a.cdu.pumps_running;
    const int spares = a.cdu.pumps_installed - before;
    const int after = spares > 0 ? before : before - 1;
    const double units = a.cdu.units_needed;
    const std::string redundancy =
        fmt::format("{} of {} pumps ran ({}); after the trip {} run", before, a.cdu.pumps_installed,
                    thermal::pump_redundancy_words.name(c.pump_redundancy), after);
    if (after < 1) {
        r.status = "fails";
        r.quantity = "pumps_running";
        r.value = 0.0;
        r.limit = 1.0;
        r.V_dot_m3_s = 0.0;
        r.sentence = redundancy + ": the loop stops and the chips lose their coolant";
        return r;
    }
    // Per CDU, each running pump at full speed on its curve (thermal::cdu_pump_curve), with
    // V_each = V / (units x pumps running after the trip).
    const thermal::PumpCurve curve = thermal::cdu_pump_curve(c);
    const auto rise = [&](double V_total) {
        const double V_each = V_total / units / after;
        return curve.dp0 - curve.c1 * V_each - curve.c2 * V_each * V_each;
    };
    const double V_design = a.V_dot_design_m3_s;
    const double dp_internal_coeff = a.cdu.dp_internal_Pa / (V_design * V_design);
    const double available = rise(V_design);
    r.quantity = "dp_available_Pa";
    r.value = available;
    r.limit = a.cdu.dp_required_Pa;
    if (available >= a.cdu.dp_required_Pa) {
        r.status = "survives";
        r.V_dot_m3_s = V_design;
        r.worst_chip_margin_K = d.chips[static_cast<std::size_t>(d.worst_chip)].margin_K();
        r.sentence =
            statement("{}: they deliver {} at the design flow {}, the loop needs {}", redundancy,
                      pressure(available), flow(V_design), pressure(a.cdu.dp_required_Pa));
        return r;
    }
    thermal::RackLoop loop(sys.assembly, spec.layout, spec.loop, thermal::fluid_by_name(c.coolant));
    const double T_s = c.supply_temperature.value();
    if (c.balance == thermal::Balance::heat) {
        loop.balance_to_heat(V_design, T_s); // the same orifices as the design analysis
    }
    thermal::RackLoopResult last;
    const auto excess = [&](double V) {
        last = loop.solve(V, T_s, thermal::LoopDetail::one_per_kind); // margins, not pictures
        return rise(V) - (last.dp_loop_Pa + dp_internal_coeff * V * V);
    };
    double lo = 1e-3 * V_design;
    double hi = V_design;
    while (hi / lo > 1.0 + 1e-5) {
        const double mid = std::sqrt(lo * hi);
        (excess(mid) >= 0.0 ? lo : hi) = mid;
    }
    excess(lo);
    if (!last.converged || last.worst_chip < 0) {
        r.status = "fails";
        r.sentence = redundancy + ": the loop at the reduced flow did not solve: " + last.reason;
        return r;
    }
    const double margin = last.chips[static_cast<std::size_t>(last.worst_chip)].margin_K();
    r.V_dot_m3_s = lo;
    r.worst_chip_margin_K = margin;
    r.quantity = "worst_chip_margin_K";
    r.value = margin;
    r.limit = 0.0;
    const bool return_ok = last.T_return_K <= c.max_return_temperature.value();
    r.status = margin >= 0.0 && return_ok ? "survives" : "fails";
    r.sentence = statement(
        "{}: they deliver only {} of the {} needed at {}; the flow falls to {} ({:.0f} % of "
        "design), the worst chip keeps {} margin and the return is {}{}",
        redundancy, pressure(available), pressure(a.cdu.dp_required_Pa), flow(V_design), flow(lo),
        100.0 * lo / V_design, difference(margin), temperature(last.T_return_K),
        return_ok
            ? Statement()
            : statement(", above the allowed {}", temperature(c.max_return_temperature.value())));
    return r;
}

/// Shelves of each rack fail; the largest go first. The shelves must carry what leaves them:
/// the output of the chain's PSU-shelf stage, shared by the racks that hold shelves (else
/// the IT power and in-rack losses).
ScenarioResult shelf_loss(const ScenarioSpec& s, const CaseSpec& spec, const SystemResult& sys) {
    ScenarioResult r = start(s);
    double demand_total = sys.P_it_W + sys.loss_in_rack_W;
    std::string demand_what = "IT power and in-rack losses";
    for (std::size_t i = 0; i < sys.chain.stages.size(); ++i) {
        if (sys.chain.stages[i].kind == power::StageKind::psu_shelf &&
            i < sys.chain_result.stages.size()) {
            demand_total = sys.chain_result.stages[i].P_out_W;
            demand_what = "output of the power-shelf stage";
            break;
        }
    }
    int racks_with_shelves = 0;
    std::map<std::string, std::vector<double>> shelves_of;
    for (const auto& entry : spec.layout.row) {
        auto& shelves = shelves_of[entry.rack];
        if (shelves.empty()) {
            for (const auto& st : spec.layout.racks.at(entry.rack).stack) {
                if (st.tray.empty()) {
                    continue;
                }
                const auto& t = spec.layout.trays.at(st.tray);
                if (t.role == geometry::TrayRole::power_shelf && t.psus > 0) {
                    shelves.insert(shelves.end(), static_cast<std::size_t>(st.count),
                                   t.psus * t.psu_rating.value());
                }
            }
        }
        if (!shelves.empty()) {
            racks_with_shelves += entry.count;
        }
    }
    if (racks_with_shelves == 0) {
        r.status = "not applicable";
        r.quantity = "power_shelves";
        r.sentence = "no rack of the case holds power shelves (trays of role power_shelf with "
                     "psus)";
        return r;
    }
    const double demand = demand_total / racks_with_shelves;
    double left_min = 0.0;
    std::string rack_min;
    double installed_min = 0.0;
    bool first = true;
    for (auto& [id, shelves] : shelves_of) {
        if (shelves.empty()) {
            continue;
        }
        std::sort(shelves.begin(), shelves.end(), std::greater<>());
        double installed = 0.0, left = 0.0;
        for (std::size_t i = 0; i < shelves.size(); ++i) {
            installed += shelves[i];
            left += static_cast<int>(i) >= s.shelves_lost ? shelves[i] : 0.0;
        }
        if (first || left < left_min) {
            left_min = left;
            rack_min = id;
            installed_min = installed;
            first = false;
        }
    }
    r.quantity = "shelf_capacity_left_W";
    r.value = left_min;
    r.limit = demand;
    r.status = left_min >= demand ? "survives" : "fails";
    r.sentence = statement(
        "rack {} loses {} of its {} shelves: {} of its {} installed are left for {} per rack "
        "({}){}",
        rack_min, s.shelves_lost, shelves_of.at(rack_min).size(), electric_power(left_min),
        electric_power(installed_min), electric_power(demand), demand_what,
        left_min >= demand ? statement(", {:.0f} % loaded", 100.0 * demand / left_min)
                           : statement(", {} short", electric_power(demand - left_min)));
    return r;
}

} // namespace

std::vector<ScenarioResult> run_scenarios(const CaseSpec& spec, const SystemResult& result) {
    std::vector<ScenarioResult> out;
    for (const auto& s : spec.scenarios) {
        if (s.kind == "pump_trip") {
            out.push_back(pump_trip(s, spec, result));
        } else if (s.kind == "power_shelf_loss") {
            out.push_back(shelf_loss(s, spec, result));
        } else {
            out.push_back(heat_up(s, spec, result));
        }
    }
    return out;
}

std::vector<TransientFrame> transient_frames(const ScenarioResult& result, int intervals) {
    if (!result.dT_dt_K_per_s || !(*result.dT_dt_K_per_s > 0.0) || intervals < 1) {
        return {};
    }
    const double span = std::max(result.limit, result.time_to_chip_limit_s.value_or(0.0));
    if (!(span > 0.0) || !std::isfinite(span)) {
        return {};
    }
    std::vector<TransientFrame> frames;
    for (int k = 0; k <= intervals; ++k) {
        const double t = span * k / intervals;
        frames.push_back({t, *result.dT_dt_K_per_s * t});
    }
    return frames;
}

} // namespace rackcalc::cases
