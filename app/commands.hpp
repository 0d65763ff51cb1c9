#pragma once
// The entry points of the rackcalc commands, one app/<name>_command.cpp each (the cfd and
// validate commands, which take an options struct, declare theirs in their own header).
// Each returns the process exit code: 0 success, 2 input error,
// 1 internal error (the caller maps exceptions; see main.cpp), 3 infeasible design,
// 4 validation failed, 5 output not writable, 6 solver gave no result.

#include "core/display_units.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rackcalc::app {

inline constexpr int exit_ok = 0;
inline constexpr int exit_internal_error = 1;
inline constexpr int exit_input_error = 2;
/// The input is valid but the design does not work (a chip over its limit, pumps too weak):
/// the result is printed with its findings.
inline constexpr int exit_infeasible = 3;
/// The output cannot be written: -o empty, naming a file or a folder RackCalc did not make
/// (without --force), a read-only folder, a full disk. The previous output is left as it was.
inline constexpr int exit_output_error = 5;
/// A CFD run gave no result (OpenFOAM missing, a diverged run, a time limit, a mesh that
/// checkMesh rejects): the message says which, and no result file is written.
inline constexpr int exit_solver_failed = 6;

/// `u`: the units a reader chose (--units), for every quantity printed.
int list_templates(bool json, const core::Display& u);
int check_case(const std::filesystem::path& file, const core::Display& u);
int write_geometry(const std::filesystem::path& file, const std::filesystem::path& out_dir,
                   bool force);
int print_input_reference();
int thermal(const std::filesystem::path& file, bool json, const std::filesystem::path& out_dir,
            bool force, const core::Display& u);
/// The fused system: writes DIR/report.html, summary.html (the one-page summary),
/// summary.json, summary.csv, chips.csv,
/// trays.csv, rack.vtm (+ rack/), loop.vtp, and sweep-<name>.csv per [[sweep]] of the case,
/// completely or not at all; exit 3 when it did not converge or the design does not work.
/// `force` lets it replace a folder RackCalc did not make. `airflow`: the airflow.json of
/// `rackcalc cfd airflow` on this case (cases/airflow_evidence.hpp), checked against the
/// run's air-side heat; its inlet findings join the run's.
int run(const std::filesystem::path& file, const std::filesystem::path& out_dir,
        const core::Display& u, bool force = false,
        const std::optional<std::filesystem::path>& airflow = std::nullopt);
/// Several cases side by side per MW of IT: compute, coolant flow, losses, PUE, cost per
/// PFLOP-hour at each case's electricity price.
/// `price` (e.g. "0.08 USD/kWh"), when given, replaces every case's electricity price before
/// its own discount, so the cases are compared at one chosen price.
int compare(const std::vector<std::filesystem::path>& files, bool json, const std::string& price,
            const core::Display& u);

/// The case's chain at its design IT power and utilisation: every stage's power, loss,
/// efficiency, modules and part load, where its heat goes and its footprint; the balance;
/// annual energy, cost and ELC; conductors; the load swing and its storage.
/// `u`: the units a reader chose (--units) for every power and energy printed.
int power(const std::filesystem::path& file, bool json, const core::Display& u);

/// Every reference chain at the case's design IT power, side by side at 30/50/75/100 % load,
/// the 2N versus N+1 redundancy demonstration at 30 % load, and (with `svg`) an SVG chart of
/// end-to-end efficiency versus load, written completely or not at all.
int power_compare(const std::filesystem::path& file, bool json, const std::filesystem::path& svg,
                  const core::Display& u);

} // namespace rackcalc::app
