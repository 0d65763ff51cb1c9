#include "thermal/openfoam/coldplate_run.hpp"

#include "geometry/polymesh_writer.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <fstream>
#include <sstream>

namespace rackcalc::openfoam {

namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string fmt(const char* format, double a, double b = 0.0, double c = 0.0) {
    char buf[160];
    std::snprintf(buf, sizeof buf, format, a, b, c);
    return buf;
}

/// Runs a utility; on failure fills `out` and returns false.
bool step(const Runner& runner, const fs::path& case_dir, const std::string& program,
          std::vector<std::string> args, const std::string& log_name, ChtRunResult& out,
          int np = 1) {
    RunRequest req;
    req.case_dir = case_dir;
    req.program = program;
    req.args = std::move(args);
    req.log_name = log_name;
    req.watch_divergence = false;
    req.np = np;
    const RunResult r = runner.run(req);
    if (!r.ok()) {
        out.status = r.status;
        out.message = r.message;
        return false;
    }
    return true;
}

} // namespace

ChtRunResult run_cht(const geometry::HexMesh& mesh, ChtCaseSpec spec, const fs::path& case_dir,
                     const CfdRunOptions& options, const Runner& runner,
                     const std::string& watch_region) {
    const auto t0 = std::chrono::steady_clock::now();
    ChtRunResult out;
    out.cells = mesh.n_cells;
    const std::string missing = check_installation(runner.installation());
    if (!missing.empty()) {
        out.status = RunStatus::not_found;
        out.message = missing;
        return out;
    }
    std::error_code ec;
    fs::remove_all(case_dir, ec);
    fs::create_directories(case_dir);
    spec.stop_file = fs::absolute(case_dir) / "converged";
    geometry::write_polymesh(mesh, case_dir / "constant" / "polyMesh");
    const auto files = cht_case_files(spec, mesh);
    std::vector<CaseFile> system_files;
    for (const auto& f : files) {
        if (*f.path.begin() == "system") {
            system_files.push_back(f);
        }
    }
    write_case_files(case_dir, system_files);

    // The mesh must pass checkMesh before anything else runs on it.
    if (!step(runner, case_dir, "checkMesh", {}, "log.checkMesh", out)) {
        return out;
    }
    const std::string check = read_text(case_dir / "log.checkMesh");
    if (check.find("\nMesh OK.") == std::string::npos) {
        out.status = RunStatus::failed;
        out.message = "checkMesh found errors in the generated mesh (log: " +
                      (case_dir / "log.checkMesh").string() + ")";
        return out;
    }
    if (mesh.zones.size() == 1) {
        // One region: splitMeshRegions has nothing to split; the mesh is the region's.
        geometry::write_polymesh(mesh,
                                 case_dir / "constant" / mesh.zones.front().name / "polyMesh");
    } else if (!step(runner, case_dir, "splitMeshRegions", {"-cellZones", "-overwrite"},
                     "log.splitMeshRegions", out)) {
        return out;
    }
    write_case_files(case_dir, files);

    std::vector<std::string> regions;
    for (const auto& r : spec.regions) {
        regions.push_back(r.name);
    }
    if (options.np > 1) {
        const auto& D = mesh.lines;
        const std::array<double, 3> size{D[0].back() - D[0].front(), D[1].back() - D[1].front(),
                                         D[2].back() - D[2].front()};
        write_decompose_par_dict(case_dir, split_along_longest(options.np, size), regions);
        if (!step(runner, case_dir, "decomposePar", {"-allRegions", "-force"}, "log.decomposePar",
                  out)) {
            return out;
        }
    }

    // Solve until converged (the stop file), diverged or out of time.
    std::string fluid;
    double Q_source = 0.0;
    for (const auto& r : spec.regions) {
        if (r.fluid) {
            fluid = r.name;
        }
        Q_source += r.Q_W;
    }
    std::deque<double> T_history;
    double last_imbalance = NAN;
    double last_T = NAN;
    RunRequest req;
    req.case_dir = case_dir;
    req.program = "chtMultiRegionSimpleFoam";
    req.np = options.np;
    req.time_limit_s = options.time_limit_s;
    req.stop_file = spec.stop_file;
    req.stop_when = [&](const LogState& state) {
        bool flow_ok = !state.initial_residual.empty();
        for (const auto& [key, r] : state.initial_residual) {
            // Pressure carries the flow's convergence; a velocity component that is zero
            // everywhere keeps a normalised residual of round-off size.
            const bool flow = key == fluid + "/p_rgh";
            if (flow && r > options.flow_residual) {
                flow_ok = false;
            }
        }
        bool energy_ok = true;
        if (Q_source > 0.0) {
            const auto in = last_row(case_dir, fluid, "inletEnthalpyFlux");
            const auto outl = last_row(case_dir, fluid, "outletEnthalpyFlux");
            if (!in || !outl || in->values.empty() || outl->values.empty()) {
                return false;
            }
            last_imbalance = (outl->values[0] + in->values[0] - Q_source) / Q_source;
            energy_ok = std::abs(last_imbalance) < options.energy_tolerance;
        }
        bool T_ok = true;
        if (!watch_region.empty()) {
            const auto row = last_row(case_dir, watch_region, "max_" + watch_region);
            if (!row || row->values.empty()) {
                return false;
            }
            last_T = row->values[0];
            T_history.push_back(last_T);
            if (T_history.size() > static_cast<std::size_t>(options.window) + 1) {
                T_history.pop_front();
            }
            const double rise = std::max(last_T - spec.T_inlet_K, 1e-3);
            T_ok = T_history.size() > static_cast<std::size_t>(options.window) &&
                   std::abs(T_history.back() - T_history.front()) < options.T_tolerance * rise;
        }
        if (options.progress && state.time_steps % 50 == 0) {
            std::string line = "    iteration " + std::to_string(state.time_steps);
            if (!std::isnan(last_T)) {
                line += ": " + watch_region + fmt(" max %.2f degC", last_T - 273.15);
            }
            if (!std::isnan(last_imbalance)) {
                line += fmt(", energy balance %+.2f %%", 100.0 * last_imbalance);
            }
            line += fmt(", largest residual %.1e", state.max_initial_residual());
            options.progress(line);
        }
        return state.time_steps >= options.window && flow_ok && energy_ok && T_ok;
    };
    const RunResult solved = runner.run(req);
    out.solver_wall_s = solved.wall_s;
    out.iterations = static_cast<int>(solved.log_state.time);
    out.converged = solved.converged;
    if (!solved.ok()) {
        out.status = solved.status;
        out.message = solved.message;
        return out;
    }
    if (!solved.converged) {
        out.status = RunStatus::failed;
        out.message = "chtMultiRegionSimpleFoam reached its iteration limit (" +
                      std::to_string(spec.max_iterations) +
                      ") without converging (log: " + solved.log.string() + ")";
        return out;
    }
    if (options.np > 1 && !step(runner, case_dir, "reconstructPar", {"-allRegions", "-latestTime"},
                                "log.reconstructPar", out)) {
        return out;
    }
    try {
        out.results = read_cht_results(case_dir, spec);
    } catch (const std::exception& e) {
        out.status = RunStatus::failed;
        out.message = e.what();
        return out;
    }
    if (Q_source > 0.0 && std::abs(out.results.energy_imbalance) > options.energy_limit) {
        out.status = RunStatus::failed;
        out.message = fmt("energy balance off by %.2f %% (heat in %.4g W, coolant took %.4g W): "
                          "not a converged result",
                          100.0 * out.results.energy_imbalance, out.results.Q_source_W,
                          out.results.Q_coolant_W);
        return out;
    }
    if (options.write_vtk && !step(runner, case_dir, "foamToVTK", {"-allRegions", "-latestTime"},
                                   "log.foamToVTK", out)) {
        return out;
    }
    out.status = RunStatus::completed;
    out.wall_s = seconds_since(t0);
    out.message = "converged in " + std::to_string(out.iterations) + " iterations, " +
                  fmt("%.0f s", out.wall_s);
    return out;
}

