// The chip stack from junction to fins, and the developing-flow heat transfer that makes a
// cold plate's resistance fall with flow. Expected values are published reference numbers
// ([V6], [V22] and [V7], computed from the stated closed forms) or
// closed forms typed out; the wider reference cases run in `rackcalc validate`.

#include "check_near.hpp"
#include "thermal/chip_stack.hpp"
#include "thermal/correlations.hpp"
#include "thermal/microchannel.hpp"
#include "thermal/plate_curve.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <numbers>

namespace th = rackcalc::thermal;

// [V7] series and [V13] closed form, second case of the heat-transfer validation: a 25 mm square
// die on an 80 mm x 3 mm copper plate (k 390) with a film of 2e4 W/(m2 K) on its back. The exact
// series gives 0.03974 K/W of spreading on the mean source temperature, Lee's closed form 0.04275
// (8 % gate); the base adds its one-dimensional conduction t/(kA) = 0.003/(390 x 0.0064) once.
// Lee's peak value (0.05938) already contains that conduction; the stack uses the mean, so a stack
// that added the peak, or the conduction twice, would miss the 0.5 % gate on Lee + t/(kA).
TEST_CASE("plate base: spreading on the mean source temperature plus conduction, once") {
    const double A_die = 0.025 * 0.025, A_plate = 0.08 * 0.08;
    const double R_film = 1.0 / (2e4 * A_plate);
    const double R_1D = 0.003 / (390.0 * 0.0064);
    const th::StackResistance s =
        th::chip_stack_resistance({}, A_die, A_plate, 3e-3, 390.0, R_film);
    CHECK_REL(s.R_plate_base, 0.04275 + R_1D, 0.005);
    CHECK_REL(s.R_plate_base, 0.03974 + R_1D, 0.08);
    CHECK(s.R_layers == 0.0);
    CHECK(s.A_contact_m2 == A_die);
}

TEST_CASE("a die as large as its plate conducts one-dimensionally throughout") {
    const double A = 0.05 * 0.05;
    const std::vector<th::StackLayer> layers{{"die", 0.775e-3, 124.0, false},
                                             {"tim", 0.05e-3, 5.0, false}};
    const auto s = th::chip_stack_resistance(layers, A, A, 1.5e-3, 390.0, 0.01);
    CHECK_REL(s.R_layers, 0.775e-3 / (124.0 * A) + 0.05e-3 / (5.0 * A), 1e-12);
    CHECK_REL(s.R_plate_base, 1.5e-3 / (390.0 * A), 1e-12);
}

// A lid spreads the die over the package: layers above it conduct over the die area, layers
// below over the package, and the lid itself is Lee's peak resistance into the film of all
// that lies below it (TIM2, base, fins).
TEST_CASE("lidded stack: die and TIM1 over the die, the lid spreads, TIM2 over the package") {
    const double A_die = 1.6e-3, A_pkg = 0.075 * 0.075, R_conv = 0.004;
    const std::vector<th::StackLayer> layers{{"die", 0.775e-3, 124.0, false},
                                             {"tim1", 0.2e-3, 82.0, false},
                                             {"lid", 2e-3, 398.0, true},
                                             {"tim2", 0.05e-3, 5.0, false}};
    const auto s = th::chip_stack_resistance(layers, A_die, A_pkg, 1.5e-3, 390.0, R_conv);
    CHECK(s.A_contact_m2 == A_pkg);
    CHECK_REL(s.R_plate_base, 1.5e-3 / (390.0 * A_pkg), 1e-12);
    const double R_tim2 = 0.05e-3 / (5.0 * A_pkg);
    const double h_lid = 1.0 / ((R_tim2 + s.R_plate_base + R_conv) * A_pkg);
    const double R_lid = 2e-3 / (398.0 * A_pkg) +
                         th::lee_spreading_resistance(A_die, A_pkg, 2e-3, 398.0, h_lid).R_avg;
    CHECK_REL(s.R_layers, 0.775e-3 / (124.0 * A_die) + 0.2e-3 / (82.0 * A_die) + R_lid + R_tim2,
              1e-12);
    // Spreading costs: the lid resists more than its plain conduction over the package.
    CHECK(R_lid > 2e-3 / (398.0 * A_pkg));
}

// Hausen's mean Nu for the thermal entry of a circular tube at uniform wall temperature
// ([V6] [C]: Gz = 10, 100, 1000 -> 4.223, 7.248, 17.02). The combined-entry
// model with a developed velocity profile reproduces it within the +-10 % its authors claim;
// on sqrt(A) the circle has fRe = 16 sqrt(pi)/2 and Nu_fd = 3.657 sqrt(pi)/2.
TEST_CASE("developing flow: thermal entry of a circular tube against Hausen") {
    const double s = std::sqrt(std::numbers::pi) / 2.0; // sqrt(A) / D
    for (const auto& [Gz, hausen] :
         {std::pair{10.0, 4.223}, std::pair{100.0, 7.248}, std::pair{1000.0, 17.02}}) {
        CAPTURE(Gz);
        // z* = L / (sqrt(A) Re_sqrtA Pr) = (1/Gz) / s^2.
        const double Nu = th::combined_entry_Nu_sqrtA(1.0 / Gz / (s * s), 7.0, 16.0 * s, 3.657 * s,
                                                      th::WallCondition::temperature, false) /
                          s;
        CHECK_REL(Nu, hausen, 0.06);
    }
}

