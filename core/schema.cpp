#include "core/schema.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <set>
#include <sstream>

namespace rackcalc::core {

namespace {

const std::vector<std::string>& provenance_keys() {
    static const std::vector<std::string> keys{"source", "confidence", "note", "alternatives",
                                               "describes"};
    return keys;
}

bool is_provenance_key(std::string_view key) {
    for (const auto& k : provenance_keys()) {
        if (k == key) {
            return true;
        }
    }
    return false;
}

bool is_number_type(ValueType t) {
    return t == ValueType::quantity || t == ValueType::integer || t == ValueType::real;
}

std::string join(const std::vector<std::string>& words, std::string_view sep = ", ") {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) {
            out += sep;
        }
        out += w;
    }
    return out;
}

std::string child_path(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

/// The value as written in TOML ("45 kW" with quotes, 3.5, true).
std::string as_written(const toml::node& node) {
    if (const auto* s = node.as_string()) {
        return "\"" + s->get() + "\"";
    }
    std::ostringstream out;
    node.visit([&out](const auto& v) { out << v; });
    return out.str();
}

/// The node that holds the value itself: unwraps { value = ..., source = ... }.
const toml::node* unwrap(const toml::node* node) {
    if (node != nullptr && is_sourced_value(*node)) {
        return node->as_table()->get("value");
    }
    return node;
}

std::string limit_text(double si, const KeySpec& spec) {
    if (spec.type == ValueType::quantity) {
        return format_quantity(si, spec.unit);
    }
    return fmt::format("{:g}", si);
}

std::string range_text(const KeySpec& spec) {
    if (spec.min_si && spec.max_si) {
        return fmt::format("{} to {}", limit_text(*spec.min_si, spec),
                           limit_text(*spec.max_si, spec));
    }
    if (spec.min_si) {
        return fmt::format("{} {}",
                           spec.min_exclusive ? ">" : ">=", limit_text(*spec.min_si, spec));
    }
    if (spec.max_si) {
        return fmt::format("<= {}", limit_text(*spec.max_si, spec));
    }
    return {};
}

class Validator {
public:
    Validator(const SourceSet& sources, std::vector<Diagnostic>& findings)
        : sources_(sources), findings_(findings) {}

    void table(const toml::table& t, const TableSpec& spec, const std::string& path) {
        for (const auto& [key, node] : t) {
            const std::string name(key.str());
            const std::string key_path = child_path(path, name);
            if (spec.provenance && is_provenance_key(name)) {
                provenance_key(node, name, key_path);
                continue;
            }
            const KeySpec* ks = spec.find(name);
            if (ks == nullptr) {
                unknown_key(key, spec, path);
                continue;
            }
            value(node, *ks, key_path);
        }
        for (const auto& ks : spec.keys) {
            if (ks.required && !t.contains(ks.name)) {
                findings_.push_back(diagnostic_at(
                    &t, sources_, child_path(path, ks.name),
                    fmt::format("required key \"{}\" is missing from [{}]", ks.name, path),
                    fmt::format("add {} = ... ({})", ks.name, ks.doc)));
            }
        }
    }

private:
    const SourceSet& sources_;
    std::vector<Diagnostic>& findings_;

    void add(const toml::node& node, const std::string& key_path, std::string message,
             std::string fix) {
        findings_.push_back(
            diagnostic_at(&node, sources_, key_path, std::move(message), std::move(fix)));
    }

    void unknown_key(const toml::key& key, const TableSpec& spec, const std::string& path) {
        const std::string name(key.str());
        auto candidates = spec.key_names();
        if (spec.provenance) {
            candidates.insert(candidates.end(), provenance_keys().begin(), provenance_keys().end());
        }
        const std::string suggestion = closest_match(name, candidates);
        Diagnostic d;
        const auto& src = key.source();
        d.where = {src.path ? *src.path : std::string(), static_cast<int>(src.begin.line),
                   static_cast<int>(src.begin.column)};
        d.line_text = sources_.line(d.where.file, d.where.line);
        d.key = child_path(path, name);
        d.message = fmt::format("unknown key \"{}\" in {}", name,
                                path.empty() ? std::string("the top level") : "[" + path + "]");
        d.fix = suggestion.empty() ? fmt::format("allowed keys here: {}", join(spec.key_names()))
                                   : fmt::format("did you mean \"{}\"?", suggestion);
        findings_.push_back(std::move(d));
    }

    void provenance_key(const toml::node& node, const std::string& name,
                        const std::string& key_path) {
        if (!node.is_string()) {
            add(node, key_path, fmt::format("{} = {} must be a string", name, as_written(node)),
                fmt::format("write {} = \"...\"", name));
            return;
        }
        if (name == "confidence") {
            const std::string level = node.as_string()->get();
            const auto& levels = confidence_levels();
            if (std::find(levels.begin(), levels.end(), level) == levels.end()) {
                const std::string suggestion = closest_match(level, levels);
                add(node, key_path,
                    fmt::format("confidence = \"{}\" is not one of {}", level, join(levels)),
                    suggestion.empty() ? fmt::format("use one of {}", join(levels))
                                       : fmt::format("did you mean \"{}\"?", suggestion));
            }
        }
    }

    void value(const toml::node& node, const KeySpec& ks, const std::string& key_path) {
        switch (ks.type) {
        case ValueType::table:
            if (const auto* t = node.as_table()) {
                table(*t, *ks.sub, key_path);
            } else {
                add(node, key_path, fmt::format("{} must be a table", ks.name),
                    fmt::format("write it as [{}] with its keys below", key_path));
            }
            return;
        case ValueType::table_map:
            if (const auto* t = node.as_table()) {
                for (const auto& [name, entry] : *t) {
                    const std::string entry_path = child_path(key_path, name.str());
                    if (const auto* et = entry.as_table()) {
                        table(*et, *ks.sub, entry_path);
                    } else {
                        add(entry, entry_path,
                            fmt::format("{} must be a table of keys", entry_path),
                            fmt::format("write it as [{}]", entry_path));
                    }
                }
            } else {
                add(node, key_path, fmt::format("{} must be a table of named tables", ks.name),
                    fmt::format("write entries as [{}.<name>]", key_path));
            }
            return;
        case ValueType::table_array:
            if (const auto* a = node.as_array()) {
                std::size_t i = 0;
                for (const auto& item : *a) {
                    const std::string item_path = fmt::format("{}[{}]", key_path, i++);
                    if (const auto* it = item.as_table()) {
                        table(*it, *ks.sub, item_path);
                    } else {
                        add(item, item_path, fmt::format("{} must be a table", item_path),
                            "write each entry as { key = value, ... }");
                    }
                }
            } else {
                add(node, key_path, fmt::format("{} must be an array of tables", ks.name),
                    fmt::format("write [[{}]] blocks or {} = [ {{ ... }}, ... ]", key_path,
                                ks.name));
            }
            return;
        default:
            break;
        }
        if (is_sourced_value(node)) {
            sourced(*node.as_table(), ks, key_path);
        } else {
            leaf(node, ks, key_path);
        }
    }

    void sourced(const toml::table& t, const KeySpec& ks, const std::string& key_path) {
        for (const auto& [key, node] : t) {
            const std::string name(key.str());
            if (name == "value") {
                leaf(node, ks, key_path);
            } else if (is_provenance_key(name)) {
                provenance_key(node, name, child_path(key_path, name));
            } else {
                Diagnostic d = diagnostic_at(
                    &node, sources_, child_path(key_path, name),
                    fmt::format("unknown key \"{}\" in the sourced value of {}", name, ks.name),
                    "a sourced value has value, source, confidence, note, alternatives, describes");
                const std::string suggestion = closest_match(name, provenance_keys());
                if (!suggestion.empty()) {
                    d.fix = fmt::format("did you mean \"{}\"?", suggestion);
                }
                findings_.push_back(std::move(d));
            }
        }
    }

    void leaf(const toml::node& node, const KeySpec& ks, const std::string& key_path) {
        const std::string written = as_written(node);
        switch (ks.type) {
        case ValueType::quantity: {
            double v = 0.0;
            if (const auto* s = node.as_string()) {
                try {
                    v = parse_quantity(s->get(), *ks.kind);
                } catch (const QuantityError& e) {
                    add(node, key_path, fmt::format("{} = {}: {}", ks.name, written, e.what()),
                        e.fix());
                    return;
                }
            } else if (node.is_number()) {
                if (ks.kind->dimension != Dimension{}) {
                    add(node, key_path,
                        fmt::format("{} = {} has no unit; a {} is needed", ks.name, written,
                                    ks.kind->name),
                        fmt::format("write it with its unit as a string, e.g. {} = \"{} {}\"",
                                    ks.name, written, ks.unit));
                    return;
                }
                v = node.value<double>().value_or(0.0);
            } else {
                add(node, key_path, fmt::format("{} = {} is not a quantity", ks.name, written),
                    fmt::format("write a {} as a string, e.g. {} = \"{}\"", ks.kind->name, ks.name,
                                ks.kind->example));
                return;
            }
            check_range(node, ks, key_path, v, written);
            return;
        }
        case ValueType::integer:
            if (!node.is_integer()) {
                add(node, key_path, fmt::format("{} = {} is not a whole number", ks.name, written),
                    fmt::format("write a whole number without quotes, e.g. {} = 4", ks.name));
                return;
            }
            check_range(node, ks, key_path, static_cast<double>(node.as_integer()->get()), written);
            return;
        case ValueType::real:
            if (!node.is_number()) {
                add(node, key_path, fmt::format("{} = {} is not a number", ks.name, written),
                    fmt::format("write a number without quotes, e.g. {} = 0.9", ks.name));
                return;
            }
            check_range(node, ks, key_path, node.value<double>().value_or(0.0), written);
            return;
        case ValueType::string:
            if (!node.is_string()) {
                add(node, key_path, fmt::format("{} = {} is not a string", ks.name, written),
                    fmt::format("put the text in quotes: {} = \"...\"", ks.name));
            }
            return;
        case ValueType::boolean:
            if (!node.is_boolean()) {
                add(node, key_path, fmt::format("{} = {} is not true or false", ks.name, written),
                    fmt::format("write {} = true or {} = false", ks.name, ks.name));
            }
            return;
        case ValueType::choice: {
            const auto* s = node.as_string();
            if (s == nullptr ||
                std::find(ks.choices.begin(), ks.choices.end(), s->get()) == ks.choices.end()) {
                const std::string suggestion =
                    s != nullptr ? closest_match(s->get(), ks.choices) : std::string();
                add(node, key_path,
                    fmt::format("{} = {} is not one of: {}", ks.name, written, join(ks.choices)),
                    suggestion.empty() ? fmt::format("use one of: {}", join(ks.choices))
                                       : fmt::format("did you mean \"{}\"?", suggestion));
            }
            return;
        }
        case ValueType::string_array: {
            const auto* a = node.as_array();
            bool ok = a != nullptr;
            if (ok) {
                for (const auto& item : *a) {
                    ok = ok && item.is_string();
                }
            }
            if (!ok) {
                add(node, key_path,
                    fmt::format("{} = {} is not a list of strings", ks.name, written),
                    fmt::format("write {} = [\"a\", \"b\"]", ks.name));
            }
            return;
        }
        default:
            return;
        }
    }

    void check_range(const toml::node& node, const KeySpec& ks, const std::string& key_path,
                     double v, const std::string& written) {
        if (!std::isfinite(v)) {
            add(node, key_path, fmt::format("{} = {} is not a finite number", ks.name, written),
                fmt::format("write a finite value{} ({})",
                            ks.min_si || ks.max_si ? " in the range " + range_text(ks) : "",
                            ks.doc));
            return;
        }
        const bool below = ks.min_si && (ks.min_exclusive ? v <= *ks.min_si : v < *ks.min_si);
        const bool above = ks.max_si && v > *ks.max_si;
        if (!below && !above) {
            return;
        }
        const std::string bound =
            below ? fmt::format("{} the minimum {}", ks.min_exclusive ? "at or below" : "below",
                                limit_text(*ks.min_si, ks))
                  : fmt::format("above the maximum {}", limit_text(*ks.max_si, ks));
        add(node, key_path, fmt::format("{} = {} is {}", ks.name, written, bound),
            fmt::format("use a value in the allowed range {} ({})", range_text(ks), ks.doc));
    }
};

KeySpec make(std::string name, ValueType type, std::string doc) {
    KeySpec k;
    k.name = std::move(name);
    k.type = type;
    k.doc = std::move(doc);
    return k;
}

} // namespace

