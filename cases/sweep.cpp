#include "cases/sweep.hpp"

#include "cases/case.hpp"
#include "cases/system_run.hpp"
#include "core/display_units.hpp"
#include "core/toml_source.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <limits>
#include <set>
#include <stdexcept>

namespace rackcalc::cases {

using namespace rackcalc::core;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct OutputDef {
    SweepOutput out;
    std::function<double(const SystemResult&)> value;
};

double worst_chip(const SystemResult& r, double (*field)(const thermal::ChipThermalResult&)) {
    const auto& d = r.thermal.design;
    if (d.worst_chip < 0) {
        return nan;
    }
    return field(d.chips[static_cast<std::size_t>(d.worst_chip)]);
}

const std::vector<OutputDef>& output_defs() {
    static const std::vector<OutputDef> defs = {
        {{"pue", "-", "Power usage effectiveness: grid / IT equipment"},
         [](const SystemResult& r) { return r.pue; }},
        {{"grid_power_W", "W", "Facility power from the grid", &kinds::power},
         [](const SystemResult& r) { return r.P_grid_W; }},
        {{"it_power_W", "W", "Chips (with leakage) and tray electronics", &kinds::power},
         [](const SystemResult& r) { return r.P_it_W; }},
        {{"ite_power_W", "W", "Into the IT equipment (PUE base)", &kinds::power},
         [](const SystemResult& r) { return r.P_ite_W; }},
        {{"chain_loss_W", "W", "Power-chain conversion losses", &kinds::power},
         [](const SystemResult& r) { return r.chain_result.P_loss_W; }},
        {{"cooling_power_W", "W", "Pumps, fans and heat rejection", &kinds::power},
         [](const SystemResult& r) { return r.P_cooling_W; }},
        {{"pump_power_W", "W", "CDU pumps", &kinds::power},
         [](const SystemResult& r) { return r.P_pumps_W; }},
        {{"fan_power_W", "W", "Rack fans (IT load, inside the tray power)", &kinds::power},
         [](const SystemResult& r) { return r.P_fans_W; }},
        {{"rejection_power_W", "W", "Heat rejection, all paths, at the design dry bulb",
          &kinds::power},
         [](const SystemResult& r) { return r.rejection.P_W(); }},
        {{"chiller_cop", "-", "Liquid-path chiller COP (0 for free cooling)"},
         [](const SystemResult& r) { return r.rejection.liquid.cop; }},
        {{"pue_annual", "-", "Annual PUE (annual facility / IT equipment energy)"},
         [](const SystemResult& r) { return r.year.pue; }},
        {{"free_cooling_h", "h", "Hours the liquid path runs on dry coolers alone"},
         [](const SystemResult& r) { return r.year.free_cooling_liquid_h; }},
        {{"facility_water_K", "K", "Facility water the plant makes for the CDUs",
          &kinds::temperature},
         [](const SystemResult& r) { return r.T_facility_water_K; }},
        {{"worst_chip_margin_K", "K", "Smallest margin of a chip to its temperature limit",
          &kinds::temperature_difference},
         [](const SystemResult& r) {
             return worst_chip(r, [](const thermal::ChipThermalResult& c) { return c.margin_K(); });
         }},
        {{"worst_chip_T_junction_K", "K", "Junction temperature of the chip with least margin",
          &kinds::temperature},
         [](const SystemResult& r) {
             return worst_chip(r,
                               [](const thermal::ChipThermalResult& c) { return c.T_junction_K; });
         }},
        {{"coolant_flow_L_min", "L/min", "Total coolant flow of the rack loop",
          &kinds::volume_flow},
         [](const SystemResult& r) { return r.thermal.design.V_dot_m3_s * 60000.0; }},
        {{"coolant_flow_m3_s", "m3/s", "Total coolant flow of the rack loop", &kinds::volume_flow},
         [](const SystemResult& r) { return r.thermal.design.V_dot_m3_s; }},
        {{"return_temperature_K", "K", "Mixed coolant return", &kinds::temperature},
         [](const SystemResult& r) { return r.thermal.design.T_return_K; }},
        {{"loop_dp_Pa", "Pa", "CDU supply minus return pressure", &kinds::pressure},
         [](const SystemResult& r) { return r.thermal.design.dp_loop_Pa; }},
        {{"heat_to_liquid_W", "W", "Rack heat carried by the coolant", &kinds::heat_flow},
         [](const SystemResult& r) { return r.thermal.Q_liquid_W; }},
        {{"heat_to_air_W", "W", "Rack heat carried by air", &kinds::heat_flow},
         [](const SystemResult& r) { return r.thermal.Q_air_W; }},
        {{"annual_energy_J", "J", "Grid energy over a year", &kinds::energy},
         [](const SystemResult& r) { return r.annual_energy_J; }},
        {{"annual_cost_USD", "USD", "Electricity cost over a year"},
         [](const SystemResult& r) { return r.annual_cost_USD; }},
        {{"cost_per_pflop_hour_USD", "USD", "Electricity cost per delivered PFLOP-hour"},
         [](const SystemResult& r) { return r.cost_per_pflop_hour_USD.value_or(nan); }},
        {{"iterations", "-", "Fixed-point iterations"},
         [](const SystemResult& r) { return static_cast<double>(r.iterations); }},
        {{"energy_closure", "-", "|grid - (IT + losses + cooling)| / grid"},
         [](const SystemResult& r) { return r.energy_closure; }},
    };
    return defs;
}

} // namespace

