#include "thermal/rack_loop.hpp"

#include "core/input_error.hpp"
#include "thermal/chip_stack.hpp"
#include "thermal/correlations.hpp"
#include "thermal/microchannel.hpp"
#include "thermal/plate_curve.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <numbers>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace rackcalc::thermal {

using geometry::Part;
using geometry::PartKind;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double pi = 3.14159265358979323846;
constexpr std::size_t no_element = std::numeric_limits<std::size_t>::max();
/// Tee drops have settled when no leg's drop moves by more than this fraction of the largest
/// branch drop between passes; the flows then carry errors of the same relative order.
/// Chips whose margins differ by less than this are tied (identical racks solved apart differ
/// at the solver's tolerance); the first in part order is the worst.
constexpr double margin_tie_K = 1e-6;

std::array<double, 3> centre(const geometry::Box& b) {
    return {0.5 * (b.lo[0] + b.hi[0]), 0.5 * (b.lo[1] + b.hi[1]), 0.5 * (b.lo[2] + b.hi[2])};
}

double extent(const geometry::Box& b, int axis) {
    return b.hi[static_cast<std::size_t>(axis)] - b.lo[static_cast<std::size_t>(axis)];
}

int root_rack(const geometry::Assembly& a, int part) {
    while (a.parts[static_cast<std::size_t>(part)].parent >= 0) {
        part = a.parts[static_cast<std::size_t>(part)].parent;
    }
    return part;
}

/// A plate's fin-channel block: flow along the rack depth (y), channels across the board.
MicrochannelHeatSink plate_block(const PlateDesign& d, const geometry::Box& box) {
    const double across = std::max(extent(box, 0), extent(box, 2)); // x on a tray, z on a blade
    return MicrochannelHeatSink{d.channel_width_m,  d.fin_thickness_m, d.channel_depth_m,
                                d.base_thickness_m, extent(box, 1),    across,
                                d.k_solid};
}

/// Ports (a fixed loss) and the channels as one rectangular duct bundle.
std::vector<Element> plate_elements(const PlateDesign& d, const MicrochannelHeatSink& g,
                                    const std::string& name) {
    if (d.performance && !d.performance->dp_Pa.empty()) {
        return {fit_quadratic_curve(d.performance->V_dot_m3_s, d.performance->dp_Pa)};
    }
    if (d.rated_flow_m3_s > 0.0 && d.rated_dp_Pa > 0.0) {
        return {QuadraticCurve{0.0, d.rated_dp_Pa / (d.rated_flow_m3_s * d.rated_flow_m3_s)}};
    }
    const double pitch = g.channel_width + g.wall_width;
    const double n = std::floor(g.width / pitch * (1.0 + 1e-9));
    if (n < 1.0) {
        throw core::SpecError(
            fmt::format("plates.{}.channel_width", d.id),
            fmt::format("cold plate \"{}\": {:.1f} mm across holds no channel of pitch {:.2f} mm",
                        name, g.width * 1e3, pitch * 1e3),
            "narrow channel_width and fin_thickness of the plate below its footprint's width");
    }
    const double alpha =
        std::min(g.channel_width, g.channel_depth) / std::max(g.channel_width, g.channel_depth);
    Pipe channels;
    channels.length = g.length;
    channels.D_h = rectangular_hydraulic_diameter(g.channel_width, g.channel_depth);
    channels.area = n * g.channel_width * g.channel_depth;
    channels.fRe_laminar = shah_london_fRe_darcy(alpha);
    std::vector<Element> e;
    if (d.port_K > 0.0) {
        e.emplace_back(LossCoefficient{d.port_K, d.port_diameter_m});
    }
    e.emplace_back(channels);
    return e;
}

} // namespace

struct RackLoop::PlateInfo {
    int part = -1;
    std::vector<int> chips;                ///< chip parts under the plate
    std::vector<const ChipThermal*> stack; ///< per chip: its layers and die area
    std::vector<ChipStack> stacks;         ///< per chip: its stack on this plate's base
    std::vector<double> A_die;             ///< per chip: heated die area [m2]
    std::vector<double> A_chip;            ///< per chip: its footprint on the plate [m2]
    std::vector<double> T_limit_K;
    std::vector<std::string> limit_kind;
    MicrochannelHeatSink block{};
    std::optional<MicrochannelChannels> channels;          ///< block's, worked out once
    std::optional<MicrochannelChannels> template_channels; ///< before scale_plate_channels
    std::size_t film = 0;                                  ///< its channels' film table in films_
    /// The channels as one duct in the network (a plate whose drop is not a measured or rated
    /// curve): its element and the duct as built.
    std::size_t channel_element = no_element;
    Pipe channel_duct{};
    BranchId branch = -1;
    double Q_W = 0.0;
    std::optional<PlateCurve> curve;     ///< the case's measured curve, if given
    int unit = -1;                       ///< index into units_
    std::size_t restrictor = no_element; ///< its balancing restrictor (a single-plate circuit)
    /// The built plate whose branch stands for this one (see RackLoop), -1 for a built plate;
    /// a twin shares its branch and has no elements of its own.
    int twin_of = -1;
    int copies = 1;      ///< of a built plate: itself and its twins
    int type_index = -1; ///< its part type among the loop's plate types
};

struct RackLoop::UnitInfo {
    int part = -1;
    BranchId supply = -1;
    BranchId ret = -1;
    NodeId in = -1;
    NodeId out = -1;
    int rack = -1;
    double Q_W = 0.0;                    ///< liquid heat of the unit: its plates and its own
    std::size_t restrictor = no_element; ///< its balancing restrictor, on the supply hose
    int type_index = -1;                 ///< its part type among the loop's unit types
    std::size_t rack_index = 0;          ///< its rack in rack_nodes_
};

/// The energy march's buffers: the branches leaving each junction downstream as one flat list
/// (out_begin[n] to out_begin[n + 1] in out_of), the junctions still waiting for an inflow,
/// and the mixed temperatures.
struct RackLoop::EnergyMarch {
    std::vector<std::size_t> out_begin, out_of, fill, ready;
    std::vector<int> pending;
    std::vector<double> T_node, mcT, mc, T_in, T_out;
};

RackLoop::RackLoop(const geometry::Assembly& assembly, const geometry::LayoutSpec& layout,
                   const LoopSpec& loop, const Fluid& coolant, RackGrouping grouping)
    : assembly_(assembly), coolant_(coolant) {
    build(layout, loop, grouping);
    solver_ = std::make_unique<HydraulicSolver>(network_);
    march_ = std::make_unique<EnergyMarch>();
}

RackLoop::~RackLoop() = default;

int RackLoop::counterpart(int part, int rack) const {
    const auto r = static_cast<std::size_t>(rack);
    const RackKind& kind = kinds_[static_cast<std::size_t>(kind_of_rack_[r])];
    return rack == kind.built ? part
                              : parts_of_rack_[r][static_cast<std::size_t>(
                                    position_in_rack_[static_cast<std::size_t>(part)])];
}

