#pragma once
// Monotone piecewise-cubic Hermite interpolation of tabulated data.

#include <cstddef>
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

    /// Where x falls and the Hermite basis there, for several interpolants on the same nodes
    /// (a fluid's property columns): one interval search instead of one per column.
    struct Basis {
        std::size_t i;             ///< the interval [x_i, x_i+1]
        double h00, h10, h01, h11; ///< the basis functions, h10 and h11 times the width
    };
    Basis basis(double x) const;
    /// The value at the x of `b`, which another interpolant on the same nodes gave: the same
    /// value, to the last bit, as operator()(x).
    double operator()(const Basis& b) const;
    /// True when this interpolant's nodes are other's.
    bool same_nodes(const MonotoneCubic& other) const { return x_ == other.x_; }

    const std::vector<double>& nodes() const { return x_; }
    double x_min() const { return x_.front(); }
    double x_max() const { return x_.back(); }

private:
    std::size_t interval(double x) const;

    std::vector<double> x_;
    std::vector<double> y_;
    std::vector<double> d_; ///< slope at each node
};

} // namespace rackcalc::thermal
