// Reading a case: where templates are found (independent of how the case path is spelled),
// which files may be read, and the located errors for bases that cannot be used.

#include "bundled_templates.hpp"
#include "cases/case.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace rackcalc;
namespace fs = std::filesystem;

namespace {

/// A fresh folder of this test process.
fs::path fresh_dir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("rackcalc-test-loading-" + std::to_string(getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write(const fs::path& file, const std::string& text) {
    std::ofstream(file) << text;
}

std::string error_of(const fs::path& file) {
    try {
        cases::load_case(file, rackcalc_test::bundled_templates());
    } catch (const core::InputError& e) {
        return e.format();
    }
    return "no error";
}

/// Runs `f` with the working directory set to `dir`, restoring it afterwards.
template <class F>
auto in_dir(const fs::path& dir, F f) {
    struct Restore {
        fs::path old = fs::current_path();
        ~Restore() { fs::current_path(old); }
    } restore;
    fs::current_path(dir);
    return f();
}

// A local template at 2000 W per B300 (the bundled GB300 template states 1400 W, its
// seed-facts source), so which file was read shows in the accelerator's power.
const char* const local_template = R"(inherits = "gb300-nvl72"
[chips.b300]
tdp = { value = "2000 W", source = "test: a hypothetical derated chip", confidence = "unverified" }
)";

double accelerator_tdp_W(const cases::CaseSpec& spec) {
    return spec.layout.chips.at(spec.meta.accelerator).tdp.value();
}

} // namespace

TEST_CASE("a template beside the case is found whether the case is named case.toml, "
          "./case.toml or by an absolute path") {
    const fs::path dir = fresh_dir("beside");
    write(dir / "mytpl.toml", local_template);
    write(dir / "case.toml", "template = \"mytpl\"\n");
    for (const std::string& spelling :
         std::vector<std::string>{"case.toml", "./case.toml", (dir / "case.toml").string()}) {
        const auto spec = in_dir(
            dir, [&] { return cases::load_case(spelling, rackcalc_test::bundled_templates()); });
        CHECK_MESSAGE(accelerator_tdp_W(spec) == doctest::Approx(2000.0), spelling);
        REQUIRE(spec.template_chain.size() >= 2);
        CHECK(spec.template_chain[0] == "mytpl");
        CHECK(spec.template_chain[1] == "gb300-nvl72");
    }
    // From the parent folder, through a relative path with a dot segment.
    const auto spec = in_dir(dir.parent_path(), [] {
        return cases::load_case("./beside/../beside/case.toml", rackcalc_test::bundled_templates());
    });
    CHECK(accelerator_tdp_W(spec) == doctest::Approx(2000.0));
}

TEST_CASE("a local template that shadows a bundled one is read, with a warning naming both") {
    const fs::path dir = fresh_dir("shadow");
    write(dir / "gb300-nvl72.toml", R"(inherits = "gb200-nvl72"
[meta]
name = "local GB300 look-alike"
)");
    write(dir / "case.toml", "template = \"gb300-nvl72\"\n");
    for (const std::string spelling : {"case.toml", "./case.toml"}) {
        const auto spec = in_dir(
            dir, [&] { return cases::load_case(spelling, rackcalc_test::bundled_templates()); });
        CHECK(spec.meta.name == "local GB300 look-alike");
        REQUIRE(spec.warnings.size() == 1);
        const std::string w = spec.warnings.front().format("warning");
        CHECK_MESSAGE(w.find("case.toml:1:") != std::string::npos, w);
        CHECK_MESSAGE(
            w.find("warning: [template] \"gb300-nvl72\" is read from") != std::string::npos, w);
        CHECK_MESSAGE(w.find("shadows the bundled template") != std::string::npos, w);
        CHECK_MESSAGE(w.find((fs::path("cases") / "templates" / "gb300-nvl72.toml").string()) !=
                          std::string::npos,
                      w);
    }
}

TEST_CASE("the bundled example pair: both spellings of a case read the same template") {
    // cloudmatrix-384-full-price.toml names the example case cloudmatrix-384.toml beside it
    // (itself a case of the bundled template) by an explicit path.
    const fs::path examples = fs::path(RACKCALC_SOURCE_DIR) / "cases" / "examples";
    const auto bare = in_dir(examples, [] {
        return cases::load_case("cloudmatrix-384-full-price.toml",
                                rackcalc_test::bundled_templates());
    });
    const auto dotted = in_dir(examples, [] {
        return cases::load_case("./cloudmatrix-384-full-price.toml",
                                rackcalc_test::bundled_templates());
    });
    CHECK(bare.template_chain == dotted.template_chain);
    CHECK(bare.site.name == dotted.site.name);
    CHECK(bare.power.chain == dotted.power.chain);
    REQUIRE(bare.template_chain.size() == 2);
    CHECK(bare.template_chain[0] == "./cloudmatrix-384.toml");
    CHECK(bare.template_chain[1] == "cloudmatrix-384");
    CHECK(bare.warnings.empty());
    CHECK(bare.site.price_discount == 0.0);
}

TEST_CASE("template and inherits together are an error at the inherits line") {
    const fs::path dir = fresh_dir("both");
    write(dir / "case.toml", "template = \"gb300-nvl72\"\ninherits = \"gb200-nvl72\"\n");
    const std::string e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find("case.toml:2:") != std::string::npos, e);
    CHECK_MESSAGE(e.find("both `template` and `inherits`") != std::string::npos, e);
    CHECK_MESSAGE(e.find("fix: a case names its base with `template`") != std::string::npos, e);
}

