// rackcalc run CASE -o DIR: the fused system, its scenarios and sweeps, written as a report,
// summaries, tables and VTK files.

#include "app/commands.hpp"
#include "cases/airflow_evidence.hpp"
#include "cases/case.hpp"
#include "cases/result_json.hpp"
#include "cases/run_record.hpp"
#include "cases/scenarios.hpp"
#include "cases/sweep.hpp"
#include "cases/system_run.hpp"
#include "core/display_units.hpp"
#include "core/progress.hpp"
#include "viz/paraview_script.hpp"
#include "viz/rack_picture.hpp"
#include "viz/report.hpp"
#include "viz/staged_output.hpp"
#include "viz/summary_page.hpp"
#include "viz/thermal_fields.hpp"
#include "viz/vtk_writer.hpp"

#include <cctype>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rackcalc::app {

namespace fs = std::filesystem;

namespace {

/// rack.png coloured by chip junction temperature, its bytes handed to the report to embed.
/// The picture needs an X display (xvfb-run gives one); without, the record says why not.
std::variant<cases::Picture, cases::Missing> draw_picture(const cases::SystemResult& r,
                                                          const viz::OutputFolder& out,
                                                          viz::ReportAssets& assets,
                                                          const core::Display& u) {
    if (!r.converged || !r.thermal.design.converged) {
        return cases::Missing{"the fused run did not converge"};
    }
    // One quantity on one scale: chip junction temperature in the reader's unit, named on the
    // colour bar; coolant temperatures are another quantity and stay off this colour bar.
    std::vector<double> T_junction(r.assembly.parts.size(),
                                   std::numeric_limits<double>::quiet_NaN());
    for (const auto& c : r.thermal.design.chips) {
        T_junction[static_cast<std::size_t>(c.part)] =
            u.value(c.T_junction_K, core::kinds::temperature);
    }
    const std::string unit(u.unit(core::kinds::temperature));
    if (const auto why_not = viz::write_rack_picture(r.assembly.parts, T_junction,
                                                     fmt::format("chip junction T [{}]", unit),
                                                     out.staged("rack.png"))) {
        return cases::Missing{*why_not};
    }
    std::ifstream png(out.staged("rack.png"), std::ios::binary);
    assets.rack_png.assign(std::istreambuf_iterator<char>(png), {});
    return cases::Picture{"rack.png", fmt::format("chip junction temperature [{}]", unit)};
}

/// A file name from a free-text label: letters, digits, '-' and '_' kept, the rest '_'.
std::string file_stem(std::string_view label) {
    std::string out;
    for (const char c : label) {
        const bool keep = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
        out += keep ? c : '_';
    }
    return out.empty() ? "scenario" : out;
}

} // namespace

