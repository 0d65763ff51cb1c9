#include "geometry/assembly.hpp"

#include "core/input_error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace rackcalc::geometry {

using core::Diagnostic;

namespace {

constexpr double tolerance = 1e-9;     // [m]
constexpr double board_margin = 0.010; // [m] free edge of the board around the chips
constexpr double chip_gap = 0.010;     // [m] free space between neighbouring packages

/// A length in mm to 0.01 mm, without trailing zeros ("44.45 mm", "50 mm").
std::string mm(double metres) {
    return fmt::format("{:g} mm", std::round(metres * 1e5) / 100.0);
}

std::vector<std::string> keys_of(const auto& map) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : map) {
        keys.push_back(k);
    }
    return keys;
}

std::string chip_group(ChipRole role) {
    // One block for the accelerators whatever they are called (GPU, NPU, TPU), so that a
    // ParaView state saved on one template opens another.
    switch (role) {
    case ChipRole::gpu:
    case ChipRole::npu:
    case ChipRole::tpu:
        return "accelerators";
    case ChipRole::cpu:
        return "cpus";
    case ChipRole::dpu:
        return "dpus";
    case ChipRole::nic:
        return "nics";
    case ChipRole::switch_asic:
        return "switch_chips";
    case ChipRole::other:
        break;
    }
    return "other_chips";
}

std::string tray_group(const TraySpec& tray, bool blade) {
    switch (tray.role) {
    case TrayRole::power_shelf:
        return "power_shelves";
    case TrayRole::canister:
        return "canisters";
    case TrayRole::compute:
        return blade ? "compute_blades" : "compute_trays";
    case TrayRole::switch_tray:
        return blade ? "switch_blades" : "switch_trays";
    default:
        return blade ? "compute_blades" : "other_trays";
    }
}

/// A board plane inside a tray or blade: chips are laid out along u and v and stand on w.
struct BoardFrame {
    int u = 0, v = 1, w = 2; ///< axis indices in x, y, z
    Box box;
    double clearance = 0.0;
};

class Placer {
public:
    explicit Placer(const LayoutSpec& spec) : spec_(spec) {}

    Assembly run() {
        check_references();
        if (!findings_.empty()) {
            throw core::InputError(findings_);
        }
        double x = 0.0;
        int rack_index = 0;
        for (const auto& entry : spec_.row) {
            const RackSpec& rack = spec_.racks.at(entry.rack);
            for (int i = 0; i < entry.count; ++i) {
                place_rack(rack, x, rack_index++);
                x += rack.width_m + spec_.rack_gap_m;
            }
        }
        check_containment_and_overlap();
        count_and_check_totals();
        if (!findings_.empty()) {
            throw core::InputError(findings_);
        }
        return std::move(out_);
    }

private:
    const LayoutSpec& spec_;
    Assembly out_;
    std::vector<Diagnostic> findings_;

    void report(const Diagnostic& origin, std::string message, std::string fix) {
        Diagnostic d = origin;
        d.message = std::move(message);
        d.fix = std::move(fix);
        findings_.push_back(std::move(d));
    }

    void unknown(const Diagnostic& origin, std::string_view what, const std::string& id,
                 const std::vector<std::string>& known) {
        const std::string suggestion = core::closest_match(id, known);
        std::string listed;
        for (const auto& k : known) {
            listed += (listed.empty() ? "" : ", ") + k;
        }
        report(origin, fmt::format("no {} with id \"{}\"", what, id),
               suggestion.empty() ? fmt::format("use one of: {}", listed)
                                  : fmt::format("did you mean \"{}\"?", suggestion));
    }

    void check_tray_refs(const TraySpec& tray) {
        for (const auto& c : tray.chips) {
            if (!spec_.chips.contains(c.chip)) {
                unknown(c.origin, "chip", c.chip, keys_of(spec_.chips));
            }
        }
        for (const auto* row : {&tray.front_blades, &tray.rear_blades}) {
            if (*row && !spec_.trays.contains((*row)->tray)) {
                unknown(tray.origin, "blade tray", (*row)->tray, keys_of(spec_.trays));
            }
        }
    }

