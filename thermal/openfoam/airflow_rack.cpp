#include "thermal/openfoam/airflow_rack.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace rackcalc::openfoam {

namespace {

using geometry::Box;
using geometry::PartKind;
using geometry::Side;

/// ASHRAE TC9.9 recommended inlet maximum for classes A1 to A4 [K] (27 degC, [T1]); RCI_HI
/// measures inlets above it against the class's allowable maximum (Herrlin [V44]).
constexpr double T_recommended_max_A_K = 300.15;

/// Fixed-flow fan: the linear curve's slope relative to the tray's own resistance slope
/// 2 dp / U (see airflow_rack.hpp).
constexpr double fan_stiffness = 4.0;

/// Heat that a part and everything inside it leave in the air [W].
double air_heat(const geometry::Assembly& a, std::size_t tray) {
    double Q = 0.0;
    for (std::size_t i = 0; i < a.parts.size(); ++i) {
        std::size_t j = i;
        bool inside = false;
        for (int guard = 0; guard < 16; ++guard) {
            if (j == tray) {
                inside = true;
                break;
            }
            const int parent = a.parts[j].parent;
            if (parent < 0) {
                break;
            }
            j = static_cast<std::size_t>(parent);
        }
        if (inside) {
            const auto& p = a.parts[i];
            Q += p.power_W * (1.0 - p.liquid_fraction);
        }
    }
    return Q;
}

std::string zone_name(const std::string& part) {
    std::string z;
    for (char c : part) {
        z += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '_';
    }
    return z;
}

Box shifted(Box b, double dx) {
    b.lo[0] += dx;
    b.hi[0] += dx;
    return b;
}

} // namespace

