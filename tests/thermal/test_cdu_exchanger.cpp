// The CDU heat exchanger from a capacity curve (thermal/cdu_exchanger.hpp): the heat at an
// approach checked against the log-mean temperature difference, the balanced closed form,
// and the fit of one UA to datasheet points.

#include "thermal/cdu_exchanger.hpp"

#include <cmath>
#include <doctest/doctest.h>

using namespace rackcalc::thermal;

namespace {

/// Counterflow log-mean temperature difference from the two end differences (Incropera,
/// eq. 11.15): the independent check of the effectiveness-NTU heat.
double lmtd(double dT1, double dT2) {
    return std::abs(dT1 - dT2) < 1e-12 ? dT1 : (dT1 - dT2) / std::log(dT1 / dT2);
}

} // namespace

TEST_CASE("CDU exchanger: the heat at an approach satisfies Q = UA LMTD, and Q = UA a balanced") {
    const double UA = 150e3; // W/K: the default CDU, 600 kW at a 4 K approach, 10 K rise
    // Balanced streams (C = 60 kW/K): the temperature difference is the approach everywhere.
    CHECK(exchanger_heat_at_approach(UA, 60e3, 60e3, 4.0) == doctest::Approx(600e3).epsilon(1e-12));
    for (const auto& [C_tcs, C_fws] : {std::pair{60e3, 40e3}, std::pair{40e3, 60e3},
                                       std::pair{60e3, 30e3}, std::pair{25e3, 100e3}}) {
        for (const double a : {1.0, 4.0, 9.0}) {
            const double Q = exchanger_heat_at_approach(UA, C_tcs, C_fws, a);
            // TCS enters at T_fws,in + a + Q / C_tcs and leaves at T_fws,in + a; the facility
            // water leaves at T_fws,in + Q / C_fws.
            const double dT_cold_end = a;
            const double dT_hot_end = a + Q / C_tcs - Q / C_fws;
            CAPTURE(C_tcs);
            CAPTURE(a);
            REQUIRE(dT_hot_end > 0.0);
            CHECK(Q == doctest::Approx(UA * lmtd(dT_hot_end, dT_cold_end)).epsilon(1e-9));
            // At fixed flows the heat is proportional to the approach.
            CHECK(
                Q / a ==
                doctest::Approx(exchanger_heat_at_approach(UA, C_tcs, C_fws, 1.0)).epsilon(1e-12));
        }
    }
}

TEST_CASE("CDU exchanger: one UA fitted to capacity points recovers the UA that made them") {
    const double C_tcs = 60e3, C_fws = 45e3;
    for (const double UA : {50e3, 150e3, 400e3}) {
        VendorCurve curve;
        for (const double a : {2.0, 3.0, 4.0, 5.0, 6.0}) {
            curve.x.push_back(a);
            curve.y.push_back(exchanger_heat_at_approach(UA, C_tcs, C_fws, a));
        }
        const CapacityCurveFit fit = fit_capacity_curve(curve, C_tcs, C_fws);
        CHECK(fit.UA_W_per_K == doctest::Approx(UA).epsilon(1e-6));
        CHECK(fit.rms_error < 1e-6);
        REQUIRE(fit.Q_model_W.size() == curve.y.size());
        CHECK(fit.Q_model_W[2] == doctest::Approx(curve.y[2]).epsilon(1e-6));
    }
    // Capacities that do not grow in proportion to the approach cannot come from one
    // exchanger at fixed flows: the fit says so in its rms error.
    VendorCurve flat{{2.0, 4.0, 6.0}, {500e3, 600e3, 700e3}, "test"};
    CHECK(fit_capacity_curve(flat, C_tcs, C_fws).rms_error > 0.1);
}
