#pragma once
// A conforming hexahedral mesh built straight from axis-aligned boxes, for OpenFOAM.
//
// The domain is a box. Every face of every box (and every edge of a patch rectangle) puts a
// grid line on its axis, so each box is exactly a block of whole cells. Between two grid
// lines the cells are spaced to a target size, optionally graded geometrically towards both
// lines. Each cell takes the zone of the LAST box (in list order) that contains its centre,
// or the background zone when no box does. A box with `meshed = false` (an obstacle, a
// server seen from the room air) removes its cells: the faces between meshed cells and
// removed cells become boundary faces, in the box's own patches. Each zone becomes one
// OpenFOAM cellZone; `splitMeshRegions -cellZones` turns the zones into regions.
//
// Write the result with geometry/polymesh_writer.hpp. All lengths [m].

#include "geometry/part.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace rackcalc::geometry {

/// The six sides of a box, in the order the arrays below use.
enum class Side : int { x_min = 0, x_max = 1, y_min = 2, y_max = 3, z_min = 4, z_max = 5 };

std::string_view to_string(Side side);

/// An OpenFOAM boundary patch: its name and its type as written to polyMesh/boundary
/// ("patch", "wall", "symmetryPlane", "symmetry", "empty").
struct PatchSpec {
    std::string name;
    std::string type = "patch";
};

/// One box of the geometry.
struct MeshBox {
    Box box;
    std::string zone; ///< cellZone name (material or region); ignored when not meshed
    bool meshed = true;
    /// For an unmeshed box only: the patch its faces towards meshed cells belong to, per
    /// side. An empty name on a side falls back to `patch`.
    std::array<PatchSpec, 6> side_patches{};
    PatchSpec patch{"", "wall"};
    /// For a meshed box only: the patch of the faces it shares with another meshed box that
    /// also names one, such as the sheet metal between stacked trays. Each such face becomes
    /// two boundary faces at the same place, one for the cell on each side (a baffle), so no
    /// flow crosses it. Empty: the box is open to its neighbours.
    PatchSpec baffle{"", "wall"};
    /// Largest cell size [m] along each axis inside the extent of this box (0: no limit
    /// beyond the axis target). Applies to every cell layer that lies within the box's
    /// range on that axis, also outside the box itself, because grid lines run through the
    /// whole domain.
    std::array<double, 3> max_cell{0.0, 0.0, 0.0};
};

/// A rectangle on one side of the domain that is its own patch (an inlet on part of a
/// wall). Its edges become grid lines. Later rectangles win over earlier ones.
struct PatchRegion {
    PatchSpec patch;
    Side side = Side::x_min;
    Box rect; ///< the rectangle, as a box that is flat (or not) along the side's normal axis
};

/// Cell spacing along one axis.
struct AxisSpacing {
    double target = 0.0;    ///< target cell size [m], > 0
    int min_cells = 1;      ///< at least this many cells between two grid lines
    double first_cell = 0.; ///< size of the cell next to every grid line [m]; 0 = uniform
    double growth = 1.2;    ///< ratio of neighbouring cell sizes in a graded layer, > 1
};

struct HexMeshSpec {
    Box domain;
    std::vector<MeshBox> boxes;
    std::array<AxisSpacing, 3> spacing{};
    /// Zone of cells that no box covers; empty = such cells are not meshed (their faces go
    /// to `background_patch`).
    std::string background_zone;
    PatchSpec background_patch{"walls", "wall"};
    /// Patch of each side of the domain (x_min, x_max, y_min, y_max, z_min, z_max).
    std::array<PatchSpec, 6> domain_patches{};
    std::vector<PatchRegion> patch_regions;
};

/// A structured grid with some cells removed, in OpenFOAM's conventions: cells numbered in
/// x-fastest order among the meshed ones; internal faces ordered by owner then neighbour
/// (upper-triangular), owner < neighbour, normal from owner to neighbour; boundary faces
/// after them, grouped per patch in `patches` order; every face's normal points out of its
/// owner by the right-hand rule.
struct HexMesh {
    std::array<std::vector<double>, 3> lines; ///< grid line coordinates per axis [m]
    std::vector<std::array<double, 3>> points;
    std::vector<std::array<std::int32_t, 4>> faces;
    std::vector<std::int32_t> owner;
    std::vector<std::int32_t> neighbour; ///< one per internal face
    std::size_t n_cells = 0;
    std::size_t n_internal_faces = 0;

    struct Patch {
        PatchSpec spec;
        std::size_t start_face = 0;
        std::size_t n_faces = 0;
    };
    std::vector<Patch> patches;

    struct Zone {
        std::string name;
        std::vector<std::int32_t> cells; ///< ascending
    };
    std::vector<Zone> zones; ///< in order of first appearance in the spec

    /// Cells of a zone by name; throws std::out_of_range for an unknown one.
    const Zone& zone(const std::string& name) const;
    /// Patch by name; throws std::out_of_range for an unknown one.
    const Patch& patch(const std::string& name) const;
};

/// Builds the mesh. Throws std::invalid_argument (message says which box, axis or value)
/// for a degenerate domain, a box outside it, a non-positive or non-finite size, a patch
/// with no name, or a mesh above 2^31 - 1 points or faces.
HexMesh build_hex_mesh(const HexMeshSpec& spec);

/// Volume of the meshed cells [m3], by Gauss's theorem over the boundary faces
/// (V = sum of x_f . S_f / 3; internal faces cancel, and so do the two faces of a baffle).
double meshed_volume(const HexMesh& mesh);

/// Sizes of the cells between two grid lines a and b (sum = b - a) for the given spacing;
/// limit is the largest cell allowed there (<= spacing.target).
std::vector<double> interval_cells(double a, double b, const AxisSpacing& spacing, double limit);

} // namespace rackcalc::geometry
