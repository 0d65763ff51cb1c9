// rackcalc: the command line. Parses arguments and calls the library; nothing else.

#include "app/cfd_airflow_command.hpp"
#include "app/cfd_command.hpp"
#include "app/commands.hpp"
#include "app/validate_command.hpp"
#include "core/display_units.hpp"
#include "core/input_error.hpp"
#include "core/toml_source.hpp"
#include "viz/staged_output.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>

int main(int argc, char** argv) {
    using namespace rackcalc::app;
    CLI::App cli{"RackCalc: rack-level physical, thermal and power design for AI datacentres"};
    cli.set_version_flag("--version", std::string("rackcalc ") + RACKCALC_VERSION);
    cli.require_subcommand(1);
    // Limits on input and work (core/toml_source.hpp), for every command; an input over one
    // is an input error that names the option raising it.
    rackcalc::core::InputLimits limits;
    cli.fallthrough();
    cli.add_option("--max-file-bytes", limits.max_file_bytes, "Largest input file read")
        ->capture_default_str();
    cli.add_option("--max-nesting", limits.max_nesting,
                   "Deepest nesting of tables, dotted keys, arrays and inline tables")
        ->capture_default_str();
    cli.add_option("--max-string-bytes", limits.max_string_bytes, "Longest string in an input")
        ->capture_default_str();
    cli.add_option("--max-sweep-points", limits.max_sweep_points, "Most points of one [[sweep]]")
        ->capture_default_str();
    cli.add_option("--max-racks", limits.max_racks, "Most racks in one case")
        ->capture_default_str();
    cli.add_option("--max-samples", limits.max_samples, "Most samples of one load-swing trace")
        ->capture_default_str();

    // Display units for every quantity printed or written (terminal, report, CSV); summary.json
    // stays SI. Read once here through the unit-system word table.
    std::string units_word = "metric";
    cli.add_option("--units", units_word,
                   "Units shown: si (K, m^3/s, Pa, W, GJ), metric (degC, L/min, kPa, kW, MWh) or "
                   "us (degF, gpm, CFM, psi, kW, tons)")
        ->capture_default_str();

    bool json = false;
    auto* templates = cli.add_subcommand("templates", "List the rack templates with key figures "
                                                      "and their sources");
    templates->add_flag("--json", json, "Print JSON with every figure and source");

    std::string case_file;
    auto* check = cli.add_subcommand("check", "Validate a case file; exit 0 if it is sound, "
                                              "else print every error and exit 2");
    check->add_option("CASE", case_file, "Case file (TOML)")->required();

    std::string out_dir;
    auto* geometry = cli.add_subcommand("geometry", "Place every part in 3-D and write rack.vtm "
                                                    "for ParaView");
    geometry->add_option("CASE", case_file, "Case file (TOML)")->required();
    geometry
        ->add_option("-o,--output", out_dir,
                     "Output folder, written whole and swapped in at the end (a folder "
                     "RackCalc made, an empty one, or a new one)")
        ->required();
    bool geometry_force = false;
    geometry->add_flag("--force", geometry_force,
                       "Replace an -o folder that RackCalc did not make");

    std::string thermal_out;
    auto* thermal = cli.add_subcommand("thermal", "Coolant loop, chip temperatures, air side, "
                                                  "CDU; exit 3 when the design does not work");
    thermal->add_option("CASE", case_file, "Case file (TOML)")->required();
    thermal->add_flag("--json", json, "Print JSON with every component");
    thermal->add_option(
        "-o,--output", thermal_out,
        "Also write DIR/rack.vtm with T_junction_K, T_coolant_in_K, T_coolant_out_K, "
        "flow_m3_s, dp_Pa and DIR/loop.vtp; "
        "the folder is written whole and swapped in, as for run -o");
    bool thermal_force = false;
    thermal->add_flag("--force", thermal_force, "Replace an -o folder that RackCalc did not make");

    std::string power_case;
    auto* power = cli.add_subcommand("power", "The case's power chain stage by stage: power, "
                                              "losses, heat, energy, cost, copper, storage");
    power->add_option("CASE", power_case, "Case file (TOML)");
    power->add_flag("--json", json, "Print JSON with every stage");
    power->require_subcommand(0, 1);
    std::string compare_case;
    std::string compare_svg;
    bool compare_json = false;
    auto* compare = power->add_subcommand("compare", "All reference chains side by side at "
                                                     "30/50/75/100 % load, and 2N vs N+1");
    compare->add_option("CASE", compare_case, "Case file (TOML)")->required();
    compare->add_flag("--json", compare_json, "Print JSON");
    compare->add_option("--svg", compare_svg, "Write an SVG chart of efficiency versus load");

    std::string run_out;
    auto* run = cli.add_subcommand("run", "The whole answer: rack, cooling, power chain and "
                                          "facility fused; writes report.html, summary.html (one "
                                          "page), summary.json, summary.csv, chips.csv, "
                                          "trays.csv, rack.vtm, loop.vtp");
    run->add_option("CASE", case_file, "Case file (TOML)")->required();
    run->add_option("-o,--output", run_out,
                    "Output folder, written whole and swapped in at the end (a folder RackCalc "
                    "made, an empty one, or a new one)")
        ->required();
    bool force = false;
    run->add_flag("--force", force, "Replace an -o folder that RackCalc did not make");
    std::string run_airflow;
    run->add_option("--airflow", run_airflow,
                    "airflow.json of `rackcalc cfd airflow` on this case: its inlet "
                    "temperatures join the findings, verdict and report");

    std::vector<std::string> compare_files;
    bool cases_json = false;
    auto* compare_cases = cli.add_subcommand(
        "compare", "Several cases side by side per MW of IT: compute, coolant flow, losses, PUE, "
                   "cost per PFLOP-hour");
    compare_cases->add_option("CASES", compare_files, "Case files (TOML)")->required();
    compare_cases->add_flag("--json", cases_json, "Print JSON");
    std::string compare_price;
    compare_cases->add_option("--price", compare_price,
                              "One electricity price for every case, e.g. \"0.08 USD/kWh\" "
                              "(each case keeps its own discount)");

    auto* schema = cli.add_subcommand("schema", "Print the input reference (Markdown) generated "
                                                "from the schema");

    std::string validation_dir;
    auto* validate = cli.add_subcommand("validate", "Run the reference cases (validation/); exit 4 "
                                                    "when any misses its tolerance");
    validate->add_flag("--json", json, "Print JSON with every compared value and its source");
    validate->add_option("--dir", validation_dir,
                         "Folder of validation *.toml files (default: the bundled validation/)");

    CfdColdplateOptions cfd_options;
    auto* cfd = cli.add_subcommand("cfd", "OpenFOAM field models of the case");
    cfd->require_subcommand(1);
    auto* coldplate = cfd->add_subcommand(
        "coldplate", "Cold-plate conjugate heat transfer at several flows; fits R_th and dp, "
                     "compares the fast model, writes a [plates.<id>.performance] file; exit 6 "
                     "when a run fails");
    coldplate->add_option("CASE", cfd_options.case_file, "Case file (TOML)")->required();
    coldplate->add_option("--plate", cfd_options.plate,
                          "Plate design id (default: the plate of the first GPU)");
    coldplate->add_option("-o,--output", cfd_options.out_dir, "Output directory")->required();
    coldplate->add_option("--np", cfd_options.np, "MPI processes per run")
        ->check(CLI::Range(1, 256));
    coldplate->add_option("--flows", cfd_options.flows,
                          "Flows, e.g. --flows \"1 L/min\" \"2 L/min\" (default: 0.5, 1 and 2 "
                          "times the case's design flow)");
    coldplate
        ->add_option("--time-limit", cfd_options.time_limit_s, "Wall-time limit per flow point [s]")
        ->check(CLI::PositiveNumber);
    CfdAirflowArgs cfd_airflow_args;
    auto* cfd_airflow_cmd = add_cfd_airflow_command(*cfd, cfd_airflow_args);

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? exit_ok : exit_input_error;
    }

    rackcalc::core::set_input_limits(limits);
    rackcalc::core::UnitSystem units{};
    try {
        units = rackcalc::core::unit_system_words.parse(units_word);
    } catch (const std::invalid_argument&) {
        std::cerr << fmt::format("rackcalc: --units \"{}\" is not a unit system; choose one of "
                                 "{}\n",
                                 units_word,
                                 fmt::join(rackcalc::core::unit_system_words.names(), ", "));
        return exit_input_error;
    }
    const rackcalc::core::Display display(units);
    try {
        if (templates->parsed()) {
            return list_templates(json, display);
        }
        if (check->parsed()) {
            return check_case(case_file, display);
        }
        if (geometry->parsed()) {
            return write_geometry(case_file, out_dir, geometry_force);
        }
        if (thermal->parsed()) {
            return rackcalc::app::thermal(case_file, json, thermal_out, thermal_force, display);
        }
        if (compare->parsed()) {
            return power_compare(compare_case, compare_json, compare_svg, display);
        }
        if (power->parsed()) {
            if (power_case.empty()) {
                std::cerr << "rackcalc power: CASE is required (rackcalc power CASE [--json], "
                             "or rackcalc power compare CASE)\n";
                return exit_input_error;
            }
            return rackcalc::app::power(power_case, json, display);
        }
        if (cfd_airflow_cmd->parsed()) {
            return cfd_airflow(cfd_airflow_args.case_file, cfd_airflow_args.out_dir,
                               cfd_airflow_args.options, display);
        }
        if (run->parsed()) {
            return rackcalc::app::run(case_file, run_out, display, force,
                                      run_airflow.empty()
                                          ? std::nullopt
                                          : std::optional<std::filesystem::path>(run_airflow));
        }
        if (compare_cases->parsed()) {
            return rackcalc::app::compare({compare_files.begin(), compare_files.end()}, cases_json,
                                          compare_price, display);
        }
        if (schema->parsed()) {
            return print_input_reference();
        }
        if (coldplate->parsed()) {
            return cfd_coldplate(cfd_options);
        }
        if (validate->parsed()) {
            return rackcalc::app::validate(json, validation_dir, std::cout);
        }
    } catch (const rackcalc::core::InputError& e) {
        std::cerr << e.format();
        std::cerr << fmt::format("{} error{} in the input; nothing was written.\n",
                                 e.diagnostics().size(), e.diagnostics().size() == 1 ? "" : "s");
        return exit_input_error;
    } catch (const rackcalc::viz::OutputError& e) {
        std::cerr << "rackcalc: cannot write the output: " << e.what() << '\n';
        return exit_output_error;
    } catch (const std::filesystem::filesystem_error& e) {
        std::cerr << "rackcalc: cannot write the output: " << e.what() << '\n';
        return exit_output_error;
    } catch (const std::exception& e) {
        std::cerr << "rackcalc: internal error: " << e.what() << '\n';
        return exit_internal_error;
    }
    return exit_internal_error;
}
