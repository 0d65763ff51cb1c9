#include "cases/system_run.hpp"

#include "core/display_units.hpp"
#include "power/case_power.hpp"
#include "power/chains.hpp"
#include "power/storage.hpp"
#include "thermal/fluid.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace rackcalc::cases {

namespace {

using geometry::Part;
using geometry::PartKind;

std::size_t index(power::Location l) {
    return static_cast<std::size_t>(l);
}
std::size_t index(power::Medium m) {
    return static_cast<std::size_t>(m);
}

/// Chip power at junction temperature T [K] under its leakage model.
double chip_power(const geometry::ChipSpec& chip, double T_junction) {
    const double s = chip.leakage_share;
    if (s <= 0.0) {
        return chip.tdp.value();
    }
    const double x = (T_junction - chip.leakage_T_ref.value()) / chip.leakage_doubling.value();
    return chip.tdp.value() * (1.0 - s + s * std::exp2(x));
}

/// The site's heat-rejection design (thermal/heat_rejection.hpp) from the case.
thermal::RejectionDesign rejection_design(const SiteSpec& site, const thermal::AirResult& air,
                                          double T_inlet) {
    thermal::RejectionDesign d;
    d.mode = site.heat_rejection;
    d.dry_cooler_approach_K = site.dry_cooler_approach_K;
    d.chiller_efficiency = site.chiller_efficiency;
    d.condenser_approach_K = site.condenser_approach_K;
    d.rejection_fan_share = site.rejection_fan_share;
    d.coil_approach_K = site.coil_approach_K;
    d.air_handler_sfp = site.air_handler_sfp;
    // The room handlers move the racks' air at the racks' temperature rise.
    if (air.Q_W > 0.0 && air.T_outlet_K > T_inlet + 0.5) {
        d.air_dT_K = air.T_outlet_K - T_inlet;
    }
    return d;
}

/// Adds the conversion losses between the rack input and the trays (the case chain ends at
/// the trays, so these are the shelves, the rack busbar and any in-rack converter) to the
/// rack as heat. Shelf stages heat the power shelves when the rack has them; the others are
/// shared over the trays in proportion to their IT power, liquid-medium losses into a
/// tray's coolant when it carries cold plates, else to air.
void place_in_rack_losses(geometry::Assembly& a, const power::Chain& chain,
                          const power::ChainResult& result, std::vector<thermal::Finding>& notes) {
    auto& parts = a.parts;
    std::vector<double> tray_it(parts.size(), 0.0);
    std::vector<char> has_plate(parts.size(), 0);
    std::vector<std::size_t> shelves;
    double it_total = 0.0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const Part& p = parts[i];
        if (p.kind == PartKind::power_shelf) {
            shelves.push_back(i);
        }
        if (p.kind == PartKind::cold_plate && p.parent >= 0) {
            has_plate[static_cast<std::size_t>(p.parent)] = 1;
        }
        // IT power of a tray: its own remainder and its chips'.
        if (p.kind == PartKind::tray || p.kind == PartKind::chip) {
            std::size_t owner = i;
            if (p.kind == PartKind::chip) {
                owner = static_cast<std::size_t>(p.parent);
            }
            tray_it[owner] += p.power_W;
            it_total += p.power_W;
        }
    }
    if (it_total <= 0.0) {
        return;
    }
    bool moved_to_air = false;
    for (std::size_t s = 0; s < chain.stages.size(); ++s) {
        const power::Stage& stage = chain.stages[s];
        if (stage.location != power::Location::in_rack) {
            continue;
        }
        const double loss = result.stages[s].P_loss_W;
        const bool liquid = stage.medium == power::Medium::liquid;
        const bool shelf = stage.kind == power::StageKind::psu_shelf && !shelves.empty();
        if (shelf) {
            for (const std::size_t k : shelves) {
                Part& p = parts[k];
                p.power_W += loss / static_cast<double>(shelves.size());
            }
            a.it_power_W += loss;
            continue;
        }
        // Liquid-medium losses go to the trays that carry cold plates, air-medium ones to
        // every tray, in proportion to their IT power.
        double base = 0.0;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            base += (!liquid || has_plate[i]) ? tray_it[i] : 0.0;
        }
        const bool to_liquid = liquid && base > 0.0;
        moved_to_air = moved_to_air || (liquid && base <= 0.0);
        if (!to_liquid) {
            base = it_total;
        }
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (tray_it[i] <= 0.0 || (to_liquid && !has_plate[i])) {
                continue;
            }
            Part& p = parts[i];
            const double q = loss * tray_it[i] / base;
            const double liquid_before = p.power_W * p.liquid_fraction;
            p.power_W += q;
            p.liquid_fraction = (liquid_before + (to_liquid ? q : 0.0)) / p.power_W;
            a.it_power_W += q;
            a.liquid_power_W += to_liquid ? q : 0.0;
        }
    }
    if (moved_to_air) {
        notes.push_back({"warning", "power chain",
                         "the racks have no cold plates, so liquid-cooled in-rack conversion "
                         "losses were put on air"});
    }
}

} // namespace

