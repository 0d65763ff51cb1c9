#pragma once
// All-or-nothing output. OutputFolder:  A run's whole result folder is built beside its target
// (`<parent>/.rackcalc-tmp-<name>-<pid>-<random>`) and swapped in with one rename, so the
// target is at every instant absent, the complete previous run, or the complete new run;
// never a mix of two runs, never a partial folder. Folders RackCalc made carry a marker file.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace rackcalc::viz {

/// The output cannot be written (a bad -o, a read-only folder, a full disk): an environment
/// problem, reported with its own exit code, never as an internal error.
class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The marker file in every folder RackCalc writes whole.
inline constexpr const char* output_marker = ".rackcalc-output";

/// Checks that `target_dir` may be written as a whole result folder: not empty, not a file,
/// and either absent, empty or made by RackCalc (with its marker) unless `force`.
/// Throws OutputError saying why not and what to do.
void check_output_target(const std::filesystem::path& target_dir, bool force);

/// Removes staging folders `.rackcalc-tmp-<name>-<pid>-*` beside `target_dir` left by runs that
/// were killed (their process no longer exists). Returns how many were removed.
int remove_stale_staging(const std::filesystem::path& target_dir);

/// One result folder being built. Write every file under staged(), then call commit(); the
/// destructor removes the staging folder and whatever is still in it, so an abandoned or
/// failed run leaves the target as it was.
class OutputFolder {
public:
    /// Checks the target (check_output_target), removes stale staging folders of killed
    /// runs, and creates the staging folder with the marker file. Throws OutputError.
    explicit OutputFolder(std::filesystem::path target_dir, bool force = false);
    ~OutputFolder();
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;

    const std::filesystem::path& target_dir() const { return target_dir_; }
    /// Where to write `entry` (a path relative to the target folder) before commit().
    std::filesystem::path staged(const std::filesystem::path& entry) const;

    /// Checks that every one of `entries` (relative paths) was written, then swaps the
    /// staging folder in for the target with one atomic exchange (renameat2 with
    /// RENAME_EXCHANGE) and removes the previous folder. Where the file system cannot
    /// exchange, the previous folder is renamed aside first, so the target is briefly absent
    /// but never mixed. Throws OutputError when an entry is missing or a rename fails; the
    /// previous folder is then left in place.
    void commit(const std::vector<std::filesystem::path>& entries);

private:
    std::filesystem::path target_dir_;
    std::filesystem::path staging_dir_;
};

/// Files added to an existing folder (geometry -o, thermal -o, and the VTK files inside an
/// OutputFolder): a staging directory `<target>/.rackcalc-tmp-XXXXXXXX` for one batch.
/// Write every file under staged(), then call commit(); the destructor removes the staging
/// directory and whatever is still in it, so an abandoned batch leaves nothing behind.
class StagedOutput {
public:
    /// Creates `target_dir` (if needed) and the staging directory inside it.
    /// Throws OutputError naming the directory when either cannot be created.
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
    /// are restored, and OutputError names the entry that failed.
    void commit(const std::vector<std::filesystem::path>& entries);

private:
    std::filesystem::path target_dir_;
    std::filesystem::path staging_dir_;
};

/// Writes `text` to `file` (normally a StagedOutput::staged path). Throws OutputError naming
/// the file when it cannot be written completely (a full disk, a read-only folder).
void write_text_file(const std::filesystem::path& file, const std::string& text);

} // namespace rackcalc::viz
