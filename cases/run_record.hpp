#pragma once
// What `rackcalc run CASE -o DIR` produced, as types: the fused system, its scenarios and
// sweeps, the airflow evidence, the picture, the verdict and the provenance. summary.json is
// its one serialisation (cases::run_to_json) and report.html its rendering
// (viz::render_report); neither reads the other, so a renamed key cannot empty a section.
// A part that was not computed says why (Missing), never with a sentinel number.
//
// Also here, the views of a result that both summary.json and the report show, derived once:
// the power flow from the grid to the chips, the chain's efficiency versus load, the trays by
// type, the kinds of racks and a sweep's curves.

#include "cases/airflow_evidence.hpp"
#include "cases/case.hpp"
#include "cases/provenance.hpp"
#include "cases/scenarios.hpp"
#include "cases/sweep.hpp"
#include "cases/system_run.hpp"
#include "cases/verdict.hpp"
#include "core/display_units.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rackcalc::cases {

/// What the case says about itself and its site, as the report's case section shows it.
struct CaseFacts {
    std::string file; ///< the case file as given
    std::string name;
    std::vector<std::string> template_chain; ///< the case's template first
    std::string site_name;
    double electricity_price_USD_per_J = 0.0;
    double price_discount = 0.0; ///< fraction
    double T_ambient_K = 0.0;
    double T_return_max_K = 0.0; ///< the coolant return limit the loop is checked against
    /// The template's published IT power, for a rack or the whole system (it_power_scope),
    /// and its source; the one-page summary sets the computed power against it.
    std::optional<double> published_it_power_W;
    std::string it_power_scope;
    std::string published_it_power_source;
};

CaseFacts case_facts(const CaseSpec& spec);

/// A part of a run that was not computed, and why.
struct Missing {
    std::string reason;
};

/// The rack picture written beside the report.
struct Picture {
    std::string file; ///< relative to the output folder
    std::string colour_scale;
};

struct RunRecord {
    CaseFacts case_facts;
    SystemResult system; ///< with the airflow evidence's findings
    std::vector<ScenarioResult> scenarios;
    std::vector<SweepResult> sweeps; ///< each written to sweep_file(sweep)
    std::optional<AirflowEvidence> airflow;
    std::variant<Picture, Missing> picture = Missing{"no picture was drawn"};
    Verdict verdict;
    Provenance provenance;
};

/// What `make_run_record` tells the caller while the sweeps run, e.g. to draw a progress bar
/// and write each point's fields: each sweep begins, its points finish one by one (those whose
/// fused run converged with their result), and it ends with its table.
struct SweepObserver {
    std::function<void(const SweepSpec&)> begin;
    std::function<void(std::size_t done)> progress;
    std::function<void(std::size_t point, const SystemResult&)> on_result;
    std::function<void(const SweepResult&)> end;
};

/// Runs every model of a case as `run` does: the fused system (its input errors located in
/// `document`), the airflow evidence checked against it and its findings added, the
/// scenarios, every sweep in the fast mode (no inverse questions), then the verdict and the
/// provenance (`version`: the tool's). The picture is left Missing: drawing it is viz's.
RunRecord make_run_record(const CaseDocument& document, const CaseSpec& spec,
                          std::optional<AirflowEvidence> airflow, std::string version,
                          const SweepObserver& observer = {});

/// The sweep's table beside the report.
std::string sweep_file(const SweepResult& sweep);

/// Every finding of the run: the fused system's (with the failure to converge as an error),
/// then every failing scenario and infeasible sweep point of the verdict, as errors.
std::vector<thermal::Finding> run_findings(const RunRecord& record);

/// The case as resolved after template inheritance, as indented JSON for a reader; nullopt
/// when the provenance holds no resolved case.
std::optional<std::string> resolved_case_text(const Provenance& provenance);

/// The power flow from the grid to the chips: the grid, then each stage of the IT chain in
/// turn with its loss to its own sink (named with where its heat goes), the chips and tray
/// electronics, and the cooling plant fed from the grid beside it.
struct PowerFlow {
    struct Node {
        std::string name;
        std::string kind; ///< source, loss, it, cooling; empty for a stage
    };
    struct Link {
        std::size_t source = 0;
        std::size_t target = 0;
        double P_W = 0.0;
    };
    std::vector<Node> nodes;
    std::vector<Link> links;
};
PowerFlow power_flow(const SystemResult& r);

/// The end-to-end efficiency of a chain at fractions of the design IT load.
struct EfficiencyCurve {
    std::string chain;
    std::vector<double> load_fraction;
    std::vector<double> efficiency;
};
std::vector<EfficiencyCurve> efficiency_vs_load(const SystemResult& r);

/// Every tray of every rack of one type: how many, and the range of each quantity.
struct TrayTypeRange {
    std::string type;
    long count = 0;
    double V_dot_min_m3_s = 0.0, V_dot_max_m3_s = 0.0;
    double dp_min_Pa = 0.0, dp_max_Pa = 0.0;
    double T_out_max_K = 0.0;
    double Q_min_W = 0.0, Q_max_W = 0.0;
};
std::vector<TrayTypeRange> tray_types(const thermal::RackLoopResult& design,
                                      const geometry::Assembly& assembly);

/// The racks of one kind have the same results part by part (thermal::RackLoop): each kind by
/// its first rack, and how many racks it has.
struct RackKind {
    std::string first;
    int racks = 0;
};
std::vector<RackKind> rack_kinds(const thermal::RackLoopResult& design,
                                 const geometry::Assembly& assembly);

/// A sweep's results as curves: the last (fastest) parameter on the x axis in its display
/// unit, one series per combination of the others, one y list per output in the output's unit
/// (NaN where a point failed or is infeasible).
struct SweepChart {
    struct Output {
        std::string name;
        std::string unit;
    };
    struct Series {
        std::string label;
        std::vector<double> x;
        std::vector<std::vector<double>> y; ///< one list per output
    };
    std::string x_label;
    std::vector<Output> outputs;
    std::vector<Series> series;
};
/// Nullopt when the x parameter is a choice (no axis) or a value does not parse as a number.
/// `display`: the reader's units for the report (quantities converted, outputs named without
/// their SI suffix); none for summary.json, whose chart keeps each key's and output's own unit.
std::optional<SweepChart> sweep_chart(const SweepResult& sweep,
                                      const core::Display* display = nullptr);

} // namespace rackcalc::cases
