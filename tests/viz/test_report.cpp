// The HTML report (viz/report.hpp) of a real run: the typed record of
// cases/examples/gb300-nvl72.toml as `rackcalc run` builds it (cases::make_run_record: the
// fused system, its scenario and sweep, verdict and provenance): every section, one SVG per
// chart, a Sankey whose band widths follow the power, well-formed markup (expat), escaped
// text, "not computed" notes for parts that are missing or did not converge, and a
// headless-browser screenshot. Each variation changes a typed field of the record.

#include "cases/run_record.hpp"
#include "viz/report.hpp"
#include "viz/svg_sankey.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_set>
#include <vector>
#include <vtkNew.h>
#include <vtkObjectFactory.h>
#include <vtkXMLParser.h>

using namespace rackcalc;
using namespace rackcalc::viz;

namespace {

const std::filesystem::path source_dir = RACKCALC_SOURCE_DIR;

/// The record of the README's main job, computed once per test process.
const cases::RunRecord& gb300() {
    static const cases::RunRecord record = [] {
        const cases::CaseDocument document = cases::read_case_document(
            source_dir / "cases/examples/gb300-nvl72.toml", cases::TemplateLibrary::bundled());
        const cases::CaseSpec spec = cases::parse_case_document(document, document.merged);
        return cases::make_run_record(document, spec, std::nullopt, "test");
    }();
    REQUIRE(record.system.converged);
    return record;
}

/// The parts of a kind's first rack, as the report and summary.json list them.
template <class Item>
std::size_t listed_count(const std::vector<Item>& items, const thermal::RackLoopResult& d) {
    const std::vector<int> firsts = d.kind_first_racks();
    const std::unordered_set<int> kinds(firsts.begin(), firsts.end());
    return static_cast<std::size_t>(std::count_if(
        items.begin(), items.end(), [&kinds](const Item& x) { return kinds.contains(x.rack); }));
}

/// A sweep's charts: one per output with a finite point.
std::size_t sweep_chart_count(const cases::RunRecord& run) {
    std::size_t n = 0;
    for (const auto& sweep : run.sweeps) {
        const auto chart = cases::sweep_chart(sweep);
        for (std::size_t k = 0; chart && k < chart->outputs.size(); ++k) {
            n += std::any_of(chart->series.begin(), chart->series.end(), [k](const auto& s) {
                return std::any_of(s.y[k].begin(), s.y[k].end(),
                                   [](double v) { return std::isfinite(v); });
            });
        }
    }
    return n;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) {
        ++n;
    }
    return n;
}

/// The markup of `<section id="id">` up to its end.
std::string section(const std::string& html, const std::string& id) {
    const auto start = html.find(fmt::format("<section id=\"{}\">", id));
    REQUIRE_MESSAGE(start != std::string::npos, "no section " << id);
    const auto end = html.find("</section>", start);
    REQUIRE(end != std::string::npos);
    return html.substr(start, end - start);
}

/// expat through VTK, without VTK's complaints about elements it does not know.
class MarkupParser : public vtkXMLParser {
public:
    static MarkupParser* New();

protected:
    void StartElement(const char*, const char**) override {}
    void EndElement(const char*) override {}
};
vtkStandardNewMacro(MarkupParser)

    /// Parses the page with expat: every element closed in order, attributes quoted, no stray
    /// '<' or '&'. The report is written as polyglot markup so that this holds.
    bool well_formed(const std::string& html) {
    vtkNew<MarkupParser> parser;
    // expat does not know the HTML doctype's root; the rest is XML.
    const std::string body = html.substr(html.find("<html"));
    return parser->Parse(body.c_str(), static_cast<unsigned int>(body.size())) == 1;
}

