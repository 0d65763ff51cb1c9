#include "core/input_error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iostream>
#include <numeric>
#include <tuple>

namespace rackcalc::core {

namespace {

std::string join_messages(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics) {
        if (!out.empty()) {
            out += "\n";
        }
        out += d.format();
    }
    return out;
}

} // namespace

std::string Diagnostic::format(std::string_view severity) const {
    std::string out;
    if (!where.file.empty()) {
        out += where.file;
        if (where.line > 0) {
            out += fmt::format(":{}:{}", where.line, std::max(where.column, 1));
        }
        out += ": ";
    }
    out += severity;
    out += ": ";
    if (!key.empty()) {
        out += fmt::format("[{}] ", key);
    }
    out += message;
    out += '\n';
    if (!line_text.empty() && where.line > 0) {
        const std::string number = std::to_string(where.line);
        out += fmt::format(" {} | {}\n", number, line_text);
        // The caret sits under the column; tabs are kept so it lines up in a terminal.
        std::string pad;
        for (int i = 0; i + 1 < where.column && i < static_cast<int>(line_text.size()); ++i) {
            pad += line_text[static_cast<std::size_t>(i)] == '\t' ? '\t' : ' ';
        }
        out += fmt::format(" {} | {}^\n", std::string(number.size(), ' '), pad);
    }
    if (!fix.empty()) {
        out += fmt::format("  fix: {}\n", fix);
    }
    return out;
}

void warn(const Diagnostic& diagnostic) {
    std::cerr << diagnostic.format("warning");
}

void sort_in_reading_order(std::vector<Diagnostic>& diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::tie(a.where.file, a.where.line, a.where.column) <
                                std::tie(b.where.file, b.where.line, b.where.column);
                     });
}

namespace {

/// Findings in reading order, each once.
std::vector<Diagnostic> in_reading_order(std::vector<Diagnostic> diagnostics) {
    sort_in_reading_order(diagnostics);
    diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end(),
                                  [](const Diagnostic& a, const Diagnostic& b) {
                                      return a.where.file == b.where.file &&
                                             a.where.line == b.where.line &&
                                             a.where.column == b.where.column &&
                                             a.message == b.message;
                                  }),
                      diagnostics.end());
    return diagnostics;
}

} // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : InputError(in_reading_order(std::move(diagnostics)), 0) {}

InputError::InputError(std::vector<Diagnostic> sorted, int)
    : std::runtime_error(join_messages(sorted)), diagnostics_(std::move(sorted)) {}

InputError::InputError(Diagnostic diagnostic)
    : InputError(std::vector<Diagnostic>{std::move(diagnostic)}) {}

SpecError::SpecError(std::string key, const std::string& message, std::string fix)
    : std::invalid_argument(message), key_(std::move(key)), fix_(std::move(fix)) {}

std::string InputError::format() const {
    return join_messages(diagnostics_);
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

} // namespace rackcalc::core
