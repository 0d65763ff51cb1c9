// rackcalc templates [--json]: the bundled templates in a table, with the source of each
// published figure.

#include "app/commands.hpp"
#include "cases/case.hpp"
#include "cases/result_json.hpp"
#include "cases/template_summary.hpp"
#include "core/display_units.hpp"
#include "geometry/assembly.hpp"

#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rackcalc::app {

namespace {

std::string short_source(const core::Provenance& p) {
    std::string s = p.source;
    if (s.size() > 48) {
        s = s.substr(0, 45) + "...";
    }
    return p.confidence.empty() ? s : fmt::format("{} ({})", s, p.confidence);
}

} // namespace

int list_templates(bool json, const core::Display& u) {
    const auto library = cases::TemplateLibrary::bundled();
    nlohmann::json all = nlohmann::json::array();
    std::vector<cases::TemplateSummary> rows;
    for (const auto& name : library.names()) {
        const cases::CaseSpec spec = cases::load_template(name, library);
        const geometry::Assembly assembly = geometry::build_assembly(spec.layout);
        rows.push_back(cases::summarize(name, spec, assembly));
        all.push_back(cases::to_json(rows.back()));
    }
    if (json) {
        std::cout << all.dump(2) << '\n';
        return exit_ok;
    }
    fmt::print("{:<20} {:>5} {:<28} {:>8} {:>12} {:>10} {:>14}  {}\n", "template", "accel",
               "accelerator", "TDP", "IT power", "computed", "liquid", "sources (IT power; TDP)");
    for (const auto& r : rows) {
        const std::string stated = r.stated_it_power
                                       ? u.format(r.stated_it_power->value_W, core::kinds::power) +
                                             (r.it_power_scope == "system" ? "*" : "")
                                       : "-";
        const std::string liquid =
            r.stated_liquid_fraction
                ? fmt::format("{:.0f}% ({:.0f}%)", 100.0 * *r.stated_liquid_fraction,
                              100.0 * r.computed_liquid_fraction)
                : fmt::format("({:.0f}%)", 100.0 * r.computed_liquid_fraction);
        fmt::print("{:<20} {:>5} {:<28} {:>6.0f} W {:>12} {:>10} {:>14}  {}; {}\n", r.id,
                   r.accelerators, r.accelerator_name.substr(0, 28), r.accelerator_tdp_W, stated,
                   u.format(r.computed_it_power_W, core::kinds::power), liquid,
                   r.stated_it_power ? short_source(r.stated_it_power->provenance) : "-",
                   short_source(r.accelerator_tdp_source));
    }
    fmt::print("IT power: published figure per rack (* = whole system of racks); computed = sum "
               "of the placed parts.\nliquid: published share of the heat on liquid (in brackets: "
               "computed from the parts). "
               "`rackcalc templates --json` has every source.\n");
    return exit_ok;
}

} // namespace rackcalc::app