/// Every opened element among those the report emits is closed, in order.
std::string tag_balance(const std::string& html) {
    std::vector<std::string> open;
    for (std::size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
        if (html.compare(i, 2, "<!") == 0) {
            continue;
        }
        const bool closing = html[i + 1] == '/';
        const auto name_start = i + (closing ? 2 : 1);
        const auto name_end = html.find_first_of(" />\n", name_start);
        const auto tag_end = html.find('>', i);
        if (name_end == std::string::npos || tag_end == std::string::npos) {
            return fmt::format("unterminated tag at {}", i);
        }
        const std::string name = html.substr(name_start, name_end - name_start);
        if (closing) {
            if (open.empty() || open.back() != name) {
                return fmt::format("</{}> at {} closes <{}>", name, i,
                                   open.empty() ? "nothing" : open.back());
            }
            open.pop_back();
        } else if (html[tag_end - 1] != '/') {
            open.push_back(name);
        }
    }
    return open.empty() ? std::string() : "unclosed <" + open.back() + ">";
}

/// stroke-width of the Sankey band from node `source` to node `target`.
double band_width(const std::string& html, std::size_t source, std::size_t target) {
    const auto p = html.find(fmt::format("data-source=\"{}\" data-target=\"{}\"", source, target));
    REQUIRE_MESSAGE(p != std::string::npos, "no band " << source << " -> " << target);
    const auto w = html.find("stroke-width=\"", p);
    return std::stod(html.substr(w + 14));
}

const char* const headings[] = {"Case",
                                "Key results",
                                "Findings",
                                "Rack picture",
                                "Power flow from the grid to the chips",
                                "Chip temperatures per tray",
                                "Coolant flow per tray and cold plate",
                                "Power-chain efficiency versus load",
                                "Load swing and storage",
                                "Scenarios and sweeps",
                                "Rack airflow in OpenFOAM",
                                "Tables",
                                "Provenance: version, inputs, resolved case"};

} // namespace

TEST_CASE("report: every section of the GB300 NVL72 example, in order, each chart one SVG") {
    const cases::RunRecord& run = gb300();
    const std::string html = render_report(run);

    std::size_t last = 0;
    for (const char* h : headings) {
        const auto p = html.find(fmt::format("<h2>{}</h2>", h));
        CHECK_MESSAGE(p != std::string::npos, "missing heading " << h);
        CHECK_MESSAGE(p > last, "heading out of order: " << h);
        last = p;
    }
    for (const char* h :
         {"Power stages", "Trays by type (every rack)", "Trays", "Racks", "Coolant loop", "CDU",
          "Air side", "Cooling plant", "Least flow and warmest supply"}) {
        CHECK_MESSAGE(html.find(fmt::format("\">{}</h3>", h)) != std::string::npos,
                      "missing table " << h);
    }
    // Sankey, chips, flow per tray, flow per cold plate, efficiency, swing, and one chart per
    // output of the sweep that has a feasible point.
    const std::size_t sweep_charts = sweep_chart_count(run);
    CHECK(sweep_charts >= 1);
    CHECK(count(html, "<svg") == 6 + sweep_charts);
    CHECK(count(html, "</svg>") == 6 + sweep_charts);
    CHECK(count(section(html, "power-flow"), "<svg") == 1);
    CHECK(count(section(html, "chip-temperatures"), "<svg") == 1);
    CHECK(count(section(html, "coolant-flow"), "<svg") == 2);
    CHECK(count(section(html, "efficiency"), "<svg") == 1);
    CHECK(count(section(html, "swing"), "<svg") == 1);
    CHECK(count(section(html, "studies"), "<svg") == sweep_charts);
    // No XML declaration inside the HTML; no script, no external resource.
    CHECK(html.find("<?xml") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);

    // One point per chip, one bar per tray and per cold plate, of the first rack of each kind.
    const auto& d = run.system.thermal.design;
    CHECK(listed_count(d.chips, d) > 0);
    CHECK(count(section(html, "chip-temperatures"), "<circle class=\"point\"") ==
          listed_count(d.chips, d));
    CHECK(count(section(html, "coolant-flow"), "<rect class=\"bar\"") ==
          listed_count(d.trays, d) + listed_count(d.plates, d));
    // Every chip limit is drawn.
    for (const auto& c : d.chips) {
        CHECK(section(html, "chip-temperatures")
                  .find(fmt::format("{} limit {:.1f} °C", c.limit_kind, c.T_limit_K - 273.15)) !=
              std::string::npos);
    }

    // Only the picture (not drawn here) and the airflow (none given) are missing.
    CHECK(count(html, "class=\"not-computed\"") == 2);
    CHECK(section(html, "picture").find("not computed: no picture was drawn") != std::string::npos);
    CHECK(section(html, "airflow").find("run --airflow") != std::string::npos);
    // The scenario and the sweep, with the sweep's table beside the report.
    const std::string studies = section(html, "studies");
    for (const auto& sc : run.scenarios) {
        CHECK(studies.find(fmt::format("<td>{}</td><td>{}</td>", sc.kind, sc.name)) !=
              std::string::npos);
    }
    CHECK(studies.find(fmt::format("<td>sweep-{}.csv</td>", run.sweeps.at(0).name)) !=
          std::string::npos);
    // Provenance: every input file with its hash, and the resolved case.
    const std::string provenance = section(html, "provenance");
    CHECK(run.provenance.inputs.size() >= 2);
    for (const auto& f : run.provenance.inputs) {
        CHECK(provenance.find(fmt::format("<code>{}</code>", f.sha256)) != std::string::npos);
    }
    CHECK(provenance.find("<pre class=\"resolved\">") != std::string::npos);
}

