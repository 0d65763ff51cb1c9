#include "validation/probe.hpp"

#include <algorithm>
#include <thread>
#include <unistd.h>

namespace rackcalc::validation {

namespace kinds {
namespace {
constexpr core::Dimension dim(int L, int M, int T, int Th = 0, int I = 0) {
    return core::Dimension{{L, M, T, Th, I, 0}};
}
} // namespace
// clang-format off
const core::QuantityKind dynamic_viscosity{"dynamic viscosity", dim(-1, 1, -1), "Pa s", "1.0e-3 Pa s"};
const core::QuantityKind inverse_area{"inverse area", dim(-2, 0, 0), "m^-2", "1e7 m^-2"};
const core::QuantityKind inverse_length{"inverse length", dim(-1, 0, 0), "m^-1", "100 m^-1"};
const core::QuantityKind pressure_gradient{"pressure gradient", dim(-2, 1, -2), "Pa/m", "1200 Pa/m"};
const core::QuantityKind linear_flow_resistance{"linear flow resistance", dim(-4, 1, -1), "Pa s/m^3", "2e6 Pa s/m^3"};
const core::QuantityKind quadratic_flow_resistance{"quadratic flow resistance", dim(-7, 1, 0), "Pa s^2/m^6", "4e9 Pa s^2/m^6"};
const core::QuantityKind power_ramp{"power ramp rate", dim(2, 1, -4), "W/s", "12 kW/s"};
const core::QuantityKind resistivity{"electrical resistivity", dim(3, 1, -3, 0, -2), "ohm m", "1.72e-8 ohm m"};
// clang-format on
} // namespace kinds

const ProbeOutput* Probe::find_output(std::string_view wanted) const {
    for (const auto& o : outputs) {
        if (o.name == wanted) {
            return &o;
        }
    }
    return nullptr;
}

namespace {

/// [case.expect.<output>]: the published value, its tolerance and why that tolerance.
std::shared_ptr<const core::TableSpec> expectation_spec(const ProbeOutput& out) {
    auto spec = std::make_shared<core::TableSpec>();
    spec->name = out.name;
    spec->doc = "The reference value of " + out.name + " (" + out.doc +
                ") with its tolerance: exactly one of `relative` and `absolute`.";
    spec->provenance = false;
    spec->keys = {
        core::quantity("expected", *out.kind, out.unit, "the reference value, with its unit")
            .needed(),
        core::real("relative", "relative tolerance |computed - expected| / |expected|").above(0.0),
        core::quantity("absolute", *out.kind, out.unit,
                       "absolute tolerance |computed - expected|, in a unit of the quantity")
            .range(0.0, std::nullopt),
        core::text("reason", "one line: why this tolerance (printed digits, a stated gate, the "
                             "scatter of the source)")
            .needed(),
    };
    return spec;
}

} // namespace

int probe_mpi_ranks() {
    return std::thread::hardware_concurrency() >= 2 ? 2 : 1;
}

std::filesystem::path probe_scratch_root() {
    return std::filesystem::temp_directory_path() /
           ("rackcalc-validate-" + std::to_string(::getpid()));
}

std::filesystem::path probe_scratch_dir(const std::string& name) {
    return probe_scratch_root() / name;
}

Probe make_probe(std::string name, std::string doc, std::vector<core::KeySpec> inputs,
                 std::vector<ProbeOutput> outputs,
                 std::function<ProbeValues(const core::CheckedTable&)> compute) {
    Probe p;
    p.name = std::move(name);
    p.doc = std::move(doc);
    p.inputs = std::move(inputs);
    p.outputs = std::move(outputs);
    p.compute = std::move(compute);

    auto in = std::make_shared<core::TableSpec>();
    in->name = "inputs";
    in->doc = "Inputs of probe " + p.name + ".";
    in->provenance = false;
    in->keys = p.inputs;
    p.input_spec = in;

    auto expect = std::make_shared<core::TableSpec>();
    expect->name = "expect";
    expect->doc = "Expected values of probe " + p.name + ", one table per output.";
    expect->provenance = false;
    for (const auto& o : p.outputs) {
        expect->keys.push_back(core::table(o.name, expectation_spec(o), o.doc));
    }
    p.expect_spec = expect;

    auto whole = std::make_shared<core::TableSpec>();
    whole->name = "case";
    whole->doc = "One reference case of probe " + p.name + ".";
    whole->provenance = false;
    whole->keys = {
        core::text("id", "unique name of the case, used in the report").needed(),
        core::text("title", "one line: what is compared").needed(),
        core::text("probe", "the computation, one of the registered probes").needed(),
        core::text("source", "where the expected values come from; every case must cite one"),
        core::text("note", "assumptions the case makes beyond its source"),
        core::table("inputs", p.input_spec, "inputs of the probe, with units").needed(),
        core::table("expect", p.expect_spec, "expected values, one table per output").needed(),
    };
    p.case_spec = whole;
    return p;
}

const std::vector<Probe>& probes() {
    static const std::vector<Probe> all = [] {
        std::vector<Probe> v;
        for (auto&& set : {hydraulic_probes(), heat_transfer_probes(), power_probes(),
                           rack_probes(), cfd_probes(), coldplate_cfd_probes()}) {
            v.insert(v.end(), set.begin(), set.end());
        }
        return v;
    }();
    return all;
}

const Probe* find_probe(std::string_view name) {
    const auto& all = probes();
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const Probe& p) { return p.name == name; });
    return it == all.end() ? nullptr : &*it;
}

std::vector<std::string> probe_names() {
    std::vector<std::string> names;
    for (const auto& p : probes()) {
        names.push_back(p.name);
    }
    return names;
}

} // namespace rackcalc::validation
