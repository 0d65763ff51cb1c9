// The HTML report (viz/report.hpp) of a realistic fused run (tests/viz/data/
// summary-example.json: the real thermal result of cases/examples/gb300-nvl72.toml with the
// power chain, Sankey and swing the fused run derives from it): every section, one SVG per
// chart, a Sankey whose band widths follow the power, well-formed markup (expat), escaped
// text, "not computed" notes for missing parts, and a headless-browser screenshot.

#include "viz/report.hpp"
#include "viz/svg_sankey.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>
#include <vtkNew.h>
#include <vtkObjectFactory.h>
#include <vtkXMLParser.h>

using namespace rackcalc::viz;
using nlohmann::json;

namespace {

const std::filesystem::path source_dir = RACKCALC_SOURCE_DIR;

json fixture() {
    std::ifstream in(source_dir / "tests/viz/data/summary-example.json");
    REQUIRE(in.good());
    return json::parse(in);
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
    const json summary = fixture();
    const std::string html = render_report(summary);

    std::size_t last = 0;
    for (const char* h : headings) {
        const auto p = html.find(fmt::format("<h2>{}</h2>", h));
        CHECK_MESSAGE(p != std::string::npos, "missing heading " << h);
        CHECK_MESSAGE(p > last, "heading out of order: " << h);
        last = p;
    }
    for (const char* h : {"Power stages", "Trays", "Racks", "CDU", "Air side", "Cooling plant",
                          "Least flow and warmest supply"}) {
        CHECK_MESSAGE(html.find(fmt::format("\">{}</h3>", h)) != std::string::npos,
                      "missing table " << h);
    }
    // Sankey, chips, flow per tray, flow per cold plate, efficiency, swing.
    CHECK(count(html, "<svg") == 6);
    CHECK(count(html, "</svg>") == 6);
    CHECK(count(section(html, "power-flow"), "<svg") == 1);
    CHECK(count(section(html, "chip-temperatures"), "<svg") == 1);
    CHECK(count(section(html, "coolant-flow"), "<svg") == 2);
    CHECK(count(section(html, "efficiency"), "<svg") == 1);
    CHECK(count(section(html, "swing"), "<svg") == 1);
    // No XML declaration inside the HTML; no script, no external resource.
    CHECK(html.find("<?xml") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);

    // One point per chip, one bar per tray and per cold plate.
    const json& th = summary["thermal"];
    CHECK(count(section(html, "chip-temperatures"), "<circle class=\"point\"") ==
          th["chips"].size());
    const std::string flow = section(html, "coolant-flow");
    CHECK(count(flow, "<rect class=\"bar\"") == th["trays"].size() + th["cold_plates"].size());
    // The junction limit is drawn.
    CHECK(section(html, "chip-temperatures").find("junction limit 95.0 °C") != std::string::npos);

    // Only the picture is missing in the example (no display when it was made), the
    // fixture declares no scenarios or sweeps, and it predates provenance and the trays by
    // type; no airflow result was given.
    CHECK(count(html, "class=\"not-computed\"") == 6);
    CHECK(section(html, "airflow").find("run --airflow") != std::string::npos);
    CHECK(html.find("id=\"table-tray-types\">Trays by type (every rack)</h3>\n<p "
                    "class=\"not-computed\">") != std::string::npos);
    CHECK(section(html, "provenance").find("not computed") != std::string::npos);
    CHECK(section(html, "studies").find("no [[scenario]]") != std::string::npos);
    CHECK(section(html, "picture").find("not computed: no display") != std::string::npos);
}

TEST_CASE("report: key results state the margins and the closures with their numbers") {
    const json summary = fixture();
    const std::string html = render_report(summary);
    const std::string key = section(html, "key-results");
    // Worst chip margin: the B300s at the top of the loop; return 50.0 degC vs 65 degC.
    double least = 1e9;
    for (const json& c : summary["thermal"]["chips"]) {
        least = std::min(least, c["margin_K"].get<double>());
    }
    CHECK(key.find(fmt::format("{:.1f} K", least)) != std::string::npos);
    CHECK(key.find("Coolant return temperature") != std::string::npos);
    CHECK(key.find("65.0 °C") != std::string::npos);
    CHECK(key.find("CDU pump speed / full speed") != std::string::npos);
    CHECK(key.find("Fan speed / full speed") != std::string::npos);
    CHECK(key.find("VIOLATED") == std::string::npos);
    CHECK(key.find(fmt::format("{:.3f}", summary["totals"]["pue"].get<double>())) !=
          std::string::npos);
    // "grid = IT + losses + cooling closes to <number>", with the required 1e-9.
    CHECK(key.find("grid ") != std::string::npos);
    CHECK(key.find(" = IT ") != std::string::npos);
    CHECK(key.find(fmt::format("closes to {:.1e} relative",
                               summary["totals"]["energy_closure_rel"].get<double>())) !=
          std::string::npos);
    CHECK(key.find("≤ 1e-09") != std::string::npos);
    CHECK(key.find("NOT CLOSED") == std::string::npos);

    json open = summary;
    open["totals"]["energy_closure_rel"] = 3e-6;
    CHECK(section(render_report(open), "key-results").find("NOT CLOSED") != std::string::npos);
    json hot = summary;
    hot["thermal"]["coolant"]["T_return_limit_K"] = 318.15;
    CHECK(section(render_report(hot), "key-results").find("VIOLATED") != std::string::npos);
}

TEST_CASE("report: the Sankey draws one band per link, widths in proportion to power") {
    const json summary = fixture();
    const std::string html = section(render_report(summary), "power-flow");
    const json& links = summary["sankey"]["links"];
    CHECK(count(html, "<path class=\"link\"") == links.size());
    CHECK(count(html, "<rect class=\"node\"") == summary["sankey"]["nodes"].size());

    // Grid into the transformer (the largest band) and the UPS into its loss.
    const auto value = [&](std::size_t s, std::size_t t) {
        for (const json& l : links) {
            if (l["source"] == s && l["target"] == t) {
                return l["value_W"].get<double>();
            }
        }
        FAIL("no link " << s << " -> " << t);
        return 0.0;
    };
    const double w_grid = band_width(html, 0, 1);
    const double w_ups_loss = band_width(html, 3, 4);
    CHECK(w_grid > 100.0);
    CHECK(w_ups_loss > 5.0);
    CHECK(w_grid / w_ups_loss == doctest::Approx(value(0, 1) / value(3, 4)).epsilon(1e-3));
    // Labels in kW.
    CHECK(html.find(fmt::format("grid {:.1f} kW", summary["totals"]["grid_power_W"].get<double>() /
                                                      1e3)) != std::string::npos);
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

TEST_CASE("report: the page is well-formed markup") {
    const std::string html = render_report(fixture());
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(tag_balance(html).empty());
    CHECK(well_formed(html));
    // Also when parts are missing and the run did not converge.
    const json failed = {{"case", {{"file", "x.toml"}}},
                         {"converged", false},
                         {"iterations", 30},
                         {"residual", 0.02},
                         {"reason", "facility power still changing by 2e-2 after 30 iterations"}};
    const std::string short_page = render_report(failed);
    CHECK(tag_balance(short_page).empty());
    CHECK(well_formed(short_page));
}

TEST_CASE("report: text from the summary is HTML-escaped") {
    json s = fixture();
    const std::string evil = "<script>alert('x & y')</script>";
    s["case"]["name"] = evil;
    s["case"]["site"]["name"] = evil;
    s["thermal"]["trays"][0]["name"] = "nvl72-01/" + evil;
    s["thermal"]["chips"][0]["name"] = "nvl72-01/compute-01/" + evil;
    s["sankey"]["nodes"][1]["name"] = evil;
    s["power_chain"]["stages"][0]["name"] = evil;
    s["power_chain"]["efficiency_vs_load"][0]["chain"] = evil;
    s["swing"]["layers"][0]["name"] = evil;
    s["findings"].push_back({{"severity", "error"}, {"component", evil}, {"message", evil}});
    const std::string html = render_report(s);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("alert('x") == std::string::npos);
    CHECK(count(html, "&lt;script&gt;alert(&apos;x &amp; y&apos;)&lt;/script&gt;") >= 9);
    CHECK(well_formed(html));
}

TEST_CASE("report: findings list errors first") {
    json s = fixture();
    s["findings"].push_back({{"severity", "error"},
                             {"component", "chip nvl72-01/compute-18/b300-1"},
                             {"message", "junction 97.2 degC is above its 95 degC limit"}});
    s["thermal"]["findings"].push_back({{"severity", "warning"},
                                        {"component", "cdu"},
                                        {"message", "facility water W45 is warmer than W40"}});
    const std::string html = section(render_report(s), "findings");
    const auto error = html.find("class=\"finding error\"");
    const auto warning = html.find("class=\"finding warning\"");
    REQUIRE(error != std::string::npos);
    REQUIRE(warning != std::string::npos);
    CHECK(error < warning);
    CHECK(count(html, "<li class=\"finding") == 3); // the fixture's warning and these two

    json none = fixture();
    none["findings"] = json::array();
    CHECK(section(render_report(none), "findings").find("No findings") != std::string::npos);
}

TEST_CASE("report: a missing part shows why it was not computed, and the rest is drawn") {
    json s = fixture();
    s.erase("swing");
    s["picture"] = {{"file", "rack.png"}};
    s["sankey"]["links"][0]["target"] = 999;
    // The picture is embedded as a data: URI (bytes of a PNG signature stand in for a file).
    const std::string html = render_report(s, ReportAssets{"\x89PNG\r\n\x1a\n"});
    CHECK(section(html, "swing").find("not computed: the summary has no &quot;swing&quot; part") !=
          std::string::npos);
    CHECK(section(html, "swing").find("<svg") == std::string::npos);
    CHECK(section(html, "power-flow")
              .find("not computed: the summary&apos;s data for this "
                    "section could not be used: Sankey link 0") != std::string::npos);
    // RFC 4648 base64 of the 8 signature bytes 89 50 4E 47 0D 0A 1A 0A.
    CHECK(section(html, "picture")
              .find("<img class=\"rack\" src=\"data:image/png;base64,"
                    "iVBORw0KGgo=\"") != std::string::npos);
    // Without the bytes the page says the picture was not embedded, not a dangling link.
    CHECK(section(render_report(s), "picture")
              .find("not computed: the picture rack.png was not "
                    "handed to the report") != std::string::npos);
    CHECK(count(html, "<svg") == 4);

    // A run that did not converge: every result section says so, with the reason.
    const json failed = {{"case", {{"file", "cases/x.toml"}, {"name", "x"}}},
                         {"converged", false},
                         {"iterations", 30},
                         {"residual", 0.02},
                         {"reason", "the facility power still changes by 2e-2"},
                         {"findings", json::array({{{"severity", "error"},
                                                    {"component", "system"},
                                                    {"message", "did not converge"}}})}};
    const std::string page = render_report(failed);
    CHECK(page.find("did NOT converge") != std::string::npos);
    for (const char* id : {"key-results", "picture", "power-flow", "chip-temperatures",
                           "coolant-flow", "efficiency", "swing", "tables"}) {
        CHECK_MESSAGE(section(page, id).find("not computed: the fused run did not converge: the "
                                             "facility power still changes by 2e-2") !=
                          std::string::npos,
                      id);
    }
    CHECK(page.find("<svg") == std::string::npos);

    // An empty summary still gives a page.
    const std::string empty = render_report(json::object());
    CHECK(count(empty, "<h2>") == std::size(headings));
    CHECK(well_formed(empty));
}

TEST_CASE("report: a long swing is thinned to its envelope, peaks kept") {
    json s = fixture();
    // 60 s at 1 ms, as the power model writes it: a square wave between 40 and 134 kW.
    json t = json::array();
    json load = json::array();
    json grid = json::array();
    for (int i = 0; i <= 60000; ++i) {
        t.push_back(1e-3 * i);
        load.push_back((i / 500) % 2 == 0 ? 134160.0 : 40248.0);
        grid.push_back(87204.0);
    }
    s["swing"]["t_s"] = t;
    s["swing"]["load_W"] = load;
    s["swing"]["grid_W"] = grid;
    const std::string html = section(render_report(s), "swing");
    const auto p = html.find("<polyline");
    REQUIRE(p != std::string::npos);
    const std::string points = html.substr(p, html.find("/>", p) - p);
    CHECK(count(points, ",") <= 1600);
    CHECK(count(points, ",") > 100);
    CHECK(html.size() < 200'000);

    json ragged = fixture();
    ragged["swing"]["grid_W"].erase(0);
    CHECK(section(render_report(ragged), "swing").find("not computed: the swing has 1501 times") !=
          std::string::npos);
}

TEST_CASE("report: headless Chromium renders the page (scripts/screenshot-report.sh)") {
    const auto dir =
        std::filesystem::temp_directory_path() / fmt::format("rackcalc-test-report-{}", ::getpid());
    std::filesystem::create_directories(dir);
    const auto page = dir / "report.html";
    const auto png = dir / "report.png";
    {
        std::ofstream out(page);
        out << render_report(fixture());
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
