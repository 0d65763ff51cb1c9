// The display layer against hand conversions. Factors: NIST SP 811 (2008) appendix B.8
// (US gallon 3.785411784 L, cubic foot 0.028316846592 m^3, psi 6894.757293 Pa,
// degF = degC * 9/5 + 32, ton of refrigeration 3516.853 W).

#include "core/display_units.hpp"

#include <doctest/doctest.h>

using namespace rackcalc::core;

TEST_CASE("the unit-system words are parsed from one table") {
    CHECK(unit_system_words.parse("us") == UnitSystem::us);
    CHECK(unit_system_words.name(UnitSystem::metric) == "metric");
    CHECK(unit_system_words.names() == std::vector<std::string>{"si", "metric", "us"});
}

TEST_CASE("US units: gpm, CFM, psi, degF, R, tons") {
    const Display us(UnitSystem::us);
    CHECK(us.value(1e-3 / 60.0, kinds::volume_flow) == doctest::Approx(0.264172).epsilon(1e-6));
    CHECK(us.unit(kinds::volume_flow) == "gpm");
    CHECK(us.value(0.028316846592 / 60.0, kinds::air_volume_flow) ==
          doctest::Approx(1.0).epsilon(1e-12));
    CHECK(us.unit(kinds::air_volume_flow) == "CFM");
    CHECK(us.value(100e3, kinds::pressure) == doctest::Approx(14.5038).epsilon(1e-5));
    CHECK(us.value(318.15, kinds::temperature) == doctest::Approx(113.0).epsilon(1e-12));
    CHECK(us.value(10.0, kinds::temperature_difference) == doctest::Approx(18.0).epsilon(1e-12));
    CHECK(us.value(3516.85, kinds::heat_flow) == doctest::Approx(1.0).epsilon(1e-6));
    CHECK(us.unit(kinds::power) == "kW"); // IT power stays in kW in US practice
    CHECK(us.format(40e3, kinds::pressure) == "5.80 psi");
    CHECK(us.header("loop dp", kinds::pressure) == "loop dp (psi)");
    CHECK(us.format(318.15, kinds::temperature) == "113.0 degF");
}

TEST_CASE("metric is the long-standing display; si is coherent SI") {
    const Display metric; // the default
    CHECK(metric.system() == UnitSystem::metric);
    CHECK(metric.format(318.15, kinds::temperature) == "45.0 degC");
    CHECK(metric.format(10.0, kinds::temperature_difference) == "10.0 K");
    CHECK(metric.format(2.5e-3 / 60.0 * 100.0, kinds::volume_flow) == "250.0 L/min");
    CHECK(metric.format(35e3, kinds::pressure) == "35.00 kPa");
    CHECK(metric.format(132e3, kinds::power) == "132.0 kW");
    CHECK(metric.format(3.6e9 * 1150.0, kinds::energy) == "1150.0 MWh");
    CHECK(metric.header("flow", kinds::volume_flow) == "flow (L/min)");
    const Display si(UnitSystem::si);
    CHECK(si.format(318.15, kinds::temperature) == "318.15 K");
    CHECK(si.format(35e3, kinds::pressure) == "35000 Pa");
    CHECK(si.value(4.2e12, kinds::energy) == doctest::Approx(4200.0)); // GJ
    CHECK(si.unit(kinds::volume_flow) == "m^3/s");
    CHECK(si.format(1.5e-3 / 60.0 / 1e3, kinds::volume_flow_per_power) == "0.0250 m^3/s/MW");
}

TEST_CASE("the display roles of the models' sentences: volume, heating rate, UA") {
    const Display us(UnitSystem::us);
    CHECK(us.format(0.0731049, kinds::volume) == "19.3 gal");
    CHECK(us.format(0.41631, kinds::temperature_rate) == "0.749 R/s");
    // 1 BTU/h/R = 1055.05585262 J / 3600 s / (5/9 K) = 0.52752793 W/K.
    CHECK(us.value(42.3e3, kinds::thermal_conductance) ==
          doctest::Approx(42.3e3 / 0.52752793).epsilon(1e-6));
    const Display metric;
    CHECK(metric.format(0.0731049, kinds::volume) == "73.1 L");
    CHECK(metric.format(42.3e3, kinds::thermal_conductance) == "42.3 kW/K");
    CHECK(Display(UnitSystem::si).format(42.3e3, kinds::thermal_conductance) == "42300 W/K");
}

TEST_CASE("a kind without a display entry shows its SI unit unchanged") {
    const Display us(UnitSystem::us);
    CHECK(us.unit(kinds::thermal_resistance) == "K/W");
    CHECK(us.value(0.02, kinds::thermal_resistance) == 0.02);
}

TEST_CASE("a page typesets the unit, plain text keeps the parseable symbol") {
    const Display metric;
    CHECK(metric.unit(kinds::temperature) == "degC");
    CHECK(metric.typeset(kinds::temperature) == "°C");
    CHECK(metric.typeset(kinds::air_volume_flow) == "m³/s");
    CHECK(metric.typeset_header("junction", kinds::temperature) == "junction (°C)");
    const Display us(UnitSystem::us);
    CHECK(us.typeset_format(318.15, kinds::temperature, 1) == "113.0 °F");
    CHECK(parse_unit(us.unit(kinds::heat_flow)).factor == doctest::Approx(3516.8528420667));
}
