#pragma once
// Units a reader chooses for output (`--units si|metric|us`): the one formatting layer that
// the terminal, the report, its charts and the CSV files ask for a quantity's display unit and
// value. Inside, every value is an SI double with a unit-suffixed name; summary.json stays SI.

#include "core/quantity.hpp"
#include "core/statement.hpp"
#include "core/words.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rackcalc::core {

enum class UnitSystem { si, metric, us };

inline constexpr Words<UnitSystem, 3> unit_system_words{{{
    {UnitSystem::si, "si"},
    {UnitSystem::metric, "metric"},
    {UnitSystem::us, "us"},
}}};
static_assert(unit_system_words.complete());

/// Display roles: the same SI dimension shown in different units by what it measures. They
/// are kinds of their own (not accepted on input) so that a call site names the role once and
/// never picks a unit itself.
namespace kinds {
extern const QuantityKind air_volume_flow;     ///< air through racks and fans (CFM in US practice)
extern const QuantityKind heat_flow;           ///< a cooling duty: heat a CDU or plant removes
extern const QuantityKind device_power;        ///< one chip or device (W in every system)
extern const QuantityKind temperature_rate;    ///< how fast a temperature changes (K/s, R/s)
extern const QuantityKind thermal_conductance; ///< an exchanger's UA (kW/K, BTU/h/R)
} // namespace kinds

/// One system's choice for a kind: the unit symbol (read by core::parse_unit) and the
/// decimals that suit a rack-scale value in it.
struct DisplayUnit {
    const QuantityKind* kind;
    std::string_view symbol;
    int decimals;
};

class Display {
public:
    explicit Display(UnitSystem system = UnitSystem::metric);

    UnitSystem system() const { return system_; }
    /// Whether this system chooses a unit for the kind (else it shows the SI unit).
    bool shows(const QuantityKind& kind) const { return find(kind) != nullptr; }
    /// The unit symbol for a kind, e.g. "psi"; a kind without an entry shows its SI unit.
    std::string_view unit(const QuantityKind& kind) const;
    /// The unit as typeset on a page: "°C", "°F", "m³/s" (unit() is the plain-text symbol,
    /// for terminals and CSV headers, that core::parse_unit reads back).
    std::string typeset(const QuantityKind& kind) const;
    int decimals(const QuantityKind& kind) const;
    /// An SI value in the display unit of its kind.
    double value(double value_si, const QuantityKind& kind) const;
    /// The number alone with the kind's decimals (or the given ones): "5.80".
    std::string number(double value_si, const QuantityKind& kind) const;
    std::string number(double value_si, const QuantityKind& kind, int decimals) const;
    /// The number and the unit: "5.80 psi".
    std::string format(double value_si, const QuantityKind& kind) const;
    std::string format(double value_si, const QuantityKind& kind, int decimals) const;
    /// A column or axis title with the unit: "loop dp (psi)".
    std::string header(std::string_view label, const QuantityKind& kind) const;
    /// The same typeset, for a page: "supply (°F)".
    std::string typeset_header(std::string_view label, const QuantityKind& kind) const;
    /// The number and the typeset unit: "113.0 °F".
    std::string typeset_format(double value_si, const QuantityKind& kind, int decimals) const;
    /// A model's sentence with each quantity in this system's unit (format()): "return 140.0
    /// degF is above the allowed 140.0 degF", for terminals and files.
    std::string render(const Statement& statement) const;
    /// The same with typeset units (typeset_format()), for a page: "return 140.0 °F ...".
    std::string typeset_render(const Statement& statement) const;

private:
    struct Entry {
        DisplayUnit unit;
        Unit conversion; ///< parsed once: value_SI = factor * value + offset
    };
    const Entry* find(const QuantityKind& kind) const;
    template <typename Format>
    std::string render(const Statement& statement, Format format) const;

    UnitSystem system_;
    std::vector<Entry> entries_;
};

} // namespace rackcalc::core
