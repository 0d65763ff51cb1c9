#include "power/transformer.hpp"

#include "core/input_error.hpp"
#include "core/quantity.hpp"
#include "core/schema.hpp"
#include "core/toml_source.hpp"
#include "power/power_error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <memory>

#ifndef RACKCALC_SOURCE_DATA_DIR
#define RACKCALC_SOURCE_DATA_DIR "."
#endif

namespace rackcalc::power {

namespace {

namespace ck = rackcalc::core;

/// Copper's inferred zero-resistance temperature below 0 degC (IEEE C57.12.90), [K].
constexpr double T_copper = 234.5;
constexpr double T_zero_C = 273.15; ///< 0 degC [K]

std::shared_ptr<const ck::TableSpec> make_schema() {
    auto row = std::make_shared<ck::TableSpec>();
    row->name = "point";
    row->doc = "one row of the table: rating and minimum efficiency";
    row->keys = {
        ck::real("kVA", "rating [kVA]").above(0.0).needed(),
        ck::real("efficiency", "minimum efficiency at the test point, fraction")
            .above(0.5)
            .range(std::nullopt, 1.0)
            .needed(),
    };
    auto table = std::make_shared<ck::TableSpec>();
    table->name = "table";
    table->doc = "a published minimum-efficiency table";
    table->keys = {
        ck::text("description", "one line for reports").needed(),
        ck::choice("type", {"liquid_immersed", "dry_type"}, "insulation and cooling").needed(),
        ck::real("per_unit_load", "load of the efficiency test point, per unit of kVA")
            .above(0.0)
            .range(std::nullopt, 1.0)
            .needed(),
        ck::quantity("load_loss_temperature", ck::kinds::temperature, "degC",
                     "reference temperature of the load loss")
            .needed(),
        ck::table_array("points", row, "rows in ascending kVA").needed(),
    };
    auto root = std::make_shared<ck::TableSpec>();
    root->name = "transformers";
    root->doc = "Distribution-transformer efficiency tables";
    root->keys = {ck::table_map("table", table, "tables by id").needed()};
    return root;
}

} // namespace

double TransformerTable::efficiency_at(double S_VA) const {
    if (rows.empty() || !(S_VA >= rows.front().S_VA * (1.0 - 1e-12)) ||
        !(S_VA <= rows.back().S_VA * (1.0 + 1e-12))) {
        throw PowerInputError(id, "rating",
                              fmt::format("{:g} kVA is outside the table ({:g} to {:g} kVA)",
                                          S_VA / 1e3, rows.empty() ? 0.0 : rows.front().S_VA / 1e3,
                                          rows.empty() ? 0.0 : rows.back().S_VA / 1e3));
    }
    for (std::size_t i = 1; i < rows.size(); ++i) {
        if (S_VA <= rows[i].S_VA) {
            const auto& a = rows[i - 1];
            const auto& b = rows[i];
            const double f = (S_VA - a.S_VA) / (b.S_VA - a.S_VA);
            return a.efficiency + std::clamp(f, 0.0, 1.0) * (b.efficiency - a.efficiency);
        }
    }
    return rows.front().efficiency; // a one-row table at its rating
}

double TransformerLosses::Pk_at(double T_K) const {
    return Pk_W * (T_copper + (T_K - T_zero_C)) / (T_copper + (T_ref_K - T_zero_C));
}

double TransformerLosses::efficiency(double P_out_W, double PF, double T_K) const {
    if (!(P_out_W > 0.0)) {
        return 0.0;
    }
    const double x = P_out_W / (S_VA * PF);
    return P_out_W / (P_out_W + P0_W + Pk_at(T_K) * x * x);
}

TransformerLosses losses_from_table(const TransformerTable& table, double S_VA) {
    const double eta = table.efficiency_at(S_VA);
    const double x = table.per_unit_load;
    // Loss at the test point (unity power factor): P_out = x S; L = P_out (1 - eta) / eta.
    const double L = x * S_VA * (1.0 - eta) / eta;
    TransformerLosses t;
    t.S_VA = S_VA;
    t.P0_W = 0.5 * L;
    t.Pk_W = 0.5 * L / (x * x);
    t.T_ref_K = table.T_load_loss_K;
    return t;
}

double standard_rating(const TransformerTable& table, double S_needed_VA) {
    for (const auto& r : table.rows) {
        if (r.S_VA >= S_needed_VA * (1.0 - 1e-12)) {
            return r.S_VA;
        }
    }
    return table.rows.back().S_VA;
}

LossCurve transformer_stage_curve(const TransformerLosses& losses, double PF, double T_K) {
    const double P_rated = losses.S_VA * PF;
    return LossCurve{losses.P0_W / P_rated, 0.0, losses.Pk_at(T_K) / P_rated};
}

const TransformerTable& TransformerLibrary::at(std::string_view id) const {
    const auto it = tables.find(id);
    if (it != tables.end()) {
        return it->second;
    }
    std::vector<std::string> ids;
    for (const auto& [k, v] : tables) {
        ids.push_back(k);
    }
    const std::string guess = core::closest_match(std::string(id), ids);
    throw PowerInputError(
        std::string(id), "standard",
        fmt::format("no transformer table \"{}\" in {}{}", id, file,
                    guess.empty() ? std::string() : fmt::format("; did you mean \"{}\"?", guess)));
}

TransformerLibrary load_transformer_library(const std::filesystem::path& path) {
    static const std::shared_ptr<const ck::TableSpec> spec = make_schema();
    ck::SourceSet sources;
    const toml::table doc = ck::parse_toml_file(path, sources);
    std::vector<ck::Diagnostic> findings;
    ck::validate(doc, *spec, "", sources, findings);
    if (findings.empty()) {
        findings = ck::unsourced_numbers(doc, *spec, "", sources);
    }
    if (!findings.empty()) {
        throw ck::InputError(std::move(findings));
    }
    const ck::CheckedTable root(&doc, *spec, "", sources);
    TransformerLibrary lib;
    lib.file = path.string();
    for (const auto& [id, t] : root.tables("table")) {
        TransformerTable tt;
        tt.id = id;
        tt.description = t.string("description");
        tt.type = t.string("type");
        tt.source = t.provenance("points").source;
        tt.per_unit_load = t.real("per_unit_load");
        tt.T_load_loss_K = t.quantity("load_loss_temperature");
        for (const auto& p : t.array("points")) {
            const double S = p.real("kVA") * 1e3;
            if (!tt.rows.empty() && !(S > tt.rows.back().S_VA)) {
                throw ck::InputError(p.diagnostic("kVA",
                                                  fmt::format("kVA = {:g} does not follow {:g}",
                                                              S / 1e3, tt.rows.back().S_VA / 1e3),
                                                  "list the ratings in ascending order"));
            }
            tt.rows.push_back({S, p.real("efficiency")});
        }
        lib.tables.emplace(id, std::move(tt));
    }
    return lib;
}

const TransformerLibrary& default_transformer_library() {
    static const TransformerLibrary lib = [] {
        const char* env = std::getenv("RACKCALC_DATA_DIR");
        const std::filesystem::path base = env != nullptr && *env != '\0'
                                               ? std::filesystem::path(env)
                                               : std::filesystem::path(RACKCALC_SOURCE_DATA_DIR);
        return load_transformer_library(base / "power" / "data" / "transformers.toml");
    }();
    return lib;
}

} // namespace rackcalc::power
