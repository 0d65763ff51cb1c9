#pragma once
// The OpenFOAM airflow result as evidence for a fused run: `rackcalc cfd airflow` writes
// airflow.json beside its case folder; `rackcalc run CASE --airflow FILE` reads it back,
// checks that it was computed for the air-side heat this run puts into each rack, and adds
// what it says about the racks' inlets to the run's findings, verdict, summary and report.
// The fidelities meet in data: the run never starts OpenFOAM itself.
//
// What becomes a finding (ASHRAE TC 9.9 classes [T1]; RCI after Herrlin [V44]):
// - a tray whose mean inlet temperature is above its class's allowable maximum: error (the
//   design fails);
// - a tray whose peak inlet over the averaged window is above it: warning;
// - RCI_HI below 91 %: warning (Herrlin rates 96 % and above good, 91-95 % acceptable,
//   90 % and below poor).

#include "cases/system_run.hpp"
#include "thermal/rack_thermal.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rackcalc::cases {

struct AirflowTrayEvidence {
    std::string part;
    int rack = 0;
    double Q_air_W = 0.0;
    double V_dot_m3_s = 0.0;
    double V_dot_design_m3_s = 0.0;
    double T_inlet_K = 0.0;      ///< mean over the averaged window
    double T_inlet_peak_K = 0.0; ///< largest report in the window
    double T_exhaust_K = 0.0;
    double margin_K = 0.0; ///< allowable maximum minus the mean inlet
};

struct AirflowEvidence {
    std::filesystem::path file;
    std::string case_file; ///< the case `cfd airflow` ran
    int racks = 1;         ///< racks in the CFD row (the case's first rack repeated)
    bool containment = false;
    bool transient = false;
    std::string judged; ///< how the CFD run was judged (window, drifts)
    long cells = 0;
    double Q_air_W = 0.0; ///< heat put into the air of the whole CFD row
    double heat_balance = 0.0;
    double V_dot_demand_m3_s = 0.0;
    double V_dot_supply_m3_s = 0.0;
    std::string air_class;
    double T_supply_K = 0.0;
    double T_allowable_max_K = 0.0;
    double T_inlet_max_K = 0.0;
    double T_inlet_peak_max_K = 0.0;
    std::string hottest_inlet;
    double RCI_hi = 0.0, RTI = 0.0, SHI = 0.0, RHI = 0.0;
    std::vector<AirflowTrayEvidence> trays;
};

/// Reads airflow.json. Throws core::InputError naming the file and the key for a file that
/// cannot be read, is not JSON, or lacks a key or a finite number.
AirflowEvidence read_airflow_evidence(const std::filesystem::path& file);

/// Checks that the evidence belongs to this run: the heat it put into the air of each of its
/// racks equals the air-side heat of this run's racks (their mean) within 0.5 %. Throws
/// core::InputError (the file, the two figures, and the fix: rerun `cfd airflow` on this
/// case) when not.
void check_airflow_evidence(const AirflowEvidence& evidence, const SystemResult& result);

/// The findings the evidence gives (see the header comment), to add to the run's.
std::vector<thermal::Finding> airflow_findings(const AirflowEvidence& evidence);

/// The evidence for summary.json ("airflow"): the whole-row figures and every tray.
nlohmann::json airflow_to_json(const AirflowEvidence& evidence);

} // namespace rackcalc::cases