TEST_CASE("report: key results state the margins and the closures with their numbers") {
    const cases::RunRecord& run = gb300();
    const cases::SystemResult& r = run.system;
    const std::string key = section(render_report(run), "key-results");
    // Worst chip margin; return against the case's limit.
    const auto& d = r.thermal.design;
    const auto& worst = d.chips.at(static_cast<std::size_t>(d.worst_chip));
    CHECK(key.find(fmt::format("<td class=\"num\">{:.1f} K</td><td class=\"status-ok\">ok",
                               worst.margin_K())) != std::string::npos);
    CHECK(key.find(fmt::format("Coolant return temperature</td><td class=\"num\">{:.1f} °C</td>"
                               "<td class=\"num\">{:.1f} °C</td>",
                               d.T_return_K - 273.15, run.case_facts.T_return_max_K - 273.15)) !=
          std::string::npos);
    CHECK(key.find("CDU pump speed / full speed") != std::string::npos);
    CHECK(key.find("Fan speed / full speed") != std::string::npos);
    CHECK(key.find("VIOLATED") == std::string::npos);
    CHECK(key.find(fmt::format("{:.3f} = {:.2f} kW / {:.2f} kW", r.pue, r.P_grid_W / 1e3,
                               r.P_ite_W / 1e3)) != std::string::npos);
    // "grid = IT + losses + cooling closes to <number>", with the required 1e-9.
    CHECK(key.find(fmt::format("grid {:.3f} kW = IT {:.3f} kW", r.P_grid_W / 1e3,
                               r.P_it_W / 1e3)) != std::string::npos);
    CHECK(key.find(fmt::format("closes to {:.1e} relative", r.energy_closure)) !=
          std::string::npos);
    CHECK(key.find("≤ 1e-09") != std::string::npos);
    CHECK(key.find("NOT CLOSED") == std::string::npos);

    cases::RunRecord open = run;
    open.system.energy_closure = 3e-6;
    CHECK(section(render_report(open), "key-results").find("NOT CLOSED") != std::string::npos);
    cases::RunRecord hot = run;
    hot.case_facts.T_return_max_K = d.T_return_K - 1.0;
    CHECK(section(render_report(hot), "key-results")
              .find("<td class=\"num\">-1.0 K</td><td class=\"status-bad\">VIOLATED") !=
          std::string::npos);
    // A chip above its limit becomes the chip nearest its limit, violated by its excess.
    cases::RunRecord over = run;
    auto& chip = over.system.thermal.design.chips.back();
    chip.T_junction_K = chip.T_limit_K + 2.5;
    const std::string over_key = section(render_report(over), "key-results");
    CHECK(over_key.find(fmt::format(
              "Chip nearest its limit: {}",
              over.system.assembly.parts.at(static_cast<std::size_t>(chip.part)).name)) !=
          std::string::npos);
    CHECK(over_key.find("<td class=\"num\">-2.5 K</td><td class=\"status-bad\">VIOLATED") !=
          std::string::npos);
}

