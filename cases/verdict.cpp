#include "cases/verdict.hpp"

#include <fmt/format.h>

namespace rackcalc::cases {

std::string_view kind_name(Violation::Kind kind) {
    switch (kind) {
    case Violation::Kind::convergence:
        return "convergence";
    case Violation::Kind::limit:
        return "limit";
    case Violation::Kind::scenario:
        return "scenario";
    case Violation::Kind::sweep_point:
        return "sweep point";
    }
    return "limit";
}

std::string Verdict::line() const {
    if (pass()) {
        std::string out = "PASS: every checked limit is met";
        if (scenarios > 0) {
            out += fmt::format("; {} scenario{} survive{}", scenarios, scenarios == 1 ? "" : "s",
                               scenarios == 1 ? "s" : "");
        }
        if (sweep_points > 0) {
            out += fmt::format("; {} sweep point{} feasible", sweep_points,
                               sweep_points == 1 ? "" : "s");
        }
        if (warnings > 0) {
            out += fmt::format(" ({} warning{})", warnings, warnings == 1 ? "" : "s");
        }
        return out;
    }
    std::string out =
        fmt::format("FAIL: {} problem{}: ", violations.size(), violations.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < violations.size(); ++i) {
        const Violation& v = violations[i];
        out += fmt::format("{}{} {}", i == 0 ? "" : "; ", kind_name(v.kind), v.subject);
    }
    return out;
}

namespace {

std::string point_name(const SweepResult& sweep, const SweepRow& row) {
    std::string out = sweep.name + " at ";
    for (std::size_t i = 0; i < sweep.parameters.size() && i < row.values.size(); ++i) {
        out += fmt::format("{}{} = {}", i == 0 ? "" : ", ", sweep.parameters[i].key, row.values[i]);
    }
    return out;
}

} // namespace

Verdict make_verdict(const SystemResult& result, const std::vector<ScenarioResult>& scenarios,
                     const std::vector<SweepResult>& sweeps) {
    Verdict v;
    if (!result.converged) {
        v.violations.push_back({Violation::Kind::convergence, "the fused system",
                                "did not converge: " + result.reason});
    }
    for (const auto& f : result.findings) {
        if (f.severity == "error") {
            v.violations.push_back({Violation::Kind::limit, f.component, f.message});
        } else {
            ++v.warnings;
        }
    }
    for (const auto& sc : scenarios) {
        ++v.scenarios;
        if (sc.status != "survives" && sc.status != "not applicable") {
            v.violations.push_back({Violation::Kind::scenario, sc.name, sc.sentence});
        }
    }
    for (const auto& sw : sweeps) {
        for (const auto& row : sw.rows) {
            ++v.sweep_points;
            if (row.status != "ok") {
                v.violations.push_back({Violation::Kind::sweep_point, point_name(sw, row),
                                        row.status + ": " + row.reason});
            }
        }
    }
    return v;
}

} // namespace rackcalc::cases
