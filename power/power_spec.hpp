#pragma once
// The [power] table of a case: which power chain feeds the racks, how redundant it is, what
// the case changes in its stages, how the IT load is used over a year, and the load swing
// the storage must smooth.
//
//   [power]
//   chain = "ac-ups"
//   redundancy = "2N"
//   utilisation = 0.75                      # or a year of (duration, utilisation) bins:
//   # utilisation_profile = [ { duration = "2000 h", utilisation = 0.3 }, ... ]  (8760 h)
//   [power.stages.ups_double_conversion]   # any stage of the chain, by its component id
//   modules = 6
//   module_rating = "500 kW"
//   redundancy = "N+2"
//   points = [ { load_fraction = 0.25, efficiency = 0.94 }, ... ]
//   [power.swing]
//   profile = "square"
//   period = "2 s"
//   ramp_limit = "50 kW/s"
//
// Parsing checks everything that needs no sizing (names, ranges, forms); the checks that
// need the design IT power (a stage overloaded by its override, mismatched voltages) run in
// build_case_chain (power/case_power.hpp) and point at the same file lines.

#include "core/input_error.hpp"
#include "core/schema.hpp"
#include "power/chains.hpp"
#include "power/energy.hpp"
#include "power/storage.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rackcalc::power {

/// Where a key was written, to point later findings at it (message and fix left empty).
using KeyLocations = std::map<std::string, core::Diagnostic, std::less<>>;

/// One [power.stages.<id>] table.
struct StageOverrideSpec {
    std::string id;         ///< component id, a stage of the chosen chain
    StageOverride values;   ///< in SI
    KeyLocations locations; ///< each key written, and "" for the table itself
};

enum class SwingProfile { square, ramp, csv };

/// [power.swing]: the IT load swing and the storage that smooths it at the feed.
struct SwingSpec {
    SwingProfile profile = SwingProfile::square;
    double low_fraction = 0.3;  ///< share of the design IT power
    double high_fraction = 1.0; ///< share of the design IT power
    double period_s = 1.0;      ///< square wave
    double duty = 0.5;          ///< square wave: share of the period at the high load
    double ramp_start_s = 1.0;  ///< ramp: time of the start of the rise
    double ramp_time_s = 0.0;   ///< ramp: rise time, 0 = a step
    std::filesystem::path csv;  ///< csv: trace of time [s], IT power [W] of the whole case
    double duration_s = 60.0;
    double dt_s = 1e-3;
    GridPolicy grid;
    std::vector<StorageLayer> layers; ///< fastest first
    KeyLocations locations;
};

struct PowerSpec {
    std::string chain;              ///< ac-ups, hvdc-240, ..., sst-800 ("native" resolved)
    std::string native_chain;       ///< the chain the rack template is designed for
    std::string redundancy;         ///< N, N+1, 2N: the facility converter's
    bool seed_table_curves = false; ///< curves = "seed-table" (ChainOptions::seed_table_curves)
    bool ups_eco = false;           ///< ups_mode = "eco" (ChainOptions::ups_eco)
    double utilisation = 0.0;       ///< mean IT load as a share of the design IT power
    /// The year of operation: one bin of 8760 h at `utilisation`, or the bins as written.
    std::vector<UtilisationBin> utilisation_profile;
    std::vector<StageOverrideSpec> stages;
    SwingSpec swing;
    KeyLocations locations; ///< keys of [power] itself, and "" for the table
};

/// Schema of [power]; declared here, next to the physics that uses it.
std::shared_ptr<const core::TableSpec> power_schema();

/// Reads a validated [power] table; throws core::InputError (file, line, key) for what the
/// schema alone cannot check: a stage the chain does not have (with a "did you mean"), a
/// redundancy that is not N / N+X / 2N / BN/M, two loss descriptions for one stage, a loss
/// curve that is negative somewhere, utilisation bins that do not make a year, a swing
/// whose low load is above its high load, a missing CSV file.
PowerSpec parse_power(const core::CheckedTable& table);

/// "N", "N+2", "2N", "4N/3" (block redundant, 4 blocks of which 3 are needed) as written in
/// [power.stages.<id>] redundancy; throws PowerInputError (stage `stage`, key redundancy).
RedundancySpec parse_redundancy(std::string_view text, std::string_view stage);

} // namespace rackcalc::power