void RackLoop::group_racks(RackGrouping grouping) {
    const auto& parts = assembly_.parts;
    const std::size_t n = parts.size();
    rack_of_.assign(n, -1);
    position_in_rack_.assign(n, -1);
    parts_of_rack_.assign(n, {});
    kind_of_rack_.assign(n, -1);
    std::vector<char> has_plate(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const int parent = parts[i].parent;
        // Parts are placed after their parents; the loop falls back to a walk otherwise.
        rack_of_[i] = parent < 0 ? static_cast<int>(i)
                      : static_cast<std::size_t>(parent) < i
                          ? rack_of_[static_cast<std::size_t>(parent)]
                          : root_rack(assembly_, static_cast<int>(i));
        auto& list = parts_of_rack_[static_cast<std::size_t>(rack_of_[i])];
        position_in_rack_[i] = static_cast<int>(list.size());
        list.push_back(static_cast<int>(i));
        if (parts[i].kind == PartKind::cold_plate) {
            has_plate[static_cast<std::size_t>(rack_of_[i])] = 1;
        }
    }
    // A rack's signature: every part's kind, template ids, heat, place in the rack's tree and
    // box relative to the rack (to the nanometre), in part order. Equal signatures give equal
    // networks, since every loop property is looked up by these template ids.
    auto signature_of = [&](std::size_t rack) {
        const geometry::Box& rb = parts[rack].box;
        auto position = [&](int part) {
            return part < 0 ? -1 : position_in_rack_[static_cast<std::size_t>(part)];
        };
        std::string signature;
        auto out = std::back_inserter(signature);
        for (const int i : parts_of_rack_[rack]) {
            const Part& p = parts[static_cast<std::size_t>(i)];
            fmt::format_to(out, "{}|{}|{}|{}|{}|{}|{}|{}", static_cast<int>(p.kind), p.type, p.role,
                           p.power_W, p.liquid_fraction, p.dies, position(p.parent),
                           position(p.cold_plate));
            for (std::size_t axis = 0; axis < 3; ++axis) {
                fmt::format_to(out, "|{}|{}", std::llround((p.box.lo[axis] - rb.lo[axis]) * 1e9),
                               std::llround((p.box.hi[axis] - rb.lo[axis]) * 1e9));
            }
            signature.push_back('\n');
        }
        return signature;
    };
    std::map<std::string, int> kind_of_signature;
    for (std::size_t rack = 0; rack < n; ++rack) {
        if (!has_plate[rack]) {
            continue;
        }
        std::string signature = grouping == RackGrouping::every_part_built
                                    ? fmt::format("rack {}", rack)
                                    : signature_of(rack);
        const auto [it, added] =
            kind_of_signature.try_emplace(std::move(signature), static_cast<int>(kinds_.size()));
        if (added) {
            kinds_.push_back({static_cast<int>(rack), {}, 0, 0});
        }
        kinds_[static_cast<std::size_t>(it->second)].members.push_back(static_cast<int>(rack));
        kind_of_rack_[rack] = it->second;
        rack_order_.push_back(static_cast<int>(rack));
    }
}