const std::vector<std::string>& confidence_levels() {
    static const std::vector<std::string> levels{"vendor", "analyst", "inferred", "unverified"};
    return levels;
}

KeySpec KeySpec::def(std::string text) const {
    KeySpec k = *this;
    k.default_text = std::move(text);
    return k;
}

KeySpec KeySpec::range(std::optional<double> lo, std::optional<double> hi) const {
    KeySpec k = *this;
    const Unit u = type == ValueType::quantity ? parse_unit(unit) : Unit{};
    if (lo) {
        k.min_si = u.factor * *lo + u.offset;
    }
    if (hi) {
        k.max_si = u.factor * *hi + u.offset;
    }
    return k;
}

KeySpec KeySpec::above(double lo) const {
    KeySpec k = range(lo, std::nullopt);
    k.max_si = max_si;
    k.min_exclusive = true;
    return k;
}

KeySpec KeySpec::needed() const {
    KeySpec k = *this;
    k.required = true;
    return k;
}

KeySpec quantity(std::string name, const QuantityKind& kind, std::string unit, std::string doc) {
    KeySpec k = make(std::move(name), ValueType::quantity, std::move(doc));
    k.kind = &kind;
    k.unit = std::move(unit);
    return k;
}
KeySpec integer(std::string name, std::string doc) {
    return make(std::move(name), ValueType::integer, std::move(doc));
}
KeySpec real(std::string name, std::string doc) {
    return make(std::move(name), ValueType::real, std::move(doc));
}
KeySpec text(std::string name, std::string doc) {
    return make(std::move(name), ValueType::string, std::move(doc));
}
KeySpec boolean(std::string name, std::string doc) {
    return make(std::move(name), ValueType::boolean, std::move(doc));
}
KeySpec choice(std::string name, std::vector<std::string> choices, std::string doc) {
    KeySpec k = make(std::move(name), ValueType::choice, std::move(doc));
    k.choices = std::move(choices);
    return k;
}
KeySpec string_list(std::string name, std::string doc) {
    return make(std::move(name), ValueType::string_array, std::move(doc));
}
KeySpec table(std::string name, std::shared_ptr<const TableSpec> sub, std::string doc) {
    KeySpec k = make(std::move(name), ValueType::table, std::move(doc));
    k.sub = std::move(sub);
    return k;
}
KeySpec table_map(std::string name, std::shared_ptr<const TableSpec> sub, std::string doc) {
    KeySpec k = make(std::move(name), ValueType::table_map, std::move(doc));
    k.sub = std::move(sub);
    return k;
}
KeySpec table_array(std::string name, std::shared_ptr<const TableSpec> sub, std::string doc) {
    KeySpec k = make(std::move(name), ValueType::table_array, std::move(doc));
    k.sub = std::move(sub);
    return k;
}

