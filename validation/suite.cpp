#include "validation/suite.hpp"

#include "core/quantity.hpp"
#include "core/schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <limits>
#include <map>

#ifndef RACKCALC_DEFAULT_DATA_DIR
#define RACKCALC_DEFAULT_DATA_DIR "."
#endif

namespace rackcalc::validation {

namespace fs = std::filesystem;

namespace {

/// Areas in the order the suite runs and prints them; other file names follow, sorted.
const std::vector<std::string>& area_order() {
    static const std::vector<std::string> order{"hydraulics", "heat_transfer", "cold_plates",
                                                "power", "rack_plausibility"};
    return order;
}

std::size_t area_rank(const std::string& area) {
    const auto& order = area_order();
    return static_cast<std::size_t>(std::find(order.begin(), order.end(), area) - order.begin());
}

/// The unit part of a quantity as written ("530.5 Pa" -> "Pa"); "" for a bare number.
std::string unit_as_written(const toml::node* node) {
    if (node == nullptr || !node->is_string()) {
        return {};
    }
    std::string_view text = node->as_string()->get();
    while (!text.empty() && (text.front() == ' ' || text.front() == '+')) {
        text.remove_prefix(1);
    }
    double number = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
    while (!unit.empty() && unit.front() == ' ') {
        unit.remove_prefix(1);
    }
    while (!unit.empty() && unit.back() == ' ') {
        unit.remove_suffix(1);
    }
    return ec == std::errc() ? std::string(unit) : std::string();
}

std::string string_at(const toml::table& t, std::string_view key) {
    const auto* node = t.get(key);
    return node != nullptr && node->is_string() ? node->as_string()->get() : std::string();
}

bool blank(const std::string& s) {
    return s.find_first_not_of(" \t") == std::string::npos;
}

class Loader {
public:
    Loader(core::SourceSet& sources, std::vector<core::Diagnostic>& findings)
        : sources_(sources), findings_(findings) {}

    void file(const toml::table& doc, const fs::path& path, std::vector<ReferenceCase>& out) {
        const std::string area = path.stem().string();
        for (const auto& [key, node] : doc) {
            const std::string name(key.str());
            if (name == "case" || name == "description") {
                continue;
            }
            const std::string guess = core::closest_match(name, {"case", "description"});
            findings_.push_back(core::diagnostic_at(
                &node, sources_, name, fmt::format("unknown key \"{}\" in a validation file", name),
                guess.empty() ? "a validation file holds description = \"...\" and [[case]] blocks"
                              : fmt::format("did you mean \"{}\"?", guess)));
        }
        if (const auto* d = doc.get("description"); d != nullptr && !d->is_string()) {
            findings_.push_back(core::diagnostic_at(d, sources_, "description",
                                                    "description must be a string",
                                                    "write description = \"...\""));
        }
        const auto* cases = doc.get("case");
        if (cases == nullptr || !cases->is_array_of_tables() || cases->as_array()->empty()) {
            core::Diagnostic d = core::diagnostic_at(
                cases, sources_, "case",
                cases == nullptr ? "the file holds no reference case"
                                 : "case must be an array of tables",
                "write each case as a [[case]] block with id, title, probe, source, inputs and "
                "expect");
            d.where.file = path.string();
            findings_.push_back(std::move(d));
            return;
        }
        std::size_t index = 0;
        for (const auto& item : *cases->as_array()) {
            one_case(*item.as_table(), area, index++, out);
        }
    }

private:
    core::SourceSet& sources_;
    std::vector<core::Diagnostic>& findings_;

