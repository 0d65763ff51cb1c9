// --units: the README's main job in US units. Every number shown is checked against the SI
// value of summary.json converted by hand with the factors of NIST SP 811 (2008) appendix
// B.8: 1 US gallon = 3.785411784 L, 1 psi = 6894.757293168361 Pa, degF = 1.8 degC + 32, a
// Rankine degree (R) = 1/1.8 K.

#include "cli_runner.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

double gpm(double m3_s) {
    return m3_s * 60000.0 / 3.785411784;
}
double psi(double Pa) {
    return Pa / 6894.757293168361;
}
double degF(double K) {
    return (K - 273.15) * 1.8 + 32.0;
}

/// The number a regular expression's first group captures in `text`.
double captured(const std::string& text, const std::string& pattern) {
    std::smatch m;
    REQUIRE_MESSAGE(std::regex_search(text, m, std::regex(pattern)), pattern);
    return std::stod(m[1].str());
}

/// The value of `quantity` in summary.csv (quantity,value,unit) and its unit.
std::pair<double, std::string> csv_row(const std::string& csv, const std::string& quantity) {
    const auto at = csv.find("\n" + quantity + ",");
    REQUIRE_MESSAGE(at != std::string::npos, quantity);
    const auto line = csv.substr(at + 1, csv.find('\n', at + 1) - at - 1);
    const auto c1 = line.find(',');
    const auto c2 = line.find(',', c1 + 1);
    return {std::stod(line.substr(c1 + 1, c2 - c1 - 1)), line.substr(c2 + 1)};
}

/// True when every element opened in `html` is closed in order (void elements aside).
bool well_formed(const std::string& html) {
    std::vector<std::string> open;
    for (std::size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
        if (html.compare(i, 2, "<!") == 0) {
            continue;
        }
        const bool closing = html[i + 1] == '/';
        const std::size_t start = i + (closing ? 2 : 1);
        const std::size_t end = html.find_first_of(" >", start);
        const std::string name = html.substr(start, end - start);
        if (name == "meta" || name == "br") {
            continue;
        }
        if (!closing) {
            open.push_back(name);
        } else if (open.empty() || open.back() != name) {
            return false;
        } else {
            open.pop_back();
        }
    }
    return open.empty();
}

} // namespace

