#pragma once
// Probes: the computations a reference case can ask for. A probe has a name, declares its
// inputs once (key, kind, unit, default, range, one-line doc, as every other schema in
// RackCalc), names the quantities it computes with their kinds, and maps checked SI inputs to
// SI outputs by calling the library (thermal/, power/, cases/), never by re-deriving the
// formula it is meant to check. The registry is the only place a probe name is defined.

#include "core/quantity.hpp"
#include "core/schema.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rackcalc::validation {

/// Kinds of input the core kinds do not cover, for reference cases only.
namespace kinds {
extern const core::QuantityKind dynamic_viscosity;         ///< Pa s
extern const core::QuantityKind inverse_area;              ///< m^-2 (Darcy coefficient)
extern const core::QuantityKind inverse_length;            ///< m^-1 (Forchheimer coefficient)
extern const core::QuantityKind pressure_gradient;         ///< Pa/m
extern const core::QuantityKind linear_flow_resistance;    ///< Pa s/m^3
extern const core::QuantityKind quadratic_flow_resistance; ///< Pa s^2/m^6
extern const core::QuantityKind power_ramp;                ///< W/s
extern const core::QuantityKind resistivity;               ///< ohm m
} // namespace kinds

/// One quantity a probe computes.
struct ProbeOutput {
    std::string name;
    const core::QuantityKind* kind = &core::kinds::dimensionless;
    std::string unit; ///< display unit in docs and messages ("" for a pure number)
    std::string doc;
};

/// Computed values by output name, SI. A probe may leave out an output it cannot give for
/// the inputs at hand (e.g. Blasius above Re 1e6); a case that expects it then fails.
using ProbeValues = std::map<std::string, double, std::less<>>;

struct Probe {
    std::string name;
    std::string doc; ///< what it computes and with which library function
    std::vector<core::KeySpec> inputs;
    std::vector<ProbeOutput> outputs;
    /// Inputs are a table checked against `input_spec`; throws std::exception when the
    /// computation refuses the inputs (out of a correlation's range, not converged).
    std::function<ProbeValues(const core::CheckedTable& inputs)> compute;

    /// Schemas derived from `inputs` and `outputs` by make_probe.
    std::shared_ptr<const core::TableSpec> input_spec;  ///< [case.inputs]
    std::shared_ptr<const core::TableSpec> expect_spec; ///< [case.expect], one table per output
    std::shared_ptr<const core::TableSpec> case_spec;   ///< a whole [[case]] of this probe

    const ProbeOutput* find_output(std::string_view name) const;
};

/// The scratch folder of a probe that writes files (the OpenFOAM probes): one per probe and
/// process, under the system's temporary folder.
std::filesystem::path probe_scratch_dir(const std::string& name);
/// The folder that holds this process's probe scratch folders (run_validation removes it
/// when every value passed).
std::filesystem::path probe_scratch_root();

/// MPI ranks for the costlier OpenFOAM probes (the tall cavity, the microchannel unit cell):
/// two on a machine with two cores or more, so `rackcalc validate` stays well under 30 s;
/// the answers agree with one rank's within their tolerances (the decomposed solve differs
/// in the last digits).
int probe_mpi_ranks();

/// Builds a probe and its input and expectation schemas.
Probe make_probe(std::string name, std::string doc, std::vector<core::KeySpec> inputs,
                 std::vector<ProbeOutput> outputs,
                 std::function<ProbeValues(const core::CheckedTable&)> compute);

/// Every probe, in a stable order (hydraulics, heat transfer, cold plates, power, rack, CFD).
const std::vector<Probe>& probes();
/// The probe of that name, or nullptr.
const Probe* find_probe(std::string_view name);
/// Names of all probes, for "did you mean".
std::vector<std::string> probe_names();

/// The probes of each area, registered by probes().
std::vector<Probe> hydraulic_probes();
std::vector<Probe> heat_transfer_probes();
std::vector<Probe> power_probes();
std::vector<Probe> rack_probes();
std::vector<Probe> cfd_probes(); ///< OpenFOAM airflow cases (probes_cfd.cpp)
/// OpenFOAM cold-plate cases (probes_coldplate_cfd.cpp)
std::vector<Probe> coldplate_cfd_probes();

} // namespace rackcalc::validation
