#pragma once
// The ParaView Python script that `rackcalc run` writes beside its VTK files
// (paraview-views.py): it opens rack.vtm, loop.vtp and the first transient-*.pvd and lays out
// the standard views (viz/paraview_views.py, compiled in as text).

#include <string_view>

namespace rackcalc::viz {

std::string_view paraview_views_script();

} // namespace rackcalc::viz
