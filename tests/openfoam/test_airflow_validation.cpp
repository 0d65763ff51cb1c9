// The airflow path against reference cases, run with real OpenFOAM on tiny meshes
// (TEST_SUITE "openfoam": `ctest -L openfoam`). The same cases, at the same sizes, are in
// validation/cfd_airflow.toml for `rackcalc validate`.

#include "thermal/openfoam/airflow_run.hpp"
#include "thermal/openfoam/airflow_validation.hpp"

#include <cmath>
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

    // The transient path (buoyantBoussinesqPimpleFoam) on the porous channel with a heat
    // source: a plug flow that a hand balance settles. 1.5 W into 6.25e-4 m3/s of a fluid
    // with rho cp 1200 J/(m3 K) heats it by 1.5 / (1200 x 6.25e-4) = 2 K; the channel is
    // flushed every 1.6 s. While the heated fluid reaches the outlet (0.2 s to 3 s) most
    // of the heat is stored, and the balance closes only with the stored heat; once it is
    // flushed (2.5 s to 3 s) the outflow carries all of it.
    TEST_CASE("transient channel: heat in = heat out + heat stored; settled, heat in = out") {
        of::AirflowCase c = of::porous_channel_case(
            {.mu = 1.8e-5, .rho = 1.2, .d = 1e7, .f = 100.0, .U = 1.0, .L = 0.8, .cells = 64});
        c.spec.heat.push_back({.zone = "porous", .Q_W = 1.5});
        c.spec.transient = of::TransientControls{.end_time_s = 3.0,
                                                 .average_from_s = 0.2,
                                                 .report_interval_s = 0.05,
                                                 .max_courant = 1.0,
                                                 .first_step_s = 0.005};
        const of::Runner runner;
        const fs::path dir = scratch("transient");
        const of::AirflowRun run = of::run_airflow(dir, c.mesh, c.spec, runner);
        REQUIRE_MESSAGE(run.ok(), run.failure);
        CHECK(run.end_time == doctest::Approx(3.0));
        CHECK(run.averaged_from == 0.2);
        CHECK(run.iterations >= 120); // steps of at most 0.025 s (Courant 1 in 25 mm cells)

        const of::AirflowReport early = run.report;
        CHECK(early.stored_W > 0.3); // the channel warms: a large share is stored
        CHECK(early.Q_out_W() + early.stored_W == doctest::Approx(1.5).epsilon(0.01));

        const of::AirflowReport late = of::read_airflow_report(dir, c.spec, 2.5);
        CHECK(std::abs(late.stored_W) < 0.015);
        CHECK(late.Q_out_W() == doctest::Approx(1.5).epsilon(0.01));
    }
}
