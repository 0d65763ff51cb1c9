#pragma once
// The seed report's power-chain efficiencies (report table 17, as recorded in the project's
// seed facts: UPS 92 %, HVDC 93 %, Panama 97.5 %, SST 98.5 %) beside the model's chains at
// the same boundary, and why they differ.
//
// Boundary: the table gives "system" efficiencies without defining them. RackCalc reads
// each as the power-supply system the table compares, feed to its output bus (Chain::
// system_first..system_last): transformer + UPS, transformer + HVDC rectifier, Panama
// phase-shifting transformer + rectifier, the SST. Condition: the reference block of
// power/data/chains.toml (2.4 MW at the tray side, 20 racks), at its design load, with the
// data's default redundancy.

#include "power/chains.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rackcalc::power {

struct SeedFigure {
    std::string_view family;   ///< UPS, HVDC, Panama, SST
    std::string_view chain_id; ///< the reference chain RackCalc compares it with
    double efficiency;         ///< the seed's system efficiency
};

/// Report table 17 (seed-facts "Power delivery": "Efficiency of power chains (system)").
const std::vector<SeedFigure>& seed_table();

/// The seed figure for a chain id (ac-ups, hvdc-*, panama-*, sst-800), if the table has one.
std::optional<SeedFigure> seed_figure_for(std::string_view chain_id);

struct SeedComparison {
    SeedFigure seed;
    std::string chain_id;
    std::string boundary;              ///< Chain::system_boundary
    double model_system = 0.0;         ///< datasheet curves, at the seed's boundary
    double model_to_trays = 0.0;       ///< datasheet curves, feed to the rack's trays
    double reference_system = 0.0;     ///< seed-table curves, at the seed's boundary
    double reference_scale = 0.0;      ///< factor on the facility converter's loss curve
    double converter_efficiency = 0.0; ///< the facility converter alone, datasheet curve
    std::string explanation;           ///< why the model and the seed differ
};

/// Every seed figure beside the model's chain at the seed's boundary and condition.
std::vector<SeedComparison>
compare_with_seed_table(const ComponentLibrary& library = default_component_library());

} // namespace rackcalc::power
