#pragma once
// All-or-nothing output: files are written into a hidden staging directory next to their
// destination and moved into place together, only once every one of them was written.

#include <filesystem>
#include <string>
#include <vector>

namespace rackcalc::viz {

/// A staging directory `<target>/.rackcalc-tmp-XXXXXXXX` for one batch of output files.
/// Write every file under staged(), then call commit(); the destructor removes the staging
/// directory and whatever is still in it, so an abandoned batch leaves nothing behind.
class StagedOutput {
public:
    /// Creates `target_dir` (if needed) and the staging directory inside it.
    /// Throws std::runtime_error naming the directory when either cannot be created.
    explicit StagedOutput(std::filesystem::path target_dir);
    ~StagedOutput();
    StagedOutput(const StagedOutput&) = delete;
    StagedOutput& operator=(const StagedOutput&) = delete;

    const std::filesystem::path& target_dir() const { return target_dir_; }
    /// Where to write `entry` (a path relative to the target directory) before commit().
    std::filesystem::path staged(const std::filesystem::path& entry) const;

    /// Moves the top-level `entries` (files or directories) from staging into the target
    /// directory in the given order, replacing what is there. Put the index file (the one
    /// that refers to the others) last: it replaces its predecessor with one atomic rename.
    /// If any move fails, the entries already moved are taken back out, the previous ones
    /// are restored, and std::runtime_error names the entry that failed.
    void commit(const std::vector<std::filesystem::path>& entries);

private:
    std::filesystem::path target_dir_;
    std::filesystem::path staging_dir_;
};

} // namespace rackcalc::viz
