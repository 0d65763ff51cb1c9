// The typed record of a run (cases/run_record.hpp) of cases/examples/gb300-nvl72.toml, and
// summary.json written from it (cases::run_to_json): the record holds what every model of
// `run` computed, the views derived from it conserve power and count every part once, and
// the JSON says what the record says, missing parts included.

#include "cases/result_json.hpp"
#include "cases/run_record.hpp"
#include "core/display_units.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <vector>

namespace {
/// A model's sentence as the metric display renders it (the long-standing text).
std::string text(const rackcalc::core::Statement& s) {
    return rackcalc::core::Display{}.render(s);
}
} // namespace

using namespace rackcalc;
namespace fs = std::filesystem;

namespace {

/// What the sweep observer was told, in order.
struct Observed {
    std::vector<std::string> begun;
    std::size_t progress_calls = 0;
    std::size_t results = 0;
    std::vector<std::string> ended;
};

cases::RunRecord gb300(Observed* observed = nullptr) {
    const cases::CaseDocument document =
        cases::read_case_document(fs::path(RACKCALC_SOURCE_DIR) / "cases/examples/gb300-nvl72.toml",
                                  cases::TemplateLibrary::bundled());
    const cases::CaseSpec spec = cases::parse_case_document(document, document.merged);
    cases::SweepObserver observer;
    if (observed) {
        observer.begin = [observed](const cases::SweepSpec& s) {
            observed->begun.push_back(s.name);
        };
        observer.progress = [observed](std::size_t) { ++observed->progress_calls; };
        observer.on_result = [observed](std::size_t, const cases::SystemResult& r) {
            CHECK(r.converged);
            ++observed->results;
        };
        observer.end = [observed](const cases::SweepResult& s) {
            observed->ended.push_back(s.name);
        };
    }
    return cases::make_run_record(document, spec, std::nullopt, "9.9.9", observer);
}

} // namespace

TEST_CASE("run record: every model of `run`, the sweeps told to the observer") {
    Observed observed;
    const cases::RunRecord run = gb300(&observed);
    REQUIRE(run.system.converged);
    CHECK(run.case_facts.name == "NVIDIA GB300 NVL72");
    CHECK(run.case_facts.template_chain == std::vector<std::string>{"gb300-nvl72", "gb200-nvl72"});
    CHECK(run.case_facts.T_return_max_K > run.system.thermal.design.T_return_K);
    CHECK_FALSE(run.scenarios.empty());
    REQUIRE(run.sweeps.size() == 1);
    const cases::SweepResult& sweep = run.sweeps.front();
    CHECK(observed.begun == std::vector<std::string>{sweep.name});
    CHECK(observed.ended == std::vector<std::string>{sweep.name});
    CHECK(observed.progress_calls == sweep.rows.size());
    // Every point that converged (ok or infeasible) was handed over for its fields.
    CHECK(observed.results == sweep.ok + sweep.infeasible);
    CHECK(cases::sweep_file(sweep) == "sweep-" + sweep.name + ".csv");
    // The verdict is the one of these results; the picture is viz's to draw.
    const cases::Verdict verdict = cases::make_verdict(run.system, run.scenarios, run.sweeps);
    CHECK(text(run.verdict.line()) == text(verdict.line()));
    CHECK(std::get<cases::Missing>(run.picture).reason == "no picture was drawn");
    CHECK(run.provenance.version == "9.9.9");
    CHECK(cases::resolved_case_text(run.provenance)->find("gb300-nvl72") != std::string::npos);
    CHECK_FALSE(run.airflow);
}