void RackLoop::build(const geometry::LayoutSpec& layout, const LoopSpec& loop,
                     RackGrouping grouping) {
    const auto& parts = assembly_.parts;
    group_racks(grouping);
    // Racks of a kind after its first are carried by the first (copies of its branches).
    auto copies_of = [&](int part) {
        const int kind =
            kind_of_rack_[static_cast<std::size_t>(rack_of_[static_cast<std::size_t>(part)])];
        return kind < 0 ? 1
                        : static_cast<int>(kinds_[static_cast<std::size_t>(kind)].members.size());
    };
    auto is_copy = [&](int part) {
        const int rack = rack_of_[static_cast<std::size_t>(part)];
        const int kind = kind_of_rack_[static_cast<std::size_t>(rack)];
        return kind >= 0 && kinds_[static_cast<std::size_t>(kind)].built != rack;
    };
    // Plates and the chips under them.
    std::map<int, std::size_t> plate_of_part;
    for (int i = 0; i < static_cast<int>(parts.size()); ++i) {
        if (parts[static_cast<std::size_t>(i)].kind == PartKind::cold_plate && !is_copy(i)) {
            plate_of_part[i] = plates_.size();
            PlateInfo p;
            p.part = i;
            plates_.push_back(p);
        }
    }
    for (int i = 0; i < static_cast<int>(parts.size()); ++i) {
        const Part& c = parts[static_cast<std::size_t>(i)];
        if (c.kind != PartKind::chip || c.liquid_fraction <= 0.0 || is_copy(i)) {
            continue;
        }
        if (c.cold_plate < 0) {
            throw core::SpecError(
                fmt::format("chips.{}.cooling", c.type),
                fmt::format("chip \"{}\" is liquid-cooled but has no cold plate", c.name),
                "give it a cold plate, or set cooling = \"air\"");
        }
        PlateInfo& p = plates_[plate_of_part.at(c.cold_plate)];
        const ChipThermal& th = loop.chips.at(c.type);
        const double footprint =
            extent(c.box, 1) *
            (extent(c.box, 0) > extent(c.box, 2) ? extent(c.box, 0) : extent(c.box, 2));
        const double A_die =
            th.source_area_m2 > 0.0 ? std::min(th.source_area_m2, footprint) : footprint;
        p.chips.push_back(i);
        p.stack.push_back(&th);
        p.A_die.push_back(A_die);
        p.A_chip.push_back(footprint);
        p.T_limit_K.push_back(layout.chips.at(c.type).T_limit.value());
        p.limit_kind.push_back(layout.chips.at(c.type).limit_kind);
        p.Q_W += c.power_W * c.liquid_fraction;
        Q_sources_W_ += c.power_W * c.liquid_fraction * copies_of(i);
    }

    // Hydraulic units: trays and blades that carry cold plates.
    std::map<int, std::vector<std::size_t>> plates_of_unit;
    for (std::size_t k = 0; k < plates_.size(); ++k) {
        plates_of_unit[parts[static_cast<std::size_t>(plates_[k].part)].parent].push_back(k);
    }
    for (int i = 0; i < static_cast<int>(parts.size()); ++i) {
        const Part& t = parts[static_cast<std::size_t>(i)];
        const double q = t.kind == PartKind::chip ? 0.0 : t.power_W * t.liquid_fraction;
        if (q > 0.0 && t.kind != PartKind::chip && !is_copy(i) && !plates_of_unit.contains(i)) {
            throw core::SpecError(
                fmt::format("trays.{}.other_liquid_fraction", t.type),
                fmt::format("{} \"{}\" puts {:.0f} W on liquid but carries no cold plate",
                            geometry::to_string(t.kind), t.name, q),
                "set other_liquid_fraction = 0, or give the tray's chips cold plates");
        }
    }

    cdu_supply_ = network_.add_junction("cdu/supply");
    cdu_return_ = network_.add_fixed_pressure("cdu/return", 0.0);
    const double row_depth = parts.empty() ? 1.0 : extent(parts.front().box, 1);
    node_xyz_ = {{-1.0, 0.5 * row_depth, 0.3}, {-1.0, 0.5 * row_depth, 0.1}};
    auto add_node = [&](const std::string& name, std::array<double, 3> xyz) {
        const NodeId id = network_.add_junction(name);
        node_xyz_.resize(static_cast<std::size_t>(id) + 1);
        node_xyz_[static_cast<std::size_t>(id)] = xyz;
        return id;
    };
    auto add_branch = [&](std::string_view kind, const std::string& name, NodeId from, NodeId to,
                          std::vector<Element> elements, double heat_W) {
        const BranchId b = network_.add_branch(name, from, to, std::move(elements));
        branch_heat_W_.resize(static_cast<std::size_t>(b) + 1, 0.0);
        branch_kind_.resize(static_cast<std::size_t>(b) + 1);
        branch_twins_.resize(static_cast<std::size_t>(b) + 1);
        branch_heat_W_[static_cast<std::size_t>(b)] = heat_W;
        branch_kind_[static_cast<std::size_t>(b)] = kind;
        return b;
    };

    // What makes two plates of a tray twins: the plate's design and size and, chip by chip,
    // the type, heat and footprint (which give the stack, the die area and the limit), and
    // whether the plate is a circuit of its own (which gives it a restrictor).
    auto plate_signature = [&](const PlateInfo& p, bool alone) {
        std::string signature;
        auto out = std::back_inserter(signature);
        auto size = [&](const geometry::Box& box) {
            for (int axis = 0; axis < 3; ++axis) {
                fmt::format_to(out, "|{}", std::llround(extent(box, axis) * 1e9));
            }
        };
        const Part& plate = parts[static_cast<std::size_t>(p.part)];
        fmt::format_to(out, "{}|{}", plate.type, alone);
        size(plate.box);
        for (const int i : p.chips) {
            const Part& c = parts[static_cast<std::size_t>(i)];
            fmt::format_to(out, "|{}|{}|{}|{}", c.type, c.power_W, c.liquid_fraction, c.dies);
            size(c.box);
        }
        return signature;
    };

    // Racks, each with its manifolds, fed in parallel from the CDU.
    std::map<int, std::vector<int>> units_of_rack;
    for (const auto& [unit, plates] : plates_of_unit) {
        units_of_rack[rack_of_[static_cast<std::size_t>(unit)]].push_back(unit);
    }
    for (const auto& [rack, units] : units_of_rack) {
        const Part& r = parts[static_cast<std::size_t>(rack)];
        const ManifoldHydraulics& mh = loop.racks.at(r.type);
        RackKind& kind =
            kinds_[static_cast<std::size_t>(kind_of_rack_[static_cast<std::size_t>(rack)])];
        kind.branch_begin = static_cast<BranchId>(network_.branch_count());
        kind.node_begin = static_cast<NodeId>(network_.node_count());
        const Part* sup = nullptr;
        const Part* ret = nullptr;
        for (const int i : parts_of_rack_[static_cast<std::size_t>(rack)]) {
            const Part& p = parts[static_cast<std::size_t>(i)];
            if (p.kind == PartKind::manifold && p.parent == rack) {
                (p.role == "supply" ? sup : ret) = &p;
            }
        }
        if (sup == nullptr || ret == nullptr || mh.inner_diameter_m <= 0.0) {
            throw core::SpecError(
                fmt::format("racks.{}.manifold.diameter", r.type),
                fmt::format("rack \"{}\" carries cold plates but has no manifold", r.name),
                fmt::format("set [racks.{}.manifold] diameter (and wall_thickness below half of "
                            "it)",
                            r.type));
        }
        // Taps at the height of every unit, shared by units at the same height (blades).
        std::map<long, std::vector<int>> taps;
        for (const int u : units) {
            const double z = centre(parts[static_cast<std::size_t>(u)].box)[2];
            taps[std::lround(z * 1e6)].push_back(u);
        }
        const bool bottom = mh.inlet == ManifoldInlet::bottom;
        const double D = mh.inner_diameter_m;
        const auto sc = centre(sup->box);
        const auto rc = centre(ret->box);
        const double z_in = bottom ? sup->box.lo[2] : sup->box.hi[2];
        const double z_far = bottom ? sup->box.hi[2] : sup->box.lo[2];
        const double z_out = mh.layout == ManifoldLayout::U ? z_in : z_far;
        const NodeId rack_in = add_node(r.name + "/in", {sc[0], sc[1], z_in});
        const NodeId rack_out = add_node(r.name + "/out", {rc[0], rc[1], z_out});
        rack_nodes_.push_back({rack, rack_in, rack_out});
        // Feed pipes: two 90 deg bends of r/d = 1.5, an entrance and an exit each way
        // (Crane TP-410).
        Pipe feed;
        feed.length = mh.feed_length_m;
        feed.D_h = mh.feed_diameter_m;
        feed.roughness = 1.5e-6; // drawn tubing (Moody chart)
        feed.K_minor = 2.0 * crane_bend_multiplier(1.5) * crane_fT(mh.feed_diameter_m) +
                       crane_K(Fitting::entrance_sharp, 0.0) + crane_K(Fitting::exit, 0.0);
        add_branch("feed", r.name + "/feed-supply", cdu_supply_, rack_in, {feed}, 0.0);
        add_branch("feed", r.name + "/feed-return", rack_out, cdu_return_, {feed}, 0.0);

        // Tap nodes in the order supply flows past them.
        std::vector<std::pair<double, std::vector<int>>> ordered;
        for (const auto& [key, us] : taps) {
            ordered.emplace_back(static_cast<double>(key) * 1e-6, us);
        }
        if (!bottom) {
            std::reverse(ordered.begin(), ordered.end());
        }
        std::vector<NodeId> s_nodes, r_nodes;
        for (std::size_t k = 0; k < ordered.size(); ++k) {
            const double z = ordered[k].first;
            s_nodes.push_back(add_node(fmt::format("{}/S{:02d}", r.name, k), {sc[0], sc[1], z}));
            r_nodes.push_back(add_node(fmt::format("{}/R{:02d}", r.name, k), {rc[0], rc[1], z}));
        }
        // Manifold segments. Nodes hold the total pressure of the manifold's combined leg at
        // each tap: upstream of a dividing tee (supply), downstream of a combining one
        // (return). A segment that leaves a tee on its run holds that tee's run leg (a
        // ManifoldTee, connected to the tee's other legs once the hoses exist).
        auto segment = [&](double z0, double z1, bool run_leg) {
            Pipe p;
            // A tap at the manifold's very end still has the stub of pipe it sits on.
            p.length = std::max(std::abs(z1 - z0), 1e-3);
            p.D_h = D;
            p.roughness = 1.5e-6;
            std::vector<Element> elements;
            if (run_leg) {
                elements.emplace_back(ManifoldTee{});
            }
            elements.emplace_back(p);
            return elements;
        };
        const std::size_t n_taps = s_nodes.size();
        std::vector<Tee> supply_tees(n_taps), return_tees(n_taps);
        for (std::size_t k = 0; k < n_taps; ++k) {
            for (Tee* t : {&supply_tees[k], &return_tees[k]}) {
                t->dividing = t == &supply_tees[k];
                t->area = 0.25 * std::numbers::pi * D * D;
            }
        }
        auto run_leg = [&](Tee& tee, BranchId b) {
            tee.run = b;
            tee.run_element = network_.branch(b).element_begin;
        };
        add_branch("manifold", r.name + "/manifold-supply-00", rack_in, s_nodes.front(),
                   segment(z_in, ordered.front().first, false), 0.0);
        for (std::size_t k = 1; k < n_taps; ++k) {
            const BranchId b = add_branch(
                "manifold", fmt::format("{}/manifold-supply-{:02d}", r.name, k), s_nodes[k - 1],
                s_nodes[k], segment(ordered[k - 1].first, ordered[k].first, true), 0.0);
            run_leg(supply_tees[k - 1], b);
        }
        // Return: U flows back towards the inlet end, Z onwards to the far end.
        if (mh.layout == ManifoldLayout::U) {
            for (std::size_t k = n_taps - 1; k > 0; --k) {
                const BranchId b = add_branch(
                    "manifold", fmt::format("{}/manifold-return-{:02d}", r.name, k), r_nodes[k],
                    r_nodes[k - 1], segment(ordered[k].first, ordered[k - 1].first, true), 0.0);
                run_leg(return_tees[k - 1], b);
            }
            add_branch("manifold", r.name + "/manifold-return-00", r_nodes.front(), rack_out,
                       segment(ordered.front().first, z_out, false), 0.0);
        } else {
            for (std::size_t k = 1; k < n_taps; ++k) {
                const BranchId b = add_branch(
                    "manifold", fmt::format("{}/manifold-return-{:02d}", r.name, k), r_nodes[k - 1],
                    r_nodes[k], segment(ordered[k - 1].first, ordered[k].first, true), 0.0);
                run_leg(return_tees[k], b);
            }
            add_branch("manifold", r.name + "/manifold-return-end", r_nodes.back(), rack_out,
                       segment(ordered.back().first, z_out, false), 0.0);
        }

        // Units: hoses and quick disconnects to the taps, then the plate circuits.
        for (std::size_t k = 0; k < ordered.size(); ++k) {
            for (const int u : ordered[k].second) {
                const Part& t = parts[static_cast<std::size_t>(u)];
                const geometry::TraySpec& ts = layout.trays.at(t.type);
                const TrayCircuits& tc = loop.trays.at(t.type);
                const auto tcen = centre(t.box);
                UnitInfo info;
                info.part = u;
                info.in = add_node(t.name + "/in", {tcen[0] - 0.05, t.box.hi[1], tcen[2]});
                info.out = add_node(t.name + "/out", {tcen[0] + 0.05, t.box.hi[1], tcen[2]});
                Pipe hose;
                hose.length = tc.hose_length_m;
                hose.D_h = tc.hose_diameter_m;
                hose.roughness = 1.5e-6;
                // The tray's QD pairs share its flow: n in parallel act as one of n Cv.
                const double Cv = tc.qd_Cv * std::max(1, ts.qd_pairs);
                const auto qd = FlowCoefficient::from_Cv(Cv);
                info.rack = rack;
                info.rack_index = rack_nodes_.size() - 1;
                // The hoses are the tees' branch legs: the supply hose starts with its
                // dividing tee's branch drop, the return hose ends with its combining one.
                info.supply = add_branch("hose", t.name + "/supply", s_nodes[k], info.in,
                                         {ManifoldTee{}, hose, qd, QuadraticCurve{0.0, 0.0}}, 0.0);
                info.restrictor =
                    network_.branch(info.supply).element_end - 1; // sized by balance_to_heat
                info.Q_W = t.power_W * t.liquid_fraction;
                info.ret = add_branch("hose", t.name + "/return", info.out, r_nodes[k],
                                      {qd, hose, ManifoldTee{}}, t.power_W * t.liquid_fraction);
                qd_elements_.emplace_back(network_.branch(info.supply).element_begin + 2, qd.Kv);
                qd_elements_.emplace_back(network_.branch(info.ret).element_begin, qd.Kv);
                hose_elements_.emplace_back(network_.branch(info.supply).element_begin + 1, hose);
                hose_elements_.emplace_back(network_.branch(info.ret).element_begin + 1, hose);
                supply_tees[k].legs.push_back({info.supply,
                                               network_.branch(info.supply).element_begin,
                                               tc.hose_diameter_m, D});
                return_tees[k].legs.push_back(
                    {info.ret, network_.branch(info.ret).element_end - 1, tc.hose_diameter_m, D});
                Q_sources_W_ += t.power_W * t.liquid_fraction * copies_of(u);

                // Circuits: the template's, or every plate on its own.
                const auto& mine = plates_of_unit.at(u);
                std::vector<std::vector<std::vector<std::size_t>>> circuits;
                if (tc.circuits.empty()) {
                    for (const std::size_t pk : mine) {
                        circuits.push_back({{pk}});
                    }
                } else {
                    std::vector<char> used(mine.size(), 0);
                    for (const auto& circuit : tc.circuits) {
                        std::vector<std::vector<std::size_t>> stages;
                        for (const auto& stage : circuit) {
                            std::vector<std::size_t> ps;
                            for (const auto& chip_id : stage) {
                                std::size_t pick = mine.size();
                                for (std::size_t m = 0; m < mine.size(); ++m) {
                                    const Part& plate =
                                        parts[static_cast<std::size_t>(plates_[mine[m]].part)];
                                    if (!used[m] && plate.type == chip_id) {
                                        pick = m;
                                        break;
                                    }
                                }
                                if (pick == mine.size()) {
                                    throw core::SpecError(
                                        fmt::format("trays.{}.circuits", t.type),
                                        fmt::format("tray \"{}\": its circuits name more {} "
                                                    "plates than it has",
                                                    t.name, chip_id),
                                        "name each of the tray's plates at most once");
                                }
                                used[pick] = 1;
                                ps.push_back(mine[pick]);
                            }
                            stages.push_back(std::move(ps));
                        }
                        circuits.push_back(std::move(stages));
                    }
                }
                // The tray's built plates by their ends and their signature: a plate whose
                // twin is already built between the same junctions joins it.
                std::map<std::tuple<NodeId, NodeId, std::string>, std::size_t> built_plates;
                for (std::size_t c = 0; c < circuits.size(); ++c) {
                    NodeId from = info.in;
                    for (std::size_t s = 0; s < circuits[c].size(); ++s) {
                        const bool last = s + 1 == circuits[c].size();
                        const NodeId to = last ? info.out
                                               : add_node(fmt::format("{}/c{}-{}", t.name, c, s),
                                                          {tcen[0], tcen[1], tcen[2]});
                        for (const std::size_t pk : circuits[c][s]) {
                            PlateInfo& p = plates_[pk];
                            const Part& plate = parts[static_cast<std::size_t>(p.part)];
                            const ChipThermal& th = loop.chips.at(plate.type);
                            const PlateDesign& design = loop.plates.at(th.plate);
                            p.block = plate_block(design, plate.box);
                            p.channels = microchannel_channels(p.block);
                            p.film = film_for(*p.channels);
                            for (std::size_t ci = 0; ci < p.chips.size(); ++ci) {
                                p.stacks.emplace_back(p.stack[ci]->layers, p.A_die[ci],
                                                      p.A_chip[ci], p.block.base_thickness,
                                                      p.block.k_solid);
                            }
                            if (design.performance) {
                                p.curve.emplace(*design.performance);
                                const bool seen =
                                    std::any_of(curve_plates_.begin(), curve_plates_.end(),
                                                [&](const auto& seen_plate) {
                                                    return seen_plate.first == &design;
                                                });
                                if (!seen) {
                                    curve_plates_.emplace_back(&design, pk);
                                }
                            }
                            p.unit = static_cast<int>(units_.size());
                            info.Q_W += p.Q_W;
                            const bool alone = circuits[c].size() == 1 && p.Q_W > 0.0;
                            const auto twin =
                                built_plates.try_emplace({from, to,
                                                          grouping == RackGrouping::every_part_built
                                                              ? fmt::format("plate {}", p.part)
                                                              : plate_signature(p, alone)},
                                                         pk);
                            if (!twin.second) {
                                PlateInfo& built = plates_[twin.first->second];
                                p.twin_of = static_cast<int>(twin.first->second);
                                p.branch = built.branch;
                                ++built.copies;
                                branch_twins_[static_cast<std::size_t>(built.branch)].push_back(
                                    plate.name);
                                continue;
                            }
                            auto elements = plate_elements(design, p.block, plate.name);
                            if (alone) {
                                elements.emplace_back(QuadraticCurve{0.0, 0.0});
                            }
                            p.branch =
                                add_branch("cold_plate", plate.name, from, to, elements, p.Q_W);
                            p.template_channels = p.channels;
                            for (std::size_t e = 0; e < elements.size(); ++e) {
                                if (const auto* duct = std::get_if<Pipe>(&elements[e])) {
                                    p.channel_element = network_.branch(p.branch).element_begin + e;
                                    p.channel_duct = *duct;
                                }
                            }
                            if (alone) {
                                p.restrictor = network_.branch(p.branch).element_end - 1;
                            }
                        }
                        from = to;
                    }
                }
                units_.push_back(info);
            }
        }
        tees_.insert(tees_.end(), supply_tees.begin(), supply_tees.end());
        tees_.insert(tees_.end(), return_tees.begin(), return_tees.end());
        kind.branch_end = static_cast<BranchId>(network_.branch_count());
        kind.node_end = static_cast<NodeId>(network_.node_count());
        for (const PlateInfo& p : plates_) {
            if (p.twin_of < 0 && p.copies > 1 && p.branch >= kind.branch_begin &&
                p.branch < kind.branch_end) {
                network_.set_copies(p.branch, p.copies);
            }
        }
        if (kind.members.size() > 1) {
            for (BranchId b = kind.branch_begin; b < kind.branch_end; ++b) {
                network_.set_copies(b, network_.branch(b).copies *
                                           static_cast<int>(kind.members.size()));
            }
        }
    }
    // Every tee leg now knows the tee's other legs on its side of the junction: a hose, the
    // run and the other hoses at its tap (blades at one height share a tap); the run, the
    // hoses. The run takes the first hose's diameter ratio.
    for (const Tee& tee : tees_) {
        for (const TeeLeg& leg : tee.legs) {
            ManifoldTee m{{}, tee.area, leg.beta(), tee.dividing, false};
            for (const TeeLeg& other : tee.legs) {
                if (other.branch != leg.branch) {
                    m.others.push_back(other.branch);
                }
            }
            if (tee.run >= 0) {
                m.others.push_back(tee.run);
            }
            tee_leg_elements_.emplace_back(m, leg);
        }
        if (tee.run >= 0) {
            const double D_manifold = std::sqrt(4.0 * tee.area / std::numbers::pi);
            TeeLeg run =
                tee.legs.empty() ? TeeLeg{-1, 0, D_manifold, D_manifold} : tee.legs.front();
            run.element = tee.run_element;
            ManifoldTee m{{}, tee.area, run.beta(), tee.dividing, true};
            for (const TeeLeg& leg : tee.legs) {
                m.others.push_back(leg.branch);
            }
            tee_leg_elements_.emplace_back(m, run);
        }
    }
    scale_hose_diameter(1.0);
    for (const auto& p : plates_) {
        if (p.branch < 0 && p.Q_W > 0.0) {
            throw std::invalid_argument(
                fmt::format("cold plate \"{}\" is not connected to a manifold",
                            parts[static_cast<std::size_t>(p.part)].name));
        }
    }
    // Part types by index, for the flow spreads of a solve.
    std::map<std::string_view, int> plate_types, unit_types;
    for (PlateInfo& p : plates_) {
        const int next = static_cast<int>(plate_types.size());
        p.type_index = plate_types.try_emplace(parts[static_cast<std::size_t>(p.part)].type, next)
                           .first->second;
        n_chips_ += p.branch >= 0 ? p.chips.size() : 0;
    }
    for (UnitInfo& u : units_) {
        const int next = static_cast<int>(unit_types.size());
        u.type_index = unit_types.try_emplace(parts[static_cast<std::size_t>(u.part)].type, next)
                           .first->second;
    }
    n_plate_types_ = plate_types.size();
    n_unit_types_ = unit_types.size();
}

