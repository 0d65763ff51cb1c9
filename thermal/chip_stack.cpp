#include "thermal/chip_stack.hpp"

#include "thermal/correlations.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace rackcalc::thermal {

namespace {

/// Source smaller than its plate by more than round-off: spreading applies.
bool spreads_over(double A_source, double A_plate) {
    return A_source < A_plate * (1.0 - 1e-9);
}

} // namespace

StackResistance chip_stack_resistance(const std::vector<StackLayer>& layers, double A_die,
                                      double A_package, double t_base, double k_base,
                                      double R_conv) {
    return ChipStack(layers, A_die, A_package, t_base, k_base).resistance(R_conv);
}

ChipStack::ChipStack(const std::vector<StackLayer>& layers, double A_die, double A_package,
                     double t_base, double k_base)
    : A_package_(A_package) {
    constexpr std::string_view fn = "chip_stack_resistance";
    for (const auto& [what, v] : {std::pair{"A_die", A_die}, std::pair{"A_package", A_package},
                                  std::pair{"t_base", t_base}, std::pair{"k_base", k_base}}) {
        if (!(v > 0.0) || !std::isfinite(v)) {
            throw std::domain_error(
                fmt::format("{}: {} = {:.6g} must be positive and finite", fn, what, v));
        }
    }
    A_die = std::min(A_die, A_package);
    const auto spreader =
        std::find_if(layers.begin(), layers.end(), [](const StackLayer& l) { return l.spreads; });
    const auto i_spreader = static_cast<std::size_t>(spreader - layers.begin());

    // A layer of thickness t over A_plate fed from A_source: its one-dimensional conduction,
    // plus Lee's mean-source spreading resistance (which excludes that conduction) when the
    // source is smaller than the plate.
    auto spreading_layer = [](double A_source, double A_plate, double t, double k) {
        Layer l{conduction_resistance(t, k, A_plate), std::nullopt};
        if (spreads_over(A_source, A_plate)) {
            l.spreading.emplace(A_source, A_plate, t, k);
        }
        return l;
    };
    A_contact_ = spreader == layers.end() ? A_die : A_package;
    base_ = spreading_layer(A_contact_, A_package, t_base, k_base);
    // From the plate upwards, so the spreader sees the film of everything below it.
    for (std::size_t i = layers.size(); i-- > 0;) {
        const StackLayer& l = layers[i];
        if (!(l.thickness_m > 0.0) || !(l.k > 0.0)) {
            throw std::domain_error(fmt::format(
                "{}: layer \"{}\" needs a positive thickness and conductivity", fn, l.name));
        }
        if (spreader != layers.end() && i == i_spreader) {
            above_.push_back(spreading_layer(A_die, A_package, l.thickness_m, l.k));
        } else {
            const bool under_spreader = spreader != layers.end() && i > i_spreader;
            above_.push_back(
                {conduction_resistance(l.thickness_m, l.k, under_spreader ? A_package : A_die),
                 std::nullopt});
        }
    }
}

StackResistance ChipStack::resistance(double R_conv) const {
    if (!(R_conv > 0.0) || !std::isfinite(R_conv)) {
        throw std::domain_error(fmt::format(
            "chip_stack_resistance: R_conv = {:.6g} must be positive and finite", R_conv));
    }
    // A layer's resistance with the film coefficient h of everything below it over the plate.
    auto layer_R = [&](const Layer& l, double h) {
        return l.spreading ? l.R_1D + l.spreading->at(h).R_avg : l.R_1D;
    };
    StackResistance s;
    s.A_contact_m2 = A_contact_;
    s.R_plate_base = layer_R(base_, 1.0 / (R_conv * A_package_));
    double R_below = s.R_plate_base + R_conv;
    for (const Layer& l : above_) {
        const double R = layer_R(l, 1.0 / (R_below * A_package_));
        s.R_layers += R;
        R_below += R;
    }
    return s;
}

} // namespace rackcalc::thermal
