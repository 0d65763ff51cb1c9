#include "app/cfd_command.hpp"

#include "app/commands.hpp"
#include "cases/case.hpp"
#include "core/input_error.hpp"
#include "core/quantity.hpp"
#include "geometry/assembly.hpp"
#include "thermal/fluid.hpp"
#include "thermal/openfoam/coldplate_fit.hpp"
#include "thermal/openfoam/coldplate_run.hpp"
#include "thermal/openfoam/performance_table.hpp"
#include "viz/staged_output.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fmt/format.h>
#include <iostream>

namespace rackcalc::app {

namespace fs = std::filesystem;

namespace {

// Solid properties the steady answer does not depend on (only k enters a converged steady
// conduction solution); heSolidThermo needs a value. Copper: pure copper at 300 K,
// Incropera, Fundamentals of Heat and Mass Transfer, Table A.1 (rho 8933 kg/m3, cp 385
// J/(kg K)). Stack layers without tabulated values: 1000 kg/m3 and 1000 J/(kg K).
constexpr double rho_copper = 8933.0;
constexpr double cp_copper = 385.0;
constexpr double rho_layer = 1000.0;
constexpr double cp_layer = 1000.0;

/// OpenFOAM word from a layer name: lower case, letters, digits and '_'.
std::string region_name(const std::string& name, std::vector<std::string>& taken) {
    std::string out;
    for (const char c : name) {
        out += std::isalnum(static_cast<unsigned char>(c)) != 0
                   ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                   : '_';
    }
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])) != 0) {
        out = "layer_" + out;
    }
    std::string unique = out;
    for (int i = 2; std::find(taken.begin(), taken.end(), unique) != taken.end(); ++i) {
        unique = out + std::to_string(i);
    }
    taken.push_back(unique);
    return unique;
}

std::string today() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
    return buf;
}

} // namespace

