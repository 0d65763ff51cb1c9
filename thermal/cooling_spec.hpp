#pragma once
// The [cooling] table of a case: coolant, temperatures, flow rule, CDU and air side.

#include "core/schema.hpp"
#include "core/units.hpp"

#include <string>

namespace rackcalc::thermal {

struct CoolingSpec {
    std::string coolant;                              ///< water, PG25, PG35
    core::AbsoluteTemperature supply_temperature;     ///< TCS supply to the racks
    double flow_per_power_m3_per_J = 0.0;             ///< design flow rule [m^3/s per W]
    core::AbsoluteTemperature max_return_temperature; ///< TCS return limit
    core::AbsoluteTemperature air_inlet_temperature;  ///< rack air inlet
    std::string air_class;                            ///< ASHRAE TC9.9 class the inlet must meet
    core::AbsoluteTemperature facility_supply_temperature; ///< FWS to the CDU
    core::TemperatureDifference cdu_approach;              ///< CDU approach FWS -> TCS
    std::string pump_redundancy;                           ///< N, N+1 or 2N
};

/// Schema of [cooling]; declared here, next to the physics that uses it.
std::shared_ptr<const core::TableSpec> cooling_schema();

CoolingSpec parse_cooling(const core::CheckedTable& table);

} // namespace rackcalc::thermal
