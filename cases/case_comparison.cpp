// One case's row of `rackcalc compare` (cases/case_comparison.hpp).

#include "cases/case_comparison.hpp"

#include "cases/case.hpp"
#include "cases/result_json.hpp"

namespace rackcalc::cases {

CaseComparisonRow compare_case(const std::filesystem::path& file,
                               std::optional<double> price_USD_per_J) {
    CaseSpec spec = load_case(file, TemplateLibrary::bundled());
    if (price_USD_per_J) {
        spec.site.electricity_price_USD_per_J = *price_USD_per_J;
    }
    RunOptions o;
    o.inverse = false;
    CaseComparisonRow row;
    row.file = file;
    row.name = spec.meta.name;
    row.result = run_system(spec, o);
    row.MW = row.result.P_it_W / 1e6;
    row.price_paid_USD_per_kWh =
        spec.site.electricity_price_USD_per_J * 3.6e6 * (1.0 - spec.site.price_discount);
    row.compute_pflops = spec.meta.compute_pflops;
    row.compute_precision = spec.meta.compute_precision;
    return row;
}

nlohmann::json to_json(const CaseComparisonRow& row) {
    const SystemResult& r = row.result;
    nlohmann::json j{{"case", row.file.string()},
                     {"name", row.name},
                     {"converged", r.converged},
                     {"reason", json_sentence(r.reason)}};
    if (!r.converged) {
        return j;
    }
    const double MW = row.MW;
    j["it_power_W"] = r.P_it_W;
    j["coolant_flow_L_min_per_MW"] = r.thermal.design.V_dot_m3_s * 60000.0 / MW;
    j["loss_W_per_MW"] = r.chain_result.P_loss_W / MW;
    j["pue"] = r.pue;
    j["price_USD_per_kWh"] = row.price_paid_USD_per_kWh;
    j["annual_cost_USD_per_MW"] = r.annual_cost_USD / MW;
    if (row.compute_pflops) {
        j["pflops_per_MW"] = *row.compute_pflops / MW;
        j["compute_precision"] = row.compute_precision;
    }
    if (r.cost_per_pflop_hour_USD) {
        j["cost_per_pflop_hour_USD"] = *r.cost_per_pflop_hour_USD;
    }
    return j;
}

} // namespace rackcalc::cases