int run(const std::filesystem::path& file, const std::filesystem::path& out_dir,
        const core::Display& u, bool force,
        const std::optional<std::filesystem::path>& airflow_file) {
    viz::check_output_target(out_dir, force); // before the work, so a bad -o fails at once
    const cases::CaseDocument document =
        cases::read_case_document(file, cases::TemplateLibrary::bundled());
    const cases::CaseSpec spec = cases::parse_case_document(document, document.merged);
    std::optional<cases::AirflowEvidence> airflow;
    if (airflow_file) {
        airflow = cases::read_airflow_evidence(*airflow_file);
    }
    viz::OutputFolder out(out_dir, force);
    // [outputs] chooses the files; the record is computed either way.
    const cases::OutputSpec& want = spec.outputs;
    std::vector<std::filesystem::path> entries;
    // Sweeps: every point in the fast mode; a point's failure is a row, not an error. Each
    // sweep is also a ParaView series: sweep-<name>.pvd over one rack.vtm per point that has
    // a result, its "time" the point's row in the table (a failed point is a gap).
    std::optional<core::ProgressBar> bar;
    std::string sweep_stem;
    std::vector<viz::PvdStep> sweep_steps;
    cases::SweepObserver observer;
    observer.begin = [&](const cases::SweepSpec& sw) {
        bar.emplace("sweep " + sw.name, sw.points());
        sweep_stem = "sweep-" + file_stem(sw.name);
        sweep_steps.clear();
    };
    observer.progress = [&bar](std::size_t done) { bar->update(done); };
    observer.on_result = [&](std::size_t k, const cases::SystemResult& pr) {
        if (!want.vtk || !pr.thermal.design.converged) {
            return;
        }
        const fs::path step = fs::path(sweep_stem) / fmt::format("point-{:02d}", k);
        viz::write_rack_vtk(pr.assembly.parts, viz::thermal_fields(pr.thermal, pr.assembly),
                            out.staged(step));
        sweep_steps.push_back({static_cast<double>(k), step / "rack.vtm"});
    };
    observer.end = [&](const cases::SweepResult& sweep) {
        bar.reset();
        if (!sweep_steps.empty()) {
            viz::write_pvd(sweep_steps, out.staged(sweep_stem + ".pvd"));
            entries.insert(entries.end(), {fs::path(sweep_stem), fs::path(sweep_stem + ".pvd")});
        }
        const std::string name = cases::sweep_file(sweep);
        viz::write_text_file(out.staged(name), cases::sweep_to_csv(sweep, u));
        entries.emplace_back(name);
    };
    cases::RunRecord record =
        cases::make_run_record(document, spec, std::move(airflow), RACKCALC_VERSION, observer);
    const cases::SystemResult& r = record.system;
    viz::ReportAssets assets; // embedded in report.html
    if (want.picture) {
        record.picture = draw_picture(r, out, assets, u);
        if (std::holds_alternative<cases::Picture>(record.picture)) {
            entries.emplace_back("rack.png");
        }
    } else {
        record.picture = cases::Missing{"not asked for ([outputs] picture = false)"};
    }
    const auto& scenarios = record.scenarios;
    const cases::Verdict& verdict = record.verdict;
    if (want.html) {
        viz::write_text_file(out.staged("report.html"), viz::render_report(record, assets, u));
        entries.emplace_back("report.html");
    }
    if (want.summary_page) {
        viz::write_text_file(out.staged("summary.html"), viz::render_summary_page(record, u));
        entries.emplace_back("summary.html");
    }
    if (want.json) {
        viz::write_text_file(out.staged("summary.json"), cases::run_to_json(record).dump(1) + "\n");
        entries.emplace_back("summary.json");
    }
    if (want.csv) {
        viz::write_text_file(out.staged("summary.csv"), cases::system_to_csv(r, u));
        viz::write_text_file(out.staged("chips.csv"), cases::chips_to_csv(r, u));
        viz::write_text_file(out.staged("trays.csv"), cases::trays_to_csv(r, u));
        entries.insert(entries.end(), {"summary.csv", "chips.csv", "trays.csv"});
    }
    if (want.vtk && r.converged && r.thermal.design.converged) {
        const auto fields = viz::thermal_fields(r.thermal, r.assembly);
        viz::write_rack_vtk(r.assembly.parts, fields, out.staged("."));
        viz::write_network_vtp(viz::loop_drawing(r.thermal.design), out.staged("loop.vtp"));
        // The standard ParaView views of these files: `pvpython paraview-views.py`.
        viz::write_text_file(out.staged("paraview-views.py"),
                             std::string(viz::paraview_views_script()));
        entries.insert(entries.end(), {"rack", "loop.vtp", "rack.vtm", "paraview-views.py"});
        // Transient scenarios as ParaView time series: transient-<name>.pvd over one rack.vtm
        // per frame in transient-<name>/step-NN.
        for (const auto& sc : scenarios) {
            const auto frames = cases::transient_frames(sc);
            if (frames.empty()) {
                continue;
            }
            const std::string stem = "transient-" + file_stem(sc.name);
            std::vector<viz::PvdStep> steps;
            for (std::size_t k = 0; k < frames.size(); ++k) {
                const fs::path step = fs::path(stem) / fmt::format("step-{:02d}", k);
                viz::write_rack_vtk(r.assembly.parts, viz::shifted_fields(fields, frames[k].dT_K),
                                    out.staged(step));
                steps.push_back({frames[k].t_s, step / "rack.vtm"});
            }
            viz::write_pvd(steps, out.staged(stem + ".pvd"));
            entries.insert(entries.end(), {fs::path(stem), fs::path(stem + ".pvd")});
        }
    }
    out.commit(entries);

    fmt::print("{}\n", u.render(verdict.line()));
    if (!r.converged) {
        fmt::print("NOT CONVERGED: {}\nwrote {} (the failure, no results)\n", u.render(r.reason),
                   (out_dir / "summary.json").string());
        return exit_infeasible;
    }
    fmt::print("{}: converged in {} iterations (last change {:.1e})\n", spec.meta.name,
               r.iterations, r.residual);
    namespace k = core::kinds;
    fmt::print("  IT {}, IT equipment (rack input) {}, grid {}; design-point PUE {:.3f} = grid / "
               "IT equipment; power-chain loss {}, cooling {} (liquid on {}, air on {})\n",
               u.format(r.P_it_W, k::power), u.format(r.P_ite_W, k::power),
               u.format(r.P_grid_W, k::power), r.pue, u.format(r.chain_result.P_loss_W, k::power),
               u.format(r.P_cooling_W, k::power),
               r.rejection.liquid.free ? "dry coolers" : "chillers",
               r.rejection.air.free ? "dry coolers" : "chillers");
    fmt::print("  annual PUE {:.3f} (power {:.3f}, cooling {:.3f}), ELC {:.4f}, free cooling "
               "{:.0f} h liquid / {:.0f} h air; climate: {}\n",
               r.year.pue, r.year.ppue_power, r.year.ppue_cooling, r.year.elc,
               r.year.free_cooling_liquid_h, r.year.free_cooling_air_h, r.year.climate_source);
    fmt::print("  energy closes to {:.1e}, heat to {:.1e}; a year: {}, {:.0f} USD\n",
               r.energy_closure, r.heat_closure, u.format(r.annual_energy_J, k::energy, 0),
               r.annual_cost_USD);
    if (r.thermal.design.converged) {
        const auto& d = r.thermal.design;
        fmt::print("  coolant {}, supply {}, return {}, loop dp {}",
                   u.format(d.V_dot_m3_s, k::volume_flow), u.format(d.T_supply_K, k::temperature),
                   u.format(d.T_return_K, k::temperature), u.format(d.dp_loop_Pa, k::pressure));
        if (d.worst_chip >= 0) {
            const auto& w = d.chips[static_cast<std::size_t>(d.worst_chip)];
            fmt::print("; worst chip {} (margin {})", u.format(w.T_junction_K, k::temperature),
                       u.format(w.margin_K(), k::temperature_difference));
        }
        fmt::print("\n");
    }
    if (const auto& evidence = record.airflow) {
        fmt::print("  airflow (OpenFOAM, {}): hottest inlet {} (peak {}) at {}, ASHRAE {} allows "
                   "{}; RCI_HI {:.0f} %, RTI {:.0f} %, SHI {:.3f}\n",
                   evidence->file.string(), u.format(evidence->T_inlet_max_K, k::temperature),
                   u.format(evidence->T_inlet_peak_max_K, k::temperature), evidence->hottest_inlet,
                   evidence->air_class, u.format(evidence->T_allowable_max_K, k::temperature),
                   evidence->RCI_hi, evidence->RTI, evidence->SHI);
    }
    for (const auto& f : r.findings) {
        fmt::print("{}: {}: {}\n", f.severity, u.render(f.component), u.render(f.message));
    }
    for (const auto& sc : scenarios) {
        fmt::print("scenario {} ({}): {}: {}\n", sc.name, sc.kind, sc.status,
                   u.render(sc.sentence));
    }
    for (const auto& sw : record.sweeps) {
        fmt::print("sweep {}: {} points, {} ok, {} failed, {} infeasible; wrote sweep-{}.csv\n",
                   sw.name, sw.rows.size(), sw.ok, sw.failed, sw.infeasible, sw.name);
    }
    fmt::print("wrote {}\n", out_dir.string());
    // A failing scenario or an infeasible sweep point is a finding like a violated limit.
    return verdict.pass() ? exit_ok : exit_infeasible;
}

} // namespace rackcalc::app
