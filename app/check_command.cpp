// rackcalc check CASE: reads and checks a case as `run` would, and prints what it holds.

#include "app/commands.hpp"
#include "cases/case.hpp"
#include "cases/scenarios.hpp"
#include "cases/system_run.hpp"
#include "core/display_units.hpp"
#include "geometry/assembly.hpp"

#include <fmt/format.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace rackcalc::app {

namespace {

/// The fused run and its scenarios, as `run` computes them (cases::make_run_record), for
/// `check` to answer the same. What the models find wrong in the spec while building (a rack with
/// cold plates and no manifold) is an input error at its key.
struct Computed {
    cases::SystemResult system;
    std::vector<cases::ScenarioResult> scenarios;
};

Computed compute(const cases::CaseDocument& document, const cases::CaseSpec& spec) {
    try {
        Computed c;
        c.system = cases::run_system(spec);
        c.scenarios = cases::run_scenarios(spec, c.system);
        return c;
    } catch (const std::invalid_argument& e) {
        throw cases::locate(document, e);
    }
}

} // namespace

int check_case(const std::filesystem::path& file, const core::Display& u) {
    const cases::CaseDocument document =
        cases::read_case_document(file, cases::TemplateLibrary::bundled());
    const cases::CaseSpec spec = cases::parse_case_document(document, document.merged);
    const geometry::Assembly assembly = geometry::build_assembly(spec.layout);
    // Every check `run` makes: the models are built and solved as `run` does, so the two
    // never disagree on a case (the answer itself is `run`'s to print).
    compute(document, spec);
    std::string chain;
    for (const auto& t : spec.template_chain) {
        chain += " <- " + t;
    }
    fmt::print("{}: ok ({}{})\n", file.string(), spec.meta.name, chain);
    fmt::print("  {} racks, {} parts, {} accelerators ({} dies), {} cold plates\n",
               assembly.counts.at("racks"), assembly.parts.size(),
               assembly.counts.at("accelerators"), assembly.counts.at("accelerator_dies"),
               assembly.counts.at("cold_plates"));
    fmt::print("  IT power {} (sum of parts), {:.1f} % on liquid\n",
               u.format(assembly.it_power_W, core::kinds::power),
               100.0 * assembly.liquid_fraction());
    return exit_ok;
}

} // namespace rackcalc::app
