#pragma once
// The rack thermal answer an engineer asks for first: at this supply temperature, how much
// coolant flow and pressure the loop needs, how it is shared, how hot every chip gets, how
// much heat is left for the air, how big the CDU, pumps and fans must be; and the inverse
// questions (least flow, warmest supply, flow versus supply temperature).

#include "core/statement.hpp"
#include "geometry/assembly.hpp"
#include "thermal/cooling_spec.hpp"
#include "thermal/loop_spec.hpp"
#include "thermal/rack_loop.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rackcalc::thermal {

/// Something the engineer must know: an error makes the design infeasible as specified.
struct Finding {
    std::string severity;      ///< error or warning
    core::Statement component; ///< what it is about, e.g. "CDU pumps", a chip's name
    core::Statement message;   ///< with its quantities typed, rendered in the reader's units
};

/// A vendor's rack curve (CoolingSpec::rack_curve or required_flow) beside RackCalc's own
/// values at the same points.
struct VendorComparison {
    std::string source;
    std::vector<double> x;                    ///< flow per rack [m3/s] or supply [K]
    std::vector<double> vendor;               ///< pressure drop [Pa] or flow per rack [m3/s]
    std::vector<std::optional<double>> model; ///< RackCalc's; none where it has no answer
    std::vector<core::Statement> note;        ///< per point: the binding limit, or why none
    double rms_error = 0.0; ///< root mean square of model / vendor - 1 over the answered points
};

struct CduResult {
    double Q_W = 0.0;
    double V_dot_m3_s = 0.0;
    double dp_internal_Pa = 0.0;  ///< heat exchanger, filter, valves at this flow
    double dp_required_Pa = 0.0;  ///< loop + internal
    double dp_available_Pa = 0.0; ///< running pumps at full speed, at this flow
    double speed_ratio = 0.0;     ///< pump speed that meets the duty (> 1: cannot)
    double P_pump_W = 0.0;        ///< electrical
    double pump_efficiency = 0.0; ///< wire-to-water at the operating point
    core::Statement pump_curve;   ///< where the pump curve comes from, and its fit
    int pumps_running = 0;
    int pumps_installed = 0;
    int units_needed = 0; ///< CDUs of capacity_W each for this heat
    /// One CDU's heat at the design cdu_approach: the rated cdu_capacity, or from the vendor's
    /// capacity curve through the fitted exchanger.
    double capacity_W = 0.0;
    /// The vendor's capacity curve against the fitted exchanger at the curve's flows.
    std::optional<VendorComparison> capacity_curve;
    double UA_W_per_K = 0.0; ///< per CDU at the operating flows (rated UA, h ~ V^0.8 per side)
    double effectiveness = 0.0;
    double T_facility_max_K = 0.0;    ///< warmest facility supply that holds the TCS supply
    double approach_K = 0.0;          ///< TCS supply minus that facility supply
    double T_facility_design_K = 0.0; ///< supply minus the case's design cdu_approach
    double V_dot_facility_m3_s = 0.0;
    std::string facility_class; ///< ASHRAE W class of the specified facility supply
};

struct AirResult {
    double Q_W = 0.0;
    double V_dot_m3_s = 0.0;
    double T_outlet_K = 0.0;
    double speed_ratio = 0.0; ///< fan speed that meets the duty (> 1: cannot)
    double P_fan_W = 0.0;
    std::string air_class;
    double allowable_lo_K = 0.0, allowable_hi_K = 0.0;
};

struct FlowAtSupply {
    double T_supply_K = 0.0;
    std::optional<double> V_dot_m3_s; ///< least flow that meets every limit
    core::Statement binding;          ///< the limit that sets it
    double dp_loop_Pa = 0.0;          ///< loop pressure drop at that flow
    double T_return_K = 0.0;          ///< return temperature at that flow
    core::Statement reason;           ///< why there is none
};

/// The limits an operating point must meet, from the case.
struct OperatingLimits {
    double T_return_max_K = 0.0;       ///< mixed return cap
    double T_plate_outlet_max_K = 0.0; ///< any one plate's outlet cap
};