const KeySpec* TableSpec::find(std::string_view key) const {
    for (const auto& k : keys) {
        if (k.name == key) {
            return &k;
        }
    }
    return nullptr;
}

std::vector<std::string> TableSpec::key_names() const {
    std::vector<std::string> names;
    names.reserve(keys.size());
    for (const auto& k : keys) {
        names.push_back(k.name);
    }
    return names;
}

void validate(const toml::table& table, const TableSpec& spec, const std::string& path,
              const SourceSet& sources, std::vector<Diagnostic>& findings) {
    std::vector<Diagnostic> found;
    Validator(sources, found).table(table, spec, path);
    sort_in_reading_order(found);
    findings.insert(findings.end(), found.begin(), found.end());
}

namespace {

void collect_unsourced(const toml::table& t, const TableSpec& spec, const std::string& path,
                       bool covered, const SourceSet& sources, std::vector<Diagnostic>& out) {
    covered = covered || t.contains("source");
    for (const auto& [key, node] : t) {
        const KeySpec* ks = spec.find(key.str());
        if (ks == nullptr) {
            continue;
        }
        const std::string key_path = child_path(path, key.str());
        switch (ks->type) {
        case ValueType::table:
            if (const auto* sub = node.as_table()) {
                collect_unsourced(*sub, *ks->sub, key_path, covered, sources, out);
            }
            break;
        case ValueType::table_map:
            if (const auto* sub = node.as_table()) {
                for (const auto& [name, entry] : *sub) {
                    if (const auto* et = entry.as_table()) {
                        collect_unsourced(*et, *ks->sub, child_path(key_path, name.str()), covered,
                                          sources, out);
                    }
                }
            }
            break;
        case ValueType::table_array:
            if (const auto* a = node.as_array()) {
                std::size_t i = 0;
                for (const auto& item : *a) {
                    if (const auto* it = item.as_table()) {
                        collect_unsourced(*it, *ks->sub, fmt::format("{}[{}]", key_path, i),
                                          covered, sources, out);
                    }
                    ++i;
                }
            }
            break;
        default:
            if (is_number_type(ks->type) && !covered &&
                !(is_sourced_value(node) && node.as_table()->contains("source"))) {
                out.push_back(diagnostic_at(&node, sources, key_path,
                                            fmt::format("{} has no source", key_path),
                                            "write it as { value = ..., source = \"...\", "
                                            "confidence = \"vendor|analyst|inferred\" } or give "
                                            "the enclosing table a source"));
            }
        }
    }
}

} // namespace