// Sieder & Tate's combined-entry correlation (Nu = 1.86 Gz^(1/3)) at Gz = 1000, Pr = 5 is
// 18.6; the model, with both profiles developing, lies within 5 %. Far downstream it tends
// to the fully developed value, and Nu falls monotonically with length.
TEST_CASE("developing flow: combined entry against Sieder-Tate, and its limits") {
    const double s = std::sqrt(std::numbers::pi) / 2.0;
    const auto Nu = [s](double Gz, double Pr) {
        return th::combined_entry_Nu_sqrtA(1.0 / Gz / (s * s), Pr, 16.0 * s, 3.657 * s,
                                           th::WallCondition::temperature) /
               s;
    };
    CHECK_REL(Nu(1000.0, 5.0), 1.86 * std::cbrt(1000.0), 0.05);
    CHECK_REL(Nu(1e-3, 5.0), 3.657, 0.01);
    double last = 1e9;
    for (const double Gz : {3000.0, 1000.0, 300.0, 100.0, 30.0, 10.0, 3.0, 1.0}) {
        const double v = Nu(Gz, 5.0);
        CHECK(v < last);
        last = v;
    }
}

// A cold plate's channels: with entrance effects the fin-channel resistance of short
// channels falls with flow (fully developed laminar flow would hold it constant). Geometry:
// 10 mm long channels of 0.2 mm with 0.1 mm fins, 2 mm tall (a split-flow plate's half
// length), PG25 at 45 degC; and on the 75 mm GPU plate of the default design Nu stays above
// the fully developed Nu_H1 of its aspect ratio.
TEST_CASE("cold-plate channels: convective resistance falls with flow in short channels") {
    const auto& pg25 = th::fluid_by_name("PG25");
    const th::MicrochannelHeatSink short_{0.2e-3, 0.1e-3, 2e-3, 1.5e-3, 0.010, 0.075, 390.0};
    const auto lo = th::microchannel_heat_sink(short_, pg25, 318.15, 1.0 / 60000.0);
    const auto hi = th::microchannel_heat_sink(short_, pg25, 318.15, 3.0 / 60000.0);
    REQUIRE(hi.Re < 2300.0);
    CHECK(hi.R_convection < lo.R_convection * 0.9);
    const th::MicrochannelHeatSink gpu{0.3e-3, 0.2e-3, 3e-3, 1.5e-3, 0.075, 0.075, 390.0};
    const auto g = th::microchannel_heat_sink(gpu, pg25, 318.15, 1.0 / 60000.0);
    CHECK(g.Nu > th::shah_london_Nu_H1(0.1));
}

// OCP OAI 1 kW cold plate with PG25 ([T9], Chen et al. 2023 as encoded
// in the LBNL Modelica Buildings records): 0.0389 K/W at 0.4 L/min, 0.0197 at 2.4 L/min.
// Through two points the curve is the power law, exponent ln(0.0197/0.0389)/ln 6 = -0.380.
TEST_CASE("a published plate curve is used as given: OCP OAI 1 kW plate") {
    th::PlatePerformance p;
    p.coolant = "PG25";
    p.V_dot_m3_s = {0.4 / 60000.0, 2.4 / 60000.0};
    p.R_th_K_per_W = {0.0389, 0.0197};
    const th::PlateCurve c(p);
    CHECK_REL(c.R_th(0.4 / 60000.0), 0.0389, 1e-12);
    CHECK_REL(c.R_th(2.4 / 60000.0), 0.0197, 1e-12);
    CHECK_REL(c.exponent(1.0 / 60000.0), std::log(0.0197 / 0.0389) / std::log(6.0), 1e-9);
    CHECK_REL(c.R_th(1.0 / 60000.0),
              0.0389 * std::pow(2.5, std::log(0.0197 / 0.0389) / std::log(6.0)), 1e-9);
    // Beyond the points: the end power law continues.
    CHECK_REL(c.R_th(4.8 / 60000.0),
              0.0197 * std::pow(2.0, std::log(0.0197 / 0.0389) / std::log(6.0)), 1e-9);
}

// Serghides' explicit form against Colebrook solved to round-off, over the whole turbulent
// Moody chart: within 4e-5 relative (observed 3.1e-5 at Re 1e5, smooth).
TEST_CASE("Serghides' explicit friction factor matches Colebrook") {
    for (const double Re : {2300.0, 4e3, 1e4, 1e5, 1e6, 1e7, 1e8}) {
        for (const double e : {0.0, 1e-5, 1e-3, 1e-2, 0.05}) {
            CAPTURE(Re);
            CAPTURE(e);
            CHECK_REL(th::serghides_f(Re, e), th::colebrook_f(Re, e), 4e-5);
        }
    }
}