TEST_CASE("report: the Sankey draws one band per link, widths in proportion to power") {
    const cases::RunRecord& run = gb300();
    const std::string html = section(render_report(run), "power-flow");
    const cases::PowerFlow flow = cases::power_flow(run.system);
    CHECK(count(html, "<path class=\"link\"") == flow.links.size());
    CHECK(count(html, "<rect class=\"node\"") == flow.nodes.size());

    // Grid into the first stage (the largest band) against the largest conversion loss.
    const auto& grid = flow.links.front();
    CHECK(grid.source == 0);
    const auto loss = *std::max_element(
        flow.links.begin(), flow.links.end(), [&flow](const auto& a, const auto& b) {
            const auto is_loss = [&flow](const auto& l) {
                return flow.nodes.at(l.target).kind == "loss";
            };
            return (is_loss(a) ? a.P_W : 0.0) < (is_loss(b) ? b.P_W : 0.0);
        });
    REQUIRE(flow.nodes.at(loss.target).kind == "loss");
    CHECK(loss.P_W > 1e3);
    const double w_grid = band_width(html, grid.source, grid.target);
    const double w_loss = band_width(html, loss.source, loss.target);
    CHECK(w_grid > 100.0);
    CHECK(w_grid / w_loss == doctest::Approx(grid.P_W / loss.P_W).epsilon(1e-3));
    // The bands carry the fused result: grid = first stage in + cooling plant in.
    CHECK(grid.P_W + flow.links.back().P_W == doctest::Approx(run.system.P_grid_W).epsilon(1e-9));
    // Labels in kW.
    CHECK(html.find(fmt::format("grid {:.1f} kW", run.system.P_grid_W / 1e3)) != std::string::npos);
}

TEST_CASE("report: the efficiency curve has a point per load, highest where the chain's is") {
    const cases::RunRecord& run = gb300();
    const std::string html = section(render_report(run), "efficiency");
    const auto curves = cases::efficiency_vs_load(run.system);
    REQUIRE(curves.size() == 1);
    const auto& eff = curves[0].efficiency;
    // One marker per load, left to right; the highest on the page (least cy) is the best load.
    std::vector<double> cy;
    for (auto p = html.find("<circle cx=\""); p != std::string::npos;
         p = html.find("<circle cx=\"", p + 1)) {
        cy.push_back(std::stod(html.substr(html.find("cy=\"", p) + 4)));
    }
    REQUIRE(cy.size() == eff.size());
    CHECK(std::min_element(cy.begin(), cy.end()) - cy.begin() ==
          std::max_element(eff.begin(), eff.end()) - eff.begin());
    CHECK(std::max_element(cy.begin(), cy.end()) - cy.begin() ==
          std::min_element(eff.begin(), eff.end()) - eff.begin());
    CHECK(html.find(fmt::format(">{}</text>", run.system.chain.name)) != std::string::npos);
}

TEST_CASE("report: sankey layout puts sinks last and rejects bad links") {
    Sankey s;
    s.title = "t";
    s.nodes = {{"grid"}, {"stage"}, {"chips"}, {"loss"}};
    s.links = {{0, 1, 100.0}, {1, 2, 90.0}, {1, 3, 10.0}};
    const SankeyLayout lay = sankey_layout(s);
    CHECK(lay.columns == 3);
    CHECK(lay.nodes[3].column == 2);
    CHECK(lay.nodes[2].y1 <= lay.nodes[3].y0); // the loss hangs below the main flow
    CHECK(lay.links[0].width == doctest::Approx(100.0 * lay.px_per_W));

    s.links.push_back({2, 0, 1.0});
    CHECK_THROWS_WITH_AS(sankey_layout(s), doctest::Contains("cycle"), std::invalid_argument);
    s.links.back() = {2, 7, 1.0};
    CHECK_THROWS_WITH_AS(sankey_layout(s), doctest::Contains("there are 4 nodes"),
                         std::invalid_argument);
    s.links.back() = {2, 3, -1.0};
    CHECK_THROWS_WITH_AS(sankey_layout(s), doctest::Contains("not negative"),
                         std::invalid_argument);
}

