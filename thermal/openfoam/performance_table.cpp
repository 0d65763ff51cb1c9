#include "thermal/openfoam/performance_table.hpp"

#include "thermal/fluid.hpp"

#include <fmt/format.h>
#include <sstream>

namespace rackcalc::openfoam {

std::string performance_plate_id(const PerformanceTable& table) {
    return table.plate_id.empty() ? "cfd-" + table.chip_type : table.plate_id;
}

std::string performance_table_toml(const PerformanceTable& table) {
    const std::string id = performance_plate_id(table);
    const auto list = [&](auto value, const char* unit) {
        std::string s = "[";
        for (std::size_t i = 0; i < table.points.size(); ++i) {
            s += fmt::format("{}\"{:.4g} {}\"", i == 0 ? "" : ", ", value(table.points[i]), unit);
        }
        return s + "]";
    };
    std::ostringstream out;
    out << "# Written by `rackcalc cfd coldplate` from " << table.case_file
        << ". Include it in a case with include = [\"" << table.file_name << "\"].\n"
        << "# R_th: plate contact face (maximum) to coolant inlet per W into the plate; dp: CFD "
           "channels plus the plate's port loss (port_K).\n";
    if (table.plate_id.empty()) {
        const thermal::PlateDesign& d = table.design;
        out << "[chips." << table.chip_type << "]\n"
            << "plate = \"" << id << "\"\n\n"
            << "[plates." << id << "] # the default design, as meshed\n"
            << fmt::format("channel_width = \"{:.6g} mm\"\n", d.channel_width_m * 1e3)
            << fmt::format("fin_thickness = \"{:.6g} mm\"\n", d.fin_thickness_m * 1e3)
            << fmt::format("channel_depth = \"{:.6g} mm\"\n", d.channel_depth_m * 1e3)
            << fmt::format("base_thickness = \"{:.6g} mm\"\n", d.base_thickness_m * 1e3)
            << fmt::format("k = \"{:.6g} W/(m K)\"\n", d.k_solid)
            << fmt::format("port_K = {:.6g}\n", d.port_K)
            << fmt::format("port_diameter = \"{:.6g} mm\"\n\n", d.port_diameter_m * 1e3);
    }
    out << "[plates." << id << ".performance]\n"
        << "coolant = \"" << table.coolant << "\"\n"
        << fmt::format("inlet_temperature = \"{:.4g} degC\"\n", thermal::to_degC(table.T_inlet_K))
        << "flow = "
        << list([](const PerformancePoint& p) { return p.V_dot_m3_s * 60000.0; }, "L/min") << "\n"
        << "R_th = " << list([](const PerformancePoint& p) { return p.R_th_K_per_W; }, "K/W")
        << "\n"
        << "dp = " << list([](const PerformancePoint& p) { return p.dp_Pa / 1e3; }, "kPa") << "\n"
        << fmt::format("source = \"RackCalc CFD (chtMultiRegionSimpleFoam), {}, unit cell "
                       "{} cells, symmetric channel period; fitted R_th = a V^b and dp = c V + "
                       "d V^2\"\n",
                       table.date, table.cells);
    return out.str();
}

} // namespace rackcalc::openfoam
