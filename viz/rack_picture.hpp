#pragma once
// A PNG picture of the placed rack coloured by a cell field (e.g. temperature), rendered by
// VTK. Rendering needs an X display (Debian's VTK has no offscreen-only build): under
// `xvfb-run` there is one. Without a display no picture is made and the reason is returned.

#include "geometry/part.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rackcalc::viz {

/// Renders the parts (racks as outlines, trays translucent, chips and cold plates solid)
/// coloured by `values` (one per part, NaN where it does not apply) to `file`.
/// Returns nullopt on success, else why there is no picture (no display, render failure).
std::optional<std::string> write_rack_picture(const std::vector<geometry::Part>& parts,
                                              const std::vector<double>& values,
                                              const std::string& field_title,
                                              const std::filesystem::path& file);

} // namespace rackcalc::viz
