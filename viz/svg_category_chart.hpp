#pragma once
// A small, dependency-free SVG chart of values per category: for each category (a tray, say)
// its items (the chips or cold plates in it) side by side as bars or as points, coloured by
// series, with optional horizontal reference lines (limits). One self-contained <svg>
// element, so a report can inline it in HTML.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace rackcalc::viz {

struct CategoryItem {
    std::string name;       ///< shown in the item's tooltip
    double value = 0.0;     ///< in axis units (as displayed); non-finite values are skipped
    std::size_t series = 0; ///< index into CategoryChart::series (colour and legend)
};

struct CategoryGroup {
    std::string name; ///< axis label of the category
    std::vector<CategoryItem> items;
};

struct ReferenceLine {
    double value = 0.0; ///< in axis units
    std::string label;  ///< e.g. "junction limit 95 °C"
};

enum class CategoryMark { bar, point };

struct CategoryChart {
    std::string title;
    std::string x_label;
    std::string y_label;             ///< with its unit, e.g. "flow (L/min)"
    std::string unit;                ///< appended to values in tooltips, e.g. "L/min"
    int decimals = 1;                ///< of values in tooltips
    std::vector<std::string> series; ///< legend names; at least one
    std::vector<CategoryGroup> groups;
    std::vector<ReferenceLine> lines;
    CategoryMark mark = CategoryMark::bar;
    /// Axis range; unset: from the data and lines (bars from zero), widened to nice ticks.
    std::optional<double> y_min;
    std::optional<double> y_max;
    double width = 1160.0; ///< [px]
    double height = 420.0; ///< [px]
};

/// The chart as one <svg> element (no XML declaration). Bars are <rect class="bar">, points
/// <circle class="point">, reference lines <line class="limit">, each with a <title>. Text is
/// XML-escaped. Throws std::invalid_argument when there is no category, an item names a
/// series that does not exist, or there is nothing finite to plot and no fixed range.
std::string svg_category_chart(const CategoryChart& chart);

} // namespace rackcalc::viz
