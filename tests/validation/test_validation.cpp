// The validation suite (validation/*.toml and its runner): the bundled reference cases pass
// and each cites a source; the suite fails when a tolerance is tightened below the error it
// achieves; bad validation data is an input error at file and line with a fix.

#include "app/validate_command.hpp"
#include "core/input_error.hpp"
#include "validation/report_json.hpp"
#include "validation/suite.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
namespace val = rackcalc::validation;

namespace {

fs::path bundled() {
    return fs::path(RACKCALC_SOURCE_DIR) / "validation";
}

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A fresh folder holding one validation file with the given text.
fs::path folder_with(const std::string& name, const std::string& file, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-validation" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / file) << text;
    return dir;
}

/// Every finding of loading `dir`, formatted; "" when it loads.
std::string load_errors(const fs::path& dir) {
    try {
        val::ValidationSuite::load(dir);
    } catch (const rackcalc::core::InputError& e) {
        return e.format();
    }
    return {};
}

const std::string good_case = R"([[case]]
id = "pipe"
title = "Hagen-Poiseuille"
probe = "hagen_poiseuille"
source = "validation-cases.md 1.1 [C]"
inputs = { mu = "1.0e-3 Pa s", rho = "998 kg/m^3", L = "1 m", D = "4 mm", V_dot = "200 mL/min" }
[case.expect.dp]
expected = "530.5 Pa"
absolute = "0.05 Pa"
reason = "printed to 4 figures"
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("suite: the bundled suite passes, every case cites a source, every area has "
          "cases") {
    const auto suite = val::ValidationSuite::load(bundled());
    std::set<std::string> areas;
    for (const auto& c : suite.cases()) {
        CAPTURE(c.id);
        CHECK_FALSE(c.source.empty());
        CHECK_FALSE(c.expect.empty());
        for (const auto& x : c.expect) {
            CHECK_FALSE(x.reason.empty());
        }
        areas.insert(c.area);
    }
    CHECK(areas == std::set<std::string>{"hydraulics", "heat_transfer", "cold_plates", "power",
                                         "rack_plausibility", "cfd_airflow", "cfd_coldplate"});
    CHECK(suite.cases().size() >= 60);
    const auto rows = suite.run();
    for (const auto& r : rows) {
        CAPTURE(r.case_id);
        CAPTURE(r.quantity);
        CAPTURE(r.computed_text());
        CAPTURE(r.failure);
        CHECK(r.pass);
    }
    CHECK(val::count_failed(rows) == 0);

    std::ostringstream out;
    CHECK(rackcalc::app::validate(false, bundled(), out) == 0);
    CHECK(out.str().find(std::to_string(rows.size()) + " passed, 0 failed") != std::string::npos);
}

TEST_CASE("suite: tightening a tolerance below the achieved error makes the suite fail") {
    // The bundled Hagen-Poiseuille case computes 530.516 Pa against the published 530.5 Pa:
    // an error of 0.016 Pa, inside its 0.05 Pa. A copy with 0.001 Pa must fail, and only there.
    const std::string original = read(bundled() / "hydraulics.toml");
    const std::string tight = replaced(original, "expected = \"530.5 Pa\"\nabsolute = \"0.05 Pa\"",
                                       "expected = \"530.5 Pa\"\nabsolute = \"0.001 Pa\"");
    const fs::path dir = folder_with("tightened", "hydraulics.toml", tight);
    const auto rows = val::run_validation(dir);
    REQUIRE(val::count_failed(rows) == 1);
    for (const auto& r : rows) {
        if (!r.pass) {
            CHECK(r.case_id == "hagen-poiseuille-pipe");
            CHECK(r.quantity == "dp");
            CHECK(r.error > 0.001);
            CHECK(r.error < 0.05);
            CHECK(r.failure.empty());
            CHECK(r.where.file == (dir / "hydraulics.toml").string());
        }
    }

    std::ostringstream out;
    CHECK(rackcalc::app::validate(false, dir, out) == rackcalc::app::exit_validation_failed);
    CHECK(out.str().find("hagen-poiseuille-pipe") != std::string::npos);
    CHECK(out.str().find("FAIL") != std::string::npos);
    CHECK(out.str().find(std::to_string(rows.size() - 1) + " passed, 1 failed") !=
          std::string::npos);

    std::ostringstream json_out;
    CHECK(rackcalc::app::validate(true, dir, json_out) == rackcalc::app::exit_validation_failed);
    const auto j = nlohmann::json::parse(json_out.str());
    CHECK(j["failed"] == 1);
    CHECK(j["rows"].size() == rows.size());
}

// The OpenFOAM probes write their cases under this process's scratch folder. A run that
// passes leaves nothing behind in the temporary folder; a run that fails keeps the cases
// (and their logs) and says where.
TEST_CASE("suite: the probes' scratch folder is removed after a pass, kept after a failure") {
    const std::string original = read(bundled() / "hydraulics.toml");
    const fs::path passing = folder_with("scratch-pass", "hydraulics.toml", original);
    const fs::path root = val::probe_scratch_root();
    fs::create_directories(val::probe_scratch_dir("a-probe"));
    std::ofstream(val::probe_scratch_dir("a-probe") / "log") << "solver output\n";
    REQUIRE(val::count_failed(val::run_validation(passing)) == 0);
    CHECK_FALSE(fs::exists(root));

    const std::string tight = replaced(original, "expected = \"530.5 Pa\"\nabsolute = \"0.05 Pa\"",
                                       "expected = \"530.5 Pa\"\nabsolute = \"0.001 Pa\"");
    const fs::path failing = folder_with("scratch-fail", "hydraulics.toml", tight);
    fs::create_directories(val::probe_scratch_dir("a-probe"));
    std::ostringstream out;
    CHECK(rackcalc::app::validate(false, failing, out) == rackcalc::app::exit_validation_failed);
    CHECK(fs::exists(val::probe_scratch_dir("a-probe")));
    CHECK(out.str().find("kept in " + root.string()) != std::string::npos);
    fs::remove_all(root);
}

TEST_CASE("suite: a relative tolerance is checked against the relative error") {
    const fs::path dir =
        folder_with("relative", "power.toml",
                    replaced(good_case, "absolute = \"0.05 Pa\"", "relative = 1e-5")); // error 3e-5
    const auto rows = val::run_validation(dir);
    REQUIRE(rows.size() == 1);
    CHECK_FALSE(rows[0].pass);
    CHECK(rows[0].error == doctest::Approx(0.0161 / 530.5).epsilon(0.01));
    CHECK(rows[0].error_text() == "0.0031 %");
    CHECK(rows[0].tolerance_text() == "0.001 %");
}

TEST_CASE("suite: a case without a source is rejected at its file and line") {
    const std::string text = replaced(good_case, "source = \"validation-cases.md 1.1 [C]\"\n", "");
    const fs::path dir = folder_with("no-source", "hydraulics.toml", text);
    const std::string msg = load_errors(dir);
    const std::string file = (dir / "hydraulics.toml").string();
    CHECK(msg.find(file + ":1:1: error: [case.pipe.source] reference case \"pipe\" cites no "
                          "source") != std::string::npos);
    CHECK(msg.find("every reference case must cite one") != std::string::npos);

    // A blank source is no source either, and is reported at its own line.
    const fs::path blank_dir = folder_with(
        "blank-source", "hydraulics.toml",
        replaced(good_case, "source = \"validation-cases.md 1.1 [C]\"", "source = \" \""));
    CHECK(load_errors(blank_dir).find("hydraulics.toml:5:10: error: [case.pipe.source]") !=
          std::string::npos);
}

TEST_CASE("suite: an unknown probe gets a did-you-mean") {
    const fs::path dir = folder_with(
        "unknown-probe", "hydraulics.toml",
        replaced(good_case, "probe = \"hagen_poiseuille\"", "probe = \"hagen_poiseuile\""));
    const std::string msg = load_errors(dir);
    CHECK(msg.find("hydraulics.toml:4:9: error: [case.pipe.probe] unknown probe "
                   "\"hagen_poiseuile\"") != std::string::npos);
    CHECK(msg.find("fix: did you mean \"hagen_poiseuille\"?") != std::string::npos);
}

TEST_CASE("suite: bad inputs, outputs and tolerances point at file, line and key") {
    SUBCASE("an input in the wrong unit") {
        const fs::path dir = folder_with("bad-unit", "hydraulics.toml",
                                         replaced(good_case, "D = \"4 mm\"", "D = \"4 kW\""));
        const std::string msg = load_errors(dir);
        CHECK(msg.find("hydraulics.toml:6:67: error: [case.pipe.inputs.D] D = \"4 kW\": \"4 kW\" "
                       "is a power, but a length is needed") != std::string::npos);
    }
    SUBCASE("a misspelt input and a missing one") {
        const fs::path dir = folder_with("bad-input", "hydraulics.toml",
                                         replaced(good_case, "V_dot = ", "V_dott = "));
        const std::string msg = load_errors(dir);
        CHECK(msg.find("unknown key \"V_dott\" in [case.pipe.inputs]") != std::string::npos);
        CHECK(msg.find("did you mean \"V_dot\"?") != std::string::npos);
        CHECK(msg.find("required key \"V_dot\" is missing from [case.pipe.inputs]") !=
              std::string::npos);
    }
    SUBCASE("an output the probe does not compute") {
        const fs::path dir =
            folder_with("bad-output", "hydraulics.toml",
                        replaced(good_case, "[case.expect.dp]", "[case.expect.dP]"));
        const std::string msg = load_errors(dir);
        CHECK(msg.find("unknown key \"dP\" in [case.pipe.expect]") != std::string::npos);
        CHECK(msg.find("did you mean \"dp\"?") != std::string::npos);
    }
    SUBCASE("two tolerances, or none, or no reason") {
        std::string msg =
            load_errors(folder_with("two-tolerances", "hydraulics.toml",
                                    replaced(good_case, "absolute = \"0.05 Pa\"",
                                             "absolute = \"0.05 Pa\"\nrelative = 1e-3")));
        CHECK(msg.find("both a relative and an absolute tolerance are given") != std::string::npos);
        msg = load_errors(folder_with("no-tolerance", "hydraulics.toml",
                                      replaced(good_case, "absolute = \"0.05 Pa\"\n", "")));
        CHECK(msg.find("[case.pipe.expect.dp] no tolerance is given") != std::string::npos);
        msg = load_errors(
            folder_with("no-reason", "hydraulics.toml",
                        replaced(good_case, "reason = \"printed to 4 figures\"\n", "")));
        CHECK(msg.find("required key \"reason\" is missing from [case.pipe.expect.dp]") !=
              std::string::npos);
    }
    SUBCASE("a tolerance in the wrong unit") {
        const fs::path dir =
            folder_with("bad-tolerance", "hydraulics.toml",
                        replaced(good_case, "absolute = \"0.05 Pa\"", "absolute = \"0.05 K\""));
        CHECK(load_errors(dir).find("[case.pipe.expect.dp.absolute] absolute = \"0.05 K\"") !=
              std::string::npos);
    }
    SUBCASE("the same id twice") {
        const fs::path dir = folder_with("duplicate", "hydraulics.toml", good_case + good_case);
        CHECK(load_errors(dir).find("case id \"pipe\" is used twice") != std::string::npos);
    }
    SUBCASE("TOML syntax and an unknown top-level key") {
        CHECK(load_errors(folder_with("syntax", "power.toml", "[[case]\n")).find("power.toml:1:") !=
              std::string::npos);
        CHECK(load_errors(folder_with("top-level", "power.toml", "cases = 1\n" + good_case))
                  .find("unknown key \"cases\" in a validation file") != std::string::npos);
    }
}

// Colebrook is turbulent-only: asked at Re 1000 its probe throws.
const std::string throwing_case = R"([[case]]
id = "laminar-colebrook"
title = "Colebrook asked in laminar flow"
probe = "friction_factor"
source = "test"
inputs = { Re = 1000.0 }
[case.expect.f_colebrook]
expected = 0.064
relative = 0.01
reason = "test"
)";

