#pragma once
// The input schema, declared once: key, type, unit, default, allowed range, one-line doc.
// The same declaration validates input (unknown keys with "did you mean", wrong units,
// out-of-range values), gives typed SI access to checked tables, and generates
// docs/input-reference.md, so the reference cannot drift from the code.

#include "core/input_error.hpp"
#include "core/quantity.hpp"
#include "core/toml_source.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rackcalc::core {

enum class ValueType {
    quantity,     ///< "<number> <unit>", converted to SI
    integer,      ///< whole number (counts)
    real,         ///< dimensionless number (fractions, ratios)
    string,       ///< free text
    boolean,      ///< true / false
    choice,       ///< one of a fixed list of words
    string_array, ///< list of strings
    table,        ///< a sub-table with its own schema
    table_map,    ///< a table of named sub-tables that share one schema ([trays.<name>])
    table_array,  ///< an array of tables that share one schema
};

struct TableSpec;

/// One key of a table.
struct KeySpec {
    std::string name;
    ValueType type = ValueType::string;
    const QuantityKind* kind = nullptr;      ///< for quantities
    std::string unit;                        ///< display unit in docs and messages
    std::optional<std::string> default_text; ///< as a user would write it
    std::optional<double> min_si;
    std::optional<double> max_si;
    bool min_exclusive = false;
    std::vector<std::string> choices;
    std::string doc;
    std::shared_ptr<const TableSpec> sub; ///< for table, table_map, table_array
    bool required = false;

    // Chainable refinements, in display units.
    KeySpec def(std::string text) const;
    KeySpec range(std::optional<double> lo, std::optional<double> hi) const;
    KeySpec above(double lo) const; ///< exclusive lower bound
    KeySpec needed() const;
};

KeySpec quantity(std::string name, const QuantityKind& kind, std::string unit, std::string doc);
KeySpec integer(std::string name, std::string doc);
KeySpec real(std::string name, std::string doc);
KeySpec text(std::string name, std::string doc);
KeySpec boolean(std::string name, std::string doc);
KeySpec choice(std::string name, std::vector<std::string> choices, std::string doc);
KeySpec string_list(std::string name, std::string doc);
KeySpec table(std::string name, std::shared_ptr<const TableSpec> sub, std::string doc);
KeySpec table_map(std::string name, std::shared_ptr<const TableSpec> sub, std::string doc);
KeySpec table_array(std::string name, std::shared_ptr<const TableSpec> sub, std::string doc);

/// A table's keys. When `provenance` is set the table may also carry `source`,
/// `confidence`, `note` and `alternatives` covering all its numbers.
struct TableSpec {
    std::string name;
    std::string doc;
    std::vector<KeySpec> keys;
    bool provenance = true;

    const KeySpec* find(std::string_view key) const;
    std::vector<std::string> key_names() const;
};

/// Where a number came from.
struct Provenance {
    std::string source;     ///< citation, e.g. "[N1] NVIDIA DGX GB200 User Guide"
    std::string confidence; ///< vendor, analyst, inferred or unverified
    std::string note;
    std::string alternatives; ///< other published values, with their sources
    std::string describes;    ///< what exactly the figure describes (scope)
    SourceLocation where;
};

/// The words allowed for `confidence`.
const std::vector<std::string>& confidence_levels();

/// Checks a table against its schema and collects every finding (does not throw).
void validate(const toml::table& table, const TableSpec& spec, const std::string& path,
              const SourceSet& sources, std::vector<Diagnostic>& findings);

/// Numbers in `table` that carry no source, neither their own nor an enclosing table's.
/// Templates must have none.
std::vector<Diagnostic> unsourced_numbers(const toml::table& table, const TableSpec& spec,
                                          const std::string& path, const SourceSet& sources);

/// Typed, SI view of a table that has passed `validate`; defaults are applied here.
class CheckedTable {
public:
    CheckedTable(const toml::table* table, const TableSpec& spec, std::string path,
                 const SourceSet& sources, Provenance inherited = {});

    bool has(std::string_view key) const;
    double quantity(std::string_view key) const;
    std::optional<double> optional_quantity(std::string_view key) const;
    std::int64_t integer(std::string_view key) const;
    double real(std::string_view key) const;
    std::string string(std::string_view key) const;
    bool boolean(std::string_view key) const;
    std::vector<std::string> strings(std::string_view key) const;
    /// A string_list of quantities ("0.4 L/min", ...) in SI: one value per entry, NaN where
    /// an entry does not parse or is not positive (when `positive`, else negative), with a
    /// finding for each such entry appended to `problems`.
    std::vector<double> quantities(std::string_view key, const QuantityKind& kind, bool positive,
                                   std::vector<Diagnostic>& problems) const;
    CheckedTable table(std::string_view key) const;
    std::vector<std::pair<std::string, CheckedTable>> tables(std::string_view key) const;
    std::vector<CheckedTable> array(std::string_view key) const;

    /// Source of a value: its own, else the nearest enclosing table's.
    Provenance provenance(std::string_view key) const;
    /// Finding about a key of this table, located at the key's value (or the table).
    Diagnostic diagnostic(std::string_view key, std::string message, std::string fix) const;
    const std::string& path() const { return path_; }
    std::string key_path(std::string_view key) const;
    const SourceSet& sources() const { return *sources_; }

private:
    const toml::node* value_node(std::string_view key) const;
    const KeySpec& spec_of(std::string_view key) const;

    const toml::table* table_;
    const TableSpec* spec_;
    std::string path_;
    const SourceSet* sources_;
    Provenance inherited_;
};

/// Markdown reference of a schema: one section per table.
std::string schema_markdown(const TableSpec& root, const std::string& title,
                            const std::string& preamble);

} // namespace rackcalc::core
