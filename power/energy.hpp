#pragma once
// Annual energy through a power chain at a utilisation profile, its cost at an electricity
// price with a regional discount, and the electrical loss component (ELC) of ASHRAE 90.4
// (power-data.md c4, [R7]).
//
// The year is a list of bins (duration, IT load as a share of the design IT power); each
// bin is evaluated once through the chain at its load, so energy E = sum_b P(load_b) t_b is
// exact for the piecewise-constant profile (no averaging of the load before the non-linear
// losses). Plain SI: energy [J], time [s], price [USD/J].
//
// ELC boundary: 90.4 counts the losses between the utility service and the IT equipment
// (incoming service, UPS, ITE distribution segments) against the energy the IT equipment
// draws. RackCalc's chains end at the chip, so the IT-equipment input is the input of the
// in-rack stages at the end of the chain (the trailing run of stages whose loss lands
// in_rack: shelves, rack busbar, 54 -> 12 V, point of load); their losses are IT energy in
// the 90.4 sense. The 2022 edition drops the incoming-service segment [R7]: elc_without_
// incoming leaves out the stages whose loss lands in the utility yard.

#include "power/stage.hpp"

#include <array>
#include <span>
#include <vector>

namespace rackcalc::power {

inline constexpr double hours_per_year = 8760.0;
inline constexpr double seconds_per_year = hours_per_year * 3600.0;

/// A share of the year spent at one IT load.
struct UtilisationBin {
    double duration_s = 0.0; ///< [s]
    double load = 0.0;       ///< IT power / design IT power, in [0, 1]
};

/// One bin of a whole year at `load`.
std::vector<UtilisationBin> constant_utilisation(double load);

/// Time-weighted mean load of the bins.
double mean_load(std::span<const UtilisationBin> bins);

/// Throws PowerInputError (stage "utilisation") for no bins, a non-positive duration or a
/// load outside [0, 1].
void check_utilisation(std::span<const UtilisationBin> bins);

struct Tariff {
    double price_USD_per_J = 0.0; ///< before the discount
    double discount = 0.0;        ///< share taken off the price, [0, 1]
    double effective_price() const { return price_USD_per_J * (1.0 - discount); }
};

struct AnnualEnergy {
    double duration_s = 0.0; ///< sum of the bins
    double mean_load = 0.0;
    double E_in_J = 0.0;                ///< drawn from the feed
    double E_it_J = 0.0;                ///< delivered at the chain end (chips)
    double E_loss_J = 0.0;              ///< all stage losses; E_in = E_it + E_loss
    std::vector<double> E_loss_stage_J; ///< per stage, chain order
    std::array<std::array<double, medium_count>, location_count> E_loss_by_location_J{};
    /// First stage of the trailing in-rack run: the IT-equipment input (ASHRAE 90.4
    /// boundary); the chain's size when no stage is in the rack.
    std::size_t ite_first_stage = 0;
    double E_ite_J = 0.0;              ///< into the IT equipment (input of ite_first_stage)
    double E_facility_loss_J = 0.0;    ///< losses of the stages before ite_first_stage
    double elc = 0.0;                  ///< E_facility_loss / E_ite (ASHRAE 90.4 ELC)
    double elc_without_incoming = 0.0; ///< as elc, without utility-yard stages (90.4-2022)
    double loss_over_it = 0.0;         ///< E_loss / E_it, feed to chip
    double price_USD_per_J = 0.0;      ///< after the discount
    double cost_USD = 0.0;             ///< E_in at the discounted price
    double cost_undiscounted_USD = 0.0;
    double loss_cost_USD = 0.0; ///< E_loss at the discounted price
};

/// Runs the bins through the chain at load x design IT power. Throws PowerInputError for
/// bad bins or a load a stage cannot carry.
AnnualEnergy annual_energy(const Chain& chain, double P_it_design_W,
                           std::span<const UtilisationBin> bins, const Tariff& tariff);

} // namespace rackcalc::power
