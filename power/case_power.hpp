#pragma once
// A case's power chain: the [power] spec (power/power_spec.hpp) applied to a reference chain
// sized for the racks' design IT power, its load swing run through the chain to the feed,
// and kernel errors (PowerInputError) turned into input errors that point at the case line
// that caused them.

#include "core/input_error.hpp"
#include "power/chains.hpp"
#include "power/power_error.hpp"
#include "power/power_spec.hpp"
#include "power/storage.hpp"

#include <optional>
#include <string_view>

namespace rackcalc::power {

/// Options that size chain `chain_id` for a case: design IT power at the chain end (the
/// racks' computed IT power) [W], number of racks, the [power] redundancy of the facility
/// converter, and the case's stage overrides when `with_overrides` (they name stages of the
/// case's own chain, so they apply only to it).
ChainOptions case_chain_options(const PowerSpec& spec, double P_it_design_W, int racks,
                                bool with_overrides = true);

/// The case's chain (spec.chain with its [power.stages.*] overrides), sized for
/// P_it_design_W over `racks` racks and checked at the design load. Throws core::InputError
/// at the [power] or [power.stages.<id>] key behind an overloaded stage, mismatched
/// voltages, a negative loss curve or bad module counts; std::invalid_argument when
/// P_it_design_W <= 0 or racks < 1.
Chain build_case_chain(const PowerSpec& spec, double P_it_design_W, int racks,
                       const ComponentLibrary& library = default_component_library());

/// Reference chain `chain_id` at the case's design IT power, racks and facility redundancy
/// (or `redundancy` when given), without the case's stage overrides unless chain_id is the
/// case's own chain. Errors as build_case_chain.
Chain build_chain_for_case(const PowerSpec& spec, std::string_view chain_id, double P_it_design_W,
                           int racks, std::optional<Redundancy> redundancy = std::nullopt,
                           const ComponentLibrary& library = default_component_library());

/// The input error for a kernel error about the case's chain `chain_id`: located at the
/// override key that caused it when the stage has one, else at [power] chain.
core::InputError located_error(const PowerInputError& error, const PowerSpec& spec,
                               std::string_view chain_id);

/// The IT-side load of [power.swing] for a design IT power [W]: square wave, ramp, or the
/// CSV trace resampled at the time step. Throws core::InputError at [power.swing] csv for a
/// bad trace.
LoadProfile swing_it_profile(const SwingSpec& swing, double P_it_design_W);

/// The feed-side (chain input) power for an IT-side trace: P_in(P_it) is evaluated through
/// the chain at 1025 points spanning the trace's range and interpolated linearly between
/// them (the trace's minimum and maximum are nodes, so square waves map exactly; between
/// nodes the error is below 1e-7 of the power for the chains' quadratic losses). Throws
/// PowerInputError when the trace exceeds what a stage can carry.
LoadProfile feed_profile(const Chain& chain, const LoadProfile& it);

struct CaseSwing {
    double duration_s = 0.0; ///< simulated time (a CSV trace sets its own)
    TraceStats it;           ///< IT side (chain end)
    SwingResult result;      ///< storage and grid at the feed; result.load is the feed trace
};

/// Runs [power.swing] through the chain to the feed and the storage layers there. Throws
/// core::InputError located at [power.swing] when the trace exceeds the chain's rating.
CaseSwing simulate_case_swing(const Chain& chain, const PowerSpec& spec, double P_it_design_W);

} // namespace rackcalc::power
