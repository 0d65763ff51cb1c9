// Curves through a cold plate's OpenFOAM points (thermal/openfoam/coldplate_fit.hpp).

#include "thermal/openfoam/coldplate_fit.hpp"

#include "thermal/microchannel.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <stdexcept>

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

FastPlatePoint fast_plate_point(const thermal::PlateDesign& design, double length_m, double width_m,
                                const thermal::Fluid& coolant, double T_in_K, double Q_W,
                                double V_dot_m3_s) {
    const thermal::MicrochannelHeatSink block{design.channel_width_m,
                                              design.fin_thickness_m,
                                              design.channel_depth_m,
                                              design.base_thickness_m,
                                              length_m,
                                              width_m,
                                              design.k_solid};
    const double T_mean =
        T_in_K + 0.5 * Q_W / (coolant.rho(T_in_K) * V_dot_m3_s * coolant.cp(T_in_K));
    const thermal::MicrochannelResult m =
        thermal::microchannel_heat_sink(block, coolant, T_mean, V_dot_m3_s);
    FastPlatePoint p{m.R_total, m.dp, 0.0};
    if (design.port_K > 0.0 && design.port_diameter_m > 0.0) {
        const double v =
            V_dot_m3_s / (std::numbers::pi / 4.0 * design.port_diameter_m * design.port_diameter_m);
        p.dp_port_Pa = design.port_K * 0.5 * coolant.rho(T_in_K) * v * v;
    }
    return p;
}

namespace {

double percent(double model, double cfd) {
    return 100.0 * (model - cfd) / cfd;
}

} // namespace

double CalibrationRow::R_before_percent() const {
    return percent(R_fast, R_cfd);
}
double CalibrationRow::R_after_percent() const {
    return percent(R_fit, R_cfd);
}
double CalibrationRow::dp_before_percent() const {
    return percent(dp_fast_Pa, dp_cfd_Pa);
}
double CalibrationRow::dp_after_percent() const {
    return percent(dp_fit_Pa, dp_cfd_Pa);
}

ColdplateCalibration calibrate_coldplate(const std::vector<double>& V,
                                         const std::vector<double>& R_cfd,
                                         const std::vector<double>& dp_cfd,
                                         const std::vector<FastPlatePoint>& fast) {
    if (R_cfd.size() != V.size() || dp_cfd.size() != V.size() || fast.size() != V.size()) {
        throw std::invalid_argument("calibrate_coldplate: one CFD point and one fast-model point "
                                    "per flow");
    }
    ColdplateCalibration cal;
    cal.fit = fit_coldplate_curves(V, R_cfd, dp_cfd);
    for (std::size_t i = 0; i < V.size(); ++i) {
        const CalibrationRow row{V[i],
                                 R_cfd[i],
                                 fast[i].R_th_K_per_W,
                                 cal.fit.R(V[i]),
                                 dp_cfd[i],
                                 fast[i].dp_channels_Pa,
                                 cal.fit.dp(V[i])};
        cal.worst_R_before_percent =
            std::max(cal.worst_R_before_percent, std::abs(row.R_before_percent()));
        cal.worst_R_after_percent =
            std::max(cal.worst_R_after_percent, std::abs(row.R_after_percent()));
        cal.worst_dp_before_percent =
            std::max(cal.worst_dp_before_percent, std::abs(row.dp_before_percent()));
        cal.worst_dp_after_percent =
            std::max(cal.worst_dp_after_percent, std::abs(row.dp_after_percent()));
        cal.rows.push_back(row);
    }
    return cal;
}

std::vector<PerformancePoint> performance_points(const ColdplateCalibration& calibration,
                                                 const std::vector<FastPlatePoint>& fast) {
    std::vector<PerformancePoint> out;
    for (std::size_t i = 0; i < calibration.rows.size(); ++i) {
        const double V = calibration.rows[i].V_dot_m3_s;
        out.push_back({V, calibration.fit.R(V), calibration.fit.dp(V) + fast.at(i).dp_port_Pa});
    }
    return out;
}

} // namespace rackcalc::openfoam
