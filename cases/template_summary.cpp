#include "cases/template_summary.hpp"

#include <nlohmann/json.hpp>

namespace rackcalc::cases {

TemplateSummary summarize(const std::string& id, const CaseSpec& spec,
                          const geometry::Assembly& assembly) {
    TemplateSummary s;
    s.id = id;
    s.name = spec.meta.name;
    s.vendor = spec.meta.vendor;
    const auto& chip = spec.layout.chips.at(spec.meta.accelerator);
    s.accelerator_name = chip.name;
    s.accelerator_tdp_W = chip.tdp.value();
    s.accelerator_tdp_source = chip.tdp_source;
    s.accelerators = assembly.counts.at("accelerators");
    s.accelerator_dies = assembly.counts.at("accelerator_dies");
    s.stated_it_power = spec.meta.it_power;
    s.it_power_scope = spec.meta.it_power_scope;
    s.computed_it_power_W = assembly.it_power_W;
    s.computed_liquid_fraction = assembly.liquid_fraction();
    s.stated_liquid_fraction = spec.meta.liquid_fraction;
    s.liquid_fraction_source = spec.meta.liquid_fraction_source;
    s.figures = spec.meta.figures;
    s.counts = assembly.counts;
    s.racks = assembly.counts.at("racks");
    return s;
}

namespace {

nlohmann::json provenance_json(const core::Provenance& p) {
    nlohmann::json j{{"source", p.source}, {"confidence", p.confidence}};
    if (!p.alternatives.empty()) {
        j["alternatives"] = p.alternatives;
    }
    if (!p.describes.empty()) {
        j["describes"] = p.describes;
    }
    if (!p.note.empty()) {
        j["note"] = p.note;
    }
    return j;
}

} // namespace

nlohmann::json to_json(const TemplateSummary& s) {
    nlohmann::json j;
    j["template"] = s.id;
    j["name"] = s.name;
    j["vendor"] = s.vendor;
    j["racks"] = s.racks;
    j["accelerator"] = {{"name", s.accelerator_name},
                        {"count", s.accelerators},
                        {"dies", s.accelerator_dies},
                        {"tdp_W", s.accelerator_tdp_W},
                        {"tdp_provenance", provenance_json(s.accelerator_tdp_source)}};
    nlohmann::json power;
    power["scope"] = s.it_power_scope;
    power["computed_W"] = s.computed_it_power_W;
    if (s.stated_it_power) {
        power["stated_W"] = s.stated_it_power->value_W;
        power["provenance"] = provenance_json(s.stated_it_power->provenance);
    }
    j["it_power"] = power;
    nlohmann::json liquid;
    liquid["computed"] = s.computed_liquid_fraction;
    if (s.stated_liquid_fraction) {
        liquid["stated"] = *s.stated_liquid_fraction;
        liquid["provenance"] = provenance_json(s.liquid_fraction_source);
    }
    j["liquid_fraction"] = liquid;
    nlohmann::json figures = nlohmann::json::array();
    for (const auto& f : s.figures) {
        figures.push_back({{"name", f.name},
                           {"value_W", f.value_W},
                           {"provenance", provenance_json(f.provenance)}});
    }
    j["figures"] = figures;
    j["counts"] = s.counts;
    return j;
}

} // namespace rackcalc::cases
