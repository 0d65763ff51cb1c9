#pragma once
// The reference cases of the airflow path, built with the same mesher, case writer and runner
// as the rack and row cases, so they check the code that the rack results come from:
// - a 1-D porous channel (Darcy-Forchheimer) against its closed-form pressure drop;
// - the de Vahl Davis (1983) differentially heated square cavity, laminar, Pr 0.71, average
//   Nusselt number of the hot wall;
// - the Betts and Bokhari (2000) tall cavity, 76 x 2180 mm, hot 307.75 K, cold 288.15 K,
//   k-omega SST, the temperature at mid-width against their measured profiles.
// Each function writes and runs its case in `dir` and returns the compared quantities; a
// failed run throws std::runtime_error with the runner's message.

#include "geometry/hex_mesh.hpp"
#include "thermal/openfoam/airflow_case.hpp"
#include "thermal/openfoam/runner.hpp"

#include <filesystem>
#include <vector>

namespace rackcalc::openfoam {

/// A case ready to write: its mesh and its dictionaries' spec.
struct AirflowCase {
    geometry::HexMesh mesh;
    AirflowCaseSpec spec;
};

struct PorousChannelInputs {
    double mu = 0.0;  ///< [Pa s]
    double rho = 0.0; ///< [kg/m3]
    double d = 0.0;   ///< Darcy coefficient [1/m2]
    double f = 0.0;   ///< Forchheimer coefficient [1/m]
    double U = 0.0;   ///< superficial velocity [m/s]
    double L = 0.0;   ///< porous length [m]
    int cells = 160;  ///< along the channel (porous zone in its middle half)
};

AirflowCase porous_channel_case(const PorousChannelInputs& in);

/// Static pressure drop across the porous zone [Pa], from the faces at its two ends.
double run_porous_channel(const std::filesystem::path& dir, const PorousChannelInputs& in,
                          const Runner& runner);

struct CavityResult {
    double Nu = 0.0;      ///< average Nusselt number of the hot wall
    double Nu_cold = 0.0; ///< of the cold wall (equal at convergence)
    int iterations = 0;
};

AirflowCase de_vahl_davis_case(double Ra, int cells);

/// de Vahl Davis cavity at Rayleigh number Ra, Pr 0.71, `cells` x `cells`, graded to the
/// walls.
CavityResult run_de_vahl_davis(const std::filesystem::path& dir, double Ra, int cells,
                               const Runner& runner);

struct TallCavityResult {
    std::vector<double> y_over_H; ///< probe heights
    std::vector<double> T_K;      ///< time-averaged temperature at x = 38.17 mm, mid-depth
    double T_cold_K = 0.0;        ///< the cold wall (288.15 K)
};

AirflowCase betts_bokhari_case(int nx, int ny, int iterations);

/// Betts and Bokhari tall cavity in 2-D (nx across the 76 mm width, ny up the 2180 mm), probed
/// at x = 38.17 mm (the measured station nearest mid-width) at y/H = 0.1, 0.3, 0.5, 0.7, 0.9;
/// averaged over the second half of `iterations` (the steady 2-D RANS solution keeps a small
/// oscillation, so its residuals do not fall to a converged level).
/// `np` > 1 runs it on that many MPI ranks (decomposed along its height).
TallCavityResult run_betts_bokhari(const std::filesystem::path& dir, int nx, int ny, int iterations,
                                   const Runner& runner, int np = 1);

} // namespace rackcalc::openfoam
