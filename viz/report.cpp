#include "viz/report.hpp"

#include "core/quantity.hpp"
#include "viz/svg_category_chart.hpp"
#include "viz/svg_chart.hpp"
#include "viz/svg_sankey.hpp"
#include "viz/xml_escape.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace rackcalc::viz {

namespace {

using nlohmann::json;
using Maybe = std::optional<double>;

/// Issue 5: grid power = IT + every loss + cooling power, and all heat rejected = all power
/// drawn, "each to 1e-9 relative".
constexpr double closure_required = 1e-9;

/// The swing plot keeps at most this many points per series (min and max of each bucket,
/// so the envelope of a millisecond-resolution swing survives).
constexpr std::size_t swing_points_max = 1600;

// ---------------------------------------------------------------------------------------
// Reading the summary: every key may be missing or null.

const json* member(const json& j, std::string_view key) {
    if (!j.is_object()) {
        return nullptr;
    }
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        return nullptr;
    }
    return &*it;
}

const json& object_or_empty(const json* j) {
    static const json empty = json::object();
    return j && j->is_object() ? *j : empty;
}

const json& array_or_empty(const json* j) {
    static const json empty = json::array();
    return j && j->is_array() ? *j : empty;
}

Maybe number(const json& j, std::string_view key) {
    const json* v = member(j, key);
    if (v && v->is_number()) {
        return v->get<double>();
    }
    return std::nullopt;
}

std::string text(const json& j, std::string_view key) {
    const json* v = member(j, key);
    if (!v) {
        return {};
    }
    if (v->is_string()) {
        return v->get<std::string>();
    }
    return v->dump();
}

std::optional<bool> flag(const json& j, std::string_view key) {
    const json* v = member(j, key);
    if (v && v->is_boolean()) {
        return v->get<bool>();
    }
    return std::nullopt;
}

Maybe sum(std::initializer_list<Maybe> parts) {
    double s = 0.0;
    for (const Maybe& p : parts) {
        if (!p) {
            return std::nullopt;
        }
        s += *p;
    }
    return s;
}

// ---------------------------------------------------------------------------------------
// Units at the edge (core::from_si) and number formatting.

Maybe in(Maybe si, std::string_view unit) {
    if (!si || !std::isfinite(*si)) {
        return std::nullopt;
    }
    return core::from_si(*si, unit);
}

constexpr const char* dash = "—";

std::string fixed(Maybe v, int decimals) {
    if (!v || !std::isfinite(*v)) {
        return dash;
    }
    double x = *v;
    if (std::abs(x) < 0.5 * std::pow(10.0, -decimals)) {
        x = 0.0; // no "-0.0"
    }
    return fmt::format("{:.{}f}", x, decimals);
}

/// Thousands separated by thin spaces, for money and energy per year.
std::string grouped(Maybe v) {
    if (!v || !std::isfinite(*v)) {
        return dash;
    }
    const long long n = std::llround(std::abs(*v));
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += "\u2009";
        }
        out += digits[i];
    }
    return (*v < 0 && n != 0 ? "-" : "") + out;
}

std::string scientific(Maybe v) {
    if (!v || !std::isfinite(*v)) {
        return dash;
    }
    return fmt::format("{:.1e}", *v);
}

std::string esc(std::string_view s) {
    return xml_escape(s);
}

// ---------------------------------------------------------------------------------------
// HTML pieces.

std::string not_computed(std::string_view reason) {
    return fmt::format("<p class=\"not-computed\">not computed: {}</p>\n", esc(reason));
}

/// When racks of one kind were listed once (summary thermal.rack_kinds), a line that says so;
/// empty when every rack is listed.
std::string rack_kinds_note(const json& thermal) {
    std::vector<std::string> kinds;
    bool grouped = false;
    for (const json& k : array_or_empty(member(thermal, "rack_kinds"))) {
        const Maybe n = number(k, "racks");
        grouped = grouped || (n && *n > 1.0);
        kinds.push_back(fmt::format("{} ({} alike)", text(k, "first"), n ? *n : 0.0));
    }
    if (!grouped) {
        return {};
    }
    return fmt::format(
        "<p>The racks of one kind have the same results part by part (one feed per rack from "
        "the CDU), so trays, cold plates and chips are listed for the first rack of each kind: "
        "{}. chips.csv and trays.csv have every part.</p>\n",
        esc(fmt::format("{}", fmt::join(kinds, ", "))));
}

/// Why a top-level part of the summary is absent.
std::string why_missing(const json& summary, std::string_view part) {
    if (const json* p = member(summary, part); p && p->is_object()) {
        if (const json* m = member(*p, "missing"); m && m->is_string()) {
            return m->get<std::string>();
        }
    }
    if (flag(summary, "converged") == false) {
        const std::string reason = text(summary, "reason");
        return reason.empty() ? "the fused run did not converge"
                              : fmt::format("the fused run did not converge: {}", reason);
    }
    return fmt::format("the summary has no \"{}\" part", part);
}

/// The part `name` of the summary when it was computed, else nullptr.
const json* part(const json& summary, std::string_view name) {
    const json* p = member(summary, name);
    if (!p || (p->is_object() && p->contains("missing"))) {
        return nullptr;
    }
    return p;
}

struct Column {
    std::string header;
    std::function<std::string(const json&)> cell;
    bool numeric = true;
};

Column num_col(std::string header, std::string key, std::string unit, int decimals) {
    return {std::move(header),
            [key = std::move(key), unit = std::move(unit), decimals](const json& row) {
                const Maybe v = number(row, key);
                return fixed(unit.empty() ? v : in(v, unit), decimals);
            },
            true};
}

Column text_col(std::string header, std::string key) {
    return {std::move(header), [key = std::move(key)](const json& row) { return text(row, key); },
            false};
}

std::string table(const json& rows, const std::vector<Column>& columns,
                  std::string_view css_class = "data") {
    std::string out = fmt::format("<table class=\"{}\">\n<thead><tr>", css_class);
    for (const Column& c : columns) {
        out += fmt::format("<th{}>{}</th>", c.numeric ? " class=\"num\"" : "", esc(c.header));
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const json& row : rows) {
        out += "<tr>";
        for (const Column& c : columns) {
            out +=
                fmt::format("<td{}>{}</td>", c.numeric ? " class=\"num\"" : "", esc(c.cell(row)));
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    return out;
}

/// A two-column table of labelled values; a row whose value is empty is left out.
std::string key_values(const std::vector<std::pair<std::string, std::string>>& rows) {
    std::string out = "<table class=\"kv\">\n<tbody>\n";
    for (const auto& [label, value] : rows) {
        if (value.empty()) {
            continue;
        }
        out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", esc(label), esc(value));
    }
    out += "</tbody>\n</table>\n";
    return out;
}

std::string value_or_empty(Maybe v, int decimals) {
    return v ? fixed(v, decimals) : std::string();
}

std::string figure(const std::string& svg, std::string_view caption) {
    // svg_line_chart writes an SVG document; inline HTML wants the element alone.
    const auto start = svg.find("<svg");
    return fmt::format("<figure class=\"chart\">\n{}<figcaption>{}</figcaption>\n</figure>\n",
                       start == std::string::npos ? svg : svg.substr(start), esc(caption));
}

// ---------------------------------------------------------------------------------------
// Names of parts: "nvl72-01/compute-01/b300-1" is chip b300-1 in tray nvl72-01/compute-01.

std::string parent_of(const std::string& name) {
    const auto slash = name.rfind('/');
    return slash == std::string::npos ? std::string() : name.substr(0, slash);
}

std::string leaf_of(const std::string& name) {
    const auto slash = name.rfind('/');
    return slash == std::string::npos ? name : name.substr(slash + 1);
}

/// "b300-2" -> "b300", "compute-07" -> "compute": the kind of a numbered part.
std::string kind_of(const std::string& name) {
    std::string k = leaf_of(name);
    while (!k.empty() && std::isdigit(static_cast<unsigned char>(k.back()))) {
        k.pop_back();
    }
    while (!k.empty() && (k.back() == '-' || k.back() == '_')) {
        k.pop_back();
    }
    return k.empty() ? leaf_of(name) : k;
}

/// The longest common "a/b/" prefix of the names, to shorten axis labels.
std::string common_path_prefix(const std::vector<std::string>& names) {
    if (names.empty()) {
        return {};
    }
    std::string prefix = names.front();
    for (const auto& n : names) {
        std::size_t i = 0;
        while (i < prefix.size() && i < n.size() && prefix[i] == n[i]) {
            ++i;
        }
        prefix.resize(i);
    }
    const auto slash = prefix.rfind('/');
    return slash == std::string::npos ? std::string() : prefix.substr(0, slash + 1);
}

/// Index of `name` in `names`, appended when new.
std::size_t index_of(std::vector<std::string>& names, const std::string& name) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end()) {
        return static_cast<std::size_t>(it - names.begin());
    }
    names.push_back(name);
    return names.size() - 1;
}

