// Round trips through VTK's own XML readers: what ParaView 5.11 reads is what was written.

#include "viz/vtk_writer.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vtkCell.h>
#include <vtkCellData.h>
#include <vtkCellType.h>
#include <vtkCompositeDataSet.h>
#include <vtkDataArray.h>
#include <vtkFieldData.h>
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
using rackcalc::geometry::Box;
using rackcalc::geometry::Part;
using rackcalc::geometry::PartKind;
using rackcalc::viz::CellField;
using rackcalc::viz::LoopPolyline;
using rackcalc::viz::write_network_vtp;
using rackcalc::viz::write_polylines_vtp;
using rackcalc::viz::write_rack_vtk;

namespace {

const double not_applicable = std::numeric_limits<double>::quiet_NaN();

/// A fresh directory under the system temp directory, removed with its contents at the end.
struct TempDir {
    fs::path path;
    TempDir() {
        std::random_device seed;
        path = fs::temp_directory_path() / ("rackcalc-test-viz-" + std::to_string(seed()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ignored);
        fs::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

Part make_part(PartKind kind, std::string name, std::string group, Box box, double power_W,
               double liquid_fraction) {
    Part part;
    part.kind = kind;
    part.name = std::move(name);
    part.group = std::move(group);
    part.box = box;
    part.power_W = power_W;
    part.liquid_fraction = liquid_fraction;
    return part;
}

/// Two trays, each with two GPUs under two cold plates; the groups first appear in the
/// order compute_trays, accelerators, cold_plates, and parts of a group are interleaved with
/// the others.
std::vector<Part> small_rack() {
    std::vector<Part> parts;
    for (int t = 0; t < 2; ++t) {
        const double z = 0.1 + 0.05 * t;
        const std::string tray = "rack/tray-" + std::to_string(t);
        parts.push_back(make_part(PartKind::tray, tray, "compute_trays",
                                  Box{{0.0, 0.0, z}, {0.6, 1.0, z + 0.044}}, 50.0, 0.0));
        for (int g = 0; g < 2; ++g) {
            const double x = 0.1 + 0.3 * g;
            const Box chip{{x, 0.3, z + 0.005}, {x + 0.07, 0.37, z + 0.01}};
            const Box plate{{x - 0.01, 0.29, z + 0.01}, {x + 0.08, 0.38, z + 0.02}};
            const std::string gpu = tray + "/gpu-" + std::to_string(g);
            parts.push_back(
                make_part(PartKind::chip, gpu, "accelerators", chip, 1000.0 + 100 * g, 0.9));
            parts.push_back(
                make_part(PartKind::cold_plate, gpu + "/plate", "cold_plates", plate, 0.0, 1.0));
        }
    }
    for (auto& part : parts) {
        part.rack = 3;
    }
    return parts;
}

vtkSmartPointer<vtkMultiBlockDataSet> read_vtm(const fs::path& file) {
    vtkNew<vtkXMLMultiBlockDataReader> reader;
    reader->SetFileName(file.c_str());
    reader->Update();
    vtkSmartPointer<vtkMultiBlockDataSet> output =
        vtkMultiBlockDataSet::SafeDownCast(reader->GetOutputDataObject(0));
    REQUIRE(output != nullptr);
    return output;
}

std::string block_name(vtkMultiBlockDataSet* data, unsigned block) {
    if (!data->HasMetaData(block)) {
        return "<no metadata>";
    }
    const char* name = data->GetMetaData(block)->Get(vtkCompositeDataSet::NAME());
    return name != nullptr ? name : "<no name>";
}

vtkUnstructuredGrid* grid(vtkMultiBlockDataSet* data, unsigned block) {
    auto* result = vtkUnstructuredGrid::SafeDownCast(data->GetBlock(block));
    REQUIRE(result != nullptr);
    return result;
}

double cell_value(vtkUnstructuredGrid* block, const char* field, vtkIdType cell) {
    vtkDataArray* array = block->GetCellData()->GetArray(field);
    REQUIRE_MESSAGE(array != nullptr, "missing cell field ", field);
    REQUIRE(array->GetNumberOfComponents() == 1);
    return array->GetComponent(cell, 0);
}

std::string cell_name(vtkUnstructuredGrid* block, vtkIdType cell) {
    auto* names = vtkStringArray::SafeDownCast(block->GetCellData()->GetAbstractArray("name"));
    REQUIRE(names != nullptr);
    return names->GetValue(cell);
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool has_temporary_entries(const fs::path& dir) {
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().filename().string().rfind(".rackcalc-tmp-", 0) == 0) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("write_rack_vtk writes one named block per group, in its fixed order") {
    TempDir tmp;
    const auto parts = small_rack();
    // Index into parts: 0 tray-0, 1 gpu-0, 2 plate, 3 gpu-1, 4 plate, 5 tray-1, 6..9 the same.
    std::vector<double> T_junction_K(parts.size(), not_applicable);
    T_junction_K[1] = 350.5;
    T_junction_K[3] = 351.25;
    T_junction_K[6] = 352.0;
    T_junction_K[8] = 353.75;
    write_rack_vtk(parts, {{"T_junction_K", T_junction_K}}, tmp.path / "out");

    CHECK(fs::is_regular_file(tmp.path / "out" / "rack.vtm"));
    CHECK(fs::is_regular_file(tmp.path / "out" / "rack" / "compute_trays.vtu"));
    CHECK(fs::is_regular_file(tmp.path / "out" / "rack" / "accelerators.vtu"));
    CHECK(fs::is_regular_file(tmp.path / "out" / "rack" / "cold_plates.vtu"));
    CHECK_FALSE(has_temporary_entries(tmp.path / "out"));

    const auto data = read_vtm(tmp.path / "out" / "rack.vtm");
    REQUIRE(data->GetNumberOfBlocks() == 3);
    CHECK(block_name(data, 0) == "compute_trays");
    CHECK(block_name(data, 1) == "accelerators");
    CHECK(block_name(data, 2) == "cold_plates");

    vtkUnstructuredGrid* trays = grid(data, 0);
    vtkUnstructuredGrid* gpus = grid(data, 1);
    vtkUnstructuredGrid* plates = grid(data, 2);
    CHECK(trays->GetNumberOfCells() == 2);
    CHECK(gpus->GetNumberOfCells() == 4);
    CHECK(plates->GetNumberOfCells() == 4);
    CHECK(gpus->GetCellType(0) == VTK_HEXAHEDRON);

    SUBCASE("built-in cell fields; Float64 in binary, so values round-trip exactly") {
        CHECK(cell_value(trays, "part_kind", 1) == static_cast<int>(PartKind::tray));
        CHECK(cell_value(gpus, "part_kind", 0) == static_cast<int>(PartKind::chip));
        CHECK(cell_value(plates, "part_kind", 3) == static_cast<int>(PartKind::cold_plate));
        CHECK(cell_value(trays, "power_W", 0) == 50.0);
        CHECK(cell_value(gpus, "power_W", 0) == 1000.0);
        CHECK(cell_value(gpus, "power_W", 1) == 1100.0);
        CHECK(cell_value(gpus, "liquid_fraction", 2) == 0.9);
        CHECK(cell_value(plates, "liquid_fraction", 0) == 1.0);
        CHECK(cell_value(plates, "rack_index", 2) == 3);
        CHECK(gpus->GetCellData()->GetArray("part_kind")->GetDataType() == VTK_INT);
        CHECK(gpus->GetCellData()->GetArray("rack_index")->GetDataType() == VTK_INT);
        CHECK(cell_name(gpus, 3) == "rack/tray-1/gpu-1");
        CHECK(cell_name(plates, 0) == "rack/tray-0/gpu-0/plate");
    }

    SUBCASE("an extra field round-trips, NaN included") {
        CHECK(cell_value(gpus, "T_junction_K", 0) == 350.5);
        CHECK(cell_value(gpus, "T_junction_K", 3) == 353.75);
        // A field that applies to no part of a block is left out of it, not filled with NaN.
        CHECK(trays->GetCellData()->GetArray("T_junction_K") == nullptr);
        CHECK(plates->GetCellData()->GetArray("T_junction_K") == nullptr);
    }

    SUBCASE("a field NaN on some parts of a block keeps NaN there") {
        std::vector<double> partial(parts.size(), not_applicable);
        partial[1] = 340.0; // gpu-0 of tray-0 only
        write_rack_vtk(parts, {{"T_x_K", partial}}, tmp.path / "partial");
        const auto again = read_vtm(tmp.path / "partial" / "rack.vtm");
        vtkUnstructuredGrid* chips = grid(again, 1);
        CHECK(cell_value(chips, "T_x_K", 0) == 340.0);
        CHECK(std::isnan(cell_value(chips, "T_x_K", 1)));
    }

    SUBCASE("kinds are labelled: a string cell field and the names of part_kind's values") {
        auto* kinds = vtkStringArray::SafeDownCast(plates->GetCellData()->GetAbstractArray("kind"));
        REQUIRE(kinds != nullptr);
        CHECK(kinds->GetValue(0) == "cold_plate");
        auto* legend =
            vtkStringArray::SafeDownCast(gpus->GetFieldData()->GetAbstractArray("part_kind_names"));
        REQUIRE(legend != nullptr);
        CHECK(legend->GetValue(static_cast<int>(PartKind::chip)) == "chip");
        CHECK(legend->GetValue(static_cast<int>(PartKind::backplane)) == "backplane");
    }

    SUBCASE("each block carries its group name as field data") {
        auto* group = vtkStringArray::SafeDownCast(gpus->GetFieldData()->GetAbstractArray("group"));
        REQUIRE(group != nullptr);
        REQUIRE(group->GetNumberOfValues() == 1);
        CHECK(group->GetValue(0) == "accelerators");
    }

    SUBCASE("the bounds of a cell are its box") {
        const Box& box = parts[8].box; // tray-1/gpu-1, the fourth GPU
        double bounds[6];
        gpus->GetCellBounds(3, bounds);
        for (std::size_t axis = 0; axis < 3; ++axis) {
            CHECK(bounds[2 * axis] == box.lo[axis]);
            CHECK(bounds[2 * axis + 1] == box.hi[axis]);
        }
        CHECK(gpus->GetCell(3)->GetNumberOfPoints() == 8);
    }
}

// A saved ParaView state refers to blocks by index: the order must not depend on the order in
// which a template places its parts.
TEST_CASE("write_rack_vtk: the block order does not depend on the order of the parts") {
    TempDir tmp;
    auto parts = small_rack();
    std::reverse(parts.begin(), parts.end());
    parts.push_back(parts.front());
    parts.back().name = "rack/extra";
    parts.back().group = "zz_custom"; // not a known group: after the known ones
    parts.back().box = Box{{2.0, 0.0, 0.0}, {2.1, 0.1, 0.1}};
    write_rack_vtk(parts, {}, tmp.path);
    const auto data = read_vtm(tmp.path / "rack.vtm");
    REQUIRE(data->GetNumberOfBlocks() == 4);
    CHECK(block_name(data, 0) == "compute_trays");
    CHECK(block_name(data, 1) == "accelerators");
    CHECK(block_name(data, 2) == "cold_plates");
    CHECK(block_name(data, 3) == "zz_custom");
}

TEST_CASE("write_rack_vtk keeps block names exact and file names safe") {
    TempDir tmp;
    auto parts = small_rack();
    for (auto& part : parts) {
        if (part.group == "cold_plates") {
            part.group = "cold & \"hot\" <plates>/v2";
        }
    }
    write_rack_vtk(parts, {}, tmp.path);
    CHECK(fs::is_regular_file(tmp.path / "rack" / "cold____hot___plates__v2.vtu"));
    const auto data = read_vtm(tmp.path / "rack.vtm");
    REQUIRE(data->GetNumberOfBlocks() == 3);
    CHECK(block_name(data, 2) == "cold & \"hot\" <plates>/v2");
    CHECK(grid(data, 2)->GetNumberOfCells() == 4);
}

TEST_CASE("write_rack_vtk replaces a previous output whole") {
    TempDir tmp;
    write_rack_vtk(small_rack(), {}, tmp.path);
    std::vector<Part> trays_only;
    for (const auto& part : small_rack()) {
        if (part.group == "compute_trays") {
            trays_only.push_back(part);
        }
    }
    write_rack_vtk(trays_only, {}, tmp.path);
    CHECK(fs::is_regular_file(tmp.path / "rack" / "compute_trays.vtu"));
    CHECK_FALSE(fs::exists(tmp.path / "rack" / "accelerators.vtu"));
    CHECK_FALSE(has_temporary_entries(tmp.path));
    const auto data = read_vtm(tmp.path / "rack.vtm");
    REQUIRE(data->GetNumberOfBlocks() == 1);
    CHECK(block_name(data, 0) == "compute_trays");
}

TEST_CASE("write_rack_vtk rejects extra fields that do not fit") {
    TempDir tmp;
    const auto parts = small_rack();
    const auto message_of = [&](const std::vector<CellField>& extra) {
        try {
            write_rack_vtk(parts, extra, tmp.path);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("<no std::invalid_argument>");
    };
    CHECK(message_of({{"T_junction_K", {1.0, 2.0, 3.0}}}) ==
          "extra cell field 'T_junction_K' has 3 values but there are 10 parts; give one "
          "value per part, NaN where it does not apply");
    CHECK(message_of({{"power_W", std::vector<double>(parts.size(), 0.0)}}) ==
          "extra cell field 'power_W' repeats the name of another cell field");
    CHECK(message_of({{"", std::vector<double>(parts.size(), 0.0)}}) ==
          "extra cell field has an empty name");
    CHECK_FALSE(fs::exists(tmp.path / "rack.vtm"));
    CHECK(fs::is_empty(tmp.path));
}

TEST_CASE("write_rack_vtk rejects a part without a group") {
    TempDir tmp;
    auto parts = small_rack();
    parts[4].group.clear();
    CHECK_THROWS_WITH_AS(write_rack_vtk(parts, {}, tmp.path),
                         "part 'rack/tray-0/gpu-1/plate' has no group, so it has no VTK block "
                         "to go in",
                         std::invalid_argument);
}

TEST_CASE("write_rack_vtk writes all or nothing") {
    TempDir tmp;

    SUBCASE("a directory that cannot be created: throws naming it, creates nothing") {
        std::ofstream(tmp.path / "a-file") << "not a directory\n";
        const fs::path dir = tmp.path / "a-file" / "out";
        try {
            write_rack_vtk(small_rack(), {}, dir);
            FAIL("no exception");
        } catch (const std::runtime_error& e) {
            CHECK(std::string(e.what()).find(dir.string()) != std::string::npos);
        }
        CHECK_FALSE(fs::exists(dir / "rack.vtm"));
    }

    SUBCASE("a piece fails mid-way: the previous rack.vtm and rack/ stay as they were") {
        write_rack_vtk(small_rack(), {}, tmp.path);
        const std::string previous_vtm = read_text(tmp.path / "rack.vtm");
        const std::string previous_gpus = read_text(tmp.path / "rack" / "accelerators.vtu");
        // A group whose file name exceeds NAME_MAX (255 bytes): the second piece cannot be
        // opened, even by root, after the first piece was written.
        auto parts = small_rack();
        const std::string long_group(300, 'g');
        for (auto& part : parts) {
            if (part.group == "accelerators") {
                part.group = long_group;
            }
        }
        try {
            write_rack_vtk(parts, {}, tmp.path);
            FAIL("no exception");
        } catch (const std::runtime_error& e) {
            const std::string expected =
                "cannot write VTK file '" + (tmp.path / "rack" / (long_group + ".vtu")).string();
            CHECK(std::string(e.what()).rfind(expected, 0) == 0);
        }
        CHECK(read_text(tmp.path / "rack.vtm") == previous_vtm);
        CHECK(read_text(tmp.path / "rack" / "accelerators.vtu") == previous_gpus);
        CHECK_FALSE(has_temporary_entries(tmp.path));
        CHECK(read_vtm(tmp.path / "rack.vtm")->GetNumberOfBlocks() == 3);
    }

    SUBCASE("a read-only directory: throws naming it, the previous rack.vtm stays") {
        write_rack_vtk(small_rack(), {}, tmp.path);
        const std::string previous_vtm = read_text(tmp.path / "rack.vtm");
        if (::geteuid() == 0) {
            MESSAGE("skipped: permissions do not stop root");
            return;
        }
        fs::permissions(tmp.path,
                        fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                        fs::perm_options::remove);
        try {
            write_rack_vtk(small_rack(), {}, tmp.path);
            FAIL("no exception");
        } catch (const std::runtime_error& e) {
            CHECK(std::string(e.what()).find(tmp.path.string()) != std::string::npos);
        }
        fs::permissions(tmp.path, fs::perms::owner_write, fs::perm_options::add);
        CHECK(read_text(tmp.path / "rack.vtm") == previous_vtm);
        CHECK_FALSE(has_temporary_entries(tmp.path));
    }
}

// A tee: three lines meeting at point 1 share it, so the written network is connected.
TEST_CASE("write_network_vtp shares points between lines and keeps fields per point and line") {
    TempDir tmp;
    rackcalc::viz::NetworkDrawing d;
    d.points = {{0.0, 0.0, 0.0}, {1.0, 0.0, 0.0}, {2.0, 0.0, 0.0}, {1.0, 1.0, 0.0}};
    d.point_fields = {{"p_Pa", {300.0, 200.0, 100.0, 150.0}}};
    d.lines = {{0, 1}, {1, 2}, {1, 3}};
    d.line_fields = {{"flow_m3_s", {3.0, 2.0, 1.0}}};
    d.line_labels = {{"kind", {"feed", "manifold", "hose"}}};
    const fs::path file = tmp.path / "net.vtp";
    write_network_vtp(d, file);
    vtkNew<vtkXMLPolyDataReader> reader;
    reader->SetFileName(file.c_str());
    reader->Update();
    vtkPolyData* net = reader->GetOutput();
    REQUIRE(net->GetNumberOfPoints() == 4);
    REQUIRE(net->GetNumberOfLines() == 3);
    vtkNew<vtkIdList> ids;
    net->GetCellPoints(2, ids);
    CHECK(ids->GetId(0) == 1);
    CHECK(ids->GetId(1) == 3);
    CHECK(net->GetPointData()->GetArray("p_Pa")->GetTuple1(3) == 150.0);
    CHECK(net->GetCellData()->GetArray("flow_m3_s")->GetTuple1(1) == 2.0);
    auto* kinds = vtkStringArray::SafeDownCast(net->GetCellData()->GetAbstractArray("kind"));
    REQUIRE(kinds != nullptr);
    CHECK(kinds->GetValue(2) == "hose");
    CHECK_FALSE(has_temporary_entries(tmp.path));

    auto bad = d;
    bad.lines[2] = {1, 4};
    CHECK_THROWS_WITH_AS(write_network_vtp(bad, file),
                         doctest::Contains("network line 2 ends at point 4 of 4"),
                         std::invalid_argument);
    bad = d;
    bad.line_fields[0].second.pop_back();
    CHECK_THROWS_WITH_AS(write_network_vtp(bad, file),
                         doctest::Contains("'flow_m3_s' has 2 values for 3 lines"),
                         std::invalid_argument);
}

TEST_CASE("write_polylines_vtp writes polylines with point fields") {
    TempDir tmp;
    LoopPolyline supply{"supply",
                        {{{0.0, 0.0, 0.0}}, {{0.0, 0.0, 1.0}}, {{0.0, 0.5, 1.0}}},
                        {{"T_K", {300.0, 301.0, 302.5}}, {"p_Pa", {2e5, 1.9e5, 1.8e5}}}};
    LoopPolyline ret{"return", {{{0.6, 0.5, 1.0}}, {{0.6, 0.0, 0.0}}}, {{"T_K", {310.0, 309.5}}}};
    const fs::path file = tmp.path / "case" / "loop.vtp";
    write_polylines_vtp({supply, ret}, file);
    CHECK_FALSE(has_temporary_entries(tmp.path / "case"));

    vtkNew<vtkXMLPolyDataReader> reader;
    reader->SetFileName(file.c_str());
    reader->Update();
    vtkPolyData* poly = reader->GetOutput();
    REQUIRE(poly != nullptr);
    CHECK(poly->GetNumberOfPoints() == 5);
    REQUIRE(poly->GetNumberOfLines() == 2);
    CHECK(poly->GetCellType(0) == VTK_POLY_LINE);
    CHECK(poly->GetCell(0)->GetNumberOfPoints() == 3);
    CHECK(poly->GetCell(1)->GetNumberOfPoints() == 2);

    double point[3];
    poly->GetPoint(4, point);
    CHECK(point[0] == 0.6);
    CHECK(point[2] == 0.0);

    auto* names = vtkStringArray::SafeDownCast(poly->GetCellData()->GetAbstractArray("name"));
    REQUIRE(names != nullptr);
    CHECK(names->GetValue(0) == "supply");
    CHECK(names->GetValue(1) == "return");

    vtkDataArray* T = poly->GetPointData()->GetArray("T_K");
    vtkDataArray* p = poly->GetPointData()->GetArray("p_Pa");
    REQUIRE(T != nullptr);
    REQUIRE(p != nullptr);
    CHECK(T->GetComponent(2, 0) == 302.5);
    CHECK(T->GetComponent(3, 0) == 310.0);
    CHECK(p->GetComponent(1, 0) == 1.9e5);
    CHECK(std::isnan(p->GetComponent(3, 0))); // the return line has no p_Pa
}

TEST_CASE("write_polylines_vtp rejects malformed lines") {
    TempDir tmp;
    const fs::path file = tmp.path / "loop.vtp";
    CHECK_THROWS_WITH_AS(write_polylines_vtp({{"stub", {{{0.0, 0.0, 0.0}}}, {}}}, file),
                         "polyline 'stub' has 1 points; a polyline needs at least 2",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(
        write_polylines_vtp({{"supply", {{{0.0, 0.0, 0.0}}, {{1.0, 0.0, 0.0}}}, {{"T_K", {1.0}}}}},
                            file),
        "point field 'T_K' of polyline 'supply' has 1 values but the line has 2 points",
        std::invalid_argument);
    CHECK_FALSE(fs::exists(file));
}

// A ParaView collection: one DataSet per step in order, paths relative to the .pvd and
// escaped; bad steps are refused and leave no file.
TEST_CASE("write_pvd lists the steps of a time series and refuses bad ones") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "rackcalc-test-pvd";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    rackcalc::viz::write_pvd(
        {{0.0, "a/step-00/rack.vtm"}, {2.5, "a/step-01/rack.vtm"}, {5.0, "a/b&c/rack.vtm"}},
        dir / "series.pvd");
    std::ifstream in(dir / "series.pvd");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("<VTKFile type=\"Collection\"") != std::string::npos);
    CHECK(text.find("<DataSet timestep=\"0\" part=\"0\" file=\"a/step-00/rack.vtm\"/>") !=
          std::string::npos);
    CHECK(text.find("<DataSet timestep=\"2.5\" part=\"0\" file=\"a/step-01/rack.vtm\"/>") !=
          std::string::npos);
    CHECK(text.find("file=\"a/b&amp;c/rack.vtm\"") != std::string::npos);
    CHECK(text.find("</Collection>") != std::string::npos);
    using rackcalc::viz::write_pvd;
    CHECK_THROWS_AS(write_pvd({}, dir / "empty.pvd"), std::invalid_argument);
    CHECK_THROWS_AS(write_pvd({{1.0, "x.vtm"}, {0.5, "y.vtm"}}, dir / "back.pvd"),
                    std::invalid_argument);
    CHECK_THROWS_AS(write_pvd({{std::nan(""), "x.vtm"}}, dir / "nan.pvd"), std::invalid_argument);
    CHECK_THROWS_AS(write_pvd({{0.0, "/abs/x.vtm"}}, dir / "abs.pvd"), std::invalid_argument);
    for (const char* f : {"empty.pvd", "back.pvd", "nan.pvd", "abs.pvd"}) {
        CHECK_MESSAGE(!std::filesystem::exists(dir / f), f);
    }
}