/// The smallest margin [K] of an operating point over every temperature limit (each chip's
/// junction limit, the return cap, the plate-outlet cap) and which limit it is.
struct OperatingMargin {
    double margin_K = 0.0;  ///< -inf: the coolant leaves its property table; NaN: no solve
    std::string binding;    ///< e.g. "GPU junction limit (rack0/tray03/b300-1)", "return cap"
    core::Statement reason; ///< why there is no point: the coolant's table left, a failed solve
    RackLoopResult point;   ///< the solve
};

/// One unknown of the trays fitted to a vendor's rack curve (every quick-disconnect's Cv or
/// every hose's bore, one factor on the template's), such that the mean of log(model /
/// vendor) over the curve's points is zero.
struct RackCurveCalibration {
    RackCurveUnknown unknown = RackCurveUnknown::qd_cv;
    double factor = 1.0;     ///< fitted value over the template's
    double rms_before = 0.0; ///< rms relative error of the rack curve with the template's
    double rms_after = 0.0;  ///< with the fitted value
    bool converged = false;
    std::string reason; ///< why not
};

struct ThermalAnalysis {
    RackLoopResult design; ///< at the design flow
    double it_power_W = 0.0;
    double Q_liquid_W = 0.0;
    double Q_air_W = 0.0;
    double V_dot_design_m3_s = 0.0;
    CduResult cdu;
    AirResult air;
    std::optional<double> V_dot_min_m3_s; ///< least flow meeting every limit at the supply
    core::Statement V_dot_min_binding;    ///< the limit that sets it
    std::optional<double> T_supply_max_K; ///< warmest supply meeting every limit at design flow
    std::string T_supply_max_binding;     ///< the limit that sets it
    std::vector<FlowAtSupply> flow_table; ///< least flow over the case's supply range
    std::optional<BalanceResult> balance; ///< when the case asks for balancing restrictors
    std::vector<PlateCurveComparison> plate_curves; ///< given curves beside the channel model
    std::optional<RackCurveCalibration> rack_curve_calibration; ///< when the rack curve asks
    std::optional<VendorComparison> rack_curve;    ///< the vendor's rack P-Q curve, compared
    std::optional<VendorComparison> required_flow; ///< the vendor's required flow, compared
    std::vector<Finding> findings;

    bool feasible() const;
};

struct ThermalOptions {
    bool inverse = true; ///< also answer the inverse questions (bisections, ~40 solves each)
};

/// The whole thermal answer for a placed system. Throws std::invalid_argument for a loop
/// that cannot be built (see RackLoop); every physical problem is a Finding instead.
ThermalAnalysis analyse_thermal(const geometry::Assembly& assembly,
                                const geometry::LayoutSpec& layout, const LoopSpec& loop,
                                const CoolingSpec& cooling, const ThermalOptions& options = {});

/// Smallest temperature margin of the point (V_dot, T_supply); see OperatingMargin.
OperatingMargin operating_margin(RackLoop& loop, const geometry::Assembly& assembly,
                                 const OperatingLimits& limits, double V_dot, double T_supply);

/// Least flow [m3/s] at which every limit holds, by bisection on the total flow (every
/// margin rises with flow); `binding` names the limit that sets it. nullopt with the reason
/// when no flow up to `V_max` does.
std::optional<double> minimum_flow(RackLoop& loop, const geometry::Assembly& assembly,
                                   const OperatingLimits& limits, double T_supply, double V_max,
                                   std::string& binding, core::Statement& reason);

/// Warmest supply [K] at which every limit holds at flow V_dot; `binding` as above.
std::optional<double> maximum_supply_temperature(RackLoop& loop, const geometry::Assembly& assembly,
                                                 const OperatingLimits& limits, double V_dot,
                                                 std::string& binding, core::Statement& reason);

/// ASHRAE liquid-cooling class (W17, W27, W32, W40, W45, W+) of a facility supply.
std::string facility_water_class(double T_K);

} // namespace rackcalc::thermal
