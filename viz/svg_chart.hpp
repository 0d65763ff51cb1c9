#pragma once
// A small, dependency-free SVG line chart: title, axes with ticks and labels in units,
// named series with a legend, optional markers. The result is one self-contained <svg>
// element (no external styles, fonts or scripts), so a report can inline it in HTML.

#include <optional>
#include <string>
#include <vector>

namespace rackcalc::viz {

struct ChartSeries {
    std::string name;      ///< legend text
    std::vector<double> x; ///< in axis units (as displayed)
    std::vector<double> y; ///< same length as x; non-finite points are skipped
};

struct ChartAxis {
    std::string label; ///< with its unit, e.g. "load (% of design IT power)"
    /// Axis range; unset: from the data, widened to tick steps of 1, 2 or 5 x 10^n.
    std::optional<double> min;
    std::optional<double> max;
};

struct LineChart {
    std::string title;
    ChartAxis x;
    ChartAxis y;
    std::vector<ChartSeries> series;
    bool markers = true;   ///< a small circle at every data point
    double width = 800.0;  ///< [px]
    double height = 480.0; ///< [px]
};

/// Where the data go: the plot rectangle in SVG pixels (y grows downwards) and the axis
/// ranges mapped onto it, with the tick values.
struct PlotFrame {
    double left = 0.0;
    double top = 0.0;
    double width = 0.0;
    double height = 0.0;
    double x_min = 0.0;
    double x_max = 1.0;
    double y_min = 0.0;
    double y_max = 1.0;
    std::vector<double> x_ticks;
    std::vector<double> y_ticks;

    double px(double x) const { return left + (x - x_min) / (x_max - x_min) * width; }
    double py(double y) const { return top + (y_max - y) / (y_max - y_min) * height; }
};

/// Axis ranges and the plot rectangle the chart will use. Throws std::invalid_argument when
/// a series has x and y of different lengths, a fixed axis range is empty or reversed, or
/// there is no finite point to plot and no fixed range.
PlotFrame plot_frame(const LineChart& chart);

/// The chart as an SVG document (XML declaration + one <svg> element). Text is XML-escaped;
/// each series is one <polyline> (points in the order given), in a <g> with class "series"
/// and its name in a data-name attribute. Same errors as plot_frame.
std::string svg_line_chart(const LineChart& chart);

/// "Nice" tick values covering [lo, hi]: steps of 1, 2 or 5 x 10^n, about `target` of them
/// (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
std::vector<double> nice_ticks(double lo, double hi, int target = 6);

} // namespace rackcalc::viz
