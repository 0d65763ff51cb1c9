#pragma once
// rackcalc power CASE [--json] and rackcalc power compare CASE [--json] [--svg FILE].
// Exit codes as the other commands (app/commands.hpp): 0 success, 2 input error (nothing is
// written), 1 internal error.

#include "core/display_units.hpp"

#include <filesystem>

namespace rackcalc::app {

/// The case's chain at its design IT power and utilisation: every stage's power, loss,
/// efficiency, modules and part load, where its heat goes and its footprint; the balance;
/// annual energy, cost and ELC; conductors; the load swing and its storage.
/// `u`: the units a reader chose (--units) for every power and energy printed.
int power(const std::filesystem::path& file, bool json, const core::Display& u);

/// Every reference chain at the case's design IT power, side by side at 30/50/75/100 %
/// load, the 2N versus N+1 redundancy demonstration at 30 % load, and (with `svg`) an SVG
/// chart of end-to-end efficiency versus load, written completely or not at all.
int power_compare(const std::filesystem::path& file, bool json, const std::filesystem::path& svg,
                  const core::Display& u);

} // namespace rackcalc::app
