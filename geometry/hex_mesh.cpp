#include "geometry/hex_mesh.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace rackcalc::geometry {

std::string_view to_string(Side side) {
    switch (side) {
    case Side::x_min:
        return "x_min";
    case Side::x_max:
        return "x_max";
    case Side::y_min:
        return "y_min";
    case Side::y_max:
        return "y_max";
    case Side::z_min:
        return "z_min";
    case Side::z_max:
        return "z_max";
    }
    return "unknown";
}

const HexMesh::Zone& HexMesh::zone(const std::string& name) const {
    for (const auto& z : zones) {
        if (z.name == name) {
            return z;
        }
    }
    throw std::out_of_range("hex mesh has no cellZone '" + name + "'");
}

const HexMesh::Patch& HexMesh::patch(const std::string& name) const {
    for (const auto& p : patches) {
        if (p.spec.name == name) {
            return p;
        }
    }
    throw std::out_of_range("hex mesh has no patch '" + name + "'");
}

namespace {

constexpr const char* axis_name[3] = {"x", "y", "z"};

std::string fmt_box(const Box& b) {
    auto num = [](double v) {
        std::string s = std::to_string(v);
        return s;
    };
    return "[" + num(b.lo[0]) + ", " + num(b.lo[1]) + ", " + num(b.lo[2]) + "] .. [" +
           num(b.hi[0]) + ", " + num(b.hi[1]) + ", " + num(b.hi[2]) + "] m";
}

/// OpenFOAM `word`: no whitespace, quotes, braces, parentheses, semicolons or slashes.
void check_word(const std::string& name, const std::string& what) {
    if (name.empty()) {
        throw std::invalid_argument(what + " has no name");
    }
    for (const char c : name) {
        const bool bad = std::isspace(static_cast<unsigned char>(c)) != 0 || c == '"' ||
                         c == '\'' || c == '{' || c == '}' || c == '(' || c == ')' || c == ';' ||
                         c == '/' || c == '\\';
        if (bad) {
            throw std::invalid_argument(what + " name '" + name +
                                        "' is not an OpenFOAM word (no spaces, quotes, "
                                        "braces, parentheses, semicolons or slashes)");
        }
    }
}

bool finite_box(const Box& b) {
    for (int a = 0; a < 3; ++a) {
        if (!std::isfinite(b.lo[a]) || !std::isfinite(b.hi[a])) {
            return false;
        }
    }
    return true;
}

void check_spec(const HexMeshSpec& spec) {
    if (!finite_box(spec.domain)) {
        throw std::invalid_argument("hex mesh domain has a non-finite coordinate");
    }
    for (int a = 0; a < 3; ++a) {
        if (!(spec.domain.hi[a] > spec.domain.lo[a])) {
            throw std::invalid_argument(std::string("hex mesh domain is empty along ") +
                                        axis_name[a] + ": " + fmt_box(spec.domain));
        }
        const AxisSpacing& s = spec.spacing[a];
        if (!(std::isfinite(s.target) && s.target > 0.0)) {
            throw std::invalid_argument(std::string("hex mesh target cell size along ") +
                                        axis_name[a] + " must be a positive length, got " +
                                        std::to_string(s.target));
        }
        if (s.min_cells < 1) {
            throw std::invalid_argument(std::string("hex mesh min_cells along ") + axis_name[a] +
                                        " must be at least 1");
        }
        if (!std::isfinite(s.first_cell) || s.first_cell < 0.0) {
            throw std::invalid_argument(std::string("hex mesh first_cell along ") + axis_name[a] +
                                        " must be >= 0");
        }
        if (s.first_cell > 0.0 && !(std::isfinite(s.growth) && s.growth > 1.0)) {
            throw std::invalid_argument(std::string("hex mesh growth along ") + axis_name[a] +
                                        " must be above 1 when first_cell is set");
        }
    }
    const double extent =
        std::max({spec.domain.hi[0] - spec.domain.lo[0], spec.domain.hi[1] - spec.domain.lo[1],
                  spec.domain.hi[2] - spec.domain.lo[2]});
    const double tol = 1e-9 * extent;
    for (std::size_t i = 0; i < spec.boxes.size(); ++i) {
        const MeshBox& mb = spec.boxes[i];
        const std::string which = "hex mesh box " + std::to_string(i) +
                                  (mb.zone.empty() ? std::string() : " ('" + mb.zone + "')");
        if (!finite_box(mb.box)) {
            throw std::invalid_argument(which + " has a non-finite coordinate");
        }
        for (int a = 0; a < 3; ++a) {
            if (!(mb.box.hi[a] > mb.box.lo[a] + tol)) {
                throw std::invalid_argument(which + " is empty along " + axis_name[a] + ": " +
                                            fmt_box(mb.box));
            }
            if (!std::isfinite(mb.max_cell[a]) || mb.max_cell[a] < 0.0) {
                throw std::invalid_argument(which + " max_cell along " + axis_name[a] +
                                            " must be >= 0");
            }
        }
        if (!spec.domain.contains(mb.box, tol)) {
            throw std::invalid_argument(which + " " + fmt_box(mb.box) +
                                        " reaches outside the domain " + fmt_box(spec.domain));
        }
        if (mb.meshed) {
            check_word(mb.zone, which + " zone");
        } else {
            for (const auto& sp : mb.side_patches) {
                if (!sp.name.empty()) {
                    check_word(sp.name, which + " side patch");
                }
            }
            if (std::any_of(mb.side_patches.begin(), mb.side_patches.end(),
                            [](const PatchSpec& p) { return p.name.empty(); })) {
                check_word(mb.patch.name, which + " patch");
            }
        }
    }
    for (const auto& p : spec.domain_patches) {
        check_word(p.name, "hex mesh domain side patch");
    }
    for (const auto& r : spec.patch_regions) {
        check_word(r.patch.name, "hex mesh patch region");
        if (!finite_box(r.rect)) {
            throw std::invalid_argument("hex mesh patch region '" + r.patch.name +
                                        "' has a non-finite coordinate");
        }
    }
    if (spec.background_zone.empty()) {
        check_word(spec.background_patch.name, "hex mesh background patch");
    } else {
        check_word(spec.background_zone, "hex mesh background zone");
    }
}

/// Sorted grid-line positions with near-duplicates (closer than tol) merged.
std::vector<double> merged(std::vector<double> v, double tol) {
    std::sort(v.begin(), v.end());
    std::vector<double> out;
    for (const double x : v) {
        if (out.empty() || x - out.back() > tol) {
            out.push_back(x);
        }
    }
    return out;
}

/// Index of the break closest to x.
std::size_t break_index(const std::vector<double>& breaks, double x) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < breaks.size(); ++i) {
        if (std::abs(breaks[i] - x) < std::abs(breaks[best] - x)) {
            best = i;
        }
    }
    return best;
}

