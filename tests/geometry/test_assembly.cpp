// Placement of racks, trays, chips and cold plates in 3-D, and the consistency checks.
// Expected positions follow from the stated sizes by hand arithmetic (in the comments).

#include "core/input_error.hpp"
#include "geometry/assembly.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace rackcalc::geometry;

namespace {

constexpr double U = 0.04445; // EIA-310 rack unit [m]

LayoutSpec small_layout() {
    LayoutSpec s;
    ChipSpec g;
    g.id = "g";
    g.name = "GPU";
    g.role = ChipRole::gpu;
    g.tdp = rackcalc::core::si_value<rackcalc::core::Power>(1000.0);
    g.dies = 2;
    g.length_m = 0.050;
    g.width_m = 0.050;
    g.height_m = 0.003;
    g.cooling = ChipCooling::liquid;
    g.cold_plate = ColdPlate::own;
    g.cold_plate_height_m = 0.010;
    s.chips["g"] = g;
    ChipSpec sw = g;
    sw.id = "sw";
    sw.role = ChipRole::switch_asic;
    sw.tdp = rackcalc::core::si_value<rackcalc::core::Power>(300.0);
    sw.dies = 1;
    sw.cold_plate = ColdPlate::shared;
    s.chips["sw"] = sw;

    TraySpec t;
    t.id = "t";
    t.role = TrayRole::compute;
    t.height_m = U;
    t.chips = {{"g", 2, {}}};
    t.other_power = rackcalc::core::si_value<rackcalc::core::Power>(100.0);
    t.other_liquid_fraction = 0.5;
    t.qd_pairs = 2;
    t.board_clearance_m = 0.006;
    s.trays["t"] = t;
    TraySpec st = t;
    st.id = "s";
    st.role = TrayRole::switch_tray;
    st.chips = {{"sw", 2, {}}};
    st.other_power = rackcalc::core::si_value<rackcalc::core::Power>(0.0);
    st.qd_pairs = 1;
    s.trays["s"] = st;

    RackSpec r;
    r.id = "r";
    r.width_m = 0.600;
    r.depth_m = 1.000;
    r.height_m = 2.000;
    r.unit_m = U;
    r.units = 10;
    r.base_m = 0.100;
    r.equipment_width_m = 0.4826;
    r.front_space_m = 0.025;
    r.rear_space_m = 0.150;
    r.stack = {{"t", 2, 0.0, {}}, {"s", 1, 0.0, {}}};
    r.manifold.diameter_m = 0.050;
    r.busbar.width_m = 0.100;
    r.busbar.thickness_m = 0.030;
    for (const char* key : {"width", "depth", "height", "unit", "units", "base", "equipment_width",
                            "front_space", "rear_space"}) {
        r.origins[key] = {};
    }
    s.racks["r"] = r;
    s.row = {{"r", 1}};
    return s;
}

const Part& named(const Assembly& a, const std::string& name) {
    for (const auto& p : a.parts) {
        if (p.name == name) {
            return p;
        }
    }
    FAIL("no part " << name);
    return a.parts.front();
}

std::string error_of(const LayoutSpec& s) {
    try {
        build_assembly(s);
    } catch (const rackcalc::core::InputError& e) {
        return e.format();
    }
    return "no error";
}

} // namespace

TEST_CASE("trays stack from the top unit down; chips sit on the board, plates on the chips") {
    const Assembly a = build_assembly(small_layout());
    // Top of the stack: base 100 mm + 10 U.
    const double top = 0.100 + 10 * U;
    const Part& t1 = named(a, "r-01/t-01");
    CHECK(t1.box.hi[2] == doctest::Approx(top).epsilon(1e-12));
    CHECK(t1.box.lo[2] == doctest::Approx(top - U).epsilon(1e-12));
    const Part& t2 = named(a, "r-01/t-02");
    CHECK(t2.box.hi[2] == doctest::Approx(top - U).epsilon(1e-12));
    // Equipment bay centred: x from (600 - 482.6)/2 = 58.7 mm; trays from the front space to
    // depth minus rear space.
    CHECK(t1.box.lo[0] == doctest::Approx(0.0587).epsilon(1e-12));
    CHECK(t1.box.hi[0] == doctest::Approx(0.0587 + 0.4826).epsilon(1e-12));
    CHECK(t1.box.lo[1] == doctest::Approx(0.025));
    CHECK(t1.box.hi[1] == doctest::Approx(0.850));
    // First chip: 10 mm board margin, 6 mm clearance; the second 10 mm further along x.
    const Part& c1 = named(a, "r-01/t-01/g-1");
    CHECK(c1.box.lo[0] == doctest::Approx(0.0587 + 0.010).epsilon(1e-12));
    CHECK(c1.box.lo[2] == doctest::Approx(top - U + 0.006).epsilon(1e-12));
    const Part& c2 = named(a, "r-01/t-01/g-2");
    CHECK(c2.box.lo[0] == doctest::Approx(0.0587 + 0.010 + 0.050 + 0.010).epsilon(1e-12));
    const Part& p1 = named(a, "r-01/t-01/cold-plate-g-1");
    CHECK(p1.box.lo[2] == doctest::Approx(c1.box.hi[2]).epsilon(1e-12));
    CHECK(p1.box.hi[2] - p1.box.lo[2] == doctest::Approx(0.010));
    // A shared plate covers both switch chips: from the first chip's left to the second's right.
    const Part& shared = named(a, "r-01/s-01/cold-plate-sw");
    CHECK(shared.box.lo[0] == doctest::Approx(0.0587 + 0.010).epsilon(1e-12));
    CHECK(shared.box.hi[0] == doctest::Approx(0.0587 + 0.010 + 0.110).epsilon(1e-12));
}