SystemResult run_system(const CaseSpec& spec, const RunOptions& options) {
    SystemResult r;
    const geometry::Assembly base = geometry::build_assembly(spec.layout);
    // Racks that draw IT power (a Kyber sidecar of rectifiers carries none).
    std::vector<char> powered(base.parts.size(), 0);
    for (const auto& p : base.parts) {
        if (p.power_W > 0.0) {
            int k = p.parent;
            while (k >= 0 && base.parts[static_cast<std::size_t>(k)].parent >= 0) {
                k = base.parts[static_cast<std::size_t>(k)].parent;
            }
            if (k >= 0) {
                powered[static_cast<std::size_t>(k)] = 1;
            }
        }
    }
    const int racks = static_cast<int>(std::count(powered.begin(), powered.end(), 1));
    r.racks = std::max(1, racks);
    for (const auto& p : base.parts) {
        if (p.kind == PartKind::chip) {
            r.P_chips_tdp_W += p.power_W;
        }
    }
    // The chain is sized for the racks' IT power at TDP, as a designer would.
    r.chain = power::build_case_chain(spec.power, base.it_power_W, std::max(1, racks));
    std::map<int, double> T_junction; // by chip part, from the last thermal solve
    double grid_before = 0.0;
    thermal::ThermalOptions quick;
    quick.inverse = false;
    for (r.iterations = 1; r.iterations <= options.max_iterations; ++r.iterations) {
        // 1. Chip power at the last junction temperatures (TDP on the first pass).
        geometry::Assembly a = base;
        a.it_power_W = 0.0;
        a.liquid_power_W = 0.0;
        for (std::size_t i = 0; i < a.parts.size(); ++i) {
            Part& p = a.parts[i];
            if (p.kind == PartKind::chip) {
                const auto it = T_junction.find(static_cast<int>(i));
                if (it != T_junction.end()) {
                    p.power_W = chip_power(spec.layout.chips.at(p.type), it->second);
                }
            }
            a.it_power_W += p.power_W;
            a.liquid_power_W += p.power_W * p.liquid_fraction;
        }
        r.P_it_W = a.it_power_W;
        // 2. Power chain at that IT power. A stage the load overloads ends the run: the
        // design does not carry it.
        try {
            r.chain_result = power::evaluate_chain(r.chain, r.P_it_W);
        } catch (const power::PowerInputError& e) {
            r.reason = core::statement("the power chain cannot carry {} of IT load: {}",
                                       core::Quantity(r.P_it_W, core::kinds::power), e.what());
            r.assembly = std::move(a);
            return r;
        }
        const auto& by = r.chain_result.loss_by_location;
        auto at = [&by](power::Location l) {
            return by[index(l)][index(power::Medium::air)] +
                   by[index(l)][index(power::Medium::liquid)];
        };
        r.loss_in_rack_W = at(power::Location::in_rack);
        r.loss_room_W = at(power::Location::grey_space) + at(power::Location::white_space);
        r.loss_yard_W = at(power::Location::utility_yard);
        // 3. In-rack losses become rack heat; the thermal model takes it from there.
        r.findings.clear();
        place_in_rack_losses(a, r.chain, r.chain_result, r.findings);
        r.thermal = thermal::analyse_thermal(a, spec.layout, spec.loop, spec.cooling, quick);
        if (!r.thermal.design.converged) {
            r.reason = "the coolant loop did not solve: " +
                       (r.thermal.findings.empty() ? core::Statement(r.thermal.design.reason)
                                                   : r.thermal.findings.back().message);
            r.assembly = std::move(a);
            return r;
        }
        for (const auto& c : r.thermal.design.chips) {
            T_junction[c.part] = c.T_junction_K;
        }
        // 4. Cooling: CDU pumps and heat rejection by path at the design ambient. The rack
        // fans are IT load inside the tray power (The Green Grid), not cooling.
        r.P_pumps_W = r.thermal.cdu.P_pump_W;
        r.P_fans_W = r.thermal.air.Q_W > 0.0 ? r.thermal.air.P_fan_W : 0.0;
        const double T_inlet = spec.cooling.air_inlet_temperature.value();
        r.T_facility_water_K = spec.site.facility_water_cdu_limit
                                   ? r.thermal.cdu.T_facility_max_K
                                   : spec.cooling.facility_supply_temperature.value();
        r.rho_air = thermal::air_density(spec.site.altitude_m, T_inlet);
        const thermal::RejectionDesign design = rejection_design(spec.site, r.thermal.air, T_inlet);
        const thermal::PathHeat heat{r.thermal.Q_liquid_W + r.P_pumps_W, r.thermal.Q_air_W,
                                     r.loss_room_W};
        r.rejection = thermal::reject_by_path(heat, design, r.T_facility_water_K, T_inlet,
                                              r.rho_air, spec.site.ambient_temperature_K);
        r.P_cooling_W = r.P_pumps_W + r.rejection.P_W();
        // 5. The cooling plant's feed: the chain's MV/LV transformer stage, sized for it.
        power::ChainOptions mech_options;
        mech_options.P_it_design_W = std::max(r.P_cooling_W, 1.0);
        const power::Chain feed = power::ac_ups_chain(mech_options);
        r.mechanical.name = "cooling plant feed";
        r.mechanical.stages = {feed.stages.front()};
        r.mechanical.stages.front().output = r.mechanical.stages.front().output;
        r.mechanical_result = power::evaluate_chain(r.mechanical, r.P_cooling_W);
        r.assembly = std::move(a);
        r.P_grid_W = r.chain_result.P_in_W + r.mechanical_result.P_in_W;
        r.residual = grid_before > 0.0 ? std::abs(r.P_grid_W - grid_before) / r.P_grid_W : 1.0;
        grid_before = r.P_grid_W;
        if (r.residual <= options.tolerance) {
            r.converged = true;
            break;
        }
    }
    if (!r.converged) {
        r.iterations = options.max_iterations;
        r.reason = fmt::format("the fixed point did not settle in {} iterations (last change "
                               "{:.2e} of the facility power)",
                               options.max_iterations, r.residual);
        return r;
    }
    // Closures, each summed from its own side.
    const double losses = r.chain_result.P_loss_W + r.mechanical_result.P_loss_W;
    r.energy_closure = std::abs(r.P_grid_W - (r.P_it_W + losses + r.P_cooling_W)) / r.P_grid_W;
    // Heat leaving the site: every path's heat (rack liquid with the pump work, rack air and
    // grey-space losses with their handlers' fan work), the chillers' compressor work and
    // the rejection fans, and the transformer losses in the yard.
    r.heat_rejected_W = r.rejection.Q_out_W() + r.loss_yard_W + r.mechanical_result.P_loss_W;
    r.heat_closure = std::abs(r.heat_rejected_W - r.P_grid_W) / r.P_grid_W;

    // A year: the IT chain over the utilisation profile; the cooling plant scaled with the
    // load, rejecting at each climate bin's temperature.
    const power::Tariff tariff{spec.site.electricity_price_USD_per_J, spec.site.price_discount};
    r.annual = power::annual_energy(r.chain, r.P_it_W, spec.power.utilisation_profile, tariff);
    double hours = 0.0;
    for (const auto& [T, seconds] : spec.site.climate) {
        hours += seconds;
    }
    const double load = r.annual.mean_load;
    const double T_inlet = spec.cooling.air_inlet_temperature.value();
    const thermal::RejectionDesign design = rejection_design(spec.site, r.thermal.air, T_inlet);
    const thermal::PathHeat heat{(r.thermal.Q_liquid_W + r.P_pumps_W) * load,
                                 r.thermal.Q_air_W * load, r.loss_room_W * load};
    AnnualFacility& y = r.year;
    y.climate_source = spec.site.climate_source;
    y.design_day = spec.site.climate_design_day;
    const double year_scale = r.annual.duration_s / hours;
    for (const auto& [T_out, seconds] : spec.site.climate) {
        const thermal::FacilityCooling f =
            thermal::reject_by_path(heat, design, r.T_facility_water_K, T_inlet, r.rho_air, T_out);
        const double P = r.P_pumps_W * load + f.P_W();
        r.annual_cooling_J += power::evaluate_chain(r.mechanical, P).P_in_W * seconds * year_scale;
        const double h = seconds * year_scale / 3600.0;
        y.free_cooling_liquid_h += f.liquid.free ? h : 0.0;
        y.free_cooling_air_h += f.air.free ? h : 0.0;
        y.hours += h;
    }
    r.annual_energy_J = r.annual.E_in_J + r.annual_cooling_J;
    r.P_ite_W = r.annual.ite_first_stage < r.chain_result.stages.size()
                    ? r.chain_result.stages[r.annual.ite_first_stage].P_in_W
                    : r.chain_result.P_it_W;
    r.P_rack_input_W = r.P_ite_W / r.racks;
    r.pue = r.P_grid_W / r.P_ite_W;
    y.E_ite_J = r.annual.E_ite_J;
    y.E_cooling_J = r.annual_cooling_J;
    y.E_facility_J = r.annual_energy_J;
    y.pue = y.E_facility_J / y.E_ite_J;
    y.ppue_power = r.annual.E_in_J / y.E_ite_J;
    y.ppue_cooling = (y.E_ite_J + y.E_cooling_J) / y.E_ite_J;
    y.elc = r.annual.elc;
    if (y.design_day) {
        r.findings.push_back(
            {"warning", "site",
             core::statement(
                 "no climate given: the year runs {:.0f} h at the design dry bulb "
                 "{}, so the annual energy and PUE are design-day figures "
                 "(no free cooling); set [site] climate_site (e.g. \"frankfurt\") "
                 "or [[site.climate]] bins",
                 y.hours,
                 core::Quantity(spec.site.ambient_temperature_K, core::kinds::temperature))});
    }
    r.annual_cost_USD = r.annual_energy_J * tariff.effective_price();
    if (spec.meta.compute_pflops) {
        const double pflop_hours = *spec.meta.compute_pflops * load * r.annual.duration_s / 3600.0;
        r.cost_per_pflop_hour_USD = r.annual_cost_USD / pflop_hours;
    }
    // The load swing: the IT trace mapped through the chain to the feed, storage and grid.
    {
        const power::LoadProfile it = power::swing_it_profile(spec.power.swing, r.P_it_W);
        const power::LoadProfile feed = power::feed_profile(r.chain, it);
        power::SwingOptions so;
        so.keep_grid_trace = true;
        const power::SwingResult s =
            power::simulate_swing(feed, spec.power.swing.grid, spec.power.swing.layers, so);
        SystemResult::Swing sw;
        const std::size_t n = it.P.size();
        const std::size_t step = std::max<std::size_t>(1, n / 4000);
        for (std::size_t k = 0; k < n; k += step) {
            sw.t_s.push_back(static_cast<double>(k) * it.dt);
            sw.it_W.push_back(it.P[k]);
            sw.feed_W.push_back(feed.P[k]);
            sw.grid_W.push_back(s.grid_trace[k]);
        }
        sw.layers = s.layers;
        sw.grid_max_ramp_W_per_s = s.grid.max_ramp;
        sw.grid_band_share = s.grid.band_share;
        r.swing = std::move(sw);
    }
    if (options.inverse) {
        r.thermal = thermal::analyse_thermal(r.assembly, spec.layout, spec.loop, spec.cooling);
    }
    for (const auto& f : r.thermal.findings) {
        r.findings.push_back(f);
    }
    return r;
}

} // namespace rackcalc::cases
