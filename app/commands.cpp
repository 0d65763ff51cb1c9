#include "app/commands.hpp"

#include "cases/case.hpp"
#include "cases/template_summary.hpp"
#include "core/quantity.hpp"
#include "geometry/assembly.hpp"
#include "viz/vtk_writer.hpp"

#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace rackcalc::app {

namespace {

std::string kw(double watts) {
    return fmt::format("{:.1f} kW", watts / 1e3);
}

std::string short_source(const core::Provenance& p) {
    std::string s = p.source;
    if (s.size() > 48) {
        s = s.substr(0, 45) + "...";
    }
    return p.confidence.empty() ? s : fmt::format("{} ({})", s, p.confidence);
}

} // namespace

int list_templates(bool json) {
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
        const std::string stated = r.stated_it_power ? kw(r.stated_it_power->value_W) +
                                                           (r.it_power_scope == "system" ? "*" : "")
                                                     : "-";
        const std::string liquid =
            r.stated_liquid_fraction
                ? fmt::format("{:.0f}% ({:.0f}%)", 100.0 * *r.stated_liquid_fraction,
                              100.0 * r.computed_liquid_fraction)
                : fmt::format("({:.0f}%)", 100.0 * r.computed_liquid_fraction);
        fmt::print("{:<20} {:>5} {:<28} {:>6.0f} W {:>12} {:>10} {:>14}  {}; {}\n", r.id,
                   r.accelerators, r.accelerator_name.substr(0, 28), r.accelerator_tdp_W, stated,
                   kw(r.computed_it_power_W), liquid,
                   r.stated_it_power ? short_source(r.stated_it_power->provenance) : "-",
                   short_source(r.accelerator_tdp_source));
    }
    fmt::print("IT power: published figure per rack (* = whole system of racks); computed = sum "
               "of the placed parts.\nliquid: published share of the heat on liquid (in brackets: "
               "computed from the parts). "
               "`rackcalc templates --json` has every source.\n");
    return exit_ok;
}

int check_case(const std::filesystem::path& file) {
    const cases::CaseSpec spec = cases::load_case(file, cases::TemplateLibrary::bundled());
    const geometry::Assembly assembly = geometry::build_assembly(spec.layout);
    std::string chain;
    for (const auto& t : spec.template_chain) {
        chain += " <- " + t;
    }
    fmt::print("{}: ok ({}{})\n", file.string(), spec.meta.name, chain);
    fmt::print("  {} racks, {} parts, {} accelerators ({} dies), {} cold plates\n",
               assembly.counts.at("racks"), assembly.parts.size(),
               assembly.counts.at("accelerators"), assembly.counts.at("accelerator_dies"),
               assembly.counts.at("cold_plates"));
    fmt::print("  IT power {} (sum of parts), {:.1f} % on liquid\n", kw(assembly.it_power_W),
               100.0 * assembly.liquid_fraction());
    return exit_ok;
}

int write_geometry(const std::filesystem::path& file, const std::filesystem::path& out_dir) {
    const cases::CaseSpec spec = cases::load_case(file, cases::TemplateLibrary::bundled());
    const geometry::Assembly assembly = geometry::build_assembly(spec.layout);
    viz::write_rack_vtk(assembly.parts, {}, out_dir);
    fmt::print("wrote {} ({} parts in {} racks); open it in ParaView\n",
               (out_dir / "rack.vtm").string(), assembly.parts.size(), assembly.counts.at("racks"));
    return exit_ok;
}

int print_input_reference() {
    std::cout << core::schema_markdown(
        cases::document_schema(), "RackCalc input reference",
        "Generated from the schema in the code by `rackcalc schema`; do not edit by hand "
        "(a test fails when this file is stale: regenerate it with "
        "`build/release/app/rackcalc schema > docs/input-reference.md`).\n\n"
        "A case file names a template (`template = \"gb300-nvl72\"`) and overrides any of its "
        "values; a template may inherit from another (`inherits = \"gb200-nvl72\"`). Quantities "
        "are strings with a unit (`\"45 degC\"`, `\"1.5 L/min\"`, `\"35 psi\"`, `\"600 mm\"`, "
        "`\"1 U\"`); they are converted to SI on input. Temperature differences are written in "
        "K. Units: SI prefixes G M k c m u n on m, g, s, W, J, Wh, Pa, bar, A, V, L, Hz; also "
        "min, h, d, yr, psi, in, ft, U (44.45 mm), OU (48 mm), LPM, gpm, CFM, USD, %, degC, degF.");
    return exit_ok;
}

} // namespace rackcalc::app
