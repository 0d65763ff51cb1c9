#include "thermal/heat_rejection.hpp"

#include <algorithm>
#include <cmath>

namespace rackcalc::thermal {

namespace {

constexpr double cp_air = 1006.0;                ///< dry air, J/(kg K) (ASHRAE Fundamentals ch. 1)
constexpr double evaporator_below_water_K = 2.0; ///< inferred: a flooded evaporator's approach
constexpr double minimum_lift_K = 5.0;           ///< below this the chiller would idle (inferred)

/// Rejecting Q at water temperature T_water: dry cooler when the outdoor air is cool enough
/// (or forced), else a chiller.
PathRejection plant(double Q, double T_water, const RejectionDesign& d, double T_out) {
    PathRejection r;
    r.Q_W = Q;
    r.T_water_K = T_water;
    r.free = d.mode == RejectionMode::dry_cooler ||
             (d.mode == RejectionMode::automatic && T_water >= T_out + d.dry_cooler_approach_K);
    r.P_rejection_fans_W = d.rejection_fan_share * Q;
    if (r.free || Q <= 0.0) {
        return r;
    }
    const double T_evap = T_water - evaporator_below_water_K;
    const double T_cond = T_out + d.condenser_approach_K;
    const double lift = std::max(T_cond - T_evap, minimum_lift_K);
    r.cop = d.chiller_efficiency * T_evap / lift;
    r.P_compressor_W = Q / r.cop;
    // The condenser fans move the compressor's heat too.
    r.P_rejection_fans_W = d.rejection_fan_share * (Q + r.P_compressor_W);
    return r;
}

double handler_fans(double Q, double dT, const RejectionDesign& d, double rho, double rho0) {
    if (Q <= 0.0) {
        return 0.0;
    }
    const double V = Q / (rho * cp_air * dT);
    const double ratio = rho0 / rho;
    return d.air_handler_sfp * V * ratio; // SFP at rho0 x V, Delta p of the same mass flow
}

} // namespace

double FacilityCooling::Q_out_W() const {
    return liquid.Q_W + liquid.P_compressor_W + liquid.P_rejection_fans_W + air.Q_W +
           air.P_compressor_W + air.P_rejection_fans_W + grey.Q_W + grey.P_compressor_W +
           grey.P_rejection_fans_W;
}

double air_density(double z_m, double T_K) {
    const double p = 101325.0 * std::pow(1.0 - 2.25577e-5 * z_m, 5.25588);
    return p / (287.055 * T_K);
}

FacilityCooling reject_by_path(const PathHeat& heat, const RejectionDesign& design, double T_fw_K,
                               double T_inlet_K, double rho_air, double T_out_K) {
    FacilityCooling f;
    f.liquid = plant(heat.Q_liquid_W, T_fw_K, design, T_out_K);
    const double T_chw = T_inlet_K - design.coil_approach_K;
    const double rho0 = air_density(0.0, T_inlet_K);
    const double P_air_fans = handler_fans(heat.Q_air_W, design.air_dT_K, design, rho_air, rho0);
    const double P_grey_fans =
        handler_fans(heat.Q_grey_W, design.grey_air_dT_K, design, rho_air, rho0);
    // The handlers' fan work ends up as heat in the air they cool.
    f.air = plant(heat.Q_air_W + P_air_fans, T_chw, design, T_out_K);
    f.air.P_air_handler_W = P_air_fans;
    f.grey = plant(heat.Q_grey_W + P_grey_fans, T_chw, design, T_out_K);
    f.grey.P_air_handler_W = P_grey_fans;
    return f;
}

} // namespace rackcalc::thermal
