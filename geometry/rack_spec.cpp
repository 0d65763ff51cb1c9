#include "geometry/rack_spec.hpp"

#include <fmt/format.h>

namespace rackcalc::geometry {

using namespace rackcalc::core;

namespace {

std::shared_ptr<TableSpec> chip_schema(const std::vector<KeySpec>& extra) {
    auto t = std::make_shared<TableSpec>();
    t->name = "chip";
    t->doc = "A chip package: accelerator, CPU, switch ASIC, NIC or DPU. Trays place chips by id.";
    t->keys = {
        text("name", "Display name, e.g. \"B200 GPU\""),
        choice("role", chip_role_words.names(),
               "What the chip does; gpu, npu and tpu count as accelerators")
            .needed(),
        quantity("tdp", kinds::power, "W", "Thermal design power of the package")
            .needed()
            .range(0.1, 20000),
        integer("dies", "Compute dies in the package (NVL144 counts Rubin dies)")
            .def("1")
            .range(1, 16),
        quantity("package_length", kinds::length, "mm", "Package footprint along the board")
            .def("50 mm")
            .range(2, 300),
        quantity("package_width", kinds::length, "mm", "Package footprint across the board")
            .def("50 mm")
            .range(2, 300),
        quantity("package_height", kinds::length, "mm", "Package height above the board")
            .def("3 mm")
            .range(0.2, 30),
        choice("cooling", chip_cooling_words.names(), "How the chip's heat leaves the tray")
            .def("liquid"),
        choice("cold_plate", cold_plate_words.names(),
               "own: one cold plate per chip; shared: one plate per tray over all chips of this "
               "id; none: no plate (air-cooled)")
            .def("own"),
        quantity("cold_plate_height", kinds::length, "mm", "Cold plate thickness above the package")
            .def("12 mm")
            .range(1, 80),
        quantity("T_limit", kinds::temperature, "degC",
                 "Temperature limit the chip must stay under (see limit_kind)")
            .def("90 degC")
            .range(40, 150),
        choice("limit_kind", {"junction", "case", "hbm"}, "What T_limit limits").def("junction"),
        real("leakage_share",
             "Share of the TDP that is leakage at leakage_T_ref; chip power then follows "
             "P = TDP (1 - s + s 2^((T_j - T_ref) / leakage_doubling)); 0: constant TDP")
            .def("0")
            .range(0, 0.9),
        quantity("leakage_T_ref", kinds::temperature, "degC",
                 "Junction temperature at which the chip draws its TDP")
            .def("85 degC")
            .range(0, 150),
        quantity("leakage_doubling", kinds::temperature_difference, "K",
                 "Junction temperature rise that doubles the leakage (a CMOS rule of thumb of "
                 "about 20-25 K; inferred)")
            .def("25 K")
            .range(1, 200),
    };
    t->keys.insert(t->keys.end(), extra.begin(), extra.end());
    return t;
}

std::shared_ptr<TableSpec> chip_count_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "chip count";
    t->doc = "How many of one chip a tray carries, in layout order.";
    t->keys = {text("chip", "Chip id from [chips.<id>]").needed(),
               integer("count", "Number of packages on the tray").needed().range(1, 256)};
    return t;
}

std::shared_ptr<TableSpec> blade_row_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "blade row";
    t->doc = "Blades standing side by side across the container's width.";
    t->keys = {text("tray", "Tray id of the blade").needed(),
               integer("count", "Blades in the row").needed().range(1, 256),
               quantity("depth", kinds::length, "mm", "Depth of the blade row front to rear")
                   .needed()
                   .range(10, 2000)};
    return t;
}