double RackLoopResult::energy_imbalance() const {
    return Q_sources_W > 0.0 ? std::abs(Q_coolant_W - Q_sources_W) / Q_sources_W : 0.0;
}

std::vector<int> RackLoopResult::kind_first_racks() const {
    std::vector<int> out;
    for (const auto& rr : racks) {
        if (rr.kind_first == rr.part) {
            out.push_back(rr.part);
        }
    }
    return out;
}

HydraulicResult RackLoop::hydraulics(double V_dot_total, double T_supply, double& rho, double& cp) {
    network_.set_inflow(cdu_supply_, V_dot_total);
    // Properties at the mean coolant temperature; the rise is estimated from the supply
    // properties first, then once more from the mean.
    double T_mean = T_supply;
    for (int pass = 0; pass < 2; ++pass) {
        const double dT = Q_sources_W_ / (coolant_.rho(T_mean) * coolant_.cp(T_mean) * V_dot_total);
        T_mean = std::min(T_supply + 0.5 * dT, coolant_.T_max());
    }
    rho = coolant_.rho(T_mean);
    cp = coolant_.cp(T_mean);
    std::vector<double> start;
    if (!last_flow_.empty() && last_total_ > 0.0) {
        start = last_flow_;
        const double scale = V_dot_total / last_total_;
        for (auto& v : start) {
            v *= scale;
        }
    }
    const FluidProperties props{rho, coolant_.mu(T_mean)};
    HydraulicResult h = solver_->solve(props, start);
    if (!h.converged && !start.empty()) {
        h = solver_->solve(props); // the warm start did not help: start cold
    }
    if (h.converged) {
        last_flow_ = h.V_dot;
        last_total_ = V_dot_total;
    }
    return h;
}