TEST_CASE("a template name is looked up by name only; paths must be explicit .toml files") {
    const fs::path dir = fresh_dir("paths");
    write(dir / "secret.txt", "password = \"hunter2\"\n");
    write(dir / "case.toml", "template = \"../paths/secret.txt\"\n");
    std::string e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find("is not a .toml file") != std::string::npos, e);
    CHECK_MESSAGE(e.find("hunter2") == std::string::npos, e);

    write(dir / "case.toml", "template = \"..gb300\"\n");
    e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find("\"..gb300\" is not a template name") != std::string::npos, e);

    // An explicit path relative to the case is read.
    fs::create_directories(dir / "sub");
    write(dir / "sub" / "mine.toml", local_template);
    write(dir / "case.toml", "template = \"./sub/mine.toml\"\n");
    const auto spec = cases::load_case(dir / "case.toml", rackcalc_test::bundled_templates());
    CHECK(accelerator_tdp_W(spec) == doctest::Approx(2000.0));
}

TEST_CASE("a template not found names the case's folder and the library folders") {
    const fs::path dir = fresh_dir("missing");
    write(dir / "case.toml", "template = \"gb300-nvl27\"\n");
    const std::string e = in_dir(dir, [] { return error_of("case.toml"); });
    CHECK_MESSAGE(e.find("case.toml:1:") != std::string::npos, e);
    CHECK_MESSAGE(
        e.find("template \"gb300-nvl27\" not found in " + dir.string()) != std::string::npos, e);
    CHECK_MESSAGE(e.find("did you mean \"gb300-nvl72\"") != std::string::npos, e);
}

TEST_CASE("a sweep with parameters = [] is an error at the sweep") {
    const fs::path dir = fresh_dir("empty-sweep");
    write(dir / "case.toml", R"(template = "gb300-nvl72"
[[sweep]]
name = "nothing"
parameters = []
)");
    const std::string e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find("case.toml:4:") != std::string::npos, e);
    CHECK_MESSAGE(e.find("a sweep with no parameters sweeps nothing") != std::string::npos, e);
}

TEST_CASE("a sweep's point count cannot overflow: 2^70 points are over the limit, not 0") {
    // Seven parameters of 1024 values each: 2^70 points, which wrapped to 0 in 64 bits.
    std::string values;
    for (int i = 0; i < 1024; ++i) {
        values += (i == 0 ? "\"" : ", \"") + std::to_string(20 + i % 20) + " degC\"";
    }
    std::string text = "template = \"gb300-nvl72\"\n[[sweep]]\nname = \"huge\"\nparameters = [\n";
    for (int i = 0; i < 7; ++i) {
        text += "  { key = \"cooling.supply_temperature\", values = [" + values + "] },\n";
    }
    text += "]\n";
    const fs::path dir = fresh_dir("huge-sweep");
    write(dir / "case.toml", text);
    const std::string e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find("the number of points of sweep \"huge\"") != std::string::npos,
                  e.substr(0, 400));
    CHECK_MESSAGE(e.find("is 18446744073709551615, above the limit of 100000") != std::string::npos,
                  e.substr(0, 400));
    CHECK(e.find("--max-sweep-points") != std::string::npos);
}

TEST_CASE("racks over the limit are a located error naming --max-racks") {
    const fs::path dir = fresh_dir("hall");
    write(dir / "case.toml", R"(template = "gb300-nvl72"
[system]
row = [ { rack = "nvl72", count = 1000 }, { rack = "nvl72", count = 1000 },
        { rack = "nvl72", count = 1000 } ]
)");
    const std::string e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find("case.toml:3:") != std::string::npos, e);
    CHECK_MESSAGE(e.find("the number of racks in the row is 3000, above the limit of 2000") !=
                      std::string::npos,
                  e);
    CHECK(e.find("--max-racks") != std::string::npos);
}

