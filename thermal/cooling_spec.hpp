#pragma once
// The [cooling] table of a case: coolant, temperatures, flow rule, CDU and air side.

#include "core/schema.hpp"
#include "core/units.hpp"
#include "core/words.hpp"
#include "thermal/pump.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rackcalc::thermal {

/// A rack-level curve as vendors publish it (NVIDIA SimReady's liquidSidePqCurve, required
/// liquid flow against inlet temperature): points in SI, x strictly increasing, with the
/// source the case gives for them.
struct VendorCurve {
    std::vector<double> x;
    std::vector<double> y;
    std::string source;
};

/// How a tray's cold plates share its flow: as the tray's piping gives it, or balanced to
/// their heat by restrictors RackCalc sizes.
enum class Balance { none, heat };
inline constexpr core::Words<Balance, 2> balance_words{{{
    {Balance::heat, "heat"},
    {Balance::none, "none"},
}}};
static_assert(balance_words.complete());
/// CDU pump redundancy: every pump runs (N), one spare (N+1), half spare (2N).
enum class PumpRedundancy { n, n_plus_1, two_n };
inline constexpr core::Words<PumpRedundancy, 3> pump_redundancy_words{{{
    {PumpRedundancy::n, "N"},
    {PumpRedundancy::n_plus_1, "N+1"},
    {PumpRedundancy::two_n, "2N"},
}}};
static_assert(pump_redundancy_words.complete());
/// What a vendor's rack pressure-flow curve calibrates: one factor on every tray
/// quick-disconnect's Cv, on every tray hose's bore, or on every cold plate's channel count.
enum class RackCurveUnknown { qd_cv, hose_diameter, plate_channels };
inline constexpr core::Words<RackCurveUnknown, 3> rack_curve_unknown_words{{{
    {RackCurveUnknown::qd_cv, "qd_cv"},
    {RackCurveUnknown::hose_diameter, "hose_diameter"},
    {RackCurveUnknown::plate_channels, "plate_channels"},
}}};
static_assert(rack_curve_unknown_words.complete());

struct CoolingSpec {
    std::string coolant;                          ///< water, PG25, PG35
    core::AbsoluteTemperature supply_temperature; ///< TCS supply to the racks
    double flow_per_power_m3_per_J = 0.0;         ///< design flow rule [m^3/s per W]
    double rack_flow_m3_s = 0.0; ///< design flow per rack [m^3/s]; 0: use the flow rule
    core::AbsoluteTemperature max_return_temperature;       ///< TCS return limit
    core::AbsoluteTemperature max_plate_outlet_temperature; ///< any one plate's outlet limit
    Balance balance = Balance::heat;
    double flow_table_from_K = 0.0; ///< least-flow table: first supply temperature [K]
    double flow_table_to_K = 0.0;   ///< last supply temperature [K]
    double flow_table_step_K = 0.0; ///< step [K]
    core::AbsoluteTemperature air_inlet_temperature; ///< rack air inlet
    std::string air_class;                           ///< ASHRAE TC9.9 class the inlet must meet
    core::AbsoluteTemperature facility_supply_temperature; ///< FWS to the CDU
    core::TemperatureDifference cdu_approach;              ///< CDU approach FWS -> TCS
    PumpRedundancy pump_redundancy = PumpRedundancy::n_plus_1;

    // CDU: pumps, heat exchanger, facility side.
    int pumps = 0;                     ///< installed CDU pumps
    double pump_shutoff_dp_Pa = 0.0;   ///< one pump's pressure rise at zero flow
    double pump_max_flow_m3_s = 0.0;   ///< one pump's run-out flow (zero rise)
    double pump_efficiency = 0.0;      ///< wire-to-water
    double cdu_capacity_W = 0.0;       ///< rated heat load
    double cdu_rated_approach_K = 0.0; ///< approach at the rated load
    double cdu_rated_dT_K = 0.0;       ///< TCS temperature rise at the rated load
    double cdu_internal_dp_Pa = 0.0;   ///< heat exchanger + filter + valves at the rated flow
    double facility_dT_K = 0.0;        ///< facility water rise across the CDU

