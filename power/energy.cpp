#include "power/energy.hpp"

#include "power/power_error.hpp"

#include <cmath>
#include <fmt/format.h>

namespace rackcalc::power {

std::vector<UtilisationBin> constant_utilisation(double load) {
    return {UtilisationBin{seconds_per_year, load}};
}

double mean_load(std::span<const UtilisationBin> bins) {
    double t = 0.0;
    double weighted = 0.0;
    for (const auto& b : bins) {
        t += b.duration_s;
        weighted += b.duration_s * b.load;
    }
    return t > 0.0 ? weighted / t : 0.0;
}

void check_utilisation(std::span<const UtilisationBin> bins) {
    if (bins.empty()) {
        throw PowerInputError("utilisation", "utilisation_profile",
                              "no utilisation bins; give utilisation or at least one bin");
    }
    for (std::size_t i = 0; i < bins.size(); ++i) {
        const auto& b = bins[i];
        if (!(b.duration_s > 0.0) || !std::isfinite(b.duration_s)) {
            throw PowerInputError("utilisation", fmt::format("utilisation_profile[{}].duration", i),
                                  fmt::format("duration {} s must be > 0", b.duration_s));
        }
        if (!(b.load >= 0.0 && b.load <= 1.0)) {
            throw PowerInputError(
                "utilisation", fmt::format("utilisation_profile[{}].utilisation", i),
                fmt::format("load {} must be in [0, 1] (share of the design IT power)", b.load));
        }
    }
}

AnnualEnergy annual_energy(const Chain& chain, double P_it_design_W,
                           std::span<const UtilisationBin> bins, const Tariff& tariff) {
    check_utilisation(bins);
    if (!(tariff.price_USD_per_J >= 0.0) || !(tariff.discount >= 0.0 && tariff.discount <= 1.0)) {
        throw PowerInputError("tariff", "electricity_price",
                              fmt::format("price {} USD/J must be >= 0 and discount {} in [0, 1]",
                                          tariff.price_USD_per_J, tariff.discount));
    }
    const std::size_t n = chain.stages.size();
    AnnualEnergy e;
    e.E_loss_stage_J.assign(n, 0.0);
    std::size_t ite = n;
    while (ite > 0 && chain.stages[ite - 1].location == Location::in_rack) {
        --ite;
    }
    e.ite_first_stage = ite;
    ChainResult r;
    for (const auto& b : bins) {
        evaluate_chain(chain, b.load * P_it_design_W, r);
        const double t = b.duration_s;
        e.duration_s += t;
        e.E_in_J += r.P_in_W * t;
        e.E_it_J += r.P_it_W * t;
        e.E_ite_J += (ite < n ? r.stages[ite].P_in_W : r.P_it_W) * t;
        for (std::size_t k = 0; k < n; ++k) {
            const Stage& s = chain.stages[k];
            const double E = r.stages[k].P_loss_W * t;
            e.E_loss_stage_J[k] += E;
            e.E_loss_J += E;
            e.E_loss_by_location_J[static_cast<std::size_t>(s.location)]
                                  [static_cast<std::size_t>(s.medium)] += E;
            if (k < ite) {
                e.E_facility_loss_J += E;
            }
        }
    }
    e.mean_load = mean_load(bins);
    double incoming = 0.0;
    for (std::size_t k = 0; k < ite; ++k) {
        if (chain.stages[k].location == Location::utility_yard) {
            incoming += e.E_loss_stage_J[k];
        }
    }
    e.elc = e.E_ite_J > 0.0 ? e.E_facility_loss_J / e.E_ite_J : 0.0;
    e.elc_without_incoming = e.E_ite_J > 0.0 ? (e.E_facility_loss_J - incoming) / e.E_ite_J : 0.0;
    e.loss_over_it = e.E_it_J > 0.0 ? e.E_loss_J / e.E_it_J : 0.0;
    e.price_USD_per_J = tariff.effective_price();
    e.cost_USD = e.E_in_J * e.price_USD_per_J;
    e.cost_undiscounted_USD = e.E_in_J * tariff.price_USD_per_J;
    e.loss_cost_USD = e.E_loss_J * e.price_USD_per_J;
    return e;
}

} // namespace rackcalc::power