std::vector<Diagnostic> unsourced_numbers(const toml::table& table, const TableSpec& spec,
                                          const std::string& path, const SourceSet& sources) {
    std::vector<Diagnostic> out;
    collect_unsourced(table, spec, path, false, sources, out);
    return out;
}

CheckedTable::CheckedTable(const toml::table* table, const TableSpec& spec, std::string path,
                           const SourceSet& sources, Provenance inherited)
    : table_(table), spec_(&spec), path_(std::move(path)), sources_(&sources),
      inherited_(std::move(inherited)) {
    if (table_ == nullptr) {
        return;
    }
    auto text_of = [this](std::string_view key) {
        const auto* n = table_->get(key);
        return n != nullptr && n->is_string() ? n->as_string()->get() : std::string();
    };
    if (table_->contains("source")) {
        inherited_.source = text_of("source");
        inherited_.confidence = text_of("confidence");
        inherited_.note = text_of("note");
        inherited_.alternatives = text_of("alternatives");
        inherited_.describes = text_of("describes");
        inherited_.where = location_of(*table_);
    }
}

const KeySpec& CheckedTable::spec_of(std::string_view key) const {
    const KeySpec* ks = spec_->find(key);
    if (ks == nullptr) {
        throw std::logic_error(fmt::format("schema of [{}] has no key \"{}\"", path_, key));
    }
    return *ks;
}