std::shared_ptr<TableSpec> tray_schema(const std::vector<KeySpec>& extra) {
    auto t = std::make_shared<TableSpec>();
    t->name = "tray";
    t->doc = "A tray, shelf, blade or container that occupies a slot in a rack's stack.";
    t->keys = {
        text("name", "Display name"),
        choice("role", tray_role_words.names(), "What the tray is; canister trays hold blade rows")
            .needed(),
        quantity("height", kinds::length, "mm",
                 "Height in the stack (e.g. \"1 U\"); for a blade, its thickness")
            .needed()
            .above(0),
        table_array("chips", chip_count_schema(),
                    "Chips on the tray in layout order: [{ chip = \"b200\", count = 4 }, ...]"),
        quantity("other_power", kinds::power, "W",
                 "Tray power not on the listed chips (memory, NICs, VRM, fans)")
            .def("0 W")
            .range(0, 200000),
        real("other_liquid_fraction", "Share of other_power carried by liquid")
            .def("0")
            .range(0, 1),
        integer("qd_pairs", "Quick-disconnect pairs (supply + return) to the rack manifold")
            .def("0")
            .range(0, 64),
        integer("psus", "Power supply units in a power shelf").def("0").range(0, 64),
        quantity("psu_rating", kinds::power, "W", "Output rating of one PSU")
            .def("0 W")
            .range(0, 200000),
        quantity("board_clearance", kinds::length, "mm",
                 "Tray floor, board and standoff under the chips")
            .def("6 mm")
            .range(0, 100),
        table("blades", blade_row_schema(), "Front row of blades (container trays)"),
        table("rear_blades", blade_row_schema(), "Rear row of blades behind the backplane"),
        quantity("backplane_thickness", kinds::length, "mm",
                 "Orthogonal backplane between the blade rows")
            .def("0 mm")
            .range(0, 200),
    };
    t->keys.insert(t->keys.end(), extra.begin(), extra.end());
    return t;
}

std::shared_ptr<TableSpec> stack_entry_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "stack entry";
    t->doc = "One group of identical trays, or a gap, in the rack's stack from top to bottom.";
    t->keys = {text("tray", "Tray id from [trays.<id>]; omit for a gap"),
               integer("count", "How many trays of this id in a row").def("1").range(1, 128),
               quantity("gap", kinds::length, "mm", "Empty space (cabling, manifold ports)")
                   .def("0 mm")
                   .range(0, 3000)};
    return t;
}

std::shared_ptr<TableSpec> rack_schema(const std::vector<KeySpec>& manifold_extra) {
    auto manifold = std::make_shared<TableSpec>();
    manifold->name = "manifold";
    manifold->doc = "Vertical supply and return manifolds in the rear space.";
    manifold->keys = {
        quantity("diameter", kinds::length, "mm", "Outer size of each manifold; 0 for none")
            .def("0 mm")
            .range(0, 300)};
    manifold->keys.insert(manifold->keys.end(), manifold_extra.begin(), manifold_extra.end());
    auto busbar = std::make_shared<TableSpec>();
    busbar->name = "busbar";
    busbar->doc = "Vertical DC busbar in the rear space, between the manifolds.";
    busbar->keys = {
        quantity("width", kinds::length, "mm", "Width of the bar pair; 0 for none")
            .def("0 mm")
            .range(0, 300),
        quantity("thickness", kinds::length, "mm", "Depth of the bar pair")
            .def("0 mm")
            .range(0, 200),
        quantity("voltage", kinds::voltage, "V", "Nominal busbar voltage")
            .def("54 V")
            .range(1, 2000),
        quantity("rated_current", kinds::current, "A", "Rated current").def("0 A").range(0, 100000),
    };
    auto t = std::make_shared<TableSpec>();
    t->name = "rack";
    t->doc = "A rack frame and the stack of trays in it.";
    t->keys = {
        text("name", "Display name"),
        quantity("width", kinds::length, "mm", "Outer width").needed().range(300, 2000),
        quantity("depth", kinds::length, "mm", "Outer depth").needed().range(300, 2500),
        quantity("height", kinds::length, "mm", "Outer height").needed().range(500, 3500),
        quantity("unit", kinds::length, "mm", "One rack unit: 44.45 mm (EIA U) or 48 mm (OpenU)")
            .def("44.45 mm")
            .range(10, 100),
        integer("units", "Rack units available for trays").needed().range(1, 80),
        quantity("base", kinds::length, "mm", "Floor to the bottom of the lowest unit")
            .def("100 mm")
            .range(0, 1000),
        quantity("equipment_width", kinds::length, "mm", "Inner width available to trays")
            .needed()
            .range(100, 2000),
        quantity("front_space", kinds::length, "mm", "Space in front of the trays")
            .def("25 mm")
            .range(0, 1000),
        quantity("rear_space", kinds::length, "mm",
                 "Space behind the trays for manifolds, busbar and cables")
            .def("150 mm")
            .range(0, 1000),
        table_array("stack", stack_entry_schema(), "Trays from top to bottom").needed(),
        table("manifold", manifold, "Rack manifolds"),
        table("busbar", busbar, "Rack busbar"),
        quantity("operating_power", kinds::power, "kW",
                 "The rack's IT power at a vendor's operating point (the power at which a "
                 "published flow, pressure-flow or required-flow figure holds). Every chip TDP "
                 "and tray power in this rack is scaled by one factor so that one rack sums to "
                 "it: the rack input at its power shelves, in-rack conversion losses inside it. "
                 "Chip and tray types this rack shares with another rack of the row cannot be "
                 "scaled for one of them")
            .range(0.1, 1e4),
    };
    return t;
}

