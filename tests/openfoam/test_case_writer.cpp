// The cold-plate unit cell and the chtMultiRegionSimpleFoam dictionaries.
//
// Golden files: every generated dictionary is compared, as exact text after the banner,
// with tests/openfoam/golden/coldplate/<path>. On a difference the test prints a line diff.
// To accept new output after a deliberate change, run the suite with
//   RACKCALC_UPDATE_GOLDEN=1 build/dev/tests/test_openfoam -tc="golden*"
// and review `git diff tests/openfoam/golden` before committing.

#include "geometry/hex_mesh.hpp"
#include "geometry/polymesh_writer.hpp"
#include "thermal/fluid.hpp"
#include "thermal/openfoam/cht_case.hpp"
#include "thermal/openfoam/coldplate_case.hpp"
#include "thermal/openfoam/result_reader.hpp"
#include "thermal/openfoam/runner.hpp"

#include <algorithm>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <vector>

using namespace rackcalc;
using namespace rackcalc::openfoam;
namespace fs = std::filesystem;

namespace {

const fs::path golden_dir = fs::path(RACKCALC_SOURCE_DIR) / "tests" / "openfoam" / "golden";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        out.push_back(line);
    }
    return out;
}

/// A line diff (longest common subsequence): "-" expected, "+" generated, with line numbers.
std::string line_diff(const std::string& expected, const std::string& actual) {
    const auto a = lines_of(expected);
    const auto b = lines_of(actual);
    std::vector<std::vector<int>> L(a.size() + 1, std::vector<int>(b.size() + 1, 0));
    for (std::size_t i = a.size(); i-- > 0;) {
        for (std::size_t j = b.size(); j-- > 0;) {
            L[i][j] = a[i] == b[j] ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
        }
    }
    std::string out;
    std::size_t i = 0, j = 0;
    int shown = 0;
    while ((i < a.size() || j < b.size()) && shown < 40) {
        if (i < a.size() && j < b.size() && a[i] == b[j]) {
            ++i;
            ++j;
        } else if (j < b.size() && (i == a.size() || L[i][j + 1] >= L[i + 1][j])) {
            out += "+" + std::to_string(j + 1) + ": " + b[j] + "\n";
            ++j;
            ++shown;
        } else {
            out += "-" + std::to_string(i + 1) + ": " + a[i] + "\n";
            ++i;
            ++shown;
        }
    }
    return out;
}

/// Compares (or, with RACKCALC_UPDATE_GOLDEN=1, rewrites) one golden file.
void check_golden(const fs::path& relative, const std::string& text) {
    const fs::path path = golden_dir / relative;
    const std::string body = text_after_banner(text);
    const char* update = std::getenv("RACKCALC_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << body;
        return;
    }
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "no golden file " << path.string()
                                                 << " (create it with RACKCALC_UPDATE_GOLDEN=1)");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string expected = ss.str();
    CHECK_MESSAGE(expected == body, "generated " << relative.string() << " differs from "
                                                 << path.string() << ":\n"
                                                 << line_diff(expected, body)
                                                 << "(accept with RACKCALC_UPDATE_GOLDEN=1)");
}

/// A small cold plate: Tuckerman & Pease's case C geometry (validation-cases.md 3.1) with a
/// 10 um heater layer, coarse.
ColdPlateCfdSpec small_plate() {
    ColdPlateCfdSpec s;
    s.channel_width_m = 50e-6;
    s.fin_thickness_m = 50e-6;
    s.channel_depth_m = 302e-6;
    s.base_thickness_m = 90e-6;
    s.length_m = 0.01;
    s.width_m = 0.01;
    s.plate = {"silicon", 124.0, 2330.0, 712.0};
    s.die_length_m = 0.006;
    s.stack = {StackSolid{"heater", 10e-6, {"silicon", 124.0, 2330.0, 712.0}, false},
               StackSolid{"tim", 20e-6, {"grease", 5.0, 1000.0, 1000.0}, true}};
    s.Q_W = 790.0;
    s.coolant = &thermal::fluid_by_name("water");
    s.T_inlet_K = 298.15;
    s.V_dot_m3_s = 8.6e-6;
    s.cells_half_channel = 4;
    s.cells_half_fin = 2;
    s.cells_channel_depth = 8;
    s.cell_length_m = 0.001;
    s.max_iterations = 500;
    return s;
}

} // namespace