    void check_references() {
        for (const auto& entry : spec_.row) {
            if (!spec_.racks.contains(entry.rack)) {
                unknown(Diagnostic{}, "rack", entry.rack, keys_of(spec_.racks));
            }
        }
        for (const auto& [id, rack] : spec_.racks) {
            for (const auto& s : rack.stack) {
                if (!s.tray.empty() && !spec_.trays.contains(s.tray)) {
                    unknown(s.origin, "tray", s.tray, keys_of(spec_.trays));
                }
            }
        }
        for (const auto& [id, tray] : spec_.trays) {
            check_tray_refs(tray);
        }
    }

    int add(Part p) {
        out_.parts.push_back(std::move(p));
        return static_cast<int>(out_.parts.size()) - 1;
    }

    void place_rack(const RackSpec& rack, double x0, int rack_index) {
        const std::string rack_name = fmt::format("{}-{:02d}", rack.id, rack_index + 1);
        Part frame;
        frame.kind = PartKind::rack;
        frame.name = rack_name;
        frame.group = "racks";
        frame.type = rack.id;
        frame.role = "rack";
        frame.box = Box{{x0, 0.0, 0.0}, {x0 + rack.width_m, rack.depth_m, rack.height_m}};
        frame.rack = rack_index;
        const int frame_index = add(frame);

        const double top = rack.base_m + rack.units * rack.unit_m;
        if (top > rack.height_m + tolerance) {
            report(rack.origin,
                   fmt::format("rack \"{}\": {} units of {} above a base of {} reach {}, higher "
                               "than the rack ({})",
                               rack.id, rack.units, mm(rack.unit_m), mm(rack.base_m), mm(top),
                               mm(rack.height_m)),
                   "reduce units or base, or raise the rack height");
        }
        const double x_lo = x0 + 0.5 * (rack.width_m - rack.equipment_width_m);
        const double x_hi = x_lo + rack.equipment_width_m;
        const double y_lo = rack.front_space_m;
        const double y_hi = rack.depth_m - rack.rear_space_m;
        if (y_hi - y_lo <= tolerance) {
            report(rack.origin,
                   fmt::format("rack \"{}\": front_space {} and rear_space {} leave no depth for "
                               "trays in a {} deep rack",
                               rack.id, mm(rack.front_space_m), mm(rack.rear_space_m),
                               mm(rack.depth_m)),
                   "reduce front_space or rear_space");
            return;
        }
        double z = top;
        std::map<std::string, int> serial;
        for (const auto& entry : rack.stack) {
            if (entry.tray.empty()) {
                z -= entry.gap_m;
                continue;
            }
            const TraySpec& tray = spec_.trays.at(entry.tray);
            for (int i = 0; i < entry.count; ++i) {
                const Box box{{x_lo, y_lo, z - tray.height_m}, {x_hi, y_hi, z}};
                const std::string name =
                    fmt::format("{}/{}-{:02d}", rack_name, tray.id, ++serial[tray.id]);
                place_tray(tray, box, false, frame_index, name, rack_index, entry.origin);
                z -= tray.height_m;
            }
            z -= entry.gap_m;
        }
        if (z < rack.base_m - tolerance) {
            report(rack.origin,
                   fmt::format("rack \"{}\": the stack is {} high ({:.2f} units) but the rack has "
                               "{} units ({})",
                               rack.id, mm(top - z), (top - z) / rack.unit_m, rack.units,
                               mm(top - rack.base_m)),
                   "remove trays from the stack, make trays thinner, or give the rack more units");
        }
        const double z_lo = std::max(z, rack.base_m);
        place_rear_parts(rack, rack_name, frame_index, rack_index, x_lo, x_hi, z_lo, top);
    }

