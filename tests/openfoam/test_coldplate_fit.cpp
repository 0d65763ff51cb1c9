// The curves of `rackcalc cfd coldplate` through its OpenFOAM points: points made from a known
// power law and quadratic give those curves back.

#include "thermal/openfoam/coldplate_fit.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <vector>

TEST_CASE("fit_coldplate_curves recovers the power law and the quadratic its points came from") {
    const double a = 2.0e-4, b = -0.35, c = 3.0e8, d = 4.0e12; // R_th [K/W], dp [Pa], V [m3/s]
    std::vector<double> V, R, dp;
    for (const double L_min : {0.5, 1.0, 2.0, 3.0}) {
        const double V_dot = L_min / 60000.0;
        V.push_back(V_dot);
        R.push_back(a * std::pow(V_dot, b));
        dp.push_back(c * V_dot + d * V_dot * V_dot);
    }
    const auto fit = rackcalc::openfoam::fit_coldplate_curves(V, R, dp);
    CHECK(fit.a == doctest::Approx(a).epsilon(1e-9));
    CHECK(fit.b == doctest::Approx(b).epsilon(1e-9));
    CHECK(fit.c == doctest::Approx(c).epsilon(1e-9));
    CHECK(fit.d == doctest::Approx(d).epsilon(1e-9));
    CHECK(fit.R(V[1]) == doctest::Approx(R[1]).epsilon(1e-12));
    CHECK(fit.dp(V[2]) == doctest::Approx(dp[2]).epsilon(1e-12));
}
