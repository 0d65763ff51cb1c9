// rackcalc thermal as a user runs it: the printed answer, JSON, exit 3 for a design that does
// not work, and the VTK files with the thermal fields read back with VTK's readers.

#include "cli_runner.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>
#include <vtkCellData.h>
#include <vtkCompositeDataSet.h>
#include <vtkDataArray.h>
#include <vtkIdList.h>
#include <vtkInformation.h>
#include <vtkMultiBlockDataSet.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkStringArray.h>
#include <vtkUnstructuredGrid.h>
#include <vtkXMLMultiBlockDataReader.h>
#include <vtkXMLPolyDataReader.h>

namespace fs = std::filesystem;

namespace {

using Run = rackcalc_test::CliRun;

/// Runs rackcalc with standard error merged into standard output.
Run run(const std::string& args) {
    return rackcalc_test::run_rackcalc(args, true);
}

} // namespace

// A vendor's operating point: the terminal states the rack power, the template's sum and the
// factor, and the heat line shows the scaled rack.
TEST_CASE("thermal: an operating_power is stated with its factor") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / "thermal-operating";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "case.toml")
        << "template = \"gb300-nvl72\"\n[racks.nvl72]\noperating_power = \"120 kW\"\n";
    const Run r = run("thermal " + (dir / "case.toml").string());
    REQUIRE_MESSAGE(r.code == 0, r.out);
    CHECK_MESSAGE(r.out.find("Operating point: rack nvl72 at 120.0 kW") != std::string::npos,
                  r.out);
    CHECK_MESSAGE(r.out.find("Heat: IT 120.0 kW") != std::string::npos, r.out);
}

TEST_CASE("thermal: the GB300 example prints the answer and writes the thermal fields") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / "thermal-gb300";
    fs::remove_all(dir);
    const Run r = run("thermal cases/examples/gb300-nvl72.toml -o " + dir.string());
    REQUIRE_MESSAGE(r.code == 0, r.out);
    for (const char* line :
         {"Heat: IT", "Coolant:", "worst chip:", "CDU:", "Air:", "Least flow:", "set by the",
          "Warmest supply", "Trays:", "plate flow per kW over the loop's",
          "balancing restrictors:"}) {
        CHECK_MESSAGE(r.out.find(line) != std::string::npos, line);
    }
    vtkNew<vtkXMLMultiBlockDataReader> reader;
    reader->SetFileName((dir / "rack.vtm").c_str());
    reader->Update();
    auto* blocks = vtkMultiBlockDataSet::SafeDownCast(reader->GetOutput());
    REQUIRE(blocks != nullptr);
    int gpus_checked = 0;
    for (unsigned i = 0; i < blocks->GetNumberOfBlocks(); ++i) {
        const std::string name = blocks->GetMetaData(i)->Get(vtkCompositeDataSet::NAME());
        auto* grid = vtkUnstructuredGrid::SafeDownCast(blocks->GetBlock(i));
        REQUIRE(grid != nullptr);
        for (const char* field : {"Q_liquid_W", "Q_air_W"}) {
            REQUIRE_MESSAGE(grid->GetCellData()->GetArray(field) != nullptr, name << " " << field);
        }
        // No block carries a field that is NaN on every one of its parts.
        vtkCellData* cd = grid->GetCellData();
        for (int a = 0; a < cd->GetNumberOfArrays(); ++a) {
            vtkDataArray* array = cd->GetArray(a);
            if (array == nullptr) {
                continue; // the string fields
            }
            bool finite = false;
            for (vtkIdType c = 0; c < array->GetNumberOfTuples(); ++c) {
                finite = finite || std::isfinite(array->GetTuple1(c));
            }
            CHECK_MESSAGE(finite, name << " carries " << array->GetName() << " as NaN only");
        }
        if (name == "accelerators") {
            CHECK(cd->GetArray("T_coolant_out_K") == nullptr);
            auto* T = grid->GetCellData()->GetArray("T_junction_K");
            REQUIRE(T != nullptr);
            for (vtkIdType c = 0; c < grid->GetNumberOfCells(); ++c) {
                // A liquid-cooled GPU at a 40 degC supply is warmer than the coolant and
                // below its 87 degC limit (the example is feasible).
                CHECK(T->GetTuple1(c) > 313.15);
                CHECK(T->GetTuple1(c) < 360.15);
                ++gpus_checked;
            }
        }
        if (name == "cold_plates") {
            CHECK(cd->GetArray("T_junction_K") == nullptr);
            auto* T_in = cd->GetArray("T_coolant_in_K");
            auto* T_out = cd->GetArray("T_coolant_out_K");
            REQUIRE(T_in != nullptr);
            REQUIRE(T_out != nullptr);
            for (vtkIdType c = 0; c < grid->GetNumberOfCells(); ++c) {
                CHECK(T_out->GetTuple1(c) > T_in->GetTuple1(c)); // each plate heats its coolant
            }
            auto* V = grid->GetCellData()->GetArray("flow_m3_s");
            for (vtkIdType c = 0; c < grid->GetNumberOfCells(); ++c) {
                CHECK(V->GetTuple1(c) > 0.0);
            }
        }
    }
    CHECK(gpus_checked == 72);
    vtkNew<vtkXMLPolyDataReader> loop;
    loop->SetFileName((dir / "loop.vtp").c_str());
    loop->Update();
    vtkPolyData* net = loop->GetOutput();
    REQUIRE(net->GetNumberOfLines() > 225); // every cold plate is a branch
    for (const char* field : {"T_coolant_K", "p_Pa"}) {
        CHECK(net->GetPointData()->GetArray(field) != nullptr);
    }
    for (const char* field : {"flow_m3_s", "velocity_m_s", "D_h_m", "Re", "dp_Pa", "T_coolant_in_K",
                              "T_coolant_out_K"}) {
        CHECK(net->GetCellData()->GetArray(field) != nullptr);
    }
    // One connected network: a point per junction shared by the branches that meet there,
    // so the flows balance at every point but the CDU's two (supply, return).
    auto* flow = net->GetCellData()->GetArray("flow_m3_s");
    auto* Re = net->GetCellData()->GetArray("Re");
    auto* kinds = vtkStringArray::SafeDownCast(net->GetCellData()->GetAbstractArray("kind"));
    REQUIRE(flow != nullptr);
    REQUIRE(Re != nullptr);
    REQUIRE(kinds != nullptr);
    CHECK(net->GetNumberOfPoints() < net->GetNumberOfLines());
    std::vector<double> balance(static_cast<std::size_t>(net->GetNumberOfPoints()), 0.0);
    std::vector<double> largest(balance.size(), 0.0);
    std::set<std::string> seen;
    vtkNew<vtkIdList> ids;
    for (vtkIdType c = 0; c < net->GetNumberOfCells(); ++c) {
        net->GetCellPoints(c, ids);
        REQUIRE(ids->GetNumberOfIds() == 2);
        const double V = flow->GetTuple1(c);
        balance[static_cast<std::size_t>(ids->GetId(0))] -= V;
        balance[static_cast<std::size_t>(ids->GetId(1))] += V;
        for (int e = 0; e < 2; ++e) {
            auto& l = largest[static_cast<std::size_t>(ids->GetId(e))];
            l = std::max(l, std::abs(V));
        }
        seen.insert(kinds->GetValue(c));
        if (kinds->GetValue(c) == "cold_plate") {
            // Laminar fin channels: Re about 6 in the NIC plates to 117 in the B300 plates
            // (the thermal result's own figures, --json cold_plates[].Re).
            CHECK(Re->GetTuple1(c) > 1.0);
            CHECK(Re->GetTuple1(c) < 2300.0);
        }
    }
    int unbalanced = 0;
    for (std::size_t k = 0; k < balance.size(); ++k) {
        unbalanced += std::abs(balance[k]) > 1e-9 * std::max(largest[k], 1e-12) ? 1 : 0;
    }
    CHECK(unbalanced == 2); // the CDU supply and return
    CHECK(seen == std::set<std::string>{"cold_plate", "feed", "hose", "manifold"});
}

