#include "viz/vtk_writer.hpp"

#include "viz/staged_output.hpp"
#include "viz/xml_escape.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <vtkCallbackCommand.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkCellType.h>
#include <vtkCommand.h>
#include <vtkDoubleArray.h>
#include <vtkErrorCode.h>
#include <vtkExecutive.h>
#include <vtkFieldData.h>
#include <vtkIntArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include <vtkStringArray.h>
#include <vtkUnstructuredGrid.h>
#include <vtkXMLPolyDataWriter.h>
#include <vtkXMLUnstructuredGridWriter.h>

namespace rackcalc::viz {

namespace fs = std::filesystem;
using geometry::Part;

namespace {

std::string in_quotes(std::string_view text) {
    return "'" + std::string(text) + "'";
}

/// Collects the error messages one VTK object raises, instead of letting VTK print them,
/// so they can go into the exception.
class VtkErrors {
public:
    explicit VtkErrors(vtkObject* object) {
        callback_->SetClientData(&messages_);
        callback_->SetCallback([](vtkObject*, unsigned long, void* client, void* call) {
            if (call != nullptr) {
                auto& messages = *static_cast<std::string*>(client);
                messages += (messages.empty() ? "" : "; ") + tidy(static_cast<const char*>(call));
            }
        });
        object->AddObserver(vtkCommand::ErrorEvent, callback_);
    }
    const std::string& messages() const { return messages_; }

private:
    /// VTK messages read "ERROR: In <source file>, line N\n<class> (0x...): <text>\n\n";
    /// keep the first line of <text>.
    static std::string tidy(std::string_view message) {
        if (const auto newline = message.find('\n'); newline != std::string_view::npos) {
            const std::string_view rest = message.substr(newline + 1);
            if (const auto colon = rest.find("): "); colon != std::string_view::npos) {
                message = rest.substr(colon + 3);
            }
        }
        message = message.substr(0, message.find('\n'));
        while (!message.empty() && message.back() == ' ') {
            message.remove_suffix(1);
        }
        return std::string(message);
    }

