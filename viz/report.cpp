#include "viz/report.hpp"

#include "core/display_units.hpp"
#include "core/quantity.hpp"
#include "viz/svg_category_chart.hpp"
#include "viz/svg_chart.hpp"
#include "viz/svg_sankey.hpp"
#include "viz/xml_escape.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

namespace rackcalc::viz {

namespace {

using Maybe = std::optional<double>;
using cases::RunRecord;
using cases::SystemResult;

/// Issue 5: grid power = IT + every loss + cooling power, and all heat rejected = all power
/// drawn, "each to 1e-9 relative".
constexpr double closure_required = 1e-9;

/// The swing plot keeps at most this many points per series (min and max of each bucket,
/// so the envelope of a millisecond-resolution swing survives).
constexpr std::size_t swing_points_max = 1600;

// ---------------------------------------------------------------------------------------
// Units at the edge (core::from_si) and number formatting.

Maybe in(Maybe si, std::string_view unit) {
    if (!si || !std::isfinite(*si)) {
        return std::nullopt;
    }
    return core::from_si(*si, unit);
}

/// An SI value in the reader's unit for its kind; none stays none.
Maybe shown(const core::Display& u, Maybe si, const core::QuantityKind& kind) {
    if (!si || !std::isfinite(*si)) {
        return std::nullopt;
    }
    return u.value(*si, kind);
}

namespace k = core::kinds;

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

/// Why the results of the fused run are absent: it did not converge.
std::string not_converged(const SystemResult& r, const core::Display& u) {
    return r.reason.empty()
               ? "the fused run did not converge"
               : fmt::format("the fused run did not converge: {}", u.typeset_render(r.reason));
}

/// A column of a table over rows of type Row: its header, its cell as text, and whether it
/// holds numbers (right-aligned).
template <class Row>
struct Column {
    std::string header;
    std::function<std::string(const Row&)> cell;
    bool numeric = true;
};

template <class Row>
Column<Row> num_col(std::string header, std::function<Maybe(const Row&)> value, std::string unit,
                    int decimals) {
    return {std::move(header),
            [value = std::move(value), unit = std::move(unit), decimals](const Row& row) {
                const Maybe v = value(row);
                return fixed(unit.empty() ? v : in(v, unit), decimals);
            },
            true};
}

/// A column of a quantity in the reader's units, the unit in its header: "flow (gpm)".
template <class Row>
Column<Row> qty_col(const core::Display& u, std::string_view label,
                    std::function<Maybe(const Row&)> value, const core::QuantityKind& kind,
                    int decimals) {
    return {u.typeset_header(label, kind),
            [&u, value = std::move(value), &kind, decimals](const Row& row) {
                return fixed(shown(u, value(row), kind), decimals);
            },
            true};
}

template <class Row>
Column<Row> text_col(std::string header, std::function<std::string(const Row&)> value) {
    return {std::move(header), std::move(value), false};
}

template <class Row>
std::string table(const std::vector<Row>& rows, const std::vector<Column<Row>>& columns) {
    std::string out = "<table class=\"data\">\n<thead><tr>";
    for (const Column<Row>& c : columns) {
        out += fmt::format("<th{}>{}</th>", c.numeric ? " class=\"num\"" : "", esc(c.header));
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const Row& row : rows) {
        out += "<tr>";
        for (const Column<Row>& c : columns) {
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

/// A part's value for a chart: its name (a path) and the value in the chart's unit.
struct NamedValue {
    std::string name;
    Maybe value;
};

/// Items grouped by the tray that holds them, trays in the order of `trays` (then any
/// others in order of appearance), labels without the common path prefix.
std::vector<CategoryGroup> group_by_tray(const std::vector<NamedValue>& items,
                                         const std::vector<std::string>& trays,
                                         std::vector<std::string>& series) {
    std::vector<std::string> order;
    for (const auto& t : trays) {
        index_of(order, t);
    }
    std::map<std::string, std::vector<CategoryItem>> by_tray;
    for (const NamedValue& item : items) {
        const std::string tray = parent_of(item.name);
        index_of(order, tray);
        by_tray[tray].push_back({leaf_of(item.name), item.value ? *item.value : std::nan(""),
                                 index_of(series, kind_of(item.name))});
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
// The parts of the design point the report lists: the racks of one kind have the same
// results part by part (thermal::RackLoop), so trays, cold plates and chips are those of the
// first rack of each kind, as in summary.json.

const std::string& name_of(const SystemResult& r, int part) {
    return r.assembly.parts[static_cast<std::size_t>(part)].name;
}

template <class Item>
std::vector<Item> listed(const std::vector<Item>& items, const thermal::RackLoopResult& design) {
    const std::vector<int> firsts = design.kind_first_racks();
    const std::unordered_set<int> kinds(firsts.begin(), firsts.end());
    std::vector<Item> out;
    std::copy_if(items.begin(), items.end(), std::back_inserter(out),
                 [&kinds](const Item& item) { return kinds.contains(item.rack); });
    return out;
}

std::vector<std::string> names_of(const SystemResult& r,
                                  const std::vector<thermal::TrayFlowResult>& trays) {
    std::vector<std::string> names;
    for (const auto& t : trays) {
        names.push_back(name_of(r, t.part));
    }
    return names;
}

/// When racks of one kind are listed once, a line that says so; empty when every rack is
/// listed.
std::string rack_kinds_note(const SystemResult& r) {
    std::vector<std::string> kinds;
    bool grouped = false;
    for (const auto& k : cases::rack_kinds(r.thermal.design, r.assembly)) {
        grouped = grouped || k.racks > 1;
        kinds.push_back(fmt::format("{} ({} alike)", k.first, k.racks));
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

std::string case_section(const RunRecord& run, const core::Display& u) {
    const cases::CaseFacts& c = run.case_facts;
    const SystemResult& r = run.system;
    std::string chain;
    for (std::size_t i = 0; i < c.template_chain.size(); ++i) {
        const std::string& t = c.template_chain[i];
        chain += i == 0 ? t : (i == 1 ? " (inherits " : ", which inherits ") + t;
    }
    if (c.template_chain.size() > 1) {
        chain += ")";
    }
    const std::string fused = fmt::format("{} after {} iterations, last relative change {}",
                                          r.converged ? "converged" : "did NOT converge",
                                          fixed(r.iterations, 0), scientific(r.residual));
    std::string out = key_values({
        {"Case file", c.file},
        {"Name", c.name},
        {"Template", chain},
        {"Site", c.site_name},
        {"Electricity price (USD/kWh)",
         value_or_empty(in(c.electricity_price_USD_per_J * 3.6e6, ""), 3)},
        {"Price discount (%)", value_or_empty(in(c.price_discount, "%"), 1)},
        {u.typeset_header("Site ambient", k::temperature),
         value_or_empty(shown(u, c.T_ambient_K, k::temperature), 1)},
        {"Fused run", fused},
    });
    if (!r.converged) {
        out += fmt::format("<p class=\"banner error\">The fused run did not converge: {}. No "
                           "results are reported from a state that did not settle.</p>\n",
                           esc(u.typeset_render(r.reason)));
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

/// A value with its typeset unit ("49.9 °C"), a dash when there is none.
std::string with_unit(const core::Display& u, Maybe si, const core::QuantityKind& kind,
                      int decimals) {
    const Maybe v = shown(u, si, kind);
    return v ? fixed(v, decimals) + " " + u.typeset(kind) : dash;
}

std::vector<Margin> thermal_margins(const RunRecord& run, const core::Display& u) {
    const SystemResult& r = run.system;
    const thermal::ThermalAnalysis& a = r.thermal;
    const thermal::RackLoopResult& d = a.design;
    std::vector<Margin> rows;
    const auto T = [&u](Maybe T_K) { return with_unit(u, T_K, k::temperature, 1); };
    const auto dT = [&u](Maybe dT_K) { return with_unit(u, dT_K, k::temperature_difference, 1); };
    // Worst chip: least margin to its limit.
    const thermal::ChipThermalResult* worst = nullptr;
    double least = std::numeric_limits<double>::infinity();
    const auto chips = listed(d.chips, d);
    for (const auto& c : chips) {
        if (c.margin_K() < least) {
            least = c.margin_K();
            worst = &c;
        }
    }
    if (worst) {
        rows.push_back({fmt::format("Chip nearest its limit: {} ({} limit)",
                                    name_of(r, worst->part), worst->limit_kind),
                        T(worst->T_junction_K), T(worst->T_limit_K), dT(least),
                        least >= 0.0 ? 1 : -1, ""});
    }
    const double T_return_max_K = run.case_facts.T_return_max_K;
    rows.push_back({"Coolant return temperature", T(d.T_return_K), T(T_return_max_K),
                    dT(T_return_max_K - d.T_return_K), d.T_return_K <= T_return_max_K ? 1 : -1,
                    ""});
    // The inverse questions' answers are bounds only where a feasible one was found.
    const std::string flow = "Coolant flow against the least flow that keeps every chip in limits";
    const auto V = [&u](Maybe m3_s) { return with_unit(u, m3_s, k::volume_flow, 1); };
    const std::string V_dot = V(d.V_dot_m3_s);
    if (const auto& least_flow = a.V_dot_min_m3_s) {
        rows.push_back({flow, V_dot, V(*least_flow), V(d.V_dot_m3_s - *least_flow),
                        d.V_dot_m3_s >= *least_flow ? 1 : -1, ""});
    } else {
        rows.push_back({flow, V_dot, dash, dash, 0, "no feasible flow found"});
    }
    const std::string supply =
        "Coolant supply against the warmest supply that keeps every chip in limits";
    if (const auto& warmest = a.T_supply_max_K) {
        rows.push_back({supply, T(d.T_supply_K), T(*warmest), dT(*warmest - d.T_supply_K),
                        d.T_supply_K <= *warmest ? 1 : -1, ""});
    } else {
        rows.push_back(
            {supply, T(d.T_supply_K), dash, dash, 0, "no feasible supply temperature found"});
    }
    auto speed = [&rows](const char* what, double ratio) {
        rows.push_back(
            {what, fixed(ratio, 3), "1.000", fixed(1.0 - ratio, 3), ratio <= 1.0 ? 1 : -1, ""});
    };
    speed("CDU pump speed / full speed", a.cdu.speed_ratio);
    speed("Fan speed / full speed", a.air.speed_ratio);
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

std::string key_results_section(const RunRecord& run, const core::Display& u) {
    const SystemResult& r = run.system;
    if (!r.converged) {
        return not_computed(not_converged(r, u));
    }
    std::string out = "<h3>Margins against limits</h3>\n";
    out += margins_table(thermal_margins(run, u));

    out += "<h3>Totals</h3>\n";
    const double losses_W = r.chain_result.P_loss_W + r.mechanical_result.P_loss_W;
    out +=
        "<table class=\"data totals\">\n<thead><tr><th>quantity</th><th "
        "class=\"num\">value</th><th>unit, or how the ratio is formed</th></tr></thead>\n<tbody>\n";
    auto row = [&out](std::string_view q, const std::string& v, std::string_view unit) {
        if (v != dash) {
            out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n", esc(q),
                               esc(v), esc(unit));
        }
    };
    // Electrical power in the power unit; heat carried away in the heat-flow unit (tons of
    // refrigeration in US units, kW otherwise).
    const std::string P_unit = u.typeset(k::power);
    const std::string Q_unit = u.typeset(k::heat_flow);
    auto P = [&u](double W) { return fixed(shown(u, W, k::power), 2); };
    auto Q = [&u](double W) { return fixed(shown(u, W, k::heat_flow), 2); };
    row("IT power (chips and tray electronics)", P(r.P_it_W), P_unit);
    row("IT-equipment power (into the racks' first power stage; the PUE base)", P(r.P_ite_W),
        P_unit);
    row("Grid power (IT chain and cooling feed)", P(r.P_grid_W), P_unit);
    row("Power-chain losses (IT chain, grid to chips)", P(r.chain_result.P_loss_W), P_unit);
    row("Cooling-feed losses (grid to the cooling plant)", P(r.mechanical_result.P_loss_W), P_unit);
    row("Losses, total (power chain + cooling feed)", P(losses_W), P_unit);
    row("Cooling power (pumps, fans, CDU, heat rejection)", P(r.P_cooling_W), P_unit);
    row("Heat to liquid", Q(r.thermal.Q_liquid_W), Q_unit);
    row("Heat to air", Q(r.thermal.Q_air_W), Q_unit);
    row("Heat rejected", Q(r.heat_rejected_W), Q_unit);
    out +=
        ratio_row("PUE at the design point", r.pue, 3, "grid power", shown(u, r.P_grid_W, k::power),
                  "IT-equipment power", shown(u, r.P_ite_W, k::power), P_unit, 2);
    // The Green Grid's PUE is a ratio of annual energies; the design point above is the
    // hottest hour at the design load, a partial figure.
    const cases::AnnualFacility& y = r.year;
    const std::string E_unit = u.typeset(k::energy);
    auto E = [&u](double J) { return shown(u, J, k::energy); };
    out += ratio_row("Annual PUE (The Green Grid)", y.pue, 3, "facility energy in a year",
                     E(y.E_facility_J), "IT-equipment energy in a year", E(y.E_ite_J), E_unit, 1);
    out += ratio_row("Annual partial PUE, power chain", y.ppue_power, 3,
                     "IT-chain energy from the grid in a year", E(r.annual.E_in_J),
                     "IT-equipment energy in a year", E(y.E_ite_J), E_unit, 1);
    out += ratio_row("Annual partial PUE, cooling", y.ppue_cooling, 3,
                     "IT-equipment and cooling energy in a year", E(y.E_ite_J + y.E_cooling_J),
                     "IT-equipment energy in a year", E(y.E_ite_J), E_unit, 1);
    const std::string of_year = fmt::format("h of {:.0f} h", y.hours);
    row("Free-cooling hours, liquid path (dry coolers alone)", fixed(y.free_cooling_liquid_h, 0),
        of_year);
    row("Free-cooling hours, chilled water for the air (dry coolers alone)",
        fixed(y.free_cooling_air_h, 0), of_year);
    row("Climate of the year",
        y.design_day ? "none given: every hour at the design dry bulb ([site] climate)"
                     : y.climate_source,
        "");
    out += ratio_row("ELC (electrical loss component, ASHRAE 90.4)", r.annual.elc, 4,
                     "facility losses in a year", shown(u, r.annual.E_facility_loss_J, k::energy),
                     "IT-equipment energy in a year", shown(u, r.annual.E_ite_J, k::energy),
                     u.typeset(k::energy), 2);
    row("Annual energy", fixed(shown(u, r.annual_energy_J, k::energy), 1), u.typeset(k::energy));
    row("Annual electricity cost", grouped(r.annual_cost_USD), "USD");
    row("Cost per delivered PFLOP-hour", fixed(r.cost_per_pflop_hour_USD, 4), "USD");
    out += "</tbody>\n</table>\n";

    out += "<h3>Conservation</h3>\n<ul class=\"closures\">\n";
    // Both sides of a balance in one unit, heat and power alike, so it can be checked by eye.
    auto P3 = [&u](double W) { return with_unit(u, W, k::power, 3); };
    const std::string energy =
        fmt::format("grid {} = IT {} + losses, total {} + cooling {}", P3(r.P_grid_W), P3(r.P_it_W),
                    P3(losses_W), P3(r.P_cooling_W));
    out += closure_line("Energy", energy, r.energy_closure);
    const std::string heat = fmt::format("heat rejected {} = power drawn from the grid {}",
                                         P3(r.heat_rejected_W), P3(r.P_grid_W));
    out += closure_line("Heat", heat, r.heat_closure);
    out += "</ul>\n";
    return out;
}

/// The verdict, first on the page: pass or fail in one line, then every violation.
std::string verdict_banner(const cases::Verdict& v, const core::Display& u) {
    std::string out = fmt::format("<div id=\"verdict\" class=\"verdict {}\">\n<p>{}</p>\n",
                                  v.pass() ? "pass" : "fail", esc(u.typeset_render(v.line())));
    if (!v.violations.empty()) {
        out += "<ul>\n";
        for (const auto& x : v.violations) {
            out += fmt::format("<li><b>{} {}</b>: {}</li>\n", esc(cases::kind_name(x.kind)),
                               esc(u.typeset_render(x.subject)), esc(u.typeset_render(x.message)));
        }
        out += "</ul>\n";
    }
    return out + "</div>\n";
}

std::string findings_section(const RunRecord& run, const core::Display& u) {
    std::vector<thermal::Finding> all;
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    auto take = [&](const std::vector<thermal::Finding>& list) {
        for (const auto& f : list) {
            if (seen.insert({f.severity, u.render(f.component), u.render(f.message)}).second) {
                all.push_back(f);
            }
        }
    };
    take(cases::run_findings(run));
    if (run.system.converged) {
        take(run.system.thermal.findings);
    }
    if (all.empty()) {
        return "<p class=\"status-ok\">No findings: every checked limit is met.</p>\n";
    }
    auto rank = [](const thermal::Finding& f) {
        return f.severity == "error" ? 0 : f.severity == "warning" ? 1 : 2;
    };
    std::stable_sort(all.begin(), all.end(),
                     [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    std::string out = "<ul class=\"findings\">\n";
    for (const auto& f : all) {
        const int r = rank(f);
        out += fmt::format("<li class=\"finding {}\"><span class=\"severity\">{}</span> "
                           "<b>{}</b>: {}</li>\n",
                           r == 0   ? "error"
                           : r == 1 ? "warning"
                                    : "note",
                           esc(f.severity.empty() ? "note" : f.severity),
                           esc(u.typeset_render(f.component)), esc(u.typeset_render(f.message)));
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

std::string picture_section(const RunRecord& run, const ReportAssets& assets) {
    if (const auto* missing = std::get_if<cases::Missing>(&run.picture)) {
        return not_computed(missing->reason);
    }
    const auto& p = std::get<cases::Picture>(run.picture);
    const std::string file = p.file.empty() ? "file" : p.file;
    if (assets.rack_png.empty()) {
        return not_computed(
            fmt::format("the picture {} was not handed to the report to embed", file));
    }
    const std::string scale = p.colour_scale.empty() ? "temperature" : p.colour_scale;
    return fmt::format("<figure class=\"picture\"><img class=\"rack\" "
                       "src=\"data:image/png;base64,{}\" alt=\"the rack coloured by {} "
                       "({})\"/><figcaption>The rack coloured by {}, from the same fields as "
                       "rack.vtm ({} beside this report).</figcaption></figure>\n",
                       base64(assets.rack_png), esc(scale), esc(p.file), esc(scale), esc(p.file));
}

std::string provenance_section(const RunRecord& run) {
    const cases::Provenance& p = run.provenance;
    std::string out =
        fmt::format("<p>RackCalc {}, run at {}. Input files (SHA-256 of their bytes):</p>\n"
                    "<table class=\"data\">\n<thead><tr><th>file</th><th class=\"num\">bytes</th>"
                    "<th>SHA-256</th></tr></thead>\n<tbody>\n",
                    esc(p.version), esc(p.generated_utc));
    for (const auto& f : p.inputs) {
        out +=
            fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td><code>{}</code></td></tr>\n",
                        esc(f.path), fixed(static_cast<double>(f.bytes), 0), esc(f.sha256));
    }
    out += "</tbody>\n</table>\n";
    if (const auto resolved = cases::resolved_case_text(p)) {
        out += fmt::format("<details><summary>The case as resolved after template inheritance "
                           "(JSON)</summary><pre class=\"resolved\">{}</pre></details>\n",
                           esc(*resolved));
    }
    return out;
}

std::string node_colour(const cases::PowerFlow::Node& node) {
    const std::string& kind = node.kind;
    std::string name = node.name;
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

std::string power_flow_section(const RunRecord& run, const core::Display& u) {
    if (!run.system.converged) {
        return not_computed(not_converged(run.system, u));
    }
    const cases::PowerFlow flow = cases::power_flow(run.system);
    Sankey sankey;
    sankey.title = "Power flow (widths in proportion to power)";
    sankey.units = u;
    for (const auto& node : flow.nodes) {
        sankey.nodes.push_back({node.name, node_colour(node)});
    }
    for (const auto& link : flow.links) {
        sankey.links.push_back({link.source, link.target, link.P_W});
    }
    return figure(svg_sankey(sankey),
                  "Grid power through each stage of the power chain to the chips (orange), "
                  "every conversion loss to its own node (red), named with where its heat "
                  "goes, and the cooling plant (green). Hover a band for its power.");
}

std::string chips_section(const RunRecord& run, const core::Display& u) {
    const SystemResult& r = run.system;
    if (!r.converged) {
        return not_computed(not_converged(r, u));
    }
    const thermal::RackLoopResult& d = r.thermal.design;
    const auto chips = listed(d.chips, d);
    if (chips.empty()) {
        return not_computed("the thermal result has no chips");
    }
    CategoryChart c;
    c.title = "Junction temperature of every chip, per tray";
    c.x_label = "tray";
    c.y_label = u.typeset_header("junction temperature", k::temperature);
    c.unit = u.typeset(k::temperature);
    c.mark = CategoryMark::point;
    std::vector<NamedValue> T_junction;
    std::set<std::pair<double, std::string>> limits;
    for (const auto& chip : chips) {
        T_junction.push_back({name_of(r, chip.part), shown(u, chip.T_junction_K, k::temperature)});
        if (const Maybe limit = shown(u, chip.T_limit_K, k::temperature)) {
            limits.insert({*limit, chip.limit_kind});
        }
    }
    c.groups = group_by_tray(T_junction, names_of(r, listed(d.trays, d)), c.series);
    for (const auto& [value, kind] : limits) {
        c.lines.push_back({value, fmt::format("{} limit {:.1f} {}", kind, value, c.unit)});
    }
    std::string out = rack_kinds_note(r);
    out += figure(svg_category_chart(c),
                  "Each point is one chip, coloured by its kind; dashed lines are "
                  "the temperature limits. Hover a point for its chip and value.");

    // The chips nearest their limits.
    std::vector<thermal::ChipThermalResult> nearest = chips;
    std::stable_sort(nearest.begin(), nearest.end(),
                     [](const auto& a, const auto& b) { return a.margin_K() < b.margin_K(); });
    nearest.resize(std::min<std::size_t>(5, nearest.size()));
    using Chip = thermal::ChipThermalResult;
    out += "<h3>The five chips nearest their limits</h3>\n";
    out += table<Chip>(
        nearest,
        {text_col<Chip>("chip", [&r](const Chip& x) { return name_of(r, x.part); }),
         qty_col<Chip>(
             u, "heat", [](const Chip& x) { return x.Q_W; }, k::device_power, 0),
         qty_col<Chip>(
             u, "junction", [](const Chip& x) { return x.T_junction_K; }, k::temperature, 1),
         qty_col<Chip>(
             u, "limit", [](const Chip& x) { return x.T_limit_K; }, k::temperature, 1),
         text_col<Chip>("limit kind", [](const Chip& x) { return x.limit_kind; }),
         qty_col<Chip>(
             u, "margin", [](const Chip& x) { return x.margin_K(); }, k::temperature_difference, 1),
         qty_col<Chip>(
             u, "coolant at plate exit", [](const Chip& x) { return x.T_coolant_K; },
             k::temperature, 1),
         num_col<Chip>(
             "R_th (K/W)", [](const Chip& x) { return x.R_th_K_per_W; }, "", 4)});
    return out;
}

std::string flow_section(const RunRecord& run, const core::Display& u) {
    const SystemResult& r = run.system;
    if (!r.converged) {
        return not_computed(not_converged(r, u));
    }
    const thermal::RackLoopResult& d = r.thermal.design;
    const auto trays = listed(d.trays, d);
    const auto plates = listed(d.plates, d);
    std::string out;
    if (trays.empty()) {
        out += not_computed("the thermal result has no trays");
    } else {
        CategoryChart c;
        c.title = "Coolant flow per tray";
        c.x_label = "tray";
        c.y_label = u.typeset_header("flow", k::volume_flow);
        c.unit = u.typeset(k::volume_flow);
        c.decimals = 2;
        c.height = 380.0;
        const std::vector<std::string> names = names_of(r, trays);
        const std::string prefix = common_path_prefix(names);
        for (std::size_t i = 0; i < trays.size(); ++i) {
            const std::string& name = names[i];
            const Maybe v = shown(u, trays[i].V_dot_m3_s, k::volume_flow);
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
        c.y_label = u.typeset_header("flow", k::volume_flow);
        c.unit = u.typeset(k::volume_flow);
        c.decimals = 3;
        c.height = 380.0;
        std::vector<NamedValue> flows;
        for (const auto& p : plates) {
            flows.push_back({name_of(r, p.part), shown(u, p.V_dot_m3_s, k::volume_flow)});
        }
        c.groups = group_by_tray(flows, names_of(r, trays), c.series);
        out += figure(svg_category_chart(c), "One bar per cold plate, side by side within its "
                                             "tray, coloured by plate kind.");
    }
    return out;
}

std::string efficiency_section(const RunRecord& run, const core::Display& u) {
    if (!run.system.converged) {
        return not_computed(not_converged(run.system, u));
    }
    LineChart c;
    c.title = "End-to-end efficiency of the power chain versus load";
    c.x.label = "load (% of design IT power)";
    c.y.label = "efficiency (%)";
    c.x.min = 0.0;
    c.x.max = 100.0;
    c.width = 1000.0;
    c.height = 420.0;
    for (const auto& curve : cases::efficiency_vs_load(run.system)) {
        ChartSeries series;
        series.name = curve.chain;
        for (std::size_t k = 0; k < curve.load_fraction.size(); ++k) {
            series.x.push_back(in(curve.load_fraction[k], "%").value_or(std::nan("")));
            series.y.push_back(in(curve.efficiency[k], "%").value_or(std::nan("")));
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

std::string storage_layers(const std::vector<power::LayerResult>& layers, const core::Display& u) {
    if (layers.empty()) {
        return not_computed("the swing has no storage layers");
    }
    using Layer = power::LayerResult;
    return table<Layer>(
        layers,
        {text_col<Layer>("layer", [](const Layer& l) { return l.name; }),
         num_col<Layer>(
             "energy swing (kJ)", [](const Layer& l) { return l.energy_swing; }, "kJ", 2),
         num_col<Layer>(
             "capacity (kJ)", [](const Layer& l) { return l.energy_capacity; }, "kJ", 2),
         qty_col<Layer>(
             u, "max discharge", [](const Layer& l) { return l.P_discharge_max; }, k::power, 2),
         qty_col<Layer>(
             u, "max charge", [](const Layer& l) { return l.P_charge_max; }, k::power, 2),
         num_col<Layer>(
             "loss (kJ)", [](const Layer& l) { return l.loss; }, "kJ", 3)});
}

std::string swing_section(const RunRecord& run, const core::Display& u) {
    const SystemResult& r = run.system;
    if (!r.converged) {
        return not_computed(not_converged(r, u));
    }
    if (!r.swing) {
        return not_computed("the run computed no load swing");
    }
    const SystemResult::Swing& sw = *r.swing;
    std::string out;
    LineChart c;
    c.title = "Load swing: IT load and grid draw";
    c.x.label = "time (s)";
    c.y.label = u.typeset_header("power", k::power);
    c.markers = false;
    c.width = 1000.0;
    c.height = 420.0;
    for (const auto& [y, name] :
         {std::pair{&sw.feed_W, "IT load"}, std::pair{&sw.grid_W, "grid"}}) {
        if (y->empty()) {
            continue;
        }
        if (y->size() != sw.t_s.size()) {
            return not_computed(fmt::format("the swing has {} times but {} values of the {}",
                                            sw.t_s.size(), y->size(), name));
        }
        ChartSeries series;
        series.name = name;
        for (std::size_t i : envelope(*y, swing_points_max)) {
            series.x.push_back(sw.t_s[i]);
            series.y.push_back(shown(u, (*y)[i], k::power).value_or(std::nan("")));
        }
        c.series.push_back(std::move(series));
    }
    if (c.series.empty() || sw.t_s.empty()) {
        out += not_computed("the swing has no time series");
    } else {
        c.y.min = 0.0;
        out += figure(svg_line_chart(c), "The load the chips draw and what the grid supplies, the "
                                         "storage layers taking the difference.");
    }
    out += "<h3>Storage layers</h3>\n";
    out += storage_layers(sw.layers, u);
    return out;
}

std::string power_stages_table(const SystemResult& r, const core::Display& u) {
    std::string out = "<h3 id=\"table-power-stages\">Power stages</h3>\n";
    if (!r.converged) {
        return out + not_computed(not_converged(r, u));
    }
    if (r.chain.stages.empty()) {
        return out + not_computed("the power chain has no stages");
    }
    if (!r.chain.name.empty()) {
        out += fmt::format("<p>Chain <b>{}</b>, feed first.</p>\n", esc(r.chain.name));
    }
    // A row is a stage's index into the chain and its result.
    std::vector<std::size_t> stages(r.chain.stages.size());
    std::iota(stages.begin(), stages.end(), 0);
    const auto spec = [&r](std::size_t s) -> const power::Stage& { return r.chain.stages[s]; };
    const auto result = [&r](std::size_t s) -> const power::StageResult& {
        return r.chain_result.stages[s];
    };
    using S = std::size_t;
    out += table<S>(
        stages, {text_col<S>("stage", [&](S s) { return spec(s).name; }),
                 text_col<S>("kind", [&](S s) { return spec(s).id; }),
                 qty_col<S>(
                     u, "P in", [&](S s) { return result(s).P_in_W; }, k::power, 2),
                 qty_col<S>(
                     u, "P out", [&](S s) { return result(s).P_out_W; }, k::power, 2),
                 qty_col<S>(
                     u, "loss", [&](S s) { return result(s).P_loss_W; }, k::power, 3),
                 num_col<S>(
                     "efficiency (%)", [&](S s) { return result(s).efficiency; }, "%", 2),
                 num_col<S>(
                     "modules", [&](S s) { return spec(s).modules; }, "", 0),
                 num_col<S>(
                     "load (% of rating)", [&](S s) { return result(s).load_fraction; }, "%", 1),
                 text_col<S>("location",
                             [&](S s) { return std::string(power::to_string(spec(s).location)); }),
                 text_col<S>("heat to",
                             [&](S s) { return std::string(power::to_string(spec(s).medium)); })});
    return out;
}

std::string tray_tables(const SystemResult& r, const core::Display& u) {
    const thermal::RackLoopResult& d = r.thermal.design;
    const std::string missing =
        r.converged ? "the thermal result has no trays" : not_converged(r, u);
    std::string out = "<h3 id=\"table-tray-types\">Trays by type (every rack)</h3>\n";
    using Type = cases::TrayTypeRange;
    if (const auto types = cases::tray_types(d, r.assembly); r.converged && !types.empty()) {
        out += table<Type>(
            types,
            {text_col<Type>("tray type", [](const Type& t) { return t.type; }),
             num_col<Type>(
                 "trays", [](const Type& t) { return static_cast<double>(t.count); }, "", 0),
             qty_col<Type>(
                 u, "flow min", [](const Type& t) { return t.V_dot_min_m3_s; }, k::volume_flow, 2),
             qty_col<Type>(
                 u, "flow max", [](const Type& t) { return t.V_dot_max_m3_s; }, k::volume_flow, 2),
             qty_col<Type>(
                 u, "dp min", [](const Type& t) { return t.dp_min_Pa; }, k::pressure, 2),
             qty_col<Type>(
                 u, "dp max", [](const Type& t) { return t.dp_max_Pa; }, k::pressure, 2),
             qty_col<Type>(
                 u, "hottest outlet", [](const Type& t) { return t.T_out_max_K; }, k::temperature,
                 2)});
    } else {
        out += not_computed(missing);
    }
    out += "<h3 id=\"table-trays\">Trays</h3>\n";
    if (!r.converged) {
        return out + not_computed(missing);
    }
    out += rack_kinds_note(r);
    using Tray = thermal::TrayFlowResult;
    const auto trays = listed(d.trays, d);
    if (trays.empty()) {
        return out + not_computed(missing);
    }
    return out +
           table<Tray>(
               trays,
               {text_col<Tray>("tray", [&r](const Tray& t) { return name_of(r, t.part); }),
                qty_col<Tray>(
                    u, "heat to liquid", [](const Tray& t) { return t.Q_W; }, k::heat_flow, 2),
                qty_col<Tray>(
                    u, "flow", [](const Tray& t) { return t.V_dot_m3_s; }, k::volume_flow, 2),
                qty_col<Tray>(
                    u, "dp", [](const Tray& t) { return t.dp_Pa; }, k::pressure, 2),
                qty_col<Tray>(
                    u, "T in", [](const Tray& t) { return t.T_in_K; }, k::temperature, 2),
                qty_col<Tray>(
                    u, "T out", [](const Tray& t) { return t.T_out_K; }, k::temperature, 2)});
}

std::string racks_table(const SystemResult& r, const core::Display& u) {
    std::string out = "<h3 id=\"table-racks\">Racks</h3>\n";
    using Rack = thermal::RackFlowResult;
    const auto& racks = r.thermal.design.racks;
    if (!r.converged || racks.empty()) {
        return out +
               not_computed(r.converged ? "the thermal result has no racks" : not_converged(r, u));
    }
    return out +
           table<Rack>(
               racks,
               {text_col<Rack>("rack", [&r](const Rack& x) { return name_of(r, x.part); }),
                text_col<Rack>("same results as",
                               [&r](const Rack& x) { return name_of(r, x.kind_first); }),
                qty_col<Rack>(
                    u, "heat to liquid", [](const Rack& x) { return x.Q_W; }, k::heat_flow, 2),
                qty_col<Rack>(
                    u, "flow", [](const Rack& x) { return x.V_dot_m3_s; }, k::volume_flow, 1),
                qty_col<Rack>(
                    u, "dp", [](const Rack& x) { return x.dp_Pa; }, k::pressure, 2),
                qty_col<Rack>(
                    u, "T return", [](const Rack& x) { return x.T_return_K; }, k::temperature, 2)});
}

std::string coolant_table(const thermal::ThermalAnalysis& a, const core::Display& u) {
    const thermal::RackLoopResult& d = a.design;
    return key_values({
        {u.typeset_header("Flow", k::volume_flow),
         value_or_empty(shown(u, d.V_dot_m3_s, k::volume_flow), 1)},
        {u.typeset_header("Flow per liquid heat", k::volume_flow_per_power),
         value_or_empty(shown(u, d.V_dot_m3_s / a.Q_liquid_W, k::volume_flow_per_power), 3)},
        {u.typeset_header("Supply temperature", k::temperature),
         value_or_empty(shown(u, d.T_supply_K, k::temperature), 2)},
        {u.typeset_header("Return temperature", k::temperature),
         value_or_empty(shown(u, d.T_return_K, k::temperature), 2)},
        {u.typeset_header("Loop pressure drop", k::pressure),
         value_or_empty(shown(u, d.dp_loop_Pa, k::pressure), 2)},
        {u.typeset_header("Heat into the coolant", k::heat_flow),
         value_or_empty(shown(u, d.Q_coolant_W, k::heat_flow), 3)},
        {"Energy imbalance (relative)", scientific(d.energy_imbalance())},
        {"Mass imbalance (relative)", scientific(d.mass_imbalance)},
        {"Tray flow max / min", value_or_empty(d.tray_flow_spread, 3)},
        {"Cold-plate flow max / min", value_or_empty(d.plate_flow_spread, 3)},
        {"Newton iterations", value_or_empty(d.iterations, 0)},
    });
}

std::string cdu_table(const thermal::CduResult& cdu, const core::Display& u) {
    return key_values({
        {u.typeset_header("Heat", k::heat_flow),
         value_or_empty(shown(u, cdu.Q_W, k::heat_flow), 2)},
        {"Units needed", value_or_empty(cdu.units_needed, 0)},
        {"Pumps running / installed",
         fmt::format("{} / {}", fixed(cdu.pumps_running, 0), fixed(cdu.pumps_installed, 0))},
        {"Pump speed / full speed", value_or_empty(cdu.speed_ratio, 3)},
        {u.typeset_header("Pump power", k::power),
         value_or_empty(shown(u, cdu.P_pump_W, k::power), 3)},
        {u.typeset_header("Pressure needed by the loop", k::pressure),
         value_or_empty(shown(u, cdu.dp_required_Pa, k::pressure), 2)},
        {u.typeset_header("Pressure available at full speed", k::pressure),
         value_or_empty(shown(u, cdu.dp_available_Pa, k::pressure), 2)},
        {u.typeset_header("Pressure drop inside the CDU", k::pressure),
         value_or_empty(shown(u, cdu.dp_internal_Pa, k::pressure), 2)},
        {u.typeset_header("Heat exchanger UA", k::thermal_conductance),
         value_or_empty(shown(u, cdu.UA_W_per_K, k::thermal_conductance),
                        u.decimals(k::thermal_conductance))},
        {"Effectiveness", value_or_empty(cdu.effectiveness, 3)},
        {u.typeset_header("Approach", k::temperature_difference),
         value_or_empty(shown(u, cdu.approach_K, k::temperature_difference), 2)},
        {u.typeset_header("Warmest facility water", k::temperature),
         value_or_empty(shown(u, cdu.T_facility_max_K, k::temperature), 1)},
        {u.typeset_header("Facility water flow", k::volume_flow),
         value_or_empty(shown(u, cdu.V_dot_facility_m3_s, k::volume_flow), 1)},
        {"Facility water class", cdu.facility_class},
    });
}

std::string air_table(const thermal::AirResult& air, const core::Display& u) {
    return key_values({
        {u.typeset_header("Heat to air", k::heat_flow),
         value_or_empty(shown(u, air.Q_W, k::heat_flow), 2)},
        {u.typeset_header("Air flow", k::air_volume_flow),
         value_or_empty(shown(u, air.V_dot_m3_s, k::air_volume_flow), 3)},
        {u.typeset_header("Air outlet", k::temperature),
         value_or_empty(shown(u, air.T_outlet_K, k::temperature), 1)},
        {"Fan speed / full speed", value_or_empty(air.speed_ratio, 3)},
        {u.typeset_header("Fan power", k::power),
         value_or_empty(shown(u, air.P_fan_W, k::power), 3)},
        {"ASHRAE air class", air.air_class},
    });
}

/// The cooling plant by heat path at the design dry bulb: what each path hands over, at which
/// water temperature, how it is rejected, and the power it takes.
std::string cooling_table(const SystemResult& r, const core::Display& u) {
    struct Path {
        std::string name;
        const thermal::PathRejection* p;
    };
    const std::vector<Path> paths{
        {"liquid (CDUs to facility water)", &r.rejection.liquid},
        {"rack air (room air handlers)", &r.rejection.air},
        {"grey space (conversion losses)", &r.rejection.grey},
    };
    const auto plant = [](const Path& x) {
        if (x.p->Q_W <= 0.0) {
            return std::string("no heat");
        }
        return x.p->free ? std::string("dry cooler") : fmt::format("chiller, COP {:.2f}", x.p->cop);
    };
    std::string out = table<Path>(
        paths,
        {text_col<Path>("path", [](const Path& x) { return x.name; }),
         qty_col<Path>(
             u, "heat", [](const Path& x) { return x.p->Q_W; }, k::heat_flow, 2),
         qty_col<Path>(
             u, "water", [](const Path& x) { return x.p->T_water_K; }, k::temperature, 1),
         text_col<Path>("rejected by", plant),
         qty_col<Path>(
             u, "compressors", [](const Path& x) { return x.p->P_compressor_W; }, k::power, 2),
         qty_col<Path>(
             u, "rejection fans", [](const Path& x) { return x.p->P_rejection_fans_W; }, k::power,
             2),
         qty_col<Path>(
             u, "air-handler fans", [](const Path& x) { return x.p->P_air_handler_W; }, k::power,
             2),
         qty_col<Path>(
             u, "power", [](const Path& x) { return x.p->P_W(); }, k::power, 2)});
    out += key_values({
        {u.typeset_header("CDU pumps", k::power),
         value_or_empty(shown(u, r.P_pumps_W, k::power), 3)},
        // Electrical power the plant draws, not heat it removes.
        {u.typeset_header("Heat-rejection power, all paths", k::power),
         value_or_empty(shown(u, r.rejection.P_W(), k::power), 3)},
        {u.typeset_header("Cooling power, pumps + heat rejection", k::power),
         value_or_empty(shown(u, r.P_cooling_W, k::power), 3)},
    });
    return out;
}

std::string inverse_tables(const thermal::ThermalAnalysis& a, const core::Display& u) {
    std::string out = key_values({
        {u.typeset_header("Least flow at the design supply temperature", k::volume_flow),
         a.V_dot_min_m3_s ? fixed(shown(u, a.V_dot_min_m3_s, k::volume_flow), 1)
                          : "no feasible flow"},
        {u.typeset_header("Warmest supply at the design flow", k::temperature),
         a.T_supply_max_K ? fixed(shown(u, a.T_supply_max_K, k::temperature), 1)
                          : "no feasible supply temperature"},
    });
    if (a.flow_table.empty()) {
        return out;
    }
    using Row = std::decay_t<decltype(a.flow_table.front())>;
    const double Q_liquid_W = a.Q_liquid_W;
    return out +
           table<Row>(
               a.flow_table,
               {qty_col<Row>(
                    u, "supply", [](const Row& x) { return x.T_supply_K; }, k::temperature, 1),
                qty_col<Row>(
                    u, "least flow", [](const Row& x) { return x.V_dot_m3_s; }, k::volume_flow, 1),
                qty_col<Row>(
                    u, "least flow per liquid heat",
                    [Q_liquid_W](const Row& x) -> Maybe {
                        if (!x.V_dot_m3_s) {
                            return std::nullopt;
                        }
                        return *x.V_dot_m3_s / Q_liquid_W;
                    },
                    k::volume_flow_per_power, 3),
                text_col<Row>("note", [&u](const Row& x) { return u.typeset_render(x.reason); })});
}

std::string tables_section(const RunRecord& run, const core::Display& u) {
    const SystemResult& r = run.system;
    std::string out = power_stages_table(r, u);
    out += tray_tables(r, u);
    out += racks_table(r, u);
    // The short key-value tables side by side; none holds a number of an unsettled state.
    const auto panel = [&r, &u](const char* id, const char* title,
                                const std::function<std::string()>& body) {
        return fmt::format("<h3 id=\"{}\">{}</h3>\n{}", id, title,
                           r.converged ? body() : not_computed(not_converged(r, u)));
    };
    const thermal::ThermalAnalysis& a = r.thermal;
    out += "<div class=\"panels\">\n<div>\n";
    out += panel("table-coolant", "Coolant loop", [&a, &u] { return coolant_table(a, u); });
    out += "</div>\n<div>\n";
    out += panel("table-cdu", "CDU", [&a, &u] { return cdu_table(a.cdu, u); });
    out += "</div>\n<div>\n";
    out += panel("table-air", "Air side", [&a, &u] { return air_table(a.air, u); });
    out += "</div>\n<div>\n";
    out += panel("table-cooling", "Cooling plant", [&r, &u] { return cooling_table(r, u); });
    out += "</div>\n</div>\n";
    out += panel("table-inverse", "Least flow and warmest supply",
                 [&a, &u] { return inverse_tables(a, u); });
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

/// One chart per output of a sweep; a failed or infeasible point is a gap in its curve.
/// Outputs without a finite point are left out.
std::string sweep_charts(const cases::SweepResult& sweep, const core::Display& u) {
    const auto chart = cases::sweep_chart(sweep, &u);
    if (!chart) {
        return "";
    }
    std::string out;
    for (std::size_t k = 0; k < chart->outputs.size(); ++k) {
        const auto& [name, unit] = chart->outputs[k];
        LineChart c;
        c.title = fmt::format("Sweep {}: {}", sweep.name, name);
        c.x.label = chart->x_label;
        c.y.label = unit.empty() || unit == "-" ? name : fmt::format("{} [{}]", name, unit);
        c.width = 640.0;
        c.height = 360.0;
        bool any = false;
        for (const auto& line : chart->series) {
            ChartSeries cs;
            cs.name = line.label;
            cs.x = line.x;
            cs.y = k < line.y.size() ? line.y[k] : std::vector<double>(cs.x.size(), NAN);
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
                                  name, chart->x_label, sweep.name));
    }
    return out;
}

/// Failure scenarios (one row each, with the sentence that decides it) and sweeps (the
/// count of points by status, the CSV that holds them, and their curves).
std::string studies_section(const RunRecord& run, const core::Display& u) {
    std::string out;
    using Scenario = cases::ScenarioResult;
    if (!run.scenarios.empty()) {
        out += "<h3>Failure scenarios</h3>\n";
        out += table<Scenario>(
            run.scenarios,
            {text_col<Scenario>("scenario", [](const Scenario& s) { return s.kind; }),
             text_col<Scenario>("name", [](const Scenario& s) { return s.name; }),
             text_col<Scenario>("status", [](const Scenario& s) { return s.status; }),
             num_col<Scenario>(
                 "time to chip limit (s)", [](const Scenario& s) { return s.time_to_chip_limit_s; },
                 "", 1),
             text_col<Scenario>("what decides it",
                                [&u](const Scenario& s) { return u.typeset_render(s.sentence); })});
    } else {
        out += not_computed("the case declares no [[scenario]]");
    }
    using Sweep = cases::SweepResult;
    if (!run.sweeps.empty()) {
        out += "<h3>Sweeps</h3>\n";
        const auto count = [](std::size_t Sweep::*n) {
            return [n](const Sweep& s) -> Maybe { return static_cast<double>(s.*n); };
        };
        out += table<Sweep>(
            run.sweeps,
            {text_col<Sweep>("sweep", [](const Sweep& s) { return s.name; }),
             num_col<Sweep>(
                 "points", [](const Sweep& s) { return static_cast<double>(s.rows.size()); }, "",
                 0),
             num_col<Sweep>("ok", count(&Sweep::ok), "", 0),
             num_col<Sweep>("failed", count(&Sweep::failed), "", 0),
             num_col<Sweep>("infeasible", count(&Sweep::infeasible), "", 0),
             text_col<Sweep>("table (next to this report)", cases::sweep_file)});
        for (const auto& sweep : run.sweeps) {
            out += sweep_charts(sweep, u);
        }
    } else {
        out += not_computed("the case declares no [[sweep]]");
    }
    return out;
}

std::string airflow_section(const RunRecord& run, const core::Display& u) {
    if (!run.airflow) {
        return not_computed("no airflow result was given: run `rackcalc cfd airflow CASE -o DIR` "
                            "and pass DIR/airflow.json to `rackcalc run --airflow`");
    }
    const cases::AirflowEvidence& a = *run.airflow;
    const auto T = [&u](double K) { return with_unit(u, K, k::temperature, 1); };
    std::string out = fmt::format(
        "<p>From {} ({}): {} rack{} in a room with a cold and a hot aisle{}, {} cells; "
        "cooling units supply {} of the racks' demand at {}. Judged: {}.</p>\n",
        esc(a.file.string()), esc(a.case_file), fixed(a.racks, 0), a.racks == 1 ? "" : "s",
        a.containment ? ", the cold aisle contained" : ", no containment",
        fixed(static_cast<double>(a.cells), 0),
        fixed(in(a.V_dot_supply_m3_s / a.V_dot_demand_m3_s, "%"), 0) + " %", T(a.T_supply_K),
        esc(a.judged));
    out += key_values({
        {"hottest inlet (mean over the averaged window)",
         T(a.T_inlet_max_K) + " at " + a.hottest_inlet},
        {"hottest inlet peak", T(a.T_inlet_peak_max_K)},
        {"ASHRAE " + a.air_class + " allowable maximum", T(a.T_allowable_max_K)},
        {"margin of the hottest inlet",
         with_unit(u, a.T_allowable_max_K - a.T_inlet_max_K, k::temperature_difference, 1)},
        {"RCI_HI (Herrlin; 100 % none above the recommended 27 °C)", fixed(a.RCI_hi, 0) + " %"},
        {"RTI (return rise / equipment rise; below 100 % bypass, above recirculation)",
         fixed(a.RTI, 0) + " %"},
        {"SHI / RHI (Sharma; 0 / 1 no recirculation)", fixed(a.SHI, 3) + " / " + fixed(a.RHI, 3)},
        {"heat balance (carried out against put in)", fixed(in(a.heat_balance, "%"), 2) + " %"},
    });
    // The hottest inlets first: the ones an engineer looks at.
    using Tray = cases::AirflowTrayEvidence;
    std::vector<Tray> trays;
    std::copy_if(a.trays.begin(), a.trays.end(), std::back_inserter(trays),
                 [](const Tray& t) { return t.Q_air_W > 0.0; });
    std::stable_sort(trays.begin(), trays.end(),
                     [](const Tray& x, const Tray& y) { return x.T_inlet_K > y.T_inlet_K; });
    constexpr std::size_t shown = 12;
    if (trays.size() > shown) {
        trays.resize(shown);
    }
    out += fmt::format("<h3>The {} hottest inlets</h3>\n", trays.size());
    out += table<Tray>(
        trays,
        {text_col<Tray>("tray", [](const Tray& t) { return t.part; }),
         qty_col<Tray>(
             u, "inlet mean", [](const Tray& t) { return t.T_inlet_K; }, k::temperature, 1),
         qty_col<Tray>(
             u, "inlet peak", [](const Tray& t) { return t.T_inlet_peak_K; }, k::temperature, 1),
         qty_col<Tray>(
             u, "exhaust", [](const Tray& t) { return t.T_exhaust_K; }, k::temperature, 1),
         qty_col<Tray>(
             u, "margin", [](const Tray& t) { return t.margin_K; }, k::temperature_difference, 1),
         qty_col<Tray>(
             u, "air heat", [](const Tray& t) { return t.Q_air_W; }, k::heat_flow, 2),
         qty_col<Tray>(
             u, "flow", [](const Tray& t) { return t.V_dot_m3_s; }, k::air_volume_flow, 4),
         qty_col<Tray>(
             u, "design flow", [](const Tray& t) { return t.V_dot_design_m3_s; },
             k::air_volume_flow, 4)});
    return out;
}

} // namespace

std::string render_report(const cases::RunRecord& run, const ReportAssets& assets,
                          const core::Display& units) {
    const std::string& title =
        run.case_facts.name.empty() ? run.case_facts.file : run.case_facts.name;
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
    out +=
        fmt::format("<title>RackCalc report{}</title>\n", title.empty() ? "" : ": " + esc(title));
    out += fmt::format("<style>{}</style>\n</head>\n<body>\n", css);
    out += fmt::format("<header>\n<h1>RackCalc report{}</h1>\n",
                       title.empty() ? "" : ": " + esc(title));
    out += "<p>Fused system run: the rack, its cooling, its power chain and the facility "
           "around it. Computed in SI units; shown in " +
           fmt::format("{} units: {}, {}, {}, {}, {} and USD.</p>\n</header>\n",
                       core::unit_system_words.name(units.system()), units.typeset(k::power),
                       units.typeset(k::temperature), units.typeset(k::volume_flow),
                       units.typeset(k::pressure), units.typeset(k::energy));
    const cases::Provenance& p = run.provenance;
    out += fmt::format("<p class=\"provenance\">RackCalc {} · {} · {} input file{} "
                       "(hashes under <a href=\"#provenance\">Provenance</a>)</p>\n",
                       esc(p.version), esc(p.generated_utc), p.inputs.size(),
                       p.inputs.size() == 1 ? "" : "s");
    out += verdict_banner(run.verdict, units);
    out += "<nav>\n<ol>\n";
    for (const Section& sec : sections) {
        out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", sec.id, sec.title);
    }
    out += "</ol>\n</nav>\n";

    // Every quantity in the reader's units (core::Display).
    const auto with_units =
        [&units](std::string (*section)(const RunRecord&, const core::Display&)) {
            return [&units, section](const RunRecord& r) { return section(r, units); };
        };
    const std::function<std::string(const RunRecord&)> renderers[] = {
        with_units(case_section),
        with_units(key_results_section),
        with_units(findings_section),
        [&assets](const RunRecord& r) { return picture_section(r, assets); },
        with_units(power_flow_section),
        with_units(chips_section),
        with_units(flow_section),
        with_units(efficiency_section),
        with_units(swing_section),
        with_units(studies_section),
        with_units(airflow_section),
        with_units(tables_section),
        provenance_section};
    static_assert(std::size(renderers) == std::size(sections));
    for (std::size_t i = 0; i < std::size(sections); ++i) {
        out += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", sections[i].id, sections[i].title);
        try {
            out += renderers[i](run);
        } catch (const std::exception& e) {
            // A result a chart cannot draw (a negative power in the Sankey) spoils its own
            // section, never the report.
            out += not_computed(fmt::format("this section could not be drawn: {}", e.what()));
        }
        out += "</section>\n";
    }
    out += "<footer>Generated by RackCalc from the fused run; summary.json beside this page holds "
           "the same results in SI units.</footer>\n</body>\n</html>\n";
    return out;
}

} // namespace rackcalc::viz
