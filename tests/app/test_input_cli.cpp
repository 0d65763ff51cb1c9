// Hardened input on the command line: template resolution from any working folder, warnings
// on standard error, and the exit codes of input errors.

#include "cli_runner.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("rackcalc-test-input-cli-" + std::to_string(getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write(const fs::path& file, const std::string& text) {
    std::ofstream(file) << text;
}

/// Runs `rackcalc ARGS` with `dir` as the working folder; standard error merged into out.
rackcalc_test::CliRun rackcalc_in(const fs::path& dir, const std::string& args) {
    const std::string cmd =
        "cd '" + dir.string() + "' && " + RACKCALC_BINARY + " " + args + " 2>&1";
    rackcalc_test::CliRun r;
    FILE* pipe = popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        r.out.append(buffer, n);
    }
    const int status = pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

} // namespace

TEST_CASE("check case.toml in the case's folder reads the template beside it (issue 13 #1)") {
    const fs::path dir = fresh_dir("beside");
    write(dir / "mytpl.toml", R"(inherits = "gb300-nvl72"
[meta]
name = "my derated GB300"
)");
    write(dir / "case.toml", "template = \"mytpl\"\n");
    for (const char* spelling : {"case.toml", "./case.toml"}) {
        const auto r = rackcalc_in(dir, std::string("check ") + spelling);
        CHECK_MESSAGE(r.code == 0, r.out);
        CHECK_MESSAGE(
            r.out.find("ok (my derated GB300 <- mytpl <- gb300-nvl72") != std::string::npos, r.out);
    }
}

TEST_CASE("a local template shadowing a bundled one prints a warning and still exits 0") {
    const fs::path dir = fresh_dir("shadow");
    write(dir / "gb300-nvl72.toml", R"(inherits = "gb200-nvl72"
[meta]
name = "local look-alike"
)");
    write(dir / "case.toml", "template = \"gb300-nvl72\"\n");
    const auto r = rackcalc_in(dir, "check case.toml");
    CHECK_MESSAGE(r.code == 0, r.out);
    CHECK_MESSAGE(r.out.find("case.toml:1:12: warning: [template] \"gb300-nvl72\" is read from") !=
                      std::string::npos,
                  r.out);
    CHECK_MESSAGE(r.out.find("ok (local look-alike") != std::string::npos, r.out);
}

// check runs every validation run makes (issue 13 #6: check accepted cases that run then
// rejected, with an unlocated error at line 0). Each of these passed `check` before; now both
// commands exit 2 with the same error, at the key's line, with its fix.
TEST_CASE("check and run reject the same cases, located at the key to change") {
    struct Bad {
        const char* name;
        const char* text;
        const char* where; ///< file:line:column: error: [key]
    };
    const Bad cases[] = {
        {"manifold.toml",
         "template = \"gb300-nvl72\"\n[racks.nvl72]\nmanifold = { diameter = \"0 mm\" }\n",
         "manifold.toml:3:25: error: [racks.nvl72.manifold.diameter] rack \"nvl72-01\" carries "
         "cold plates but has no manifold"},
        {"shelf.toml",
         "template = \"gb300-nvl72\"\n[trays.power_shelf]\nother_liquid_fraction = 0.5\n",
         "shelf.toml:3:25: error: [trays.power_shelf.other_liquid_fraction] power_shelf "
         "\"nvl72-01/power_shelf-01\" puts 267 W on liquid but carries no cold plate"},
        {"cdu.toml", "template = \"gb300-nvl72\"\n[cooling]\ncdu_capacity = \"0.0001 W\"\n",
         "cdu.toml:3:16: error: [cooling.cdu_capacity] the heat 1.23e+05 W needs more than 1e+06 "
         "CDUs of 0.0001 W each"},
    };
    const fs::path dir = fresh_dir("check-equals-run");
    for (const Bad& bad : cases) {
        CAPTURE(bad.name);
        write(dir / bad.name, bad.text);
        const auto check = rackcalc_in(dir, std::string("check ") + bad.name);
        const auto run = rackcalc_in(dir, std::string("run ") + bad.name + " -o out");
        CHECK(check.code == 2);
        CHECK(run.code == 2);
        CHECK(check.out.find(bad.where) != std::string::npos);
        CHECK(run.out.find(bad.where) != std::string::npos);
        CHECK(check.out.find("  fix: ") != std::string::npos);
        CHECK_FALSE(fs::exists(dir / "out"));
    }
}