void RackLoop::scale_qd_Cv(double factor) {
    if (!(factor > 0.0) || !std::isfinite(factor)) {
        throw std::invalid_argument(
            fmt::format("RackLoop::scale_qd_Cv: factor {} must be positive and finite", factor));
    }
    for (const auto& [element, Kv] : qd_elements_) {
        network_.set_element(element, FlowCoefficient{Kv * factor});
    }
}

void RackLoop::scale_hose_diameter(double factor) {
    if (!(factor > 0.0) || !std::isfinite(factor)) {
        throw std::invalid_argument(fmt::format(
            "RackLoop::scale_hose_diameter: factor {} must be positive and finite", factor));
    }
    for (const auto& [element, hose] : hose_elements_) {
        Pipe p = hose;
        p.D_h *= factor;
        network_.set_element(element, p);
    }
    for (const auto& [tee, leg] : tee_leg_elements_) {
        ManifoldTee m = tee;
        m.beta = std::min(1.0, factor * leg.D_hose / leg.D_manifold);
        network_.set_element(leg.element, m);
    }
    // The warm start's flows belong to the old bores.
    last_flow_.clear();
}

void RackLoop::scale_plate_channels(double factor) {
    if (!(factor > 0.0) || !std::isfinite(factor)) {
        throw std::invalid_argument(fmt::format(
            "RackLoop::scale_plate_channels: factor {} must be positive and finite", factor));
    }
    for (PlateInfo& p : plates_) {
        if (p.channel_element == no_element || !p.template_channels) {
            continue; // its drop is a measured or rated curve
        }
        Pipe duct = p.channel_duct;
        duct.area *= factor;
        network_.set_element(p.channel_element, duct);
        p.channels = p.template_channels;
        p.channels->n *= factor;
    }
    // The films of the old channel counts are gone.
    films_.clear();
    for (PlateInfo& p : plates_) {
        if (p.channels) {
            p.film = film_for(*p.channels);
        }
    }
    last_flow_.clear();
}

std::size_t RackLoop::film_for(const MicrochannelChannels& channels) {
    auto same = [&](const FilmTable& table) {
        const MicrochannelChannels& c = table.channels();
        const MicrochannelHeatSink& a = c.geometry;
        const MicrochannelHeatSink& b = channels.geometry;
        return c.n == channels.n && a.channel_width == b.channel_width &&
               a.wall_width == b.wall_width && a.channel_depth == b.channel_depth &&
               a.base_thickness == b.base_thickness && a.length == b.length && a.width == b.width &&
               a.k_solid == b.k_solid;
    };
    const auto it = std::find_if(films_.begin(), films_.end(), same);
    if (it != films_.end()) {
        return static_cast<std::size_t>(it - films_.begin());
    }
    films_.emplace_back(channels, coolant_);
    return films_.size() - 1;
}

BalanceResult RackLoop::balance_to_heat(double V_dot_total, double T_supply) {
    BalanceResult out;
    // Start from open restrictors.
    auto set_b = [&](std::size_t element, double b) {
        network_.set_element(element, QuadraticCurve{0.0, std::max(0.0, b)});
    };
    auto b_of = [&](std::size_t element) {
        return std::get<QuadraticCurve>(network_.elements()[element]).b;
    };
    for (auto& p : plates_) {
        if (p.restrictor != no_element) {
            set_b(p.restrictor, 0.0);
        }
    }
    for (auto& u : units_) {
        if (u.restrictor != no_element) {
            set_b(u.restrictor, 0.0);
        }
    }
    double rho = 0.0, cp = 0.0;
    auto rack_dp = [&](const HydraulicResult& h) {
        double dp = 0.0;
        for (const auto& rn : rack_nodes_) {
            dp = std::max(dp, h.p[static_cast<std::size_t>(rn.in)] -
                                  h.p[static_cast<std::size_t>(rn.out)]);
        }
        return dp;
    };
    HydraulicResult h = hydraulics(V_dot_total, T_supply, rho, cp);
    if (!h.converged) {
        out.reason = "hydraulic solve did not converge: " + h.reason;
        return out;
    }
    out.dp_rack_open_Pa = rack_dp(h);

    // One parallel group: members with their present flow, the pressure across them, their
    // restrictor, and their target flow. Each restrictor is resized so that the member's
    // unrestricted pressure drop at its target, estimated from the present point with
    // dp ~ V^1.5 (between the laminar channels and the turbulent hoses; the passes correct
    // the estimate), plus the restrictor's equals the pressure across it; the member that
    // needs the least restriction gets none.
    struct Member {
        std::size_t restrictor;
        double V, dp, target;
    };
    auto resize = [&](const std::vector<Member>& group) {
        std::vector<double> need(group.size());
        double least = std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < group.size(); ++i) {
            const Member& m = group[i];
            const double b = m.restrictor == no_element ? 0.0 : b_of(m.restrictor);
            const double R0 = (m.dp - b * m.V * m.V) * std::pow(m.target / m.V, 1.5);
            need[i] = m.dp - R0;
            least = std::min(least, need[i]);
        }
        for (std::size_t i = 0; i < group.size(); ++i) {
            if (group[i].restrictor != no_element) {
                set_b(group[i].restrictor, (need[i] - least) / (group[i].target * group[i].target));
            }
        }
    };

    constexpr int max_passes = 30;
    constexpr double tolerance = 0.01; // flow within 1 % of its heat share
    for (out.passes = 1; out.passes <= max_passes; ++out.passes) {
        double worst = 0.0;
        // Trays of each rack share the rack's flow in proportion to their liquid heat.
        std::map<int, std::pair<double, double>> rack_flow_heat;
        for (const UnitInfo& u : units_) {
            auto& fq = rack_flow_heat[u.rack];
            fq.first += std::abs(h.V_dot[static_cast<std::size_t>(u.supply)]);
            fq.second += u.Q_W;
        }
        std::map<int, std::vector<Member>> tray_groups;
        for (const UnitInfo& u : units_) {
            if (u.Q_W <= 0.0) {
                continue;
            }
            const auto s = static_cast<std::size_t>(u.supply);
            const auto t = static_cast<std::size_t>(u.ret);
            const auto& fq = rack_flow_heat[u.rack];
            const double V = std::abs(h.V_dot[s]);
            const double target = fq.first * u.Q_W / fq.second;
            const double dp =
                h.dp[s] +
                (h.p[static_cast<std::size_t>(u.in)] - h.p[static_cast<std::size_t>(u.out)]) +
                h.dp[t];
            worst = std::max(worst, std::abs(V / target - 1.0));
            tray_groups[u.rack].push_back({u.restrictor, V, dp, target});
        }
        // Plates of each tray share the tray's flow in proportion to their heat.
        std::map<int, std::vector<Member>> plate_groups;
        // Heat and flow of each tray's restricted plates, summed once per pass (a search per
        // plate made a hall's balancing quadratic in its plates).
        std::map<int, std::pair<double, double>> unit_plate_heat_flow;
        for (const PlateInfo& p : plates_) {
            if (p.restrictor != no_element) {
                // A built plate with its twins (which have no restrictor of their own).
                auto& [heat, flow] = unit_plate_heat_flow[p.unit];
                heat += p.copies * p.Q_W;
                flow += p.copies * std::abs(h.V_dot[static_cast<std::size_t>(p.branch)]);
            }
        }
        for (const PlateInfo& p : plates_) {
            if (p.restrictor == no_element) {
                continue;
            }
            const auto b = static_cast<std::size_t>(p.branch);
            const auto& [heat_group, V_group] = unit_plate_heat_flow.at(p.unit);
            const double V = std::abs(h.V_dot[b]);
            const double target = V_group * p.Q_W / heat_group;
            worst = std::max(worst, std::abs(V / target - 1.0));
            plate_groups[p.unit].push_back({p.restrictor, V, h.dp[b], target});
        }
        if (worst <= tolerance) {
            out.converged = true;
            break;
        }
        for (const auto& [rack, group] : tray_groups) {
            resize(group);
        }
        for (const auto& [unit, group] : plate_groups) {
            resize(group);
        }
        h = hydraulics(V_dot_total, T_supply, rho, cp);
        if (!h.converged) {
            out.reason = "hydraulic solve did not converge: " + h.reason;
            return out;
        }
    }
    if (!out.converged) {
        out.reason = fmt::format("flows still differ from their heat shares by more than {:.0f} % "
                                 "after {} passes",
                                 100.0 * tolerance, max_passes);
        out.passes = max_passes;
    }
    out.dp_rack_balanced_Pa = rack_dp(h);
    balanced_ = out.converged;
    return out;
}