TEST_CASE("suite: a probe that refuses its inputs fails its rows with the reason") {
    // Colebrook is turbulent-only: at Re 1000 the correlation throws, the row fails, the suite
    // goes on.
    const fs::path dir =
        folder_with("probe-throws", "hydraulics.toml",
                    throwing_case + replaced(good_case, "id = \"pipe\"", "id = \"pipe-after\""));
    const auto rows = val::run_validation(dir);
    REQUIRE(rows.size() == 2);
    CHECK_FALSE(rows[0].pass);
    CHECK(rows[0].computed_text() == "-");
    CHECK(rows[0].failure.find("probe friction_factor failed: colebrook_f: Re = 1000") !=
          std::string::npos);
    CHECK(rows[1].pass);
}

TEST_CASE("report_to_json: SI values, the printed texts, null where a probe gave nothing") {
    // A probe that throws (Colebrook at Re 1000) and the Hagen-Poiseuille case with its 0.05 Pa
    // tolerance tightened to 0.001 Pa (it computes 530.516 Pa against 530.5 Pa).
    const fs::path dir = folder_with(
        "report-json", "hydraulics.toml",
        throwing_case + replaced(good_case, "absolute = \"0.05 Pa\"", "absolute = \"0.001 Pa\""));
    const auto rows = val::run_validation(dir);
    REQUIRE(rows.size() == 2);
    const nlohmann::json j = val::report_to_json(rows);
    CHECK(j["passed"] == 0);
    CHECK(j["failed"] == 2);
    REQUIRE(j["rows"].size() == 2);

    const auto& thrown = j["rows"][0];
    CHECK(thrown["case"] == "laminar-colebrook");
    CHECK(thrown["area"] == "hydraulics");
    CHECK(thrown["quantity"] == "f_colebrook");
    CHECK(thrown["expected_si"].get<double>() == doctest::Approx(0.064).epsilon(1e-12));
    CHECK(thrown["computed_si"].is_null());
    CHECK(thrown["error_si"].is_null());
    CHECK(thrown["computed"] == "-");
    CHECK(thrown["tolerance_kind"] == "relative");
    CHECK(thrown["tolerance"] == "1 %");
    CHECK(thrown["pass"] == false);
    CHECK(thrown["failure"].get<std::string>().starts_with("probe friction_factor failed:"));
    CHECK(thrown["file"] == (dir / "hydraulics.toml").string());
    CHECK(thrown["line"] == 7); // its [case.expect.f_colebrook]
    CHECK(rows[0].why_failed() == rows[0].failure);

    const auto& tight = j["rows"][1];
    CHECK(tight["case"] == "pipe");
    CHECK(tight["unit"] == "Pa");
    CHECK(tight["computed_si"].get<double>() == doctest::Approx(530.516).epsilon(1e-5));
    CHECK(tight["error_si"].get<double>() == doctest::Approx(0.0161).epsilon(0.01));
    CHECK(tight["tolerance_kind"] == "absolute");
    CHECK(tight["tolerance_si"].get<double>() == doctest::Approx(0.001).epsilon(1e-12));
    CHECK(tight["expected"] == "530.5 Pa");
    CHECK(tight["computed"] == "530.516 Pa");
    CHECK(tight["source"] == "validation-cases.md 1.1 [C]");
    CHECK(tight["reason"] == "printed to 4 figures");
    CHECK(rows[1].why_failed() ==
          "computed 530.516 Pa, expected 530.5 Pa within 0.001 Pa (error 0.016 Pa)");
}
