#pragma once
// A one-line progress bar for long stages (sweeps). It draws on standard error only when
// that is a terminal, so piped or logged output stays clean.

#include <cstddef>
#include <string>

namespace rackcalc::core {

class ProgressBar {
public:
    ProgressBar(std::string label, std::size_t total);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    /// Reports `done` of `total`; redraws at most once per percent.
    void update(std::size_t done);
    bool active() const { return active_; }

private:
    std::string label_;
    std::size_t total_;
    int last_percent_ = -1;
    bool active_;
};

} // namespace rackcalc::core