RackAirflowCase rack_airflow_case(const geometry::Assembly& assembly, const RackAirSide& air,
                                  const RackAirflowOptions& o) {
    if (o.racks < 1 || o.racks > 20) {
        throw std::invalid_argument("racks in the row must be 1 to 20, got " +
                                    std::to_string(o.racks));
    }
    for (double v : {o.supply_fraction, o.cell_m, o.aisle_m, o.room_height_m}) {
        if (!(std::isfinite(v) && v > 0.0)) {
            throw std::invalid_argument("airflow options must be positive and finite");
        }
    }
    if (o.transient && !(std::isfinite(o.air_changes) && std::isfinite(o.average_air_changes) &&
                         o.average_air_changes > 0.0 && o.air_changes > o.average_air_changes &&
                         std::isfinite(o.max_courant) && o.max_courant > 0.0)) {
        throw std::invalid_argument(
            "a transient airflow run must average over a positive number of air changes, "
            "fewer than it runs, at a positive Courant number");
    }
    for (double v :
         {air.T_supply_K, air.dT_design_K, air.dp_tray_Pa, air.rho, air.cp, air.nu, air.Pr}) {
        if (!(std::isfinite(v) && v > 0.0)) {
            throw std::invalid_argument("air side: supply temperature, design rise, pressure "
                                        "drop and air properties must be positive");
        }
    }
    // The first rack of the assembly is the one repeated along the row.
    const auto racks = assembly.of_kind(PartKind::rack);
    if (racks.empty()) {
        throw std::invalid_argument("the assembly has no rack");
    }
    const geometry::Part& rack = *racks.front();
    const int rack_index = rack.rack;
    std::vector<std::size_t> tray_parts;
    for (std::size_t i = 0; i < assembly.parts.size(); ++i) {
        const auto& p = assembly.parts[i];
        if (p.rack == rack_index && (p.kind == PartKind::tray || p.kind == PartKind::power_shelf)) {
            tray_parts.push_back(i);
        }
    }
    if (tray_parts.empty()) {
        throw std::invalid_argument("rack '" + rack.name + "' has no trays");
    }
    const double pitch = rack.box.hi[0] - rack.box.lo[0];
    double eq_y0 = std::numeric_limits<double>::max();
    double eq_y1 = std::numeric_limits<double>::lowest();
    double eq_x0 = eq_y0, eq_x1 = eq_y1, eq_z0 = eq_y0, eq_z1 = eq_y1;
    for (std::size_t i : tray_parts) {
        const Box& b = assembly.parts[i].box;
        eq_x0 = std::min(eq_x0, b.lo[0]);
        eq_x1 = std::max(eq_x1, b.hi[0]);
        eq_y0 = std::min(eq_y0, b.lo[1]);
        eq_y1 = std::max(eq_y1, b.hi[1]);
        eq_z0 = std::min(eq_z0, b.lo[2]);
        eq_z1 = std::max(eq_z1, b.hi[2]);
    }

    RackAirflowCase c;
    const double row_x0 = rack.box.lo[0];
    const double row_x1 = rack.box.lo[0] + pitch * o.racks;
    const double y_front = rack.box.lo[1];
    const double y_rear = rack.box.hi[1];
    const double rack_top = rack.box.hi[2];
    if (rack_top + o.cell_m >= o.room_height_m) {
        throw std::invalid_argument("the room must be higher than the rack plus one cell");
    }
    geometry::HexMeshSpec m;
    m.domain = {{row_x0 - o.side_clearance_m, y_front - o.aisle_m, 0.0},
                {row_x1 + o.side_clearance_m, y_rear + o.aisle_m, o.room_height_m}};
    m.background_zone = "room";
    for (auto& s : m.domain_patches) {
        s = {"walls", "wall"};
    }
    m.spacing = {geometry::AxisSpacing{.target = o.cell_m},
                 geometry::AxisSpacing{.target = o.cell_m},
                 geometry::AxisSpacing{.target = o.cell_m}};
    // Cooling units: supply through the middle half of the cold-aisle floor, return through
    // the middle half of the ceiling over the hot aisle, across the row.
    m.patch_regions.push_back(
        {{"supply", "patch"},
         Side::z_min,
         {{row_x0, y_front - 0.75 * o.aisle_m, 0.0}, {row_x1, y_front - 0.25 * o.aisle_m, 0.0}}});
    m.patch_regions.push_back({{"return", "patch"},
                               Side::z_max,
                               {{row_x0, y_rear + 0.25 * o.aisle_m, o.room_height_m},
                                {row_x1, y_rear + 0.75 * o.aisle_m, o.room_height_m}}});

    double Q_sum = 0.0;
    double V_sum = 0.0;
    for (std::size_t i : tray_parts) {
        Q_sum += air_heat(assembly, i);
    }
    const double rho_cp = air.rho * air.cp;
    const double U_mean = Q_sum / (rho_cp * air.dT_design_K) / ((eq_x1 - eq_x0) * (eq_z1 - eq_z0));

    for (int r = 0; r < o.racks; ++r) {
        const double dx = pitch * r;
        const std::string rn = "rack" + std::to_string(r);
        geometry::MeshBox body;
        body.box = shifted(rack.box, dx);
        body.meshed = false;
        body.patch = {"racks", "wall"};
        m.boxes.push_back(body);
        // The open spaces behind the front door and in front of the rear door.
        if (eq_y0 > rack.box.lo[1]) {
            m.boxes.push_back(
                {.box = shifted({{eq_x0, rack.box.lo[1], eq_z0}, {eq_x1, eq_y0, eq_z1}}, dx),
                 .zone = rn + "_front"});
        }
        if (eq_y1 < rack.box.hi[1]) {
            m.boxes.push_back(
                {.box = shifted({{eq_x0, eq_y1, eq_z0}, {eq_x1, rack.box.hi[1], eq_z1}}, dx),
                 .zone = rn + "_rear"});
        }
        for (std::size_t i : tray_parts) {
            const auto& p = assembly.parts[i];
            AirflowTray t;
            t.part = o.racks > 1 ? rn + "/" + p.name : p.name;
            t.zone = zone_name(t.part);
            t.rack = r;
            const Box b = shifted(p.box, dx);
            // Trays are boxes of sheet metal: no air crosses from one to the next (a shared
            // face is a slip baffle, like the rack body), only along through its front and rear.
            m.boxes.push_back({.box = b, .zone = t.zone, .baffle = {"racks", "wall"}});
            t.Q_air_W = air_heat(assembly, i);
            t.length_m = b.hi[1] - b.lo[1];
            t.area_m2 = (b.hi[0] - b.lo[0]) * (b.hi[2] - b.lo[2]);
            t.V_dot_design_m3_s = t.Q_air_W / (rho_cp * air.dT_design_K);
            t.dp_design_Pa = air.dp_tray_Pa;
            // A tray without air heat has no fans of its own here; it keeps the resistance
            // of a tray at the rack's mean design velocity.
            const double U_d = t.V_dot_design_m3_s > 0.0 ? t.V_dot_design_m3_s / t.area_m2 : U_mean;
            t.f_per_m = 2.0 * air.dp_tray_Pa / (air.rho * U_d * U_d * t.length_m);
            t.fan.zone = t.zone;
            t.fan.axis = 1;
            t.fan.length_m = t.length_m;
            if (t.V_dot_design_m3_s > 0.0) {
                t.fan.slope_Pa_s_m = fan_stiffness * 2.0 * air.dp_tray_Pa / U_d;
                t.fan.dp0_Pa = air.dp_tray_Pa + t.fan.slope_Pa_s_m * U_d;
            }
            V_sum += t.V_dot_design_m3_s;
            c.Q_air_W += t.Q_air_W;
            c.trays.push_back(t);
        }
    }
    if (o.containment) {
        const double w = o.cell_m;
        auto wall = [&](Box b) {
            geometry::MeshBox mb;
            mb.box = b;
            mb.meshed = false;
            mb.patch = {"containment", "wall"};
            m.boxes.push_back(mb);
        };
        wall({{row_x0, y_front - o.aisle_m, rack_top}, {row_x1, y_front, rack_top + w}});
        wall({{row_x0 - w, y_front - o.aisle_m, 0.0}, {row_x0, y_front, rack_top + w}});
        wall({{row_x1, y_front - o.aisle_m, 0.0}, {row_x1 + w, y_front, rack_top + w}});
    }
    c.mesh = geometry::build_hex_mesh(m);
    c.V_dot_demand_m3_s = V_sum;
    c.V_dot_supply_m3_s = o.supply_fraction * V_sum;
    c.V_air_m3 = geometry::meshed_volume(c.mesh);
    c.air_change_s = c.V_dot_supply_m3_s > 0.0 ? c.V_air_m3 / c.V_dot_supply_m3_s : 0.0;

    AirflowCaseSpec& s = c.spec;
    s.fluid = {.name = "air at the supply temperature",
               .rho = air.rho,
               .cp = air.cp,
               .nu = air.nu,
               .beta = 1.0 / air.T_supply_K, // perfect gas
               .T_ref_K = air.T_supply_K,
               .Pr = air.Pr};
    s.turbulence = Turbulence::k_omega_sst;
    s.T_initial_K = air.T_supply_K;
    s.max_iterations = o.max_iterations;
    s.residual_target = 1e-4;
    s.monitor_interval = 10; // the room flow oscillates: judge on the reports' history
    if (o.transient) {
        s.T_initial_K = air.T_supply_K + c.Q_air_W / (rho_cp * c.V_dot_supply_m3_s);
        // Twenty reports per air change; the step is held at a Courant number (the largest
        // is in the supply jet, whose cells are as thin as the trays).
        s.transient = TransientControls{.end_time_s = o.air_changes * c.air_change_s,
                                        .average_from_s = (o.air_changes - o.average_air_changes) *
                                                          c.air_change_s,
                                        .report_interval_s = c.air_change_s / 20.0,
                                        .max_courant = o.max_courant,
                                        .first_step_s = std::min(0.005, c.air_change_s / 20.0)};
    }
    for (const auto& p : c.mesh.patches) {
        const std::string& n = p.spec.name;
        if (n == "supply") {
            s.boundaries.push_back({.patch = n,
                                    .kind = BoundaryKind::inflow,
                                    .V_dot_m3_s = c.V_dot_supply_m3_s,
                                    .T_K = air.T_supply_K});
        } else if (n == "return") {
            s.boundaries.push_back({.patch = n,
                                    .kind = BoundaryKind::outflow,
                                    .V_dot_m3_s = c.V_dot_supply_m3_s,
                                    .T_K = std::nullopt});
        } else {
            // The racks' surfaces are slip: inside a tray the wall friction is part of the
            // tray's specified resistance (no-slip side walls made the porous drop of a 1 U
            // tray 2.6 % above its specification at the same flow, measured), outside it is
            // small beside the tray resistances.
            s.boundaries.push_back({.patch = n,
                                    .kind = n == "racks" ? BoundaryKind::slip : BoundaryKind::wall,
                                    .V_dot_m3_s = 0.0,
                                    .T_K = std::nullopt});
        }
    }
    const double eps = 1e-4;
    const auto& y_lines = c.mesh.lines[1];
    for (std::size_t k = 0; k < c.trays.size(); ++k) {
        auto& t = c.trays[k];
        const std::size_t part = tray_parts[k % tray_parts.size()];
        const Box b = shifted(assembly.parts[part].box, pitch * t.rack);
        s.porous.push_back(
            {.zone = t.zone, .d = {0.0, 0.0, 0.0}, .f = {t.f_per_m, t.f_per_m, t.f_per_m}});
        if (t.Q_air_W > 0.0) {
            s.heat.push_back({.zone = t.zone, .Q_W = t.Q_air_W});
            s.fans.push_back(t.fan);
        }
        s.planes.push_back(
            {t.zone + "_in",
             {{b.lo[0], b.lo[1] - eps, b.lo[2]}, {b.hi[0], b.lo[1] + eps, b.hi[2]}}});
        s.planes.push_back(
            {t.zone + "_out",
             {{b.lo[0], b.hi[1] - eps, b.lo[2]}, {b.hi[0], b.hi[1] + eps, b.hi[2]}}});
        // The porous pressure drop is read between the first and last grid lines inside the
        // tray, where the pressure is linear (uniform resistance and fan force): a face value
        // at the tray's own ends is interpolated across the kink in the pressure gradient and
        // is off by a quarter cell of the net gradient at each end (measured: -9 % on the
        // GB200 trays at 1.2 times their design flow, where the net gradient is not zero).
        const auto first = std::upper_bound(y_lines.begin(), y_lines.end(), b.lo[1] + eps);
        const auto last = std::lower_bound(y_lines.begin(), y_lines.end(), b.hi[1] - eps);
        if (first == y_lines.end() || last == y_lines.begin() || *first >= *std::prev(last)) {
            throw std::invalid_argument("tray '" + t.part +
                                        "' is less than three cells deep: refine --cell");
        }
        const double y0 = *first;
        const double y1 = *std::prev(last);
        t.dp_span_m = y1 - y0;
        s.planes.push_back(
            {t.zone + "_pin", {{b.lo[0], y0 - eps, b.lo[2]}, {b.hi[0], y0 + eps, b.hi[2]}}});
        s.planes.push_back(
            {t.zone + "_pout", {{b.lo[0], y1 - eps, b.lo[2]}, {b.hi[0], y1 + eps, b.hi[2]}}});
    }
    return c;
}

