// Sweeps in the case file: the full-factorial grid, physics that must hold along it, failed
// points recorded with their reason while the sweep goes on, and key paths checked with
// "did you mean".

#include "bundled_templates.hpp"
#include "cases/case.hpp"
#include "cases/sweep.hpp"
#include "cases/system_run.hpp"
#include "core/display_units.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
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

cases::CaseDocument read_text(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-sweep";
    fs::create_directories(dir);
    std::ofstream(dir / name) << text;
    const cases::TemplateLibrary& lib = rackcalc_test::bundled_templates();
    return cases::read_case_document(dir / name, lib);
}

cases::SweepResult sweep_of(const std::string& name, const std::string& text) {
    const auto doc = read_text(name, text);
    const auto spec = cases::parse_case_document(doc, doc.merged);
    REQUIRE(spec.sweeps.size() == 1);
    cases::RunOptions fast;
    fast.inverse = false;
    return cases::run_sweep(doc, spec.sweeps.front(), fast);
}

std::size_t column(const cases::SweepResult& r, const std::string& output) {
    for (std::size_t k = 0; k < r.outputs.size(); ++k) {
        if (r.outputs[k] == output) {
            return k;
        }
    }
    FAIL("no output " << output);
    return 0;
}

} // namespace

TEST_CASE("sweep: a 3x2 grid gives 6 rows; chips run hotter with warmer supply") {
    // Facility water at 15 degC, so that the CDU can deliver every supply temperature.
    const auto r = sweep_of("grid.toml", R"(template = "gb300-nvl72"
[cooling]
facility_supply_temperature = "15 degC"
[[sweep]]
name = "supply-vs-flow"
parameters = [ { key = "cooling.supply_temperature", values = ["25 degC", "30 degC", "35 degC"] },
               { key = "cooling.flow_per_power", from = "1.2 L/min/kW", to = "1.8 L/min/kW", steps = 2 } ]
outputs = ["pue", "worst_chip_margin_K", "coolant_flow_L_min", "grid_power_W"]
)");
    REQUIRE(r.rows.size() == 6);
    CHECK(r.ok == 6);
    const char* T[] = {"25 degC", "25 degC", "30 degC", "30 degC", "35 degC", "35 degC"};
    const char* F[] = {"1.2 L/min/kW", "1.8 L/min/kW"};
    for (std::size_t k = 0; k < 6; ++k) {
        CAPTURE(k);
        CHECK(r.rows[k].values[0] == T[k]);
        CHECK(r.rows[k].values[1] == F[k % 2]);
        CHECK(r.rows[k].status == "ok");
    }
    const std::size_t margin = column(r, "worst_chip_margin_K");
    const std::size_t flow = column(r, "coolant_flow_L_min");
    for (std::size_t f = 0; f < 2; ++f) {
        // At fixed flow per kW each 5 K of warmer supply takes margin off the worst chip.
        CHECK(r.rows[f].outputs[margin] > r.rows[2 + f].outputs[margin]);
        CHECK(r.rows[2 + f].outputs[margin] > r.rows[4 + f].outputs[margin]);
    }
    for (std::size_t t = 0; t < 3; ++t) {
        // More flow per kW: more coolant flow, and a cooler worst chip.
        CHECK(r.rows[2 * t + 1].outputs[flow] > r.rows[2 * t].outputs[flow]);
        CHECK(r.rows[2 * t + 1].outputs[margin] > r.rows[2 * t].outputs[margin]);
    }
    const std::string csv = cases::sweep_to_csv(r);
    CHECK(csv.starts_with("cooling.supply_temperature [degC],cooling.flow_per_power [L/min/kW],"
                          "pue [-],worst_chip_margin [K],coolant_flow [L/min],"
                          "grid_power [kW],status,reason\n25,1.2,"));
    // In US units every column in its US unit, parameters and outputs alike (25 degC is
    // 77 degF; a margin in K is 1.8 times as many R; NIST SP 811 B.8).
    const std::string us = cases::sweep_to_csv(r, core::Display(core::UnitSystem::us));
    CHECK(us.starts_with("cooling.supply_temperature [degF],cooling.flow_per_power [gpm/kW],"
                         "pue [-],worst_chip_margin [R],coolant_flow [gpm],"
                         "grid_power [kW],status,reason\n77,"));
    std::istringstream metric_lines(csv), us_lines(us);
    std::string m_line, u_line;
    std::getline(metric_lines, m_line);
    std::getline(us_lines, u_line);
    std::getline(metric_lines, m_line);
    std::getline(us_lines, u_line);
    auto cell = [](const std::string& line, int k) {
        std::istringstream in(line);
        std::string c;
        for (int i = 0; i <= k; ++i) {
            std::getline(in, c, ',');
        }
        return std::stod(c);
    };
    CHECK(cell(u_line, 3) == doctest::Approx(1.8 * cell(m_line, 3)).epsilon(1e-9));
    CHECK(cell(u_line, 4) == doctest::Approx(cell(m_line, 4) / 3.785411784).epsilon(1e-9));
}