std::string sweep_quantity_name(const std::string& name) {
    for (const std::string_view suffix : {"_L_min", "_m3_s", "_Pa", "_K", "_W", "_J"}) {
        if (name.ends_with(suffix)) {
            return name.substr(0, name.size() - suffix.size());
        }
    }
    return name;
}

namespace {

const OutputDef* find_output(const std::string& name) {
    for (const auto& d : output_defs()) {
        if (d.out.name == name) {
            return &d;
        }
    }
    return nullptr;
}

std::vector<std::string> split(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = path.find('.', start);
        parts.push_back(path.substr(start, dot - start));
        if (dot == std::string::npos) {
            return parts;
        }
        start = dot + 1;
    }
}

std::vector<std::string> table_names(const toml::node* node) {
    std::vector<std::string> names;
    if (node != nullptr && node->is_table()) {
        for (const auto& [k, v] : *node->as_table()) {
            names.emplace_back(k.str());
        }
    }
    return names;
}

bool sweepable(ValueType t) {
    return t == ValueType::quantity || t == ValueType::integer || t == ValueType::real ||
           t == ValueType::choice;
}

/// The schema entry of a dotted key path, or the message and fix of why there is none.
const KeySpec* resolve(const std::string& path, const toml::table& document, std::string& message,
                       std::string& fix) {
    const auto parts = split(path);
    const TableSpec* spec = &document_schema();
    const toml::node* node = &document;
    std::string prefix;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string& seg = parts[i];
        const KeySpec* ks = spec->find(seg);
        if (ks == nullptr) {
            message = fmt::format("sweep key \"{}\": there is no key \"{}\" in {}", path, seg,
                                  prefix.empty() ? "the document" : "[" + prefix + "]");
            const std::string s = closest_match(seg, spec->key_names());
            fix = s.empty() ? fmt::format("keys there: {}", fmt::join(spec->key_names(), ", "))
                            : fmt::format("did you mean \"{}{}\"?",
                                          prefix.empty() ? "" : prefix + ".", s);
            return nullptr;
        }
        prefix += (prefix.empty() ? "" : ".") + seg;
        node = node != nullptr && node->is_table() ? node->as_table()->get(seg) : nullptr;
        const bool last = i + 1 == parts.size();
        if (ks->type == ValueType::table) {
            spec = ks->sub.get();
        } else if (ks->type == ValueType::table_map) {
            if (last) {
                break;
            }
            const std::string& entry = parts[++i];
            const auto names = table_names(node);
            if (std::find(names.begin(), names.end(), entry) == names.end()) {
                message =
                    fmt::format("sweep key \"{}\": the case has no [{}.{}]", path, prefix, entry);
                const std::string s = closest_match(entry, names);
                fix = s.empty() ? fmt::format("entries: {}", fmt::join(names, ", "))
                                : fmt::format("did you mean \"{}.{}\"?", prefix, s);
                return nullptr;
            }
            prefix += "." + entry;
            node = node->as_table()->get(entry);
            spec = ks->sub.get();
        } else if (!last || !sweepable(ks->type)) {
            break;
        } else {
            return ks;
        }
        if (last) {
            break;
        }
    }
    message = fmt::format("sweep key \"{}\" is not a number, a quantity or a choice", path);
    fix = "sweep a numeric input such as \"cooling.supply_temperature\" or a choice such as "
          "\"power.chain\"";
    return nullptr;
}