    void place_rear_parts(const RackSpec& rack, const std::string& rack_name, int frame_index,
                          int rack_index, double x_lo, double x_hi, double z_lo, double z_hi) {
        const double y_mid = rack.depth_m - 0.5 * rack.rear_space_m;
        const double d = rack.manifold.diameter_m;
        if (d > 0.0) {
            for (const auto& [suffix, xa] :
                 {std::pair<std::string, double>{"supply", x_lo}, {"return", x_hi - d}}) {
                Part m;
                m.kind = PartKind::manifold;
                m.name = fmt::format("{}/manifold-{}", rack_name, suffix);
                m.group = "manifolds";
                m.type = suffix;
                m.role = suffix;
                m.box = Box{{xa, y_mid - 0.5 * d, z_lo}, {xa + d, y_mid + 0.5 * d, z_hi}};
                m.liquid_fraction = 1.0;
                m.parent = frame_index;
                m.rack = rack_index;
                add(m);
            }
        }
        const BusbarSpec& bb = rack.busbar;
        if (bb.width_m > 0.0 && bb.thickness_m > 0.0) {
            const double x_mid = 0.5 * (x_lo + x_hi);
            Part b;
            b.kind = PartKind::busbar;
            b.name = fmt::format("{}/busbar", rack_name);
            b.group = "busbars";
            b.type = "busbar";
            b.role = "busbar";
            b.box = Box{{x_mid - 0.5 * bb.width_m, y_mid - 0.5 * bb.thickness_m, z_lo},
                        {x_mid + 0.5 * bb.width_m, y_mid + 0.5 * bb.thickness_m, z_hi}};
            b.parent = frame_index;
            b.rack = rack_index;
            add(b);
        }
    }

    void place_tray(const TraySpec& tray, const Box& box, bool blade, int parent,
                    const std::string& name, int rack_index, const Diagnostic& origin) {
        Part p;
        p.kind = tray.role == TrayRole::power_shelf ? PartKind::power_shelf
                 : tray.role == TrayRole::canister  ? PartKind::canister
                                                    : PartKind::tray;
        p.name = name;
        p.group = tray_group(tray, blade);
        p.type = tray.id;
        p.role = tray_role_words.name(tray.role);
        p.box = box;
        p.power_W = tray.other_power.value();
        p.liquid_fraction = tray.other_liquid_fraction;
        p.parent = parent;
        p.rack = rack_index;
        const int index = add(p);
        out_.it_power_W += tray.other_power.value();
        out_.liquid_power_W += tray.other_power.value() * tray.other_liquid_fraction;
        out_.installed_psu_W += tray.psus * tray.psu_rating.value();

        BoardFrame frame;
        frame.box = box;
        frame.clearance = tray.board_clearance_m;
        if (blade) {
            // A blade stands on edge: its board spans height (u) and depth (v), chips
            // stand out sideways (w = x).
            frame.u = 2;
            frame.v = 1;
            frame.w = 0;
        }
        place_chips(tray, frame, index, name, rack_index);
        if (tray.front_blades || tray.rear_blades) {
            place_blades(tray, box, index, name, rack_index, origin);
        }
    }

