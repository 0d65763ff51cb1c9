#pragma once
// A buoyant airflow case, steady (buoyantBoussinesqSimpleFoam) or time-accurate
// (buoyantBoussinesqPimpleFoam, for room flows that never settle; OpenFOAM v1912 as Debian
// ships it), written from a hex mesh (geometry/hex_mesh.hpp) whose cellZones are the trays,
// shelves and room: constant-property Boussinesq air, laminar or k-omega SST; walls (fixed
// temperature or adiabatic), flow-rate inflows (cooling-unit supply, room inlets) and
// outflows (cooling-unit returns), 2-D planes (empty); porous zones (Darcy-Forchheimer),
// volumetric heat sources and fans in any zone.
//
// How the pieces are modelled, and why (measured on this machine kind, see
// docs/openfoam-airflow.md):
// - Porous zone: fvOptions explicitPorositySource, DarcyForchheimer, dp/L = mu d U +
//   rho f |U| U / 2 per axis. The solver is incompressible (kinematic pressure): OpenFOAM uses
//   nu = mu / rho in the Darcy term and rho = 1 in the Forchheimer term, so d and f are the
//   same numbers and every kinematic pressure is multiplied by rho to give Pa.
// - Heat source: scalarSemiImplicitSource on T, absolute, Q / (rho cp) [K m3/s].
// - Fan: a linear fan curve dp_fan(U) = dp0 - slope U (superficial velocity U along the fan
//   axis), spread over the fan zone's length L: an explicit body force dp0 / (rho L) along the
//   axis (vectorSemiImplicitSource) and the slope as an isotropic Darcy resistance
//   slope / (mu L), which OpenFOAM treats implicitly. The semi-implicit source's own Sp
//   coefficient is not usable for this: v1912 applies a negative Sp explicitly, and the case
//   diverged; meanVelocityForce per zone diverged too.
// - Outflows are fixed flow rates (a closed room: the cooling units return what they supply),
//   because a fixed-pressure opening in a ceiling let a spurious 45 m/s jet in.

