#include "power/component_library.hpp"

#include "core/input_error.hpp"
#include "core/quantity.hpp"
#include "core/toml_source.hpp"
#include "power/power_error.hpp"
#include "power/quantity_kinds.hpp"
#include "power/transformer.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <memory>
#include <vector>

#ifndef RACKCALC_SOURCE_DATA_DIR
#define RACKCALC_SOURCE_DATA_DIR "."
#endif

namespace rackcalc::power {

namespace {

namespace ck = rackcalc::core;

using kinds::area_per_power;
using kinds::current_density;

std::shared_ptr<const ck::TableSpec> make_schema() {
    auto point = std::make_shared<ck::TableSpec>();
    point->name = "point";
    point->doc = "one datasheet point: load fraction and efficiency";
    point->keys = {
        ck::real("load_fraction", "P_out / P_rated of one module, e.g. 0.5").above(0.0).needed(),
        ck::real("efficiency", "P_out / P_in as a fraction, e.g. 0.96")
            .above(0.0)
            .range(std::nullopt, 1.0)
            .needed(),
    };

    auto component = std::make_shared<ck::TableSpec>();
    component->name = "component";
    component->doc =
        "A conversion stage or conductor type. Give exactly one loss description: k0/k1/k2, "
        "no_load_loss + load_loss, peak_efficiency + full_load_efficiency, or points "
        "(conductors derive theirs from length, current density and temperature).";
    component->keys = {
        ck::choice("kind", stage_kind_words.names(), "what the stage is").needed(),
        ck::text("description", "one line for reports"),
        ck::real("k0", "no-load loss per unit of module rating"),
        ck::real("k1", "proportional loss per unit of rating per unit load"),
        ck::real("k2", "square-law loss per unit of rating per unit load squared"),
        ck::real("no_load_loss", "transformer P0 / S_rated").range(0.0, 0.5),
        ck::real("load_loss", "transformer Pk / S_rated at rated load").range(0.0, 0.5),
        ck::real("peak_efficiency", "peak efficiency, fraction")
            .above(0.0)
            .range(std::nullopt, 1.0),
        ck::real("full_load_efficiency", "efficiency at rated load, fraction")
            .above(0.0)
            .range(std::nullopt, 1.0),
        ck::table_array("points", point, "datasheet points fitted by NNLS"),
        ck::choice("redundancy", redundancy_scheme_words.names(), "redundancy scheme").def("n"),
        ck::integer("modules_needed", "N modules per group (per rack if per_rack)")
            .def("1")
            .range(1.0, std::nullopt),
        ck::integer("spare_modules", "X spares per group (n_plus_x) or spare blocks (block)")
            .def("0")
            .range(0.0, std::nullopt),
        ck::integer("blocks", "blocks per group (block redundancy)")
            .def("1")
            .range(1.0, std::nullopt),
        ck::boolean("spares_share_load", "spares on line sharing the load").def("true"),
        ck::boolean("per_rack", "counts are per rack").def("false"),
        ck::quantity("module_rating", ck::kinds::power, "kW",
                     "fixed module rating; groups are added until the design load fits")
            .above(0.0),
        ck::real("design_loading", "design output / N rating")
            .def("1")
            .above(0.0)
            .range(std::nullopt, 1.0),
        ck::choice("location", location_words.names(), "where the loss lands as heat").needed(),
        ck::choice("medium", medium_words.names(), "what carries the heat away").def("air"),
        ck::quantity("footprint", area_per_power, "m^2/MW", "floor area per installed rating")
            .def("0 m^2/MW")
            .range(0.0, std::nullopt),
        ck::quantity("length", ck::kinds::length, "m", "conductor route length, one way")
            .above(0.0),
        ck::quantity("current_density", current_density, "A/mm^2",
                     "design current density for ampacity sizing")
            .def("1.6 A/mm^2")
            .above(0.0),
        ck::quantity("temperature", ck::kinds::temperature, "degC", "conductor temperature")
            .def("70 degC"),
        ck::real("power_factor", "power factor of an AC run")
            .def("1")
            .above(0.0)
            .range(std::nullopt, 1.0),
        ck::text("standard",
                 "transformers: a table of power/data/transformers.toml; the rating is the "
                 "table's next kVA step above the design load, the losses meet the table"),
        ck::quantity("winding_temperature", ck::kinds::temperature, "degC",
                     "transformers from a table: winding temperature for the load loss "
                     "(default: the table's reference temperature)"),
        ck::real("extra_conductors", "full-size conductors carrying no current (N, PE)")
            .def("0")
            .range(0.0, std::nullopt),
    };

    auto design = std::make_shared<ck::TableSpec>();
    design->name = "design";
    design->doc = "the reference block the chains are sized for";
    design->keys = {
        ck::quantity("it_power", ck::kinds::power, "MW", "power delivered at the chain end")
            .above(0.0)
            .needed(),
        ck::integer("racks", "racks in the block").range(1.0, std::nullopt).needed(),
    };

    auto root = std::make_shared<ck::TableSpec>();
    root->name = "chains";
    root->doc = "Component data for the reference power chains";
    root->keys = {
        ck::table("design", design, "reference block").needed(),
        ck::table_map("component", component, "components by name").needed(),
    };
    return root;
}

ComponentData read_component(const std::string& name, const ck::CheckedTable& t) {
    ComponentData c;
    c.name = name;
    c.description = t.has("description") ? t.string("description") : std::string();
    c.kind = stage_kind_words.parse(t.string("kind"));
    c.redundancy.scheme = redundancy_scheme_words.parse(t.string("redundancy"));
    c.redundancy.spare = static_cast<int>(t.integer("spare_modules"));
    c.redundancy.blocks = static_cast<int>(t.integer("blocks"));
    c.redundancy.spares_share_load = t.boolean("spares_share_load");
    c.modules_needed = static_cast<int>(t.integer("modules_needed"));
    c.per_rack = t.boolean("per_rack");
    c.P_module_W = t.optional_quantity("module_rating");
    c.design_loading = t.real("design_loading");
    c.location = location_words.parse(t.string("location"));
    c.medium = medium_words.parse(t.string("medium"));
    c.footprint_per_W = t.quantity("footprint");

    const bool has_k = t.has("k0") || t.has("k1") || t.has("k2");
    const bool has_xfmr = t.has("no_load_loss") || t.has("load_loss");
    const bool has_peak = t.has("peak_efficiency") || t.has("full_load_efficiency");
    const bool has_points = t.has("points");
    const bool has_standard = t.has("standard");
    const int forms =
        int(has_k) + int(has_xfmr) + int(has_peak) + int(has_points) + int(has_standard);
    const std::string forms_text =
        "k0/k1/k2, no_load_loss + load_loss, peak_efficiency + full_load_efficiency, points, "
        "or a transformer standard";

    if (c.kind == StageKind::conductor) {
        if (forms != 0) {
            throw ck::InputError(t.diagnostic(
                "kind",
                fmt::format("conductor \"{}\" has a loss curve; conductor losses follow "
                            "from length, current density and temperature",
                            name),
                "remove the loss-curve keys"));
        }
        if (!t.has("length")) {
            throw ck::InputError(t.diagnostic("length",
                                              fmt::format("conductor \"{}\" needs a length", name),
                                              "add length = \"60 m\" (route length, one way)"));
        }
        c.length = t.quantity("length");
        c.J = t.quantity("current_density");
        c.T = t.quantity("temperature");
        c.PF = t.real("power_factor");
        c.extra_conductors = t.real("extra_conductors");
        c.curve_source = t.provenance("length").source;
        return c;
    }
    if (forms != 1) {
        throw ck::InputError(t.diagnostic(
            "kind",
            fmt::format("component \"{}\" has {} loss descriptions; exactly one is needed", name,
                        forms),
            fmt::format("give one of: {}", forms_text)));
    }
    if (has_standard) {
        if (c.kind != StageKind::transformer) {
            throw ck::InputError(t.diagnostic(
                "standard",
                fmt::format("component \"{}\" is a {}; only a transformer takes its losses "
                            "from a transformer table",
                            name, to_string(c.kind)),
                "give the stage a loss curve instead"));
        }
        c.standard = t.string("standard");
        try {
            (void)default_transformer_library().at(c.standard);
        } catch (const PowerInputError& e) {
            throw ck::InputError(t.diagnostic("standard", e.what(), "use a table id of that file"));
        }
        c.PF = t.real("power_factor");
        c.T_winding = t.optional_quantity("winding_temperature");
        c.curve_source = default_transformer_library().at(c.standard).source;
        return c;
    }
    try {
        if (has_k) {
            c.curve = LossCurve{t.has("k0") ? t.real("k0") : 0.0, t.has("k1") ? t.real("k1") : 0.0,
                                t.has("k2") ? t.real("k2") : 0.0};
            check_loss_curve(c.curve, name);
            c.curve_source = t.provenance(t.has("k0") ? "k0" : "k2").source;
        } else if (has_xfmr) {
            c.curve = LossCurve{t.real("no_load_loss"), 0.0, t.real("load_loss")};
            c.curve_source = t.provenance("load_loss").source;
        } else if (has_peak) {
            c.curve = loss_curve_from_peak_and_full_load(t.real("peak_efficiency"),
                                                         t.real("full_load_efficiency"), name);
            c.curve_source = t.provenance("peak_efficiency").source;
        } else {
            std::vector<EfficiencyPoint> points;
            for (const auto& p : t.array("points")) {
                points.push_back({p.real("load_fraction"), p.real("efficiency")});
            }
            c.curve = fit_loss_curve(points, name).curve;
            c.curve_source = t.provenance("points").source;
        }
    } catch (const PowerInputError& e) {
        const std::string key = has_k      ? "k0"
                                : has_xfmr ? "load_loss"
                                : has_peak ? "full_load_efficiency"
                                           : "points";
        throw ck::InputError(t.diagnostic(key, e.what(), "correct the efficiency data"));
    }
    return c;
}

} // namespace

const ComponentData& ComponentLibrary::at(const std::string& name) const {
    auto it = components.find(name);
    if (it == components.end()) {
        std::vector<std::string> names;
        for (const auto& [n, c] : components) {
            names.push_back(n);
        }
        const std::string guess = core::closest_match(name, names);
        throw PowerInputError(name, "component",
                              fmt::format("no component \"{}\" in {}{}", name, file,
                                          guess.empty()
                                              ? std::string()
                                              : fmt::format("; did you mean \"{}\"?", guess)));
    }
    return it->second;
}

const core::TableSpec& component_library_schema() {
    static const std::shared_ptr<const core::TableSpec> spec = make_schema();
    return *spec;
}

ComponentLibrary load_component_library(const std::filesystem::path& path) {
    ck::SourceSet sources;
    const toml::table doc = ck::parse_toml_file(path, sources);
    const ck::TableSpec& spec = component_library_schema();
    std::vector<ck::Diagnostic> findings;
    ck::validate(doc, spec, "", sources, findings);
    if (findings.empty()) {
        findings = ck::unsourced_numbers(doc, spec, "", sources);
    }
    if (!findings.empty()) {
        throw ck::InputError(std::move(findings));
    }
    const ck::CheckedTable root(&doc, spec, "", sources);
    ComponentLibrary lib;
    lib.file = path.string();
    const ck::CheckedTable design = root.table("design");
    lib.P_it_design_W = design.quantity("it_power");
    lib.racks = static_cast<int>(design.integer("racks"));
    for (const auto& [name, table] : root.tables("component")) {
        lib.components.emplace(name, read_component(name, table));
    }
    return lib;
}

std::filesystem::path default_component_library_path() {
    const char* env = std::getenv("RACKCALC_DATA_DIR");
    const std::filesystem::path base = env != nullptr && *env != '\0'
                                           ? std::filesystem::path(env)
                                           : std::filesystem::path(RACKCALC_SOURCE_DATA_DIR);
    return base / "power" / "data" / "chains.toml";
}

const ComponentLibrary& default_component_library() {
    static const ComponentLibrary lib = load_component_library(default_component_library_path());
    return lib;
}

} // namespace rackcalc::power
