#pragma once
// Thermophysical properties of the coolants and of air, from published tables.
//
// Plain SI doubles: temperature T [K], density rho [kg/m3], specific heat cp [J/(kg K)],
// dynamic viscosity mu [Pa s], thermal conductivity k [W/(m K)], kinematic viscosity
// nu [m2/s], Prandtl number Pr [-]. Each fluid is a table (sources in fluid.cpp, one comment
// above each table) interpolated with a monotone cubic; viscosity is interpolated in ln(mu).
// Asking outside a table throws PropertyRangeError; nothing is extrapolated silently.

#include "thermal/monotone_cubic.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rackcalc::thermal {

/// A property asked outside the range its table covers. The message names the fluid, the
/// property, the temperature in degC and the valid range, e.g. "PG25 viscosity asked at
/// 120 degC, outside its table range -8..80 degC".
class PropertyRangeError : public std::domain_error {
public:
    using std::domain_error::domain_error;
};

/// One tabulated fluid at 1 atm.
class Fluid {
public:
    /// One table row, all SI.
    struct Row {
        double T;   ///< [K]
        double rho; ///< [kg/m3]
        double cp;  ///< [J/(kg K)]
        double mu;  ///< [Pa s]
        double k;   ///< [W/(m K)]
    };

    struct Info {
        std::string name;               ///< lookup name, e.g. "PG25"
        std::string description;        ///< one line: what it is and where the numbers come from
        std::optional<double> T_freeze; ///< freezing point at 1 atm [K]
        std::optional<double> T_boil;   ///< boiling point at 1 atm [K]
        std::optional<double> T_extrapolated_above; ///< rows above this are a documented
                                                    ///< extrapolation, not measured data [K]
    };

    Fluid(Info info, const std::vector<Row>& rows);

    const std::string& name() const { return info_.name; }
    const std::string& description() const { return info_.description; }

    double rho(double T) const; ///< density [kg/m3]
    double cp(double T) const;  ///< isobaric specific heat [J/(kg K)]
    double mu(double T) const;  ///< dynamic viscosity [Pa s]
    double k(double T) const;   ///< thermal conductivity [W/(m K)]
    double nu(double T) const;  ///< kinematic viscosity mu/rho [m2/s]
    double Pr(double T) const;  ///< Prandtl number cp mu / k [-]
    /// All four properties at T at once, for a caller that needs several (one range check,
    /// one evaluation each): the same values as rho(T), cp(T), mu(T) and k(T).
    Row state(double T) const;

    double T_min() const { return T_min_; } ///< lowest tabulated temperature [K]
    double T_max() const { return T_max_; } ///< highest tabulated temperature [K]
    /// The table's temperatures [K], between which every property is one cubic.
    const std::vector<double>& table_temperatures() const { return rho_.nodes(); }
    std::optional<double> T_freeze() const { return info_.T_freeze; }
    std::optional<double> T_boil() const { return info_.T_boil; }
    /// True when T lies in the part of the table that is a documented extrapolation.
    bool is_extrapolated(double T) const;

private:
    void check_range(double T, std::string_view property) const;

    Info info_;
    double T_min_;
    double T_max_;
    MonotoneCubic rho_;
    MonotoneCubic cp_;
    MonotoneCubic ln_mu_;
    MonotoneCubic k_;
};

/// Case-insensitive lookup of a built-in fluid: "water", "PG25", "PG35", "air". Unknown names
/// throw std::invalid_argument listing the valid ones.
const Fluid& fluid_by_name(std::string_view name);

/// Names accepted by fluid_by_name, in a stable order.
std::vector<std::string> fluid_names();

/// The liquids among them (every fluid but air), for the schemas that name a coolant: the one
/// list of coolant words in RackCalc.
std::vector<std::string> coolant_names();

/// Absolute temperature [K] to degC, for messages.
inline double to_degC(double T) {
    return T - 273.15;
}
/// degC to absolute temperature [K].
inline double from_degC(double T_C) {
    return T_C + 273.15;
}

} // namespace rackcalc::thermal