CfdPointResult run_coldplate_point(const ColdPlateCfdSpec& spec, const fs::path& case_dir,
                                   const CfdRunOptions& options, const Runner& runner,
                                   double T_initial_K) {
    CfdPointResult out;
    out.case_dir = case_dir;
    out.cell = coldplate_unit_cell(spec);
    if (T_initial_K > 0.0) {
        for (auto& r : out.cell.cht.regions) {
            if (!r.fluid) {
                r.T_initial_K = T_initial_K;
            }
        }
    }
    const auto mesh = geometry::build_hex_mesh(out.cell.mesh);
    out.cells = mesh.n_cells;
    const ChtRunResult run =
        run_cht(mesh, out.cell.cht, case_dir, options, runner, out.cell.die_region);
    out.status = run.status;
    out.message = run.message;
    out.iterations = run.iterations;
    out.wall_s = run.wall_s;
    out.solver_wall_s = run.solver_wall_s;
    out.converged = run.converged;
    if (!run.ok()) {
        return out;
    }
    out.results = run.results;
    const double T_in = spec.T_inlet_K;
    const auto& die = out.results.solid(out.cell.die_region);
    out.T_die_max_K = die.T_max_K;
    out.T_die_mean_K = die.T_mean_K;
    // The unit cell runs at the plate's heat flux and channel flow, so its temperature rises
    // are the plate's; per watt of the plate's heat.
    out.R_th_K_per_W = (out.results.surface("contactFace").T_max_K - T_in) / spec.Q_W;
    out.R_die_K_per_W = (die.T_max_K - T_in) / spec.Q_W;
    out.dp_Pa = out.results.dp_Pa;
    out.T_outlet_K = out.results.T_outlet_K;
    out.energy_imbalance = out.results.energy_imbalance;
    return out;
}

} // namespace rackcalc::openfoam
