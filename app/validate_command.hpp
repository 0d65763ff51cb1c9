#pragma once
// `rackcalc validate [--json] [--dir DIR]`: runs the reference cases of the validation suite
// and prints a table (case, quantity, expected, computed, error, tolerance, pass).

#include <filesystem>
#include <iosfwd>

namespace rackcalc::app {

/// Exit code when the validation data is sound but a reference case fails its tolerance.
inline constexpr int exit_validation_failed = 4;

/// Runs every case in `dir` (empty: the bundled validation/ folder) and prints the table, or
/// JSON, to `out`. Returns 0 when every case passes, exit_validation_failed when any fails;
/// bad validation data throws core::InputError (exit 2 in main).
int validate(bool json, const std::filesystem::path& dir, std::ostream& out);

} // namespace rackcalc::app
