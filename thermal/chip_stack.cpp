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

/// A layer of thickness t over A_plate fed from A_source: its one-dimensional conduction
/// plus Lee's mean-source spreading resistance (which excludes that conduction).
double spreading_layer(double A_source, double A_plate, double t, double k, double h) {
    const double R_1D = conduction_resistance(t, k, A_plate);
    return spreads_over(A_source, A_plate)
               ? R_1D + lee_spreading_resistance(A_source, A_plate, t, k, h).R_avg
               : R_1D;
}

} // namespace

StackResistance chip_stack_resistance(const std::vector<StackLayer>& layers, double A_die,
                                      double A_package, double t_base, double k_base,
                                      double R_conv) {
    constexpr std::string_view fn = "chip_stack_resistance";
    for (const auto& [what, v] :
         {std::pair{"A_die", A_die}, std::pair{"A_package", A_package}, std::pair{"t_base", t_base},
          std::pair{"k_base", k_base}, std::pair{"R_conv", R_conv}}) {
        if (!(v > 0.0) || !std::isfinite(v)) {
            throw std::domain_error(
                fmt::format("{}: {} = {:.6g} must be positive and finite", fn, what, v));
        }
    }
    A_die = std::min(A_die, A_package);
    const auto spreader =
        std::find_if(layers.begin(), layers.end(), [](const StackLayer& l) { return l.spreads; });
    const auto i_spreader = static_cast<std::size_t>(spreader - layers.begin());

    StackResistance s;
    s.A_contact_m2 = spreader == layers.end() ? A_die : A_package;
    const double h_fins = 1.0 / (R_conv * A_package);
    s.R_plate_base = spreading_layer(s.A_contact_m2, A_package, t_base, k_base, h_fins);

    // From the plate upwards, so the spreader sees the film of everything below it.
    double R_below = s.R_plate_base + R_conv;
    for (std::size_t i = layers.size(); i-- > 0;) {
        const StackLayer& l = layers[i];
        if (!(l.thickness_m > 0.0) || !(l.k > 0.0)) {
            throw std::domain_error(fmt::format(
                "{}: layer \"{}\" needs a positive thickness and conductivity", fn, l.name));
        }
        double R = 0.0;
        if (spreader != layers.end() && i == i_spreader) {
            R = spreading_layer(A_die, A_package, l.thickness_m, l.k, 1.0 / (R_below * A_package));
        } else {
            const bool under_spreader = spreader != layers.end() && i > i_spreader;
            R = conduction_resistance(l.thickness_m, l.k, under_spreader ? A_package : A_die);
        }
        s.R_layers += R;
        R_below += R;
    }
    return s;
}

} // namespace rackcalc::thermal