TEST_CASE("run --units us: terminal, report, CSV and the one-page summary in US units") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / "run-gb300-us";
    fs::remove_all(dir);
    const auto r = rackcalc_test::run_rackcalc(
        "run cases/examples/gb300-nvl72.toml --units us -o " + dir.string(), true);
    REQUIRE_MESSAGE(r.code == 3, r.out); // the example's cdu_failure scenario fails
    const auto j = nlohmann::json::parse(rackcalc_test::read_file(dir / "summary.json"));
    // summary.json stays SI whatever the display.
    const auto& coolant = j["thermal"]["coolant"];
    const double V_m3_s = coolant["flow_m3_s"].get<double>();
    const double dp_Pa = coolant["loop_dp_Pa"].get<double>();
    const double T_supply_K = coolant["T_supply_K"].get<double>();
    double margin_K = 1e9;
    for (const auto& c : j["thermal"]["chips"]) {
        margin_K = std::min(margin_K, c["margin_K"].get<double>());
    }

    // The terminal.
    CHECK(captured(r.out, R"(coolant ([0-9.]+) gpm)") ==
          doctest::Approx(gpm(V_m3_s)).epsilon(1e-3));
    CHECK(captured(r.out, R"(supply ([0-9.]+) degF)") ==
          doctest::Approx(degF(T_supply_K)).epsilon(1e-3));
    CHECK(captured(r.out, R"(loop dp ([0-9.]+) psi)") == doctest::Approx(psi(dp_Pa)).epsilon(1e-3));
    CHECK(captured(r.out, R"(margin ([0-9.]+) R\))") ==
          doctest::Approx(1.8 * margin_K).epsilon(1e-2));
    // Every line, the sentences the models build included (the verdict, the scenarios, the
    // findings): no metric unit anywhere.
    for (const char* metric : {"L/min", "kPa", "degC", " K ", " K)", "K/s", " L "}) {
        CHECK_MESSAGE(r.out.find(metric) == std::string::npos, metric);
    }
    // The scenarios' sentences carry the record's SI values in US units: the pump trip at the
    // design flow, the heat-up's coolant volume (gal) and rate (R/s).
    const auto& scenarios = j["scenarios"];
    REQUIRE(scenarios.size() == 3);
    CHECK(captured(r.out, R"(at the design flow ([0-9.]+) gpm)") ==
          doctest::Approx(gpm(scenarios[0]["flow_m3_s"].get<double>())).epsilon(1e-3));
    CHECK(captured(r.out, R"(; ([0-9.]+) gal of coolant)") ==
          doctest::Approx(scenarios[1]["coolant_volume_m3"].get<double>() / 3.785411784e-3)
              .epsilon(3e-3));
    CHECK(captured(r.out, R"(heats at ([0-9.]+) R/s)") ==
          doctest::Approx(1.8 * scenarios[1]["dT_dt_K_per_s"].get<double>()).epsilon(2e-3));
    // The verdict names the failing sweep points by their supply in degF: 30 and 35 degC.
    CHECK(
        r.out.starts_with("FAIL: 3 problems: scenario cdu_failure; sweep point "
                          "supply-temperature at cooling.supply_temperature = 86.0 degF; sweep "
                          "point supply-temperature at cooling.supply_temperature = 95.0 degF\n"));

    // The CSV files name the unit in each header and hold values in it.
    const std::string csv = rackcalc_test::read_file(dir / "summary.csv");
    const auto [flow, flow_unit] = csv_row(csv, "coolant_flow");
    CHECK(flow_unit == "gpm");
    CHECK(flow == doctest::Approx(gpm(V_m3_s)).epsilon(1e-9));
    const auto [dp, dp_unit] = csv_row(csv, "loop_pressure_drop");
    CHECK(dp_unit == "psi");
    CHECK(dp == doctest::Approx(psi(dp_Pa)).epsilon(1e-9));
    const auto [supply, supply_unit] = csv_row(csv, "coolant_supply");
    CHECK(supply_unit == "degF");
    CHECK(supply == doctest::Approx(degF(T_supply_K)).epsilon(1e-9));
    const auto [margin, margin_unit] = csv_row(csv, "worst_chip_margin");
    CHECK(margin_unit == "R");
    CHECK(margin == doctest::Approx(1.8 * margin_K).epsilon(1e-9));
    CHECK(
        rackcalc_test::read_file(dir / "chips.csv")
            .starts_with("chip,type,heat [W],junction [degF],limit [degF],limit_kind,margin [R],"));
    CHECK(rackcalc_test::read_file(dir / "trays.csv")
              .starts_with("tray,type,heat_to_liquid [W],flow [gpm],flow_per_heat [gpm/kW],inlet "
                           "[degF],outlet [degF],dp [psi],"));
    CHECK(rackcalc_test::read_file(dir / "sweep-supply-temperature.csv")
              .starts_with("cooling.supply_temperature [degF],"));

    // The report: US units in headers and axes, no metric one left.
    const std::string report = rackcalc_test::read_file(dir / "report.html");
    for (const char* unit : {"(°F)", "(gpm)", "(psi)", "(R)", "(TR)"}) {
        CHECK_MESSAGE(report.find(unit) != std::string::npos, unit);
    }
    for (const char* unit : {"(°C)", "(L/min)", "(kPa)", "[degC]"}) {
        CHECK_MESSAGE(report.find(unit) == std::string::npos, unit);
    }
    // No metric unit anywhere in the report's own text, its findings, verdict and scenario
    // sentences included. The resolved case under Provenance is the input as written (its
    // "40 degC" is what the user wrote and what the input hash covers), so it is left out.
    const auto resolved_at = report.find("<pre class=\"resolved\">");
    REQUIRE(resolved_at != std::string::npos);
    const std::string own =
        report.substr(0, resolved_at) + report.substr(report.find("</pre>", resolved_at));
    for (const char* metric : {"L/min", "kPa", "degC", "°C", "kW/K", "K/s"}) {
        CHECK_MESSAGE(own.find(metric) == std::string::npos, metric);
    }
    CHECK(own.find("the return reaches 140.0 °F after") != std::string::npos);
    // Heat carried away in tons of refrigeration, electrical power (also the cooling plant's)
    // in kW: a header says which.
    CHECK(report.find("Heat to air (TR)") != std::string::npos);
    CHECK(report.find("Cooling power, pumps + heat rejection (kW)") != std::string::npos);
    CHECK(report.find("Heat-rejection power, all paths (kW)") != std::string::npos);
    CHECK(captured(report, R"(Loop pressure drop \(psi\)</th><td>([0-9.]+)<)") ==
          doctest::Approx(psi(dp_Pa)).epsilon(1e-3));

    // The one-page summary: the verdict first, the record's numbers in US units, nothing
    // fetched from elsewhere, markup that closes.
    const std::string page = rackcalc_test::read_file(dir / "summary.html");
    const std::string verdict = j["verdict"]["line"].get<std::string>();
    const auto verdict_at = page.find("id=\"verdict\"");
    REQUIRE(verdict_at != std::string::npos);
    CHECK(page.find("<table") > verdict_at);
    CHECK(page.find(verdict.substr(0, 20)) != std::string::npos);
    CHECK(captured(page, R"(Loop pressure drop</th><td class="num">([0-9.]+) psi)") ==
          doctest::Approx(psi(dp_Pa)).epsilon(1e-3));
    CHECK(captured(page, R"(margin ([0-9.]+) R<)") ==
          doctest::Approx(1.8 * margin_K).epsilon(1e-2));
    CHECK(captured(page, R"(Coolant</th><td class="num">([0-9.]+) gpm)") ==
          doctest::Approx(gpm(V_m3_s)).epsilon(1e-3));
    CHECK(captured(page, R"(PUE at the design point</th><td class="num">([0-9.]+) =)") ==
          doctest::Approx(j["totals"]["pue"].get<double>()).epsilon(1e-3));
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("src=") == std::string::npos);
    CHECK(page.find("http") == std::string::npos);
    CHECK(page.find("href=\"report.html\"") != std::string::npos);
    for (const char* metric : {"L/min", "kPa", "degC", "°C", "K/s"}) {
        CHECK_MESSAGE(page.find(metric) == std::string::npos, metric);
    }
    CHECK(page.find("cooling.supply_temperature = 86.0 °F") != std::string::npos);
    CHECK(well_formed(page));
}

TEST_CASE("--units with an unknown word exits 2 and lists the choices") {
    const auto r =
        rackcalc_test::run_rackcalc("check cases/examples/gb300-nvl72.toml --units imperial");
    CHECK(r.code == 2);
    CHECK(r.err.find("--units \"imperial\" is not a unit system; choose one of si, metric, us") !=
          std::string::npos);
}

TEST_CASE("[outputs] summary_page = false leaves the one-page summary out") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / "run-no-summary-page";
    const fs::path case_file =
        fs::temp_directory_path() / "rackcalc-test-cli" / "no-summary-page.toml";
    fs::remove_all(dir);
    fs::create_directories(case_file.parent_path());
    {
        std::ofstream f(case_file);
        f << "template = \"gb300-nvl72\"\n[outputs]\nsummary_page = false\nvtk = false\npicture = "
             "false\n";
    }
    const auto r =
        rackcalc_test::run_rackcalc("run " + case_file.string() + " -o " + dir.string(), true);
    REQUIRE_MESSAGE((r.code == 0 || r.code == 3), r.out);
    CHECK(fs::exists(dir / "report.html"));
    CHECK_FALSE(fs::exists(dir / "summary.html"));
}