const toml::node* CheckedTable::value_node(std::string_view key) const {
    return table_ != nullptr ? unwrap(table_->get(key)) : nullptr;
}

std::string CheckedTable::key_path(std::string_view key) const {
    return child_path(path_, key);
}

bool CheckedTable::has(std::string_view key) const {
    return value_node(key) != nullptr;
}

Diagnostic CheckedTable::diagnostic(std::string_view key, std::string message,
                                    std::string fix) const {
    const toml::node* node = table_ != nullptr ? table_->get(key) : nullptr;
    if (node == nullptr) {
        node = table_;
    }
    return diagnostic_at(node, *sources_, key_path(key), std::move(message), std::move(fix));
}

namespace {

[[noreturn]] void missing(const CheckedTable& t, std::string_view key, const KeySpec& ks) {
    throw InputError(t.diagnostic(key, fmt::format("required key \"{}\" is missing", key),
                                  fmt::format("add {} = ... ({})", key, ks.doc)));
}

} // namespace

std::optional<double> CheckedTable::optional_quantity(std::string_view key) const {
    const KeySpec& ks = spec_of(key);
    const toml::node* node = value_node(key);
    try {
        if (node != nullptr) {
            if (const auto* s = node->as_string()) {
                return parse_quantity(s->get(), *ks.kind);
            }
            return node->value<double>();
        }
        if (ks.default_text) {
            return parse_quantity(*ks.default_text, *ks.kind);
        }
    } catch (const QuantityError& e) {
        throw InputError(diagnostic(key, e.what(), e.fix()));
    }
    return std::nullopt;
}

