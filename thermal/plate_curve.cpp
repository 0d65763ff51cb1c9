#include "thermal/plate_curve.hpp"

#include <cmath>
#include <stdexcept>

namespace rackcalc::thermal {

namespace {

std::vector<double> logs(const std::vector<double>& v) {
    std::vector<double> out;
    out.reserve(v.size());
    for (const double x : v) {
        if (!(x > 0.0) || !std::isfinite(x)) {
            throw std::invalid_argument("plate performance curve: flows and resistances must be "
                                        "positive and finite");
        }
        out.push_back(std::log(x));
    }
    return out;
}

} // namespace

PlateCurve::PlateCurve(const PlatePerformance& p)
    : lnR_(logs(p.V_dot_m3_s), logs(p.R_th_K_per_W)), lnV_lo_(std::log(p.V_dot_m3_s.front())),
      lnV_hi_(std::log(p.V_dot_m3_s.back())) {
    const std::size_t n = p.V_dot_m3_s.size();
    slope_lo_ = (std::log(p.R_th_K_per_W[1]) - std::log(p.R_th_K_per_W[0])) /
                (std::log(p.V_dot_m3_s[1]) - lnV_lo_);
    slope_hi_ = (std::log(p.R_th_K_per_W[n - 1]) - std::log(p.R_th_K_per_W[n - 2])) /
                (lnV_hi_ - std::log(p.V_dot_m3_s[n - 2]));
}

double PlateCurve::R_th(double V_dot) const {
    const double x = std::log(V_dot);
    if (x < lnV_lo_) {
        return std::exp(lnR_(lnV_lo_) + slope_lo_ * (x - lnV_lo_));
    }
    if (x > lnV_hi_) {
        return std::exp(lnR_(lnV_hi_) + slope_hi_ * (x - lnV_hi_));
    }
    return std::exp(lnR_(x));
}

double PlateCurve::exponent(double V_dot) const {
    const double x = std::log(V_dot);
    if (x < lnV_lo_) {
        return slope_lo_;
    }
    if (x > lnV_hi_) {
        return slope_hi_;
    }
    return lnR_.derivative(x);
}

} // namespace rackcalc::thermal
