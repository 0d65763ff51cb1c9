#pragma once
// Physical quantities written as text at the input edge ("132 kW", "45 degC", "1.5 L/min",
// "35 psi", "600 mm", "42 U") and their conversion into SI doubles.

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rackcalc::core {

/// Exponents of the SI base dimensions, plus money: length, mass, time, temperature,
/// electric current, currency.
struct Dimension {
    std::array<int, 6> exponents{};

    friend bool operator==(const Dimension&, const Dimension&) = default;
    Dimension operator*(const Dimension& other) const;
    Dimension operator/(const Dimension& other) const;
    Dimension pow(int n) const;
    /// A readable name ("power", "temperature") or the SI unit it reduces to ("kg m^-1 s^-2").
    std::string describe() const;
};

/// What an input key expects: the dimension, the SI unit, a typical way to write it.
/// An absolute temperature and a temperature difference share a dimension but are
/// different kinds: the first accepts degC/degF, the second only K.
struct QuantityKind {
    std::string_view name;
    Dimension dimension;
    std::string_view si_unit;
    std::string_view example;
    bool absolute_temperature = false;
};

namespace kinds {
extern const QuantityKind dimensionless;
extern const QuantityKind length;
extern const QuantityKind area;
extern const QuantityKind volume;
extern const QuantityKind mass;
extern const QuantityKind time;
extern const QuantityKind power;
extern const QuantityKind energy;
extern const QuantityKind pressure;
extern const QuantityKind temperature;            ///< absolute
extern const QuantityKind temperature_difference; ///< K only
extern const QuantityKind volume_flow;
extern const QuantityKind mass_flow;
extern const QuantityKind volume_flow_per_power; ///< e.g. 1.5 L/min/kW
extern const QuantityKind voltage;
extern const QuantityKind current;
extern const QuantityKind resistance;
extern const QuantityKind thermal_conductivity;
extern const QuantityKind thermal_resistance;
extern const QuantityKind heat_transfer_coefficient;
extern const QuantityKind velocity;
extern const QuantityKind density;
extern const QuantityKind price_per_energy;
extern const QuantityKind money;
} // namespace kinds

/// Why a text could not be read as the wanted quantity, with a suggestion for the fix.
class QuantityError : public std::runtime_error {
public:
    QuantityError(std::string what, std::string fix)
        : std::runtime_error(std::move(what)), fix_(std::move(fix)) {}
    const std::string& fix() const { return fix_; }

private:
    std::string fix_;
};

/// A unit expression reduced to SI: value_SI = factor * value + offset.
struct Unit {
    double factor = 1.0;
    double offset = 0.0;
    Dimension dimension;
};

/// Parses a unit expression such as "kW", "L/min", "W/(m K)", "m^3/s", "degC".
/// Throws QuantityError for unknown symbols or malformed expressions.
Unit parse_unit(std::string_view text);

/// Parses "<number> <unit>" and converts it to SI for the given kind.
/// Throws QuantityError when the text is malformed or its dimension does not match.
double parse_quantity(std::string_view text, const QuantityKind& kind);

/// Converts an SI value to the given display unit (used for messages and tables).
double from_si(double value_si, std::string_view unit);

/// Formats a value with up to `digits` significant digits and the unit: "45 degC".
std::string format_quantity(double value_si, std::string_view unit, int digits = 6);

} // namespace rackcalc::core