/// Values from `from` to `to` in `steps` equal steps, written in the key's display unit.
std::vector<std::string> spaced(const CheckedTable& p, const KeySpec& ks,
                                std::vector<Diagnostic>& findings) {
    const std::string from = p.string("from");
    const std::string to = p.string("to");
    const std::int64_t steps = p.integer("steps");
    double a = 0.0;
    double b = 0.0;
    try {
        if (ks.type == ValueType::quantity) {
            a = parse_quantity(from, *ks.kind);
            b = parse_quantity(to, *ks.kind);
        } else {
            a = std::stod(from);
            b = std::stod(to);
        }
    } catch (const std::exception& e) {
        findings.push_back(p.diagnostic(
            "from", fmt::format("sweep range {} to {} is not readable: {}", from, to, e.what()),
            ks.type == ValueType::quantity ? fmt::format("write e.g. from = \"{}\"", ks.unit)
                                           : "write numbers as text, e.g. from = \"0.5\""));
        return {};
    }
    std::vector<std::string> values;
    for (std::int64_t k = 0; k < steps; ++k) {
        const double x =
            steps == 1 ? a : a + (b - a) * static_cast<double>(k) / static_cast<double>(steps - 1);
        if (ks.type == ValueType::quantity) {
            values.push_back(fmt::format("{:.10g} {}", from_si(x, ks.unit), ks.unit));
        } else if (ks.type == ValueType::integer) {
            values.push_back(fmt::format("{}", std::llround(x)));
        } else {
            values.push_back(fmt::format("{:.10g}", x));
        }
    }
    return values;
}

/// Writes a parameter value, as the user wrote it, at its key path of a document copy.
void set_value(toml::table& doc, const std::string& path, const SweepParameter& p,
               const std::string& text) {
    const auto parts = split(path);
    toml::table* t = &doc;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        auto* next = t->get(parts[i]);
        if (next == nullptr || !next->is_table()) {
            t->insert_or_assign(parts[i], toml::table{});
            next = t->get(parts[i]);
        }
        t = next->as_table();
    }
    const std::string& leaf = parts.back();
    if (p.type == ValueType::real) {
        double v = 0.0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc() && end == text.data() + text.size()) {
            t->insert_or_assign(leaf, v);
            return;
        }
    } else if (p.type == ValueType::integer) {
        std::int64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc() && end == text.data() + text.size()) {
            t->insert_or_assign(leaf, v);
            return;
        }
    }
    // Quantities and choices are strings; a number the text is not stays a string, so the
    // schema rejects it for that point with its message.
    t->insert_or_assign(leaf, text);
}

std::string reason_of(const InputError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) {
        out += (out.empty() ? "" : "; ") + (d.key.empty() ? "" : "[" + d.key + "] ") + d.message;
    }
    return out;
}

std::string csv_cell(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c == '\n' ? ' ' : c);
    }
    return out + "\"";
}

} // namespace

std::size_t SweepSpec::points() const {
    std::size_t n = parameters.empty() ? 0 : 1;
    for (const auto& p : parameters) {
        // Saturates instead of wrapping, so a huge grid cannot read as a small one.
        if (!p.values.empty() && n > std::numeric_limits<std::size_t>::max() / p.values.size()) {
            return std::numeric_limits<std::size_t>::max();
        }
        n *= p.values.size();
    }
    return n;
}

const std::vector<SweepOutput>& sweep_outputs() {
    static const std::vector<SweepOutput> outs = [] {
        std::vector<SweepOutput> v;
        for (const auto& d : output_defs()) {
            v.push_back(d.out);
        }
        return v;
    }();
    return outs;
}

