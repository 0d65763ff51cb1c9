// Hardened input (issue 13): limits applied before parsing, so no input can exhaust the
// stack or memory; non-finite numbers and overflowing units rejected with the reason.

#include "core/quantity.hpp"
#include "core/schema.hpp"
#include "core/toml_source.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace rackcalc::core;

namespace {

/// The formatted error of parsing `text`, or "no error".
std::string parse_error(const std::string& text) {
    SourceSet sources;
    try {
        parse_toml_text("case.toml", text, sources);
    } catch (const InputError& e) {
        return e.format();
    }
    return "no error";
}

std::string quantity_error(const std::string& text, const QuantityKind& kind) {
    try {
        parse_quantity(text, kind);
    } catch (const QuantityError& e) {
        return std::string(e.what()) + " | " + e.fix();
    }
    return "no error";
}

/// Sets limits for one test and restores the defaults after it.
struct ScopedLimits {
    explicit ScopedLimits(const InputLimits& l) { set_input_limits(l); }
    ~ScopedLimits() { set_input_limits(InputLimits{}); }
    ScopedLimits(const ScopedLimits&) = delete;
    ScopedLimits& operator=(const ScopedLimits&) = delete;
};

std::string repeat(const std::string& part, std::size_t n, const std::string& separator) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += (i == 0 ? "" : separator) + part;
    }
    return out;
}

} // namespace

TEST_CASE("a table header of 33,000 dotted parts is a located error, not a crash") {
    // The bad-input campaign's crash: toml++ recursed once per part and overflowed the stack.
    const std::string text = "x = 1\n[" + repeat("a", 33000, ".") + "]\nb = 1\n";
    const std::string e = parse_error(text);
    CHECK_MESSAGE(e.find("case.toml:2:") != std::string::npos, e.substr(0, 300));
    CHECK_MESSAGE(e.find("nesting of tables, dotted keys, arrays and inline tables is 33, above "
                         "the limit of 32") != std::string::npos,
                  e.substr(0, 300));
    CHECK_MESSAGE(e.find("--max-nesting") != std::string::npos, e.substr(0, 300));
}

TEST_CASE("dotted keys, nested arrays and inline tables count towards the nesting limit") {
    CHECK(parse_error(repeat("k", 40, ".") + " = 1\n").find("--max-nesting") != std::string::npos);
    CHECK(parse_error("a = " + std::string(40, '[') + std::string(40, ']') + "\n")
              .find("--max-nesting") != std::string::npos);
    CHECK(parse_error("a = " + repeat("{ b = ", 40, "") + "1" + std::string(40, '}') + "\n")
              .find("--max-nesting") != std::string::npos);
    // Header parts and key parts add up: 20 + 13 > 32.
    CHECK(parse_error("[" + repeat("h", 20, ".") + "]\n" + repeat("k", 20, ".") + " = 1\n")
              .find("is 33, above the limit of 32") != std::string::npos);
    // Brackets and dots inside strings and comments are not structure.
    const std::string quoted = "a = \"" + std::string(100, '[') + repeat("x", 50, ".") + "\"\n" +
                               "# " + std::string(100, '{') + "\n[\"" + repeat("q", 50, ".") +
                               "\"]\nv = '''" + std::string(100, '[') + "'''\n";
    CHECK(parse_error(quoted) == "no error");
    // Ordinary depth passes: a template's deepest key.
    CHECK(
        parse_error("[cooling.cdu.pump]\ncurve = [ { flow = \"1 L/min\", head = \"1 kPa\" } ]\n") ==
        "no error");
}

