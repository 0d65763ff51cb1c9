#include "viz/svg_sankey.hpp"

#include "viz/xml_escape.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>

namespace rackcalc::viz {

namespace {

// Layout [px].
constexpr double margin_top = 40.0; ///< room for the title
constexpr double margin_bottom = 8.0;
constexpr double margin_left = 8.0;
constexpr double node_width = 16.0;
constexpr double node_gap = 16.0;  ///< least vertical gap between nodes: one label line
constexpr double char_width = 6.2; ///< rough width of an 11 px sans-serif character
constexpr double label_gap = 5.0;

std::string num(double v) {
    return fmt::format("{:.2f}", v);
}

/// A power in the display's unit, with fewer decimals the larger it is.
std::string power(const core::Display& u, double W) {
    const double v = u.value(W, core::kinds::power);
    const int decimals = v >= 10.0 ? 1 : v >= 1.0 ? 2 : 3;
    return fmt::format("{:.{}f} {}", v, decimals, u.unit(core::kinds::power));
}

std::string label_of(const Sankey& s, std::size_t node, double value_W) {
    return fmt::format("{} {}", s.nodes[node].name, power(s.units, value_W));
}

double text_width(const std::string& text) {
    return char_width * static_cast<double>(text.size());
}

} // namespace

SankeyLayout sankey_layout(const Sankey& s) {
    const std::size_t n = s.nodes.size();
    for (std::size_t i = 0; i < s.links.size(); ++i) {
        const SankeyLink& l = s.links[i];
        if (l.source >= n || l.target >= n) {
            throw std::invalid_argument(
                fmt::format("Sankey link {} goes from node {} to node {}, but there are {} nodes",
                            i, l.source, l.target, n));
        }
        if (l.source == l.target) {
            throw std::invalid_argument(fmt::format(
                "Sankey link {} goes from node \"{}\" to itself", i, s.nodes[l.source].name));
        }
        if (!std::isfinite(l.value_W) || l.value_W < 0.0) {
            throw std::invalid_argument(
                fmt::format("Sankey link {} from \"{}\" to \"{}\" carries {} W; a power is "
                            "finite and not negative",
                            i, s.nodes[l.source].name, s.nodes[l.target].name, l.value_W));
        }
    }

    std::vector<std::vector<std::size_t>> out(n);
    std::vector<std::vector<std::size_t>> in(n);
    std::vector<double> sum_in(n, 0.0);
    std::vector<double> sum_out(n, 0.0);
    for (std::size_t i = 0; i < s.links.size(); ++i) {
        const SankeyLink& l = s.links[i];
        out[l.source].push_back(i);
        in[l.target].push_back(i);
        sum_out[l.source] += l.value_W;
        sum_in[l.target] += l.value_W;
    }

    // Topological order (Kahn), then columns by the longest path from a source.
    std::vector<std::size_t> pending(n);
    std::vector<std::size_t> order;
    for (std::size_t v = 0; v < n; ++v) {
        pending[v] = in[v].size();
        if (pending[v] == 0) {
            order.push_back(v);
        }
    }
    for (std::size_t k = 0; k < order.size(); ++k) {
        for (std::size_t li : out[order[k]]) {
            if (--pending[s.links[li].target] == 0) {
                order.push_back(s.links[li].target);
            }
        }
    }
    if (order.size() < n) {
        const auto v = static_cast<std::size_t>(
            std::find_if(pending.begin(), pending.end(), [](std::size_t p) { return p > 0; }) -
            pending.begin());
        throw std::invalid_argument(
            fmt::format("Sankey links form a cycle through node \"{}\"", s.nodes[v].name));
    }

    SankeyLayout lay;
    lay.nodes.resize(n);
    lay.links.resize(s.links.size());
    for (std::size_t v : order) {
        for (std::size_t li : out[v]) {
            auto& t = lay.nodes[s.links[li].target];
            t.column = std::max(t.column, lay.nodes[v].column + 1);
        }
    }
    int last = 0;
    for (const auto& node : lay.nodes) {
        last = std::max(last, node.column);
    }
    for (std::size_t v = 0; v < n; ++v) {
        if (out[v].empty() && !in[v].empty()) {
            lay.nodes[v].column = last;
        }
        lay.nodes[v].value_W = std::max(sum_in[v], sum_out[v]);
    }
    lay.columns = n == 0 ? 0 : last + 1;

    // Width on the right for the labels of the last column.
    double label_room = 0.0;
    for (std::size_t v = 0; v < n; ++v) {
        if (lay.nodes[v].column == last) {
            label_room = std::max(label_room, text_width(label_of(s, v, lay.nodes[v].value_W)));
        }
    }
    label_room = std::min(label_room + 2.0 * label_gap, 0.45 * s.width);
    const double top = margin_top;
    const double bottom = s.height - margin_bottom;
    const double inner_w = s.width - margin_left - label_room;
    if (inner_w < node_width * std::max(lay.columns, 1) || bottom - top < 2.0 * node_gap) {
        throw std::invalid_argument(
            fmt::format("a Sankey diagram of {} x {} px is too small for {} columns", s.width,
                        s.height, lay.columns));
    }

    // One scale for all columns: the fullest column fits the height, gaps and 1 px minimum
    // heights included.
    std::vector<std::vector<std::size_t>> columns(static_cast<std::size_t>(lay.columns));
    for (std::size_t v = 0; v < n; ++v) {
        columns[static_cast<std::size_t>(lay.nodes[v].column)].push_back(v);
    }
    double px_per_W = std::numeric_limits<double>::infinity();
    for (const auto& col : columns) {
        double total = 0.0;
        for (std::size_t v : col) {
            total += lay.nodes[v].value_W;
        }
        const double room = (bottom - top) - node_gap * static_cast<double>(col.size() - 1) -
                            static_cast<double>(col.size());
        if (total > 0.0) {
            if (room <= 0.0) {
                throw std::invalid_argument(
                    fmt::format("a Sankey diagram {} px high is too small for a column of {} nodes",
                                s.height, col.size()));
            }
            px_per_W = std::min(px_per_W, room / total);
        }
    }
    lay.px_per_W = std::isfinite(px_per_W) ? px_per_W : 0.0;
    for (std::size_t i = 0; i < s.links.size(); ++i) {
        const double w = s.links[i].value_W * lay.px_per_W;
        lay.links[i].width = s.links[i].value_W > 0.0 ? std::max(w, 1.0) : 0.0;
    }
    auto band_sum = [&](const std::vector<std::size_t>& links) {
        double w = 0.0;
        for (std::size_t li : links) {
            w += lay.links[li].width;
        }
        return w;
    };
    std::vector<double> height(n);
    for (std::size_t v = 0; v < n; ++v) {
        height[v] =
            std::max({lay.nodes[v].value_W * lay.px_per_W, band_sum(in[v]), band_sum(out[v]), 1.0});
    }

    const double step = lay.columns > 1 ? (inner_w - node_width) / (lay.columns - 1) : 0.0;
    for (std::size_t v = 0; v < n; ++v) {
        lay.nodes[v].x0 = margin_left + step * lay.nodes[v].column;
        lay.nodes[v].x1 = lay.nodes[v].x0 + node_width;
    }

    // Outputs leave a node top-down: links into nodes that go on first, in the order given,
    // then links into sinks, largest first (the chips above the loss of the last stage).
    auto place_outputs = [&](std::size_t v) {
        std::vector<std::size_t> links = out[v];
        std::stable_sort(links.begin(), links.end(), [&](std::size_t a, std::size_t b) {
            const bool a_sink = out[s.links[a].target].empty();
            const bool b_sink = out[s.links[b].target].empty();
            if (a_sink != b_sink) {
                return b_sink;
            }
            return a_sink && s.links[a].value_W > s.links[b].value_W;
        });
        double y = lay.nodes[v].y0;
        for (std::size_t li : links) {
            lay.links[li].y_source = y;
            y += lay.links[li].width;
        }
    };
    for (auto& col : columns) {
        std::vector<double> ideal(n, top);
        for (std::size_t v : col) {
            double w_sum = 0.0;
            double y_sum = 0.0;
            for (std::size_t li : in[v]) {
                const double w = std::max(s.links[li].value_W, 1e-300);
                w_sum += w;
                y_sum += w * lay.links[li].y_source;
            }
            ideal[v] = w_sum > 0.0 ? y_sum / w_sum : top;
        }
        std::stable_sort(col.begin(), col.end(),
                         [&](std::size_t a, std::size_t b) { return ideal[a] < ideal[b]; });
        // Push overlapping nodes down, then back up from the bottom, then down from the top.
        double y = top;
        for (std::size_t v : col) {
            lay.nodes[v].y0 = std::max(ideal[v], y);
            y = lay.nodes[v].y0 + height[v] + node_gap;
        }
        y = bottom;
        for (auto it = col.rbegin(); it != col.rend(); ++it) {
            lay.nodes[*it].y0 = std::min(lay.nodes[*it].y0, y - height[*it]);
            y = lay.nodes[*it].y0 - node_gap;
        }
        y = top;
        for (std::size_t v : col) {
            lay.nodes[v].y0 = std::max(lay.nodes[v].y0, y);
            lay.nodes[v].y1 = lay.nodes[v].y0 + height[v];
            y = lay.nodes[v].y1 + node_gap;
        }
        for (std::size_t v : col) {
            // Inputs enter top-down in the order their sources sit.
            std::vector<std::size_t> links = in[v];
            std::stable_sort(links.begin(), links.end(), [&](std::size_t a, std::size_t b) {
                return lay.links[a].y_source < lay.links[b].y_source;
            });
            double yt = lay.nodes[v].y0;
            for (std::size_t li : links) {
                lay.links[li].y_target = yt;
                yt += lay.links[li].width;
            }
            place_outputs(v);
        }
    }
    return lay;
}

std::string svg_sankey(const Sankey& s) {
    const SankeyLayout lay = sankey_layout(s);
    std::string out;
    out += fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sankey\" width=\"{0}\" "
                       "height=\"{1}\" viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" "
                       "font-size=\"11\">\n",
                       num(s.width), num(s.height));
    out += fmt::format("<title>{}</title>\n", xml_escape(s.title));
    out += "<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    out += fmt::format("<text class=\"title\" x=\"{}\" y=\"22\" font-size=\"15\">{}</text>\n",
                       num(margin_left), xml_escape(s.title));

    out += "<g class=\"links\" fill=\"none\" stroke-opacity=\"0.45\">\n";
    for (std::size_t i = 0; i < s.links.size(); ++i) {
        const SankeyLink& l = s.links[i];
        const auto& a = lay.nodes[l.source];
        const auto& b = lay.nodes[l.target];
        const auto& k = lay.links[i];
        const double ya = k.y_source + 0.5 * k.width;
        const double yb = k.y_target + 0.5 * k.width;
        const double xm = 0.5 * (a.x1 + b.x0);
        out += fmt::format("<path class=\"link\" data-source=\"{}\" data-target=\"{}\" "
                           "data-value-W=\"{:.6g}\" d=\"M{},{} C{},{} {},{} {},{}\" "
                           "stroke=\"{}\" stroke-width=\"{:.4f}\">",
                           l.source, l.target, l.value_W, num(a.x1), num(ya), num(xm), num(ya),
                           num(xm), num(yb), num(b.x0), num(yb),
                           xml_escape(s.nodes[l.target].colour), k.width);
        out +=
            fmt::format("<title>{} to {}: {}</title></path>\n", xml_escape(s.nodes[l.source].name),
                        xml_escape(s.nodes[l.target].name), power(s.units, l.value_W));
    }
    out += "</g>\n";

    out += "<g class=\"nodes\">\n";
    for (std::size_t v = 0; v < s.nodes.size(); ++v) {
        const auto& node = lay.nodes[v];
        out +=
            fmt::format("<rect class=\"node\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
                        "fill=\"{}\"><title>{}</title></rect>\n",
                        num(node.x0), num(node.y0), num(node.x1 - node.x0), num(node.y1 - node.y0),
                        xml_escape(s.nodes[v].colour), xml_escape(label_of(s, v, node.value_W)));
    }
    out += "</g>\n";

    // Labels: along a tall node inside the diagram, else to the right of the node on a white
    // halo so that they stay readable over the bands.
    out += "<g class=\"labels\">\n";
    for (std::size_t v = 0; v < s.nodes.size(); ++v) {
        const auto& node = lay.nodes[v];
        const std::string label = label_of(s, v, node.value_W);
        const double cy = 0.5 * (node.y0 + node.y1);
        if (node.column < lay.columns - 1 && node.y1 - node.y0 >= text_width(label) + 8.0) {
            const double cx = 0.5 * (node.x0 + node.x1);
            out += fmt::format("<text x=\"{0}\" y=\"{1}\" text-anchor=\"middle\" "
                               "dominant-baseline=\"central\" fill=\"white\" "
                               "transform=\"rotate(-90 {0} {1})\">{2}</text>\n",
                               num(cx), num(cy), xml_escape(label));
        } else {
            out += fmt::format("<text x=\"{}\" y=\"{}\" dominant-baseline=\"central\" "
                               "stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\" "
                               "fill=\"black\">{}</text>\n",
                               num(node.x1 + label_gap), num(cy), xml_escape(label));
        }
    }
    out += "</g>\n</svg>\n";
    return out;
}

} // namespace rackcalc::viz