double CheckedTable::quantity(std::string_view key) const {
    if (auto v = optional_quantity(key)) {
        return *v;
    }
    missing(*this, key, spec_of(key));
}

std::int64_t CheckedTable::integer(std::string_view key) const {
    const KeySpec& ks = spec_of(key);
    if (const toml::node* node = value_node(key); node != nullptr && node->is_integer()) {
        return node->as_integer()->get();
    }
    if (ks.default_text) {
        return std::stoll(*ks.default_text);
    }
    missing(*this, key, ks);
}

double CheckedTable::real(std::string_view key) const {
    const KeySpec& ks = spec_of(key);
    if (const toml::node* node = value_node(key); node != nullptr && node->is_number()) {
        return node->value<double>().value_or(0.0);
    }
    if (ks.default_text) {
        return std::stod(*ks.default_text);
    }
    missing(*this, key, ks);
}

std::string CheckedTable::string(std::string_view key) const {
    const KeySpec& ks = spec_of(key);
    if (const toml::node* node = value_node(key); node != nullptr && node->is_string()) {
        return node->as_string()->get();
    }
    if (ks.default_text) {
        return *ks.default_text;
    }
    missing(*this, key, ks);
}

bool CheckedTable::boolean(std::string_view key) const {
    const KeySpec& ks = spec_of(key);
    if (const toml::node* node = value_node(key); node != nullptr && node->is_boolean()) {
        return node->as_boolean()->get();
    }
    if (ks.default_text) {
        return *ks.default_text == "true";
    }
    missing(*this, key, ks);
}

std::vector<std::string> CheckedTable::strings(std::string_view key) const {
    std::vector<std::string> out;
    if (const toml::node* node = value_node(key); node != nullptr && node->is_array()) {
        for (const auto& item : *node->as_array()) {
            if (const auto* s = item.as_string()) {
                out.push_back(s->get());
            }
        }
    }
    return out;
}

std::vector<double> CheckedTable::quantities(std::string_view key, const QuantityKind& kind,
                                             bool positive,
                                             std::vector<Diagnostic>& problems) const {
    std::vector<double> out;
    for (const auto& text : strings(key)) {
        double v = std::numeric_limits<double>::quiet_NaN();
        try {
            v = parse_quantity(text, kind);
        } catch (const std::exception& e) {
            problems.push_back(diagnostic(key, fmt::format("\"{}\": {}", text, e.what()),
                                          "write each value with its unit"));
            out.push_back(v);
            continue;
        }
        if (!std::isfinite(v) || (positive ? !(v > 0.0) : !(v >= 0.0))) {
            problems.push_back(diagnostic(
                key, fmt::format("\"{}\" must be {}", text, positive ? "positive" : ">= 0"),
                positive ? "give positive values" : "give values >= 0"));
            v = std::numeric_limits<double>::quiet_NaN();
        }
        out.push_back(v);
    }
    return out;
}

CheckedTable CheckedTable::table(std::string_view key) const {
    const KeySpec& ks = spec_of(key);
    const toml::node* node = table_ != nullptr ? table_->get(key) : nullptr;
    return CheckedTable(node != nullptr ? node->as_table() : nullptr, *ks.sub, key_path(key),
                        *sources_, inherited_);
}

std::vector<std::pair<std::string, CheckedTable>> CheckedTable::tables(std::string_view key) const {
    const KeySpec& ks = spec_of(key);
    std::vector<std::pair<std::string, CheckedTable>> out;
    const toml::node* node = table_ != nullptr ? table_->get(key) : nullptr;
    if (node == nullptr || !node->is_table()) {
        return out;
    }
    for (const auto& [name, entry] : *node->as_table()) {
        out.emplace_back(std::string(name.str()),
                         CheckedTable(entry.as_table(), *ks.sub,
                                      child_path(key_path(key), name.str()), *sources_,
                                      inherited_));
    }
    return out;
}

std::vector<CheckedTable> CheckedTable::array(std::string_view key) const {
    const KeySpec& ks = spec_of(key);
    std::vector<CheckedTable> out;
    const toml::node* node = table_ != nullptr ? table_->get(key) : nullptr;
    if (node == nullptr || !node->is_array()) {
        return out;
    }
    std::size_t i = 0;
    for (const auto& item : *node->as_array()) {
        out.emplace_back(item.as_table(), *ks.sub, fmt::format("{}[{}]", key_path(key), i++),
                         *sources_, inherited_);
    }
    return out;
}

