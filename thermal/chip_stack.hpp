#pragma once
// Conduction from a chip's junction to the coolant in its cold plate's fin channels: the
// layers of the package (die, TIM1, lid or spreader, TIM2) and the plate base, with heat
// spreading from the die over the lid and from the contact face over the plate footprint.

#include "thermal/correlations.hpp"
#include "thermal/loop_spec.hpp"

#include <optional>
#include <vector>

namespace rackcalc::thermal {

/// Resistances of one chip's stack [K/W], per watt of the chip's heat.
struct StackResistance {
    double R_layers = 0.0;     ///< junction to the plate's contact face (die, TIMs, lid)
    double R_plate_base = 0.0; ///< contact face into the fin roots: base conduction + spreading
    double A_contact_m2 = 0.0; ///< area heat crosses into the plate (lid, or bare die) [m2]
};

/// Junction-to-fin resistance of a layer stack on a cold plate.
///  - Layers are listed die first. Layers before the first `spreads` layer conduct over the
///    die area A_die, layers after it over the package A_package (one-dimensional, t/(k A)).
///  - The spreading layer (a lid or heat spreader) spreads from A_die to A_package: its own
///    conduction t/(k A_package) plus Lee, Song, Au & Moran (1995) spreading resistance on the
///    mean source temperature (lee_spreading_resistance, R_avg, which excludes that
///    conduction, so nothing is counted twice), with the film coefficient of everything below
///    it (TIM2, plate base, fins) over A_package.
///  - The plate base (t_base, k_base) likewise spreads from the contact area (A_package under
///    a lid, A_die for a bare die) to the plate footprint A_package, with the fins' film
///    coefficient 1 / (R_conv A_package).
/// The junction temperature is thus the dies' mean temperature, the quantity the exact
/// Muzychka-Culham-Yovanovich series gives (Lee's R_avg is within about 8 % of it,
/// validation/heat_transfer.toml). Lee's peak value R_max is not used: it places the peak at the
/// centre of one equal-area circle, which a layout of two or four dies side by side does not
/// have.
/// A_die >= A_package (a die as large as its footprint) gives one-dimensional conduction
/// throughout. R_conv is the fins' convective resistance under this chip [K/W].
/// Throws std::domain_error for non-positive areas, thicknesses or conductivities.
StackResistance chip_stack_resistance(const std::vector<StackLayer>& layers, double A_die,
                                      double A_package, double t_base, double k_base,
                                      double R_conv);

/// The same stack with everything that does not depend on the fins' film evaluated once (the
/// layers' conduction, the spreading geometry): a loop solve asks each chip's stack for its
/// resistances at every solve, with a new film each time. resistance(R_conv) gives the same
/// values, to the last bit, as chip_stack_resistance with the same arguments.
class ChipStack {
public:
    /// Throws std::domain_error for non-positive areas, thicknesses or conductivities.
    ChipStack(const std::vector<StackLayer>& layers, double A_die, double A_package, double t_base,
              double k_base);
    /// Throws std::domain_error for an R_conv that is not positive and finite.
    [[nodiscard]] StackResistance resistance(double R_conv) const;

private:
    /// A layer's plane conduction and, when it spreads heat over a larger area, Lee's spreading.
    struct Layer {
        double R_1D;
        std::optional<LeeSpreading> spreading;
    };
    double A_package_;
    double A_contact_;
    Layer base_;               ///< the plate base, fed by the fins' film
    std::vector<Layer> above_; ///< the package layers, plate side first
};

} // namespace rackcalc::thermal
