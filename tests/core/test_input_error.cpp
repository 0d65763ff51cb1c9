#include "core/input_error.hpp"
#include "core/toml_source.hpp"

#include <doctest/doctest.h>

using namespace rackcalc::core;

TEST_CASE("diagnostics print with a caret under the column and come in reading order") {
    Diagnostic late{{"a.toml", 9, 3}, "k2", "second", "fix it", "x = 12"};
    Diagnostic early{{"a.toml", 2, 5}, "k1", "first", "", "abc = 1"};
    const InputError e({late, early, late});
    REQUIRE(e.diagnostics().size() == 2); // the duplicate is dropped
    CHECK(e.diagnostics()[0].message == "first");
    CHECK(late.format() ==
          "a.toml:9:3: error: [k2] second\n 9 | x = 12\n   |   ^\n  fix: fix it\n");
}

TEST_CASE("TOML syntax errors become located input errors") {
    SourceSet sources;
    try {
        parse_toml_text("broken.toml", "a = 1\n[cooling\nb = 2\n", sources);
        FAIL("no error");
    } catch (const InputError& e) {
        REQUIRE(e.diagnostics().size() == 1);
        const auto& d = e.diagnostics()[0];
        CHECK(d.where.file == "broken.toml");
        CHECK(d.where.line == 2);
        CHECK(d.message.find("TOML syntax error") != std::string::npos);
        CHECK(d.line_text == "[cooling");
    }
}

TEST_CASE("a missing file is an input error naming it") {
    SourceSet sources;
    CHECK_THROWS_WITH_AS(sources.read("/no/such/case.toml"),
                         doctest::Contains("cannot open \"/no/such/case.toml\""), InputError);
}

TEST_CASE("closest_match suggests only plausible typos") {
    CHECK(closest_match("supply_temprature", {"supply_temperature", "flow"}) ==
          "supply_temperature");
    CHECK(closest_match("zzz", {"supply_temperature", "flow"}).empty());
    CHECK(edit_distance("kitten", "sitting") == 3);
}
