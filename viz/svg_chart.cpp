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
constexpr double margin_bottom = 56.0;
constexpr double margin_right = 16.0;
constexpr double legend_gap = 16.0;
constexpr double legend_line = 24.0;
constexpr double legend_row = 18.0;
constexpr double char_width = 7.0; ///< rough width of a 12 px sans-serif character
constexpr double marker_radius = 3.0;

/// Tableau 10, a palette readable in print and by most colour-blind readers.
constexpr const char* palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

/// Heckbert's nice number: 1, 2, 5 or 10 times a power of ten near x.
double nice_number(double x, bool round) {
    const double e = std::floor(std::log10(x));
    const double f = x / std::pow(10.0, e);
    double nf = 10.0;
    if (round) {
        nf = f < 1.5 ? 1.0 : f < 3.0 ? 2.0 : f < 7.0 ? 5.0 : 10.0;
    } else {
        nf = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0;
    }
    return nf * std::pow(10.0, e);
}

double tick_step(const std::vector<double>& ticks) {
    return ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
}

std::string tick_label(double v, double step) {
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    if (std::abs(v) < 1e-12 * step) {
        v = 0.0; // no "-0"
    }
    return fmt::format("{:.{}f}", v, decimals);
}

std::string num(double v) {
    return fmt::format("{:.2f}", v);
}

struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    bool empty() const { return !(lo <= hi); }
};

/// Range of one axis, and its ticks.
void resolve_axis(const ChartAxis& axis, Range data, const char* which, double& lo, double& hi,
                  std::vector<double>& ticks) {
    if (axis.min && axis.max && !(*axis.min < *axis.max)) {
        throw std::invalid_argument(
            fmt::format("chart {} axis range {} to {} is empty", which, *axis.min, *axis.max));
    }
    if (data.empty() && !(axis.min && axis.max)) {
        if (axis.min || axis.max) {
            const double v = axis.min ? *axis.min : *axis.max;
            data = {v, v};
        } else {
            throw std::invalid_argument(
                fmt::format("chart has no finite point to plot and no {} axis range", which));
        }
    }
    lo = axis.min ? *axis.min : data.lo;
    hi = axis.max ? *axis.max : data.hi;
    if (!(lo < hi)) {
        const double pad = lo != 0.0 ? 0.1 * std::abs(lo) : 1.0;
        if (!axis.min) {
            lo -= pad;
        }
        if (!axis.max) {
            hi += pad;
        }
        if (!(lo < hi)) {
            throw std::invalid_argument(fmt::format("chart {} axis range is empty", which));
        }
    }
    const std::vector<double> nice = nice_ticks(lo, hi);
    const double step = tick_step(nice);
    if (!axis.min) {
        lo = std::min(lo, nice.front());
    }
    if (!axis.max) {
        hi = std::max(hi, nice.back());
    }
    ticks.clear();
    for (double t : nice) {
        if (t >= lo - 1e-9 * step && t <= hi + 1e-9 * step) {
            ticks.push_back(t);
        }
    }
}

} // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) {
        throw std::invalid_argument(fmt::format("no ticks for the range {} to {}", lo, hi));
    }
    target = std::max(target, 2);
    const double range = nice_number(hi - lo, false);
    const double step = nice_number(range / (target - 1), true);
    const double first = std::floor(lo / step);
    const double last = std::ceil(hi / step);
    std::vector<double> ticks;
    for (double i = first; i <= last + 0.5; i += 1.0) {
        ticks.push_back(i * step);
    }
    return ticks;
}

PlotFrame plot_frame(const LineChart& chart) {
    Range xr;
    Range yr;
    std::size_t longest_name = 0;
    for (const auto& s : chart.series) {
        if (s.x.size() != s.y.size()) {
            throw std::invalid_argument(fmt::format("chart series \"{}\" has {} x and {} y values",
                                                    s.name, s.x.size(), s.y.size()));
        }
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (std::isfinite(s.x[i]) && std::isfinite(s.y[i])) {
                xr.lo = std::min(xr.lo, s.x[i]);
                xr.hi = std::max(xr.hi, s.x[i]);
                yr.lo = std::min(yr.lo, s.y[i]);
                yr.hi = std::max(yr.hi, s.y[i]);
            }
        }
        longest_name = std::max(longest_name, s.name.size());
    }
    PlotFrame f;
    resolve_axis(chart.x, xr, "x", f.x_min, f.x_max, f.x_ticks);
    resolve_axis(chart.y, yr, "y", f.y_min, f.y_max, f.y_ticks);
    const double legend = chart.series.empty() ? 0.0
                                               : legend_gap + legend_line + 6.0 +
                                                     char_width * static_cast<double>(longest_name);
    f.left = margin_left;
    f.top = margin_top;
    f.width = std::max(chart.width - margin_left - margin_right - legend, 50.0);
    f.height = std::max(chart.height - margin_top - margin_bottom, 50.0);
    return f;
}

