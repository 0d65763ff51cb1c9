#include "app/cfd_airflow_command.hpp"

#include "app/commands.hpp"
#include "cases/case.hpp"
#include "cases/system_run.hpp"
#include "core/input_error.hpp"
#include "geometry/assembly.hpp"
#include "thermal/fluid.hpp"
#include "thermal/openfoam/airflow_judgement.hpp"
#include "thermal/openfoam/airflow_rack.hpp"
#include "thermal/openfoam/airflow_run.hpp"
#include "thermal/rack_thermal.hpp"
#include "viz/staged_output.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

namespace rackcalc::app {

namespace fs = std::filesystem;
namespace of = openfoam;

namespace {

double degC(double T_K) {
    return T_K - 273.15;
}

} // namespace

CLI::App* add_cfd_airflow_command(CLI::App& cfd, CfdAirflowArgs& args) {
    auto* c = cfd.add_subcommand(
        "airflow", "Rack (or row) and aisle airflow in OpenFOAM: inlet temperature per tray, "
                   "recirculation indices; exit 6 when OpenFOAM gives no result");
    auto& o = args.options;
    c->add_option("CASE", args.case_file, "Case file (TOML)")->required();
    c->add_option("-o,--output", args.out_dir, "Output directory")->required();
    c->add_option("--np", o.np, "MPI ranks (decomposePar + mpirun)")->check(CLI::Range(1, 1024));
    c->add_option("--racks", o.racks, "Racks in the row (the case's rack repeated)")
        ->check(CLI::Range(1, 20));
    c->add_flag("--containment", o.containment, "Contain the cold aisle (roof and end doors)");
    c->add_option("--supply-fraction", o.supply_fraction,
                  "Cooling-unit supply over the racks' demand (default 1.2)")
        ->check(CLI::Range(0.05, 5.0));
    c->add_option("--cell", o.cell_m, "Room cell size [m] (default 0.1)")
        ->check(CLI::Range(0.01, 1.0));
    auto* changes =
        c->add_option("--air-changes", o.air_changes,
                      "Physical time of the transient run, in room air changes (air volume / "
                      "supply flow; default 8); judged on the last half")
            ->check(CLI::Range(2.0, 1000.0));
    auto* courant = c->add_option("--courant", o.max_courant,
                                  "Largest Courant number of the transient time step (default 8)")
                        ->check(CLI::Range(0.1, 50.0));
    c->add_option("--iterations", o.max_iterations,
                  "Run the steady solver instead (buoyantBoussinesqSimpleFoam), at most this "
                  "many iterations")
        ->check(CLI::Range(10, 100000))
        ->excludes(changes)
        ->excludes(courant);
    c->add_option("--time-limit", o.time_limit_s, "Wall-time limit of the solver [s]")
        ->check(CLI::Range(0.0, 1e7));
    return c;
}

int cfd_airflow(const fs::path& case_file, const fs::path& out_dir,
                const CfdAirflowOptions& options, const core::Display& u) {
    namespace k = core::kinds;
    const cases::CaseDocument document =
        cases::read_case_document(case_file, cases::TemplateLibrary::bundled());
    const cases::CaseSpec spec = cases::parse_case_document(document, document.merged);
    // The racks as `run` solves them: chip power at its junction temperature and the
    // conversion losses inside the rack (power shelves, busbar, in-rack converters) placed on
    // the parts that dissipate them, so the air carries the same heat here as in `run`.
    cases::SystemResult system;
    try {
        system = cases::run_system(spec, {.inverse = false});
    } catch (const std::invalid_argument& e) {
        throw cases::locate(document, e);
    }
    if (!system.converged) {
        std::cerr << "rackcalc cfd airflow: the fused run of the case did not converge ("
                  << u.render(system.reason)
                  << "), so its air-side heat is not known; `rackcalc run` "
                  << "shows why.\n";
        return exit_infeasible;
    }
    const geometry::Assembly& assembly = system.assembly;
    const thermal::ThermalAnalysis& fast = system.thermal;
    const auto& air_fluid = thermal::fluid_by_name("air");
    of::RackAirSide air;
    air.T_supply_K = spec.cooling.air_inlet_temperature.value();
    air.dT_design_K = spec.cooling.air_temperature_rise_K;
    air.dp_tray_Pa = spec.cooling.air_system_dp_Pa;
    air.rho = air_fluid.rho(air.T_supply_K);
    air.cp = air_fluid.cp(air.T_supply_K);
    air.nu = air_fluid.mu(air.T_supply_K) / air.rho;
    air.Pr = air_fluid.Pr(air.T_supply_K);
    air.air_class = fast.air.air_class;
    air.T_allowable_max_K = fast.air.allowable_hi_K;

    of::RackAirflowOptions ro;
    ro.racks = options.racks;
    ro.containment = options.containment;
    ro.supply_fraction = options.supply_fraction;
    ro.cell_m = options.cell_m;
    ro.transient = !options.max_iterations;
    ro.air_changes = options.air_changes;
    ro.average_air_changes = options.air_changes / 2.0;
    ro.max_courant = options.max_courant;
    ro.max_iterations = options.max_iterations.value_or(4000);
    const of::RackAirflowCase c = of::rack_airflow_case(assembly, air, ro);
    fmt::print("airflow case: {} rack(s), {} trays, {} cells; air-side heat {} (fast model {}); "
               "demand {}, supply {}{}\n",
               ro.racks, c.trays.size(), c.mesh.n_cells, u.format(c.Q_air_W, k::power),
               u.format(fast.Q_air_W * ro.racks, k::power),
               u.format(c.V_dot_demand_m3_s, k::air_volume_flow),
               u.format(c.V_dot_supply_m3_s, k::air_volume_flow),
               ro.containment ? ", cold aisle contained" : "");

    fs::create_directories(out_dir);
    const fs::path case_dir = out_dir / "openfoam";
    const of::Runner runner;
    const of::AirflowRun run = of::run_airflow(
        case_dir, c.mesh, c.spec, runner,
        {.np = options.np, .time_limit_s = options.time_limit_s, .keep_going = false});
    if (!run.ok()) {
        std::cerr << "rackcalc cfd airflow: " << run.failure << '\n';
        return exit_solver_failed;
    }
    const of::RackAirflowResult r = of::rack_airflow_result(c, run.report, air);
    const of::AirflowJudgement judged = of::judge_airflow_run(run, r, c);
    if (!judged.answer) {
        std::cerr << "rackcalc cfd airflow: no result: " << judged.why << ". The case and its "
                  << "log are in " << run.solve.log.string() << "; " << judged.advice << '\n';
        return exit_solver_failed;
    }

    nlohmann::json trays = nlohmann::json::array();
    std::ostringstream csv;
    csv << "part,rack,V_dot_m3_s,V_dot_design_m3_s,T_inlet_degC,T_inlet_peak_degC,"
           "T_exhaust_degC,margin_K,dp_porous_Pa,dp_spec_Pa\n";
    for (std::size_t i = 0; i < r.trays.size(); ++i) {
        const auto& t = r.trays[i];
        const auto& d = c.trays[i];
        trays.push_back({{"part", t.part},
                         {"rack", t.rack},
                         {"Q_air_W", d.Q_air_W},
                         {"V_dot_m3_s", t.V_dot_m3_s},
                         {"V_dot_design_m3_s", d.V_dot_design_m3_s},
                         {"T_inlet_K", t.T_inlet_K},
                         {"T_inlet_peak_K", t.T_inlet_peak_K},
                         {"T_exhaust_K", t.T_exhaust_K},
                         {"margin_K", t.margin_K},
                         {"dp_porous_Pa", t.dp_porous_Pa},
                         {"dp_spec_Pa", t.dp_spec_Pa}});
        csv << fmt::format("{},{},{:.6g},{:.6g},{:.3f},{:.3f},{:.3f},{:.3f},{:.4g},{:.4g}\n",
                           t.part, t.rack, t.V_dot_m3_s, d.V_dot_design_m3_s, degC(t.T_inlet_K),
                           degC(t.T_inlet_peak_K), degC(t.T_exhaust_K), t.margin_K, t.dp_porous_Pa,
                           t.dp_spec_Pa);
    }
    const nlohmann::json summary{{"case", case_file.string()},
                                 {"racks", ro.racks},
                                 {"containment", ro.containment},
                                 {"cells", c.mesh.n_cells},
                                 {"iterations", run.iterations},
                                 {"converged", run.converged},
                                 {"transient", c.spec.transient.has_value()},
                                 {"end_time_s", c.spec.transient ? run.end_time : 0.0},
                                 {"air_change_s", c.air_change_s},
                                 {"judged", judged.how},
                                 {"heat_balance_drift", r.heat_balance_drift},
                                 {"Q_stored_W", r.Q_stored_W},
                                 {"heat_conservation", r.heat_conservation},
                                 {"tray_flow_drift", r.tray_flow_drift},
                                 {"inlet_drift_K", r.inlet_drift_K},
                                 {"solver_wall_s", run.solve.wall_s},
                                 {"np", options.np},
                                 {"Q_air_W", r.Q_air_W},
                                 {"Q_removed_W", r.Q_removed_W},
                                 {"heat_balance", r.heat_balance},
                                 {"V_dot_demand_m3_s", c.V_dot_demand_m3_s},
                                 {"V_dot_supply_m3_s", r.V_dot_supply_m3_s},
                                 {"V_dot_racks_m3_s", r.V_dot_racks_m3_s},
                                 {"T_supply_K", air.T_supply_K},
                                 {"air_class", air.air_class},
                                 {"T_allowable_max_K", air.T_allowable_max_K},
                                 {"T_inlet_max_K", r.T_inlet_max_K},
                                 {"T_inlet_peak_max_K", r.T_inlet_peak_max_K},
                                 {"hottest_inlet", r.hottest_inlet},
                                 {"RCI_hi_percent", r.RCI_hi},
                                 {"RTI_percent", r.RTI},
                                 {"SHI", r.SHI},
                                 {"RHI", r.RHI},
                                 {"trays", trays}};
    // The result files are staged beside their names and moved in together: complete or
    // absent (an OutputError is exit 5).
    viz::StagedOutput files(out_dir);
    viz::write_text_file(files.staged("airflow.csv"), csv.str());
    viz::write_text_file(files.staged("airflow.json"), summary.dump(2) + "\n");
    files.commit({"airflow.csv", "airflow.json"});

    // Fields for ParaView: the internal mesh and every named patch, at the last iteration.
    of::RunRequest vtk;
    vtk.case_dir = case_dir;
    vtk.program = "foamToVTK";
    vtk.args = {"-latestTime", "-fields", "(U T p p_rgh)"};
    vtk.watch_divergence = false;
    const of::RunResult v = runner.run(vtk);

    if (c.spec.transient) {
        fmt::print("solved in {:.1f} s; results {}; heat balance {:+.2f} % (carried out {:+.2f} "
                   "%, stored {:+.2f} %)\n",
                   run.solve.wall_s, judged.how, 100.0 * r.heat_conservation,
                   100.0 * r.heat_balance, 100.0 * r.Q_stored_W / r.Q_air_W);
    } else {
        fmt::print("solved in {:.1f} s; results {}; heat balance {:+.2f} %\n", run.solve.wall_s,
                   judged.how, 100.0 * r.heat_balance);
    }
    fmt::print("hottest inlet {} (mean; peak {}) at {} ({} allows {}: margin {}); RCI_HI {:.0f} %, "
               "RTI {:.0f} %, SHI {:.3f}\n",
               u.format(r.T_inlet_max_K, k::temperature),
               u.format(r.T_inlet_peak_max_K, k::temperature), r.hottest_inlet, air.air_class,
               u.format(air.T_allowable_max_K, k::temperature),
               u.format(air.T_allowable_max_K - r.T_inlet_max_K, k::temperature_difference),
               r.RCI_hi, r.RTI, r.SHI);
    fmt::print("wrote {}, {}, {}{}\n", (out_dir / "airflow.json").string(),
               (out_dir / "airflow.csv").string(), case_dir.string(),
               v.ok() ? " (VTK in openfoam/VTK)" : " (foamToVTK failed: " + v.message + ")");
    return exit_ok;
}

} // namespace rackcalc::app
