#include "viz/staged_output.hpp"

#include <random>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace rackcalc::viz {

namespace fs = std::filesystem;

namespace {

std::string in_quotes(const fs::path& path) {
    return "'" + path.string() + "'";
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

StagedOutput::StagedOutput(fs::path target_dir) : target_dir_(std::move(target_dir)) {
    if (target_dir_.empty()) {
        target_dir_ = ".";
    }
    std::error_code ec;
    fs::create_directories(target_dir_, ec);
    if (ec || !fs::is_directory(target_dir_)) {
        throw std::runtime_error("cannot create output directory " + in_quotes(target_dir_) + ": " +
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
    throw std::runtime_error("cannot create a temporary directory in " + in_quotes(target_dir_) +
                             ": " + (ec ? ec.message() : std::string("all names taken")));
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
                throw std::runtime_error("cannot replace " + in_quotes(destination) + ": " +
                                         ec.message());
            }
        }
        fs::rename(source, destination, ec);
        if (ec) {
            std::error_code ignored;
            if (!record.backup.empty()) {
                fs::rename(record.backup, destination, ignored);
            }
            roll_back();
            throw std::runtime_error("cannot move " + in_quotes(destination) +
                                     " into place: " + ec.message());
        }
        moved.push_back(std::move(record));
    }
}

} // namespace rackcalc::viz
