// rackcalc power and rackcalc power compare as a user runs them: exit codes, per-stage rows,
// JSON that parses and balances, every chain compared, the SVG written whole or not at all,
// and bad input located at the case line with the stage and key named.

#include "cli_runner.hpp"

#include <array>
#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

using Run = rackcalc_test::CliRun;

/// Runs rackcalc with the given arguments from the source tree.
Run rackcalc(const std::string& args) {
    return rackcalc_test::run_rackcalc(args);
}

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-power-cli" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string read(const fs::path& file) {
    return rackcalc_test::read_file(file);
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) {
        ++n;
    }
    return n;
}

const char* const all_chains[] = {"ac-ups",   "hvdc-240",   "hvdc-336",   "hvdc-380", "dc-800",
                                  "dc-pm400", "panama-240", "panama-336", "sst-800"};

} // namespace

TEST_CASE("power: --help for power and compare, CASE required") {
    for (const char* cmd : {"power --help", "power compare --help"}) {
        const Run r = rackcalc(cmd);
        CHECK(r.code == 0);
        CHECK(r.out.find("Usage") != std::string::npos);
    }
    const Run none = rackcalc("power");
    CHECK(none.code == 2);
    CHECK(none.err.find("CASE is required") != std::string::npos);
    CHECK(rackcalc("power compare").code == 2);
    CHECK(rackcalc("power cases/examples/nowhere.toml").code == 2);
}

TEST_CASE("power: the GB300 example prints every stage, the balance, energy, copper, storage") {
    const Run r = rackcalc("power cases/examples/gb300-nvl72.toml");
    REQUIRE_MESSAGE(r.code == 0, r.err);
    for (const char* id : {"mv_lv_transformer", "ups_double_conversion", "lv_distribution_ac",
                           "pdu", "orv3_ac_shelf", "rack_busbar_54v"}) {
        CAPTURE(id);
        CHECK(count(r.out, std::string(" ") + id + " ") >= 2); // sizing row and power row
    }
    for (const char* part : {"Balance: input", "relative closure", "Annual energy", "USD/yr",
                             "ELC (ASHRAE 90.4", "Conductors", "copper in total", "Load swing",
                             "PSU hold-up capacitors", "in_rack, air"}) {
        CAPTURE(part);
        CHECK(r.out.find(part) != std::string::npos);
    }
}

TEST_CASE("power --json: parses, per-stage rows, balance and energy close") {
    const Run r = rackcalc("power cases/examples/gb300-nvl72.toml --json");
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["chain"]["id"] == "ac-ups");
    CHECK(j["chain"]["facility_redundancy"] == "2N");
    const auto& stages = j["stages"];
    // The case chain ends at the trays (docs/power.md, "The rack boundary"): the 54 -> 12 V
    // converters and the point of load are inside the tray power.
    REQUIRE(stages.size() == 6);
    double losses = 0.0;
    for (const auto& s : stages) {
        CHECK(s["P_in_W"].get<double>() ==
              doctest::Approx(s["P_out_W"].get<double>() + s["P_loss_W"].get<double>()));
        CHECK(s["modules"].get<int>() >= 1);
        CHECK(s["load_fraction"].get<double>() > 0.0);
        CHECK(s["load_fraction"].get<double>() <= 1.0);
        CHECK_FALSE(s["location"].get<std::string>().empty());
        CHECK_FALSE(s["loss_curve"]["source"].get<std::string>().empty());
        losses += s["P_loss_W"].get<double>();
    }
    const auto& t = j["totals"];
    const double P_in = t["P_in_W"];
    CHECK(std::abs(P_in - (t["P_it_W"].get<double>() + losses)) <= 1e-12 * P_in);
    CHECK(t["balance_closure"].get<double>() <= 1e-12);
    CHECK(t["P_it_W"].get<double>() ==
          doctest::Approx(0.75 * j["design"]["it_power_W"].get<double>()));
    const auto& a = j["annual"];
    CHECK(a["E_in_J"].get<double>() ==
          doctest::Approx(a["E_it_J"].get<double>() + a["E_loss_J"].get<double>()));
    CHECK(a["elc"].get<double>() > 0.0);
    CHECK(a["elc"].get<double>() < a["loss_over_it_energy"].get<double>());
    CHECK(a["cost_USD"].get<double>() ==
          doctest::Approx(a["E_in_J"].get<double>() / 3.6e6 * 0.15).epsilon(1e-9));
    REQUIRE(j["conductors"].size() == 2);
    CHECK(j["copper_mass_kg"].get<double>() > 0.0);
    REQUIRE(j["swing"]["layers"].size() == 3);
    CHECK(j["swing"]["grid"]["P_std_W"].get<double>() <
          1e-6 * j["swing"]["grid"]["P_mean_W"].get<double>());
}

