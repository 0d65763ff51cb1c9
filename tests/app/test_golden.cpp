// Golden files of the README main job and a second template: summary.json (flattened to one
// "path = value" line per leaf) and every table of report.html (one "cell | cell" line per
// row), compared with committed copies in tests/app/golden/. Text must match; numbers must
// agree within a tolerance (style.md: golden results are never compared as exact text), so a
// compiler flag cannot break them but a changed result does.
//
// Update mode, after a deliberate change of results (review the diff before committing):
//   RACKCALC_UPDATE_GOLDEN=1 build/dev/tests/test_app -tc='golden*'
// On failure the test prints a unified diff (diff -u golden actual) and the first lines that
// differ beyond tolerance.

#include "cli_runner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path golden_dir = fs::path(RACKCALC_SOURCE_DIR) / "tests" / "app" / "golden";

/// Parts of a summary that differ between two identical runs: when and where it ran (the
/// provenance: time, absolute template paths) and whether a display drew the picture.
bool volatile_path(const std::string& path) {
    return path.rfind("provenance", 0) == 0 || path.rfind("picture", 0) == 0;
}

void flatten(const json& j, const std::string& path, std::vector<std::string>& out) {
    if (volatile_path(path)) {
        return;
    }
    if (j.is_object()) {
        for (const auto& [key, value] : j.items()) {
            flatten(value, path.empty() ? key : path + "." + key, out);
        }
    } else if (j.is_array() && j.size() > 50 && j[0].is_number()) {
        // A time series for plotting: its length, ends and range stand for it.
        std::vector<double> v = j.get<std::vector<double>>();
        const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
        out.push_back(fmt::format("{} = {} samples, first {:.10g}, last {:.10g}, min {:.10g}, "
                                  "max {:.10g}",
                                  path, v.size(), v.front(), v.back(), *lo, *hi));
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) {
            flatten(j[i], fmt::format("{}[{}]", path, i), out);
        }
    } else if (j.is_number()) {
        out.push_back(fmt::format("{} = {:.10g}", path, j.get<double>()));
    } else {
        out.push_back(path + " = " + j.dump());
    }
}

std::string strip_tags(const std::string& html) {
    std::string out;
    bool in_tag = false;
    for (char c : html) {
        if (c == '<') {
            in_tag = true;
        } else if (c == '>') {
            in_tag = false;
        } else if (!in_tag && c != '\n') {
            out += c;
        }
    }
    return out;
}

/// Every table of the report before the provenance section, one line per row.
std::vector<std::string> report_tables(const std::string& html) {
    const std::string page = html.substr(0, html.find("<section id=\"provenance\">"));
    std::vector<std::string> out;
    int table = 0;
    for (auto at = page.find("<table"); at != std::string::npos; at = page.find("<table", at + 1)) {
        const auto end = page.find("</table>", at);
        out.push_back(fmt::format("table {}", ++table));
        for (auto row = page.find("<tr", at); row != std::string::npos && row < end;
             row = page.find("<tr", row + 1)) {
            const auto row_end = page.find("</tr>", row);
            std::string line;
            for (auto cell = page.find("<t", row + 3); cell != std::string::npos && cell < row_end;
                 cell = page.find("<t", cell + 1)) {
                if (page.compare(cell, 3, "<td") != 0 && page.compare(cell, 3, "<th") != 0) {
                    continue;
                }
                const auto open_end = page.find('>', cell);
                const auto close =
                    page.find(page.compare(cell, 3, "<td") == 0 ? "</td>" : "</th>", open_end);
                line += (line.empty() ? "" : " | ") +
                        strip_tags(page.substr(open_end + 1, close - open_end - 1));
                cell = close;
            }
            out.push_back(line);
        }
    }
    return out;
}

struct Tokens {
    std::vector<std::string> text; ///< the line with every number replaced by '#'
    std::vector<std::string> numbers;
};

Tokens tokens(const std::string& line) {
    static const std::regex number(R"(-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)");
    Tokens t;
    std::string rest = line;
    std::string shape;
    std::smatch m;
    while (std::regex_search(rest, m, number)) {
        shape += m.prefix().str() + "#";
        t.numbers.push_back(m.str());
        rest = m.suffix().str();
    }
    t.text.push_back(shape + rest);
    return t;
}

/// One unit in the last printed digit (0 for numbers printed with an exponent).
double last_digit(const std::string& n) {
    if (n.find_first_of("eE") != std::string::npos) {
        return 0.0;
    }
    const auto dot = n.find('.');
    return dot == std::string::npos ? 1.0
                                    : std::pow(10.0, -static_cast<double>(n.size() - dot - 1));
}