TEST_CASE("sweep: the annual cost scales with the electricity price") {
    const auto r = sweep_of("price.toml", R"(template = "gb300-nvl72"
[[sweep]]
name = "price"
parameters = [ { key = "site.electricity_price", values = ["0.05 USD/kWh", "0.10 USD/kWh"] } ]
outputs = ["annual_cost_USD", "pue"]
)");
    REQUIRE(r.ok == 2);
    const std::size_t cost = column(r, "annual_cost_USD");
    CHECK(r.rows[1].outputs[cost] == doctest::Approx(2.0 * r.rows[0].outputs[cost]).epsilon(1e-9));
    CHECK(r.rows[1].outputs[1] == doctest::Approx(r.rows[0].outputs[1]).epsilon(1e-12));
}

TEST_CASE("sweep: a choice (the power chain) and a plain number can be swept") {
    const auto r = sweep_of("chain.toml", R"(template = "gb300-nvl72"
[[sweep]]
name = "chain"
parameters = [ { key = "power.chain", values = ["ac-ups", "dc-800"] },
               { key = "site.price_discount", values = ["0", "0.5"] } ]
outputs = ["chain_loss_W", "annual_cost_USD"]
)");
    REQUIRE(r.rows.size() == 4);
    CHECK(r.ok == 4);
    CHECK(r.rows[0].outputs[0] != doctest::Approx(r.rows[2].outputs[0]));
    CHECK(r.rows[1].outputs[1] == doctest::Approx(0.5 * r.rows[0].outputs[1]).epsilon(1e-9));
}

TEST_CASE("sweep: a point with an out-of-range value fails with its reason; the rest run") {
    const auto r = sweep_of("range.toml", R"(template = "gb300-nvl72"
[cooling]
facility_supply_temperature = "15 degC"
[[sweep]]
name = "hot"
parameters = [ { key = "cooling.supply_temperature", values = ["30 degC", "145 degC", "35 degC"] } ]
)");
    REQUIRE(r.rows.size() == 3);
    CHECK(r.rows[0].status == "ok");
    CHECK(r.rows[2].status == "ok");
    CHECK(r.rows[1].status == "failed");
    CHECK(text(r.rows[1].reason).find("[cooling.supply_temperature]") != std::string::npos);
    CHECK(text(r.rows[1].reason).find("145 degC") != std::string::npos);
    CHECK(r.failed == 1);
    CHECK(r.ok == 2);
    CHECK(std::isnan(r.rows[1].outputs[0]));
}

TEST_CASE("sweep: an unknown key path or output is an input error with did-you-mean") {
    const auto doc = read_text("typo.toml", R"(template = "gb300-nvl72"
[[sweep]]
name = "typo"
parameters = [ { key = "cooling.suply_temperature", values = ["30 degC"] },
               { key = "chips.b30.tdp", values = ["1400 W"] },
               { key = "meta.name", values = ["x"] } ]
outputs = ["worst_chip_margin"]
)");
    try {
        (void)cases::parse_case_document(doc, doc.merged);
        FAIL("expected an input error");
    } catch (const core::InputError& e) {
        const std::string text = e.format();
        CHECK(text.find("there is no key \"suply_temperature\" in [cooling]") != std::string::npos);
        CHECK(text.find("did you mean \"cooling.supply_temperature\"?") != std::string::npos);
        CHECK(text.find("did you mean \"chips.b300\"?") != std::string::npos);
        CHECK(text.find("\"meta.name\" is not a number") != std::string::npos);
        CHECK(text.find("did you mean \"worst_chip_margin_K\"?") != std::string::npos);
        CHECK(text.find("typo.toml:4:") != std::string::npos);
    }
}
