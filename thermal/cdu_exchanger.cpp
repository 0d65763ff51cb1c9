#include "thermal/cdu_exchanger.hpp"

#include <boost/math/tools/minima.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace rackcalc::thermal {

double counterflow_effectiveness(double NTU, double Cr) {
    if (std::abs(1.0 - Cr) < 1e-9) {
        return NTU / (1.0 + NTU);
    }
    const double e = std::exp(-NTU * (1.0 - Cr));
    return (1.0 - e) / (1.0 - Cr * e);
}

double exchanger_heat_at_approach(double UA_W_per_K, double C_tcs_W_per_K, double C_fws_W_per_K,
                                  double approach_K) {
    const double C_min = std::min(C_tcs_W_per_K, C_fws_W_per_K);
    const double Cr = C_min / std::max(C_tcs_W_per_K, C_fws_W_per_K);
    const double NTU = UA_W_per_K / C_min;
    if (std::abs(1.0 - Cr) < 1e-9) {
        // eps C / (1 - eps) with eps = NTU / (1 + NTU): the closed form, free of the 0/0 at
        // large NTU.
        return UA_W_per_K * approach_K;
    }
    const double eps = counterflow_effectiveness(NTU, Cr);
    const double denominator = 1.0 - eps * C_min / C_tcs_W_per_K;
    // TCS the smaller stream and eps -> 1: the TCS leaves at the facility inlet whatever the
    // heat, so no finite heat holds a positive approach.
    return denominator > 0.0 ? eps * C_min * approach_K / denominator
                             : std::numeric_limits<double>::infinity();
}

CapacityCurveFit fit_capacity_curve(const VendorCurve& curve, double C_tcs_W_per_K,
                                    double C_fws_W_per_K) {
    if (curve.x.empty() || curve.x.size() != curve.y.size()) {
        throw std::invalid_argument("a capacity curve needs as many heats as approaches");
    }
    const auto model = [&](double UA, std::size_t k) {
        return exchanger_heat_at_approach(UA, C_tcs_W_per_K, C_fws_W_per_K, curve.x[k]);
    };
    const auto sum_of_squares = [&](double log_UA) {
        double s = 0.0;
        for (std::size_t k = 0; k < curve.x.size(); ++k) {
            const double r = model(std::exp(log_UA), k) / curve.y[k] - 1.0;
            s += std::isfinite(r) ? r * r : std::numeric_limits<double>::max() / 1e3;
        }
        return s;
    };
    // Bracket: the UA that carries the largest heat at the widest approach with balanced
    // streams, a decade either way and more (every real curve lies well inside).
    double UA_guess = 0.0;
    for (std::size_t k = 0; k < curve.x.size(); ++k) {
        UA_guess = std::max(UA_guess, curve.y[k] / curve.x[k]);
    }
    std::uintmax_t iterations = 200;
    const auto [log_UA, _] = boost::math::tools::brent_find_minima(
        sum_of_squares, std::log(UA_guess) - 7.0, std::log(UA_guess) + 7.0,
        std::numeric_limits<double>::digits / 2, iterations);
    CapacityCurveFit fit;
    fit.UA_W_per_K = std::exp(log_UA);
    for (std::size_t k = 0; k < curve.x.size(); ++k) {
        fit.Q_model_W.push_back(model(fit.UA_W_per_K, k));
    }
    fit.rms_error = std::sqrt(sum_of_squares(log_UA) / static_cast<double>(curve.x.size()));
    return fit;
}

} // namespace rackcalc::thermal