std::vector<PlateCurveComparison> RackLoop::compare_plate_curves(double T_default) const {
    std::vector<PlateCurveComparison> out;
    for (const auto& [design, pk] : curve_plates_) {
        const PlateInfo& p = plates_[pk];
        const PlatePerformance& perf = *design->performance;
        const Fluid& fluid = fluid_by_name(perf.coolant);
        const double T = perf.T_inlet_K > 0.0 ? perf.T_inlet_K : T_default;
        PlateDesign channels = *design;
        channels.performance.reset();
        channels.rated_flow_m3_s = 0.0;
        const auto elements = plate_elements(channels, p.block, design->id);
        PlateCurveComparison c;
        c.design = design->id;
        c.coolant = perf.coolant;
        c.source = perf.source;
        c.V_dot_m3_s = perf.V_dot_m3_s;
        c.R_given = perf.R_th_K_per_W;
        c.dp_given = perf.dp_Pa;
        const FluidProperties props{fluid.rho(T), fluid.mu(T)};
        for (const double V : perf.V_dot_m3_s) {
            const MicrochannelResult m = microchannel_heat_sink(p.block, fluid, T, V);
            // Contact face at its hottest point (the outlet end) to coolant inlet, as a curve
            // defines it (and as `rackcalc cfd coldplate` writes it): base conduction, the
            // outlet film and the whole bulk rise.
            c.R_model.push_back(m.R_total);
            double dp = 0.0;
            for (const auto& e : elements) {
                dp += element_dp(e, props, V).dp;
            }
            c.dp_model.push_back(dp);
        }
        out.push_back(std::move(c));
    }
    return out;
}