std::shared_ptr<TableSpec> system_schema() {
    auto row = std::make_shared<TableSpec>();
    row->name = "row entry";
    row->doc = "Racks of one kind standing side by side.";
    row->keys = {text("rack", "Rack id from [racks.<id>]").needed(),
                 integer("count", "How many racks").def("1").range(1, 1000)};
    auto t = std::make_shared<TableSpec>();
    t->name = "system";
    t->doc = "How racks stand in a row. Without a row, each rack kind stands once.";
    t->keys = {table_array("row", row, "Racks from left to right"),
               quantity("rack_gap", kinds::length, "mm", "Gap between neighbouring racks")
                   .def("0 mm")
                   .range(0, 5000)};
    return t;
}

std::shared_ptr<TableSpec> totals_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "totals";
    t->doc = "Counts the template states; the placed geometry must match each one. A row of "
             "k copies of the stated racks (k times `racks`) must place k times each count.";
    for (const auto& name : total_names()) {
        t->keys.push_back(
            integer(name, fmt::format("Stated number of {}", name)).range(0, 1000000));
    }
    return t;
}

Diagnostic origin_of(const CheckedTable& t, std::string_view key) {
    return t.diagnostic(key, "", "");
}

BladeRow blade_row(const CheckedTable& t) {
    return BladeRow{t.string("tray"), static_cast<int>(t.integer("count")), t.quantity("depth")};
}

} // namespace

const std::vector<std::string>& total_names() {
    static const std::vector<std::string> names{"accelerators",
                                                "accelerator_dies",
                                                "cpus",
                                                "switch_chips",
                                                "nics",
                                                "cold_plates",
                                                "quick_disconnects",
                                                "compute_trays",
                                                "switch_trays",
                                                "power_shelves",
                                                "blades",
                                                "racks"};
    return names;
}

std::vector<KeySpec> layout_keys(const LayoutExtensions& extensions) {
    return {
        table_map("chips", chip_schema(extensions.chip), "Chip packages by id"),
        table_map("trays", tray_schema(extensions.tray),
                  "Trays, shelves, blades and containers by id"),
        table_map("racks", rack_schema(extensions.manifold), "Rack frames and their stacks by id"),
        table("system", system_schema(), "The row of racks"),
        table("totals", totals_schema(), "Stated totals the geometry is checked against"),
    };
}

