#pragma once
// A cold plate's published thermal-resistance curve R_th(V_dot), as the case gives it.

#include "thermal/loop_spec.hpp"
#include "thermal/monotone_cubic.hpp"

namespace rackcalc::thermal {

/// R_th(V_dot) through the given points: a monotone cubic (MonotoneCubic, Fritsch-Carlson)
/// in ln R over ln V_dot, so a power law R ~ V^n is reproduced exactly and the curve never
/// overshoots the data; outside the points, the power law through the two end points.
class PlateCurve {
public:
    /// Throws std::invalid_argument for fewer than two points or flows not increasing.
    explicit PlateCurve(const PlatePerformance& performance);
    /// Resistance [K/W] at flow V_dot > 0 [m3/s].
    double R_th(double V_dot) const;
    /// Local exponent d ln R / d ln V_dot.
    double exponent(double V_dot) const;

private:
    MonotoneCubic lnR_;
    double lnV_lo_, lnV_hi_;
    double slope_lo_, slope_hi_; ///< end power-law exponents
};

} // namespace rackcalc::thermal
