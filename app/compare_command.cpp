// rackcalc compare CASE... [--json] [--price P]: several cases side by side per MW of IT
// (cases/case_comparison.hpp computes each row).

#include "app/commands.hpp"
#include "cases/case_comparison.hpp"
#include "cases/system_run.hpp"
#include "core/display_units.hpp"
#include "core/quantity.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace rackcalc::app {

int compare(const std::vector<std::filesystem::path>& files, bool json, const std::string& price,
            const core::Display& u) {
    std::optional<double> chosen;
    if (!price.empty()) {
        try {
            chosen = core::parse_quantity(price, core::kinds::price_per_energy);
        } catch (const core::QuantityError& e) {
            core::Diagnostic d;
            d.key = "--price";
            d.message = e.what();
            d.fix = e.fix();
            throw core::InputError(std::move(d));
        }
    }
    nlohmann::json rows = nlohmann::json::array();
    namespace k = core::kinds;
    // Per MW of IT: the display's flow and power units over one MW.
    fmt::print("{:<44} {:>9} {:>13} {:>12} {:>11} {:>7} {:>11} {:>11} {:>13}\n", "case",
               fmt::format("IT {}", u.unit(k::power)), "PFLOPS/MW",
               fmt::format("{}/MW", u.unit(k::volume_flow)),
               fmt::format("loss {}/MW", u.unit(k::power)), "PUE", "USD/kWh", "USD/yr/MW",
               "USD/PFLOP-h");
    for (const auto& file : files) {
        const cases::CaseComparisonRow row = cases::compare_case(file, chosen);
        rows.push_back(cases::to_json(row));
        const cases::SystemResult& r = row.result;
        if (!r.converged) {
            fmt::print("{:<44} not converged: {}\n", file.string(), u.render(r.reason));
            continue;
        }
        const double MW = row.MW;
        const std::string pflops = row.compute_pflops
                                       ? fmt::format("{:.0f} {}", *row.compute_pflops / MW,
                                                     row.compute_precision.substr(0, 4))
                                       : "-";
        const std::string per_pflop_h =
            r.cost_per_pflop_hour_USD ? fmt::format("{:.4f}", *r.cost_per_pflop_hour_USD) : "-";
        fmt::print(
            "{:<44} {:>9.1f} {:>13} {:>12.{}f} {:>11.1f} {:>7.3f} {:>11.4f} {:>11.0f} {:>13}\n",
            file.string().substr(0, 44), u.value(r.P_it_W, k::power), pflops,
            u.value(r.thermal.design.V_dot_m3_s, k::volume_flow) / MW,
            std::max(0, u.decimals(k::volume_flow) - 1),
            u.value(r.chain_result.P_loss_W, k::power) / MW, r.pue, row.price_paid_USD_per_kWh,
            r.annual_cost_USD / MW, per_pflop_h);
    }
    if (json) {
        std::cout << rows.dump(2) << '\n';
    } else {
        fmt::print("Per MW of IT (chips and tray electronics). Compute is the template's published "
                   "figure at its stated precision, so compare like with like; cost per PFLOP-hour "
                   "is at the mean utilisation and each case's price after its discount.\n");
    }
    return exit_ok;
}

} // namespace rackcalc::app