    vtkNew<vtkCallbackCommand> callback_;
    std::string messages_;
};

/// Runs `writer` on `data` into `staged`; `shown` is the path the user will see.
void write_xml(vtkXMLWriter& writer, vtkDataObject* data, const fs::path& staged,
               const fs::path& shown) {
    const VtkErrors writer_errors(&writer);
    const VtkErrors pipeline_errors(writer.GetExecutive()); // "Algorithm ... returned failure"
    writer.SetInputData(data);
    writer.SetFileName(staged.c_str());
    writer.SetDataModeToAppended();
    writer.EncodeAppendedDataOff();
    writer.SetHeaderTypeToUInt64();
    writer.SetCompressorTypeToZLib();
    const int written = writer.Write();
    std::error_code ec;
    if (written != 1 || writer.GetErrorCode() != vtkErrorCode::NoError ||
        !writer_errors.messages().empty() || !pipeline_errors.messages().empty() ||
        !fs::is_regular_file(staged, ec)) {
        std::string reason = writer_errors.messages();
        if (reason.empty()) {
            reason = pipeline_errors.messages();
        }
        if (reason.empty()) {
            reason = "VTK error code " + std::to_string(writer.GetErrorCode());
        }
        throw std::runtime_error("cannot write VTK file " + in_quotes(shown.string()) + ": " +
                                 reason);
    }
}

/// A file stem for each group: the group with unsafe characters replaced by '_', made
/// unique with a numeric suffix when two groups map to the same stem.
std::vector<std::string> file_stems(const std::vector<std::string>& groups) {
    std::vector<std::string> stems;
    std::set<std::string> taken;
    for (const auto& group : groups) {
        std::string stem;
        for (const char c : group) {
            const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '_' || c == '-';
            stem += safe ? c : '_';
        }
        std::string unique = stem;
        for (int n = 2; taken.count(unique) != 0; ++n) {
            unique = stem + "-" + std::to_string(n);
        }
        taken.insert(unique);
        stems.push_back(std::move(unique));
    }
    return stems;
}

struct Block {
    std::string name;
    std::string file; ///< relative to the .vtm, with '/' separators
};

/// The multiblock index, in the form vtkXMLMultiBlockDataWriter of VTK 9.1 writes it; the
/// `name` attribute is what vtkXMLMultiBlockDataReader (and ParaView) turn into
/// vtkCompositeDataSet::NAME() of each block.
void write_vtm(const std::vector<Block>& blocks, const fs::path& staged, const fs::path& shown) {
    std::ofstream out(staged, std::ios::binary);
    constexpr const char* byte_order =
        std::endian::native == std::endian::big ? "BigEndian" : "LittleEndian";
    out << "<?xml version=\"1.0\"?>\n"
        << "<VTKFile type=\"vtkMultiBlockDataSet\" version=\"1.0\" byte_order=\"" << byte_order
        << "\" header_type=\"UInt64\">\n"
        << "  <vtkMultiBlockDataSet>\n";
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        out << "    <DataSet index=\"" << i << "\" name=\"" << xml_escape(blocks[i].name)
            << "\" file=\"" << xml_escape(blocks[i].file) << "\"/>\n";
    }
    out << "  </vtkMultiBlockDataSet>\n"
        << "</VTKFile>\n";
    out.close();
    if (!out) {
        throw std::runtime_error("cannot write VTK file " + in_quotes(shown.string()));
    }
}

vtkSmartPointer<vtkDoubleArray> double_array(const char* name, std::size_t size) {
    auto array = vtkSmartPointer<vtkDoubleArray>::New();
    array->SetName(name);
    array->SetNumberOfValues(static_cast<vtkIdType>(size));
    return array;
}

vtkSmartPointer<vtkIntArray> int_array(const char* name, std::size_t size) {
    auto array = vtkSmartPointer<vtkIntArray>::New();
    array->SetName(name);
    array->SetNumberOfValues(static_cast<vtkIdType>(size));
    return array;
}

/// One hexahedron per part, with its own 8 corner points in VTK_HEXAHEDRON order (the
/// bottom face counter-clockwise seen from above, then the top face).
vtkSmartPointer<vtkUnstructuredGrid> make_block(const std::vector<Part>& parts,
                                                const std::vector<std::size_t>& members,
                                                const std::vector<CellField>& extra,
                                                const std::string& group) {
    const std::size_t n = members.size();
    vtkNew<vtkPoints> points;
    points->SetDataTypeToDouble();
    points->SetNumberOfPoints(8 * static_cast<vtkIdType>(n));
    auto grid = vtkSmartPointer<vtkUnstructuredGrid>::New();
    grid->Allocate(static_cast<vtkIdType>(n));

    auto part_kind = int_array("part_kind", n);
    vtkNew<vtkStringArray> kind_names;
    kind_names->SetName("kind");
    kind_names->SetNumberOfValues(static_cast<vtkIdType>(n));
    auto power = double_array("power_W", n);
    auto liquid_fraction = double_array("liquid_fraction", n);
    auto rack_index = int_array("rack_index", n);
    vtkNew<vtkStringArray> names;
    names->SetName("name");
    names->SetNumberOfValues(static_cast<vtkIdType>(n));
    // An extra field goes into a block only where it applies to some part of the block:
    // ParaView then lists per block the fields that mean something there, and no block
    // carries a column of NaN.
    std::vector<std::size_t> applies;
    for (std::size_t f = 0; f < extra.size(); ++f) {
        const bool any = std::any_of(members.begin(), members.end(), [&](std::size_t m) {
            return std::isfinite(extra[f].values[m]);
        });
        if (any) {
            applies.push_back(f);
        }
    }
    std::vector<vtkSmartPointer<vtkDoubleArray>> extra_arrays;
    extra_arrays.reserve(applies.size());
    for (const std::size_t f : applies) {
        extra_arrays.push_back(double_array(extra[f].name.c_str(), n));
    }

    for (std::size_t cell = 0; cell < n; ++cell) {
        const Part& part = parts[members[cell]];
        const auto& lo = part.box.lo;
        const auto& hi = part.box.hi;
        const std::array<std::array<double, 3>, 8> corners{{
            {lo[0], lo[1], lo[2]},
            {hi[0], lo[1], lo[2]},
            {hi[0], hi[1], lo[2]},
            {lo[0], hi[1], lo[2]},
            {lo[0], lo[1], hi[2]},
            {hi[0], lo[1], hi[2]},
            {hi[0], hi[1], hi[2]},
            {lo[0], hi[1], hi[2]},
        }};
        std::array<vtkIdType, 8> ids{};
        for (std::size_t k = 0; k < 8; ++k) {
            ids[k] = 8 * static_cast<vtkIdType>(cell) + static_cast<vtkIdType>(k);
            points->SetPoint(ids[k], corners[k].data());
        }
        grid->InsertNextCell(VTK_HEXAHEDRON, 8, ids.data());

        const auto id = static_cast<vtkIdType>(cell);
        part_kind->SetValue(id, static_cast<int>(part.kind));
        kind_names->SetValue(id, std::string(geometry::to_string(part.kind)));
        power->SetValue(id, part.power_W);
        liquid_fraction->SetValue(id, part.liquid_fraction);
        rack_index->SetValue(id, part.rack);
        names->SetValue(id, part.name);
        for (std::size_t a = 0; a < applies.size(); ++a) {
            extra_arrays[a]->SetValue(id, extra[applies[a]].values[members[cell]]);
        }
    }
    grid->SetPoints(points);

    vtkCellData* cell_data = grid->GetCellData();
    cell_data->AddArray(part_kind);
    cell_data->AddArray(power);
    cell_data->AddArray(liquid_fraction);
    cell_data->AddArray(rack_index);
    for (const auto& array : extra_arrays) {
        cell_data->AddArray(array);
    }
    cell_data->AddArray(names);
    cell_data->AddArray(kind_names);

    vtkNew<vtkStringArray> group_name;
    group_name->SetName("group");
    group_name->InsertNextValue(group);
    grid->GetFieldData()->AddArray(group_name);
    // The names of part_kind's values, index = value, for a categorical colour map.
    vtkNew<vtkStringArray> kind_legend;
    kind_legend->SetName("part_kind_names");
    for (int k = 0; k <= static_cast<int>(geometry::PartKind::backplane); ++k) {
        kind_legend->InsertNextValue(
            std::string(geometry::to_string(static_cast<geometry::PartKind>(k))));
    }
    grid->GetFieldData()->AddArray(kind_legend);
    return grid;
}

/// Writes `poly` to `file` (a .vtp) all or nothing: staged beside it, then moved in.
void write_vtp(vtkPolyData* poly, const fs::path& file) {
    const fs::path parent = file.has_parent_path() ? file.parent_path() : fs::path(".");
    StagedOutput output(parent);
    const fs::path entry = file.filename();
    vtkNew<vtkXMLPolyDataWriter> writer;
    write_xml(*writer, poly, output.staged(entry), file);
    output.commit({entry});
}

void check_extra_fields(const std::vector<Part>& parts, const std::vector<CellField>& extra) {
    std::set<std::string> names{"part_kind",  "power_W", "liquid_fraction",
                                "rack_index", "name",    "kind"};
    for (const auto& field : extra) {
        if (field.name.empty()) {
            throw std::invalid_argument("extra cell field has an empty name");
        }
        if (names.count(field.name) != 0) {
            throw std::invalid_argument("extra cell field " + in_quotes(field.name) +
                                        " repeats the name of another cell field");
        }
        names.insert(field.name);
        if (field.values.size() != parts.size()) {
            throw std::invalid_argument(
                "extra cell field " + in_quotes(field.name) + " has " +
                std::to_string(field.values.size()) + " values but there are " +
                std::to_string(parts.size()) +
                " parts; give one value per part, NaN where it does not apply");
        }
    }
}

} // namespace