TEST_CASE("cold-plate unit cell: channel count, shares, Reynolds number and zones") {
    const ColdPlateUnitCell cell = coldplate_unit_cell(small_plate());
    // 10 mm / 100 um pitch = 100 channels; the cell is half a channel and half a fin.
    CHECK(cell.n_channels == 100);
    CHECK(cell.share == doctest::Approx(1.0 / 200.0));
    CHECK(cell.V_dot_cell_m3_s == doctest::Approx(8.6e-6 / 200.0));
    CHECK(cell.Q_cell_W == doctest::Approx(790.0 / 200.0));
    // Re = rho u D_h / mu with u = 8.6e-6 / (100 * 50e-6 * 302e-6) = 5.695 m/s and
    // D_h = 2 * 50 * 302 / 352 um = 85.80 um; water near 30 degC: about 560-700.
    CHECK(cell.Re > 500.0);
    CHECK(cell.Re < 750.0);
    CHECK(cell.die_region == "heater");
    CHECK(cell.contact_patch == "plate_to_tim");
    const auto mesh = geometry::build_hex_mesh(cell.mesh);
    // x: 2 + 4 cells; y: 10 mm in 1 mm cells plus the die's edges at 2 and 8 mm (10 cells);
    // z: heater 2, tim 2 (min 2), base 90 um in cells of at most 302/8 um: 3, channel 8.
    CHECK(mesh.lines[0].size() - 1 == 6);
    CHECK(mesh.lines[1].size() - 1 == 10);
    CHECK(mesh.lines[2].size() - 1 == 15);
    CHECK(mesh.zone("heater").cells.size() == 6 * 6 * 2); // die 6 mm long
    CHECK(mesh.zone("coolant").cells.size() == 4 * 10 * 8);
    const auto patches = region_patches(mesh);
    std::vector<std::string> coolant;
    for (const auto& p : patches.at("coolant")) {
        coolant.push_back(p.name);
    }
    CHECK(coolant == std::vector<std::string>{"symmetry_channel", "adiabatic", "inlet", "outlet",
                                              "coolant_to_plate"});
    CHECK_THROWS_WITH_AS(
        [] {
            auto s = small_plate();
            s.V_dot_m3_s = 1e-4; // u = 66 m/s
            return coldplate_unit_cell(s);
        }(),
        doctest::Contains("laminar only"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(
        [] {
            auto s = small_plate();
            s.die_length_m = 0.02;
            return coldplate_unit_cell(s);
        }(),
        doctest::Contains("longer than the plate"), std::invalid_argument);
}

TEST_CASE("golden: every chtMultiRegionSimpleFoam dictionary of the small cold plate") {
    ColdPlateUnitCell cell = coldplate_unit_cell(small_plate());
    cell.cht.stop_file = "/case/converged";
    const auto mesh = geometry::build_hex_mesh(cell.mesh);
    const auto files = cht_case_files(cell.cht, mesh);
    std::vector<std::string> paths;
    for (const auto& f : files) {
        paths.push_back(f.path.string());
        check_golden(fs::path("coldplate") / f.path, f.text);
    }
    // The set of files is part of the contract too.
    CHECK(paths.size() == 29); // 3 system, 2 constant, coolant 8, plate 5, heater 6, tim 5
    CHECK(std::find(paths.begin(), paths.end(), "constant/heater/fvOptions") != paths.end());
}

TEST_CASE("golden: decomposeParDict") {
    Decomposition d = split_along_longest(2, {1e-4, 1e-2, 4e-4});
    check_golden("decomposeParDict",
                 geometry::foam_file_header("dictionary", "system", "decomposeParDict") +
                     decompose_par_dict(d));
}

TEST_CASE("case writer: spec and mesh must agree") {
    ColdPlateUnitCell cell = coldplate_unit_cell(small_plate());
    const auto mesh = geometry::build_hex_mesh(cell.mesh);
    ChtCaseSpec spec = cell.cht;
    spec.regions.pop_back(); // the tim zone loses its region
    CHECK_THROWS_WITH_AS(cht_case_files(spec, mesh), doctest::Contains("cellZone 'tim'"),
                         std::invalid_argument);
    spec = cell.cht;
    spec.regions[1].solid_properties.k = -1.0;
    CHECK_THROWS_WITH_AS(cht_case_files(spec, mesh), doctest::Contains("conductivity of plate"),
                         std::invalid_argument);
    spec = cell.cht;
    spec.inlet_patch = "intake";
    CHECK_THROWS_WITH_AS(cht_case_files(spec, mesh), doctest::Contains("no patch 'intake'"),
                         std::out_of_range);
}

TEST_CASE("result reader: last complete row of a function object's file") {
    const fs::path dir =
        fs::temp_directory_path() / ("rackcalc-test-reader-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "postProcessing" / "coolant" / "outletBulk" / "0");
    std::ofstream(dir / "postProcessing" / "coolant" / "outletBulk" / "0" / "surfaceFieldValue.dat")
        << "# Region type : patch outlet\n# Time            \tweightedAverage(T)\n"
           "1                 \t3.0e+02\n2                 \t3.0512e+02\n3       \t3.06";
    const auto row = last_row(dir, "coolant", "outletBulk");
    REQUIRE(row.has_value());
    CHECK(row->time == doctest::Approx(2.0)); // the unfinished line is not read
    CHECK(row->values.at(0) == doctest::Approx(305.12));
    CHECK_FALSE(last_row(dir, "coolant", "missing").has_value());
    ChtCaseSpec spec;
    spec.regions = {ChtRegion{"coolant", true, {}, {}, 0.0, 0.0}};
    CHECK_THROWS_WITH_AS(read_cht_results(dir, spec),
                         doctest::Contains("wrote no result for function object"),
                         std::runtime_error);
    fs::remove_all(dir);
}
