// Quantity parsing at the input edge: each unit converts to SI exactly.
// Conversion factors: NIST SP 811 (2008) Appendix B (psi, in, ft, gal, degF); EIA-310 (U).

#include "core/quantity.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace rackcalc::core;

namespace {

std::string error_of(const std::string& text, const QuantityKind& kind) {
    try {
        parse_quantity(text, kind);
    } catch (const QuantityError& e) {
        return std::string(e.what()) + " | " + e.fix();
    }
    return "no error";
}

} // namespace

TEST_CASE("the issue's example quantities convert to SI") {
    CHECK(parse_quantity("132 kW", kinds::power) == doctest::Approx(132000.0).epsilon(1e-15));
    CHECK(parse_quantity("45 degC", kinds::temperature) == doctest::Approx(318.15).epsilon(1e-15));
    CHECK(parse_quantity("1.5 L/min", kinds::volume_flow) ==
          doctest::Approx(1.5e-3 / 60.0).epsilon(1e-15));
    CHECK(parse_quantity("35 psi", kinds::pressure) ==
          doctest::Approx(35 * 6894.757293168361).epsilon(1e-15));
    CHECK(parse_quantity("600 mm", kinds::length) == doctest::Approx(0.6).epsilon(1e-15));
    CHECK(parse_quantity("42 U", kinds::length) == doctest::Approx(42 * 0.04445).epsilon(1e-15));
}

TEST_CASE("compound units, prefixes and exponents") {
    CHECK(parse_quantity("1.5 L/min/kW", kinds::volume_flow_per_power) ==
          doctest::Approx(1.5e-3 / 60.0 / 1e3).epsilon(1e-15));
    CHECK(parse_quantity("390 W/(m K)", kinds::thermal_conductivity) == doctest::Approx(390.0));
    CHECK(parse_quantity("390 W/m/K", kinds::thermal_conductivity) == doctest::Approx(390.0));
    CHECK(parse_quantity("15000 W/(m^2 K)", kinds::heat_transfer_coefficient) ==
          doctest::Approx(15000.0));
    CHECK(parse_quantity("120 mm^2", kinds::area) == doctest::Approx(120e-6).epsilon(1e-15));
    CHECK(parse_quantity("120 mm2", kinds::area) == doctest::Approx(120e-6).epsilon(1e-15));
    CHECK(parse_quantity("1 m³/s", kinds::volume_flow) == doctest::Approx(1.0));
    CHECK(parse_quantity("0.08 USD/kWh", kinds::price_per_energy) ==
          doctest::Approx(0.08 / 3.6e6).epsilon(1e-15));
    CHECK(parse_quantity("2000 CFM", kinds::volume_flow) ==
          doctest::Approx(2000 * 0.028316846592 / 60.0).epsilon(1e-15));
    CHECK(parse_quantity("10 gpm", kinds::volume_flow) ==
          doctest::Approx(10 * 3.785411784e-3 / 60.0).epsilon(1e-15));
    CHECK(parse_quantity("2 bar", kinds::pressure) == doctest::Approx(2e5));
    CHECK(parse_quantity("1 OU", kinds::length) == doctest::Approx(0.048));
    CHECK(parse_quantity("-40 degF", kinds::temperature) == doctest::Approx(233.15).epsilon(1e-12));
    CHECK(parse_quantity("10 K", kinds::temperature_difference) == doctest::Approx(10.0));
    CHECK(parse_quantity("300 K", kinds::temperature) == doctest::Approx(300.0));
    CHECK(parse_quantity("94 %", kinds::dimensionless) == doctest::Approx(0.94));
    CHECK(parse_quantity("1.2e3 W", kinds::power) == doctest::Approx(1200.0));
}

TEST_CASE("a unit of the wrong kind is rejected with the kinds named and an example") {
    const std::string e = error_of("45 kW", kinds::temperature);
    CHECK(e.find("\"45 kW\" is a power, but a temperature is needed") != std::string::npos);
    CHECK(e.find("\"45 degC\"") != std::string::npos);
    CHECK(error_of("10 m", kinds::volume_flow).find("is a length") != std::string::npos);
}

TEST_CASE("a temperature difference must be in K, an absolute temperature on a scale") {
    CHECK(error_of("10 degC", kinds::temperature_difference).find("temperature difference") !=
          std::string::npos);
    CHECK(error_of("10 degC", kinds::temperature_difference).find("\"10 K\"") != std::string::npos);
}

TEST_CASE("malformed text says what is wrong") {
    CHECK(error_of("kW", kinds::power).find("does not start with a number") != std::string::npos);
    CHECK(error_of("132", kinds::power).find("has no unit") != std::string::npos);
    CHECK(error_of("132 kWatt", kinds::power).find("unknown unit \"kWatt\"") != std::string::npos);
    CHECK(error_of("3 W/(m K", kinds::thermal_conductivity).find("missing ')'") !=
          std::string::npos);
    CHECK(error_of("3 degC/s", kinds::power).find("cannot be combined") != std::string::npos);
}

TEST_CASE("from_si and format_quantity invert the conversion") {
    CHECK(from_si(318.15, "degC") == doctest::Approx(45.0));
    CHECK(from_si(132000.0, "kW") == doctest::Approx(132.0));
    CHECK(format_quantity(318.15, "degC") == "45 degC");
    CHECK(format_quantity(0.025 / 1000.0, "L/min") == "1.5 L/min");
}

TEST_CASE("Dimension::describe names known kinds") {
    CHECK(kinds::power.dimension.describe() == "power");
    CHECK(Dimension{}.describe() == "a dimensionless number");
    CHECK((kinds::power.dimension * kinds::length.dimension).describe() ==
          "a quantity in m^3 kg s^-3");
}

// NIST SP 811 (2008), appendix B.8: 1 Btu_IT = 1055.05585262 J; 1 ton of refrigeration =
// 12 000 Btu_IT/h = 3516.853 W; the Rankine degree is 5/9 K.
TEST_CASE("US cooling units: BTU/h, tons of refrigeration, Rankine degrees") {
    CHECK(parse_quantity("12000 BTU/h", kinds::power) ==
          doctest::Approx(3516.8528420667).epsilon(1e-12));
    CHECK(parse_quantity("1 TR", kinds::power) == doctest::Approx(3516.8528420667).epsilon(1e-12));
    CHECK(from_si(3516.8528420667, "TR") == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(parse_quantity("18 R", kinds::temperature_difference) ==
          doctest::Approx(10.0).epsilon(1e-12));
    // A Rankine degree is a difference here: it is no absolute temperature scale.
    CHECK(error_of("500 R", kinds::temperature).find("not a temperature scale") !=
          std::string::npos);
}
