// The airflow path against reference cases, run with real OpenFOAM on tiny meshes
// (TEST_SUITE "openfoam": `ctest -L openfoam`). The same cases, at the same sizes, are in
// validation/cfd_airflow.toml for `rackcalc validate`.

#include "thermal/openfoam/airflow_validation.hpp"

#include <doctest/doctest.h>
#include <filesystem>

namespace fs = std::filesystem;
namespace of = rackcalc::openfoam;

namespace {

fs::path scratch(const std::string& name) {
    return fs::temp_directory_path() / "rackcalc-test-airflow" / name;
}

} // namespace

TEST_SUITE("openfoam") {
    TEST_CASE("porous channel: Darcy-Forchheimer pressure drop within 0.5 %") {
        // validation-cases.md 1.5 [C]: mu 1.8e-5, rho 1.2, d 1e7, f 100, U 1 m/s, L 0.8 m:
        // dp = mu d U L + rho f U^2 L / 2 = 144 + 48 = 192.0 Pa.
        const of::Runner runner;
        const double dp = of::run_porous_channel(
            scratch("porous"),
            {.mu = 1.8e-5, .rho = 1.2, .d = 1e7, .f = 100.0, .U = 1.0, .L = 0.8, .cells = 320},
            runner);
        CHECK(dp == doctest::Approx(192.0).epsilon(0.005));
    }

    TEST_CASE("de Vahl Davis cavity: Nu within 2 % at Ra 1e3, 1e4, 1e5") {
        // de Vahl Davis (1983), IJNMF 3:249, benchmark Nu_avg: 1.118, 2.243, 4.519.
        const of::Runner runner;
        for (const auto& [Ra, Nu] :
             {std::pair{1e3, 1.118}, std::pair{1e4, 2.243}, std::pair{1e5, 4.519}}) {
            CAPTURE(Ra);
            const auto r = of::run_de_vahl_davis(scratch("dvd"), Ra, 32, runner);
            CHECK(r.Nu == doctest::Approx(Nu).epsilon(0.02));
            // Energy: what enters at the hot wall leaves at the cold wall.
            CHECK(r.Nu_cold == doctest::Approx(r.Nu).epsilon(0.005));
        }
    }
}