TEST_CASE("run record: the views conserve power and list every tray and rack once") {
    const cases::RunRecord run = gb300();
    const cases::SystemResult& r = run.system;
    // Power flow: what enters each stage leaves it to the next stage and to its loss, and the
    // grid feeds the IT chain and the cooling plant.
    const cases::PowerFlow flow = cases::power_flow(r);
    REQUIRE(flow.nodes.size() == 2 * r.chain.stages.size() + 3);
    std::vector<double> in(flow.nodes.size(), 0.0), out(flow.nodes.size(), 0.0);
    for (const auto& l : flow.links) {
        CHECK(l.P_W >= 0.0);
        out.at(l.source) += l.P_W;
        in.at(l.target) += l.P_W;
    }
    for (std::size_t n = 1; n < flow.nodes.size(); ++n) {
        if (flow.nodes[n].kind.empty()) { // a stage of the chain
            CHECK(out[n] == doctest::Approx(in[n]).epsilon(1e-9));
        }
    }
    CHECK(out[0] == doctest::Approx(r.P_grid_W).epsilon(1e-9));
    double losses_W = 0.0;
    for (std::size_t n = 0; n < flow.nodes.size(); ++n) {
        losses_W += flow.nodes[n].kind == "loss" ? in[n] : 0.0;
    }
    CHECK(losses_W == doctest::Approx(r.chain_result.P_loss_W).epsilon(1e-9));

    // The chain converts less well at a tenth of the load than at full load.
    const auto curves = cases::efficiency_vs_load(r);
    REQUIRE(curves.size() == 1);
    CHECK(curves[0].load_fraction.front() == doctest::Approx(0.1));
    CHECK(curves[0].load_fraction.back() == doctest::Approx(1.0));
    CHECK(curves[0].efficiency.front() < curves[0].efficiency.back());
    CHECK(curves[0].efficiency.back() < 1.0);

    // Trays by type: every tray of every rack counted once, each inside its type's range.
    const auto& d = r.thermal.design;
    const auto types = cases::tray_types(d, r.assembly);
    long trays = 0;
    for (const auto& t : types) {
        trays += t.count;
        CHECK(t.V_dot_min_m3_s <= t.V_dot_max_m3_s);
        CHECK(t.dp_min_Pa <= t.dp_max_Pa);
        CHECK(t.Q_min_W <= t.Q_max_W);
    }
    CHECK(trays == static_cast<long>(d.trays.size()));
    for (const auto& t : d.trays) {
        const auto& type = r.assembly.parts.at(static_cast<std::size_t>(t.part)).type;
        const auto it = std::find_if(types.begin(), types.end(),
                                     [&type](const auto& x) { return x.type == type; });
        REQUIRE(it != types.end());
        CHECK(t.V_dot_m3_s >= it->V_dot_min_m3_s);
        CHECK(t.V_dot_m3_s <= it->V_dot_max_m3_s);
        CHECK(t.T_out_K <= it->T_out_max_K);
    }
    int racks = 0;
    for (const auto& k : cases::rack_kinds(d, r.assembly)) {
        racks += k.racks;
    }
    CHECK(racks == static_cast<int>(d.racks.size()));
}

TEST_CASE("run record: summary.json says what the record says, missing parts included") {
    cases::RunRecord run = gb300();
    nlohmann::json j = cases::run_to_json(run);
    CHECK(j["case"]["name"] == run.case_facts.name);
    CHECK(j["picture"] == nlohmann::json{{"missing", "no picture was drawn"}});
    CHECK(j["verdict"]["line"] == text(run.verdict.line()));
    CHECK(j["verdict"]["pass"] == run.verdict.pass());
    // The findings are the system's and every failing scenario and sweep point.
    const auto findings = cases::run_findings(run);
    REQUIRE(j["findings"].size() == findings.size());
    for (std::size_t k = 0; k < findings.size(); ++k) {
        CHECK(j["findings"][k]["component"] == text(findings[k].component));
    }
    std::size_t studies = 0;
    for (const auto& v : run.verdict.violations) {
        studies += v.kind == cases::Violation::Kind::scenario ||
                   v.kind == cases::Violation::Kind::sweep_point;
    }
    CHECK(findings.size() == run.system.findings.size() + studies);
    CHECK(j["sweeps"][0]["file"] == cases::sweep_file(run.sweeps.front()));
    CHECK(j["sweeps"][0]["points"] == run.sweeps.front().rows.size());
    CHECK(j["scenarios"].size() == run.scenarios.size());
    CHECK(j["provenance"]["rackcalc_version"] == "9.9.9");
    CHECK(j["sankey"]["links"].size() == cases::power_flow(run.system).links.size());

    run.picture = cases::Picture{"rack.png", "chip junction temperature [degC]"};
    j = cases::run_to_json(run);
    CHECK(j["picture"] == nlohmann::json{{"file", "rack.png"},
                                         {"colour_scale", "chip junction temperature [degC]"}});

    // A run that did not converge: the failure is a finding, and no numbers are given.
    run.system.converged = false;
    run.system.reason = "did not settle";
    j = cases::run_to_json(run);
    CHECK_FALSE(j.contains("totals"));
    CHECK_FALSE(j.contains("sankey"));
    CHECK(std::any_of(j["findings"].begin(), j["findings"].end(), [](const auto& f) {
        return f["component"] == "system" && f["message"] == "did not settle";
    }));
}