    void place_chips(const TraySpec& tray, const BoardFrame& f, int parent,
                     const std::string& tray_name, int rack_index) {
        const double u_lo = f.box.lo[f.u] + board_margin;
        const double u_hi = f.box.hi[f.u] - board_margin;
        const double v_hi = f.box.hi[f.v] - board_margin;
        const double w0 = f.box.lo[f.w] + f.clearance;
        double u = u_lo;
        double v = f.box.lo[f.v] + board_margin;
        double row_depth = 0.0;
        for (const auto& count : tray.chips) {
            const ChipSpec& chip = spec_.chips.at(count.chip);
            Box shared{{1e300, 1e300, 1e300}, {-1e300, -1e300, -1e300}};
            std::vector<int> sharing; // chips under the shared plate
            for (int i = 0; i < count.count; ++i) {
                if (u + chip.width_m > u_hi + tolerance && u > u_lo) {
                    u = u_lo;
                    v += row_depth + chip_gap;
                    row_depth = 0.0;
                }
                Box cb;
                cb.lo[f.u] = u;
                cb.hi[f.u] = u + chip.width_m;
                cb.lo[f.v] = v;
                cb.hi[f.v] = v + chip.length_m;
                cb.lo[f.w] = w0;
                cb.hi[f.w] = w0 + chip.height_m;
                if (cb.hi[f.v] > v_hi + tolerance || cb.hi[f.u] > u_hi + tolerance) {
                    report(count.origin,
                           fmt::format("tray \"{}\": {} x {} of {} do not fit on its board ({} x "
                                       "{} less {} margins)",
                                       tray.id, count.count, chip.id,
                                       mm(chip.width_m) + " x " + mm(chip.length_m),
                                       mm(u_hi - u_lo + 2 * board_margin), mm(v_hi - f.box.lo[f.v]),
                                       mm(board_margin)),
                           "reduce the chip count or package size, or use a larger tray");
                    return;
                }
                const double stack_top =
                    w0 + chip.height_m +
                    (chip.cold_plate == ColdPlate::none ? 0.0 : chip.cold_plate_height_m);
                if (stack_top > f.box.hi[f.w] + tolerance) {
                    report(count.origin,
                           fmt::format("tray \"{}\": {} with its cold plate stands {} above the "
                                       "tray floor, but the tray is only {} {}",
                                       tray.id, chip.id, mm(stack_top - f.box.lo[f.w]),
                                       mm(f.box.hi[f.w] - f.box.lo[f.w]),
                                       f.w == 2 ? "high" : "thick"),
                           "make the tray taller (height) or the package or cold plate thinner");
                    return;
                }
                Part p;
                p.kind = PartKind::chip;
                p.name = fmt::format("{}/{}-{}", tray_name, chip.id, i + 1);
                p.group = chip_group(chip.role);
                p.type = chip.id;
                p.role = chip_role_words.name(chip.role);
                p.box = cb;
                p.power_W = chip.tdp.value();
                p.liquid_fraction = chip.cooling == ChipCooling::liquid ? 1.0 : 0.0;
                p.parent = parent;
                p.rack = rack_index;
                p.dies = chip.dies;
                const int chip_index = add(p);
                out_.it_power_W += chip.tdp.value();
                out_.liquid_power_W += chip.tdp.value() * p.liquid_fraction;
                if (chip.cold_plate == ColdPlate::own) {
                    const int plate = add_plate(
                        cb, f, chip, fmt::format("{}/cold-plate-{}-{}", tray_name, chip.id, i + 1),
                        parent, rack_index);
                    out_.parts[static_cast<std::size_t>(chip_index)].cold_plate = plate;
                } else if (chip.cold_plate == ColdPlate::shared) {
                    sharing.push_back(chip_index);
                    for (std::size_t a = 0; a < 3; ++a) {
                        shared.lo[a] = std::min(shared.lo[a], cb.lo[a]);
                        shared.hi[a] = std::max(shared.hi[a], cb.hi[a]);
                    }
                }
                u += chip.width_m + chip_gap;
                row_depth = std::max(row_depth, chip.length_m);
            }
            if (chip.cold_plate == ColdPlate::shared && count.count > 0) {
                const int plate =
                    add_plate(shared, f, chip, fmt::format("{}/cold-plate-{}", tray_name, chip.id),
                              parent, rack_index);
                for (const int c : sharing) {
                    out_.parts[static_cast<std::size_t>(c)].cold_plate = plate;
                }
            }
        }
    }

    int add_plate(const Box& under, const BoardFrame& f, const ChipSpec& chip,
                  const std::string& name, int parent, int rack_index) {
        Part plate;
        plate.kind = PartKind::cold_plate;
        plate.name = name;
        plate.group = "cold_plates";
        plate.type = chip.id;
        plate.role = chip_role_words.name(chip.role);
        plate.box = under;
        plate.box.lo[f.w] = under.hi[f.w];
        plate.box.hi[f.w] = under.hi[f.w] + chip.cold_plate_height_m;
        plate.liquid_fraction = 1.0;
        plate.parent = parent;
        plate.rack = rack_index;
        return add(plate);
    }

