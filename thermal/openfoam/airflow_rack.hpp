#pragma once
// The rack and aisle airflow case: the placed racks (geometry::Assembly) standing in a room
// with a cold aisle in front (y < rack front) and a hot aisle behind, built as boxes for the
// direct hex mesher and written for buoyantBoussinesqSimpleFoam.
//
// - Each tray and power shelf is a duct: a porous zone (Darcy-Forchheimer) inside the rack,
//   walled off from its neighbours by the rack's solid body (the rack envelope is not
//   meshed; its faces towards the air are the patch `racks`), with the air-side heat of the
//   fast model for that tray as a volumetric source and its fans as a fixed-flow fan zone.
// - Tray resistance: the rack's air-path pressure drop at the required airflow (CoolingSpec
//   air_system_dp_Pa, the fast model's figure) at each tray's design flow, quadratic in flow
//   (Forchheimer only): f = 2 dp / (rho U^2 L).
// - Fans as fixed flow: a linear fan curve through the design point (dp at the design flow)
//   whose slope is four times the tray's own resistance slope 2 dp / U, so an aisle pressure
//   difference of 10 % of dp moves the flow by 2 %.
// - Transient runs start from still air at the room's mixed return temperature, T_supply +
//   Q / (rho cp V_supply): measured on the GB200 rack, the heat carried out reaches 98 % of
//   the heat put in within half an air change (0.3 m cells), where a start at the supply
//   temperature spends two air changes warming the room (80 % after two).
// - Cooling units: a supply opening in the cold-aisle floor (a perforated-tile area) at the
//   supply temperature, and a return opening in the ceiling above the hot aisle, both at the
//   supply flow (a fraction of the racks' demand).
// - Containment (optional): a roof over the cold aisle at rack height and doors at its ends,
//   as walls.

#include "geometry/assembly.hpp"
#include "thermal/openfoam/airflow_case.hpp"

#include <string>
#include <vector>

