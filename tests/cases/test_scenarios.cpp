// Failure scenarios on the GB300 NVL72 example: each kind checked against hand arithmetic
// from the case's own volumes, properties and ratings; N and N+1 pump trips differ; a shelf
// loss survives with enough shelves and fails without; bad scenario input points at its line.

#include "bundled_templates.hpp"
#include "cases/case.hpp"
#include "cases/scenarios.hpp"
#include "cases/system_run.hpp"
#include "core/display_units.hpp"
#include "thermal/fluid.hpp"
#include "thermal/rack_loop.hpp"

#include <algorithm>
#include <cmath>
#include <doctest/doctest.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>

namespace {
/// A model's sentence as the metric display renders it (the long-standing text).
std::string text(const rackcalc::core::Statement& s) {
    return rackcalc::core::Display{}.render(s);
}
} // namespace

using namespace rackcalc;
namespace fs = std::filesystem;

namespace {

std::string example_text() {
    std::ifstream in(fs::path(RACKCALC_SOURCE_DIR) / "cases" / "examples" / "gb300-nvl72.toml");
    std::stringstream s;
    s << in.rdbuf();
    // The example's own [[scenario]] and [[sweep]] blocks are left out: each test adds its own.
    const std::string text = s.str();
    return text.substr(0, text.find("\n# What-if studies"));
}

fs::path write_case(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-scenarios";
    fs::create_directories(dir);
    std::ofstream(dir / name) << text;
    return dir / name;
}

cases::CaseSpec load_text(const std::string& name, const std::string& text) {
    const cases::TemplateLibrary& lib = rackcalc_test::bundled_templates();
    return cases::load_case(write_case(name, text), lib);
}

cases::SystemResult run(const cases::CaseSpec& spec) {
    cases::RunOptions o;
    o.inverse = false;
    auto r = cases::run_system(spec, o);
    REQUIRE_MESSAGE(r.converged, r.reason);
    REQUIRE(r.thermal.design.converged);
    return r;
}

std::string load_error(const std::string& name, const std::string& text) {
    try {
        load_text(name, text);
    } catch (const core::InputError& e) {
        return e.format();
    }
    return {};
}

} // namespace

TEST_CASE("cdu_failure and facility_water_loss: lumped heat-up of the loop's coolant") {
    const auto spec = load_text("transient.toml", example_text() + R"(
[[scenario]]
kind = "cdu_failure"
cdu_volume = "20 L"
horizon = "10 s"

[[scenario]]
kind = "facility_water_loss"
cdu_volume = "20 L"
horizon = "1 h"
)");
    const auto r = run(spec);
    const auto s = cases::run_scenarios(spec, r);
    REQUIRE(s.size() == 2);

    // By hand: 18 compute trays x 1.17 L + 9 switch trays x 0.175 L (template data), the
    // 11.2 L manifolds, two 10 m feed pipes of 50 mm (the defaults) and the 20 L CDU.
    const double feed = 2.0 * 10.0 * std::numbers::pi / 4.0 * 0.05 * 0.05;
    const double V = 18 * 1.17e-3 + 9 * 0.175e-3 + 11.2e-3 + feed + 20e-3;
    REQUIRE(s[0].coolant_volume_m3.has_value());
    CHECK(*s[0].coolant_volume_m3 == doctest::Approx(V).epsilon(1e-12));
    const auto& d = r.thermal.design;
    const double m_cp = d.rho * V * d.cp;
    const double dT_dt = r.thermal.Q_liquid_W / m_cp;
    const double margin = d.chips[static_cast<std::size_t>(d.worst_chip)].margin_K();
    REQUIRE(margin > 0.0);
    CHECK(*s[0].dT_dt_K_per_s == doctest::Approx(dT_dt).epsilon(1e-12));
    CHECK(*s[0].time_to_chip_limit_s == doctest::Approx(margin * m_cp / r.thermal.Q_liquid_W));
    CHECK(*s[0].time_to_return_limit_s ==
          doctest::Approx((spec.cooling.max_return_temperature.value() - d.T_return_K) / dT_dt));
    CHECK(s[0].quantity == "time_to_chip_limit_s");
    CHECK(s[0].limit == doctest::Approx(10.0));
    CHECK(s[0].status == (*s[0].time_to_chip_limit_s >= 10.0 ? "survives" : "fails"));
    // Facility water loss is the same transient (the facility loop's mass is not credited).
    CHECK(*s[1].time_to_chip_limit_s == doctest::Approx(*s[0].time_to_chip_limit_s));
    CHECK(s[1].status == "fails"); // nobody holds an hour with no heat rejection
    CHECK(text(s[1].sentence).find("same transient") != std::string::npos);
}