class PatchTable {
public:
    int index(const PatchSpec& spec) {
        const auto it = by_name_.find(spec.name);
        if (it != by_name_.end()) {
            if (specs_[static_cast<std::size_t>(it->second)].type != spec.type) {
                throw std::invalid_argument("hex mesh patch '" + spec.name +
                                            "' is declared with two types, '" +
                                            specs_[static_cast<std::size_t>(it->second)].type +
                                            "' and '" + spec.type + "'");
            }
            return it->second;
        }
        const int i = static_cast<int>(specs_.size());
        specs_.push_back(spec);
        by_name_[spec.name] = i;
        return i;
    }
    const std::vector<PatchSpec>& specs() const { return specs_; }

private:
    std::vector<PatchSpec> specs_;
    std::map<std::string, int> by_name_;
};

} // namespace

std::vector<double> interval_cells(double a, double b, const AxisSpacing& spacing, double limit) {
    const double L = b - a;
    const double h = std::min(limit, spacing.target);
    std::vector<double> sizes;
    if (spacing.first_cell > 0.0 && spacing.first_cell < h) {
        // Geometric layers from both grid lines up to the target size, uniform between.
        std::vector<double> layer;
        double cum = 0.0;
        for (double s = spacing.first_cell; s < h && 2.0 * (cum + s) <= L; s *= spacing.growth) {
            layer.push_back(s);
            cum += s;
        }
        const double rest = L - 2.0 * cum;
        std::size_t n_mid = 0;
        if (!layer.empty() && rest < 0.5 * layer.back()) {
            n_mid = 0;
        } else {
            n_mid = static_cast<std::size_t>(std::max(1.0, std::ceil(rest / h - 1e-9)));
        }
        sizes.assign(layer.begin(), layer.end());
        for (std::size_t i = 0; i < n_mid; ++i) {
            sizes.push_back(rest / static_cast<double>(n_mid));
        }
        sizes.insert(sizes.end(), layer.rbegin(), layer.rend());
    }
    if (sizes.size() < static_cast<std::size_t>(spacing.min_cells)) {
        const auto n = static_cast<std::size_t>(
            std::max(static_cast<double>(spacing.min_cells), std::ceil(L / h - 1e-9)));
        sizes.assign(n, L / static_cast<double>(n));
    }
    double sum = 0.0;
    for (const double s : sizes) {
        sum += s;
    }
    for (double& s : sizes) {
        s *= L / sum;
    }
    return sizes;
}

