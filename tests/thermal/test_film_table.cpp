// The film table stands in for microchannel_convection in every loop solve, so it must
// reproduce it: to its stated tolerance where it answers from the table, exactly where it
// does not (past the laminar range, outside its flows), with the same Re and the same errors.

#include "check_near.hpp"
#include "thermal/correlations.hpp"
#include "thermal/film_table.hpp"
#include "thermal/fluid.hpp"
#include "thermal/microchannel.hpp"

#include <doctest/doctest.h>
#include <limits>
#include <random>
#include <string>

namespace th = rackcalc::thermal;

namespace {

// A GPU-class skived-fin plate (0.3 mm channels, 0.2 mm fins, 3 mm deep, 75 mm square) and a
// NIC-class one (short, 20 mm along the flow): the two ends of the plates a rack carries.
const th::MicrochannelHeatSink gpu_plate{0.3e-3, 0.2e-3, 3e-3, 1.5e-3, 0.075, 0.075, 390.0};
const th::MicrochannelHeatSink nic_plate{0.2e-3, 0.1e-3, 2e-3, 1.5e-3, 0.020, 0.030, 390.0};

double exact_R(const th::MicrochannelChannels& c, const th::Fluid& f, double V, double T) {
    return th::microchannel_convection(c, f, T, V).R_convection;
}

} // namespace

TEST_CASE("film table: within its tolerance of the correlation wherever it answers") {
    std::mt19937 rng(20261130);
    for (const std::string fluid : {"PG25", "water"}) {
        for (const auto& plate : {gpu_plate, nic_plate}) {
            const th::Fluid& f = th::fluid_by_name(fluid);
            const th::MicrochannelChannels c = th::microchannel_channels(plate);
            th::FilmTable table(c, f);
            // Flows from 0.05 to 5 L/min, log-uniform; temperatures over the table.
            std::uniform_real_distribution<double> ln_V(std::log(0.05 / 60000.0),
                                                        std::log(5.0 / 60000.0));
            std::uniform_real_distribution<double> T(f.T_min(), f.T_max());
            double worst = 0.0;
            for (int n = 0; n < 4000; ++n) {
                const double V = std::exp(ln_V(rng));
                const double Tn = T(rng);
                const th::FilmTable::Film film = table.at(V, Tn);
                const th::MicrochannelConvection m = th::microchannel_convection(c, f, Tn, V);
                CAPTURE(fluid);
                CAPTURE(V);
                CAPTURE(Tn);
                CHECK(film.Re == m.Re); // exact, not tabulated
                worst = std::max(worst, std::abs(film.R_convection / m.R_convection - 1.0));
            }
            CAPTURE(fluid);
            CAPTURE(plate.length);
            // The check holds each cell's centre to 1e-7; a bicubic's error elsewhere in the
            // cell is of the same order, and the test allows twice the tolerance.
            CHECK(worst <= 2.0 * th::FilmTable::tolerance);
            // It is a table: most answers come from it, not from the correlation.
            CHECK(table.counts().tabulated > table.counts().lookups * 9 / 10);
            MESSAGE(fluid << " plate L = " << plate.length << " m: worst relative error " << worst
                          << ", " << table.counts().nodes << " nodes, "
                          << table.counts().cells_exact << " of " << table.counts().cells_checked
                          << " cells sent back to the correlation");
        }
    }
}

TEST_CASE("film table: exact where the table does not hold") {
    const th::Fluid& pg25 = th::fluid_by_name("PG25");
    const th::MicrochannelChannels c = th::microchannel_channels(gpu_plate);
    th::FilmTable table(c, pg25);
    const double T = 318.15;
    // Past the laminar range (Re > 2300): the correlation itself.
    const double V_turbulent = 200.0 / 60000.0;
    REQUIRE(th::microchannel_convection(c, pg25, T, V_turbulent).Re > th::Re_laminar_end);
    CHECK(table.at(V_turbulent, T).R_convection == exact_R(c, pg25, V_turbulent, T));
    // Just below it: the stencil reaches past 2300, where the regime changes with a kink, so
    // the cell is sent back to the correlation.
    const double Re_per_V = th::microchannel_convection(c, pg25, T, 1e-5).Re / 1e-5;
    const double V_edge = 0.99 * th::Re_laminar_end / Re_per_V;
    CHECK(table.at(V_edge, T).R_convection == exact_R(c, pg25, V_edge, T));
    CHECK(table.counts().cells_exact >= 1);
    // Below the tabulated flows (Re well under 1): exact too.
    const double V_creep = 1e-3 / Re_per_V;
    CHECK(table.at(V_creep, T).R_convection == exact_R(c, pg25, V_creep, T));
    CHECK(table.counts().tabulated == 0);
}

TEST_CASE("film table: bad flows and temperatures fail as the correlation does") {
    const th::Fluid& pg25 = th::fluid_by_name("PG25");
    th::FilmTable table(th::microchannel_channels(gpu_plate), pg25);
    CHECK_THROWS_AS(table.at(0.0, 318.15), std::domain_error);
    CHECK_THROWS_AS(table.at(-1e-5, 318.15), std::domain_error);
    CHECK_THROWS_AS(table.at(std::numeric_limits<double>::quiet_NaN(), 318.15), std::domain_error);
    CHECK_THROWS_AS(table.at(1e-5, pg25.T_max() + 1.0), th::PropertyRangeError);
    CHECK_THROWS_AS(table.at(1e-5, std::numeric_limits<double>::quiet_NaN()),
                    th::PropertyRangeError);
}