    void one_case(const toml::table& t, const std::string& area, std::size_t index,
                  std::vector<ReferenceCase>& out) {
        ReferenceCase c;
        c.id = string_at(t, "id");
        c.path = blank(c.id) ? fmt::format("case[{}]", index) : "case." + c.id;
        c.area = area;
        c.where = core::location_of(t);
        const std::size_t findings_before = findings_.size();

        const auto* probe_node = t.get("probe");
        if (probe_node == nullptr || !probe_node->is_string()) {
            findings_.push_back(core::diagnostic_at(
                probe_node != nullptr ? probe_node : &t, sources_, c.path + ".probe",
                probe_node == nullptr ? "the case names no probe" : "probe must be a string",
                fmt::format("add probe = \"...\", one of: {}", fmt::join(probe_names(), ", "))));
            return;
        }
        const std::string probe_name = probe_node->as_string()->get();
        c.probe = find_probe(probe_name);
        if (c.probe == nullptr) {
            const std::string guess = core::closest_match(probe_name, probe_names());
            findings_.push_back(core::diagnostic_at(
                probe_node, sources_, c.path + ".probe",
                fmt::format("unknown probe \"{}\"", probe_name),
                guess.empty() ? fmt::format("use one of: {}", fmt::join(probe_names(), ", "))
                              : fmt::format("did you mean \"{}\"?", guess)));
            return;
        }

        core::validate(t, *c.probe->case_spec, c.path, sources_, findings_);

        c.source = string_at(t, "source");
        if (blank(c.source)) {
            findings_.push_back(core::diagnostic_at(
                t.contains("source") ? t.get("source") : &t, sources_, c.path + ".source",
                fmt::format("reference case \"{}\" cites no source", c.id),
                "add source = \"...\" naming where the expected values come from (a table, "
                "paper or datasheet, e.g. \"validation-cases.md 1.1 [C]\"); every reference "
                "case must cite one"));
        }
        const auto* expect = t.get("expect");
        if (expect != nullptr && expect->is_table()) {
            if (expect->as_table()->empty()) {
                findings_.push_back(core::diagnostic_at(
                    expect, sources_, c.path + ".expect", "the case expects nothing",
                    fmt::format("add [case.expect.<output>] with expected, a tolerance and a "
                                "reason; outputs of {}: {}",
                                c.probe->name, output_names(*c.probe))));
            }
            for (const auto& [key, node] : *expect->as_table()) {
                const auto* e = node.as_table();
                if (e == nullptr) {
                    continue; // reported by validate
                }
                const bool rel = e->contains("relative"), abs = e->contains("absolute");
                if (rel == abs) {
                    findings_.push_back(core::diagnostic_at(
                        &node, sources_, fmt::format("{}.expect.{}", c.path, key.str()),
                        rel ? "both a relative and an absolute tolerance are given"
                            : "no tolerance is given",
                        "give exactly one: relative = 1e-3 (a fraction of the expected value) "
                        "or absolute = \"0.05 Pa\" (in a unit of the quantity)"));
                }
            }
        }
        if (findings_.size() != findings_before) {
            return;
        }

        const core::CheckedTable checked(&t, *c.probe->case_spec, c.path, sources_);
        c.title = checked.string("title");
        c.note = checked.has("note") ? checked.string("note") : std::string();
        c.inputs = t.get("inputs")->as_table();
        const core::CheckedTable expected = checked.table("expect");
        for (const auto& [key, node] : *t.get("expect")->as_table()) {
            const std::string name(key.str());
            const core::CheckedTable e = expected.table(name);
            const auto& et = *node.as_table();
            Expectation x;
            x.quantity = name;
            x.expected = e.quantity("expected");
            x.unit = unit_as_written(et.get("expected"));
            x.tolerance.relative = e.has("relative");
            x.tolerance.value = x.tolerance.relative ? e.real("relative") : e.quantity("absolute");
            x.tolerance.unit =
                x.tolerance.relative ? std::string() : unit_as_written(et.get("absolute"));
            x.reason = e.string("reason");
            x.where = core::location_of(node);
            c.expect.push_back(std::move(x));
        }
        // TOML tables iterate by key; report the expectations in the order they are written.
        std::stable_sort(
            c.expect.begin(), c.expect.end(),
            [](const Expectation& a, const Expectation& b) { return a.where.line < b.where.line; });
        out.push_back(std::move(c));
    }

    static std::string output_names(const Probe& p) {
        std::vector<std::string> names;
        for (const auto& o : p.outputs) {
            names.push_back(o.name);
        }
        return fmt::format("{}", fmt::join(names, ", "));
    }
};

double relative_error(double computed, double expected) {
    if (expected == 0.0) {
        return computed == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
    }
    return std::abs(computed - expected) / std::abs(expected);
}

} // namespace

ValidationSuite::ValidationSuite() : sources_(std::make_unique<core::SourceSet>()) {}

ValidationSuite ValidationSuite::load(const fs::path& directory) {
    ValidationSuite suite;
    std::vector<core::Diagnostic> findings;
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) {
        core::Diagnostic d;
        d.where.file = directory.string();
        d.message = fmt::format("\"{}\" is not a folder of validation cases", directory.string());
        d.fix = "give the folder that holds hydraulics.toml, power.toml, ... (the bundled one is "
                "validation/ in the source tree)";
        throw core::InputError(std::move(d));
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(directory)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        const auto ra = area_rank(a.stem().string()), rb = area_rank(b.stem().string());
        return ra != rb ? ra < rb : a < b;
    });
    if (files.empty()) {
        core::Diagnostic d;
        d.where.file = directory.string();
        d.message = fmt::format("no validation files (*.toml) in \"{}\"", directory.string());
        d.fix = "give the folder that holds hydraulics.toml, power.toml, ...";
        throw core::InputError(std::move(d));
    }
    Loader loader(*suite.sources_, findings);
    for (const auto& file : files) {
        try {
            suite.documents_.push_back(
                std::make_unique<toml::table>(core::parse_toml_file(file, *suite.sources_)));
        } catch (const core::InputError& e) {
            findings.insert(findings.end(), e.diagnostics().begin(), e.diagnostics().end());
            continue;
        }
        loader.file(*suite.documents_.back(), file, suite.cases_);
    }
    std::map<std::string, const ReferenceCase*> seen;
    for (const auto& c : suite.cases_) {
        const auto [it, fresh] = seen.emplace(c.id, &c);
        if (!fresh) {
            core::Diagnostic d;
            d.where = c.where;
            d.line_text = suite.sources_->line(d.where.file, d.where.line);
            d.key = c.path + ".id";
            d.message = fmt::format("case id \"{}\" is used twice (first at {}:{})", c.id,
                                    it->second->where.file, it->second->where.line);
            d.fix = "give every reference case its own id";
            findings.push_back(std::move(d));
        }
    }
    if (!findings.empty()) {
        throw core::InputError(std::move(findings));
    }
    return suite;
}

