// rackcalc cfd coldplate and cfd airflow from the command line: the ways they must refuse
// or fail, each with its exit code and a message naming the cause, and never a result file
// from a failed run. (The successful paths and their physics are tested in tests/openfoam/
// and validation/.)

#include "cli_runner.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using rackcalc_test::run_rackcalc;

namespace {

fs::path fresh_dir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("rackcalc-cfd-cli-" + name + "-" + std::to_string(getpid()));
    fs::remove_all(dir);
    return dir;
}

bool has_performance_file(const fs::path& dir) {
    if (!fs::exists(dir)) {
        return false;
    }
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().filename().string().starts_with("plate-")) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("cfd coldplate: an unknown plate id is an input error (exit 2) naming the id") {
    const fs::path out = fresh_dir("plate");
    const auto r = run_rackcalc("cfd coldplate cases/examples/gb300-nvl72.toml --plate nosuch -o " +
                                out.string());
    CHECK(r.code == 2);
    CHECK(r.err.find("nosuch") != std::string::npos);
    CHECK_FALSE(has_performance_file(out));
    fs::remove_all(out);
}

TEST_CASE("cfd coldplate: a flow that is not positive or not a flow is an input error") {
    const fs::path out = fresh_dir("flows");
    auto r = run_rackcalc("cfd coldplate cases/examples/gb300-nvl72.toml --flows \"-1 L/min\" -o " +
                          out.string());
    CHECK(r.code == 2);
    CHECK(r.err.find("--flows") != std::string::npos);
    r = run_rackcalc("cfd coldplate cases/examples/gb300-nvl72.toml --flows \"2 kW\" -o " +
                     out.string());
    CHECK(r.code == 2);
    CHECK(r.err.find("--flows") != std::string::npos);
    r = run_rackcalc("cfd coldplate cases/examples/gb300-nvl72.toml --flows \"2 L/min\" -o " +
                     out.string());
    CHECK(r.code == 2);
    CHECK(r.err.find("at least two") != std::string::npos);
    CHECK_FALSE(has_performance_file(out));
    fs::remove_all(out);
}

TEST_CASE("cfd coldplate: OpenFOAM missing is a solver failure (exit 6) that says how to fix "
          "it") {
    const fs::path out = fresh_dir("missing");
    const auto r = run_rackcalc(
        "cfd coldplate cases/examples/gb300-nvl72.toml --flows \"2 L/min\" \"4 L/min\" "
        "-o " +
            out.string(),
        false, "RACKCALC_OPENFOAM_DIR=/nonexistent-openfoam");
    CHECK(r.code == 6);
    CHECK(r.err.find("RACKCALC_OPENFOAM_DIR") != std::string::npos);
    CHECK(r.err.find("no performance file was written") != std::string::npos);
    CHECK_FALSE(has_performance_file(out));
    fs::remove_all(out);
}

TEST_CASE("cfd coldplate: a run past its time limit is a solver failure (exit 6), not a result") {
    const fs::path out = fresh_dir("limit");
    const auto r = run_rackcalc(
        "cfd coldplate cases/examples/gb300-nvl72.toml --flows \"2 L/min\" \"4 L/min\" "
        "--time-limit 2 -o " +
        out.string());
    CHECK(r.code == 6);
    CHECK(r.err.find("time limit") != std::string::npos);
    CHECK_FALSE(has_performance_file(out));
    fs::remove_all(out);
}

TEST_CASE("cfd airflow: a run stopped at its iteration limit is a solver failure (exit 6) and "
          "writes no result") {
    const fs::path out = fresh_dir("airflow-limit");
    const auto r = run_rackcalc("cfd airflow cases/examples/gb200-nvl72.toml --iterations 20 "
                                "--cell 0.2 -o " +
                                out.string());
    CHECK(r.code == 6);
    CHECK(r.err.find("iteration limit") != std::string::npos);
    CHECK(r.err.find("heat balance") != std::string::npos);
    CHECK_FALSE(fs::exists(out / "airflow.json"));
    CHECK_FALSE(fs::exists(out / "airflow.csv"));
    CHECK(fs::exists(out / "openfoam" / "log.buoyantBoussinesqSimpleFoam"));
    fs::remove_all(out);
}