RackAirflowResult rack_airflow_result(const RackAirflowCase& c, const AirflowReport& report,
                                      const RackAirSide& air) {
    RackAirflowResult r;
    std::map<std::string, const AirflowReport::PlaneFlow*> planes;
    for (const auto& p : report.planes) {
        planes[p.name] = &p;
    }
    double V_return = 0.0;
    for (const auto& p : report.patches) {
        r.Q_removed_W += p.H_dot_W;
        if (p.V_dot_m3_s > 0.0) {
            V_return += p.V_dot_m3_s;
        } else {
            r.V_dot_supply_m3_s += -p.V_dot_m3_s;
        }
    }
    r.Q_air_W = c.Q_air_W;
    r.heat_balance = c.Q_air_W > 0.0 ? r.Q_removed_W / c.Q_air_W - 1.0 : 0.0;
    r.heat_balance_drift = c.Q_air_W > 0.0 ? report.Q_out_drift_W() / c.Q_air_W : 0.0;
    r.Q_stored_W = report.stored_W;
    r.heat_conservation = c.Q_air_W > 0.0 ? (r.Q_removed_W + r.Q_stored_W) / c.Q_air_W - 1.0 : 0.0;
    const double T_allow = air.T_allowable_max_K;
    const double T_rec = std::min(T_recommended_max_A_K, T_allow);
    double over = 0.0;
    double n = 0.0;
    double shi_num = 0.0, shi_den = 0.0, dT_flow = 0.0, V_flow = 0.0;
    r.T_inlet_max_K = 0.0;
    for (const auto& t : c.trays) {
        const auto in = planes.find(t.zone + "_in");
        const auto out = planes.find(t.zone + "_out");
        if (in == planes.end() || out == planes.end()) {
            throw std::runtime_error("no flow report for tray " + t.part);
        }
        TrayAirflowResult tr;
        tr.part = t.part;
        tr.rack = t.rack;
        tr.V_dot_m3_s = in->second->V_dot_m3_s;
        if (t.V_dot_design_m3_s > 0.0) {
            r.tray_flow_drift = std::max(r.tray_flow_drift, std::abs(in->second->V_dot_drift_m3_s) /
                                                                t.V_dot_design_m3_s);
        }
        tr.T_inlet_K = in->second->T_K;
        tr.T_inlet_peak_K = in->second->T_max_K;
        if (t.Q_air_W > 0.0) {
            r.inlet_drift_K = std::max(r.inlet_drift_K, std::abs(in->second->T_drift_K));
        }
        tr.T_exhaust_K = out->second->T_K;
        const auto pin = planes.find(t.zone + "_pin");
        const auto pout = planes.find(t.zone + "_pout");
        if (pin == planes.end() || pout == planes.end()) {
            throw std::runtime_error("no pressure report inside tray " + t.part);
        }
        // Static drop over the inner span scaled to the tray's length, plus the fan's rise at
        // this flow: what the porous resistance takes.
        const double U = tr.V_dot_m3_s / t.area_m2;
        tr.dp_porous_Pa = (pin->second->p_Pa - pout->second->p_Pa) * t.length_m / t.dp_span_m +
                          t.fan.dp0_Pa - t.fan.slope_Pa_s_m * U;
        tr.dp_spec_Pa = 0.5 * air.rho * t.f_per_m * t.length_m * U * std::abs(U);
        tr.margin_K = T_allow - tr.T_inlet_K;
        if (t.Q_air_W > 0.0) {
            n += 1.0;
            over += std::max(0.0, tr.T_inlet_K - T_rec);
            r.T_inlet_peak_max_K = std::max(r.T_inlet_peak_max_K, tr.T_inlet_peak_K);
            if (tr.T_inlet_K > r.T_inlet_max_K) {
                r.T_inlet_max_K = tr.T_inlet_K;
                r.hottest_inlet = tr.part;
            }
            shi_num += tr.V_dot_m3_s * (tr.T_inlet_K - air.T_supply_K);
            shi_den += tr.V_dot_m3_s * (tr.T_exhaust_K - air.T_supply_K);
            dT_flow += tr.V_dot_m3_s * (tr.T_exhaust_K - tr.T_inlet_K);
            V_flow += tr.V_dot_m3_s;
            r.V_dot_racks_m3_s += tr.V_dot_m3_s;
        }
        r.trays.push_back(tr);
    }
    // Herrlin [V44]: RCI_HI = (1 - total over-temperature / max allowable over-temperature)
    // x 100 %, the maximum being (T_allowable - T_recommended) per intake.
    r.RCI_hi = n > 0.0 && T_allow > T_rec ? 100.0 * (1.0 - over / ((T_allow - T_rec) * n)) : 100.0;
    // RTI = (T_return - T_supply) / (T_exhaust - T_inlet of the equipment) x 100 %.
    const double T_return = V_return > 0.0
                                ? air.T_supply_K + r.Q_removed_W / (air.rho * air.cp * V_return)
                                : air.T_supply_K;
    const double dT_equipment = V_flow > 0.0 ? dT_flow / V_flow : 0.0;
    r.RTI = dT_equipment > 0.0 ? 100.0 * (T_return - air.T_supply_K) / dT_equipment : 0.0;
    // Sharma, Bash and Patel [V45]: SHI = sum(T_in - T_supply) / sum(T_out - T_supply).
    r.SHI = shi_den > 0.0 ? shi_num / shi_den : 0.0;
    r.RHI = 1.0 - r.SHI;
    return r;
}

} // namespace rackcalc::openfoam
