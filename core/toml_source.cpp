#include "core/toml_source.hpp"

#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace rackcalc::core {

const std::string& SourceSet::read(const std::filesystem::path& path) {
    const std::string name = path.string();
    if (auto it = texts_.find(name); it != texts_.end()) {
        return it->second;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
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