double meshed_volume(const HexMesh& mesh) {
    double v = 0.0;
    for (std::size_t f = mesh.n_internal_faces; f < mesh.faces.size(); ++f) {
        const auto& q = mesh.faces[f];
        const auto& p0 = mesh.points[static_cast<std::size_t>(q[0])];
        const auto& p1 = mesh.points[static_cast<std::size_t>(q[1])];
        const auto& p2 = mesh.points[static_cast<std::size_t>(q[2])];
        const auto& p3 = mesh.points[static_cast<std::size_t>(q[3])];
        // Area vector of a planar quad: half the cross product of its diagonals.
        const std::array<double, 3> d1{p2[0] - p0[0], p2[1] - p0[1], p2[2] - p0[2]};
        const std::array<double, 3> d2{p3[0] - p1[0], p3[1] - p1[1], p3[2] - p1[2]};
        const std::array<double, 3> S{0.5 * (d1[1] * d2[2] - d1[2] * d2[1]),
                                      0.5 * (d1[2] * d2[0] - d1[0] * d2[2]),
                                      0.5 * (d1[0] * d2[1] - d1[1] * d2[0])};
        for (int a = 0; a < 3; ++a) {
            const double centre = 0.25 * (p0[a] + p1[a] + p2[a] + p3[a]);
            v += centre * S[static_cast<std::size_t>(a)];
        }
    }
    return v / 3.0;
}

