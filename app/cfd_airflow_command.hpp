#pragma once
// rackcalc cfd airflow CASE -o DIR [--np N]: the rack (or a row of it) in a room with a cold
// and a hot aisle, in OpenFOAM (thermal/openfoam/airflow_rack.hpp), from the case's geometry
// and the fast model's air side.

#include "core/display_units.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace rackcalc::app {

struct CfdAirflowOptions {
    int np = 1;
    int racks = 1;
    bool containment = false;
    double supply_fraction = 1.2;
    double cell_m = 0.1;
    /// Transient by default, over this many room air changes, judged on the last half;
    /// `--iterations` asks for the steady solver instead.
    double air_changes = 8.0;
    double max_courant = 8.0;          ///< the transient time step's Courant limit
    std::optional<int> max_iterations; ///< set: steady SIMPLE, at most this many iterations
    double time_limit_s = 0.0;
};

/// The command line of `cfd airflow`, filled by CLI11.
struct CfdAirflowArgs {
    std::string case_file;
    std::string out_dir;
    CfdAirflowOptions options;
};

/// Adds the `airflow` subcommand to the `cfd` command group; main.cpp runs it when parsed.
CLI::App* add_cfd_airflow_command(CLI::App& cfd, CfdAirflowArgs& args);

/// Writes DIR/openfoam (the complete case folder, with Allrun and job.slurm), runs it, and
/// writes DIR/airflow.json and DIR/airflow.csv (per tray: flow, inlet and exhaust temperature,
/// ASHRAE margin, pressure drop against its specification) and DIR/openfoam/VTK. Returns 0,
/// or exit_solver_failed (app/commands.hpp) with the reason on stderr.
int cfd_airflow(const std::filesystem::path& case_file, const std::filesystem::path& out_dir,
                const CfdAirflowOptions& options, const core::Display& u);

} // namespace rackcalc::app