/// Rows of `items` grouped by the tray that holds them, trays in the order of the thermal
/// result's tray list (then any others in order of appearance), labels without the common
/// path prefix.
std::vector<CategoryGroup> group_by_tray(const json& items, const json& trays,
                                         const std::function<Maybe(const json&)>& value,
                                         std::vector<std::string>& series) {
    std::vector<std::string> order;
    for (const json& t : trays) {
        index_of(order, text(t, "name"));
    }
    std::map<std::string, std::vector<CategoryItem>> by_tray;
    for (const json& item : items) {
        const std::string name = text(item, "name");
        const std::string tray = parent_of(name);
        index_of(order, tray);
        const Maybe v = value(item);
        by_tray[tray].push_back(
            {leaf_of(name), v ? *v : std::nan(""), index_of(series, kind_of(name))});
    }
    const std::string prefix = common_path_prefix(order);
    std::vector<CategoryGroup> groups;
    for (const auto& tray : order) {
        auto it = by_tray.find(tray);
        if (it == by_tray.end()) {
            continue;
        }
        groups.push_back({tray.substr(prefix.size()), std::move(it->second)});
    }
    return groups;
}

// ---------------------------------------------------------------------------------------
// Sections.

struct Section {
    const char* id;
    const char* title;
};

constexpr Section sections[] = {
    {"case", "Case"},
    {"key-results", "Key results"},
    {"findings", "Findings"},
    {"picture", "Rack picture"},
    {"power-flow", "Power flow from the grid to the chips"},
    {"chip-temperatures", "Chip temperatures per tray"},
    {"coolant-flow", "Coolant flow per tray and cold plate"},
    {"efficiency", "Power-chain efficiency versus load"},
    {"swing", "Load swing and storage"},
    {"studies", "Scenarios and sweeps"},
    {"airflow", "Rack airflow in OpenFOAM"},
    {"tables", "Tables"},
    {"provenance", "Provenance: version, inputs, resolved case"},
};

std::string case_section(const json& s) {
    const json& c = object_or_empty(member(s, "case"));
    const json& site = object_or_empty(member(c, "site"));
    std::string chain;
    const json& templates = array_or_empty(member(c, "template_chain"));
    for (std::size_t i = 0; i < templates.size(); ++i) {
        const std::string t =
            templates[i].is_string() ? templates[i].get<std::string>() : templates[i].dump();
        chain += i == 0 ? t : (i == 1 ? " (inherits " : ", which inherits ") + t;
    }
    if (templates.size() > 1) {
        chain += ")";
    }
    std::string run;
    if (const auto converged = flag(s, "converged")) {
        run = fmt::format("{} after {} iterations, last relative change {}",
                          *converged ? "converged" : "did NOT converge",
                          fixed(number(s, "iterations"), 0), scientific(number(s, "residual")));
    }
    std::string out;
    if (!member(s, "case")) {
        out += not_computed(why_missing(s, "case"));
    }
    out += key_values({
        {"Case file", text(c, "file")},
        {"Name", text(c, "name")},
        {"Template", chain},
        {"Site", text(site, "name")},
        {"Electricity price (USD/kWh)",
         value_or_empty(in(number(site, "electricity_price_USD_per_kWh"), ""), 3)},
        {"Price discount (%)", value_or_empty(in(number(site, "price_discount"), "%"), 1)},
        {"Site ambient (°C)", value_or_empty(in(number(site, "ambient_temperature_K"), "degC"), 1)},
        {"Fused run", run},
    });
    if (flag(s, "converged") == false) {
        out += fmt::format("<p class=\"banner error\">The fused run did not converge{}. No "
                           "results are reported from a state that did not settle.</p>\n",
                           member(s, "reason") ? ": " + esc(text(s, "reason")) : std::string());
    }
    return out;
}

struct Margin {
    std::string quantity;
    std::string value;
    std::string limit;
    std::string margin;
    int status = 0; ///< 1 ok, -1 violated, 0 no limit to check against
    std::string note;
};

std::string margins_table(const std::vector<Margin>& rows) {
    std::string out = "<table class=\"data margins\">\n<thead><tr><th>quantity</th><th "
                      "class=\"num\">value</th><th class=\"num\">limit</th><th "
                      "class=\"num\">margin</th><th>status</th></tr></thead>\n<tbody>\n";
    for (const Margin& m : rows) {
        const char* cls = m.status > 0 ? "status-ok" : m.status < 0 ? "status-bad" : "status-none";
        const char* word = m.status > 0 ? "ok" : m.status < 0 ? "VIOLATED" : "no limit";
        out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                           "<td class=\"num\">{}</td><td class=\"{}\">{}{}</td></tr>\n",
                           esc(m.quantity), esc(m.value), esc(m.limit), esc(m.margin), cls, word,
                           m.note.empty() ? "" : " (" + esc(m.note) + ")");
    }
    out += "</tbody>\n</table>\n";
    return out;
}

std::vector<Margin> thermal_margins(const json& th) {
    std::vector<Margin> rows;
    // Worst chip: least margin to its limit.
    const json* worst = nullptr;
    double least = std::numeric_limits<double>::infinity();
    for (const json& c : array_or_empty(member(th, "chips"))) {
        Maybe m = number(c, "margin_K");
        if (!m) {
            const Maybe limit = number(c, "T_limit_K");
            const Maybe Tj = number(c, "T_junction_K");
            if (limit && Tj) {
                m = *limit - *Tj;
            }
        }
        if (m && *m < least) {
            least = *m;
            worst = &c;
        }
    }
    if (worst) {
        rows.push_back({fmt::format("Chip nearest its limit: {} ({} limit)", text(*worst, "name"),
                                    text(*worst, "limit_kind")),
                        fixed(in(number(*worst, "T_junction_K"), "degC"), 1) + " °C",
                        fixed(in(number(*worst, "T_limit_K"), "degC"), 1) + " °C",
                        fixed(least, 1) + " K", least >= 0.0 ? 1 : -1, ""});
    }
    const json& coolant = object_or_empty(member(th, "coolant"));
    if (const Maybe T_return = number(coolant, "T_return_K")) {
        const Maybe limit = number(coolant, "T_return_limit_K");
        rows.push_back(
            {"Coolant return temperature", fixed(in(T_return, "degC"), 1) + " °C",
             limit ? fixed(in(limit, "degC"), 1) + " °C" : dash,
             limit ? fixed(*limit - *T_return, 1) + " K" : dash,
             limit ? (*T_return <= *limit ? 1 : -1) : 0,
             limit ? "" : "the summary gives no return limit; a return above it is a finding"});
    }
    const json& inverse = object_or_empty(member(th, "inverse"));
    if (const Maybe flow = number(coolant, "flow_m3_s")) {
        const Maybe least_flow = number(inverse, "min_flow_m3_s");
        rows.push_back({"Coolant flow against the least flow that keeps every chip in limits",
                        fixed(in(flow, "L/min"), 1) + " L/min",
                        least_flow ? fixed(in(least_flow, "L/min"), 1) + " L/min" : dash,
                        least_flow ? fixed(in(*flow - *least_flow, "L/min"), 1) + " L/min" : dash,
                        least_flow ? (*flow >= *least_flow ? 1 : -1) : 0,
                        least_flow ? "" : "no feasible flow found"});
    }
    if (const Maybe T_supply = number(coolant, "T_supply_K")) {
        const Maybe warmest = number(inverse, "max_supply_K");
        rows.push_back({"Coolant supply against the warmest supply that keeps every chip in "
                        "limits",
                        fixed(in(T_supply, "degC"), 1) + " °C",
                        warmest ? fixed(in(warmest, "degC"), 1) + " °C" : dash,
                        warmest ? fixed(*warmest - *T_supply, 1) + " K" : dash,
                        warmest ? (*T_supply <= *warmest ? 1 : -1) : 0,
                        warmest ? "" : "no feasible supply temperature found"});
    }
    auto speed = [&rows](const char* what, Maybe ratio) {
        if (ratio) {
            rows.push_back({what, fixed(*ratio, 3), "1.000", fixed(1.0 - *ratio, 3),
                            *ratio <= 1.0 ? 1 : -1, ""});
        }
    };
    speed("CDU pump speed / full speed",
          number(object_or_empty(member(th, "cdu")), "pump_speed_ratio"));
    speed("Fan speed / full speed", number(object_or_empty(member(th, "air")), "fan_speed_ratio"));
    return rows;
}

