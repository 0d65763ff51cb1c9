#include "power/seed_table.hpp"

#include <fmt/format.h>

namespace rackcalc::power {

const std::vector<SeedFigure>& seed_table() {
    // Seed report, table 17 "Efficiency of power chains (system)" (seed-facts.md, Power
    // delivery): UPS 92 %, HVDC 93 %, Panama 97.5 %, SST 98.5 %.
    static const std::vector<SeedFigure> table{
        {"UPS", "ac-ups", 0.92},
        {"HVDC", "hvdc-380", 0.93},
        {"Panama", "panama-240", 0.975},
        {"SST", "sst-800", 0.985},
    };
    return table;
}

std::optional<SeedFigure> seed_figure_for(std::string_view chain_id) {
    const auto starts = [&](std::string_view prefix) { return chain_id.starts_with(prefix); };
    for (const auto& f : seed_table()) {
        const std::string_view family = f.chain_id.substr(0, f.chain_id.find('-'));
        if (starts(family)) {
            return f;
        }
    }
    return std::nullopt;
}

std::vector<SeedComparison> compare_with_seed_table(const ComponentLibrary& library) {
    std::vector<SeedComparison> out;
    for (const auto& f : seed_table()) {
        ChainOptions o;
        o.end_at_trays = true;
        const Chain model = reference_chain(f.chain_id, o, library);
        const ChainResult m = evaluate_chain(model, library.P_it_design_W);
        ChainOptions ro = o;
        ro.seed_table_curves = true;
        const Chain reference = reference_chain(f.chain_id, ro, library);
        const ChainResult r = evaluate_chain(reference, library.P_it_design_W);
        SeedComparison c;
        c.seed = f;
        c.chain_id = model.id;
        c.boundary = model.system_boundary;
        c.model_system = m.system_efficiency;
        c.model_to_trays = m.efficiency;
        c.reference_system = r.system_efficiency;
        const Stage& a = model.stages[model.facility_stage];
        const Stage& b = reference.stages[reference.facility_stage];
        c.reference_scale =
            (b.curve.k0 + b.curve.k1 + b.curve.k2) / (a.curve.k0 + a.curve.k1 + a.curve.k2);
        c.converter_efficiency = m.stages[model.facility_stage].efficiency;
        const double gap = 100.0 * (c.model_system - f.efficiency);
        if (gap > 0.5) {
            c.explanation = fmt::format(
                "the model is {:.1f} points above the seed: its {} runs at {:.2f} % from its "
                "datasheet curve; the seed's figure needs {:.1f}x its losses, i.e. an older or "
                "lightly loaded converter, or more of the chain inside the boundary (feed to "
                "the trays the model gives {:.2f} %)",
                gap, a.name, 100.0 * c.converter_efficiency, c.reference_scale,
                100.0 * c.model_to_trays);
        } else if (gap < -0.5) {
            c.explanation = fmt::format(
                "the model is {:.1f} points below the seed: the seed's figure is a vendor's "
                "best-case claim for the {} (the model's datasheet curve gives {:.2f} %)",
                -gap, a.name, 100.0 * c.converter_efficiency);
        } else {
            c.explanation = fmt::format("within 0.5 points: the {} datasheet curve gives the "
                                        "seed's figure at this boundary",
                                        a.name);
        }
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace rackcalc::power
