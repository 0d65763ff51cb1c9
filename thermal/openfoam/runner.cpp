#include "thermal/openfoam/runner.hpp"

#include "geometry/polymesh_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace rackcalc::openfoam {

namespace fs = std::filesystem;

Installation default_installation() {
    Installation inst;
    if (const char* dir = std::getenv("RACKCALC_OPENFOAM_DIR"); dir != nullptr && *dir != 0) {
        inst.project_dir = dir;
    } else if (const char* wm = std::getenv("WM_PROJECT_DIR"); wm != nullptr && *wm != 0) {
        inst.project_dir = wm;
    }
    inst.bin_dirs.clear();
    if (const char* bin = std::getenv("RACKCALC_OPENFOAM_BIN"); bin != nullptr && *bin != 0) {
        inst.bin_dirs.emplace_back(bin);
    }
    if (const char* path = std::getenv("PATH"); path != nullptr) {
        std::string_view rest(path);
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const auto part = rest.substr(0, colon);
            if (!part.empty()) {
                inst.bin_dirs.emplace_back(std::string(part));
            }
            if (colon == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(colon + 1);
        }
    }
    inst.bin_dirs.emplace_back("/usr/bin");
    return inst;
}

std::optional<fs::path> find_program(const Installation& installation, const std::string& name) {
    for (const auto& dir : installation.bin_dirs) {
        const fs::path p = dir / name;
        if (::access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p)) {
            return p;
        }
    }
    return std::nullopt;
}

std::string check_installation(const Installation& installation, const std::string& solver) {
    if (!find_program(installation, solver)) {
        return "OpenFOAM is not installed: '" + solver +
               "' was not found on the search path (Debian 12: apt-get install openfoam; or "
               "set RACKCALC_OPENFOAM_BIN to the folder that holds it)";
    }
    if (!fs::exists(installation.project_dir / "etc" / "controlDict")) {
        return "OpenFOAM's project folder " + installation.project_dir.string() +
               " has no etc/controlDict (set RACKCALC_OPENFOAM_DIR to the installation, "
               "Debian: /usr/share/openfoam)";
    }
    return {};
}

std::string_view to_string(RunStatus status) {
    switch (status) {
    case RunStatus::completed:
        return "completed";
    case RunStatus::not_found:
        return "not found";
    case RunStatus::failed:
        return "failed";
    case RunStatus::diverged:
        return "diverged";
    case RunStatus::time_limit:
        return "time limit";
    }
    return "unknown";
}

Runner::Runner(Installation installation) : installation_(std::move(installation)) {}

namespace {

/// The parent's environment with OpenFOAM's and OpenMPI's variables set.
std::vector<std::string> child_environment(const Installation& inst) {
    const std::vector<std::pair<std::string, std::string>> set = {
        {"WM_PROJECT_DIR", inst.project_dir.string()},
        {"OMPI_ALLOW_RUN_AS_ROOT", "1"},
        {"OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1"},
        // OpenMPI warns about and slows down on shared-memory transports in containers.
        {"OMPI_MCA_btl_vader_single_copy_mechanism", "none"},
    };
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view entry(*e);
        const bool overridden = std::any_of(set.begin(), set.end(), [&](const auto& kv) {
            return entry.rfind(kv.first + "=", 0) == 0;
        });
        if (!overridden) {
            env.emplace_back(entry);
        }
    }
    for (const auto& [k, v] : set) {
        env.push_back(k + "=" + v);
    }
    return env;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
    std::vector<char*> out;
    out.reserve(v.size() + 1);
    for (auto& s : v) {
        out.push_back(s.data());
    }
    out.push_back(nullptr);
    return out;
}

/// A number with up to 4 significant digits, for messages ("0.5", "152", "1e+04").
std::string short_number(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 4);
    return std::string(buf, r.ptr);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// The running child's process group, for the signal forwarder (one run at a time).
volatile std::sig_atomic_t running_group = 0;

