#pragma once
// A power-flow Sankey diagram as one self-contained SVG element: nodes in columns, one band
// per link with its width proportional to the power it carries, labels in kW.
//
// Layout: a node's column is the longest path to it from a node without inputs; nodes
// without outputs (the chips, every loss, the cooling plant) all go to the last column, so
// their labels stack in one list on the right. Within a column the nodes are ordered by
// where their inputs leave the previous columns (the barycentre heuristic of Sugiyama,
// Tagawa and Toda 1981), which lays losses that branch off a chain under it without
// crossings; overlaps are then pushed apart. One vertical scale [px/W] for the whole
// diagram, set by the column that needs it smallest.

#include "core/display_units.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace rackcalc::viz {

struct SankeyNode {
    std::string name;
    std::string colour = "#4e79a7"; ///< fill of the node and of the bands into it
};

struct SankeyLink {
    std::size_t source = 0; ///< index into the nodes
    std::size_t target = 0;
    double value_W = 0.0; ///< [W], finite and >= 0
};

struct Sankey {
    std::string title;
    std::vector<SankeyNode> nodes;
    std::vector<SankeyLink> links;
    double width = 1160.0; ///< [px]
    double height = 620.0; ///< [px]
    core::Display units;   ///< the power unit of labels and titles (kinds::power)
};

/// Where everything goes, in SVG pixels (y grows downwards).
struct SankeyLayout {
    struct Node {
        int column = 0;
        double value_W = 0.0; ///< max(sum of inputs, sum of outputs)
        double x0 = 0.0, x1 = 0.0, y0 = 0.0, y1 = 0.0;
    };
    struct Link {
        double width = 0.0;    ///< value_W * px_per_W, at least 1 px when value_W > 0
        double y_source = 0.0; ///< top of the band where it leaves its source
        double y_target = 0.0; ///< top of the band where it enters its target
    };
    double px_per_W = 0.0;
    int columns = 0;
    std::vector<Node> nodes;
    std::vector<Link> links;
};

/// The layout. Throws std::invalid_argument when a link names a node that does not exist
/// or itself, a value is negative or not finite, the links form a cycle, or the diagram
/// is too small for its columns.
SankeyLayout sankey_layout(const Sankey& sankey);

/// The diagram as one <svg> element (no XML declaration, so it can be inlined in HTML).
/// Each link is one <path class="link"> drawn as a stroke whose stroke-width is the band
/// width, with data-source, data-target and data-value-W attributes and a <title>; each
/// node is a <rect class="node">. Text is XML-escaped. Same errors as sankey_layout.
std::string svg_sankey(const Sankey& sankey);

} // namespace rackcalc::viz