RackLoopResult RackLoop::solve(double V_dot_total, double T_supply, LoopDetail detail) {
    if (!(V_dot_total > 0.0) || !std::isfinite(V_dot_total)) {
        throw std::invalid_argument(
            fmt::format("coolant flow {:.6g} m3/s must be positive", V_dot_total));
    }
    RackLoopResult r;
    r.V_dot_m3_s = V_dot_total;
    r.T_supply_K = T_supply;
    r.Q_sources_W = Q_sources_W_;
    HydraulicResult h = hydraulics(V_dot_total, T_supply, r.rho, r.cp);
    r.balanced = balanced_;
    r.converged = h.converged;
    r.reason = h.reason;
    r.iterations = h.iterations;
    r.mass_imbalance = h.mass_imbalance;
    if (!h.converged) {
        return r;
    }
    r.dp_loop_Pa =
        h.p[static_cast<std::size_t>(cdu_supply_)] - h.p[static_cast<std::size_t>(cdu_return_)];

    // Energy: temperatures follow the flow from the CDU supply, mixing at every junction.
    const auto& branches = network_.branches();
    const std::size_t n_nodes = network_.node_count();
    const double V_floor = 1e-12 * V_dot_total;
    auto& [out_begin, out_of, fill, ready, pending, T_node, mcT, mc, T_in, T_out] = *march_;
    out_begin.assign(n_nodes + 1, 0);
    pending.assign(n_nodes, 0);
    auto upstream = [&](std::size_t b) {
        return static_cast<std::size_t>(h.V_dot[b] > 0.0 ? branches[b].from : branches[b].to);
    };
    for (std::size_t b = 0; b < branches.size(); ++b) {
        if (std::abs(h.V_dot[b]) > V_floor) {
            ++out_begin[upstream(b) + 1];
        }
    }
    for (std::size_t n = 0; n < n_nodes; ++n) {
        out_begin[n + 1] += out_begin[n];
    }
    out_of.resize(out_begin[n_nodes]);
    fill.assign(out_begin.begin(), out_begin.end() - 1);
    for (std::size_t b = 0; b < branches.size(); ++b) {
        if (std::abs(h.V_dot[b]) > V_floor) {
            out_of[fill[upstream(b)]++] = b;
            const bool forward = h.V_dot[b] > 0.0;
            ++pending[static_cast<std::size_t>(forward ? branches[b].to : branches[b].from)];
        }
    }
    T_node.assign(n_nodes, nan);
    mcT.assign(n_nodes, 0.0);
    mc.assign(n_nodes, 0.0);
    T_in.assign(branches.size(), nan);
    T_out.assign(branches.size(), nan);
    ready.assign(1, static_cast<std::size_t>(cdu_supply_));
    mcT[static_cast<std::size_t>(cdu_supply_)] = T_supply;
    mc[static_cast<std::size_t>(cdu_supply_)] = 1.0;
    std::size_t visited = 0;
    while (!ready.empty()) {
        const std::size_t n = ready.back();
        ready.pop_back();
        ++visited;
        T_node[n] = mc[n] > 0.0 ? mcT[n] / mc[n] : T_supply;
        for (std::size_t k = out_begin[n]; k < out_begin[n + 1]; ++k) {
            const std::size_t b = out_of[k];
            const double m_cp = r.rho * std::abs(h.V_dot[b]) * r.cp; // one copy's
            T_in[b] = T_node[n];
            T_out[b] = T_node[n] + branch_heat_W_[b] / m_cp;
            const bool forward = h.V_dot[b] > 0.0;
            const auto down = static_cast<std::size_t>(forward ? branches[b].to : branches[b].from);
            mcT[down] += branches[b].copies * m_cp * T_out[b];
            mc[down] += branches[b].copies * m_cp;
            if (--pending[down] == 0) {
                ready.push_back(down);
            }
        }
    }
    if (visited != n_nodes &&
        std::any_of(pending.begin(), pending.end(), [](int p) { return p > 0; })) {
        r.converged = false;
        r.reason = "the flow field has a loop (recirculation), so no temperature follows from it";
        return r;
    }
    r.T_return_K = T_node[static_cast<std::size_t>(cdu_return_)];
    r.Q_coolant_W = r.rho * r.cp * V_dot_total * (r.T_return_K - T_supply);

    // Plates and chips.
    const auto& parts = assembly_.parts;
    // Maldistribution: the largest max/min flow ratio among parts of the same type, since
    // trays or plates of different designs are meant to carry different flows.
    // Per type: the least and the largest flow.
    const std::pair<double, double> empty{std::numeric_limits<double>::infinity(), 0.0};
    std::vector<std::pair<double, double>> plate_range(n_plate_types_, empty),
        tray_range(n_unit_types_, empty);
    auto widen = [](std::pair<double, double>& range, double V) {
        range.first = std::min(range.first, V);
        range.second = std::max(range.second, V);
    };
    double worst = std::numeric_limits<double>::infinity();
    r.plates.reserve(plates_.size());
    r.chips.reserve(n_chips_);
    r.trays.reserve(units_.size());
    // Per plate: its result and its first chip's, for its twins to copy.
    std::vector<std::size_t> plate_result(plates_.size()), chip_result(plates_.size());
    for (std::size_t pk = 0; pk < plates_.size(); ++pk) {
        const PlateInfo& p = plates_[pk];
        if (p.branch < 0) {
            continue;
        }
        plate_result[pk] = r.plates.size();
        chip_result[pk] = r.chips.size();
        if (p.twin_of >= 0) {
            const auto built = static_cast<std::size_t>(p.twin_of);
            r.plates.push_back(r.plates[plate_result[built]]);
            r.plates.back().part = p.part;
            for (std::size_t k = 0; k < p.chips.size(); ++k) {
                r.chips.push_back(r.chips[chip_result[built] + k]);
                r.chips.back().part = p.chips[k];
                r.chips.back().plate = p.part;
            }
            continue;
        }
        const auto b = static_cast<std::size_t>(p.branch);
        const double V = std::abs(h.V_dot[b]);
        PlateFlowResult pr;
        pr.part = p.part;
        pr.rack = rack_of_[static_cast<std::size_t>(p.part)];
        pr.V_dot_m3_s = V;
        pr.dp_Pa = h.dp[b];
        pr.T_in_K = T_in[b];
        pr.T_out_K = T_out[b];
        pr.Q_W = p.Q_W;
        if (p.restrictor != no_element) {
            pr.dp_restrictor_Pa = h.dp_element[p.restrictor];
        }
        if (p.Q_W > 0.0 && Q_sources_W_ > 0.0) {
            const double ratio = (V / p.Q_W) / (V_dot_total / Q_sources_W_);
            r.plate_flow_per_heat_min = std::min(r.plate_flow_per_heat_min, ratio);
            r.plate_flow_per_heat_max = std::max(r.plate_flow_per_heat_max, ratio);
        }
        widen(plate_range[static_cast<std::size_t>(p.type_index)], V);
        const double T_film = 0.5 * (pr.T_in_K + pr.T_out_K);
        const FilmTable::Film m =
            films_[p.film].at(V, std::clamp(T_film, coolant_.T_min(), coolant_.T_max()));
        pr.Re = m.Re;
        const double A_plate = p.block.width * p.block.length;
        for (std::size_t k = 0; k < p.chips.size(); ++k) {
            const Part& c = parts[static_cast<std::size_t>(p.chips[k])];
            // The chip's share of the plate: its footprint's part of the fins and the base.
            const double share = std::min(1.0, p.A_chip[k] / A_plate);
            // A measured curve replaces base, fins and the coolant's own rise (it is contact
            // face to inlet per W into the plate). It cannot say how much of it is the film
            // the lid spreads into and how much the coolant's rise (at 2 L/min of PG25 under
            // 1.4 kW the rise alone is about 60 % of a GB300 plate's curve), so the spreading
            // boundary keeps the channel model's film of the same geometry; taking the whole
            // curve as a film would make the lid spread into a film 2-3 times too weak.
            const double R_curve = p.curve ? p.curve->R_th(V) : 0.0;
            const double R_conv = m.R_convection / share;
            const StackResistance st = p.stacks[k].resistance(R_conv);
            ChipThermalResult cr;
            cr.part = p.chips[k];
            cr.plate = p.part;
            cr.rack = pr.rack;
            cr.Q_W = c.power_W * c.liquid_fraction;
            // The die sits at the middle of its plate's flow length: the coolant under it has
            // taken up half of the plate's heat.
            cr.T_coolant_K = 0.5 * (pr.T_in_K + pr.T_out_K);
            cr.T_limit_K = p.T_limit_K[k];
            cr.limit_kind = p.limit_kind[k];
            const double R_fins = st.R_layers + st.R_plate_base + R_conv;
            cr.T_junction_K = p.curve ? pr.T_in_K + p.Q_W * R_curve + cr.Q_W * st.R_layers
                                      : cr.T_coolant_K + cr.Q_W * R_fins;
            cr.R_th_K_per_W = cr.Q_W > 0.0 ? (cr.T_junction_K - pr.T_in_K) / cr.Q_W : R_fins;
            cr.R_plate_K_per_W = p.curve        ? R_curve
                                 : cr.Q_W > 0.0 ? cr.R_th_K_per_W - st.R_layers
                                                : st.R_plate_base + R_conv;
            cr.R_layers_K_per_W = st.R_layers;
            r.chips.push_back(std::move(cr));
        }
        r.plates.push_back(pr);
    }
    for (const UnitInfo& u : units_) {
        const auto s = static_cast<std::size_t>(u.supply);
        const auto t = static_cast<std::size_t>(u.ret);
        TrayFlowResult tr;
        tr.part = u.part;
        tr.rack = u.rack;
        tr.V_dot_m3_s = std::abs(h.V_dot[s]);
        tr.dp_Pa = h.dp[s] +
                   (h.p[static_cast<std::size_t>(u.in)] - h.p[static_cast<std::size_t>(u.out)]) +
                   h.dp[t];
        tr.T_in_K = T_in[s];
        tr.T_out_K = T_out[t];
        tr.Q_W = r.rho * r.cp * tr.V_dot_m3_s * (tr.T_out_K - tr.T_in_K);
        if (u.restrictor != no_element) {
            tr.dp_restrictor_Pa = h.dp_element[u.restrictor];
        }
        widen(tray_range[static_cast<std::size_t>(u.type_index)], tr.V_dot_m3_s);
        r.trays.push_back(tr);
    }
    // Flow and heat per rack, one pass over the trays (not one per rack: a hall of 1000
    // racks has 37 000 trays).
    r.racks.reserve(rack_nodes_.size());
    for (const auto& rn : rack_nodes_) {
        RackFlowResult rr;
        rr.part = rn.part;
        rr.kind_first = rn.part;
        rr.dp_Pa = h.p[static_cast<std::size_t>(rn.in)] - h.p[static_cast<std::size_t>(rn.out)];
        rr.T_return_K = T_node[static_cast<std::size_t>(rn.out)];
        r.racks.push_back(rr);
    }
    for (std::size_t k = 0; k < units_.size(); ++k) {
        RackFlowResult& rr = r.racks[units_[k].rack_index];
        rr.V_dot_m3_s += r.trays[k].V_dot_m3_s;
        rr.Q_W += r.trays[k].Q_W;
    }
    for (const auto& [least, largest] : tray_range) {
        if (largest > 0.0) {
            r.tray_flow_spread = std::max(r.tray_flow_spread, largest / least);
        }
    }
    for (const auto& [least, largest] : plate_range) {
        if (largest > 0.0) {
            r.plate_flow_spread = std::max(r.plate_flow_spread, largest / least);
        }
    }
    if (detail == LoopDetail::one_per_kind) {
        for (std::size_t k = 0; k < r.chips.size(); ++k) {
            if (r.chips[k].margin_K() < worst - margin_tie_K) {
                worst = r.chips[k].margin_K();
                r.worst_chip = static_cast<int>(k);
            }
        }
        return r;
    }
    expand(r);
    for (std::size_t k = 0; k < r.chips.size(); ++k) {
        if (r.chips[k].margin_K() < worst - margin_tie_K) {
            worst = r.chips[k].margin_K();
            r.worst_chip = static_cast<int>(k);
        }
    }

    // Junctions and branches for loop.vtp: every rack's, a copy's moved to its own rack. The
    // two CDU junctions come first; then each rack's junctions, in rack order.
    const auto& elements = network_.elements();
    std::size_t n_loop_nodes = 2;
    for (const int rack : rack_order_) {
        const RackKind& kind =
            kinds_[static_cast<std::size_t>(kind_of_rack_[static_cast<std::size_t>(rack)])];
        n_loop_nodes += static_cast<std::size_t>(kind.node_end - kind.node_begin);
    }
    r.nodes.resize(n_loop_nodes);
    for (const NodeId cdu : {cdu_supply_, cdu_return_}) {
        const auto n = static_cast<std::size_t>(cdu);
        r.nodes[n] = {node_xyz_[n], h.p[n], T_node[n]};
    }
    if (!segment_names_) {
        segment_names_ = make_segment_names();
    }
    r.segment_names = segment_names_;
    const std::vector<std::string>& names = *segment_names_;
    r.segments.reserve(names.size());
    std::size_t base = 2;
    for (const int rack : rack_order_) {
        const RackKind& kind =
            kinds_[static_cast<std::size_t>(kind_of_rack_[static_cast<std::size_t>(rack)])];
        const Part& built = parts[static_cast<std::size_t>(kind.built)];
        const Part& here = parts[static_cast<std::size_t>(rack)];
        std::array<double, 3> shift{};
        for (std::size_t axis = 0; axis < 3; ++axis) {
            shift[axis] = here.box.lo[axis] - built.box.lo[axis];
        }
        // This rack's index of a junction of the built rack (the CDU's are shared).
        auto index = [&](NodeId node) {
            return node == cdu_supply_ || node == cdu_return_
                       ? static_cast<std::size_t>(node)
                       : base + static_cast<std::size_t>(node - kind.node_begin);
        };
        for (NodeId node = kind.node_begin; node < kind.node_end; ++node) {
            const auto n = static_cast<std::size_t>(node);
            LoopNode& ln = r.nodes[index(node)];
            ln.xyz = node_xyz_[n];
            for (std::size_t axis = 0; axis < 3; ++axis) {
                ln.xyz[axis] += shift[axis];
            }
            ln.p_Pa = h.p[n];
            ln.T_K = T_node[n];
        }
        for (BranchId id = kind.branch_begin; id < kind.branch_end; ++id) {
            const auto b = static_cast<std::size_t>(id);
            // Made in place: a segment is 168 bytes, and a rack draws hundreds.
            LoopSegment& s = r.segments.emplace_back();
            s.name = names[r.segments.size() - 1];
            s.kind = branch_kind_[b];
            s.node_a = index(branches[b].from);
            s.node_b = index(branches[b].to);
            s.a = r.nodes[s.node_a].xyz;
            s.b = r.nodes[s.node_b].xyz;
            s.V_dot_m3_s = h.V_dot[b];
            s.p_a_Pa = h.p[static_cast<std::size_t>(branches[b].from)];
            s.p_b_Pa = h.p[static_cast<std::size_t>(branches[b].to)];
            const bool forward = h.V_dot[b] >= 0.0;
            s.T_a_K = forward ? T_in[b] : T_out[b];
            s.T_b_K = forward ? T_out[b] : T_in[b];
            s.dp_Pa = h.dp[b];
            for (std::size_t e = branches[b].element_begin; e < branches[b].element_end; ++e) {
                const auto* pipe = std::get_if<Pipe>(&elements[e]);
                if (pipe == nullptr || pipe->length <= 0.0) {
                    continue;
                }
                const double area =
                    pipe->area > 0.0 ? pipe->area : 0.25 * pi * pipe->D_h * pipe->D_h;
                const double T_mean =
                    std::clamp(0.5 * (T_in[b] + T_out[b]), coolant_.T_min(), coolant_.T_max());
                s.D_h_m = pipe->D_h;
                s.velocity_m_s = std::abs(h.V_dot[b]) / area;
                s.Re = r.rho * s.velocity_m_s * pipe->D_h / coolant_.mu(T_mean);
                break;
            }
            for (std::size_t twin = 0; twin < branch_twins_[b].size(); ++twin) {
                // The same flow, drawn under its own name (reserved above: no reallocation).
                r.segments.push_back(r.segments.back());
                r.segments.back().name = names[r.segments.size() - 1];
            }
        }
        base += static_cast<std::size_t>(kind.node_end - kind.node_begin);
    }
    return r;
}

