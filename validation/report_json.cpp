#include "validation/report_json.hpp"

#include <cmath>

namespace rackcalc::validation {

namespace {

/// NaN and infinity have no JSON number: null.
nlohmann::json number_or_null(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

} // namespace

nlohmann::json report_to_json(const std::vector<ValidationRow>& rows) {
    nlohmann::json cases = nlohmann::json::array();
    for (const auto& r : rows) {
        cases.push_back({{"case", r.case_id},
                         {"area", r.area},
                         {"title", r.title},
                         {"quantity", r.quantity},
                         {"unit", r.unit},
                         {"expected_si", r.expected},
                         {"computed_si", number_or_null(r.computed)},
                         {"expected", r.expected_text()},
                         {"computed", r.computed_text()},
                         {"tolerance_kind", r.tolerance.relative ? "relative" : "absolute"},
                         {"tolerance_si", r.tolerance.value},
                         {"tolerance", r.tolerance_text()},
                         {"error_si", number_or_null(r.error)},
                         {"error", r.error_text()},
                         {"pass", r.pass},
                         {"reason", r.reason},
                         {"source", r.source},
                         {"note", r.note},
                         {"failure", r.failure},
                         {"file", r.where.file},
                         {"line", r.where.line}});
    }
    const std::size_t failed = count_failed(rows);
    return {{"passed", rows.size() - failed}, {"failed", failed}, {"rows", cases}};
}

} // namespace rackcalc::validation
