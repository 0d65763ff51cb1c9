#pragma once
// The key figures of a template, as `rackcalc templates` lists them: the published figures
// with their sources next to what the placed geometry adds up to.

#include "cases/case.hpp"
#include "geometry/assembly.hpp"

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace rackcalc::cases {

struct TemplateSummary {
    std::string id;
    std::string name;
    std::string vendor;
    std::string accelerator_name;
    long accelerators = 0;
    long accelerator_dies = 0;
    double accelerator_tdp_W = 0.0;
    core::Provenance accelerator_tdp_source;
    std::optional<StatedFigure> stated_it_power;
    std::string it_power_scope;
    double computed_it_power_W = 0.0; ///< sum over the placed parts
    double computed_liquid_fraction = 0.0;
    std::optional<double> stated_liquid_fraction;
    core::Provenance liquid_fraction_source;
    std::vector<StatedFigure> figures;
    std::map<std::string, long> counts;
    long racks = 0;
};

TemplateSummary summarize(const std::string& id, const CaseSpec& spec,
                          const geometry::Assembly& assembly);

nlohmann::json to_json(const TemplateSummary& s);

} // namespace rackcalc::cases
