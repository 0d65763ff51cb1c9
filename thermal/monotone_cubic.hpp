#pragma once
// Monotone piecewise-cubic Hermite interpolation of tabulated data.

#include <vector>

namespace rackcalc::thermal {

/// Monotone piecewise-cubic Hermite interpolant (PCHIP): Fritsch & Carlson, SIAM J. Numer.
/// Anal. 17(2):238-246 (1980), with the Fritsch-Butland weighted harmonic-mean node slopes and
/// the shape-preserving three-point end slopes (the scheme of SciPy's PchipInterpolator).
/// It is C1, never overshoots the data, and keeps monotone data monotone, so a property
/// table cannot grow a spurious wiggle between its rows.
class MonotoneCubic {
public:
    /// x strictly increasing, same length as y, at least two points; otherwise
    /// std::invalid_argument.
    MonotoneCubic(std::vector<double> x, std::vector<double> y);

    /// Value at x. Outside [x_min, x_max] the end cubic is continued; range checks are the
    /// caller's job (a property table throws before it gets here).
    double operator()(double x) const;
    /// d(value)/dx at x.
    double derivative(double x) const;

    double x_min() const { return x_.front(); }
    double x_max() const { return x_.back(); }

private:
    std::size_t interval(double x) const;

    std::vector<double> x_;
    std::vector<double> y_;
    std::vector<double> d_; ///< slope at each node
};

} // namespace rackcalc::thermal
