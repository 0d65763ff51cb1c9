#pragma once
// Centrifugal pumps for the hydraulic network: a quadratic pressure-rise curve per pump,
// affinity laws for speed, identical pumps in parallel (of which some may be stopped, N+1)
// and in series.
//
// Plain SI doubles: volume flow V_dot [m3/s], pressure rise dp [Pa] (rho g times the head in
// metres; convert a curve given in metres at the input boundary), power [W].

#include <optional>
#include <span>
#include <string_view>

namespace rackcalc::thermal {

/// Pressure rise of one pump at rated speed: dp(V) = dp0 - c1 V - c2 V^2 [Pa], V >= 0 the
/// flow through that pump. c1, c2 >= 0 and c1 + c2 > 0, so the curve falls strictly with flow.
///
/// Outside the published curve the same law is continued so that the network stays monotone
/// (one solution): past the zero-rise flow the pump brakes the flow (dp < 0), and for reverse
/// flow V < 0 it is dp0 - c1 V + c2 V^2, a rise that grows with the reverse flow, i.e. a
/// resistance against reverse flow. Neither is a measured four-quadrant characteristic;
/// PumpOperatingPoint flags both.
struct PumpCurve {
    double dp0;      ///< shut-off pressure rise [Pa], > 0
    double c1 = 0.0; ///< linear coefficient [Pa s/m3]
    double c2 = 0.0; ///< quadratic coefficient [Pa s2/m6]
};

/// Affinity laws (e.g. Karassik et al., Pump Handbook, 4th ed., 2008) for speed ratio
/// s = n / n_rated > 0: V scales with s and dp with s^2 at similar operating points, so
/// dp_s(V) = s^2 dp(V / s) = s^2 dp0 - s c1 V - c2 V^2. Efficiency changes with speed are not
/// modelled.
PumpCurve pump_curve_at_speed(const PumpCurve& curve, double speed_ratio);

/// Least-squares fit of dp0, c1, c2 to a published curve (at least 3 points, V >= 0, e.g. the
/// 5-point pumpFlowCurve of a CDU datasheet). The fit is constrained to c1, c2 >= 0: when the
/// unconstrained fit has a negative coefficient that term is dropped and the rest refitted.
/// Throws std::invalid_argument for fewer than 3 points, mismatched lengths, negative flows
/// or a curve that does not fall with flow.
PumpCurve fit_pump_curve(std::span<const double> V_dot, std::span<const double> dp);

/// A set of identical pumps in one branch: n_parallel installed in parallel, of which
/// n_running run and share the branch flow equally (the others stand by behind their check
/// valves), repeated n_series times in series. The set's pressure rise at branch flow V is
///   dp_rise(V) = n_series dp_s(V / n_running), dp_s the curve at speed_ratio.
/// With n_running = 0 (all stopped) the branch is closed: the check valves of the stopped
/// pumps hold against reverse flow and the branch carries no flow. (A bypass around a stopped
/// pump is modelled as its own branch.)
struct Pump {
    PumpCurve curve;                ///< one pump at rated speed
    double speed_ratio = 1.0;       ///< n / n_rated, > 0
    int n_parallel = 1;             ///< installed in parallel, >= 1
    std::optional<int> n_running{}; ///< running of n_parallel, 0..n_parallel; empty: all
    int n_series = 1;               ///< identical stages in series, >= 1
};

/// Running pumps of the set (n_running, or n_parallel when not given).
int running_pumps(const Pump& pump);

/// Checks a pump set; throws std::invalid_argument naming `what` (e.g. "branch 'cdu1'") and
/// the offending field.
void validate_pump(const Pump& pump, std::string_view what);

/// Pressure rise of the pump set at branch flow V_dot [Pa] (see Pump); 0 when no pump runs.
double pump_dp_rise(const Pump& pump, double V_dot);

/// Where a pump set operates.
struct PumpOperatingPoint {
    double V_dot = 0.0;          ///< branch flow through the set [m3/s]
    double V_dot_per_pump = 0.0; ///< flow through each running pump [m3/s]
    double dp_rise = 0.0;        ///< pressure rise across the set [Pa]
    double dp_per_pump = 0.0;    ///< rise across one running pump (one stage) [Pa]
    double P_hydraulic = 0.0;    ///< V_dot dp_rise, power given to the fluid [W]
    int n_running = 0;           ///< running pumps in parallel
    bool reverse_flow = false;   ///< V_dot < 0: outside the published curve
    bool past_zero_rise = false; ///< flow beyond the zero-rise (runout) point of the curve
};

/// Operating point of a pump set at branch flow V_dot.
PumpOperatingPoint pump_operating_point(const Pump& pump, double V_dot);

} // namespace rackcalc::thermal