TEST_CASE("a string over the length limit and a file over the size limit are located errors") {
    const std::string e = parse_error("name = \"" + std::string(70000, 'x') + "\"\n");
    CHECK_MESSAGE(e.find("case.toml:1:8: error: a string's length in bytes is 70000, above the "
                         "limit of 65536") != std::string::npos,
                  e.substr(0, 200));
    CHECK(e.find("--max-string-bytes") != std::string::npos);

    InputLimits small;
    small.max_file_bytes = 100;
    const ScopedLimits scoped(small);
    const std::string big = parse_error("# " + std::string(200, 'x') + "\n");
    CHECK_MESSAGE(big.find("case.toml: error: the file's size in bytes is 203, above the limit "
                           "of 100") != std::string::npos,
                  big);
    CHECK(big.find("--max-file-bytes N") != std::string::npos);
}

TEST_CASE("raising a limit lets the input through") {
    InputLimits deep;
    deep.max_nesting = 64;
    const ScopedLimits scoped(deep);
    CHECK(parse_error("[" + repeat("a", 40, ".") + "]\nb = 1\n") == "no error");
}

TEST_CASE("unit exponents cannot overflow: m^99999999999, W^2147483647, nested brackets") {
    // from_chars fails on 99999999999 for an int; it used to leave the exponent 0 (m^0).
    CHECK(quantity_error("1 m^99999999999", kinds::length).find("is above 12") !=
          std::string::npos);
    CHECK(quantity_error("1 W^2147483647 W^2147483647 W^2", kinds::power).find("is above 12") !=
          std::string::npos);
    // Within the per-factor bound, a product still cannot exceed 48 per base unit.
    CHECK(quantity_error("1 " + repeat("m^12", 6, " ") + " / " + repeat("m^12", 6, " "),
                         kinds::length)
              .find("a power above 48") != std::string::npos);
    CHECK(quantity_error("1 ((((m^12)^12)^12)^12)", kinds::length).find("a power above 48") !=
          std::string::npos);
    CHECK(
        quantity_error("1 " + std::string(5000, '(') + "m" + std::string(5000, ')'), kinds::length)
            .find("nests brackets deeper than 16") != std::string::npos);
    // Physical units still read: W/(m^2 K) and m^-3 style.
    CHECK(parse_quantity("15000 W/(m^2 K)", kinds::heat_transfer_coefficient) ==
          doctest::Approx(15000.0));
}

TEST_CASE("a quantity that overflows a double, or is not a number, is rejected") {
    // 1e308 MW = 1e314 W: beyond DBL_MAX (1.8e308, IEEE 754 binary64).
    CHECK(quantity_error("1e308 MW", kinds::power).find("is too large for a double") !=
          std::string::npos);
    CHECK(quantity_error("nan kW", kinds::power).find("does not start with a number") !=
          std::string::npos);
    CHECK(quantity_error("inf kW", kinds::power).find("does not start with a number") !=
          std::string::npos);
    CHECK(quantity_error("1 Gm^12 Gm^12 Gm^12", kinds::length).find("overflows a double") !=
          std::string::npos);
}

TEST_CASE("nan, inf and an overflowing quantity are located errors at the key") {
    TableSpec doc;
    doc.name = "demo";
    doc.doc = "Demo.";
    doc.keys = {real("price_discount", "Share taken off").range(0, 1),
                real("efficiency", "Any finite number"),
                quantity("load", kinds::power, "kW", "A load").range(0, 1e9)};
    SourceSet sources;
    const toml::table table = parse_toml_text(
        "case.toml", "price_discount = nan\nefficiency = inf\nload = \"1e308 MW\"\n", sources);
    std::vector<Diagnostic> findings;
    validate(table, doc, "", sources, findings);
    REQUIRE(findings.size() == 3);
    CHECK(findings[0].format().find("case.toml:1:18: error: [price_discount] price_discount = "
                                    "nan is not a finite number") != std::string::npos);
    CHECK(findings[0].fix.find("in the range 0 to 1") != std::string::npos);
    CHECK(findings[1].format().find("case.toml:2:14: error: [efficiency] efficiency = inf is "
                                    "not a finite number") != std::string::npos);
    CHECK(findings[2].format().find("case.toml:3:8: error: [load] load = \"1e308 MW\": \"1e308 "
                                    "MW\" is too large for a double") != std::string::npos);
}
