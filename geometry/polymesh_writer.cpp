#include "geometry/polymesh_writer.hpp"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace rackcalc::geometry {

std::string foam_banner() {
    return "/*--------------------------------*- C++ -*----------------------------------*\\\n"
           "  Written by RackCalc. Generated from the case input: edit that, not this file.\n"
           "\\*---------------------------------------------------------------------------*/\n";
}

std::string foam_number(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

std::string foam_file_header(std::string_view cls, std::string_view location,
                             std::string_view object) {
    std::string s = foam_banner();
    s += "FoamFile\n{\n    version     2.0;\n    format      ascii;\n    class       ";
    s += cls;
    s += ";\n    location    \"";
    s += location;
    s += "\";\n    object      ";
    s += object;
    s += ";\n}\n\n";
    return s;
}

namespace {

/// A buffered text file that throws with its path on failure.
class Out {
public:
    explicit Out(std::filesystem::path path) : path_(std::move(path)) { buf_.reserve(1 << 20); }
    Out& operator<<(std::string_view s) {
        buf_ += s;
        flush_if_big();
        return *this;
    }
    Out& operator<<(char c) {
        buf_ += c;
        return *this;
    }
    template <typename Int>
    requires std::is_integral_v<Int> Out& operator<<(Int v) {
        char tmp[24];
        const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
        buf_.append(tmp, r.ptr);
        return *this;
    }
    Out& operator<<(double v) {
        char tmp[32];
        const auto r = std::to_chars(tmp, tmp + sizeof tmp, v); // shortest round-trip form
        buf_.append(tmp, r.ptr);
        return *this;
    }
    void close() {
        write_out();
        file_.close();
        if (!file_) {
            throw std::runtime_error("cannot write " + path_.string());
        }
    }

private:
    void flush_if_big() {
        if (buf_.size() > (1u << 20)) {
            write_out();
        }
    }
    void write_out() {
        if (!file_.is_open()) {
            file_.open(path_, std::ios::binary | std::ios::trunc);
            if (!file_) {
                throw std::runtime_error("cannot open " + path_.string() + " for writing");
            }
        }
        file_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        buf_.clear();
    }

    std::filesystem::path path_;
    std::ofstream file_;
    std::string buf_;
};

std::string mesh_note(const HexMesh& mesh) {
    return "nPoints:" + std::to_string(mesh.points.size()) +
           "  nCells:" + std::to_string(mesh.n_cells) +
           "  nFaces:" + std::to_string(mesh.faces.size()) +
           "  nInternalFaces:" + std::to_string(mesh.n_internal_faces);
}

/// Header with a `note` line, as OpenFOAM writes owner and neighbour.
std::string header_with_note(std::string_view cls, std::string_view object,
                             const std::string& note) {
    std::string h = foam_file_header(cls, "constant/polyMesh", object);
    const auto pos = h.find("    location");
    h.insert(pos, "    note        \"" + note + "\";\n");
    return h;
}

void write_labels(Out& out, const std::vector<std::int32_t>& labels) {
    out << labels.size() << "\n(\n";
    for (const auto l : labels) {
        out << l << '\n';
    }
    out << ")\n";
}

} // namespace

void write_polymesh(const HexMesh& mesh, const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        throw std::runtime_error("cannot create " + dir.string() + ": " + ec.message());
    }
    {
        Out out(dir / "points");
        out << foam_file_header("vectorField", "constant/polyMesh", "points");
        out << mesh.points.size() << "\n(\n";
        for (const auto& p : mesh.points) {
            out << '(' << p[0] << ' ' << p[1] << ' ' << p[2] << ")\n";
        }
        out << ")\n";
        out.close();
    }
    {
        Out out(dir / "faces");
        out << foam_file_header("faceList", "constant/polyMesh", "faces");
        out << mesh.faces.size() << "\n(\n";
        for (const auto& f : mesh.faces) {
            out << "4(" << f[0] << ' ' << f[1] << ' ' << f[2] << ' ' << f[3] << ")\n";
        }
        out << ")\n";
        out.close();
    }
    const std::string note = mesh_note(mesh);
    {
        Out out(dir / "owner");
        out << header_with_note("labelList", "owner", note);
        write_labels(out, mesh.owner);
        out.close();
    }
    {
        Out out(dir / "neighbour");
        out << header_with_note("labelList", "neighbour", note);
        write_labels(out, mesh.neighbour);
        out.close();
    }
    {
        Out out(dir / "boundary");
        out << foam_file_header("polyBoundaryMesh", "constant/polyMesh", "boundary");
        out << mesh.patches.size() << "\n(\n";
        for (const auto& p : mesh.patches) {
            out << "    " << p.spec.name << "\n    {\n        type            " << p.spec.type
                << ";\n";
            if (p.spec.type == "wall" || p.spec.type == "symmetryPlane" ||
                p.spec.type == "symmetry" || p.spec.type == "empty") {
                out << "        inGroups        List<word> 1(" << p.spec.type << ");\n";
            }
            out << "        nFaces          " << p.n_faces << ";\n        startFace       "
                << p.start_face << ";\n    }\n";
        }
        out << ")\n";
        out.close();
    }
    {
        Out out(dir / "cellZones");
        out << foam_file_header("regIOobject", "constant/polyMesh", "cellZones");
        out << mesh.zones.size() << "\n(\n";
        for (const auto& z : mesh.zones) {
            out << z.name << "\n{\n    type cellZone;\ncellLabels      List<label> ";
            write_labels(out, z.cells);
            out << ";\n}\n\n";
        }
        out << ")\n";
        out.close();
    }
}

} // namespace rackcalc::geometry
