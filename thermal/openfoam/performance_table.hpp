#pragma once
// The [plates.<id>.performance] table that `rackcalc cfd coldplate` writes for a case to
// include: the fitted curves at the CFD flows (thermal/openfoam/coldplate_fit), with where they
// come from. A chip on the default plate design gets a plate of its own, "cfd-<chip>", with
// the default's geometry written out, so the curve reaches that chip only and not the other
// chips that share the default design.

#include "thermal/loop_spec.hpp"
#include "thermal/openfoam/coldplate_fit.hpp"

#include <string>
#include <vector>

namespace rackcalc::openfoam {

struct PerformanceTable {
    std::string case_file; ///< the case the CFD ran on, named in the header
    std::string file_name; ///< the table's own file name, for the include line
    std::string plate_id;  ///< the plate design of the chip; empty: the default design
    std::string chip_type; ///< the chip the plate is under
    /// The default design as meshed (written out when plate_id is empty).
    thermal::PlateDesign design;
    std::string coolant;
    double T_inlet_K = 0.0;
    std::vector<PerformancePoint> points;
    std::string date;      ///< of the CFD run, YYYY-MM-DD
    std::size_t cells = 0; ///< of the unit cell's mesh
};

/// The plate id the table writes: plate_id, or "cfd-<chip>" on the default design.
std::string performance_plate_id(const PerformanceTable& table);

/// The TOML text of the table: R_th [K/W] and dp [kPa] at each flow [L/min] to 4 figures.
std::string performance_table_toml(const PerformanceTable& table);

} // namespace rackcalc::openfoam
