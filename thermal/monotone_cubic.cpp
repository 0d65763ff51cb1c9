#include "thermal/monotone_cubic.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rackcalc::thermal {

namespace {

/// Shape-preserving end slope from the first two intervals (h0, delta0 at the end).
double end_slope(double h0, double h1, double delta0, double delta1) {
    double d = ((2.0 * h0 + h1) * delta0 - h0 * delta1) / (h0 + h1);
    if (std::signbit(d) != std::signbit(delta0) || delta0 == 0.0) {
        return 0.0;
    }
    if (std::signbit(delta0) != std::signbit(delta1) && std::abs(d) > 3.0 * std::abs(delta0)) {
        return 3.0 * delta0;
    }
    return d;
}

} // namespace

MonotoneCubic::MonotoneCubic(std::vector<double> x, std::vector<double> y)
    : x_(std::move(x)), y_(std::move(y)) {
    const std::size_t n = x_.size();
    if (n < 2 || y_.size() != n) {
        throw std::invalid_argument(
            "MonotoneCubic: need at least two points and as many values as abscissae");
    }
    for (std::size_t i = 1; i < n; ++i) {
        if (!(x_[i] > x_[i - 1])) {
            throw std::invalid_argument("MonotoneCubic: abscissae must be strictly increasing");
        }
    }
    std::vector<double> h(n - 1);
    std::vector<double> delta(n - 1);
    for (std::size_t i = 0; i + 1 < n; ++i) {
        h[i] = x_[i + 1] - x_[i];
        delta[i] = (y_[i + 1] - y_[i]) / h[i];
    }
    d_.assign(n, 0.0);
    if (n == 2) {
        d_[0] = d_[1] = delta[0];
        return;
    }
    for (std::size_t i = 1; i + 1 < n; ++i) {
        if (delta[i - 1] * delta[i] <= 0.0) {
            d_[i] = 0.0;
        } else {
            const double w1 = 2.0 * h[i] + h[i - 1];
            const double w2 = h[i] + 2.0 * h[i - 1];
            d_[i] = (w1 + w2) / (w1 / delta[i - 1] + w2 / delta[i]);
        }
    }
    d_[0] = end_slope(h[0], h[1], delta[0], delta[1]);
    d_[n - 1] = end_slope(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
}

std::size_t MonotoneCubic::interval(double x) const {
    const auto it = std::upper_bound(x_.begin(), x_.end(), x);
    const auto i = static_cast<std::size_t>(std::distance(x_.begin(), it));
    return std::clamp<std::size_t>(i, 1, x_.size() - 1) - 1;
}

double MonotoneCubic::operator()(double x) const {
    return (*this)(basis(x));
}

MonotoneCubic::Basis MonotoneCubic::basis(double x) const {
    const std::size_t i = interval(x);
    const double h = x_[i + 1] - x_[i];
    const double s = (x - x_[i]) / h;
    const double s2 = s * s;
    const double s3 = s2 * s;
    return {i, 2.0 * s3 - 3.0 * s2 + 1.0, (s3 - 2.0 * s2 + s) * h, -2.0 * s3 + 3.0 * s2,
            (s3 - s2) * h};
}

double MonotoneCubic::operator()(const Basis& b) const {
    return b.h00 * y_[b.i] + b.h10 * d_[b.i] + b.h01 * y_[b.i + 1] + b.h11 * d_[b.i + 1];
}

double MonotoneCubic::derivative(double x) const {
    const std::size_t i = interval(x);
    const double h = x_[i + 1] - x_[i];
    const double s = (x - x_[i]) / h;
    const double s2 = s * s;
    const double dh00 = (6.0 * s2 - 6.0 * s) / h;
    const double dh10 = 3.0 * s2 - 4.0 * s + 1.0;
    const double dh01 = (-6.0 * s2 + 6.0 * s) / h;
    const double dh11 = 3.0 * s2 - 2.0 * s;
    return dh00 * y_[i] + dh10 * d_[i] + dh01 * y_[i + 1] + dh11 * d_[i + 1];
}

} // namespace rackcalc::thermal
