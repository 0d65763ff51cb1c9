// Thermal results as VTK fields (viz/thermal_fields.hpp).

#include "viz/thermal_fields.hpp"

#include <limits>
#include <string>
#include <utility>

namespace rackcalc::viz {

NetworkDrawing loop_drawing(const thermal::RackLoopResult& design) {
    NetworkDrawing d;
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
        name.emplace_back(s.name);
        kind.emplace_back(s.kind);
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

std::vector<CellField> thermal_fields(const thermal::ThermalAnalysis& a,
                                      const geometry::Assembly& assembly) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::size_t n = assembly.parts.size();
    // One quantity per name: a chip's junction, the coolant entering and leaving a plate or
    // a tray.
    CellField T{"T_junction_K", std::vector<double>(n, nan)};
    CellField T_in{"T_coolant_in_K", std::vector<double>(n, nan)};
    CellField T_out{"T_coolant_out_K", std::vector<double>(n, nan)};
    CellField V{"flow_m3_s", std::vector<double>(n, nan)};
    CellField dp{"dp_Pa", std::vector<double>(n, nan)};
    // Each part's own heat, split by where it goes (power_W is the fused power).
    CellField Q_liquid{"Q_liquid_W", std::vector<double>(n, 0.0)};
    CellField Q_air{"Q_air_W", std::vector<double>(n, 0.0)};
    for (std::size_t k = 0; k < n; ++k) {
        const auto& p = assembly.parts[k];
        Q_liquid.values[k] = p.power_W * p.liquid_fraction;
        Q_air.values[k] = p.power_W * (1.0 - p.liquid_fraction);
    }
    CellField margin{"margin_K", std::vector<double>(n, nan)};
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

std::vector<CellField> shifted_fields(std::vector<CellField> fields, double dT) {
    for (auto& f : fields) {
        const bool temperature = f.name.starts_with("T_") && f.name.ends_with("_K");
        const double sign = temperature ? 1.0 : f.name == "margin_K" ? -1.0 : 0.0;
        for (double& v : f.values) {
            v += sign * dT; // NaN (no value) stays NaN
        }
    }
    return fields;
}

} // namespace rackcalc::viz