namespace {

/// The record of a run whose fused system did not settle.
cases::RunRecord not_converged(std::string reason) {
    cases::RunRecord run = gb300();
    run.system.converged = false;
    run.system.reason = std::move(reason);
    run.picture = cases::Missing{"the fused run did not converge"};
    run.verdict = cases::make_verdict(run.system, run.scenarios, run.sweeps);
    return run;
}

} // namespace

TEST_CASE("report: the page is well-formed markup") {
    const std::string html = render_report(gb300());
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(tag_balance(html).empty());
    CHECK(well_formed(html));
    // Also when the run did not converge.
    const std::string short_page =
        render_report(not_converged("facility power still changing by 2e-2 after 30 iterations"));
    CHECK(tag_balance(short_page).empty());
    CHECK(well_formed(short_page));
}

TEST_CASE("report: text from the record is HTML-escaped") {
    cases::RunRecord run = gb300();
    const std::string evil = "<script>alert('x & y')</script>";
    auto& r = run.system;
    const auto& d = r.thermal.design;
    run.case_facts.name = evil;
    run.case_facts.site_name = evil;
    r.assembly.parts.at(static_cast<std::size_t>(d.trays.front().part)).name = "nvl72-01/" + evil;
    r.assembly.parts.at(static_cast<std::size_t>(d.chips.front().part)).name =
        "nvl72-01/compute-01/" + evil;
    r.chain.stages.front().name = evil; // a Sankey node and a row of the stages table
    r.chain.name = evil;                // the efficiency curve and the stages table
    r.swing->layers.front().name = evil;
    r.findings.push_back({"error", evil, evil});
    const std::string html = render_report(run);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("alert('x") == std::string::npos);
    CHECK(count(html, "&lt;script&gt;alert(&apos;x &amp; y&apos;)&lt;/script&gt;") >= 9);
    CHECK(well_formed(html));
}

TEST_CASE("report: findings list errors first") {
    cases::RunRecord run = gb300();
    const std::size_t before =
        count(section(render_report(run), "findings"), "<li class=\"finding");
    CHECK(before == cases::run_findings(run).size());
    run.system.findings.push_back({"warning", "cdu", "facility water W45 is warmer than W40"});
    run.system.findings.push_back({"error", "chip nvl72-01/compute-18/b300-1",
                                   "junction 97.2 degC is above its 95 degC limit"});
    // The thermal model's own findings are listed once, beside the system's.
    run.system.thermal.findings.push_back(run.system.findings.back());
    run.system.thermal.findings.push_back({"note", "loop", "balanced by restrictors"});
    const std::string html = section(render_report(run), "findings");
    const auto error = html.find("junction 97.2 degC");
    const auto warning = html.find("class=\"finding warning\"");
    const auto note = html.find("class=\"finding note\"");
    REQUIRE(error != std::string::npos);
    REQUIRE(warning != std::string::npos);
    REQUIRE(note != std::string::npos);
    CHECK(error < warning);
    CHECK(warning < note);
    CHECK(html.rfind("class=\"finding error\"") < warning);
    CHECK(count(html, "<li class=\"finding") == before + 3);

    cases::RunRecord none = gb300();
    none.scenarios.clear();
    none.sweeps.clear();
    none.verdict = cases::make_verdict(none.system, none.scenarios, none.sweeps);
    REQUIRE(none.verdict.pass());
    CHECK(section(render_report(none), "findings").find("No findings") != std::string::npos);
}

