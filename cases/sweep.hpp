#pragma once
// Parameter sweeps declared in the case file: a full-factorial study over any numeric input
// (or a choice such as power.chain), with a table of chosen key results per point.
//
//   [[sweep]]
//   name = "supply-vs-flow"
//   parameters = [ { key = "cooling.supply_temperature", values = ["25 degC", "30 degC"] },
//                  { key = "cooling.flow_per_power", from = "0.8 L/min/kW",
//                    to = "2.0 L/min/kW", steps = 25 } ]
//   outputs = ["pue", "worst_chip_margin_K", "coolant_flow_L_min"]
//
// Each point overrides a copy of the merged case document, which is validated and parsed
// like the case itself, and runs the fused system in its fast mode (no inverse questions).
// A point whose values the schema rejects, whose fixed point does not settle, or whose
// design is infeasible is recorded with its reason; the sweep goes on.

#include "core/display_units.hpp"
#include "core/schema.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rackcalc::cases {

struct CaseDocument;
struct RunOptions;
struct SystemResult;

/// One swept input: a key path of the document and its values, as the user wrote them.
struct SweepParameter {
    std::string key;        ///< dotted path, e.g. "cooling.supply_temperature"
    core::ValueType type{}; ///< quantity, integer, real or choice
    std::string unit;       ///< display unit of the key (quantities), for the table
    const core::QuantityKind* kind = nullptr; ///< for quantities
    std::vector<std::string> values; ///< as written, e.g. "25 degC" (generated from from/to)
};

struct SweepSpec {
    std::string name;
    std::vector<SweepParameter> parameters; ///< full factorial; the last varies fastest
    std::vector<std::string> outputs;       ///< names from sweep_outputs()
    core::SourceLocation where;
    std::size_t points() const;
};

/// A key result a sweep can tabulate: name (with its unit suffix), unit, what it is.
struct SweepOutput {
    std::string name;
    std::string unit;
    std::string doc;
    const core::QuantityKind* kind = nullptr; ///< for the display units; none for counts, USD
};
const std::vector<SweepOutput>& sweep_outputs();

/// An output's name without its SI unit suffix, for a column or axis in another unit:
/// "worst_chip_margin_K" -> "worst_chip_margin".
std::string sweep_quantity_name(const std::string& name);

/// Outputs tabulated when a sweep names none.
const std::vector<std::string>& default_sweep_outputs();

/// The schema of one [[sweep]] block.
std::shared_ptr<const core::TableSpec> sweep_schema();

/// Reads the [[sweep]] blocks of a validated document: key paths must exist in the schema
/// and be numeric (or a choice), outputs must be known; both with "did you mean".
/// Throws core::InputError listing every finding.
std::vector<SweepSpec> parse_sweeps(const core::CheckedTable& root, const toml::table& document);

struct SweepRow {
    std::vector<std::string> values; ///< parameter values as written
    std::string status;              ///< ok, failed or infeasible
    core::Statement reason;          ///< why a point failed or is infeasible
    std::vector<double> outputs;     ///< NaN when the point has no result
};

struct SweepResult {
    std::string name;
    std::vector<SweepParameter> parameters;
    std::vector<std::string> outputs;
    std::vector<SweepRow> rows;
    std::size_t ok = 0, failed = 0, infeasible = 0;
};

/// Runs every point of a sweep on the case document. Never throws for a point's failure.
/// `progress` (optional) is told after each point: (points done, points in all).
/// `on_result` (optional) is given every point whose fused run converged (ok or infeasible),
/// with its index in the table, e.g. to write the point's fields for ParaView.
SweepResult run_sweep(const CaseDocument& document, const SweepSpec& sweep,
                      const RunOptions& options,
                      const std::function<void(std::size_t, std::size_t)>& progress = {},
                      const std::function<void(std::size_t, const SystemResult&)>& on_result = {});

/// The table: parameters (header "key [unit]", values in that unit), outputs
/// ("name [unit]", a quantity under its name without the SI suffix), status, reason; every
/// quantity in the display's units.
std::string sweep_to_csv(const SweepResult& result, const core::Display& display = core::Display{});

} // namespace rackcalc::cases
