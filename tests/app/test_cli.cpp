// The rackcalc executable as a user runs it: exit codes, messages, files written (or not),
// and the VTK files read back with VTK's own XML readers.

#include "cli_runner.hpp"

#include <array>
#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vtkCellData.h>
#include <vtkCompositeDataSet.h>
#include <vtkDataArray.h>
#include <vtkInformation.h>
#include <vtkMultiBlockDataSet.h>
#include <vtkNew.h>
#include <vtkUnstructuredGrid.h>
#include <vtkXMLMultiBlockDataReader.h>

namespace fs = std::filesystem;

namespace {

using Run = rackcalc_test::CliRun;

/// Runs rackcalc with the given arguments from the source tree.
Run rackcalc(const std::string& args) {
    return rackcalc_test::run_rackcalc(args);
}

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / name;
    fs::remove_all(dir);
    fs::create_directories(dir.parent_path());
    return dir;
}

/// Cells per block name of a written rack.vtm.
std::map<std::string, vtkIdType> cells_per_block(const fs::path& vtm) {
    vtkNew<vtkXMLMultiBlockDataReader> reader;
    reader->SetFileName(vtm.c_str());
    reader->Update();
    auto* blocks = vtkMultiBlockDataSet::SafeDownCast(reader->GetOutput());
    REQUIRE(blocks != nullptr);
    std::map<std::string, vtkIdType> cells;
    for (unsigned i = 0; i < blocks->GetNumberOfBlocks(); ++i) {
        const char* name = blocks->GetMetaData(i)->Get(vtkCompositeDataSet::NAME());
        auto* grid = vtkUnstructuredGrid::SafeDownCast(blocks->GetBlock(i));
        REQUIRE(grid != nullptr);
        REQUIRE(grid->GetCellData()->GetArray("part_kind") != nullptr);
        REQUIRE(grid->GetCellData()->GetArray("power_W") != nullptr);
        REQUIRE(grid->GetCellData()->GetArray("liquid_fraction") != nullptr);
        cells[name] = grid->GetNumberOfCells();
    }
    return cells;
}

} // namespace

TEST_CASE("--version and --help for every command exit 0") {
    CHECK(rackcalc("--version").out.find("rackcalc 0.") == 0);
    for (const char* cmd : {"templates", "check", "geometry", "schema"}) {
        const Run r = rackcalc(std::string(cmd) + " --help");
        CHECK(r.code == 0);
        CHECK(r.out.find("Usage") != std::string::npos);
    }
}

TEST_CASE("a wrong command line is an input error (exit 2)") {
    CHECK(rackcalc("frobnicate").code == 2);
    CHECK(rackcalc("check").code == 2); // CASE missing
}

TEST_CASE("templates --json lists the six templates with key figures and sources") {
    const Run r = rackcalc("templates --json");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.size() == 6);
    for (const auto& t : j) {
        CHECK(t["accelerator"]["count"].get<long>() > 0);
        CHECK(t["accelerator"]["tdp_W"].get<double>() > 0);
        CHECK_FALSE(t["accelerator"]["tdp_provenance"]["source"].get<std::string>().empty());
        CHECK(t["it_power"]["computed_W"].get<double>() > 0);
        REQUIRE(t["it_power"].contains("stated_W"));
        CHECK_FALSE(t["it_power"]["provenance"]["source"].get<std::string>().empty());
        CHECK(t["liquid_fraction"]["computed"].get<double>() > 0);
    }
    const Run table = rackcalc("templates");
    CHECK(table.code == 0);
    CHECK(table.out.find("gb300-nvl72") != std::string::npos);
}