TEST_CASE("report: a missing part shows why it was not computed, and the rest is drawn") {
    const std::size_t charts = count(render_report(gb300()), "<svg");
    cases::RunRecord run = gb300();
    run.system.swing.reset();
    run.picture = cases::Picture{"rack.png", "chip junction temperature [degC]"};
    run.system.chain_result.stages.front().P_loss_W = -1.0;
    // The picture is embedded as a data: URI (bytes of a PNG signature stand in for a file).
    const std::string html = render_report(run, ReportAssets{"\x89PNG\r\n\x1a\n"});
    CHECK(section(html, "swing").find("not computed: the run computed no load swing") !=
          std::string::npos);
    CHECK(section(html, "swing").find("<svg") == std::string::npos);
    CHECK(section(html, "power-flow")
              .find("not computed: this section could not be drawn: Sankey link 1") !=
          std::string::npos);
    // RFC 4648 base64 of the 8 signature bytes 89 50 4E 47 0D 0A 1A 0A.
    CHECK(section(html, "picture")
              .find("<img class=\"rack\" src=\"data:image/png;base64,"
                    "iVBORw0KGgo=\" alt=\"the rack coloured by chip junction temperature "
                    "[degC] (rack.png)\"/>") != std::string::npos);
    // Without the bytes the page says the picture was not embedded, not a dangling link.
    CHECK(section(render_report(run), "picture")
              .find("not computed: the picture rack.png was not "
                    "handed to the report") != std::string::npos);
    CHECK(count(html, "<svg") == charts - 2);

    // A run that did not converge: every result section says so, with the reason.
    const cases::RunRecord failed = not_converged("the facility power still changes by 2e-2");
    const std::string page = render_report(failed);
    CHECK(page.find("did NOT converge") != std::string::npos);
    CHECK(page.find("<p class=\"banner error\">The fused run did not converge: the facility "
                    "power still changes by 2e-2.") != std::string::npos);
    for (const char* id : {"key-results", "power-flow", "chip-temperatures", "coolant-flow",
                           "efficiency", "swing", "tables"}) {
        CHECK_MESSAGE(section(page, id).find("not computed: the fused run did not converge: the "
                                             "facility power still changes by 2e-2") !=
                          std::string::npos,
                      id);
    }
    // Every table of the tables section says so; no number of the unsettled state is shown.
    CHECK(count(section(page, "tables"), "not computed: the fused run did not converge") == 9);
    CHECK(section(page, "tables").find("<table") == std::string::npos);
    CHECK(section(page, "picture").find("not computed: the fused run did not converge") !=
          std::string::npos);
    CHECK(
        section(page, "findings").find("<b>system</b>: the facility power still changes by 2e-2") !=
        std::string::npos);
    // The sweeps ran on their own points: their charts are the only ones left.
    CHECK(count(page, "<svg") == count(section(page, "studies"), "<svg"));

    // An empty record still gives a page.
    const std::string empty = render_report(cases::RunRecord{});
    CHECK(count(empty, "<h2>") == std::size(headings));
    CHECK(well_formed(empty));
}