const std::vector<std::string>& default_sweep_outputs() {
    static const std::vector<std::string> names{"pue", "worst_chip_margin_K", "coolant_flow_L_min",
                                                "grid_power_W", "annual_cost_USD"};
    return names;
}

std::shared_ptr<const TableSpec> sweep_schema() {
    static const std::shared_ptr<const TableSpec> schema = [] {
        auto param = std::make_shared<TableSpec>();
        param->name = "sweep parameter";
        param->doc = "One swept input: its key path and either a list of values or an evenly "
                     "spaced range (from, to, steps).";
        param->provenance = false;
        param->keys = {
            text("key", "Dotted key path of a numeric input or a choice, e.g. "
                        "\"cooling.supply_temperature\", \"chips.b300.tdp\", \"power.chain\"")
                .needed(),
            string_list("values", "Values as written in the case, e.g. [\"25 degC\", \"30 degC\"]; "
                                  "plain numbers as text, e.g. [\"0.5\"]"),
            text("from", "First value of an evenly spaced range, e.g. \"0.8 L/min/kW\""),
            text("to", "Last value of the range"),
            integer("steps", "Number of values in the range (both ends included)").range(1, 100000),
        };
        auto t = std::make_shared<TableSpec>();
        t->name = "sweep";
        t->doc =
            "A full-factorial sweep: every combination of the parameters' values runs the "
            "fused system (fast mode); `rackcalc run` writes sweep-<name>.csv with one row per "
            "point. A point that fails (a value out of range, no converged fixed point) or is "
            "infeasible is recorded with its reason and the sweep goes on. Outputs: pue, "
            "grid_power_W, it_power_W, ite_power_W, chain_loss_W, cooling_power_W, "
            "pump_power_W, fan_power_W, rejection_power_W, chiller_cop, worst_chip_margin_K, "
            "worst_chip_T_junction_K, coolant_flow_L_min, coolant_flow_m3_s, "
            "return_temperature_K, loop_dp_Pa, heat_to_liquid_W, heat_to_air_W, "
            "annual_energy_J, annual_cost_USD, cost_per_pflop_hour_USD, iterations, "
            "energy_closure.";
        t->provenance = false;
        t->keys = {
            text("name", "Name of the sweep (letters, digits, - and _): the file sweep-<name>.csv")
                .needed(),
            table_array("parameters", param, "The swept inputs; the last varies fastest").needed(),
            string_list("outputs", "Key results to tabulate (default: pue, worst_chip_margin_K, "
                                   "coolant_flow_L_min, grid_power_W, annual_cost_USD)"),
        };
        return std::shared_ptr<const TableSpec>(t);
    }();
    return schema;
}

