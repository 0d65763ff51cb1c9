#pragma once
// Running the rackcalc executable from the source tree, as a user would, for the CLI tests.

#include <array>
#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace rackcalc_test {

struct CliRun {
    int code = -1;
    std::string out; ///< standard output (and standard error when merged)
    std::string err; ///< standard error when not merged
};

inline std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Runs `rackcalc ARGS` in the source tree. Standard error goes to a file of this process
/// (CTest runs test cases in parallel, each in its own process), or into `out` when merged.
/// `env` is prepended to the command (`NAME=value ...`).
inline CliRun run_rackcalc(const std::string& args, bool merge_stderr = false,
                           const std::string& env = "") {
    const std::filesystem::path err_file =
        std::filesystem::temp_directory_path() /
        ("rackcalc-test-stderr-" + std::to_string(getpid()) + ".txt");
    const std::string cmd = std::string("cd ") + RACKCALC_SOURCE_DIR + " && " + env + " " +
                            RACKCALC_BINARY + " " + args +
                            (merge_stderr ? " 2>&1" : " 2>" + err_file.string());
    CliRun r;
    FILE* pipe = popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        r.out.append(buffer.data(), n);
    }
    const int status = pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (!merge_stderr) {
        r.err = read_file(err_file);
    }
    return r;
}

} // namespace rackcalc_test
