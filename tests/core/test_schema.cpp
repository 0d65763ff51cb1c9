// The schema, declared once, validates input and documents it; messages name the file,
// line, column, key, the value and the fix.

#include "core/schema.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace rackcalc::core;

namespace {

TableSpec demo_schema() {
    auto pump = std::make_shared<TableSpec>();
    pump->name = "pump";
    pump->doc = "A pump.";
    pump->keys = {quantity("head", kinds::pressure, "kPa", "Pump head").needed().range(0, 1000)};
    TableSpec t;
    t.name = "demo";
    t.doc = "Demo document.";
    t.keys = {
        quantity("supply_temperature", kinds::temperature, "degC", "Supply temperature")
            .def("40 degC")
            .range(2, 65),
        quantity("flow", kinds::volume_flow, "L/min", "Flow").above(0),
        integer("count", "How many").def("1").range(1, 10),
        choice("coolant", {"water", "PG25"}, "Coolant").def("PG25"),
        table_map("pumps", pump, "Pumps by name"),
    };
    return t;
}

std::vector<Diagnostic> check(const std::string& text) {
    static SourceSet sources; // kept alive: diagnostics quote from it
    const toml::table t = parse_toml_text("case.toml", text, sources);
    std::vector<Diagnostic> findings;
    validate(t, demo_schema(), "", sources, findings);
    return findings;
}

} // namespace

TEST_CASE("unknown key: located, suggested") {
    const auto f = check("flow = \"1 L/min\"\nsuply_temperature = \"40 degC\"\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].where.file == "case.toml");
    CHECK(f[0].where.line == 2);
    CHECK(f[0].where.column == 1);
    CHECK(f[0].key == "suply_temperature");
    CHECK(f[0].message == "unknown key \"suply_temperature\" in the top level");
    CHECK(f[0].fix == "did you mean \"supply_temperature\"?");
    CHECK(f[0].format() == "case.toml:2:1: error: [suply_temperature] unknown key "
                           "\"suply_temperature\" in the top level\n"
                           " 2 | suply_temperature = \"40 degC\"\n"
                           "   | ^\n"
                           "  fix: did you mean \"supply_temperature\"?\n");
}

TEST_CASE("wrong unit and out-of-range value") {
    const auto f = check("supply_temperature = \"45 kW\"\ncount = 12\n");
    REQUIRE(f.size() == 2);
    CHECK(f[0].message ==
          "supply_temperature = \"45 kW\": \"45 kW\" is a power, but a temperature is needed");
    CHECK(f[0].where.column == 22);
    CHECK(f[1].message == "count = 12 is above the maximum 10");
    CHECK(f[1].fix.find("1 to 10") != std::string::npos);
    const auto g = check("supply_temperature = \"145 degC\"\n");
    REQUIRE(g.size() == 1);
    CHECK(g[0].message == "supply_temperature = \"145 degC\" is above the maximum 65 degC");
    CHECK(g[0].fix.find("2 degC to 65 degC") != std::string::npos);
}

TEST_CASE("exclusive bounds, choices, types, nested tables") {
    auto f = check("flow = \"0 L/min\"\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.find("at or below the minimum 0 L/min") != std::string::npos);
    f = check("coolant = \"PG52\"\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].fix == "did you mean \"PG25\"?");
    f = check("count = 2.5\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message == "count = 2.5 is not a whole number");
    f = check("flow = 3\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].fix == "write it with its unit as a string, e.g. flow = \"3 L/min\"");
    f = check("[pumps.p1]\nhed = \"10 kPa\"\n");
    REQUIRE(f.size() == 2); // missing head (at the table header, line 1), unknown hed (line 2)
    CHECK(f[0].message == "required key \"head\" is missing from [pumps.p1]");
    CHECK(f[1].message == "unknown key \"hed\" in [pumps.p1]");
    CHECK(f[1].fix == "did you mean \"head\"?");
}

TEST_CASE("sourced values validate their value and their confidence") {
    auto f = check("flow = { value = \"2 L/min\", source = \"[X]\", confidence = \"vendor\" }\n");
    CHECK(f.empty());
    f = check("flow = { value = \"2 kW\", source = \"[X]\", confidence = \"vender\" }\n");
    REQUIRE(f.size() == 2);
    CHECK(f[0].message.find("is a power") != std::string::npos);
    CHECK(f[1].fix == "did you mean \"vendor\"?");
    f = check("flow = { value = \"2 L/min\", sorce = \"[X]\" }\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].fix == "did you mean \"source\"?");
}

TEST_CASE("CheckedTable gives SI values, defaults and provenance") {
    SourceSet sources;
    const toml::table t = parse_toml_text(
        "c.toml",
        "source = \"table source\"\nconfidence = \"analyst\"\nflow = \"6 L/min\"\n"
        "count = { value = 3, source = \"own\", confidence = \"vendor\", alternatives = \"4\" }\n",
        sources);
    const TableSpec schema = demo_schema();
    const CheckedTable c(&t, schema, "", sources);
    CHECK(c.quantity("flow") == doctest::Approx(1e-4));
    CHECK(c.quantity("supply_temperature") == doctest::Approx(313.15));
    CHECK(c.integer("count") == 3);
    CHECK(c.string("coolant") == "PG25");
    CHECK(c.provenance("flow").source == "table source");
    CHECK(c.provenance("flow").confidence == "analyst");
    CHECK(c.provenance("count").source == "own");
    CHECK(c.provenance("count").alternatives == "4");
    CHECK(c.provenance("supply_temperature").source == "RackCalc default");
}

TEST_CASE("unsourced numbers are found; a table source covers its numbers") {
    SourceSet sources;
    const TableSpec schema = demo_schema();
    auto t = parse_toml_text("t.toml", "flow = \"1 L/min\"\ncoolant = \"water\"\n", sources);
    auto missing = unsourced_numbers(t, schema, "", sources);
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].key == "flow");
    t = parse_toml_text("t2.toml", "source = \"x\"\nflow = \"1 L/min\"\n", sources);
    CHECK(unsourced_numbers(t, schema, "", sources).empty());
}

TEST_CASE("merge keeps the location of overriding values") {
    SourceSet sources;
    toml::table base = parse_toml_text("base.toml", "a = 1\n[t]\nx = 1\ny = 2\n", sources);
    toml::table over = parse_toml_text("case.toml", "[t]\ny = 5\n", sources);
    merge_into(base, std::move(over));
    CHECK(base["t"]["x"].value<int>() == 1);
    CHECK(base["t"]["y"].value<int>() == 5);
    CHECK(location_of(*base["t"]["y"].node()).file == "case.toml");
    CHECK(location_of(*base["t"]["y"].node()).line == 2);
    CHECK(location_of(*base["t"]["x"].node()).file == "base.toml");
}

TEST_CASE("markdown reference lists every key with unit, default and range") {
    const std::string md = schema_markdown(demo_schema(), "Demo", "Intro.");
    CHECK(md.find(
              "| `supply_temperature` | temperature | `degC` | `40 degC` | 2 degC to 65 degC |") !=
          std::string::npos);
    CHECK(md.find("## `pumps.<name>`") != std::string::npos);
    CHECK(md.find("| `head` (required) |") != std::string::npos);
}
