// A model's sentence keeps its quantities typed and core::Display renders it in each unit
// system. The expected strings are converted by hand with the factors of NIST SP 811 (2008)
// appendix B.8: 1 US gallon = 3.785411784 L, 1 psi = 6894.757293168361 Pa, degF = 1.8 degC +
// 32, 1 R = 1/1.8 K, 1 ton of refrigeration = 3516.8528 W.

#include "core/display_units.hpp"
#include "core/statement.hpp"

#include <doctest/doctest.h>
#include <stdexcept>

using namespace rackcalc::core;

namespace {

/// The pump-trip and heat-up sentences of cases/scenarios, in miniature: 60 degC, 24 s,
/// 8.9 K, 184.14 L/min, 341.7586 kPa.
Statement trip() {
    return statement("the return reaches {} after {:.0f} s ({} margin) at {} and {}",
                     Quantity(333.15, kinds::temperature), 24.2,
                     Quantity(8.9, kinds::temperature_difference),
                     Quantity(3.069e-3, kinds::volume_flow), Quantity(341758.6, kinds::pressure));
}

/// 73.1049 L of coolant take 122.8 kW and heat at 0.41631 K/s.
Statement heat_up() {
    return statement("{} of coolant takes {} and heats at {}", Quantity(0.0731049, kinds::volume),
                     Quantity(122.8e3, kinds::heat_flow),
                     Quantity(0.41631, kinds::temperature_rate));
}

} // namespace

TEST_CASE("a statement keeps a placeholder per quantity and formats the rest at once") {
    const Statement s = trip();
    CHECK(s.text() == "the return reaches {} after 24 s ({} margin) at {} and {}");
    REQUIRE(s.quantities().size() == 4);
    CHECK(s.quantities()[0].value_si == 333.15);
    CHECK(s.quantities()[0].kind == &kinds::temperature);
    CHECK(s.quantities()[3].kind == &kinds::pressure);
}

TEST_CASE("metric renders a statement in degC, K, L/min, kPa, L, kW and K/s") {
    const Display metric(UnitSystem::metric);
    CHECK(metric.render(trip()) ==
          "the return reaches 60.0 degC after 24 s (8.9 K margin) at 184.1 L/min and 341.76 kPa");
    CHECK(metric.render(heat_up()) == "73.1 L of coolant takes 122.8 kW and heats at 0.416 K/s");
}

TEST_CASE("US renders a statement in degF, R, gpm, psi, gal, TR and R/s") {
    const Display us(UnitSystem::us);
    // 140 degF; 8.9 x 1.8 = 16.02 R; 184.14 / 3.785411784 = 48.65 gpm; 341758.6 / 6894.757 =
    // 49.568 psi.
    CHECK(us.render(trip()) ==
          "the return reaches 140.0 degF after 24 s (16.0 R margin) at 48.6 gpm and 49.57 psi");
    // 73.1049 / 3.785411784 = 19.31 gal; 122800 / 3516.8528 = 34.92 TR; 0.41631 x 1.8 = 0.749.
    CHECK(us.render(heat_up()) == "19.3 gal of coolant takes 34.9 TR and heats at 0.749 R/s");
    CHECK(us.typeset_render(trip()) ==
          "the return reaches 140.0 °F after 24 s (16.0 R margin) at 48.6 gpm and 49.57 psi");
}

TEST_CASE("SI renders a statement in coherent SI units") {
    const Display si(UnitSystem::si);
    CHECK(si.render(trip()) == "the return reaches 333.15 K after 24 s (8.90 K margin) at "
                               "0.003069 m^3/s and 341759 Pa");
    CHECK(si.render(heat_up()) == "0.0731 m^3 of coolant takes 122800 W and heats at 0.416 K/s");
    CHECK(si.typeset_render(heat_up()) ==
          "0.0731 m³ of coolant takes 122800 W and heats at 0.416 K/s");
}

TEST_CASE("a quantity's own decimals hold in every system") {
    const Statement s = statement("a {} approach", Quantity(4.0, kinds::temperature_difference, 2));
    CHECK(Display(UnitSystem::metric).render(s) == "a 4.00 K approach");
    CHECK(Display(UnitSystem::us).render(s) == "a 7.20 R approach");
}

TEST_CASE("statements splice: their quantities follow their text, braces stay literal") {
    const Statement part = statement("{} short", Quantity(12e3, kinds::power));
    const Statement whole =
        statement("rack {} has {}; {}", "r{1}", Quantity(231e3, kinds::power), part) +
        Statement(" (see {notes})");
    CHECK(whole.text() == "rack r{{1}} has {}; {} short (see {{notes}})");
    CHECK(Display().render(whole) == "rack r{1} has 231.0 kW; 12.0 kW short (see {notes})");
    CHECK(Display().render(Statement("plain {text}")) == "plain {text}");
    CHECK(("the loop: " + Statement("did not converge")).quantities().empty());
}

TEST_CASE("a text whose placeholders and quantities do not match is refused") {
    CHECK_THROWS_WITH_AS(Statement::with_placeholders("a {} b {}", {Quantity(1.0, kinds::power)}),
                         "the statement \"a {} b {}\" has 2 placeholders for 1 quantities",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(Statement::with_placeholders("a { b", {}),
                         "a statement's text \"a { b\" has a single brace; double it",
                         std::invalid_argument);
}
