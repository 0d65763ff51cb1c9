#pragma once
// One case's row of `rackcalc compare`: the fused system in the fast mode (no inverse
// solve) and the figures that put cases of different sizes side by side per MW of IT.

#include "cases/system_run.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace rackcalc::cases {

struct CaseComparisonRow {
    std::filesystem::path file;
    std::string name;
    SystemResult result; ///< the figures below are meaningful only when result.converged
    double MW = 0.0;     ///< IT power [MW], the divisor of every per-MW figure
    double price_paid_USD_per_kWh = 0.0;  ///< after the case's discount
    std::optional<double> compute_pflops; ///< the template's published compute
    std::string compute_precision;
};

/// Loads and runs one case; `price_USD_per_J`, when given, replaces the case's electricity
/// price before its own discount, so the cases are compared at one chosen price.
CaseComparisonRow compare_case(const std::filesystem::path& file,
                               std::optional<double> price_USD_per_J);

/// The row as `rackcalc compare --json` writes it; a run that did not converge carries only
/// its case, name and reason.
nlohmann::json to_json(const CaseComparisonRow& row);

} // namespace rackcalc::cases