/// Ctrl-C or a kill of rackcalc reaches the OpenFOAM programs too (they run in their own
/// process group, so the terminal's signal would miss them), then ends rackcalc as usual.
extern "C" void forward_signal(int sig) {
    if (running_group > 0) {
        ::kill(-static_cast<pid_t>(running_group), SIGTERM);
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

/// Installs forward_signal for SIGINT, SIGTERM and SIGHUP while it lives.
class SignalForwarder {
public:
    explicit SignalForwarder(pid_t group) {
        running_group = static_cast<std::sig_atomic_t>(group);
        for (std::size_t i = 0; i < signals_.size(); ++i) {
            previous_[i] = std::signal(signals_[i], forward_signal);
        }
    }
    ~SignalForwarder() {
        for (std::size_t i = 0; i < signals_.size(); ++i) {
            std::signal(signals_[i], previous_[i]);
        }
        running_group = 0;
    }
    SignalForwarder(const SignalForwarder&) = delete;
    SignalForwarder& operator=(const SignalForwarder&) = delete;

private:
    static constexpr std::array<int, 3> signals_{SIGINT, SIGTERM, SIGHUP};
    std::array<void (*)(int), 3> previous_{};
};

/// Stops the whole process group: SIGTERM, then SIGKILL after a grace period.
void stop_group(pid_t pid) {
    ::kill(-pid, SIGTERM);
    for (int i = 0; i < 30; ++i) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            ::kill(-pid, SIGKILL); // stray children of mpirun
            return;
        }
        ::usleep(100000);
    }
    ::kill(-pid, SIGKILL);
}

} // namespace

RunResult Runner::run(const RunRequest& request) const {
    RunResult result;
    const std::string log_name =
        request.log_name.empty() ? "log." + request.program : request.log_name;
    result.log = request.case_dir / log_name;

    const auto program = find_program(installation_, request.program);
    std::optional<fs::path> mpirun;
    if (request.np > 1) {
        mpirun = find_program(installation_, "mpirun");
    }
    if (!program || (request.np > 1 && !mpirun)) {
        result.status = RunStatus::not_found;
        result.message = "OpenFOAM is not installed: '" +
                         (program ? std::string("mpirun") : request.program) +
                         "' was not found (Debian 12: apt-get install openfoam; or set "
                         "RACKCALC_OPENFOAM_BIN to the folder that holds it)";
        return result;
    }

    std::vector<std::string> argv;
    if (request.np > 1) {
        argv = {mpirun->string(),  "-np",      std::to_string(request.np), "--oversubscribe",
                program->string(), "-parallel"};
    } else {
        argv = {program->string()};
    }
    argv.insert(argv.end(), request.args.begin(), request.args.end());
    argv.push_back("-case");
    argv.push_back(fs::absolute(request.case_dir).string());

    if (!request.stop_file.empty()) {
        fs::remove(request.stop_file); // left over from an earlier run
    }
    std::ofstream log(result.log, std::ios::binary | std::ios::trunc);
    if (!log) {
        throw std::runtime_error("cannot write the log " + result.log.string());
    }

    int pipe_fd[2];
    if (::pipe(pipe_fd) != 0) {
        throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, pipe_fd[1], 1);
    posix_spawn_file_actions_adddup2(&actions, pipe_fd[1], 2);
    posix_spawn_file_actions_addclose(&actions, pipe_fd[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_fd[1]);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);

    auto env = child_environment(installation_);
    auto c_argv = c_strings(argv);
    auto c_env = c_strings(env);
    pid_t pid = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const int rc =
        ::posix_spawn(&pid, argv[0].c_str(), &actions, &attr, c_argv.data(), c_env.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(pipe_fd[1]);
    if (rc != 0) {
        ::close(pipe_fd[0]);
        throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    }

    const SignalForwarder forwarder(pid);
    LogMonitor monitor(request.divergence);
    std::string pending;
    int last_steps = 0;
    bool stopped = false;
    char buf[65536];
    for (;;) {
        pollfd pfd{pipe_fd[0], POLLIN, 0};
        const int ready = ::poll(&pfd, 1, 100);
        bool eof = false;
        if (ready > 0) {
            const ssize_t n = ::read(pipe_fd[0], buf, sizeof buf);
            if (n <= 0) {
                eof = (n == 0 || errno != EINTR);
            } else {
                log.write(buf, n);
                pending.append(buf, static_cast<std::size_t>(n));
                std::size_t start = 0;
                for (std::size_t nl = pending.find('\n'); nl != std::string::npos;
                     nl = pending.find('\n', start)) {
                    monitor.feed(std::string_view(pending).substr(start, nl - start));
                    start = nl + 1;
                    if (monitor.state().time_steps != last_steps) {
                        last_steps = monitor.state().time_steps;
                        if (request.on_progress) {
                            request.on_progress(monitor.state(), seconds_since(t0));
                        }
                        if (!result.converged && request.stop_when && !request.stop_file.empty() &&
                            request.stop_when(monitor.state())) {
                            std::ofstream(request.stop_file) << "converged\n";
                            result.converged = true;
                        }
                    }
                }
                pending.erase(0, start);
            }
        }
        if (request.watch_divergence && monitor.state().divergence) {
            result.status = RunStatus::diverged;
            stop_group(pid);
            stopped = true;
            break;
        }
        if (request.time_limit_s > 0.0 && seconds_since(t0) > request.time_limit_s) {
            result.status = RunStatus::time_limit;
            stop_group(pid);
            stopped = true;
            break;
        }
        if (eof) {
            break;
        }
    }
    if (!pending.empty()) {
        monitor.feed(pending);
    }
    ::close(pipe_fd[0]);
    log.flush();

    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.wall_s = seconds_since(t0);
    result.log_state = monitor.state();
    const std::string where = " (log: " + result.log.string() + ")";
    if (stopped) {
        ::kill(-pid, SIGKILL); // anything left of the group
        if (result.status == RunStatus::diverged) {
            result.message =
                request.program + " diverged: " + *monitor.state().divergence + "; stopped" + where;
        } else {
            result.message = request.program + " passed its wall-time limit of " +
                             short_number(request.time_limit_s) + " s at time " +
                             short_number(monitor.state().time) + "; stopped" + where;
        }
        return result;
    }
    if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    }
    if (result.exit_code == 0) {
        result.status = RunStatus::completed;
        result.message =
            request.program + " completed in " + short_number(result.wall_s) + " s" + where;
        return result;
    }
    if (request.watch_divergence && monitor.state().divergence) {
        result.status = RunStatus::diverged;
        result.message = request.program + " diverged: " + *monitor.state().divergence + where;
        return result;
    }
    if (request.watch_divergence && WIFSIGNALED(status) && WTERMSIG(status) == SIGFPE) {
        result.status = RunStatus::diverged;
        result.message = request.program + " diverged: floating-point exception at time " +
                         short_number(monitor.state().time) + where;
        return result;
    }
    result.status = RunStatus::failed;
    std::string why;
    if (monitor.state().fatal_error) {
        why = ": " + *monitor.state().fatal_error;
    } else if (WIFSIGNALED(status)) {
        why = std::string(": killed by signal ") + ::strsignal(WTERMSIG(status));
    } else {
        why = ": exit code " + std::to_string(result.exit_code);
    }
    result.message = request.program + " failed" + why + where;
    return result;
}

