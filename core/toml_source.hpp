#pragma once
// Reading TOML files so that every node keeps the file, line and column it came from,
// and merging an overriding document into its base without losing that information.

#include "core/input_error.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <toml++/toml.h>
#include <vector>

namespace rackcalc::core {

/// Bounds on input and on the work it asks for, checked before parsing (a deeply nested
/// header would otherwise exhaust the stack in the TOML parser) and while validating. Each
/// is raised by the command-line option named next to it. Set once by the executable.
struct InputLimits {
    std::size_t max_file_bytes = 8u << 20u;    ///< --max-file-bytes; templates are ~30 kB
    int max_nesting = 32;                      ///< --max-nesting; templates nest 4 deep
    std::size_t max_string_bytes = 64u << 10u; ///< --max-string-bytes
    std::size_t max_sweep_points = 100000;     ///< --max-sweep-points, per [[sweep]]
    std::size_t max_racks = 2000;              ///< --max-racks, per case
    std::size_t max_samples = 10000000;        ///< --max-samples, per load-swing trace
};

/// The limits in force (the defaults unless the executable set others).
const InputLimits& input_limits();
void set_input_limits(const InputLimits& limits);

/// A finding for input over a limit: "<what> is <value>, above the limit <limit>", with the
/// command-line option that raises it as the fix.
Diagnostic over_limit(SourceLocation where, std::string key, const std::string& what,
                      std::size_t value, std::size_t limit, const std::string& option);

/// Checks `text` (a TOML file) against the size, nesting and string-length limits without
/// parsing it; throws InputError at the first line over a limit.
void check_input_limits(const std::string& name, const std::string& text,
                        const InputLimits& limits);

/// The text of every input file read so far, so an error can quote its line.
class SourceSet {
public:
    /// Reads a whole file; throws InputError naming the file when it cannot be read.
    const std::string& read(const std::filesystem::path& path);
    /// Registers text that did not come from disk (tests, generated input).
    void add(const std::string& name, std::string text);
    /// The given 1-based line of a file read before, or "" if unknown.
    std::string line(const std::string& file, int line) const;
    /// Every text read or registered, by name (for provenance: hashes of the input files).
    const std::map<std::string, std::string>& texts() const { return texts_; }

private:
    std::map<std::string, std::string> texts_;
};

/// Parses a TOML file; a syntax error becomes an InputError at its line and column.
toml::table parse_toml_file(const std::filesystem::path& path, SourceSet& sources);
/// Parses TOML text registered under `name` in `sources`.
toml::table parse_toml_text(const std::string& name, std::string text, SourceSet& sources);

/// Where a node was written.
SourceLocation location_of(const toml::node& node);

/// A table with a `value` key is one value with its provenance ({ value = "1400 W",
/// source = "...", confidence = "analyst" }), so it is replaced whole, never merged.
bool is_sourced_value(const toml::node& node);

/// Deep merge: tables merge key by key; values, arrays and sourced values in `overrides`
/// replace those in `base`. Nodes are moved, so each keeps its own file and line.
void merge_into(toml::table& base, toml::table&& overrides);

/// Finding at a node, with the line quoted.
Diagnostic diagnostic_at(const toml::node* node, const SourceSet& sources, std::string key,
                         std::string message, std::string fix);

} // namespace rackcalc::core
