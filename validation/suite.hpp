#pragma once
// The validation suite: reference cases as data, one TOML file per area
// (validation/hydraulics.toml, heat_transfer.toml, cold_plates.toml, power.toml,
// rack_plausibility.toml), each case naming a probe, its inputs with units, the expected
// values with a tolerance and the reason for it, and the source the values come from.
//
//   [[case]]
//   id = "hagen-poiseuille-pipe"
//   title = "Hagen-Poiseuille: water in a 4 mm tube"
//   probe = "hagen_poiseuille"
//   source = "validation-cases.md 1.1 [C]"
//   inputs = { mu = "1.0e-3 Pa s", rho = "998 kg/m^3", L = "1 m", D = "4 mm", V_dot = "200 mL/min"
//   } [case.expect.dp] expected = "530.5 Pa" absolute = "0.05 Pa"            # or relative = 1e-3;
//   exactly one reason = "printed to 4 figures: half a unit in the last digit"
//
// Inputs and expected values go through core's schema and quantity parsing, so bad data is
// an InputError at file, line and column; a case with no source is one too.

#include "core/input_error.hpp"
#include "core/toml_source.hpp"
#include "validation/probe.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace rackcalc::validation {

struct Tolerance {
    bool relative = true;
    double value = 0.0; ///< relative: a fraction; absolute: SI, like the expected value
    std::string unit;   ///< display unit of an absolute tolerance, as written
};

/// One expected value of a case.
struct Expectation {
    std::string quantity;  ///< the probe output
    double expected = 0.0; ///< SI
    std::string unit;      ///< display unit, as the expected value was written ("" for a number)
    Tolerance tolerance;
    std::string reason; ///< why this tolerance
    core::SourceLocation where;
};

struct ReferenceCase {
    std::string id;
    std::string title;
    std::string area; ///< the file's name: hydraulics, heat_transfer, ...
    std::string source;
    std::string note;
    const Probe* probe = nullptr;
    const toml::table* inputs = nullptr; ///< owned by the suite
    std::string path;                    ///< key path for messages, "case.<id>"
    std::vector<Expectation> expect;
    core::SourceLocation where;
};

/// One compared quantity.
struct ValidationRow {
    std::string case_id;
    std::string area;
    std::string title;
    std::string quantity;
    std::string unit;      ///< display unit of expected and computed
    double expected = 0.0; ///< SI
    double computed = 0.0; ///< SI; NaN when the probe could not compute it
    /// |computed - expected|, over |expected| for a relative tolerance (SI otherwise)
    double error = 0.0;
    Tolerance tolerance;
    bool pass = false;
    std::string source;
    std::string reason;  ///< why the tolerance
    std::string note;    ///< the case's assumptions beyond its source
    std::string failure; ///< why it could not be computed (empty otherwise)
    core::SourceLocation where;

    std::string expected_text() const;  ///< "530.5 Pa"
    std::string computed_text() const;  ///< "530.516 Pa", or "-" when not computed
    std::string error_text() const;     ///< "0.0031 %" (relative) or "0.016 Pa" (absolute)
    std::string tolerance_text() const; ///< "0.5 %" or "0.05 Pa"
    /// Why the row fails: the probe's failure, else "computed 530.516 Pa, expected 540 Pa
    /// within 0.05 Pa (error 9.5 Pa)".
    std::string why_failed() const;
};

class ValidationSuite {
public:
    /// Reads every *.toml in `directory` (the file name is the area). Throws
    /// core::InputError with every finding: TOML syntax, unknown keys, unknown probes and
    /// outputs (with "did you mean"), wrong units, missing inputs, tolerances, reasons and
    /// sources, duplicate ids.
    static ValidationSuite load(const std::filesystem::path& directory);

    const std::vector<ReferenceCase>& cases() const { return cases_; }
    /// Runs every case; a probe that throws fails its rows with the message, it never
    /// stops the suite.
    std::vector<ValidationRow> run() const;
    /// Runs one case.
    std::vector<ValidationRow> run(const ReferenceCase& reference) const;

private:
    ValidationSuite();
    std::unique_ptr<core::SourceSet> sources_;
    std::vector<std::unique_ptr<toml::table>> documents_;
    std::vector<ReferenceCase> cases_;
};

/// ValidationSuite::load(directory).run(); when every value passed, the probes' scratch
/// folder of this process (probe_scratch_root) is removed.
std::vector<ValidationRow> run_validation(const std::filesystem::path& directory);

std::size_t count_failed(const std::vector<ValidationRow>& rows);

/// $RACKCALC_DATA_DIR/validation, else the source tree's validation/ folder.
std::filesystem::path bundled_validation_dir();

} // namespace rackcalc::validation
