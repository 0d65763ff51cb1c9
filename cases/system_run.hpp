#pragma once
// The fused system: the rack, its cooling, its power chain and the facility around it,
// each feeding the others, iterated to a fixed point.
//
//   chip power (TDP, rising with junction temperature when the chip has a leakage model)
//     -> power chain: stage losses by location and medium
//     -> in-rack losses become rack heat (on liquid or air as the stage says)
//
// The rack boundary (docs/power.md): a template's published rack power is the rack's input
// at its power shelves (or in-rack converters). A chip's TDP is its module input power,
// its own point-of-load regulators included, and a tray's power (chips + other_power) is
// taken at the tray's busbar connection, its 54 -> 12 V converters included. So the case
// chain ends at the trays (ChainOptions::end_at_trays) and the only conversion losses the
// run adds to the rack are those between the rack input and the trays: the shelves, the
// rack busbar, an 800 -> 54 V converter. Rack input = trays + those losses, which is what
// the templates' published figures describe; the liquid heat is the trays' own, so `run`
// and `thermal` see the same coolant flow and chip temperatures.
//     -> thermal model: loop, chips, CDU, air side -> pump and fan power
//     -> heat rejection by path (thermal/heat_rejection.hpp): liquid through the CDU to
//        facility water, rack air through room air handlers on chilled water that holds the
//        inlet, grey-space losses on their own handlers; dry cooler or chiller for each
//     -> cooling power through the mechanical feed -> facility power, PUE
//   and again, until the facility power changes by less than the tolerance.
// A result that did not converge says so and is never reported as an answer.

#include "cases/case.hpp"
#include "core/statement.hpp"
#include "geometry/assembly.hpp"
#include "power/energy.hpp"
#include "power/stage.hpp"
#include "thermal/heat_rejection.hpp"
#include "thermal/rack_thermal.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rackcalc::cases {

/// The year of the facility: annual energies and PUE (The Green Grid: annual facility energy
/// over annual IT equipment energy), partial PUEs, ASHRAE 90.4 ELC and free cooling.
struct AnnualFacility {
    std::string climate_source;         ///< where the climate bins come from
    bool design_day = false;            ///< no climate given: the year at the design dry bulb
    double E_ite_J = 0.0;               ///< into the IT equipment (rack inputs)
    double E_facility_J = 0.0;          ///< from the grid: IT chain + cooling plant feed
    double E_cooling_J = 0.0;           ///< cooling plant through its feed
    double pue = 0.0;                   ///< E_facility / E_ite
    double ppue_power = 0.0;            ///< (E_ite + electrical losses) / E_ite
    double ppue_cooling = 0.0;          ///< (E_ite + cooling) / E_ite
    double elc = 0.0;                   ///< ASHRAE 90.4 electrical loss component
    double free_cooling_liquid_h = 0.0; ///< hours the liquid path runs on dry coolers alone
    double free_cooling_air_h = 0.0;    ///< hours the chilled water runs on dry coolers alone
    double hours = 0.0;
};

struct SystemResult {
    bool converged = false;
    int iterations = 0;
    double residual = 0.0;  ///< last relative change of the facility power
    core::Statement reason; ///< why it did not converge

    geometry::Assembly assembly; ///< parts with their fused powers (leakage, in-rack losses)
    thermal::ThermalAnalysis thermal;
    power::Chain chain;
    power::ChainResult chain_result;
    power::Chain mechanical; ///< the feed of the cooling plant
    power::ChainResult mechanical_result;

    double P_chips_tdp_W = 0.0;  ///< chips at their TDP
    double P_it_W = 0.0;         ///< chips (with leakage) and tray electronics
    double P_ite_W = 0.0;        ///< into the IT equipment (the racks' first stage): PUE base
    int racks = 0;               ///< racks that draw IT power
    double P_rack_input_W = 0.0; ///< P_ite / racks: one rack's input, the published figure
    double loss_in_rack_W = 0.0; ///< conversion losses inside the racks (rack heat)
    double loss_room_W = 0.0;    ///< grey- and white-space losses (room heat)
    double loss_yard_W = 0.0;    ///< utility-yard losses (to ambient directly)
    double P_pumps_W = 0.0;
    /// Server and tray fans: IT load (The Green Grid), inside the tray power, not cooling.
    double P_fans_W = 0.0;
    double T_facility_water_K = 0.0;    ///< water the plant makes for the CDUs
    double rho_air = 0.0;               ///< room air density at the site altitude [kg/m3]
    thermal::FacilityCooling rejection; ///< by path, at the design dry bulb
    double P_cooling_W = 0.0;           ///< CDU pumps + heat rejection by path
    double P_grid_W = 0.0;              ///< IT chain input + mechanical feed input
    double pue = 0.0;                   ///< P_grid / P_ite at the design point (a partial figure)
    AnnualFacility year;                ///< annual PUE, ELC, free-cooling hours
    double heat_rejected_W = 0.0;       ///< heat leaving the site, summed from the heat side
    double energy_closure = 0.0;        ///< |grid - (IT + losses + cooling)| / grid
    double heat_closure = 0.0;          ///< |rejected - grid| / grid

    power::AnnualEnergy annual;    ///< IT chain over the utilisation profile
    double annual_cooling_J = 0.0; ///< cooling plant through its feed, same hours
    double annual_energy_J = 0.0;  ///< grid, IT chain + cooling
    double annual_cost_USD = 0.0;
    std::optional<double> cost_per_pflop_hour_USD;
    std::vector<thermal::Finding> findings;

    /// The case's load swing through the chain ([power.swing]), thinned for plotting.
    struct Swing {
        std::vector<double> t_s, it_W, feed_W, grid_W;
        std::vector<power::LayerResult> layers;
        double grid_max_ramp_W_per_s = 0.0;
        double grid_band_share = 0.0; ///< of the fluctuation, 0.1-20 Hz
    };
    std::optional<Swing> swing;
};

struct RunOptions {
    int max_iterations = 30;
    double tolerance = 1e-10; ///< relative change of the facility power
    bool inverse = true;      ///< the thermal model's inverse questions on the final state
};

/// Runs the fused system for a case. Throws core::InputError for input the models reject.
SystemResult run_system(const CaseSpec& spec, const RunOptions& options = {});

} // namespace rackcalc::cases
