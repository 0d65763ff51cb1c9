#include "viz/staged_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <signal.h>
#include <string_view>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace rackcalc::viz {

namespace fs = std::filesystem;

namespace {

std::string in_quotes(const fs::path& path) {
    return "'" + path.string() + "'";
}

/// The target without a trailing '/', so that its parent and name are well defined.
fs::path normalised(const fs::path& target) {
    fs::path p = target.lexically_normal();
    if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) {
        p = p.parent_path();
    }
    return p;
}

fs::path parent_of(const fs::path& target) {
    return target.has_parent_path() ? target.parent_path() : fs::path(".");
}

std::string staging_prefix(const fs::path& target) {
    return ".rackcalc-tmp-" + target.filename().string() + "-";
}

bool process_alive(long pid) {
    return pid > 0 && (kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

bool exists_no_follow(const fs::path& path) {
    std::error_code ec;
    return fs::exists(fs::symlink_status(path, ec));
}

bool is_directory_no_follow(const fs::path& path) {
    std::error_code ec;
    return fs::is_directory(fs::symlink_status(path, ec));
}

} // namespace

void check_output_target(const fs::path& target_dir, bool force) {
    if (target_dir.empty()) {
        throw OutputError("the output folder (-o) is empty; name a folder, e.g. -o out/gb300");
    }
    const fs::path target = normalised(target_dir);
    if (target == "." || target == ".." || target == target.root_path()) {
        throw OutputError("the output folder (-o) " + in_quotes(target_dir) +
                          " is the current, parent or root folder, which a run would replace; "
                          "name a new folder, e.g. -o out/gb300");
    }
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(target, ec);
    if (!fs::exists(status)) {
        return;
    }
    if (!fs::is_directory(status)) {
        throw OutputError("the output folder (-o) " + in_quotes(target_dir) +
                          " names a file, not a folder; name a folder, e.g. -o out/gb300");
    }
    if (force || fs::exists(target / output_marker, ec)) {
        return;
    }
    if (!fs::is_empty(target, ec) || ec) {
        throw OutputError("the output folder (-o) " + in_quotes(target_dir) +
                          " holds files RackCalc did not write (it has no " + output_marker +
                          " marker) and a run replaces the whole folder; name a new folder, or "
                          "add --force to replace it");
    }
}

int remove_stale_staging(const fs::path& target_dir) {
    const fs::path target = normalised(target_dir);
    const std::string prefix = staging_prefix(target);
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(parent_of(target), ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0) {
            continue;
        }
        // <prefix><pid>-<random>: a folder of a live process is another run's, left alone.
        const std::string rest = name.substr(prefix.size());
        char* end = nullptr;
        const long pid = std::strtol(rest.c_str(), &end, 10);
        if (end == rest.c_str() || *end != '-' || process_alive(pid)) {
            continue;
        }
        std::error_code ignored;
        if (fs::remove_all(entry.path(), ignored) > 0 && !ignored) {
            ++removed;
        }
    }
    return removed;
}

OutputFolder::OutputFolder(fs::path target_dir, bool force) {
    check_output_target(target_dir, force);
    target_dir_ = normalised(target_dir);
    const fs::path parent = parent_of(target_dir_);
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec || !fs::is_directory(parent)) {
        throw OutputError("cannot create the folder " + in_quotes(parent) +
                          " for the output: " + (ec ? ec.message() : std::string("not a folder")));
    }
    remove_stale_staging(target_dir_);
    std::random_device seed;
    std::mt19937 random(seed());
    std::uniform_int_distribution<unsigned> hex_digit(0, 15);
    constexpr const char* digits = "0123456789abcdef";
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string name = staging_prefix(target_dir_) + std::to_string(getpid()) + "-";
        for (int i = 0; i < 8; ++i) {
            name += digits[hex_digit(random)];
        }
        const fs::path candidate = parent / name;
        if (fs::create_directory(candidate, ec)) {
            staging_dir_ = candidate;
            break;
        }
        if (ec) {
            break;
        }
    }
    if (staging_dir_.empty()) {
        throw OutputError("cannot create a folder in " + in_quotes(parent) + " for the output: " +
                          (ec ? ec.message() : std::string("all names taken")));
    }
    std::ofstream marker(staging_dir_ / output_marker);
    marker << "A result folder written whole by RackCalc; the next run into it replaces it.\n";
    marker.close();
    if (!marker) {
        throw OutputError("cannot write in " + in_quotes(parent) +
                          " (read-only or full?); choose another output folder");
    }
}

OutputFolder::~OutputFolder() {
    if (!staging_dir_.empty()) {
        std::error_code ignored;
        fs::remove_all(staging_dir_, ignored);
    }
}

fs::path OutputFolder::staged(const fs::path& entry) const {
    return staging_dir_ / entry;
}

