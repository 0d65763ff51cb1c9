#include "thermal/climate.hpp"

#include "core/input_error.hpp"
#include "core/quantity.hpp"
#include "core/schema.hpp"
#include "core/toml_source.hpp"

#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <numbers>

namespace rackcalc::thermal {

namespace {

namespace ck = rackcalc::core;

constexpr int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
constexpr double hour_of_min = 3.0; ///< cosine day: coolest at 03:00 (inferred)

std::shared_ptr<const ck::TableSpec> make_schema() {
    auto month = std::make_shared<ck::TableSpec>();
    month->name = "month";
    month->doc = "one month's normals";
    month->keys = {
        ck::integer("month", "1 (January) to 12").range(1.0, 12.0).needed(),
        ck::quantity("T_min", ck::kinds::temperature, "degC", "mean daily minimum").needed(),
        ck::quantity("T_max", ck::kinds::temperature, "degC", "mean daily maximum").needed(),
    };
    auto site = std::make_shared<ck::TableSpec>();
    site->name = "site";
    site->doc = "a named site";
    site->keys = {
        ck::text("name", "display name").needed(),
        ck::table_array("months", month, "twelve months, January first").needed(),
    };
    auto root = std::make_shared<ck::TableSpec>();
    root->name = "climate";
    root->doc = "Named sites and their monthly temperature normals";
    root->keys = {ck::table_map("site", site, "sites by id").needed()};
    return root;
}

} // namespace

std::vector<ClimateBin> climate_bins(const SiteClimate& site) {
    std::map<long, double> hours; // bin index (round(T - 273.15)) -> hours
    for (std::size_t m = 0; m < site.months.size() && m < 12; ++m) {
        const MonthNormal& n = site.months[m];
        const double mean = 0.5 * (n.T_min_K + n.T_max_K);
        const double amplitude = 0.5 * (n.T_max_K - n.T_min_K);
        for (int h = 0; h < 24; ++h) {
            // Hour h covers [h, h + 1): its temperature at the middle of the hour.
            const double phase = 2.0 * std::numbers::pi * (h + 0.5 - hour_of_min) / 24.0;
            const double T = mean - amplitude * std::cos(phase);
            hours[std::lround(T - 273.15)] += days_in_month[m];
        }
    }
    std::vector<ClimateBin> bins;
    for (const auto& [b, h] : hours) {
        bins.push_back({273.15 + static_cast<double>(b), h * 3600.0});
    }
    return bins;
}

std::vector<std::string> ClimateLibrary::ids() const {
    std::vector<std::string> out;
    for (const auto& [id, s] : sites) {
        out.push_back(id);
    }
    return out;
}

ClimateLibrary load_climate_library(const std::filesystem::path& path) {
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
    ClimateLibrary lib;
    lib.file = path.string();
    for (const auto& [id, t] : root.tables("site")) {
        SiteClimate s;
        s.id = id;
        s.name = t.string("name");
        s.source = t.provenance("months").source;
        s.months.resize(12);
        std::vector<bool> seen(12, false);
        for (const auto& m : t.array("months")) {
            const auto k = static_cast<std::size_t>(m.integer("month") - 1);
            if (seen[k]) {
                throw ck::InputError(m.diagnostic("month", fmt::format("month {} twice", k + 1),
                                                  "give each month once"));
            }
            seen[k] = true;
            s.months[k] = {m.quantity("T_min"), m.quantity("T_max")};
            if (!(s.months[k].T_max_K >= s.months[k].T_min_K)) {
                throw ck::InputError(m.diagnostic("T_max", "T_max is below T_min",
                                                  "check the two values of the month"));
            }
        }
        for (std::size_t k = 0; k < 12; ++k) {
            if (!seen[k]) {
                throw ck::InputError(t.diagnostic("months",
                                                  fmt::format("site {} has no month {}", id, k + 1),
                                                  "give all twelve months"));
            }
        }
        lib.sites.emplace(id, std::move(s));
    }
    return lib;
}

} // namespace rackcalc::thermal