std::string closure_line(std::string_view what, const std::string& equation, Maybe closure) {
    const bool ok = closure && *closure <= closure_required;
    return fmt::format("<li class=\"closure\"><b>{}</b>: {}; closes to {} relative (required "
                       "≤ {:.0e}): <span class=\"{}\">{}</span></li>\n",
                       esc(what), esc(equation), scientific(closure), closure_required,
                       ok ? "status-ok" : "status-bad",
                       !closure ? "not stated"
                       : ok     ? "ok"
                                : "NOT CLOSED");
}

/// A ratio as a row of the key-results table: its value, and numerator and denominator with
/// their boundary names, each printed so a reader can recompute it
/// (`<span class="ratio">1.217 = 193.67 kW / 159.17 kW</span>`).
std::string ratio_row(std::string_view name, Maybe ratio, int decimals, std::string_view top_name,
                      Maybe top, std::string_view bottom_name, Maybe bottom, std::string_view unit,
                      int unit_decimals) {
    if (!ratio || !std::isfinite(*ratio)) {
        return "";
    }
    if (!top || !bottom) {
        return fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td></td></tr>\n", esc(name),
                           fixed(ratio, decimals));
    }
    return fmt::format("<tr><td>{} = {} / {}</td><td class=\"num\">{}</td><td><span "
                       "class=\"ratio\">{} = {} {} / {} {}</span></td></tr>\n",
                       esc(name), esc(top_name), esc(bottom_name), fixed(ratio, decimals),
                       fixed(ratio, decimals), fixed(top, unit_decimals), esc(unit),
                       fixed(bottom, unit_decimals), esc(unit));
}

std::string kW(Maybe W, int decimals = 1) {
    return fixed(in(W, "kW"), decimals) + " kW";
}

std::string key_results_section(const json& s) {
    const json* totals_part = part(s, "totals");
    const json* thermal = part(s, "thermal");
    if (!totals_part && !thermal) {
        return not_computed(why_missing(s, "totals"));
    }
    std::string out;
    const json& t = object_or_empty(totals_part);
    const json& th = object_or_empty(thermal);

    out += "<h3>Margins against limits</h3>\n";
    if (thermal) {
        out += margins_table(thermal_margins(th));
    } else {
        out += not_computed(why_missing(s, "thermal"));
    }

    out += "<h3>Totals</h3>\n";
    if (!totals_part) {
        out += not_computed(why_missing(s, "totals"));
        return out;
    }
    const json& cooling = object_or_empty(member(s, "cooling"));
    const json& rejection = object_or_empty(member(cooling, "heat_rejection"));
    Maybe cooling_W = number(t, "cooling_power_W");
    if (!cooling_W) {
        cooling_W = sum({number(cooling, "pumps_W").value_or(0.0) +
                             number(cooling, "fans_W").value_or(0.0) +
                             number(cooling, "cdu_W").value_or(0.0),
                         number(rejection, "power_W")});
    }
    Maybe chain_loss_W = number(t, "power_chain_loss_W");
    if (!chain_loss_W) {
        const json& stages =
            array_or_empty(member(object_or_empty(member(s, "power_chain")), "stages"));
        if (!stages.empty()) {
            double l = 0.0;
            for (const json& st : stages) {
                l += number(st, "loss_W").value_or(0.0);
            }
            chain_loss_W = l;
        }
    }
    const Maybe feed_loss_W = number(t, "cooling_feed_loss_W");
    const Maybe losses_W =
        chain_loss_W ? Maybe(*chain_loss_W + feed_loss_W.value_or(0.0)) : std::nullopt;

    out +=
        "<table class=\"data totals\">\n<thead><tr><th>quantity</th><th "
        "class=\"num\">value</th><th>unit, or how the ratio is formed</th></tr></thead>\n<tbody>\n";
    auto row = [&out](std::string_view q, const std::string& v, std::string_view unit) {
        if (v != dash) {
            out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n", esc(q),
                               esc(v), esc(unit));
        }
    };
    row("IT power (chips and tray electronics)", fixed(in(number(t, "it_power_W"), "kW"), 2), "kW");
    row("IT-equipment power (into the racks' first power stage; the PUE base)",
        fixed(in(number(t, "it_equipment_power_W"), "kW"), 2), "kW");
    row("Grid power (IT chain and cooling feed)", fixed(in(number(t, "grid_power_W"), "kW"), 2),
        "kW");
    row("Power-chain losses (IT chain, grid to chips)", fixed(in(chain_loss_W, "kW"), 2), "kW");
    row("Cooling-feed losses (grid to the cooling plant)", fixed(in(feed_loss_W, "kW"), 2), "kW");
    row("Losses, total (power chain + cooling feed)", fixed(in(losses_W, "kW"), 2), "kW");
    row("Cooling power (pumps, fans, CDU, heat rejection)", fixed(in(cooling_W, "kW"), 2), "kW");
    row("Heat to liquid", fixed(in(number(th, "heat_to_liquid_W"), "kW"), 2), "kW");
    row("Heat to air", fixed(in(number(th, "heat_to_air_W"), "kW"), 2), "kW");
    row("Heat rejected", fixed(in(number(t, "heat_rejected_W"), "kW"), 2), "kW");
    out += ratio_row("PUE", number(t, "pue"), 3, "grid power", in(number(t, "grid_power_W"), "kW"),
                     "IT-equipment power", in(number(t, "it_equipment_power_W"), "kW"), "kW", 2);
    out += ratio_row("ELC (electrical loss component, ASHRAE 90.4)", number(t, "elc"), 4,
                     "facility losses in a year", in(number(t, "annual_facility_loss_J"), "MWh"),
                     "IT-equipment energy in a year",
                     in(number(t, "annual_it_equipment_energy_J"), "MWh"), "MWh", 2);
    row("Annual energy", fixed(number(t, "annual_energy_MWh"), 1), "MWh");
    row("Annual electricity cost", grouped(number(t, "annual_cost_USD")), "USD");
    row("Cost per delivered PFLOP-hour", fixed(number(t, "cost_per_pflop_hour_USD"), 4), "USD");
    out += "</tbody>\n</table>\n";

    out += "<h3>Conservation</h3>\n<ul class=\"closures\">\n";
    std::string energy = fmt::format(
        "grid {} = IT {} + losses, total {} + cooling {}", kW(number(t, "grid_power_W"), 3),
        kW(number(t, "it_power_W"), 3), kW(losses_W, 3), kW(cooling_W, 3));
    out += closure_line("Energy", energy, number(t, "energy_closure_rel"));
    std::string heat =
        fmt::format("heat rejected {} = power drawn from the grid {}",
                    kW(number(t, "heat_rejected_W"), 3), kW(number(t, "grid_power_W"), 3));
    out += closure_line("Heat", heat, number(t, "heat_closure_rel"));
    out += "</ul>\n";
    return out;
}

