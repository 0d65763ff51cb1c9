// The airflow case writer: golden copies of the generated dictionaries (compared after the
// banner; a mismatch prints a unified diff), the checks that refuse a bad spec, and the
// readers of OpenFOAM output. No OpenFOAM needed.
//
// Re-accept the golden files after an intended change:
//   RACKCALC_UPDATE_GOLDEN=1 build/dev/tests/test_openfoam -tc="airflow golden*"
// then review `git diff tests/openfoam/data/airflow`.

#include "geometry/assembly.hpp"
#include "thermal/openfoam/airflow_case.hpp"
#include "thermal/openfoam/airflow_rack.hpp"
#include "thermal/openfoam/airflow_run.hpp"
#include "thermal/openfoam/airflow_validation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
namespace of = rackcalc::openfoam;

namespace {

const fs::path golden_dir = fs::path(RACKCALC_SOURCE_DIR) / "tests/openfoam/data/airflow";

std::string after_banner(const std::string& text) {
    const auto end = text.find("\n\\*---");
    if (end == std::string::npos) {
        return text;
    }
    const auto next = text.find('\n', end + 1);
    return next == std::string::npos ? std::string() : text.substr(next + 1);
}

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A unified diff of two texts (diff -u), for the failure message.
std::string diff(const std::string& expected, const std::string& actual) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-airflow-diff";
    fs::create_directories(dir);
    std::ofstream(dir / "expected") << expected;
    std::ofstream(dir / "actual") << actual;
    const std::string cmd = "diff -u " + (dir / "expected").string() + " " +
                            (dir / "actual").string() + " > " + (dir / "out").string();
    (void)std::system(cmd.c_str());
    return read(dir / "out");
}

void check_golden(const std::string& name, const std::vector<of::AirflowFile>& files) {
    const bool update = std::getenv("RACKCALC_UPDATE_GOLDEN") != nullptr;
    for (const auto& f : files) {
        const fs::path golden = golden_dir / name / f.path;
        const std::string actual = after_banner(f.text);
        if (update) {
            fs::create_directories(golden.parent_path());
            std::ofstream(golden) << actual;
            continue;
        }
        CAPTURE(golden.string());
        REQUIRE_MESSAGE(fs::exists(golden), "missing golden file; run with "
                                            "RACKCALC_UPDATE_GOLDEN=1 to write it");
        const std::string expected = read(golden);
        CHECK_MESSAGE(expected == actual, diff(expected, actual));
    }
}

/// The porous channel with everything the writer can add: heat, a fan, a slip wall,
/// turbulence, probes and averaging.
of::AirflowCase everything_case() {
    of::AirflowCase c = of::porous_channel_case(
        {.mu = 1.8e-5, .rho = 1.2, .d = 1e7, .f = 100.0, .U = 1.0, .L = 0.8, .cells = 16});
    c.spec.turbulence = of::Turbulence::k_omega_sst;
    c.spec.heat.push_back({.zone = "porous", .Q_W = 120.0});
    c.spec.fans.push_back(
        {.zone = "porous", .axis = 0, .length_m = 0.8, .dp0_Pa = 500.0, .slope_Pa_s_m = 308.0});
    // "sides" as slip instead of empty: the text is compared, this case is never run.
    c.spec.boundaries.back().kind = of::BoundaryKind::slip;
    c.spec.probes.push_back({{0.8, 0.05, 0.05}});
    c.spec.average_from = 100;
    c.spec.stop_file = "/case/stop";
    return c;
}

} // namespace

TEST_CASE("airflow golden: porous channel, de Vahl Davis, Betts and Bokhari, everything") {
    const auto porous = of::porous_channel_case(
        {.mu = 1.8e-5, .rho = 1.2, .d = 1e7, .f = 100.0, .U = 1.0, .L = 0.8, .cells = 16});
    check_golden("porous_channel", of::airflow_case_files(porous.spec, porous.mesh));
    const auto dvd = of::de_vahl_davis_case(1e5, 16);
    check_golden("de_vahl_davis", of::airflow_case_files(dvd.spec, dvd.mesh));
    const auto bb = of::betts_bokhari_case(10, 20, 200);
    check_golden("betts_bokhari", of::airflow_case_files(bb.spec, bb.mesh));
    auto e = everything_case();
    check_golden("everything", of::airflow_case_files(e.spec, e.mesh));
    std::vector<of::AirflowFile> slurm{
        {"job.slurm",
         of::airflow_slurm_script("rack", "buoyantBoussinesqSimpleFoam", 4, true, 1200.0)}};
    check_golden("everything", slurm);
    // The same case, time-accurate: PIMPLE, Euler, adjustable step, reports by run time and
    // the room's energy.
    e.spec.transient = of::TransientControls{
        .end_time_s = 120.0, .average_from_s = 60.0, .report_interval_s = 0.75};
    e.spec.average_from = 0;
    check_golden("transient", of::airflow_case_files(e.spec, e.mesh));
}