    void place_blades(const TraySpec& container, const Box& box, int parent,
                      const std::string& name, int rack_index, const Diagnostic& origin) {
        double y = box.lo[1];
        const double width = box.hi[0] - box.lo[0];
        auto row = [&](const BladeRow& r, std::string_view side) {
            const TraySpec& blade = spec_.trays.at(r.tray);
            const double pitch = width / r.count;
            if (blade.height_m > pitch + tolerance) {
                report(container.origin,
                       fmt::format("container \"{}\": {} blades \"{}\" of {} do not fit across {}",
                                   container.id, r.count, blade.id, mm(blade.height_m), mm(width)),
                       "use fewer or thinner blades");
                return;
            }
            for (int i = 0; i < r.count; ++i) {
                const double xa = box.lo[0] + i * pitch + 0.5 * (pitch - blade.height_m);
                const Box bb{{xa, y, box.lo[2]}, {xa + blade.height_m, y + r.depth_m, box.hi[2]}};
                place_tray(blade, bb, true, parent,
                           fmt::format("{}/{}-{}-{:02d}", name, side, blade.id, i + 1), rack_index,
                           origin);
            }
            y += r.depth_m;
        };
        if (container.front_blades) {
            row(*container.front_blades, "front");
        }
        if (container.backplane_thickness_m > 0.0) {
            Part bp;
            bp.kind = PartKind::backplane;
            bp.name = name + "/backplane";
            bp.group = "backplanes";
            bp.type = "backplane";
            bp.role = "backplane";
            bp.box = Box{{box.lo[0], y, box.lo[2]},
                         {box.hi[0], y + container.backplane_thickness_m, box.hi[2]}};
            bp.parent = parent;
            bp.rack = rack_index;
            add(bp);
            y += container.backplane_thickness_m;
        }
        if (container.rear_blades) {
            row(*container.rear_blades, "rear");
        }
        if (y > box.hi[1] + tolerance) {
            report(container.origin,
                   fmt::format("container \"{}\": blade rows and backplane are {} deep but the "
                               "container is {} deep",
                               container.id, mm(y - box.lo[1]), mm(box.hi[1] - box.lo[1])),
                   "reduce the blade row depths or the rack's front/rear space");
        }
    }

    /// Of the keys that could have caused a finding, the one written in the user's file,
    /// else the first.
    const Diagnostic& pick(std::initializer_list<const Diagnostic*> candidates) const {
        for (const Diagnostic* d : candidates) {
            if (d->where.file == spec_.primary_file && !d->where.file.empty()) {
                return *d;
            }
        }
        return **candidates.begin();
    }

    const Diagnostic& origin_for(const Part& p) const {
        static const Diagnostic none;
        const Part* rack_part = &p;
        while (rack_part->parent >= 0) {
            rack_part = &out_.parts[static_cast<std::size_t>(rack_part->parent)];
        }
        const RackSpec& rack = spec_.racks.at(rack_part->type);
        const auto& o = rack.origins;
        switch (p.kind) {
        case PartKind::manifold:
            return pick({&rack.manifold.origin, &o.at("rear_space"), &o.at("depth"),
                         &o.at("equipment_width")});
        case PartKind::busbar:
            return pick({&rack.busbar.origin, &o.at("rear_space"), &o.at("depth")});
        case PartKind::rack:
            return pick({&rack.origin, &o.at("height"), &o.at("units")});
        case PartKind::chip:
        case PartKind::cold_plate:
        case PartKind::backplane:
            return p.parent >= 0 ? origin_for(out_.parts[static_cast<std::size_t>(p.parent)])
                                 : none;
        default:
            break;
        }
        if (auto it = spec_.trays.find(p.type); it != spec_.trays.end()) {
            return pick({&it->second.origin, &rack.origin, &o.at("depth"), &o.at("front_space"),
                         &o.at("rear_space"), &o.at("equipment_width")});
        }
        return rack.origin;
    }