std::vector<ValidationRow> ValidationSuite::run(const ReferenceCase& c) const {
    std::vector<ValidationRow> rows;
    ProbeValues values;
    std::string failure;
    try {
        const core::CheckedTable inputs(c.inputs, *c.probe->input_spec, c.path + ".inputs",
                                        *sources_);
        values = c.probe->compute(inputs);
    } catch (const std::exception& e) {
        failure = fmt::format("probe {} failed: {}", c.probe->name, e.what());
    }
    for (const auto& x : c.expect) {
        ValidationRow r;
        r.case_id = c.id;
        r.area = c.area;
        r.title = c.title;
        r.quantity = x.quantity;
        r.unit = x.unit;
        r.expected = x.expected;
        r.tolerance = x.tolerance;
        r.source = c.source;
        r.reason = x.reason;
        r.note = c.note;
        r.where = x.where;
        r.computed = std::numeric_limits<double>::quiet_NaN();
        r.failure = failure;
        if (failure.empty()) {
            if (const auto it = values.find(x.quantity); it != values.end()) {
                r.computed = it->second;
            } else {
                r.failure = fmt::format("probe {} gives no {} for these inputs (outside the "
                                        "range of its correlation)",
                                        c.probe->name, x.quantity);
            }
        }
        r.error = x.tolerance.relative ? relative_error(r.computed, r.expected)
                                       : std::abs(r.computed - r.expected);
        r.pass = r.failure.empty() && std::isfinite(r.computed) && r.error <= x.tolerance.value;
        rows.push_back(std::move(r));
    }
    return rows;
}

std::vector<ValidationRow> ValidationSuite::run() const {
    std::vector<ValidationRow> rows;
    for (const auto& c : cases_) {
        auto r = run(c);
        rows.insert(rows.end(), std::make_move_iterator(r.begin()),
                    std::make_move_iterator(r.end()));
    }
    return rows;
}

std::vector<ValidationRow> run_validation(const fs::path& directory) {
    std::vector<ValidationRow> rows = ValidationSuite::load(directory).run();
    // The OpenFOAM probes' cases are scratch: removed once every value passed, kept (cases
    // and logs, for a look) when one failed.
    if (count_failed(rows) == 0) {
        std::error_code ignored;
        fs::remove_all(probe_scratch_root(), ignored);
    }
    return rows;
}

std::size_t count_failed(const std::vector<ValidationRow>& rows) {
    return static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](const ValidationRow& r) { return !r.pass; }));
}

fs::path bundled_validation_dir() {
    fs::path root = RACKCALC_DEFAULT_DATA_DIR;
    if (const char* env = std::getenv("RACKCALC_DATA_DIR"); env != nullptr && *env != '\0') {
        root = env;
    }
    return root / "validation";
}

std::string ValidationRow::expected_text() const {
    return core::format_quantity(expected, unit, 10); // as many figures as a source prints
}

std::string ValidationRow::computed_text() const {
    return std::isfinite(computed) ? core::format_quantity(computed, unit, 6) : std::string("-");
}

std::string ValidationRow::error_text() const {
    if (!std::isfinite(error)) {
        return "-";
    }
    if (tolerance.relative) {
        return fmt::format("{:.2g} %", 100.0 * error);
    }
    return core::format_quantity(error, tolerance.unit, 2);
}

std::string ValidationRow::tolerance_text() const {
    if (tolerance.relative) {
        return fmt::format("{:g} %", 100.0 * tolerance.value);
    }
    return core::format_quantity(tolerance.value, tolerance.unit, 6);
}

std::string ValidationRow::why_failed() const {
    if (!failure.empty()) {
        return failure;
    }
    return fmt::format("computed {}, expected {} within {} (error {})", computed_text(),
                       expected_text(), tolerance_text(), error_text());
}

} // namespace rackcalc::validation
