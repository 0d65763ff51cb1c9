#pragma once
// The power study of a case: its power chain sized for the racks it places, analysed at the
// case's utilisation (`rackcalc power`), and every reference chain beside it at 30/50/75/100 %
// load with the 2N versus N+1 demonstration (`rackcalc power compare`). It joins the case
// (cases/) and the chain models (power/); the commands only print and write what it returns.

#include "cases/case.hpp"
#include "power/case_power.hpp"
#include "power/energy.hpp"

#include <array>
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rackcalc::cases {

/// A case with the design IT power of its racks, as the power chain is sized for it.
struct PowerCase {
    CaseSpec spec;
    double P_design_W = 0.0; ///< computed IT power of the placed racks (chain end)
    int racks = 1;           ///< racks that carry IT load (not a sidecar power rack)
};

PowerCase load_power_case(const std::filesystem::path& file);

/// Everything `rackcalc power` reports.
struct PowerReport {
    power::Chain chain;
    double P_op_W = 0.0; ///< IT power at the case's utilisation
    power::ChainResult at_op;
    power::AnnualEnergy annual;
    std::vector<power::StageCopper> copper;
    power::CaseSwing swing;
};

/// The case's chain at its utilisation: stages, annual energy, conductors and the load swing.
/// A chain the case's [power] table cannot build is an input error at its key.
PowerReport analyse_power(const PowerCase& c);

/// Floor area [m2] of stages first..last of a chain (indices included).
double chain_footprint_m2(const power::Chain& c, std::size_t first, std::size_t last);
/// |P_in - (P_it + losses)| / P_in: how well the chain's energy balance closes.
double balance_closure(const power::ChainResult& r);
/// The load swing and the grid policy in words, for the report and its JSON.
std::string swing_text(const power::SwingSpec& s);
std::string grid_text(const power::GridPolicy& g);

nlohmann::json power_report_to_json(const PowerCase& c, const PowerReport& r);

/// The IT loads, as fractions of the design IT power, at which chains are compared.
inline constexpr std::array<double, 4> compare_loads{0.3, 0.5, 0.75, 1.0};

/// One reference chain (the case's own with its stage overrides) in the comparison.
struct ChainRow {
    power::Chain chain;
    bool own = false; ///< the case's chain
    std::array<power::ChainResult, compare_loads.size()> at;
    double copper_kg = 0.0;
    double I2R_full_W = 0.0; ///< conductor loss at full load
    double storage_J = 0.0;  ///< storage for the case's load swing, all layers, at the feed
    double grid_max_ramp_W_s = 0.0;
    power::AnnualEnergy annual;
    std::vector<double> curve_load_pct; ///< efficiency curve, 10..100 % load in 5 % steps
    std::vector<double> curve_eta_pct;
};

/// A chain's facility converter at 30 % load, N+1 (the data's spares) versus 2N (each side
/// carries half), without the case's stage overrides.
struct RedundancyRow {
    std::string id;
    std::string converter;
    power::StageResult np1;
    power::StageResult two_n;
    double eta_np1 = 0.0;
    double eta_two_n = 0.0;
    double P_in_np1_W = 0.0;
    double P_in_two_n_W = 0.0;
    double extra_cost_USD_per_year = 0.0; ///< of 2N's extra loss at the case's price
};

/// Everything `rackcalc power compare` reports.
struct PowerComparison {
    std::vector<ChainRow> chains;
    std::vector<RedundancyRow> redundancy;
};

PowerComparison compare_power_chains(const PowerCase& c);

/// The comparison with the seed report's table 17 beside it (power/seed_table.hpp).
nlohmann::json power_comparison_to_json(const PowerCase& c, const PowerComparison& comparison);

} // namespace rackcalc::cases
