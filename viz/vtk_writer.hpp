#pragma once
// VTK XML output of the placed rack (.vtm + .vtu) and of polylines (.vtp), for ParaView.
// This header is VTK-free on purpose: only viz's sources include VTK.

#include "geometry/part.hpp"

#include <array>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace rackcalc::viz {

/// An extra cell field: one value per part, in the order of the parts; NaN where the field
/// does not apply to a part. Put the unit in the name (`T_junction_K`, `Q_liquid_W`).
struct CellField {
    std::string name;
    std::vector<double> values;
};

/// A polyline with values at its points, e.g. one branch of the coolant loop.
struct LoopPolyline {
    std::string name;
    std::vector<std::array<double, 3>> points; ///< [m]
    /// (field name, one value per point); a field that another line has and this one lacks
    /// is written as NaN on this line's points.
    std::vector<std::pair<std::string, std::vector<double>>> point_fields;
};

/// Writes `dir/rack.vtm` and `dir/rack/<group>.vtu`, creating `dir` if needed: one named
/// block per Part::group (block name = group, from the `name` attribute in the .vtm), in a
/// fixed order whatever the template (racks, manifolds, busbars, power_shelves, trays,
/// canisters, blades, backplanes, accelerators, cpus, switch_chips, dpus, nics, other_chips,
/// cold_plates; any other group after them); the file stem is the group with characters other
/// than letters, digits, '_' and '-' replaced by '_'. Each part is one VTK_HEXAHEDRON cell
/// with the 8 corners of its box and the cell fields part_kind (int, the PartKind value),
/// kind (its name), power_W, liquid_fraction, rack_index (int), the extra fields that apply
/// to some part of the block (a field that is NaN on every part of a block is left out of
/// it), and the string field `name` (Part::name). Each block carries its group as the string
/// field-data array `group`, and the names of part_kind's values as `part_kind_names`.
/// All or nothing: the files are written into a hidden temporary directory in `dir` and
/// moved into place only when all were written; the previous `rack/` is replaced whole.
/// Throws std::invalid_argument naming the field or part when an extra field does not have
/// one value per part, has an empty or duplicate name or the name of a built-in field, or a
/// part has no group; std::runtime_error naming the file when writing fails.
void write_rack_vtk(const std::vector<geometry::Part>& parts, const std::vector<CellField>& extra,
                    const std::filesystem::path& dir);

/// A network drawn as straight lines between shared points, such as the coolant loop: one
/// point per junction, one line per branch, so that lines meeting at a junction share its
/// point (ParaView's filters then see one connected network).
struct NetworkDrawing {
    std::vector<std::array<double, 3>> points;                                 ///< [m]
    std::vector<std::pair<std::string, std::vector<double>>> point_fields;     ///< one per point
    std::vector<std::array<std::size_t, 2>> lines;                             ///< point indices
    std::vector<std::pair<std::string, std::vector<double>>> line_fields;      ///< one per line
    std::vector<std::pair<std::string, std::vector<std::string>>> line_labels; ///< one per line
};

/// Writes `drawing` to `file` (normally `loop.vtp`): the points with their point fields, one
/// VTK_LINE cell per line with its cell fields and string cell fields. All or nothing, like
/// write_rack_vtk. Throws std::invalid_argument naming the field or line when a field does not
/// have one value per point or line, a name is empty or repeated, or a line names a point
/// that does not exist; std::runtime_error naming the file when writing fails.
void write_network_vtp(const NetworkDrawing& drawing, const std::filesystem::path& file);

/// Writes `file` (normally `loop.vtp`): one VTK polyline cell per line, with the string cell
/// field `name` and every point field. All or nothing, like write_rack_vtk.
/// Throws std::invalid_argument naming the line and field when a line has fewer than two
/// points or a field does not have one value per point; std::runtime_error naming the file
/// when writing fails.
void write_polylines_vtp(const std::vector<LoopPolyline>& lines, const std::filesystem::path& file);

/// One dataset of a ParaView time series: its time [s] and its file, relative to the .pvd.
struct PvdStep {
    double time_s = 0.0;
    std::filesystem::path file;
};

/// Writes a ParaView collection file (.pvd): a VTKFile of type "Collection" with one DataSet
/// per step (timestep, part 0, file), so that ParaView opens the files as one time series.
/// Throws std::invalid_argument for no steps, a non-finite or decreasing time, or an absolute
/// file path; std::runtime_error (OutputError) naming the file when writing fails.
void write_pvd(const std::vector<PvdStep>& steps, const std::filesystem::path& file);

} // namespace rackcalc::viz
