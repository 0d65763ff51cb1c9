#include "core/toml_source.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <vector>

namespace rackcalc::core {

namespace {

InputLimits& limits_in_force() {
    static InputLimits limits;
    return limits;
}

/// One pass over TOML text that tracks only what the limits need: strings (to skip their
/// contents and measure them), comments, table headers, keys and value brackets.
class LimitScanner {
public:
    LimitScanner(const std::string& name, const std::string& text, const InputLimits& limits)
        : name_(name), text_(text), limits_(limits) {}

    void scan() {
        while (i_ < text_.size()) {
            const char c = text_[i_];
            if (c == '\n') {
                newline();
            } else if (c == '#') {
                while (i_ < text_.size() && text_[i_] != '\n') {
                    ++i_;
                }
                continue;
            } else if (c == '"' || c == '\'') {
                string(c);
                continue;
            } else if (c == '[' && at_line_start_ && open_.empty()) {
                header();
                continue;
            } else if (c == '[' || c == '{') {
                open_.push_back(c);
                saved_parts_.push_back(key_parts_);
                key_parts_ = c == '{' ? 1 : 0;
                in_key_ = c == '{';
                check_nesting();
            } else if (c == ']' || c == '}') {
                if (!open_.empty()) {
                    open_.pop_back();
                    key_parts_ = saved_parts_.back();
                    saved_parts_.pop_back();
                }
                in_key_ = false;
            } else if (c == ',' && !open_.empty() && open_.back() == '{') {
                in_key_ = true;
                key_parts_ = 1;
            } else if (c == '=') {
                in_key_ = false;
            } else if (c == '.' && in_key_) {
                ++key_parts_;
                check_nesting();
            }
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                at_line_start_ = false;
            }
            ++i_;
        }
    }

private:
    const std::string& name_;
    const std::string& text_;
    const InputLimits& limits_;
    std::size_t i_ = 0;
    int line_ = 1;
    std::size_t line_start_ = 0;
    bool at_line_start_ = true;
    bool in_key_ = true;
    int key_parts_ = 1;
    int header_parts_ = 0;
    std::string open_;             ///< unclosed '[' and '{' of values
    std::vector<int> saved_parts_; ///< key parts of the enclosing keys of each open bracket

    void newline() {
        ++line_;
        line_start_ = i_ + 1;
        if (open_.empty()) {
            at_line_start_ = true;
            in_key_ = true;
            key_parts_ = 1;
        }
    }

    SourceLocation here() const { return {name_, line_, static_cast<int>(i_ - line_start_) + 1}; }

    [[noreturn]] void fail(const std::string& what, std::size_t value, std::size_t limit,
                           const std::string& option) const {
        Diagnostic d = over_limit(here(), "", what, value, limit, option);
        std::size_t end = text_.find('\n', line_start_);
        end = end == std::string::npos ? text_.size() : end;
        d.line_text = text_.substr(line_start_, std::min<std::size_t>(end - line_start_, 200));
        throw InputError(std::move(d));
    }

    void check_nesting() const {
        std::size_t depth = static_cast<std::size_t>(header_parts_) +
                            static_cast<std::size_t>(key_parts_) + open_.size();
        for (const int parts : saved_parts_) {
            depth += static_cast<std::size_t>(parts);
        }
        if (depth > static_cast<std::size_t>(limits_.max_nesting)) {
            fail("the nesting of tables, dotted keys, arrays and inline tables", depth,
                 static_cast<std::size_t>(limits_.max_nesting), "--max-nesting");
        }
    }

    /// A table header [a.b.c] or [[a.b]]: its dotted parts set the base depth of its keys.
    void header() {
        header_parts_ = 1;
        key_parts_ = 0;
        ++i_;
        while (i_ < text_.size() && text_[i_] != '\n') {
            const char c = text_[i_];
            if (c == '"' || c == '\'') {
                string(c);
                continue;
            }
            if (c == ']' || c == '#') {
                break;
            }
            if (c == '.') {
                ++header_parts_;
                check_nesting();
            }
            ++i_;
        }
        while (i_ < text_.size() && text_[i_] != '\n' && text_[i_] != '#') {
            ++i_;
        }
        key_parts_ = 1;
    }

    /// A string starting at i_ with `quote`; multi-line when the quote is tripled.
    void string(char quote) {
        const bool multi = text_.compare(i_, 3, std::string(3, quote)) == 0;
        const SourceLocation start = here();
        const std::size_t start_line = line_start_;
        i_ += multi ? 3 : 1;
        const std::size_t begin = i_;
        while (i_ < text_.size()) {
            const char c = text_[i_];
            if (c == '\\' && quote == '"') {
                i_ += 2;
                continue;
            }
            if (c == '\n') {
                if (!multi) {
                    break; // the parser reports the unterminated string
                }
                ++line_;
                line_start_ = i_ + 1;
            }
            if (c == quote && (!multi || text_.compare(i_, 3, std::string(3, quote)) == 0)) {
                break;
            }
            ++i_;
        }
        const std::size_t length = std::min(i_, text_.size()) - begin;
        if (length > limits_.max_string_bytes) {
            Diagnostic d = over_limit(start, "", "a string's length in bytes", length,
                                      limits_.max_string_bytes, "--max-string-bytes");
            std::size_t end = text_.find('\n', start_line);
            end = end == std::string::npos ? text_.size() : end;
            d.line_text = text_.substr(start_line, std::min<std::size_t>(end - start_line, 200));
            throw InputError(std::move(d));
        }
        i_ = std::min(i_ + (multi ? 3 : 1), text_.size());
        at_line_start_ = false;
    }
};

} // namespace

