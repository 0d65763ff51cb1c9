// The direct hex mesher: cell and face counts by hand arithmetic, OpenFOAM's ordering and
// orientation rules (checked face by face), closed cells, zone volumes, patches of
// unmeshed boxes and rectangles, grading, and located errors for bad input.

#include "geometry/hex_mesh.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <stdexcept>
#include <string>

using namespace rackcalc::geometry;

namespace {

using Vec = std::array<double, 3>;

Vec sub(const Vec& a, const Vec& b) {
    return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
Vec cross(const Vec& a, const Vec& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec& a, const Vec& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/// Area vector of a planar quad by the right-hand rule over its vertex order.
Vec area_vector(const HexMesh& m, std::size_t f) {
    const auto& q = m.faces[f];
    const auto& p = m.points;
    const Vec d1 = sub(p[q[2]], p[q[0]]);
    const Vec d2 = sub(p[q[3]], p[q[1]]);
    const Vec c = cross(d1, d2);
    return {0.5 * c[0], 0.5 * c[1], 0.5 * c[2]};
}

Vec centre(const HexMesh& m, std::size_t f) {
    Vec c{0, 0, 0};
    for (const auto v : m.faces[f]) {
        for (std::size_t a = 0; a < 3; ++a) {
            c[a] += 0.25 * m.points[v][a];
        }
    }
    return c;
}

HexMeshSpec channel_spec() {
    HexMeshSpec s;
    s.domain = {{0, 0, 0}, {0.010, 0.004, 0.003}};
    s.spacing = {AxisSpacing{0.001}, AxisSpacing{0.001}, AxisSpacing{0.001}};
    s.domain_patches = {PatchSpec{"inlet", "patch"}, PatchSpec{"outlet", "patch"},
                        PatchSpec{"walls", "wall"},  PatchSpec{"walls", "wall"},
                        PatchSpec{"walls", "wall"},  PatchSpec{"top", "wall"}};
    s.background_zone = "fluid";
    MeshBox base;
    base.box = {{0, 0, 0}, {0.010, 0.004, 0.001}};
    base.zone = "solid";
    s.boxes.push_back(base);
    return s;
}

/// Every OpenFOAM ordering and orientation rule, face by face.
void check_openfoam_rules(const HexMesh& m) {
    REQUIRE(m.neighbour.size() == m.n_internal_faces);
    REQUIRE(m.owner.size() == m.faces.size());
    // Upper-triangular: owner < neighbour, sorted by owner then neighbour.
    for (std::size_t f = 0; f < m.n_internal_faces; ++f) {
        REQUIRE(m.owner[f] < m.neighbour[f]);
        if (f > 0) {
            const bool sorted =
                m.owner[f - 1] < m.owner[f] ||
                (m.owner[f - 1] == m.owner[f] && m.neighbour[f - 1] < m.neighbour[f]);
            REQUIRE(sorted);
        }
    }
    // Patches cover the boundary faces contiguously, in order.
    std::size_t next = m.n_internal_faces;
    for (const auto& p : m.patches) {
        REQUIRE(p.start_face == next);
        REQUIRE(p.n_faces > 0);
        next += p.n_faces;
    }
    REQUIRE(next == m.faces.size());
    // Cell centres from the face centres, then orientation: the area vector points from the
    // owner's centre to the face (and on to the neighbour's centre).
    std::vector<Vec> cc(m.n_cells, Vec{0, 0, 0});
    std::vector<int> count(m.n_cells, 0);
    std::vector<Vec> closure(m.n_cells, Vec{0, 0, 0});
    for (std::size_t f = 0; f < m.faces.size(); ++f) {
        const Vec c = centre(m, f);
        const Vec S = area_vector(m, f);
        auto add = [&](std::int32_t cell, double sign) {
            for (std::size_t a = 0; a < 3; ++a) {
                cc[cell][a] += c[a];
                closure[cell][a] += sign * S[a];
            }
            ++count[cell];
        };
        add(m.owner[f], 1.0);
        if (f < m.n_internal_faces) {
            add(m.neighbour[f], -1.0);
        }
    }
    for (std::size_t c = 0; c < m.n_cells; ++c) {
        REQUIRE(count[c] == 6); // hexahedra
        for (std::size_t a = 0; a < 3; ++a) {
            cc[c][a] /= 6.0;
            REQUIRE(std::abs(closure[c][a]) < 1e-15); // closed cell: area vectors sum to 0
        }
    }
    for (std::size_t f = 0; f < m.faces.size(); ++f) {
        const Vec S = area_vector(m, f);
        REQUIRE(dot(S, sub(centre(m, f), cc[m.owner[f]])) > 0.0);
        if (f < m.n_internal_faces) {
            REQUIRE(dot(S, sub(cc[m.neighbour[f]], centre(m, f))) > 0.0);
        }
    }
}

double patch_area(const HexMesh& m, const std::string& name) {
    const auto& p = m.patch(name);
    double A = 0.0;
    for (std::size_t f = p.start_face; f < p.start_face + p.n_faces; ++f) {
        const Vec S = area_vector(m, f);
        A += std::sqrt(dot(S, S));
    }
    return A;
}

} // namespace

TEST_CASE("hex mesh: a two-zone channel has the hand-counted cells, faces and patches") {
    const HexMesh m = build_hex_mesh(channel_spec());
    // 10 x 4 x 3 cells of 1 mm; internal faces 9*4*3 + 10*3*3 + 10*4*2 = 108 + 90 + 80.
    CHECK(m.n_cells == 120);
    CHECK(m.points.size() == 11 * 5 * 4);
    CHECK(m.n_internal_faces == 278);
    CHECK(m.patch("inlet").n_faces == 12);
    CHECK(m.patch("outlet").n_faces == 12);
    CHECK(m.patch("walls").n_faces == 2 * 30 + 40); // both y sides and the bottom
    CHECK(m.patch("top").n_faces == 40);
    CHECK(m.patch("walls").spec.type == "wall");
    REQUIRE(m.zones.size() == 2);
    CHECK(m.zones[0].name == "solid");
    CHECK(m.zone("solid").cells.size() == 40);
    CHECK(m.zone("fluid").cells.size() == 80);
    check_openfoam_rules(m);
}

TEST_CASE("hex mesh: an unmeshed box leaves a hole walled by its own patches") {
    HexMeshSpec s = channel_spec();
    MeshBox hole;
    hole.box = {{0.004, 0.001, 0.001}, {0.006, 0.003, 0.002}};
    hole.meshed = false;
    hole.patch = {"server", "wall"};
    hole.side_patches[static_cast<int>(Side::x_min)] = {"server_in", "patch"};
    s.boxes.push_back(hole);
    MeshBox corner; // at the domain corner: its points must not be written
    corner.box = {{0.009, 0.003, 0.002}, {0.010, 0.004, 0.003}};
    corner.meshed = false;
    corner.patch = {"corner", "wall"};
    s.boxes.push_back(corner);
    const HexMesh m = build_hex_mesh(s);
    CHECK(m.n_cells == 120 - 4 - 1);
    CHECK(m.points.size() == 11 * 5 * 4 - 1); // the domain's corner point is unused
    // Hole 2 x 2 x 1 mm: faces x_min 2 mm2, the rest 2+4+4+2+2 = 14 mm2.
    CHECK(patch_area(m, "server_in") == doctest::Approx(2e-6).epsilon(1e-12));
    CHECK(patch_area(m, "server") == doctest::Approx(14e-6).epsilon(1e-12));
    CHECK(patch_area(m, "corner") == doctest::Approx(3e-6).epsilon(1e-12));
    CHECK(m.patch("server_in").spec.type == "patch");
    // The meshed volume is the domain's (10 x 4 x 3 mm, 120 cells of 1 mm3) less the two
    // holes (4 mm3 and 1 mm3).
    CHECK(meshed_volume(m) == doctest::Approx(115e-9).epsilon(1e-12));
    check_openfoam_rules(m);
}

// Two stacked trays in a duct: the face they share is sheet metal, so it must become two
// boundary faces (one per cell) instead of an internal face; a box without a baffle patch
// stays open to them.
TEST_CASE("hex mesh: touching boxes that both name a baffle patch are walled from each other") {
    HexMeshSpec s;
    s.domain = {{0, 0, 0}, {0.004, 0.003, 0.002}};
    s.spacing = {AxisSpacing{0.001}, AxisSpacing{0.001}, AxisSpacing{0.001}};
    s.domain_patches.fill(PatchSpec{"walls", "wall"});
    s.background_zone = "room"; // y in [0, 1] mm: open to both trays
    MeshBox lower;
    lower.box = {{0, 0.001, 0}, {0.004, 0.003, 0.001}};
    lower.zone = "tray_lower";
    lower.baffle = {"sheets", "wall"};
    MeshBox upper = lower;
    upper.box = {{0, 0.001, 0.001}, {0.004, 0.003, 0.002}};
    upper.zone = "tray_upper";
    s.boxes = {lower, upper};
    const HexMesh m = build_hex_mesh(s);
    CHECK(m.n_cells == 24);
    // Between the trays: 4 x 2 faces at z = 1 mm, each written twice.
    CHECK(m.patch("sheets").n_faces == 16);
    CHECK(patch_area(m, "sheets") == doctest::Approx(2 * 8e-6).epsilon(1e-12));
    // Without baffles the same faces are internal: 8 fewer internal faces with them.
    HexMeshSpec open = s;
    for (auto& b : open.boxes) {
        b.baffle = {};
    }
    const HexMesh o = build_hex_mesh(open);
    CHECK(o.n_internal_faces == m.n_internal_faces + 8);
    // A baffle's two faces cancel in the volume: both sides are meshed.
    CHECK(meshed_volume(m) == doctest::Approx(24e-9).epsilon(1e-12));
    CHECK(meshed_volume(o) == doctest::Approx(24e-9).epsilon(1e-12));
    // Every cell stays a closed hexahedron, the baffle faces pointing out of their own cells.
    check_openfoam_rules(m);
}

TEST_CASE("hex mesh: the last box wins, zone volumes equal box volumes") {
    HexMeshSpec s = channel_spec();
    MeshBox die;
    die.box = {{0.003, 0.0, 0.0}, {0.007, 0.004, 0.0005}};
    die.zone = "die";
    s.boxes.push_back(die); // inside the solid base: overrides it there
    const HexMesh m = build_hex_mesh(s);
    // Cell volume from the grid: every cell is a box between grid lines.
    const auto cell_volume_of_zone = [&](const std::string& name) {
        double V = 0.0;
        for (const auto c : m.zone(name).cells) {
            const std::size_t nx = m.lines[0].size() - 1;
            const std::size_t ny = m.lines[1].size() - 1;
            const auto i = static_cast<std::size_t>(c) % nx;
            const auto j = (static_cast<std::size_t>(c) / nx) % ny;
            const auto k = static_cast<std::size_t>(c) / (nx * ny);
            V += (m.lines[0][i + 1] - m.lines[0][i]) * (m.lines[1][j + 1] - m.lines[1][j]) *
                 (m.lines[2][k + 1] - m.lines[2][k]);
        }
        return V;
    };
    CHECK(cell_volume_of_zone("die") == doctest::Approx(4e-3 * 4e-3 * 0.5e-3).epsilon(1e-12));
    CHECK(cell_volume_of_zone("solid") ==
          doctest::Approx(10e-3 * 4e-3 * 1e-3 - 4e-3 * 4e-3 * 0.5e-3).epsilon(1e-12));
    CHECK(cell_volume_of_zone("fluid") == doctest::Approx(10e-3 * 4e-3 * 2e-3).epsilon(1e-12));
    // The die's top face at z = 0.5 mm is a grid line.
    bool has_line = false;
    for (const double z : m.lines[2]) {
        has_line = has_line || std::abs(z - 0.0005) < 1e-15;
    }
    CHECK(has_line);
    check_openfoam_rules(m);
}

TEST_CASE("hex mesh: a patch rectangle on a domain side becomes its own patch") {
    HexMeshSpec s = channel_spec();
    PatchRegion r;
    r.patch = {"jet", "patch"};
    r.side = Side::z_max;
    r.rect = {{0.002, 0.001, 0.003}, {0.0045, 0.003, 0.003}}; // 2.5 x 2 mm: adds a line
    s.patch_regions.push_back(r);
    const HexMesh m = build_hex_mesh(s);
    CHECK(patch_area(m, "jet") == doctest::Approx(5e-6).epsilon(1e-12));
    CHECK(patch_area(m, "top") == doctest::Approx(40e-6 - 5e-6).epsilon(1e-12));
    check_openfoam_rules(m);
}

TEST_CASE("hex mesh: interval grading starts at first_cell and grows by at most growth") {
    AxisSpacing sp;
    sp.target = 1e-3;
    sp.first_cell = 1e-4;
    sp.growth = 1.2;
    const auto cells = interval_cells(0.0, 0.01, sp, sp.target);
    double sum = 0.0;
    for (const double c : cells) {
        sum += c;
    }
    CHECK(sum == doctest::Approx(0.01).epsilon(1e-14));
    CHECK(cells.front() == doctest::Approx(1e-4).epsilon(0.05)); // rescaled by < 5 %
    CHECK(cells.back() == doctest::Approx(cells.front()).epsilon(1e-12));
    for (std::size_t i = 1; i < cells.size(); ++i) {
        const double ratio = std::max(cells[i] / cells[i - 1], cells[i - 1] / cells[i]);
        CHECK(ratio <= 1.2 + 1e-9);
    }
    // Uniform: ceil(L / target) cells, at least min_cells.
    AxisSpacing uniform;
    uniform.target = 3e-4;
    CHECK(interval_cells(0.0, 1e-3, uniform, uniform.target).size() == 4);
    uniform.min_cells = 6;
    CHECK(interval_cells(0.0, 1e-3, uniform, uniform.target).size() == 6);
    // A box's max_cell refines the layers across its extent only.
    HexMeshSpec s = channel_spec();
    s.boxes[0].max_cell = {0.0, 0.0, 0.25e-3};
    const HexMesh m = build_hex_mesh(s);
    CHECK(m.lines[2].size() - 1 == 4 + 2);
}

TEST_CASE("hex mesh: bad input is rejected with what and where") {
    HexMeshSpec s = channel_spec();
    s.boxes[0].box.hi[0] = 0.011;
    CHECK_THROWS_WITH_AS(build_hex_mesh(s), doctest::Contains("hex mesh box 0 ('solid')"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(build_hex_mesh(s), doctest::Contains("reaches outside the domain"),
                         std::invalid_argument);
    s = channel_spec();
    s.spacing[1].target = std::nan("");
    CHECK_THROWS_WITH_AS(build_hex_mesh(s), doctest::Contains("target cell size along y"),
                         std::invalid_argument);
    s = channel_spec();
    s.boxes[0].zone = "copper base";
    CHECK_THROWS_WITH_AS(build_hex_mesh(s), doctest::Contains("is not an OpenFOAM word"),
                         std::invalid_argument);
    s = channel_spec();
    s.domain_patches[5] = {"walls", "patch"}; // same name as the y sides, another type
    CHECK_THROWS_WITH_AS(build_hex_mesh(s), doctest::Contains("declared with two types"),
                         std::invalid_argument);
    s = channel_spec();
    s.background_zone.clear();
    s.boxes[0].meshed = false;
    s.boxes[0].patch = {"base", "wall"};
    CHECK_THROWS_WITH_AS(build_hex_mesh(s), doctest::Contains("no meshed cell"),
                         std::invalid_argument);
}
