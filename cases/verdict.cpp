#include "cases/verdict.hpp"

#include "core/quantity.hpp"

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

core::Statement Verdict::line() const {
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
    core::Statement out =
        fmt::format("FAIL: {} problem{}: ", violations.size(), violations.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < violations.size(); ++i) {
        const Violation& v = violations[i];
        out += core::statement("{}{} {}", i == 0 ? "" : "; ", kind_name(v.kind), v.subject);
    }
    return out;
}

namespace {

/// "supply-temperature at cooling.supply_temperature = {}": a quantity's value typed (it was
/// checked when the point ran), any other value as written.
core::Statement point_name(const SweepResult& sweep, const SweepRow& row) {
    core::Statement out = sweep.name + " at ";
    for (std::size_t i = 0; i < sweep.parameters.size() && i < row.values.size(); ++i) {
        const SweepParameter& p = sweep.parameters[i];
        core::Statement value = row.values[i];
        if (p.kind != nullptr) {
            try {
                value = core::statement(
                    "{}", core::Quantity(core::parse_quantity(row.values[i], *p.kind), *p.kind));
            } catch (const core::QuantityError&) {
                // a value the schema rejected: the point failed with that reason; keep its text
            }
        }
        out += core::statement("{}{} = {}", i == 0 ? "" : ", ", p.key, value);
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
