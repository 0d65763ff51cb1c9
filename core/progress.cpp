#include "core/progress.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace rackcalc::core {

ProgressBar::ProgressBar(std::string label, std::size_t total)
    : label_(std::move(label)), total_(total), active_(isatty(STDERR_FILENO) == 1 && total > 1) {}

ProgressBar::~ProgressBar() {
    if (active_ && last_percent_ >= 0) {
        std::fputs("\n", stderr);
    }
}

void ProgressBar::update(std::size_t done) {
    if (!active_) {
        return;
    }
    const int percent = static_cast<int>(100 * done / total_);
    if (percent == last_percent_) {
        return;
    }
    last_percent_ = percent;
    constexpr int width = 30;
    const int filled = percent * width / 100;
    fmt::print(stderr, "\r{} [{}{}] {}/{}", label_,
               std::string(static_cast<std::size_t>(filled), '#'),
               std::string(static_cast<std::size_t>(width - filled), ' '), done, total_);
    std::fflush(stderr);
}

} // namespace rackcalc::core
