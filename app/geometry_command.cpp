// rackcalc geometry CASE -o DIR: the case's racks and parts as VTK for ParaView.

#include "app/commands.hpp"
#include "cases/case.hpp"
#include "geometry/assembly.hpp"
#include "viz/staged_output.hpp"
#include "viz/vtk_writer.hpp"

#include <fmt/format.h>

namespace rackcalc::app {

int write_geometry(const std::filesystem::path& file, const std::filesystem::path& out_dir,
                   bool force) {
    viz::check_output_target(out_dir, force); // before the work, so a bad -o fails at once
    const cases::CaseSpec spec = cases::load_case(file, cases::TemplateLibrary::bundled());
    const geometry::Assembly assembly = geometry::build_assembly(spec.layout);
    // The whole folder is built beside the target and swapped in, as for `run`.
    viz::OutputFolder out(out_dir, force);
    viz::write_rack_vtk(assembly.parts, {}, out.staged("."));
    out.commit({"rack", "rack.vtm"});
    fmt::print("wrote {} ({} parts in {} racks); open it in ParaView\n",
               (out_dir / "rack.vtm").string(), assembly.parts.size(), assembly.counts.at("racks"));
    return exit_ok;
}

} // namespace rackcalc::app