const InputLimits& input_limits() {
    return limits_in_force();
}

void set_input_limits(const InputLimits& limits) {
    limits_in_force() = limits;
}

Diagnostic over_limit(SourceLocation where, std::string key, const std::string& what,
                      std::size_t value, std::size_t limit, const std::string& option) {
    Diagnostic d;
    d.where = std::move(where);
    d.key = std::move(key);
    d.message = fmt::format("{} is {}, above the limit of {}", what, value, limit);
    d.fix = fmt::format("if this input is meant, raise the limit with {} N on the command line",
                        option);
    return d;
}

void check_input_limits(const std::string& name, const std::string& text,
                        const InputLimits& limits) {
    if (text.size() > limits.max_file_bytes) {
        throw InputError(over_limit({name, 0, 0}, "", "the file's size in bytes", text.size(),
                                    limits.max_file_bytes, "--max-file-bytes"));
    }
    LimitScanner(name, text, limits).scan();
}

const std::string& SourceSet::read(const std::filesystem::path& path) {
    const std::string name = path.string();
    if (auto it = texts_.find(name); it != texts_.end()) {
        return it->second;
    }
    std::error_code ec;
    if (const auto size = std::filesystem::file_size(path, ec);
        !ec && size > input_limits().max_file_bytes) {
        throw InputError(over_limit({name, 0, 0}, "", "the file's size in bytes",
                                    static_cast<std::size_t>(size), input_limits().max_file_bytes,
                                    "--max-file-bytes"));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in || std::filesystem::is_directory(path, ec)) {
        Diagnostic d;
        d.where.file = name;
        d.message = fmt::format("cannot open \"{}\"", name);
        d.fix = "check the path; case files are TOML files such as "
                "cases/examples/gb300-nvl72.toml";
        throw InputError(std::move(d));
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return texts_[name] = buffer.str();
}

void SourceSet::add(const std::string& name, std::string text) {
    texts_[name] = std::move(text);
}

std::string SourceSet::line(const std::string& file, int line) const {
    auto it = texts_.find(file);
    if (it == texts_.end() || line <= 0) {
        return {};
    }
    std::istringstream in(it->second);
    std::string text;
    for (int i = 1; std::getline(in, text); ++i) {
        if (i == line) {
            if (!text.empty() && text.back() == '\r') {
                text.pop_back();
            }
            return text;
        }
    }
    return {};
}

namespace {

toml::table parse_registered(const std::string& name, const std::string& text,
                             const SourceSet& sources) {
    check_input_limits(name, text, input_limits());
    try {
        return toml::parse(text, name);
    } catch (const toml::parse_error& e) {
        const auto& begin = e.source().begin;
        Diagnostic d;
        d.where = {name, static_cast<int>(begin.line), static_cast<int>(begin.column)};
        d.message = fmt::format("TOML syntax error: {}", e.description());
        d.fix = "correct the TOML syntax at the caret (strings need quotes, tables [name], "
                "keys key = value)";
        d.line_text = sources.line(name, d.where.line);
        throw InputError(std::move(d));
    }
}

} // namespace

toml::table parse_toml_file(const std::filesystem::path& path, SourceSet& sources) {
    const std::string& text = sources.read(path);
    return parse_registered(path.string(), text, sources);
}

toml::table parse_toml_text(const std::string& name, std::string text, SourceSet& sources) {
    sources.add(name, text);
    return parse_registered(name, text, sources);
}

SourceLocation location_of(const toml::node& node) {
    const auto& src = node.source();
    return {src.path ? *src.path : std::string(), static_cast<int>(src.begin.line),
            static_cast<int>(src.begin.column)};
}

bool is_sourced_value(const toml::node& node) {
    const auto* t = node.as_table();
    return t != nullptr && t->contains("value");
}

void merge_into(toml::table& base, toml::table&& overrides) {
    for (auto&& [key, node] : overrides) {
        auto* existing = base.get(key.str());
        auto* override_table = node.as_table();
        if (existing != nullptr && existing->is_table() && override_table != nullptr &&
            !is_sourced_value(*existing) && !is_sourced_value(node)) {
            merge_into(*existing->as_table(), std::move(*override_table));
        } else {
            base.insert_or_assign(key, std::move(node));
        }
    }
}

Diagnostic diagnostic_at(const toml::node* node, const SourceSet& sources, std::string key,
                         std::string message, std::string fix) {
    Diagnostic d;
    if (node != nullptr) {
        d.where = location_of(*node);
        d.line_text = sources.line(d.where.file, d.where.line);
    }
    d.key = std::move(key);
    d.message = std::move(message);
    d.fix = std::move(fix);
    return d;
}

} // namespace rackcalc::core
