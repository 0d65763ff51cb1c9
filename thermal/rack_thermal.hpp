#pragma once
// The rack thermal answer an engineer asks for first: at this supply temperature, how much
// coolant flow and pressure the loop needs, how it is shared, how hot every chip gets, how
// much heat is left for the air, how big the CDU, pumps and fans must be; and the inverse
// questions (least flow, warmest supply, flow versus supply temperature).

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
    std::string severity;  ///< error or warning
    std::string component; ///< what it is about, e.g. "CDU pumps", a chip's name
    std::string message;
};

struct CduResult {
    double Q_W = 0.0;
    double V_dot_m3_s = 0.0;
    double dp_internal_Pa = 0.0;  ///< heat exchanger, filter, valves at this flow
    double dp_required_Pa = 0.0;  ///< loop + internal
    double dp_available_Pa = 0.0; ///< running pumps at full speed, at this flow
    double speed_ratio = 0.0;     ///< pump speed that meets the duty (> 1: cannot)
    double P_pump_W = 0.0;        ///< electrical
    int pumps_running = 0;
    int pumps_installed = 0;
    int units_needed = 0;    ///< CDUs of the rated capacity for this heat
    double UA_W_per_K = 0.0; ///< per CDU, from the rated point
    double effectiveness = 0.0;
    double T_facility_max_K = 0.0; ///< warmest facility supply that holds the TCS supply
    double approach_K = 0.0;       ///< TCS supply minus that facility supply
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
    std::optional<double> V_dot_m3_s; ///< least flow keeping every chip under its limit
    std::string reason;               ///< why there is none
};

struct ThermalAnalysis {
    RackLoopResult design; ///< at the design flow
    double it_power_W = 0.0;
    double Q_liquid_W = 0.0;
    double Q_air_W = 0.0;
    double V_dot_design_m3_s = 0.0;
    CduResult cdu;
    AirResult air;
    std::optional<double> V_dot_min_m3_s; ///< least flow for the chips at the supply temperature
    std::optional<double> T_supply_max_K; ///< warmest supply for the chips at the design flow
    std::vector<FlowAtSupply> flow_table; ///< least flow from 25 to 45 degC supply
    std::vector<Finding> findings;

    bool feasible() const;
};

struct ThermalOptions {
    bool inverse = true; ///< also answer the inverse questions (bisections, ~40 solves each)
    std::vector<double> table_supply_K{298.15, 303.15, 308.15, 313.15, 318.15};
};

/// The whole thermal answer for a placed system. Throws std::invalid_argument for a loop
/// that cannot be built (see RackLoop); every physical problem is a Finding instead.
ThermalAnalysis analyse_thermal(const geometry::Assembly& assembly,
                                const geometry::LayoutSpec& layout, const LoopSpec& loop,
                                const CoolingSpec& cooling, const ThermalOptions& options = {});

/// Least flow [m3/s] at which every chip stays under its limit, by bisection on the total
/// flow; nullopt with the reason when no flow up to `V_max` does.
std::optional<double> minimum_flow(RackLoop& loop, double T_supply, double V_max,
                                   std::string& reason);

/// Warmest supply [K] at which every chip stays under its limit at flow V_dot.
std::optional<double> maximum_supply_temperature(RackLoop& loop, double V_dot, std::string& reason);

/// ASHRAE liquid-cooling class (W17, W27, W32, W40, W45, W+) of a facility supply.
std::string facility_water_class(double T_K);

} // namespace rackcalc::thermal