TEST_CASE("climate bins must add up to a year; nan in a case is located at its key") {
    const fs::path dir = fresh_dir("climate");
    write(dir / "case.toml", R"(template = "gb300-nvl72"
[site]
price_discount = nan
climate = [ { temperature = "10 degC", hours = "4 h" }, { temperature = "30 degC", hours = "6 h" } ]
)");
    const std::string e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find("case.toml:3:18: error: [site.price_discount] price_discount = nan is "
                         "not a finite number") != std::string::npos,
                  e);
    write(dir / "case.toml", R"(template = "gb300-nvl72"
[site]
climate = [ { temperature = "10 degC", hours = "4 h" }, { temperature = "30 degC", hours = "6 h" } ]
)");
    const std::string c = error_of(dir / "case.toml");
    CHECK_MESSAGE(c.find("case.toml:3:") != std::string::npos, c);
    CHECK_MESSAGE(
        c.find("the climate bins add up to 10 h, but a year has 8760 h") != std::string::npos, c);
}

TEST_CASE("errors that had no location get one: an unknown rack id, a missing template line") {
    const fs::path dir = fresh_dir("unlocated");
    write(dir / "case.toml", R"(template = "gb300-nvl72"
[system]
row = [ { rack = "nvl7" } ]
)");
    const std::string e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find("case.toml:3:") != std::string::npos, e);
    CHECK_MESSAGE(e.find("no rack with id \"nvl7\"") != std::string::npos, e);
    CHECK_MESSAGE(e.find("did you mean \"nvl72\"?") != std::string::npos, e);

    write(dir / "case.toml", "[cooling]\nsupply_temperature = \"40 degC\"\n");
    const std::string m = error_of(dir / "case.toml");
    CHECK_MESSAGE(m.find("case.toml:1:1: error: the case names no template") != std::string::npos,
                  m);
    CHECK_MESSAGE(m.find("meta.name") == std::string::npos, m);
    CHECK_MESSAGE(m.find("start the case with template = ") != std::string::npos, m);
}

TEST_CASE("include merges files under the case's own values, each value keeping its line") {
    const fs::path dir = fresh_dir("include");
    fs::create_directories(dir / "cfd");
    write(dir / "cfd" / "plates.toml", R"([site]
name = "from the include"
price_discount = 0.25
altitude = "-900 m"
)");
    write(dir / "case.toml", R"(template = "gb300-nvl72"
include = ["cfd/plates.toml"]
[site]
price_discount = 0.5
)");
    // altitude -900 m is below the -500 m minimum: the error points into the included file.
    const std::string e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find((dir / "cfd" / "plates.toml").string() + ":4:") != std::string::npos, e);
    CHECK_MESSAGE(e.find("[site.altitude]") != std::string::npos, e);

    write(dir / "cfd" / "plates.toml", "[site]\nname = \"from the include\"\nprice_discount = "
                                       "0.25\n");
    const auto spec = cases::load_case(dir / "case.toml", rackcalc_test::bundled_templates());
    CHECK(spec.site.name == "from the include"); // from the include
    CHECK(spec.site.price_discount == 0.5);      // the case's own value wins
}

TEST_CASE("include refuses absolute paths, .. and files with their own template") {
    const fs::path dir = fresh_dir("include-bad");
    write(dir / "case.toml", "template = \"gb300-nvl72\"\ninclude = [\"/etc/passwd.toml\"]\n");
    std::string e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find("case.toml:2:") != std::string::npos, e);
    CHECK_MESSAGE(
        e.find("must be a .toml file in the case's folder or below it") != std::string::npos, e);
    write(dir / "case.toml", "template = \"gb300-nvl72\"\ninclude = [\"../x.toml\"]\n");
    e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find("must be a .toml file in the case's folder") != std::string::npos, e);
    write(dir / "inc.toml", "template = \"gb200-nvl72\"\n");
    write(dir / "case.toml", "template = \"gb300-nvl72\"\ninclude = [\"inc.toml\"]\n");
    e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find("inc.toml:1:") != std::string::npos, e);
    CHECK_MESSAGE(e.find("an included file cannot have its own template") != std::string::npos, e);
}

TEST_CASE("a swing CSV that is not a trace is rejected when the case is read (as check does), "
          "without quoting its lines") {
    const fs::path dir = fresh_dir("csv");
    write(dir / "secret.csv", "user:pass\nroot:$6$not-a-number-hash:20228:0\n");
    write(dir / "case.toml", "template = \"gb300-nvl72\"\n[power.swing]\nprofile = \"csv\"\n"
                             "csv = \"secret.csv\"\n");
    const std::string e = error_of(dir / "case.toml");
    CHECK_MESSAGE(e.find("case.toml:4:") != std::string::npos, e);
    CHECK_MESSAGE(e.find("secret.csv:2] expected two numbers") != std::string::npos, e);
    CHECK_MESSAGE(e.find("not-a-number-hash") == std::string::npos, e);
}
