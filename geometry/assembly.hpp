#pragma once
// Placing a template's racks, trays, chips, cold plates, manifolds and busbars in 3-D,
// and checking that the result is physically consistent.

#include "geometry/part.hpp"
#include "geometry/rack_spec.hpp"

#include <map>
#include <string>
#include <vector>

namespace rackcalc::geometry {

/// The placed system: every part, and what it adds up to.
struct Assembly {
    std::vector<Part> parts;
    std::map<std::string, long> counts; ///< by the names of total_names()
    double it_power_W = 0.0;            ///< sum of chip TDPs and tray other power [W]
    double liquid_power_W = 0.0;        ///< part of it carried by liquid [W]
    double installed_psu_W = 0.0;       ///< sum of power-shelf PSU ratings [W]

    double liquid_fraction() const { return it_power_W > 0 ? liquid_power_W / it_power_W : 0; }
    /// Parts of one kind.
    std::vector<const Part*> of_kind(PartKind kind) const;
};

/// Places every part and checks it: references resolve, every part lies inside its
/// parent, no two parts overlap, and the counts match the stated totals.
/// Throws core::InputError listing every violation, located at the keys that caused it.
Assembly build_assembly(const LayoutSpec& spec);

} // namespace rackcalc::geometry
