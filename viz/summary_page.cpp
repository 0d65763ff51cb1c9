#include "viz/summary_page.hpp"

#include "viz/xml_escape.hpp"

#include <cmath>
#include <fmt/format.h>
#include <utility>
#include <vector>

namespace rackcalc::viz {

namespace {

namespace k = core::kinds;

constexpr const char* css = R"(
@page { size: A4; margin: 14mm; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; max-width: 180mm; margin: 0 auto; font-size: 11pt; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
p.sub { margin: 0 0 4mm; color: #59636e; }
.verdict { padding: 3mm 4mm; border-radius: 2mm; font-weight: 600; margin: 0 0 4mm; }
.verdict.pass { background: #dafbe1; border: 1px solid #1a7f37; }
.verdict.fail { background: #ffebe9; border: 1px solid #cf222e; }
.verdict ul { margin: 1mm 0 0; font-weight: normal; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 1.2mm 2mm; border-bottom: 1px solid #d0d7de; vertical-align: top; }
th { font-weight: normal; color: #59636e; width: 38%; }
td.num { font-variant-numeric: tabular-nums; }
footer { margin-top: 5mm; color: #59636e; font-size: 9pt; }
)";

std::string esc(std::string_view s) {
    return xml_escape(s);
}

/// The rows of the page, label and value; the value is plain text (escaped on output).
using Rows = std::vector<std::pair<std::string, std::string>>;

Rows result_rows(const cases::RunRecord& run, const core::Display& u) {
    const cases::SystemResult& r = run.system;
    const cases::CaseFacts& c = run.case_facts;
    const thermal::ThermalAnalysis& a = r.thermal;
    const thermal::RackLoopResult& d = a.design;
    auto q = [&u](double si, const core::QuantityKind& kind, int decimals) {
        return u.typeset_format(si, kind, decimals);
    };
    Rows rows;
    // The published figure is one rack's input (the rack boundary, cases/system_run.hpp) or
    // the whole system's; the computed figure on the same boundary stands beside it.
    std::string it = fmt::format("{} per rack into the IT equipment ({} in all; chips and tray "
                                 "electronics {})",
                                 q(r.P_rack_input_W, k::power, 1), q(r.P_ite_W, k::power, 1),
                                 q(r.P_it_W, k::power, 1));
    if (c.published_it_power_W) {
        const bool system = c.it_power_scope == "system";
        const double computed_W = system ? r.P_ite_W : r.P_rack_input_W;
        it += fmt::format("; published {} {} ({}), computed {:+.1f} %",
                          q(*c.published_it_power_W, k::power, 1),
                          system ? "for the system" : "per rack", c.published_it_power_source,
                          100.0 * (computed_W / *c.published_it_power_W - 1.0));
    }
    rows.emplace_back("IT power", it);
    if (d.worst_chip >= 0) {
        const auto& w = d.chips[static_cast<std::size_t>(d.worst_chip)];
        rows.emplace_back("Worst chip",
                          fmt::format("{} at {} against its {} limit {}: margin {}",
                                      r.assembly.parts[static_cast<std::size_t>(w.part)].name,
                                      q(w.T_junction_K, k::temperature, 1), w.limit_kind,
                                      q(w.T_limit_K, k::temperature, 1),
                                      q(w.margin_K(), k::temperature_difference, 1)));
    }
    if (d.converged) {
        rows.emplace_back("Coolant", fmt::format("{}, supply {}, return {} (limit {})",
                                                 q(d.V_dot_m3_s, k::volume_flow, 1),
                                                 q(d.T_supply_K, k::temperature, 1),
                                                 q(d.T_return_K, k::temperature, 1),
                                                 q(c.T_return_max_K, k::temperature, 1)));
        rows.emplace_back("Loop pressure drop", q(d.dp_loop_Pa, k::pressure, 2));
        rows.emplace_back("CDU and pumps",
                          fmt::format("{} CDU(s) carrying {}; pumps {} of {} at {:.0f} % speed, {}",
                                      a.cdu.units_needed, q(a.cdu.Q_W, k::heat_flow, 1),
                                      a.cdu.pumps_running, a.cdu.pumps_installed,
                                      100.0 * a.cdu.speed_ratio, q(a.cdu.P_pump_W, k::power, 2)));
    }
    rows.emplace_back("Heat",
                      fmt::format("to liquid {}, to air {}", q(a.Q_liquid_W, k::heat_flow, 1),
                                  q(a.Q_air_W, k::heat_flow, 1)));
    rows.emplace_back("PUE at the design point",
                      fmt::format("{:.3f} = grid power {} / IT-equipment power {}", r.pue,
                                  q(r.P_grid_W, k::power, 1), q(r.P_ite_W, k::power, 1)));
    rows.emplace_back("PUE over a year",
                      fmt::format("{:.3f} = facility energy {} / IT-equipment energy {}",
                                  r.year.pue, q(r.year.E_facility_J, k::energy, 1),
                                  q(r.year.E_ite_J, k::energy, 1)));
    rows.emplace_back("Energy and cost in a year",
                      fmt::format("{} from the grid, {:.0f} USD",
                                  q(r.annual_energy_J, k::energy, 1), r.annual_cost_USD));
    return rows;
}

} // namespace

std::string render_summary_page(const cases::RunRecord& run, const core::Display& units) {
    const cases::CaseFacts& c = run.case_facts;
    const cases::SystemResult& r = run.system;
    const cases::Verdict& v = run.verdict;
    std::string chain;
    for (std::size_t i = 0; i < c.template_chain.size(); ++i) {
        chain += (i == 0 ? "" : " <- ") + c.template_chain[i];
    }
    std::string out =
        fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<title>RackCalc summary: {}</title>\n<style>{}</style>\n</head>\n<body>\n"
                    "<h1>{}</h1>\n<p class=\"sub\">{} rack(s) of template {}; site {}</p>\n",
                    esc(c.name), css, esc(c.name), r.racks, esc(chain), esc(c.site_name));
    out += fmt::format("<div id=\"verdict\" class=\"verdict {}\">{}", v.pass() ? "pass" : "fail",
                       esc(units.typeset_render(v.line())));
    if (!v.violations.empty()) {
        out += "\n<ul>\n";
        for (const auto& violation : v.violations) {
            out += fmt::format("<li>{}: {}</li>\n", esc(units.typeset_render(violation.subject)),
                               esc(units.typeset_render(violation.message)));
        }
        out += "</ul>\n";
    }
    out += "</div>\n";
    if (r.converged) {
        out += "<table>\n<tbody>\n";
        for (const auto& [label, value] : result_rows(run, units)) {
            out += fmt::format("<tr><th>{}</th><td class=\"num\">{}</td></tr>\n", esc(label),
                               esc(value));
        }
        out += "</tbody>\n</table>\n";
    } else {
        out += fmt::format("<p>No results: the fused run did not converge ({}).</p>\n",
                           esc(units.typeset_render(r.reason)));
    }
    out += fmt::format("<footer>Every table, chart and source: <a href=\"report.html\">report.html"
                       "</a>. RackCalc {}, {}; units: {}.</footer>\n</body>\n</html>\n",
                       esc(run.provenance.version), esc(run.provenance.generated_utc),
                       core::unit_system_words.name(units.system()));
    return out;
}

} // namespace rackcalc::viz
