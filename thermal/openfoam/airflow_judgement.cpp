// Whether an OpenFOAM airflow run is an answer (thermal/openfoam/airflow_judgement.hpp).

#include "thermal/openfoam/airflow_judgement.hpp"

#include <cmath>
#include <fmt/format.h>

namespace rackcalc::openfoam {

namespace {

// An answer is a run whose air carries away the heat put into it, within 1 % (the issue's
// gate), and whose results no longer move:
// - steady: the residuals met their targets, or (a room's flow keeps them oscillating near
//   1e-2) its monitored reports averaged over the last quarter of the iterations moved by at
//   most 0.5 % (heat balance) and 1 % of design (every fanned tray's flow) between the
//   window's halves;
// - transient (the room's buoyant flow never settles: its hot layer spills over the racks
//   and back with a period of tens of seconds, so the heat carried out swings by +-10 %
//   about the heat put in): over the averaging window, the heat put in equals the heat
//   carried out plus the heat stored in the room's air within 1 % (the energy balance of a
//   transient room); the room's mean temperature has settled, its storage at most 5 % of
//   the heat (the room's mean temperature moves by at most 5 % of the return air's rise
//   per air change); and no fanned tray's flow moved by more than 1 % of design nor its
//   inlet temperature by more than 0.5 K between the window's halves.
constexpr double heat_balance_gate = 0.01;
constexpr double heat_balance_drift_gate = 0.005;
constexpr double tray_flow_drift_gate = 0.01;
constexpr double storage_gate = 0.05;
constexpr double inlet_drift_gate_K = 0.5;

} // namespace

AirflowJudgement judge_airflow_run(const AirflowRun& run, const RackAirflowResult& r,
                                   const RackAirflowCase& c) {
    AirflowJudgement j;
    const auto pct = [](double x) { return 100.0 * x; };
    if (c.spec.transient) {
        j.how = fmt::format("transient, {:.0f} s of air ({:.1f} air changes of {:.1f} s) in {} "
                            "steps, averaged from {:.0f} s (heat stored {:+.2f} %, tray flows "
                            "moved by up to {:.2f} % of design, inlets by up to {:.2f} K)",
                            run.end_time, run.end_time / c.air_change_s, c.air_change_s,
                            run.iterations, run.averaged_from, pct(r.Q_stored_W / r.Q_air_W),
                            pct(r.tray_flow_drift), r.inlet_drift_K);
        j.advice = "raise --air-changes (the room had not settled), or refine the mesh (--cell)";
        if (!(std::abs(r.heat_conservation) <= heat_balance_gate)) {
            j.why = fmt::format("the energy equation does not close: heat carried out plus heat "
                                "stored is {:+.2f} % off the {:.1f} kW put into the air (at most "
                                "{:.0f} % is accepted); {}",
                                pct(r.heat_conservation), r.Q_air_W / 1e3, pct(heat_balance_gate),
                                j.how);
            j.advice = "refine the mesh (--cell) or report this case";
        } else if (!(std::abs(r.Q_stored_W) <= storage_gate * r.Q_air_W)) {
            j.why = fmt::format("the room has not settled: its air stores {:+.1f} % of the "
                                "{:.1f} kW put into it (at most {:.0f} % is accepted); {}",
                                pct(r.Q_stored_W / r.Q_air_W), r.Q_air_W / 1e3, pct(storage_gate),
                                j.how);
        } else if (!(r.tray_flow_drift <= tray_flow_drift_gate &&
                     r.inlet_drift_K <= inlet_drift_gate_K)) {
            j.why = fmt::format("the trays have not settled (at most {:.0f} % of design flow and "
                                "{:.1f} K are accepted); {}",
                                pct(tray_flow_drift_gate), inlet_drift_gate_K, j.how);
        } else {
            j.answer = true;
        }
        return j;
    }
    const bool averaged = run.averaged_from >= 0;
    const bool steady =
        run.converged || (averaged && std::abs(r.heat_balance_drift) <= heat_balance_drift_gate &&
                          r.tray_flow_drift <= tray_flow_drift_gate);
    j.how = averaged ? fmt::format("steady, averaged over iterations {:.0f} to {} (heat balance "
                                   "moved {:+.2f} %, tray flows by up to {:.2f} % of design)",
                                   run.averaged_from, run.iterations, pct(r.heat_balance_drift),
                                   pct(r.tray_flow_drift))
                     : std::string("steady, at the last iteration");
    j.advice = "raise --iterations, refine the mesh (--cell), or run it transient (without "
               "--iterations)";
    if (!steady || !(std::abs(r.heat_balance) <= heat_balance_gate)) {
        j.why = fmt::format(
            "{} after {} iterations, {}; heat balance {:+.2f} % (air enthalpy rise against the "
            "{:.1f} kW put into the air; at most {:.0f} % is accepted{})",
            run.converged ? "the residuals met their targets" : "the iteration limit was reached",
            run.iterations, j.how, pct(r.heat_balance), r.Q_air_W / 1e3, pct(heat_balance_gate),
            averaged ? fmt::format(", moving by at most {:.1f} %, tray flows by at most {:.0f} %",
                                   pct(heat_balance_drift_gate), pct(tray_flow_drift_gate))
                     : "");
        return j;
    }
    j.answer = true;
    return j;
}

} // namespace rackcalc::openfoam
