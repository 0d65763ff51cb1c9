#include "power/quantity_kinds.hpp"

namespace rackcalc::power::kinds {

// Exponents: length, mass, time, temperature, current, currency.
const core::QuantityKind area_per_power{"area per power", core::Dimension{{0, -1, 3, 0, 0, 0}},
                                        "m^2/W", "12 m^2/MW"};
const core::QuantityKind current_density{"current density", core::Dimension{{-2, 0, 0, 0, 1, 0}},
                                         "A/m^2", "1.6 A/mm^2"};
const core::QuantityKind ramp_rate{"power ramp rate", core::Dimension{{2, 1, -4, 0, 0, 0}}, "W/s",
                                   "12 kW/s"};

} // namespace rackcalc::power::kinds