std::shared_ptr<const std::vector<std::string>> RackLoop::make_segment_names() const {
    const auto& parts = assembly_.parts;
    const auto& branches = network_.branches();
    auto names = std::make_shared<std::vector<std::string>>();
    for (const int rack : rack_order_) {
        const RackKind& kind =
            kinds_[static_cast<std::size_t>(kind_of_rack_[static_cast<std::size_t>(rack)])];
        const Part& built = parts[static_cast<std::size_t>(kind.built)];
        const Part& here = parts[static_cast<std::size_t>(rack)];
        // Every branch of a rack is named after a part of it: its path starts with the rack's
        // name.
        auto name_here = [&](const std::string& name) {
            return rack == kind.built || !name.starts_with(built.name)
                       ? name
                       : here.name + name.substr(built.name.size());
        };
        for (BranchId id = kind.branch_begin; id < kind.branch_end; ++id) {
            const auto b = static_cast<std::size_t>(id);
            names->push_back(name_here(branches[b].name));
            for (const std::string& twin : branch_twins_[b]) {
                names->push_back(name_here(twin));
            }
        }
    }
    return names;
}

void RackLoop::expand(RackLoopResult& r) const {
    if (kinds_.size() == rack_order_.size()) {
        return; // every rack was built
    }
    // The built racks' results by kind, in their order.
    const std::size_t n_kinds = kinds_.size();
    std::vector<std::vector<std::size_t>> plates(n_kinds), chips(n_kinds), trays(n_kinds),
        racks(n_kinds);
    auto kind_of = [&](int part) {
        return static_cast<std::size_t>(
            kind_of_rack_[static_cast<std::size_t>(rack_of_[static_cast<std::size_t>(part)])]);
    };
    for (std::size_t i = 0; i < r.plates.size(); ++i) {
        plates[kind_of(r.plates[i].part)].push_back(i);
    }
    for (std::size_t i = 0; i < r.chips.size(); ++i) {
        chips[kind_of(r.chips[i].part)].push_back(i);
    }
    for (std::size_t i = 0; i < r.trays.size(); ++i) {
        trays[kind_of(r.trays[i].part)].push_back(i);
    }
    for (std::size_t i = 0; i < r.racks.size(); ++i) {
        racks[kind_of(r.racks[i].part)].push_back(i);
    }
    std::size_t n_plates = 0, n_chips = 0, n_trays = 0;
    for (const int rack : rack_order_) {
        const std::size_t k = kind_of(rack);
        n_plates += plates[k].size();
        n_chips += chips[k].size();
        n_trays += trays[k].size();
    }
    RackLoopResult out;
    out.plates.reserve(n_plates);
    out.chips.reserve(n_chips);
    out.trays.reserve(n_trays);
    out.racks.reserve(rack_order_.size());
    for (const int rack : rack_order_) {
        const std::size_t k = kind_of(rack);
        for (const std::size_t i : plates[k]) {
            out.plates.push_back(r.plates[i]);
            out.plates.back().part = counterpart(r.plates[i].part, rack);
            out.plates.back().rack = rack;
        }
        for (const std::size_t i : chips[k]) {
            out.chips.push_back(r.chips[i]);
            out.chips.back().part = counterpart(r.chips[i].part, rack);
            out.chips.back().plate = counterpart(r.chips[i].plate, rack);
            out.chips.back().rack = rack;
        }
        for (const std::size_t i : trays[k]) {
            out.trays.push_back(r.trays[i]);
            out.trays.back().part = counterpart(r.trays[i].part, rack);
            out.trays.back().rack = rack;
        }
        for (const std::size_t i : racks[k]) {
            out.racks.push_back(r.racks[i]);
            out.racks.back().part = rack;
        }
    }
    r.plates = std::move(out.plates);
    r.chips = std::move(out.chips);
    r.trays = std::move(out.trays);
    r.racks = std::move(out.racks);
}

} // namespace rackcalc::thermal