TEST_CASE("airflow case: the heat source is Q / (rho cp) and the fan force dp0 / (rho L)") {
    const auto e = everything_case();
    const auto files = of::airflow_case_files(e.spec, e.mesh);
    const auto it = std::find_if(files.begin(), files.end(), [](const of::AirflowFile& f) {
        return f.path == "constant/fvOptions";
    });
    REQUIRE(it != files.end());
    // 120 W / (1.2 kg/m3 x 1000 J/(kg K)) = 0.1 K m3/s
    CHECK(it->text.find("T           (0.1 0);") != std::string::npos);
    // 500 Pa / (1.2 kg/m3 x 0.8 m) = 520.8333333 m/s2
    CHECK(it->text.find("U           ((520.8333333 0 0) 0);") != std::string::npos);
    // slope 308 Pa s/m / (mu 1.8e-5 Pa s x 0.8 m) = 2.138888889e7 1/m2
    CHECK(it->text.find("(21388888.89 21388888.89 21388888.89)") != std::string::npos);
}

TEST_CASE("airflow case: a bad spec is refused with what is wrong") {
    auto e = everything_case();
    SUBCASE("a patch without a boundary condition") {
        e.spec.boundaries.pop_back();
        CHECK_THROWS_WITH_AS(of::airflow_case_files(e.spec, e.mesh),
                             "patch 'sides' of the mesh has no boundary condition",
                             std::invalid_argument);
    }
    SUBCASE("an inflow without a temperature") {
        e.spec.boundaries[0].T_K.reset();
        CHECK_THROWS_WITH_AS(of::airflow_case_files(e.spec, e.mesh),
                             "inflow patch 'inlet' has no temperature", std::invalid_argument);
    }
    SUBCASE("a non-finite heat") {
        e.spec.heat[0].Q_W = std::nan("");
        CHECK_THROWS_WITH_AS(of::airflow_case_files(e.spec, e.mesh),
                             "heat of zone 'porous' must be finite", std::invalid_argument);
    }
    SUBCASE("a negative Forchheimer coefficient") {
        e.spec.porous[0].f[1] = -1.0;
        CHECK_THROWS_WITH_AS(of::airflow_case_files(e.spec, e.mesh),
                             "Forchheimer coefficient of zone 'porous' must be >= 0 and finite, "
                             "got -1",
                             std::invalid_argument);
    }
    SUBCASE("an unknown zone") {
        e.spec.heat[0].zone = "nowhere";
        CHECK_THROWS_AS(of::airflow_case_files(e.spec, e.mesh), std::out_of_range);
    }
    SUBCASE("a transient run that averages from after its end") {
        e.spec.transient = of::TransientControls{
            .end_time_s = 60.0, .average_from_s = 60.0, .report_interval_s = 1.0};
        CHECK_THROWS_WITH_AS(of::airflow_case_files(e.spec, e.mesh),
                             "transient: the first step, the report interval and the end time "
                             "must grow in that order, and averaging start before the end, got "
                             "0.005, 1, 60 and 60 s",
                             std::invalid_argument);
    }
    SUBCASE("a transient run without an end time") {
        e.spec.transient = of::TransientControls{.report_interval_s = 1.0};
        CHECK_THROWS_WITH_AS(of::airflow_case_files(e.spec, e.mesh),
                             "transient end time must be positive and finite, got 0",
                             std::invalid_argument);
    }
}

TEST_CASE("airflow readers: function-object rows and fields") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-airflow-readers";
    fs::remove_all(dir);
    fs::create_directories(dir / "postProcessing/inlet_flow/0");
    fs::create_directories(dir / "postProcessing/inlet_flow/250");
    std::ofstream(dir / "postProcessing/inlet_flow/0/surfaceFieldValue.dat")
        << "# Time sum(phi)\n1 -0.5\n2 -0.6\n";
    std::ofstream(dir / "postProcessing/inlet_flow/250/surfaceFieldValue.dat")
        << "# Time sum(phi)\n300 -0.7\n";
    const auto row = of::last_function_object_row(dir, "inlet_flow", "surfaceFieldValue.dat");
    REQUIRE(row.size() == 2);
    CHECK(row[0] == 300.0); // the newest start folder holds the last row
    CHECK(row[1] == -0.7);
    CHECK_THROWS_AS(of::last_function_object_row(dir, "missing", "surfaceFieldValue.dat"),
                    std::runtime_error);

    std::ofstream(dir / "T")
        << "FoamFile{}\ninternalField   nonuniform List<scalar> 3\n(\n300\n301.5\n"
           "302\n)\n;\nboundaryField\n{\n    hot\n    {\n        type "
           "fixedValue;\n        value           uniform 310;\n    }\n}\n";
    const auto T = of::read_scalar_field(dir / "T", 3);
    CHECK(T == std::vector<double>{300.0, 301.5, 302.0});
    CHECK(of::read_patch_uniform_value(dir / "T", "hot") == 310.0);
    CHECK_THROWS_AS(of::read_scalar_field(dir / "T", 4), std::runtime_error);
}