std::vector<SweepSpec> parse_sweeps(const CheckedTable& root, const toml::table& document) {
    std::vector<SweepSpec> sweeps;
    std::vector<Diagnostic> findings;
    std::set<std::string> names;
    for (const auto& s : root.array("sweep")) {
        SweepSpec sweep;
        sweep.name = s.string("name");
        sweep.where = s.diagnostic("name", "", "").where;
        const bool name_ok =
            !sweep.name.empty() && std::all_of(sweep.name.begin(), sweep.name.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
            });
        if (!name_ok) {
            findings.push_back(s.diagnostic(
                "name", fmt::format("sweep name \"{}\" cannot name a file", sweep.name),
                "use letters, digits, - and _, e.g. name = \"supply-vs-flow\""));
        } else if (!names.insert(sweep.name).second) {
            findings.push_back(s.diagnostic("name",
                                            fmt::format("two sweeps are named \"{}\"", sweep.name),
                                            "give each [[sweep]] its own name"));
        }
        for (const auto& p : s.array("parameters")) {
            SweepParameter param;
            param.key = p.string("key");
            std::string message;
            std::string fix;
            const KeySpec* ks = resolve(param.key, document, message, fix);
            if (ks == nullptr) {
                findings.push_back(p.diagnostic("key", message, fix));
                continue;
            }
            param.type = ks->type;
            param.unit = ks->type == ValueType::quantity ? ks->unit : "";
            param.kind = ks->type == ValueType::quantity ? ks->kind : nullptr;
            const bool listed = p.has("values");
            const bool ranged = p.has("from") || p.has("to") || p.has("steps");
            if (listed == ranged) {
                findings.push_back(p.diagnostic(
                    "key",
                    fmt::format("sweep key \"{}\" needs either values or from, to and steps",
                                param.key),
                    "write values = [...] or from = ..., to = ..., steps = N"));
                continue;
            }
            if (listed) {
                param.values = p.strings("values");
            } else if (!(p.has("from") && p.has("to") && p.has("steps"))) {
                findings.push_back(p.diagnostic(
                    "key",
                    fmt::format("sweep key \"{}\": a range needs from, to and steps", param.key),
                    "write from = ..., to = ..., steps = N"));
                continue;
            } else if (ks->type == ValueType::choice) {
                findings.push_back(
                    p.diagnostic("from", fmt::format("{} is a choice; it has no range", param.key),
                                 fmt::format("list the choices: values = [\"{}\"]",
                                             fmt::join(ks->choices, "\", \""))));
                continue;
            } else {
                param.values = spaced(p, *ks, findings);
            }
            if (param.values.empty() && findings.empty()) {
                findings.push_back(
                    p.diagnostic("values", fmt::format("sweep key \"{}\" has no values", param.key),
                                 "list at least one value"));
            }
            sweep.parameters.push_back(std::move(param));
        }
        if (s.array("parameters").empty()) {
            findings.push_back(s.diagnostic("parameters",
                                            "a sweep with no parameters sweeps nothing",
                                            "add { key = \"...\", values = [...] } to parameters, "
                                            "or remove the [[sweep]]"));
        } else if (sweep.points() > input_limits().max_sweep_points) {
            Diagnostic d = over_limit(
                s.diagnostic("parameters", "", "").where, "sweep.parameters",
                fmt::format("the number of points of sweep \"{}\" (the product of the numbers "
                            "of values)",
                            sweep.name),
                sweep.points(), input_limits().max_sweep_points, "--max-sweep-points");
            d.line_text = s.diagnostic("parameters", "", "").line_text;
            findings.push_back(std::move(d));
        }
        sweep.outputs = s.has("outputs") ? s.strings("outputs") : default_sweep_outputs();
        for (const auto& name : sweep.outputs) {
            if (find_output(name) == nullptr) {
                std::vector<std::string> known;
                for (const auto& o : sweep_outputs()) {
                    known.push_back(o.name);
                }
                const std::string suggestion = closest_match(name, known);
                findings.push_back(s.diagnostic(
                    "outputs", fmt::format("sweep output \"{}\" is not a known result", name),
                    suggestion.empty() ? fmt::format("use any of: {}", fmt::join(known, ", "))
                                       : fmt::format("did you mean \"{}\"?", suggestion)));
            }
        }
        sweeps.push_back(std::move(sweep));
    }
    if (!findings.empty()) {
        throw InputError(std::move(findings));
    }
    return sweeps;
}

