#pragma once
// Curves through a cold plate's OpenFOAM points (`rackcalc cfd coldplate`): thermal
// resistance as a power law of the flow and pressure drop as a quadratic through the origin,
// the form of a [plates.<id>.performance] table; the calibration table that sets the fast
// model beside the CFD points before and after, and the points the performance table holds.

#include "thermal/fluid.hpp"
#include "thermal/loop_spec.hpp"

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

/// The fast model of the plate that CFD meshes, at one flow.
struct FastPlatePoint {
    double R_th_K_per_W = 0.0; ///< thermal::microchannel_heat_sink, R_total
    double dp_channels_Pa = 0.0;
    double dp_port_Pa = 0.0; ///< the plate's port loss, which the CFD unit cell leaves out
};

/// The plate `design` over a `length_m` x `width_m` footprint carrying `Q_W` at `V_dot_m3_s`
/// from an inlet at `T_in_K`: thermal::microchannel_heat_sink at the coolant's mean
/// temperature (inlet plus half the rise Q / (rho cp V) at inlet properties); the port loss
/// port_K x rho v^2 / 2 with v the velocity in the port bore (0 without port_K or a bore).
FastPlatePoint fast_plate_point(const thermal::PlateDesign& design, double length_m, double width_m,
                                const thermal::Fluid& coolant, double T_in_K, double Q_W,
                                double V_dot_m3_s);

/// One flow of the calibration table: the CFD point, the fast model before calibration and
/// the fitted curve after.
struct CalibrationRow {
    double V_dot_m3_s = 0.0;
    double R_cfd = 0.0, R_fast = 0.0, R_fit = 0.0;             ///< [K/W]
    double dp_cfd_Pa = 0.0, dp_fast_Pa = 0.0, dp_fit_Pa = 0.0; ///< channels [Pa]
    /// Deviations from CFD [%], 100 (model - CFD) / CFD.
    double R_before_percent() const;
    double R_after_percent() const;
    double dp_before_percent() const;
    double dp_after_percent() const;
};

struct ColdplateCalibration {
    ColdplateCurveFit fit;
    std::vector<CalibrationRow> rows; ///< one per flow, in the order given
    /// The largest |deviation| over the flows [%].
    double worst_R_before_percent = 0.0;
    double worst_R_after_percent = 0.0;
    double worst_dp_before_percent = 0.0;
    double worst_dp_after_percent = 0.0;
};

/// Fits the CFD points (`V`, `R_cfd`, `dp_cfd`: fit_coldplate_curves) and sets the fast model
/// (`fast`, one per flow) and the fit beside them at every flow.
ColdplateCalibration calibrate_coldplate(const std::vector<double>& V,
                                         const std::vector<double>& R_cfd,
                                         const std::vector<double>& dp_cfd,
                                         const std::vector<FastPlatePoint>& fast);

/// One point of a [plates.<id>.performance] table.
struct PerformancePoint {
    double V_dot_m3_s = 0.0;
    double R_th_K_per_W = 0.0;
    double dp_Pa = 0.0;
};

/// The performance table's points: the fitted curves at the CFD flows, with the plate's port
/// loss (the fast model's, `fast`) added to the channels' fitted pressure drop.
std::vector<PerformancePoint> performance_points(const ColdplateCalibration& calibration,
                                                 const std::vector<FastPlatePoint>& fast);

} // namespace rackcalc::openfoam