TEST_CASE("thermal --json carries totals, every chip and the balance") {
    const Run r = run("thermal cases/examples/gb300-nvl72.toml --json");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["feasible"].get<bool>());
    CHECK(j["chips"].size() == 72 + 36 + 72 + 36 + 9 * 2);
    CHECK(j["coolant"]["energy_imbalance"].get<double>() < 1e-9);
    CHECK(j["coolant"]["mass_imbalance"].get<double>() <= 1e-12);
    CHECK(j["inverse"]["flow_vs_supply"].size() == 5);
}

TEST_CASE("thermal: a design that cannot work exits 3 and says why") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / "thermal-bad";
    fs::create_directories(dir);
    std::ofstream(dir / "hot.toml")
        << "template = \"gb300-nvl72\"\n[chips.b300]\ntdp = \"9000 W\"\n";
    const Run r = run("thermal " + (dir / "hot.toml").string());
    CHECK(r.code == 3);
    CHECK(r.out.find("error: coolant flow: no flow meets every limit: even") != std::string::npos);
    CHECK(r.out.find("short") != std::string::npos);
}

// A CDU datasheet curve on the command line: `thermal` prints the fitted exchanger's capacity
// beside each datasheet point and sizes the CDUs by it; --json carries the same comparison.
// Capacities of 150 kW per K of approach (balanced streams at the default rated flows: one
// exchanger of UA 150 kW/K, the default CDU's) give 600 kW at the 4 K design approach.
TEST_CASE("thermal: a CDU capacity curve is compared point by point and sizes the CDUs") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / "thermal-cdu-curve";
    fs::create_directories(dir);
    std::ofstream(dir / "cdu.toml") << "template = \"gb300-nvl72\"\n[cooling.cdu_capacity_curve]\n"
                                       "approach = [\"2 K\", \"4 K\", \"6 K\"]\ncapacity = [\"300 "
                                       "kW\", \"600 kW\", \"900 kW\"]\n"
                                       "source = \"test: a linear datasheet\"\n";
    const Run r = run("thermal " + (dir / "cdu.toml").string());
    REQUIRE_MESSAGE(r.code == 0, r.out);
    CHECK(r.out.find("CDU: 1 unit(s) of 600.0 kW at the design approach") != std::string::npos);
    CHECK(r.out.find("CDU capacity against the datasheet's curve (test: a linear datasheet)") !=
          std::string::npos);
    CHECK(r.out.find("datasheet     300.0 kW  RackCalc     300.0 kW  (+0.0 %)") !=
          std::string::npos);
    const Run js = run("thermal " + (dir / "cdu.toml").string() + " --json");
    REQUIRE(js.code == 0);
    const auto j = nlohmann::json::parse(js.out);
    CHECK(j["cdu"]["capacity_W"].get<double>() == doctest::Approx(600e3).epsilon(1e-6));
    const auto& c = j["vendor_cdu_capacity_curve"];
    REQUIRE(c.is_object());
    CHECK(c["approach_K"].size() == 3);
    CHECK(c["capacity_W_model"][2].get<double>() == doctest::Approx(900e3).epsilon(1e-6));
    CHECK(c["rms_error"].get<double>() < 1e-6);
}
