#include "thermal/openfoam/result_reader.hpp"

#include "thermal/openfoam/cht_case.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rackcalc::openfoam {

namespace fs = std::filesystem;

namespace {

/// The .dat file of a function object: the newest start-time folder under
/// postProcessing/<region>/<name>/ (startFrom latestTime makes a new folder per restart).
std::optional<fs::path> dat_file(const fs::path& case_dir, const std::string& region,
                                 const std::string& name) {
    const fs::path dir = case_dir / "postProcessing" / region / name;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return std::nullopt;
    }
    std::optional<fs::path> best;
    double best_time = -1.0;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_directory()) {
            continue;
        }
        char* end = nullptr;
        const std::string stem = entry.path().filename().string();
        const double t = std::strtod(stem.c_str(), &end);
        if (end == stem.c_str() || t < best_time) {
            continue;
        }
        for (const auto& f : fs::directory_iterator(entry.path(), ec)) {
            if (f.path().extension() == ".dat") {
                best = f.path();
                best_time = t;
            }
        }
    }
    return best;
}

} // namespace

std::optional<FunctionObjectRow> last_row(const fs::path& case_dir, const std::string& region,
                                          const std::string& name) {
    const auto path = dat_file(case_dir, region, name);
    if (!path) {
        return std::nullopt;
    }
    std::ifstream in(*path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::streamoff>(in.tellg());
    const std::streamoff tail = std::min<std::streamoff>(size, 4096);
    in.seekg(size - tail);
    std::string text(static_cast<std::size_t>(tail), '\0');
    in.read(text.data(), tail);
    // Complete lines only: the solver may be writing the last one right now.
    const auto last_nl = text.rfind('\n');
    if (last_nl == std::string::npos) {
        return std::nullopt;
    }
    text.resize(last_nl);
    std::size_t start = text.rfind('\n');
    start = start == std::string::npos ? 0 : start + 1;
    const std::string line = text.substr(start);
    if (line.empty() || line[0] == '#') {
        return std::nullopt;
    }
    std::istringstream ls(line);
    FunctionObjectRow row;
    if (!(ls >> row.time)) {
        return std::nullopt;
    }
    std::string word;
    while (ls >> word) {
        char* end = nullptr;
        const double v = std::strtod(word.c_str(), &end);
        if (end == word.c_str()) {
            return std::nullopt;
        }
        row.values.push_back(v);
    }
    return row;
}

const ChtResults::Solid& ChtResults::solid(const std::string& region) const {
    for (const auto& s : solids) {
        if (s.region == region) {
            return s;
        }
    }
    throw std::out_of_range("no result for solid region '" + region + "'");
}

const ChtResults::Surface& ChtResults::surface(const std::string& name) const {
    for (const auto& s : surfaces) {
        if (s.name == name) {
            return s;
        }
    }
    throw std::out_of_range("no result for surface '" + name + "'");
}

ChtResults read_cht_results(const fs::path& case_dir, const ChtCaseSpec& spec) {
    auto need = [&](const std::string& region, const std::string& name,
                    std::size_t columns) -> FunctionObjectRow {
        auto row = last_row(case_dir, region, name);
        if (!row || row->values.size() < columns) {
            throw std::runtime_error("OpenFOAM wrote no result for function object '" + name +
                                     "' of region " + region + " (expected " +
                                     (case_dir / "postProcessing" / region / name).string() +
                                     "/<time>/*.dat); the run did not complete");
        }
        for (const double v : row->values) {
            if (!std::isfinite(v)) {
                throw std::runtime_error("OpenFOAM's result '" + name + "' of region " + region +
                                         " is not finite: the run diverged");
            }
        }
        return *row;
    };
    std::string fluid;
    for (const auto& r : spec.regions) {
        if (r.fluid) {
            fluid = r.name;
        }
    }
    ChtResults res;
    const auto h_in = need(fluid, "inletEnthalpyFlux", 1);
    const auto h_out = need(fluid, "outletEnthalpyFlux", 1);
    const auto in_mean = need(fluid, "inletMean", 2);
    const auto out_mean = need(fluid, "outletMean", 1);
    const auto out_bulk = need(fluid, "outletBulk", 1);
    res.iterations = h_out.time;
    res.Q_coolant_W = h_out.values[0] + h_in.values[0]; // phi < 0 at the inlet
    res.p_inlet_Pa = in_mean.values[0];
    res.T_inlet_K = in_mean.values[1];
    res.p_outlet_Pa = out_mean.values[0];
    res.dp_Pa = res.p_inlet_Pa - res.p_outlet_Pa;
    res.T_outlet_K = out_bulk.values[0];
    for (const auto& r : spec.regions) {
        if (r.fluid) {
            continue;
        }
        res.Q_source_W += r.Q_W;
        res.solids.push_back({r.name, need(r.name, "max_" + r.name, 1).values[0],
                              need(r.name, "mean_" + r.name, 1).values[0]});
    }
    for (const auto& s : spec.surfaces) {
        res.surfaces.push_back({s.name, need(s.region, "max_" + s.name, 1).values[0],
                                need(s.region, "mean_" + s.name, 1).values[0]});
    }
    res.energy_imbalance =
        res.Q_source_W > 0.0 ? (res.Q_coolant_W - res.Q_source_W) / res.Q_source_W : 0.0;
    return res;
}

} // namespace rackcalc::openfoam
