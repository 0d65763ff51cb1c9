#pragma once
// Reads back what the function objects of a cht case (cht_case.hpp) wrote: the last line of
// postProcessing/<region>/<name>/<start time>/{surfaceFieldValue,volFieldValue}.dat.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rackcalc::openfoam {

/// The last row of one function object's output: time and the values in column order.
struct FunctionObjectRow {
    double time = 0.0;
    std::vector<double> values;
};

/// Last complete row of postProcessing/<region>/<name>/*/<file>.dat (the newest start-time
/// folder), or nullopt when the file is missing or has no data row yet. Cheap to call every
/// iteration: it reads the file's end only.
std::optional<FunctionObjectRow> last_row(const std::filesystem::path& case_dir,
                                          const std::string& region, const std::string& name);

/// Results of a converged cold-plate or channel run, SI.
struct ChtResults {
    double iterations = 0.0;       ///< last time written
    double Q_source_W = 0.0;       ///< heat put into the solid sources
    double Q_coolant_W = 0.0;      ///< enthalpy flux out minus in, through the coolant ports
    double energy_imbalance = 0.0; ///< (Q_coolant - Q_source) / Q_source; 0 without heat
    double T_inlet_K = 0.0;        ///< area average at the inlet
    double T_outlet_K = 0.0;       ///< mass-flow weighted (bulk) at the outlet
    double p_inlet_Pa = 0.0;       ///< area average
    double p_outlet_Pa = 0.0;      ///< area average
    double dp_Pa = 0.0;            ///< p_inlet - p_outlet
    struct Solid {
        std::string region;
        double T_max_K = 0.0;
        double T_mean_K = 0.0;
    };
    std::vector<Solid> solids;
    struct Surface {
        std::string name;
        double T_max_K = 0.0;
        double T_mean_K = 0.0;
    };
    std::vector<Surface> surfaces;

    const Solid& solid(const std::string& region) const;
    const Surface& surface(const std::string& name) const;
};

struct ChtCaseSpec;

/// Reads every function object the case writer declared. Throws std::runtime_error naming
/// the missing file when one is absent or empty (a run that never wrote is no result).
ChtResults read_cht_results(const std::filesystem::path& case_dir, const ChtCaseSpec& spec);

} // namespace rackcalc::openfoam