    // Air side.
    double air_temperature_rise_K = 0.0; ///< rack air outlet minus inlet
    double fan_shutoff_dp_Pa = 0.0;      ///< the rack's fans together, at full speed
    double fan_free_flow_m3_s = 0.0;     ///< the rack's fans together, at full speed
    double air_system_dp_Pa = 0.0;       ///< rack air-path pressure drop at the required flow
    double fan_efficiency = 0.0;         ///< wire-to-air

    /// One CDU pump at full speed from its datasheet: flow [m3/s] -> pressure rise [Pa]. When
    /// given it replaces pump_shutoff_dp_Pa and pump_max_flow_m3_s (see cdu_pump_curve).
    std::optional<VendorCurve> pump_points;
    std::vector<double> pump_efficiency_points; ///< wire-to-water at each point; may be empty

    // Vendor data to check the model against.
    /// One rack's liquid side, inlet to outlet: flow [m3/s] -> pressure drop [Pa].
    std::optional<VendorCurve> rack_curve;
    /// Fit `calibrate_unknown` (one factor for every tray) so the rack's curve matches
    /// rack_curve.
    bool calibrate_rack_curve = false;
    RackCurveUnknown calibrate_unknown = RackCurveUnknown::qd_cv;
    /// Least flow per rack [m3/s] the vendor requires at each supply temperature [K].
    std::optional<VendorCurve> required_flow;
    /// One CDU's capacity [W] against its approach [K] (TCS supply minus facility supply) at
    /// the flows it was rated at; when given, the heat exchanger's UA is fitted to it and the
    /// CDU's capacity at the design cdu_approach sizes the CDUs (thermal/cdu_exchanger.hpp).
    std::optional<VendorCurve> cdu_capacity_points;
    double cdu_curve_tcs_flow_m3_s = 0.0;      ///< TCS flow of that curve; 0: the rated flow
    double cdu_curve_facility_flow_m3_s = 0.0; ///< facility flow of that curve; 0: the rated

    /// Running pumps under the redundancy rule (N+1: one spare; 2N: half spare).
    int pumps_running() const;
};

/// An ASHRAE TC9.9 air class and its allowable rack inlet range [degC] (A1-A4 [T1],[T2];
/// H1 [T3]).
struct AirClass {
    std::string_view name;
    double allowable_lo_degC;
    double allowable_hi_degC;
};
/// Every class, in order: the one list the schema and the analysis read.
const std::vector<AirClass>& air_classes();
/// The class of that name; std::invalid_argument naming the valid ones otherwise.
const AirClass& air_class(std::string_view name);

/// One CDU pump's rise at full speed, dp0 - c1 V - c2 V^2: the least-squares fit to the
/// datasheet points when the case gives them (fit_pump_curve), else the quadratic through the
/// shut-off rise and the run-out flow, dp0 (1 - (V/V_max)^2).
PumpCurve cdu_pump_curve(const CoolingSpec& cooling);

/// Wire-to-water efficiency of one CDU pump carrying V_each [m3/s] at speed ratio s. From the
/// datasheet's efficiency points when given: interpolated at the flow V_each / s that the
/// affinity laws map to full speed (held at the end values outside the points). Else the
/// case's best efficiency at the best-efficiency flow of the curve (where V dp(V) peaks at
/// full speed, times s), with the parabola eta_best x (2 - x), x = V / V_bep, around it
/// (inferred: the usual shape of a centrifugal pump's efficiency curve). Floored at 10 % of
/// the best.
double cdu_pump_efficiency(const CoolingSpec& cooling, double V_each, double speed_ratio);

/// Schema of [cooling]; declared here, next to the physics that uses it.
std::shared_ptr<const core::TableSpec> cooling_schema();

CoolingSpec parse_cooling(const core::CheckedTable& table);

} // namespace rackcalc::thermal