namespace {

/// How many of each tray and chip type one rack of `rack` places: its stack, and the blades
/// of its canisters. Unknown ids are skipped (placing the rack reports them).
struct RackContents {
    std::map<std::string, double> trays;
    std::map<std::string, double> chips;
};

void count_tray(const LayoutSpec& spec, const std::string& id, double count, RackContents& out,
                int depth) {
    const auto tray = spec.trays.find(id);
    if (tray == spec.trays.end() || depth > 4) {
        return;
    }
    out.trays[id] += count;
    for (const ChipCount& c : tray->second.chips) {
        out.chips[c.chip] += count * c.count;
    }
    for (const auto& row : {tray->second.front_blades, tray->second.rear_blades}) {
        if (row) {
            count_tray(spec, row->tray, count * row->count, out, depth + 1);
        }
    }
}

RackContents rack_contents(const LayoutSpec& spec, const RackSpec& rack) {
    RackContents out;
    for (const StackEntry& e : rack.stack) {
        if (!e.tray.empty()) {
            count_tray(spec, e.tray, e.count, out, 0);
        }
    }
    return out;
}

/// Scales the chip TDPs and tray powers of every rack that gives an operating_power, so one
/// rack sums to it. The factor applies to the types, so a type another rack of the row also
/// uses, at another factor, is an error at the operating_power.
void scale_to_operating_power(LayoutSpec& spec) {
    std::map<std::string, RackContents> contents;
    for (const RowEntry& entry : spec.row) {
        if (const auto rack = spec.racks.find(entry.rack); rack != spec.racks.end()) {
            contents.try_emplace(entry.rack, rack_contents(spec, rack->second));
        }
    }
    for (auto& [id, rack] : spec.racks) {
        const RackContents c = rack_contents(spec, rack);
        rack.template_power_W = 0.0;
        for (const auto& [tray, n] : c.trays) {
            rack.template_power_W += n * spec.trays.at(tray).other_power.value();
        }
        for (const auto& [chip, n] : c.chips) {
            if (const auto it = spec.chips.find(chip); it != spec.chips.end()) {
                rack.template_power_W += n * it->second.tdp.value();
            }
        }
        if (rack.operating_power_W && rack.template_power_W > 0.0) {
            rack.power_scale = *rack.operating_power_W / rack.template_power_W;
        }
    }
    for (const auto& [id, rack] : spec.racks) {
        if (!rack.operating_power_W || !contents.contains(id)) {
            continue;
        }
        Diagnostic where = rack.origins.at("operating_power");
        if (!(rack.template_power_W > 0.0)) {
            where.message =
                fmt::format("rack \"{}\" has no chip or tray power to scale to {:.1f} kW", id,
                            *rack.operating_power_W / 1e3);
            where.fix = "give the rack's chips a tdp or its trays an other_power, or remove "
                        "operating_power";
            throw InputError(where);
        }
        for (const auto& [other, other_contents] : contents) {
            const RackSpec& o = spec.racks.at(other);
            if (other == id || o.power_scale == rack.power_scale) {
                continue;
            }
            for (const auto* kind : {&other_contents.chips, &other_contents.trays}) {
                const auto& mine =
                    kind == &other_contents.chips ? contents.at(id).chips : contents.at(id).trays;
                for (const auto& [type, n] : *kind) {
                    if (mine.contains(type)) {
                        where.message = fmt::format(
                            "operating_power {:.1f} kW scales rack \"{}\" by {:.4f}, but its {} "
                            "type \"{}\" is also in rack \"{}\", scaled by {:.4f}",
                            *rack.operating_power_W / 1e3, id, rack.power_scale,
                            kind == &other_contents.chips ? "chip" : "tray", type, other,
                            o.power_scale);
                        where.fix = "give the other rack an operating_power of the same factor, "
                                    "or give this rack its own chip and tray types";
                        throw InputError(where);
                    }
                }
            }
        }
    }
    for (const auto& [id, rack] : spec.racks) {
        if (!rack.operating_power_W || !contents.contains(id) || rack.power_scale == 1.0) {
            continue;
        }
        const std::string note = fmt::format(
            "scaled by {:.4f} from the template so that rack \"{}\" sums to its operating_power "
            "{:.1f} kW (template {:.1f} kW)",
            rack.power_scale, id, *rack.operating_power_W / 1e3, rack.template_power_W / 1e3);
        for (const auto& [chip, n] : contents.at(id).chips) {
            if (const auto it = spec.chips.find(chip); it != spec.chips.end()) {
                ChipSpec& c = it->second;
                c.tdp = si_value<Power>(c.tdp.value() * rack.power_scale);
                c.tdp_source.confidence = "inferred";
                c.tdp_source.note =
                    c.tdp_source.note.empty() ? note : c.tdp_source.note + "; " + note;
            }
        }
        for (const auto& [tray, n] : contents.at(id).trays) {
            TraySpec& t = spec.trays.at(tray);
            t.other_power = si_value<Power>(t.other_power.value() * rack.power_scale);
        }
    }
}

} // namespace