TEST_CASE("counts and power add up") {
    const Assembly a = build_assembly(small_layout());
    CHECK(a.counts.at("accelerators") == 4);
    CHECK(a.counts.at("accelerator_dies") == 8);
    CHECK(a.counts.at("switch_chips") == 2);
    CHECK(a.counts.at("cold_plates") == 5); // 4 own + 1 shared
    CHECK(a.counts.at("quick_disconnects") == 2 * (2 + 2 + 1));
    CHECK(a.counts.at("compute_trays") == 2);
    CHECK(a.counts.at("switch_trays") == 1);
    CHECK(a.counts.at("racks") == 1);
    // 2 trays x (2 x 1000 + 100) + 2 x 300; liquid: all chips + half the tray remainder.
    CHECK(a.it_power_W == doctest::Approx(4800.0).epsilon(1e-15));
    CHECK(a.liquid_power_W == doctest::Approx(4700.0).epsilon(1e-15));
    CHECK(a.of_kind(PartKind::manifold).size() == 2);
    CHECK(a.of_kind(PartKind::busbar).size() == 1);
}

TEST_CASE("racks of a row stand side by side with the gap between them") {
    LayoutSpec s = small_layout();
    s.row = {{"r", 3}};
    s.rack_gap_m = 0.1;
    const Assembly a = build_assembly(s);
    CHECK(a.counts.at("racks") == 3);
    CHECK(named(a, "r-03").box.lo[0] == doctest::Approx(1.4));
    CHECK(named(a, "r-03/t-01").rack == 2);
}

TEST_CASE("blades stand on edge in a container, with a backplane between the rows") {
    LayoutSpec s = small_layout();
    TraySpec blade = s.trays.at("t");
    blade.id = "blade";
    blade.height_m = 0.080; // blade thickness across the rack
    blade.chips = {{"g", 2, {}}};
    s.trays["blade"] = blade;
    TraySpec can;
    can.id = "can";
    can.role = TrayRole::canister;
    can.height_m = 6 * U;
    can.front_blades = BladeRow{"blade", 4, 0.500};
    can.rear_blades = BladeRow{"blade", 2, 0.250};
    can.backplane_thickness_m = 0.020;
    s.trays["can"] = can;
    s.racks.at("r").stack = {{"can", 1, 0.0, {}}};
    const Assembly a = build_assembly(s);
    CHECK(a.counts.at("blades") == 6);
    CHECK(a.counts.at("accelerators") == 12);
    const Part& b = named(a, "r-01/can-01/front-blade-01");
    CHECK(b.box.hi[0] - b.box.lo[0] == doctest::Approx(0.080));
    CHECK(b.box.hi[2] - b.box.lo[2] == doctest::Approx(6 * U));
    // On a blade the chips stand out sideways (x) from the board.
    const Part& chip = named(a, "r-01/can-01/front-blade-01/g-1");
    CHECK(chip.box.hi[0] - chip.box.lo[0] == doctest::Approx(0.003));
    CHECK(a.of_kind(PartKind::backplane).size() == 1);
}

TEST_CASE("a stack taller than the rack is reported") {
    LayoutSpec s = small_layout();
    s.racks.at("r").stack = {{"t", 11, 0.0, {}}};
    CHECK(error_of(s).find("the stack is 488.95 mm high (11.00 units) but the rack has 10 units") !=
          std::string::npos);
}

TEST_CASE("chips that do not fit on the board are reported") {
    LayoutSpec s = small_layout();
    s.trays.at("t").chips = {{"g", 200, {}}};
    CHECK(error_of(s).find("200 x g of 50 mm x 50 mm do not fit on its board") !=
          std::string::npos);
    s = small_layout();
    s.chips.at("g").cold_plate_height_m = 0.040;
    CHECK(error_of(s).find("g with its cold plate stands 49 mm above the tray floor, but the "
                           "tray is only 44.45 mm high") != std::string::npos);
}

TEST_CASE("a manifold too big for the rear space overlaps the trays") {
    LayoutSpec s = small_layout();
    s.racks.at("r").manifold.diameter_m = 0.200;
    const std::string e = error_of(s);
    CHECK(
        e.find("manifold \"r-01/manifold-supply\" overlaps tray \"r-01/t-01\" and 2 more parts") !=
        std::string::npos);
}

TEST_CASE("stated totals must match the layout") {
    LayoutSpec s = small_layout();
    s.totals.push_back(StatedTotal{"accelerators", 5, {}, {}});
    s.totals.push_back(StatedTotal{"cold_plates", 5, {}, {}});
    const std::string e = error_of(s);
    CHECK(e.find("the template states 5 accelerators but the layout places 4") !=
          std::string::npos);
    CHECK(e.find("cold_plates") == std::string::npos); // that one matches
}

TEST_CASE("unknown ids are reported with a suggestion") {
    LayoutSpec s = small_layout();
    s.trays.at("t").chips = {{"gg", 1, {}}};
    CHECK(error_of(s).find("no chip with id \"gg\"") != std::string::npos);
    CHECK(error_of(s).find("did you mean \"g\"?") != std::string::npos);
}

TEST_CASE("Box overlap and containment treat touching faces as not overlapping") {
    const Box a{{0, 0, 0}, {1, 1, 1}};
    const Box b{{1, 0, 0}, {2, 1, 1}};
    const Box c{{0.5, 0.5, 0.5}, {1.5, 1.5, 1.5}};
    CHECK_FALSE(a.overlaps(b));
    CHECK(a.overlaps(c));
    CHECK(a.contains(Box{{0, 0, 0}, {1, 1, 1}}));
    CHECK_FALSE(a.contains(c));
    CHECK(a.volume() == doctest::Approx(1.0));
}
