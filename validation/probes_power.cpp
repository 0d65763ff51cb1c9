// Probes of the power area: reference chains, loss-curve fits, transformers, copper and the
// storage that smooths the AI load swing.

#include "power/chains.hpp"
#include "power/conductor.hpp"
#include "power/loss_curve.hpp"
#include "power/storage.hpp"
#include "power/transformer.hpp"
#include "validation/probe.hpp"

#include <array>

namespace rackcalc::validation {

namespace {

namespace ck = core::kinds;
namespace pw = power;

const ProbeOutput efficiency_out{"efficiency", &ck::dimensionless, "%", "efficiency"};

core::KeySpec fraction(std::string name, std::string doc) {
    return core::quantity(std::move(name), ck::dimensionless, "%", std::move(doc))
        .range(0.0, 100.0)
        .needed();
}
core::KeySpec power_in(std::string name, std::string doc) {
    return core::quantity(std::move(name), ck::power, "W", std::move(doc)).needed();
}
core::KeySpec time_in(std::string name, std::string doc) {
    return core::quantity(std::move(name), ck::time, "s", std::move(doc)).above(0.0).needed();
}

Probe chain_efficiency() {
    return make_probe(
        "chain_efficiency",
        "reference power chain (power::reference_chain with the default component library, "
        "power/data/chains.toml) at a share of its design IT power: system efficiency over the "
        "stages the published figure describes (Chain::system_first..system_last) and end to "
        "end, MV feed to chip",
        {core::choice("chain", pw::chain_ids(), "chain identifier as in [power] chain").needed(),
         fraction("load", "IT load as a share of the chain's design IT power").def("100 %"),
         core::choice("curves", pw::curve_set_words.names(),
                      "facility converter curves, as [power] curves")
             .def("datasheet")},
        {{"system_efficiency", &ck::dimensionless, "%", "system efficiency"},
         {"end_to_end_efficiency", &ck::dimensionless, "%", "MV feed to chip"}},
        [](const core::CheckedTable& in) {
            const auto& library = pw::default_component_library();
            pw::ChainOptions o;
            o.seed_table_curves =
                pw::curve_set_words.parse(in.string("curves")) == pw::CurveSet::seed_table;
            const pw::Chain chain = pw::reference_chain(in.string("chain"), o, library);
            const auto r = pw::evaluate_chain(chain, in.quantity("load") * library.P_it_design_W);
            return ProbeValues{{"system_efficiency", r.system_efficiency},
                               {"end_to_end_efficiency", r.efficiency}};
        });
}

Probe psu_fit() {
    const auto eta = [](std::string name, std::string doc) {
        return ProbeOutput{std::move(name), &ck::dimensionless, "%", std::move(doc)};
    };
    return make_probe(
        "psu_loss_fit",
        "non-negative least-squares fit of P_loss = P_rated (k0 + k1 x + k2 x^2) to efficiencies "
        "at the four 80 PLUS load points 10/20/50/100 % (power::fit_loss_curve), and the fitted "
        "curve's efficiency there",
        {fraction("eta_10", "efficiency at 10 % load"), fraction("eta_20", "at 20 % load"),
         fraction("eta_50", "at 50 % load"), fraction("eta_100", "at 100 % load")},
        {{"k0", &ck::dimensionless, "", "no-load loss per unit"},
         {"k1", &ck::dimensionless, "", "proportional loss per unit"},
         {"k2", &ck::dimensionless, "", "square-law loss per unit"},
         eta("eta_fit_10", "fitted efficiency at 10 % load"),
         eta("eta_fit_20", "at 20 % load"),
         eta("eta_fit_50", "at 50 % load"),
         eta("eta_fit_100", "at 100 % load")},
        [](const core::CheckedTable& in) {
            const std::array<pw::EfficiencyPoint, 4> points{{{0.1, in.quantity("eta_10")},
                                                             {0.2, in.quantity("eta_20")},
                                                             {0.5, in.quantity("eta_50")},
                                                             {1.0, in.quantity("eta_100")}}};
            const auto fit = pw::fit_loss_curve(points, "80 PLUS points");
            const auto& c = fit.curve;
            return ProbeValues{{"k0", c.k0},
                               {"k1", c.k1},
                               {"k2", c.k2},
                               {"eta_fit_10", c.efficiency(0.1)},
                               {"eta_fit_20", c.efficiency(0.2)},
                               {"eta_fit_50", c.efficiency(0.5)},
                               {"eta_fit_100", c.efficiency(1.0)}};
        });
}

Probe transformer() {
    return make_probe(
        "transformer_efficiency",
        "transformer at load fraction x, eta = x S / (x S + P0 + x^2 Pk): "
        "power::transformer_efficiency, and the same through its loss curve "
        "(power::transformer_loss_curve) with the peak at x = sqrt(P0 / Pk)",
        {power_in("S_rated", "rated apparent power (unity power factor)"),
         power_in("P0", "no-load loss"), power_in("Pk", "load loss at rated current"),
         fraction("load", "load fraction x")},
        {efficiency_out,
         {"efficiency_curve", &ck::dimensionless, "%", "efficiency of the loss curve"},
         {"peak_load_fraction", &ck::dimensionless, "%", "load of peak efficiency"}},
        [](const core::CheckedTable& in) {
            const double S = in.quantity("S_rated"), P0 = in.quantity("P0"), Pk = in.quantity("Pk"),
                         x = in.quantity("load");
            const auto curve = pw::transformer_loss_curve(S, P0, Pk);
            return ProbeValues{{"efficiency", pw::transformer_efficiency(x, S, P0, Pk)},
                               {"efficiency_curve", curve.efficiency(x)},
                               {"peak_load_fraction", curve.peak_load_fraction()}};
        });
}

Probe ups_module() {
    return make_probe(
        "ups_module_efficiency",
        "one module of the double-conversion UPS of power/data/chains.toml (component "
        "ups_double_conversion, or ups_eco_mode for the eco / ESS mode) at a module load",
        {core::choice("mode", pw::ups_mode_words.names(), "operating mode").needed(),
         fraction("load", "module output / module rating")},
        {efficiency_out}, [](const core::CheckedTable& in) {
            const auto& library = pw::default_component_library();
            const auto& c =
                library.at(pw::ups_mode_words.parse(in.string("mode")) == pw::UpsMode::eco
                               ? "ups_eco_mode"
                               : "ups_double_conversion");
            return ProbeValues{{"efficiency", c.curve.efficiency(in.quantity("load"))}};
        });
}

Probe transformer_table() {
    return make_probe(
        "transformer_from_table",
        "distribution transformer rated S that just meets a minimum-efficiency table of "
        "power/data/transformers.toml (power::losses_from_table, no-load loss = load loss at "
        "the test point), at a load, power factor and winding temperature",
        {core::text("table", "table id").needed(),
         core::quantity("S_rated", ck::power, "kVA", "kVA rating").above(0.0).needed(),
         fraction("load", "per-unit load on the kVA rating"),
         core::real("power_factor", "load power factor")
             .def("1")
             .above(0.0)
             .range(std::nullopt, 1.0),
         core::quantity("T", ck::temperature, "degC",
                        "winding temperature; default the table's reference")},
        {efficiency_out,
         {"table_efficiency", &ck::dimensionless, "%", "the table's value at the rating"}},
        [](const core::CheckedTable& in) {
            const auto& table = pw::default_transformer_library().at(in.string("table"));
            const double S = in.quantity("S_rated");
            const auto losses = pw::losses_from_table(table, S);
            const double PF = in.real("power_factor");
            const double T = in.has("T") ? in.quantity("T") : table.T_load_loss_K;
            const double P = in.quantity("load") * S * PF;
            return ProbeValues{{"efficiency", losses.efficiency(P, PF, T)},
                               {"table_efficiency", table.efficiency_at(S)}};
        });
}

Probe layered_storage() {
    return make_probe(
        "storage_layers_square_wave",
        "square-wave load swing, grid at the mean, the three default storage layers of [power."
        "swing] (20 ms, 30 s, rest; power/power_spec.cpp): the layers' energy swings summed",
        {power_in("P_low", "load in the low phase"), power_in("P_high", "load in the high phase"),
         time_in("period", "swing period"), time_in("duration", "simulated time"),
         time_in("dt", "time step")},
        {{"energy_swing_sum", &ck::energy, "J", "sum over the layers of max - min energy"}},
        [](const core::CheckedTable& in) {
            const auto load =
                pw::square_wave(in.quantity("P_low"), in.quantity("P_high"), in.quantity("period"),
                                0.5, in.quantity("duration"), in.quantity("dt"));
            pw::GridPolicy grid;
            grid.mode = pw::GridMode::hold_mean;
            const pw::StorageLayer layers[] = {{"PSU hold-up capacitors", 0.02, 0.98},
                                               {"rack BBU / supercapacitor", 30.0, 0.95},
                                               {"facility battery", 0.0, 0.90}};
            const auto r = pw::simulate_swing(load, grid, layers);
            double sum = 0.0;
            for (const auto& l : r.layers) {
                sum += l.energy_swing;
            }
            return ProbeValues{{"energy_swing_sum", sum}};
        });
}

Probe copper() {
    return make_probe(
        "copper_resistivity", "resistivity of copper at a temperature: power::copper_resistivity",
        {core::quantity("T", ck::temperature, "degC", "conductor temperature").needed()},
        {{"resistivity", &kinds::resistivity, "ohm m", "electrical resistivity"}},
        [](const core::CheckedTable& in) {
            return ProbeValues{{"resistivity", pw::copper_resistivity(in.quantity("T"))}};
        });
}

const ProbeOutput swing_out{"energy_swing", &ck::energy, "J",
                            "energy the storage must exchange, max - min of its energy"};

Probe square_wave_storage() {
    return make_probe(
        "storage_square_wave",
        "square-wave load swing with the grid held at the mean and one lossless storage layer: "
        "power::square_wave and power::simulate_swing",
        {power_in("P_low", "load in the low phase"), power_in("P_high", "load in the high phase"),
         time_in("period", "swing period"), fraction("duty", "share of the period at P_high"),
         time_in("duration", "simulated time"), time_in("dt", "time step")},
        {swing_out, {"P_discharge_max", &ck::power, "W", "largest discharge power of the storage"}},
        [](const core::CheckedTable& in) {
            const auto load =
                pw::square_wave(in.quantity("P_low"), in.quantity("P_high"), in.quantity("period"),
                                in.quantity("duty"), in.quantity("duration"), in.quantity("dt"));
            pw::GridPolicy grid;
            grid.mode = pw::GridMode::hold_mean;
            const pw::StorageLayer layer[] = {{"storage", 0.0, 1.0}};
            const auto r = pw::simulate_swing(load, grid, layer);
            return ProbeValues{{"energy_swing", r.layers.at(0).energy_swing},
                               {"P_discharge_max", r.layers.at(0).P_discharge_max}};
        });
}

Probe ramp_limited_storage() {
    return make_probe(
        "storage_ramp_limited_step",
        "load step with the grid following within a ramp-rate limit and one storage layer "
        "covering the difference: power::ramp_profile and power::simulate_swing",
        {power_in("P_start", "load before the step"), power_in("P_end", "load after the step"),
         time_in("t_step", "time of the step"),
         core::quantity("ramp_limit", kinds::power_ramp, "W/s", "grid ramp-rate limit")
             .above(0.0)
             .needed(),
         time_in("duration", "simulated time"), time_in("dt", "time step"),
         fraction("round_trip_efficiency", "storage round-trip efficiency").def("100 %")},
        {swing_out,
         {"energy_capacity", &ck::energy, "J", "energy the storage must hold (swing / sqrt eta)"}},
        [](const core::CheckedTable& in) {
            const auto load = pw::ramp_profile(in.quantity("P_start"), in.quantity("P_end"),
                                               in.quantity("t_step"), 0.0, in.quantity("duration"),
                                               in.quantity("dt"));
            pw::GridPolicy grid;
            grid.ramp_limit = in.quantity("ramp_limit");
            const pw::StorageLayer layer[] = {
                {"storage", 0.0, in.quantity("round_trip_efficiency")}};
            const auto r = pw::simulate_swing(load, grid, layer);
            return ProbeValues{{"energy_swing", r.layers.at(0).energy_swing},
                               {"energy_capacity", r.layers.at(0).energy_capacity}};
        });
}

} // namespace

std::vector<Probe> power_probes() {
    return {chain_efficiency(),    psu_fit(),           transformer(),
            ups_module(),          transformer_table(), copper(),
            square_wave_storage(), layered_storage(),   ramp_limited_storage()};
}

} // namespace rackcalc::validation
