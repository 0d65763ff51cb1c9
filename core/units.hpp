#pragma once
// Boost.Units types for spec and result structs that cross folder boundaries.
// Inside numerical kernels everything is a plain SI double; these types exist so that a
// value handed from one subsystem to another carries its dimension, and so that an
// absolute temperature can never be mixed up with a temperature difference.

#include <boost/units/absolute.hpp>
#include <boost/units/quantity.hpp>
#include <boost/units/systems/si.hpp>
#include <boost/units/systems/si/codata/physico-chemical_constants.hpp>

namespace rackcalc::core {

namespace si = boost::units::si;
template <class Unit>
using Q = boost::units::quantity<Unit, double>;

using Length = Q<si::length>;
using Area = Q<si::area>;
using Volume = Q<si::volume>;
using Mass = Q<si::mass>;
using Time = Q<si::time>;
using Power = Q<si::power>;
using Energy = Q<si::energy>;
using Pressure = Q<si::pressure>;
using Voltage = Q<si::electric_potential>;
using Current = Q<si::current>;
using TemperatureDifference = Q<si::temperature>;
using AbsoluteTemperature = Q<boost::units::absolute<si::temperature>>;
using VolumeFlow = Q<decltype(si::cubic_meters / si::second)>;
using MassFlow = Q<decltype(si::kilograms / si::second)>;
using Dimensionless = Q<si::dimensionless>;

/// Wraps an SI double into its quantity type: `si_value<Power>(1400.0)` is 1400 W.
template <class Quantity>
constexpr Quantity si_value(double v) {
    return Quantity::from_value(v);
}

/// Absolute temperature from kelvin.
inline AbsoluteTemperature kelvin(double T_K) {
    return AbsoluteTemperature::from_value(T_K);
}

/// Temperature difference from kelvin.
inline TemperatureDifference kelvin_difference(double dT_K) {
    return TemperatureDifference::from_value(dT_K);
}

} // namespace rackcalc::core