TEST_CASE("pump_trip: with N+1 the spare takes over, with N the flow falls") {
    // First the design point, to size a pump that two can drive and one cannot.
    const auto base = run(load_text("base.toml", example_text()));
    const double V_d = base.thermal.V_dot_design_m3_s;
    const double dp_req = base.thermal.cdu.dp_required_Pa;
    REQUIRE(base.thermal.cdu.units_needed == 1);
    // One pump: run-out at 1.2 x design flow, shut-off 2 x the need. Two share the flow:
    // 2 dp_req (1 - (0.5 / 1.2)^2) = 1.65 dp_req; one alone: 2 dp_req (1 - 1/1.44) = 0.61.
    const std::string pumps =
        fmt::format("pump_max_flow = \"{} L/min\"\npump_shutoff_pressure = \"{} kPa\"\n",
                    1.2 * V_d * 60000.0, 2.0 * dp_req / 1e3);
    auto with = [&](const std::string& redundancy, int n) {
        std::string text = example_text();
        const std::string key = "pump_redundancy = \"N+1\"\n";
        text.replace(text.find(key), key.size(),
                     fmt::format("pump_redundancy = \"{}\"\npumps = {}\n", redundancy, n) + pumps);
        return text + "\n[[scenario]]\nkind = \"pump_trip\"\n";
    };
    const auto spec_spare = load_text("n1.toml", with("N+1", 3));
    const auto spec_n = load_text("n.toml", with("N", 2));
    const auto r_spare = run(spec_spare);
    const auto r_n = run(spec_n);
    const auto spare = cases::run_scenarios(spec_spare, r_spare).at(0);
    const auto n = cases::run_scenarios(spec_n, r_n).at(0);

    // N+1: two still run at the design flow.
    const double dp0 = 2.0 * dp_req;
    const double V_max = 1.2 * V_d;
    CHECK(spare.status == "survives");
    CHECK(spare.quantity == "dp_available_Pa");
    CHECK(spare.value ==
          doctest::Approx(dp0 * (1.0 - std::pow(r_spare.thermal.V_dot_design_m3_s / 2 / V_max, 2)))
              .epsilon(1e-6));
    CHECK(spare.limit == doctest::Approx(r_spare.thermal.cdu.dp_required_Pa));
    CHECK(*spare.V_dot_m3_s == doctest::Approx(r_spare.thermal.V_dot_design_m3_s));

    // N: one pump alone cannot; the flow settles where its curve meets the system curve.
    CHECK(n.quantity == "worst_chip_margin_K");
    REQUIRE(n.V_dot_m3_s.has_value());
    const double V = *n.V_dot_m3_s;
    CHECK(V < r_n.thermal.V_dot_design_m3_s);
    CHECK(V > 0.5 * r_n.thermal.V_dot_design_m3_s);
    const double margin_design =
        r_n.thermal.design.chips[static_cast<std::size_t>(r_n.thermal.design.worst_chip)]
            .margin_K();
    CHECK(*n.worst_chip_margin_K < margin_design);
    CHECK(n.status == (*n.worst_chip_margin_K >= 0.0 ? "survives" : "fails"));
    // The pump's rise at that flow balances the loop and the CDU's internal drop, to the
    // bisection tolerance: check with the pump curve by hand.
    const double rise = dp0 * (1.0 - std::pow(V / V_max, 2));
    const double internal =
        r_n.thermal.cdu.dp_internal_Pa * std::pow(V / r_n.thermal.V_dot_design_m3_s, 2);
    thermal::RackLoop loop(r_n.assembly, spec_n.layout, spec_n.loop,
                           thermal::fluid_by_name(spec_n.cooling.coolant));
    // The same balancing orifices as the design analysis (balance = "heat", the default).
    loop.balance_to_heat(r_n.thermal.V_dot_design_m3_s, spec_n.cooling.supply_temperature.value());
    const auto at_V = loop.solve(V, spec_n.cooling.supply_temperature.value());
    CHECK(rise == doctest::Approx(at_V.dp_loop_Pa + internal).epsilon(1e-3));
    CHECK(rise < dp_req);
}

