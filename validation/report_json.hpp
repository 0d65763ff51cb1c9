#pragma once
// The validation suite's rows as JSON (`rackcalc validate --json`): every compared quantity
// with its SI values (null where the probe could not compute it), the same values as the table
// prints them, the tolerance and its reason, the source, and the file and line of the case.

#include "validation/suite.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace rackcalc::validation {

/// {"passed", "failed", "rows": [{case, area, title, quantity, unit, expected_si, computed_si,
/// expected, computed, tolerance_kind, tolerance_si, tolerance, error_si, error, pass, reason,
/// source, note, failure, file, line}]}; NaN and infinity, which JSON cannot hold, are null.
nlohmann::json report_to_json(const std::vector<ValidationRow>& rows);

} // namespace rackcalc::validation
