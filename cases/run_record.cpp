#include "cases/run_record.hpp"

#include "core/quantity.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <stdexcept>
#include <unordered_map>

namespace rackcalc::cases {

CaseFacts case_facts(const CaseSpec& spec) {
    CaseFacts c;
    c.file = spec.file;
    c.name = spec.meta.name;
    c.template_chain = spec.template_chain;
    c.site_name = spec.site.name;
    c.electricity_price_USD_per_J = spec.site.electricity_price_USD_per_J;
    c.price_discount = spec.site.price_discount;
    c.T_ambient_K = spec.site.ambient_temperature_K;
    c.T_return_max_K = spec.cooling.max_return_temperature.value();
    if (spec.meta.it_power) {
        c.published_it_power_W = spec.meta.it_power->value_W;
        c.it_power_scope = spec.meta.it_power_scope;
        c.published_it_power_source = spec.meta.it_power->provenance.source;
    }
    return c;
}

namespace {

std::vector<SweepResult> run_sweeps(const CaseDocument& document, const CaseSpec& spec,
                                    const SweepObserver& observer) {
    RunOptions fast;
    fast.inverse = false;
    std::vector<SweepResult> sweeps;
    for (const auto& sw : spec.sweeps) {
        if (observer.begin) {
            observer.begin(sw);
        }
        sweeps.push_back(run_sweep(
            document, sw, fast,
            [&observer](std::size_t done, std::size_t) {
                if (observer.progress) {
                    observer.progress(done);
                }
            },
            observer.on_result));
        if (observer.end) {
            observer.end(sweeps.back());
        }
    }
    return sweeps;
}

} // namespace

RunRecord make_run_record(const CaseDocument& document, const CaseSpec& spec,
                          std::optional<AirflowEvidence> airflow, std::string version,
                          const SweepObserver& observer) {
    RunRecord record;
    record.case_facts = case_facts(spec);
    try {
        record.system = run_system(spec);
        record.scenarios = run_scenarios(spec, record.system);
    } catch (const std::invalid_argument& e) {
        throw locate(document, e);
    }
    if (airflow && record.system.converged) {
        check_airflow_evidence(*airflow, record.system);
        for (auto& f : airflow_findings(*airflow)) {
            record.system.findings.push_back(std::move(f));
        }
    }
    record.airflow = std::move(airflow);
    record.sweeps = run_sweeps(document, spec, observer);
    record.verdict = make_verdict(record.system, record.scenarios, record.sweeps);
    record.provenance = make_provenance(document, std::move(version));
    return record;
}

std::string sweep_file(const SweepResult& sweep) {
    return "sweep-" + sweep.name + ".csv";
}

std::vector<thermal::Finding> run_findings(const RunRecord& record) {
    std::vector<thermal::Finding> findings = record.system.findings;
    if (!record.system.converged) {
        findings.push_back({"error", "system", record.system.reason});
    }
    for (const auto& v : record.verdict.violations) {
        if (v.kind == Violation::Kind::scenario || v.kind == Violation::Kind::sweep_point) {
            findings.push_back(
                {"error", std::string(kind_name(v.kind)) + " " + v.subject, v.message});
        }
    }
    return findings;
}

std::optional<std::string> resolved_case_text(const Provenance& provenance) {
    if (!provenance.resolved_case.is_object()) {
        return std::nullopt;
    }
    return provenance.resolved_case.dump(2);
}

PowerFlow power_flow(const SystemResult& r) {
    PowerFlow flow;
    flow.nodes.push_back({"grid", "source"});
    std::size_t from = 0;
    for (std::size_t s = 0; s < r.chain.stages.size(); ++s) {
        const auto& stage = r.chain.stages[s];
        const auto& sr = r.chain_result.stages[s];
        flow.nodes.push_back({stage.name, ""});
        const std::size_t node = flow.nodes.size() - 1;
        flow.links.push_back({from, node, sr.P_in_W});
        flow.nodes.push_back(
            {fmt::format("loss: {} ({}, {})", stage.name, power::to_string(stage.location),
                         power::to_string(stage.medium)),
             "loss"});
        flow.links.push_back({node, flow.nodes.size() - 1, sr.P_loss_W});
        from = node;
    }
    flow.nodes.push_back({"chips and tray electronics", "it"});
    flow.links.push_back({from, flow.nodes.size() - 1, r.chain_result.P_it_W});
    flow.nodes.push_back({"cooling plant", "cooling"});
    flow.links.push_back({0, flow.nodes.size() - 1, r.mechanical_result.P_in_W});
    return flow;
}

std::vector<EfficiencyCurve> efficiency_vs_load(const SystemResult& r) {
    EfficiencyCurve curve{r.chain.name, {}, {}};
    for (int k = 1; k <= 10; ++k) {
        const double x = 0.1 * k;
        curve.load_fraction.push_back(x);
        curve.efficiency.push_back(
            power::evaluate_chain(r.chain, x * r.P_chips_tdp_W > 0 ? x * r.P_it_W : 0.0)
                .efficiency);
    }
    return {curve};
}

std::vector<TrayTypeRange> tray_types(const thermal::RackLoopResult& design,
                                      const geometry::Assembly& assembly) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::map<std::string, TrayTypeRange> by_type;
    for (const auto& t : design.trays) {
        const std::string& type = assembly.parts[static_cast<std::size_t>(t.part)].type;
        auto [it, fresh] = by_type.try_emplace(type);
        TrayTypeRange& tt = it->second;
        if (fresh) {
            tt = {type, 0, inf, -inf, inf, -inf, -inf, inf, -inf};
        }
        ++tt.count;
        tt.V_dot_min_m3_s = std::min(tt.V_dot_min_m3_s, t.V_dot_m3_s);
        tt.V_dot_max_m3_s = std::max(tt.V_dot_max_m3_s, t.V_dot_m3_s);
        tt.dp_min_Pa = std::min(tt.dp_min_Pa, t.dp_Pa);
        tt.dp_max_Pa = std::max(tt.dp_max_Pa, t.dp_Pa);
        tt.T_out_max_K = std::max(tt.T_out_max_K, t.T_out_K);
        tt.Q_min_W = std::min(tt.Q_min_W, t.Q_W);
        tt.Q_max_W = std::max(tt.Q_max_W, t.Q_W);
    }
    std::vector<TrayTypeRange> out;
    for (auto& [type, tt] : by_type) {
        out.push_back(std::move(tt));
    }
    return out;
}

