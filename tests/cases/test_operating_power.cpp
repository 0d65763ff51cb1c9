// A rack's operating_power: a vendor's figure (required flow, a pressure-flow curve) holds at
// one rack power, often not the template's. The case scales every chip TDP and tray power of
// the rack by one factor so that one rack sums to it, and everything downstream (liquid heat,
// design flow, the power chain) follows from the scaled parts.

#include "bundled_templates.hpp"
#include "cases/case.hpp"
#include "geometry/assembly.hpp"
#include "thermal/fluid.hpp"
#include "thermal/rack_loop.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace rackcalc;
namespace fs = std::filesystem;

namespace {

cases::CaseSpec load(const std::string& name, const std::string& text) {
    const fs::path dir =
        fs::temp_directory_path() / ("rackcalc-test-operating-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const fs::path file = dir / (name + ".toml");
    std::ofstream(file) << text;
    return cases::load_case(file, rackcalc_test::bundled_templates());
}

std::string error_of(const std::string& name, const std::string& text) {
    try {
        load(name, text);
    } catch (const core::InputError& e) {
        return e.format();
    }
    return "no error";
}

} // namespace

// GB300 NVL72 as the template states it sums to 72 x 1400 W B300 + 36 Grace + the switch and
// NIC chips and tray powers (the issue 9 boundary: rack input at the shelves). At an operating
// point of 120 kW every part is scaled by 120 kW / that sum, so the placed rack sums to 120 kW
// exactly, each B300 is 1400 W times the factor, and the liquid heat scales with it.
TEST_CASE("cases: operating_power scales a rack's chips and trays to the vendor's point") {
    const auto plain = load("plain", "template = \"gb300-nvl72\"\n");
    const auto scaled =
        load("scaled", "template = \"gb300-nvl72\"\n[racks.nvl72]\noperating_power = \"120 kW\"\n");
    const auto a0 = geometry::build_assembly(plain.layout);
    const auto a1 = geometry::build_assembly(scaled.layout);
    const auto& rack = scaled.layout.racks.at("nvl72");
    CHECK(plain.layout.racks.at("nvl72").power_scale == 1.0);
    CHECK(rack.template_power_W == doctest::Approx(a0.it_power_W).epsilon(1e-12));
    CHECK(a0.it_power_W > 125e3); // the template's own sum, so 120 kW is a real change
    const double k = 120e3 / a0.it_power_W;
    CHECK(rack.power_scale == doctest::Approx(k).epsilon(1e-12));
    CHECK(a1.it_power_W == doctest::Approx(120e3).epsilon(1e-12));
    CHECK(a1.liquid_power_W == doctest::Approx(k * a0.liquid_power_W).epsilon(1e-12));
    CHECK(scaled.layout.chips.at("b300").tdp.value() == doctest::Approx(1400.0 * k).epsilon(1e-12));
    CHECK(plain.layout.chips.at("b300").tdp.value() == doctest::Approx(1400.0).epsilon(1e-12));
    CHECK(scaled.layout.chips.at("b300").tdp_source.confidence == "inferred");
    CHECK(scaled.layout.chips.at("b300").tdp_source.note.find("operating_power 120.0 kW") !=
          std::string::npos);

    // The coolant loop carries the scaled heat: flow per kW x the scaled liquid heat.
    const thermal::RackLoop loop0(a0, plain.layout, plain.loop,
                                  thermal::fluid_by_name(plain.cooling.coolant));
    const thermal::RackLoop loop1(a1, scaled.layout, scaled.loop,
                                  thermal::fluid_by_name(scaled.cooling.coolant));
    CHECK(loop1.liquid_heat_W() == doctest::Approx(k * loop0.liquid_heat_W()).epsilon(1e-12));
}

// The factor applies to types; a second rack kind of the row that uses the same chips at
// another factor (here: none) cannot keep them, and the error is at the operating_power.
TEST_CASE("cases: operating_power refuses types another rack of the row uses at another factor") {
    const std::string text = R"(template = "gb300-nvl72"
[racks.nvl72]
operating_power = "120 kW"
[racks.twin]
width = "600 mm"
depth = "1068 mm"
height = "2236 mm"
units = 48
equipment_width = "482.6 mm"
stack = [{ tray = "compute", count = 2 }]
[[system.row]]
rack = "nvl72"
[[system.row]]
rack = "twin"
)";
    const std::string error = error_of("shared", text);
    CAPTURE(error);
    CHECK(error.find("shared.toml:3") != std::string::npos);
    CHECK(error.find("operating_power") != std::string::npos);
    CHECK(error.find("also in rack \"twin\"") != std::string::npos);
    CHECK(error.find("fix:") != std::string::npos);

    // Not a power: the schema says so at the key.
    const std::string bad =
        error_of("bad", "template = \"gb300-nvl72\"\n[racks.nvl72]\noperating_power = \"-5 kW\"\n");
    CHECK(bad.find("bad.toml:3") != std::string::npos);
    CHECK(bad.find("operating_power") != std::string::npos);
}
