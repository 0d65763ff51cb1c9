// rackcalc: the command line. Parses arguments and calls the library; nothing else.

#include "app/commands.hpp"
#include "core/input_error.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

int main(int argc, char** argv) {
    using namespace rackcalc::app;
    CLI::App cli{"RackCalc: rack-level physical, thermal and power design for AI datacentres"};
    cli.set_version_flag("--version", std::string("rackcalc ") + RACKCALC_VERSION);
    cli.require_subcommand(1);

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
    geometry->add_option("-o,--output", out_dir, "Output directory")->required();

    std::string thermal_out;
    auto* thermal = cli.add_subcommand("thermal", "Coolant loop, chip temperatures, air side, "
                                                  "CDU; exit 3 when the design does not work");
    thermal->add_option("CASE", case_file, "Case file (TOML)")->required();
    thermal->add_flag("--json", json, "Print JSON with every component");
    thermal->add_option("-o,--output", thermal_out,
                        "Also write DIR/rack.vtm with T_K, flow_m3_s, dp_Pa and DIR/loop.vtp");

    auto* schema = cli.add_subcommand("schema", "Print the input reference (Markdown) generated "
                                                "from the schema");

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? exit_ok : exit_input_error;
    }

    try {
        if (templates->parsed()) {
            return list_templates(json);
        }
        if (check->parsed()) {
            return check_case(case_file);
        }
        if (geometry->parsed()) {
            return write_geometry(case_file, out_dir);
        }
        if (thermal->parsed()) {
            return rackcalc::app::thermal(case_file, json, thermal_out);
        }
        if (schema->parsed()) {
            return print_input_reference();
        }
    } catch (const rackcalc::core::InputError& e) {
        std::cerr << e.format();
        std::cerr << fmt::format("{} error{} in the input; nothing was written.\n",
                                 e.diagnostics().size(), e.diagnostics().size() == 1 ? "" : "s");
        return exit_input_error;
    } catch (const std::exception& e) {
        std::cerr << "rackcalc: internal error: " << e.what() << '\n';
        return exit_internal_error;
    }
    return exit_internal_error;
}
