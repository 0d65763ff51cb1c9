#include "thermal/openfoam/airflow_validation.hpp"

#include "geometry/hex_mesh.hpp"
#include "thermal/openfoam/airflow_case.hpp"
#include "thermal/openfoam/airflow_run.hpp"

#include <cmath>
#include <stdexcept>

namespace rackcalc::openfoam {

namespace fs = std::filesystem;
using geometry::Side;

namespace {

constexpr double g_n = 9.80665; ///< standard gravity [m/s2] (CGPM 1901)

/// The heights of Betts and Bokhari's measured profiles (y/H).
const std::vector<double> betts_bokhari_heights{0.1, 0.3, 0.5, 0.7, 0.9};

geometry::PatchSpec patch(const std::string& name, const std::string& type) {
    return {name, type};
}

AirflowRun run_or_throw(const fs::path& dir, const geometry::HexMesh& mesh,
                        const AirflowCaseSpec& spec, const Runner& runner, int np = 1) {
    AirflowRun run = run_airflow(dir, mesh, spec, runner, {.np = np});
    if (!run.ok()) {
        throw std::runtime_error(run.failure);
    }
    return run;
}

void check(bool ok, const std::string& what) {
    if (!ok) {
        throw std::invalid_argument(what);
    }
}

} // namespace

AirflowCase porous_channel_case(const PorousChannelInputs& in) {
    for (double v : {in.mu, in.rho, in.U, in.L}) {
        check(std::isfinite(v) && v > 0.0, "porous channel: mu, rho, U and L must be positive");
    }
    check(std::isfinite(in.d) && in.d >= 0.0 && std::isfinite(in.f) && in.f >= 0.0,
          "porous channel: d and f must be >= 0");
    check(in.cells >= 8, "porous channel: at least 8 cells");
    // The channel is twice the porous length: L/2 of free flow before and after it. One cell
    // across, with empty sides: a 1-D flow, so the only pressure loss is the porous one.
    const double length = 2.0 * in.L;
    const double width = length / in.cells;
    geometry::HexMeshSpec m;
    m.domain = {{0.0, 0.0, 0.0}, {length, width, width}};
    m.background_zone = "channel";
    m.boxes.push_back(
        {.box = {{0.5 * in.L, 0.0, 0.0}, {1.5 * in.L, width, width}}, .zone = "porous"});
    m.spacing = {geometry::AxisSpacing{.target = width}, geometry::AxisSpacing{.target = width},
                 geometry::AxisSpacing{.target = width}};
    m.domain_patches = {patch("inlet", "patch"), patch("outlet", "patch"), patch("sides", "empty"),
                        patch("sides", "empty"), patch("sides", "empty"),  patch("sides", "empty")};
    const geometry::HexMesh mesh = geometry::build_hex_mesh(m);

    AirflowCaseSpec spec;
    spec.fluid = {.name = "validation fluid",
                  .rho = in.rho,
                  .cp = 1000.0,
                  .nu = in.mu / in.rho,
                  .beta = 0.0,
                  .T_ref_K = 300.0,
                  .Pr = 0.71};
    spec.turbulence = Turbulence::laminar;
    spec.T_initial_K = 300.0;
    const double V_dot = in.U * width * width;
    spec.boundaries = {
        {.patch = "inlet", .kind = BoundaryKind::inflow, .V_dot_m3_s = V_dot, .T_K = 300.0},
        {.patch = "outlet",
         .kind = BoundaryKind::outflow,
         .V_dot_m3_s = V_dot,
         .T_K = std::nullopt},
        {.patch = "sides", .kind = BoundaryKind::empty, .T_K = std::nullopt}};
    spec.porous = {{.zone = "porous", .d = {in.d, in.d, in.d}, .f = {in.f, in.f, in.f}}};
    // Pressure planes in the free flow half-way before and after the zone, where the 1-D
    // pressure is flat: the faces at the zone's own ends carry an interpolation error of
    // half a cell times the porous gradient (0.55 % at 160 cells, measured).
    const double eps = 1e-3 * width;
    const double x_in = width * std::round(0.25 * in.L / width);
    const double x_out = length - x_in;
    spec.planes = {{"porous_in", {{x_in - eps, 0.0, 0.0}, {x_in + eps, width, width}}},
                   {"porous_out", {{x_out - eps, 0.0, 0.0}, {x_out + eps, width, width}}}};
    spec.max_iterations = 500;
    spec.residual_target = 1e-7;
    return {mesh, spec};
}

double run_porous_channel(const fs::path& dir, const PorousChannelInputs& in,
                          const Runner& runner) {
    const AirflowCase c = porous_channel_case(in);
    const AirflowRun run = run_or_throw(dir, c.mesh, c.spec, runner);
    return run.report.planes.at(0).p_Pa - run.report.planes.at(1).p_Pa;
}

AirflowCase de_vahl_davis_case(double Ra, int cells) {
    check(std::isfinite(Ra) && Ra >= 1e2 && Ra <= 1e6, "de Vahl Davis: Ra from 1e2 to 1e6");
    check(cells >= 8 && cells <= 512, "de Vahl Davis: 8 to 512 cells per side");
    // Unit cavity, unit temperature difference; nu from Ra = g beta dT L^3 / (nu alpha),
    // alpha = nu / Pr. beta = 1e-3 1/K keeps beta dT small (Boussinesq).
    const double L = 1.0;
    const double dT = 1.0;
    const double Pr = 0.71;
    const double beta = 1e-3;
    const double nu = std::sqrt(g_n * beta * dT * L * L * L * Pr / Ra);
    const double T_c = 300.0;
    const double T_h = T_c + dT;
    // Cells graded towards the walls: 1.1 growth from a first cell of L / (4 cells) (about
    // 4:1 from wall to centre at 32 cells; measured: 32 cells give Nu within 0.5 %).
    const double first = L / (4.0 * cells);
    geometry::HexMeshSpec m;
    m.domain = {{0.0, 0.0, 0.0}, {L, L, 0.1 * L}};
    m.background_zone = "cavity";
    const geometry::AxisSpacing graded{
        .target = 2.5 * L / cells, .first_cell = first, .growth = 1.1};
    m.spacing = {graded, graded, geometry::AxisSpacing{.target = 0.1 * L}};
    m.domain_patches = {patch("hot", "wall"),        patch("cold", "wall"),
                        patch("adiabatic", "wall"),  patch("adiabatic", "wall"),
                        patch("frontBack", "empty"), patch("frontBack", "empty")};
    const geometry::HexMesh mesh = geometry::build_hex_mesh(m);

    AirflowCaseSpec spec;
    spec.fluid = {.name = "Pr 0.71 Boussinesq fluid",
                  .rho = 1.0,
                  .cp = 1000.0,
                  .nu = nu,
                  .beta = beta,
                  .T_ref_K = 0.5 * (T_c + T_h),
                  .Pr = Pr};
    spec.turbulence = Turbulence::laminar;
    spec.g = {0.0, -g_n, 0.0};
    spec.T_initial_K = 0.5 * (T_c + T_h);
    spec.boundaries = {{.patch = "hot", .kind = BoundaryKind::wall, .T_K = T_h},
                       {.patch = "cold", .kind = BoundaryKind::wall, .T_K = T_c},
                       {.patch = "adiabatic", .kind = BoundaryKind::wall, .T_K = std::nullopt},
                       {.patch = "frontBack", .kind = BoundaryKind::empty, .T_K = std::nullopt}};
    spec.max_iterations = 4000;
    spec.residual_target = 1e-6;
    return {mesh, spec};
}

CavityResult run_de_vahl_davis(const fs::path& dir, double Ra, int cells, const Runner& runner) {
    const AirflowCase c = de_vahl_davis_case(Ra, cells);
    const auto& mesh = c.mesh;
    const auto& spec = c.spec;
    const double T_c = *spec.boundaries.at(1).T_K;
    const double T_h = *spec.boundaries.at(0).T_K;
    const double dT = T_h - T_c;
    const AirflowRun run = run_or_throw(dir, mesh, spec, runner);
    if (!run.converged) {
        throw std::runtime_error("de Vahl Davis Ra " + std::to_string(Ra) +
                                 " did not converge in " + std::to_string(spec.max_iterations) +
                                 " iterations (log: " + run.solve.log.string() + ")");
    }
    // Nu from the wall heat flux as the solver discretises it: (T_wall - T_cell) over the
    // half cell next to the wall, integrated over the wall: Nu = q L / (k dT).
    const auto latest = latest_time_dir(dir);
    if (!latest) {
        throw std::runtime_error("de Vahl Davis: no result folder in " + dir.string());
    }
    const std::vector<double> T = read_scalar_field(*latest / "T", mesh.n_cells);
    const auto& xs = mesh.lines[0];
    const auto& ys = mesh.lines[1];
    const std::size_t nx = xs.size() - 1;
    const std::size_t ny = ys.size() - 1;
    double q_hot = 0.0;
    double q_cold = 0.0;
    for (std::size_t j = 0; j < ny; ++j) {
        const double dy = ys[j + 1] - ys[j];
        const double T_first = T[j * nx];
        const double T_last = T[j * nx + nx - 1];
        q_hot += (T_h - T_first) / (0.5 * (xs[1] - xs[0])) * dy;
        q_cold += (T_last - T_c) / (0.5 * (xs[nx] - xs[nx - 1])) * dy;
    }
    CavityResult r;
    r.Nu = q_hot / dT;
    r.Nu_cold = q_cold / dT;
    r.iterations = run.iterations;
    return r;
}

AirflowCase betts_bokhari_case(int nx, int ny, int iterations) {
    check(nx >= 8 && ny >= 20, "Betts and Bokhari: at least 8 x 20 cells");
    check(iterations >= 100, "Betts and Bokhari: at least 100 iterations");
    // Betts and Bokhari (2000) as the buoyantCavity tutorial sets it up: W 76 mm, H 2180 mm,
    // hot 307.75 K, cold 288.15 K; air mu 1.831e-5 Pa s, cp 1004.4 J/(kg K), Pr 0.705,
    // molar mass 28.96 g/mol. Boussinesq at the mean temperature: rho from the perfect gas at
    // 101325 Pa, beta = 1 / T_mean.
    const double W = 0.076;
    const double H = 2.18;
    const double T_h = 307.75;
    const double T_c = 288.15;
    const double T_m = 0.5 * (T_h + T_c);
    const double R_air = 8.314462618 / 28.96e-3; // [J/(kg K)], CODATA 2018 R
    const double rho = 101325.0 / (R_air * T_m);
    const double depth = W / nx;
    geometry::HexMeshSpec m;
    m.domain = {{0.0, 0.0, 0.0}, {W, H, depth}};
    m.background_zone = "cavity";
    m.spacing = {geometry::AxisSpacing{.target = W / nx}, geometry::AxisSpacing{.target = H / ny},
                 geometry::AxisSpacing{.target = depth}};
    m.domain_patches = {patch("cold", "wall"),         patch("hot", "wall"),
                        patch("topAndBottom", "wall"), patch("topAndBottom", "wall"),
                        patch("frontBack", "empty"),   patch("frontBack", "empty")};
    const geometry::HexMesh mesh = geometry::build_hex_mesh(m);

    AirflowCaseSpec spec;
    spec.fluid = {.name = "air at the mean wall temperature (Betts and Bokhari 2000)",
                  .rho = rho,
                  .cp = 1004.4,
                  .nu = 1.831e-5 / rho,
                  .beta = 1.0 / T_m,
                  .T_ref_K = T_m,
                  .Pr = 0.705};
    spec.turbulence = Turbulence::k_omega_sst;
    spec.g = {0.0, -g_n, 0.0};
    spec.T_initial_K = T_m;
    spec.boundaries = {{.patch = "cold", .kind = BoundaryKind::wall, .T_K = T_c},
                       {.patch = "hot", .kind = BoundaryKind::wall, .T_K = T_h},
                       {.patch = "topAndBottom", .kind = BoundaryKind::wall, .T_K = std::nullopt},
                       {.patch = "frontBack", .kind = BoundaryKind::empty, .T_K = std::nullopt}};
    for (double f : betts_bokhari_heights) {
        spec.probes.push_back({{0.03817, f * H, 0.5 * depth}});
    }
    spec.max_iterations = iterations;
    spec.average_from = iterations / 2;
    spec.residual_target = 1e-9; // run all iterations: the average needs the second half
    return {mesh, spec};
}

TallCavityResult run_betts_bokhari(const fs::path& dir, int nx, int ny, int iterations,
                                   const Runner& runner, int np) {
    const AirflowCase c = betts_bokhari_case(nx, ny, iterations);
    const AirflowRun run = run_or_throw(dir, c.mesh, c.spec, runner, np);
    TallCavityResult r;
    r.y_over_H = betts_bokhari_heights;
    r.T_K = run.report.probe_T_mean_K;
    r.T_cold_K = *c.spec.boundaries.at(0).T_K;
    return r;
}

} // namespace rackcalc::openfoam