LayoutSpec parse_layout(const CheckedTable& doc) {
    LayoutSpec spec;
    for (const auto& [id, t] : doc.tables("chips")) {
        ChipSpec c;
        c.id = id;
        c.name = t.has("name") ? t.string("name") : id;
        c.role = chip_role_words.parse(t.string("role"));
        c.tdp = si_value<Power>(t.quantity("tdp"));
        c.tdp_source = t.provenance("tdp");
        c.dies = static_cast<int>(t.integer("dies"));
        c.length_m = t.quantity("package_length");
        c.width_m = t.quantity("package_width");
        c.height_m = t.quantity("package_height");
        c.cooling = chip_cooling_words.parse(t.string("cooling"));
        c.cold_plate = c.cooling == ChipCooling::air
                           ? ColdPlate::none
                           : cold_plate_words.parse(t.string("cold_plate"));
        c.cold_plate_height_m = t.quantity("cold_plate_height");
        c.T_limit = kelvin(t.quantity("T_limit"));
        c.limit_kind = t.string("limit_kind");
        c.leakage_share = t.real("leakage_share");
        c.leakage_T_ref = kelvin(t.quantity("leakage_T_ref"));
        c.leakage_doubling = kelvin_difference(t.quantity("leakage_doubling"));
        spec.chips.emplace(id, std::move(c));
    }
    for (const auto& [id, t] : doc.tables("trays")) {
        TraySpec tray;
        tray.id = id;
        tray.name = t.has("name") ? t.string("name") : id;
        tray.role = tray_role_words.parse(t.string("role"));
        tray.height_m = t.quantity("height");
        for (const auto& entry : t.array("chips")) {
            tray.chips.push_back(ChipCount{entry.string("chip"),
                                           static_cast<int>(entry.integer("count")),
                                           origin_of(entry, "chip")});
        }
        tray.other_power = si_value<Power>(t.quantity("other_power"));
        tray.other_liquid_fraction = t.real("other_liquid_fraction");
        tray.qd_pairs = static_cast<int>(t.integer("qd_pairs"));
        tray.psus = static_cast<int>(t.integer("psus"));
        tray.psu_rating = si_value<Power>(t.quantity("psu_rating"));
        tray.board_clearance_m = t.quantity("board_clearance");
        if (t.has("blades")) {
            tray.front_blades = blade_row(t.table("blades"));
        }
        if (t.has("rear_blades")) {
            tray.rear_blades = blade_row(t.table("rear_blades"));
        }
        tray.backplane_thickness_m = t.quantity("backplane_thickness");
        tray.origin = origin_of(t, "role");
        spec.trays.emplace(id, std::move(tray));
    }
    for (const auto& [id, t] : doc.tables("racks")) {
        RackSpec r;
        r.id = id;
        r.name = t.has("name") ? t.string("name") : id;
        r.width_m = t.quantity("width");
        r.depth_m = t.quantity("depth");
        r.height_m = t.quantity("height");
        r.unit_m = t.quantity("unit");
        r.units = static_cast<int>(t.integer("units"));
        r.base_m = t.quantity("base");
        r.equipment_width_m = t.quantity("equipment_width");
        r.front_space_m = t.quantity("front_space");
        r.rear_space_m = t.quantity("rear_space");
        for (const auto& entry : t.array("stack")) {
            StackEntry s;
            s.tray = entry.has("tray") ? entry.string("tray") : std::string();
            s.count = static_cast<int>(entry.integer("count"));
            s.gap_m = entry.quantity("gap");
            s.origin = origin_of(entry, entry.has("tray") ? "tray" : "gap");
            r.stack.push_back(std::move(s));
        }
        const CheckedTable manifold = t.table("manifold");
        r.manifold.diameter_m = manifold.quantity("diameter");
        r.manifold.origin = origin_of(manifold, "diameter");
        const CheckedTable busbar = t.table("busbar");
        r.busbar.width_m = busbar.quantity("width");
        r.busbar.thickness_m = busbar.quantity("thickness");
        r.busbar.voltage_V = busbar.quantity("voltage");
        r.busbar.rated_current_A = busbar.quantity("rated_current");
        r.busbar.origin = origin_of(busbar, "width");
        r.origin = origin_of(t, "stack");
        if (t.has("operating_power")) {
            r.operating_power_W = t.quantity("operating_power");
        }
        for (const char* key :
             {"width", "depth", "height", "unit", "units", "base", "equipment_width", "front_space",
              "rear_space", "operating_power"}) {
            r.origins[key] = origin_of(t, key);
        }
        spec.racks.emplace(id, std::move(r));
    }
    const CheckedTable system = doc.table("system");
    for (const auto& entry : system.array("row")) {
        spec.row.push_back(
            RowEntry{entry.string("rack"), static_cast<int>(entry.integer("count"))});
    }
    if (spec.row.empty()) {
        for (const auto& [id, rack] : spec.racks) {
            spec.row.push_back(RowEntry{id, 1});
        }
    }
    spec.rack_gap_m = system.quantity("rack_gap");
    scale_to_operating_power(spec);
    const CheckedTable totals = doc.table("totals");
    for (const auto& name : total_names()) {
        if (totals.has(name)) {
            spec.totals.push_back(StatedTotal{name, static_cast<long>(totals.integer(name)),
                                              totals.provenance(name), origin_of(totals, name)});
        }
    }
    return spec;
}

} // namespace rackcalc::geometry