/// The verdict, first on the page: pass or fail in one line, then every violation.
std::string verdict_banner(const json& s) {
    const json* v = member(s, "verdict");
    if (!v || !v->is_object()) {
        return "<p id=\"verdict\" class=\"verdict fail\">Verdict: not computed (the summary "
               "has no verdict)</p>\n";
    }
    const bool pass = v->value("pass", false);
    std::string out = fmt::format("<div id=\"verdict\" class=\"verdict {}\">\n<p>{}</p>\n",
                                  pass ? "pass" : "fail", esc(text(*v, "line")));
    const json& violations = array_or_empty(member(*v, "violations"));
    if (!violations.empty()) {
        out += "<ul>\n";
        for (const json& x : violations) {
            out += fmt::format("<li><b>{} {}</b>: {}</li>\n", esc(text(x, "kind")),
                               esc(text(x, "subject")), esc(text(x, "message")));
        }
        out += "</ul>\n";
    }
    return out + "</div>\n";
}

std::string findings_section(const json& s) {
    std::vector<json> all;
    bool any = false;
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    auto take = [&](const json* list) {
        if (!list || !list->is_array()) {
            return;
        }
        any = true;
        for (const json& f : *list) {
            auto key =
                std::make_tuple(text(f, "severity"), text(f, "component"), text(f, "message"));
            if (seen.insert(key).second) {
                all.push_back(f);
            }
        }
    };
    take(member(s, "findings"));
    take(member(object_or_empty(part(s, "thermal")), "findings"));
    if (!any) {
        return not_computed(why_missing(s, "findings"));
    }
    if (all.empty()) {
        return "<p class=\"status-ok\">No findings: every checked limit is met.</p>\n";
    }
    auto rank = [](const json& f) {
        const std::string sev = text(f, "severity");
        return sev == "error" ? 0 : sev == "warning" ? 1 : 2;
    };
    std::stable_sort(all.begin(), all.end(),
                     [&](const json& a, const json& b) { return rank(a) < rank(b); });
    std::string out = "<ul class=\"findings\">\n";
    for (const json& f : all) {
        const int r = rank(f);
        const std::string sev = text(f, "severity");
        out += fmt::format("<li class=\"finding {}\"><span class=\"severity\">{}</span> "
                           "<b>{}</b>: {}</li>\n",
                           r == 0   ? "error"
                           : r == 1 ? "warning"
                                    : "note",
                           esc(sev.empty() ? "note" : sev), esc(text(f, "component")),
                           esc(text(f, "message")));
    }
    out += "</ul>\n";
    return out;
}

/// RFC 4648 base64, for data: URIs.
std::string base64(std::string_view bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                       (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                       static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
        out += {alphabet[(n >> 18) & 63], alphabet[(n >> 12) & 63], alphabet[(n >> 6) & 63],
                alphabet[n & 63]};
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        auto n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
        if (rest == 2) {
            n |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        }
        out += {alphabet[(n >> 18) & 63], alphabet[(n >> 12) & 63],
                rest == 2 ? alphabet[(n >> 6) & 63] : '=', '='};
    }
    return out;
}

std::string picture_section(const json& s, const ReportAssets& assets) {
    const json* p = member(s, "picture");
    if (p && p->is_object() && !p->contains("missing")) {
        const std::string file = text(*p, "file");
        if (assets.rack_png.empty()) {
            return not_computed(fmt::format("the picture {} was not handed to the report to embed",
                                            file.empty() ? "file" : file));
        }
        const std::string scale = text(*p, "colour_scale");
        return fmt::format("<figure class=\"picture\"><img class=\"rack\" "
                           "src=\"data:image/png;base64,{}\" alt=\"the rack coloured by {} "
                           "({})\"/><figcaption>The rack coloured by {}, from the same fields as "
                           "rack.vtm ({} beside this report).</figcaption></figure>\n",
                           base64(assets.rack_png), esc(scale.empty() ? "temperature" : scale),
                           esc(file), esc(scale.empty() ? "temperature" : scale), esc(file));
    }
    return not_computed(why_missing(s, "picture"));
}

std::string provenance_section(const json& s) {
    const json* p = member(s, "provenance");
    if (!p || !p->is_object()) {
        return not_computed(why_missing(s, "provenance"));
    }
    std::string out =
        fmt::format("<p>RackCalc {}, run at {}. Input files (SHA-256 of their bytes):</p>\n"
                    "<table class=\"data\">\n<thead><tr><th>file</th><th class=\"num\">bytes</th>"
                    "<th>SHA-256</th></tr></thead>\n<tbody>\n",
                    esc(text(*p, "rackcalc_version")), esc(text(*p, "generated_utc")));
    for (const json& f : array_or_empty(member(*p, "inputs"))) {
        out +=
            fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td><code>{}</code></td></tr>\n",
                        esc(text(f, "file")), fixed(number(f, "bytes"), 0), esc(text(f, "sha256")));
    }
    out += "</tbody>\n</table>\n";
    if (const json* c = member(*p, "resolved_case"); c && c->is_object()) {
        out += fmt::format("<details><summary>The case as resolved after template inheritance "
                           "(JSON)</summary><pre class=\"resolved\">{}</pre></details>\n",
                           esc(c->dump(2)));
    }
    return out;
}

std::string node_colour(const json& node) {
    const std::string kind = text(node, "kind");
    std::string name = text(node, "name");
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto has = [&name](std::string_view w) { return name.find(w) != std::string::npos; };
    if (kind == "loss" || (kind.empty() && name.rfind("loss", 0) == 0)) {
        return "#e15759";
    }
    if (kind == "cooling" || (kind.empty() && (has("cool") || has("pump") || has("fan") ||
                                               has("chiller") || has("cdu")))) {
        return "#59a14f";
    }
    if (kind == "it" || (kind.empty() && has("chip"))) {
        return "#f28e2b";
    }
    if (kind == "source" || (kind.empty() && (name == "grid" || has("utility")))) {
        return "#555555";
    }
    return "#4e79a7";
}

std::string power_flow_section(const json& s) {
    const json* p = part(s, "sankey");
    if (!p) {
        return not_computed(why_missing(s, "sankey"));
    }
    Sankey sankey;
    sankey.title = "Power flow (widths in proportion to power)";
    for (const json& node : array_or_empty(member(*p, "nodes"))) {
        sankey.nodes.push_back({text(node, "name"), node_colour(node)});
    }
    for (const json& link : array_or_empty(member(*p, "links"))) {
        const json* a = member(link, "source");
        const json* b = member(link, "target");
        if (!a || !b || !a->is_number_integer() || !b->is_number_integer() ||
            a->get<long long>() < 0 || b->get<long long>() < 0) {
            return not_computed("a Sankey link has no valid source or target index");
        }
        sankey.links.push_back({a->get<std::size_t>(), b->get<std::size_t>(),
                                number(link, "value_W").value_or(std::nan(""))});
    }
    if (sankey.links.empty()) {
        return not_computed("the power flow has no links");
    }
    return figure(svg_sankey(sankey),
                  "Grid power through each stage of the power chain to the chips (orange), "
                  "every conversion loss to its own node (red), named with where its heat "
                  "goes, and the cooling plant (green). Hover a band for its power.");
}

