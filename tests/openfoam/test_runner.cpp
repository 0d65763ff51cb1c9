// The OpenFOAM process runner and log monitor. Most cases use small stand-in programs
// (shell scripts written by the test into a temporary bin folder) so that the runner's own
// logic runs without OpenFOAM: environment, logs, divergence, time limit, missing program,
// failure. The cases in TEST_SUITE("openfoam") run real OpenFOAM utilities on meshes from
// the hex mesher (select them with `ctest -L openfoam`).

#include "geometry/hex_mesh.hpp"
#include "geometry/polymesh_writer.hpp"
#include "thermal/openfoam/runner.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace rackcalc;
using namespace rackcalc::openfoam;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("rackcalc-test-runner-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A stand-in program: an executable script in `bin` (the runner itself uses no shell).
void fake_program(const fs::path& bin, const std::string& name, const std::string& body) {
    const fs::path p = bin / name;
    std::ofstream(p) << "#!/bin/sh\n" << body << "\n";
    fs::permissions(p, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
}

Installation fake_installation(const fs::path& bin) {
    Installation inst;
    inst.project_dir = "/usr/share/openfoam";
    inst.bin_dirs = {bin};
    return inst;
}

const fs::path data_dir = fs::path(RACKCALC_SOURCE_DIR) / "tests" / "openfoam" / "data";

} // namespace

TEST_CASE("log monitor: residuals per region, time steps and temperature range") {
    LogMonitor mon;
    std::ifstream in(data_dir / "diverging.log");
    std::string line;
    while (std::getline(in, line) && line != "Time = 3") { // the first two steps
        mon.feed(line);
    }
    const LogState& s = mon.state();
    CHECK(s.time == doctest::Approx(2.0));
    CHECK(s.time_steps == 2);
    CHECK(s.initial_residual.at("coolant/Ux") == doctest::Approx(0.2));
    CHECK(s.initial_residual.at("coolant/p_rgh") == doctest::Approx(0.1));
    CHECK(s.initial_residual.at("plate/h") == doctest::Approx(0.4));
    CHECK(s.max_initial_residual() == doctest::Approx(0.4));
    CHECK(*s.T_max_seen == doctest::Approx(331.0));
    CHECK(*s.T_min_seen == doctest::Approx(313.15));
    CHECK_FALSE(s.divergence.has_value());
    // The rest of the file has a nan residual.
    mon.feed(line);
    while (std::getline(in, line)) {
        mon.feed(line);
    }
    REQUIRE(mon.state().divergence.has_value());
    CHECK(*mon.state().divergence == "initial residual of coolant/Ux is nan at time 3");
}

TEST_CASE("log monitor: blow-up, non-physical temperature, FPE and fatal errors") {
    {
        LogMonitor mon;
        mon.feed("GAMG:  Solving for p, Initial residual = 1e-05, Final residual = 1e-7, No "
                 "Iterations 3");
        mon.feed("GAMG:  Solving for p, Initial residual = 0.001, Final residual = 1e-5, No "
                 "Iterations 3");
        CHECK_FALSE(mon.state().divergence.has_value()); // grew 100x but below the floor
        mon.feed("GAMG:  Solving for p, Initial residual = 0.5, Final residual = 0.01, No "
                 "Iterations 3");
        REQUIRE(mon.state().divergence.has_value());
        CHECK(*mon.state().divergence == "initial residual of p grew from 1e-05 to 0.5 at time 0");
    }
    {
        LogMonitor mon;
        mon.feed("Time = 7");
        mon.feed("Solving for solid region die");
        mon.feed("Min/max T:-3.5 400");
        REQUIRE(mon.state().divergence.has_value());
        CHECK(*mon.state().divergence ==
              "temperature -3.5 .. 400 K in region die left the physical range 1 .. 5000 K at "
              "time 7");
    }
    {
        LogMonitor mon;
        mon.feed("trapFpe: Floating point exception trapping enabled (FOAM_SIGFPE).");
        CHECK_FALSE(mon.state().divergence.has_value()); // start-up banner, not an FPE
        mon.feed("#0  Foam::error::printStack(Foam::Ostream&) at ??:?");
        mon.feed("#1  Foam::sigFpe::sigHandler(int) at ??:?");
        CHECK(mon.state().divergence.has_value());
    }
    {
        LogMonitor mon;
        mon.feed("--> FOAM FATAL ERROR: ");
        mon.feed("cannot find file \"/tmp/x/0/U\"");
        mon.feed("");
        mon.feed("    From function virtual Foam::autoPtr<Foam::ISstream> ...");
        REQUIRE(mon.state().fatal_error.has_value());
        CHECK(mon.state().fatal_error->find("cannot find file") != std::string::npos);
        CHECK_FALSE(mon.state().divergence.has_value());
    }
}

TEST_CASE("runner: environment, -case argument and the log file in the case folder") {
    const fs::path bin = fresh_dir("bin-env");
    const fs::path case_dir = fresh_dir("case-env");
    fake_program(bin, "fakeFoam",
                 "echo \"WM_PROJECT_DIR=$WM_PROJECT_DIR\"\n"
                 "echo \"OMPI=$OMPI_ALLOW_RUN_AS_ROOT/$OMPI_ALLOW_RUN_AS_ROOT_CONFIRM\"\n"
                 "echo \"ARGS=$*\"\necho Time = 1\necho Time = 2\necho End");
    const Runner runner(fake_installation(bin));
    RunRequest req;
    req.case_dir = case_dir;
    req.program = "fakeFoam";
    req.args = {"-region", "coolant"};
    int progress_calls = 0;
    req.on_progress = [&](const LogState&, double) { ++progress_calls; };
    const RunResult r = runner.run(req);
    CHECK(r.status == RunStatus::completed);
    CHECK(r.exit_code == 0);
    CHECK(r.log == case_dir / "log.fakeFoam");
    const std::string log = read_text(r.log);
    CHECK(log.find("WM_PROJECT_DIR=/usr/share/openfoam\n") != std::string::npos);
    CHECK(log.find("OMPI=1/1\n") != std::string::npos);
    CHECK(log.find("ARGS=-region coolant -case " + fs::absolute(case_dir).string()) !=
          std::string::npos);
    CHECK(progress_calls == 2);
    CHECK(r.log_state.ended);
}

TEST_CASE("runner: a diverging run is stopped and reported as diverged") {
    const fs::path bin = fresh_dir("bin-div");
    const fs::path case_dir = fresh_dir("case-div");
    // Prints the diverging log, then would run on for a minute.
    fake_program(bin, "chtMultiRegionSimpleFoam",
                 "cat '" + (data_dir / "diverging.log").string() + "'\nexec sleep 60");
    const Runner runner(fake_installation(bin));
    RunRequest req;
    req.case_dir = case_dir;
    req.program = "chtMultiRegionSimpleFoam";
    req.time_limit_s = 30.0;
    const RunResult r = runner.run(req);
    CHECK(r.status == RunStatus::diverged);
    CHECK_FALSE(r.ok());
    CHECK(r.wall_s < 20.0);
    CHECK(r.message.find("chtMultiRegionSimpleFoam diverged: initial residual of coolant/Ux is "
                         "nan at time 3; stopped (log: ") == 0);
}

TEST_CASE("runner: a run past its wall-time limit is stopped and says so") {
    const fs::path bin = fresh_dir("bin-time");
    const fs::path case_dir = fresh_dir("case-time");
    fake_program(bin, "slowFoam", "echo Time = 1\nexec sleep 60");
    const Runner runner(fake_installation(bin));
    RunRequest req;
    req.case_dir = case_dir;
    req.program = "slowFoam";
    req.time_limit_s = 0.5;
    const RunResult r = runner.run(req);
    CHECK(r.status == RunStatus::time_limit);
    CHECK(r.wall_s < 10.0);
    CHECK(r.message.find(
              "slowFoam passed its wall-time limit of 0.5 s at time 1; stopped (log: ") == 0);
}

TEST_CASE("runner: a met stop condition writes the stop file and the run ends normally") {
    const fs::path bin = fresh_dir("bin-stop");
    const fs::path case_dir = fresh_dir("case-stop");
    // Stands in for a solver with the abort function object: ends when the file appears.
    fake_program(bin, "steadyFoam",
                 "i=0\nwhile [ $i -lt 600 ]; do i=$((i+1)); echo \"Time = $i\"; "
                 "echo \"GAMG:  Solving for p, Initial residual = 0.$((1000 - i)), Final "
                 "residual = 0.001, No Iterations 2\"; "
                 "if [ -f stop ]; then echo End; exit 0; fi; sleep 0.01; done; exit 3");
    const Runner runner(fake_installation(bin));
    RunRequest req;
    req.case_dir = case_dir;
    req.program = "steadyFoam";
    req.stop_file = case_dir / "stop";
    req.stop_when = [](const LogState& s) { return s.time >= 5.0; };
    req.time_limit_s = 30.0;
    // The script looks for ./stop: run it from the case folder by giving it as working dir.
    const auto cwd = fs::current_path();
    fs::current_path(case_dir);
    const RunResult r = runner.run(req);
    fs::current_path(cwd);
    CHECK(r.status == RunStatus::completed);
    CHECK(r.converged);
    CHECK(r.log_state.ended);
    CHECK(r.log_state.time >= 5.0);
    CHECK(r.log_state.time < 100.0);
    CHECK(stop_file_function_object(case_dir / "stop").find("type            abort;") !=
          std::string::npos);
}

TEST_CASE("runner: missing program and failing program") {
    const fs::path bin = fresh_dir("bin-fail");
    const fs::path case_dir = fresh_dir("case-fail");
    const Runner runner(fake_installation(bin));
    RunRequest req;
    req.case_dir = case_dir;
    req.program = "chtMultiRegionSimpleFoam";
    RunResult r = runner.run(req);
    CHECK(r.status == RunStatus::not_found);
    CHECK(r.message.find("OpenFOAM is not installed: 'chtMultiRegionSimpleFoam' was not found") ==
          0);
    CHECK(check_installation(fake_installation(bin)).find("apt-get install openfoam") !=
          std::string::npos);

    fake_program(bin, "brokenFoam",
                 "echo '--> FOAM FATAL ERROR: '\necho 'cannot find file \"0/U\"'\nexit 1");
    req.program = "brokenFoam";
    r = runner.run(req);
    CHECK(r.status == RunStatus::failed);
    CHECK(r.exit_code == 1);
    CHECK(r.message.find("brokenFoam failed: cannot find file \"0/U\"") == 0);

    req.np = 2; // no mpirun in this bin folder
    r = runner.run(req);
    CHECK(r.status == RunStatus::not_found);
    CHECK(r.message.find("'mpirun' was not found") != std::string::npos);
}

TEST_CASE("decomposeParDict: simple method along the longest axis, np must match") {
    const Decomposition d = split_along_longest(2, {0.0002, 0.04, 0.005});
    CHECK(d.n == std::array<int, 3>{1, 2, 1});
    CHECK(decompose_par_dict(d) == "numberOfSubdomains 2;\n\nmethod          simple;\n\n"
                                   "coeffs\n{\n    n               (1 2 1);\n}\n");
    Decomposition bad = d;
    bad.np = 3;
    CHECK_THROWS_WITH_AS(write_decompose_par_dict(fresh_dir("dec"), bad),
                         doctest::Contains("nx*ny*nz = np"), std::invalid_argument);
    const fs::path case_dir = fresh_dir("dec-regions");
    write_decompose_par_dict(case_dir, d, {"coolant", "plate"});
    CHECK(fs::exists(case_dir / "system" / "decomposeParDict"));
    CHECK(fs::exists(case_dir / "system" / "coolant" / "decomposeParDict"));
    CHECK(fs::exists(case_dir / "system" / "plate" / "decomposeParDict"));
}

TEST_SUITE("openfoam") {

    namespace {

    /// A two-zone mesh with an obstacle, and the minimal system files checkMesh needs.
    fs::path mesh_case(const std::string& name) {
        const fs::path case_dir = fresh_dir(name);
        geometry::HexMeshSpec s;
        s.domain = {{0, 0, 0}, {0.01, 0.004, 0.003}};
        s.spacing = {geometry::AxisSpacing{0.0005, 1, 0.0001, 1.3}, geometry::AxisSpacing{0.0005},
                     geometry::AxisSpacing{0.0005}};
        s.domain_patches = {
            geometry::PatchSpec{"inlet", "patch"}, geometry::PatchSpec{"outlet", "patch"},
            geometry::PatchSpec{"walls", "wall"},  geometry::PatchSpec{"walls", "wall"},
            geometry::PatchSpec{"walls", "wall"},  geometry::PatchSpec{"walls", "wall"}};
        s.background_zone = "fluid";
        geometry::MeshBox base;
        base.box = {{0, 0, 0}, {0.01, 0.004, 0.001}};
        base.zone = "solid";
        s.boxes.push_back(base);
        geometry::MeshBox hole;
        hole.box = {{0.004, 0.001, 0.001}, {0.006, 0.003, 0.002}};
        hole.meshed = false;
        hole.patch = {"obstacle", "wall"};
        s.boxes.push_back(hole);
        geometry::write_polymesh(geometry::build_hex_mesh(s), case_dir / "constant" / "polyMesh");
        fs::create_directories(case_dir / "system");
        std::ofstream(case_dir / "system" / "controlDict")
            << geometry::foam_file_header("dictionary", "system", "controlDict")
            << "application checkMesh;\nstartFrom latestTime;\nstartTime 0;\nstopAt endTime;\n"
               "endTime 1;\ndeltaT 1;\nwriteControl timeStep;\nwriteInterval 1;\n";
        std::ofstream(case_dir / "system" / "fvSchemes")
            << geometry::foam_file_header("dictionary", "system", "fvSchemes")
            << "ddtSchemes {}\ngradSchemes {}\ndivSchemes {}\nlaplacianSchemes {}\n"
               "interpolationSchemes {}\nsnGradSchemes {}\n";
        std::ofstream(case_dir / "system" / "fvSolution")
            << geometry::foam_file_header("dictionary", "system", "fvSolution") << "\n";
        return case_dir;
    }

    } // namespace

    TEST_CASE("checkMesh accepts the hex mesher's output and splitMeshRegions splits it") {
        const Runner runner;
        if (!check_installation(runner.installation(), "checkMesh").empty()) {
            MESSAGE("OpenFOAM not installed: skipped");
            return;
        }
        const fs::path case_dir = mesh_case("checkmesh");
        RunRequest req;
        req.case_dir = case_dir;
        req.program = "checkMesh";
        req.watch_divergence = false;
        RunResult r = runner.run(req);
        REQUIRE_MESSAGE(r.ok(), r.message);
        const std::string log = read_text(r.log);
        CHECK(log.find("\nMesh OK.") != std::string::npos);
        CHECK(log.find("***") == std::string::npos); // checkMesh marks every failed check so
        CHECK(log.find("hexahedra:     ") != std::string::npos);

        req.program = "splitMeshRegions";
        req.args = {"-cellZones", "-overwrite"};
        r = runner.run(req);
        REQUIRE_MESSAGE(r.ok(), r.message);
        for (const std::string region : {"solid", "fluid"}) {
            req.program = "checkMesh";
            req.args = {"-region", region};
            req.log_name = "log.checkMesh." + region;
            r = runner.run(req);
            REQUIRE_MESSAGE(r.ok(), r.message);
            const std::string region_log = read_text(r.log);
            CHECK(region_log.find("\nMesh OK.") != std::string::npos);
            CHECK(region_log.find(region == "solid" ? "solid_to_fluid" : "fluid_to_solid") !=
                  std::string::npos);
        }
    }

    TEST_CASE("a broken mesh fails checkMesh and the runner reports it") {
        const Runner runner;
        if (!check_installation(runner.installation(), "checkMesh").empty()) {
            MESSAGE("OpenFOAM not installed: skipped");
            return;
        }
        const fs::path case_dir = mesh_case("broken");
        // Cut the owner list short: the face count no longer matches.
        const fs::path owner = case_dir / "constant" / "polyMesh" / "owner";
        std::string text = read_text(owner);
        const auto count_at = text.find("\n(\n") - 1;
        auto line_start = text.rfind('\n', count_at) + 1;
        text.replace(line_start, count_at + 1 - line_start, "10");
        text = text.substr(0, text.find("\n(\n") + 3) + "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n)\n";
        std::ofstream(owner) << text;
        RunRequest req;
        req.case_dir = case_dir;
        req.program = "checkMesh";
        req.watch_divergence = false;
        const RunResult r = runner.run(req);
        CHECK(r.status == RunStatus::failed);
        CHECK(r.message.find("checkMesh failed: ") == 0);
    }

} // TEST_SUITE