    void check_containment_and_overlap() {
        const auto& parts = out_.parts;
        std::map<int, std::vector<int>> children;
        for (int i = 0; i < static_cast<int>(parts.size()); ++i) {
            const Part& p = parts[static_cast<std::size_t>(i)];
            children[p.parent].push_back(i);
            if (p.parent >= 0) {
                const Part& parent = parts[static_cast<std::size_t>(p.parent)];
                if (!parent.box.contains(p.box)) {
                    report(origin_for(p),
                           fmt::format("{} \"{}\" sticks out of {} \"{}\"", to_string(p.kind),
                                       p.name, to_string(parent.kind), parent.name),
                           "check the sizes of the part and of what holds it");
                }
            }
        }
        // One finding per part, naming the first part it overlaps and how many more.
        for (const auto& [parent, kids] : children) {
            std::map<int, std::vector<int>> overlapping;
            for (std::size_t a = 0; a < kids.size(); ++a) {
                for (std::size_t b = a + 1; b < kids.size(); ++b) {
                    if (parts[static_cast<std::size_t>(kids[a])].box.overlaps(
                            parts[static_cast<std::size_t>(kids[b])].box)) {
                        overlapping[kids[b]].push_back(kids[a]);
                    }
                }
            }
            for (const auto& [later, earlier] : overlapping) {
                const Part& pb = parts[static_cast<std::size_t>(later)];
                const Part& pa = parts[static_cast<std::size_t>(earlier.front())];
                // Reported at the later-placed part, usually the one an override moved.
                report(origin_for(pb),
                       fmt::format("{} \"{}\" overlaps {} \"{}\"{}", to_string(pb.kind), pb.name,
                                   to_string(pa.kind), pa.name,
                                   earlier.size() > 1
                                       ? fmt::format(" and {} more parts", earlier.size() - 1)
                                       : std::string()),
                       "move or shrink one of them (sizes, rear_space, stack)");
            }
        }
    }

    void count_and_check_totals() {
        auto& c = out_.counts;
        for (const auto& name : total_names()) {
            c[name] = 0;
        }
        for (const auto& p : out_.parts) {
            switch (p.kind) {
            case PartKind::chip: {
                const ChipRole role = spec_.chips.at(p.type).role;
                if (is_accelerator(role)) {
                    ++c["accelerators"];
                    c["accelerator_dies"] += p.dies;
                } else if (role == ChipRole::cpu) {
                    ++c["cpus"];
                } else if (role == ChipRole::switch_asic) {
                    ++c["switch_chips"];
                } else if (role == ChipRole::nic) {
                    ++c["nics"];
                }
                break;
            }
            case PartKind::cold_plate:
                ++c["cold_plates"];
                break;
            case PartKind::power_shelf:
                ++c["power_shelves"];
                break;
            case PartKind::rack:
                ++c["racks"];
                break;
            case PartKind::tray: {
                const TraySpec& t = spec_.trays.at(p.type);
                c["quick_disconnects"] += 2L * t.qd_pairs;
                if (p.group == "compute_blades" || p.group == "switch_blades") {
                    ++c["blades"];
                }
                if (t.role == TrayRole::compute) {
                    ++c["compute_trays"];
                } else if (t.role == TrayRole::switch_tray) {
                    ++c["switch_trays"];
                }
                break;
            }
            default:
                break;
            }
        }
        // A row of k copies of the stated system (a hall of NVL72 racks) states k times
        // each total.
        long copies = 1;
        for (const auto& stated : spec_.totals) {
            if (stated.name == "racks" && stated.value > 0 && c.at("racks") % stated.value == 0) {
                copies = c.at("racks") / stated.value;
            }
        }
        for (const auto& stated : spec_.totals) {
            const long placed = c.at(stated.name);
            if (placed != stated.value * copies) {
                report(stated.origin,
                       copies == 1
                           ? fmt::format("the template states {} {} but the layout places {}",
                                         stated.value, stated.name, placed)
                           : fmt::format("the template states {} {} per system, {} for the {} "
                                         "systems in the row, but the layout places {}",
                                         stated.value, stated.name, stated.value * copies, copies,
                                         placed),
                       fmt::format("check the trays' chips, counts and cold_plate settings, or "
                                   "correct [totals] {} (source: {})",
                                   stated.name, stated.provenance.source));
            }
        }
    }
};

} // namespace

std::vector<const Part*> Assembly::of_kind(PartKind kind) const {
    std::vector<const Part*> out;
    for (const auto& p : parts) {
        if (p.kind == kind) {
            out.push_back(&p);
        }
    }
    return out;
}

Assembly build_assembly(const LayoutSpec& spec) {
    return Placer(spec).run();
}

} // namespace rackcalc::geometry