void write_rack_vtk(const std::vector<Part>& parts, const std::vector<CellField>& extra,
                    const fs::path& dir) {
    check_extra_fields(parts, extra);

    // Blocks in one fixed order whatever the template (then any other group in the order it
    // first appears), so a saved ParaView state carries over from one case to another.
    static const std::vector<std::string> canonical{
        "racks",        "manifolds",    "busbars",    "power_shelves",  "compute_trays",
        "switch_trays", "other_trays",  "canisters",  "compute_blades", "switch_blades",
        "backplanes",   "accelerators", "cpus",       "switch_chips",   "dpus",
        "nics",         "other_chips",  "cold_plates"};
    std::map<std::string, std::vector<std::size_t>, std::less<>> by_group;
    std::vector<std::string> first_seen;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string& group = parts[i].group;
        if (group.empty()) {
            throw std::invalid_argument("part " + in_quotes(parts[i].name) +
                                        " has no group, so it has no VTK block to go in");
        }
        auto& list = by_group[group];
        if (list.empty()) {
            first_seen.push_back(group);
        }
        list.push_back(i);
    }
    std::vector<std::string> groups;
    for (const auto& g : canonical) {
        if (by_group.contains(g)) {
            groups.push_back(g);
        }
    }
    for (const auto& g : first_seen) {
        if (std::find(canonical.begin(), canonical.end(), g) == canonical.end()) {
            groups.push_back(g);
        }
    }
    std::vector<std::vector<std::size_t>> members;
    for (const auto& g : groups) {
        members.push_back(std::move(by_group.at(g)));
    }

    StagedOutput output(dir);
    const fs::path pieces_dir = "rack";
    if (std::error_code ec; !fs::create_directory(output.staged(pieces_dir), ec)) {
        throw std::runtime_error("cannot write VTK files in " +
                                 in_quotes((dir / pieces_dir).string()) + ": " + ec.message());
    }
    const std::vector<std::string> stems = file_stems(groups);
    std::vector<Block> blocks;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const fs::path piece = pieces_dir / (stems[g] + ".vtu");
        const auto grid = make_block(parts, members[g], extra, groups[g]);
        vtkNew<vtkXMLUnstructuredGridWriter> writer;
        write_xml(*writer, grid, output.staged(piece), dir / piece);
        blocks.push_back({groups[g], piece.generic_string()});
    }
    const fs::path index = "rack.vtm";
    write_vtm(blocks, output.staged(index), dir / index);
    output.commit({pieces_dir, index});
}

