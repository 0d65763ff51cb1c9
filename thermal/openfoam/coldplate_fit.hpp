#pragma once
// Curves through a cold plate's OpenFOAM points (`rackcalc cfd coldplate`): thermal
// resistance as a power law of the flow and pressure drop as a quadratic through the origin,
// the form of a [plates.<id>.performance] table.

#include <vector>

namespace rackcalc::openfoam {

struct ColdplateCurveFit {
    double a = 0.0; ///< R_th = a V_dot^b [K/W], V_dot [m3/s]
    double b = 0.0;
    double c = 0.0; ///< dp = c V_dot + d V_dot^2 [Pa]
    double d = 0.0;
    double R(double V) const;
    double dp(double V) const;
};

/// Least squares (Eigen's Householder QR): ln R = ln a + b ln V; dp = c V + d V^2 (laminar
/// friction plus inertial entrance and turning losses) through the origin, each point
/// weighted by 1/dp so the fit minimises relative error: the low flows, where dp is small,
/// count as much as the high ones.
/// `V` [m3/s], `R` [K/W] and `dp` [Pa] are the points, one per flow; at least two, all positive.
ColdplateCurveFit fit_coldplate_curves(const std::vector<double>& V, const std::vector<double>& R,
                                       const std::vector<double>& dp);

} // namespace rackcalc::openfoam
