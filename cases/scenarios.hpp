#pragma once
// Failure scenarios, declared in the case and evaluated on the fused result:
//
//   [[scenario]]
//   kind = "pump_trip"            # pump_trip, cdu_failure, power_shelf_loss,
//   name = "one CDU pump trips"   #   facility_water_loss
//   horizon = "60 s"              # transients: how long the rack must hold
//
// pump_trip         one running CDU pump stops; a spare (N+1, 2N) takes over, with N the
//                   others carry the loop alone at full speed.
// cdu_failure       the CDU stops rejecting heat while its pumps keep circulating: the loop's
//                   coolant heats up as one lumped mass (time to the first chip limit).
// facility_water_loss  no facility water: the same transient as cdu_failure (the facility
//                   loop's thermal mass is not modelled, so it is not credited).
// power_shelf_loss  one power shelf of each rack fails: do the other shelves carry the rack?

#include "core/schema.hpp"
#include "core/statement.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rackcalc::cases {

struct CaseSpec;
struct SystemResult;

struct ScenarioSpec {
    std::string kind; ///< pump_trip, cdu_failure, power_shelf_loss, facility_water_loss
    std::string name;
    double horizon_s = 0.0;     ///< transients: time the rack must ride through
    double cdu_volume_m3 = 0.0; ///< transients: coolant held up in the CDU
    int shelves_lost = 1;       ///< power_shelf_loss: shelves lost per rack
    core::Diagnostic origin;    ///< where the scenario was written
};

struct ScenarioResult {
    std::string kind;
    std::string name;
    std::string status;   ///< survives, fails, or not applicable
    std::string quantity; ///< what decides it, with its unit suffix (e.g. "time_to_limit_s")
    double value = 0.0;
    double limit = 0.0;
    core::Statement sentence; ///< what decides it, its quantities typed (core::Display renders)
    std::optional<double> time_to_chip_limit_s;   ///< transients
    std::optional<double> time_to_return_limit_s; ///< transients: return at its maximum
    // pump_trip
    std::optional<double> V_dot_m3_s;          ///< flow after the trip
    std::optional<double> worst_chip_margin_K; ///< at that flow (or before the transient)
    // transients: the lumped mass
    std::optional<double> coolant_volume_m3;
    std::optional<double> dT_dt_K_per_s;
};

/// Schema of one [[scenario]] table.
std::shared_ptr<const core::TableSpec> scenario_schema();

/// Reads the [[scenario]] array; throws core::InputError (a key that does not apply to the
/// kind) at the key's file and line.
std::vector<ScenarioSpec> parse_scenarios(const std::vector<core::CheckedTable>& tables);

/// Coolant in the loop [m3]: every liquid tray (its coolant_volume, else its two hoses), both
/// manifolds (their coolant_volume, else two pipes over the rack's units) and both feed pipes
/// of every rack of the row, plus `cdu_m3`; `account` lists the parts and their volumes.
double loop_coolant_volume_m3(const CaseSpec& spec, double cdu_m3, core::Statement& account);

/// One frame of a transient scenario for a ParaView time series: the time [s] and the rise of
/// every coolant and chip temperature since the failure [K]. In the lumped model of
/// cdu_failure and facility_water_loss the loop's flows and heats do not change, so every
/// temperature of the loop rises alike, at dT_dt.
struct TransientFrame {
    double t_s = 0.0;
    double dT_K = 0.0;
};

/// The frames of a transient scenario: `intervals` equal steps from 0 to the later of the
/// horizon it must hold and the time to the first chip limit. Empty for a scenario that is
/// not a transient or has no result.
std::vector<TransientFrame> transient_frames(const ScenarioResult& result, int intervals = 20);

/// Evaluates every scenario of the case on its fused result. A scenario the result cannot
/// answer (no converged design point) fails with the reason.
std::vector<ScenarioResult> run_scenarios(const CaseSpec& spec, const SystemResult& result);

} // namespace rackcalc::cases