std::string chips_section(const json& s) {
    const json* th = part(s, "thermal");
    if (!th) {
        return not_computed(why_missing(s, "thermal"));
    }
    const json& chips = array_or_empty(member(*th, "chips"));
    if (chips.empty()) {
        return not_computed("the thermal result has no chips");
    }
    CategoryChart c;
    c.title = "Junction temperature of every chip, per tray";
    c.x_label = "tray";
    c.y_label = "junction temperature (°C)";
    c.unit = "°C";
    c.mark = CategoryMark::point;
    c.groups = group_by_tray(
        chips, array_or_empty(member(*th, "trays")),
        [](const json& chip) { return in(number(chip, "T_junction_K"), "degC"); }, c.series);
    std::set<std::pair<double, std::string>> limits;
    for (const json& chip : chips) {
        if (const Maybe limit = in(number(chip, "T_limit_K"), "degC")) {
            limits.insert({*limit, text(chip, "limit_kind")});
        }
    }
    for (const auto& [value, kind] : limits) {
        c.lines.push_back({value, fmt::format("{} limit {:.1f} °C", kind, value)});
    }
    std::string out = rack_kinds_note(*th);
    out += figure(svg_category_chart(c),
                  "Each point is one chip, coloured by its kind; dashed lines are "
                  "the temperature limits. Hover a point for its chip and value.");

    // The chips nearest their limits.
    std::vector<const json*> sorted;
    for (const json& chip : chips) {
        sorted.push_back(&chip);
    }
    auto margin = [](const json* chip) {
        return number(*chip, "margin_K").value_or(std::numeric_limits<double>::infinity());
    };
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](const json* a, const json* b) { return margin(a) < margin(b); });
    json nearest = json::array();
    for (std::size_t i = 0; i < std::min<std::size_t>(5, sorted.size()); ++i) {
        nearest.push_back(*sorted[i]);
    }
    out += "<h3>The five chips nearest their limits</h3>\n";
    out += table(nearest,
                 {text_col("chip", "name"), num_col("heat (W)", "Q_W", "", 0),
                  num_col("junction (°C)", "T_junction_K", "degC", 1),
                  num_col("limit (°C)", "T_limit_K", "degC", 1),
                  text_col("limit kind", "limit_kind"), num_col("margin (K)", "margin_K", "", 1),
                  num_col("coolant at plate exit (°C)", "T_coolant_K", "degC", 1),
                  num_col("R_th (K/W)", "R_th_K_per_W", "", 4)});
    return out;
}

std::string flow_section(const json& s) {
    const json* th = part(s, "thermal");
    if (!th) {
        return not_computed(why_missing(s, "thermal"));
    }
    const json& trays = array_or_empty(member(*th, "trays"));
    const json& plates = array_or_empty(member(*th, "cold_plates"));
    std::string out;
    auto flow = [](const json& row) { return in(number(row, "flow_m3_s"), "L/min"); };
    if (trays.empty()) {
        out += not_computed("the thermal result has no trays");
    } else {
        CategoryChart c;
        c.title = "Coolant flow per tray";
        c.x_label = "tray";
        c.y_label = "flow (L/min)";
        c.unit = "L/min";
        c.decimals = 2;
        c.height = 380.0;
        std::vector<std::string> names;
        for (const json& t : trays) {
            names.push_back(text(t, "name"));
        }
        const std::string prefix = common_path_prefix(names);
        for (const json& t : trays) {
            const std::string name = text(t, "name");
            const Maybe v = flow(t);
            c.groups.push_back(
                {name.substr(std::min(prefix.size(), name.size())),
                 {{name, v ? *v : std::nan(""), index_of(c.series, kind_of(name))}}});
        }
        out += figure(svg_category_chart(c), "One bar per tray, in the order of the thermal "
                                             "result, coloured by tray kind.");
    }
    if (plates.empty()) {
        out += not_computed("the thermal result has no cold plates");
    } else {
        CategoryChart c;
        c.title = "Coolant flow per cold plate, grouped by tray";
        c.x_label = "tray";
        c.y_label = "flow (L/min)";
        c.unit = "L/min";
        c.decimals = 3;
        c.height = 380.0;
        c.groups = group_by_tray(plates, trays, flow, c.series);
        out += figure(svg_category_chart(c), "One bar per cold plate, side by side within its "
                                             "tray, coloured by plate kind.");
    }
    return out;
}

std::string efficiency_section(const json& s) {
    const json* chain = part(s, "power_chain");
    const json& curves = array_or_empty(member(object_or_empty(chain), "efficiency_vs_load"));
    if (!chain || curves.empty()) {
        return not_computed(chain ? "the power chain has no efficiency-versus-load curve"
                                  : why_missing(s, "power_chain"));
    }
    LineChart c;
    c.title = "End-to-end efficiency of the power chain versus load";
    c.x.label = "load (% of design IT power)";
    c.y.label = "efficiency (%)";
    c.x.min = 0.0;
    c.x.max = 100.0;
    c.width = 1000.0;
    c.height = 420.0;
    for (const json& curve : curves) {
        ChartSeries series;
        series.name = text(curve, "chain");
        for (const json& point : array_or_empty(member(curve, "points"))) {
            if (point.is_array() && point.size() == 2 && point[0].is_number() &&
                point[1].is_number()) {
                series.x.push_back(in(point[0].get<double>(), "%").value_or(std::nan("")));
                series.y.push_back(in(point[1].get<double>(), "%").value_or(std::nan("")));
            }
        }
        c.series.push_back(std::move(series));
    }
    return figure(svg_line_chart(c), "Efficiency from the grid feed to the chips at each load "
                                     "(loss curves of every stage, modules shed as the "
                                     "chain's control says).");
}

/// Indices of the points to draw: all when few, else the first and last point and the
/// minimum and maximum of each of max/2 buckets, in order.
std::vector<std::size_t> envelope(const std::vector<double>& y, std::size_t max_points) {
    std::vector<std::size_t> keep;
    if (y.size() <= max_points) {
        for (std::size_t i = 0; i < y.size(); ++i) {
            keep.push_back(i);
        }
        return keep;
    }
    const std::size_t buckets = max_points / 2;
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::size_t lo = b * y.size() / buckets;
        const std::size_t hi = (b + 1) * y.size() / buckets;
        std::size_t i_min = lo;
        std::size_t i_max = lo;
        for (std::size_t i = lo; i < hi; ++i) {
            i_min = y[i] < y[i_min] ? i : i_min;
            i_max = y[i] > y[i_max] ? i : i_max;
        }
        keep.push_back(std::min(i_min, i_max));
        if (i_min != i_max) {
            keep.push_back(std::max(i_min, i_max));
        }
    }
    return keep;
}

std::vector<double> numbers(const json* list) {
    std::vector<double> v;
    for (const json& x : array_or_empty(list)) {
        v.push_back(x.is_number() ? x.get<double>() : std::nan(""));
    }
    return v;
}

std::string swing_section(const json& s) {
    const json* sw = part(s, "swing");
    if (!sw) {
        return not_computed(why_missing(s, "swing"));
    }
    std::string out;
    const std::vector<double> t = numbers(member(*sw, "t_s"));
    LineChart c;
    c.title = "Load swing: IT load and grid draw";
    c.x.label = "time (s)";
    c.y.label = "power (kW)";
    c.markers = false;
    c.width = 1000.0;
    c.height = 420.0;
    for (const auto& [key, name] : {std::pair{"load_W", "IT load"}, std::pair{"grid_W", "grid"}}) {
        const std::vector<double> y = numbers(member(*sw, key));
        if (y.empty()) {
            continue;
        }
        if (y.size() != t.size()) {
            return not_computed(
                fmt::format("the swing has {} times but {} values of {}", t.size(), y.size(), key));
        }
        ChartSeries series;
        series.name = name;
        for (std::size_t i : envelope(y, swing_points_max)) {
            series.x.push_back(t[i]);
            series.y.push_back(in(y[i], "kW").value_or(std::nan("")));
        }
        c.series.push_back(std::move(series));
    }
    if (c.series.empty() || t.empty()) {
        out += not_computed("the swing has no time series");
    } else {
        c.y.min = 0.0;
        const std::string profile = text(*sw, "profile");
        out += figure(svg_line_chart(c),
                      profile.empty()
                          ? "The load the chips draw and what the grid supplies, the storage "
                            "layers taking the difference."
                          : fmt::format("{}: the load the chips draw and what the grid "
                                        "supplies, the storage layers taking the difference.",
                                        profile));
    }
    const json& layers = array_or_empty(member(*sw, "layers"));
    out += "<h3>Storage layers</h3>\n";
    if (layers.empty()) {
        out += not_computed("the swing has no storage layers");
    } else {
        std::vector<Column> cols = {text_col("layer", "name"),
                                    num_col("energy swung (kJ)", "energy_J", "kJ", 2)};
        auto optional_col = [&](const char* key, Column col) {
            for (const json& l : layers) {
                if (number(l, key)) {
                    cols.push_back(std::move(col));
                    return;
                }
            }
        };
        optional_col("energy_capacity_J", num_col("capacity (kJ)", "energy_capacity_J", "kJ", 2));
        optional_col("P_discharge_max_W",
                     num_col("max discharge (kW)", "P_discharge_max_W", "kW", 2));
        optional_col("P_charge_max_W", num_col("max charge (kW)", "P_charge_max_W", "kW", 2));
        optional_col("loss_J", num_col("loss (kJ)", "loss_J", "kJ", 3));
        out += table(layers, cols);
    }
    return out;
}

