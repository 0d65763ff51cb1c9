#include "thermal/pump.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>
#include <vector>

namespace rackcalc::thermal {

namespace {

bool finite_nonnegative(double x) {
    return x >= 0.0 && std::isfinite(x);
}

} // namespace

PumpCurve pump_curve_at_speed(const PumpCurve& curve, double speed_ratio) {
    if (!(speed_ratio > 0.0) || !std::isfinite(speed_ratio)) {
        throw std::invalid_argument(
            fmt::format("pump speed ratio {:.6g} must be positive and finite", speed_ratio));
    }
    return {speed_ratio * speed_ratio * curve.dp0, speed_ratio * curve.c1, curve.c2};
}

PumpCurve fit_pump_curve(std::span<const double> V_dot, std::span<const double> dp) {
    if (V_dot.size() != dp.size()) {
        throw std::invalid_argument(
            fmt::format("fit_pump_curve: {} flows but {} pressure rises", V_dot.size(), dp.size()));
    }
    const auto n = static_cast<Eigen::Index>(V_dot.size());
    if (n < 3) {
        throw std::invalid_argument(
            fmt::format("fit_pump_curve: needs at least 3 points, got {}", V_dot.size()));
    }
    for (std::size_t i = 0; i < V_dot.size(); ++i) {
        if (!finite_nonnegative(V_dot[i]) || !std::isfinite(dp[i])) {
            throw std::invalid_argument(fmt::format(
                "fit_pump_curve: point {} (V_dot = {:.6g} m3/s, dp = {:.6g} Pa) must have a "
                "finite flow >= 0 and a finite pressure rise",
                i + 1, V_dot[i], dp[i]));
        }
    }
    // Basis columns 1, -V, -V^2; try the full set, then the subsets without c1 or c2, and keep
    // the best fit with c1, c2 >= 0 and c1 + c2 > 0.
    Eigen::MatrixXd X(n, 3);
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double v = V_dot[static_cast<std::size_t>(i)];
        X(i, 0) = 1.0;
        X(i, 1) = -v;
        X(i, 2) = -v * v;
        y(i) = dp[static_cast<std::size_t>(i)];
    }
    const std::vector<std::vector<int>> subsets = {{0, 1, 2}, {0, 2}, {0, 1}};
    PumpCurve best{0.0, 0.0, 0.0};
    double best_sse = std::numeric_limits<double>::infinity();
    for (const auto& cols : subsets) {
        Eigen::MatrixXd Xs(n, static_cast<Eigen::Index>(cols.size()));
        for (std::size_t k = 0; k < cols.size(); ++k) {
            Xs.col(static_cast<Eigen::Index>(k)) = X.col(cols[k]);
        }
        const Eigen::VectorXd c = Xs.colPivHouseholderQr().solve(y);
        double coef[3] = {0.0, 0.0, 0.0};
        for (std::size_t k = 0; k < cols.size(); ++k) {
            coef[cols[k]] = c(static_cast<Eigen::Index>(k));
        }
        if (coef[1] < 0.0 || coef[2] < 0.0 || !(coef[1] + coef[2] > 0.0) || !(coef[0] > 0.0)) {
            continue;
        }
        const double sse = (Xs * c - y).squaredNorm();
        if (sse < best_sse) {
            best_sse = sse;
            best = {coef[0], coef[1], coef[2]};
        }
    }
    if (!std::isfinite(best_sse)) {
        throw std::invalid_argument("fit_pump_curve: the points do not describe a pressure rise "
                                    "that falls with flow (no fit with dp0 > 0, c1, c2 >= 0)");
    }
    return best;
}

int running_pumps(const Pump& pump) {
    return pump.n_running.value_or(pump.n_parallel);
}

void validate_pump(const Pump& pump, std::string_view what) {
    const PumpCurve& c = pump.curve;
    if (!(c.dp0 > 0.0) || !std::isfinite(c.dp0)) {
        throw std::invalid_argument(fmt::format(
            "{}: pump shut-off pressure rise dp0 = {:.6g} Pa must be positive", what, c.dp0));
    }
    if (!finite_nonnegative(c.c1) || !finite_nonnegative(c.c2) || !(c.c1 + c.c2 > 0.0)) {
        throw std::invalid_argument(fmt::format(
            "{}: pump curve coefficients c1 = {:.6g}, c2 = {:.6g} must be >= 0 and not both 0 "
            "(the pressure rise must fall with flow)",
            what, c.c1, c.c2));
    }
    if (!(pump.speed_ratio > 0.0) || !std::isfinite(pump.speed_ratio)) {
        throw std::invalid_argument(fmt::format(
            "{}: pump speed ratio {:.6g} must be positive (stop pumps with n_running = 0)", what,
            pump.speed_ratio));
    }
    if (pump.n_parallel < 1) {
        throw std::invalid_argument(
            fmt::format("{}: pump n_parallel = {} must be >= 1", what, pump.n_parallel));
    }
    if (pump.n_series < 1) {
        throw std::invalid_argument(
            fmt::format("{}: pump n_series = {} must be >= 1", what, pump.n_series));
    }
    const int running = running_pumps(pump);
    if (running < 0 || running > pump.n_parallel) {
        throw std::invalid_argument(
            fmt::format("{}: pump n_running = {} must lie in 0..n_parallel = {}", what, running,
                        pump.n_parallel));
    }
}

double pump_dp_rise(const Pump& pump, double V_dot) {
    const int running = running_pumps(pump);
    if (running == 0) {
        return 0.0;
    }
    const PumpCurve c = pump_curve_at_speed(pump.curve, pump.speed_ratio);
    const double q = V_dot / running;
    return pump.n_series * (c.dp0 - c.c1 * q - c.c2 * q * std::abs(q));
}

PumpOperatingPoint pump_operating_point(const Pump& pump, double V_dot) {
    PumpOperatingPoint op;
    op.n_running = running_pumps(pump);
    if (op.n_running == 0) {
        return op;
    }
    op.V_dot = V_dot;
    op.V_dot_per_pump = V_dot / op.n_running;
    op.dp_rise = pump_dp_rise(pump, V_dot);
    op.dp_per_pump = op.dp_rise / pump.n_series;
    op.P_hydraulic = V_dot * op.dp_rise;
    op.reverse_flow = V_dot < 0.0;
    op.past_zero_rise = V_dot > 0.0 && op.dp_rise < 0.0;
    return op;
}

} // namespace rackcalc::thermal