#include "geometry/hex_mesh.hpp"

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rackcalc::openfoam {

/// A Boussinesq fluid with constant properties at its reference temperature.
struct BoussinesqFluid {
    std::string name;    ///< for the dictionary's comment, e.g. "air at 25 degC"
    double rho = 0.0;    ///< reference density [kg/m3]
    double cp = 0.0;     ///< [J/(kg K)]
    double nu = 0.0;     ///< kinematic viscosity [m2/s]
    double beta = 0.0;   ///< thermal expansion coefficient [1/K]
    double T_ref_K = 0.; ///< reference temperature of the Boussinesq density [K]
    double Pr = 0.0;
    double Prt = 0.85; ///< turbulent Prandtl number (OpenFOAM tutorials' value)
};

enum class Turbulence { laminar, k_omega_sst };

enum class BoundaryKind {
    wall,    ///< no-slip; fixed temperature when T_K is set, else adiabatic
    slip,    ///< adiabatic, frictionless (walls whose friction a porous zone already holds)
    inflow,  ///< fixed volume flow in, at temperature T_K
    outflow, ///< fixed volume flow out (a cooling-unit return)
    empty,   ///< the two sides of a 2-D case
};

struct AirflowBoundary {
    std::string patch;
    BoundaryKind kind = BoundaryKind::wall;
    double V_dot_m3_s = 0.0;   ///< inflow / outflow [m3/s]
    std::optional<double> T_K; ///< inflow temperature; wall temperature (empty = adiabatic)
};

/// Darcy-Forchheimer resistance of one cellZone, per axis (x, y, z).
struct PorousZone {
    std::string zone;
    std::array<double, 3> d{}; ///< Darcy coefficient [1/m2]
    std::array<double, 3> f{}; ///< Forchheimer coefficient [1/m]
};

/// Heat released in one cellZone [W], spread by volume.
struct HeatSource {
    std::string zone;
    double Q_W = 0.0;
};

/// A fan filling one cellZone, blowing along +axis: dp_fan = dp0 - slope U.
struct FanZone {
    std::string zone;
    int axis = 1;              ///< 0 x, 1 y, 2 z
    double length_m = 0.0;     ///< zone length along the axis [m]
    double dp0_Pa = 0.0;       ///< pressure rise of the linear curve at zero flow [Pa]
    double slope_Pa_s_m = 0.0; ///< -d(dp_fan)/dU [Pa s/m], >= 0
};

/// A plane inside the domain through which flow and pressure are reported: the faces of the
/// mesh whose centres lie in `box` (a box that is flat along one axis), made a faceZone by
/// topoSet. Reports sum(phi) [m3/s] and the area-average kinematic pressure and temperature.
struct FlowPlane {
    std::string name;
    geometry::Box box;
};

/// A point where T (and its running average, when averaging) is written.
struct TemperatureProbe {
    std::array<double, 3> x{};
};

/// A time-accurate run instead of SIMPLE iterations: buoyantBoussinesqPimpleFoam, implicit
/// Euler in time, the step adjusted to a Courant number. For a flow that does not settle
/// (a room's buoyant plumes): its reports are then averaged over a window of physical time,
/// and the heat stored in the air over that window is reported (`room_energy`), so that the
/// balance heat in = heat out + heat stored can be checked.
struct TransientControls {
    double end_time_s = 0.0;        ///< physical time simulated [s]
    double average_from_s = 0.0;    ///< the run is judged on its reports from here on [s]
    double report_interval_s = 0.0; ///< the reports are evaluated every this long [s]
    double max_courant = 3.0;       ///< adjustTimeStep's maxCo
    double first_step_s = 0.005;    ///< the first time step [s]
};

struct AirflowCaseSpec {
    BoussinesqFluid fluid;
    Turbulence turbulence = Turbulence::k_omega_sst;
    std::array<double, 3> g{0.0, 0.0, -9.81}; ///< [m/s2]
    double T_initial_K = 0.0;
    std::vector<AirflowBoundary> boundaries; ///< every patch of the mesh, once
    std::vector<PorousZone> porous;
    std::vector<HeatSource> heat;
    std::vector<FanZone> fans;
    std::vector<FlowPlane> planes;
    std::vector<TemperatureProbe> probes;
    /// Iteration from which fieldAverage averages U and T (TMean is probed); 0 = none.
    int average_from = 0;
    /// The flow and heat reports (patches, planes) are evaluated and written every this many
    /// iterations, so that a run can be judged on their history (read_airflow_report's
    /// averaging); 0: at the end only.
    int monitor_interval = 0;
    int max_iterations = 2000; ///< endTime; a converged run stops earlier (steady)
    /// Set: a time-accurate run (monitor_interval, max_iterations and residual_target are
    /// then not used).
    std::optional<TransientControls> transient;
    double residual_target = 1e-5; ///< SIMPLE residualControl for p_rgh, U and T
    std::filesystem::path
        stop_file; ///< the runner's convergence stop file (absolute); may be empty
};

/// One generated file: its path in the case and its full text (banner + header + body).
struct AirflowFile {
    std::filesystem::path path; ///< relative to the case folder
    std::string text;
};

/// Writes files under case_dir (creating folders). Throws std::runtime_error naming the file.
void write_airflow_files(const std::filesystem::path& case_dir,
                         const std::vector<AirflowFile>& files);

/// All dictionaries of the case except the mesh: system/ (controlDict, fvSchemes,
/// fvSolution, topoSetDict when there are planes), constant/ (transportProperties,
/// turbulenceProperties, g, fvOptions) and 0/. Throws std::invalid_argument naming what is
/// wrong: a patch of the mesh without a boundary (or a boundary without a patch), an unknown
/// zone, non-positive or non-finite properties, flows or sizes, an inflow without a
/// temperature.
std::vector<AirflowFile> airflow_case_files(const AirflowCaseSpec& spec,
                                            const geometry::HexMesh& mesh);

/// Rows of a function object's output file postProcessing/<name>/<t>/<file> (the newest
/// start time), as numbers (time first), in the order written. Throws std::runtime_error
/// naming the file when it is missing or has no row.
std::vector<std::vector<double>> function_object_rows(const std::filesystem::path& case_dir,
                                                      const std::string& name,
                                                      const std::string& file);
/// Its last row.
std::vector<double> last_function_object_row(const std::filesystem::path& case_dir,
                                             const std::string& name, const std::string& file);

/// Reports of a finished airflow run, read from the function objects' output.
struct AirflowReport {
    struct PatchFlow {
        std::string patch;
        double V_dot_m3_s = 0.0;    ///< out of the domain > 0
        double H_dot_W = 0.0;       ///< rho cp sum(phi T) [W] (relative to 0 K)
        double H_dot_drift_W = 0.0; ///< later half of the averaged rows minus the earlier half
    };
    std::vector<PatchFlow> patches; ///< inflow and outflow patches
    struct PlaneFlow {
        std::string name;
        double V_dot_m3_s = 0.0;       ///< along the face normals (+axis)
        double p_Pa = 0.0;             ///< area-average static pressure (rho times kinematic) [Pa]
        double T_K = 0.0;              ///< area-average temperature [K]
        double V_dot_drift_m3_s = 0.0; ///< later half of the averaged rows minus the earlier
        double T_drift_K = 0.0;        ///< the same for the temperature
        double T_max_K = 0.0;          ///< the largest of the averaged rows' temperatures
    };
    std::vector<PlaneFlow> planes;
    std::vector<double> probe_T_K;      ///< at the probes, last iteration
    std::vector<double> probe_T_mean_K; ///< running average, when averaging
    /// Rows (report evaluations) each value is the mean of: 1 for the last iteration alone.
    int averaged_rows = 1;
    /// Transient runs: heat stored in the air over the averaged window, rho cp d/dt of the
    /// volume integral of T between its first and last rows [W]; 0 for a steady run.
    double stored_W = 0.0;
    /// Heat carried out by the air, sum over patches of H_dot [W] (in minus out with sign).
    double Q_out_W() const;
    /// The same for the drifts: how much the carried heat moved over the averaged rows [W].
    double Q_out_drift_W() const;
};

/// Reads what airflow_case_files asked the solver to write. Throws std::runtime_error when a
/// file is missing (the run did not write it).
AirflowReport read_airflow_report(const std::filesystem::path& case_dir,
                                  const AirflowCaseSpec& spec);
/// The same, each value the mean of the rows written at iteration (or, transient, time)
/// `from` or later (the monitor_interval or report_interval history), with its drift: the mean of
/// the later half of those rows minus that of the earlier half. A steady solver whose residuals
/// oscillate can be judged on these means when the drifts are small.
AirflowReport read_airflow_report(const std::filesystem::path& case_dir,
                                  const AirflowCaseSpec& spec, double from);

/// The internal field of a volScalarField file (uniform or nonuniform List<scalar>), with
/// `n_cells` values; and the uniform value of one patch (nullopt when not uniform).
std::vector<double> read_scalar_field(const std::filesystem::path& file, std::size_t n_cells);
std::optional<double> read_patch_uniform_value(const std::filesystem::path& file,
                                               const std::string& patch);

/// The newest time folder of a case (largest number), or nullopt when there is none but 0.
std::optional<std::filesystem::path> latest_time_dir(const std::filesystem::path& case_dir);

} // namespace rackcalc::openfoam