TEST_CASE("power: the half-price site costs half (CloudMatrix example, Panama chain)") {
    const Run r = rackcalc("power cases/examples/cloudmatrix-384.toml --json");
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["chain"]["id"] == "panama-240");
    CHECK(j["design"]["racks"].get<int>() == 16);
    const auto& a = j["annual"];
    CHECK(a["cost_USD"].get<double>() ==
          doctest::Approx(0.5 * a["cost_undiscounted_USD"].get<double>()));
}

TEST_CASE("power compare: every chain at 30/50/75/100 %, 2N vs N+1, SVG written") {
    const fs::path dir = fresh_dir("compare");
    const fs::path svg = dir / "efficiency.svg";
    const Run r =
        rackcalc("power compare cases/examples/gb300-nvl72.toml --json --svg " + svg.string());
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const auto j = nlohmann::json::parse(r.out);
    std::set<std::string> ids;
    for (const auto& c : j["chains"]) {
        ids.insert(c["id"].get<std::string>());
        REQUIRE(c["loads"].size() == 4);
        for (const auto& l : c["loads"]) {
            CHECK(l["balance_closure"].get<double>() <= 1e-12);
        }
        CHECK(c["footprint_m2"].get<double>() > 0.0);
        CHECK(c["copper_mass_kg"].get<double>() > 0.0);
        CHECK(c["storage_energy_J"].get<double>() > 0.0);
    }
    CHECK(ids == std::set<std::string>(std::begin(all_chains), std::end(all_chains)));
    REQUIRE(j["redundancy_at_30_percent"].size() == 9);
    // Halving the module load never helps; with a flat datasheet curve (the UPS, [R33]) it
    // costs nothing, with a curve that falls at part load (the rectifiers) it costs loss.
    int worse = 0;
    for (const auto& d : j["redundancy_at_30_percent"]) {
        CAPTURE(d["chain"].get<std::string>());
        CHECK(d["two_n"]["efficiency"].get<double>() <=
              d["n_plus_1"]["efficiency"].get<double>() + 1e-12);
        CHECK(d["two_n"]["load_fraction"].get<double>() <
              d["n_plus_1"]["load_fraction"].get<double>());
        CHECK(d["extra_loss_W"].get<double>() >= -1e-9);
        worse += d["extra_loss_W"].get<double>() > 0.0 ? 1 : 0;
    }
    CHECK(worse >= 5);
    const std::string text = read(svg);
    CHECK(text.starts_with("<?xml"));
    CHECK(text.ends_with("</svg>\n"));
    CHECK(count(text, "<polyline") == 9);
    CHECK(text.find("efficiency, feed to trays (%)") != std::string::npos);
    // Nothing but the SVG in the folder: the temporary file was renamed into place.
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}) == 1);

    const Run table = rackcalc("power compare cases/examples/gb300-nvl72.toml");
    REQUIRE(table.code == 0);
    for (const char* id : all_chains) {
        CHECK(table.out.find(std::string("  ") + id) != std::string::npos);
    }
    CHECK(table.out.find("Redundancy at 30 % IT load") != std::string::npos);
}

TEST_CASE("power: bad input exits 2 with file, line, stage and key; no SVG is written") {
    const fs::path dir = fresh_dir("bad");
    std::ofstream(dir / "unknown.toml") << "template = \"gb300-nvl72\"\n[power]\nchain = "
                                           "\"ac-ups\"\n[power.stages.ups]\nmodules = 4\n";
    const fs::path svg = dir / "chart.svg";
    Run r = rackcalc("power compare " + (dir / "unknown.toml").string() + " --svg " + svg.string());
    CHECK(r.code == 2);
    CHECK(r.err.find("unknown.toml:4:1: error: [power.stages.ups] chain ac-ups has no stage "
                     "\"ups\"") != std::string::npos);
    CHECK(r.err.find("did you mean \"ups_double_conversion\"?") != std::string::npos);
    CHECK(r.err.find("nothing was written") != std::string::npos);
    CHECK_FALSE(fs::exists(svg));

    std::ofstream(dir / "overload.toml")
        << "template = \"gb300-nvl72\"\n[power]\nchain = \"hvdc-380\"\n"
           "[power.stages.hvdc_rectifier]\nmodule_rating = \"20 kW\"\nmodules = 4\n";
    r = rackcalc("power " + (dir / "overload.toml").string());
    CHECK(r.code == 2);
    CHECK(r.err.find("overload.toml:6:11: error: [power.stages.hvdc_rectifier.modules]") !=
          std::string::npos);
    CHECK(r.err.find("power stage \"HVDC rectifier 380 V\": [P_out]") != std::string::npos);
    CHECK(r.err.find("is above the rating") != std::string::npos);
    CHECK(r.out.empty());
}
