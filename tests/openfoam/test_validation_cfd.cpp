// OpenFOAM validation on tiny cases (ctest -L openfoam). Each runs the whole pipeline of
// run_cht / run_coldplate_point: hex mesh, checkMesh, splitMeshRegions, case dictionaries,
// chtMultiRegionSimpleFoam to convergence, function-object results.
//  - Hagen-Poiseuille between parallel plates: dp = 12 mu L V / (w h^3) within 1 %
//    (validation-cases.md 1.1; the Re-5 entrance adds about 0.1 %, Shah & London 1978).
//  - Tuckerman & Pease 1981 case C (IEEE EDL 2(5):126, doi 10.1109/EDL.1981.25367; R =
//    0.090 K/W on 1 cm2 at 8.6 cm3/s, validation-cases.md 3.1): CFD within 10 %.
//  - Energy balance (die heat = coolant enthalpy rise) within 1 % in every run with heat.

#include "geometry/hex_mesh.hpp"
#include "thermal/fluid.hpp"
#include "thermal/openfoam/coldplate_run.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <unistd.h>

using namespace rackcalc;
using namespace rackcalc::openfoam;
namespace fs = std::filesystem;

namespace {

fs::path case_folder(const std::string& name) {
    return fs::temp_directory_path() / ("rackcalc-test-cfd-" + std::to_string(::getpid())) / name;
}

bool openfoam_missing(const Runner& runner) {
    const std::string why = check_installation(runner.installation());
    if (!why.empty()) {
        MESSAGE("skipped: " << why);
        return true;
    }
    return false;
}

} // namespace

TEST_SUITE("openfoam") {

    TEST_CASE("Hagen-Poiseuille: laminar flow between parallel plates within 1 %") {
        const Runner runner;
        if (openfoam_missing(runner)) {
            return;
        }
        // Gap h = 0.2 mm (20 cells, validation-cases.md 1.1: <= 0.5 % at 20 cells), one
        // cell of 0.1 mm between two symmetry planes (plates of infinite width), 20 mm long
        // (50 hydraulic diameters), water at 25 degC, Re = 5.
        const double h = 0.2e-3, w = 0.1e-3, L = 20e-3;
        const auto& water = thermal::fluid_by_name("water");
        const double T = thermal::from_degC(25.0);
        const double rho = water.rho(T), mu = water.mu(T);
        const double u = 5.0 * mu / (rho * 2.0 * h);
        const double V = u * w * h;
        geometry::HexMeshSpec m;
        m.domain = {{0, 0, 0}, {w, L, h}};
        m.spacing = {geometry::AxisSpacing{w}, geometry::AxisSpacing{0.2e-3},
                     geometry::AxisSpacing{h / 20.0}};
        m.background_zone = "coolant";
        m.domain_patches = {geometry::PatchSpec{"symmetry_left", "symmetryPlane"},
                            geometry::PatchSpec{"symmetry_right", "symmetryPlane"},
                            geometry::PatchSpec{"inlet", "patch"},
                            geometry::PatchSpec{"outlet", "patch"},
                            geometry::PatchSpec{"walls", "wall"},
                            geometry::PatchSpec{"walls", "wall"}};
        const auto mesh = geometry::build_hex_mesh(m);
        ChtCaseSpec spec;
        ChtRegion coolant;
        coolant.name = "coolant";
        coolant.fluid = true;
        coolant.fluid_properties = {"water at 25 degC", rho, water.cp(T), mu, water.k(T)};
        spec.regions = {coolant};
        spec.V_dot_inlet_m3_s = V;
        spec.T_inlet_K = T;
        spec.max_iterations = 3000;
        CfdRunOptions options;
        options.flow_residual = 1e-6;
        options.write_vtk = false;
        options.time_limit_s = 300.0;
        const ChtRunResult r = run_cht(mesh, spec, case_folder("poiseuille"), options, runner, "");
        REQUIRE_MESSAGE(r.ok(), r.message);
        const double dp_expected = 12.0 * mu * L * V / (w * h * h * h);
        MESSAGE("dp CFD " << r.results.dp_Pa << " Pa, Hagen-Poiseuille " << dp_expected << " Pa, "
                          << r.iterations << " iterations");
        CHECK(r.results.dp_Pa == doctest::Approx(dp_expected).epsilon(0.01));
    }

    TEST_CASE("Tuckerman and Pease case C: R within 10 % and energy balance within 1 %") {
        const Runner runner;
        if (openfoam_missing(runner)) {
            return;
        }
        // 50 um channels and walls, 302 um deep, 1 cm x 1 cm, water at 25 degC inlet,
        // 8.6 cm3/s, 790 W. Not in the source: the silicon under the channels (100 um: a
        // ~400 um wafer less the channels, as validation/cold_plates.toml assumes), here a
        // 90 um base and a 10 um heater layer of the same silicon (k 124 W/(m K),
        // Incropera Table A.1 at ~340 K).
        ColdPlateCfdSpec s;
        s.channel_width_m = 50e-6;
        s.fin_thickness_m = 50e-6;
        s.channel_depth_m = 302e-6;
        s.base_thickness_m = 90e-6;
        s.length_m = 0.01;
        s.width_m = 0.01;
        s.plate = {"silicon", 124.0, 2330.0, 712.0};
        s.die_length_m = 0.01;
        s.stack = {StackSolid{"heater", 10e-6, {"silicon", 124.0, 2330.0, 712.0}, false}};
        s.Q_W = 790.0;
        s.coolant = &thermal::fluid_by_name("water");
        s.T_inlet_K = thermal::from_degC(25.0);
        s.V_dot_m3_s = 8.6e-6;
        s.cells_half_channel = 6;
        s.cells_half_fin = 3;
        s.cells_channel_depth = 16;
        s.cell_length_m = 0.01 / 60.0;
        CfdRunOptions options;
        options.write_vtk = false;
        options.time_limit_s = 600.0;
        const CfdPointResult r = run_coldplate_point(s, case_folder("tuckerman-pease"), options,
                                                     runner, thermal::from_degC(85.0));
        REQUIRE_MESSAGE(r.ok(), r.message);
        MESSAGE("R_die " << r.R_die_K_per_W << " K/W (published 0.090), energy balance "
                         << r.energy_imbalance << ", " << r.cells << " cells, " << r.iterations
                         << " iterations, " << r.solver_wall_s << " s");
        CHECK(r.R_die_K_per_W == doctest::Approx(0.090).epsilon(0.10));
        CHECK(std::abs(r.energy_imbalance) < 0.01);
        CHECK(r.results.T_outlet_K > s.T_inlet_K);
    }

} // TEST_SUITE