std::string tables_section(const json& s) {
    std::string out;
    const json* chain = part(s, "power_chain");
    out += "<h3 id=\"table-power-stages\">Power stages</h3>\n";
    const json& stages = array_or_empty(member(object_or_empty(chain), "stages"));
    if (!chain || stages.empty()) {
        out +=
            not_computed(chain ? "the power chain has no stages" : why_missing(s, "power_chain"));
    } else {
        if (const std::string name = text(*chain, "name"); !name.empty()) {
            out += fmt::format("<p>Chain <b>{}</b>, feed first.</p>\n", esc(name));
        }
        out += table(stages, {text_col("stage", "name"),
                              {"kind",
                               [](const json& st) {
                                   const std::string k = text(st, "kind");
                                   return k.empty() ? text(st, "id") : k;
                               },
                               false},
                              num_col("P in (kW)", "P_in_W", "kW", 2),
                              num_col("P out (kW)", "P_out_W", "kW", 2),
                              num_col("loss (kW)", "loss_W", "kW", 3),
                              num_col("efficiency (%)", "efficiency", "%", 2),
                              num_col("modules", "modules", "", 0),
                              num_col("load (% of rating)", "load_fraction", "%", 1),
                              text_col("location", "location"),
                              text_col("heat to", "medium")});
    }

    const json* th = part(s, "thermal");
    const json& thermal = object_or_empty(th);
    const std::string thermal_missing = why_missing(s, "thermal");
    out += "<h3 id=\"table-tray-types\">Trays by type (every rack)</h3>\n";
    if (const json& types = array_or_empty(member(thermal, "tray_types")); !types.empty()) {
        out += table(types, {text_col("tray type", "type"), num_col("trays", "count", "", 0),
                             num_col("flow min (L/min)", "flow_min_m3_s", "L/min", 2),
                             num_col("flow max (L/min)", "flow_max_m3_s", "L/min", 2),
                             num_col("dp min (kPa)", "dp_min_Pa", "kPa", 2),
                             num_col("dp max (kPa)", "dp_max_Pa", "kPa", 2),
                             num_col("hottest outlet (°C)", "T_out_max_K", "degC", 2)});
    } else {
        out += not_computed(th ? "the thermal result has no trays" : thermal_missing);
    }
    out += "<h3 id=\"table-trays\">Trays</h3>\n";
    out += rack_kinds_note(thermal);
    if (const json& trays = array_or_empty(member(thermal, "trays")); !trays.empty()) {
        out +=
            table(trays, {text_col("tray", "name"), num_col("heat to liquid (kW)", "Q_W", "kW", 2),
                          num_col("flow (L/min)", "flow_m3_s", "L/min", 2),
                          num_col("dp (kPa)", "dp_Pa", "kPa", 2),
                          num_col("T in (°C)", "T_in_K", "degC", 2),
                          num_col("T out (°C)", "T_out_K", "degC", 2)});
    } else {
        out += not_computed(th ? "the thermal result has no trays" : thermal_missing);
    }

    out += "<h3 id=\"table-racks\">Racks</h3>\n";
    if (const json& racks = array_or_empty(member(thermal, "racks")); !racks.empty()) {
        out += table(racks, {text_col("rack", "name"), text_col("same results as", "kind"),
                             num_col("heat to liquid (kW)", "heat_to_liquid_W", "kW", 2),
                             num_col("flow (L/min)", "flow_m3_s", "L/min", 1),
                             num_col("dp (kPa)", "dp_Pa", "kPa", 2),
                             num_col("T return (°C)", "T_return_K", "degC", 2)});
    } else {
        out += not_computed(th ? "the thermal result has no racks" : thermal_missing);
    }

    // The short key-value tables side by side.
    out += "<div class=\"panels\">\n<div>\n";
    out += "<h3 id=\"table-coolant\">Coolant loop</h3>\n";
    if (const json* co = member(thermal, "coolant")) {
        out += key_values({
            {"Flow (L/min)", value_or_empty(in(number(*co, "flow_m3_s"), "L/min"), 1)},
            {"Flow per liquid heat (L/min/kW)",
             value_or_empty(number(*co, "flow_L_min_per_kW"), 3)},
            {"Supply temperature (°C)", value_or_empty(in(number(*co, "T_supply_K"), "degC"), 2)},
            {"Return temperature (°C)", value_or_empty(in(number(*co, "T_return_K"), "degC"), 2)},
            {"Loop pressure drop (kPa)", value_or_empty(in(number(*co, "loop_dp_Pa"), "kPa"), 2)},
            {"Heat into the coolant (kW)",
             value_or_empty(in(number(*co, "heat_into_coolant_W"), "kW"), 3)},
            {"Energy imbalance (relative)",
             number(*co, "energy_imbalance") ? scientific(number(*co, "energy_imbalance")) : ""},
            {"Mass imbalance (relative)",
             number(*co, "mass_imbalance") ? scientific(number(*co, "mass_imbalance")) : ""},
            {"Tray flow max / min", value_or_empty(number(*co, "tray_flow_max_over_min"), 3)},
            {"Cold-plate flow max / min",
             value_or_empty(number(*co, "plate_flow_max_over_min"), 3)},
            {"Newton iterations", value_or_empty(number(*co, "newton_iterations"), 0)},
        });
    } else {
        out += not_computed(th ? "the thermal result has no coolant loop" : thermal_missing);
    }

    out += "</div>\n<div>\n";
    out += "<h3 id=\"table-cdu\">CDU</h3>\n";
    if (const json* cdu = member(thermal, "cdu")) {
        out += key_values({
            {"Heat (kW)", value_or_empty(in(number(*cdu, "heat_W"), "kW"), 2)},
            {"Units needed", value_or_empty(number(*cdu, "units_needed"), 0)},
            {"Pumps running / installed",
             number(*cdu, "pumps_running")
                 ? fmt::format("{} / {}", fixed(number(*cdu, "pumps_running"), 0),
                               fixed(number(*cdu, "pumps_installed"), 0))
                 : ""},
            {"Pump speed / full speed", value_or_empty(number(*cdu, "pump_speed_ratio"), 3)},
            {"Pump power (kW)", value_or_empty(in(number(*cdu, "pump_power_W"), "kW"), 3)},
            {"Pressure needed by the loop (kPa)",
             value_or_empty(in(number(*cdu, "dp_required_Pa"), "kPa"), 2)},
            {"Pressure available at full speed (kPa)",
             value_or_empty(in(number(*cdu, "dp_available_Pa"), "kPa"), 2)},
            {"Pressure drop inside the CDU (kPa)",
             value_or_empty(in(number(*cdu, "dp_internal_Pa"), "kPa"), 2)},
            {"Heat exchanger UA (kW/K)", value_or_empty(in(number(*cdu, "UA_W_per_K"), "kW/K"), 1)},
            {"Effectiveness", value_or_empty(number(*cdu, "effectiveness"), 3)},
            {"Approach (K)", value_or_empty(number(*cdu, "approach_K"), 2)},
            {"Warmest facility water (°C)",
             value_or_empty(in(number(*cdu, "T_facility_max_K"), "degC"), 1)},
            {"Facility water flow (L/min)",
             value_or_empty(in(number(*cdu, "facility_flow_m3_s"), "L/min"), 1)},
            {"Facility water class", text(*cdu, "facility_class")},
        });
    } else {
        out += not_computed(th ? "the thermal result has no CDU" : thermal_missing);
    }

    out += "</div>\n<div>\n";
    out += "<h3 id=\"table-air\">Air side</h3>\n";
    if (const json* air = member(thermal, "air")) {
        out += key_values({
            {"Heat to air (kW)", value_or_empty(in(number(*air, "heat_W"), "kW"), 2)},
            {"Air flow (m³/s)", value_or_empty(number(*air, "flow_m3_s"), 3)},
            {"Air outlet (°C)", value_or_empty(in(number(*air, "T_outlet_K"), "degC"), 1)},
            {"Fan speed / full speed", value_or_empty(number(*air, "fan_speed_ratio"), 3)},
            {"Fan power (kW)", value_or_empty(in(number(*air, "fan_power_W"), "kW"), 3)},
            {"ASHRAE air class", text(*air, "class")},
        });
    } else {
        out += not_computed(th ? "the thermal result has no air side" : thermal_missing);
    }

    out += "</div>\n<div>\n";
    out += "<h3 id=\"table-cooling\">Cooling plant</h3>\n";
    if (const json* cooling = part(s, "cooling")) {
        const json& rej = object_or_empty(member(*cooling, "heat_rejection"));
        out += key_values({
            {"Pumps (kW)", value_or_empty(in(number(*cooling, "pumps_W"), "kW"), 3)},
            {"Fans (kW)", value_or_empty(in(number(*cooling, "fans_W"), "kW"), 3)},
            {"CDU (kW)", value_or_empty(in(number(*cooling, "cdu_W"), "kW"), 3)},
            {"Heat rejection", text(rej, "kind")},
            {"Heat rejected (kW)", value_or_empty(in(number(rej, "heat_W"), "kW"), 2)},
            {"Coefficient of performance", value_or_empty(number(rej, "cop"), 2)},
            {"Heat-rejection power (kW)", value_or_empty(in(number(rej, "power_W"), "kW"), 3)},
        });
    } else {
        out += not_computed(why_missing(s, "cooling"));
    }

    out += "</div>\n</div>\n";
    out += "<h3 id=\"table-inverse\">Least flow and warmest supply</h3>\n";
    if (const json* inv = member(thermal, "inverse")) {
        const Maybe least = number(*inv, "min_flow_m3_s");
        const Maybe warmest = number(*inv, "max_supply_K");
        out += key_values({
            {"Least flow at the design supply temperature (L/min)",
             least ? fixed(in(least, "L/min"), 1) : "no feasible flow"},
            {"Warmest supply at the design flow (°C)",
             warmest ? fixed(in(warmest, "degC"), 1) : "no feasible supply temperature"},
        });
        const json& rows = array_or_empty(member(*inv, "flow_vs_supply"));
        if (!rows.empty()) {
            out += table(rows, {num_col("supply (°C)", "T_supply_K", "degC", 1),
                                num_col("least flow (L/min)", "min_flow_m3_s", "L/min", 1),
                                num_col("least flow per liquid heat (L/min/kW)",
                                        "min_flow_L_min_per_kW", "", 3),
                                text_col("note", "reason")});
        }
    } else {
        out += not_computed(th ? "the inverse questions were not asked" : thermal_missing);
    }
    return out;
}

