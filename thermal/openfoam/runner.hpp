#pragma once
// The one place that starts OpenFOAM programs. Programs are started directly (posix_spawn,
// no shell) in their own process group, with WM_PROJECT_DIR and OpenMPI's run-as-root
// permission set, their output kept in a log file in the case folder (log.<program> unless
// named otherwise), and watched line by line: residuals for progress, divergence (non-finite
// or blown-up residuals, non-physical temperature, floating-point exception) and a wall-time
// limit stop the run, and the result says which.
//
// Parallel runs: write_decompose_par_dict, then run "decomposePar" (with "-allRegions" for
// multi-region cases), then run the solver with np > 1 (it is started under mpirun with
// "-parallel"), then "reconstructPar".

#include "thermal/openfoam/log_monitor.hpp"

#include <array>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rackcalc::openfoam {

/// Where OpenFOAM is installed.
struct Installation {
    /// WM_PROJECT_DIR given to every program (Debian: /usr/share/openfoam; without it every
    /// program aborts looking for etc/controlDict).
    std::filesystem::path project_dir = "/usr/share/openfoam";
    /// Folders searched for programs, in order.
    std::vector<std::filesystem::path> bin_dirs{"/usr/bin"};
};

/// Debian's layout, overridden by the environment: RACKCALC_OPENFOAM_DIR (or an existing
/// WM_PROJECT_DIR) for project_dir, RACKCALC_OPENFOAM_BIN (a folder) searched before PATH.
Installation default_installation();

/// Full path of a program in installation.bin_dirs, or nullopt.
std::optional<std::filesystem::path> find_program(const Installation& installation,
                                                  const std::string& name);

/// Empty when the installation can run `solver`; otherwise a message that says what is
/// missing and how to install it (Debian: apt-get install openfoam).
std::string check_installation(const Installation& installation,
                               const std::string& solver = "chtMultiRegionSimpleFoam");

enum class RunStatus {
    completed,  ///< exit code 0
    not_found,  ///< program (or mpirun) not installed
    failed,     ///< non-zero exit or killed by a signal, not diverged
    diverged,   ///< stopped: the log showed divergence (see DivergenceLimits)
    time_limit, ///< stopped: the wall-time limit passed
};

std::string_view to_string(RunStatus status);

/// Called for every new "Time = " line, with the state after the previous step was solved.
using ProgressCallback = std::function<void(const LogState& state, double elapsed_s)>;

/// Asked at every new "Time = " line; true = the run has converged and should write and end.
using StopCondition = std::function<bool(const LogState& state)>;

/// The `abort` function object that makes a solver write its fields and end cleanly when a
/// file appears (RunRequest::stop_file). Paste it into controlDict's `functions` dictionary.
std::string stop_file_function_object(const std::filesystem::path& stop_file);

/// Asked at every new "Time = " line; true = the run has converged and should write and end.
using StopCondition = std::function<bool(const LogState& state)>;

/// The `abort` function object that makes a solver write its fields and end cleanly when a
/// file appears (RunRequest::stop_file). Paste it into controlDict's `functions` dictionary.
std::string stop_file_function_object(const std::filesystem::path& stop_file);

struct RunRequest {
    std::filesystem::path case_dir;
    std::string program;           ///< e.g. "chtMultiRegionSimpleFoam"
    std::vector<std::string> args; ///< e.g. {"-region", "coolant"}; "-case" is added
    std::string log_name;          ///< file in case_dir; default "log.<program>"
    int np = 1;                    ///< > 1: start under mpirun with -parallel
    double time_limit_s = 0.0;     ///< wall-time limit [s]; 0 = none
    DivergenceLimits divergence{};
    bool watch_divergence = true; ///< false for utilities (no residuals to judge)
    ProgressCallback on_progress; ///< may be empty
    /// Convergence: when stop_when returns true the runner creates stop_file, which the
    /// case's stop_file_function_object watches; the solver then writes and ends, and the
    /// run completes normally (RunResult::converged is set). Both may be empty.
    StopCondition stop_when;
    std::filesystem::path stop_file;
};

struct RunResult {
    RunStatus status = RunStatus::failed;
    int exit_code = -1;        ///< the program's exit code; -1 when it did not exit
    std::string message;       ///< one line for the user: what happened and the log path
    std::filesystem::path log; ///< the log file
    double wall_s = 0.0;       ///< wall time [s]
    LogState log_state;        ///< what the log showed
    bool converged = false;    ///< stop_when was met and the stop file written

    bool ok() const { return status == RunStatus::completed; }
};

class Runner {
public:
    explicit Runner(Installation installation = default_installation());

    /// Runs one program to its end (or until stopped). Never throws for a program that
    /// fails; throws std::runtime_error only when the log file cannot be written or the
    /// process cannot be created for a reason other than a missing program.
    RunResult run(const RunRequest& request) const;

    const Installation& installation() const { return installation_; }

private:
    Installation installation_;
};

/// How to split a case for np processes: OpenFOAM's "simple" or "hierarchical" method with
/// n = (nx, ny, nz) subdomains along the axes, nx * ny * nz = np. (Debian's build has no
/// working scotch.)
struct Decomposition {
    int np = 1;
    std::array<int, 3> n{1, 1, 1};
    std::string method = "simple";
};

/// np subdomains along the longest axis of a box of the given size [m].
Decomposition split_along_longest(int np, const std::array<double, 3>& size);

/// The decomposeParDict text (after the banner).
std::string decompose_par_dict(const Decomposition& decomposition);

/// Writes system/decomposeParDict and, for each region, system/<region>/decomposeParDict.
/// Throws std::invalid_argument when np != nx * ny * nz or np < 1.
void write_decompose_par_dict(const std::filesystem::path& case_dir,
                              const Decomposition& decomposition,
                              const std::vector<std::string>& regions = {});

} // namespace rackcalc::openfoam