TEST_CASE("power_shelf_loss: 7 of 8 shelves carry the rack; weak PSUs do not") {
    const std::string scenario = "\n[[scenario]]\nkind = \"power_shelf_loss\"\n";
    const auto spec = load_text("shelf.toml", example_text() + scenario);
    const auto r = run(spec);
    const auto s = cases::run_scenarios(spec, r).at(0);
    // 8 shelves of 6 x 5.5 kW (template [N2]): one lost leaves 7 x 33 kW.
    CHECK(s.quantity == "shelf_capacity_left_W");
    CHECK(s.value == doctest::Approx(7 * 6 * 5500.0));
    CHECK(s.limit > 0.0);
    CHECK(s.limit < s.value);
    CHECK(s.status == "survives");

    // 2 kW PSUs: 7 x 12 kW = 84 kW left, less than the rack draws.
    const auto weak_spec = load_text("weak.toml", example_text() +
                                                      "\n[trays.power_shelf]\npsu_rating = "
                                                      "\"2 kW\"\n" +
                                                      scenario);
    const auto weak = cases::run_scenarios(weak_spec, run(weak_spec)).at(0);
    CHECK(weak.value == doctest::Approx(7 * 6 * 2000.0));
    CHECK(weak.status == "fails");
    CHECK(text(weak.sentence).find("short") != std::string::npos);
}

TEST_CASE("scenario input errors point at the file and line") {
    const std::string base = example_text();
    const int line = static_cast<int>(std::count(base.begin(), base.end(), '\n')) + 2;

    const auto typo = load_error("typo.toml", base + "\n[[scenario]]\nkind = \"pump_trp\"\n");
    CHECK(typo.find(fmt::format("typo.toml:{}:", line + 1)) != std::string::npos);
    CHECK(typo.find("did you mean \"pump_trip\"") != std::string::npos);

    const auto missing = load_error("missing.toml", base + "\n[[scenario]]\nname = \"x\"\n");
    CHECK(missing.find("missing.toml:") != std::string::npos);
    CHECK(missing.find("required key \"kind\" is missing") != std::string::npos);

    const auto wrong = load_error(
        "wrong.toml", base + "\n[[scenario]]\nkind = \"pump_trip\"\nhorizon = \"1 s\"\n");
    CHECK(wrong.find(fmt::format("wrong.toml:{}:", line + 2)) != std::string::npos);
    CHECK(wrong.find("horizon does not apply to a scenario of kind \"pump_trip\"") !=
          std::string::npos);
}

TEST_CASE("every template: the loop's coolant comes from data and heats up in finite time") {
    const cases::TemplateLibrary& lib = rackcalc_test::bundled_templates();
    for (const auto& name : lib.names()) {
        CAPTURE(name);
        auto spec = cases::load_template(name, lib);
        spec.scenarios = {cases::ScenarioSpec{"cdu_failure", "", 1.0, 0.0, 1, {}}};
        const auto r = run(spec);
        core::Statement account;
        cases::loop_coolant_volume_m3(spec, 0.0, account);
        CHECK(text(account).find("estimate") == std::string::npos);
        const auto s = cases::run_scenarios(spec, r).at(0);
        REQUIRE(s.time_to_chip_limit_s.has_value());
        CHECK(*s.time_to_chip_limit_s > 0.0);
        CHECK(std::isfinite(*s.time_to_chip_limit_s));
    }
}
