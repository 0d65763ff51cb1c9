#pragma once
// Reads an OpenFOAM solver log line by line: the current time (iteration), the initial
// residual of every equation (per region in multi-region solvers), the temperature range,
// and the signs that a run has gone wrong (non-finite or blown-up residuals, a temperature
// outside physical bounds, a floating-point exception, a FOAM FATAL ERROR).

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace rackcalc::openfoam {

/// When a run counts as diverged.
struct DivergenceLimits {
    /// An equation's initial residual above residual_growth times the smallest it has had,
    /// while also above residual_floor, is a blow-up. (Initial residuals are normalised by
    /// OpenFOAM, so they start near 1 and fall as a run converges.)
    double residual_growth = 1e4;
    double residual_floor = 1e-2;
    /// Temperature outside [T_min, T_max] in any region's "Min/max T" line [K].
    double T_min = 1.0;
    double T_max = 5000.0;
};

/// What the log has shown so far.
struct LogState {
    double time = 0.0;  ///< last "Time = " value (the iteration count in a steady solver)
    int time_steps = 0; ///< how many "Time = " lines were seen
    /// Latest initial residual per equation, keyed "region/field" ("field" without regions).
    std::map<std::string, double> initial_residual;
    /// Smallest initial residual seen per equation.
    std::map<std::string, double> min_residual;
    std::optional<double> T_min_seen; ///< lowest temperature reported [K]
    std::optional<double> T_max_seen; ///< highest temperature reported [K]
    bool ended = false;               ///< the log printed "End" on a line of its own
    /// Set when the run diverged: what was seen, e.g. "initial residual of coolant/h is nan
    /// at time 152".
    std::optional<std::string> divergence;
    /// Set on "FOAM FATAL ERROR" / "FOAM FATAL IO ERROR": the error's first lines.
    std::optional<std::string> fatal_error;

    /// Largest of the latest initial residuals (0 when none was seen).
    double max_initial_residual() const;
};

/// Feeds lines of a solver log into a LogState.
class LogMonitor {
public:
    explicit LogMonitor(DivergenceLimits limits = {}) : limits_(limits) {}
    void feed(std::string_view line);
    const LogState& state() const { return state_; }

private:
    void diverge(std::string why);

    DivergenceLimits limits_;
    LogState state_;
    std::string region_;
    int fatal_lines_left_ = 0;
};

} // namespace rackcalc::openfoam
