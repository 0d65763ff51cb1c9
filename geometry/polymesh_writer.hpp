#pragma once
// Writes a HexMesh as an OpenFOAM polyMesh (ASCII): points, faces, owner, neighbour,
// boundary and cellZones, in the folder given (normally <case>/constant/polyMesh).
// The files follow OpenFOAM's own layout (FoamFile header, count, parenthesised list), so
// checkMesh, splitMeshRegions -cellZones and foamToVTK read them as they read blockMesh's.

#include "geometry/hex_mesh.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace rackcalc::geometry {

/// The comment block RackCalc writes at the top of every OpenFOAM file it generates. Golden
/// tests compare files after this block, so the version in it may change freely.
std::string foam_banner();

/// The banner and the FoamFile header of one OpenFOAM file, e.g.
/// foam_file_header("dictionary", "system", "controlDict").
std::string foam_file_header(std::string_view cls, std::string_view location,
                             std::string_view object);

/// A number as every generated OpenFOAM dictionary writes it: 10 significant digits, exact
/// enough for any input and the same text on every compiler and optimisation level (golden
/// files compare it).
std::string foam_number(double v);

/// Writes <dir>/{points,faces,owner,neighbour,boundary,cellZones}; creates dir. Throws
/// std::runtime_error naming the file when one cannot be written.
void write_polymesh(const HexMesh& mesh, const std::filesystem::path& dir);

} // namespace rackcalc::geometry