namespace rackcalc::openfoam {

struct RackAirflowOptions {
    int racks = 1;                 ///< racks in the row (the case's rack repeated along x)
    bool containment = false;      ///< cold-aisle roof and end doors
    double supply_fraction = 1.2;  ///< cooling-unit supply / the racks' demand [-]
    double cell_m = 0.1;           ///< target cell size in the room [m]
    double aisle_m = 1.2;          ///< cold and hot aisle width [m]
    double room_height_m = 3.0;    ///< floor to ceiling [m]
    double side_clearance_m = 0.6; ///< room beyond the row's ends [m]
    /// Transient (buoyantBoussinesqPimpleFoam): the room's buoyant flow does not settle, so
    /// the case runs `air_changes` room air-change times (air volume / supply flow) of
    /// physical time and is judged on the last `average_air_changes` of them. false: steady
    /// SIMPLE, at most max_iterations.
    bool transient = true;
    double air_changes = 8.0;
    double average_air_changes = 4.0;
    double max_courant = 8.0; ///< the transient time step's Courant number limit
    int max_iterations = 1500;
};

/// The air side of the fast model that the CFD case reproduces.
struct RackAirSide {
    double T_supply_K = 0.0;  ///< cooling-unit supply = design rack inlet [K]
    double dT_design_K = 0.0; ///< design air temperature rise through a tray [K]
    double dp_tray_Pa = 0.0;  ///< air-path pressure drop at the design flow [Pa]
    double rho = 0.0, cp = 0.0, nu = 0.0, Pr = 0.0; ///< air at the supply temperature
    std::string air_class;                          ///< ASHRAE class the inlets are checked against
    double T_allowable_max_K = 0.0;
    double T_recommended_max_K = 0.0;
};

/// One tray (or power shelf) of the case.
struct AirflowTray {
    std::string part; ///< Part::name, e.g. "nvl72/compute-03"
    std::string zone; ///< its cellZone
    int rack = 0;
    double Q_air_W = 0.0; ///< air-side heat (the fast model's)
    double V_dot_design_m3_s = 0.0;
    double dp_design_Pa = 0.0; ///< porous-zone pressure drop at the design flow
    double f_per_m = 0.0;      ///< Forchheimer coefficient along y
    double length_m = 0.0;     ///< along the flow (y)
    double dp_span_m = 0.0;    ///< between the pressure planes inside it (y)
    double area_m2 = 0.0;      ///< frontal
    FanZone fan;               ///< its fans (slope 0 when it carries no heat)
};

struct RackAirflowCase {
    geometry::HexMesh mesh;
    AirflowCaseSpec spec;
    std::vector<AirflowTray> trays;
    double V_dot_demand_m3_s = 0.0; ///< sum of the trays' design flows
    double V_dot_supply_m3_s = 0.0;
    double Q_air_W = 0.0;      ///< sum of the heat sources
    double V_air_m3 = 0.0;     ///< air in the domain (the meshed volume)
    double air_change_s = 0.0; ///< V_air / supply flow: the room's time constant
};

/// Builds the case. Throws std::invalid_argument for options out of range or an assembly
/// without trays.
RackAirflowCase rack_airflow_case(const geometry::Assembly& assembly, const RackAirSide& air,
                                  const RackAirflowOptions& options);

/// What the CFD run says about the racks.
struct TrayAirflowResult {
    std::string part;
    int rack = 0;
    double V_dot_m3_s = 0.0;     ///< through the tray
    double T_inlet_K = 0.0;      ///< area-average at its front face (window mean)
    double T_inlet_peak_K = 0.0; ///< the largest of the window's reports (= mean when steady)
    double T_exhaust_K = 0.0;    ///< area-average at its rear face
    double dp_porous_Pa = 0.0;   ///< static drop front to rear plus the fan rise at this flow
    double dp_spec_Pa = 0.0;     ///< the specification at this flow
    double margin_K = 0.0;       ///< allowable maximum minus inlet temperature
};

struct RackAirflowResult {
    std::vector<TrayAirflowResult> trays;
    double Q_air_W = 0.0;      ///< heat released
    double Q_removed_W = 0.0;  ///< carried out through the openings
    double heat_balance = 0.0; ///< Q_removed / Q_air - 1
    /// Transient runs: heat stored in the room's air over the averaged window [W], and the
    /// balance with it, (Q_removed + Q_stored) / Q_air - 1: the energy equation's
    /// conservation, where heat_balance also says whether the room has settled.
    double Q_stored_W = 0.0;
    double heat_conservation = 0.0;
    /// Over an averaged window (AirflowRun::averaged_from): how much Q_removed / Q_air moved
    /// (later half minus earlier half), and the largest move of a fanned tray's flow relative
    /// to its design flow; 0 for a single iteration.
    double heat_balance_drift = 0.0;
    double tray_flow_drift = 0.0;
    /// The largest move of a fanned tray's inlet temperature over the window [K].
    double inlet_drift_K = 0.0;
    double T_inlet_max_K = 0.0;
    std::string hottest_inlet;       ///< part name
    double T_inlet_peak_max_K = 0.0; ///< the largest inlet peak of any fanned tray
    double RCI_hi = 0.0;             ///< Rack Cooling Index, high side [%] (Herrlin 2005)
    double RTI = 0.0;                ///< Return Temperature Index [%] (Herrlin)
    double SHI = 0.0;                ///< Supply Heat Index (Sharma, Bash and Patel 2002)
    double RHI = 0.0;                ///< Return Heat Index, 1 - SHI
    double V_dot_supply_m3_s = 0.0;
    double V_dot_racks_m3_s = 0.0;
};

/// Reduces a finished run's report to the rack results.
RackAirflowResult rack_airflow_result(const RackAirflowCase& c, const AirflowReport& report,
                                      const RackAirSide& air);

} // namespace rackcalc::openfoam
