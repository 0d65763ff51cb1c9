#include "power/loss_curve.hpp"

#include "power/nnls.hpp"
#include "power/power_error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <utility>

namespace rackcalc::power {

double LossCurve::peak_load_fraction() const {
    if (k2 <= 0.0) {
        return std::numeric_limits<double>::infinity();
    }
    return std::sqrt(std::max(k0, 0.0) / k2);
}

double LossCurve::peak_efficiency() const {
    if (k2 <= 0.0) {
        return 1.0 / (1.0 + k1); // x -> infinity
    }
    // loss/x = k0/x + k1 + k2 x has its minimum 2 sqrt(k0 k2) + k1 at x = sqrt(k0/k2).
    return 1.0 / (1.0 + k1 + 2.0 * std::sqrt(std::max(k0, 0.0) * k2));
}

void check_loss_curve(const LossCurve& c, std::string_view stage, double x_max) {
    if (!std::isfinite(c.k0) || !std::isfinite(c.k1) || !std::isfinite(c.k2)) {
        throw PowerInputError(
            std::string(stage), "loss_curve",
            fmt::format("coefficients k0 = {}, k1 = {}, k2 = {} are not finite", c.k0, c.k1, c.k2));
    }
    // The quadratic's minimum on [0, x_max] is at an end or at its vertex -k1 / (2 k2).
    double x_min = 0.0;
    double l_min = c.loss_pu(0.0);
    auto consider = [&](double x) {
        if (x >= 0.0 && x <= x_max && c.loss_pu(x) < l_min) {
            x_min = x;
            l_min = c.loss_pu(x);
        }
    };
    consider(x_max);
    if (c.k2 > 0.0) {
        consider(-c.k1 / (2.0 * c.k2));
    }
    if (l_min < 0.0) {
        throw PowerInputError(
            std::string(stage), "loss_curve",
            fmt::format("loss curve k0 = {:.6g}, k1 = {:.6g}, k2 = {:.6g} gives negative loss "
                        "{:.4g} per unit at load fraction {:.3g}; a converter cannot gain "
                        "power. Use the non-negative fit or check the efficiency data",
                        c.k0, c.k1, c.k2, l_min, x_min));
    }
}

LossFit fit_loss_curve(std::span<const EfficiencyPoint> points, std::string_view stage,
                       const FitOptions& options) {
    const std::string name(stage);
    const bool with_k1 = options.terms == FitTerms::all;
    const std::size_t needed = with_k1 ? 3 : 2;
    if (points.size() < needed) {
        throw PowerInputError(
            name, "points",
            fmt::format("{} efficiency point(s) given; fitting {} needs at least {} (load "
                        "fraction, efficiency) pairs, e.g. 10/20/50/100 % load",
                        points.size(), with_k1 ? "k0, k1, k2" : "k0, k2", needed));
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& p = points[i];
        if (!(p.load_fraction > 0.0) || !std::isfinite(p.load_fraction)) {
            throw PowerInputError(
                name, fmt::format("points[{}].load_fraction", i),
                fmt::format("load fraction {} must be > 0 (P_out / P_rated, e.g. 0.5 for 50 %)",
                            p.load_fraction));
        }
        if (!(p.efficiency > 0.0 && p.efficiency < 1.0)) {
            throw PowerInputError(
                name, fmt::format("points[{}].efficiency", i),
                fmt::format("efficiency {} at load fraction {} is outside (0, 1); write "
                            "fractions, e.g. 0.96 for 96 %",
                            p.efficiency, p.load_fraction));
        }
    }

    const auto m = static_cast<Eigen::Index>(points.size());
    const Eigen::Index n = with_k1 ? 3 : 2;
    Eigen::MatrixXd A(m, n);
    Eigen::VectorXd b(m);
    for (Eigen::Index i = 0; i < m; ++i) {
        const auto& p = points[static_cast<std::size_t>(i)];
        const double x = p.load_fraction;
        A(i, 0) = 1.0;
        if (with_k1) {
            A(i, 1) = x;
        }
        A(i, n - 1) = x * x;
        b(i) = x * (1.0 / p.efficiency - 1.0);
    }
    Eigen::VectorXd k;
    if (options.nonnegative) {
        const NnlsResult r = nnls(A, b);
        if (!r.converged) {
            throw PowerInputError(name, "points",
                                  "non-negative least squares did not converge on these points");
        }
        k = r.x;
    } else {
        k = A.completeOrthogonalDecomposition().solve(b);
    }

    LossFit fit;
    fit.curve.k0 = k(0);
    fit.curve.k1 = with_k1 ? k(1) : 0.0;
    fit.curve.k2 = k(n - 1);
    check_loss_curve(fit.curve, stage, options.x_max);

    double sum2 = 0.0;
    for (const auto& p : points) {
        const double e = fit.curve.efficiency(p.load_fraction) - p.efficiency;
        sum2 += e * e;
        fit.max_error = std::max(fit.max_error, std::abs(e));
    }
    fit.rms_error = std::sqrt(sum2 / static_cast<double>(points.size()));
    return fit;
}

LossCurve transformer_loss_curve(double S_rated_VA, double P0_W, double Pk_W,
                                 std::string_view stage) {
    const std::string name(stage);
    if (!(S_rated_VA > 0.0)) {
        throw PowerInputError(name, "rated_power",
                              fmt::format("rated apparent power {} VA must be > 0", S_rated_VA));
    }
    if (!(P0_W >= 0.0)) {
        throw PowerInputError(name, "no_load_loss",
                              fmt::format("no-load loss {} W must be >= 0", P0_W));
    }
    if (!(Pk_W >= 0.0)) {
        throw PowerInputError(name, "load_loss", fmt::format("load loss {} W must be >= 0", Pk_W));
    }
    return LossCurve{P0_W / S_rated_VA, 0.0, Pk_W / S_rated_VA};
}

double transformer_efficiency(double x, double S_rated_VA, double P0_W, double Pk_W) {
    const double P = x * S_rated_VA;
    return P / (P + P0_W + x * x * Pk_W);
}

LossCurve loss_curve_from_peak_and_full_load(double eta_peak, double eta_full,
                                             std::string_view stage) {
    const std::string name(stage);
    for (auto [key, eta] :
         {std::pair{"peak_efficiency", eta_peak}, std::pair{"full_load_efficiency", eta_full}}) {
        if (!(eta > 0.0 && eta < 1.0)) {
            throw PowerInputError(name, key, fmt::format("efficiency {} is outside (0, 1)", eta));
        }
    }
    if (eta_full > eta_peak) {
        throw PowerInputError(name, "full_load_efficiency",
                              fmt::format("full-load efficiency {} is above the peak efficiency {}",
                                          eta_full, eta_peak));
    }
    const double s = 1.0 / eta_full - 1.0;         // k0 + k2
    const double h = 0.5 * (1.0 / eta_peak - 1.0); // sqrt(k0 k2)
    const double d = std::sqrt(std::max(s * s - 4.0 * h * h, 0.0));
    // The larger root is k2, so the peak sqrt(k0/k2) lies at or below full load.
    return LossCurve{0.5 * (s - d), 0.0, 0.5 * (s + d)};
}

} // namespace rackcalc::power
