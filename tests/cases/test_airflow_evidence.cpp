// The airflow result as evidence for a fused run (cases/airflow_evidence.hpp): reading
// airflow.json with located errors, the check that it belongs to the run, and the findings
// it gives. Written by hand here: no OpenFOAM needed.

#include "cases/airflow_evidence.hpp"
#include "core/display_units.hpp"
#include "core/input_error.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {
/// A model's sentence as the metric display renders it (the long-standing text).
std::string text(const rackcalc::core::Statement& s) {
    return rackcalc::core::Display{}.render(s);
}
} // namespace

namespace fs = std::filesystem;
namespace cases = rackcalc::cases;
using nlohmann::json;

namespace {

/// One rack, two fanned trays and a fanless one, at an A2 room (allowable 35 degC).
json airflow_json(double T_inlet_top_degC, double T_peak_top_degC, double RCI) {
    const auto K = [](double degC) { return degC + 273.15; };
    json trays = json::array();
    trays.push_back({{"part", "r/bottom"},
                     {"rack", 0},
                     {"Q_air_W", 400.0},
                     {"V_dot_m3_s", 0.03},
                     {"V_dot_design_m3_s", 0.03},
                     {"T_inlet_K", K(26.0)},
                     {"T_inlet_peak_K", K(26.5)},
                     {"T_exhaust_K", K(37.0)},
                     {"margin_K", 9.0}});
    trays.push_back({{"part", "r/top"},
                     {"rack", 0},
                     {"Q_air_W", 600.0},
                     {"V_dot_m3_s", 0.045},
                     {"V_dot_design_m3_s", 0.045},
                     {"T_inlet_K", K(T_inlet_top_degC)},
                     {"T_inlet_peak_K", K(T_peak_top_degC)},
                     {"T_exhaust_K", K(T_inlet_top_degC + 11.0)},
                     {"margin_K", 35.0 - T_inlet_top_degC}});
    trays.push_back({{"part", "r/blank"},
                     {"rack", 0},
                     {"Q_air_W", 0.0},
                     {"V_dot_m3_s", 0.0},
                     {"V_dot_design_m3_s", 0.0},
                     {"T_inlet_K", K(40.0)}, // a fanless face is not an inlet: no finding
                     {"T_inlet_peak_K", K(40.0)},
                     {"T_exhaust_K", K(40.0)},
                     {"margin_K", -5.0}});
    return {{"case", "cases/x.toml"},
            {"racks", 1},
            {"containment", false},
            {"transient", true},
            {"judged", "transient, test"},
            {"cells", 1000},
            {"Q_air_W", 1000.0},
            {"heat_balance", 0.001},
            {"V_dot_demand_m3_s", 0.075},
            {"V_dot_supply_m3_s", 0.09},
            {"air_class", "A2"},
            {"T_supply_K", K(25.0)},
            {"T_allowable_max_K", K(35.0)},
            {"T_inlet_max_K", K(T_inlet_top_degC)},
            {"T_inlet_peak_max_K", K(T_peak_top_degC)},
            {"hottest_inlet", "r/top"},
            {"RCI_hi_percent", RCI},
            {"RTI_percent", 90.0},
            {"SHI", 0.1},
            {"RHI", 0.9},
            {"trays", trays}};
}

fs::path write(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-airflow-evidence";
    fs::create_directories(dir);
    std::ofstream(dir / name) << text;
    return dir / name;
}

std::string error_of(const fs::path& file) {
    try {
        (void)cases::read_airflow_evidence(file);
    } catch (const rackcalc::core::InputError& e) {
        return e.format();
    }
    return "";
}

} // namespace

TEST_CASE("airflow evidence: read back as written, every tray") {
    const auto a =
        cases::read_airflow_evidence(write("ok.json", airflow_json(30.0, 31.0, 95).dump()));
    CHECK(a.racks == 1);
    CHECK(a.transient);
    CHECK(a.Q_air_W == 1000.0);
    REQUIRE(a.trays.size() == 3);
    CHECK(a.trays[1].part == "r/top");
    CHECK(a.trays[1].T_inlet_peak_K == doctest::Approx(304.15));
    const json back = cases::airflow_to_json(a);
    CHECK(back["supply_fraction"].get<double>() == doctest::Approx(1.2));
    CHECK(back["trays"].size() == 3);
}

