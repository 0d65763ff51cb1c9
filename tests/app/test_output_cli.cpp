// All-or-nothing output (issue 13 #3): `run -o` swaps a whole folder in, refuses targets it
// must not replace, reports an unwritable output with exit 5, and a run killed at any point
// leaves the target absent, the complete old run or the complete new run.

#include "cli_runner.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("rackcalc-test-output-" + std::to_string(getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// A case with one sweep named `sweep`, so each run's files name the run that wrote them.
fs::path sweep_case(const fs::path& dir, const std::string& sweep) {
    const fs::path file = dir / (sweep + ".toml");
    std::ofstream(file) << "template = \"gb300-nvl72\"\n[[sweep]]\nname = \"" << sweep
                        << "\"\nparameters = [ { key = \"cooling.supply_temperature\", values = "
                           "[\"30 degC\", \"35 degC\", \"40 degC\"] } ]\n";
    return file;
}

/// Every entry under `dir` (relative paths), with each file's size.
std::set<std::string> listing(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        out.insert(fs::relative(e.path(), dir).string() +
                   (e.is_regular_file() ? " " + std::to_string(e.file_size()) : ""));
    }
    return out;
}

/// Runs rackcalc; true when it wrote its output: exit 0, or 3 (the design does not work,
/// e.g. an infeasible sweep point; the folder is written either way).
bool wrote(const std::string& args) {
    const int code = rackcalc_test::run_rackcalc(args).code;
    return code == 0 || code == 3;
}

std::vector<std::string> beside(const fs::path& target, const std::string& prefix) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(target.parent_path())) {
        const std::string n = e.path().filename().string();
        if (n.rfind(prefix, 0) == 0) {
            names.push_back(n);
        }
    }
    return names;
}

} // namespace

TEST_CASE("run -o replaces a whole earlier run: no file of the old run survives") {
    const fs::path dir = fresh_dir("replace");
    const fs::path out = dir / "out";
    REQUIRE(wrote("run " + sweep_case(dir, "old").string() + " -o " + out.string()));
    CHECK(fs::exists(out / "sweep-old.csv"));
    CHECK(fs::exists(out / ".rackcalc-output"));
    REQUIRE(wrote("run " + sweep_case(dir, "new").string() + " -o " + out.string()));
    CHECK(fs::exists(out / "sweep-new.csv"));
    CHECK_FALSE(fs::exists(out / "sweep-old.csv"));
    CHECK(beside(out, ".rackcalc-tmp-").empty());
}

TEST_CASE("-o that is empty, a file, or a foreign folder is refused with exit 5") {
    const fs::path dir = fresh_dir("refuse");
    const std::string c = sweep_case(dir, "s").string();
    auto r = rackcalc_test::run_rackcalc("run " + c + " -o \"\"");
    CHECK(r.code == 5);
    CHECK_MESSAGE(r.err.find("cannot write the output: the output folder (-o) is empty") !=
                      std::string::npos,
                  r.err);
    std::ofstream(dir / "afile") << "x";
    r = rackcalc_test::run_rackcalc("run " + c + " -o " + (dir / "afile").string());
    CHECK(r.code == 5);
    CHECK(r.err.find("names a file, not a folder") != std::string::npos);
    fs::create_directories(dir / "mine");
    std::ofstream(dir / "mine" / "thesis.tex") << "precious";
    r = rackcalc_test::run_rackcalc("run " + c + " -o " + (dir / "mine").string());
    CHECK(r.code == 5);
    CHECK(r.err.find("holds files RackCalc did not write") != std::string::npos);
    CHECK(r.err.find("--force") != std::string::npos);
    CHECK(fs::exists(dir / "mine" / "thesis.tex"));
    // --force replaces it.
    r = rackcalc_test::run_rackcalc("run " + c + " -o " + (dir / "mine").string() + " --force");
    CHECK((r.code == 0 || r.code == 3));
    CHECK_FALSE(fs::exists(dir / "mine" / "thesis.tex"));
    CHECK(fs::exists(dir / "mine" / "sweep-s.csv"));
}

TEST_CASE("stale staging folders of a killed run are removed by the next run") {
    const fs::path dir = fresh_dir("stale");
    const fs::path out = dir / "out";
    // A process id that cannot be alive: above the kernel's pid_max ceiling (2^22).
    fs::create_directories(dir / ".rackcalc-tmp-out-99999999-deadbeef" / "rack");
    fs::create_directories(dir / ".rackcalc-tmp-other-99999999-deadbeef");
    REQUIRE(wrote("run " + sweep_case(dir, "s").string() + " -o " + out.string()));
    CHECK_FALSE(fs::exists(dir / ".rackcalc-tmp-out-99999999-deadbeef"));
    CHECK(fs::exists(dir / ".rackcalc-tmp-other-99999999-deadbeef")); // another target's
}

