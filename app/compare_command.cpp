// rackcalc compare CASE... [--json] [--price P]: several cases side by side per MW of IT.

#include "app/commands.hpp"
#include "cases/case.hpp"
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
        cases::CaseSpec spec = cases::load_case(file, cases::TemplateLibrary::bundled());
        if (chosen) {
            spec.site.electricity_price_USD_per_J = *chosen;
        }
        cases::RunOptions o;
        o.inverse = false;
        const cases::SystemResult r = cases::run_system(spec, o);
        nlohmann::json row{{"case", file.string()},
                           {"name", spec.meta.name},
                           {"converged", r.converged},
                           {"reason", r.reason}};
        if (!r.converged) {
            fmt::print("{:<44} not converged: {}\n", file.string(), r.reason);
            rows.push_back(row);
            continue;
        }
        const double MW = r.P_it_W / 1e6;
        const double paid =
            spec.site.electricity_price_USD_per_J * 3.6e6 * (1.0 - spec.site.price_discount);
        row["it_power_W"] = r.P_it_W;
        row["coolant_flow_L_min_per_MW"] = r.thermal.design.V_dot_m3_s * 60000.0 / MW;
        row["loss_W_per_MW"] = r.chain_result.P_loss_W / MW;
        row["pue"] = r.pue;
        row["price_USD_per_kWh"] = paid;
        row["annual_cost_USD_per_MW"] = r.annual_cost_USD / MW;
        std::string pflops = "-";
        std::string per_pflop_h = "-";
        if (spec.meta.compute_pflops) {
            row["pflops_per_MW"] = *spec.meta.compute_pflops / MW;
            row["compute_precision"] = spec.meta.compute_precision;
            pflops = fmt::format("{:.0f} {}", *spec.meta.compute_pflops / MW,
                                 spec.meta.compute_precision.substr(0, 4));
        }
        if (r.cost_per_pflop_hour_USD) {
            row["cost_per_pflop_hour_USD"] = *r.cost_per_pflop_hour_USD;
            per_pflop_h = fmt::format("{:.4f}", *r.cost_per_pflop_hour_USD);
        }
        rows.push_back(row);
        fmt::print(
            "{:<44} {:>9.1f} {:>13} {:>12.{}f} {:>11.1f} {:>7.3f} {:>11.4f} {:>11.0f} {:>13}\n",
            file.string().substr(0, 44), u.value(r.P_it_W, k::power), pflops,
            u.value(r.thermal.design.V_dot_m3_s, k::volume_flow) / MW,
            std::max(0, u.decimals(k::volume_flow) - 1),
            u.value(r.chain_result.P_loss_W, k::power) / MW, r.pue, paid, r.annual_cost_USD / MW,
            per_pflop_h);
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
