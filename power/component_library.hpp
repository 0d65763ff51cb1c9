#pragma once
// Default data of the components the reference chains are built from (loss curves,
// redundancy, design loading, where the loss lands, footprint, conductor geometry), read
// from power/data/chains.toml. Every number in that file carries a source and a
// confidence; the topology of each chain (which components, in which order, at which
// voltages) is code, in chains.cpp.

#include "core/schema.hpp"
#include "power/loss_curve.hpp"
#include "power/stage.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace rackcalc::power {

/// One [component.<name>] table, checked and in SI.
struct ComponentData {
    std::string name;
    std::string description;
    StageKind kind = StageKind::dc_dc;
    LossCurve curve;          ///< unused for conductors (derived from the geometry)
    std::string curve_source; ///< provenance of the loss curve, for reports
    RedundancySpec redundancy;
    int modules_needed = 1;           ///< N per group
    bool per_rack = false;            ///< counts are per rack (multiplied by the number of racks)
    std::optional<double> P_module_W; ///< fixed module rating; else derived from the design
    double design_loading = 1.0;      ///< design output / N rating
    Location location = Location::grey_space;
    Medium medium = Medium::air;
    double footprint_per_W = 0.0; ///< [m2/W] of installed rating

    // Transformers sized from a standard table (power/transformer.hpp).
    std::string standard;            ///< table id in power/data/transformers.toml, or ""
    std::optional<double> T_winding; ///< winding temperature [K]; unset: the table's

    // Conductors only.
    double length = 0.0;           ///< [m]
    double J = 0.0;                ///< design current density [A/m2]
    double T = 0.0;                ///< conductor temperature [K]
    double PF = 1.0;               ///< power factor on AC runs
    double extra_conductors = 0.0; ///< neutral / mid-point / PE, full size
};

struct ComponentLibrary {
    std::string file;
    double P_it_design_W = 0.0; ///< chain-end (chip-side) design power of the reference block
    int racks = 1;              ///< racks in the reference block
    std::map<std::string, ComponentData> components;

    /// Throws PowerInputError naming the component when it is not in the library.
    const ComponentData& at(const std::string& name) const;
};

/// The schema of power/data/chains.toml (declared once; drives validation and docs).
const core::TableSpec& component_library_schema();

/// Reads and checks a component library; throws core::InputError with file, line and key
/// for unknown keys, wrong units, out-of-range values, bad or missing loss-curve data.
ComponentLibrary load_component_library(const std::filesystem::path& path);

/// $RACKCALC_DATA_DIR/power/data/chains.toml, else the source tree's copy.
std::filesystem::path default_component_library_path();

/// The default library, read once (thread-safe) from default_component_library_path().
const ComponentLibrary& default_component_library();

} // namespace rackcalc::power