// An oscillating run is judged on its monitored reports: means over a window of rows and the
// drift between the window's halves, computed here by hand from the rows written.
TEST_CASE("airflow readers: reports averaged over the last rows, with their drift") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-airflow-average";
    fs::remove_all(dir);
    for (const char* fo : {"supply_flow", "supply_enthalpy", "tray_in_flow", "tray_in_p"}) {
        fs::create_directories(dir / "postProcessing" / fo / "0");
    }
    auto write = [&](const char* fo, const std::string& rows) {
        std::ofstream(dir / "postProcessing" / fo / "0" / "surfaceFieldValue.dat")
            << "# Time value\n"
            << rows;
    };
    write("supply_flow", "10 -1.0\n20 -1.0\n30 -1.0\n40 -1.0\n");
    write("supply_enthalpy", "10 -280\n20 -290\n30 -300\n40 -310\n");
    write("tray_in_flow", "10 0.5\n20 0.1\n30 0.2\n40 0.3\n");
    write("tray_in_p", "10 1 300\n20 2 301\n30 3 302\n40 4 303\n");
    of::AirflowCaseSpec spec;
    spec.fluid.rho = 2.0;
    spec.fluid.cp = 1000.0;
    spec.boundaries.push_back(
        {.patch = "supply", .kind = of::BoundaryKind::inflow, .V_dot_m3_s = 1.0, .T_K = 300.0});
    spec.planes.push_back({"tray_in", {}});
    // Iterations 20 to 40: rows 20, 30, 40; halves of one row each (20 and 40).
    const of::AirflowReport r = of::read_airflow_report(dir, spec, 20.0);
    CHECK(r.averaged_rows == 3);
    REQUIRE(r.patches.size() == 1);
    CHECK(r.patches[0].H_dot_W == doctest::Approx(2000.0 * -300.0));
    CHECK(r.patches[0].H_dot_drift_W == doctest::Approx(2000.0 * (-310.0 + 290.0)));
    REQUIRE(r.planes.size() == 1);
    CHECK(r.planes[0].V_dot_m3_s == doctest::Approx(0.2));
    CHECK(r.planes[0].V_dot_drift_m3_s == doctest::Approx(0.3 - 0.1));
    CHECK(r.planes[0].p_Pa == doctest::Approx(2.0 * 3.0));
    CHECK(r.planes[0].T_K == doctest::Approx(302.0));
    CHECK(r.planes[0].T_drift_K == doctest::Approx(303.0 - 301.0));
    CHECK(r.planes[0].T_max_K == 303.0);
    CHECK(r.stored_W == 0.0); // a steady run stores nothing
    // Without a window: the last row alone, no drift.
    const of::AirflowReport last = of::read_airflow_report(dir, spec);
    CHECK(last.averaged_rows == 1);
    CHECK(last.planes[0].V_dot_m3_s == doctest::Approx(0.3));
    CHECK(last.planes[0].V_dot_drift_m3_s == 0.0);
    // A window after the last row is an error, not an empty mean.
    CHECK_THROWS_AS(of::read_airflow_report(dir, spec, 50.0), std::runtime_error);

    // Transient: the heat stored in the air over the window is rho cp d/dt of the volume
    // integral of T between the window's first and last rows: 2000 x (5420 - 5400) / 20 s.
    spec.transient = of::TransientControls{
        .end_time_s = 40.0, .average_from_s = 20.0, .report_interval_s = 10.0};
    fs::create_directories(dir / "postProcessing/room_energy/0");
    std::ofstream(dir / "postProcessing/room_energy/0/volFieldValue.dat")
        << "# Time volIntegrate(T)\n10 5390\n20 5400\n30 5412\n40 5420\n";
    const of::AirflowReport t = of::read_airflow_report(dir, spec, 20.0);
    CHECK(t.stored_W == doctest::Approx(2000.0 * 20.0 / 20.0));
}

