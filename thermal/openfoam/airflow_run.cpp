#include "thermal/openfoam/airflow_run.hpp"

#include "geometry/polymesh_writer.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>

namespace rackcalc::openfoam {

namespace fs = std::filesystem;

namespace {

std::string solver_of(const AirflowCaseSpec& spec) {
    return spec.transient ? "buoyantBoussinesqPimpleFoam" : "buoyantBoussinesqSimpleFoam";
}

std::string failure_line(const std::string& step, const RunResult& r) {
    if (r.status == RunStatus::not_found) {
        return r.message;
    }
    std::string why = std::string(to_string(r.status));
    if (r.log_state.divergence) {
        why = "diverged: " + *r.log_state.divergence;
    } else if (r.log_state.fatal_error) {
        why = "failed: " + *r.log_state.fatal_error;
    } else if (r.status == RunStatus::time_limit) {
        why = "stopped at the wall-time limit after " + std::to_string(r.log_state.time_steps) +
              " iterations";
    }
    return step + " " + why + " (log: " + r.log.string() + ")";
}

void write_text(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
        throw std::runtime_error("cannot write " + file.string());
    }
}

std::string allrun(const std::string& solver, bool has_planes) {
    std::string s = "#!/bin/sh\n"
                    "# Runs this case on one core with OpenFOAM v1912 (Debian: apt-get install "
                    "openfoam).\n"
                    "# For MPI use job.slurm, or decomposePar and mpirun as written there.\n"
                    "cd \"$(dirname \"$0\")\" || exit 1\n"
                    "export WM_PROJECT_DIR=${WM_PROJECT_DIR:-/usr/share/openfoam}\n";
    if (has_planes) {
        s += "topoSet > log.topoSet 2>&1 || exit 1\n";
    }
    return s + solver + " > log." + solver + " 2>&1\n";
}

} // namespace

std::string airflow_slurm_script(const std::string& job_name, const std::string& solver, int np,
                                 bool has_planes, double time_limit_s) {
    const int minutes =
        time_limit_s > 0.0 ? static_cast<int>(std::ceil(time_limit_s / 60.0)) + 5 : 60;
    std::string s = "#!/bin/bash\n"
                    "# Slurm job for this OpenFOAM case folder, written by RackCalc. Submit from "
                    "anywhere:\n#   sbatch path/to/case/job.slurm\n"
                    "#SBATCH --job-name=" +
                    job_name + "\n#SBATCH --ntasks=" + std::to_string(np) +
                    "\n#SBATCH --time=" + std::to_string(minutes) +
                    "\n#SBATCH --output=slurm-%j.out\n"
                    "set -e\ncd \"${SLURM_SUBMIT_DIR:-$(dirname \"$0\")}\"\n"
                    "[ -f system/controlDict ] || cd \"$(dirname \"$(readlink -f \"$0\")\")\"\n"
                    "export WM_PROJECT_DIR=${WM_PROJECT_DIR:-/usr/share/openfoam}\n";
    if (has_planes) {
        s += "topoSet > log.topoSet 2>&1\n";
    }
    if (np > 1) {
        s += "rm -rf processor*\ndecomposePar -force > log.decomposePar 2>&1\n"
             "srun --mpi=pmix -n " +
             std::to_string(np) + " " + solver + " -parallel > log." + solver +
             " 2>&1 || mpirun -np " + std::to_string(np) + " " + solver + " -parallel > log." +
             solver + " 2>&1\nreconstructPar -latestTime > log.reconstructPar 2>&1\n";
    } else {
        s += solver + " > log." + solver + " 2>&1\n";
    }
    return s;
}

AirflowRun run_airflow(const fs::path& case_dir, const geometry::HexMesh& mesh,
                       AirflowCaseSpec spec, const Runner& runner,
                       const AirflowRunOptions& options) {
    AirflowRun run;
    const std::string solver = solver_of(spec);
    if (options.np < 1) {
        throw std::invalid_argument("--np must be at least 1, got " + std::to_string(options.np));
    }
    if (const std::string missing = check_installation(runner.installation(), solver);
        !missing.empty()) {
        run.failure = missing;
        return run;
    }
    if (!options.keep_going) {
        fs::remove_all(case_dir);
    }
    fs::create_directories(case_dir);
    const fs::path dir = fs::absolute(case_dir);
    geometry::write_polymesh(mesh, dir / "constant" / "polyMesh");
    write_airflow_files(dir, airflow_case_files(spec, mesh));
    write_text(dir / "Allrun", allrun(solver, !spec.planes.empty()));
    fs::permissions(dir / "Allrun", fs::perms::owner_exec | fs::perms::group_exec,
                    fs::perm_options::add);
    write_text(dir / "job.slurm", airflow_slurm_script(dir.filename().string(), solver, options.np,
                                                       !spec.planes.empty(), options.time_limit_s));

    auto utility = [&](const std::string& program, std::vector<std::string> args) {
        RunRequest r;
        r.case_dir = dir;
        r.program = program;
        r.args = std::move(args);
        r.watch_divergence = false;
        return runner.run(r);
    };
    if (!spec.planes.empty()) {
        const RunResult topo = utility("topoSet", {});
        if (!topo.ok()) {
            run.failure = failure_line("topoSet", topo);
            return run;
        }
    }
    if (options.np > 1) {
        const auto& lines = mesh.lines;
        write_decompose_par_dict(
            dir, split_along_longest(options.np, {lines[0].back() - lines[0].front(),
                                                  lines[1].back() - lines[1].front(),
                                                  lines[2].back() - lines[2].front()}));
        const RunResult dec = utility("decomposePar", {"-force"});
        if (!dec.ok()) {
            run.failure = failure_line("decomposePar", dec);
            return run;
        }
    }
    RunRequest solve;
    solve.case_dir = dir;
    solve.program = solver;
    solve.np = options.np;
    solve.time_limit_s = options.time_limit_s;
    // A Boussinesq air case has no temperature line in its log; divergence shows as
    // residual blow-up or a floating-point exception.
    run.solve = runner.run(solve);
    run.end_time = run.solve.log_state.time;
    run.iterations = spec.transient ? run.solve.log_state.time_steps
                                    : static_cast<int>(std::lround(run.end_time));
    if (!run.solve.ok()) {
        run.failure = failure_line(solver, run.solve);
        return run;
    }
    run.converged = !spec.transient && run.iterations < spec.max_iterations;
    if (options.np > 1) {
        const RunResult rec = utility("reconstructPar", {"-latestTime"});
        if (!rec.ok()) {
            run.failure = failure_line("reconstructPar", rec);
            return run;
        }
    }
    // A transient run is judged on its reports over its averaging window; an oscillating
    // steady run on its monitored reports averaged over the last quarter of its iterations.
    constexpr double window = 0.25;
    if (spec.transient) {
        run.averaged_from = spec.transient->average_from_s;
    } else if (!run.converged && spec.monitor_interval > 0) {
        run.averaged_from = std::round(run.iterations * (1.0 - window));
    }
    try {
        run.report = run.averaged_from >= 0 ? read_airflow_report(dir, spec, run.averaged_from)
                                            : read_airflow_report(dir, spec);
    } catch (const std::exception& e) {
        run.failure = std::string("the solver ended but its reports are missing: ") + e.what();
    }
    return run;
}

} // namespace rackcalc::openfoam
