#include "app/validate_command.hpp"

#include "app/commands.hpp"
#include "validation/probe.hpp"
#include "validation/report_json.hpp"
#include "validation/suite.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <ostream>

namespace rackcalc::app {

int validate(bool json, const std::filesystem::path& dir, std::ostream& out) {
    const std::filesystem::path folder = dir.empty() ? validation::bundled_validation_dir() : dir;
    const auto rows = validation::run_validation(folder);
    const std::size_t failed = validation::count_failed(rows);
    if (json) {
        out << validation::report_to_json(rows).dump(2) << '\n';
        return failed == 0 ? exit_ok : exit_validation_failed;
    }
    std::size_t w_case = 4, w_quantity = 8;
    for (const auto& r : rows) {
        w_case = std::max(w_case, r.case_id.size());
        w_quantity = std::max(w_quantity, r.quantity.size());
    }
    out << fmt::format("{:<{}}  {:<{}}  {:>16}  {:>16}  {:>12}  {:>12}  {}\n", "case", w_case,
                       "quantity", w_quantity, "expected", "computed", "error", "tolerance",
                       "pass");
    std::string area;
    for (const auto& r : rows) {
        if (r.area != area) {
            area = r.area;
            out << fmt::format("# {}\n", area);
        }
        out << fmt::format("{:<{}}  {:<{}}  {:>16}  {:>16}  {:>12}  {:>12}  {}\n", r.case_id,
                           w_case, r.quantity, w_quantity, r.expected_text(), r.computed_text(),
                           r.error_text(), r.tolerance_text(), r.pass ? "ok" : "FAIL");
    }
    for (const auto& r : rows) {
        if (!r.pass) {
            out << fmt::format("\n{}:{}: {} {}: {}\n  source: {}\n  tolerance: {}\n", r.where.file,
                               r.where.line, r.case_id, r.quantity, r.why_failed(), r.source,
                               r.reason);
        }
    }
    out << fmt::format("{} passed, {} failed ({} reference values from {})\n", rows.size() - failed,
                       failed, rows.size(), folder.string());
    if (failed > 0 && std::filesystem::exists(validation::probe_scratch_root())) {
        out << fmt::format("the OpenFOAM cases and their logs are kept in {}\n",
                           validation::probe_scratch_root().string());
    }
    return failed == 0 ? exit_ok : exit_validation_failed;
}

} // namespace rackcalc::app