// Stacked trays touch: the mesh must not let air cross from one tray's zone into the next
// (each tray is a sheet-metal box open only at its front and rear). Before the trays were
// walled from each other, the GB200 rack's bottom compute tray carried 66 % of its design
// flow at 8 times its specified pressure drop, its fan's air circling back through the power
// shelf below it (docs/openfoam-airflow.md).
TEST_CASE("rack airflow: no face joins two trays; each tray opens only to the front and rear") {
    using rackcalc::geometry::Part;
    using rackcalc::geometry::PartKind;
    rackcalc::geometry::Assembly a;
    Part rack;
    rack.kind = PartKind::rack;
    rack.name = "r";
    rack.box = {{0.0, 0.0, 0.0}, {0.6, 1.0, 2.0}};
    a.parts.push_back(rack);
    for (int t = 0; t < 3; ++t) {
        Part tray;
        tray.kind = t == 0 ? PartKind::power_shelf : PartKind::tray;
        tray.name = "r/tray-" + std::to_string(t);
        tray.parent = 0;
        tray.box = {{0.05, 0.1, 0.4 + 0.2 * t}, {0.55, 0.9, 0.6 + 0.2 * t}}; // touching in z
        tray.power_W = t == 0 ? 0.0 : 500.0;
        a.parts.push_back(tray);
    }
    of::RackAirSide air;
    air.T_supply_K = 298.15;
    air.dT_design_K = 12.0;
    air.dp_tray_Pa = 150.0;
    air.rho = 1.18;
    air.cp = 1006.0;
    air.nu = 1.57e-5;
    air.Pr = 0.71;
    air.air_class = "A2";
    air.T_allowable_max_K = 308.15;
    air.T_recommended_max_K = 300.15;
    of::RackAirflowOptions o;
    o.cell_m = 0.1;
    const of::RackAirflowCase c = of::rack_airflow_case(a, air, o);
    const auto& m = c.mesh;
    std::vector<std::string> zone_of(m.n_cells);
    for (const auto& z : m.zones) {
        for (const auto cell : z.cells) {
            zone_of[static_cast<std::size_t>(cell)] = z.name;
        }
    }
    auto is_tray = [](const std::string& zone) { return zone.find("tray") != std::string::npos; };
    int tray_to_tray = 0, tray_to_open = 0;
    for (std::size_t f = 0; f < m.n_internal_faces; ++f) {
        const std::string& zo = zone_of[static_cast<std::size_t>(m.owner[f])];
        const std::string& zn = zone_of[static_cast<std::size_t>(m.neighbour[f])];
        if (zo != zn && is_tray(zo) && is_tray(zn)) {
            ++tray_to_tray;
        }
        if (zo != zn && is_tray(zo) != is_tray(zn)) {
            ++tray_to_open;
        }
    }
    CHECK(tray_to_tray == 0);
    // 0.5 m x 0.2 m faces of 0.1 m cells: 10 at the front and 10 at the rear of each tray.
    CHECK(tray_to_open == 3 * 2 * 10);
    // The shared faces are walls of the rack (slip), written once for each tray: two layers
    // of 5 x 8 faces between three trays, twice each.
    CHECK(m.patch("racks").n_faces >= 2 * 2 * 5 * 8);
    // The porous drop is read on grid lines inside each tray (one cell in from each end, where
    // the pressure is linear), over a span of 0.8 - 2 x 0.1 m, and scaled to the tray's length.
    for (const auto& t : c.trays) {
        CAPTURE(t.part);
        CHECK(t.length_m == doctest::Approx(0.8));
        CHECK(t.dp_span_m == doctest::Approx(0.6));
        const auto plane = [&](const std::string& suffix) {
            return *std::find_if(c.spec.planes.begin(), c.spec.planes.end(),
                                 [&](const of::FlowPlane& p) { return p.name == t.zone + suffix; });
        };
        CHECK(plane("_pin").box.lo[1] == doctest::Approx(0.2 - 1e-4));
        CHECK(plane("_pout").box.hi[1] == doctest::Approx(0.8 + 1e-4));
    }
    // The room's air is the domain less the rack body, whose trays are meshed again: the
    // time constant of a transient run is this volume over the supply flow.
    // 1.8 x 3.4 x 3 m, less the 0.6 x 1 x 2 m rack, plus its three 0.5 x 0.8 x 0.2 m trays and
    // the 0.5 x 0.1 x 0.6 m spaces behind its front and rear doors: 17.46 m3.
    CHECK(c.V_air_m3 == doctest::Approx(17.46).epsilon(1e-9));
    CHECK(c.air_change_s == doctest::Approx(c.V_air_m3 / c.V_dot_supply_m3_s));
    REQUIRE(c.spec.transient);
    CHECK(c.spec.transient->end_time_s == doctest::Approx(8.0 * c.air_change_s));
    CHECK(c.spec.transient->average_from_s == doctest::Approx(4.0 * c.air_change_s));
    // The room starts at the mixed return temperature: 1000 W into 1.2 x the demand.
    CHECK(c.spec.T_initial_K ==
          doctest::Approx(298.15 + 1000.0 / (1.18 * 1006.0 * c.V_dot_supply_m3_s)));
}
