// A sweep's curves for the report (cases::sweep_chart_to_json): the last parameter on the x
// axis in its display unit, one curve per value of the others, a gap where a point failed or
// is infeasible, none for a choice. Built by hand here, the expected values written out.

#include "cases/result_json.hpp"
#include "core/quantity.hpp"

#include <doctest/doctest.h>

namespace cases = rackcalc::cases;
namespace core = rackcalc::core;

namespace {

cases::SweepResult two_by_three() {
    cases::SweepResult r;
    r.name = "s";
    cases::SweepParameter chain;
    chain.key = "power.chain";
    chain.type = core::ValueType::choice;
    chain.values = {"ups", "hvdc"};
    cases::SweepParameter supply;
    supply.key = "cooling.supply_temperature";
    supply.type = core::ValueType::quantity;
    supply.kind = &core::kinds::temperature;
    supply.unit = "degC";
    supply.values = {"30 degC", "308.15 K", "40 degC"}; // as the user wrote them
    r.parameters = {chain, supply};
    r.outputs = {"pue"};
    const char* status[] = {"ok", "infeasible", "ok", "ok", "ok", "failed"};
    for (int i = 0; i < 6; ++i) {
        cases::SweepRow row;
        row.values = {chain.values[static_cast<std::size_t>(i / 3)],
                      supply.values[static_cast<std::size_t>(i % 3)]};
        row.status = status[i];
        row.outputs = {i == 5 ? std::nan("") : 1.1 + 0.01 * i};
        r.rows.push_back(row);
    }
    return r;
}

} // namespace

TEST_CASE("sweep chart: the last parameter across, one curve per value of the others") {
    const auto j = cases::sweep_chart_to_json(two_by_three());
    REQUIRE(j.is_object());
    CHECK(j["x_label"] == "cooling.supply_temperature [degC]");
    REQUIRE(j["series"].size() == 2);
    CHECK(j["series"][0]["label"] == "power.chain = ups");
    CHECK(j["series"][1]["label"] == "power.chain = hvdc");
    // 308.15 K is 35 degC on the axis.
    CHECK(j["series"][0]["x"][1].get<double>() == doctest::Approx(35.0));
    CHECK(j["series"][1]["x"][2].get<double>() == doctest::Approx(40.0));
    // The infeasible point (its numbers are not a working design) and the failed one are gaps.
    const auto& ups = j["series"][0]["y"][0];
    CHECK(ups[0].get<double>() == doctest::Approx(1.10));
    CHECK(ups[1].is_null());
    CHECK(ups[2].get<double>() == doctest::Approx(1.12));
    CHECK(j["series"][1]["y"][0][2].is_null());
    CHECK(j["outputs"][0]["name"] == "pue");
}

TEST_CASE("sweep chart: none when the swept axis is a choice") {
    auto r = two_by_three();
    std::swap(r.parameters[0], r.parameters[1]);
    CHECK(cases::sweep_chart_to_json(r).is_null());
}