/// Why two lines differ beyond tolerance, or "" when they agree: the same text around the
/// numbers, and each number within a relative 1e-6 or one unit of its last printed digit.
std::string mismatch(const std::string& golden, const std::string& actual) {
    const Tokens g = tokens(golden);
    const Tokens a = tokens(actual);
    if (g.text != a.text || g.numbers.size() != a.numbers.size()) {
        return "text differs";
    }
    for (std::size_t i = 0; i < g.numbers.size(); ++i) {
        const double x = std::stod(g.numbers[i]);
        const double y = std::stod(a.numbers[i]);
        const double tolerance =
            std::max({1e-6 * std::max(std::abs(x), std::abs(y)), 1e-12,
                      1.0001 * std::max(last_digit(g.numbers[i]), last_digit(a.numbers[i]))});
        if (std::abs(x - y) > tolerance) {
            return fmt::format("{} against {} (tolerance {:.3g})", a.numbers[i], g.numbers[i],
                               tolerance);
        }
    }
    return "";
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) {
        out += l + "\n";
    }
    return out;
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(line);
    }
    return lines;
}

void compare_with_golden(const std::string& name, const std::vector<std::string>& actual) {
    const fs::path golden = golden_dir / name;
    if (const char* update = std::getenv("RACKCALC_UPDATE_GOLDEN"); update && *update == '1') {
        std::ofstream(golden, std::ios::binary) << join(actual);
        MESSAGE("updated " << golden.string());
        return;
    }
    REQUIRE_MESSAGE(fs::exists(golden), golden.string()
                                            << " is missing; create it with "
                                               "RACKCALC_UPDATE_GOLDEN=1 (see the file header)");
    const std::vector<std::string> expected = split(rackcalc_test::read_file(golden));
    std::vector<std::string> problems;
    for (std::size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
        const std::string why = i >= expected.size() ? "extra line"
                                : i >= actual.size() ? "line missing"
                                                     : mismatch(expected[i], actual[i]);
        if (!why.empty()) {
            problems.push_back(fmt::format("line {}: {}: {}", i + 1, why,
                                           i < actual.size() ? actual[i] : expected[i]));
        }
    }
    if (problems.empty()) {
        return;
    }
    const fs::path actual_file = fs::temp_directory_path() / ("rackcalc-actual-" + name);
    std::ofstream(actual_file, std::ios::binary) << join(actual);
    const fs::path diff_file = fs::temp_directory_path() / ("rackcalc-diff-" + name);
    const std::string cmd = fmt::format("diff -u '{}' '{}' | head -n 120 > '{}'", golden.string(),
                                        actual_file.string(), diff_file.string());
    [[maybe_unused]] const int rc = std::system(cmd.c_str());
    problems.resize(std::min<std::size_t>(problems.size(), 20));
    FAIL_CHECK(name << ": " << problems.size() << "+ lines differ beyond tolerance:\n"
                    << join(problems) << "unified diff (golden, actual):\n"
                    << rackcalc_test::read_file(diff_file)
                    << "If the change is intended, update with RACKCALC_UPDATE_GOLDEN=1 "
                       "build/dev/tests/test_app -tc='golden*' and review the diff.");
}

void check_example(const std::string& example) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / ("golden-" + example);
    fs::remove_all(dir);
    const auto r = rackcalc_test::run_rackcalc(
        "run cases/examples/" + example + ".toml -o " + dir.string(), true);
    REQUIRE_MESSAGE((r.code == 0 || r.code == 3), r.out);
    std::vector<std::string> summary;
    flatten(json::parse(rackcalc_test::read_file(dir / "summary.json")), "", summary);
    compare_with_golden(example + ".summary.txt", summary);
    compare_with_golden(example + ".tables.txt",
                        report_tables(rackcalc_test::read_file(dir / "report.html")));
}

} // namespace

TEST_CASE("golden: the tolerance compares numbers, not text") {
    CHECK(mismatch("PUE | 1.217 | 193.67 kW", "PUE | 1.218 | 193.67 kW").empty()); // last digit
    CHECK_FALSE(mismatch("PUE | 1.217 | 193.67 kW", "PUE | 1.219 | 193.67 kW").empty());
    CHECK(mismatch("totals.pue = 1.216728491", "totals.pue = 1.216728492").empty());
    CHECK_FALSE(mismatch("totals.pue = 1.216728491", "totals.pue = 1.216738491").empty());
    CHECK(mismatch("a = 1", "b = 1") == "text differs");
}

TEST_CASE("golden: GB300 NVL72 example (the README main job): summary.json and report tables") {
    check_example("gb300-nvl72");
}

TEST_CASE("golden: TPU v7 Ironwood example: summary.json and report tables") {
    check_example("tpu-v7-ironwood");
}
