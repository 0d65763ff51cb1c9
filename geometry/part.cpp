#include "geometry/part.hpp"

#include <algorithm>

namespace rackcalc::geometry {

std::string_view to_string(PartKind kind) {
    switch (kind) {
    case PartKind::rack:
        return "rack";
    case PartKind::tray:
        return "tray";
    case PartKind::power_shelf:
        return "power_shelf";
    case PartKind::chip:
        return "chip";
    case PartKind::cold_plate:
        return "cold_plate";
    case PartKind::manifold:
        return "manifold";
    case PartKind::busbar:
        return "busbar";
    case PartKind::canister:
        return "canister";
    case PartKind::backplane:
        return "backplane";
    }
    return "unknown";
}

double Box::volume() const {
    return std::max(0.0, hi[0] - lo[0]) * std::max(0.0, hi[1] - lo[1]) *
           std::max(0.0, hi[2] - lo[2]);
}

bool Box::contains(const Box& inner, double tolerance) const {
    for (std::size_t i = 0; i < 3; ++i) {
        if (inner.lo[i] < lo[i] - tolerance || inner.hi[i] > hi[i] + tolerance) {
            return false;
        }
    }
    return true;
}

bool Box::overlaps(const Box& other, double tolerance) const {
    for (std::size_t i = 0; i < 3; ++i) {
        if (hi[i] <= other.lo[i] + tolerance || other.hi[i] <= lo[i] + tolerance) {
            return false;
        }
    }
    return true;
}

} // namespace rackcalc::geometry