TEST_CASE("report: a long swing is thinned to its envelope, peaks kept") {
    cases::RunRecord run = gb300();
    auto& swing = *run.system.swing;
    // 60 s at 1 ms, as the power model writes it: a square wave between 40 and 134 kW.
    swing.t_s.clear();
    swing.feed_W.clear();
    swing.grid_W.clear();
    for (int i = 0; i <= 60000; ++i) {
        swing.t_s.push_back(1e-3 * i);
        swing.feed_W.push_back((i / 500) % 2 == 0 ? 134160.0 : 40248.0);
        swing.grid_W.push_back(87204.0);
    }
    const std::string html = section(render_report(run), "swing");
    const auto p = html.find("<polyline");
    REQUIRE(p != std::string::npos);
    const std::string points = html.substr(p, html.find("/>", p) - p);
    CHECK(count(points, ",") <= 1600);
    CHECK(count(points, ",") > 100);
    CHECK(html.size() < 200'000);

    cases::RunRecord ragged = gb300();
    ragged.system.swing->grid_W.erase(ragged.system.swing->grid_W.begin());
    CHECK(section(render_report(ragged), "swing")
              .find(fmt::format("not computed: the swing has {} times but {} values of the grid",
                                ragged.system.swing->t_s.size(),
                                ragged.system.swing->grid_W.size())) != std::string::npos);
}

TEST_CASE("report: headless Chromium renders the page (scripts/screenshot-report.sh)") {
    const auto dir =
        std::filesystem::temp_directory_path() / fmt::format("rackcalc-test-report-{}", ::getpid());
    std::filesystem::create_directories(dir);
    const auto page = dir / "report.html";
    const auto png = dir / "report.png";
    {
        std::ofstream out(page);
        out << render_report(gb300());
    }
    const std::string command =
        fmt::format("bash \"{}\" \"{}\" \"{}\" > \"{}\" 2>&1",
                    (source_dir / "scripts/screenshot-report.sh").string(), page.string(),
                    png.string(), (dir / "screenshot.log").string());
    const int status = std::system(command.c_str());
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream log_in(dir / "screenshot.log");
    std::stringstream log;
    log << log_in.rdbuf();
    if (code == 77) {
        MESSAGE("skipped: no Chromium here (" << log.str() << ")");
        return;
    }
    CHECK_MESSAGE(code == 0, log.str());
    REQUIRE(std::filesystem::exists(png));
    CHECK(std::filesystem::file_size(png) > 100'000);
    std::filesystem::remove_all(dir);
}

namespace {

/// The cells of the table row whose first cell starts with `first`, as printed (a data
/// table's first cell is a <td>, a key-value table's a <th>).
std::vector<std::string> row_cells(const std::string& html, const std::string& first) {
    auto p = html.find("<tr><td>" + first);
    if (p == std::string::npos) {
        p = html.find("<tr><th>" + first);
    }
    REQUIRE_MESSAGE(p != std::string::npos, "no row " << first);
    const auto end = html.find("</tr>", p);
    std::vector<std::string> cells;
    for (auto c = html.find("<t", p + 4); c < end; c = html.find("<t", c + 1)) {
        const auto open = html.find('>', c) + 1;
        cells.push_back(html.substr(open, html.find("</t", open) - open));
    }
    return cells;
}

/// The value of a key-value row, as printed.
double key_value(const std::string& html, const std::string& key) {
    const auto cells = row_cells(html, key);
    REQUIRE(cells.size() == 2);
    return std::stod(cells[1]);
}

} // namespace

TEST_CASE("report: the cooling plant adds up path by path, as printed") {
    const cases::RunRecord& run = gb300();
    const std::string html = render_report(run);
    const auto from = html.find("<h3 id=\"table-cooling\">");
    REQUIRE(from != std::string::npos);
    const std::string plant = html.substr(from, html.find("<h3", from + 1) - from);
    double sum_kW = 0.0;
    for (const char* path : {"liquid", "rack air", "grey space"}) {
        const auto cells = row_cells(plant, path);
        REQUIRE(cells.size() == 8);
        // compressors + rejection fans + air-handler fans = the path's power, within the
        // rounding of four numbers printed to 0.01 kW
        CHECK(std::abs(std::stod(cells[4]) + std::stod(cells[5]) + std::stod(cells[6]) -
                       std::stod(cells[7])) <= 0.02);
        sum_kW += std::stod(cells[7]);
    }
    const double rejection_kW = key_value(plant, "Heat-rejection power, all paths");
    CHECK(std::abs(sum_kW - rejection_kW) <= 0.02);
    CHECK(std::abs(key_value(plant, "CDU pumps") + rejection_kW -
                   key_value(plant, "Cooling power, pumps + heat rejection")) <= 0.002);
    // The liquid path carries the coolant's heat: the trays' heat and the pumps' work.
    const auto liquid = row_cells(plant, "liquid");
    CHECK(std::abs(std::stod(liquid[1]) * 1e3 - run.system.rejection.liquid.Q_W) <= 5.0);
    CHECK(run.system.rejection.liquid.Q_W >= run.system.thermal.design.Q_sources_W);
}

TEST_CASE("report: each storage layer shows the energy it swings and the capacity it needs") {
    const cases::RunRecord& run = gb300();
    REQUIRE(run.system.swing);
    const std::string html = section(render_report(run), "swing");
    for (const auto& layer : run.system.swing->layers) {
        const auto cells = row_cells(html, layer.name);
        REQUIRE(cells.size() == 6);
        CHECK(std::stod(cells[1]) == doctest::Approx(layer.energy_swing / 1e3).epsilon(0.01));
        CHECK(std::stod(cells[2]) == doctest::Approx(layer.energy_capacity / 1e3).epsilon(0.01));
        // A lossy store holds more than it swings: capacity = swing / sqrt(round trip).
        CHECK(std::stod(cells[2]) >= std::stod(cells[1]));
        CHECK(std::stod(cells[4]) > 0.0);
    }
}
