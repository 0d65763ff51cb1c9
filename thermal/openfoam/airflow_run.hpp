#pragma once
// Running an airflow case end to end: write the mesh and the dictionaries into a case folder,
// make the reporting planes (topoSet), decompose for MPI when np > 1, run
// buoyantBoussinesqSimpleFoam (or, transient, buoyantBoussinesqPimpleFoam) through the one
// Runner, reconstruct, and read the reports.
// The folder is complete: the same commands (listed in its Allrun and Slurm job script) run it
// anywhere OpenFOAM v1912 is installed.

#include "geometry/hex_mesh.hpp"
#include "thermal/openfoam/airflow_case.hpp"
#include "thermal/openfoam/runner.hpp"

#include <filesystem>
#include <string>

namespace rackcalc::openfoam {

struct AirflowRunOptions {
    int np = 1;                ///< MPI ranks; > 1 decomposes (simple, along the longest axis)
    double time_limit_s = 0.0; ///< wall-time limit of the solver [s]; 0 = none
    bool keep_going = false;   ///< reuse an existing case folder (no clean start)
};

struct AirflowRun {
    RunResult solve;        ///< the solver's run (status, log, wall time)
    int iterations = 0;     ///< SIMPLE iterations, or time steps of a transient run
    double end_time = 0.0;  ///< the solver's last time: iterations, or seconds (transient)
    bool converged = false; ///< steady: residualControl met before max_iterations
    /// Where `report`'s averaging window starts, in the solver's time (an iteration, or a
    /// transient run's seconds): a transient run's TransientControls::average_from_s, or,
    /// for a steady run whose residuals were not met and that monitors its reports
    /// (AirflowCaseSpec::monitor_interval), the start of the last quarter of its iterations.
    /// `report` then holds the window's means and drifts; -1: it is the last iteration's.
    double averaged_from = -1.0;
    AirflowReport report; ///< valid when solve.ok()
    /// Empty when the run produced a result; otherwise one line for the user: what failed,
    /// why, and where the log is.
    std::string failure;
    bool ok() const { return failure.empty(); }
};

/// Writes the case (mesh, dictionaries, Allrun, job.slurm) into case_dir (emptied first) and
/// runs it. Never throws for an OpenFOAM failure (missing installation, a failing utility,
/// divergence, the time limit): AirflowRun::failure says which. Throws std::invalid_argument
/// for a spec the writer refuses and std::runtime_error when the folder cannot be written.
AirflowRun run_airflow(const std::filesystem::path& case_dir, const geometry::HexMesh& mesh,
                       AirflowCaseSpec spec, const Runner& runner,
                       const AirflowRunOptions& options = {});

/// The Slurm job script that runs the case folder it sits in, on `np` ranks: the same
/// utilities in the same order as run_airflow (topoSet, decomposePar, mpirun <solver>
/// -parallel, reconstructPar).
std::string airflow_slurm_script(const std::string& job_name, const std::string& solver, int np,
                                 bool has_planes, double time_limit_s);

} // namespace rackcalc::openfoam