SweepResult run_sweep(const CaseDocument& document, const SweepSpec& sweep,
                      const RunOptions& options,
                      const std::function<void(std::size_t, std::size_t)>& progress,
                      const std::function<void(std::size_t, const SystemResult&)>& on_result) {
    SweepResult result;
    result.name = sweep.name;
    result.parameters = sweep.parameters;
    result.outputs = sweep.outputs;
    std::vector<const OutputDef*> outs;
    for (const auto& name : sweep.outputs) {
        outs.push_back(find_output(name));
    }
    // The document every point starts from: the case without its sweeps.
    toml::table base = document.merged;
    base.erase("sweep");
    const std::size_t n = sweep.points();
    std::vector<std::size_t> index(sweep.parameters.size(), 0);
    for (std::size_t k = 0; k < n; ++k) {
        // Mixed-radix index: the last parameter varies fastest.
        std::size_t rest = k;
        for (std::size_t j = sweep.parameters.size(); j-- > 0;) {
            index[j] = rest % sweep.parameters[j].values.size();
            rest /= sweep.parameters[j].values.size();
        }
        SweepRow row;
        row.outputs.assign(outs.size(), nan);
        toml::table doc = base;
        for (std::size_t j = 0; j < sweep.parameters.size(); ++j) {
            const auto& p = sweep.parameters[j];
            row.values.push_back(p.values[index[j]]);
            set_value(doc, p.key, p, p.values[index[j]]);
        }
        try {
            const CaseSpec spec = parse_case_document(document, doc);
            const SystemResult r = run_system(spec, options);
            if (!r.converged) {
                row.status = "failed";
                row.reason = r.reason;
            } else {
                for (std::size_t o = 0; o < outs.size(); ++o) {
                    row.outputs[o] = outs[o]->value(r);
                }
                const auto error =
                    std::find_if(r.findings.begin(), r.findings.end(),
                                 [](const auto& f) { return f.severity == "error"; });
                if (error != r.findings.end()) {
                    row.status = "infeasible";
                    row.reason = error->component + ": " + error->message;
                } else {
                    row.status = "ok";
                }
                if (on_result) {
                    on_result(k, r);
                }
            }
        } catch (const InputError& e) {
            row.status = "failed";
            row.reason = reason_of(e);
        } catch (const std::invalid_argument& e) {
            row.status = "failed";
            row.reason = e.what();
        }
        (row.status == "ok"       ? result.ok
         : row.status == "failed" ? result.failed
                                  : result.infeasible)++;
        result.rows.push_back(std::move(row));
        if (progress) {
            progress(k + 1, n);
        }
    }
    return result;
}

std::string sweep_to_csv(const SweepResult& result, const Display& display) {
    // Every quantity column in the reader's units with the unit in its header; a parameter or
    // output of a kind the display does not choose for keeps its own unit.
    std::vector<std::string> header;
    std::vector<std::string> parameter_units;
    for (const auto& p : result.parameters) {
        const bool shown = p.kind != nullptr && display.shows(*p.kind);
        parameter_units.push_back(shown ? std::string(display.unit(*p.kind)) : p.unit);
        const std::string& unit = parameter_units.back();
        header.push_back(csv_cell(unit.empty() ? p.key : fmt::format("{} [{}]", p.key, unit)));
    }
    // An output's stored value is in its own unit (out.unit); one with a kind is shown in the
    // display unit under its name without the SI suffix ("worst_chip_margin [K]").
    struct Column {
        const QuantityKind* kind = nullptr;
        Unit stored;
    };
    std::vector<Column> columns;
    for (const auto& name : result.outputs) {
        const OutputDef* d = find_output(name);
        if (d != nullptr && d->out.kind != nullptr && display.shows(*d->out.kind)) {
            columns.push_back({d->out.kind, parse_unit(d->out.unit)});
            header.push_back(csv_cell(
                fmt::format("{} [{}]", sweep_quantity_name(name), display.unit(*d->out.kind))));
        } else {
            columns.push_back({});
            header.push_back(csv_cell(
                fmt::format("{} [{}]", name, d != nullptr ? d->out.unit : std::string("-"))));
        }
    }
    header.emplace_back("status");
    header.emplace_back("reason");
    std::string out = fmt::format("{}\n", fmt::join(header, ","));
    for (const auto& row : result.rows) {
        std::vector<std::string> cells;
        for (std::size_t j = 0; j < result.parameters.size(); ++j) {
            const auto& p = result.parameters[j];
            std::string cell = row.values[j];
            // Quantities in the column's unit; text the unit parser rejects stays as written.
            if (p.kind != nullptr) {
                try {
                    cell = fmt::format("{:.10g}",
                                       from_si(parse_quantity(cell, *p.kind), parameter_units[j]));
                } catch (const std::exception&) {
                }
            }
            cells.push_back(csv_cell(cell));
        }
        for (std::size_t j = 0; j < row.outputs.size(); ++j) {
            const double v = row.outputs[j];
            const Column& c = columns[j];
            const double shown = c.kind != nullptr
                                     ? display.value(c.stored.factor * v + c.stored.offset, *c.kind)
                                     : v;
            cells.push_back(std::isnan(v) ? std::string() : fmt::format("{:.10g}", shown));
        }
        cells.push_back(row.status);
        cells.push_back(csv_cell(display.render(row.reason)));
        out += fmt::format("{}\n", fmt::join(cells, ","));
    }
    return out;
}

} // namespace rackcalc::cases
