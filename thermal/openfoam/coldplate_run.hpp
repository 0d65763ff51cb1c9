#pragma once
// One cold-plate CFD point, start to finish: mesh (hex mesher), checkMesh, splitMeshRegions,
// case dictionaries, optional decomposition, chtMultiRegionSimpleFoam until converged,
// reconstruction, results from the function objects, foamToVTK. Every step's log stays in
// the case folder. A step that fails, diverges or runs out of time gives a result with
// ok() false and a message that says which step and why; no numbers are reported then.

#include "thermal/openfoam/coldplate_case.hpp"
#include "thermal/openfoam/result_reader.hpp"
#include "thermal/openfoam/runner.hpp"

#include <filesystem>
#include <functional>
#include <string>

namespace rackcalc::openfoam {

struct CfdRunOptions {
    int np = 1;                  ///< > 1: decomposePar + mpirun -np
    double time_limit_s = 900.0; ///< wall-time limit of the solver [s]
    /// Converged when, over the last `window` iterations, the die's maximum temperature
    /// moved by less than `T_tolerance` of its rise over the inlet, the energy balance is
    /// within `energy_tolerance`, and the initial residual of p_rgh is below
    /// `flow_residual`.
    int window = 50;
    double T_tolerance = 2e-3;
    double energy_tolerance = 5e-3;
    double flow_residual = 1e-4;
    /// A result whose energy balance is off by more than this is a failure [-].
    double energy_limit = 0.01;
    bool write_vtk = true;
    /// Progress lines ("iteration 250: die max 72.1 degC, energy balance -0.4 %").
    std::function<void(const std::string&)> progress;
};

/// Outcome of run_cht.
struct ChtRunResult {
    RunStatus status = RunStatus::failed;
    std::string message; ///< failure: which step and why
    std::size_t cells = 0;
    int iterations = 0;
    double wall_s = 0.0;        ///< whole pipeline [s]
    double solver_wall_s = 0.0; ///< chtMultiRegionSimpleFoam alone [s]
    bool converged = false;
    ChtResults results;

    bool ok() const { return status == RunStatus::completed; }
};

/// The pipeline for any mesh and case spec (case_dir is emptied first). watch_region: the
/// solid whose maximum temperature decides convergence (empty: flow residuals and, with
/// heat, the energy balance only).
ChtRunResult run_cht(const geometry::HexMesh& mesh, ChtCaseSpec spec,
                     const std::filesystem::path& case_dir, const CfdRunOptions& options,
                     const Runner& runner, const std::string& watch_region);

struct CfdPointResult {
    RunStatus status = RunStatus::failed;
    std::string message; ///< failure: which step and why
    std::filesystem::path case_dir;
    std::size_t cells = 0;
    int iterations = 0;
    double wall_s = 0.0; ///< whole pipeline [s]
    double solver_wall_s = 0.0;
    bool converged = false;
    ChtResults results;
    ColdPlateUnitCell cell;
    // Plate-level answers [SI]
    double R_th_K_per_W = 0.0;  ///< (max contact-face T - inlet T) / plate heat
    double R_die_K_per_W = 0.0; ///< (max die T - inlet T) / plate heat
    double dp_Pa = 0.0;         ///< channels, inlet to outlet (area averages)
    double T_outlet_K = 0.0;    ///< bulk
    double T_die_max_K = 0.0;
    double T_die_mean_K = 0.0;
    double energy_imbalance = 0.0;

    bool ok() const { return status == RunStatus::completed; }
};

/// Runs one point into case_dir (emptied first). T_initial_K: initial solid temperature
/// guess (0: the inlet temperature).
CfdPointResult run_coldplate_point(const ColdPlateCfdSpec& spec,
                                   const std::filesystem::path& case_dir,
                                   const CfdRunOptions& options, const Runner& runner,
                                   double T_initial_K = 0.0);

} // namespace rackcalc::openfoam