constexpr const char* css = R"(
:root { --fg: #1b1f23; --muted: #57606a; --line: #d0d7de; --ok: #1a7f37; --bad: #cf222e; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
       color: var(--fg); background: white; margin: 0 auto; max-width: 1240px; padding: 24px 32px 48px;
       line-height: 1.45; font-size: 15px; }
header h1 { font-size: 26px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 20px; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin: 36px 0 12px; }
h3 { font-size: 16px; margin: 22px 0 6px; }
nav { margin: 16px 0 0; padding: 8px 16px; background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; }
nav ol { columns: 3; margin: 0; padding-left: 20px; font-size: 14px; }
a { color: #0969da; }
table { border-collapse: collapse; margin: 6px 0 14px; font-size: 13.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; font-weight: 600; border-bottom: 2px solid var(--line); white-space: nowrap; }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 0 40px; }
table.kv th { font-weight: normal; color: var(--muted); padding-right: 24px; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
.status-ok { color: var(--ok); font-weight: 600; }
.status-bad { color: var(--bad); font-weight: 700; }
.status-none { color: var(--muted); }
.not-computed { border-left: 4px solid #8c959f; background: #f6f8fa; padding: 8px 12px;
                color: var(--muted); font-style: italic; }
.banner.error { border-left: 4px solid var(--bad); background: #ffebe9; padding: 10px 14px; font-weight: 600; }
.verdict { border: 2px solid; border-radius: 6px; padding: 8px 14px; margin: 12px 0; }
.verdict.pass { border-color: var(--ok); }
.verdict.fail { border-color: var(--bad); }
.verdict p { font-weight: 700; font-size: 1.15em; margin: 4px 0; }
.verdict.pass p { color: var(--ok); }
.verdict.fail p { color: var(--bad); }
pre.resolved { max-height: 480px; overflow: auto; font-size: 12px; }
p.provenance { color: var(--muted); font-size: 0.9em; }
ul.closures { padding-left: 20px; }
li.closure { margin: 4px 0; font-variant-numeric: tabular-nums; }
ul.findings { list-style: none; padding: 0; margin: 0; }
li.finding { border-left: 4px solid #0969da; background: #ddf4ff; padding: 6px 12px; margin: 6px 0; }
li.finding.error { border-color: var(--bad); background: #ffebe9; }
li.finding.warning { border-color: #bf8700; background: #fff8c5; }
.severity { text-transform: uppercase; font-size: 11px; font-weight: 700; letter-spacing: 0.05em; margin-right: 6px; }
figure { margin: 10px 0 18px; }
figure.chart svg { display: block; max-width: 100%; height: auto; border: 1px solid #eaeef2; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
img.rack { display: block; max-width: 100%; max-height: 900px; border: 1px solid var(--line); }
footer { margin-top: 40px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  figure, table, li.finding { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
)";

} // namespace

/// Failure scenarios (one row each, with the sentence that decides it) and sweeps (the
/// count of points by status and the CSV that holds them).
/// One chart per output of a sweep (its "chart" curves); a failed or infeasible point is a
/// gap in its curve. Outputs without a finite point are left out.
std::string sweep_charts(const json& sweep) {
    const json* chart = member(sweep, "chart");
    if (chart == nullptr || !chart->is_object()) {
        return "";
    }
    const json& outputs = array_or_empty(member(*chart, "outputs"));
    const json& series = array_or_empty(member(*chart, "series"));
    std::string out;
    for (std::size_t k = 0; k < outputs.size(); ++k) {
        LineChart c;
        const std::string name = text(outputs[k], "name");
        const std::string unit = text(outputs[k], "unit");
        c.title = fmt::format("Sweep {}: {}", text(sweep, "name"), name);
        c.x.label = text(*chart, "x_label");
        c.y.label = unit.empty() || unit == "-" ? name : fmt::format("{} [{}]", name, unit);
        c.width = 640.0;
        c.height = 360.0;
        bool any = false;
        for (const json& line : series) {
            ChartSeries cs;
            cs.name = text(line, "label");
            cs.x = numbers(member(line, "x"));
            const json& ys = array_or_empty(member(line, "y"));
            cs.y = k < ys.size() ? numbers(&ys[k]) : std::vector<double>(cs.x.size(), NAN);
            if (cs.y.size() != cs.x.size()) {
                continue;
            }
            any = any ||
                  std::any_of(cs.y.begin(), cs.y.end(), [](double v) { return std::isfinite(v); });
            c.series.push_back(std::move(cs));
        }
        if (!any) {
            continue;
        }
        // The axis spans every point of the sweep, so a gap shows as a gap.
        double lo = INFINITY;
        double hi = -INFINITY;
        for (const auto& cs : c.series) {
            for (const double x : cs.x) {
                lo = std::isfinite(x) ? std::min(lo, x) : lo;
                hi = std::isfinite(x) ? std::max(hi, x) : hi;
            }
        }
        if (hi > lo) {
            c.x.min = lo;
            c.x.max = hi;
        }
        out += figure(svg_line_chart(c),
                      fmt::format("{} against {} over the sweep's points; a gap is a point that "
                                  "failed or is infeasible (the table sweep-{}.csv says why).",
                                  name, text(*chart, "x_label"), text(sweep, "name")));
    }
    return out;
}

std::string studies_section(const json& s) {
    std::string out;
    const json* scenarios = member(s, "scenarios");
    if (scenarios != nullptr && scenarios->is_array() && !scenarios->empty()) {
        out += "<h3>Failure scenarios</h3>\n";
        out += table(*scenarios, {text_col("scenario", "kind"), text_col("name", "name"),
                                  text_col("status", "status"),
                                  num_col("time to chip limit (s)", "time_to_chip_limit_s", "", 1),
                                  text_col("what decides it", "sentence")});
    } else {
        out += not_computed("the case declares no [[scenario]]");
    }
    const json* sweeps = member(s, "sweeps");
    if (sweeps != nullptr && sweeps->is_array() && !sweeps->empty()) {
        out += "<h3>Sweeps</h3>\n";
        out += table(*sweeps, {text_col("sweep", "name"), num_col("points", "points", "", 0),
                               num_col("ok", "ok", "", 0), num_col("failed", "failed", "", 0),
                               num_col("infeasible", "infeasible", "", 0),
                               text_col("table (next to this report)", "file")});
        for (const json& sweep : *sweeps) {
            out += sweep_charts(sweep);
        }
    } else {
        out += not_computed("the case declares no [[sweep]]");
    }
    return out;
}

std::string airflow_section(const json& s) {
    const json* a = member(s, "airflow");
    if (a == nullptr || !a->is_object()) {
        return not_computed("no airflow result was given: run `rackcalc cfd airflow CASE -o DIR` "
                            "and pass DIR/airflow.json to `rackcalc run --airflow`");
    }
    const auto degC = [](Maybe K, int decimals) { return fixed(in(K, "degC"), decimals); };
    std::string out = fmt::format(
        "<p>From {} ({}): {} rack{} in a room with a cold and a hot aisle{}, {} cells; "
        "cooling units supply {} of the racks' demand at {} °C. Judged: {}.</p>\n",
        esc(text(*a, "file")), esc(text(*a, "case")), fixed(number(*a, "racks"), 0),
        number(*a, "racks").value_or(1.0) == 1.0 ? "" : "s",
        a->value("containment", false) ? ", the cold aisle contained" : ", no containment",
        fixed(number(*a, "cells"), 0), fixed(in(number(*a, "supply_fraction"), "%"), 0) + " %",
        degC(number(*a, "T_supply_K"), 1), esc(text(*a, "judged")));
    const Maybe T_allow = number(*a, "T_allowable_max_K");
    const Maybe T_max = number(*a, "T_inlet_max_K");
    out += key_values({
        {"hottest inlet (mean over the averaged window)",
         degC(T_max, 1) + " °C at " + text(*a, "hottest_inlet")},
        {"hottest inlet peak", degC(number(*a, "T_inlet_peak_max_K"), 1) + " °C"},
        {"ASHRAE " + text(*a, "air_class") + " allowable maximum", degC(T_allow, 1) + " °C"},
        {"margin of the hottest inlet",
         T_allow && T_max ? fixed(*T_allow - *T_max, 1) + " K" : std::string()},
        {"RCI_HI (Herrlin; 100 % none above the recommended 27 °C)",
         fixed(number(*a, "RCI_hi_percent"), 0) + " %"},
        {"RTI (return rise / equipment rise; below 100 % bypass, above recirculation)",
         fixed(number(*a, "RTI_percent"), 0) + " %"},
        {"SHI / RHI (Sharma; 0 / 1 no recirculation)",
         fixed(number(*a, "SHI"), 3) + " / " + fixed(number(*a, "RHI"), 3)},
        {"heat balance (carried out against put in)",
         fixed(in(number(*a, "heat_balance"), "%"), 2) + " %"},
    });
    // The hottest inlets first: the ones an engineer looks at.
    std::vector<json> trays;
    for (const json& t : array_or_empty(member(*a, "trays"))) {
        if (number(t, "Q_air_W").value_or(0.0) > 0.0) {
            trays.push_back(t);
        }
    }
    std::stable_sort(trays.begin(), trays.end(), [](const json& x, const json& y) {
        return number(x, "T_inlet_K").value_or(0.0) > number(y, "T_inlet_K").value_or(0.0);
    });
    constexpr std::size_t shown = 12;
    if (trays.size() > shown) {
        trays.resize(shown);
    }
    out += fmt::format("<h3>The {} hottest inlets</h3>\n", trays.size());
    out += table(json(trays),
                 {text_col("tray", "part"), num_col("inlet mean (°C)", "T_inlet_K", "degC", 1),
                  num_col("inlet peak (°C)", "T_inlet_peak_K", "degC", 1),
                  num_col("exhaust (°C)", "T_exhaust_K", "degC", 1),
                  num_col("margin (K)", "margin_K", "", 1),
                  num_col("air heat (kW)", "Q_air_W", "kW", 2),
                  num_col("flow (m³/s)", "V_dot_m3_s", "", 4),
                  num_col("design flow (m³/s)", "V_dot_design_m3_s", "", 4)});
    return out;
}

std::string render_report(const json& summary, const ReportAssets& assets) {
    const json& c = object_or_empty(member(summary, "case"));
    std::string title = text(c, "name");
    if (title.empty()) {
        title = text(c, "file");
    }
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
    out +=
        fmt::format("<title>RackCalc report{}</title>\n", title.empty() ? "" : ": " + esc(title));
    out += fmt::format("<style>{}</style>\n</head>\n<body>\n", css);
    out += fmt::format("<header>\n<h1>RackCalc report{}</h1>\n",
                       title.empty() ? "" : ": " + esc(title));
    out += "<p>Fused system run: the rack, its cooling, its power chain and the facility "
           "around it. Computed in SI units; shown in kW, °C, L/min, kPa, MWh and USD.</p>\n"
           "</header>\n";
    if (const json* p = member(summary, "provenance"); p && p->is_object()) {
        const json& inputs = array_or_empty(member(*p, "inputs"));
        out += fmt::format("<p class=\"provenance\">RackCalc {} · {} · {} input file{} "
                           "(hashes under <a href=\"#provenance\">Provenance</a>)</p>\n",
                           esc(text(*p, "rackcalc_version")), esc(text(*p, "generated_utc")),
                           inputs.size(), inputs.size() == 1 ? "" : "s");
    }
    out += verdict_banner(summary);
    out += "<nav>\n<ol>\n";
    for (const Section& sec : sections) {
        out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", sec.id, sec.title);
    }
    out += "</ol>\n</nav>\n";

    const std::function<std::string(const json&)> renderers[] = {
        case_section,       key_results_section,
        findings_section,   [&assets](const json& s) { return picture_section(s, assets); },
        power_flow_section, chips_section,
        flow_section,       efficiency_section,
        swing_section,      studies_section,
        airflow_section,    tables_section,
        provenance_section};
    static_assert(std::size(renderers) == std::size(sections));
    for (std::size_t i = 0; i < std::size(sections); ++i) {
        out += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", sections[i].id, sections[i].title);
        try {
            out += renderers[i](summary);
        } catch (const std::exception& e) {
            // A malformed part spoils its own section, never the report.
            out += not_computed(fmt::format("the summary's data for this section could not be "
                                            "used: {}",
                                            e.what()));
        }
        out += "</section>\n";
    }
    out += "<footer>Generated by RackCalc from the summary of the fused run (summary.json, "
           "SI units).</footer>\n</body>\n</html>\n";
    return out;
}

} // namespace rackcalc::viz