Provenance CheckedTable::provenance(std::string_view key) const {
    const toml::node* node = table_ != nullptr ? table_->get(key) : nullptr;
    if (node != nullptr && is_sourced_value(*node)) {
        const auto& t = *node->as_table();
        auto text_of = [&t](std::string_view k) {
            const auto* n = t.get(k);
            return n != nullptr && n->is_string() ? n->as_string()->get() : std::string();
        };
        Provenance p{text_of("source"),       text_of("confidence"), text_of("note"),
                     text_of("alternatives"), text_of("describes"),  location_of(*node)};
        if (p.source.empty()) {
            p.source = inherited_.source;
            p.confidence = p.confidence.empty() ? inherited_.confidence : p.confidence;
        }
        return p;
    }
    if (node == nullptr) {
        Provenance p;
        p.source = "RackCalc default";
        p.confidence = "inferred";
        return p;
    }
    Provenance p = inherited_;
    p.where = location_of(*node);
    if (p.source.empty()) {
        p.source = fmt::format("{}:{}", p.where.file, p.where.line);
        p.confidence = "inferred";
    }
    return p;
}

namespace {

std::string type_name(const KeySpec& k) {
    switch (k.type) {
    case ValueType::quantity:
        return k.kind->name == kinds::dimensionless.name ? "number" : std::string(k.kind->name);
    case ValueType::integer:
        return "integer";
    case ValueType::real:
        return "number";
    case ValueType::string:
        return "string";
    case ValueType::boolean:
        return "boolean";
    case ValueType::choice:
        return "one of: " + join(k.choices, ", ");
    case ValueType::string_array:
        return "list of strings";
    case ValueType::table:
        return "table";
    case ValueType::table_map:
        return "tables by name";
    case ValueType::table_array:
        return "array of tables";
    }
    return {};
}

std::string escape_cell(std::string s) {
    std::string out;
    for (char c : s) {
        if (c == '|') {
            out += "\\|";
        } else {
            out += c;
        }
    }
    return out;
}

void markdown_table(const TableSpec& spec, const std::string& heading, std::string& out,
                    std::vector<std::pair<std::string, const TableSpec*>>& queue) {
    out += fmt::format("\n## `{}`\n\n{}\n\n", heading, spec.doc);
    if (spec.provenance) {
        out += "Numbers here may carry provenance: write `key = { value = ..., source = \"...\", "
               "confidence = \"vendor|analyst|inferred|unverified\" }`, or give the table its own "
               "`source` and `confidence`.\n\n";
    }
    out += "| key | type | unit | default | allowed | description |\n";
    out += "|---|---|---|---|---|---|\n";
    for (const auto& k : spec.keys) {
        out += fmt::format("| `{}`{} | {} | {} | {} | {} | {} |\n", k.name,
                           k.required ? " (required)" : "", escape_cell(type_name(k)),
                           k.unit.empty() ? "" : "`" + k.unit + "`",
                           k.default_text ? "`" + escape_cell(*k.default_text) + "`" : "",
                           escape_cell(range_text(k)), escape_cell(k.doc));
        if (k.sub) {
            std::string sub_heading;
            const std::string base = heading == "top level" ? std::string() : heading;
            if (k.type == ValueType::table) {
                sub_heading = child_path(base, k.name);
            } else if (k.type == ValueType::table_map) {
                sub_heading = child_path(base, k.name) + ".<name>";
            } else {
                sub_heading = child_path(base, k.name) + "[]";
            }
            queue.emplace_back(sub_heading, k.sub.get());
        }
    }
}

} // namespace

std::string schema_markdown(const TableSpec& root, const std::string& title,
                            const std::string& preamble) {
    std::string out = fmt::format("# {}\n\n{}\n", title, preamble);
    std::vector<std::pair<std::string, const TableSpec*>> queue{{"top level", &root}};
    for (std::size_t i = 0; i < queue.size(); ++i) {
        const auto [heading, spec] = queue[i];
        markdown_table(*spec, heading, out, queue);
    }
    return out;
}

} // namespace rackcalc::core