TEST_CASE("check: exit 0 on the examples, exit 2 with located messages on bad input") {
    for (const auto& entry :
         fs::directory_iterator(fs::path(RACKCALC_SOURCE_DIR) / "cases" / "examples")) {
        const Run r = rackcalc("check " + entry.path().string());
        CHECK_MESSAGE(r.code == 0, entry.path() << "\n" << r.err);
    }
    const fs::path dir = fresh_dir("check");
    fs::create_directories(dir);
    std::ofstream(dir / "bad.toml")
        << "template = \"gb300-nvl72\"\n[cooling]\nsupply_temperature = \"45 kW\"\n";
    const Run r = rackcalc("check " + (dir / "bad.toml").string());
    CHECK(r.code == 2);
    CHECK(r.err.find("bad.toml:3:22: error: [cooling.supply_temperature]") != std::string::npos);
    CHECK(r.err.find("1 error in the input; nothing was written.") != std::string::npos);
}

TEST_CASE("geometry: GB200 NVL72 writes 72 GPU and 117 cold-plate cells") {
    const fs::path dir = fresh_dir("gb200");
    const Run r = rackcalc("geometry cases/examples/gb200-nvl72.toml -o " + dir.string());
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const auto cells = cells_per_block(dir / "rack.vtm");
    CHECK(cells.at("accelerators") == 72);
    CHECK(cells.at("cpus") == 36);
    CHECK(cells.at("cold_plates") == 117);
    CHECK(cells.at("compute_trays") == 18);
    CHECK(cells.at("switch_trays") == 9);
    CHECK(cells.at("power_shelves") == 8);
    CHECK(cells.at("manifolds") == 2);
    CHECK(cells.at("busbars") == 1);
}

// Totals from the sources (seed-facts.md, rack-data.md), per example case.
TEST_CASE("geometry: every template's totals are in its VTK file") {
    struct Expect {
        const char* example;
        const char* block;
        vtkIdType cells;
    };
    for (const Expect& e :
         {Expect{"gb300-nvl72", "accelerators", 72}, Expect{"vr-nvl144", "accelerators", 72},
          Expect{"tpu-v7-ironwood", "accelerators", 64},
          Expect{"cloudmatrix-384", "accelerators", 384}, Expect{"cloudmatrix-384", "racks", 16},
          Expect{"rubin-ultra-nvl576", "accelerators", 144},
          Expect{"rubin-ultra-nvl576", "canisters", 4}}) {
        const fs::path dir = fresh_dir(std::string("totals-") + e.example);
        const Run r = rackcalc(std::string("geometry cases/examples/") + e.example + ".toml -o " +
                               dir.string());
        REQUIRE_MESSAGE(r.code == 0, r.err);
        const auto cells = cells_per_block(dir / "rack.vtm");
        REQUIRE_MESSAGE(cells.contains(e.block), e.example << " has no block " << e.block);
        CHECK_MESSAGE(cells.at(e.block) == e.cells, e.example << " " << e.block);
    }
}

TEST_CASE("geometry: bad input exits 2 and writes nothing") {
    const fs::path dir = fresh_dir("bad-geometry");
    fs::create_directories(dir);
    std::ofstream(dir / "overlap.toml")
        << "template = \"gb300-nvl72\"\n[racks.nvl72]\nrear_space = \"20 mm\"\n";
    const fs::path out = dir / "out";
    const Run r = rackcalc("geometry " + (dir / "overlap.toml").string() + " -o " + out.string());
    CHECK(r.code == 2);
    CHECK(r.err.find("overlap.toml:3:14: error: [racks.nvl72.rear_space]") != std::string::npos);
    CHECK_FALSE(fs::exists(out));
}

TEST_CASE("docs/input-reference.md is the schema's current output") {
    const Run r = rackcalc("schema");
    REQUIRE(r.code == 0);
    std::ifstream in(fs::path(RACKCALC_SOURCE_DIR) / "docs" / "input-reference.md");
    std::stringstream committed;
    committed << in.rdbuf();
    CHECK_MESSAGE(committed.str() == r.out,
                  "docs/input-reference.md is stale: regenerate it with "
                  "`build/dev/app/rackcalc schema > docs/input-reference.md`");
}
