#pragma once
// The [power] table of a case: which power chain feeds the racks, and how redundant it is.

#include "core/schema.hpp"

#include <memory>
#include <string>

namespace rackcalc::power {

struct PowerSpec {
    std::string chain;        ///< ac-ups, hvdc-240, ..., sst-800 ("native" resolved)
    std::string native_chain; ///< the chain the rack template is designed for
    std::string redundancy;   ///< N, N+1, 2N
    double utilisation = 0.0; ///< mean IT load as a share of the rack IT power
};

/// Schema of [power]; declared here, next to the physics that uses it.
std::shared_ptr<const core::TableSpec> power_schema();

PowerSpec parse_power(const core::CheckedTable& table);

} // namespace rackcalc::power