void write_polylines_vtp(const std::vector<LoopPolyline>& lines, const fs::path& file) {
    if (!file.has_filename()) {
        throw std::invalid_argument("polyline output path " + in_quotes(file.string()) +
                                    " names no file");
    }
    // Union of the point fields in first-seen order; lines that lack one get NaN.
    std::vector<std::string> field_names;
    std::set<std::string> seen;
    std::size_t total_points = 0;
    for (const auto& line : lines) {
        if (line.points.size() < 2) {
            throw std::invalid_argument("polyline " + in_quotes(line.name) + " has " +
                                        std::to_string(line.points.size()) +
                                        " points; a polyline needs at least 2");
        }
        std::set<std::string> in_line;
        for (const auto& [name, values] : line.point_fields) {
            if (name.empty()) {
                throw std::invalid_argument("polyline " + in_quotes(line.name) +
                                            " has a point field with an empty name");
            }
            if (!in_line.insert(name).second) {
                throw std::invalid_argument("polyline " + in_quotes(line.name) +
                                            " has the point field " + in_quotes(name) + " twice");
            }
            if (values.size() != line.points.size()) {
                throw std::invalid_argument(
                    "point field " + in_quotes(name) + " of polyline " + in_quotes(line.name) +
                    " has " + std::to_string(values.size()) + " values but the line has " +
                    std::to_string(line.points.size()) + " points");
            }
            if (seen.insert(name).second) {
                field_names.push_back(name);
            }
        }
        total_points += line.points.size();
    }

    auto poly = vtkSmartPointer<vtkPolyData>::New();
    vtkNew<vtkPoints> points;
    points->SetDataTypeToDouble();
    points->SetNumberOfPoints(static_cast<vtkIdType>(total_points));
    vtkNew<vtkCellArray> cells;
    vtkNew<vtkStringArray> names;
    names->SetName("name");
    std::vector<vtkSmartPointer<vtkDoubleArray>> fields;
    for (const auto& name : field_names) {
        auto array = double_array(name.c_str(), total_points);
        array->Fill(std::numeric_limits<double>::quiet_NaN());
        fields.push_back(array);
    }

    vtkIdType next = 0;
    for (const auto& line : lines) {
        const vtkIdType first = next;
        std::vector<vtkIdType> ids;
        for (const auto& point : line.points) {
            points->SetPoint(next, point.data());
            ids.push_back(next++);
        }
        cells->InsertNextCell(static_cast<vtkIdType>(ids.size()), ids.data());
        for (const auto& [name, values] : line.point_fields) {
            for (std::size_t f = 0; f < field_names.size(); ++f) {
                if (field_names[f] != name) {
                    continue;
                }
                for (std::size_t k = 0; k < values.size(); ++k) {
                    fields[f]->SetValue(first + static_cast<vtkIdType>(k), values[k]);
                }
            }
        }
        names->InsertNextValue(line.name);
    }
    poly->SetPoints(points);
    poly->SetLines(cells);
    poly->GetCellData()->AddArray(names);
    for (const auto& array : fields) {
        poly->GetPointData()->AddArray(array);
    }
    write_vtp(poly, file);
}

