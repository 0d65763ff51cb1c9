#include "core/display_units.hpp"

#include <array>
#include <fmt/format.h>
#include <span>
#include <utility>

namespace rackcalc::core {

namespace kinds {
namespace {
constexpr Dimension watt{{2, 1, -3, 0, 0, 0}};
constexpr Dimension cubic_metre_per_second{{3, 0, -1, 0, 0, 0}};
constexpr Dimension kelvin_per_second{{0, 0, -1, 1, 0, 0}};
constexpr Dimension watt_per_kelvin{{2, 1, -3, -1, 0, 0}};
} // namespace
const QuantityKind air_volume_flow{"air volume flow", cubic_metre_per_second, "m^3/s", "2000 CFM"};
const QuantityKind heat_flow{"heat flow", watt, "W", "130 kW"};
const QuantityKind device_power{"device power", watt, "W", "1400 W"};
const QuantityKind temperature_rate{"temperature rate", kelvin_per_second, "K/s", "0.4 K/s"};
const QuantityKind thermal_conductance{"thermal conductance", watt_per_kelvin, "W/K", "60 kW/K"};
} // namespace kinds

namespace {

// What each system shows. metric is RackCalc's long-standing display (the default, so the
// report and terminal read as before); si is the coherent SI unit of each kind, with GJ for
// energy because a year of a rack is about 1e12 J and m^3/s per MW for flow per power
// (1.5 L/min/kW is 2.5e-8 m^3/J, 0.025 m^3/s/MW); us follows US datacentre practice: IT and
// electrical power in kW (as vendors and utilities state it), cooling duty in tons of
// refrigeration, liquid flow in gpm, air flow in CFM, pressure in psi, temperature in degF
// and temperature differences in R (the Rankine degree, the size of a Fahrenheit degree, as
// K is the size of a Celsius degree: a difference never reads as a temperature), volumes in
// US gallons and an exchanger's UA in BTU/h per R.
// clang-format off
const std::array si_table{
    DisplayUnit{&kinds::temperature, "K", 2},
    DisplayUnit{&kinds::temperature_difference, "K", 2},
    DisplayUnit{&kinds::temperature_rate, "K/s", 3},
    DisplayUnit{&kinds::volume_flow, "m^3/s", 6},
    DisplayUnit{&kinds::air_volume_flow, "m^3/s", 3},
    DisplayUnit{&kinds::volume_flow_per_power, "m^3/s/MW", 4},
    DisplayUnit{&kinds::pressure, "Pa", 0},
    DisplayUnit{&kinds::power, "W", 0},
    DisplayUnit{&kinds::heat_flow, "W", 0},
    DisplayUnit{&kinds::device_power, "W", 0},
    DisplayUnit{&kinds::energy, "GJ", 1},
    DisplayUnit{&kinds::length, "m", 3},
    DisplayUnit{&kinds::velocity, "m/s", 2},
    DisplayUnit{&kinds::volume, "m^3", 4},
    DisplayUnit{&kinds::thermal_conductance, "W/K", 0},
};
const std::array metric_table{
    DisplayUnit{&kinds::temperature, "degC", 1},
    DisplayUnit{&kinds::temperature_difference, "K", 1},
    DisplayUnit{&kinds::temperature_rate, "K/s", 3},
    DisplayUnit{&kinds::volume_flow, "L/min", 1},
    DisplayUnit{&kinds::air_volume_flow, "m^3/s", 3},
    DisplayUnit{&kinds::volume_flow_per_power, "L/min/kW", 3},
    DisplayUnit{&kinds::pressure, "kPa", 2},
    DisplayUnit{&kinds::power, "kW", 1},
    DisplayUnit{&kinds::heat_flow, "kW", 1},
    DisplayUnit{&kinds::device_power, "W", 0},
    DisplayUnit{&kinds::energy, "MWh", 1},
    DisplayUnit{&kinds::length, "mm", 0},
    DisplayUnit{&kinds::velocity, "m/s", 2},
    DisplayUnit{&kinds::volume, "L", 1},
    DisplayUnit{&kinds::thermal_conductance, "kW/K", 1},
};
const std::array us_table{
    DisplayUnit{&kinds::temperature, "degF", 1},
    DisplayUnit{&kinds::temperature_difference, "R", 1},
    DisplayUnit{&kinds::temperature_rate, "R/s", 3},
    DisplayUnit{&kinds::volume_flow, "gpm", 1},
    DisplayUnit{&kinds::air_volume_flow, "CFM", 0},
    DisplayUnit{&kinds::volume_flow_per_power, "gpm/kW", 3},
    DisplayUnit{&kinds::pressure, "psi", 2},
    DisplayUnit{&kinds::power, "kW", 1},
    DisplayUnit{&kinds::heat_flow, "TR", 1},
    DisplayUnit{&kinds::device_power, "W", 0},
    DisplayUnit{&kinds::energy, "MWh", 1},
    DisplayUnit{&kinds::length, "in", 2},
    DisplayUnit{&kinds::velocity, "ft/s", 2},
    DisplayUnit{&kinds::volume, "gal", 1},
    DisplayUnit{&kinds::thermal_conductance, "BTU/h/R", 0},
};
// clang-format on

std::span<const DisplayUnit> table(UnitSystem system) {
    switch (system) {
    case UnitSystem::si:
        return si_table;
    case UnitSystem::metric:
        return metric_table;
    case UnitSystem::us:
        return us_table;
    }
    return metric_table;
}

} // namespace

Display::Display(UnitSystem system) : system_(system) {
    for (const auto& u : table(system)) {
        entries_.push_back({u, parse_unit(u.symbol)});
    }
}

const Display::Entry* Display::find(const QuantityKind& kind) const {
    for (const auto& e : entries_) {
        if (e.unit.kind == &kind) {
            return &e;
        }
    }
    return nullptr;
}

std::string_view Display::unit(const QuantityKind& kind) const {
    const Entry* e = find(kind);
    return e != nullptr ? e->unit.symbol : kind.si_unit;
}

std::string Display::typeset(const QuantityKind& kind) const {
    std::string out(unit(kind));
    for (const auto& [plain, typeset] :
         {std::pair<std::string_view, std::string_view>{"degC", "°C"},
          {"degF", "°F"},
          {"^3", "³"},
          {"^2", "²"}}) {
        if (const auto at = out.find(plain); at != std::string::npos) {
            out.replace(at, plain.size(), typeset);
        }
    }
    return out;
}

int Display::decimals(const QuantityKind& kind) const {
    const Entry* e = find(kind);
    return e != nullptr ? e->unit.decimals : 3;
}

double Display::value(double value_si, const QuantityKind& kind) const {
    const Entry* e = find(kind);
    if (e == nullptr) {
        return value_si;
    }
    return (value_si - e->conversion.offset) / e->conversion.factor;
}

std::string Display::number(double value_si, const QuantityKind& kind) const {
    return number(value_si, kind, decimals(kind));
}

std::string Display::number(double value_si, const QuantityKind& kind, int decimals) const {
    return fmt::format("{:.{}f}", value(value_si, kind), decimals);
}

std::string Display::format(double value_si, const QuantityKind& kind) const {
    return format(value_si, kind, decimals(kind));
}

std::string Display::format(double value_si, const QuantityKind& kind, int decimals) const {
    return fmt::format("{} {}", number(value_si, kind, decimals), unit(kind));
}

std::string Display::header(std::string_view label, const QuantityKind& kind) const {
    return fmt::format("{} ({})", label, unit(kind));
}

std::string Display::typeset_header(std::string_view label, const QuantityKind& kind) const {
    return fmt::format("{} ({})", label, typeset(kind));
}

std::string Display::typeset_format(double value_si, const QuantityKind& kind, int decimals) const {
    return fmt::format("{} {}", number(value_si, kind, decimals), typeset(kind));
}

template <typename Format>
std::string Display::render(const Statement& statement, Format format) const {
    const std::string& text = statement.text();
    std::string out;
    std::size_t next = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool doubled =
            (text[i] == '{' || text[i] == '}') && i + 1 < text.size() && text[i + 1] == text[i];
        if (doubled) {
            out += text[i++];
        } else if (text[i] == '{') { // "{}": Statement checked the count
            const Quantity& q = statement.quantities().at(next++);
            out += format(q.value_si, *q.kind, q.decimals >= 0 ? q.decimals : decimals(*q.kind));
            ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string Display::render(const Statement& statement) const {
    return render(statement,
                  [this](double v, const QuantityKind& k, int d) { return format(v, k, d); });
}

std::string Display::typeset_render(const Statement& statement) const {
    return render(statement, [this](double v, const QuantityKind& k, int d) {
        return typeset_format(v, k, d);
    });
}

} // namespace rackcalc::core
