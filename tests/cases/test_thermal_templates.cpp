// The rack thermal model on every template: conservation (energy into the coolant equals
// the liquid heat; mass at every junction), plausibility against published rack figures,
// the inverse questions, and the findings for designs that cannot work.

#include "cases/case.hpp"
#include "geometry/assembly.hpp"
#include "thermal/fluid.hpp"
#include "thermal/rack_thermal.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>

using namespace rackcalc;
namespace fs = std::filesystem;

namespace {

const cases::TemplateLibrary& library() {
    static const cases::TemplateLibrary lib(
        {fs::path(RACKCALC_SOURCE_DIR) / "cases" / "templates"});
    return lib;
}

struct Loaded {
    cases::CaseSpec spec;
    geometry::Assembly assembly;
};

Loaded load_text(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-thermal";
    fs::create_directories(dir);
    std::ofstream(dir / name) << text;
    Loaded l{cases::load_case(dir / name, library()), {}};
    l.assembly = geometry::build_assembly(l.spec.layout);
    return l;
}

Loaded load_template(const std::string& name) {
    Loaded l{cases::load_template(name, library()), {}};
    l.assembly = geometry::build_assembly(l.spec.layout);
    return l;
}

bool has_finding(const thermal::ThermalAnalysis& a, const std::string& component,
                 const std::string& text) {
    for (const auto& f : a.findings) {
        if (f.component == component && f.message.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

constexpr double to_m3_s = 1e-3 / 60.0; // L/min

} // namespace

TEST_CASE("conservation: every template's coolant carries exactly its liquid heat") {
    for (const auto& name : library().names()) {
        CAPTURE(name);
        const Loaded l = load_template(name);
        thermal::RackLoop loop(l.assembly, l.spec.layout, l.spec.loop,
                               thermal::fluid_by_name(l.spec.cooling.coolant));
        const double V = l.spec.cooling.flow_per_power_m3_per_J * loop.liquid_heat_W();
        const auto r = loop.solve(V, l.spec.cooling.supply_temperature.value());
        REQUIRE_MESSAGE(r.converged, r.reason);
        // Liquid heat of the parts themselves, summed independently of the loop model.
        double expected = 0.0;
        for (const auto& p : l.assembly.parts) {
            expected += p.power_W * p.liquid_fraction;
        }
        CHECK(loop.liquid_heat_W() == doctest::Approx(expected).epsilon(1e-12));
        CHECK(std::abs(r.Q_coolant_W - expected) / expected < 1e-9);
        CHECK(r.mass_imbalance <= 1e-12);
        // Every chip on liquid got a temperature, and trays carry the heat of their plates.
        long liquid_chips = 0;
        for (const auto& p : l.assembly.parts) {
            liquid_chips += p.kind == geometry::PartKind::chip && p.liquid_fraction > 0 ? 1 : 0;
        }
        CHECK(static_cast<long>(r.chips.size()) == liquid_chips);
        double tray_heat = 0.0;
        for (const auto& t : r.trays) {
            tray_heat += t.Q_W;
        }
        CHECK(tray_heat == doctest::Approx(expected).epsilon(1e-9));
    }
}

// The published-figure plausibility checks (GB200/GB300 at 1.5 L/min/kW rise about 10 K; a
// GB300 tray's liquid heat at about 8 L/min) live in validation/rack_plausibility.toml and
// run with `rackcalc validate`.

TEST_CASE("the design analysis of the GB300 example is feasible and reports every part") {
    const Loaded l = load_text("gb300.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                             "supply_temperature = \"40 degC\"\n");
    const auto a = thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling);
    CHECK(a.feasible());
    CHECK(a.Q_liquid_W + a.Q_air_W == doctest::Approx(a.it_power_W).epsilon(1e-12));
    CHECK(a.design.trays.size() == 27);
    CHECK(a.design.plates.size() == 225);
    // The CDU carries the liquid heat; the facility class follows from its supply (32 degC:
    // W32, ASHRAE 5th ed. [T3]).
    CHECK(a.cdu.Q_W == doctest::Approx(a.Q_liquid_W));
    CHECK(a.cdu.facility_class == "W32");
    CHECK(a.cdu.speed_ratio < 1.0);
    // Inverse answers are consistent: at the least flow the worst chip sits at its limit,
    // and the least flow rises with the supply temperature.
    REQUIRE(a.V_dot_min_m3_s);
    thermal::RackLoop loop(l.assembly, l.spec.layout, l.spec.loop, thermal::fluid_by_name("PG25"));
    const auto at_min = loop.solve(*a.V_dot_min_m3_s, 273.15 + 40.0);
    CHECK(std::abs(at_min.chips[static_cast<std::size_t>(at_min.worst_chip)].margin_K()) < 0.01);
    REQUIRE(a.flow_table.size() == 5);
    for (std::size_t k = 1; k < a.flow_table.size(); ++k) {
        REQUIRE(a.flow_table[k].V_dot_m3_s);
        CHECK(*a.flow_table[k].V_dot_m3_s > *a.flow_table[k - 1].V_dot_m3_s);
    }
    REQUIRE(a.T_supply_max_K);
    const auto at_max = loop.solve(a.V_dot_design_m3_s, *a.T_supply_max_K);
    CHECK(std::abs(at_max.chips[static_cast<std::size_t>(at_max.worst_chip)].margin_K()) < 0.01);
}

TEST_CASE("findings: chips over their limit, pumps too weak, coolant past its range") {
    auto analyse = [](const std::string& name, const std::string& text) {
        const Loaded l = load_text(name, text);
        thermal::ThermalOptions o;
        o.inverse = false;
        return thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling, o);
    };
    auto a = analyse("hot.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                 "supply_temperature = \"62 degC\"\n");
    CHECK_FALSE(a.feasible());
    CHECK(has_finding(a, "nvl72-01/compute-10/b300-1", "over its limit of 87.0 degC"));
    a = analyse("weak.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                             "pump_shutoff_pressure = \"20 kPa\"\n");
    CHECK(has_finding(a, "CDU pumps", "but the loop needs"));
    a = analyse("slow.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                             "flow_per_power = \"0.1 L/min/kW\"\n");
    CHECK(has_finding(a, "coolant", "above the PG25 table limit"));
    a = analyse("warm-facility.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                      "supply_temperature = \"30 degC\"\n"
                                      "facility_supply_temperature = \"32 degC\"\n");
    CHECK(has_finding(a, "CDU heat exchanger", "facility water at 32.0 degC is too warm"));
    a = analyse("air.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                            "air_inlet_temperature = \"38 degC\"\nair_class = \"A2\"\n");
    CHECK(has_finding(a, "air inlet", "outside the ASHRAE A2 allowable range 10-35 degC"));
}

TEST_CASE("findings: a supply at or below the coolant's freezing point") {
    Loaded l =
        load_text("frozen.toml", "template = \"gb300-nvl72\"\n[cooling]\ncoolant = \"water\"\n");
    // Below the schema's 2 degC minimum, as a study might set it in code.
    l.spec.cooling.supply_temperature = core::kelvin(273.15 - 5.0);
    const auto a = thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling);
    CHECK_FALSE(a.feasible());
    CHECK(has_finding(a, "coolant", "water freezes at 0.0 degC"));
}