void write_network_vtp(const NetworkDrawing& drawing, const fs::path& file) {
    if (!file.has_filename()) {
        throw std::invalid_argument("network output path " + in_quotes(file.string()) +
                                    " names no file");
    }
    const std::size_t n_points = drawing.points.size();
    const std::size_t n_lines = drawing.lines.size();
    std::set<std::string> names;
    auto check_name = [&](const std::string& name, std::size_t size, std::size_t expected,
                          const char* per) {
        if (name.empty()) {
            throw std::invalid_argument(std::string("a network field per ") + per +
                                        " has an empty name");
        }
        if (!names.insert(name).second) {
            throw std::invalid_argument("network field " + in_quotes(name) + " is given twice");
        }
        if (size != expected) {
            throw std::invalid_argument("network field " + in_quotes(name) + " has " +
                                        std::to_string(size) + " values for " +
                                        std::to_string(expected) + " " + per + "s");
        }
    };
    for (const auto& [name, values] : drawing.point_fields) {
        check_name(name, values.size(), n_points, "point");
    }
    names.clear();
    for (const auto& [name, values] : drawing.line_fields) {
        check_name(name, values.size(), n_lines, "line");
    }
    for (const auto& [name, values] : drawing.line_labels) {
        check_name(name, values.size(), n_lines, "line");
    }
    for (std::size_t l = 0; l < n_lines; ++l) {
        for (const std::size_t end : drawing.lines[l]) {
            if (end >= n_points) {
                throw std::invalid_argument("network line " + std::to_string(l) +
                                            " ends at point " + std::to_string(end) + " of " +
                                            std::to_string(n_points));
            }
        }
    }

    auto poly = vtkSmartPointer<vtkPolyData>::New();
    vtkNew<vtkPoints> points;
    points->SetDataTypeToDouble();
    points->SetNumberOfPoints(static_cast<vtkIdType>(n_points));
    for (std::size_t k = 0; k < n_points; ++k) {
        points->SetPoint(static_cast<vtkIdType>(k), drawing.points[k].data());
    }
    vtkNew<vtkCellArray> cells;
    for (const auto& line : drawing.lines) {
        const std::array<vtkIdType, 2> ids{static_cast<vtkIdType>(line[0]),
                                           static_cast<vtkIdType>(line[1])};
        cells->InsertNextCell(2, ids.data());
    }
    poly->SetPoints(points);
    poly->SetLines(cells);
    for (const auto& [name, values] : drawing.point_fields) {
        auto array = double_array(name.c_str(), n_points);
        for (std::size_t k = 0; k < n_points; ++k) {
            array->SetValue(static_cast<vtkIdType>(k), values[k]);
        }
        poly->GetPointData()->AddArray(array);
    }
    for (const auto& [name, values] : drawing.line_fields) {
        auto array = double_array(name.c_str(), n_lines);
        for (std::size_t k = 0; k < n_lines; ++k) {
            array->SetValue(static_cast<vtkIdType>(k), values[k]);
        }
        poly->GetCellData()->AddArray(array);
    }
    for (const auto& [name, values] : drawing.line_labels) {
        vtkNew<vtkStringArray> array;
        array->SetName(name.c_str());
        array->SetNumberOfValues(static_cast<vtkIdType>(n_lines));
        for (std::size_t k = 0; k < n_lines; ++k) {
            array->SetValue(static_cast<vtkIdType>(k), values[k]);
        }
        poly->GetCellData()->AddArray(array);
    }
    write_vtp(poly, file);
}

// A .pvd is a short XML index, not a VTK dataset: VTK 9.1 has a reader for it
// (vtkPVDReader comes with ParaView, not VTK) but no writer, so it is written here.
void write_pvd(const std::vector<PvdStep>& steps, const std::filesystem::path& file) {
    if (steps.empty()) {
        throw std::invalid_argument(
            fmt::format("{}: a time series needs at least one step", file.string()));
    }
    std::string xml = "<?xml version=\"1.0\"?>\n"
                      "<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
                      "  <Collection>\n";
    double previous = -std::numeric_limits<double>::infinity();
    for (const PvdStep& step : steps) {
        if (!std::isfinite(step.time_s) || step.time_s < previous) {
            throw std::invalid_argument(
                fmt::format("{}: step {} has time {} s, not finite or before the one before it",
                            file.string(), step.file.string(), step.time_s));
        }
        if (step.file.is_absolute() || step.file.empty()) {
            throw std::invalid_argument(
                fmt::format("{}: step file '{}' must be a path relative to the .pvd", file.string(),
                            step.file.string()));
        }
        previous = step.time_s;
        xml += fmt::format("    <DataSet timestep=\"{:.9g}\" part=\"0\" file=\"{}\"/>\n",
                           step.time_s, xml_escape(step.file.generic_string()));
    }
    xml += "  </Collection>\n</VTKFile>\n";
    write_text_file(file, xml);
}

} // namespace rackcalc::viz