int cfd_coldplate(const CfdColdplateOptions& options) {
    const cases::CaseSpec spec =
        cases::load_case(options.case_file, cases::TemplateLibrary::bundled());
    const geometry::Assembly assembly = geometry::build_assembly(spec.layout);
    auto input_error = [&](const std::string& what, const std::string& fix) {
        return core::InputError(core::Diagnostic{{spec.file, 0, 0}, "", what, fix, ""});
    };

    // The chip and its cold plate: the first chip on the plate asked for (or the first GPU).
    const geometry::Part* chip = nullptr;
    const thermal::ChipThermal* chip_thermal = nullptr;
    for (const auto& p : assembly.parts) {
        if (p.kind != geometry::PartKind::chip || p.cold_plate < 0) {
            continue;
        }
        const auto it = spec.loop.chips.find(p.type);
        const std::string plate_id = it == spec.loop.chips.end() ? "" : it->second.plate;
        if (options.plate.empty() ? p.role == "gpu" : plate_id == options.plate) {
            chip = &p;
            chip_thermal = it == spec.loop.chips.end() ? nullptr : &it->second;
            break;
        }
    }
    if (chip == nullptr) {
        throw input_error(options.plate.empty()
                              ? "no liquid-cooled GPU with a cold plate in the case"
                              : "no chip of the case uses cold plate \"" + options.plate + "\"",
                          "name a plate with --plate ID (an id of [plates.<id>])");
    }
    const std::string plate_id = chip_thermal == nullptr ? "" : chip_thermal->plate;
    const thermal::PlateDesign& design = spec.loop.plates.at(plate_id);
    const geometry::Box& box = assembly.parts[static_cast<std::size_t>(chip->cold_plate)].box;
    const double length = box.hi[1] - box.lo[1];
    const double width = std::max(box.hi[0] - box.lo[0], box.hi[2] - box.lo[2]);
    const thermal::Fluid& coolant = thermal::fluid_by_name(spec.cooling.coolant);
    const double T_in = spec.cooling.supply_temperature.value();
    const double Q = chip->power_W * chip->liquid_fraction;

    openfoam::ColdPlateCfdSpec cfd;
    cfd.channel_width_m = design.channel_width_m;
    cfd.fin_thickness_m = design.fin_thickness_m;
    cfd.channel_depth_m = design.channel_depth_m;
    cfd.base_thickness_m = design.base_thickness_m;
    cfd.length_m = length;
    cfd.width_m = width;
    cfd.plate = {"plate (k from [plates])", design.k_solid, rho_copper, cp_copper};
    const double A_footprint = length * width;
    const double A_die = chip_thermal != nullptr && chip_thermal->source_area_m2 > 0.0
                             ? std::min(chip_thermal->source_area_m2, A_footprint)
                             : A_footprint;
    // The die keeps the package's aspect ratio (inferred: the case gives its area only).
    cfd.die_length_m = length * std::sqrt(A_die / A_footprint);
    std::vector<std::string> taken{"plate", "coolant"};
    bool footprint = false;
    if (chip_thermal != nullptr) {
        for (const auto& layer : chip_thermal->layers) {
            footprint = footprint || layer.spreads;
            cfd.stack.push_back({region_name(layer.name, taken),
                                 layer.thickness_m,
                                 {layer.name, layer.k, rho_layer, cp_layer},
                                 footprint});
        }
    }
    if (cfd.stack.empty()) {
        throw input_error("chip \"" + chip->type + "\" has no stack layers",
                          "give [chips." + chip->type + "] a stack (die first)");
    }
    cfd.Q_W = Q;
    cfd.coolant = &coolant;
    cfd.T_inlet_K = T_in;

    // Flows: as given, or 0.5, 1 and 2 times the case's design flow for this chip.
    std::vector<double> flows;
    for (const auto& text : options.flows) {
        try {
            flows.push_back(core::parse_quantity(text, core::kinds::volume_flow));
        } catch (const core::QuantityError& e) {
            throw input_error(std::string("--flows: ") + e.what(), e.fix());
        }
        if (!(flows.back() > 0.0)) {
            throw input_error("--flows: a flow must be positive, got \"" + text + "\"",
                              "give flows like \"0.5 L/min\"");
        }
    }
    if (flows.size() == 1) {
        throw input_error("--flows: one flow gives no curve; the fit of R_th and dp needs at "
                          "least two",
                          "give two or more flows, or none for 0.5, 1 and 2 times the design "
                          "flow");
    }
    if (flows.empty()) {
        const double design_flow = spec.cooling.flow_per_power_m3_per_J * Q;
        flows = {0.5 * design_flow, design_flow, 2.0 * design_flow};
    }
    std::sort(flows.begin(), flows.end());

    fmt::print("cold plate \"{}\" under {} ({} W): {:.1f} x {:.1f} mm, {} channels of {:.3g} mm, "
               "fins {:.3g} mm, depth {:.3g} mm, base {:.3g} mm; {} at {:.1f} degC\n",
               plate_id.empty() ? "default" : plate_id, chip->type, Q, length * 1e3, width * 1e3,
               static_cast<int>(
                   std::floor(width / (design.channel_width_m + design.fin_thickness_m) + 1e-9)),
               design.channel_width_m * 1e3, design.fin_thickness_m * 1e3,
               design.channel_depth_m * 1e3, design.base_thickness_m * 1e3, coolant.name(),
               thermal::to_degC(T_in));
    fmt::print("unit cell: one channel period with symmetry; every channel carries the same flow "
               "and heat (no lateral spreading across the channels)\n");

    // The fast model at each flow, before calibration.
    std::vector<openfoam::FastPlatePoint> fast;
    for (const double V : flows) {
        fast.push_back(openfoam::fast_plate_point(design, length, width, coolant, T_in, Q, V));
    }

    const openfoam::Runner runner;
    fs::create_directories(options.out_dir);
    std::vector<openfoam::CfdPointResult> points;
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < flows.size(); ++i) {
        const double V = flows[i];
        const fs::path case_dir =
            options.out_dir / fmt::format("flow-{}-{:.3g}Lmin", i + 1, V * 60000.0);
        fmt::print("flow {:.3g} L/min: meshing and running OpenFOAM in {}\n", V * 60000.0,
                   case_dir.string());
        std::cout.flush();
        cfd.V_dot_m3_s = V;
        openfoam::CfdRunOptions run;
        run.np = options.np;
        run.time_limit_s = options.time_limit_s;
        run.progress = [](const std::string& line) {
            fmt::print("{}\n", line);
            std::fflush(stdout);
        };
        const double T_guess = T_in + Q * fast[i].R_th_K_per_W;
        openfoam::CfdPointResult r;
        try {
            r = openfoam::run_coldplate_point(cfd, case_dir, run, runner, T_guess);
        } catch (const std::invalid_argument& e) {
            throw input_error(e.what(), "change the plate, the flows or the coolant");
        }
        if (!r.ok()) {
            std::cerr << "rackcalc cfd coldplate: " << r.message << "\n"
                      << "no performance file was written.\n";
            return exit_solver_failed;
        }
        fmt::print("    {} cells, {}; R_th {:.4g} K/W, dp {:.4g} kPa, die max {:.2f} degC, "
                   "energy balance {:+.3f} %\n",
                   r.cells, r.message, r.R_th_K_per_W, r.dp_Pa / 1e3,
                   thermal::to_degC(r.T_die_max_K), 100.0 * r.energy_imbalance);
        points.push_back(r);
    }
    const double sweep_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::vector<double> R, dp;
    for (const auto& p : points) {
        R.push_back(p.R_th_K_per_W);
        dp.push_back(p.dp_Pa);
    }
    const openfoam::ColdplateCalibration cal = openfoam::calibrate_coldplate(flows, R, dp, fast);
    const openfoam::ColdplateCurveFit& fit = cal.fit;

    fmt::print("\n{:>10} {:>10} {:>10} {:>8} {:>10} {:>8} | {:>9} {:>9} {:>8} {:>9} {:>8}\n",
               "flow", "R_th CFD", "R_th fast", "before", "R_th fit", "after", "dp CFD", "dp fast",
               "before", "dp fit", "after");
    fmt::print("{:>10} {:>10} {:>10} {:>8} {:>10} {:>8} | {:>9} {:>9} {:>8} {:>9} {:>8}\n", "L/min",
               "K/W", "K/W", "%", "K/W", "%", "kPa", "kPa", "%", "kPa", "%");
    for (const openfoam::CalibrationRow& row : cal.rows) {
        fmt::print("{:>10.3g} {:>10.4g} {:>10.4g} {:>+8.1f} {:>10.4g} {:>+8.1f} | {:>9.4g} "
                   "{:>9.4g} {:>+8.1f} {:>9.4g} {:>+8.1f}\n",
                   row.V_dot_m3_s * 60000.0, row.R_cfd, row.R_fast, row.R_before_percent(),
                   row.R_fit, row.R_after_percent(), row.dp_cfd_Pa / 1e3, row.dp_fast_Pa / 1e3,
                   row.dp_before_percent(), row.dp_fit_Pa / 1e3, row.dp_after_percent());
    }
    fmt::print("fast model vs CFD, worst over the flows: R_th {:.1f} % before calibration, {:.1f} "
               "% after; dp (channels) {:.1f} % before, {:.1f} % after\n",
               cal.worst_R_before_percent, cal.worst_R_after_percent, cal.worst_dp_before_percent,
               cal.worst_dp_after_percent);
    fmt::print("fit: R_th = {:.4g} K/W x (V / 1 L/min)^{:.3f}; dp = {:.4g} kPa x (V / 1 L/min) + "
               "{:.4g} kPa x (V / 1 L/min)^2\n",
               fit.a * std::pow(1.0 / 60000.0, fit.b), fit.b, fit.c / 60000.0 / 1e3,
               fit.d / 60000.0 / 60000.0 / 1e3);

    // The performance table: the fitted curves at the CFD flows, dp with the plate's port
    // loss (port_K, the fast model's own) added to the channels' CFD pressure drop.
    openfoam::PerformanceTable table;
    table.case_file = options.case_file.string();
    table.plate_id = plate_id;
    table.chip_type = chip->type;
    table.design = design;
    table.coolant = coolant.name();
    table.T_inlet_K = T_in;
    table.points = openfoam::performance_points(cal, fast);
    table.date = today();
    table.cells = points.front().cells;
    const fs::path toml = options.out_dir / fmt::format("plate-{}-performance.toml",
                                                        openfoam::performance_plate_id(table));
    table.file_name = toml.filename().string();
    // Staged beside its final name and moved over it: the file is complete or absent (an
    // OutputError is exit 5).
    viz::StagedOutput files(options.out_dir);
    viz::write_text_file(files.staged(toml.filename()), openfoam::performance_table_toml(table));
    files.commit({toml.filename()});
    fmt::print("wrote {} ({} flow points in {:.0f} s)\n", toml.string(), flows.size(), sweep_s);
    return exit_ok;
}

} // namespace rackcalc::app
