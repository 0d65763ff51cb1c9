#pragma once
// Quantity kinds only the power library reads from input (the common ones are in
// core/quantity.hpp).

#include "core/quantity.hpp"

namespace rackcalc::power::kinds {

extern const core::QuantityKind area_per_power;  ///< footprint per rating [m2/W]
extern const core::QuantityKind current_density; ///< conductor sizing [A/m2]
extern const core::QuantityKind ramp_rate;       ///< power per time [W/s]

} // namespace rackcalc::power::kinds
