// The SVG line chart (viz/svg_chart.hpp): well-formed XML (checked by VTK's expat-based
// parser and by a tag-balance walk), one polyline per series, labels present, and data
// mapped to the right pixels.

#include "viz/svg_chart.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <string>
#include <vector>
#include <vtkNew.h>
#include <vtkXMLParser.h>

using namespace rackcalc::viz;

namespace {

LineChart two_series() {
    LineChart c;
    c.title = "Efficiency <versus> load & more";
    c.x.label = "load (% of design IT power)";
    c.y.label = "efficiency (%)";
    c.series.push_back({"ac-ups", {10, 50, 100}, {60, 75, 78}});
    c.series.push_back({"sst-800", {10, 50, 100}, {70, 82, 84}});
    return c;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) {
        ++n;
    }
    return n;
}

/// Walks the tags: every opened element is closed in order, attribute values are quoted,
/// no raw '<' or '&' outside markup and entities. Returns "" or what is wrong.
std::string tag_balance(const std::string& xml) {
    std::vector<std::string> open;
    std::size_t i = 0;
    while (i < xml.size()) {
        if (xml[i] == '&') {
            const auto semi = xml.find(';', i);
            if (semi == std::string::npos || semi - i > 6) {
                return "bare & at " + std::to_string(i);
            }
            i = semi + 1;
            continue;
        }
        if (xml[i] != '<') {
            ++i;
            continue;
        }
        const auto end = xml.find('>', i);
        if (end == std::string::npos) {
            return "unterminated tag";
        }
        const std::string tag = xml.substr(i + 1, end - i - 1);
        i = end + 1;
        if (tag.starts_with('?')) {
            continue;
        }
        if (count(tag, "\"") % 2 != 0) {
            return "unbalanced quotes in <" + tag + ">";
        }
        if (tag.starts_with('/')) {
            if (open.empty() || open.back() != tag.substr(1)) {
                return "</" + tag.substr(1) + "> closes " +
                       (open.empty() ? "nothing" : open.back());
            }
            open.pop_back();
            continue;
        }
        if (tag.ends_with('/')) {
            continue;
        }
        open.push_back(tag.substr(0, tag.find(' ')));
    }
    return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

/// The numbers of the first polyline's points attribute after `from`.
std::vector<std::pair<double, double>> points_after(const std::string& svg, std::size_t from) {
    const auto p = svg.find("points=\"", svg.find("<polyline", from)) + 8;
    const auto q = svg.find('"', p);
    std::vector<std::pair<double, double>> out;
    std::string list = svg.substr(p, q - p);
    std::size_t i = 0;
    while (i < list.size()) {
        const auto comma = list.find(',', i);
        auto space = list.find(' ', comma);
        if (space == std::string::npos) {
            space = list.size();
        }
        out.emplace_back(std::stod(list.substr(i, comma - i)),
                         std::stod(list.substr(comma + 1, space - comma - 1)));
        i = space + 1;
    }
    return out;
}

} // namespace

TEST_CASE("svg chart: well-formed XML with one polyline per series and a legend") {
    const std::string svg = svg_line_chart(two_series());
    CHECK(tag_balance(svg).empty());
    vtkNew<vtkXMLParser> parser;
    CHECK(parser->Parse(svg.c_str()) == 1);
    CHECK(count(svg, "<polyline") == 2);
    CHECK(count(svg, "<g class=\"series\"") == 2);
    CHECK(count(svg, "<circle") == 6); // markers
    CHECK(svg.find("data-name=\"ac-ups\"") != std::string::npos);
    CHECK(svg.find(">sst-800</text>") != std::string::npos); // legend entry
    CHECK(svg.find("load (% of design IT power)") != std::string::npos);
    CHECK(svg.find("efficiency (%)") != std::string::npos);
    // The title is escaped, not raw markup.
    CHECK(svg.find("Efficiency &lt;versus&gt; load &amp; more") != std::string::npos);
    CHECK(svg.starts_with("<?xml"));
    CHECK(svg.find("xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);

    LineChart bare = two_series();
    bare.markers = false;
    CHECK(count(svg_line_chart(bare), "<circle") == 0);
}

TEST_CASE("svg chart: data map to pixels through the frame, ticks are nice numbers") {
    LineChart c = two_series();
    c.x.min = 0.0;
    c.x.max = 100.0;
    c.y.min = 50.0;
    c.y.max = 90.0;
    const PlotFrame f = plot_frame(c);
    CHECK(f.x_min == 0.0);
    CHECK(f.y_max == 90.0);
    // (50 %, 75 %) sits half way across and at 25/40 of the height below the top.
    CHECK(f.px(50.0) == doctest::Approx(f.left + 0.5 * f.width));
    CHECK(f.py(75.0) == doctest::Approx(f.top + (90.0 - 75.0) / 40.0 * f.height));
    const std::string svg = svg_line_chart(c);
    const auto pts = points_after(svg, svg.find("data-name=\"ac-ups\""));
    REQUIRE(pts.size() == 3);
    CHECK(pts[1].first == doctest::Approx(f.px(50.0)).epsilon(1e-4));
    CHECK(pts[1].second == doctest::Approx(f.py(75.0)).epsilon(1e-4));
    CHECK(pts[2].first == doctest::Approx(f.left + f.width).epsilon(1e-4));
    // Tick labels in the axis units.
    CHECK(svg.find(">100</text>") != std::string::npos);
    CHECK(svg.find(">50</text>") != std::string::npos);
    CHECK(f.x_ticks == std::vector<double>{0, 20, 40, 60, 80, 100});
    const std::vector<double> ticks = nice_ticks(0.13, 0.87);
    const double expected[] = {0.0, 0.2, 0.4, 0.6, 0.8, 1.0};
    REQUIRE(ticks.size() == std::size(expected));
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        CHECK(ticks[i] == doctest::Approx(expected[i]));
    }
}

TEST_CASE("svg chart: automatic ranges cover the data; bad input is rejected") {
    const PlotFrame f = plot_frame(two_series());
    CHECK(f.x_min <= 10.0);
    CHECK(f.x_max >= 100.0);
    CHECK(f.y_min <= 60.0);
    CHECK(f.y_max >= 84.0);
    LineChart nan_point = two_series();
    nan_point.series[0].y[1] = std::nan("");
    const std::string svg = svg_line_chart(nan_point);
    CHECK(points_after(svg, svg.find("data-name=\"ac-ups\"")).size() == 2);

    LineChart bad = two_series();
    bad.series[0].y.pop_back();
    CHECK_THROWS_WITH_AS(svg_line_chart(bad), doctest::Contains("has 3 x and 2 y values"),
                         std::invalid_argument);
    LineChart reversed = two_series();
    reversed.x.min = 10.0;
    reversed.x.max = 5.0;
    CHECK_THROWS_AS(plot_frame(reversed), std::invalid_argument);
    LineChart empty;
    CHECK_THROWS_WITH_AS(plot_frame(empty), doctest::Contains("no finite point"),
                         std::invalid_argument);
}
