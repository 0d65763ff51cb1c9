#pragma once
// A site's year as hours at outdoor dry-bulb temperatures (climate bins), from monthly normals
// of the named sites shipped in thermal/data/climate.toml. Each month becomes its days of a
// cosine day between the mean daily minimum (03:00) and maximum (15:00); the 8760 hours are
// binned by 1 K. Plain SI: temperature [K], time [s].

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rackcalc::thermal {

struct ClimateBin {
    double T_K = 0.0;        ///< bin centre [K]
    double duration_s = 0.0; ///< time in the bin over the year [s]
};

struct MonthNormal {
    double T_min_K = 0.0; ///< mean daily minimum [K]
    double T_max_K = 0.0; ///< mean daily maximum [K]
};

struct SiteClimate {
    std::string id;
    std::string name;
    std::string source;
    std::vector<MonthNormal> months; ///< January first, 12 of them
};

/// The year of a site as 1 K bins (ascending), 8760 h in all.
std::vector<ClimateBin> climate_bins(const SiteClimate& site);

struct ClimateLibrary {
    std::string file;
    std::map<std::string, SiteClimate, std::less<>> sites;
    std::vector<std::string> ids() const;
};

/// Reads and checks a site file; throws core::InputError located at the key.
ClimateLibrary load_climate_library(const std::filesystem::path& path);

} // namespace rackcalc::thermal