std::string stop_file_function_object(const fs::path& stop_file) {
    return "    stopWhenConverged\n    {\n        type            abort;\n"
           "        libs            (\"libutilityFunctionObjects.so\");\n"
           "        file            \"" +
           stop_file.string() + "\";\n        action          writeNow;\n    }\n";
}

Decomposition split_along_longest(int np, const std::array<double, 3>& size) {
    Decomposition d;
    d.np = np;
    std::size_t longest = 0;
    for (std::size_t a = 1; a < 3; ++a) {
        if (size[a] > size[longest]) {
            longest = a;
        }
    }
    d.n[longest] = np;
    return d;
}

std::string decompose_par_dict(const Decomposition& d) {
    std::string s;
    s += "numberOfSubdomains " + std::to_string(d.np) + ";\n\n";
    s += "method          " + d.method + ";\n\n";
    s += "coeffs\n{\n    n               (" + std::to_string(d.n[0]) + " " +
         std::to_string(d.n[1]) + " " + std::to_string(d.n[2]) + ");\n";
    if (d.method == "hierarchical") {
        s += "    order           xyz;\n";
    }
    s += "}\n";
    return s;
}

void write_decompose_par_dict(const fs::path& case_dir, const Decomposition& d,
                              const std::vector<std::string>& regions) {
    if (d.np < 1 || d.n[0] * d.n[1] * d.n[2] != d.np) {
        throw std::invalid_argument("decomposition into " + std::to_string(d.np) +
                                    " subdomains needs n = (nx ny nz) with nx*ny*nz = np, got (" +
                                    std::to_string(d.n[0]) + " " + std::to_string(d.n[1]) + " " +
                                    std::to_string(d.n[2]) + ")");
    }
    if (d.method != "simple" && d.method != "hierarchical") {
        throw std::invalid_argument("decomposition method '" + d.method +
                                    "' is not supported here; use simple or hierarchical "
                                    "(Debian's OpenFOAM has no working scotch)");
    }
    const std::string text =
        geometry::foam_file_header("dictionary", "system", "decomposeParDict") +
        decompose_par_dict(d);
    std::vector<fs::path> dirs{case_dir / "system"};
    for (const auto& r : regions) {
        dirs.push_back(case_dir / "system" / r);
    }
    for (const auto& dir : dirs) {
        fs::create_directories(dir);
        std::ofstream out(dir / "decomposeParDict", std::ios::binary | std::ios::trunc);
        out << text;
        if (!out) {
            throw std::runtime_error("cannot write " + (dir / "decomposeParDict").string());
        }
    }
}

} // namespace rackcalc::openfoam
