#include "viz/svg_category_chart.hpp"

#include "viz/svg_chart.hpp"
#include "viz/xml_escape.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>

namespace rackcalc::viz {

namespace {

// Layout [px].
constexpr double margin_left = 72.0;
constexpr double margin_top = 48.0;
constexpr double margin_right = 16.0;
constexpr double legend_gap = 16.0;
constexpr double legend_swatch = 12.0;
constexpr double legend_row = 18.0;
constexpr double char_width = 6.5; ///< rough width of an 11-12 px sans-serif character
constexpr double marker_radius = 3.0;

/// Tableau 10, as in svg_chart.cpp.
constexpr const char* palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr const char* limit_colour = "#c0392b";

std::string num(double v) {
    return fmt::format("{:.2f}", v);
}

std::string tick_label(double v, double step) {
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    if (std::abs(v) < 1e-12 * step) {
        v = 0.0;
    }
    return fmt::format("{:.{}f}", v, decimals);
}

double text_width(const std::string& text) {
    // UTF-8 continuation bytes do not start a character.
    std::size_t chars = 0;
    for (unsigned char c : text) {
        chars += (c & 0xC0) != 0x80 ? 1 : 0;
    }
    return char_width * static_cast<double>(chars);
}

} // namespace

std::string svg_category_chart(const CategoryChart& c) {
    if (c.groups.empty()) {
        throw std::invalid_argument(fmt::format("chart \"{}\" has no category", c.title));
    }
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const auto& g : c.groups) {
        for (const auto& item : g.items) {
            if (item.series >= c.series.size()) {
                throw std::invalid_argument(
                    fmt::format("chart \"{}\": item \"{}\" names series {}, but there are {}",
                                c.title, item.name, item.series, c.series.size()));
            }
            if (std::isfinite(item.value)) {
                lo = std::min(lo, item.value);
                hi = std::max(hi, item.value);
            }
        }
    }
    for (const auto& line : c.lines) {
        if (std::isfinite(line.value)) {
            lo = std::min(lo, line.value);
            hi = std::max(hi, line.value);
        }
    }
    if (c.mark == CategoryMark::bar) {
        lo = std::min(lo, 0.0);
        hi = std::max(hi, 0.0);
    }
    if (c.y_min) {
        lo = *c.y_min;
    }
    if (c.y_max) {
        hi = *c.y_max;
    }
    if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi)) {
        throw std::invalid_argument(
            fmt::format("chart \"{}\" has nothing finite to plot and no y range", c.title));
    }
    if (!(lo < hi)) {
        const double pad = lo != 0.0 ? 0.1 * std::abs(lo) : 1.0;
        lo -= pad;
        hi += pad;
    }
    const std::vector<double> nice = nice_ticks(lo, hi);
    const double step = nice.size() > 1 ? nice[1] - nice[0] : 1.0;
    if (!c.y_min) {
        lo = std::min(lo, nice.front());
    }
    if (!c.y_max) {
        hi = std::max(hi, nice.back());
    }
    std::vector<double> ticks;
    for (double t : nice) {
        if (t >= lo - 1e-9 * step && t <= hi + 1e-9 * step) {
            ticks.push_back(t);
        }
    }

    // Geometry: legend on the right, category labels below (turned when they do not fit).
    double legend = 0.0;
    for (const auto& name : c.series) {
        legend = std::max(legend, legend_gap + legend_swatch + 6.0 + text_width(name));
    }
    const double plot_left = margin_left;
    const double plot_width = std::max(c.width - margin_left - margin_right - legend, 50.0);
    const double band = plot_width / static_cast<double>(c.groups.size());
    double longest = 0.0;
    for (const auto& g : c.groups) {
        longest = std::max(longest, text_width(g.name));
    }
    const bool turned = longest + 6.0 > band;
    const double label_height = turned ? 0.72 * longest + 14.0 : 20.0;
    const double plot_top = margin_top;
    const double plot_height = std::max(c.height - margin_top - label_height - 30.0, 50.0);
    const double plot_bottom = plot_top + plot_height;
    const double plot_right = plot_left + plot_width;
    auto py = [&](double y) { return plot_top + (hi - y) / (hi - lo) * plot_height; };

    std::string out;
    out += fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"category-chart\" "
                       "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                       "font-family=\"sans-serif\" font-size=\"12\">\n",
                       num(c.width), num(c.height));
    out += fmt::format("<title>{}</title>\n", xml_escape(c.title));
    out += "<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    out +=
        fmt::format("<text class=\"title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
                    "font-size=\"16\">{}</text>\n",
                    num(plot_left + 0.5 * plot_width), num(0.5 * margin_top), xml_escape(c.title));

    // Grid, axes, ticks.
    out += "<g class=\"grid\" stroke=\"#dddddd\" stroke-width=\"1\">\n";
    for (double t : ticks) {
        out += fmt::format("<line x1=\"{1}\" y1=\"{0}\" x2=\"{2}\" y2=\"{0}\"/>\n", num(py(t)),
                           num(plot_left), num(plot_right));
    }
    for (std::size_t g = 1; g < c.groups.size(); ++g) {
        const double x = plot_left + band * static_cast<double>(g);
        out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" "
                           "stroke=\"#f0f0f0\"/>\n",
                           num(x), num(plot_top), num(plot_bottom));
    }
    out += "</g>\n";
    out += "<g class=\"axes\" stroke=\"black\" stroke-width=\"1\">\n";
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>\n", num(plot_left),
                       num(plot_bottom), num(plot_right));
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", num(plot_left),
                       num(plot_top), num(plot_bottom));
    for (double t : ticks) {
        out += fmt::format("<line x1=\"{1}\" y1=\"{0}\" x2=\"{2}\" y2=\"{0}\"/>\n", num(py(t)),
                           num(plot_left - 5.0), num(plot_left));
    }
    out += "</g>\n";
    out += "<g class=\"tick-labels\" fill=\"black\">\n";
    for (double t : ticks) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
                           num(plot_left - 8.0), num(py(t) + 4.0), tick_label(t, step));
    }
    for (std::size_t g = 0; g < c.groups.size(); ++g) {
        const double x = plot_left + band * (static_cast<double>(g) + 0.5);
        if (turned) {
            const double y = plot_bottom + 12.0;
            out += fmt::format("<text x=\"{0}\" y=\"{1}\" text-anchor=\"end\" font-size=\"11\" "
                               "transform=\"rotate(-45 {0} {1})\">{2}</text>\n",
                               num(x + 4.0), num(y), xml_escape(c.groups[g].name));
        } else {
            out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", num(x),
                               num(plot_bottom + 18.0), xml_escape(c.groups[g].name));
        }
    }
    out += "</g>\n";
    out +=
        fmt::format("<text class=\"x-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                    num(plot_left + 0.5 * plot_width), num(plot_bottom + label_height + 20.0),
                    xml_escape(c.x_label));
    out += fmt::format("<text class=\"y-label\" x=\"18\" y=\"{0}\" text-anchor=\"middle\" "
                       "transform=\"rotate(-90 18 {0})\">{1}</text>\n",
                       num(plot_top + 0.5 * plot_height), xml_escape(c.y_label));

    // Items, side by side within their category's band.
    const double y_base = py(std::clamp(0.0, lo, hi));
    out += "<g class=\"items\">\n";
    for (std::size_t g = 0; g < c.groups.size(); ++g) {
        const auto& items = c.groups[g].items;
        if (items.empty()) {
            continue;
        }
        const double slot = 0.8 * band / static_cast<double>(items.size());
        const double start = plot_left + band * static_cast<double>(g) + 0.1 * band;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const CategoryItem& item = items[i];
            if (!std::isfinite(item.value)) {
                continue;
            }
            const char* colour = palette[item.series % std::size(palette)];
            const std::string tip = xml_escape(
                fmt::format("{}: {:.{}f} {}", item.name, item.value, c.decimals, c.unit));
            const double cx = start + slot * (static_cast<double>(i) + 0.5);
            const double y = py(std::clamp(item.value, lo, hi));
            if (c.mark == CategoryMark::bar) {
                const double w = std::max(0.85 * slot, 0.5);
                out += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" "
                                   "height=\"{}\" fill=\"{}\"><title>{}</title></rect>\n",
                                   num(cx - 0.5 * w), num(std::min(y, y_base)), num(w),
                                   num(std::abs(y_base - y)), colour, tip);
            } else {
                out += fmt::format("<circle class=\"point\" cx=\"{}\" cy=\"{}\" r=\"{}\" "
                                   "fill=\"{}\"><title>{}</title></circle>\n",
                                   num(cx), num(y), num(marker_radius), colour, tip);
            }
        }
    }
    out += "</g>\n";

    // Reference lines with their labels above the right end.
    if (!c.lines.empty()) {
        out += "<g class=\"limits\">\n";
        for (const auto& line : c.lines) {
            if (!std::isfinite(line.value) || line.value < lo || line.value > hi) {
                continue;
            }
            const double y = py(line.value);
            out += fmt::format("<line class=\"limit\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" "
                               "stroke=\"{3}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\">"
                               "<title>{4}</title></line>\n",
                               num(plot_left), num(plot_right), num(y), limit_colour,
                               xml_escape(line.label));
            out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{}\" "
                               "stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">{}"
                               "</text>\n",
                               num(plot_right - 4.0), num(y - 5.0), limit_colour,
                               xml_escape(line.label));
        }
        out += "</g>\n";
    }

    if (!c.series.empty()) {
        out += "<g class=\"legend\">\n";
        const double lx = plot_right + legend_gap;
        for (std::size_t i = 0; i < c.series.size(); ++i) {
            const double ly = plot_top + 8.0 + legend_row * static_cast<double>(i);
            out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n",
                               num(lx), num(ly - 0.5 * legend_swatch), num(legend_swatch),
                               num(legend_swatch), palette[i % std::size(palette)]);
            out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", num(lx + legend_swatch + 6.0),
                               num(ly + 4.0), xml_escape(c.series[i]));
        }
        out += "</g>\n";
    }
    out += "</svg>\n";
    return out;
}

} // namespace rackcalc::viz
