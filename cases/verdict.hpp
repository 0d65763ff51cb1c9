#pragma once
// The verdict of a fused run: pass or fail in one line, listing every violated limit,
// failing scenario and infeasible sweep point. The terminal prints it first, the report
// shows it at the top, summary.json carries it, and it decides the exit code (3 on fail).

#include "cases/scenarios.hpp"
#include "cases/sweep.hpp"
#include "cases/system_run.hpp"

#include <string>
#include <vector>

namespace rackcalc::cases {

/// One reason the design does not work as specified.
struct Violation {
    enum class Kind { convergence, limit, scenario, sweep_point };
    Kind kind = Kind::limit;
    core::Statement subject; ///< the component, scenario name or sweep point (with its values)
    core::Statement message; ///< what is wrong, with the numbers
};

/// The name of a violation kind as written in summary.json and the report.
std::string_view kind_name(Violation::Kind kind);

struct Verdict {
    std::vector<Violation> violations; ///< convergence, then limits, scenarios, sweep points
    std::size_t warnings = 0;          ///< findings that do not fail the design
    std::size_t scenarios = 0;         ///< scenarios evaluated
    std::size_t sweep_points = 0;      ///< sweep points evaluated

    bool pass() const { return violations.empty(); }
    /// "PASS: ..." or "FAIL: n problems: ...", one line, every violation named.
    core::Statement line() const;
};

/// Collects the verdict of a run: error findings of the fused result (or its failure to
/// converge), every scenario that does not survive, every sweep point that is not ok.
Verdict make_verdict(const SystemResult& result, const std::vector<ScenarioResult>& scenarios,
                     const std::vector<SweepResult>& sweeps);

} // namespace rackcalc::cases