std::string svg_line_chart(const LineChart& chart) {
    const PlotFrame f = plot_frame(chart);
    const double right = f.left + f.width;
    const double bottom = f.top + f.height;
    std::string out;
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
                       "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n",
                       num(chart.width), num(chart.height));
    out += fmt::format("<title>{}</title>\n", xml_escape(chart.title));
    out += "<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    out += fmt::format("<text class=\"title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
                       "font-size=\"16\">{}</text>\n",
                       num(f.left + 0.5 * f.width), num(0.5 * margin_top), xml_escape(chart.title));

    // Grid and ticks.
    out += "<g class=\"grid\" stroke=\"#dddddd\" stroke-width=\"1\">\n";
    for (double t : f.x_ticks) {
        out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", num(f.px(t)),
                           num(f.top), num(bottom));
    }
    for (double t : f.y_ticks) {
        out += fmt::format("<line x1=\"{1}\" y1=\"{0}\" x2=\"{2}\" y2=\"{0}\"/>\n", num(f.py(t)),
                           num(f.left), num(right));
    }
    out += "</g>\n";
    out += "<g class=\"axes\" stroke=\"black\" stroke-width=\"1\">\n";
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>\n", num(f.left),
                       num(bottom), num(right));
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", num(f.left),
                       num(f.top), num(bottom));
    for (double t : f.x_ticks) {
        out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", num(f.px(t)),
                           num(bottom), num(bottom + 5.0));
    }
    for (double t : f.y_ticks) {
        out += fmt::format("<line x1=\"{1}\" y1=\"{0}\" x2=\"{2}\" y2=\"{0}\"/>\n", num(f.py(t)),
                           num(f.left - 5.0), num(f.left));
    }
    out += "</g>\n";
    out += "<g class=\"tick-labels\" fill=\"black\">\n";
    const double x_step = tick_step(f.x_ticks);
    const double y_step = tick_step(f.y_ticks);
    for (double t : f.x_ticks) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                           num(f.px(t)), num(bottom + 19.0), tick_label(t, x_step));
    }
    for (double t : f.y_ticks) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
                           num(f.left - 8.0), num(f.py(t) + 4.0), tick_label(t, y_step));
    }
    out += "</g>\n";
    out +=
        fmt::format("<text class=\"x-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                    num(f.left + 0.5 * f.width), num(bottom + 42.0), xml_escape(chart.x.label));
    const double ylx = 18.0;
    const double yly = f.top + 0.5 * f.height;
    out += fmt::format("<text class=\"y-label\" x=\"{0}\" y=\"{1}\" text-anchor=\"middle\" "
                       "transform=\"rotate(-90 {0} {1})\">{2}</text>\n",
                       num(ylx), num(yly), xml_escape(chart.y.label));

    // Series.
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        const ChartSeries& s = chart.series[i];
        const char* colour = palette[i % std::size(palette)];
        out += fmt::format("<g class=\"series\" data-name=\"{}\">\n", xml_escape(s.name));
        std::string points;
        for (std::size_t k = 0; k < s.x.size(); ++k) {
            if (std::isfinite(s.x[k]) && std::isfinite(s.y[k])) {
                points += fmt::format("{}{},{}", points.empty() ? "" : " ", num(f.px(s.x[k])),
                                      num(f.py(s.y[k])));
            }
        }
        out += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
                           "points=\"{}\"/>\n",
                           colour, points);
        if (chart.markers) {
            for (std::size_t k = 0; k < s.x.size(); ++k) {
                if (std::isfinite(s.x[k]) && std::isfinite(s.y[k])) {
                    out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"/>\n",
                                       num(f.px(s.x[k])), num(f.py(s.y[k])), num(marker_radius),
                                       colour);
                }
            }
        }
        out += "</g>\n";
    }

    // Legend, right of the plot.
    if (!chart.series.empty()) {
        out += "<g class=\"legend\">\n";
        const double lx = right + legend_gap;
        for (std::size_t i = 0; i < chart.series.size(); ++i) {
            const char* colour = palette[i % std::size(palette)];
            const double ly = f.top + 8.0 + legend_row * static_cast<double>(i);
            out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" "
                               "stroke-width=\"2\"/>\n",
                               num(lx), num(ly), num(lx + legend_line), num(ly), colour);
            out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", num(lx + legend_line + 6.0),
                               num(ly + 4.0), xml_escape(chart.series[i].name));
        }
        out += "</g>\n";
    }
    out += "</svg>\n";
    return out;
}

} // namespace rackcalc::viz