TEST_CASE("CloudMatrix 384: each rack's share of the loop adds up to the system") {
    const Loaded l = load_template("cloudmatrix-384");
    thermal::RackLoop loop(l.assembly, l.spec.layout, l.spec.loop, thermal::fluid_by_name("PG25"));
    const auto r = loop.solve(200.0 * to_m3_s, 273.15 + 35.0);
    REQUIRE(r.converged);
    double V = 0.0, Q = 0.0;
    for (const auto& rack : r.racks) {
        V += rack.V_dot_m3_s;
        Q += rack.Q_W;
    }
    CHECK(V == doctest::Approx(r.V_dot_m3_s).epsilon(1e-12));
    CHECK(Q == doctest::Approx(r.Q_sources_W).epsilon(1e-9));
}

TEST_CASE("a cold plate from a vendor P-Q point: dp = dp_rated (V / V_rated)^2") {
    const Loaded l =
        load_text("pq.toml", "template = \"gb300-nvl72\"\n[plates.vendor]\n"
                             "rated_flow = \"2 L/min\"\nrated_pressure_drop = \"20 kPa\"\n"
                             "[chips.b300]\nplate = \"vendor\"\n");
    thermal::RackLoop loop(l.assembly, l.spec.layout, l.spec.loop, thermal::fluid_by_name("PG25"));
    const auto r = loop.solve(200.0 * to_m3_s, 273.15 + 40.0);
    REQUIRE(r.converged);
    int checked = 0;
    for (const auto& p : r.plates) {
        if (l.assembly.parts[static_cast<std::size_t>(p.part)].type == "b300") {
            const double ratio = p.V_dot_m3_s / (2.0 * to_m3_s);
            CHECK(p.dp_Pa == doctest::Approx(20e3 * ratio * ratio).epsilon(1e-12));
            ++checked;
        }
    }
    CHECK(checked == 72);
    CHECK_THROWS_WITH_AS(
        load_text("pq-half.toml", "template = \"gb300-nvl72\"\n[plates.vendor]\n"
                                  "rated_flow = \"2 L/min\"\n"),
        doctest::Contains("a P-Q point needs both rated_flow and rated_pressure_drop"),
        core::InputError);
}