TEST_CASE("airflow evidence: a file that is not airflow.json is refused at its key") {
    CHECK(error_of(write("bad.json", "{ not json")).find("is not JSON") != std::string::npos);
    json j = airflow_json(30.0, 31.0, 95);
    j["trays"][1].erase("T_inlet_K");
    const std::string e = error_of(write("nokey.json", j.dump()));
    CHECK(e.find("trays[1].T_inlet_K") != std::string::npos);
    CHECK(e.find("rackcalc cfd airflow") != std::string::npos);
    j = airflow_json(30.0, 31.0, 95);
    j["Q_air_W"] = -1.0;
    CHECK(error_of(write("negative.json", j.dump())).find("Q_air_W") != std::string::npos);
    // A count far beyond an int is refused before any conversion (no undefined behaviour).
    j = airflow_json(30.0, 31.0, 95);
    j["racks"] = 1e300;
    CHECK(error_of(write("racks.json", j.dump())).find("whole number from 1 to") !=
          std::string::npos);
    j = airflow_json(30.0, 31.0, 95);
    j["trays"][0]["rack"] = 2.5;
    CHECK(error_of(write("rack.json", j.dump())).find("trays[0].rack") != std::string::npos);
    CHECK(error_of(fs::temp_directory_path() / "rackcalc-no-such-airflow.json")
              .find("cannot be read") != std::string::npos);
}

TEST_CASE("airflow evidence: it must carry this run's air-side heat per rack, within 0.5 %") {
    auto a = cases::read_airflow_evidence(write("ok.json", airflow_json(30.0, 31.0, 95).dump()));
    cases::SystemResult r;
    r.racks = 2;
    r.thermal.Q_air_W = 2.0 * 1004.0; // 0.4 % more per rack than the CFD's 1000 W
    CHECK_NOTHROW(cases::check_airflow_evidence(a, r));
    r.thermal.Q_air_W = 2.0 * 1006.0; // 0.6 %
    CHECK_THROWS_AS(cases::check_airflow_evidence(a, r), rackcalc::core::InputError);
    // A row of 4 racks in the CFD: 4 kW in all, the same 1 kW per rack.
    a.racks = 4;
    a.Q_air_W = 4000.0;
    r.thermal.Q_air_W = 2.0 * 1000.0;
    CHECK_NOTHROW(cases::check_airflow_evidence(a, r));
}

TEST_CASE("airflow evidence: a mean inlet above the allowable fails, a peak above it warns") {
    SUBCASE("all within: no finding") {
        const auto f = cases::airflow_findings(
            cases::read_airflow_evidence(write("ok.json", airflow_json(30.0, 31.0, 95).dump())));
        CHECK(f.empty());
    }
    SUBCASE("mean 35.5 degC against 35 degC: an error on that tray") {
        const auto f = cases::airflow_findings(
            cases::read_airflow_evidence(write("hot.json", airflow_json(35.5, 36.0, 95).dump())));
        REQUIRE(f.size() == 1);
        CHECK(f[0].severity == "error");
        CHECK(text(f[0].component) == "air inlet of r/top");
        CHECK(text(f[0].message).find("35.5 degC") != std::string::npos);
    }
    SUBCASE("mean 34.5 degC, peak 35.5 degC: a warning") {
        const auto f = cases::airflow_findings(
            cases::read_airflow_evidence(write("peak.json", airflow_json(34.5, 35.5, 95).dump())));
        REQUIRE(f.size() == 1);
        CHECK(f[0].severity == "warning");
    }
    SUBCASE("RCI_HI 90 %: poor, a warning") {
        const auto f = cases::airflow_findings(
            cases::read_airflow_evidence(write("rci.json", airflow_json(30.0, 31.0, 90).dump())));
        REQUIRE(f.size() == 1);
        CHECK(text(f[0].component) == "airflow");
        CHECK(text(f[0].message).find("poor") != std::string::npos);
    }
}
