#pragma once
// Errors in user input that point at the file, line, column and key, quote the offending
// line with a caret under it, and say how to fix it.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rackcalc::core {

struct SourceLocation {
    std::string file; ///< path as the user gave it; empty when not from a file
    int line = 0;     ///< 1-based; 0 when unknown
    int column = 0;   ///< 1-based; 0 when unknown
};

/// One finding about the input.
struct Diagnostic {
    SourceLocation where;
    std::string key;       ///< dotted key path, e.g. "cooling.supply_temperature"
    std::string message;   ///< what is wrong, with the offending value
    std::string fix;       ///< how to fix it; may be empty
    std::string line_text; ///< the offending source line, quoted under the message

    /// "file:line:col: error: [key] message", the quoted line with a caret, and "fix: ...".
    /// `severity` replaces "error" (e.g. "warning").
    std::string format(std::string_view severity = "error") const;
};

/// Thrown when input is invalid; carries every finding, not only the first, in reading
/// order (file, line, column), each once.
class InputError : public std::runtime_error {
public:
    explicit InputError(std::vector<Diagnostic> diagnostics);
    explicit InputError(Diagnostic diagnostic);

    const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
    /// All findings, formatted, separated by blank lines.
    std::string format() const;

private:
    InputError(std::vector<Diagnostic> sorted, int);
    std::vector<Diagnostic> diagnostics_;
};

/// An inconsistency a model finds while building from a checked spec (a rack that carries
/// cold plates but has no manifold): the dotted key the user should change, what is wrong and
/// how to fix it. It is a std::invalid_argument, so code that does not know it still reports
/// it; the command line turns it into an InputError at that key's line in the case's files
/// (cases::locate).
class SpecError : public std::invalid_argument {
public:
    SpecError(std::string key, const std::string& message, std::string fix = {});
    const std::string& key() const { return key_; }
    const std::string& fix() const { return fix_; }

private:
    std::string key_;
    std::string fix_;
};

/// Writes a finding that does not stop the run to standard error, as "warning: ...".
void warn(const Diagnostic& diagnostic);

/// Sorts findings by file, line and column (stable).
void sort_in_reading_order(std::vector<Diagnostic>& diagnostics);

/// Edit distance between two keys (Levenshtein), for "did you mean" suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);

/// The candidate closest to `word` if it is close enough to be a plausible typo.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

} // namespace rackcalc::core
