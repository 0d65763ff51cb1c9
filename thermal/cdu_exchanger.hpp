#pragma once
// The CDU's liquid-to-liquid heat exchanger: a counterflow plate exchanger between the
// technology cooling system (TCS, hot: the racks' return) and the facility water (FWS, cold).
// Vendors rate a CDU by its capacity against the approach temperature difference (ATD: TCS
// supply minus facility supply) at stated flows (NVIDIA SimReady: a CDU's
// coolingCapacityCurve); this file turns such a curve into the exchanger's conductance UA
// and back. Plain SI: heat [W], capacity rates [W/K], temperatures [K].

#include "thermal/cooling_spec.hpp"

#include <vector>

namespace rackcalc::thermal {

/// Counterflow effectiveness from NTU = UA / C_min and C_r = C_min / C_max (Incropera,
/// Fundamentals of Heat and Mass Transfer, 6th ed., eq. 11.29a; C_r = 1: NTU / (1 + NTU)).
double counterflow_effectiveness(double NTU, double Cr);

/// The heat a counterflow exchanger of conductance UA passes when the TCS leaves it
/// `approach_K` above the facility water's inlet, at capacity rates C_tcs and C_fws. The TCS
/// enters at T_fws,in + approach + Q / C_tcs, so Q = eps C_min (approach + Q / C_tcs), which
/// is linear in the approach at fixed flows; with balanced streams the temperature difference
/// is the approach all along the exchanger and Q = UA approach.
double exchanger_heat_at_approach(double UA_W_per_K, double C_tcs_W_per_K, double C_fws_W_per_K,
                                  double approach_K);

/// The UA that best matches a capacity curve at fixed flows: least squares of the relative
/// error model / vendor - 1 over the points (Brent's method on log UA), with the model's
/// heat at each point.
struct CapacityCurveFit {
    double UA_W_per_K = 0.0;
    std::vector<double> Q_model_W;
    double rms_error = 0.0;
};
CapacityCurveFit fit_capacity_curve(const VendorCurve& approach_to_heat, double C_tcs_W_per_K,
                                    double C_fws_W_per_K);

} // namespace rackcalc::thermal
