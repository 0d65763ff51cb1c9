#pragma once
// Facility heat rejection by path, at one outdoor temperature.
//
//   liquid  rack coolant -> CDU -> facility water at T_fw -> dry cooler when
//           T_fw >= T_out + dry-cooler approach (free cooling), else a chiller
//   air     rack air -> room air handlers (fans) -> chilled water cold enough to hold the
//           rack air inlet (T_chw = T_inlet - coil approach) -> dry cooler or chiller, as above
//   grey    UPS / rectifier room losses -> their own air handlers on the same chilled water
//
// Server and tray fans are IT load (The Green Grid, PUE: IT equipment energy includes the
// fans inside the IT equipment), so they are not here; CDU pumps are facility (cases/).
// Chiller: COP = eta_carnot T_evap / (T_cond - T_evap), evaporator 2 K below the water it
// makes, condenser `condenser_approach` above the outdoor air, the lift floored at 5 K.
// Air handlers move the air that carries the heat at the rack's air temperature rise,
// V = Q / (rho cp dT), at a specific fan power SFP [W per m3/s] stated at sea-level
// density; at altitude the same mass flow needs V rho0/rho and the pressure drop of the
// same mass flow scales as rho0/rho, so P = SFP V (rho0 / rho)^2 (fan laws).
// Plain SI: power [W], temperature [K].

#include "core/words.hpp"

#include <string>

namespace rackcalc::thermal {

/// How the facility water is made: dry coolers when the outdoor air is cold enough and a
/// chiller otherwise (automatic), or one of them all year.
enum class RejectionMode { automatic, dry_cooler, chiller };
inline constexpr core::Words<RejectionMode, 3> rejection_mode_words{{{
    {RejectionMode::automatic, "auto"},
    {RejectionMode::dry_cooler, "dry-cooler"},
    {RejectionMode::chiller, "chiller"},
}}};
static_assert(rejection_mode_words.complete());

struct RejectionDesign {
    RejectionMode mode = RejectionMode::automatic;
    double dry_cooler_approach_K = 6.0; ///< water above outdoor air for a dry cooler
    double chiller_efficiency = 0.5;    ///< fraction of the Carnot COP
    double condenser_approach_K = 10.0; ///< condensing above outdoor air
    double rejection_fan_share = 0.02;  ///< dry-cooler / condenser fans per W rejected
    double coil_approach_K = 6.0;       ///< air handler: air supply above chilled water
    double air_handler_sfp = 1000.0;    ///< specific fan power [W per m3/s] at sea level
    double air_dT_K = 12.0;             ///< air temperature rise across the racks [K]
    double grey_air_dT_K = 10.0;        ///< air temperature rise across grey-space gear [K]
};

struct PathHeat {
    double Q_liquid_W = 0.0; ///< into the facility water through the CDUs
    double Q_air_W = 0.0;    ///< rack heat to room air
    double Q_grey_W = 0.0;   ///< grey- and white-space conversion losses
};

struct PathRejection {
    double Q_W = 0.0;       ///< heat handed to the plant (incl. the path's own fan heat)
    double T_water_K = 0.0; ///< water temperature the plant must make
    bool free = false;      ///< dry cooler alone
    double cop = 0.0;       ///< chiller COP; 0 when free
    double P_compressor_W = 0.0;
    double P_rejection_fans_W = 0.0; ///< dry cooler / condenser fans
    double P_air_handler_W = 0.0;    ///< room air handler fans (air and grey paths)
    double P_W() const { return P_compressor_W + P_rejection_fans_W + P_air_handler_W; }
};

struct FacilityCooling {
    PathRejection liquid, air, grey;
    double P_W() const { return liquid.P_W() + air.P_W() + grey.P_W(); }
    /// Heat leaving to the outdoor air: every path's heat plus its compressor work.
    double Q_out_W() const;
};

/// Dry air density [kg/m3] at altitude z [m] and temperature T [K]: the standard
/// atmosphere's pressure p = 101325 (1 - 2.25577e-5 z)^5.25588 Pa (ASHRAE Handbook of
/// Fundamentals, ch. 1, eq. 3) and the ideal gas, R = 287.055 J/(kg K).
double air_density(double z_m, double T_K);

/// The three paths at outdoor temperature T_out [K]: liquid at facility water T_fw [K], air
/// and grey heat on chilled water that holds the rack air inlet T_inlet [K], air at density
/// rho [kg/m3] (rho0 = air_density(0, T_inlet) is the SFP's reference).
FacilityCooling reject_by_path(const PathHeat& heat, const RejectionDesign& design, double T_fw_K,
                               double T_inlet_K, double rho_air, double T_out_K);

} // namespace rackcalc::thermal