std::vector<RackKind> rack_kinds(const thermal::RackLoopResult& design,
                                 const geometry::Assembly& assembly) {
    std::unordered_map<int, int> kind_size;
    for (const auto& rr : design.racks) {
        ++kind_size[rr.kind_first];
    }
    std::vector<RackKind> kinds;
    for (const int first : design.kind_first_racks()) {
        kinds.push_back({assembly.parts[static_cast<std::size_t>(first)].name, kind_size[first]});
    }
    return kinds;
}

std::optional<SweepChart> sweep_chart(const SweepResult& sweep, const core::Display* display) {
    if (sweep.parameters.empty() || sweep.rows.empty()) {
        return std::nullopt;
    }
    const SweepParameter& xp = sweep.parameters.back();
    const bool numeric = xp.kind != nullptr || xp.type == core::ValueType::integer ||
                         xp.type == core::ValueType::real;
    if (!numeric) {
        return std::nullopt;
    }
    const bool x_shown = display != nullptr && xp.kind != nullptr && display->shows(*xp.kind);
    const std::string x_unit = x_shown ? std::string(display->unit(*xp.kind)) : xp.unit;
    const auto x_of = [&xp, &x_unit](const std::string& value) {
        return xp.kind != nullptr ? core::from_si(core::parse_quantity(value, *xp.kind), x_unit)
                                  : std::stod(value);
    };
    SweepChart chart;
    chart.x_label = x_unit.empty() ? xp.key : xp.key + " [" + x_unit + "]";
    // An output is stored in its own unit; shown in the display's, it is named without its
    // SI suffix.
    struct Conversion {
        const core::QuantityKind* kind = nullptr;
        core::Unit stored;
    };
    std::vector<Conversion> conversions;
    for (const auto& name : sweep.outputs) {
        const SweepOutput* def = nullptr;
        for (const auto& o : sweep_outputs()) {
            def = o.name == name ? &o : def;
        }
        if (display != nullptr && def != nullptr && def->kind != nullptr &&
            display->shows(*def->kind)) {
            chart.outputs.push_back(
                {sweep_quantity_name(name), std::string(display->unit(*def->kind))});
            conversions.push_back({def->kind, core::parse_unit(def->unit)});
        } else {
            chart.outputs.push_back({name, def != nullptr ? def->unit : std::string()});
            conversions.emplace_back();
        }
    }
    const auto y_of = [&conversions, display](std::size_t k, double v) {
        const Conversion& c = conversions[k];
        return c.kind != nullptr ? display->value(c.stored.factor * v + c.stored.offset, *c.kind)
                                 : v;
    };
    // Full factorial, the last parameter fastest: each run of its values is one curve.
    const std::size_t n_x = xp.values.size();
    try {
        for (std::size_t start = 0; start + n_x <= sweep.rows.size(); start += n_x) {
            std::string label;
            for (std::size_t j = 0; j + 1 < sweep.parameters.size(); ++j) {
                label += (label.empty() ? "" : ", ") + sweep.parameters[j].key + " = " +
                         sweep.rows[start].values[j];
            }
            SweepChart::Series series{label.empty() ? sweep.name : label, {}, {}};
            series.y.resize(sweep.outputs.size());
            for (std::size_t i = start; i < start + n_x; ++i) {
                const SweepRow& row = sweep.rows[i];
                series.x.push_back(x_of(row.values.back()));
                for (std::size_t k = 0; k < sweep.outputs.size(); ++k) {
                    // An infeasible point has numbers, but not of a design that works.
                    const double v = row.status == "ok" && k < row.outputs.size() ? row.outputs[k]
                                                                                  : std::nan("");
                    series.y[k].push_back(std::isfinite(v) ? y_of(k, v) : std::nan(""));
                }
            }
            chart.series.push_back(std::move(series));
        }
    } catch (const std::exception&) {
        return std::nullopt; // a value the unit parser rejects: the table has it as written
    }
    return chart;
}

} // namespace rackcalc::cases