void OutputFolder::commit(const std::vector<fs::path>& entries) {
    std::error_code ec;
    for (const auto& entry : entries) {
        if (!fs::exists(staging_dir_ / entry, ec)) {
            throw OutputError("the output " + in_quotes(target_dir_ / entry) +
                              " was not written; the previous output is left as it was");
        }
    }
    if (!fs::exists(fs::symlink_status(target_dir_, ec))) {
        fs::rename(staging_dir_, target_dir_, ec);
        if (ec) {
            throw OutputError("cannot move the output into " + in_quotes(target_dir_) + ": " +
                              ec.message());
        }
        staging_dir_.clear();
        return;
    }
    // One atomic exchange: the new folder takes the target's name, the previous folder the
    // staging name, which is then removed (or, if this process dies first, by the next run).
    if (renameat2(AT_FDCWD, staging_dir_.c_str(), AT_FDCWD, target_dir_.c_str(), RENAME_EXCHANGE) ==
        0) {
        std::error_code ignored;
        fs::remove_all(staging_dir_, ignored);
        staging_dir_.clear();
        return;
    }
    const int exchange_error = errno;
    if (exchange_error != EINVAL && exchange_error != ENOSYS && exchange_error != EOPNOTSUPP) {
        throw OutputError("cannot move the output into " + in_quotes(target_dir_) + ": " +
                          std::strerror(exchange_error));
    }
    // No exchange on this file system: the previous folder goes aside (under a staging name,
    // so a kill here leaves it for the next run to clean), then the new one takes its place.
    const fs::path aside = fs::path(staging_dir_.string() + "-previous");
    fs::rename(target_dir_, aside, ec);
    if (!ec) {
        fs::rename(staging_dir_, target_dir_, ec);
        if (ec) {
            std::error_code ignored;
            fs::rename(aside, target_dir_, ignored);
        }
    }
    if (ec) {
        throw OutputError("cannot replace " + in_quotes(target_dir_) + ": " + ec.message());
    }
    staging_dir_.clear();
    std::error_code ignored;
    fs::remove_all(aside, ignored);
}

StagedOutput::StagedOutput(fs::path target_dir) : target_dir_(std::move(target_dir)) {
    if (target_dir_.empty()) {
        throw OutputError("the output folder (-o) is empty; name a folder, e.g. -o out/gb300");
    }
    std::error_code ec;
    fs::create_directories(target_dir_, ec);
    if (ec || !fs::is_directory(target_dir_)) {
        throw OutputError("cannot create output directory " + in_quotes(target_dir_) + ": " +
                          (ec ? ec.message() : std::string("not a directory")));
    }
    std::random_device seed;
    std::mt19937 random(seed());
    std::uniform_int_distribution<unsigned> hex_digit(0, 15);
    constexpr const char* digits = "0123456789abcdef";
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string name = ".rackcalc-tmp-";
        for (int i = 0; i < 8; ++i) {
            name += digits[hex_digit(random)];
        }
        const fs::path candidate = target_dir_ / name;
        if (fs::create_directory(candidate, ec)) {
            staging_dir_ = candidate;
            return;
        }
        if (ec) {
            break;
        }
    }
    throw OutputError("cannot create a temporary directory in " + in_quotes(target_dir_) + ": " +
                      (ec ? ec.message() : std::string("all names taken")));
}

StagedOutput::~StagedOutput() {
    std::error_code ignored;
    fs::remove_all(staging_dir_, ignored);
}

fs::path StagedOutput::staged(const fs::path& entry) const {
    return staging_dir_ / entry;
}

void StagedOutput::commit(const std::vector<fs::path>& entries) {
    const fs::path backup_dir = staging_dir_ / ".previous";
    struct Moved {
        fs::path destination;
        fs::path backup; ///< where the entry it replaced was put aside; empty if none
    };
    std::vector<Moved> moved;
    const auto roll_back = [&] {
        std::error_code ignored;
        for (auto it = moved.rbegin(); it != moved.rend(); ++it) {
            fs::remove_all(it->destination, ignored);
            if (!it->backup.empty()) {
                fs::rename(it->backup, it->destination, ignored);
            }
        }
    };

    for (std::size_t i = 0; i < entries.size(); ++i) {
        const fs::path source = staging_dir_ / entries[i];
        const fs::path destination = target_dir_ / entries[i];
        Moved record{destination, {}};
        std::error_code ec;
        // A file replaces a file with one atomic rename. Anything else (a directory on
        // either side, or an entry that a later failure may have to restore) is first
        // put aside.
        const bool last = i + 1 == entries.size();
        const bool atomic_replace =
            last && !is_directory_no_follow(source) && !is_directory_no_follow(destination);
        if (exists_no_follow(destination) && !atomic_replace) {
            record.backup = backup_dir / entries[i];
            fs::create_directories(record.backup.parent_path(), ec);
            if (!ec) {
                fs::rename(destination, record.backup, ec);
            }
            if (ec) {
                roll_back();
                throw OutputError("cannot replace " + in_quotes(destination) + ": " + ec.message());
            }
        }
        fs::rename(source, destination, ec);
        if (ec) {
            std::error_code ignored;
            if (!record.backup.empty()) {
                fs::rename(record.backup, destination, ignored);
            }
            roll_back();
            throw OutputError("cannot move " + in_quotes(destination) +
                              " into place: " + ec.message());
        }
        moved.push_back(std::move(record));
    }
}

void write_text_file(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
        throw OutputError("cannot write " + file.string() + " (full disk?)");
    }
}

} // namespace rackcalc::viz
