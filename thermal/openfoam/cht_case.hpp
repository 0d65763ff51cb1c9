#pragma once
// A steady conjugate-heat-transfer case for chtMultiRegionSimpleFoam (OpenFOAM v1912 as
// Debian ships it), written from a hex mesh whose cellZones are the regions: one fluid
// region (laminar, constant properties), any number of solid regions (constant k, rho, cp),
// a volumetric heat source in any solid, a flow-rate inlet with a fixed temperature, a
// fixed-pressure outlet, adiabatic no-slip walls, symmetry planes, and coupled interfaces
// (compressible::turbulentTemperatureCoupledBaffleMixed) between every pair of touching
// regions, named <region>_to_<neighbour> as splitMeshRegions -cellZones names them.
//
// Numerics follow shared/design/openfoam-notes.md (measured on this machine kind): no
// relaxation of h; U 0.9, p_rgh 0.1; p_rgh GAMG/DIC relTol 0.01; solid h GAMG/DIC relTol
// 0.1; fluid U and h PBiCGStab/DILU relTol 0.1; no non-orthogonal correctors (the mesh is
// orthogonal). Function objects write what ChtResults reads back (result_reader.hpp).

#include "geometry/hex_mesh.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rackcalc::openfoam {

/// Constant fluid properties for heRhoThermo (rhoConst, hConst, const transport).
struct FluidProperties {
    std::string name; ///< for the dictionary's comment, e.g. "PG25 at 41.2 degC"
    double rho = 0.0; ///< [kg/m3]
    double cp = 0.0;  ///< [J/(kg K)]
    double mu = 0.0;  ///< [Pa s]
    double k = 0.0;   ///< [W/(m K)]
};

/// Constant solid properties for heSolidThermo (constIso, hConst, rhoConst). In a steady
/// run only k matters; rho and cp are written because the thermo model needs them.
struct SolidProperties {
    std::string name; ///< e.g. "copper C11000"
    double k = 0.0;   ///< [W/(m K)]
    double rho = 0.0; ///< [kg/m3]
    double cp = 0.0;  ///< [J/(kg K)]
};

/// One region = one cellZone of the mesh.
struct ChtRegion {
    std::string name;
    bool fluid = false;
    FluidProperties fluid_properties; ///< fluid regions
    SolidProperties solid_properties; ///< solid regions
    double Q_W = 0.0;                 ///< heat generated in the region [W] (solids only)
    /// Initial temperature [K] of a solid; 0: the inlet temperature. A good guess (from the
    /// fast model) shortens the run; the converged answer does not depend on it.
    double T_initial_K = 0.0;
};

/// A surface whose temperature is reported (maximum and area average), e.g. the plate's
/// contact face: patch `patch` of region `region`.
struct ReportedSurface {
    std::string name; ///< function object name, e.g. "contactFace"
    std::string region;
    std::string patch;
};

struct ChtCaseSpec {
    std::vector<ChtRegion> regions; ///< exactly one fluid region
    std::string inlet_patch = "inlet";
    std::string outlet_patch = "outlet";
    double V_dot_inlet_m3_s = 0.0; ///< volume flow through the inlet patch [m3/s]
    double T_inlet_K = 0.0;
    double p_outlet_Pa = 1e5;
    std::vector<ReportedSurface> surfaces;
    int max_iterations = 3000;       ///< endTime; a converged run stops earlier
    std::filesystem::path stop_file; ///< the runner's convergence stop file (absolute)
};

/// One generated file: its path in the case and its full text (banner + header + body).
struct CaseFile {
    std::filesystem::path path; ///< relative to the case folder
    std::string text;
};

/// The regions' patches as splitMeshRegions will make them: for each zone, the mesh patches
/// with faces on its cells (in mesh order), then <zone>_to_<other> for every zone it touches.
std::map<std::string, std::vector<geometry::PatchSpec>>
region_patches(const geometry::HexMesh& mesh);

/// All dictionaries of the case except the mesh: system/, constant/ and 0/ for every region.
/// Throws std::invalid_argument when the spec and the mesh disagree (a region without a
/// zone, no or two fluid regions, a missing inlet or outlet patch, non-positive properties).
std::vector<CaseFile> cht_case_files(const ChtCaseSpec& spec, const geometry::HexMesh& mesh);

/// Writes files under case_dir (creating folders). Throws std::runtime_error on failure.
void write_case_files(const std::filesystem::path& case_dir, const std::vector<CaseFile>& files);

/// The text of a generated file after the banner, as golden tests compare it.
std::string text_after_banner(const std::string& text);

} // namespace rackcalc::openfoam