TEST_CASE("SIGKILL at 20 random points of a run with a sweep never leaves a mixed or partial "
          "folder") {
    const fs::path dir = fresh_dir("kill");
    const fs::path old_case = sweep_case(dir, "old");
    const fs::path new_case = sweep_case(dir, "new");
    // Reference runs: the complete old and new folders.
    const fs::path old_ref = dir / "old-ref";
    const fs::path new_ref = dir / "new-ref";
    REQUIRE(wrote("run " + old_case.string() + " -o " + old_ref.string()));
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(wrote("run " + new_case.string() + " -o " + new_ref.string()));
    const double full_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto old_files = listing(old_ref);
    const auto new_files = listing(new_ref);
    REQUIRE(old_files != new_files);

    std::mt19937 random(13); // fixed seed: the same kill points every run
    std::uniform_real_distribution<double> when(0.0, 1.2 * full_s);
    const fs::path target = dir / "out";
    int saw_old = 0;
    int saw_new = 0;
    for (int kill_number = 0; kill_number < 20; ++kill_number) {
        fs::remove_all(target);
        fs::copy(old_ref, target, fs::copy_options::recursive);
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            const int null = ::open("/dev/null", O_WRONLY);
            dup2(null, 1);
            dup2(null, 2);
            execl(RACKCALC_BINARY, RACKCALC_BINARY, "run", new_case.c_str(), "-o", target.c_str(),
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        std::this_thread::sleep_for(std::chrono::duration<double>(when(random)));
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        if (!fs::exists(target)) {
            continue; // absent is allowed
        }
        const auto now = listing(target);
        const bool is_old = now == old_files;
        const bool is_new = now == new_files;
        CHECK_MESSAGE((is_old || is_new), "kill " << kill_number << " left a mixed folder");
        saw_old += is_old ? 1 : 0;
        saw_new += is_new ? 1 : 0;
    }
    MESSAGE("kills that left the old run: " << saw_old << ", the new run: " << saw_new);
    // The next run cleans every staging folder the kills left.
    REQUIRE(wrote("run " + new_case.string() + " -o " + target.string()));
    CHECK(listing(target) == new_files);
    CHECK(beside(target, ".rackcalc-tmp-out-").empty());
}

// geometry -o and thermal -o write their folders whole too (issue 13 #3, issue 10: a
// `thermal -o` into a run's folder used to overwrite rack.vtm beside a report it no longer
// matched).
TEST_CASE("geometry -o and thermal -o replace a whole folder and refuse a foreign one") {
    const fs::path dir = fresh_dir("geometry-thermal");
    const fs::path out = dir / "out";
    const std::string c = sweep_case(dir, "s").string();
    REQUIRE(wrote("run " + c + " -o " + out.string()));
    REQUIRE(fs::exists(out / "report.html"));
    // thermal over the run's folder: the folder is thermal's alone afterwards.
    REQUIRE(wrote("thermal " + c + " -o " + out.string()));
    CHECK(fs::exists(out / "rack.vtm"));
    CHECK(fs::exists(out / "loop.vtp"));
    CHECK(fs::exists(out / ".rackcalc-output"));
    CHECK_FALSE(fs::exists(out / "report.html"));
    CHECK_FALSE(fs::exists(out / "sweep-s.csv"));
    // geometry over it: no loop.vtp of the thermal run survives.
    REQUIRE(wrote("geometry " + c + " -o " + out.string()));
    CHECK(fs::exists(out / "rack.vtm"));
    CHECK_FALSE(fs::exists(out / "loop.vtp"));
    CHECK(beside(out, ".rackcalc-tmp-").empty());
    // A folder RackCalc did not make is refused (exit 5, nothing touched) unless --force.
    fs::create_directories(dir / "mine");
    std::ofstream(dir / "mine" / "notes.txt") << "precious";
    for (const char* command : {"geometry ", "thermal "}) {
        CAPTURE(command);
        const auto r = rackcalc_test::run_rackcalc(command + c + " -o " + (dir / "mine").string());
        CHECK(r.code == 5);
        CHECK(r.err.find("holds files RackCalc did not write") != std::string::npos);
        CHECK(fs::exists(dir / "mine" / "notes.txt"));
    }
    REQUIRE(wrote("geometry " + c + " -o " + (dir / "mine").string() + " --force"));
    CHECK_FALSE(fs::exists(dir / "mine" / "notes.txt"));
    CHECK(fs::exists(dir / "mine" / "rack.vtm"));
}
