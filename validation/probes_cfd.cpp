// Probes of the CFD airflow area: the OpenFOAM airflow path (thermal/openfoam: hex mesher,
// Boussinesq case writer, runner) on reference cases. Each probe writes and runs a small
// OpenFOAM case in a scratch folder; without OpenFOAM the probe fails with the runner's
// message (what is missing, how to install it).

#include "thermal/openfoam/airflow_validation.hpp"
#include "validation/probe.hpp"

#include <filesystem>
#include <string>

namespace rackcalc::validation {

namespace {

namespace ck = core::kinds;
namespace of = openfoam;

core::KeySpec cells_in(std::string name, std::string doc, double def) {
    return core::real(std::move(name), std::move(doc))
        .def(std::to_string(static_cast<int>(def)))
        .range(8, 2000);
}

Probe cfd_porous_channel() {
    return make_probe(
        "cfd_porous_channel",
        "OpenFOAM: 1-D channel with a Darcy-Forchheimer zone (explicitPorositySource in "
        "buoyantBoussinesqSimpleFoam), static pressure drop across the zone "
        "(openfoam::run_porous_channel)",
        {core::quantity("mu", kinds::dynamic_viscosity, "Pa s", "dynamic viscosity")
             .above(0.0)
             .needed(),
         core::quantity("rho", ck::density, "kg/m^3", "density").above(0.0).needed(),
         core::quantity("d", kinds::inverse_area, "m^-2", "Darcy coefficient")
             .range(0.0, std::nullopt)
             .needed(),
         core::quantity("f", kinds::inverse_length, "m^-1", "Forchheimer coefficient")
             .range(0.0, std::nullopt)
             .needed(),
         core::quantity("U", ck::velocity, "m/s", "superficial velocity").above(0.0).needed(),
         core::quantity("L", ck::length, "m", "porous length").above(0.0).needed(),
         cells_in("cells", "cells along the channel (twice the porous length)", 320)},
        {{"dp", &ck::pressure, "Pa", "static pressure drop across the zone"}},
        [](const core::CheckedTable& in) {
            const double dp = of::run_porous_channel(probe_scratch_dir("porous-channel"),
                                                     {.mu = in.quantity("mu"),
                                                      .rho = in.quantity("rho"),
                                                      .d = in.quantity("d"),
                                                      .f = in.quantity("f"),
                                                      .U = in.quantity("U"),
                                                      .L = in.quantity("L"),
                                                      .cells = static_cast<int>(in.real("cells"))},
                                                     of::Runner());
            return ProbeValues{{"dp", dp}};
        });
}

Probe cfd_de_vahl_davis() {
    return make_probe(
        "cfd_de_vahl_davis",
        "OpenFOAM: differentially heated square cavity, laminar Boussinesq, Pr 0.71, cells "
        "graded to the walls; average Nusselt number of the hot wall "
        "(openfoam::run_de_vahl_davis)",
        {core::real("Ra", "Rayleigh number").range(1e2, 1e6).needed(),
         cells_in("cells", "cells along each side", 32)},
        {{"Nu", &ck::dimensionless, "", "average Nusselt number of the hot wall"}},
        [](const core::CheckedTable& in) {
            const auto r = of::run_de_vahl_davis(probe_scratch_dir("de-vahl-davis"), in.real("Ra"),
                                                 static_cast<int>(in.real("cells")), of::Runner());
            return ProbeValues{{"Nu", r.Nu}};
        });
}

Probe cfd_betts_bokhari() {
    return make_probe(
        "cfd_betts_bokhari",
        "OpenFOAM: Betts and Bokhari tall cavity (76 x 2180 mm, 19.6 K) in 2-D, k-omega SST, "
        "Boussinesq; time-averaged temperature above the cold wall at x = 38.17 mm "
        "(openfoam::run_betts_bokhari)",
        {cells_in("nx", "cells across the 76 mm width", 35),
         cells_in("ny", "cells up the 2180 mm height", 150),
         cells_in("iterations", "SIMPLE iterations; the second half is averaged", 2000)},
        {{"dT_mid", &ck::temperature_difference, "K", "above the cold wall at y/H = 0.5"},
         {"dT_low", &ck::temperature_difference, "K", "above the cold wall at y/H = 0.1"},
         {"dT_high", &ck::temperature_difference, "K", "above the cold wall at y/H = 0.9"},
         {"dT_stratification", &ck::temperature_difference, "K", "y/H 0.9 minus y/H 0.1"}},
        [](const core::CheckedTable& in) {
            const auto r = of::run_betts_bokhari(
                probe_scratch_dir("betts-bokhari"), static_cast<int>(in.real("nx")),
                static_cast<int>(in.real("ny")), static_cast<int>(in.real("iterations")),
                of::Runner(), probe_mpi_ranks());
            if (r.T_K.size() != 5) {
                throw std::runtime_error("Betts and Bokhari: expected 5 probe temperatures");
            }
            // Temperatures above the cold wall, so tolerances are differences [K].
            return ProbeValues{{"dT_low", r.T_K[0] - r.T_cold_K},
                               {"dT_mid", r.T_K[2] - r.T_cold_K},
                               {"dT_high", r.T_K[4] - r.T_cold_K},
                               {"dT_stratification", r.T_K[4] - r.T_K[0]}};
        });
}

} // namespace

std::vector<Probe> cfd_probes() {
    return {cfd_porous_channel(), cfd_de_vahl_davis(), cfd_betts_bokhari()};
}

} // namespace rackcalc::validation
