// Curves through a cold plate's OpenFOAM points (thermal/openfoam/coldplate_fit.hpp).

#include "thermal/openfoam/coldplate_fit.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <cstddef>

namespace rackcalc::openfoam {

double ColdplateCurveFit::R(double V) const {
    return a * std::pow(V, b);
}

double ColdplateCurveFit::dp(double V) const {
    return c * V + d * V * V;
}

ColdplateCurveFit fit_coldplate_curves(const std::vector<double>& V, const std::vector<double>& R,
                                       const std::vector<double>& dp) {
    const auto n = static_cast<Eigen::Index>(V.size());
    Eigen::MatrixXd A(n, 2);
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i);
        A(i, 0) = 1.0;
        A(i, 1) = std::log(V[k]);
        y(i) = std::log(R[k]);
    }
    ColdplateCurveFit f;
    const Eigen::VectorXd power_law = A.householderQr().solve(y);
    f.a = std::exp(power_law(0));
    f.b = power_law(1);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i);
        A(i, 0) = V[k] / dp[k];
        A(i, 1) = V[k] * V[k] / dp[k];
        y(i) = 1.0;
    }
    const Eigen::VectorXd quadratic = A.householderQr().solve(y);
    f.c = quadratic(0);
    f.d = quadratic(1);
    return f;
}

} // namespace rackcalc::openfoam