HexMesh build_hex_mesh(const HexMeshSpec& spec) {
    check_spec(spec);
    const Box& D = spec.domain;
    const double extent = std::max({D.hi[0] - D.lo[0], D.hi[1] - D.lo[1], D.hi[2] - D.lo[2]});
    const double tol = 1e-9 * extent;

    // Breaks: every box face and patch-rectangle edge, clipped to the domain.
    std::array<std::vector<double>, 3> breaks;
    for (int a = 0; a < 3; ++a) {
        std::vector<double> v{D.lo[a], D.hi[a]};
        for (const auto& mb : spec.boxes) {
            v.push_back(mb.box.lo[a]);
            v.push_back(mb.box.hi[a]);
        }
        for (const auto& r : spec.patch_regions) {
            const int normal = static_cast<int>(r.side) / 2;
            if (a != normal) {
                v.push_back(std::clamp(r.rect.lo[a], D.lo[a], D.hi[a]));
                v.push_back(std::clamp(r.rect.hi[a], D.lo[a], D.hi[a]));
            }
        }
        breaks[static_cast<std::size_t>(a)] = merged(std::move(v), tol);
    }

    // Grid lines, and the break interval of each cell layer.
    HexMesh mesh;
    std::array<std::vector<std::size_t>, 3> layer_interval;
    for (std::size_t a = 0; a < 3; ++a) {
        const auto& br = breaks[a];
        auto& lines = mesh.lines[a];
        lines.push_back(br.front());
        for (std::size_t i = 0; i + 1 < br.size(); ++i) {
            double limit = spec.spacing[a].target;
            for (const auto& mb : spec.boxes) {
                if (mb.max_cell[a] > 0.0 && mb.box.lo[a] <= br[i] + tol &&
                    mb.box.hi[a] >= br[i + 1] - tol) {
                    limit = std::min(limit, mb.max_cell[a]);
                }
            }
            double x = br[i];
            const auto sizes = interval_cells(br[i], br[i + 1], spec.spacing[a], limit);
            for (std::size_t c = 0; c < sizes.size(); ++c) {
                x += sizes[c];
                lines.push_back(c + 1 == sizes.size() ? br[i + 1] : x);
                layer_interval[a].push_back(i);
            }
        }
    }
    const std::size_t nx = mesh.lines[0].size() - 1;
    const std::size_t ny = mesh.lines[1].size() - 1;
    const std::size_t nz = mesh.lines[2].size() - 1;
    constexpr auto label_max = static_cast<double>(std::numeric_limits<std::int32_t>::max());
    if (static_cast<double>(nx + 1) * static_cast<double>(ny + 1) * static_cast<double>(nz + 1) >
        label_max / 3.0) {
        throw std::invalid_argument("hex mesh would have " + std::to_string(nx) + " x " +
                                    std::to_string(ny) + " x " + std::to_string(nz) +
                                    " cells, above OpenFOAM's 32-bit label range; coarsen it");
    }

    // Which box owns each block between breaks (last box wins; -1 = none).
    const std::size_t bx = breaks[0].size() - 1;
    const std::size_t by = breaks[1].size() - 1;
    const std::size_t bz = breaks[2].size() - 1;
    std::vector<int> block_box(bx * by * bz, -1);
    for (std::size_t b = 0; b < spec.boxes.size(); ++b) {
        const Box& box = spec.boxes[b].box;
        std::array<std::size_t, 3> lo{};
        std::array<std::size_t, 3> hi{};
        for (std::size_t a = 0; a < 3; ++a) {
            lo[a] = break_index(breaks[a], box.lo[a]);
            hi[a] = break_index(breaks[a], box.hi[a]);
        }
        for (std::size_t k = lo[2]; k < hi[2]; ++k) {
            for (std::size_t j = lo[1]; j < hi[1]; ++j) {
                for (std::size_t i = lo[0]; i < hi[0]; ++i) {
                    block_box[(k * by + j) * bx + i] = static_cast<int>(b);
                }
            }
        }
    }

    // Zones in order of first appearance.
    std::map<std::string, int> zone_index;
    auto add_zone = [&](const std::string& name) {
        if (zone_index.emplace(name, static_cast<int>(mesh.zones.size())).second) {
            mesh.zones.push_back({name, {}});
        }
    };
    for (const auto& mb : spec.boxes) {
        if (mb.meshed) {
            add_zone(mb.zone);
        }
    }
    if (!spec.background_zone.empty()) {
        add_zone(spec.background_zone);
    }
    std::vector<int> block_zone(block_box.size(), -1);
    for (std::size_t i = 0; i < block_box.size(); ++i) {
        const int b = block_box[i];
        if (b < 0) {
            block_zone[i] = spec.background_zone.empty() ? -1 : zone_index[spec.background_zone];
        } else if (spec.boxes[static_cast<std::size_t>(b)].meshed) {
            block_zone[i] = zone_index[spec.boxes[static_cast<std::size_t>(b)].zone];
        }
    }

    // Cell numbering (x fastest) among meshed cells.
    auto block_of = [&](std::size_t i, std::size_t j, std::size_t k) {
        return (layer_interval[2][k] * by + layer_interval[1][j]) * bx + layer_interval[0][i];
    };
    std::vector<std::int32_t> cell_id(nx * ny * nz, -1);
    std::int32_t n_cells = 0;
    for (std::size_t k = 0; k < nz; ++k) {
        for (std::size_t j = 0; j < ny; ++j) {
            for (std::size_t i = 0; i < nx; ++i) {
                const int z = block_zone[block_of(i, j, k)];
                if (z >= 0) {
                    cell_id[(k * ny + j) * nx + i] = n_cells;
                    mesh.zones[static_cast<std::size_t>(z)].cells.push_back(n_cells);
                    ++n_cells;
                }
            }
        }
    }
    if (n_cells == 0) {
        throw std::invalid_argument("hex mesh has no meshed cell: every box is unmeshed and "
                                    "there is no background zone");
    }
    mesh.n_cells = static_cast<std::size_t>(n_cells);

    // Points used by meshed cells, numbered x fastest.
    const std::size_t px = nx + 1;
    const std::size_t py = ny + 1;
    const std::size_t pz = nz + 1;
    std::vector<std::int32_t> point_id(px * py * pz, -1);
    for (std::size_t k = 0; k < nz; ++k) {
        for (std::size_t j = 0; j < ny; ++j) {
            for (std::size_t i = 0; i < nx; ++i) {
                if (cell_id[(k * ny + j) * nx + i] < 0) {
                    continue;
                }
                for (std::size_t c = 0; c < 8; ++c) {
                    point_id[((k + (c >> 2)) * py + j + ((c >> 1) & 1)) * px + i + (c & 1)] = 0;
                }
            }
        }
    }
    std::int32_t n_points = 0;
    for (std::size_t k = 0; k < pz; ++k) {
        for (std::size_t j = 0; j < py; ++j) {
            for (std::size_t i = 0; i < px; ++i) {
                auto& id = point_id[(k * py + j) * px + i];
                if (id == 0) { // used (marked above); unused points stay -1
                    id = n_points++;
                    mesh.points.push_back({mesh.lines[0][i], mesh.lines[1][j], mesh.lines[2][k]});
                }
            }
        }
    }
    auto P = [&](std::size_t i, std::size_t j, std::size_t k) {
        return point_id[(k * py + j) * px + i];
    };

    // Face of cell (i,j,k) on a side, with its normal pointing out of the cell.
    auto face_of = [&](std::size_t i, std::size_t j, std::size_t k,
                       Side side) -> std::array<std::int32_t, 4> {
        switch (side) {
        case Side::x_max:
            return {P(i + 1, j, k), P(i + 1, j + 1, k), P(i + 1, j + 1, k + 1), P(i + 1, j, k + 1)};
        case Side::x_min:
            return {P(i, j, k), P(i, j, k + 1), P(i, j + 1, k + 1), P(i, j + 1, k)};
        case Side::y_max:
            return {P(i, j + 1, k), P(i, j + 1, k + 1), P(i + 1, j + 1, k + 1), P(i + 1, j + 1, k)};
        case Side::y_min:
            return {P(i, j, k), P(i + 1, j, k), P(i + 1, j, k + 1), P(i, j, k + 1)};
        case Side::z_max:
            return {P(i, j, k + 1), P(i + 1, j, k + 1), P(i + 1, j + 1, k + 1), P(i, j + 1, k + 1)};
        case Side::z_min:
            return {P(i, j, k), P(i, j + 1, k), P(i + 1, j + 1, k), P(i + 1, j, k)};
        }
        return {};
    };

    // Patches: domain sides, patch regions, unmeshed boxes, background, in that order.
    PatchTable table;
    std::array<int, 6> domain_patch{};
    for (std::size_t s = 0; s < 6; ++s) {
        domain_patch[s] = table.index(spec.domain_patches[s]);
    }
    std::vector<int> region_patch;
    for (const auto& r : spec.patch_regions) {
        region_patch.push_back(table.index(r.patch));
    }
    std::vector<std::array<int, 6>> box_patch(spec.boxes.size());
    for (std::size_t b = 0; b < spec.boxes.size(); ++b) {
        const auto& mb = spec.boxes[b];
        if (mb.meshed) {
            continue;
        }
        for (std::size_t s = 0; s < 6; ++s) {
            box_patch[b][s] =
                table.index(mb.side_patches[s].name.empty() ? mb.patch : mb.side_patches[s]);
        }
    }
    const int background_patch =
        spec.background_zone.empty() ? table.index(spec.background_patch) : -1;
    std::vector<int> baffle_patch(spec.boxes.size(), -1);
    for (std::size_t b = 0; b < spec.boxes.size(); ++b) {
        const auto& mb = spec.boxes[b];
        if (mb.meshed && !mb.baffle.name.empty()) {
            baffle_patch[b] = table.index(mb.baffle);
        }
    }
    // The baffle patch between the cells of two boxes, or -1 when the face is open.
    auto baffle_between = [&](int box_a, int box_b) {
        if (box_a < 0 || box_b < 0 || box_a == box_b) {
            return -1;
        }
        const int pa = baffle_patch[static_cast<std::size_t>(box_a)];
        return pa >= 0 && baffle_patch[static_cast<std::size_t>(box_b)] >= 0 ? pa : -1;
    };

    const std::array<std::size_t, 3> n{nx, ny, nz};
    std::vector<std::vector<std::array<std::int32_t, 4>>> patch_faces(table.specs().size());
    std::vector<std::vector<std::int32_t>> patch_owner(table.specs().size());
    mesh.faces.reserve(3 * mesh.n_cells);
    mesh.owner.reserve(3 * mesh.n_cells);
    mesh.neighbour.reserve(3 * mesh.n_cells);

    for (std::size_t k = 0; k < nz; ++k) {
        for (std::size_t j = 0; j < ny; ++j) {
            for (std::size_t i = 0; i < nx; ++i) {
                const std::int32_t c = cell_id[(k * ny + j) * nx + i];
                if (c < 0) {
                    continue;
                }
                const std::array<std::size_t, 3> ijk{i, j, k};
                // Internal faces towards +x, +y, +z: neighbour ids rise in that order, so the
                // faces come out sorted by owner, then neighbour.
                for (std::size_t a = 0; a < 3; ++a) {
                    if (ijk[a] + 1 >= n[a]) {
                        continue;
                    }
                    auto q = ijk;
                    ++q[a];
                    const std::int32_t d = cell_id[(q[2] * ny + q[1]) * nx + q[0]];
                    if (d < 0) {
                        continue;
                    }
                    const int baffle = baffle_between(block_box[block_of(i, j, k)],
                                                      block_box[block_of(q[0], q[1], q[2])]);
                    if (baffle >= 0) {
                        // Two boundary faces, each pointing out of its own cell.
                        const auto bp = static_cast<std::size_t>(baffle);
                        patch_faces[bp].push_back(face_of(i, j, k, static_cast<Side>(2 * a + 1)));
                        patch_owner[bp].push_back(c);
                        patch_faces[bp].push_back(
                            face_of(q[0], q[1], q[2], static_cast<Side>(2 * a)));
                        patch_owner[bp].push_back(d);
                        continue;
                    }
                    mesh.faces.push_back(face_of(i, j, k, static_cast<Side>(2 * a + 1)));
                    mesh.owner.push_back(c);
                    mesh.neighbour.push_back(d);
                }
                // Boundary faces on all six sides.
                for (std::size_t s = 0; s < 6; ++s) {
                    const std::size_t a = s / 2;
                    const bool up = (s % 2) == 1;
                    int patch = -1;
                    if ((!up && ijk[a] == 0) || (up && ijk[a] + 1 == n[a])) {
                        patch = domain_patch[s];
                        // Face centre, to test against the patch rectangles.
                        std::array<double, 3> centre{};
                        for (std::size_t b = 0; b < 3; ++b) {
                            centre[b] = 0.5 * (mesh.lines[b][ijk[b]] + mesh.lines[b][ijk[b] + 1]);
                        }
                        for (std::size_t r = spec.patch_regions.size(); r-- > 0;) {
                            const auto& reg = spec.patch_regions[r];
                            if (static_cast<std::size_t>(reg.side) != s) {
                                continue;
                            }
                            bool inside = true;
                            for (std::size_t b = 0; b < 3; ++b) {
                                if (b != a &&
                                    (centre[b] < reg.rect.lo[b] || centre[b] > reg.rect.hi[b])) {
                                    inside = false;
                                }
                            }
                            if (inside) {
                                patch = region_patch[r];
                                break;
                            }
                        }
                    } else {
                        auto q = ijk;
                        q[a] = up ? q[a] + 1 : q[a] - 1;
                        if (cell_id[(q[2] * ny + q[1]) * nx + q[0]] >= 0) {
                            continue;
                        }
                        const int b = block_box[block_of(q[0], q[1], q[2])];
                        // The face lies on the opposite side of the neighbouring box.
                        const std::size_t box_side = up ? s - 1 : s + 1;
                        patch = b < 0 ? background_patch
                                      : box_patch[static_cast<std::size_t>(b)][box_side];
                    }
                    patch_faces[static_cast<std::size_t>(patch)].push_back(
                        face_of(i, j, k, static_cast<Side>(s)));
                    patch_owner[static_cast<std::size_t>(patch)].push_back(c);
                }
            }
        }
    }
    mesh.n_internal_faces = mesh.faces.size();
    for (std::size_t p = 0; p < patch_faces.size(); ++p) {
        if (patch_faces[p].empty()) {
            continue; // a declared patch that no face reached is left out
        }
        mesh.patches.push_back({table.specs()[p], mesh.faces.size(), patch_faces[p].size()});
        mesh.faces.insert(mesh.faces.end(), patch_faces[p].begin(), patch_faces[p].end());
        mesh.owner.insert(mesh.owner.end(), patch_owner[p].begin(), patch_owner[p].end());
    }
    if (static_cast<double>(mesh.faces.size()) > label_max) {
        throw std::invalid_argument("hex mesh has more faces than OpenFOAM's 32-bit labels hold");
    }
    return mesh;
}

} // namespace rackcalc::geometry
